"""The built-in rule catalogue: summation identities (data) and the rules written in code."""

from __future__ import annotations

import functools

from govreport.checks._identities import builtin_rules_file, identity_rules
from govreport.checks._prose import PROSE_RULES
from govreport.checks._records import Rule
from govreport.checks._tables import TABLE_RULES


@functools.cache
def builtin_rules(version: str) -> tuple[Rule, ...]:
    """Every built-in rule of a format version."""
    code = tuple(r for r in (*TABLE_RULES, *PROSE_RULES) if version in r.versions)
    return identity_rules(builtin_rules_file(version)) + code
