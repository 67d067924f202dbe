"""DOCX: paragraphs, tables and text boxes in document order, merged cells written once.

The zip is checked first (:mod:`govreport._importers._zip`: parts, inflated bytes, ratio).  The main document
part is found through the package relationships and read with lxml directly: python-docx, which the DOCX
exporter uses, does not see text boxes or content controls and takes forty times as long to build its
proxies (docs/guide/import.md, "Why these libraries").

* A paragraph's text is its runs' text (``w:t``), tabs as tabs and line breaks as new lines; deleted text of
  tracked changes and field instructions are left out.
* A text box (DrawingML ``wps:txbx`` or VML ``v:textbox``) is read right after the paragraph it is anchored
  in, paragraphs and tables alike; the VML copy Word keeps as a fallback is not read twice.
* Content controls (``w:sdt``) and custom XML wrappers are read through.
* A table's cell spanning columns (``gridSpan``) or rows (``vMerge``) appears once, in its first row; a
  table that holds another table, or whose rows have one cell each, only lays the page out and is read as
  paragraphs.
* The core properties (title, author, dates) go to :attr:`SourceDocument.metadata`; a paragraph in a
  heading style (``Heading 1``/``标题 1``, or an outline level) carries :attr:`Line.heading`.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Any

from govreport._importers._limits import MAX_TABLE_CELLS
from govreport._importers._registry import ImportFailed
from govreport._importers._source import Line, SourceCell, SourceDocument, SourceTable, Where
from govreport._importers._zip import check_zip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CORE = {
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}creator": "author",
    "{http://purl.org/dc/elements/1.1/}subject": "subject",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords": "keywords",
    "{http://purl.org/dc/terms/}created": "created",
    "{http://purl.org/dc/terms/}modified": "modified",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy": "last_modified_by",
}
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag", _W + "ins", _W + "moveTo"}
_SKIPPED_IN_TEXT = {_W + "del", _W + "moveFrom", _W + "instrText", _W + "delText", _MC + "Fallback"}
_TEXTBOX = _W + "txbxContent"
MAX_TEXTBOX_DEPTH = 8
"""Text boxes inside text boxes are read to this depth; Word itself does not nest them at all."""


def _xml(zf: zipfile.ZipFile, part: str, name: str) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(zf.read(part), parser=parser)
    except (KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise ImportFailed(f"{name}: Word 文档的部件 {part} 无法读取：{exc}", code="unreadable") from None


def _main_part(zf: zipfile.ZipFile, name: str) -> str:
    """The main document part named by the package relationships (``word/document.xml`` as a rule)."""
    try:
        rels = _xml(zf, "_rels/.rels", name)
    except ImportFailed:
        return "word/document.xml"
    for rel in rels.iter(_PKG_REL):
        if rel.get("Type") == _REL_OFFICE:
            target = (rel.get("Target") or "").lstrip("/")
            return posixpath.normpath(target) if target else "word/document.xml"
    return "word/document.xml"


def read(data: bytes, name: str) -> SourceDocument:
    """The paragraphs, tables and text boxes of a Word document."""
    check_zip(data, name, required="word/document.xml", kind="DOCX 文件（Word 文档）")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        part = _main_part(zf, name)
        if part not in zf.namelist():
            raise ImportFailed(f"{name}: Word 文档没有主体部件（{part}）", code="unreadable")
        root = _xml(zf, part, name)
        metadata = _core(zf, name) if "docProps/core.xml" in zf.namelist() else []
        headings = _heading_styles(zf, name) if "word/styles.xml" in zf.namelist() and _uses_styles(root) else {}
    body = root.find(_W + "body")
    if body is None:
        raise ImportFailed(f"{name}: Word 文档没有正文（body）", code="unreadable")
    reader = _Reader(name, headings)
    reader.container(body, 0)
    if not any(isinstance(b, SourceTable) or b.text.strip() for b in reader.blocks):
        raise ImportFailed(f"{name}: Word 文档中没有文字", code="empty")
    notes = []
    if reader.textboxes:
        notes.append(f"文本框{reader.textboxes}个，各接在其所锚定的段落之后读取")
    return SourceDocument(
        blocks=tuple(reader.blocks),
        rendering="docx",
        notes=tuple(notes),
        metadata=tuple(metadata),
        source_name=name,
        image_alts=tuple(reader.alts),
    )


def _core(zf: zipfile.ZipFile, name: str) -> list[tuple[str, str]]:
    out = []
    for el in _xml(zf, "docProps/core.xml", name):
        key = _CORE.get(el.tag)
        if key and el.text and el.text.strip():
            out.append((key, el.text.strip()))
    return out


def _uses_styles(root: Any) -> bool:
    """Whether any paragraph names a style other than the default: only then are the styles worth reading."""
    return any(
        (el.get(_W + "val") or "").lower() not in ("", "normal", "a", "body", "bodytext")
        for el in root.iter(_W + "pStyle")
    )


def _heading_styles(zf: zipfile.ZipFile, name: str) -> dict[str, int]:
    """Paragraph style id → heading level, for styles named ``heading N``/``标题 N`` or with an outline level."""
    out: dict[str, int] = {}
    for style in _xml(zf, "word/styles.xml", name).iter(_W + "style"):
        if style.get(_W + "type") != "paragraph":
            continue
        sid = style.get(_W + "styleId") or ""
        name_el = style.find(_W + "name")
        label = (name_el.get(_W + "val") if name_el is not None else "") or ""
        low = label.lower().replace(" ", "")
        for prefix in ("heading", "标题"):
            if low.startswith(prefix) and low[len(prefix) :].isdigit():
                out[sid] = int(low[len(prefix) :])
        outline = style.find(f"{_W}pPr/{_W}outlineLvl")
        if sid not in out and outline is not None and (outline.get(_W + "val") or "").isdigit():
            level = int(outline.get(_W + "val") or "9") + 1
            if level <= 6:
                out[sid] = level
    return out


class _Reader:
    def __init__(self, name: str, headings: dict[str, int]) -> None:
        self.name = name
        self.headings = headings
        self.blocks: list[Line | SourceTable] = []
        self.alts: list[Line] = []
        self.paragraphs = 0
        self.tables = 0
        self.cells = 0
        self.textboxes = 0

    # ------------------------------------------------------------ containers (body, cell, text box, sdt)

    def container(self, el: Any, depth: int) -> None:
        for child in el:
            tag = child.tag
            if tag == _W + "p":
                self.paragraph(child, depth)
            elif tag == _W + "tbl":
                self.table(child, depth)
            elif tag in _WRAPPERS:
                inner = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
                if inner is not None:
                    self.container(inner, depth)

    def paragraph(self, p: Any, depth: int) -> None:
        self.paragraphs += 1
        text, boxes = _paragraph_text(p)
        if text.strip():
            self.blocks.append(Line(text=text, where=Where(line=self.paragraphs), heading=self._heading(p)))
        for alt in _alts(p):
            self.alts.append(Line(text=alt, where=Where(line=self.paragraphs)))
        if depth < MAX_TEXTBOX_DEPTH:
            for box in boxes:
                self.textboxes += 1
                self.container(box, depth + 1)

    def _heading(self, p: Any) -> int | None:
        ppr = p.find(_W + "pPr")
        if ppr is None:
            return None
        outline = ppr.find(_W + "outlineLvl")
        if outline is not None and (outline.get(_W + "val") or "").isdigit():
            level = int(outline.get(_W + "val") or "9") + 1
            return level if level <= 6 else None
        style = ppr.find(_W + "pStyle")
        if style is None:
            return None
        return self.headings.get(style.get(_W + "val") or "")

    # ------------------------------------------------------------ tables

    def table(self, tbl: Any, depth: int) -> None:
        rows = [_row_cells(tr) for tr in _rows(tbl)]
        nested = any(c.find(f".//{_W}tbl") is not None for row in rows for _, _, c in row)
        if nested or max((len(row) for row in rows), default=0) <= 1:
            for row in rows:
                for _, _, cell in row:
                    self.container(cell, depth)  # a layout table: its content is the page's
            return
        self.tables += 1
        number = self.tables
        out: list[tuple[SourceCell, ...]] = []
        for r, row in enumerate(rows, start=1):
            cells = []
            for col, merged, tc in row:
                if merged:
                    continue  # the continuation of a cell merged down: read once, in its first row
                cells.append(SourceCell(text=_cell_text(tc), where=Where(table=number, row=r, column=col + 1)))
            out.append(tuple(cells))
            self.cells += len(cells)
            if self.cells > MAX_TABLE_CELLS:
                raise ImportFailed(
                    f"{self.name}: 表格单元格超过{MAX_TABLE_CELLS}个（第{number}个表格第{r}行），"
                    "报告的表格约300个单元格，不予读取",
                    code="too-large",
                )
        self.blocks.append(SourceTable(rows=tuple(out), where=Where(table=number)))


def _rows(tbl: Any) -> list[Any]:
    out = []
    for child in tbl:
        if child.tag == _W + "tr":
            out.append(child)
        elif child.tag in _WRAPPERS:
            inner = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if inner is not None:
                out.extend(_rows(inner))
    return out


def _row_cells(tr: Any) -> list[tuple[int, bool, Any]]:
    """(grid column, continues a vertical merge?, cell) for each cell of a row."""
    col = 0
    trpr = tr.find(_W + "trPr")
    if trpr is not None:
        before = trpr.find(_W + "gridBefore")
        if before is not None:
            col = _int(before.get(_W + "val"), 0)
    out = []
    for tc in _cells(tr):
        span = 1
        merged = False
        tcpr = tc.find(_W + "tcPr")
        if tcpr is not None:
            grid_span = tcpr.find(_W + "gridSpan")
            if grid_span is not None:
                span = max(1, _int(grid_span.get(_W + "val"), 1))
            vmerge = tcpr.find(_W + "vMerge")
            if vmerge is not None and (vmerge.get(_W + "val") or "continue") == "continue":
                merged = True
            hmerge = tcpr.find(_W + "hMerge")  # the old form of gridSpan
            if hmerge is not None and (hmerge.get(_W + "val") or "continue") == "continue":
                merged = True
        out.append((col, merged, tc))
        col += min(span, 1000)
    return out


def _cells(tr: Any) -> list[Any]:
    out = []
    for child in tr:
        if child.tag == _W + "tc":
            out.append(child)
        elif child.tag in _WRAPPERS:
            inner = child.find(_W + "sdtContent") if child.tag == _W + "sdt" else child
            if inner is not None:
                out.extend(_cells(inner))
    return out


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return default


def _cell_text(tc: Any) -> str:
    """A cell's paragraphs (and its text boxes'), stripped, empty ones dropped, one a line."""
    parts = []
    for p in tc.iter(_W + "p"):
        if _inside_skipped(p, tc):
            continue
        text, _ = _paragraph_text(p, boxes=False)
        if text.strip():
            parts.append(text.strip())
    return "\n".join(parts)


def _inside_skipped(el: Any, stop: Any) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _SKIPPED_IN_TEXT:
            return True
        parent = parent.getparent()
    return False


_TEXT_TAGS = (_W + "t", _W + "tab", _W + "ptab", _W + "br", _W + "cr", _W + "noBreakHyphen")
_SPECIAL = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


_SET_ASIDE = (_W + "del", _W + "moveFrom", _W + "instrText", _W + "delText", _MC + "Fallback", _TEXTBOX, _W + "p")


def _paragraph_text(p: Any, *, boxes: bool = True) -> tuple[str, list[Any]]:
    """The text of a paragraph's own runs, and the text boxes anchored in it (when ``boxes``)."""
    if next(p.iterdescendants(*_SET_ASIDE), None) is None:
        # the common case: every w:t of the paragraph is its text
        return "".join(
            (el.text or "") if el.tag == _TEXT_TAGS[0] else _SPECIAL[el.tag] for el in p.iter(_TEXT_TAGS)
        ), []
    out: list[str] = []
    found: list[Any] = []
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIPPED_IN_TEXT:
            continue
        if tag == _W + "t":
            out.append(el.text or "")
        elif tag == _W + "tab" or tag == _W + "ptab":
            out.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _TEXTBOX:
            if boxes:
                found.append(el)
        elif tag == _W + "p":
            continue  # a paragraph of a text box nested in this one: read with its box
        else:
            stack.extend(reversed(el))
    return "".join(out), found


def _alts(p: Any) -> list[str]:
    out = []
    for el in p.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
        alt = (el.get("descr") or el.get("title") or "").strip()
        if alt:
            out.append(alt)
    return out
