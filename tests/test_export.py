"""Exporters: registry, tidy CSV, Markdown, JSON, DOCX, XLSX (and back), templates, atomic output, CLI."""

from __future__ import annotations

import copy
import csv
import io
import os
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

import govreport
from govreport import layout
from govreport.cli import main
from govreport.export import ExportError, export, get_exporter, get_exporters, read_xlsx, template
from govreport.formats.cells import Mark, Unreadable
from govreport.formats.common import LEGAL_PERSON_COLUMNS

CSV_HEADER = [
    "table", "row_key", "row_label", "column_key", "column_label", "value", "group", "unit", "pointer", "value_type"
]  # fmt: skip


def as_text(value: Any) -> str:
    if isinstance(value, Mark):
        return value.value
    if isinstance(value, Unreadable):
        return value.unreadable
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def report_2019(seed_data: dict[str, Any]) -> govreport.AnyReport:
    """A 2019-format report: the seed's 表三/表四 with a 2019 表二 holding marks, a negative change, unreadable text."""
    data = copy.deepcopy(seed_data)
    data["format_version"] = "2019"
    data["metadata"]["report_year"] = 2020
    results = data["applications"]["results"]
    results["other_handling"] = results["other_handling"]["combined"]
    data["active_disclosure"] = {
        "regulations": {"new_made": 0, "new_published": 0, "total_published": "/"},
        "normative_documents": {"new_made": 3, "new_published": 3, "total_published": 41},
        "licensing": {"prev_year_items": 120, "change": -8, "decisions": 5210},
        "other_external_services": {"prev_year_items": "", "change": "—", "decisions": "无"},
        "punishment": {"prev_year_items": 300, "change": 2, "decisions": 77},
        "coercion": {"prev_year_items": 12, "change": 0, "decisions": 4},
        "admin_fees": {"prev_year_items": 1, "change": 0},
        "centralized_procurement": {
            "procurement_items": 9,
            "procurement_amount": Decimal("251000.55"),
            "procurement_amount_unit": "yuan",
        },
    }
    data["review_litigation"]["admin_review"]["other_result"] = {"unreadable": "1（注）"}
    return govreport.from_data(data)


def itemised_2021(seed_data: dict[str, Any]) -> govreport.AnyReport:
    data = copy.deepcopy(seed_data)
    row = data["applications"]["results"]["other_handling"]["combined"]
    zero = dict.fromkeys(row, 0)
    data["applications"]["results"]["other_handling"] = {
        "layout": "itemised",
        "overdue_correction": zero,
        "overdue_fee": dict(zero),
        "other_reason": row,
    }
    return govreport.from_data(data)


@pytest.fixture
def reports(seed_report: govreport.AnyReport, seed_data: dict[str, Any]) -> list[govreport.AnyReport]:
    return [seed_report, itemised_2021(seed_data), report_2019(seed_data)]


# -- registry -----------------------------------------------------------------------------------------------------


def test_registry_sorted_unique_and_complete() -> None:
    names = [e.name for e in get_exporters()]
    assert names == sorted(names)
    assert set(names) >= {"csv", "docx", "html", "json", "markdown", "xlsx"}
    assert len(names) == len(set(names))
    for exporter in get_exporters():
        assert exporter.suffix.startswith(".")
        assert "/" in exporter.media_type
    assert {e.name for e in get_exporters() if e.template} == {"docx", "html", "xlsx"}


def test_unknown_format_names_known_ones(seed_report: govreport.AnyReport) -> None:
    with pytest.raises(ExportError, match="known formats: csv, docx"):
        export(seed_report, "pdf")
    with pytest.raises(ExportError, match="no blank template"):
        template("2021", "csv")


def test_exports_are_deterministic(seed_report: govreport.AnyReport) -> None:
    first = {exporter.name: exporter.render(seed_report) for exporter in get_exporters()}
    time.sleep(1.1)  # Office files would otherwise carry the second they were saved in
    for exporter in get_exporters():
        assert exporter.render(seed_report) == first[exporter.name], exporter.name


# -- CSV ----------------------------------------------------------------------------------------------------------


