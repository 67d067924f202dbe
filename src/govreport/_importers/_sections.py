"""The six sections of a report, its title and its preamble, found in a document's lines and tables."""

from __future__ import annotations

import re

import attrs

from govreport._importers._normalise import key, nfkc, numbering, squash
from govreport._importers._source import Line, SourceDocument, SourceTable

SECTION_HEADINGS = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}
"""The six section headings as the format prints them."""

MAX_HEADING = 45
"""A line longer than this is a paragraph, not a section heading (the longest official heading has 24)."""
RUN_ON_LINE = 400
"""A line at least this long that holds official headings is a whole page flattened onto one line."""
TITLE_LINES = 10
"""The title is looked for among this many first non-empty lines."""
MAX_TITLE = 60
"""A line naming the report longer than this is a sentence about it, not its title."""
MAX_TITLE_PART = 30
"""A line before the title line longer than this is not the first part of a wrapped title."""

FRAGMENT_FROM = 3
"""A text without a title whose first heading is 三 or later starts inside the section before it (表二 or 表三);
before 二 there is only prose, which stays the preamble."""

PROSE_LINE = 80
"""A line longer than this is a paragraph of prose, never a table row (the longest row label has 38 characters)."""

_HINT = re.compile("情况|情況|概述|概况|概況|事项|事項|问题|問題|主动公开|主動公開|行政复议|行政復議|申请|申請")
"""Every section heading holds one of these: most lines do not, and are passed over before being reduced."""
_OVERALL = frozenset({"总体情况", "概述", "总体情况概述", "总体概况", "基本情况", "工作基本情况", "工作概况"})


def plain(text: str) -> str:
    """A line as prose: stripped, a Markdown heading's ``#`` removed."""
    s = text.strip()
    if s.startswith("#"):
        s = s.lstrip("#").strip()
    return s


def section_of(text: str) -> int | None:
    """The section (1–6) a heading line starts, or ``None``.

    The length limits on each heading's key keep a sentence that mentions the words (``…主动公开政府信息…``)
    from being taken for the heading.
    """
    s = text.strip().lstrip("#").strip()
    if not s or len(s) > MAX_HEADING or _HINT.search(s) is None:
        return None
    if re.search(r"[，,；;]", s) or "。" in s[:-1]:
        return None
    num, _ = numbering(s)
    if num is not None and num.startswith("("):
        return None  # （一）… are sub-headings, never sections
    k = key(s)
    if s.endswith("。") and len(k) > 16:
        return None
    if k in _OVERALL:
        return 1
    if "主动公开政府信息" in k and len(k) <= 14:
        return 2
    if "收到和处理" in k and "申请" in k and len(k) <= 24:
        return 3
    if "行政复议" in k and "行政诉讼" in k and len(k) <= 32:
        return 4
    if "问题" in k and ("改进" in k or "整改" in k) and len(k) <= 26:  # 整改措施, 整改情况: as often
        return 5
    if "其他需要报告" in k and len(k) <= 14:
        return 6
    return None


def _tolerant(heading: str) -> str:
    """The heading with at most one stray character after each of its characters (``行政法复议``)."""
    return re.escape(heading[:2]) + "".join(re.escape(c) + r"[^\s。，；]?" for c in heading[2:-1]) + heading[-1]


_HEADING_VARIANTS = (
    r"四、(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议[、与和及]?(?:提起)?行政诉讼(?:的)?情况",
    r"五、(?:政府信息公开工作)?存在的主要问题(?:和|及|与)(?:改进|整改)(?:情况|措施|举措)",
)
"""Wordings of headings 四 and 五 that reports print as often as the format's own."""
_INLINE_HEADINGS = re.compile("|".join([*_HEADING_VARIANTS, *(_tolerant(h) for h in SECTION_HEADINGS.values())]))


