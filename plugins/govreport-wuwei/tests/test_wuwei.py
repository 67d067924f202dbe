"""The Wuwei 2025 rules on the seed report, declared as a Wuwei report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import govreport_wuwei
import pytest
from govreport_wuwei import findings, stated_count

import govreport
from govreport.plugins.testing import check_variant, plugin_host

DATA = Path(__file__).parent / "data"
STATEMENT = (
    "本年制发规章0件，废止规章0件，现行有效规章0件；制发行政规范性文件11件，废止4件，现行有效行政规范性文件54件。"
)


@pytest.fixture
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = govreport.loads((DATA / "zibo-gaoxin-2021.json").read_text(encoding="utf-8"))
    loaded["variants"] = ["wuwei-2025"]
    loaded["metadata"]["publication_date"] = "2022-01-20"
    return loaded


def rules(data: dict[str, Any]) -> list[tuple[str, str]]:
    with plugin_host(govreport_wuwei):
        return [(f.rule, f.pointer) for f in findings(govreport.from_data(data))]


def test_variant_composes() -> None:
    with plugin_host(govreport_wuwei):
        check_variant("wuwei-2025")


def test_seed_breaks_length_and_states_no_counts(data: dict[str, Any]) -> None:
    found = rules(data)
    assert ("wuwei-2025/overall-length", "/overall") in found
    assert found.count(("wuwei-2025/management-counts", "/overall/information_management")) == 6


def test_short_overall_with_matching_counts_passes(data: dict[str, Any]) -> None:
    data["overall"] = {"introduction": ["2021年，本区政务公开工作取得新进展。"], "information_management": [STATEMENT]}
    assert rules(data) == []


def test_a_stated_count_that_differs_from_table_two(data: dict[str, Any]) -> None:
    data["overall"] = {
        "information_management": [STATEMENT.replace("现行有效行政规范性文件54件", "现行有效行政规范性文件50件")]
    }
    assert rules(data) == [("wuwei-2025/management-counts", "/active_disclosure/normative_documents/valid")]


def test_late_publication(data: dict[str, Any]) -> None:
    data["overall"] = {"information_management": [STATEMENT]}
    data["metadata"]["publication_date"] = "2022-02-17"
    assert rules(data) == [("wuwei-2025/deadline", "/metadata/publication_date")]


def test_reports_without_the_variant_are_not_checked(data: dict[str, Any]) -> None:
    data["variants"] = []
    assert rules(data) == []


def test_stated_count_reads_each_kind_separately() -> None:
    text = "制发规章2件、行政规范性文件7件"
    assert stated_count(text, "规章", "made") == 2
    assert stated_count(text, "行政规范性文件", "made") == 7
    assert stated_count(text, "规章", "repealed") is None


def test_rules_run_in_govreport_check(data: dict[str, Any]) -> None:
    checks = pytest.importorskip("govreport.checks")
    with plugin_host(govreport_wuwei):
        result = checks.check(govreport.from_data(data))
    outcomes = {(f.rule_id, f.outcome.value) for f in result.findings if f.rule_id.startswith("wuwei-2025/")}
    assert outcomes == {
        ("wuwei-2025/deadline", "passed"),
        ("wuwei-2025/management-counts", "failed"),
        ("wuwei-2025/overall-length", "failed"),
    }