def read_csv(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8")
    assert not text.startswith("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == CSV_HEADER
    rows = list(reader)
    cells = [r for r in rows if r["table"]]
    assert rows[: len(cells)] == cells  # the table cells first, then the report's other values (table empty)
    return cells


def test_csv_one_row_per_cell_of_the_official_tables(seed_report: govreport.AnyReport) -> None:
    rows = read_csv(export(seed_report, "csv"))
    by_table = {t: [r for r in rows if r["table"] == t] for t in ("二", "三", "四")}
    # 表二 (2021): 规章, 行政规范性文件 × 3 + 行政许可, 行政处罚, 行政强制, 行政事业性收费 × 1
    assert len(by_table["二"]) == 2 * 3 + 4 * 1 == 10
    # 表三: 23 rows as published (（六） in one row) × 7 columns
    assert len(by_table["三"]) == 23 * 7
    # 表四: one row of 15 cells
    assert len(by_table["四"]) == 15
    assert len(rows) == 186
    assert len({(r["table"], r["row_key"], r["column_key"]) for r in rows}) == len(rows)
    assert [r["pointer"] for r in rows] == [c.pointer for c in layout.cells(seed_report)]


def test_csv_values_sum_back_to_table_totals(seed_report: govreport.AnyReport) -> None:
    rows = read_csv(export(seed_report, "csv"))
    three = [r for r in rows if r["table"] == "三"]
    by_row: dict[str, dict[str, int]] = {}
    for r in three:
        by_row.setdefault(r["row_key"], {})[r["column_key"]] = int(r["value"])
    # 总计 column = 自然人 + the five 法人或其他组织 columns, on every row
    for key, cols in by_row.items():
        assert cols["total"] == cols["natural_person"] + sum(cols[k] for k in LEGAL_PERSON_COLUMNS), key
    # （七）总计 = the sum of the leaf result rows, column by column
    leaves = [k for k in by_row if k.startswith("results.") and k != "results.total_processed"]
    assert len(leaves) == 2 + 8 + 3 + 5 + 1
    for column in by_row["results.total_processed"]:
        assert by_row["results.total_processed"][column] == sum(by_row[k][column] for k in leaves)
    # corner rule: 一 + 二 = 三（七） + 四
    for column in by_row["new_received"]:
        assert (
            by_row["new_received"][column] + by_row["carried_over_from_last_year"][column]
            == by_row["results.total_processed"][column] + by_row["carried_to_next_year"][column]
        )
    assert by_row["new_received"]["total"] == 49
    four = {(r["row_key"], r["column_key"]): int(r["value"]) for r in rows if r["table"] == "四"}
    for group in ("admin_review", "litigation_direct", "litigation_after_review"):
        parts = ("upheld", "corrected", "other_result", "pending")
        assert four[(group, "total")] == sum(four[(group, p)] for p in parts)
    assert four[("admin_review", "total")] == 8


def test_csv_labels_official_and_amount_exact(seed_report: govreport.AnyReport) -> None:
    rows = read_csv(export(seed_report, "csv"))
    fee = next(r for r in rows if r["column_key"] == "fee_amount")
    assert fee["value"] == "5953.02496"
    assert fee["column_label"] == "本年收费金额（单位：万元）"
    assert fee["unit"] == "万元"
    assert fee["group"] == "第二十条第（八）项"
    secret = next(r for r in rows if r["row_key"] == "results.denied.state_secret" and r["column_key"] == "total")
    assert secret["row_label"] == "1.属于国家秘密"
    assert secret["group"] == "（三）不予公开"
    assert {r["column_label"] for r in rows if r["table"] == "三"} == {
        "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"
    }  # fmt: skip


def test_csv_keeps_marks_as_written(seed_data: dict[str, Any]) -> None:
    report = report_2019(seed_data)
    rows = {(r["row_key"], r["column_key"]): r for r in read_csv(export(report, "csv"))}
    assert rows[("regulations", "total_published")]["value"] == "/"
    assert rows[("other_external_services", "prev_year_items")]["value"] == ""
    assert rows[("other_external_services", "change")]["value"] == "—"
    assert rows[("other_external_services", "decisions")]["value"] == "无"
    assert rows[("licensing", "change")]["value"] == "-8"
    assert rows[("admin_review", "other_result")]["value"] == "1（注）"
    assert rows[("centralized_procurement", "procurement_amount")]["value"] == "251000.55"
    assert len(rows) == 2 * 3 + 4 * 3 + 2 + 2 + 23 * 7 + 15


# -- JSON and Markdown ----------------------------------------------------------------------------------------------


def test_json_is_canonical(seed_report: govreport.AnyReport) -> None:
    data = export(seed_report, "json")
    assert data.decode("utf-8") == govreport.dumps(seed_report)
    assert govreport.from_data(govreport.loads(data)) == seed_report


def test_markdown_sections_and_tables(reports: list[govreport.AnyReport]) -> None:
    for report in reports:
        text = export(report, "markdown").decode("utf-8")
        headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
        assert headings == [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
        for cell in layout.cells(report):
            unit = layout.written_unit(cell.row.record(report), cell.column.key) or ""  # 251000.55元: as written
            assert f"| {as_text(cell.value)}{unit} |" in text or as_text(cell.value) == ""
    seed_md = export(reports[0], "markdown").decode("utf-8")
    assert "| 行政事业性收费 | 5953.02496 |" in seed_md
    assert "| 行政诉讼：复议后起诉 | 3 | 0 | 0 | 0 | 3 |" in seed_md


# -- DOCX ------------------------------------------------------------------------------------------------------------


def docx_grid(table: Any) -> list[list[Any]]:
    """Each grid position's underlying <w:tc> element and its text."""
    return [[(c._tc, c.text) for c in row.cells] for row in table.rows]


def test_docx_every_cell_and_merge(reports: list[govreport.AnyReport]) -> None:
    for report in reports:
        document = docx.Document(io.BytesIO(export(report, "docx")))
        texts = [p.text for p in document.paragraphs]
        assert texts[0] == report.metadata.title
        headings = [t for t in texts if t[:2] in {"一、", "二、", "三、", "四、", "五、", "六、"}]
        assert headings[:6] == [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
            "六、其他需要报告的事项",
        ]
        two, three, four = document.tables
        check_three_header(docx_grid(three), report)
        check_four_header(docx_grid(four))
        # every value: find it by its row label and column position
        check_values_by_position(report, two, three, four)


def check_three_header(grid: list[list[Any]], report: govreport.AnyReport) -> None:
    corner = grid[0][0]
    assert corner[1] == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert all(grid[r][c][0] is corner[0] for r in range(3) for c in range(3))  # 3 × 3 merged
    assert all(grid[0][c][1] == "申请人情况" and grid[0][c][0] is grid[0][3][0] for c in range(3, 10))
    assert grid[1][3][1] == grid[2][3][1] == "自然人"
    assert grid[1][3][0] is grid[2][3][0]
    assert all(grid[1][c][1] == "法人或其他组织" for c in range(4, 9))
    assert [grid[2][c][1] for c in range(4, 9)] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert grid[1][9][0] is grid[2][9][0]
    assert grid[1][9][1] == "总计"
    n_rows = 26 if report.format_version == "2019" or _combined(report) else 28
    assert len(grid) == n_rows
    results = [r for r in range(len(grid)) if grid[r][0][1] == "三、本年度办理结果"]
    assert len(results) == (20 if n_rows == 26 else 22)
    for group, size in (("（三）不予公开", 8), ("（四）无法提供", 3), ("（五）不予处理", 5)):
        assert sum(1 for r in range(len(grid)) if grid[r][1][1] == group) == size
    other = sum(1 for r in range(len(grid)) if grid[r][1][1] == "（六）其他处理")
    assert other == (1 if n_rows == 26 else 3)


def _combined(report: govreport.AnyReport) -> bool:
    return getattr(report.applications.results.other_handling, "layout", "") == "combined"


def check_four_header(grid: list[list[Any]]) -> None:
    assert [grid[0][c][1] for c in range(15)] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert grid[0][0][0] is grid[0][4][0]
    assert grid[0][5][0] is grid[0][14][0]
    assert [grid[1][c][1] for c in range(5, 15)] == ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [grid[2][c][1] for c in range(15)] == outcomes * 3
    assert all(grid[1][c][0] is grid[2][c][0] for c in range(5))  # rowspan 2 on 行政复议's outcomes


def check_values_by_position(report: govreport.AnyReport, two: Any, three: Any, four: Any) -> None:
    """Each cell's value sits in the row with its label and in its column's position."""
    grid2 = [[c.text for c in row.cells] for row in two.rows]
    for row in layout.rows(report, "二"):
        matches = [g for g in grid2 if g[0] == row.label]
        assert len(matches) == 1, row.label
        if len(row.columns) == 1:
            assert set(matches[0][1:]) == {as_text(layout_value(report, row, row.columns[0].key))}
        else:
            unit = layout.written_unit(row.record(report), row.columns[-1].key) or ""  # 251000.55元, as written
            expected = [as_text(layout_value(report, row, c.key)) for c in row.columns]
            expected[-1] += unit if isinstance(layout_value(report, row, row.columns[-1].key), Decimal) else ""
            # merged cells repeat their text across the span: compare with spans collapsed
            collapsed: list[str] = []
            cells = [c for c in two.rows[grid2.index(matches[0])].cells][1:]
            seen: set[int] = set()
            for c in cells:
                if id(c._tc) not in seen:
                    seen.add(id(c._tc))
                    collapsed.append(c.text)
            assert collapsed == expected, row.label
    grid3 = [[c.text for c in row.cells] for row in three.rows]
    body = grid3[3:]
    rows3 = layout.rows(report, "三")
    assert len(body) == len(rows3)
    for line, row in zip(body, rows3, strict=True):
        assert line[2] == row.label
        assert line[3:] == [as_text(layout_value(report, row, c.key)) for c in row.columns]
    line4 = [c.text for c in four.rows[3].cells]
    assert line4 == [as_text(c.value) for c in layout.cells(report, "四")]


def layout_value(report: govreport.AnyReport, row: layout.Row, column: str) -> Any:
    record: Any = report
    for key in row.path:
        record = getattr(record, key)
    return getattr(record, column)


# -- XLSX --------------------------------------------------------------------------------------------------------------


def test_xlsx_every_cell_and_merges(reports: list[govreport.AnyReport], tmp_path: Path) -> None:
    for i, report in enumerate(reports):
        path = tmp_path / f"r{i}.xlsx"
        path.write_bytes(export(report, "xlsx"))
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames == ["报告信息", "正文", "表二", "表三", "表四", "明细", "选项"]
        assert wb["选项"].sheet_state == "hidden"  # the drop-down lists of the enumerated fields
        ws3 = wb["表三"]
        merged = {str(r) for r in ws3.merged_cells.ranges}
        assert {"A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5"} <= merged
        assert ws3["A3"].value == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
        assert [ws3.cell(row=5, column=c).value for c in range(5, 10)] == [
            "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"
        ]  # fmt: skip
        n = 20 if report.format_version == "2019" or _combined(report) else 22
        assert f"A8:A{8 + n - 1}" in merged  # 三、本年度办理结果
        ws4 = wb["表四"]
        assert {"A3:E3", "F3:O3", "F4:J4", "K4:O4", "A4:A5", "E4:E5"} <= {str(r) for r in ws4.merged_cells.ranges}
        # every value cell, by the JSON Pointer in the tidy sheet and by position in the layout sheets
        tidy = list(wb["明细"].iter_rows(min_row=2, values_only=True))
        assert len(tidy) == len(layout.cells(report))
        for row, cell in zip(tidy, layout.cells(report), strict=True):
            assert row[8] == cell.pointer
            if isinstance(cell.value, int | Decimal):  # numbers as numbers
                assert row[5] == xlsx_value(cell.value)
            else:  # a mark as written (a blank one empty), an unreadable cell's text
                assert (row[5] or "") == as_text(cell.value)
        body3 = list(ws3.iter_rows(min_row=6, min_col=1, max_col=10, values_only=True))
        for line, row in zip(body3, layout.rows(report, "三"), strict=True):
            assert [v for v in line[:3] if v][-1] == row.label
            assert list(line[3:]) == [xlsx_value(layout_value(report, row, c.key)) for c in row.columns]
        line4 = next(ws4.iter_rows(min_row=6, max_row=6, values_only=True))
        assert list(line4) == [xlsx_value(c.value) for c in layout.cells(report, "四")]
        ws2 = wb["表二"]
        labels = {ws2.cell(row=r, column=1).value: r for r in range(3, ws2.max_row + 1)}
        for row in layout.rows(report, "二"):
            r = labels[row.label]
            values = [ws2.cell(row=r, column=c).value for c in range(2, ws2.max_column + 1)]
            expected = [xlsx_value(layout_value(report, row, c.key)) for c in row.columns]
            assert [v for v in values if v is not None] == [e for e in expected if e is not None], row.label


def xlsx_value(value: Any) -> Any:
    if isinstance(value, Mark):
        return value.value or None
    if isinstance(value, Unreadable):
        return value.unreadable
    if isinstance(value, Decimal):
        return float(value)
    return value


def test_xlsx_round_trip(reports: list[govreport.AnyReport], tmp_path: Path) -> None:
    for i, report in enumerate(reports):
        path = tmp_path / f"r{i}.xlsx"
        path.write_bytes(export(report, "xlsx"))
        back = read_xlsx(path)
        assert back == report
        assert govreport.dumps(back) == govreport.dumps(report)


def test_filled_template_reads_back(seed_report: govreport.AnyReport, tmp_path: Path) -> None:
    """Fill the blank 2021 form as an office would and read it back into a report."""
    blank = tmp_path / "blank.xlsx"
    blank.write_bytes(template("2021", "xlsx"))
    wb = openpyxl.load_workbook(blank)
    meta = wb["报告信息"]
    rows = {meta.cell(row=r, column=1).value: r for r in range(2, meta.max_row + 1)}
    meta.cell(row=rows["/metadata/organ"], column=3).value = "某某县人民政府"
    meta.cell(row=rows["/metadata/report_year"], column=3).value = 2023
    assert meta.cell(row=rows["/applications/results/other_handling/layout"], column=3).value == "分三项填报"
    text = wb["正文"]
    text_rows = {text.cell(row=r, column=1).value: r for r in range(2, text.max_row + 1)}
    text.cell(row=text_rows["/problems_improvements/-"], column=3).value = "存在问题：公开时效有待提高。"
    ws3 = wb["表三"]
    first = 6  # 一、本年新收
    assert ws3.cell(row=first, column=1).value == "一、本年新收政府信息公开申请数量"
    ws3.cell(row=first, column=4).value = 12
    ws3.cell(row=first, column=10).value = 12
    ws3.cell(row=first, column=5).value = "/"
    ws2 = wb["表二"]
    assert ws2["A16"].value == "行政事业性收费"
    ws2["B16"].value = 1.25
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    report = read_xlsx(filled)
    assert report.format_version == "2021"
    assert report.metadata.organ == "某某县人民政府"
    assert report.metadata.report_year == 2023
    assert report.problems_improvements == ("存在问题：公开时效有待提高。",)
    assert report.applications.new_received.natural_person == 12
    assert report.applications.new_received.total == 12
    assert report.applications.new_received.commercial_enterprise is Mark.SLASH
    assert report.applications.new_received.research_institution is Mark.BLANK  # blank is never 0
    assert report.active_disclosure.admin_fees.fee_amount == Decimal("1.25")
    assert report.applications.results.other_handling.layout == "itemised"
    # and back to JSON and to the spreadsheet again
    assert govreport.from_data(govreport.loads(govreport.dumps(report))) == report
    again = tmp_path / "again.xlsx"
    again.write_bytes(export(report, "xlsx"))
    assert read_xlsx(again) == report


def test_read_xlsx_names_the_bad_cell(seed_report: govreport.AnyReport, tmp_path: Path) -> None:
    path = tmp_path / "seed.xlsx"
    path.write_bytes(export(seed_report, "xlsx"))
    wb = openpyxl.load_workbook(path)
    wb["表三"]["D6"].value = "四十九"
    wb.save(path)
    with pytest.raises(govreport.InputError, match=r"工作表「表三」D6单元格：应为数字.*「四十九」"):
        read_xlsx(path)
    wb["表三"]["D6"].value = 4.5
    wb.save(path)
    with pytest.raises(govreport.InputError, match=r"D6单元格：应为整数，实际是4\.5"):
        read_xlsx(path)
    wb["表三"]["D6"].value = 49
    wb["表三"]["C10"].value = "1.国家秘密"
    wb.save(path)
    with pytest.raises(govreport.InputError, match=r"C10单元格：应为标签「1\.属于国家秘密」"):
        read_xlsx(path)
    wb["表三"]["C10"].value = "1.属于国家秘密"
    meta = wb["报告信息"]
    row = next(r for r in range(2, meta.max_row + 1) if meta.cell(row=r, column=1).value == "/metadata/report_year")
    meta.cell(row=row, column=3).value = "二〇二一"
    wb.save(path)
    with pytest.raises(govreport.InvalidReport) as info:
        read_xlsx(path)
    assert any(
        "工作表「报告信息」C" in i.message and i.pointer == "/metadata/report_year" for i in info.value.result.issues
    )
    notxlsx = tmp_path / "x.xlsx"
    notxlsx.write_text("not a workbook")
    with pytest.raises(govreport.InputError, match="不是可读的 XLSX 工作簿"):
        read_xlsx(notxlsx)


# -- templates ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_templates_are_blank_forms(version: str, tmp_path: Path) -> None:
    page = template(version, "html").decode("utf-8")
    assert page.count("<td") == len([c for r in layout.rows(version) for c in r.columns])
    assert "（本列数据的勾稽关系为：" in page
    document = docx.Document(io.BytesIO(template(version, "docx")))
    _two, three, four = document.tables
    assert all(c.text == "" for row in four.rows[3:] for c in row.cells)
    assert len(three.rows) == 3 + len(layout.rows(version, "三"))
    path = tmp_path / "t.xlsx"
    path.write_bytes(template(version, "xlsx"))
    wb = openpyxl.load_workbook(path)
    assert all(v is None for v in next(wb["表四"].iter_rows(min_row=6, max_row=6, values_only=True)))
    if version == "2021":
        assert len(layout.rows(version, "三")) == 25  # （六） in the format's own three rows
        assert wb["表三"]["B26"].value == "（六）其他处理"
        assert "B26:B28" in {str(r) for r in wb["表三"].merged_cells.ranges}


# -- CLI and atomic output --------------------------------------------------------------------------------------------


def test_cli_export_to_file_and_stdout(
    seed_path: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    out = tmp_path / "seed.csv"
    assert main(["export", str(seed_path), "--to", "csv", "-o", str(out)]) == 0
    assert out.read_bytes() == export(govreport.load(seed_path), "csv")
    capsysbinary.readouterr()
    assert main(["export", str(seed_path), "--to", "markdown"]) == 0
    assert capsysbinary.readouterr().out == export(govreport.load(seed_path), "markdown")
    assert main(["template", "--format", "2019", "--to", "html"]) == 0
    assert b'data-format="2019"' in capsysbinary.readouterr().out


def test_cli_errors_are_clear(seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(seed_path), "--to", "pdf"]) == 2
    assert "unknown export format 'pdf'" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": "2021",}', encoding="utf-8")
    assert main(["export", str(bad), "--to", "html"]) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err
    assert "line 1" in err
    data = govreport.loads(seed_path.read_bytes())
    data["applications"]["new_received"]["natural_person"] = -1
    invalid = tmp_path / "invalid.json"
    invalid.write_text(govreport.jsonio.dumps(data), encoding="utf-8")
    out = tmp_path / "out.html"
    assert main(["export", str(invalid), "--to", "html", "-o", str(out)]) == 1
    assert "/applications/new_received/natural_person" in capsys.readouterr().err
    assert not out.exists()
    assert main(["template", "--to", "csv"]) == 2
    assert "no blank template" in capsys.readouterr().err


def test_failed_write_leaves_no_partial_file(
    seed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.xlsx"
    out.write_bytes(b"previous version")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # the disk fills up after the bytes were written
    assert main(["export", str(seed_path), "--to", "xlsx", "-o", str(out)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert out.read_bytes() == b"previous version"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]  # no temporary file left
    fresh = tmp_path / "fresh.docx"
    assert main(["export", str(seed_path), "--to", "docx", "-o", str(fresh)]) == 2
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.xlsx"]


def test_get_exporter_roundtrips_names() -> None:
    for exporter in get_exporters():
        assert get_exporter(exporter.name) is not None
        assert get_exporter(exporter.name).suffix == exporter.suffix
