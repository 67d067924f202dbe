"""A table section as physical rows: what one line, one table row, or one band of a drawn table holds.

Whatever the rendering, a table arrives either as real table cells (HTML, DOCX, PDF tables) or as text: pipe
rows, tab-separated cells, one cell per line, numbers after a label separated by spaces (a text browser's
box-drawn tables and HTML tables left in Markdown arrive as source tables: the text reader turns them into
tables).  Each becomes a :class:`PhysRow` of :class:`Tok`, so that one reader (:mod:`._rows`) finds the table
rows in all of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from govreport._importers._furniture import is_page_number
from govreport._importers._normalise import value_like
from govreport._importers._source import Line, SourceTable, Where


class Tok(NamedTuple):
    """A piece of a table: a label or a cell's text (a named tuple: a report has thousands)."""

    text: str
    where: Where
    from_text: bool
    """The piece is a whole line of running text (not a cell of a table or of a pipe row)."""


class PhysRow(NamedTuple):
    """One physical row: a line of text, a row of a source table, or a band of a drawn table."""

    cells: tuple[Tok, ...]
    where: Where
    single: bool
    """A whole line of running text (one cell per line, or prose); otherwise a row of separate cells."""
    open_end: bool = False
    """The row ended with a ``|`` and began without one: an empty last cell may stand behind that pipe."""
    bar: bool = False
    """A line holding a lone ``|``."""

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells)


_SPACE_AFTER_PIPE = re.compile(r"[|｜]\s+$")
"""A row that ends in a pipe followed by spaces (html2text): the spaces are an empty last cell.  A row that ends
in a bare pipe closes its last cell with it."""
_SPECIAL = re.compile(r"[|｜│┃\t-]")
"""A line without any of these is one piece of text, or words and numbers separated by spaces."""
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_PIPES = str.maketrans({"｜": "|", "│": "|", "┃": "|"})


def line_rows(line: Line) -> list[PhysRow]:
    """The physical rows of one text line (none for a blank line or a Markdown rule)."""
    raw = line.text
    w = line.where
    s = raw.strip()
    if s and " " not in s and "\u3000" not in s and not _SPECIAL.search(s):
        return [PhysRow(cells=(Tok(text=s, where=w, from_text=True),), where=w, single=True)]
    if not s:
        # a tab-indented empty line is an empty cell (as in the seed); any other empty line separates rows
        if "\t" in raw:
            return [PhysRow(cells=(Tok(text="", where=w, from_text=True),), where=w, single=True)]
        return []
    if _MD_RULE.match(raw):
        return []
    s = raw.translate(_PIPES).strip()
    if "|" in s:
        if s == "|":
            # a lone pipe: a row's border in some copies, an empty cell in others (decided by the reader)
            return [PhysRow(cells=(Tok(text="", where=w, from_text=False),), where=w, single=True, bar=True)]
        if set(s) <= {"|", " "}:
            return []
        parts = s.split("|")
        leading = s.startswith("|")
        if leading:
            parts = parts[1:]
        if s.endswith("|"):
            parts = parts[:-1]
        cells = tuple(Tok(text=p.strip(), where=w, from_text=False) for p in parts)
        return [
            PhysRow(
                cells=cells, where=w, single=False, open_end=not leading and _SPACE_AFTER_PIPE.search(raw) is not None
            )
        ]
    if "\t" in s:
        cells = tuple(Tok(text=p.strip(), where=w, from_text=False) for p in re.split(r"\t+", s))
        return [PhysRow(cells=cells, where=w, single=len(cells) == 1)]
    return _spaced(s, w)


