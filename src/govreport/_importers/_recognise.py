"""Whether a document is (part of) an annual report: by what it is — its tables — not by one phrase.

A report's title may stand only in the page's ``<title>``, in a picture, in the file name or in the document's
properties, so the words 年度报告 need not occur in its text at all; and an excerpt (a page that stops inside
表三, a page with 表三 only) is still worth importing for what it holds.  What every report has, and nothing
else has, are the national tables.  So a document is imported when some part of 表二, 表三 or 表四 is found — a
few of their column headers or row labels — and refused otherwise, with the reason in words.
"""

from __future__ import annotations

import os
import re

from govreport._importers._normalise import squash, value_like
from govreport._importers._registry import ImportFailed
from govreport._importers._sections import SECTION_HEADINGS, Sections
from govreport._importers._source import Line, SourceDocument, SourceTable
from govreport._importers._tokens import physical_rows

TABLE_MARKERS: dict[str, tuple[str, ...]] = {
    "二": (
        "第二十条第",
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "处理决定数量",
        "本年收费金额",
        "采购项目数量",
        "采购总金额",
    ),
    "三": (
        "申请人情况",
        "本年新收政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        "本年度办理结果",
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "三安全一稳定",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
        "本机关不掌握相关政府信息",
        "没有现成信息需要另行制作",
        "补正后申请内容仍不明确",
        "信访举报投诉类申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "结转下年度继续办理",
        "社会公益组织",
        "法律服务机构",
    ),
    "四": ("结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议直接起诉", "复议后起诉"),
}
"""Words only the national tables print: their column headers and row labels."""
TABLE_NAMES = {
    "二": "表二 主动公开政府信息情况",
    "三": "表三 收到和处理政府信息公开申请情况",
    "四": "表四 行政复议、行政诉讼情况",
}
MIN_MARKERS = 2
"""A table counts as found when this many of its own words occur: one could be a sentence that quotes it."""
MIN_ROW_VALUES = 3
"""Numbers side by side in one row: a table's row (prose has a number here and there)."""
SHOWN_END = 24
"""How much of the document's last line a refusal quotes, to show where the text stops."""
_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")


def _table_text(secs: Sections, doc: SourceDocument) -> str:
    """The squashed text of sections 二–四, or of the whole document when none of them was found."""
    if any(secs.items[s] for s in (2, 3, 4)):
        return secs.squashed(2) + secs.squashed(3) + secs.squashed(4)
    items = list(doc.blocks)
    parts: list[str] = []
    for item in items:
        if isinstance(item, SourceTable):
            parts.extend(c.text for r in item.rows for c in r)
        else:
            parts.append(item.text)
    return squash("\n".join(parts))


def _number_rows(items: list[Line | SourceTable]) -> int:
    """How many rows of numbers (at least :data:`MIN_ROW_VALUES` values side by side) the items hold."""
    count = 0
    for row in physical_rows(items):
        if sum(1 for c in row.cells if c.text.strip() and value_like(c.text)) >= MIN_ROW_VALUES:
            count += 1
    return count


def tables_found(secs: Sections, doc: SourceDocument) -> dict[str, list[str]]:
    """For each national table of which some part was found, what shows it: its own words, or rows of numbers
    under its section's heading."""
    raw = "".join(secs.items_text(s) for s in (2, 3, 4)) if any(secs.items[s] for s in (2, 3, 4)) else ""
    quick = {table: [m for m in markers if m in raw] for table, markers in TABLE_MARKERS.items()}
    if all(len(seen) >= MIN_MARKERS for seen in quick.values()):
        return quick  # every table's own words as printed: no need to normalise the text
    text = _table_text(secs, doc)
    out: dict[str, list[str]] = {}
    for (table, markers), section in zip(TABLE_MARKERS.items(), (2, 3, 4), strict=True):
        seen = [m for m in markers if m in text]
        if len(seen) >= MIN_MARKERS:
            out[table] = seen
        elif secs.items[section] and _number_rows(secs.items[section]):
            out[table] = [f"{SECTION_HEADINGS[section]}之下的数字行"]
    return out


def _last_words(doc: SourceDocument) -> str:
    for block in reversed(doc.blocks):
        if isinstance(block, Line) and block.text.strip():
            text = block.text.strip()
            return text if len(text) <= SHOWN_END else "…" + text[-SHOWN_END:]
    return ""


def check(doc: SourceDocument, secs: Sections, source: str, all_text: str) -> dict[str, list[str]]:
    """The tables found; :class:`ImportFailed` saying why when no part of any national table is there."""
    found = tables_found(secs, doc)
    if found:
        return found
    sections = secs.found()
    flat = squash(all_text)
    looks_like = bool(sections) or "政府信息公开" in flat
    if not looks_like:
        raise ImportFailed(
            f"{source}: 这不是政府信息公开工作年度报告：没有报告六个部分中的任何一个"
            f"（{SECTION_HEADINGS[1]}……{SECTION_HEADINGS[6]}），也没有其表格的任何部分",
            code="not-a-report",
        )
    have = "有" + "、".join(SECTION_HEADINGS[s] for s in sections) if sections else "六个部分的标题一个也没有"
    end = _last_words(doc)
    raise ImportFailed(
        f"{source}: 未找到报告任何表格的任何部分（{'；'.join(TABLE_NAMES.values())}）：正文{have}"
        + (f"，结尾是「{end}」" if end else "")
        + "；没有任何表格单元格的节选无可导入（以图片印出的表格无法读取）",
        code="no-tables",
    )


def year_elsewhere(doc: SourceDocument, source: str) -> tuple[int, str] | None:
    """The report year from outside the text: the page's title, the document's properties, the file name."""
    candidates: list[tuple[str, str | None]] = [("网页标题（<title>）", doc.title)]
    meta = getattr(doc, "metadata", ())
    candidates.extend((f"文档属性 {k}", v) for k, v in meta if k in ("title", "subject", "articletitle"))
    candidates.append(("文件名", os.path.basename(getattr(doc, "source_name", None) or source)))
    for what, text in candidates:
        if not text:
            continue
        m = _YEAR.search(text)
        if m:
            return int(m.group(1)), what
    return None
