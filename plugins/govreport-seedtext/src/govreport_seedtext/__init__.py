"""The seed's plain-text table layout as a govreport export format (``seedtext``).

淄博高新区's 2021 report, as published in plain text, writes each table cell
on its own tab-indented line and leaves a blank line after each table row.
This exporter writes the three tables of a 2021-format report the same way,
each under its section heading, so that exporting the seed JSON reproduces
the tables of the published text exactly.  The seed's typography is kept:
numbered labels use the full-width point (``1．``), and a 表三 row outside the
merged 三、本年度办理结果 cell starts with a cell holding a no-break space.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import govreport
from govreport.export import Exporter, ExportError
from govreport.formats import v2021
from govreport.formats.cells import Mark, Unreadable
from govreport.layout import Row, cells, rows

HEADINGS = {
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
}
_NBSP_CELL = "\u00a0"
_NUMBERED = re.compile(r"^(\d+)\.")
_APPLICANT_HEADER = (
    ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"),
    ("", "自然人", "法人或其他组织", "总计"),
    ("", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""),
)
_OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_REVIEW_HEADER = (
    ("行政复议", "行政诉讼"),
    (*_OUTCOMES, "未经复议直接起诉", "复议后起诉"),
    ("", "", "", "", "", *_OUTCOMES, *_OUTCOMES),
)
# In the seed the merged 三、本年度办理结果 cell covers （一）to（五）; （六）and（七）have a cell of their own.
_OWN_FIRST_CELL = ("results.other_handling", "results.total_processed")


def _label(text: str) -> str:
    return _NUMBERED.sub(lambda m: f"{m.group(1)}．", text)


def _value(value: object) -> str:
    if isinstance(value, Mark):
        return value.value
    if isinstance(value, Unreadable):
        return value.unreadable
    return str(value)


def _block(row_cells: tuple[str, ...] | list[str]) -> Iterator[str]:
    for cell in row_cells:
        yield f"\t{cell}"
    yield ""


def _table_two(table_rows: list[Row], values: dict[str, list[str]]) -> Iterator[str]:
    group = None
    for row in table_rows:
        if row.group != group:
            group = row.group
            yield from _block([group or ""])
            yield from _block(["信息内容", *(c.label for c in row.columns)])
        yield from _block([row.label, *values[row.key]])


def _table_three(table_rows: list[Row], values: dict[str, list[str]]) -> Iterator[str]:
    for header in _APPLICANT_HEADER:
        yield from _block(header)
    previous: tuple[str, ...] = ()
    for row in table_rows:
        labels = [_label(text) for text in row.labels]
        shown = [text if previous[: i + 1] != tuple(row.labels[: i + 1]) else "" for i, text in enumerate(labels)]
        if any(row.key.startswith(key) for key in _OWN_FIRST_CELL):
            shown[0] = _NBSP_CELL
        previous = row.labels
        yield from _block([*shown, *values[row.key]])


def _table_four(table_rows: list[Row], values: dict[str, list[str]]) -> Iterator[str]:
    for header in _REVIEW_HEADER:
        yield from _block(header)
    yield from _block([value for row in table_rows for value in values[row.key]])


def render(report: govreport.AnyReport) -> bytes:
    """The three tables in the seed's plain-text layout (UTF-8)."""
    if not isinstance(report, v2021.Report):
        raise ExportError("the seedtext layout exists for the 2021 format only")
    lines: list[str] = []
    for table, write in (("二", _table_two), ("三", _table_three), ("四", _table_four)):
        values: dict[str, list[str]] = {}
        for cell in cells(report, table):
            values.setdefault(cell.row.key, []).append(_value(cell.value))
        lines.append(HEADINGS[table])
        lines.extend(write(rows(report, table), values))
        lines.append("")
    return "\n".join(lines).encode("utf-8")


EXPORTER = Exporter(
    name="seedtext",
    suffix=".txt",
    media_type="text/plain",
    binary=False,
    render=render,
    description="the seed's plain-text tables: one cell per tab-indented line, a blank line after each row",
)


@govreport.hookimpl
def register_exporters() -> list[Exporter]:
    return [EXPORTER]
