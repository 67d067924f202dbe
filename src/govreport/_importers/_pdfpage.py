"""One PDF page read through pdfium: characters with their boxes, the rules drawn on it, its tables and lines.

* Characters come from pdfium's text page (font boxes, so a line's characters share a height); white space
  is dropped and a word gap (more than :data:`WORD_GAP` points) becomes one space, as pdfplumber does.
* Rules are the page's path objects (lines, thin rectangles, rectangle edges, straight segments of longer
  paths, inside form XObjects too).  pdfplumber's table-finding algorithm (:mod:`govreport._importers._rules`: snapping,
  joining, intersections, cells) turns them into tables; each character
  goes to the cell its centre falls in.  A "table" of one column is a frame, not a table.
* The other characters become lines: runs in the order pdfium found them, merged with the runs at the same
  height.  When the page is set in two columns (a gutter no line crosses, prose on both sides), the left
  column is read before the right one, band by band between whatever spans both.
"""

from __future__ import annotations

import bisect
import ctypes
from collections.abc import Iterator
from typing import Any

import attrs

from govreport._importers._limits import MAX_PDF_EDGES, MAX_PDF_PAGE_GLYPHS, MAX_PDF_PATHS
from govreport._importers._rules import BBox, Rule, merge, tables
from govreport._importers._source import Box

WORD_GAP = 3.0
"""Points between two characters that make a word gap (pdfplumber's ``x_tolerance``)."""
LINE_TOLERANCE = 3.0
"""Points by which the baselines of characters on one line may differ (pdfplumber's ``y_tolerance``)."""
LOOSE_SLACK = 20.0
"""Points a character's font box may exceed three times its ink box; beyond, the font's metrics are broken (a
WPS-made PDF gave 199-point boxes for 9-point characters) and the ink box is used."""
THIN = 2.5
"""A path thinner than this (points) in one direction is a rule along the other."""
GUTTER_MIN_WIDTH = 12.0
"""Points of empty space a column gutter is at least wide."""
COLUMN_MIN_LINES = 4
"""Prose lines each side of a gutter needs before the page is taken as set in two columns."""
COLUMN_PROSE_CHARS = 8
"""Characters a line needs to count as prose when looking for columns (table numbers are shorter)."""


@attrs.define(slots=True)
class Char:
    """A character, its box and its baseline, in points from the page's top-left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    base: float


@attrs.define
class PdfLine:
    """A line of text outside the tables, in page coordinates (points from the top-left)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    def box(self) -> Box:
        return Box(x0=self.x0, top=self.top, x1=self.x1, bottom=self.bottom)


@attrs.define
class PdfTable:
    """A ruled table: rows of cells (``None`` for the rest of a merged cell) with their boxes."""

    bbox: tuple[float, float, float, float]
    rows: list[list[tuple[tuple[float, float, float, float], str] | None]]


@attrs.define
class Page:
    lines: list[PdfLine]
    tables: list[PdfTable]
    glyphs: int
    notes: list[str]
    order: list[PdfLine | PdfTable]
    """Lines and tables in reading order."""


