"""PDF with a text layer, via pdfium (optional extra ``pdf``): ruled tables cell by cell, other text line by line.

pypdfium2 gives each character with its box and each drawn rule about fourteen times faster than pdfminer;
pdfplumber's table finder turns the rules into cells (:mod:`govreport._importers._pdfpage`).  A table drawn
with rules is read cell by cell, so each number stays in its row with its label (the text layer alone lines
numbers up by height, and a label wrapped over two lines pulls the numbers away from it).  Each table row
becomes a pipe row (``label | 1 | 0 | …``), so the rows are matched by label like every other rendering; a
table continued on the next page simply goes on there.  Text outside the tables is read line by line from
the top of the page, the left column before the right on a page set in two columns.

Before pdfium sees the file its compressed streams are checked against :data:`MAX_PDF_INFLATED` (pdfium
would inflate a stream bomb whole); pages, characters and time are limited too (docs/guide/limits.md).
A PDF without a text layer (a scan) is refused: OCR is out of scope.
"""

from __future__ import annotations

import re
import time
import zlib

from govreport._importers._limits import (
    MAX_PDF_GLYPHS,
    MAX_PDF_INFLATED,
    MAX_PDF_PAGE_GLYPHS,
    MAX_PDF_PAGES,
    MAX_PDF_SECONDS,
)
from govreport._importers._normalise import value_like
from govreport._importers._pdfpage import Page, PdfLine, PdfTable, TooManyGlyphs, read_page
from govreport._importers._registry import ImportFailed
from govreport._importers._source import Box, Line, SourceDocument, Where

_PAGE_NUMBER = re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$")
_STREAM = re.compile(rb"stream\r?\n")
_COMPRESSING = (b"/FlateDecode", b"/Fl ", b"/Fl/", b"/Fl]", b"/LZWDecode", b"/LZW", b"/RunLengthDecode", b"/RL")
ZLIB_MAX_RATIO = 1032
"""The most a deflate stream can expand (zlib's own bound): streams whose compressed bytes, times this, stay
within :data:`MAX_PDF_INFLATED` cannot be a bomb, and are not inflated to check."""
_METADATA = {
    "Title": "title",
    "Author": "author",
    "Subject": "subject",
    "Keywords": "keywords",
    "Creator": "creator",
    "Producer": "producer",
    "CreationDate": "created",
    "ModDate": "modified",
}


def check_streams(data: bytes, name: str) -> None:
    """Refuse a PDF whose compressed streams inflate past :data:`MAX_PDF_INFLATED`, counting while inflating."""
    spans: list[tuple[int, int]] = []
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 1024) : m.start()]
        head = head[head.rfind(b"obj") + 3 :] if b"obj" in head else head
        if not any(f in head for f in _COMPRESSING):
            continue
        end = data.find(b"endstream", m.end())
        spans.append((m.end(), end if end >= 0 else len(data)))
    # what the streams could inflate to at most; inflating the largest ones first replaces their share of that
    # bound by what they do inflate to, until the bound is within the limit (usually after one or two fonts)
    bound = sum(e - s for s, e in spans) * ZLIB_MAX_RATIO
    total = 0
    for start, end in sorted(spans, key=lambda span: span[0] - span[1]):
        if bound <= MAX_PDF_INFLATED:
            return
        inflated = _inflated(data, start, end, MAX_PDF_INFLATED - total)
        if inflated is None:
            raise ImportFailed(
                f"{name}: PDF 的压缩流（其中一个位于第{start}字节）解压后超过{MAX_PDF_INFLATED // 1048576} MiB，"
                "可能是解压炸弹，不予读取",
                code="zip-bomb",
            )
        total += inflated
        bound -= (end - start) * ZLIB_MAX_RATIO - inflated


def _inflated(data: bytes, start: int, end: int, budget: int) -> int | None:
    """The bytes ``data[start:end]`` inflates to, or ``None`` past ``budget``; 0 for what is not deflate data."""
    inflater = zlib.decompressobj()
    pending = data[start:end]
    total = 0
    try:
        while pending:
            chunk = inflater.decompress(pending, 1 << 20)
            total += len(chunk)
            if total > budget:
                return None
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                break
    except zlib.error:
        pass  # not deflate (LZW, run-length) or damaged: pdfium decides what it makes of it
    return total


