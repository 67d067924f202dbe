"""Tables drawn with box-drawing characters in page text (``w3m -dump``, Emacs/pandoc grid tables).

A text browser prints a web page's table as a grid::

    ┌──────┬──────────────┬───────┐
    │      │（一）予以公开 │22     │
    │三、本├──────────────┼───────┤
    │年度办│（二）部分公开 │19     │
    │      │（区分处理的…）│       │

The lines of one cell are found by the cell's column range: a run of text between two vertical rules
continues the cell with the same range on the line above, until a horizontal rule crosses that range.  Wide
(Chinese) characters take two columns, as the text browser laid them out.  Each cell is read once, in the
row where it starts, with its lines joined by line breaks — exactly what a table of the web page would give.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from govreport._importers._limits import MAX_TABLE_CELLS
from govreport._importers._registry import ImportFailed
from govreport._importers._source import Line, SourceCell, SourceTable, Where

_VERTICAL = frozenset("│┃║├┤┼┬┴┌┐└┘┣┫╋┳┻┏┓┗┛╠╣╬╦╩╔╗╚╝╟╢╫╞╡╪┠┨┿╂┝┥")
_RULE = frozenset("─━═╌╍┄┅┈┉")
_ASCII_VERTICAL = frozenset("|+")
_ASCII_RULE = frozenset("-=:")
_BOX_START = re.compile(r"^\s*[┌┏╔]")
_ASCII_START = re.compile(r"^\s*\+[-=:+]{3,}\+\s*$")
MIN_TABLE_LINES = 3
"""A grid needs a top rule, a line of cells and a bottom rule."""


@functools.lru_cache(maxsize=8192)
def _width(ch: str, ambiguous: int) -> int:
    """The columns a character takes in the text browser's layout (asked for every character of a grid: cached)."""
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F"):
        return 2
    return ambiguous if eaw == "A" and ch not in _VERTICAL and ch not in _RULE else 1


def _segments(text: str, vertical: frozenset[str], ambiguous: int) -> tuple[list[tuple[int, int, str]], set[int]]:
    """The runs between vertical rules as (first column, end column, text), and the rules' columns."""
    segs: list[tuple[int, int, str]] = []
    rules: set[int] = set()
    col = 0
    start = None
    buf: list[str] = []
    for ch in text:
        if ch in vertical:
            if start is not None:
                segs.append((start, col, "".join(buf)))
            rules.add(col)
            col += 1
            start, buf = col, []
            continue
        if start is not None:
            buf.append(ch)
        col += _width(ch, ambiguous)
    return segs, rules


class _Grid:
    def __init__(self, ascii_grid: bool) -> None:
        self.vertical = _ASCII_VERTICAL if ascii_grid else _VERTICAL
        self.rule = _ASCII_RULE if ascii_grid else _RULE
        self.columns: set[int] = set()
        self.open: dict[tuple[int, int], tuple[int, list[str]]] = {}  # (start, end) → (first line, lines)
        self.cells: list[tuple[int, int, str]] = []  # (first line, start column, text)

    def _close(self, start: int, end: int) -> None:
        for key in [k for k in self.open if k[0] < end and start < k[1]]:
            first, lines = self.open.pop(key)
            text = "\n".join(x for x in (s.strip() for s in lines) if x)
            self.cells.append((first, key[0], text))

    def line(self, number: int, text: str) -> None:
        segs, rules = _segments(text, self.vertical, 2)
        if self.columns and not rules <= self.columns:
            segs1, rules1 = _segments(text, self.vertical, 1)
            if rules1 <= self.columns:
                segs, rules = segs1, rules1
        for start, end, seg in segs:
            body = seg.strip()
            if body and set(body) <= self.rule | {" "}:
                self._close(start, end)  # a rule across this range ends the cells above it
                self.columns |= {start - 1, end}
                continue
            if (start, end) in self.open:
                self.open[(start, end)][1].append(seg)
                continue
            self._close(start, end)
            self.open[(start, end)] = (number, [seg])
        self.columns |= rules

    def table(self, number: int) -> SourceTable:
        self._close(-1, 1 << 30)
        self.cells.sort()
        rows: list[list[SourceCell]] = []
        columns = sorted({c[1] for c in self.cells})
        index = {c: i + 1 for i, c in enumerate(columns)}
        top = None
        for first, start, text in self.cells:
            if first != top:
                rows.append([])
                top = first
            rows[-1].append(
                SourceCell(text=text, where=Where(line=first, table=number, row=len(rows), column=index[start]))
            )
        return SourceTable(rows=tuple(tuple(r) for r in rows), where=Where(line=self.cells[0][0], table=number))


def find_tables(lines: list[str], name: str) -> list[Line | SourceTable]:
    """The lines of a text with every box-drawn grid replaced by the table it draws."""
    out: list[Line | SourceTable] = []
    i = 0
    count = 0
    cells = 0
    n = len(lines)
    while i < n:
        text = lines[i]
        ascii_grid = False
        if not _BOX_START.match(text):
            ascii_grid = bool(_ASCII_START.match(text))
            if not ascii_grid:
                out.append(Line(text=text, where=Where(line=i + 1)))
                i += 1
                continue
        grid = _Grid(ascii_grid)
        j = i
        while j < n:
            s = lines[j].lstrip()
            if not s or s[0] not in grid.vertical:
                break
            grid.line(j + 1, lines[j])
            j += 1
        if j - i < MIN_TABLE_LINES or not (grid.cells or grid.open):
            out.extend(Line(text=lines[k], where=Where(line=k + 1)) for k in range(i, j))
            i = j
            continue
        count += 1
        table = grid.table(count)
        cells += sum(len(r) for r in table.rows)
        if cells > MAX_TABLE_CELLS:
            raise ImportFailed(
                f"{name}: 表格单元格超过{MAX_TABLE_CELLS}个（第{i + 1}行起），报告的表格约300个单元格，不予读取",
                code="too-large",
            )
        out.append(table)
        i = j
    return out
