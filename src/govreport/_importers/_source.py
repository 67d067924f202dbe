"""What every importer produces: the document's paragraphs and tables, each with its place.

An importer only has to turn a file into a :class:`SourceDocument`; finding the
sections, the metadata and the table cells is shared by all of them.
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
        """The place in words, e.g. ``line 12`` or ``table 2, row 3, column 4``."""
        parts = []
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.table is not None:
            parts.append(f"table {self.table}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts) or "unknown place"

    def to_json(self) -> dict[str, int]:
        """Only the parts that are known."""
        return {k: v for k, v in attrs.asdict(self).items() if v is not None}


@attrs.frozen(kw_only=True)
class Line:
    """A line (or paragraph) of running text, as found."""

    text: str
    where: Where


@attrs.frozen(kw_only=True)
class SourceCell:
    """One cell of a source table, written once even when it spans rows or columns."""

    text: str
    where: Where


@attrs.frozen(kw_only=True)
class SourceTable:
    """A table of the source, row by row; a spanning cell appears once, in its first row."""

    rows: tuple[tuple[SourceCell, ...], ...]
    where: Where


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
