"""The one evaluator of summation identities, and the rules of a rules file.

:func:`evaluate_identity` is what an identity means: the total equals the weighted sum of the items, every
operand a number; a blank, "/", "—", "无" or unreadable operand makes it ``cannot_tell`` (never 0); an
identity whose condition does not hold is ``not_applicable``.  Batch runs may first ask the fast path
(:mod:`govreport._checks._fastpath`), which decides whole rules at once from the same data or says it cannot.
"""

from __future__ import annotations

import functools
from typing import Any

from govreport._checks._cells import ABSENT, blank_reason, is_number, place, value_at
from govreport._checks._fastpath import FastPath
from govreport._checks._records import Context, Finding, Number, Outcome, Rule
from govreport._checks._rulesfile import OTHER_HANDLING_LAYOUT, Condition, Identity, RulesFile
from govreport.errors import split_pointer
from govreport.formats import REPORT_CLASSES
from govreport.labels import label_for_path

_LAYOUT_ZH = {"itemised": "分三项填报", "combined": "合为一行填报"}


@functools.lru_cache(maxsize=1024)
def _when_reason(version: str, when: Condition, actual: Any) -> str:
    if when.pointer == OTHER_HANDLING_LAYOUT:
        found = _LAYOUT_ZH.get(str(actual), str(actual))
        return f"本报告（六）其他处理{found}，此项只适用于{_LAYOUT_ZH.get(when.equals, when.equals)}的报告"
    label = label_for_path(REPORT_CLASSES[version], split_pointer(when.pointer)) or when.pointer
    return f"仅当 {label} 为 {when.equals!r} 时适用（本报告为 {actual!r}）"


def condition_holds(identity: Identity, report: Any) -> tuple[bool, Any]:
    """Whether an identity's condition holds in a report (it does when it has none), and the value found."""
    if identity.when is None:
        return True, None
    actual = value_at(report, identity.when.pointer)
    return actual == identity.when.equals, actual


def evaluate_identity(
    rule: Rule, identity: Identity, report: Any, version: str, *, detail: bool = True, document: str = "report"
) -> Finding | None:
    """The finding of one identity in a report (its records); ``None`` for a passed identity when ``detail`` is
    False (batch runs keep only what did not pass, so the passed finding is not even made)."""
    holds, actual = condition_holds(identity, report)
    if not holds:
        assert identity.when is not None
        return rule.finding(
            Outcome.NOT_APPLICABLE,
            subject=identity.subject,
            reason=_when_reason(version, identity.when, _hashable(actual)),
        )
    total_value = value_at(report, identity.total)
    values = [value_at(report, item.pointer) for item in identity.items]
    if total_value is ABSENT or ABSENT in values:
        absent = identity.total if total_value is ABSENT else identity.items[values.index(ABSENT)].pointer
        return rule.finding(Outcome.NOT_APPLICABLE, subject=identity.subject, reason=f"报告中没有 {absent}")
    right: Number | None = None
    if all(is_number(v) for v in values):
        right = sum(v * item.weight for v, item in zip(values, identity.items, strict=True))
    total = total_value if is_number(total_value) else None
    if total is not None and right is not None and total == right and not detail:
        return None
    places = (
        place(version, identity.total, total_value, document=document),
        *(
            place(version, i.pointer, v, weight=i.weight, document=document)
            for i, v in zip(identity.items, values, strict=True)
        ),
    )
    if total is None or right is None:
        return rule.finding(
            Outcome.CANNOT_TELL,
            subject=identity.subject,
            places=places,
            left=total,
            right=right,
            reason=blank_reason(places, [total_value, *values]),
        )
    imbalance = total - right
    if imbalance == 0:
        return rule.finding(
            Outcome.PASSED, subject=identity.subject, places=places, left=total, right=right, imbalance=0
        )
    terms = " ".join(f"{'+' if p.weight and p.weight > 0 else '−'} {p.value}" for p in places[1:]).lstrip("+ ")
    return rule.finding(
        Outcome.FAILED,
        subject=identity.subject,
        places=places,
        left=total,
        right=right,
        imbalance=imbalance,
        reason=f"{identity.subject}：{places[0].label} = {total}，而 {terms} = {right}，相差 {imbalance}",
    )


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def identity_rules(*rules_files: RulesFile) -> tuple[Rule, ...]:
    """The rules of one or more rules files, each evaluating its identities with :func:`evaluate_identity`.

    A rule declared in the files of several format versions is one rule applying to all of them.  The rules of
    one call share a :class:`~govreport._checks._fastpath.FastPath` built from the same files, which batch runs
    ask first.
    """
    fast = FastPath(rules_files)
    specs: dict[str, Any] = {}
    identities: dict[str, dict[str, tuple[Identity, ...]]] = {}
    for rules_file in rules_files:
        for spec in rules_file.rules:
            specs.setdefault(spec.id, spec)
            mine = tuple(i for i in rules_file.identities if i.rule == spec.id)
            identities.setdefault(spec.id, {})[rules_file.format_version] = mine
    out = []
    for rule_id, spec in specs.items():
        by_version = identities[rule_id]

        def evaluate(
            rule: Rule, context: Context, by_version: dict[str, tuple[Identity, ...]] = by_version
        ) -> list[Finding]:
            def explain() -> list[Finding]:
                version, report, detail = context.version, context.report, context.detail
                found = (evaluate_identity(rule, i, report, version, detail=detail) for i in by_version[version])
                return [f for f in found if f is not None]

            if not context.detail:
                known = fast.findings(rule, context, explain)
                if known is not None:
                    return known
            return explain()

        out.append(
            Rule(
                id=rule_id,
                versions=tuple(sorted(by_version)),
                severity=spec.severity,
                message_zh=spec.message_zh,
                message_en=spec.message_en,
                doc=spec.doc,
                formula=spec.formula,
                table=spec.table,
                evaluate=evaluate,
            )
        )
    return tuple(sorted(out, key=lambda r: r.id))


__all__ = ["condition_holds", "evaluate_identity", "identity_rules"]
