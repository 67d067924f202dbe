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

_ADVICE = "请另存为 .docx 或 PDF，或导入网页版"


def read(data: bytes, name: str) -> SourceDocument:
    """Never returns: says what the file is and what to import instead."""
    if is_ole2(data):
        kind = ole2_kind(data)
        what = {
            "word": "Word 97–2003 .doc 文件",
            "excel": "Excel 97–2003 .xls 工作簿",
            "powerpoint": "PowerPoint 97–2003 文件",
        }.get(kind, "Office 97–2003（OLE2）文件")
        advice = "请将报告另存为 .docx 或 PDF，或导入网页版" if kind != "word" else _ADVICE
        raise ImportFailed(
            f"{name}: 这是 {what}（开头是 OLE2 复合文件头），govreport 不读取此格式；{advice}",
            code="unsupported",
        )
    if is_rtf(data):
        raise ImportFailed(
            f"{name}: 这是 RTF 文档（以 {{\\rtf 开头），govreport 不读取此格式；{_ADVICE}",
            code="unsupported",
        )
    raise ImportFailed(f"{name}: 不是 govreport 能读取的格式", code="unsupported")
