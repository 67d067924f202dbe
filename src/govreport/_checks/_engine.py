"""Running rules over a report: the rule set prepared once, then each rule's evaluation, faults contained."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Sequence
from typing import TypeAlias

from govreport._checks._catalogue import builtin_rules
from govreport._checks._records import CheckResult, Context, Finding, Outcome, Rule, RuleProvider
from govreport.formats import FORMAT_VERSIONS, AnyReport, Variant


class RuleConflict(ValueError):
    """Two rules share an ID."""


_Steps: TypeAlias = tuple[tuple[Rule, tuple[Finding, ...] | None], ...]
"""Each rule with its findings when they are known without the report (it needs what is not given), else None."""


class RuleSet:
    """Rules prepared for checking many reports: which apply to a report of a version and set of variants,
    sorted by ID, is worked out once and kept in the rule set (a value: two rule sets never share it).

    Two rules with the same ID raise :class:`RuleConflict`.
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        by_id: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in by_id and by_id[rule.id] is not rule:
                raise RuleConflict(f"two rules have the ID {rule.id!r}")
            by_id[rule.id] = rule
        self.rules: tuple[Rule, ...] = tuple(by_id[k] for k in sorted(by_id))
        self._applicable: dict[tuple[str, tuple[str, ...]], tuple[tuple[Rule, ...], dict[tuple[bool, bool], _Steps]]]
        self._applicable = {}

    def for_version(self, version: str) -> tuple[Rule, ...]:
        """The rules for a format version, sorted by ID."""
        return tuple(r for r in self.rules if version in r.versions)

    def applicable(self, report: AnyReport) -> tuple[tuple[Rule, ...], dict[tuple[bool, bool], _Steps]]:
        """The rules that apply to ``report`` (its version and variants), and the steps kept for them."""
        key = (report.format_version, tuple(report.variants))
        found = self._applicable.get(key)
        if found is None:
            if len(self._applicable) > 64:  # variant combinations are few; this only bounds odd input
                self._applicable.clear()
            found = self._applicable[key] = (tuple(r for r in self.rules if r.applies_to(report)), {})
        return found


def get_rules(
    version: str, *, rules: Iterable[Rule] | None = None, providers: Iterable[RuleProvider] = ()
) -> tuple[Rule, ...]:
    """The rules for a format version, sorted by ID: ``rules`` (by default the built-in catalogue), then the
    rules of each extra ``provider`` (a callable given the version). Two rules with one ID raise
    :class:`RuleConflict`."""
    if version not in FORMAT_VERSIONS:
        raise ValueError(f"unknown format version {version!r}; known: {', '.join(FORMAT_VERSIONS)}")
    found: list[Rule] = list(builtin_rules() if rules is None else rules)
    for provider in providers:
        found.extend(provider(version))
    return RuleSet(r for r in found if version in r.versions).rules


def _missing(rule: Rule, previous: bool, members: bool) -> Finding | None:
    """The finding of a rule that needs last year's report or the member reports when they are not given."""
    if rule.needs == "previous" and not previous:
        return rule.finding(Outcome.NOT_APPLICABLE, reason="未提供上年度报告")
    if rule.needs == "members" and not members:
        return rule.finding(Outcome.NOT_APPLICABLE, reason="未提供汇总单位的报告")
    return None


def _steps(rules: tuple[Rule, ...], previous: bool, members: bool) -> _Steps:
    """Each rule with its findings when they are known without the report (it needs what is not given), else None."""
    out = []
    for rule in rules:
        missing = _missing(rule, previous, members)
        out.append((rule, None if missing is None else (missing,)))
    return tuple(out)


def _error(rule: Rule, exc: BaseException) -> Finding:
    return rule.finding(Outcome.CANNOT_TELL, reason=f"规则执行出错：{type(exc).__name__}: {exc}")


@functools.cache
def _builtin_set() -> RuleSet:
    return RuleSet(builtin_rules())


def check(
    report: AnyReport,
    *,
    rules: RuleSet | Iterable[Rule] | None = None,
    variants: Sequence[Variant] = (),
    previous: AnyReport | None = None,
    members: Sequence[AnyReport] | None = None,
    detail: bool = True,
) -> CheckResult:
    """Run ``rules`` (a :class:`RuleSet`, any rules, or by default the built-in catalogue) over a report.

    ``variants`` are the records of the regional variants the report declares (rules read the rows they add);
    ``previous`` is last year's report of the same organ (for the carry-over rules); ``members`` are the
    reports a 汇总 report sums.  Findings are sorted by rule ID, then subject, so the result is deterministic.
    With ``detail=False`` (batch runs) the result holds only the findings that did not pass; those are the
    same either way, and the common case is decided faster.
    """
    given = (previous is not None, members is not None)
    rule_set = _builtin_set() if rules is None else rules if isinstance(rules, RuleSet) else RuleSet(rules)
    applicable, kept = rule_set.applicable(report)
    steps = kept.get(given)
    if steps is None:
        steps = kept[given] = _steps(applicable, *given)
    context = Context(
        report=report,
        previous=previous,
        members=None if members is None else tuple(members),
        detail=detail,
        variants=tuple(variants),
    )
    findings: list[Finding] = []
    # The rules come sorted by ID, so the findings are too while each is its own rule's; only then is the stable
    # sort by rule ID needed.
    in_order = True
    passed = Outcome.PASSED
    for rule, known in steps:
        if known is not None:
            findings += known
            continue
        try:
            found = list(rule.evaluate(rule, context))  # a generator runs to its end here: a fault drops them all
            for finding in found:
                if not isinstance(finding, Finding):
                    raise TypeError(f"the rule returned {finding!r}, not a govreport.checks.Finding")
        except (Exception, SystemExit) as exc:  # a faulty (plugin) rule must not stop the others
            found = [_error(rule, exc)]
        rule_id = rule.id
        for finding in found:
            if detail or finding.outcome is not passed:
                findings.append(finding)
                if finding.rule_id != rule_id:
                    in_order = False
    if not in_order:
        findings.sort(key=_RULE_ID)
    return CheckResult(format_version=report.format_version, rules=applicable, findings=tuple(findings))


_RULE_ID = operator.attrgetter("rule_id")
