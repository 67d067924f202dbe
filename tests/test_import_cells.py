"""Cells as people write them: units, separators, full-width digits, marks, fillers of merged cells, two numbers
in one cell, rows with fewer cells than columns.  The rows quoted here are copied from real renderings in
tests/gold/renderings and tests/corpus (named beside each)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from govreport._importers._fit import fit
from govreport._importers._normalise import parse_cell
from govreport._importers._source import Where
from govreport._importers._tokens import Tok
from govreport.formats._fields import CellKind
from govreport.formats.cells import Mark, Unreadable
from govreport.importers import import_file
from govreport.layout import cells

TESTS = Path(__file__).resolve().parent
SEEN = TESTS / "gold" / "renderings"
CORPUS = TESTS / "corpus"

COUNT = CellKind.COUNT
AMOUNT = CellKind.AMOUNT


@pytest.mark.parametrize(
    ("text", "kind", "unit", "value"),
    [
        ("12", COUNT, None, 12),
        ("１２", COUNT, None, 12),  # full-width digits
        ("1,234", COUNT, None, 1234),  # thousands separators
        ("1，234", COUNT, None, 1234),
        ("5件", COUNT, None, 5),  # a count's unit in the cell
        ("0.00", COUNT, None, 0),  # a count formatted with decimals
        ("12.0", COUNT, None, 12),
        ("12.5", COUNT, None, Unreadable(unreadable="12.5")),  # no half a case
        ("-3", COUNT, None, Unreadable(unreadable="-3")),
        ("-3", CellKind.SIGNED_COUNT, None, -3),
        ("减4", CellKind.SIGNED_COUNT, None, Unreadable(unreadable="减4")),  # words are not read as a sign
        ("十二", COUNT, None, Unreadable(unreadable="十二")),
        ("12¹", COUNT, None, 12),  # a footnote mark, never the digit 1 (NFKC would make it 121)
        ("12①", COUNT, None, 12),
        ("", COUNT, None, Mark.BLANK),
        ("/", COUNT, None, Mark.SLASH),
        ("—", COUNT, None, Mark.DASH),
        ("--", COUNT, None, Mark.DASH),
        ("无", COUNT, None, Mark.NONE),
        ("12万元", AMOUNT, "万元", Decimal("12")),
        ("96171.6", AMOUNT, "万元", Decimal("96171.6")),
        ("73802895.90元", AMOUNT, "万元", Unreadable(unreadable="73802895.90元")),  # another unit: never converted
        ("73802895.90元", AMOUNT, None, Decimal("73802895.90")),
        ("1,530,000", AMOUNT, None, Decimal("1530000")),
    ],
)
def test_cell_text_to_value(text: str, kind: CellKind, unit: str | None, value: object) -> None:
    assert parse_cell(text, kind, unit)[0] == value


def _row(*texts: str) -> list[Tok]:
    return [Tok(text=t, where=Where(line=1, column=i), from_text=False) for i, t in enumerate(texts)]


def _texts(toks: tuple[Tok, ...] | None) -> list[str] | None:
    return None if toks is None else [t.text for t in toks]


def test_fillers_after_a_label_spanning_columns_are_dropped() -> None:
    # markitdown of pingtan-2023.html: "| 一、本年新收政府信息公开申请数量 | | | 80 | 1 | 0 | 0 | 0 | 0 | 81 |"
    got = fit(_row("", "", "80", "1", "0", "0", "0", "0", "81"), 7, table="三")
    assert _texts(got.cells) == ["80", "1", "0", "0", "0", "0", "81"]
    assert "删除空白填充格2个" in got.how


def test_fillers_between_numbers_are_dropped_when_every_column_has_its_number() -> None:
    # markitdown of shanghai-office-2019.html: "| 规章 | 13 | 13 | | 524 |" (a header cell spans two columns)
    assert _texts(fit(_row("13", "13", "", "524"), 3).cells) == ["13", "13", "524"]


def test_two_numbers_in_one_cell_are_two_cells() -> None:
    # markitdown of b-2024-huaian-city's PDF: "| 一、本年新收政府信息公开申请数量 | | 3001 53 | 0 0 | 61 4 | 3119 |"
    got = fit(_row("", "3001 53", "0 0", "61 4", "3119"), 7, table="三")
    assert _texts(got.cells) == ["3001", "53", "0", "0", "61", "4", "3119"]


def test_an_empty_last_cell_behind_a_pipe_and_spaces() -> None:
    # html2text of shanghai-office-2019.html: "（一）予以公开| 258| 12|  |  | 1| 1|    "
    got = fit(_row("258", "12", "", "", "1", "1"), 7, open_end=True, table="三")
    assert _texts(got.cells) == ["258", "12", "", "", "1", "1", ""]


def test_a_row_with_fewer_cells_is_declined_saying_which_is_not_settled() -> None:
    # excerpt 073: "7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 |" has six cells for seven columns
    got = fit(_row("0", "0", "0", "0", "0", "0"), 7, table="三")
    assert got.cells is None
    assert got.reason == "本行应有7个单元格，只有6个（「0 0 0 0 0 0」），无法确定缺的是哪一格"


def test_empty_cells_at_both_ends_are_settled_by_the_rows_total_or_declined() -> None:
    # a filler after the label and a blank 总计: only dropping the filler leaves a row its total does not refute
    got = fit(_row("", "258", "12", "", "", "1", "1", ""), 7, table="三")
    assert _texts(got.cells) == ["258", "12", "", "", "1", "1", ""]
    assert "唯一与本行总计不矛盾的排法" in got.how
    # both arrangements possible: declined
    got = fit(_row("", "5", "", "", "", "", "", ""), 7, table="三")
    assert got.cells is None
    assert "无法确定哪些空白格是合并单元格留下的填充格" in got.reason


def test_extra_cells_that_hold_something_are_never_dropped() -> None:
    got = fit(_row("申请", "0", "0", "0", "0", "0", "0", "0"), 7, table="三")
    assert got.cells is None
    assert "多出的单元格不是空的" in got.reason


def _cell(path: Path, table: str, row: str, column: str) -> object:
    result = import_file(path)
    return next(c.value for c in cells(result.report) if (c.row.table, c.row.key, c.column.key) == (table, row, column))


def test_real_renderings_read_their_fillers_and_two_number_cells() -> None:
    kewei = SEEN / "shanghai-office-2019.html" / "markitdown.md"
    assert _cell(kewei, "二", "regulations", "total_published") == 524
    huaian = CORPUS / "b-2024-huaian-city" / "renderings" / "markitdown.md"
    assert _cell(huaian, "三", "new_received", "legal_service_org") == 61
    assert _cell(huaian, "三", "new_received", "total") == 3119


def test_units_in_real_cells() -> None:
    # the 2019 procurement cells as printed: "251000元" (shanghai-office-2019.html),
    # "2笔 984361元" (平潭财政金融局 2020)
    path = TESTS / "gold" / "sources" / "shanghai-office-2019.html"
    assert _cell(path, "二", "centralized_procurement", "procurement_amount") == Decimal("251000")
    path = CORPUS / "a-2020-pingtan-caijin" / "source.txt"
    assert _cell(path, "二", "centralized_procurement", "procurement_amount") == Decimal("984361")
    assert _cell(path, "二", "centralized_procurement", "procurement_items") == 2