class TooManyGlyphs(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


def read_page(page: Any, raw: Any) -> Page:
    """Everything on one page (``page`` a pypdfium2 PdfPage, ``raw`` the module ``pypdfium2.raw``)."""
    left, _bottom, right, top_y = page.get_bbox()
    height = top_y
    notes: list[str] = []
    textpage = page.get_textpage()
    try:
        chars = list(_chars(textpage, raw, height))
    finally:
        textpage.close()
    edges, too_many = _edges(page, raw, height)
    if too_many:
        notes.append(f"绘图对象超过{MAX_PDF_PATHS}个，未在本页查找表格")
        edges = []
    tables = _tables(edges, notes)
    free: list[Char] = []
    if tables:
        cells = [_CellIndex(t) for t in tables]
        for ch in chars:
            cx = (ch.x0 + ch.x1) / 2
            cy = (ch.top + ch.bottom) / 2
            for index in cells:
                if index.take(cx, cy, ch):
                    break
            else:
                free.append(ch)
        out_tables = [index.table() for index in cells]
    else:
        free = chars
        out_tables = []
    lines, gutter = text_lines(free, right - left)
    order = _reading_order(lines, out_tables, gutter)
    return Page(lines=lines, tables=out_tables, glyphs=len(chars), notes=notes, order=order)


# ---------------------------------------------------------------- characters


def _chars(textpage: Any, raw: Any, height: float) -> Iterator[Char]:
    n = textpage.count_chars()
    if n > MAX_PDF_PAGE_GLYPHS:
        raise TooManyGlyphs(n)
    if n <= 0:
        return
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # characters outside the BMP: ask for each one
        text = "".join(chr(raw.FPDFText_GetUnicode(textpage.raw, i)) for i in range(n))
    # pdfium's "loose" box spans the character's advance and the font's ascent and descent, as pdfplumber's
    # boxes do, so word gaps and line tops come out right; some fonts' metrics are wildly wrong, and then the
    # ink box is used.  Lines are found by the characters' origins on the baseline, which a line's characters
    # share even where its fonts differ (a bold run-in heading has other ascents than the text after it).
    ox, oy = ctypes.c_double(), ctypes.c_double()
    origin = (ctypes.byref(ox), ctypes.byref(oy))
    get_origin = raw.FPDFText_GetCharOrigin
    left, right, low, high = (ctypes.c_double() for _ in range(4))
    ink = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(low), ctypes.byref(high))
    rect = raw.FS_RECTF()
    loose = ctypes.byref(rect)
    handle = textpage.raw
    get_ink = raw.FPDFText_GetCharBox
    get_loose = raw.FPDFText_GetLooseCharBox
    for i, ch in enumerate(text):
        if ch.isspace() or ch == "\x00" or ch == "\ufffe":
            continue
        if not get_ink(handle, i, *ink) or not get_origin(handle, i, *origin):
            continue
        x0, x1 = left.value, right.value
        y0, y1 = low.value, high.value
        if get_loose(handle, i, loose):
            lx0, lx1, ly0, ly1 = rect.left, rect.right, rect.bottom, rect.top
            if lx1 - lx0 <= 3 * (x1 - x0) + LOOSE_SLACK and ly1 - ly0 <= 3 * (y1 - y0) + LOOSE_SLACK:
                x0, x1, y0, y1 = lx0, lx1, ly0, ly1
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        yield Char(ch, x0, height - y1, x1, height - y0, height - oy.value)


# ---------------------------------------------------------------- rules


def _edges(page: Any, raw: Any, height: float) -> tuple[list[Rule], bool]:
    """The page's straight rules, and whether there were too many drawing objects to look at them."""
    edges: list[Rule] = []
    fl, fb, fr, ft = (ctypes.c_float() for _ in range(4))
    bounds = (ctypes.byref(fl), ctypes.byref(fb), ctypes.byref(fr), ctypes.byref(ft))
    matrix = raw.FS_MATRIX()
    px, py = ctypes.c_float(), ctypes.c_float()
    paths = 0
    # (object handle, form matrix to the page) — forms nest
    stack: list[tuple[Any, tuple[float, ...]]] = []
    handle = page.raw
    for k in range(raw.FPDFPage_CountObjects(handle)):
        stack.append((raw.FPDFPage_GetObject(handle, k), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)))
    stack.reverse()
    while stack:
        obj, outer = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_FORM:
            raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
            inner = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            count = raw.FPDFFormObj_CountObjects(obj)
            if count > MAX_PDF_PATHS:
                return [], True
            stack.extend((raw.FPDFFormObj_GetObject(obj, i), inner) for i in reversed(range(max(count, 0))))
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        paths += 1
        if paths > MAX_PDF_PATHS:
            return [], True
        segments = raw.FPDFPath_CountSegments(obj)
        if segments <= 5:
            if not raw.FPDFPageObj_GetBounds(obj, *bounds):
                continue
            x0, y0 = _apply(outer, fl.value, fb.value)
            x1, y1 = _apply(outer, fr.value, ft.value)
            _box_edges(edges, min(x0, x1), height - max(y0, y1), max(x0, x1), height - min(y0, y1))
            continue
        raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix))
        m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        last: tuple[float, float] | None = None
        start: tuple[float, float] | None = None
        for i in range(min(segments, MAX_PDF_PATHS)):
            seg = raw.FPDFPath_GetPathSegment(obj, i)
            raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(px), ctypes.byref(py))
            point = _apply(m, px.value, py.value)
            point = (point[0], height - point[1])
            kind_seg = raw.FPDFPathSegment_GetType(seg)
            if kind_seg == raw.FPDF_SEGMENT_LINETO and last is not None:
                _segment_edge(edges, last, point)
            if kind_seg == raw.FPDF_SEGMENT_MOVETO:
                start = point
            last = point
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                _segment_edge(edges, point, start)
                last = start
    return edges, False


