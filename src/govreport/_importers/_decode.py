"""Turning a file's bytes into text safely: size limits, binary detection, encodings."""

from __future__ import annotations

import codecs
import re

from govreport._importers._limits import MAX_FILE_BYTES, MAX_TEXT_BYTES
from govreport._importers._registry import ImportFailed

__all__ = ["MAX_FILE_BYTES", "MAX_TEXT_BYTES", "check_text_size", "declared_charset", "decode", "refuse_binary"]

_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])
"""Bytes that text does not hold (tab, line feed, vertical tab, form feed and carriage return are text)."""

_MARKERS = ("政府信息公开", "政府資訊公開", "政府信息公開", "年度报告", "年度報告", "信息公开")


def check_text_size(data: bytes, name: str) -> None:
    """Refuse text that is too large to be a report."""
    if len(data) > MAX_TEXT_BYTES:
        raise ImportFailed(
            f"{name}: 文本有{len(data) / 1048576:.1f} MiB，远超任何年度报告的篇幅"
            f"（上限为{MAX_TEXT_BYTES // 1048576} MiB），不予读取",
            code="too-large",
        )


def refuse_binary(data: bytes, name: str) -> None:
    """Refuse a file that is not text (NUL bytes or many control characters)."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if b"\x00" in head or (head and controls / len(head) > 0.05):
        raise ImportFailed(
            f"{name}: 这是二进制文件，不是文本（开头有控制字节）；请导入文本、HTML、DOCX 或 PDF 文件",
            code="binary",
        )


def _plausible(text: str) -> bool:
    return any(m in text for m in _MARKERS)


def decode(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the encoding used.

    Order: a byte-order mark; a declared charset (GBK and GB2312 read as their
    superset GB18030); UTF-8; then detection (GB18030, Big5, charset-normalizer),
    accepted only when the result reads as a Chinese report.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", name), "utf-8（带BOM）"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name), "utf-16（带BOM）"
    if declared:
        enc = _canonical(declared)
        if enc is not None:
            try:
                return data.decode(enc), f"{enc}（文件声明）"
            except (UnicodeDecodeError, LookupError):
                pass  # a wrong declaration is common: fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, f"{enc}（检测得出）"
    try:
        import charset_normalizer
    except ModuleNotFoundError:  # pragma: no cover - optional
        charset_normalizer = None  # type: ignore[assignment]
    if charset_normalizer is not None:
        best = charset_normalizer.from_bytes(data[: 1024 * 1024]).best()
        if best is not None and best.encoding:
            try:
                text = data.decode(best.encoding)
            except (UnicodeDecodeError, LookupError):
                text = ""
            if _plausible(text):
                return text, f"{best.encoding}（检测得出）"
    raise ImportFailed(
        f"{name}: 文本不是 UTF-8，也没有声明能读通的编码，试过的编码（GB18030、Big5、自动检测）"
        "都读不出中文报告文字；请另存为 UTF-8 或声明其字符集（charset）",
        code="encoding",
    )


def _strict(data: bytes, enc: str, name: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{name}: 文件以 {enc} 字节顺序标记（BOM）开头，但第{exc.start}字节处不是有效的 {enc}",
            code="encoding",
        ) from None


def _canonical(declared: str) -> str | None:
    name = declared.strip().strip("\"'").lower()
    if name in {"gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "gb18030"}:
        return "gb18030"
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None  # base64, zlib, rot13 …: codecs, but not a text encoding a page can declare
    return info.name


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first 64 KiB, if any."""
    head = data[:65536]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        m = pattern.search(head)
        if m:
            return m.group(1).decode("ascii")
    return None
