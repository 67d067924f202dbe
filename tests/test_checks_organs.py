"""The same organ across years: names compared after normalisation, the decision and both spellings shown.

The real case: 洪泽区's 2023 report names its organ 洪泽区人民政府, its 2024 report 淮安市洪泽区人民政府.  Reports of
different Pingtan organs of consecutive years are two organs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import govreport
from conftest import set_at
from govreport._checks._organs import Decision, match_organs, spelling
from govreport.checks import Outcome, check
from govreport.importers import import_file

TESTS = Path(__file__).parent
HONGZE_2023 = TESTS / "gold" / "sources" / "huaian-hongze-2023.pdf"
HONGZE_2024 = TESTS / "corpus" / "b-2024-huaian-hongze-district" / "source.pdf"
CORPUS = TESTS / "corpus"


@pytest.mark.parametrize(
    ("this", "previous", "decision"),
    [
        ("淮安市洪泽区人民政府", "洪泽区人民政府", Decision.REGION),
        ("江苏省淮安市洪泽区人民政府", "江苏省洪泽区人民政府", Decision.REGION),
        ("中华人民共和国交通运输部", "交通运输部", Decision.REGION),
        ("平潭综合实验区管委会办公室", "平潭综合实验区管理委员会办公室", Decision.SPELLING),
        ("洪泽区政府办", "洪泽区人民政府办公室", Decision.SPELLING),
        ("上海市人民政府办公厅（外事办公室）", "上海市人民政府办公厅(外事办公室)", Decision.SPELLING),
        ("淄博高新技术产业开发区", "淄博高新区", Decision.SPELLING),
        ("淮安洪泽区人民政府", "淮安市洪泽区人民政府", Decision.SPELLING),
        ("平潭综合实验区", "平潭综合实验区管委会", Decision.SPELLING),
        ("沭阳县人民政府", "沐阳县人民政府", Decision.TRUSTED),  # an OCR misreading: one character
        ("上海市科委", "上海市科学技术委员会", Decision.TRUSTED),
        ("江苏省财政厅", "财政厅", Decision.TRUSTED),
        ("洪泽区人民政府", "淮阴区人民政府", Decision.DIFFERENT),
        ("平潭综合实验区公安局", "平潭综合实验区财政金融局", Decision.DIFFERENT),
        ("洪泽区人民政府办公室", "洪泽区人民政府", Decision.DIFFERENT),
        ("淮安市人民政府", "淮安市洪泽区人民政府", Decision.DIFFERENT),
        ("平潭综合实验区", "平潭综合实验区管委会办公室", Decision.DIFFERENT),
    ],
)
def test_organ_names(this: str, previous: str, decision: Decision) -> None:
    match = match_organs(this, previous)
    assert match.decision is decision
    assert this in match.note
    assert previous in match.note
    assert match.same is (decision is not Decision.DIFFERENT)


def test_identical_names_need_no_note() -> None:
    match = match_organs("洪泽区人民政府", "洪泽区人民政府")
    assert (match.decision, match.note) == (Decision.IDENTICAL, "")


def test_spelling_folds_width_brackets_and_variants() -> None:
    assert spelling("平潭综合实验区 管委会（办公室）") == spelling("平潭综合实验区管理委员会(办公室)")
    assert spelling("ＡＢ区政府") == "AB区人民政府"


@pytest.mark.parametrize(
    ("this", "previous", "codes", "decision"),
    [
        # the same code settles names that differ only in their region words
        ("洪泽区人民政府", "洪泽县人民政府", ("320813", "320813"), Decision.TRUSTED),
        ("洪泽区人民政府", "淮阴区人民政府", ("320813", "320813"), Decision.TRUSTED),
        # different codes make names that could be one organ's two organs
        ("沭阳县人民政府", "沐阳县人民政府", ("321322", "321323"), Decision.DIFFERENT),
        # names that say one organ are still compared, with the codes' disagreement said
        ("淮安市洪泽区人民政府", "洪泽区人民政府", ("320813", "320800"), Decision.TRUSTED),
        ("洪泽区人民政府", "洪泽区人民政府", ("320813", "320813000000"), Decision.IDENTICAL),
        ("洪泽区人民政府", "洪泽区人民政府", ("320813", "not a code"), Decision.IDENTICAL),
    ],
)
def test_region_codes(this: str, previous: str, codes: tuple[str, str], decision: Decision) -> None:
    match = match_organs(this, previous, this_code=codes[0], previous_code=codes[1])
    assert match.decision is decision
    if decision is Decision.TRUSTED and this == previous:
        assert "行政区划代码不同" in match.note


@pytest.fixture(scope="module")
def hongze() -> tuple[govreport.AnyReport, govreport.AnyReport]:
    return import_file(HONGZE_2023).report, import_file(HONGZE_2024).report


def test_hongze_2024_is_compared_with_2023_across_the_two_spellings(
    hongze: tuple[govreport.AnyReport, govreport.AnyReport],
) -> None:
    last, this = hongze
    assert (last.metadata.organ, this.metadata.organ) == ("洪泽区人民政府", "淮安市洪泽区人民政府")
    result = check(this, previous=last)
    carry = [f for f in result.findings if f.rule_id == "X-CARRY-OVER"]
    assert len(carry) == 7
    assert {f.outcome for f in carry} == {Outcome.PASSED}
    for finding in carry:
        assert "淮安市洪泽区人民政府" in finding.reason
        assert "洪泽区人民政府" in finding.reason
        assert "淮安市" in finding.reason
        organs = [(p.document, p.value) for p in finding.places if p.pointer == "/metadata/organ"]
        assert organs == [("report", "淮安市洪泽区人民政府"), ("previous", "洪泽区人民政府")]
    valid = [f for f in result.findings if f.rule_id == "X-VALID-DOCUMENTS"]
    assert {f.outcome for f in valid} == {Outcome.PASSED}
    # in batch runs the same, without what passed
    quick = check(this, previous=last, detail=False)
    assert quick.findings == tuple(f for f in result.findings if f.outcome is not Outcome.PASSED)


def test_another_organ_of_the_next_year_is_not_applicable_saying_why() -> None:
    last = import_file(CORPUS / "a-2022-pingtan-gonganju" / "source.txt").report
    this = import_file(CORPUS / "c-2023-pingtan-guanweiban" / "source.txt").report
    result = check(this, previous=last)
    (carry,) = [f for f in result.findings if f.rule_id == "X-CARRY-OVER"]
    assert carry.outcome is Outcome.NOT_APPLICABLE
    assert "平潭综合实验区公安局" in carry.reason
    assert "平潭综合实验区管委会办公室" in carry.reason
    assert "不是同一机关" in carry.reason


def test_identical_names_add_nothing(seed_data: dict[str, Any]) -> None:
    last = govreport.unstructure(govreport.from_data(seed_data))
    set_at(last, "/metadata/report_year", 2020)
    result = check(govreport.from_data(seed_data), previous=govreport.from_data(last))
    carry = [f for f in result.findings if f.rule_id == "X-CARRY-OVER"]
    assert carry
    assert all(p.pointer != "/metadata/organ" for f in carry for p in f.places)
    assert all("机关" not in f.reason for f in carry)