_GLUED = re.compile(r"[\u4e00-\u9fff）)”][0-9０-９]")
"""A word followed directly by a digit: a label and its first cell that ran together."""
MIN_GLUED = 3
"""A line where this many labels run into their cells is run-together page text, whatever spaces it keeps."""
MAX_LINE_PARTS = 5000
"""A whole report on one line has a few hundred words and numbers; a line of more is not cut into rows (its
pieces would only cost time and memory)."""
MIN_SPACED_VALUES = 3
"""A line not ending in a value is cut into rows only when it holds this many values: prose has a number here and
there (``2024 年``), a table flattened onto one line has many."""
_NUMBERING = re.compile(r"^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)$")
"""An item number standing alone before the words of its label (``1. 属于国家秘密``): text, not a value."""


def _spaced(s: str, w: Where) -> list[PhysRow]:
    """A line whose cells are separated by spaces: every run of words followed by a run of values is a row.

    Page text often holds a whole table (or a whole report) on one line: ``规章 0 0 0 规范性文件 6 6 6 …``.
    """
    parts = s.split()
    if len(parts) == 1 or len(parts) > MAX_LINE_PARTS or len(_GLUED.findall(s)) >= MIN_GLUED:
        # one piece, or labels and cells that ran together (``…相关政府信息0 0 0 0 0 002.没有现成…``): the
        # spaces left are not where cells begin, and the run-together reading (_runon) takes the line whole
        return [PhysRow(cells=(Tok(text=s, where=w, from_text=True),), where=w, single=True)]
    kinds = [value_like(p) and not _NUMBERING.match(p) for p in parts]
    if all(kinds):
        return [PhysRow(cells=tuple(Tok(text=p, where=w, from_text=False) for p in parts), where=w, single=False)]
    if not kinds[-1] and sum(kinds) < MIN_SPACED_VALUES:
        return [PhysRow(cells=(Tok(text=s, where=w, from_text=True),), where=w, single=True)]
    out: list[PhysRow] = []
    i = 0
    while i < len(parts):
        j = i
        while j < len(parts) and not kinds[j]:
            j += 1
        k = j
        while k < len(parts) and kinds[k]:
            k += 1
        head = " ".join(parts[i:j])
        values = tuple(Tok(text=p, where=w, from_text=False) for p in parts[j:k])
        if not values:
            out.append(PhysRow(cells=(Tok(text=head, where=w, from_text=True),), where=w, single=True))
        elif head:
            out.append(PhysRow(cells=(Tok(text=head, where=w, from_text=False), *values), where=w, single=False))
        else:
            out.append(PhysRow(cells=values, where=w, single=False))
        i = k
    return out


def table_rows(table: SourceTable) -> list[PhysRow]:
    """The rows of a source table."""
    out: list[PhysRow] = []
    for row in table.rows:
        if not row:
            continue
        cells = tuple(Tok(text=c.text, where=c.where, from_text=False) for c in row)
        out.append(PhysRow(cells=cells, where=row[0].where, single=False))
    return out


def _furniture(row: PhysRow) -> bool:
    """A page number that a converter put in a table's cells (``| | | - 3 | - |``)."""
    if row.single:
        return False  # lines that are page numbers are gone before the document is cut into sections
    text = " ".join(c.text.strip() for c in row.cells if c.text.strip())
    return bool(text) and is_page_number(text)


def physical_rows(items: Sequence[Line | SourceTable]) -> list[PhysRow]:
    """Every physical row of a section, in reading order (page numbers left out)."""
    return [row for row in _physical_rows(items) if not _furniture(row)]


def _physical_rows(items: Sequence[Line | SourceTable]) -> list[PhysRow]:
    out: list[PhysRow] = []
    for item in items:
        if isinstance(item, SourceTable):
            out.extend(table_rows(item))
        else:
            out.extend(line_rows(item))
    return out


def joined(tokens: Sequence[Tok]) -> tuple[str, list[tuple[int, Where]]]:
    """The tokens' text joined by spaces, and where each token starts in it."""
    parts: list[str] = []
    starts: list[tuple[int, Where]] = []
    pos = 0
    for tok in tokens:
        starts.append((pos, tok.where))
        parts.append(tok.text)
        pos += len(tok.text) + 1
    return " ".join(parts), starts
