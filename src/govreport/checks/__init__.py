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

Plugins add rules through the ``register_checks`` hook; :func:`get_rules`
also accepts extra ``providers`` (callables given the version).
"""

from __future__ import annotations

from govreport.checks._engine import RuleConflict, check, get_rules
from govreport.checks._identities import (
    RulesFile,
    RulesFileError,
    identity_rules,
    load_rules,
    parse_rules,
    published_rules,
    rules_file_json,
    rules_schema,
    write_published_rules,
)
from govreport.checks._identities import builtin_rules_file as rules_file
from govreport.checks._records import (
    CheckResult,
    Context,
    Evaluate,
    Finding,
    Needs,
    Number,
    Outcome,
    Place,
    Rule,
    RuleProvider,
    Severity,
)

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
