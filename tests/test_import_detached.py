"""Number rows apart from their labels: placed by order and position, settled by the format's identities, or
declined with what was seen — never a number in a cell it was not proven to hold.

The documents are real PDFs' text as converters give it (tests/corpus/*/renderings, tests/gold/renderings).  The
label-less tables are made from them here: 表三's rows as ``pdftotext -layout`` printed them, with every word
taken away so that only the numbers stand under the heading.
"""

from __future__ import annotations

import re
from pathlib import Path

from govreport.formats.cells import Unreadable
from govreport.importers import ImportResult, import_bytes, import_file
from govreport.layout import cells

TESTS = Path(__file__).resolve().parent
HUAIAN = TESTS / "corpus" / "b-2024-huaian-city"  # 2021 format, （六） itemised: 25 rows
HONGZE = TESTS / "corpus" / "b-2024-huaian-hongze-district"  # 2021 format, （六） as one row: 23 rows
NUMBER_ROW = re.compile(r"(?:\d+\s+){6}\d+\s*$")


def _gold(folder: Path, table: str = "三") -> dict[tuple[str, str], str]:
    rows = (line.split(",") for line in (folder / "gold.csv").read_text(encoding="utf-8").splitlines()[1:])
    return {(r, c): v for t, r, c, v in rows if t == table}


def _table3(result: ImportResult) -> dict[tuple[str, str], object]:
    return {(c.row.key, c.column.key): c.value for c in cells(result.report) if c.row.table == "三"}


def _without_labels(folder: Path, *, drop: int | None = None, swap: tuple[int, int] | None = None) -> bytes:
    """The rendering with 表三 reduced to its rows of seven numbers (optionally one dropped or two swapped)."""
    text = (folder / "renderings" / "pdftotext-layout.txt").read_text(encoding="utf-8")
    start = text.index("三、收到和处理政府信息公开申请情况")
    end = text.index("四、政府信息公开行政复议")
    rows = [
        " ".join(m.group(0).split()) for m in (NUMBER_ROW.search(line) for line in text[start:end].splitlines()) if m
    ]
    if drop is not None:
        del rows[drop]
    if swap is not None:
        i, j = swap
        rows[i], rows[j] = rows[j], rows[i]
    table = "三、收到和处理政府信息公开申请情况\n" + "\n".join(rows) + "\n"
    return (text[:start] + table + text[end:]).encode("utf-8")


def test_the_label_less_tables_are_what_the_test_says() -> None:
    assert _without_labels(HUAIAN).decode().count("\n") > 25
    table = _without_labels(HUAIAN).decode().split("三、收到和处理政府信息公开申请情况")[1].split("四、")[0]
    assert len([line for line in table.splitlines() if line.strip()]) == 25
    assert not re.search(r"[\u4e00-\u9fff]", table.split("\n", 1)[1].split("政府信息公开行政复议")[0])


def test_a_table_of_numbers_alone_is_read_by_position_and_confirmed_by_its_identities() -> None:
    result = import_bytes(_without_labels(HUAIAN), "huaian-city.txt")
    got = _table3(result)
    gold = _gold(HUAIAN)
    assert len(gold) == 175
    for k, v in gold.items():
        assert got[k] == int(v), k
    placed = [p for p in result.import_report.values if p.pointer.startswith("/applications")]
    assert all(p.settled_by == "order-and-arithmetic" for p in placed)
    assert any("已按格式顺序归位" in n and "表内合计关系成立" in n for n in result.import_report.notes)


def test_the_count_of_rows_chooses_the_layout_of_other_handling() -> None:
    result = import_bytes(_without_labels(HONGZE), "hongze.txt")
    oh = result.report.applications.results.other_handling
    assert type(oh).__name__ == "OtherHandlingCombined"
    got = _table3(result)
    for k, v in _gold(HONGZE).items():
        assert got[k] == int(v), k


def test_a_row_missing_leaves_no_layout_and_nothing_is_placed() -> None:
    result = import_bytes(_without_labels(HUAIAN, drop=5), "huaian-city.txt")
    assert all(isinstance(v, Unreadable) for v in _table3(result).values())
    reasons = {d.reason for d in result.import_report.declined if d.table == "三" and d.row}
    assert any("有24行没有行名的数字" in r and "无法确定哪行数字属于哪一行" in r for r in reasons)
    # what was seen is kept, with where it was seen
    unplaced = [u for u in result.import_report.unplaced if u.reason.startswith("表三")]
    assert len([u for u in unplaced if u.text == "3119"]) == 1
    assert all(u.where.line for u in unplaced)


def test_rows_out_of_order_that_break_the_identities_are_taken_back() -> None:
    # 一、本年新收 and （七）总计 exchanged: every column's 一 + 二 = （七） + 四 fails
    result = import_bytes(_without_labels(HUAIAN, swap=(0, 23)), "huaian-city.txt")
    assert all(isinstance(v, Unreadable) for v in _table3(result).values())
    reasons = [d.reason for d in result.import_report.declined if d.table == "三" and d.row]
    assert all("没有行名的数字行按顺序归位后，以下合计关系不成立" in r for r in reasons)


def test_labels_printed_after_their_numbers_are_not_read_as_the_next_rows() -> None:
    # markitdown puts 1.属于国家秘密 after its number row in this PDF, before it in others: order settles both
    result = import_file(TESTS / "gold" / "renderings" / "huaian-hongze-2023.pdf" / "markitdown.md")
    assert result.report.applications.results.denied.state_secret.natural_person == 1
    assert result.report.applications.results.denied.internal_affairs.natural_person == 0
    assert result.report.applications.results.unable_to_provide.not_held.total == 10
    result = import_file(HUAIAN / "renderings" / "markitdown.md")
    gold = _gold(HUAIAN)
    got = _table3(result)
    assert all(got[k] == int(v) for k, v in gold.items())


def test_numbers_taken_apart_column_by_column_are_declined_not_placed() -> None:
    # pdftotext without -layout emits some of this PDF's cells column by column: the rows after the labels are
    # not their rows, and their totals say so
    result = import_file(TESTS / "gold" / "renderings" / "huaian-hongze-2023.pdf" / "pdftotext.txt")
    declined = {d.row: d.reason for d in result.import_report.declined if d.table == "三"}
    assert "其总计不等于前六格之和" in declined["（七）总计"]
    total = result.report.applications.results.total_processed
    assert isinstance(total.natural_person, Unreadable)


def test_table_four_as_three_named_rows_is_read_as_printed_even_when_it_does_not_add_up() -> None:
    # shuyang-2025 prints 表四 as three small tables under 行政复议 / （未经复议直接起诉） / （复议后起诉);
    # with a total that does not add up (as a report may publish it), the cells are still the report's own
    from govreport.checks import check

    text = (TESTS / "gold" / "sources" / "shuyang-2025.txt").read_text(encoding="utf-8")
    broken = text.replace("| 3 | 0 | 0 | 0 | 3 |", "| 3 | 0 | 0 | 0 | 4 |", 1)
    assert broken != text
    result = import_bytes(broken.encode("utf-8"), "shuyang.txt")
    direct = result.report.review_litigation.litigation_direct
    assert (direct.upheld, direct.total) == (3, 4)
    failed = {(f.rule_id, f.places[0].pointer) for f in check(result.report).failed}
    assert ("T4-TOTAL", "/review_litigation/litigation_direct/total") in failed
