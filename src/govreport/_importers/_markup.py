"""HTML parsed into a tree (lxml), and from the tree to paragraphs and tables, in reading order.

Used for web pages (:mod:`govreport._importers._html`) and for text that holds HTML markup (a report copied
with its tags, Markdown whose converter kept complex tables as HTML; :mod:`govreport._importers._text`).

What a person reading the page sees is kept: scripts, styles, forms, frames, embedded objects and elements
marked ``hidden`` or ``display:none`` are skipped; nothing is fetched.  Paragraph-like elements (``p``,
``div``, ``li``, headings, ``br`` …) end a line.  A table is read cell by cell unless it only lays the page
out: a table that holds another table, or whose rows have one cell each, is read as running text, so the
report's own tables inside a layout table keep their cells.  ``<div>`` grids that say they are tables
(``role="table"``/``row``/``cell``, or ``display:table``/``table-row``/``table-cell``) are read as tables.
"""

from __future__ import annotations

import re
from typing import Any

from govreport._importers._cells import RawCell, lay_out, span
from govreport._importers._limits import MAX_TABLE_CELLS
from govreport._importers._registry import ImportFailed
from govreport._importers._source import Line, SourceTable, Where

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
HTML_MAX_DEPTH = 256
"""libxml2's own limit on element nesting (without its "huge" option, which govreport never sets); a page
nested deeper is refused rather than read in part."""


def parse(text: str, name: str) -> Any:
    """The page's tree (lxml), or :class:`ImportFailed` when there is nothing to parse."""
    from lxml import etree

    text = _XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    if not text.strip():
        raise ImportFailed(f"{name}: 网页是空的", code="empty")
    # plain lxml elements: lxml.html's element classes cost a lookup per element and add nothing needed here
    parser = etree.HTMLParser(no_network=True, remove_pis=True, recover=True)
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ImportFailed(f"{name}: 网页无法按 HTML 解析：{exc}", code="unreadable") from None
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise ImportFailed(
                f"{name}: 第{error.line}行：网页元素嵌套超过{HTML_MAX_DEPTH}层（或含有巨大的文本节点），"
                "正常网页不需要这样，不予读取",
                code="too-large",
            )
    if root is None:
        raise ImportFailed(f"{name}: 网页中没有 HTML 解析器能找到的内容", code="empty")
    return root


_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "dl",
        "ul",
        "ol",
        "form",
        "center",
        "address",
        "nav",
        "aside",
        "main",
        "figure",
        "figcaption",
        "hr",
        "details",
        "summary",
        "fieldset",
        "legend",
        "tr",
        "td",
        "th",
        "caption",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "body",
        "html",
    ]
)
_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "select",
        "textarea",
        "button",
        "head",
        "input",
        "option",
        "datalist",
        "audio",
        "video",
        "canvas",
        "map",
    ]
)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_SPACE = re.compile(r"[ \t\r\n\f]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_DISPLAY = re.compile(r"display\s*:\s*(table|table-row|table-cell)\b", re.IGNORECASE)
_ROLES_TABLE = {"table", "grid", "treegrid"}
_ROLES_ROW = {"row"}
_ROLES_CELL = {"cell", "gridcell", "columnheader", "rowheader"}


def _kind(el: Any) -> str | None:
    """``table``, ``row`` or ``cell`` for an element that says it plays that part, else ``None``."""
    role = el.get("role")
    if role:
        role = role.strip().lower()
        if role in _ROLES_TABLE:
            return "table"
        if role in _ROLES_ROW:
            return "row"
        if role in _ROLES_CELL:
            return "cell"
    style = el.get("style")
    if style and "table" in style:
        m = _DISPLAY.search(style)
        if m:
            return {"table": "table", "table-row": "row", "table-cell": "cell"}[m.group(1).lower()]
    return None


def _hidden(el: Any) -> bool:
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    style = el.get("style")
    return bool(style and ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style))


class _Table:
    def __init__(self, el: Any, line: int | None) -> None:
        self.el = el
        self.line = line
        self.rows: list[list[RawCell]] = []
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.before: list[str] = []  # caption and stray text: read before the table