def read(data: bytes, name: str) -> SourceDocument:
    """The text lines and table rows of every page."""
    check_streams(data, name)
    import pypdfium2
    import pypdfium2.raw as raw

    try:
        pdf = pypdfium2.PdfDocument(data)
    except (pypdfium2.PdfiumError, ValueError, OSError) as exc:
        raise ImportFailed(f"{name}: PDF 无法读取：{exc}", code="unreadable") from None
    blocks: list[Line] = []
    notes: list[str] = []
    try:
        count = len(pdf)
        if count > MAX_PDF_PAGES:
            raise ImportFailed(f"{name}: PDF 有{count}页，超过{MAX_PDF_PAGES}页的上限，不予读取", code="too-large")
        if count <= 0:
            raise ImportFailed(f"{name}: PDF 没有页面（或其页面树无法读取）", code="unreadable")
        metadata = _metadata(pdf, count)
        deadline = time.monotonic() + MAX_PDF_SECONDS
        glyphs = 0
        for number in range(1, count + 1):
            page = _page(pdf, number, raw, name)
            glyphs += page.glyphs
            if glyphs > MAX_PDF_GLYPHS:
                raise ImportFailed(
                    f"{name}: 读到第{number}页时字符已超过{MAX_PDF_GLYPHS}个，报告通常只有几万字，不再继续读取",
                    code="too-large",
                )
            notes.extend(f"第{number}页：{note}" for note in page.notes)
            blocks.extend(_blocks(page, number))
            if time.monotonic() > deadline:
                raise ImportFailed(
                    f"{name}: 读取{MAX_PDF_SECONDS:.0f}秒后停在第{number}页（共{count}页），报告 PDF 的读取远不到一秒",
                    code="too-slow",
                )
    finally:
        pdf.close()
    if not any(b.text.strip() for b in blocks):
        raise ImportFailed(
            f"{name}: PDF 没有文字层（可能是扫描件），govreport 不做文字识别（OCR）；请改为导入报告的网页版或 Word 版",
            code="no-text",
        )
    return SourceDocument(
        blocks=tuple(blocks), rendering="pdf", notes=tuple(notes), metadata=tuple(metadata), source_name=name
    )


def _page(pdf: object, number: int, raw: object, name: str) -> Page:
    import pypdfium2

    try:
        page = pdf[number - 1]  # type: ignore[index]
    except (pypdfium2.PdfiumError, ValueError, OSError) as exc:
        raise ImportFailed(f"{name}: 第{number}页无法读取：{exc}", code="unreadable") from None
    try:
        return read_page(page, raw)
    except TooManyGlyphs as exc:
        raise ImportFailed(
            f"{name}: 第{number}页有{exc.count}个字符（超过{MAX_PDF_PAGE_GLYPHS}个），报告每页约2000字，不予读取",
            code="too-large",
        ) from None
    except (pypdfium2.PdfiumError, ValueError, OSError, ZeroDivisionError, OverflowError) as exc:
        raise ImportFailed(f"{name}: 第{number}页无法读取：{exc}", code="unreadable") from None
    finally:
        page.close()


def _metadata(pdf: object, count: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    try:
        info = pdf.get_metadata_dict(skip_empty=True)  # type: ignore[attr-defined]
    except Exception:  # a damaged information dictionary is no reason to refuse the text
        info = {}
    for key, value in info.items():
        if key in _METADATA and isinstance(value, str) and value.strip():
            out.append((_METADATA[key], value.strip()))
    out.append(("pages", str(count)))
    return out


def _blocks(page: Page, number: int) -> list[Line]:
    out: list[Line] = []
    line_no = 0
    table_no = 0
    for item in page.order:
        if isinstance(item, PdfLine):
            if _PAGE_NUMBER.match(item.text):
                continue  # a page number such as "- 3 -", not a table cell
            line_no += 1
            out.append(Line(text=item.text, where=Where(page=number, line=line_no), box=item.box()))
            continue
        table_no += 1
        out.extend(_table_lines(item, number, table_no))
    return out


def _label_columns(grid: list[list[str | None]]) -> set[int]:
    """Columns holding a label in some row that also holds a number: an empty cell there is label space."""
    out: set[int] = set()
    for cells in grid:
        if not any(c and any(ch.isdigit() for ch in c) and value_like(c) for c in cells):
            continue
        out.update(i for i, c in enumerate(cells) if c and not value_like(c))
    return out


def _table_lines(table: PdfTable, page: int, number: int) -> list[Line]:
    """A table row by row as pipe rows; merged cells once, empty label cells dropped, empty values kept blank."""
    grid = [[None if c is None else c[1] for c in row] for row in table.rows]
    labels = _label_columns(grid)
    out = []
    for r, (row, cells) in enumerate(zip(table.rows, grid, strict=True), start=1):
        kept = [c for i, c in enumerate(cells) if c is not None and (c or i not in labels)]
        text = kept[0] if len(kept) == 1 else " | ".join(kept)
        if not text:
            continue
        boxes = [c[0] for c in row if c is not None]
        box = Box(
            x0=min(b[0] for b in boxes), top=min(b[1] for b in boxes),
            x1=max(b[2] for b in boxes), bottom=max(b[3] for b in boxes),
        )  # fmt: skip
        out.append(Line(text=text, where=Where(page=page, table=number, row=r), box=box))
    return out
