"""HTML tables left inside Markdown (pandoc writes a table it cannot draw with pipes as raw HTML).

Only the structure that matters to a table's reading is taken: rows (``<tr>``), cells (``<td>``, ``<th>``) and
their text, paragraphs and line breaks inside a cell joined.  Nothing is fetched; character references are the
only entities resolved (Python's :mod:`html.parser`).
"""

from __future__ import annotations

import html.parser
import re
from collections.abc import Sequence

from govreport._importers._source import Line, Where

_START = re.compile(r"<table[\s>]", re.IGNORECASE)
_END = re.compile(r"</table\s*>", re.IGNORECASE)


def starts(text: str) -> bool:
    """Whether a line opens an HTML table."""
    return _START.search(text) is not None


def ends(text: str) -> bool:
    """Whether a line closes an HTML table."""
    return _END.search(text) is not None


class _Cells(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, int]]] = []
        self._cell: list[str] | None = None
        self._line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._close()
            self.rows.append([])
        elif tag in ("td", "th"):
            self._close()
            if not self.rows:
                self.rows.append([])
            self._cell = []
            self._line = self.getpos()[0]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th", "tr", "table"):
            self._close()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data.strip())

    def _close(self) -> None:
        if self._cell is not None:
            self.rows[-1].append(("".join(self._cell), self._line))
        self._cell = None


def rows(lines: Sequence[Line]) -> list[list[tuple[str, Where]]]:
    """The cells of an HTML table given as text lines, row by row, each with the place of its line."""
    parser = _Cells()
    parser.feed("\n".join(line.text for line in lines))
    parser.close()
    out: list[list[tuple[str, Where]]] = []
    for row in parser.rows:
        if row:
            out.append([(text, lines[min(max(n, 1), len(lines)) - 1].where) for text, n in row])
    return out
