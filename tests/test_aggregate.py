"""Summing member reports into a 汇总 report."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govreport
from conftest import set_at
from govreport import jsonio
from govreport.aggregate import AggregationError, aggregate
from govreport.cli import main
from govreport.formats import v2021
from govreport.layout import cells
from synth import synthetic_report


def _report(data: dict[str, Any]) -> govreport.AnyReport:
    return govreport.from_data(jsonio.loads(jsonio.dumps(data)))


def test_sums_every_cell_and_lists_members() -> None:
    members = [_report(synthetic_report(i)) for i in range(5)]
    result = aggregate(members, organ="示例市人民政府", organ_kind="peoples_government")
    assert result.unsummed == ()
    report = result.report
    assert report.metadata.scope.value == "aggregate"
    assert report.metadata.members == tuple(m.metadata.organ for m in members)
    assert report.metadata.organ_kind is not None
    assert report.metadata.organ_kind.value == "peoples_government"
    assert report.problems_improvements == ()
    assert report.overall.introduction == ()
    member_cells = [cells(m) for m in members]
    for index, cell in enumerate(cells(report)):
        assert cell.value == sum(mc[index].value for mc in member_cells), cell.pointer
    assert govreport.validate_data(jsonio.loads(govreport.dumps(report)), profile="submission").valid


def test_marks_are_left_blank_and_reported(seed_data: dict[str, Any]) -> None:
    other = copy.deepcopy(seed_data)
    other["metadata"]["organ"] = "另一单位"
    set_at(other, "/applications/results/granted/other_org", "/")
    result = aggregate([_report(seed_data), _report(other)], organ="汇总单位")
    assert result.report.applications.results.granted.other_org is govreport.Mark.BLANK
    assert result.report.applications.results.granted.natural_person == 54
    assert [(u.pointer, u.members) for u in result.unsummed] == [
        ("/applications/results/granted/other_org", ("另一单位",))
    ]
    assert result.unsummed[0].label == "三、本年度办理结果 › （一）予以公开 › 其他"


def test_amounts_stay_exact(seed_data: dict[str, Any]) -> None:
    result = aggregate([_report(seed_data)] * 3, organ="汇总")
    fees = result.report.active_disclosure.admin_fees
    assert isinstance(fees, v2021.FeeAmount)
    assert str(fees.fee_amount) == "17859.07488"


def test_mixed_other_handling_layouts_become_one_row(seed_data: dict[str, Any]) -> None:
    itemised = _report(synthetic_report(3, year=2021))
    combined = _report(seed_data)
    result = aggregate([itemised, combined], organ="汇总")
    other = result.report.applications.results.other_handling
    assert isinstance(other, v2021.OtherHandlingCombined)
    three = itemised.applications.results.other_handling
    assert isinstance(three, v2021.OtherHandlingItemised)
    parts = [three.overdue_correction.total, three.overdue_fee.total, three.other_reason.total]
    assert all(type(p) is int for p in parts)  # a generated report's cells are numbers
    expected = sum(p for p in parts if type(p) is int) + 1
    assert other.combined.total == expected


def test_refuses_mixed_versions_years_and_nothing(seed_data: dict[str, Any]) -> None:
    with pytest.raises(AggregationError, match="different years"):
        aggregate([_report(seed_data), _report(synthetic_report(1, year=2022))], organ="x")
    with pytest.raises(AggregationError, match="no member reports"):
        aggregate([], organ="x")
    with pytest.raises(AggregationError, match=r"different format versions \(2019, 2021\)"):
        aggregate([_report(seed_data), _as_2019(seed_data, 2021, "yuan")], organ="x")


def _as_2019(seed_data: dict[str, Any], year: int, unit: str | None) -> govreport.AnyReport:
    data = copy.deepcopy(seed_data)
    data["format_version"] = "2019"
    data["metadata"]["report_year"] = year
    results = data["applications"]["results"]
    results["other_handling"] = results["other_handling"]["combined"]
    items = {"prev_year_items": 10, "change": -2, "decisions": 5}
    data["active_disclosure"] = {
        "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
        "normative_documents": {"new_made": 3, "new_published": 3, "total_published": 41},
        "licensing": items,
        "other_external_services": items,
        "punishment": items,
        "coercion": items,
        "admin_fees": {"prev_year_items": 1, "change": 0},
        "centralized_procurement": {
            "procurement_items": 2,
            "procurement_amount": 251000 if unit == "yuan" else 25,
            "procurement_amount_unit": unit,
        },
    }
    return _report(data)


def test_2019_signed_changes_and_procurement_units(seed_data: dict[str, Any]) -> None:
    result = aggregate([_as_2019(seed_data, 2020, "yuan"), _as_2019(seed_data, 2020, "wan_yuan")], organ="x")
    table = result.report.active_disclosure
    assert isinstance(table, govreport.v2019.ActiveDisclosure)
    assert table.licensing.change == -4
    assert table.centralized_procurement.procurement_amount == Decimal("50.1")
    assert table.centralized_procurement.procurement_amount_unit is govreport.v2019.AmountUnit.WAN_YUAN


def test_cli(seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sum.json"
    code = main(["aggregate", str(seed_path), str(seed_path), "--organ", "淄博市汇总", "-o", str(out)])
    assert code == 0
    report = govreport.load(out)
    assert report.applications.new_received.total == 98
    assert report.metadata.members == ("淄博高新技术产业开发区", "淄博高新技术产业开发区")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    target = tmp_path / "nothing.json"
    code = main(["aggregate", str(seed_path), str(bad), "--organ", "x", "-o", str(target)])
    assert code == 2
    assert not target.exists()
    _, err = capsys.readouterr()
    assert "nothing written" in err
    other_year = tmp_path / "2022.json"
    other_year.write_text(jsonio.dumps(synthetic_report(2, year=2022)), encoding="utf-8")
    code = main(["aggregate", str(seed_path), str(other_year), "--organ", "x", "-o", str(target)])
    assert code == 1
    assert not target.exists()
    assert "different years (2021, 2022)" in capsys.readouterr().err
