"""The batch mode and its fast path agree with the one evaluator of every rule, on every report we have.

Reports: the check fixtures, the seed, every report the importers read from the corpus (tests/gold/sources and
tests/corpus), and generated reports, intact and broken.  For each, ``check(detail=False)`` holds exactly the
findings of ``check()`` that did not pass; and wherever the identity fast path decides a rule, its findings are
those the rule's own evaluation makes in batch mode.
"""

from __future__ import annotations

import pytest

import govreport
from corpus_reports import CORPUS
from govreport._checks._identities import evaluate_identity
from govreport._checks._records import Context
from govreport._checks._rulesfile import builtin_rules_file
from govreport.checks import Outcome, check


@pytest.mark.parametrize(("name", "report"), CORPUS, ids=[n for n, _ in CORPUS])
def test_batch_mode_is_the_full_mode_without_what_passed(name: str, report: govreport.AnyReport) -> None:
    full = check(report)
    quick = check(report, detail=False)
    assert quick.findings == tuple(f for f in full.findings if f.outcome is not Outcome.PASSED)
    assert quick.rules == full.rules


@pytest.mark.parametrize("rule_id", ["T3-BALANCE", "T3-RESULTS-SUM", "T3-ROW-TOTAL", "T4-TOTAL"])
def test_the_fast_path_gives_what_the_evaluator_gives(rule_id: str) -> None:
    """Wherever the fast path decides an identity rule, its findings are the evaluator's; both paths are taken."""
    decided = undecided = 0
    for _, report in CORPUS:
        rule = next(r for r in govreport.checks.get_rules(report.format_version) if r.id == rule_id)
        identities = [i for i in builtin_rules_file(report.format_version).identities if i.rule == rule.id]
        context = Context(report=report, detail=False)
        batch = list(rule.evaluate(rule, context))
        plain = [
            f
            for i in identities
            if (f := evaluate_identity(rule, i, report, report.format_version, detail=False)) is not None
        ]
        assert batch == plain
        if any(f.outcome is not Outcome.NOT_APPLICABLE for f in plain):
            undecided += 1
        else:
            decided += 1
    assert decided > 10
    assert undecided > 2
