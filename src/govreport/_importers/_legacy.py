"""Formats govreport recognises but does not read, refused with what to do instead.

A Word 97–2003 ``.doc`` (or WPS ``.wps``) is an OLE2 compound file whose text is stored in pieces no
maintained Python library reads faithfully (tables especially); RTF likewise.  Both are refused with the
advice that works: every word processor saves them as ``.docx`` or PDF, and the report's web page is usually
published too.  A ``.doc`` that is really HTML, a zip (DOCX) or a PDF never comes here: it is read as what it is.
"""

from __future__ import annotations

from govreport._importers._registry import ImportFailed
from govreport._importers._sniff import is_ole2, is_rtf, ole2_kind
from govreport._importers._source import SourceDocument

_ADVICE = "save it as .docx or PDF, or import the web page"


def read(data: bytes, name: str) -> SourceDocument:
    """Never returns: says what the file is and what to import instead."""
    if is_ole2(data):
        kind = ole2_kind(data)
        what = {
            "word": "a Word 97–2003 .doc file",
            "excel": "an Excel 97–2003 .xls workbook",
            "powerpoint": "a PowerPoint 97–2003 file",
        }.get(kind, "an Office 97–2003 (OLE2) file")
        advice = "save the report as .docx or PDF, or import the web page" if kind != "word" else _ADVICE
        raise ImportFailed(
            f"{name}: {what} (its first bytes are an OLE2 compound-file header), which govreport does not read; "
            f"{advice}",
            code="unsupported",
        )
    if is_rtf(data):
        raise ImportFailed(
            f"{name}: an RTF document (it starts with {{\\rtf), which govreport does not read; {_ADVICE}",
            code="unsupported",
        )
    raise ImportFailed(f"{name}: not a format govreport reads", code="unsupported")
