"""PDF with a text layer, via pdfplumber (optional extra ``pdf``): ruled tables cell by cell, other text line by line.

A table drawn with rules is read with pdfplumber's table extraction, so each number
stays in its row with its label (the text layer alone lines numbers up by height,
and a label wrapped over two lines pulls the numbers away from it).  Each table row
becomes a pipe row (``label | 1 | 0 | …``), so the rows are matched by label like
every other rendering.  A frame around the whole page (a one-column "table") is
not a table.  Text outside the tables is read line by line, in order from the top
of the page.  A PDF without a text layer (a scan) is refused: OCR is out of scope.
"""

from __future__ import annotations

import io
import re
from typing import Any

from govreport._importers._normalise import value_like
from govreport._importers._registry import ImportFailed
from govreport._importers._source import Line, SourceDocument, Where

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
                blocks.extend(_page(page, number))
            except Exception as exc:
                raise ImportFailed(f"{name}: page {number} cannot be read: {exc}", code="unreadable") from None
    if not any(b.text.strip() for b in blocks):
        raise ImportFailed(
            f"{name}: the PDF has no text layer (a scanned document?); govreport does not do OCR — "
            "import the web page or Word version of the report instead",
            code="no-text",
        )
    return SourceDocument(blocks=tuple(blocks), rendering="pdf", notes=())


def _cell(text: str | None) -> str | None:
    if text is None:
        return None  # the rest of a merged cell
    return re.sub(r"\s*\n\s*", "", text).strip()


def _label_columns(grid: list[list[str | None]]) -> set[int]:
    """Columns holding a label in some row that also holds a number: an empty cell there is label space."""
    out: set[int] = set()
    for row in grid:
        cells = [_cell(c) for c in row]
        if not any(c and any(ch.isdigit() for ch in c) and value_like(c) for c in cells):
            continue
        out.update(i for i, c in enumerate(cells) if c and not value_like(c))
    return out


def _row_line(cells: list[str | None], label_columns: set[int]) -> str:
    """A table row as a pipe row; merged cells once, empty label cells dropped, empty value cells kept as blanks."""
    kept = [c for i, c in enumerate(cells) if c is not None and (c or i not in label_columns)]
    if len(kept) == 1:
        return kept[0]
    return " | ".join(kept)


def _page(page: Any, number: int) -> list[Line]:
    """The page's lines and table rows, from the top down."""
    tables = []
    for t in page.find_tables():
        grid = t.extract()
        if any(sum(1 for c in row if c is not None) >= 2 for row in grid):
            tables.append((t, grid))
    items: list[tuple[float, int, Line]] = []
    if tables:
        boxes = [t.bbox for t, _ in tables]

        def outside(obj: dict[str, Any]) -> bool:
            cx = (obj["x0"] + obj["x1"]) / 2
            cy = (obj["top"] + obj["bottom"]) / 2
            return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

        rest = page.filter(outside)
    else:
        rest = page
    for i, line in enumerate(rest.extract_text_lines(), start=1):
        text = line["text"]
        if _PAGE_NUMBER.match(text):
            continue  # a page number such as "- 3 -", not a table cell
        items.append((float(line["top"]), len(items), Line(text=text, where=Where(page=number, line=i))))
    for k, (t, grid) in enumerate(tables, start=1):
        labels = _label_columns(grid)
        for r, (row, cells) in enumerate(zip(t.rows, grid, strict=True), start=1):
            text = _row_line([_cell(c) for c in cells], labels)
            if text:
                items.append(
                    (float(row.bbox[1]), len(items), Line(text=text, where=Where(page=number, table=k, row=r)))
                )
    items.sort(key=lambda item: (item[0], item[1]))
    return [line for _, _, line in items]
