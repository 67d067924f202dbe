"""A table section as a stream of pieces: labels and cell texts, each with its place.

Whatever the rendering, a table arrives either as real table cells (HTML, DOCX, PDF tables) or as text lines
(pipe rows, tab-separated cells, one cell per line, space-separated numbers after a label).  Both become the
same stream of :class:`Tok` so that one reader finds the rows in all of them.
"""

from __future__ import annotations

import re

import attrs

from govreport._importers._normalise import value_like
from govreport._importers._source import Line, SourceTable, Where


@attrs.frozen(kw_only=True)
class Tok:
    """A piece of a table: a label or a cell's text."""

    text: str
    where: Where
    from_text: bool
    """The piece is a whole line of running text (not a cell of a table or of a pipe row)."""


_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def line_tokens(line: Line) -> list[Tok]:
    """The pieces of one text line."""
    raw = line.text
    w = line.where
    if not raw.strip():
        # a tab-indented empty line is an empty cell (as in the seed); any other empty line separates rows
        return [Tok(text="", where=w, from_text=True)] if "\t" in raw else []
    if _MD_RULE.match(raw):
        return []
    if "|" in raw or "｜" in raw:
        s = raw.replace("｜", "|").strip()
        if set(s) <= {"|", " "}:
            return []
        parts = s.split("|")
        if s.startswith("|"):
            parts = parts[1:]
        if s.endswith("|"):
            parts = parts[:-1]
        return [Tok(text=p.strip(), where=w, from_text=False) for p in parts]
    s = raw.strip()
    if "\t" in s:
        return [Tok(text=p.strip(), where=w, from_text=False) for p in re.split(r"\t+", s)]
    parts = s.split()
    if len(parts) > 1:
        if all(value_like(p) for p in parts):
            return [Tok(text=p, where=w, from_text=False) for p in parts]
        tail: list[str] = []
        while parts and value_like(parts[-1]):
            tail.insert(0, parts.pop())
        if tail and parts:
            head = " ".join(parts)
            return [Tok(text=head, where=w, from_text=False)] + [Tok(text=t, where=w, from_text=False) for t in tail]
    return [Tok(text=s, where=w, from_text=True)]


def table_tokens(table: SourceTable) -> list[Tok]:
    """The cells of a source table, row by row."""
    return [Tok(text=c.text, where=c.where, from_text=False) for row in table.rows for c in row]


def joined(tokens: list[Tok]) -> tuple[str, list[tuple[int, Where]]]:
    """The tokens' text joined by spaces, and where each token starts in it."""
    parts: list[str] = []
    starts: list[tuple[int, Where]] = []
    pos = 0
    for tok in tokens:
        starts.append((pos, tok.where))
        parts.append(tok.text)
        pos += len(tok.text) + 1
    return " ".join(parts), starts