def _compose(m: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _box_edges(edges: list[Rule], x0: float, top: float, x1: float, bottom: float) -> None:
    """The rules a path's bounding box draws: a line when thin, else the rectangle's four sides."""
    w, h = x1 - x0, bottom - top
    if w <= THIN and h <= THIN:
        return
    if w <= THIN:
        edges.append(("v", (x0 + x1) / 2, top, bottom))
    elif h <= THIN:
        edges.append(("h", (top + bottom) / 2, x0, x1))
    else:
        edges.extend((("h", top, x0, x1), ("h", bottom, x0, x1), ("v", x0, top, bottom), ("v", x1, top, bottom)))


def _segment_edge(edges: list[Rule], p: tuple[float, float], q: tuple[float, float]) -> None:
    if abs(p[0] - q[0]) < 0.5:
        edges.append(("v", (p[0] + q[0]) / 2, min(p[1], q[1]), max(p[1], q[1])))
    elif abs(p[1] - q[1]) < 0.5:
        edges.append(("h", (p[1] + q[1]) / 2, min(p[0], q[0]), max(p[0], q[0])))


# ---------------------------------------------------------------- tables


def _tables(edges: list[Rule], notes: list[str]) -> list[list[list[BBox | None]]]:
    """The tables the rules draw, as rows of cell boxes (``None`` for merged space); not a one-column frame."""
    if len(edges) < 4:
        return []
    merged = merge(edges)
    if len(merged) > MAX_PDF_EDGES:
        notes.append(f"连接后的表格线超过{MAX_PDF_EDGES}条，未在本页查找表格")
        return []
    # one column throughout: a frame around text, not a table
    return [rows for rows in tables(merged) if any(sum(1 for c in row if c is not None) >= 2 for row in rows)]


class _CellIndex:
    """Finds the cell of a table a point falls in, through the grid of all the cells' edges."""

    def __init__(self, rows: list[list[Any]]) -> None:
        self.rows = rows
        boxes = [c for row in rows for c in row if c is not None]
        self.bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        self.cells: dict[tuple[float, float, float, float], list[Char]] = {b: [] for b in boxes}
        self.xs = sorted({b[0] for b in boxes} | {b[2] for b in boxes})
        self.ys = sorted({b[1] for b in boxes} | {b[3] for b in boxes})
        self.grid: dict[tuple[int, int], tuple[float, float, float, float]] = {}
        for box in boxes:
            c0, c1 = bisect.bisect_left(self.xs, box[0]), bisect.bisect_left(self.xs, box[2])
            r0, r1 = bisect.bisect_left(self.ys, box[1]), bisect.bisect_left(self.ys, box[3])
            for r in range(r0, r1):
                for c in range(c0, c1):
                    self.grid[(r, c)] = box

    def take(self, x: float, y: float, ch: Char) -> bool:
        """Put ``ch`` (centred at x, y) into its cell; ``False`` when no cell holds that point."""
        x0, top, x1, bottom = self.bbox
        if not (x0 <= x < x1 and top <= y < bottom):
            return False
        box = self.grid.get((bisect.bisect_right(self.ys, y) - 1, bisect.bisect_right(self.xs, x) - 1))
        if box is None:
            return False  # inside the frame but between cells: running text
        self.cells[box].append(ch)
        return True

    def table(self) -> PdfTable:
        rows = []
        for row in self.rows:
            out: list[tuple[tuple[float, float, float, float], str] | None] = []
            for box in row:
                out.append(None if box is None else (box, _cell_text(self.cells[box])))
            rows.append(out)
        return PdfTable(bbox=self.bbox, rows=rows)


def _cell_text(chars: list[Char]) -> str:
    """A cell's characters line by line, wrapped lines joined without a break (a wrapped label is one label)."""
    return "".join(line.text for line in _lines(chars)).strip() if chars else ""


# ---------------------------------------------------------------- lines


def _groups(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines by baseline (within :data:`LINE_TOLERANCE`), each left to right."""
    ordered = sorted(chars, key=lambda c: (c.base, c.x0))
    groups: list[list[Char]] = []
    current: list[Char] = []
    line_base = ordered[0].base if ordered else 0.0
    for ch in ordered:
        if current and ch.base - line_base > LINE_TOLERANCE:
            groups.append(current)
            current = []
        if not current:
            line_base = ch.base
        current.append(ch)
    if current:
        groups.append(current)
    for group in groups:
        group.sort(key=lambda c: c.x0)
    return groups


def _line(group: list[Char]) -> PdfLine:
    parts: list[str] = []
    prev: Char | None = None
    for ch in group:
        if prev is not None and ch.x0 - prev.x1 > WORD_GAP:
            parts.append(" ")
        parts.append(ch.text)
        prev = ch
    return PdfLine(
        text="".join(parts),
        x0=min(c.x0 for c in group),
        top=min(c.top for c in group),
        x1=max(c.x1 for c in group),
        bottom=max(c.bottom for c in group),
    )


def _lines(chars: list[Char]) -> list[PdfLine]:
    """The characters as lines, top down."""
    return [_line(g) for g in _groups(chars)] if chars else []


def _split(group: list[Char], at: float) -> list[list[Char]]:
    left = [c for c in group if (c.x0 + c.x1) / 2 < at]
    right = [c for c in group if (c.x0 + c.x1) / 2 >= at]
    return [g for g in (left, right) if g]


def _runs(groups: list[list[Char]]) -> list[PdfLine]:
    """Each line cut where its characters stand more than :data:`GUTTER_MIN_WIDTH` apart."""
    out = []
    for group in groups:
        start = 0
        for i in range(1, len(group) + 1):
            if i == len(group) or group[i].x0 - group[i - 1].x1 > GUTTER_MIN_WIDTH:
                out.append(_line(group[start:i]))
                start = i
    return out


def text_lines(chars: list[Char], width: float) -> tuple[list[PdfLine], tuple[float, float] | None]:
    """The running text's lines and the column gutter; on a page in two columns each column's lines apart."""
    if not chars:
        return [], None
    groups = _groups(chars)
    gutter = _gutter(_runs(groups), width)
    if gutter is None:
        return [_line(g) for g in groups], None
    middle = (gutter[0] + gutter[1]) / 2
    out = []
    for group in groups:
        if any(c.x0 < gutter[1] - 1 and c.x1 > gutter[0] + 1 for c in group):
            out.append(_line(group))  # a line across the gutter (a title) spans both columns
        else:
            out.extend(_line(part) for part in _split(group, middle))
    return out, gutter


def _reading_order(
    lines: list[PdfLine], tables: list[PdfTable], gutter: tuple[float, float] | None
) -> list[PdfLine | PdfTable]:
    """Lines and tables from the top down; on a page set in two columns, left column before right."""
    items: list[PdfLine | PdfTable] = [*lines, *tables]

    def top(item: PdfLine | PdfTable) -> float:
        return item.top if isinstance(item, PdfLine) else item.bbox[1]

    if gutter is None:
        return sorted(items, key=top)
    g0, g1 = gutter

    def side(item: PdfLine | PdfTable) -> int:
        x0, x1 = (item.x0, item.x1) if isinstance(item, PdfLine) else (item.bbox[0], item.bbox[2])
        if x1 <= g0 + 1:
            return 0
        if x0 >= g1 - 1:
            return 1
        return -1  # spans both columns

    spanning = sorted((i for i in items if side(i) == -1), key=top)
    out: list[PdfLine | PdfTable] = []
    rest = sorted((i for i in items if side(i) != -1), key=top)
    for span_item in [*spanning, None]:
        limit = top(span_item) if span_item is not None else float("inf")
        band = [i for i in rest if top(i) < limit]
        rest = [i for i in rest if top(i) >= limit]
        out.extend(i for i in band if side(i) == 0)
        out.extend(i for i in band if side(i) == 1)
        if span_item is not None:
            out.append(span_item)
    return out


def _gutter(lines: list[PdfLine], width: float) -> tuple[float, float] | None:
    """The page's column gutter, if it is set in two columns of prose: an empty vertical band near the middle."""
    prose = [ln for ln in lines if len(ln.text) >= COLUMN_PROSE_CHARS]
    if len(prose) < 2 * COLUMN_MIN_LINES or width <= 0:
        return None
    narrow = [ln for ln in prose if ln.x1 - ln.x0 < width * 0.6]
    if len(narrow) < 2 * COLUMN_MIN_LINES:
        return None
    lo, hi = width * 0.3, width * 0.7
    # the covered x-ranges of the narrow lines, merged; look for an uncovered band between lo and hi
    spans = sorted((ln.x0, ln.x1) for ln in narrow)
    free_start = None
    covered_to = -1.0
    best: tuple[float, float] | None = None
    for x0, x1 in spans:
        if x0 > covered_to and covered_to >= 0:
            free_start = covered_to
            gap = (free_start, x0)
            if gap[1] - gap[0] >= GUTTER_MIN_WIDTH and lo <= (gap[0] + gap[1]) / 2 <= hi:
                best = gap if best is None or gap[1] - gap[0] > best[1] - best[0] else best
        covered_to = max(covered_to, x1)
    if best is None:
        return None
    left = sum(1 for ln in narrow if ln.x1 <= best[0] + 1)
    right = sum(1 for ln in narrow if ln.x0 >= best[1] - 1)
    if left < COLUMN_MIN_LINES or right < COLUMN_MIN_LINES:
        return None
    return best
