"""Importers: the seed round trip, real corpus copies, renderings, provenance, and the CLI."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import govreport
from govreport import jsonio
from govreport.cli import main
from govreport.convert import unstructure
from govreport.export import export
from govreport.formats import AnyReport, v2019, v2021
from govreport.formats.cells import Mark, Unreadable
from govreport.importers import Importer, ImportFailed, get_importers, import_bytes, import_file
from govreport.validate import validate_data

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "examples" / "zibo-gaoxin-2021.txt"
SEED_JSON = ROOT / "examples" / "zibo-gaoxin-2021.json"
DATA = Path(__file__).resolve().parent / "gold" / "sources"  # copies of the corpus reports (public documents)


def _v2021(report: AnyReport) -> v2021.Report:
    assert isinstance(report, v2021.Report)
    return report


def _v2019(report: AnyReport) -> v2019.Report:
    assert isinstance(report, v2019.Report)
    return report


def test_registry_lists_the_builtin_importers_sorted() -> None:
    importers = get_importers()
    assert [i.name for i in importers] == ["csv", "doc", "docx", "html", "json", "pdf", "text", "xlsx"]
    assert all(isinstance(i, Importer) for i in importers)
    assert ".htm" in next(i for i in importers if i.name == "html").suffixes


def test_seed_text_imports_to_exactly_the_seed_json() -> None:
    result = import_file(SEED_TXT)
    assert result.version == "2021"
    assert unstructure(result.report) == jsonio.read(SEED_JSON)
    assert result.import_report.complete
    assert result.import_report.unplaced == ()


def test_seed_import_is_lenient_and_submission_valid() -> None:
    data = unstructure(import_file(SEED_TXT).report)
    assert validate_data(data, profile="lenient").valid
    assert validate_data(data, profile="submission").valid


def test_seed_provenance_names_the_source_line() -> None:
    rep = import_file(SEED_TXT).import_report
    by_pointer = {p.pointer: p for p in rep.values}
    licensing = by_pointer["/active_disclosure/licensing/decisions"]
    assert licensing.text.strip() == "9830"
    assert licensing.where.line == 40
    assert "行政许可" in licensing.label
    assert len([p for p in rep.values if p.pointer.startswith("/applications/")]) == 161
    assert "2021" in rep.version_reason


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_export_then_import_gives_back_the_seed(fmt: str, tmp_path: Path) -> None:
    data = export(govreport.load(SEED_JSON), fmt)
    path = tmp_path / f"seed.{fmt}"
    path.write_bytes(data)
    assert unstructure(import_file(path).report) == jsonio.read(SEED_JSON)


# ---------------------------------------------------------------- real reports (copies in tests/gold/sources)


def test_shuyang_markdown_tables_split_per_row_group() -> None:
    result = import_file(DATA / "shuyang-2025.txt")
    r = _v2021(result.report)
    assert r.applications.new_received.total == 713
    assert r.applications.carried_over_from_last_year.total == 36
    assert r.applications.results.total_processed.total == 718
    assert r.applications.carried_to_next_year.total == 31
    other = r.applications.results.other_handling
    assert isinstance(other, v2021.OtherHandlingItemised)
    assert other.overdue_fee.total == 7  # under a wrong header row, still placed by its label
    assert r.review_litigation.admin_review.total == 61
    rl = r.review_litigation
    assert [c.total for c in (rl.admin_review, rl.litigation_direct, rl.litigation_after_review)] == [61, 3, 10]
    assert r.active_disclosure.admin_fees == v2021.FeeAmount(fee_amount=Decimal("4068.208"))


def test_shanghai_2019_html_blank_cells_stay_blank_and_units_are_kept() -> None:
    result = import_file(DATA / "shanghai-office-2019.html")
    r = _v2019(result.report)
    assert r.metadata.organ == "上海市人民政府办公厅"
    assert r.applications.results.granted.total == Mark.BLANK  # never counted as 0
    assert r.applications.new_received.research_institution == Mark.BLANK
    rl = r.review_litigation
    assert (rl.admin_review.upheld, rl.admin_review.corrected, rl.admin_review.pending, rl.admin_review.total) == (
        5, Mark.BLANK, 2, 7,
    )  # fmt: skip
    assert (rl.litigation_direct.upheld, rl.litigation_direct.total) == (8, 9)
    proc = r.active_disclosure.centralized_procurement
    assert proc.procurement_amount == Decimal("251000")
    assert proc.procurement_amount_unit is not None
    assert proc.procurement_amount_unit.value == "yuan"


def test_pingtan_web_pages_settle_the_ambiguous_digits() -> None:
    r = _v2021(import_file(DATA / "pingtan-2023.html").report)
    nd = r.active_disclosure.normative_documents
    assert (nd.made, nd.repealed, nd.valid) == (77, 132, 470)


def test_pingtan_page_text_declines_what_arithmetic_does_not_settle() -> None:
    result = import_file(DATA / "pingtan-2021.txt")
    rep = result.import_report
    nd = _v2021(result.report).active_disclosure.normative_documents
    assert isinstance(nd.made, Unreadable)  # "693665" is never read as a number: 表二 has no identity
    assert nd.made.unreadable == "693665"
    assert [d.row for d in rep.declined] == ["行政规范性文件"]
    assert "没有关联本行各单元格的合计关系" in rep.declined[0].reason
    # the 表三 and 表四 cells cut out of digit runs say how they were settled
    by_pointer = {p.pointer: p for p in rep.values}
    granted = by_pointer["/applications/results/granted/natural_person"]
    assert (granted.text, granted.settled_by) == ("270020130", "arithmetic")
    assert by_pointer["/applications/carried_over_from_last_year/total"].settled_by == "single-reading"
    assert by_pointer["/active_disclosure/licensing/decisions"].settled_by is None  # one cell, read whole


def test_pdf_with_text_layer_reads_tables_and_keeps_inconsistent_totals() -> None:
    result = import_file(DATA / "huaian-hongze-2023.pdf")
    r = _v2021(result.report)
    ar = r.review_litigation.admin_review
    assert (ar.upheld, ar.corrected, ar.total) == (10, 1, 0)  # as published, not "fixed"
    assert r.review_litigation.litigation_after_review.upheld == 5
    assert r.metadata.statistics_period is not None
    # ruled tables are read cell by cell: numbers stay with their labels, even under wrapped labels
    assert result.import_report.complete
    results = r.applications.results
    assert (results.denied.state_secret.natural_person, results.unable_to_provide.not_held.total) == (1, 10)
    assert isinstance(results.other_handling, v2021.OtherHandlingCombined)
    assert results.other_handling.combined.natural_person == 0  # the empty sub-label cell is not a blank value
    assert (results.total_processed.natural_person, results.total_processed.total) == (21, 21)
    by_pointer = {p.pointer: p for p in result.import_report.values}
    where = by_pointer["/applications/results/denied/state_secret/natural_person"].where
    assert (where.page, where.table, where.row) == (3, 2, 8)


def test_pdf_converted_markdown_detached_rows_are_placed_by_order_and_checked() -> None:
    result = import_file(DATA / "shanghai-kewei-2024.md")
    r = _v2021(result.report)
    nd = r.active_disclosure.normative_documents
    assert (nd.made, nd.repealed, nd.valid) == (13, 0, 55)  # labelled 规范性文件 in the source
    assert r.active_disclosure.licensing.decisions == 97
    assert r.applications.new_received.total == 34
    res = r.applications.results
    # the number rows printed apart from their labels, each in the one row the order leaves for it
    assert (res.denied.internal_affairs.natural_person, res.denied.internal_affairs.total) == (1, 1)
    assert (res.unable_to_provide.not_held.total, res.unable_to_provide.needs_creation.total) == (4, 6)
    assert res.unable_to_provide.still_unclear_after_correction.total == 0
    assert isinstance(res.other_handling, v2021.OtherHandlingItemised)
    oc = res.other_handling.overdue_correction
    assert (oc.natural_person, oc.commercial_enterprise, oc.total) == (8, 2, 10)
    assert r.applications.carried_to_next_year.total == Mark.BLANK  # blank in the conversion, never 0
    by_pointer = {p.pointer: p for p in result.import_report.values}
    assert by_pointer["/applications/results/unable_to_provide/not_held/total"].settled_by == "order-and-arithmetic"
    assert by_pointer["/applications/results/granted/total"].settled_by is None  # labelled in its own line
    assert result.import_report.declined == ()


# ---------------------------------------------------------------- renderings


def _report_text(table2: str, table3: str = "", table4: str = "") -> str:
    return (
        "某某县人民政府2022年政府信息公开工作年度报告\n"
        "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n"
        "一、总体情况\n概述。\n二、主动公开政府信息情况\n"
        f"{table2}\n三、收到和处理政府信息公开申请情况\n{table3}\n"
        f"四、政府信息公开行政复议、行政诉讼情况\n{table4}\n五、存在的主要问题及改进情况\n问题。\n"
        "六、其他需要报告的事项\n无。\n"
    )


def test_pipe_rows_full_width_digits_marks_and_units() -> None:
    t2 = (
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
        "| 规章 | ０ | / | — |\n"
        "| 行政规範性檔案 | 1,234 | 无 | 12件 |\n"
        "| 行政许可 | 十二 |\n"
    )
    r = _v2021(import_bytes(_report_text(t2).encode(), "x.txt").report)
    assert r.active_disclosure.regulations.made == 0
    assert r.active_disclosure.regulations.repealed == Mark.SLASH
    assert r.active_disclosure.regulations.valid == Mark.DASH
    nd = r.active_disclosure.normative_documents  # traditional forms, 檔案 for 文件
    assert (nd.made, nd.repealed, nd.valid) == (1234, Mark.NONE, 12)
    assert r.active_disclosure.licensing.decisions == Unreadable(unreadable="十二")


def test_pdf_style_number_rows_and_split_headers_in_table_four() -> None:
    t4 = "行政复议 行政诉讼\n结 结 其 尚\n果 果 他 未\n总计\n7 0 1 0 8 0 0 0 0 0 3 0 0 0 3\n"
    r = import_bytes(_report_text("", "", t4).encode(), "x.txt").report
    assert r.review_litigation.admin_review.total == 8
    assert r.review_litigation.litigation_after_review.upheld == 3


def test_short_row_is_declined_never_padded() -> None:
    t3 = "自然人\n一、本年新收政府信息公开申请数量 | 5 | 0 | 5\n"
    result = import_bytes(_report_text("", t3).encode(), "x.txt")
    row = result.report.applications.new_received
    assert all(isinstance(getattr(row, k), Unreadable) for k in ("natural_person", "total"))
    assert any("应有7个单元格，只有3个" in d.reason for d in result.import_report.declined)


def test_gbk_html_with_declared_charset(tmp_path: Path) -> None:
    table = "<table><tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr></table>"
    body = "".join(f"<p>{line}</p>" for line in _report_text(table).splitlines())
    html = f"<html><head><meta charset='gbk'></head><body>{body}</body></html>"
    path = tmp_path / "r.html"
    path.write_bytes(html.encode("gbk"))
    r = _v2021(import_file(path).report)
    assert (r.active_disclosure.regulations.made, r.active_disclosure.regulations.valid) == (1, 3)


def test_undeclared_gb18030_text_is_detected() -> None:
    result = import_bytes(_report_text("规章 1 2 3").encode("gb18030"), "x.txt")
    assert _v2021(result.report).active_disclosure.regulations.valid == 3
    assert any("gb18030" in n for n in result.import_report.notes)


def test_forced_format_version() -> None:
    result = import_file(SEED_TXT, version="2019")
    assert result.version == "2019"
    assert any("表二带有2021年格式的标志" in n for n in result.import_report.notes)


# ---------------------------------------------------------------- the command line


def test_cli_writes_report_and_import_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    rep = tmp_path / "rep.json"
    code = main(["import", str(SEED_TXT), "-o", str(out), "--report", str(rep)])
    assert code == 0
    assert jsonio.read(out) == jsonio.read(SEED_JSON)
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["format_version"] == "2021"
    assert report["summary"]["unreadable"] == 0
    assert main(["validate", str(out)]) == 0


def test_cli_exit_1_when_cells_are_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["import", str(DATA / "pingtan-2021.txt"), "-o", str(tmp_path / "o.json")])
    assert code == 1
    assert "表二“行政规范性文件”（第10行）未读取：" in capsys.readouterr().err


def test_cli_exit_2_names_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "missing.txt"
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "no such file" in err
    assert "Traceback" not in err


def test_import_failed_is_an_input_error() -> None:
    assert issubclass(ImportFailed, govreport.InputError)
