"""The check machinery: rule records, the engine, the built-in catalogue (identities as data, rules in code).

Everything here receives the rules it runs as an argument; :mod:`govreport.checks` is the public face.
"""

from __future__ import annotations

from govreport._checks._catalogue import builtin_rules
from govreport._checks._engine import RuleConflict, RuleSet, check, get_rules
from govreport._checks._identities import evaluate_identity, identity_rules
from govreport._checks._records import (
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
from govreport._checks._rulesfile import (
    RulesFile,
    RulesFileError,
    builtin_rules_file,
    load_rules,
    parse_rules,
    published_rules,
    rules_file_json,
    rules_schema,
    write_published_rules,
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
    "RuleSet",
    "RulesFile",
    "RulesFileError",
    "Severity",
    "builtin_rules",
    "builtin_rules_file",
    "check",
    "evaluate_identity",
    "get_rules",
    "identity_rules",
    "load_rules",
    "parse_rules",
    "published_rules",
    "rules_file_json",
    "rules_schema",
    "write_published_rules",
]
