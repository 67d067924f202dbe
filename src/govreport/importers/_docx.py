"""DOCX via python-docx: paragraphs and tables in document order, merged cells written once.

The zip is checked before python-docx opens it: too many entries, too large an
uncompressed size, or an extreme compression ratio (a zip bomb) is refused.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from govreport.importers._registry import ImportFailed
from govreport.importers._source import Line, SourceCell, SourceDocument, SourceTable, Where

MAX_ENTRIES = 2000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 200


def check_zip(data: bytes, name: str) -> None:
    """Refuse a DOCX that is not a zip, or whose declared contents would be too large to unpack."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFailed(f"{name}: not a DOCX file (it is not a valid zip archive)", code="unreadable") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ImportFailed(f"{name}: the DOCX holds {len(infos)} parts; refusing to open it", code="zip-bomb")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise ImportFailed(
                f"{name}: the DOCX would unpack to {total / 1048576:.0f} MiB (limit {MAX_UNCOMPRESSED // 1048576} "
                "MiB); refusing to open a possible zip bomb",
                code="zip-bomb",
            )
        for i in infos:
            if i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                raise ImportFailed(
                    f"{name}: part {i.filename} is compressed {i.file_size // max(i.compress_size, 1)}:1; "
                    "refusing to open a possible zip bomb",
                    code="zip-bomb",
                )
        if "word/document.xml" not in zf.namelist():
            raise ImportFailed(f"{name}: a zip file but not a Word document (no word/document.xml)", code="unreadable")


def read(data: bytes, name: str) -> SourceDocument:
    """The paragraphs and tables of a Word document."""
    check_zip(data, name)
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
