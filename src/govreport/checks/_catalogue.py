"""The built-in rule catalogue: summation identities (data) and the rules written in code."""

from __future__ import annotations

from govreport.checks._identities import builtin_rules_file, identity_rules
from govreport.checks._records import Rule


def builtin_rules(version: str) -> tuple[Rule, ...]:
    """Every built-in rule of a format version."""
    return identity_rules(builtin_rules_file(version))
