"""The checks a reviewer expects (issue 17), each on a real report that breaks it and one that does not.

Real reports: the corpus under tests/corpus and tests/gold/sources (imported), and copies of reports of the shared
corpus in tests/data/checks/corpus.  Where no real report breaks a rule, a real report is changed in the one place
the rule reads, and the test says so.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govreport
from conftest import set_at
from govreport.checks import CheckResult, Finding, Outcome, Severity, check
from govreport.cli import main
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
        ("074-xiongxian-township-2019-labelsonly.txt", "三四"),  # the tables' labels, no numbers
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
    # a short section 五 that names a problem with 没有 and what is done about it
    short = ["政策解读没有做到图文并茂的问题仍然存在。下一步将增加图解、视频等解读形式。"]
    (finding,) = findings(check(edited(imported(PINGTAN_2022), problems_improvements=short)), "F-PROBLEMS-STATED")
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


# ---------------------------------------------------------------------------------------------------------------------
# more prose against tables: 上年结转N件, 所有申请均已办结, what 六 says of fee notices


@pytest.mark.parametrize(
    ("path", "stated"),
    [
        (GOLD / "shanghai-office-2019.html", 18),  # 答复…805件（含上年度结转申请18件…）
        (CORPUS / "b-2024-huaian-city" / "source.pdf", 34),  # 含上年度结转申请 34 件
        (CORPUS / "c-2025-shanghai-office" / "source.md", 189),  # 办结 1191 件（含上年结转 189 件）
    ],
)
def test_carried_in_as_the_prose_states_it(path: Path, stated: int) -> None:
    report = imported(path)
    (finding,) = findings(check(report), "P-CARRIED-IN")
    assert (finding.outcome, finding.left, finding.right) == (Outcome.PASSED, stated, stated)
    assert finding.places[0].pointer.startswith("/overall/")
    assert finding.places[1].label == "表三 › 二、上年结转政府信息公开申请数量 › 总计"
    # no report of the corpus states it wrongly: the same report with 二 one more
    changed = edited(report, applications__carried_over_from_last_year__total=stated + 1)
    (wrong,) = findings(check(changed), "P-CARRIED-IN")
    assert (wrong.outcome, wrong.left, wrong.right, wrong.imbalance) == (Outcome.FAILED, stated, stated + 1, -1)
    assert str(stated) in wrong.reason


def test_all_concluded_while_one_is_carried_over() -> None:
    """上海市科委 2024: “所有申请均已按要求办理完成”, and its own table carries one 自然人 request over (总计 blank)."""
    (finding,) = findings(check(imported(GOLD / "shanghai-kewei-2024.md")), "P-ALL-CONCLUDED")
    assert finding.outcome is Outcome.FAILED
    assert finding.severity is Severity.WARNING
    assert finding.subject == "所有申请均已按要求办理完成"
    assert "所有申请均已按要求办理完成" in str(finding.places[0].value)  # the evidence sentence
    assert finding.places[1].label == "表三 › 四、结转下年度继续办理 › 自然人"
    assert finding.right == 1


@pytest.mark.parametrize(
    "path",
    [
        GOLD / "pingtan-2022.txt",  # 均在法定期限内予以答复，办结率100%
        CORPUS / "b-2024-huaian-hongze-district" / "source.pdf",  # 均已在法定期限内予以答复
        CORPUS / "c-2025-pingtan-shenpi" / "source.txt",  # 均…办结，办结率100%
    ],
)
def test_all_concluded_with_nothing_carried_over(path: Path) -> None:
    found = findings(check(imported(path)), "P-ALL-CONCLUDED")
    assert found
    assert {f.outcome for f in found} == {Outcome.PASSED}


def test_claims_about_some_requests_or_not_about_requests_are_left_alone(seed_data: dict[str, Any]) -> None:
    seed_data["overall"]["applications"] = [
        "上年结转的5件申请均已办结。除5件结转下年度外，其余申请均已办结。",
        "12345热线诉求累计受理3519件，全部办结，办理率100%。",  # 平潭交通与建设局 2023: not requests
        "按时办结率100%。",
        "所有申请均在法定期限内予以答复。",  # timeliness, not that none is left
    ]
    found = findings(check(govreport.from_data(seed_data)), "P-ALL-CONCLUDED")
    assert [f.outcome for f in found] == [Outcome.NOT_APPLICABLE]


KEWEI = GOLD / "shanghai-kewei-2024.md"
SHUYANG_FAGAIJU = CORPUS / "c-2023-shuyang-fagaiju" / "source.html"
OVERDUE_FEE = "applications__results__other_handling__overdue_fee"


@pytest.mark.parametrize(("path", "said"), [(KEWEI, "未发生政府信息公开收费事项"), (SHUYANG_FAGAIJU, "未发生收费情况")])
def test_no_fee_matter_and_no_unpaid_fee(path: Path, said: str) -> None:
    report = imported(path)
    (finding,) = findings(check(report), "P-FEE-NOTICES")
    assert finding.outcome is Outcome.PASSED
    assert said in finding.subject
    # no report of the corpus breaks it: the same report with one application dropped for a fee not paid
    changed = edited(report, **{f"{OVERDUE_FEE}__natural_person": 1, f"{OVERDUE_FEE}__total": 1})
    (wrong,) = findings(check(changed), "P-FEE-NOTICES")
    assert (wrong.outcome, wrong.left, wrong.right) == (Outcome.FAILED, 0, 1)
    assert said in str(wrong.places[0].value)
    assert wrong.places[1].pointer == "/applications/results/other_handling/overdue_fee/total"
    assert "2.申请人逾期未按收费通知要求缴纳费用" in str(wrong.places[1].row)


def test_no_fee_collected_says_nothing_of_notices() -> None:
    """平潭 2025: “无收取信息处理费情况”, and 2 applications dropped for fees not paid: both can be true."""
    report = imported(GOLD / "pingtan-2025.txt")
    (finding,) = findings(check(report), "P-FEE-NOTICES")
    assert finding.outcome is Outcome.NOT_APPLICABLE


def test_fee_notices_stated_as_a_number(seed_data: dict[str, Any]) -> None:
    seed_data["other_matters"] = ["本年度共发出收费通知1件，实际收取信息处理费0元。"]
    handling = seed_data["applications"]["results"]["other_handling"]
    handling["layout"] = "itemised"
    combined = handling.pop("combined")
    handling["overdue_correction"] = dict.fromkeys(combined, 0)
    handling["overdue_fee"] = {**dict.fromkeys(combined, 0), "natural_person": 2, "total": 2}
    handling["other_reason"] = dict(combined)
    (finding,) = findings(check(govreport.from_data(seed_data)), "P-FEE-NOTICES")
    assert (finding.outcome, finding.left, finding.right) == (Outcome.FAILED, 1, 2)


# ---------------------------------------------------------------------------------------------------------------------
# plausibility


HONGZE_2023, HONGZE_2024 = GOLD / "huaian-hongze-2023.pdf", CORPUS / "b-2024-huaian-hongze-district" / "source.pdf"


def test_a_series_that_jumps_from_last_year() -> None:
    """洪泽区: 行政许可 550 decisions in 2023, 9487 in 2024 — a warning, worded as a plausibility question."""
    result = check(imported(HONGZE_2024), previous=imported(HONGZE_2023))
    (jump,) = [f for f in findings(result, "X-JUMP") if f.outcome is Outcome.FAILED]
    assert jump.severity is Severity.WARNING
    assert (jump.subject, jump.left, jump.right) == ("行政许可处理决定数量", 9487, 550)
    assert "合理性提示" in jump.reason
    assert "合理性提示" in jump.message
    assert "淮安市洪泽区人民政府" in jump.reason  # the organ decision is shown here too
    # requests 21 → 95 (×4.5) is an ordinary year
    received = next(f for f in findings(result, "X-JUMP") if f.subject.startswith("本年新收"))
    assert received.outcome is Outcome.PASSED


def test_series_that_move_less_or_from_zero_pass() -> None:
    """平潭 2022 → 2023: 行政许可 10690 → 2629 (÷4.1); 行政强制 0 → 54 (a year of none is no base)."""
    result = check(imported(GOLD / "pingtan-2023.html"), previous=imported(GOLD / "pingtan-2022.txt"))
    jumps = findings(result, "X-JUMP")
    assert jumps
    assert {f.outcome for f in jumps} == {Outcome.PASSED}


def test_a_unit_slip_in_the_fee_is_a_jump() -> None:
    """The slip X-JUMP is for: 2023's 行政事业性收费 written in 元 where the column is 万元 (平潭 2022 → 2023)."""
    last, this = imported(GOLD / "pingtan-2022.txt"), imported(GOLD / "pingtan-2023.html")
    changed = edited(this, active_disclosure__admin_fees__fee_amount=Decimal("59490886.67"))
    (jump,) = [f for f in findings(check(changed, previous=last), "X-JUMP") if f.outcome is Outcome.FAILED]
    assert jump.subject == "行政事业性收费金额（万元）"


