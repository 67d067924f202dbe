"""Tables drawn with box-drawing characters, as text browsers dump them (``w3m -dump``).

The drawing is read as a grid of screen columns (a Chinese character takes two, a box character one).  Each
area enclosed by box characters is one table cell, whatever rows and columns it spans; its text is the text of
its lines joined (a wrapped label becomes whole again).  The cells are returned row by row: a cell belongs to
the row of its top line, so a spanning cell appears once, in its first row, as in every other source table.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from govreport._importers._source import Line, Where

BOX = frozenset("─━│┃┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋═║╔╗╚╝╠╣╦╩╬╞╡╪╟╢╫╤╧╥╨╒╕╘╛╓╖╙╜")
"""Characters that draw a table's rules and corners."""
CORNERS = frozenset("┌┏╔╒╓")
_SIDES = frozenset("│┃║├┣╠╞╟└┗╚╘╙")
_WALL = "\0"
"""A screen column outside any cell (past a line's end)."""
_WIDE = frozenset("WF")


def starts(text: str) -> bool:
    """Whether a line is the top of a drawn table."""
    s = text.strip()
    return bool(s) and s[0] in CORNERS and all(c in BOX for c in s)


def inside(text: str) -> bool:
    """Whether a line belongs to a drawn table (it begins with a rule or a corner)."""
    s = text.strip()
    return bool(s) and (s[0] in _SIDES or s[0] in CORNERS)


def _screen(text: str) -> list[str]:
    """The line as screen columns: a wide character followed by an empty placeholder column."""
    out: list[str] = []
    for ch in text.rstrip():
        out.append(ch)
        if unicodedata.east_asian_width(ch) in _WIDE:
            out.append("")
    return out


def rows(lines: Sequence[Line]) -> list[list[tuple[str, Where]]]:
    """The cells of a drawn table, row by row, each with its text and the place of its first line."""
    grid = [_screen(line.text) for line in lines]
    width = max((len(r) for r in grid), default=0)
    for r in grid:
        r.extend(_WALL for _ in range(width - len(r)))
    seen = [[False] * width for _ in grid]
    cells: list[tuple[int, int, str]] = []  # (top line, left column, text)
    for top in range(len(grid)):
        for left in range(width):
            if seen[top][left] or grid[top][left] in BOX or grid[top][left] == _WALL:
                continue
            area = _flood(grid, seen, top, left)
            cells.append((min(r for r, _ in area), min(c for _, c in area), _text(grid, area)))
    by_line: dict[int, list[tuple[int, str]]] = {}
    for top, left, text in cells:
        by_line.setdefault(top, []).append((left, text))
    out: list[list[tuple[str, Where]]] = []
    for top in sorted(by_line):
        row = sorted(by_line[top])
        if all(not text for _, text in row) and len(row) == 1:
            continue
        out.append([(text, lines[top].where) for _, text in row])
    return out


def _flood(grid: list[list[str]], seen: list[list[bool]], top: int, left: int) -> list[tuple[int, int]]:
    area: list[tuple[int, int]] = []
    stack = [(top, left)]
    seen[top][left] = True
    while stack:
        r, c = stack.pop()
        area.append((r, c))
        for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
            if 0 <= nr < len(grid) and 0 <= nc < len(grid[nr]) and not seen[nr][nc]:
                ch = grid[nr][nc]
                if ch in BOX or ch == _WALL:
                    continue
                seen[nr][nc] = True
                stack.append((nr, nc))
    return area


def _text(grid: list[list[str]], area: list[tuple[int, int]]) -> str:
    by_row: dict[int, list[int]] = {}
    for r, c in area:
        by_row.setdefault(r, []).append(c)
    parts = []
    for r in sorted(by_row):
        parts.append("".join(grid[r][c] for c in sorted(by_row[r])).strip())
    return "".join(p for p in parts if p)
