"""The round trips the README promises (issue 18, item 1): ``govreport import`` reads back every export, a
regional variant's too; an amount's unit survives and is printed with its number; report JSON given to import is
validated; an export someone changed is read as it shows."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govreport
from govreport import jsonio
from govreport.cli import main
from govreport.export import export
from govreport.formats import v2019
from govreport.importers import ImportFailed, import_bytes, import_file

ROOT = Path(__file__).resolve().parent.parent
HUBEI = ROOT / "plugins" / "govreport-hubei" / "tests" / "data" / "qianjiang-zhouji-2020.json"
SUFFIX = {"markdown": ".md"}


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(jsonio.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def procurement(tmp_path: Path, seed_data: dict[str, Any]) -> Path:
    """A 2019-format report whose 采购总金额 was written 251000元 (procurement_amount_unit: yuan)."""
    data = copy.deepcopy(seed_data)
    data["format_version"] = "2019"
    data["metadata"]["report_year"] = 2020
    results = data["applications"]["results"]
    results["other_handling"] = results["other_handling"]["combined"]
    row = {"new_made": 0, "new_published": 0, "total_published": 0}
    items = {"prev_year_items": 0, "change": 0, "decisions": 0}
    data["active_disclosure"] = {
        "regulations": row,
        "normative_documents": row,
        "licensing": items,
        "other_external_services": items,
        "punishment": items,
        "coercion": items,
        "admin_fees": {"prev_year_items": 0, "change": 0},
        "centralized_procurement": {
            "procurement_items": 3,
            "procurement_amount": Decimal("251000"),
            "procurement_amount_unit": "yuan",
        },
    }
    return _write(tmp_path / "procurement.json", data)


@pytest.mark.parametrize("fmt", ["xlsx", "markdown", "csv", "html", "docx", "json"])
def test_a_hubei_report_reads_back_from_every_export_on_the_command_line(
    tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / f"hubei{SUFFIX.get(fmt, '.' + fmt)}"
    back = tmp_path / "back.json"
    assert main(["export", str(HUBEI), "--to", fmt, "-o", str(exported)]) == 0
    assert main(["import", str(exported), "-o", str(back)]) == 0, capsys.readouterr().err
    report = govreport.load(back)
    assert report == govreport.load(HUBEI)
    assert report.variants == ("hubei-2020",)


def test_our_markdown_and_csv_exports_reimport(seed_path: Path, tmp_path: Path) -> None:
    seed = govreport.load(seed_path)
    for suffix in (".md", ".csv"):
        exported = tmp_path / f"report{suffix}"
        assert main(["export", str(seed_path), "-o", str(exported)]) == 0
        result = import_file(exported)
        assert result.report == seed, suffix
        assert result.import_report.complete


def test_report_json_given_to_import_is_validated(seed_path: Path, tmp_path: Path) -> None:
    result = import_file(seed_path)
    assert result.import_report.importer == "json"
    assert result.report == govreport.load(seed_path)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": "2021", "variants": []}', encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"报告 JSON 不是有效的报告：\n  /") as failed:
        import_file(bad)
    assert "\n  /metadata（报告信息）：required, but missing" in failed.value.message


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx", "csv", "xlsx", "json"])
def test_an_amounts_unit_survives_every_export(procurement: Path, fmt: str) -> None:
    report = govreport.load(procurement)
    assert isinstance(report, v2019.Report)
    data = export(report, fmt)
    back = import_bytes(data, f"report{SUFFIX.get(fmt, '.' + fmt)}").report
    assert isinstance(back, v2019.Report)
    assert back.active_disclosure.centralized_procurement.procurement_amount_unit is v2019.AmountUnit.YUAN
    assert back.active_disclosure.centralized_procurement.procurement_amount == Decimal("251000")


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx"])
def test_an_amounts_unit_is_printed_with_its_number(procurement: Path, fmt: str) -> None:
    data = export(govreport.load(procurement), fmt)
    if fmt == "docx":
        import io

        import docx

        document = docx.Document(io.BytesIO(data))
        texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    else:
        texts = [data.decode("utf-8")]
    assert any("251000元" in text for text in texts)


def test_an_amounts_unit_in_show_csv_and_xlsx(
    procurement: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(procurement)]) == 0
    assert "251000元" in capsys.readouterr().out
    rows = export(govreport.load(procurement), "csv").decode("utf-8").splitlines()
    amount = next(line for line in rows if "/procurement_amount," in line)
    assert amount.split(",")[5:8] == ["251000", "第二十条第（九）项", "元"]  # value, group, unit
    import openpyxl

    path = tmp_path / "report.xlsx"
    path.write_bytes(export(govreport.load(procurement), "xlsx"))
    sheet = openpyxl.load_workbook(path)["表二"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == 251000)
    assert cell.number_format == 'General"元"'  # a number, shown as 251000元


def test_a_changed_export_is_read_as_it_shows(seed_path: Path, tmp_path: Path, seed_data: dict[str, Any]) -> None:
    seed = govreport.load(seed_path)
    text = export(seed, "markdown").decode("utf-8")
    assert "| 行政复议 | 7 | 0 | 1 | 0 | 8 |" in text
    changed = tmp_path / "changed.md"
    changed.write_text(text.replace("| 行政复议 | 7 | 0 | 1 | 0 | 8 |", "| 行政复议 | 6 | 0 | 1 | 0 | 7 |"))
    result = import_file(changed)
    assert result.report.review_litigation.admin_review.upheld == 6
    assert result.report.review_litigation.admin_review.total == 7
    assert any(note.startswith("govreport 写出后已被改动") for note in result.import_report.notes)
    unchanged = tmp_path / "unchanged.md"
    unchanged.write_text(text)
    assert import_file(unchanged).import_report.version_reason.startswith("与 govreport 写出时一致")


def test_a_changed_export_keeps_what_it_does_not_show(seed_data: dict[str, Any], tmp_path: Path) -> None:
    data = copy.deepcopy(seed_data)
    data["metadata"]["region_code"] = "370302"  # printed nowhere in the document
    report = govreport.from_data(data)
    head, body = export(report, "html").decode("utf-8").split("</head>")
    page = head + "</head>" + body.replace("着力强化疫情防控", "着力加强疫情防控")  # the page, not its data
    changed = tmp_path / "changed.html"
    changed.write_text(page, encoding="utf-8")
    result = import_file(changed)
    assert "着力加强疫情防控" in result.report.overall.introduction[0]
    assert result.report.metadata.region_code == "370302"
    assert any("region_code" in note for note in result.import_report.notes)


def test_embedded_data_that_disagrees_with_the_page_is_not_believed(seed_path: Path, tmp_path: Path) -> None:
    """A page whose shown numbers differ from the data it carries is read as it shows."""
    seed = govreport.load(seed_path)
    page = export(seed, "html").decode("utf-8")
    forged = page.replace('"upheld": 7', '"upheld": 70', 1)
    assert forged != page
    path = tmp_path / "forged.html"
    path.write_text(forged, encoding="utf-8")
    assert import_file(path).report.review_litigation.admin_review.upheld == 7
