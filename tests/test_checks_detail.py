"""``check(..., detail=False)``, the batch mode, reports exactly what the full mode reports as not passed.

The batch mode takes fast paths; these tests hold it to the full evaluation on many kinds of report: generated
ones, the seed, the corpus fixtures, reports with marks in their cells, reports whose prose states numbers (right,
wrong, in Chinese numerals, approximate), with last year's report and with member reports.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govreport
from conftest import set_at
from govreport import jsonio
from govreport.checks import CheckResult, Outcome, check
from govreport.layout import rows
from strategies import reports
from synth import BREAKAGES, break_report, synthetic_report

CHECKS = Path(__file__).parent / "data" / "checks"
FIXTURES = sorted(p.name for p in CHECKS.glob("*.json"))


def _load(data: dict[str, Any]) -> govreport.AnyReport:
    return govreport.from_data(jsonio.loads(jsonio.dumps(data)))


def assert_same(report: govreport.AnyReport, **context: Any) -> CheckResult:
    """The batch result holds exactly the findings of the full result that did not pass, in the same order."""
    full = check(report, **context)
    quick = check(report, detail=False, **context)
    expected = tuple(f for f in full.findings if f.outcome is not Outcome.PASSED)
    assert quick.findings == expected
    assert [f.to_json() for f in quick.findings] == [f.to_json() for f in expected]
    assert quick.rules == full.rules
    assert quick.fails() == full.fails()
    return quick


def _reports(seed_data: dict[str, Any]) -> list[govreport.AnyReport]:
    docs = [synthetic_report(i) for i in range(25)]
    docs += [break_report(synthetic_report(i), b) for i, b in enumerate(BREAKAGES) if b.stage == "check"]
    marked = copy.deepcopy(seed_data)
    set_at(marked, "/applications/results/granted/natural_person", "/")
    set_at(marked, "/review_litigation/admin_review/total", 9)
    docs += [seed_data, marked]
    return [_load(d) for d in docs]


def test_batch_mode_keeps_every_finding_that_did_not_pass(seed_data: dict[str, Any]) -> None:
    outcomes_seen: set[Outcome] = set()
    for report in _reports(seed_data):
        quick = assert_same(report)
        outcomes_seen.update(f.outcome for f in quick.findings)
    assert {Outcome.FAILED, Outcome.CANNOT_TELL, Outcome.NOT_APPLICABLE} <= outcomes_seen


@pytest.mark.parametrize("breakage", [b for b in BREAKAGES if b.stage == "check"], ids=lambda b: b.name)
def test_breakages_fail_the_rules_they_name(breakage: Any) -> None:
    report = _load(break_report(synthetic_report(5), breakage))
    failed = {f.rule_id for f in check(report, detail=False).failed}
    assert failed == {*breakage.errors, *breakage.warnings}
    assert breakage.pointer in {p.pointer for f in check(report).failed for p in f.places}


# ---------------------------------------------------------------------------------------------------------------------
# real reports (corpus fixtures), alone, with last year's report, and as members of an aggregate


@pytest.mark.parametrize("name", FIXTURES)
def test_corpus_fixture(name: str) -> None:
    quick = assert_same(govreport.load(CHECKS / name))
    assert all(f.outcome is not Outcome.PASSED for f in quick.findings)


@pytest.mark.parametrize(
    ("this", "last"), [("pingtan-2022.json", "pingtan-2021.json"), ("pingtan-2023.json", "pingtan-2022.json")]
)
def test_with_previous_year(this: str, last: str) -> None:
    report, previous = govreport.load(CHECKS / this), govreport.load(CHECKS / last)
    assert_same(report, previous=previous)
    assert {"X-CARRY-OVER", "X-VALID-DOCUMENTS"} <= {f.rule_id for f in check(report, previous=previous).findings}


def test_with_members(seed_data: dict[str, Any]) -> None:
    aggregate = copy.deepcopy(seed_data)
    aggregate["metadata"]["scope"] = "aggregate"
    member = copy.deepcopy(seed_data)
    set_at(member, "/applications/new_received/natural_person", "")
    quick = assert_same(_load(aggregate), members=[_load(seed_data), _load(member)])
    assert {f.outcome for f in quick.findings if f.rule_id == "X-AGGREGATE"} >= {Outcome.FAILED, Outcome.CANNOT_TELL}


def test_unrelated_previous_year_is_not_applicable() -> None:
    quick = assert_same(_load(synthetic_report(1)), previous=_load(synthetic_report(2, year=2020)))
    assert {f.rule_id for f in quick.findings if f.outcome is Outcome.NOT_APPLICABLE} >= {"X-CARRY-OVER"}


# ---------------------------------------------------------------------------------------------------------------------
# generated reports: any record (both formats, marks anywhere), and synthetic reports with prose and marks


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(marks=True))
def test_any_report(report: govreport.AnyReport) -> None:
    assert_same(report)


_CHINESE = ("零", "一", "两", "三", "五", "九", "十", "十二", "二十七", "四十九", "一百零五", "三百", "两千")
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _numbers(table_values: list[int]) -> st.SearchStrategy[str]:
    """A number as a report writes it: often a value from the tables, in digits, full-width digits or Chinese."""
    ints = st.sampled_from(table_values) | st.integers(0, 80)
    return (
        ints.map(str)
        | ints.map(lambda n: str(n).translate(_FULL_WIDTH))
        | st.sampled_from(_CHINESE)
        | st.sampled_from(["3.5", "12%", "第3", "共"])
    )


_SENTENCES = (
    "共收到政府信息公开申请{n}件",
    "本年度受理各类申请{n}件",
    "收到了{n}件信息公开申请",
    "未收到任何政府信息公开申请",
    "{n}件已办结",
    "办结{n}件",
    "{n}件予以答复",
    "{n}件结转下年度继续办理",
    "{n}件结转至下一年",
    "予以公开{n}件",
    "予以公开及部分公开{n}件",
    "及予以公开{n}件",
    "发生行政复议{n}起",
    "{n}件政府信息公开行政诉讼",
    "行政诉讼案件共{n}件",
    "制发了行政规范性文件{n}件",
    "废止规范性文件{n}件",
    "现行有效规范性文件共{n}件",
    "共发布信息{n}条，其中政策文件{n}条、工作动态{n}条",
    "共发布信息30条，其中政策文件10条、工作动态20条",
    "发布{n}余条，其中{n}条、{n}多条",
    "共{n}件，其中结转{n}件、新收{n}件、办结{n}件",
    "共{n}期，其中{n}期{n}条、{n}期",
    "其中{n}条",
    "2022年，",
    "2023年度，",
    "（一）主动公开情况。2021年，",
    "2022年政府信息公开工作年度报告",
    "本机关未收取信息处理费",
    "信息公开申请不收费",
    "行政事业性收费{n}万元",
    "加强政府信息公开工作",
    "上年结转政府信息公开申请{n}件",
    "上年结转0件",
    "其中{n}件为上年结转",
    "所有申请均已按要求办理完成",
    "均已在法定期限内予以答复",
    "办结率100%",
    "上年结转的申请均已办结",
    "本年度未发出收费通知",
    "发出收费通知{n}件",
    "未发生政府信息公开收费事项",
    "无",
    "暂无问题",
)


@st.composite
def _prose_report(draw: st.DrawFn) -> govreport.AnyReport:
    data = synthetic_report(draw(st.integers(0, 400)), year=draw(st.sampled_from([2021, 2022, 2023])))
    table_values = [
        v for row in rows("2021") for c in row.columns if isinstance(v := _get(data, row.pointer(c.key)), int)
    ]
    number = _numbers(table_values)

    def paragraph() -> str:
        parts = draw(st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=4))
        text = ""
        for part in parts:
            while "{n}" in part:
                part = part.replace("{n}", draw(number), 1)
            text += part + draw(st.sampled_from(["。", "，", "；", ""]))
        return text

    for section in (
        "preamble",
        "overall/introduction",
        "overall/active_disclosure",
        "overall/applications",
        "overall/supervision",
        "problems_improvements",
        "other_matters",
    ):
        if draw(st.booleans()):
            set_at(data, "/" + section, [paragraph() for _ in range(draw(st.integers(0, 3)))])
    if draw(st.booleans()):
        data["metadata"]["title"] = paragraph()
    pointers = [row.pointer(c.key) for row in rows("2021") for c in row.columns]
    marks = st.sampled_from(["", "/", "—", "无", {"unreadable": "1O"}]) | st.integers(0, 40)
    prose_cells = [
        "/applications/new_received/total",
        "/applications/results/total_processed/total",
        "/review_litigation/admin_review/total",
        "/active_disclosure/normative_documents/made",
        "/applications/carried_over_from_last_year/total",
        "/applications/carried_to_next_year/total",
    ]
    if draw(st.booleans()):  # nothing carried in or over: the claims of the prose rules can hold
        set_at(data, "/applications/carried_over_from_last_year/total", 0)
        set_at(data, "/applications/carried_to_next_year/total", 0)
    for ptr in draw(st.lists(st.sampled_from(pointers) | st.sampled_from(prose_cells), max_size=4)):
        set_at(data, ptr, draw(marks))
    if draw(st.booleans()):
        data["metadata"]["organ_kind"] = draw(
            st.sampled_from(["peoples_government", "development_zone", "government_office", None])
        )
        data["metadata"]["administrative_level"] = draw(st.sampled_from(["county", "township", "provincial", None]))
    return _load(data)


def _get(data: Any, ptr: str) -> Any:
    for token in ptr.split("/")[1:]:
        data = data[token]
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_prose_report())
def test_reports_with_prose_and_marks(report: govreport.AnyReport) -> None:
    assert_same(report)


def test_prose_reports_reach_every_outcome_of_the_prose_rules() -> None:
    """The prose strategy is varied enough to guard the fast paths: it makes prose rules pass, fail and cannot_tell."""
    seen: set[tuple[str, Outcome]] = set()

    @settings(
        max_examples=200, deadline=None, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(_prose_report())
    def collect(report: govreport.AnyReport) -> None:
        seen.update((f.rule_id, f.outcome) for f in check(report).findings)

    collect()
    for rule_id in ("P-RECEIVED", "P-HANDLED", "P-SUM", "F-REPORT-YEAR", "P-CARRIED-IN", "P-ALL-CONCLUDED"):
        assert {(rule_id, Outcome.PASSED), (rule_id, Outcome.FAILED)} <= seen, rule_id
    assert ("P-SUM", Outcome.CANNOT_TELL) in seen
    assert ("P-RECEIVED", Outcome.CANNOT_TELL) in seen
    assert ("F-FEE-STATED", Outcome.FAILED) in seen
    assert {("F-PROBLEMS-STATED", Outcome.PASSED), ("F-PROBLEMS-STATED", Outcome.FAILED)} <= seen
    assert {("P-FEE-NOTICES", Outcome.PASSED), ("P-FEE-NOTICES", Outcome.NOT_APPLICABLE)} <= seen


def test_report_with_a_regional_variant() -> None:
    """A report of the Hubei 2020 variant (rows added to the tables, the plugin's own rules), copied from its plugin."""
    data = jsonio.read(CHECKS / "variants" / "qianjiang-zhouji-2020.json")
    assert govreport.from_data(data).variants == ("hubei-2020",)
    assert_same(govreport.from_data(data))
    changed = copy.deepcopy(data)
    set_at(changed, "/active_disclosure/regulations/new_made", 2)  # a township cannot make 规章
    set_at(changed, "/active_disclosure/licensing/change", -3)  # more removed than there were
    set_at(changed, "/active_disclosure/licensing/decisions", "/")
    quick = assert_same(govreport.from_data(changed))
    assert {"T2-REGULATIONS-ORGAN", "T2-ITEMS-NONNEGATIVE"} <= {f.rule_id for f in quick.failed}


@pytest.mark.parametrize("detail", [True, False])
def test_none_received_is_read_as_zero(seed_data: dict[str, Any], detail: bool) -> None:
    """未收到政府信息公开申请 states 0: it passes when the table says 0 and fails when it does not."""
    seed_data["overall"]["applications"] = ["（二）依申请公开情况。本年度未收到政府信息公开申请。"]
    report = govreport.from_data(jsonio.loads(jsonio.dumps(seed_data)))
    received = [f for f in check(report, detail=detail).findings if f.rule_id == "P-RECEIVED"]
    assert [f.outcome for f in received] == [Outcome.FAILED]
    assert received[0].left == 0
    for pointer in ("/applications/new_received", "/applications/carried_over_from_last_year"):
        for column in ("natural_person", "total"):
            set_at(seed_data, f"{pointer}/{column}", 0)
    zero = govreport.from_data(jsonio.loads(jsonio.dumps(seed_data)))
    outcomes = {f.outcome for f in check(zero, detail=True).findings if f.rule_id == "P-RECEIVED"}
    assert outcomes == {Outcome.PASSED}
