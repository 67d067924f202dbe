"""Excerpts and damaged copies: what a page holds is imported, the rest listed as missing, nothing filled in.

The files are the shared corpus's excerpts (tests/data/excerpts, public documents with their source noted in
their first line): crawls that stopped inside 表三, pages of a flipbook, copies cut at a size limit, copies whose
tables were pictures.  An excerpt that holds part of a national table imports (exit 1, the sections and rows it
lacks listed); one that holds no part of any is refused (exit 2) saying so.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from govreport.cli import main
from govreport.formats.cells import Mark, Unreadable
from govreport.importers import ImportFailed, ImportResult, import_file
from govreport.layout import cells

EXCERPTS = Path(__file__).resolve().parent / "data" / "excerpts"
ALL = sorted(p.name for p in EXCERPTS.glob("*.txt"))

NO_TABLE = {
    "003": "tables absent from the copy (pictures)",
    "013": "ends in 一",
    "016": "ends in 一",
    "019": "ends in 一",
    "020": "ends in 一",
    "021": "ends in 一",
    "022": "ends in 一",
    "023": "tables absent, cut in 六",
    "024": "ends in 一",
    "025": "a report from before the national tables",
    "026": "a report from before the national tables",
    "027": "ends in 一",
    "028": "a report from before the national tables",
    "029": "ends in 一",
    "030": "ends in 一",
    "031": "ends in 一",
    "032": "ends in 一",
    "033": "page 2 of a report from before the national tables",
    "040": "ends in 一",
    "047": "ends in 一",
    "048": "ends in 一",
    "049": "a report from before the national tables",
    "051": "ends in 一",
    "052": "a report from before the national tables",
    "053": "ends in 一",
    "054": "ends in 一",
    "055": "ends in 一",
    "056": "ends at the first characters of 表二's caption",
    "057": "ends in 一",
    "058": "ends in 一",
    "059": "ends in 一",
    "060": "ends in 一",
    "061": "ends in 一",
    "062": "ends in 一",
    "063": "ends in 一",
    "064": "tables absent from the copy",
    "065": "ends in 一",
    "066": "ends in 一",
    "067": "ends in 一",
    "068": "a report from before the national tables",
    "069": "ends at 表二's caption 第二十条第(",
    "071": "ends in 一",
    "072": "ends in 一",
}
"""The excerpts that hold no part of any national table (hand-checked against each file's COMPLETE line)."""
COMPLETE = "001"
"""The one excerpt that is a whole report (raw HTML copied into a text file)."""
PARTIAL = [n for n in ALL if n[:3] not in NO_TABLE and n[:3] != COMPLETE]
REFUSED = [n for n in ALL if n[:3] in NO_TABLE]


def _values(result: ImportResult) -> dict[tuple[str, str, str], object]:
    return {(c.row.table, c.row.key, c.column.key): c.value for c in cells(result.report)}


def _row(result: ImportResult, table: str, key: str) -> list[object]:
    return [c.value for c in cells(result.report) if c.row.table == table and c.row.key == key]


def test_the_excerpts_are_all_here() -> None:
    assert len(ALL) == 81
    assert len(PARTIAL) + len(REFUSED) + 1 == len(ALL)


@pytest.mark.parametrize("name", PARTIAL)
def test_an_excerpt_with_part_of_a_table_imports_what_it_holds(name: str) -> None:
    result = import_file(EXCERPTS / name)
    rep = result.import_report
    assert not rep.complete  # exit 1: something is missing
    # the missing is listed: sections by name, and for each table the rows not found or not read
    assert any(n.startswith("未找到以下部分：") for n in rep.notes)
    assert rep.declined
    for d in rep.declined:
        assert d.reason
        assert d.table in "二三四"
    # nothing filled in: every cell is a value the text holds, or unreadable with what the text had there
    read = {p.pointer for p in rep.values}
    for c in cells(result.report):
        if not isinstance(c.value, Unreadable):
            assert c.pointer in read


@pytest.mark.parametrize("name", REFUSED)
def test_an_excerpt_without_any_table_is_refused_saying_so(name: str) -> None:
    with pytest.raises(ImportFailed) as caught:
        import_file(EXCERPTS / name)
    assert caught.value.code == "no-tables"
    message = caught.value.message
    assert name in message
    assert "未找到报告任何表格的任何部分" in message
    assert "结尾是「" in message  # where the text stops


def test_cli_exit_codes_for_an_excerpt(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["import", str(EXCERPTS / PARTIAL[0]), "-o", str(tmp_path / "r.json")]) == 1
    err = capsys.readouterr().err
    assert "未找到以下部分" in err
    assert "未读取：" in err
    assert main(["import", str(EXCERPTS / REFUSED[0])]) == 2
    assert "未找到报告任何表格的任何部分" in capsys.readouterr().err


def test_a_crawl_that_stopped_inside_table_three_keeps_every_row_it_has() -> None:
    # 073: 表三 stops at 7.属于行政执法案卷, whose row holds six cells for seven columns
    result = import_file(EXCERPTS / "073-shenzhen-longgang-dept-2024-nonzero.txt")
    assert _row(result, "三", "new_received") == [58, 7, 0, 0, 1, 0, 66]
    assert _row(result, "三", "carried_over_from_last_year") == [2, 0, 0, 0, 0, 0, 2]
    assert _row(result, "三", "results.granted") == [2, 1, 0, 0, 0, 0, 3]
    assert _row(result, "三", "results.partially_granted") == [16, 1, 0, 0, 0, 0, 17]
    assert _row(result, "三", "results.denied.internal_affairs") == [1, 0, 0, 0, 0, 0, 1]
    row7 = _row(result, "三", "results.denied.enforcement_case_file")
    assert all(isinstance(v, Unreadable) for v in row7)  # which of seven cells is missing is not settled
    declined = {d.row: d.reason for d in result.import_report.declined}
    assert "应有7个单元格，只有6个" in declined["7.属于行政执法案卷"]
    assert declined["8.属于行政查询事项"] == "文档中未找到本行"
    assert any("文档中未找到表四" in d.reason for d in result.import_report.declined)


def test_cells_one_per_line_with_pipes_keep_their_blanks() -> None:
    # 006: every cell on its own line closed by " |", an empty cell a lone "|"
    result = import_file(EXCERPTS / "006-changchun-erdao-fangwu-zhengshou-2022.txt")
    assert _row(result, "三", "new_received") == [56, *[Mark.BLANK] * 5, 56]
    assert _row(result, "三", "results.granted") == [18, *[Mark.BLANK] * 6]
    # 002: a lone "|" starts each row; the one row with an empty cell
    result = import_file(EXCERPTS / "002-wuhan-hanyang-district-office-2022.txt")
    assert _row(result, "二", "regulations") == [0, 0, Mark.BLANK]
    assert _row(result, "三", "new_received") == [8, 0, 0, 0, 0, 0, 8]


def test_cells_alternating_with_pipe_lines() -> None:
    # 017: label, "|", value, "|", value … (the pipes are borders, not cells)
    result = import_file(EXCERPTS / "017-xinjiang-nileke-town-2023.txt")
    assert _row(result, "二", "regulations") == [0, 0, 6]
    assert _row(result, "三", "results.denied.internal_affairs") == [0] * 7
    declined = {d.row: d.reason for d in result.import_report.declined}
    assert declined["6.属于四类过程性信息"] == "找到了行名，但没有随之的单元格"


def test_slashes_stay_slashes() -> None:
    result = import_file(EXCERPTS / "039-xian-gaoling-xingzhengshenpi-2021-slashcells.txt")
    assert _row(result, "三", "new_received") == [Mark.SLASH] * 7
    assert result.report.active_disclosure.licensing.decisions == 11839


def test_a_flipbook_page_that_starts_inside_table_three() -> None:
    # 043: page 9 of 15 — the last row of 表三, 表四, section 五; the viewer's "Page 9 - …" and "P. 9" dropped
    result = import_file(EXCERPTS / "043-weihai-wendeng-shenjiju-2020-flipbook-p9.txt")
    rep = result.import_report
    assert _row(result, "三", "carried_to_next_year") == [0] * 7
    assert [c.value for c in cells(result.report) if c.row.table == "四"] == [0] * 15
    assert result.report.metadata.report_year == 2020
    assert any("正文从三、收到和处理政府信息公开申请情况中间开始" in n for n in rep.notes)
    assert any(n.startswith("删除页码") for n in rep.notes)
    assert _row(result, "三", "new_received")[0] == Unreadable(unreadable="")


def test_text_in_number_cells_is_kept_never_read_as_a_number() -> None:
    # 080: 本年增/减 holds "减4"; the amount "52.15" has no unit
    result = import_file(EXCERPTS / "080-unknown-bureau-2019format-lostlabels.txt")
    assert _row(result, "二", "licensing") == [6, Unreadable(unreadable="减4"), 2]
    assert _row(result, "二", "centralized_procurement") == [6, Decimal("52.15")]
    # under （三）不予公开 the eight row labels are lost and the zeros do not come in eights: nothing placed
    values = _values(result)
    assert isinstance(values[("三", "results.denied.state_secret", "natural_person")], Unreadable)
    assert any("没有行名的数字" in d.reason for d in result.import_report.declined)


def test_the_complete_report_among_them_imports_whole() -> None:
    # 001 is 上海市人民政府办公厅's 2019 report as raw HTML in a text file: the same report as the seen
    # shanghai-office-2019.html, whose hand-made gold it must match cell for cell
    result = import_file(EXCERPTS / f"{COMPLETE}-shanghai-municipal-office-2019.txt")
    assert result.import_report.complete
    gold = (Path(__file__).resolve().parent / "gold" / "shanghai-office-2019.csv").read_text(encoding="utf-8")
    values = _values(result)
    for line in gold.splitlines()[1:]:
        table, row, column, text = line.split(",")
        value = values[(table, row, column)]
        expected: object = Mark(text) if text in ("", "/", "—", "无") else Decimal(text) if "." in text else int(text)
        if column == "procurement_amount":
            expected = Decimal(text)
        assert value == expected, (table, row, column)
