"""Tables drawn with box-drawing characters, as text browsers dump them (``w3m -dump``).

The drawing is read as a grid of screen columns (a Chinese character takes two, a box character one).  Each
area enclosed by box characters is one table cell, whatever rows and columns it spans; its text is the text of
its lines joined (a wrapped label becomes whole again).  The cells are returned row by row: a cell belongs to
the row of its top line, so a spanning cell appears once, in its first row, as in every other source table.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence

from govreport._importers._source import Line, Where

BOX = frozenset("─━│┃┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋═║╔╗╚╝╠╣╦╩╬╞╡╪╟╢╫╤╧╥╨╒╕╘╛╓╖╙╜")
"""Characters that draw a table's rules and corners."""
CORNERS = frozenset("┌┏╔╒╓")
_SIDES = frozenset("│┃║├┣╠╞╟└┗╚╘╙")
_WIDE = frozenset("WF")


MAX_LINE = 2000
"""A drawn table's line is a screen wide; a longer "line" of box characters is not a table (and its grid of screen
columns would take memory out of all proportion)."""


def starts(text: str) -> bool:
    """Whether a line is the top of a drawn table."""
    s = text.strip()
    return bool(s) and len(s) <= MAX_LINE and s[0] in CORNERS and all(c in BOX for c in s)


def inside(text: str) -> bool:
    """Whether a line belongs to a drawn table (it begins with a rule or a corner)."""
    s = text.strip()
    return bool(s) and len(s) <= MAX_LINE and (s[0] in _SIDES or s[0] in CORNERS)


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
    # every line cut into its runs of columns between box characters; runs of neighbouring lines that share a
    # column belong to the same cell (a union–find over runs, not over screen columns)
    runs: list[tuple[int, int, int]] = []  # (line, first column, column after the last)
    by_line: list[list[int]] = []
    for r, row in enumerate(grid):
        mine: list[int] = []
        c, n = 0, len(row)
        while c < n:
            if row[c] in BOX:
                c += 1
                continue
            start = c
            while c < n and row[c] not in BOX:
                c += 1
            mine.append(len(runs))
            runs.append((r, start, c))
        by_line.append(mine)
    parent = list(range(len(runs)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for above, below in itertools.pairwise(by_line):
        i = j = 0
        while i < len(above) and j < len(below):
            _, a0, a1 = runs[above[i]]
            _, b0, b1 = runs[below[j]]
            if a0 < b1 and b0 < a1:
                parent[find(above[i])] = find(below[j])
            if a1 <= b1:
                i += 1
            else:
                j += 1
    cells: dict[int, list[int]] = {}
    for k in range(len(runs)):
        cells.setdefault(find(k), []).append(k)
    out_rows: dict[int, list[tuple[int, str]]] = {}
    for members in cells.values():
        members.sort(key=lambda k: (runs[k][0], runs[k][1]))
        top = runs[members[0]][0]
        left = min(runs[k][1] for k in members)
        parts = ["".join(grid[r][a:b]).strip() for r, a, b in (runs[k] for k in members)]
        out_rows.setdefault(top, []).append((left, "".join(p for p in parts if p)))
    out: list[list[tuple[str, Where]]] = []
    for top in sorted(out_rows):
        found = sorted(out_rows[top])
        if all(not text for _, text in found) and len(found) == 1:
            continue
        out.append([(text, lines[top].where) for _, text in found])
    return out
