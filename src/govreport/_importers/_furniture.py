"""Page furniture: what a page carries that is not the report — page numbers, running headers and footers,
watermarks, footnote marks.  None of it may ever become a value.

Page numbers are recognised by their shape (``— 6 —``, ``-12-``, ``第 3 页 共 9 页``, ``3/9``); running headers,
footers and watermarks by repetition (the same short line on many pages); footnote marks by their characters
(superscript digits, circled numbers, ``*``, ``†``, ``[1]``) at the end of a label or a number.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

from govreport._importers._normalise import key, value_like
from govreport._importers._source import Line
from govreport.formats import FORMAT_VERSIONS
from govreport.layout import all_rows

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－−_~]{1,2}\s*\d{1,3}\s*[-—–－−_~]{1,2}"  # - 3 -, —6—, -12-
    r"|第\s*\d{1,3}\s*页\s*[,，/]?\s*(?:共\s*\d{1,3}\s*页)?"  # 第 3 页 共 9 页
    r"|共\s*\d{1,3}\s*页\s*[,，/]?\s*第\s*\d{1,3}\s*页"  # 共 9 页 第 3 页
    r"|\d{1,3}\s*/\s*\d{1,3}"  # 3/9
    r"|[Pp]age\s*\d{1,3}(?:\s*of\s*\d{1,3}|\s+[-–—]\s+.{1,40})?"  # Page 3 of 9, Page 9 - <document name>
    r"|P\.\s*\d{1,3})$"  # a viewer's P. 9
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
REPEATED = 3
"""A short line found this many times or more is a running header, footer or watermark (when it is not part of a
table: labels such as 结果维持 repeat too)."""
MAX_REPEATED = 40
"""Running headers and footers are short; a longer line that repeats is a sentence the report repeats."""
MIN_REPEATED = 4
"""Shorter repeated lines (``总计``, ``其他``) are table words, not furniture."""


def is_page_number(text: str) -> bool:
    """Whether a line (or the non-empty cells of a row, joined) is a page number."""
    return _PAGE_NUMBER.match(text.strip()) is not None


@functools.cache
def _table_words() -> frozenset[str]:
    words: set[str] = {"总计", "信息内容", "申请人情况"}
    for version in FORMAT_VERSIONS:
        for table in ("二", "三", "四"):
            for row in all_rows(version, table):
                words.add(key(row.label))
                words.update(key(label) for label in row.labels)
                words.update(key(c.label) for c in row.columns)
    return frozenset(words)


def repeated_lines(lines: Sequence[Line]) -> frozenset[str]:
    """The lines that repeat like a running header, footer or watermark (see :data:`REPEATED`)."""
    counts = Counter(s for s in (line.text.strip() for line in lines) if MIN_REPEATED <= len(s) <= MAX_REPEATED)
    words = _table_words()
    out = set()
    for text, n in counts.items():
        if n < REPEATED or not MIN_REPEATED <= len(text) <= MAX_REPEATED or value_like(text):
            continue
        if len(_CJK.findall(text)) < MIN_REPEATED or any(c in text for c in "|｜│\t"):
            continue  # furniture is words; a repeated row of numbers or cells is table content
        k = key(text)
        if not k or k in words:
            continue
        out.add(text)
    return frozenset(out)


def remove(lines: Sequence[Line]) -> tuple[list[Line], list[str]]:
    """The lines without page furniture, and a note for each kind removed."""
    repeated = repeated_lines(lines)
    out: list[Line] = []
    pages = 0
    kept: set[str] = set()
    dropped: Counter[str] = Counter()
    for line in lines:
        text = line.text.strip()
        if text and is_page_number(text):
            pages += 1
            continue
        if text in repeated:
            if "报告" in text and text not in kept:
                kept.add(text)  # a running header repeating the title: its first occurrence is the title
            else:
                dropped[text] += 1
                continue
        out.append(line)
    notes = []
    if pages:
        notes.append(f"删除页码{pages}个")
    for text, n in sorted(dropped.items()):
        notes.append(f"删除重复{n}次的一行（页眉、页脚或水印）：「{text}」")
    return out, notes
