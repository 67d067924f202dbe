"""The check engine and catalogue: the seed passes, targeted edits fail exactly one rule, blanks are never 0."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import govreport
from conftest import set_at
from govreport._checks._text import parse_number
from govreport.checks import (
    CheckResult,
    Context,
    Finding,
    Outcome,
    Rule,
    RuleConflict,
    Severity,
    check,
    get_rules,
)

DATA = Path(__file__).parent / "data" / "checks"


def run(data: dict[str, Any], **kwargs: Any) -> CheckResult:
    return check(govreport.from_data(data), **kwargs)


def failed_rules(result: CheckResult) -> set[str]:
    return {f.rule_id for f in result.failed}


def load(name: str) -> govreport.AnyReport:
    return govreport.load(DATA / name)


# the seed


def test_seed_passes_every_rule_that_applies(seed_report: govreport.AnyReport) -> None:
    result = check(seed_report)
    assert result.failed == ()
    assert not result.fails(Severity.WARNING)
    passed = {f.rule_id for f in result.with_outcome(Outcome.PASSED)}
    assert {"T3-BALANCE", "T3-RESULTS-SUM", "T3-ROW-TOTAL", "T4-TOTAL", "T2-NONNEGATIVE", "T2-MADE-LE-VALID"} <= passed
    assert {"P-RECEIVED", "P-HANDLED", "P-CARRIED", "F-REPORT-YEAR", "F-PERIOD", "F-FEE-STATED"} <= passed


def test_seed_prose_numbers_are_all_recognised(seed_report: govreport.AnyReport) -> None:
    result = check(seed_report)
    stated = {f.rule_id: (f.left, f.right) for f in result.with_outcome(Outcome.PASSED) if f.rule_id.startswith("P-")}
    assert stated["P-RECEIVED"] == (49, 49)
    assert stated["P-HANDLED"] == (44, 44)
    assert stated["P-CARRIED"] == (5, 5)


def test_seed_combined_other_handling_is_summed_into_the_total(seed_report: govreport.AnyReport) -> None:
    result = check(seed_report)
    sums = [f for f in result.findings if f.rule_id == "T3-RESULTS-SUM" and f.outcome is Outcome.PASSED]
    assert len(sums) == 7
    natural = next(f for f in sums if f.subject == "自然人")
    assert "/applications/results/other_handling/combined/natural_person" in [p.pointer for p in natural.places]
    assert natural.left == natural.right == 44


def test_findings_are_deterministic(seed_report: govreport.AnyReport) -> None:
    assert check(seed_report).to_json() == check(seed_report).to_json()


# one targeted edit, exactly one rule fails, with the right labels and imbalance

EDITS = [
    # edits that keep every other identity whole, the rule they break, a subject it fails for, its imbalance
    (
        # one application moved between columns of 四: the row still adds up, so does the prose's 5
        {
            "/applications/carried_to_next_year/legal_service_org": 1,
            "/applications/carried_to_next_year/natural_person": 4,
        },
        "T3-BALANCE",
        "法人或其他组织 › 法律服务机构",
        1,
    ),
    (
        {
            "/applications/results/denied/state_secret/research_institution": 2,
            "/applications/results/denied/state_secret/total": 2,
        },
        "T3-RESULTS-SUM",
        "法人或其他组织 › 科研机构",
        -2,
    ),
    (
        {
            "/applications/results/granted/total": 28,
            "/applications/results/unable_to_provide/not_held/total": 15,
        },
        "T3-ROW-TOTAL",
        "三、本年度办理结果 › （一）予以公开",
        1,
    ),
    ({"/review_litigation/litigation_direct/pending": 4}, "T4-TOTAL", "行政诉讼 › 未经复议直接起诉", -4),
]


@pytest.mark.parametrize(("edits", "rule_id", "subject", "imbalance"), EDITS)
def test_targeted_edit_fails_exactly_that_rule(
    seed_data: dict[str, Any], edits: dict[str, int], rule_id: str, subject: str, imbalance: int
) -> None:
    for pointer, value in edits.items():
        set_at(seed_data, pointer, value)
    result = run(seed_data)
    # moving an application into 四's 法律服务机构 column, where none was received, also carries over more than
    # was received there: the plausibility warning is right too
    also = {"T3-CARRIED-LE-RECEIVED"} if rule_id == "T3-BALANCE" else set()
    assert failed_rules(result) == {rule_id, *also}
    (finding,) = [f for f in result.failed if f.subject == subject and f.rule_id == rule_id]
    assert finding.imbalance == imbalance
    assert finding.left is not None
    assert finding.right is not None
    assert finding.left - finding.right == imbalance
    assert set(edits) & {p.pointer for p in finding.places}
    assert all(p.table and p.row and p.column for p in finding.places)


def test_balance_failure_names_the_cells_with_official_labels(seed_data: dict[str, Any]) -> None:
    set_at(seed_data, "/applications/carried_to_next_year/natural_person", 4)
    set_at(seed_data, "/applications/carried_to_next_year/other_org", 1)
    result = run(seed_data)
    # 1 carried over in 其他, where none was received: the plausibility warning says so too
    assert failed_rules(result) == {"T3-BALANCE", "T3-CARRIED-LE-RECEIVED"}
    balance = [f for f in result.failed if f.rule_id == "T3-BALANCE"]
    assert [f.subject for f in balance] == ["自然人", "法人或其他组织 › 其他"]
    (carried,) = [f for f in result.failed if f.rule_id == "T3-CARRIED-LE-RECEIVED"]
    assert (carried.subject, carried.left, carried.right) == ("法人或其他组织 › 其他", 1, 0)
    finding = balance[0]
    total = finding.places[0]
    assert total.pointer == "/applications/results/total_processed/natural_person"
    assert total.row == "三、本年度办理结果 › （七）总计"
    assert total.column == "自然人"
    assert total.table == "三"
    assert [p.weight for p in finding.places[1:]] == [1, 1, -1]
    assert (finding.left, finding.right, finding.imbalance) == (44, 45, -1)
    assert "相差 -1" in finding.reason


def test_itemised_other_handling_in_2021(seed_data: dict[str, Any]) -> None:
    zero = dict.fromkeys(seed_data["applications"]["results"]["other_handling"]["combined"], 0)
    one = {**zero, "natural_person": 1, "total": 1}
    seed_data["applications"]["results"]["other_handling"] = {
        "layout": "itemised",
        "overdue_correction": zero,
        "overdue_fee": one,
        "other_reason": zero,
    }
    result = run(seed_data)
    assert result.failed == ()
    itemised = [f for f in result.findings if f.rule_id == "T3-RESULTS-SUM" and f.outcome is Outcome.PASSED]
    assert len(itemised) == 7
    set_at(seed_data, "/applications/results/other_handling/overdue_fee/natural_person", 2)
    assert failed_rules(run(seed_data)) == {"T3-RESULTS-SUM", "T3-ROW-TOTAL"}


# cannot tell: blanks and slashes are never 0


@pytest.mark.parametrize("mark", ["", "/", "—", "无", {"unreadable": "l0"}])
def test_a_mark_makes_the_identity_cannot_tell(seed_data: dict[str, Any], mark: Any) -> None:
    set_at(seed_data, "/review_litigation/admin_review/other_result", mark)
    result = run(seed_data)
    t4 = [f for f in result.findings if f.rule_id == "T4-TOTAL" and f.subject == "行政复议"]
    assert [f.outcome for f in t4] == [Outcome.CANNOT_TELL]
    assert t4[0].imbalance is None
    assert "不按0计" in t4[0].reason
    assert result.failed == ()


def test_a_blank_total_is_not_zero(seed_data: dict[str, Any]) -> None:
    # with the blank read as 0 this identity would pass (0 = 0 + 0 + 0 + 0): it must not
    set_at(seed_data, "/review_litigation/litigation_direct/total", "")
    result = run(seed_data)
    (finding,) = [f for f in result.findings if f.rule_id == "T4-TOTAL" and "未经复议" in f.subject]
    assert finding.outcome is Outcome.CANNOT_TELL


# 表二


def test_made_more_than_valid_plus_repealed(seed_data: dict[str, Any]) -> None:
    set_at(seed_data, "/active_disclosure/normative_documents/made", 60)
    result = run(seed_data)
    assert failed_rules(result) == {"T2-MADE-LE-VALID"}
    (finding,) = result.failed
    assert (finding.left, finding.right, finding.imbalance) == (60, 58, 2)
    assert finding.subject == "行政规范性文件"


def test_regulations_at_a_township_is_a_warning(seed_data: dict[str, Any]) -> None:
    set_at(seed_data, "/active_disclosure/regulations/valid", 6)
    set_at(seed_data, "/metadata/administrative_level", "township")
    result = run(seed_data)
    assert failed_rules(result) == {"T2-REGULATIONS-ORGAN"}
    assert result.failed[0].severity is Severity.WARNING
    assert not result.fails(Severity.ERROR)
    assert result.fails(Severity.WARNING)


def test_regulations_at_a_provincial_government_are_fine(seed_data: dict[str, Any]) -> None:
    set_at(seed_data, "/active_disclosure/regulations/valid", 6)
    set_at(seed_data, "/active_disclosure/regulations/made", 6)
    set_at(seed_data, "/metadata/administrative_level", "provincial")
    set_at(seed_data, "/metadata/organ_kind", "peoples_government")
    result = run(seed_data)
    assert result.failed == ()
    (finding,) = [f for f in result.findings if f.rule_id == "T2-REGULATIONS-ORGAN"]
    assert finding.outcome is Outcome.NOT_APPLICABLE


def test_2019_change_may_be_negative_but_not_below_zero_items() -> None:
    report = load("076-leiyang-mashui-2019.json")
    data = govreport.unstructure(report)
    set_at(data, "/active_disclosure/licensing/prev_year_items", 5)
    set_at(data, "/active_disclosure/licensing/change", -3)
    result = run(data)
    assert "T2-ITEMS-NONNEGATIVE" not in failed_rules(result)
    assert "T2-NONNEGATIVE" not in failed_rules(result)
    set_at(data, "/active_disclosure/licensing/change", -6)
    result = run(data)
    (finding,) = [f for f in result.failed if f.rule_id == "T2-ITEMS-NONNEGATIVE"]
    assert finding.left == -1
    assert finding.subject == "行政许可"


# prose and form


def test_prose_received_differs_from_table(seed_data: dict[str, Any]) -> None:
    text = seed_data["overall"]["applications"][0]
    seed_data["overall"]["applications"][0] = text.replace("申请件49件", "申请件56件")
    result = run(seed_data)
    assert failed_rules(result) == {"P-RECEIVED"}
    (finding,) = result.failed
    assert (finding.left, finding.right, finding.imbalance) == (56, 49, 7)
    assert finding.places[0].pointer == "/overall/applications/0"
    assert finding.places[1].pointer == "/applications/new_received/total"


def test_prose_in_chinese_numerals(seed_data: dict[str, Any]) -> None:
    text = seed_data["overall"]["applications"][0]
    seed_data["overall"]["applications"][0] = text.replace("申请件49件", "申请件四十九件").replace("44件", "四十四件")
    result = run(seed_data)
    assert result.failed == ()
    passed = {
        f.rule_id: f.left for f in result.with_outcome(Outcome.PASSED) if f.rule_id in ("P-RECEIVED", "P-HANDLED")
    }
    assert passed == {"P-RECEIVED": 49, "P-HANDLED": 44}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("49", 49),
        ("４９", 49),
        ("四十九", 49),
        ("十", 10),
        ("十五", 15),
        ("一百零五", 105),
        ("两万三千", 23000),
        ("x", None),
    ],
)
def test_parse_number(text: str, number: int | None) -> None:
    assert parse_number(text) == number


def test_report_year_in_the_prose(seed_data: dict[str, Any]) -> None:
    seed_data["overall"]["introduction"][0] = seed_data["overall"]["introduction"][0].replace("2021年，", "2020年，", 1)
    result = run(seed_data)
    assert failed_rules(result) == {"F-REPORT-YEAR"}
    assert result.failed[0].places[0].pointer == "/overall/introduction/0"


def test_fee_statement_is_not_the_administrative_fee(seed_data: dict[str, Any]) -> None:
    seed_data["other_matters"] = ["本年度行政事业性收费5953.02496万元。"]
    result = run(seed_data)
    assert failed_rules(result) == {"F-FEE-STATED"}
    seed_data["other_matters"] = ["本年度未收取信息处理费。"]
    assert run(seed_data).failed == ()


@pytest.mark.parametrize(
    ("kind", "date", "outcome"),
    [
        ("government_department", "2022-01-31", Outcome.PASSED),
        ("government_department", "2022-02-01", Outcome.FAILED),
        ("peoples_government", "2022-03-31", Outcome.PASSED),
        ("peoples_government", "2022-04-01", Outcome.FAILED),
        ("development_zone", "2022-01-20", Outcome.PASSED),
        ("development_zone", "2022-02-17", Outcome.CANNOT_TELL),
        ("development_zone", "2022-04-01", Outcome.FAILED),
        ("government_department", "2021-12-30", Outcome.FAILED),
        ("government_department", None, Outcome.NOT_APPLICABLE),
    ],
)
def test_article_49_deadline(seed_data: dict[str, Any], kind: str, date: str | None, outcome: Outcome) -> None:
    set_at(seed_data, "/metadata/organ_kind", kind)
    set_at(seed_data, "/metadata/publication_date", date)
    (finding,) = [f for f in run(seed_data).findings if f.rule_id == "F-DEADLINE"]
    assert finding.outcome is outcome
    if outcome is Outcome.FAILED and kind == "government_department" and date and date > "2022":
        assert "1月31日" in finding.reason


def test_statistics_period(seed_data: dict[str, Any]) -> None:
    set_at(seed_data, "/metadata/statistics_period/end", "2021-12-30")
    assert failed_rules(run(seed_data)) == {"F-PERIOD"}


# across years and organs


def test_carry_over_across_years_pingtan() -> None:
    r2021, r2022, r2023 = (load(f"pingtan-{y}.json") for y in (2021, 2022, 2023))
    result = check(r2022, previous=r2021)
    carry = [f for f in result.findings if f.rule_id == "X-CARRY-OVER"]
    assert len(carry) == 7
    assert {f.outcome for f in carry} == {Outcome.PASSED}
    assert next(f for f in carry if f.subject == "自然人").left == 1
    valid = [f for f in result.findings if f.rule_id == "X-VALID-DOCUMENTS"]
    assert [f.outcome for f in valid] == [Outcome.PASSED, Outcome.PASSED]  # 665 + 88 − 55 = 698
    # 2023's table says 470 in force; 698 + 77 − 132 = 643: a warning
    later = check(r2023, previous=r2022)
    (warning,) = [f for f in later.failed if f.rule_id == "X-VALID-DOCUMENTS"]
    assert (warning.left, warning.right, warning.severity) == (470, 643, Severity.WARNING)


def test_carry_over_mismatch_is_an_error() -> None:
    r2021 = load("pingtan-2021.json")
    data = govreport.unstructure(load("pingtan-2022.json"))
    set_at(data, "/applications/carried_over_from_last_year/natural_person", 0)
    set_at(data, "/applications/carried_over_from_last_year/total", 0)
    set_at(data, "/applications/new_received/natural_person", 72)
    set_at(data, "/applications/new_received/total", 75)
    result = run(data, previous=r2021)
    bad = [f for f in result.failed if f.rule_id == "X-CARRY-OVER"]
    assert [f.subject for f in bad] == ["自然人", "总计"]
    assert bad[0].places[1].document == "previous"
    assert bad[0].imbalance == -1


def test_carry_over_across_the_format_change(seed_data: dict[str, Any]) -> None:
    last = load("076-leiyang-mashui-2019.json")
    data = govreport.unstructure(last)
    set_at(data, "/metadata/report_year", 2020)
    set_at(data, "/metadata/organ", seed_data["metadata"]["organ"])
    for column in seed_data["applications"]["carried_to_next_year"]:
        set_at(data, f"/applications/carried_to_next_year/{column}", 0)
    result = run(seed_data, previous=govreport.from_data(data))
    carry = [f for f in result.findings if f.rule_id == "X-CARRY-OVER"]
    assert {f.outcome for f in carry} == {Outcome.PASSED}
    valid = [f for f in result.findings if f.rule_id == "X-VALID-DOCUMENTS"]
    assert [f.outcome for f in valid] == [Outcome.NOT_APPLICABLE]


def test_previous_of_another_year_is_not_applicable(seed_report: govreport.AnyReport) -> None:
    result = check(seed_report, previous=seed_report)
    (finding,) = [f for f in result.findings if f.rule_id == "X-CARRY-OVER"]
    assert finding.outcome is Outcome.NOT_APPLICABLE
    assert "不是相邻年度" in finding.reason


def test_aggregate_equals_members(seed_data: dict[str, Any]) -> None:
    member = govreport.from_data(seed_data)
    total = copy.deepcopy(seed_data)
    set_at(total, "/metadata/scope", "aggregate")
    for pointer in ("/applications/new_received", "/applications/results/total_processed"):
        for column in ("natural_person", "total"):
            value = seed_data
            for key in pointer.strip("/").split("/"):
                value = value[key]
            set_at(total, f"{pointer}/{column}", 2 * value[column])
    set_at(total, "/active_disclosure/admin_fees/fee_amount", Decimal("5953.02496") * 2)
    result = run(total, members=[member, member])
    bad = {f.subject for f in result.failed if f.rule_id == "X-AGGREGATE"}
    assert "一、本年新收政府信息公开申请数量 › 总计" not in bad
    assert "二、上年结转政府信息公开申请数量 › 总计" not in bad  # 0 + 0
    assert "三、本年度办理结果 › （一）予以公开 › 自然人" in bad  # 27 ≠ 54
    ok = [f for f in result.findings if f.rule_id == "X-AGGREGATE" and f.outcome is Outcome.PASSED]
    assert any(f.subject == "行政事业性收费 › 本年收费金额（单位：万元）" for f in ok)


def test_self_report_is_never_checked_against_members(seed_report: govreport.AnyReport) -> None:
    result = check(seed_report, members=[seed_report, seed_report])
    (finding,) = [f for f in result.findings if f.rule_id == "X-AGGREGATE"]
    assert finding.outcome is Outcome.NOT_APPLICABLE
    assert "本级" in finding.reason


# the rules themselves


def test_rules_have_identity_and_documentation() -> None:
    for version in ("2019", "2021"):
        rules = get_rules(version, plugins=False)
        assert [r.id for r in rules] == sorted(r.id for r in rules)
        for rule in rules:
            assert rule.versions
            assert version in rule.versions
            assert rule.message_zh
            assert rule.message_en
            assert rule.doc
            assert rule.formula
            assert rule.severity in Severity
    ids_2019 = {r.id for r in get_rules("2019", plugins=False)}
    assert "T2-ITEMS-NONNEGATIVE" in ids_2019
    assert "T2-MADE-LE-VALID" not in ids_2019


def _extra_rule(rule_id: str = "Z-EXTRA") -> Rule:
    def evaluate(rule: Rule, ctx: Context) -> list[Finding]:
        return [rule.finding(Outcome.FAILED, subject=ctx.report.metadata.organ, reason="always")]

    return Rule(
        id=rule_id,
        versions=("2021",),
        severity=Severity.INFO,
        message_zh="额外",
        message_en="extra",
        doc="An extra rule.",
        evaluate=evaluate,
    )


def test_get_rules_accepts_extra_providers(seed_report: govreport.AnyReport) -> None:
    rules = get_rules("2021", providers=[lambda version: [_extra_rule()]])
    assert "Z-EXTRA" in [r.id for r in rules]
    assert "Z-EXTRA" not in [r.id for r in get_rules("2019", providers=[lambda version: [_extra_rule()]])]
    result = check(seed_report, rules=rules)
    (finding,) = [f for f in result.failed if f.rule_id == "Z-EXTRA"]
    assert finding.severity is Severity.INFO
    assert not result.fails(Severity.WARNING)
    with pytest.raises(RuleConflict, match="T3-BALANCE"):
        get_rules("2021", providers=[lambda version: [_extra_rule("T3-BALANCE")]])


def test_a_rule_that_raises_does_not_stop_the_others(seed_report: govreport.AnyReport) -> None:
    def boom(rule: Rule, ctx: Context) -> list[Finding]:
        raise RuntimeError("boom")

    bad = attrs.evolve(_extra_rule(), evaluate=boom)
    result = check(seed_report, rules=(*get_rules("2021"), bad))
    (finding,) = [f for f in result.findings if f.rule_id == "Z-EXTRA"]
    assert finding.outcome is Outcome.CANNOT_TELL
    assert "boom" in finding.reason
    assert any(f.outcome is Outcome.PASSED for f in result.findings)


def test_variant_rules_apply_only_to_documents_declaring_the_variant(seed_report: govreport.AnyReport) -> None:
    rule = attrs.evolve(_extra_rule(), variant="some-variant")
    assert not rule.applies_to(seed_report)
    assert "Z-EXTRA" not in {f.rule_id for f in check(seed_report, rules=[rule]).findings}


def test_result_json_round_trips_through_jsonio(seed_report: govreport.AnyReport) -> None:
    from govreport import jsonio

    result = check(seed_report)
    data = jsonio.loads(jsonio.dumps(result.to_json()))
    assert data["counts"] == result.counts()
    assert [f["rule_id"] for f in data["findings"]] == sorted(f["rule_id"] for f in data["findings"])


def test_only_a_failed_finding_carries_the_failure_wording(seed_data: dict[str, Any]) -> None:
    set_at(seed_data, "/review_litigation/litigation_direct/pending", 4)
    result = run(seed_data)
    rules = {r.id: r for r in result.rules}
    (failed,) = [f for f in result.failed if f.rule_id == "T4-TOTAL"]
    assert failed.message == rules["T4-TOTAL"].message_zh
    passed = [f for f in result.findings if f.outcome is Outcome.PASSED]
    assert passed
    for finding in passed:
        assert finding.message == rules[finding.rule_id].formula
        assert finding.message != rules[finding.rule_id].message_zh


def test_not_applicable_reasons_name_no_command_line_flags(seed_report: govreport.AnyReport) -> None:
    reasons = {f.rule_id: f.reason for f in check(seed_report).with_outcome(Outcome.NOT_APPLICABLE)}
    assert reasons["X-CARRY-OVER"] == "未提供上年度报告"
    assert reasons["X-AGGREGATE"] == "未提供汇总单位的报告"
    assert not [r for r in reasons.values() if "--" in r]