def split_run_on(lines: list[Line]) -> list[Line]:
    """Break very long lines (page text with the whole report on one line) before the official headings."""
    out: list[Line] = []
    for line in lines:
        if len(line.text) < RUN_ON_LINE or not _INLINE_HEADINGS.search(line.text):
            out.append(line)
            continue
        start = 0
        for m in _INLINE_HEADINGS.finditer(line.text):
            if m.start() > start:
                out.append(Line(text=line.text[start : m.start()], where=line.where))
            out.append(Line(text=m.group(0), where=line.where))
            start = m.end()
        out.append(Line(text=line.text[start:], where=line.where))
    return out


def title_hint(page_title: str | None) -> str | None:
    """The part of a web page's ``<title>`` naming the report (``X年度…年度报告_栏目_网站`` → the first part)."""
    if not page_title:
        return None
    for part in re.split(r"\s*[_|｜]\s*|\s+[-—–]\s+", page_title):
        if "报告" in part and re.search(r"\d{4}", nfkc(part)) and len(part) <= MAX_TITLE:
            return part.strip()
    return None


@attrs.frozen(kw_only=True)
class Sections:
    """A document cut at its section headings; section 0 is what stands before 一."""

    title_lines: list[Line]
    preamble: list[Line]
    body: dict[int, list[Line]]
    tables: dict[int, list[SourceTable]]
    items: dict[int, list[Line | SourceTable]]
    """Each section's lines and tables in reading order."""
    title_from_page: str | None
    """The report's title taken from the page's ``<title>`` when the text has no heading naming it."""
    headings: tuple[tuple[int, Line], ...] = ()
    """Every line that reads as a section heading, with the section it names, in reading order (including
    those out of order or repeated, which do not start a section): what the outline audit reads."""
    _squashed: dict[int, str] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    def items_text(self, section: int) -> str:
        """The section's text (lines and table cells) as found."""
        parts: list[str] = []
        for item in self.items[section]:
            if isinstance(item, SourceTable):
                parts.extend(c.text for r in item.rows for c in r)
            else:
                parts.append(item.text)
        return "\n".join(parts)

    def squashed(self, section: int) -> str:
        """The section's text (lines and table cells) without spaces or punctuation, computed once."""
        text = self._squashed.get(section)
        if text is None:
            text = self._squashed[section] = squash(self.items_text(section))
        return text

    def found(self) -> list[int]:
        """The sections that have any content."""
        return [s for s in range(1, 7) if self.body[s] or self.tables[s]]


def prose_like(text: str) -> bool:
    """A paragraph of running text (sentences), not a table's row."""
    s = text.strip()
    return len(s) > PROSE_LINE or len(re.findall(r"[，。；]", s)) >= 2


def _no_more_one(items: list[Line | SourceTable]) -> bool:
    return not any(isinstance(i, Line) and section_of(i.text) == 1 for i in items)


