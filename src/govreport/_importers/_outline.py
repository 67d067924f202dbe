"""The source's outline audited: the six section headings and where the three tables stand.

A report typed into Word by hand drifts from the format's outline: a heading numbered for the section it
replaced, two headings swapped, a section repeated, the numbering restarted at 一 inside a section, 表三 pasted
under heading 二.  The importer still reads what it can; these findings say what is wrong with the *document*,
apart from its numbers, so a reviewer can send it back.  Each names the line or table where it was seen.
"""

from __future__ import annotations

import re

from govreport._importers._normalise import FULL_WIDTH, key, squash
from govreport._importers._result import OutlineIssue
from govreport._importers._sections import MAX_HEADING, SECTION_HEADINGS, Sections, plain, prose_like, section_of
from govreport._importers._source import Line, SourceTable, Where

_NUMERALS = "一二三四五六七八九十"
_HEADING_START = _NUMERALS + "#"
"""How a line numbered in Chinese numerals starts (a Markdown heading's # before them)."""

TABLE_HOME = {"二": 2, "三": 3, "四": 4}
"""The section each table belongs under."""

SIGNATURES: dict[str, tuple[str, ...]] = {
    "二": ("本年制发件数", "本年废止件数", "现行有效件数", "行政规范性文件", "行政许可", "行政处罚", "行政强制"),
    "三": (
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "予以公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "商业企业",
        "科研机构",
    ),
    "四": ("结果维持", "结果纠正", "尚未审结", "复议后起诉", "未经复议直接起诉"),
}
"""Labels only one table prints (after spaces and punctuation are removed), in both formats."""

MIN_SIGNATURES = 3
"""A section holds a table when its table text has at least this many of the table's labels: one or two can be
mentioned in a sentence of prose (``予以公开``, ``行政许可``); three in rows and cells is the table itself."""


_TOP_NUMBER = re.compile(r"\s*(?:([一二三四五六七八九十]{1,2})\s*[、.．]|(\d{1,2})\s*[、.．](?!\d))")
"""A top-level number written as such: ``四、``, ``4、``, ``4.`` (not ``4.5``, not ``三明市``)."""


def _printed(text: str) -> int | None:
    """The top-level number a heading is printed with (``四、`` → 4, ``4.`` → 4), or ``None``."""
    m = _TOP_NUMBER.match(plain(text).translate(FULL_WIDTH))
    if m is None:
        return None
    if m.group(2):
        return int(m.group(2))
    numeral = m.group(1)
    if len(numeral) == 1:
        return _NUMERALS.index(numeral) + 1
    return None if numeral[0] != "十" else 10 + (_NUMERALS.index(numeral[1]) + 1 if numeral[1] != "十" else 0)


_CANONICAL = {sec: key(text) for sec, text in SECTION_HEADINGS.items()}


def _is_heading(sec: int, line: Line) -> bool:
    """Whether a line :func:`section_of` reads as heading ``sec`` stands as a heading: numbered, or worded exactly
    as the format's, and not a row of a table (``行政复议 | 行政诉讼`` is 表四's header, not heading 四; a sentence
    such as ``无其他需要报告的事项`` is section 六's content)."""
    if "|" in line.text or re.search(r"\S\s{2,}\S", line.text.strip()):
        return False
    return _printed(line.text) is not None or key(line.text) == _CANONICAL[sec] or line.heading is not None


def _numeral(n: int) -> str:
    return _NUMERALS[n - 1] if 1 <= n <= len(_NUMERALS) else str(n)


def _quote(text: str) -> str:
    s = plain(text)
    return f"「{s if len(s) <= MAX_HEADING else s[:MAX_HEADING] + '…'}」"