class Walker:
    """Collects the blocks of one document; :meth:`walk` may be called for several trees in turn."""

    def __init__(self, name: str, *, keep_newlines: bool = False) -> None:
        self.name = name
        self.keep_newlines = keep_newlines
        self.blocks: list[Line | SourceTable] = []
        self.image_alts: list[Line] = []
        self.notes: list[str] = []
        self.ignored: set[str] = set()
        self.pdf_links: list[str] = []
        self.cells = 0
        self.table_count = 0
        self._text: list[str] = []
        self._line: int | None = None
        self._heading: int | None = None
        self._table: _Table | None = None
        self._pre = 0

    # ------------------------------------------------------------ lines

    def _flush(self) -> None:
        if not self._text:
            return
        text = _SPACE.sub(" ", "".join(self._text)).strip()
        self._text = []
        if text:
            self.blocks.append(Line(text=text, where=Where(line=self._line), heading=self._heading))

    def _add_text(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        table = self._table
        if table is not None:
            if table.cell is not None:
                table.cell.append(text)
            elif text.strip():
                table.before.append(text)  # outside any cell: a browser shows it before the table
            return
        if self.keep_newlines or self._pre:
            parts = text.split("\n")
            for i, part in enumerate(parts):
                if i:
                    self._flush()
                    if line is not None:
                        line += 1
                if part:
                    if not self._text:
                        self._line = line
                    self._text.append(part)
            return
        if not self._text:
            self._line = line
        self._text.append(text)

    def _break(self) -> None:
        table = self._table
        if table is not None:
            if table.cell is not None:
                table.cell.append("\n")
            return
        self._flush()

    # ------------------------------------------------------------ tables

    def _start_table(self, el: Any) -> None:
        self._flush()
        self._table = _Table(el, el.sourceline)

    def _start_row(self) -> None:
        table = self._table
        assert table is not None
        self._end_cell()
        table.rows.append([])

    def _start_cell(self, el: Any) -> None:
        table = self._table
        assert table is not None
        self._end_cell()
        if not table.rows:
            table.rows.append([])
        table.cell = []
        table.span = (span(el.get("rowspan")), span(el.get("colspan")))

    def _end_cell(self) -> None:
        table = self._table
        if table is None or table.cell is None:
            return
        lines = (_SPACE.sub(" ", x).strip() for x in "".join(table.cell).split("\n"))
        text = "\n".join(x for x in lines if x)
        table.rows[-1].append(RawCell(text=text, rowspan=table.span[0], colspan=table.span[1]))
        table.cell = None
        self.cells += 1
        if self.cells > MAX_TABLE_CELLS:
            raise ImportFailed(
                f"{self.name}: 表格单元格超过{MAX_TABLE_CELLS}个（第{table.line}行起），报告的表格约300个单元格，"
                "不予读取",
                code="too-large",
            )

    def _end_table(self) -> None:
        table = self._table
        assert table is not None
        self._end_cell()
        self._table = None
        for text in table.before:
            for part in text.split("\n"):
                part = _SPACE.sub(" ", part).strip()
                if part:
                    self.blocks.append(Line(text=part, where=Where(line=table.line)))
        rows = [row for row in table.rows if row]
        if not rows:
            return
        if max(len(row) for row in rows) == 1:
            # one cell a row: a box around text, not a table; each of its lines is a line of the page
            for row in rows:
                for part in row[0].text.split("\n"):
                    self.blocks.append(Line(text=part, where=Where(line=table.line)))
            return
        self.table_count += 1
        self.blocks.append(lay_out(rows, self.table_count, self.name, self.notes))

    # ------------------------------------------------------------ the walk

    def walk(self, root: Any) -> None:
        """Read ``root`` and everything below it (lxml's tree walk, so no nesting depth exhausts the stack)."""
        from lxml import etree

        skipping = None
        events = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        for event, el in events:
            if event == "start":
                tag = el.tag
                if not isinstance(tag, str):
                    continue
                if not self._enter(el, tag.lower()):
                    skipping = el
                    events.skip_subtree()
            elif event == "end":
                if el is skipping:
                    skipping = None
                elif isinstance(el.tag, str):
                    self._leave(el, el.tag.lower())
                if el is not root:
                    self._add_text(el.tail, el.sourceline)
            else:  # a comment or processing instruction: only its tail is text
                self._add_text(el.tail, el.sourceline)
        self._flush()

    def _enter(self, el: Any, tag: str) -> bool:
        """Start ``el``; ``False`` when its content is skipped."""
        if tag in _SKIP:
            if tag in ("iframe", "embed", "object", "frame"):
                ref = el.get("src") or el.get("data") or ""
                if ".pdf" in ref.lower():
                    self.pdf_links.append(ref)
            if tag not in ("head", "input", "option", "button"):
                self.ignored.add(tag)
            return False
        if _hidden(el):
            self.ignored.add("隐藏元素")
            return False
        if tag == "img":
            alt = _SPACE.sub(" ", el.get("alt") or "").strip()
            if alt:
                self.image_alts.append(Line(text=alt, where=Where(line=el.sourceline)))
            return True
        table = self._table
        kind = "table" if tag == "table" else _kind(el) if tag not in ("tr", "td", "th") else None
        if table is None:
            if kind == "table" and not self._layout(el):
                self._start_table(el)
                self._add_text(el.text, el.sourceline)
                return True
        elif el is not table.el:
            if tag == "tr" or kind == "row":
                self._start_row()
                self._add_text(el.text, el.sourceline)
                return True
            if tag in ("td", "th") or kind == "cell":
                self._start_cell(el)
                self._add_text(el.text, el.sourceline)
                return True
            if tag == "caption":
                self._end_cell()
                table.before.append("\n")
                self._add_text(el.text, el.sourceline)
                return True
        if tag in _HEADINGS and table is None:
            self._flush()
            self._heading = _HEADINGS[tag]
        elif tag == "pre":
            self._break()
            self._pre += 1
        elif tag == "br" and self.keep_newlines and self._table is None and "|" in "".join(self._text):
            self._text.append(" ")  # a <br> inside a Markdown table row: the row goes on, on the same line
        elif tag in _BLOCK or tag == "br":
            self._break()
        self._add_text(el.text, el.sourceline)
        return True

    def _leave(self, el: Any, tag: str) -> None:
        table = self._table
        if table is not None and el is table.el:
            self._end_table()
            return
        if table is not None:
            if tag in ("td", "th") or (_kind(el) == "cell" and tag not in ("tr",)):
                self._end_cell()
                return
            if tag == "caption":
                table.before.append("\n")
                return
        if tag in _HEADINGS and table is None:
            self._flush()
            self._heading = None
        elif tag == "pre":
            self._break()
            self._pre = max(0, self._pre - 1)
        elif tag in _BLOCK:
            self._break()

    @staticmethod
    def _layout(el: Any) -> bool:
        """Whether a table (or a ``div`` that says it is one) only lays the page out: it holds another table."""
        return el.find(".//table") is not None or el.find(".//*[@role='table']") is not None