def _title(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    nonempty = [i for i, line in enumerate(lines) if line.text.strip()]
    for pos, i in enumerate(nonempty[:TITLE_LINES]):
        text = plain(lines[i].text)
        if "报告" in nfkc(text) and len(text) <= MAX_TITLE:
            start = pos
            title = text
            while start > 0:
                prev = plain(lines[nonempty[start - 1]].text)
                has_year = re.search(r"\d{4}\s*年", nfkc(title)) is not None
                organ_first = has_year and not re.match(r"^\s*\d{4}", nfkc(title))
                if organ_first or len(prev) <= 3 or len(prev) > MAX_TITLE_PART or "。" in prev or prev.startswith("<"):
                    break
                start -= 1
                title = prev + title
            title_idx = nonempty[start : pos + 1]
            rest = [line for j, line in enumerate(lines) if j > nonempty[pos]]
            return [lines[j] for j in title_idx], rest
    return [], lines


def _title_elsewhere(doc: SourceDocument) -> tuple[str, str] | None:
    """A title naming the report outside the text: the document's properties, a picture's alternative text."""
    candidates: list[tuple[str, str]] = [
        (v, f"文档属性 {k}") for k, v in getattr(doc, "metadata", ()) if k in ("title", "articletitle")
    ]
    candidates.extend((line.text, "图片的替代文字") for line in getattr(doc, "image_alts", ()))
    for text, what in candidates:
        hint = title_hint(text)
        if hint is not None:
            return hint, what
    return None


def split(doc: SourceDocument, notes: list[str]) -> Sections:
    """Cut the document at its section headings, in order; find the title and the preamble before 一."""
    items: list[Line | SourceTable] = []
    pending: list[Line] = []
    for block in doc.blocks:
        if isinstance(block, Line):
            pending.append(block)
        else:
            items.extend(split_run_on(pending))
            pending = []
            items.append(block)
    items.extend(split_run_on(pending))

    current = 0
    body: dict[int, list[Line]] = {i: [] for i in range(7)}
    tables: dict[int, list[SourceTable]] = {i: [] for i in range(7)}
    ordered: dict[int, list[Line | SourceTable]] = {i: [] for i in range(7)}
    no_more_one: bool | None = None
    headings: set[int] = set()
    heading_lines: list[tuple[int, Line]] = []
    for item in items:
        if isinstance(item, SourceTable):
            tables[current].append(item)
            ordered[current].append(item)
            continue
        sec = section_of(item.text)
        if sec is not None:
            headings.add(sec)
            heading_lines.append((sec, item))
        if sec is not None and sec > current:
            if current == 0 and sec > 2 and no_more_one is None:
                no_more_one = _no_more_one(items)
            if current >= 1 or sec <= 2 or no_more_one:
                current = sec
                continue
        body[current].append(item)
        ordered[current].append(item)
    title_lines, preamble = _title(body[0])
    first = min((s for s in range(1, 7) if body[s] or tables[s] or s in headings), default=0)
    if not title_lines and first >= FRAGMENT_FROM:
        # a fragment that starts inside a table (a page of a flipbook): what stands before the first heading,
        # after the last paragraph of prose, is the end of the section before it
        cut = max(
            (i for i, item in enumerate(ordered[0]) if isinstance(item, Line) and prose_like(item.text)), default=-1
        )
        tail = ordered[0][cut + 1 :]
        if any(isinstance(item, SourceTable) or item.text.strip() for item in tail):
            ordered[first - 1] = tail
            tables[first - 1] = [t for t in tail if isinstance(t, SourceTable)]
            body[first - 1] = [t for t in tail if isinstance(t, Line)]
            ordered[0] = ordered[0][: cut + 1]
            tables[0] = [t for t in ordered[0] if isinstance(t, SourceTable)]
            body[0] = preamble = [t for t in ordered[0] if isinstance(t, Line)]
            notes.append(
                f"正文从{SECTION_HEADINGS[first - 1]}中间开始：{SECTION_HEADINGS[first]}之前的内容按该部分的末尾读取"
            )
    hint = title_hint(doc.title)
    found_title = "".join(plain(line.text) for line in title_lines)
    from_page: str | None = None
    if hint is not None and key(found_title) != key(hint):
        # a web page: the article heading repeats the page's <title>; what stands before it is the site's chrome
        at = [i for i, line in enumerate(body[0]) if key(plain(line.text)) == key(hint)]
        if at:
            title_lines, preamble = [body[0][at[0]]], body[0][at[0] + 1 :]
            notes.append("标题：取与网页标题（<title>）相同的文章标题")
        elif not re.search(r"报告[)）]?$", found_title):
            title_lines, preamble = [], body[0]
            from_page = hint
            notes.append("标题：取自网页标题（<title>）（正文中没有写明报告名称的标题）")
    if not title_lines and from_page is None:
        found = _title_elsewhere(doc)
        if found is not None:
            from_page = found[0]
            notes.append(f"标题：取自{found[1]}（正文中没有写明报告名称的标题）")
    return Sections(
        title_lines=title_lines,
        preamble=preamble,
        body=body,
        tables=tables,
        items=ordered,
        title_from_page=from_page,
        headings=tuple(heading_lines),
    )
