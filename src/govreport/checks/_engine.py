"""Collecting rules for a version and running them over a report."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from govreport.checks._records import CheckResult, Context, Finding, Outcome, Rule, RuleProvider, kept_finding
from govreport.formats import FORMAT_VERSIONS, AnyReport


class RuleConflict(ValueError):
    """Two rules share an ID."""


def _builtin(version: str) -> list[Rule]:
    from govreport.checks._catalogue import builtin_rules

    return list(builtin_rules(version))


def _plugin_rules() -> list[Rule]:
    from govreport.plugins import get_host

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
# check many reports with the same three, so the list is kept.  The key holds the ids of the plugin rules and the
# value holds the rules themselves, so no id can be reused while its entry exists.
_APPLICABLE: dict[tuple[str, tuple[str, ...], tuple[int, ...]], tuple[tuple[Rule, ...], tuple[Rule, ...]]] = {}


def _default_rules(report: AnyReport) -> tuple[Rule, ...]:
    """``get_rules(report.format_version)`` that apply to ``report``, sorted by ID (kept between calls)."""
    plugin_rules = tuple(_plugin_rules())
    key = (report.format_version, tuple(report.variants), tuple(map(id, plugin_rules)))
    found = _APPLICABLE.get(key)
    if found is None:
        chosen = get_rules(report.format_version)
        applicable = tuple(sorted((r for r in chosen if r.applies_to(report)), key=lambda r: r.id))
        if len(_APPLICABLE) > 64:
            _APPLICABLE.clear()
        found = _APPLICABLE[key] = (plugin_rules, applicable)
    return found[1]


def _run(rule: Rule, context: Context) -> list[Finding]:
    if rule.needs == "previous" and context.previous is None:
        return [kept_finding(rule, Outcome.NOT_APPLICABLE, "未提供上年度报告（--previous）")]
    if rule.needs == "members" and context.members is None:
        return [kept_finding(rule, Outcome.NOT_APPLICABLE, "未提供汇总单位的报告（--members）")]
    try:
        return list(rule.evaluate(rule, context))
    except Exception as exc:  # a faulty (plugin) rule must not stop the others
        return [rule.finding(Outcome.CANNOT_TELL, reason=f"规则执行出错：{type(exc).__name__}: {exc}")]


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
    if rules is None:
        applicable = _default_rules(report)
    else:
        applicable = tuple(sorted((r for r in rules if r.applies_to(report)), key=lambda r: r.id))
    context = Context(
        report=report, previous=previous, members=tuple(members) if members is not None else None, detail=detail
    )
    findings: list[Finding] = []
    for rule in applicable:
        findings.extend(_run(rule, context))
    if not detail:
        findings = [f for f in findings if f.outcome is not Outcome.PASSED]
    findings.sort(key=lambda f: f.rule_id)
    return CheckResult(format_version=report.format_version, rules=applicable, findings=tuple(findings))
