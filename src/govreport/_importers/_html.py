"""HTML: paragraphs and tables (rowspan/colspan laid out) of a web page, in any declared or detectable encoding.

The page is parsed into a tree by lxml (libxml2's HTML parser, which recovers from unclosed cells, stray
tags and Word's conditional comments as a browser does); :mod:`govreport._importers._markup` reads the tree.
Nothing is fetched: no network access, no external entities, scripts and frames skipped.  Word's "single file
web page" (``.mht``, MIME) is unpacked to its HTML part first.  A page that only shows a PDF in a viewer is
refused with the PDF's address, so the user can import the PDF itself.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import Message
from typing import Any

import attrs

from govreport._importers._decode import check_text_size, declared_charset, decode, refuse_binary
from govreport._importers._markup import Walker, parse
from govreport._importers._registry import ImportFailed
from govreport._importers._sniff import is_mht
from govreport._importers._source import Line, SourceDocument, SourceTable
from govreport._importers._text import read as read_text

_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[A-Za-z!/?]")
_SPACE = re.compile(r"\s+")
_PDF_VIEWER = re.compile(r"PDFViewerApplication|pdfjs-dist|pdf\.js|viewerContainer|pdfobject", re.IGNORECASE)
_PDF_URL = re.compile(r"""["'(=]\s*([^"'()<>\s]+?\.pdf)\b""", re.IGNORECASE)
_REPORT_WORDS = (
    "总体情况",
    "主动公开政府信息",
    "收到和处理政府信息公开申请",
    "行政复议",
    "存在的主要问题",
    "其他需要报告",
)
MIN_REPORT_WORDS = 2
"""A page naming fewer of the section topics than this is no report's text (a viewer page, a list page)."""


def read(data: bytes, name: str) -> SourceDocument:
    """The paragraphs and tables of a web page."""
    check_text_size(data, name)
    notes: list[str] = []
    if is_mht(data):
        data, declared = _mht_html(data, name)
        notes.append("单个文件网页（MHT）：已读取其中的 HTML 部分")
    else:
        refuse_binary(data, name)
        declared = None
    text, encoding = decode(data, name, declared or declared_charset(data))
    notes.insert(0, f"编码 {encoding}")
    if not _ANY_TAG.search(text):
        # named .html but plain text (a text browser's dump saved under the page's name): its lines are its lines
        doc = read_text(data, name)
        return attrs.evolve(doc, notes=(*doc.notes, "文件中没有 HTML 标记，按文本读取"))
    root = parse(text, name)
    walker = Walker(name)
    title, metadata = _head(root)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    head = text[:65536]
    if ("ENTITY" in head or "entity" in head) and _ENTITY_DECLARATION.search(head):
        walker.ignored.add("实体声明")
    _refuse_pdf_viewer(walker, text, name)
    notes.extend(walker.notes)
    if walker.ignored:
        notes.append("已忽略：" + "、".join(sorted(walker.ignored)) + "（不运行、不获取任何内容）")
    return SourceDocument(
        blocks=tuple(walker.blocks),
        rendering="html",
        notes=tuple(notes),
        title=title,
        metadata=tuple(metadata),
        source_name=name,
        image_alts=tuple(walker.image_alts),
    )


def _head(root: Any) -> tuple[str | None, list[tuple[str, str]]]:
    """The page's ``<title>`` and its ``<meta name=… content=…>`` pairs."""
    head = root.find("head")
    title = None
    metadata: list[tuple[str, str]] = []
    if head is None:
        return None, metadata
    for el in head.iter("title", "meta"):
        if el.tag == "title":
            if title is None:
                title = _SPACE.sub(" ", "".join(el.itertext())).strip() or None
            continue
        key = (el.get("name") or el.get("property") or "").strip().lower()
        value = _SPACE.sub(" ", el.get("content") or "").strip()
        if key and value:
            metadata.append((key, value))
    return title, metadata


def _refuse_pdf_viewer(walker: Walker, text: str, name: str) -> None:
    """Refuse a page that only shows a PDF (an ``<iframe>``/``<embed>`` of a PDF, a pdf.js viewer)."""
    words = "".join(b.text for b in walker.blocks if isinstance(b, Line))
    cells = "".join(c.text for b in walker.blocks if isinstance(b, SourceTable) for r in b.rows for c in r)
    found = sum(1 for w in _REPORT_WORDS if w in words or w in cells)
    if found >= MIN_REPORT_WORDS:
        return  # a report's text, whatever else the page shows
    if not walker.pdf_links and not _PDF_VIEWER.search(text):
        return
    links = walker.pdf_links or [m.group(1) for m in _PDF_URL.finditer(text)]
    where = f"（{links[0]}）" if links else ""
    raise ImportFailed(
        f"{name}: 此网页只是在阅读器中显示一个 PDF{where}，本身没有报告文字；请下载该 PDF 再导入",
        code="pdf-viewer",
    )


# ---------------------------------------------------------------- MHT (Word's single-file web page)


def _mht_html(data: bytes, name: str) -> tuple[bytes, str | None]:
    """The first ``text/html`` part of a MIME document, decoded from its transfer encoding, and its charset."""
    message: Message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload, part.get_content_charset()
    raise ImportFailed(f"{name}: MIME（.mht）文件中没有 HTML 部分", code="unreadable")
