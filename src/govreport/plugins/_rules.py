"""A helper for plugin authors: check rules from a plain function that lists problems."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from govreport._checks import Context, Finding, Outcome, Place, Rule, Severity


class Problem(Protocol):
    """What a plugin's own checking function returns for each problem found."""

    @property
    def rule(self) -> str: ...
    @property
    def pointer(self) -> str: ...
    @property
    def message(self) -> str: ...


RuleSpec = tuple[str, str, str, str]
"""``(severity, message_zh, message_en, doc)`` of one rule."""


def rules_from_problems(
    problems: Callable[[Any], Iterable[Problem]],
    specs: Mapping[str, RuleSpec],
    *,
    versions: tuple[str, ...],
    variant: str | None = None,
) -> list[Rule]:
    """:class:`govreport.checks.Rule` records for the rules in ``specs``, sorted by ID.

    ``problems(report)`` lists every problem in a report, each naming its rule
    ID, the JSON Pointer of the place and a message.  A rule with no problem in
    a report passes; each problem of a rule is one failed finding.  With
    ``variant`` set, the rules apply only to documents declaring that variant.
    """

    def evaluate(rule: Rule, context: Context) -> list[Finding]:
        found = [p for p in problems(context.report) if p.rule == rule.id]
        if not found:
            return [rule.finding(Outcome.PASSED)]
        return [rule.finding(Outcome.FAILED, reason=p.message, places=(Place(pointer=p.pointer),)) for p in found]

    return [
        Rule(
            id=rule_id,
            versions=versions,
            severity=Severity(severity),
            message_zh=message_zh,
            message_en=message_en,
            doc=doc,
            variant=variant,
            evaluate=evaluate,
        )
        for rule_id, (severity, message_zh, message_en, doc) in sorted(specs.items())
    ]
