"""The checks a reviewer expects (issue 17), each on a real report that breaks it and one that does not.

Real reports: the corpus under tests/corpus and tests/gold/sources (imported), and copies of reports of the shared
corpus in tests/data/checks/corpus.  Where no real report breaks a rule, a real report is changed in the one place
the rule reads, and the test says so.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest

import govreport
from conftest import set_at
from govreport.checks import CheckResult, Finding, Outcome, Severity, check
from govreport.importers import import_file

TESTS = Path(__file__).parent
COPIES = TESTS / "data" / "checks" / "corpus"
GOLD = TESTS / "gold" / "sources"
CORPUS = TESTS / "corpus"


@functools.cache
def imported(path: Path) -> govreport.AnyReport:
    return import_file(path).report


def findings(result: CheckResult, rule_id: str) -> list[Finding]:
    return [f for f in result.findings if f.rule_id == rule_id]


def edited(report: govreport.AnyReport, **changes: Any) -> govreport.AnyReport:
    """A real report with some values changed (pointer with "/" written as "__")."""
    data = govreport.unstructure(report)
    for key, value in changes.items():
        set_at(data, "/" + key.replace("__", "/"), value)
    return govreport.from_data(data)


# ---------------------------------------------------------------------------------------------------------------------
# tables filled in


@pytest.mark.parametrize(
    ("name", "tables"),
    [
        ("034-yulin-jiaxian-xizhen-2022-emptytables.txt", "二三四"),  # every cell empty as published
        ("064-harbin-wuchang-beiyinhe-town-2022-notables.txt", "二三四"),  # no tables in the report
        ("003-shenyang-hunnan-guoziju-2022.txt", "二三四"),  # headings 二/三/四 without tables
    ],
)
def test_a_report_without_its_tables_fails(name: str, tables: str) -> None:
    result = check(imported(COPIES / name))
    for table in tables:
        (finding,) = findings(result, f"T{'二三四'.index(table) + 2}-FILLED")
        assert finding.outcome is Outcome.FAILED
        assert finding.severity is Severity.ERROR
        assert finding.table == table
        assert "全部没有内容" in finding.reason
    assert result.fails(Severity.ERROR)


def test_a_filled_report_passes_and_a_partly_blank_one_is_counted_once() -> None:
    full = check(imported(GOLD / "huaian-hongze-2023.pdf"))
    for rule_id in ("T2-FILLED", "T3-FILLED", "T4-FILLED"):
        assert [f.outcome for f in findings(full, rule_id)] == [Outcome.PASSED]
    # Shanghai 2019: 表三's 总计 column is blank for most result rows; 表四 has blanks (the corpus notes)
    partly = check(imported(GOLD / "shanghai-office-2019.html"))
    (three,) = findings(partly, "T3-FILLED")
    assert three.outcome is Outcome.CANNOT_TELL
    assert (three.left, three.right) == (161 - 126, 161)
    assert "有126个没有数字（空白 126）" in three.reason
    assert len(three.places) == 126
    assert all(p.table == "三" and p.value == "" for p in three.places)
    # ... and the rules that need those cells still cannot tell
    assert Outcome.CANNOT_TELL in {f.outcome for f in findings(partly, "T3-ROW-TOTAL")}
    assert not [f for f in partly.failed if f.rule_id.endswith("-FILLED")]


# ---------------------------------------------------------------------------------------------------------------------
# section 五


PINGTAN_2022 = CORPUS / "a-2022-pingtan-gonganju" / "source.txt"


def test_section_five_that_names_problems_passes() -> None:
    (finding,) = findings(check(imported(PINGTAN_2022)), "F-PROBLEMS-STATED")
    assert finding.outcome is Outcome.PASSED


@pytest.mark.parametrize(
    "text",
    [
        [],
        ["无。"],
        ["暂无。"],
        ["五、存在的主要问题及改进情况", "暂无问题。"],
        ["本年度我局政府信息公开工作运行良好，暂未发现存在的问题，将继续做好相关工作。"],
        ["（一）存在的主要问题：无。（二）改进情况：无。"],
        ["将进一步做好相关工作。"],
    ],
)
def test_section_five_that_says_nothing_fails(text: list[str]) -> None:
    """No report of the corpus has such a section 五: a real one (平潭公安局 2022) with its section 五 replaced."""
    report = edited(imported(PINGTAN_2022), problems_improvements=text)
    (finding,) = findings(check(report), "F-PROBLEMS-STATED")
    assert finding.outcome is Outcome.FAILED
    assert finding.severity is Severity.WARNING
    assert finding.places[0].pointer.startswith("/problems_improvements")
    assert finding.reason.startswith("第五部分")


# ---------------------------------------------------------------------------------------------------------------------
# issue 18's false positives: a part's own breakdown in brackets; the fee before the fee measures


def test_a_parts_bracketed_breakdown_is_not_added_again() -> None:
    sums = {f.left: f for f in findings(check(imported(GOLD / "pingtan-2019.txt")), "P-SUM")}
    # 共发布380条财政资金信息，其中专项资金152条，预决算公开197条（政府预决算32条、部门预决算公开165条）、…27条、…4条
    assert sums[380].outcome is Outcome.PASSED
    assert sums[380].right == 152 + 197 + 27 + 4
    # the report's real slip stays: 共公布政府信息2599条，(其中…) adds up to 2533
    assert (sums[2599].outcome, sums[2599].right) == (Outcome.FAILED, 2533)


@pytest.mark.parametrize(
    ("path", "outcome"),
    [
        (GOLD / "pingtan-2019.txt", Outcome.NOT_APPLICABLE),  # 2019: 六 says 无其他需要报告的事项
        (GOLD / "shanghai-office-2019.html", Outcome.NOT_APPLICABLE),  # 2019: 六 says 无。
        (CORPUS / "a-2020-pingtan-caijin" / "source.txt", Outcome.NOT_APPLICABLE),  # 2020, 2019 format
        (CORPUS / "c-2021-pingtan-guanweiban" / "source.txt", Outcome.FAILED),  # 2021: 无其他需要报告的事项
        (CORPUS / "c-2023-pingtan-guanweiban" / "source.txt", Outcome.PASSED),  # 本机关未收取信息处理费
    ],
)
def test_the_fee_statement_is_asked_from_2021_on(path: Path, outcome: Outcome) -> None:
    (finding,) = findings(check(imported(path)), "F-FEE-STATED")
    assert finding.outcome is outcome
    if outcome is Outcome.NOT_APPLICABLE:
        assert "国办函〔2020〕109号" in finding.reason
        assert "2021年度起" in finding.reason
