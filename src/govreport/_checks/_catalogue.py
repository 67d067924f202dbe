"""The built-in rule catalogue: summation identities (data) and the rules written in code."""

from __future__ import annotations

import functools

from govreport._checks._claims import CLAIM_RULES
from govreport._checks._complete import COMPLETE_RULES
from govreport._checks._form import OTHER_PROSE_RULES
from govreport._checks._identities import identity_rules
from govreport._checks._plausible import PLAUSIBLE_RULES
from govreport._checks._prose import PROSE_TABLE_RULES
from govreport._checks._records import Rule
from govreport._checks._rulesfile import builtin_rules_file
from govreport._checks._tables import TABLE_RULES
from govreport.formats import FORMAT_VERSIONS


@functools.cache
def builtin_rules() -> tuple[Rule, ...]:
    """Every built-in rule of every format version (each identity rule once for all versions)."""
    identities = identity_rules(*(builtin_rules_file(version) for version in FORMAT_VERSIONS))
    return (
        *identities,
        *TABLE_RULES,
        *PROSE_TABLE_RULES,
        *OTHER_PROSE_RULES,
        *CLAIM_RULES,
        *COMPLETE_RULES,
        *PLAUSIBLE_RULES,
    )
