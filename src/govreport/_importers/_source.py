"""What every importer produces: the document's paragraphs and tables, each with its place.

An importer only has to turn a file into a :class:`SourceDocument`; finding the
sections, the metadata and the table cells is shared by all of them.

Besides the text and its place, a reader may say more where its format knows it; every such field is
optional and defaults to "not known", so a plugin's reader that fills none of them still works:

* :attr:`Line.box`, :attr:`SourceCell.box`, :attr:`SourceTable.box`: where on the page (PDF), a :class:`Box`;
* :attr:`Line.heading`: the heading level the source itself marks (HTML ``<h1>``–``<h6>``, a Word
  heading style), never guessed from the text;
* :attr:`SourceDocument.metadata`: the document's own properties (a PDF's ``/Title``, a DOCX's core
  properties, a web page's ``<meta name=…>``), as found;
* :attr:`SourceDocument.source_name`: the file name the document was read from;
* :attr:`SourceDocument.image_alts`: the alternative text of images (a title set as a picture).
"""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class Where:
    """Where a piece of text was found in the source file."""

    line: int | None = None
    """1-based line number (text, Markdown)."""
    table: int | None = None
    """1-based number of the table in the source (HTML, DOCX, PDF)."""
    row: int | None = None
    """1-based row in that table."""
    column: int | None = None
    """1-based column in that table (after spanning cells are laid out)."""
    page: int | None = None
    """1-based page (PDF)."""
    sheet: str | None = None
    """The sheet of a workbook (XLSX)."""

    def describe(self) -> str:
        """The place in words, for the reader (Chinese), e.g. ``第12行`` or ``第2个表格第3行第4列``."""
        parts = []
        if self.sheet is not None:
            parts.append(f"工作表「{self.sheet}」")
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.table is not None:
            parts.append(f"第{self.table}个表格")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column is not None:
            parts.append(f"第{self.column}列")
        return "".join(parts) or "位置不明"

    def to_json(self) -> dict[str, int]:
        """Only the parts that are known."""
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen(kw_only=True)
class Box:
    """A rectangle on a page, in PDF points (1/72 inch) from the page's top-left corner."""

    x0: float
    """Left edge."""
    top: float
    """Top edge (distance from the top of the page)."""
    x1: float
    """Right edge."""
    bottom: float
    """Bottom edge (distance from the top of the page)."""


@attrs.frozen(kw_only=True)
class Line:
    """A line (or paragraph) of running text, as found."""

    text: str
    where: Where
    box: Box | None = None
    """Where the line stands on its page (PDF); ``None`` where the format has no pages."""
    heading: int | None = None
    """1–6 when the source marks the line as a heading of that level (HTML ``<h1>``–``<h6>``, a Word
    ``Heading N``/``标题 N`` style); ``None`` for body text or when the source does not say."""


@attrs.frozen(kw_only=True)
class SourceCell:
    """One cell of a source table, written once even when it spans rows or columns."""

    text: str
    where: Where
    box: Box | None = None
    """The cell's rectangle on its page (PDF); ``None`` where the format has no pages."""


@attrs.frozen(kw_only=True)
class SourceTable:
    """A table of the source, row by row; a spanning cell appears once, in its first row."""

    rows: tuple[tuple[SourceCell, ...], ...]
    where: Where
    box: Box | None = None
    """The table's rectangle on its page (PDF); ``None`` where the format has no pages."""


Block = Line | SourceTable
"""A part of a source document, in reading order."""


@attrs.frozen(kw_only=True)
class SourceDocument:
    """A file as an importer read it: text lines and tables in reading order."""

    blocks: tuple[Block, ...]
    rendering: str
    """What the importer saw, e.g. ``text``, ``html``, ``docx``, ``pdf``."""
    notes: tuple[str, ...] = ()
    """Remarks the importer wants in the import report (e.g. the encoding it used)."""
    title: str | None = None
    """The document's own title where the format has one apart from the text (a web page's ``<title>``)."""
    metadata: tuple[tuple[str, str], ...] = ()
    """The document's own properties as found, ``(key, value)`` in the order found, keys in lower case.
    PDF (the information dictionary): ``title``, ``author``, ``subject``, ``keywords``, ``creator``,
    ``producer``, ``created``, ``modified`` (as written, e.g. ``D:20240226144123+08'00'``), and ``pages``.
    DOCX (core properties): ``title``, ``author``, ``subject``, ``keywords``, ``created``, ``modified``
    (ISO 8601), ``last_modified_by``.  HTML: every ``<meta name=… content=…>`` of the page (Chinese
    government CMSs write ``articletitle``, ``pubdate``, ``sitename``, ``columnname``, ``contentsource``…)."""
    source_name: str | None = None
    """The name of the file it was read from, as given to the importer."""
    image_alts: tuple[Line, ...] = ()
    """The alternative text of the document's images, in reading order (a title or a table set as a
    picture often carries its words there); not part of :attr:`blocks`."""

    def meta(self, key: str) -> str | None:
        """The first :attr:`metadata` value under ``key`` (lower case), or ``None``."""
        for k, v in self.metadata:
            if k == key:
                return v
        return None
