"""HTML: paragraphs and tables (rowspan/colspan laid out), any declared or detectable encoding.

Uses the standard library's parser: nothing is fetched, scripts and styles are
skipped, and no entity beyond the standard HTML character references is
resolved (``<!DOCTYPE … [<!ENTITY …>]>`` declarations are ignored).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from govreport._importers._decode import check_text_size, declared_charset, decode, refuse_binary
from govreport._importers._source import Line, SourceCell, SourceDocument, SourceTable, Where

_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "header", "footer",
    "blockquote", "pre", "dt", "dd", "ul", "ol", "form", "center", "title", "caption",
}  # fmt: skip
_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "svg", "head", "select", "textarea"}
_SPACE = re.compile(r"[ \t\r\n\f]+")
_MAX_CELLS = 20000


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[tuple[int, str, int, int]]] = []  # (origin column, text, rowspan, colspan)
        self.cell: list[str] | None = None
        self.span = (1, 1)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Line | SourceTable] = []
        self.text: list[str] = []
        self.skip = 0
        self.tables: list[_Table] = []
        self.table_count = 0
        self.cells = 0
        self.ignored: set[str] = set()
        self.title: list[str] | None = None
        self.page_title: str | None = None

    # paragraphs
    def _flush(self) -> None:
        if self.tables:
            return
        text = _SPACE.sub(" ", "".join(self.text)).strip(" ")
        self.text = []
        if text.strip():
            self.blocks.append(Line(text=text.strip(), where=Where(line=self.getpos()[0])))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and self.page_title is None and not self.tables:
            self.title = []  # read even inside the skipped <head>: it names the page
            return
        if tag in _SKIP:
            self.skip += 1
            self.ignored.add(tag)
            return
        if self.skip:
            return
        a = {k: (v or "") for k, v in attrs}
        if tag == "table":
            self._flush()
            if self.tables and self.tables[-1].cell is not None:
                self.tables.append(_Table())  # a nested table: its text joins the outer cell
                self.tables[-1].cell = self.tables[-2].cell
                return
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].rows.append([])
        elif tag in ("td", "th") and self.tables:
            t = self.tables[-1]
            if not t.rows:
                t.rows.append([])
            t.cell = []
            t.span = (_int(a.get("rowspan")), _int(a.get("colspan")))
        elif tag == "br" or tag in _BLOCK:
            if self.tables and self.tables[-1].cell is not None:
                self.tables[-1].cell.append("\n")
            else:
                self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title is not None:
            self.page_title = _SPACE.sub(" ", "".join(self.title)).strip() or None
            self.title = None
            return
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("td", "th") and self.tables:
            t = self.tables[-1]
            if (t.cell is not None and len(self.tables) == 1) or (t.cell is not None and t.rows):
                text = "".join(t.cell or [])
                lines = [_SPACE.sub(" ", x).strip() for x in text.split("\n")]
                t.rows[-1].append((0, "\n".join(x for x in lines if x), t.span[0], t.span[1]))
                self.cells += 1
                t.cell = None
        elif tag == "table" and self.tables:
            t = self.tables.pop()
            if self.tables and self.tables[-1].cell is not None:
                return  # nested table: its text stayed in the outer cell
            self.table_count += 1
            self.blocks.append(_layout(t, self.table_count))
        elif tag in _BLOCK and not self.tables:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.title is not None:
            self.title.append(data)
            return
        if self.skip:
            return
        if self.tables:
            cell = self.tables[-1].cell
            if cell is not None:
                cell.append(data)
            return
        self.text.append(data)

    def handle_decl(self, decl: str) -> None:
        if "ENTITY" in decl.upper():
            self.ignored.add("entity declarations")

    def unknown_decl(self, data: str) -> None:
        self.ignored.add("declarations")


def _int(value: str | None) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    return min(max(n, 1), 100)


def _layout(t: _Table, number: int) -> SourceTable:
    """Lay out spanning cells; each cell appears once, at its first row and column."""
    taken: set[tuple[int, int]] = set()
    out: list[tuple[SourceCell, ...]] = []
    for r, row in enumerate(t.rows):
        col = 0
        cells: list[SourceCell] = []
        for _, text, rowspan, colspan in row:
            while (r, col) in taken:
                col += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, col + dc))
            cells.append(SourceCell(text=text, where=Where(table=number, row=r + 1, column=col + 1)))
            col += colspan
        out.append(tuple(cells))
    return SourceTable(rows=tuple(out), where=Where(table=number))


def read(data: bytes, name: str) -> SourceDocument:
    """The paragraphs and tables of a web page."""
    check_text_size(data, name)
    refuse_binary(data, name)
    text, encoding = decode(data, name, declared_charset(data))
    parser = _Parser()
    parser.feed(text)
    parser.close()
    parser._flush()
    notes = [f"encoding: {encoding}"]
    if parser.ignored:
        notes.append("ignored: " + ", ".join(sorted(parser.ignored)) + " (nothing is run or fetched)")
    return SourceDocument(blocks=tuple(parser.blocks), rendering="html", notes=tuple(notes), title=parser.page_title)
