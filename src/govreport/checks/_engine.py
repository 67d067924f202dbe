"""Collecting rules for a version and running them over a report."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from typing import TypeAlias

from govreport.checks._records import (
    CheckResult,
    Context,
    Finding,
    NotPassed,
    Outcome,
    Rule,
    RuleProvider,
    kept_finding,
    new_context,
    new_result,
)
from govreport.formats import FORMAT_VERSIONS, AnyReport
from govreport.plugins import get_host


class RuleConflict(ValueError):
    """Two rules share an ID."""


def _builtin(version: str) -> list[Rule]:
    from govreport.checks._catalogue import builtin_rules

    return list(builtin_rules(version))


def _plugin_rules() -> list[Rule]:
    return [r for r in get_host().checks() if isinstance(r, Rule)]


def get_rules(
    version: str, *, providers: Iterable[RuleProvider] = (), plugins: bool = True, builtin: bool = True
) -> tuple[Rule, ...]:
    """Every rule for a format version, sorted by ID.

    The built-in catalogue, then the rules registered by plugins (the
    ``register_checks`` hook), then the rules of each extra ``provider`` (a
    callable given the version).  Two rules with the same ID raise
    :class:`RuleConflict`.
    """
    if version not in FORMAT_VERSIONS:
        raise ValueError(f"unknown format version {version!r}; known: {', '.join(FORMAT_VERSIONS)}")
    found: list[Rule] = _builtin(version) if builtin else []
    if plugins:
        found.extend(_plugin_rules())
    for provider in providers:
        found.extend(provider(version))
    by_id: dict[str, Rule] = {}
    for rule in found:
        if version not in rule.versions:
            continue
        if rule.id in by_id and by_id[rule.id] is not rule:
            raise RuleConflict(f"two rules have the ID {rule.id!r}")
        by_id[rule.id] = rule
    return tuple(by_id[k] for k in sorted(by_id))


# The rules that apply to a report depend only on its version, its variants and the plugins' rules; batch runs
# check many reports with the same three, so the list is kept, with the steps that run them (see _steps).  The key
# holds the id of the host's tuple of plugin checks (the same tuple until its plugins change), and the value holds
# that tuple, so no id can be reused while its entry exists.
_Steps: TypeAlias = tuple[tuple[Rule, tuple[Finding, ...] | None], ...]
_Applicable: TypeAlias = tuple[object, tuple[Rule, ...], dict[tuple[bool, bool], _Steps]]
_APPLICABLE: dict[tuple[str, tuple[str, ...], int], _Applicable] = {}


def _applicable(report: AnyReport) -> _Applicable:
    checks = get_host().checks()  # the same tuple until the plugins change
    key = (report.format_version, tuple(report.variants), id(checks))
    found = _APPLICABLE.get(key)
    if found is None:
        chosen = get_rules(report.format_version)
        applicable = tuple(sorted((r for r in chosen if r.applies_to(report)), key=lambda r: r.id))
        if len(_APPLICABLE) > 64:
            _APPLICABLE.clear()
        found = _APPLICABLE[key] = (checks, applicable, {})
    return found


def _default_rules(report: AnyReport) -> tuple[Rule, ...]:
    """``get_rules(report.format_version)`` that apply to ``report``, sorted by ID (kept between calls)."""
    return _applicable(report)[1]


def _missing(rule: Rule, previous: bool, members: bool) -> Finding | None:
    """The finding of a rule that needs last year's report or the member reports when they are not given."""
    if rule.needs == "previous" and not previous:
        return kept_finding(rule, Outcome.NOT_APPLICABLE, "未提供上年度报告（--previous）")
    if rule.needs == "members" and not members:
        return kept_finding(rule, Outcome.NOT_APPLICABLE, "未提供汇总单位的报告（--members）")
    return None


def _steps(rules: tuple[Rule, ...], previous: bool, members: bool) -> _Steps:
    """Each rule with its findings when they are known without the report (it needs what is not given), else None."""
    out = []
    for rule in rules:
        missing = _missing(rule, previous, members)
        out.append((rule, None if missing is None else (missing,)))
    return tuple(out)


def _run(rule: Rule, context: Context) -> list[Finding]:
    if rule.needs != "report":
        missing = _missing(rule, context.previous is not None, context.members is not None)
        if missing is not None:
            return [missing]
    try:
        return list(rule.evaluate(rule, context))
    except Exception as exc:  # a faulty (plugin) rule must not stop the others
        return [_error(rule, exc)]


def _error(rule: Rule, exc: Exception) -> Finding:
    return rule.finding(Outcome.CANNOT_TELL, reason=f"规则执行出错：{type(exc).__name__}: {exc}")


def check(
    report: AnyReport,
    *,
    previous: AnyReport | None = None,
    members: Sequence[AnyReport] | None = None,
    rules: Iterable[Rule] | None = None,
    detail: bool = True,
) -> CheckResult:
    """Run the rules (by default :func:`get_rules` for the report's version) over a report.

    ``previous`` is last year's report of the same organ (for the carry-over
    rules); ``members`` are the reports a 汇总 report sums.  Findings are sorted
    by rule ID, then subject, so the result is deterministic.  With
    ``detail=False`` (batch runs) the result holds only the findings that did not
    pass; those are the same either way, and the common case is decided faster.
    """
    given = (previous is not None, members is not None)
    if rules is None:
        _, applicable, kept = _applicable(report)
        steps = kept.get(given)
        if steps is None:
            steps = kept[given] = _steps(applicable, *given)
    else:
        applicable = tuple(sorted((r for r in rules if r.applies_to(report)), key=lambda r: r.id))
        steps = _steps(applicable, *given)
    context = new_context(report, previous, None if members is None else tuple(members), detail)
    findings: list[Finding] = []
    # The rules come sorted by ID, so the findings are too while each is its own rule's (as every finding of the
    # steps and of NotPassed is); only then is the stable sort by rule ID needed.
    in_order = True
    passed = Outcome.PASSED
    for rule, known in steps:
        if known is not None:
            findings += known
            continue
        try:  # as _run does
            found = rule.evaluate(rule, context)
            if found.__class__ is NotPassed:
                findings += found
                continue
            found = list(found)  # a generator runs to its end here, so a fault drops all of its findings
        except Exception as exc:  # a faulty (plugin) rule must not stop the others
            found = [_error(rule, exc)]
        rule_id = rule.id
        for finding in found:
            if detail or finding.outcome is not passed:
                findings.append(finding)
                if finding.rule_id != rule_id:
                    in_order = False
    if not in_order:
        findings.sort(key=_RULE_ID)
    return new_result(report.format_version, applicable, tuple(findings))


_RULE_ID = operator.attrgetter("rule_id")
