"""``check(..., detail=False)``, the batch mode, reports exactly what the full mode reports as not passed."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import govreport
from conftest import set_at
from govreport import jsonio
from govreport.checks import Outcome, check
from govreport.synth import BREAKAGES, break_report, synthetic_report


def _reports(seed_data: dict[str, Any]) -> list[govreport.AnyReport]:
    docs = [synthetic_report(i) for i in range(25)]
    docs += [break_report(synthetic_report(i), b) for i, b in enumerate(BREAKAGES) if b.stage == "check"]
    marked = copy.deepcopy(seed_data)
    set_at(marked, "/applications/results/granted/natural_person", "/")
    set_at(marked, "/review_litigation/admin_review/total", 9)
    docs += [seed_data, marked]
    return [govreport.from_data(jsonio.loads(jsonio.dumps(d))) for d in docs]


def test_batch_mode_keeps_every_finding_that_did_not_pass(seed_data: dict[str, Any]) -> None:
    outcomes_seen: set[Outcome] = set()
    for report in _reports(seed_data):
        full = check(report)
        quick = check(report, detail=False)
        expected = tuple(f for f in full.findings if f.outcome is not Outcome.PASSED)
        assert quick.findings == expected
        assert quick.fails() == full.fails()
        outcomes_seen.update(f.outcome for f in quick.findings)
    assert {Outcome.FAILED, Outcome.CANNOT_TELL, Outcome.NOT_APPLICABLE} <= outcomes_seen


@pytest.mark.parametrize("breakage", [b for b in BREAKAGES if b.stage == "check"], ids=lambda b: b.name)
def test_breakages_fail_the_rules_they_name(breakage: Any) -> None:
    report = govreport.from_data(jsonio.loads(jsonio.dumps(break_report(synthetic_report(5), breakage))))
    failed = {f.rule_id for f in check(report, detail=False).failed}
    assert failed == {*breakage.errors, *breakage.warnings}
    assert breakage.pointer in {p.pointer for f in check(report).failed for p in f.places}