def test_reviews_and_lawsuits_far_above_the_requests_decided() -> None:
    real = [imported(p) for p in (GOLD / "shuyang-2025.txt", CORPUS / "b-2024-huaian-city" / "source.pdf")]
    for report in real:  # 61 + 3 cases against 718 decided; 351 + 26 against 3050
        assert [f.outcome for f in findings(check(report), "T4-CASES-VS-DECIDED")] == [Outcome.PASSED]
    # no report of the corpus breaks it: 沭阳 2025 with 表四 counting another scope (1600 reviews, not 61)
    changed = edited(real[0], review_litigation__admin_review__total=1600, review_litigation__admin_review__upheld=1600)
    (finding,) = findings(check(changed), "T4-CASES-VS-DECIDED")
    assert (finding.outcome, finding.left, finding.right) == (Outcome.FAILED, 1603, 718)
    assert "合理性提示" in finding.reason


def test_more_carried_over_than_received() -> None:
    report = imported(CORPUS / "c-2023-pingtan-guanweiban" / "source.txt")
    assert {f.outcome for f in findings(check(report), "T3-CARRIED-LE-RECEIVED")} == {Outcome.PASSED}
    # no report of the corpus breaks it: 21 received, 0 carried in; 25 carried over, 总计 of （七） left blank
    changed = edited(
        report,
        applications__carried_to_next_year__total=25,
        applications__results__total_processed__total="",
    )
    result = check(changed)
    (finding,) = [f for f in findings(result, "T3-CARRIED-LE-RECEIVED") if f.outcome is Outcome.FAILED]
    assert (finding.subject, finding.left, finding.right) == ("总计", 25, 21)
    # T3-BALANCE cannot tell (（七）总计 is blank): only this rule says it
    assert Outcome.FAILED not in {f.outcome for f in findings(result, "T3-BALANCE") if f.subject == "总计"}


