"""PDF with a text layer, via pdfplumber (optional extra ``pdf``); text line by line, page by page.

A PDF without a text layer (a scan) is refused: OCR is out of scope.
"""

from __future__ import annotations

import io
import re

from govreport.importers._registry import ImportFailed
from govreport.importers._source import Line, SourceDocument, Where

MAX_PAGES = 500
_PAGE_NUMBER = re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$")


def read(data: bytes, name: str) -> SourceDocument:
    """The text lines of every page."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise ImportFailed(f"{name}: the PDF cannot be read: {type(exc).__name__}: {exc}", code="unreadable") from None
    blocks: list[Line] = []
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise ImportFailed(
                f"{name}: {len(pdf.pages)} pages; refusing a PDF over {MAX_PAGES} pages", code="too-large"
            )
        for number, page in enumerate(pdf.pages, start=1):
            try:
                text = page.extract_text() or ""
            except Exception as exc:
                raise ImportFailed(f"{name}: page {number} cannot be read: {exc}", code="unreadable") from None
            for i, line in enumerate(text.split("\n"), start=1):
                if _PAGE_NUMBER.match(line):
                    continue  # a page number such as "- 3 -", not a table cell
                blocks.append(Line(text=line, where=Where(page=number, line=i)))
    if not any(b.text.strip() for b in blocks):
        raise ImportFailed(
            f"{name}: the PDF has no text layer (a scanned document?); govreport does not do OCR — "
            "import the web page or Word version of the report instead",
            code="no-text",
        )
    return SourceDocument(blocks=tuple(blocks), rendering="pdf", notes=())
