"""Tables from the rules drawn on a PDF page: pdfplumber's "lines" algorithm, with indexes instead of scans.

The steps and tolerances are pdfplumber's (``TableFinder`` with its default settings), so the cells are the
ones the PDF reader found with pdfplumber before; ``tests/test_import_readers.py`` checks that on the corpus
PDFs.  pdfplumber compares every intersection with every other through sets built per comparison, which took
more time than everything else in reading a report PDF; here each rule is looked up by its line instead.

1. Snap: rules within :data:`SNAP` of each other along their cross axis move to their average position.
2. Join: collinear rules that touch or overlap (within :data:`SNAP`) become one.
3. Drop rules shorter than :data:`MIN_LENGTH`.
4. Intersections: where a vertical and a horizontal rule meet (within :data:`SNAP`).
5. Cells: from each intersection, the smallest rectangle whose four corners are intersections joined by rules.
6. Tables: cells sharing a corner belong to one table; a table needs two cells.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

Rule = tuple[str, float, float, float]
"""``("h", y, x0, x1)`` or ``("v", x, top, bottom)``, in points from the page's top-left."""
BBox = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)``."""

SNAP = 3.0
"""pdfplumber's snap, join and intersection tolerance (points)."""
MIN_LENGTH = 3.0
"""pdfplumber's ``edge_min_length`` (points): shorter joined rules are no table's."""
PREFILTER_LENGTH = 1.0
"""pdfplumber's ``edge_min_length_prefilter`` (points): shorter strokes are not rules at all."""


def merge(rules: list[Rule]) -> list[Rule]:
    """Snapped, joined rules of at least :data:`MIN_LENGTH`."""
    out: list[Rule] = []
    for orientation in ("h", "v"):
        mine = [r for r in rules if r[0] == orientation and r[3] - r[2] >= PREFILTER_LENGTH]
        if not mine:
            continue
        # pdfplumber averages over the rules (with repeats), not over distinct positions
        positions = sorted(r[1] for r in mine)
        snapped: dict[float, float] = {}
        group: list[float] = []
        for v in positions:
            if group and v - group[-1] > SNAP:
                avg = sum(group) / len(group)
                snapped.update((g, avg) for g in group)
                group = []
            group.append(v)
        avg = sum(group) / len(group)
        snapped.update((g, avg) for g in group)
        lines: dict[float, list[tuple[float, float]]] = defaultdict(list)
        for r in mine:
            lines[snapped[r[1]]].append((r[2], r[3]))
        for pos in sorted(lines):
            spans = sorted(lines[pos])
            start, end = spans[0]
            for s, e in spans[1:]:
                if s <= end + SNAP:
                    end = max(end, e)
                else:
                    if end - start >= MIN_LENGTH:
                        out.append((orientation, pos, start, end))
                    start, end = s, e
            if end - start >= MIN_LENGTH:
                out.append((orientation, pos, start, end))
    return out


def tables(rules: list[Rule]) -> list[list[list[BBox | None]]]:
    """The tables the (merged) rules draw, top to bottom: rows of cell boxes, ``None`` where a merged cell
    above or to the left covers the position."""
    hs = [r for r in rules if r[0] == "h"]
    vs = [r for r in rules if r[0] == "v"]
    by_x: dict[float, list[tuple[float, float]]] = defaultdict(list)
    by_y: dict[float, list[tuple[float, float]]] = defaultdict(list)
    for _, x, top, bottom in vs:
        by_x[x].append((top, bottom))
    for _, y, x0, x1 in hs:
        by_y[y].append((x0, x1))
    points: set[tuple[float, float]] = set()
    hs_by_y = sorted(hs, key=lambda r: r[1])
    ys = [r[1] for r in hs_by_y]
    for _, x, top, bottom in vs:
        lo = bisect.bisect_left(ys, top - SNAP)
        hi = bisect.bisect_right(ys, bottom + SNAP)
        for _, y, x0, x1 in hs_by_y[lo:hi]:
            if x0 - SNAP <= x <= x1 + SNAP:
                points.add((x, y))
    if not points:
        return []

    def vertical(x: float, y1: float, y2: float) -> bool:
        return any(top <= y1 + SNAP and bottom >= y2 - SNAP for top, bottom in by_x[x])

    def horizontal(y: float, x1: float, x2: float) -> bool:
        return any(x0 <= x1 + SNAP and x1_ >= x2 - SNAP for x0, x1_ in by_y[y])

    column: dict[float, list[float]] = defaultdict(list)
    row: dict[float, list[float]] = defaultdict(list)
    for x, y in sorted(points):
        column[x].append(y)
        row[y].append(x)
    cells: list[BBox] = []
    for x, y in sorted(points):
        found = None
        below = column[x][bisect.bisect_right(column[x], y) :]
        right = row[y][bisect.bisect_right(row[y], x) :]
        for y2 in below:
            if not vertical(x, y, y2):
                break  # a merged rule that does not reach y2 reaches nothing further down
            for x2 in right:
                if not horizontal(y, x, x2):
                    break
                if (x2, y2) in points and vertical(x2, y, y2) and horizontal(y2, x, x2):
                    found = (x, y, x2, y2)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return [_rows(group) for group in _groups(cells)]


def _groups(cells: list[BBox]) -> list[list[BBox]]:
    """Cells sharing a corner, as groups of two or more, sorted by their top-left cell."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                parent[find(i)] = find(j)
    groups: dict[int, list[BBox]] = defaultdict(list)
    for i, cell in enumerate(cells):
        groups[find(i)].append(cell)
    found = [g for g in groups.values() if len(g) > 1]
    return sorted(found, key=lambda g: min((c[1], c[0]) for c in g))


def _rows(cells: list[BBox]) -> list[list[BBox | None]]:
    """pdfplumber's ``Table.rows``: cells by their top, each row with a slot per distinct left edge."""
    xs = sorted({c[0] for c in cells})
    by_top: dict[float, dict[float, BBox]] = defaultdict(dict)
    for c in sorted(cells, key=lambda c: (c[1], c[0])):
        by_top[c[1]][c[0]] = c
    return [[by_top[top].get(x) for x in xs] for top in sorted(by_top)]