# ---------------------------------------------------------------------------------------------------------------------
# the command line: the four cases of the issue, and the catalogue

NEW_RULES = {
    "T2-FILLED": ("error", ["2019", "2021"]),
    "T3-FILLED": ("error", ["2019", "2021"]),
    "T4-FILLED": ("error", ["2019", "2021"]),
    "F-PROBLEMS-STATED": ("warning", ["2019", "2021"]),
    "P-CARRIED-IN": ("warning", ["2019", "2021"]),
    "P-ALL-CONCLUDED": ("warning", ["2019", "2021"]),
    "P-FEE-NOTICES": ("warning", ["2021"]),
    "X-JUMP": ("warning", ["2019", "2021"]),
    "T4-CASES-VS-DECIDED": ("warning", ["2019", "2021"]),
    "T3-CARRIED-LE-RECEIVED": ("warning", ["2019", "2021"]),
}


def test_rules_lists_every_new_rule_with_its_severity_and_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for rule_id, (severity, versions) in NEW_RULES.items():
        assert f"{rule_id}  [{severity}]  格式 {'、'.join(versions)}" in out
    assert main(["rules", "--json"]) == 0
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    for rule_id, (severity, versions) in NEW_RULES.items():
        assert (rules[rule_id]["severity"], rules[rule_id]["versions"]) == (severity, versions)
        assert rules[rule_id]["doc"]
    assert rules["X-JUMP"]["needs"] == "previous"


def _write(report: govreport.AnyReport, path: Path) -> str:
    path.write_text(govreport.dumps(report), encoding="utf-8")
    return str(path)


def test_the_four_cases_of_the_issue_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 1. the same organ written 洪泽区人民政府 one year and 淮安市洪泽区人民政府 the next: compared, and said so
    this = _write(imported(HONGZE_2024), tmp_path / "hongze-2024.json")
    last = _write(imported(HONGZE_2023), tmp_path / "hongze-2023.json")
    main(["check", this, "--previous", last, "--json"])
    (doc,) = json.loads(capsys.readouterr().out)
    carry = [f for f in doc["findings"] if f["rule_id"] == "X-CARRY-OVER"]
    assert {f["outcome"] for f in carry} == {"passed"}
    assert all("淮安市" in f["reason"] for f in carry)
    # 2. a section 五 that says only 暂无问题 is a warning
    quiet = _write(edited(imported(PINGTAN_2022), problems_improvements=["暂无问题。"]), tmp_path / "quiet.json")
    assert main(["check", quiet]) == 0
    assert main(["check", quiet, "--fail-on", "warning"]) == 1
    assert "F-PROBLEMS-STATED" in capsys.readouterr().out
    # 3. a report whose 表三 is entirely blank fails check
    blank = _write(imported(COPIES / "034-yulin-jiaxian-xizhen-2022-emptytables.txt"), tmp_path / "034.json")
    assert main(["check", blank]) == 1
    assert "✗ 错误 T3-FILLED " in capsys.readouterr().out  # the output of issue 18: mark, severity, rule
    # 4. 上年结转N件 is compared with the table
    shanghai = _write(imported(GOLD / "shanghai-office-2019.html"), tmp_path / "shanghai.json")
    main(["check", shanghai, "--json"])
    (doc,) = json.loads(capsys.readouterr().out)
    (carried,) = [f for f in doc["findings"] if f["rule_id"] == "P-CARRIED-IN"]
    assert (carried["outcome"], carried["left"], carried["right"]) == ("passed", 18, 18)
