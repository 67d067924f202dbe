"""Laying out a table's spanning cells: each cell once, at its first row and column, in bounded time and memory.

Shared by the readers of formats whose tables say how far a cell spans (HTML ``rowspan``/``colspan``, a Word
table's ``gridSpan``/``vMerge``).  The work is bounded before it starts (:data:`MAX_TABLE_GRID`): spans that
multiply cannot make it explode.
"""

from __future__ import annotations

import attrs

from govreport._importers._limits import MAX_SPAN, MAX_TABLE_COLUMNS, MAX_TABLE_GRID
from govreport._importers._registry import ImportFailed
from govreport._importers._source import SourceCell, SourceTable, Where


@attrs.frozen(kw_only=True)
class RawCell:
    """A cell as written, before its column is known."""

    text: str
    rowspan: int = 1
    colspan: int = 1


def span(value: str | None) -> int:
    """A ``rowspan``/``colspan`` attribute as a number: 1 when missing or not a number, at most :data:`MAX_SPAN`.

    ``0`` (HTML's "to the end of the table") is taken as reaching the end, which :func:`lay_out` clamps."""
    try:
        n = int((value or "1").strip().rstrip(";"))
    except ValueError:
        return 1
    if n == 0:
        return MAX_SPAN
    return min(max(n, 1), MAX_SPAN)


def lay_out(rows: list[list[RawCell]], number: int, name: str, notes: list[str]) -> SourceTable:
    """Place each cell at its first row and column (a spanning cell appears once, in its first row).

    A ``colspan`` reaching past :data:`MAX_TABLE_COLUMNS` stops there (with a note); a table whose rows ×
    columns could pass :data:`MAX_TABLE_GRID` is refused with :class:`ImportFailed` before any work is done.
    """
    widest = max((len(row) for row in rows), default=0)
    # the row being laid out can hold at most MAX_TABLE_COLUMNS spanned columns, one per cell past them, and
    # the columns rowspans from above push it right by: together at most this many positions
    bound = MAX_TABLE_COLUMNS + 2 * widest
    if len(rows) * bound > MAX_TABLE_GRID:
        raise ImportFailed(
            f"{name}: 第{number}个表格有{len(rows)}行、每行最多{widest}个单元格；排布超过{MAX_TABLE_GRID}个位置的表格"
            "不予读取（报告的表格只有几百个单元格）",
            code="too-large",
        )
    pending: list[int] = []  # per column: the rows, counting the current one, a rowspan from above covers
    out: list[tuple[SourceCell, ...]] = []
    cut = False
    for r, row in enumerate(rows):
        if r:
            pending = [p - 1 if p > 0 else 0 for p in pending]
        left = len(rows) - r
        col = 0
        cells: list[SourceCell] = []
        for cell in row:
            while col < len(pending) and pending[col] > 0:
                col += 1
            cells.append(SourceCell(text=cell.text, where=Where(table=number, row=r + 1, column=col + 1)))
            colspan = cell.colspan
            if col + colspan > MAX_TABLE_COLUMNS:
                colspan = max(1, MAX_TABLE_COLUMNS - col)
                cut = cut or cell.colspan > colspan
            end = col + colspan
            if len(pending) < end:
                pending.extend([0] * (end - len(pending)))
            down = min(cell.rowspan, left)
            for c in range(col, end):
                pending[c] = down
            col = end
        out.append(tuple(cells))
    if cut:
        notes.append(
            f"第{number}个表格：有单元格跨列（colspan）超过{MAX_TABLE_COLUMNS}列，已截至该列"
            "（报告的表格都不超过十几列）"
        )
    return SourceTable(rows=tuple(out), where=Where(table=number))
