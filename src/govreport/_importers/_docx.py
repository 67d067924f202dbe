"""DOCX via python-docx: paragraphs and tables in document order, merged cells written once.

The zip is checked before python-docx opens it (see :mod:`govreport._importers._zip`).
"""

from __future__ import annotations

import io
from typing import Any

from govreport._importers._registry import ImportFailed
from govreport._importers._source import Line, SourceCell, SourceDocument, SourceTable, Where
from govreport._importers._zip import check_zip


def read(data: bytes, name: str) -> SourceDocument:
    """The paragraphs and tables of a Word document."""
    check_zip(data, name, required="word/document.xml", kind="DOCX file (Word document)")
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise ImportFailed(f"{name}: the Word document cannot be read: {exc}", code="unreadable") from None
    blocks: list[Line | SourceTable] = []
    para_no = 0
    table_no = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para_no += 1
            text = Paragraph(child, document).text
            if text.strip():
                blocks.append(Line(text=text, where=Where(line=para_no)))
        elif tag == "tbl":
            table_no += 1
            blocks.append(_table(Table(child, document), table_no))
    if not blocks:
        raise ImportFailed(f"{name}: the Word document contains no text", code="empty")
    return SourceDocument(blocks=tuple(blocks), rendering="docx", notes=())


def _table(table: Any, number: int) -> SourceTable:
    out: list[tuple[SourceCell, ...]] = []
    seen: list[Any] = []  # the cell elements themselves: ids of discarded proxies could be reused
    for r, row in enumerate(table.rows):
        cells: list[SourceCell] = []
        for c, cell in enumerate(row.cells):
            if any(cell._tc is other for other in seen[-64:]):
                continue  # the continuation of a merged cell
            seen.append(cell._tc)
            text = "\n".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            cells.append(SourceCell(text=text, where=Where(table=number, row=r + 1, column=c + 1)))
        out.append(tuple(cells))
    return SourceTable(rows=tuple(out), where=Where(table=number))