def _headings(secs: Sections) -> list[OutlineIssue]:
    out: list[OutlineIssue] = []
    first: dict[int, Where] = {}
    highest = 0
    for sec, line in secs.headings:
        if not _is_heading(sec, line):
            continue
        printed = _printed(line.text)
        if printed is not None and printed != sec:
            out.append(
                OutlineIssue(
                    code="heading_numbering",
                    message=f"标题{_quote(line.text)}编号为“{_numeral(printed)}”，而它是格式的第{_numeral(sec)}部分"
                    f"（{SECTION_HEADINGS[sec]}）",
                    where=line.where,
                )
            )
        if sec in first:
            out.append(
                OutlineIssue(
                    code="heading_repeated",
                    message=f"标题{_quote(line.text)}重复出现（第一次在{first[sec].describe()}）；"
                    "其后的内容按前一部分读取",
                    where=line.where,
                )
            )
        elif sec < highest and (printed is None or printed == sec):  # a misnumbered one is said above
            out.append(
                OutlineIssue(
                    code="heading_order",
                    message=f"标题{_quote(line.text)}出现在{SECTION_HEADINGS[highest]}之后，顺序与格式不符；"
                    "其后的内容按前一部分读取",
                    where=line.where,
                )
            )
        first.setdefault(sec, line.where)
        highest = max(highest, sec)
    found = set(first)
    if found:
        missing = [SECTION_HEADINGS[s] for s in range(1, 7) if s not in found]
        if missing:
            out.append(OutlineIssue(code="heading_missing", message="缺少标题：" + "、".join(missing), where=None))
    return out


_TABLE_ROW = re.compile("申请数量|办理结果|结转下年度|申请情况")
"""表三 numbers its own rows 一、二、三、四: those are the table's, not a restarted outline."""


def _restarts(secs: Sections) -> list[OutlineIssue]:
    """A heading-like line numbered 一、… inside a section after 一: the top-level numbering begun again."""
    out: list[OutlineIssue] = []
    for sec in range(2, 7):
        for item in secs.items[sec]:
            if not isinstance(item, Line):
                continue
            first = item.text.lstrip()[:1]
            if not first or first not in _HEADING_START:  # most lines: passed over at once
                continue
            text = plain(item.text)
            if not text or text[0] not in _NUMERALS or len(text) > MAX_HEADING:
                continue
            if prose_like(text) or "。" in text or section_of(text) is not None:
                continue
            printed = _printed(text)  # numbered in Chinese numerals: 1. and 1、 are sub-levels
            if printed is not None and printed < sec and not _TABLE_ROW.search(squash(text)):
                out.append(
                    OutlineIssue(
                        code="numbering_restarted",
                        message=f"{SECTION_HEADINGS[sec]}之下的{_quote(text)}又从“{_numeral(printed)}、”编号，"
                        "与六个部分的编号相混；小标题宜用（一）（二）…",
                        where=item.where,
                    )
                )
                break  # one finding per section says it
    return out


def _table_text(items: list[Line | SourceTable]) -> tuple[str, Where | None]:
    """A section's table-like text squashed (table cells, and lines that are not prose), and where it starts."""
    parts: list[str] = []
    where: Where | None = None
    for item in items:
        if isinstance(item, SourceTable):
            parts.extend(c.text for r in item.rows for c in r)
        elif not prose_like(item.text):
            parts.append(item.text)
        else:
            continue
        where = where or item.where
    return squash("".join(parts)), where


_NO_SPACE = re.compile(r"\s+")


def _tables(secs: Sections) -> list[OutlineIssue]:
    """A table found under another section's heading than its own (and not under its own)."""
    out: list[OutlineIssue] = []
    texts: dict[int, tuple[str, Where | None]] = {}
    texts_at_home: dict[int, str] = {}
    for name, labels in SIGNATURES.items():
        home = TABLE_HOME[name]
        # the common case, decided on the section's whole text with its spaces removed: the table is at home
        if home not in texts_at_home:
            texts_at_home[home] = _NO_SPACE.sub("", secs.items_text(home))  # \s covers the ideographic space
        if sum(label in texts_at_home[home] for label in labels) >= MIN_SIGNATURES:
            continue
        elsewhere = []
        for sec in range(0, 7):
            if sec not in texts:
                texts[sec] = _table_text(secs.items[sec])
            text, where = texts[sec]
            if sum(label in text for label in labels) >= MIN_SIGNATURES:
                elsewhere.append((sec, where))
        if not elsewhere:
            continue
        sec, where = elsewhere[0]
        under = SECTION_HEADINGS[sec] if sec else "六个部分的标题之前"
        out.append(
            OutlineIssue(
                code="table_misplaced",
                message=f"表{name}出现在{under}之下，而不在{SECTION_HEADINGS[home]}之下；表{name}的数字因此未能读取",
                where=where,
            )
        )
    return out


def audit(secs: Sections) -> tuple[OutlineIssue, ...]:
    """Everything wrong with the source's outline, in the order: headings, numbering, tables."""
    return (*_headings(secs), *_restarts(secs), *_tables(secs))
