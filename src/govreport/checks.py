"""Consistency checks (勾稽关系 and beyond): rules with stable IDs, findings with places and imbalances.

>>> from govreport.checks import check, get_rules
>>> result = check(report)                       # doctest: +SKIP
>>> [f.rule_id for f in result.failed]           # doctest: +SKIP

Every rule is a :class:`Rule` with a stable ``id``, the format ``versions`` it
applies to, a :class:`Severity`, messages in Chinese and English and ``doc``.
Each :class:`Finding` has an :class:`Outcome`: ``passed``, ``failed``,
``not_applicable`` (with the reason) or ``cannot_tell`` (an operand is blank,
"/", "—", "无" or unreadable: never counted as 0).

The summation identities are data: :func:`rules_file` gives them for a format
version (published as ``schemas/<version>/rules.json``), :func:`load_rules`
reads such a file and :func:`identity_rules` turns it into rules evaluated by
the one identity evaluator; nothing in a rules file is ever executed.

:func:`check` and :func:`get_rules` use govreport's rules and those of the installed plugins (the plugin host
in use; see :class:`govreport.Govreport` to choose another).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from govreport._checks import (
    CheckResult,
    Context,
    Evaluate,
    Finding,
    Needs,
    Number,
    Outcome,
    Place,
    Rule,
    RuleConflict,
    RuleProvider,
    RuleSet,
    RulesFile,
    RulesFileError,
    Severity,
    identity_rules,
    load_rules,
    parse_rules,
    published_rules,
    rules_file_json,
    rules_schema,
    write_published_rules,
)
from govreport._checks import builtin_rules_file as rules_file
from govreport._facade import current
from govreport.formats import AnyReport


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
    return current().check(report, previous=previous, members=members, rules=rules, detail=detail)


def get_rules(
    version: str, *, providers: Iterable[RuleProvider] = (), plugins: bool = True, builtin: bool = True
) -> tuple[Rule, ...]:
    """Every rule for a format version, sorted by ID.

    The built-in catalogue, then the rules registered by plugins (the
    ``register_checks`` hook), then the rules of each extra ``provider`` (a
    callable given the version).  Two rules with the same ID raise
    :class:`RuleConflict`.
    """
    return current().rules(version, providers=providers, plugins=plugins, builtin=builtin)


__all__ = [
    "CheckResult",
    "Context",
    "Evaluate",
    "Finding",
    "Needs",
    "Number",
    "Outcome",
    "Place",
    "Rule",
    "RuleConflict",
    "RuleProvider",
    "RuleSet",
    "RulesFile",
    "RulesFileError",
    "Severity",
    "check",
    "get_rules",
    "identity_rules",
    "load_rules",
    "parse_rules",
    "published_rules",
    "rules_file",
    "rules_file_json",
    "rules_schema",
    "write_published_rules",
]
