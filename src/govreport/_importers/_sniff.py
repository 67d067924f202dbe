"""What a file's bytes are, whatever its name says: PDF, DOCX, XLSX, HTML, MHT, a Word 97–2003 file, RTF.

Sites serve HTML under ``.doc``, save PDF viewer pages as ``.html`` and page text as ``.txt`` that still holds
its tags; a file is read as what its first bytes show.  Text that merely *contains* HTML tags (a Markdown
file with a raw ``<table>``) is not HTML here: the text reader reads its tags and keeps its lines.
"""

from __future__ import annotations

import codecs
import re

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first eight bytes of an OLE2 compound file (Word 97–2003 .doc, Excel .xls, WPS .wps)."""

_HTML_START = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title|frameset)\b",
    re.IGNORECASE | re.DOTALL,
)
_MHT = re.compile(rb"^(?:[\w-]+:[^\r\n]*\r?\n(?:[ \t][^\r\n]*\r?\n)*)*?MIME-Version:", re.IGNORECASE)


def _text_head(head: bytes) -> bytes:
    """The head without a byte-order mark, UTF-16 narrowed to its ASCII bytes so tags can be matched."""
    if head.startswith(codecs.BOM_UTF8):
        return head[3:]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head[2:].replace(b"\x00", b"")
    return head


def is_pdf(head: bytes) -> bool:
    """A PDF: ``%PDF-`` within the first KiB (some writers put a few bytes before it)."""
    return b"%PDF-" in head[:1024]


def is_zip(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def is_xlsx(head: bytes) -> bool:
    # an OOXML zip names its parts in the local headers at its start: a workbook's under xl/, a document's word/
    return is_zip(head) and b"xl/workbook" in head and b"word/document" not in head


def is_docx(head: bytes) -> bool:
    return is_zip(head) and not is_xlsx(head)


def is_ole2(head: bytes) -> bool:
    return head.startswith(OLE2_MAGIC)


def is_rtf(head: bytes) -> bool:
    return _text_head(head).lstrip().startswith(b"{\\rtf")


def is_mht(head: bytes) -> bool:
    """A MIME multipart document: Word's and browsers' single-file web page (``.mht``/``.mhtml``)."""
    start = _text_head(head)[:4096].lstrip()
    return bool(_MHT.match(start)) and b"multipart/related" in head[:8192].lower()


def is_html(head: bytes) -> bool:
    """An HTML document: it starts (after a BOM, white space, comments, an XML declaration) with an HTML tag."""
    return bool(_HTML_START.match(_text_head(head)[:4096])) or is_mht(head)


def ole2_kind(data: bytes) -> str:
    """What an OLE2 file holds, by the names of its streams (UTF-16 in its directory)."""

    def has(stream: str) -> bool:
        return stream.encode("utf-16-le") in data[: 1 << 20]

    if has("WordDocument"):
        return "word"
    if has("Workbook") or has("Book"):
        return "excel"
    if has("PowerPoint Document"):
        return "powerpoint"
    return "unknown"
