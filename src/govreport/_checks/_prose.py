"""Rules about the prose and the form: numbers stated in the text, the year, the period, the deadline, the fee."""

from __future__ import annotations

import datetime
import functools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from govreport._checks._identities import as_number, describe_value, is_number, place_for, resolve
from govreport._checks._records import (
    NOTHING_KEPT,
    Context,
    Finding,
    NotPassed,
    Number,
    Outcome,
    Place,
    Rule,
    Severity,
    kept_finding,
)
from govreport.formats import AnyReport
from govreport.formats.common import OrganKind
from govreport.labels import label_for_path

_BOTH = ("2019", "2021")

# ---------------------------------------------------------------------------------------------------------------------
# numbers in Chinese text

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = r"(?<![\d.０-９])(\d+|[０-９]+|[零〇一二两三四五六七八九十百千万]+)(?![\d.%％])"
"""A whole number written in digits (ASCII or full-width) or in Chinese numerals."""


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_number(text: str) -> int | None:
    """``49``, ``４９``, ``四十九``, ``一百零五``, ``两万三千`` → int; ``None`` when it is not a number."""
    if text.isascii() and text.isdigit():
        return int(text)
    text = text.strip().translate(_FULL_WIDTH_DIGITS)
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in _UNITS and ch != "万" for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:  # 万
            section += digit or 0
            total += (section or 1) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


# ---------------------------------------------------------------------------------------------------------------------
# where the prose is


class _Prose:
    """Paragraphs of the named sections of a report (``overall.applications``, ``preamble`` …), read once per check
    for all the rules that read them."""

    __slots__ = ("_one", "_pointed_key", "_prefixes", "_read", "joined_key", "texts_key")

    def __init__(self, sections: tuple[str, ...]) -> None:
        self._one = len(sections) == 1
        self._read: Callable[[Any], Any]  # the paragraphs of the section, or a tuple of those of each section
        parents = {section.rpartition(".")[0] for section in sections}
        if self._one or len(parents) > 1 or "" in parents:
            self._read = operator.attrgetter(*sections)
        else:  # sections of one record (overall.*): read it once, then its fields
            outer = operator.attrgetter(parents.pop())
            inner = operator.attrgetter(*(section.rpartition(".")[2] for section in sections))
            self._read = lambda report: inner(outer(report))
        self._prefixes = tuple("/" + section.replace(".", "/") + "/" for section in sections)
        # cache keys are strings: a string keeps its hash, a tuple's is computed at every look-up
        name = ",".join(sections)
        self._pointed_key, self.texts_key, self.joined_key = (f"_prose.{kind}:{name}" for kind in "ptj")

    def paragraphs(self, report: AnyReport) -> list[tuple[str, str]]:
        """(pointer, text) of each paragraph."""
        found = []
        sections = (self._read(report),) if self._one else self._read(report)
        for prefix, paragraphs in zip(self._prefixes, sections, strict=True):
            for index, text in enumerate(paragraphs):
                found.append((prefix + str(index), text))
        return found

    def pointed(self, ctx: Context) -> list[tuple[str, str]]:
        """:meth:`paragraphs` of the context's report."""
        found: list[tuple[str, str]] | None = ctx._cache.get(self._pointed_key)
        if found is None:
            found = ctx._cache[self._pointed_key] = self.paragraphs(ctx.report)
        return found

    def texts(self, ctx: Context) -> Sequence[str]:
        """The text of each paragraph of the context's report, in the order of :meth:`pointed`."""
        found: Sequence[str] | None = ctx._cache.get(self.texts_key)
        if found is None:
            if self._one:
                found = self._read(ctx.report)
            else:
                found = []
                for paragraphs in self._read(ctx.report):
                    found += paragraphs
            ctx._cache[self.texts_key] = found
        return found

    def joined(self, ctx: Context) -> str:
        """:meth:`texts` joined by newlines: a word without a newline is in it exactly when it is in one of them."""
        found: str | None = ctx._cache.get(self.joined_key)
        if found is None:
            found = ctx._cache[self.joined_key] = "\n".join(self.texts(ctx))
        return found


_PLAIN = r"[^\\()\[\]{}?*+.|^$]+"
_LEAD = re.compile(rf"\(\?:({_PLAIN}(?:\|{_PLAIN})*)\)(?![?*+{{])|({_PLAIN})(?![?*+{{])")
_ESCAPE_OR_CLASS = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]")


def _lead_words(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Words one of which starts every match of ``pattern``, when it starts with a plain word or a group of plain
    words (without a quantifier) and has no alternation outside parentheses; ``None`` otherwise."""
    lead = _LEAD.match(pattern.pattern)
    if lead is None or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    depth = 0
    for char in _ESCAPE_OR_CLASS.sub("x", pattern.pattern):  # what is left of ( ) | is syntax
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return None
    return tuple(lead.group(1).split("|")) if lead.group(1) else (lead.group(2),)


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    for word in words:  # noqa: SIM110 (a loop is faster than any() over a generator)
        if word in text:
            return True
    return False


class _Kept:
    """The one finding without subject or places of an outcome and reason: :func:`kept_finding`, remembered for the
    last rule asked for, as a tuple (batch runs return it as their findings)."""

    __slots__ = ("_last", "_outcome", "_reason")

    def __init__(self, outcome: Outcome, reason: str) -> None:
        self._outcome, self._reason = outcome, reason
        self._last: tuple[Rule, NotPassed] | None = None

    def of(self, rule: Rule) -> NotPassed:
        last = self._last  # read once: another thread may replace it, never change it
        if last is None or last[0] is not rule:
            last = self._last = (rule, NotPassed((kept_finding(rule, self._outcome, self._reason),)))
        return last[1]


_OVERALL = (
    "overall.introduction",
    "overall.active_disclosure",
    "overall.applications",
    "overall.information_management",
    "overall.platform_construction",
    "overall.supervision",
)
_OVERALL_PROSE = _Prose(_OVERALL)
_PREAMBLE = _Prose(("preamble",))
_OTHER_MATTERS = _Prose(("other_matters",))
_ALL_PROSE = _Prose(("preamble", *_OVERALL, "problems_improvements", "other_matters"))


def _prose_place(report: AnyReport, ptr: str, snippet: str) -> Place:
    parts = ptr.strip("/").split("/")
    return Place(pointer=ptr, label=label_for_path(type(report), parts), value=snippet)


# ---------------------------------------------------------------------------------------------------------------------
# prose against tables


_STOP = r"[^。；;，,、：:（）()“”\d]"


def _patterns(*texts: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(t.replace("{N}", NUM).replace("{S}", _STOP)) for t in texts)


def _prose_table_rule(
    rule_id: str,
    versions: tuple[str, ...],
    what_zh: str,
    what_en: str,
    patterns: tuple[re.Pattern[str], ...],
    pointers: Callable[[str], tuple[str, ...]],
    table: str,
    formula: str,
    doc: str,
    keywords: tuple[str, ...],
    sections: tuple[str, ...] = _OVERALL,
    also: Callable[[str], tuple[str, ...]] | None = None,
    also_zh: str = "",
) -> Rule:
    """A rule comparing numbers the prose states (``patterns``, group 1 the number) with the sum of table cells.

    ``keywords``: every match of every pattern contains one of them; batch runs skip the other paragraphs.
    """

    not_stated = f"正文没有写明{what_zh}"
    none_stated = _Kept(Outcome.NOT_APPLICABLE, not_stated)
    prose = _Prose(sections)
    texts_key, joined_key = prose.texts_key, prose.joined_key
    # batch runs try a pattern only where what it needs is found: for a pattern starting with a number, the rest of
    # it, which matches after the number (and, without the number, is quick to look for); for another, one of the
    # words every match starts with (see _lead_words)
    tried = []
    for pattern in patterns:
        if pattern.groups != 1:
            raise ValueError(f"{rule_id}: a pattern has one group, the number: {pattern.pattern}")
        rest = re.compile(pattern.pattern[len(NUM) :]) if pattern.pattern.startswith(NUM) else None
        tried.append((pattern, None if rest else _lead_words(pattern), rest))
    table_cells = _CellSum(pointers)
    other_cells = _CellSum(also) if also else None

    def cannot_match(text: str, words: tuple[str, ...] | None, rest: re.Pattern[str] | None) -> bool:
        """Whether a pattern of ``tried`` cannot match ``text``."""
        return (words is not None and not _has_any(text, words)) or (rest is not None and not rest.search(text))

    def statements(ctx: Context) -> list[tuple[str, str, int]]:
        """(pointer, snippet, number) of each statement, in the order of the paragraphs and the patterns.

        Batch runs skip the paragraphs without a keyword and the patterns that cannot match (see ``tried``); the full
        mode does not rely on the keywords.
        """
        out = []
        seen: set[tuple[str, int]] = set()
        batch = not ctx.detail
        for ptr, text in prose.pointed(ctx):
            if batch and not _has_any(text, keywords):
                continue
            for pattern, words, rest in tried:
                if batch and cannot_match(text, words, rest):
                    continue
                for match in pattern.finditer(text):
                    if (ptr, match.start(1)) in seen:
                        continue
                    seen.add((ptr, match.start(1)))
                    # an empty capture is a statement of none ("未收到申请"), so 0
                    stated = parse_number(match.group(1)) if match.group(1) else 0
                    if stated is not None:
                        out.append((ptr, match.group(0), stated))
        return out

    def stated_numbers(ctx: Context) -> list[int] | None:
        """Batch runs: the numbers of :func:`statements`, found with less work; ``None`` when one is unreadable.

        Here every match counts, where :func:`statements` leaves out one whose number is at the place of an earlier
        match's: so every number it finds is here, and it finds none when none is here.
        """
        out = []
        for text in ctx._cache.get(texts_key) or prose.texts(ctx):
            for word in keywords:
                if word in text:
                    break
            else:
                continue  # no pattern can match here
            for pattern, words, rest in tried:
                if (words is not None and not _has_any(text, words)) or (rest is not None and not rest.search(text)):
                    continue  # cannot_match(text, words, rest), inlined
                for number in pattern.findall(text):  # group 1 of each match, as finditer finds them
                    if number.isdigit() and number.isascii():
                        out.append(int(number))  # what parse_number makes of it
                        continue
                    # an empty capture is a statement of none ("未收到申请"), so 0
                    stated = parse_number(number) if number else 0
                    if stated is None:
                        return None  # statements leaves out this match, so maybe another one at its place too
                    out.append(stated)
        return out

    def evaluate(rule: Rule, ctx: Context) -> Iterable[Finding]:
        if ctx.detail:
            return evaluate_all(rule, ctx, statements(ctx))
        joined = ctx._cache.get(joined_key) or prose.joined(ctx)
        for word in keywords:
            if word in joined:
                break
        else:
            return none_stated.of(rule)  # no pattern can match
        numbers = stated_numbers(ctx)
        if numbers is None:
            return evaluate_all(rule, ctx, statements(ctx))
        if not numbers:
            return none_stated.of(rule)
        # batch runs, fast path: when every cell is a number and every statement equals their sum (or, when the rule
        # has them, that of the ``also`` cells, all numbers), every finding passes and none is kept; anything else is
        # evaluated in full
        table_sum = table_cells.of(ctx.report)
        if table_sum is not None:
            other: Number | None = None  # the sum of the ``also`` cells, when one is needed
            for stated in numbers:
                if stated == table_sum:
                    continue
                if other is None and other_cells is not None:
                    other = other_cells.of(ctx.report)
                if stated != other:
                    break
            else:
                return NOTHING_KEPT
        return evaluate_all(rule, ctx, statements(ctx))

    def evaluate_all(rule: Rule, ctx: Context, found: list[tuple[str, str, int]]) -> Iterator[Finding]:
        if not found:
            yield kept_finding(rule, Outcome.NOT_APPLICABLE, not_stated)
            return
        ptrs = pointers(ctx.version)
        data = ctx.data
        cells = tuple(place_for(ctx.version, p, resolve(data, p), weight=1) for p in ptrs)
        for ptr, snippet, stated in found:
            places = (_prose_place(ctx.report, ptr, snippet), *cells)
            numbers = [as_number(c.value) for c in cells]
            if any(n is None for n in numbers):
                where = "、".join(
                    f"{c.label}（{describe_value(c.value)}）" for c in cells if as_number(c.value) is None
                )
                yield rule.finding(
                    Outcome.CANNOT_TELL,
                    subject=snippet,
                    places=places,
                    left=stated,
                    reason=f"正文“{snippet}”，但 {where} 没有数字",
                )
                continue
            table_value: Number = sum(n for n in numbers if n is not None)
            cell_text = " + ".join(c.label for c in cells)
            alternative = _sum_at(data, ctx.version, also) if also else None
            if stated == table_value:
                yield rule.finding(
                    Outcome.PASSED, subject=snippet, places=places, left=stated, right=table_value, imbalance=0
                )
            elif alternative is not None and stated == alternative[0]:
                yield rule.finding(
                    Outcome.PASSED,
                    subject=snippet,
                    places=(places[0], *alternative[1]),
                    left=stated,
                    right=alternative[0],
                    imbalance=0,
                    reason=f"正文“{snippet}”{also_zh}",
                )
            else:
                yield rule.finding(
                    Outcome.FAILED,
                    subject=snippet,
                    places=places,
                    left=stated,
                    right=table_value,
                    imbalance=stated - table_value,
                    reason=f"正文“{snippet}”为 {stated}，而表中 {cell_text} = {table_value}",
                )

    return Rule(
        id=rule_id,
        versions=versions,
        severity=Severity.WARNING,
        message_zh=f"正文所述{what_zh}与表{table}不一致",
        message_en=f"The prose states a number of {what_en} that differs from table {table}.",
        doc=doc,
        formula=formula,
        table=table,
        evaluate=evaluate,
    )


class _CellSum:
    """Batch runs: the sum of some cells (``pointers`` of the version) read from the records themselves, which hold
    the same numbers as the JSON view; ``None`` when one of them holds no number."""

    __slots__ = ("_pointers", "_readers")

    def __init__(self, pointers: Callable[[str], tuple[str, ...]]) -> None:
        self._pointers = pointers
        self._readers: dict[str, tuple[Callable[[Any], Any], ...]] = {}

    def of(self, report: AnyReport) -> Number | None:
        readers = self._readers.get(report.format_version)
        if readers is None:
            pointers = self._pointers(report.format_version)
            readers = self._readers[report.format_version] = tuple(
                operator.attrgetter(p[1:].replace("/", ".")) for p in pointers
            )
        total: Number = 0
        try:
            for read in readers:
                value = read(report)
                if not is_number(value):
                    return None
                total += value
        except AttributeError:  # no such cell
            return None
        return total


def _sum_at(
    data: Any, version: str, pointers: Callable[[str], tuple[str, ...]]
) -> tuple[Number, tuple[Place, ...]] | None:
    places = tuple(place_for(version, p, resolve(data, p), weight=1) for p in pointers(version))
    numbers = [as_number(p.value) for p in places]
    if any(n is None for n in numbers):
        return None
    return sum(n for n in numbers if n is not None), places


def _same(*pointers: str) -> Callable[[str], tuple[str, ...]]:
    return lambda version: pointers


_T3 = "/applications"
_NORMATIVE_MADE = {
    "2019": "/active_disclosure/normative_documents/new_made",
    "2021": "/active_disclosure/normative_documents/made",
}

PROSE_TABLE_RULES: tuple[Rule, ...] = (
    _prose_table_rule(
        "P-RECEIVED",
        _BOTH,
        "本年新收申请数",
        "applications received",
        _patterns(
            r"(?:新收|收到|受理|接收|接到){S}{0,20}?申请{S}{0,6}?(?:共计|合计|共)?{N}件",
            r"(?:新收|收到|受理|接收|接到)(?:了)?(?:各类)?(?:共计|共)?{N}件{S}{0,10}?申请",
            r"(?:未|没有)(?:收到|受理|接到)(?:过)?(?:任何)?(?:政府信息公开|依申请公开)?申请()",
        ),
        _same(f"{_T3}/new_received/total"),
        "三",
        "正文“收到/受理……申请N件” = 一、本年新收政府信息公开申请数量 › 总计（或 一 + 二、上年结转）",
        "Numbers the prose gives for applications received (收到/受理/新收 … 申请 N 件, also 未收到申请 = 0) equal "
        "表三 一、本年新收政府信息公开申请数量, 总计 column. Many reports count the applications carried over "
        "from last year among those received, so 一 + 二 also passes (the finding says so). Chinese numerals are "
        "read as numbers.",
        also=_same(f"{_T3}/new_received/total", f"{_T3}/carried_over_from_last_year/total"),
        also_zh="等于 一、本年新收 + 二、上年结转（正文把上年结转的申请计入了收到的申请）",
        keywords=("申请",),
    ),
    _prose_table_rule(
        "P-HANDLED",
        _BOTH,
        "办结（答复）申请数",
        "applications handled",
        _patterns(
            r"{N}件{S}{0,8}?(?:进行了?答复|予以答复|作出答复|办结|办理完毕)",
            r"(?:办结|答复){S}{0,10}?{N}件",
        ),
        _same(f"{_T3}/results/total_processed/total"),
        "三",
        "正文“答复/办结N件” = 三、本年度办理结果 › （七）总计 › 总计",
        "Numbers the prose gives for applications answered or concluded (N 件 … 答复, 办结 N 件) equal 表三 "
        "（七）总计, 总计 column.",
        keywords=("答复", "办结", "办理完毕"),
    ),
    _prose_table_rule(
        "P-CARRIED",
        _BOTH,
        "结转下年度办理的申请数",
        "applications carried over to next year",
        _patterns(r"{N}件{S}{0,6}?结转(?:到|至)?下(?:一)?年"),
        _same(f"{_T3}/carried_to_next_year/total"),
        "三",
        "正文“N件结转下年度” = 四、结转下年度继续办理 › 总计",
        "Numbers the prose gives for applications carried over to next year (N 件结转到下年 …) equal 表三 "
        "四、结转下年度继续办理, 总计 column.",
        keywords=("结转",),
    ),
    _prose_table_rule(
        "P-GRANTED",
        _BOTH,
        "予以公开的申请数",
        "applications granted",
        _patterns(r"(?<!及)予以公开(?!及部分公开|和部分公开|、部分公开)(?:的)?(?:申请)?{N}件"),
        _same(f"{_T3}/results/granted/total"),
        "三",
        "正文“予以公开N件” = （一）予以公开 › 总计",
        "Numbers the prose gives for applications granted (予以公开 N 件) equal 表三 （一）予以公开, 总计 column.",
        keywords=("予以公开",),
    ),
    _prose_table_rule(
        "P-GRANTED-PARTLY",
        _BOTH,
        "予以公开及部分公开的申请数",
        "applications granted in full or in part",
        _patterns(r"予以公开(?:及|和|、)部分公开(?:的)?(?:申请)?(?:共)?{N}件"),
        _same(f"{_T3}/results/granted/total", f"{_T3}/results/partially_granted/total"),
        "三",
        "正文“予以公开及部分公开N件” = （一）予以公开 + （二）部分公开（总计列）",
        "Numbers the prose gives for applications granted in full or in part equal 表三 （一）予以公开 + "
        "（二）部分公开, 总计 column.",
        keywords=("部分公开",),
    ),
    _prose_table_rule(
        "P-REVIEW",
        _BOTH,
        "行政复议案件数",
        "administrative reconsideration cases",
        _patterns(r"行政复议(?:案件|申请)?(?:共)?{N}(?:件|起)", r"{N}(?:件|起)(?:政府信息公开)?行政复议"),
        _same("/review_litigation/admin_review/total"),
        "四",
        "正文“行政复议N件” = 行政复议 › 总计",
        "Numbers the prose gives for reconsideration cases (行政复议 N 件/起) equal 表四 行政复议 总计.",
        keywords=("行政复议",),
    ),
    _prose_table_rule(
        "P-LITIGATION",
        _BOTH,
        "行政诉讼案件数",
        "administrative litigation cases",
        _patterns(r"行政诉讼(?:案件)?(?:共)?{N}(?:件|起)", r"{N}(?:件|起)(?:政府信息公开)?行政诉讼"),
        _same("/review_litigation/litigation_direct/total", "/review_litigation/litigation_after_review/total"),
        "四",
        "正文“行政诉讼N件” = 未经复议直接起诉 › 总计 + 复议后起诉 › 总计",
        "Numbers the prose gives for litigation cases (行政诉讼 N 件/起) equal 表四 未经复议直接起诉 总计 + "
        "复议后起诉 总计.",
        keywords=("行政诉讼",),
    ),
    _prose_table_rule(
        "P-NORMATIVE-MADE",
        _BOTH,
        "制发的规范性文件件数",
        "normative documents issued",
        _patterns(r"(?:制定|制发|出台|印发)(?:了|的)?(?:本年度?)?(?:行政)?规范性文件(?:共)?{N}件"),
        lambda version: (_NORMATIVE_MADE[version],),
        "二",
        "正文“制定/制发规范性文件N件” = 行政规范性文件 › 本年制发件数（2019年格式：规范性文件 › 本年新制作数量）",
        "Numbers the prose gives for normative documents issued this year equal 表二 行政规范性文件 本年制发件数 "
        "(2019 format: 规范性文件 本年新制作数量).",
        keywords=("规范性文件",),
    ),
    _prose_table_rule(
        "P-NORMATIVE-REPEALED",
        ("2021",),
        "废止的规范性文件件数",
        "normative documents repealed",
        _patterns(r"废止(?:了|的)?(?:行政)?规范性文件(?:共)?{N}件"),
        _same("/active_disclosure/normative_documents/repealed"),
        "二",
        "正文“废止规范性文件N件” = 行政规范性文件 › 本年废止件数",
        "Numbers the prose gives for normative documents repealed equal 表二 行政规范性文件 本年废止件数.",
        keywords=("废止",),
    ),
    _prose_table_rule(
        "P-NORMATIVE-VALID",
        ("2021",),
        "现行有效的规范性文件件数",
        "normative documents in force",
        _patterns(r"现行有效(?:的)?(?:行政)?规范性文件(?:共)?{N}件"),
        _same("/active_disclosure/normative_documents/valid"),
        "二",
        "正文“现行有效规范性文件N件” = 行政规范性文件 › 现行有效件数",
        "Numbers the prose gives for normative documents in force equal 表二 行政规范性文件 现行有效件数.",
        keywords=("现行有效",),
    ),
)


# ---------------------------------------------------------------------------------------------------------------------
# sums stated in the prose: "共N条，其中a条、b条、c条"

_MEASURE = r"(条|件|人次|篇|个|次|期|场)"
_SUM = re.compile(NUM + r"(余|多)?" + _MEASURE + r"[^。；;]{0,20}?其中[^。；;]*")
_PART = re.compile(r"(?<![第共计])" + NUM + r"(余|多)?" + r"{measure}(?![^。；;，,、]{0,3}?[%％])")


_NO_SUM = "正文没有“共N…，其中…”式的分项数字"
_NO_SUM_KEPT = _Kept(Outcome.NOT_APPLICABLE, _NO_SUM)


def _prose_sums(rule: Rule, ctx: Context) -> Iterable[Finding]:
    if not ctx.detail and "其中" not in _OVERALL_PROSE.joined(ctx):
        return _NO_SUM_KEPT.of(rule)  # batch runs: _SUM cannot match
    return _prose_sum_findings(rule, ctx)


def _prose_sum_findings(rule: Rule, ctx: Context) -> Iterator[Finding]:
    found = 0
    for ptr, text in _OVERALL_PROSE.pointed(ctx):
        if "其中" not in text:
            continue  # _SUM cannot match
        for match in _SUM.finditer(text):
            total = parse_number(match.group(1))
            unit = match.group(3)
            rest = match.group(0)[match.group(0).index("其中") :]
            part_re = re.compile(_PART.pattern.replace("{measure}", re.escape(unit)))
            # a part introduced by 结转 (carried over) is not among what the total counts, nor is the second
            # number of a compound quantity such as 54期97条
            parts = [
                p
                for p in part_re.finditer(rest)
                if "结转" not in rest[max(0, p.start() - 10) : p.start()]
                and not re.search(r"\d\s*[期篇个次件条]$", rest[: p.start()])
            ]
            if total is None or len(parts) < 2:
                continue
            found += 1
            snippet = match.group(0)
            numbers = [parse_number(p.group(1)) for p in parts]
            approximate = match.group(2) or any(p.group(2) for p in parts) or any(n is None for n in numbers)
            if not ctx.detail and not approximate and total == sum(n for n in numbers if n is not None):
                continue  # batch runs: this finding passes, it is not kept
            place = _prose_place(ctx.report, ptr, snippet)
            if approximate:
                yield rule.finding(
                    Outcome.CANNOT_TELL,
                    subject=snippet,
                    places=(place,),
                    reason=f"“{snippet}”含约数（余、多），无法核对",
                )
                continue
            right = sum(n for n in numbers if n is not None)
            terms = " + ".join(str(n) for n in numbers)
            if total == right:
                yield rule.finding(
                    Outcome.PASSED, subject=snippet, places=(place,), left=total, right=right, imbalance=0
                )
            else:
                yield rule.finding(
                    Outcome.FAILED,
                    subject=snippet,
                    places=(place,),
                    left=total,
                    right=right,
                    imbalance=total - right,
                    reason=f"正文写共{total}{unit}，其中 {terms} = {right}{unit}，相差 {total - right}",
                )
    if not found:
        yield kept_finding(rule, Outcome.NOT_APPLICABLE, _NO_SUM)


# ---------------------------------------------------------------------------------------------------------------------
# form


_YEAR_AT_START = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]+[）)][^。：:，,\d]{0,15}?[。：:\s]*)?(20\d\d)\s*年(?:度)?\s*[，,]"
)
_TITLE_YEAR = re.compile(r"(20\d\d)\s*年(?:度)?(?:[^。，,]{0,30}?)政府信息公开(?:工作)?年度报告")


_NO_YEAR = "标题、引言和总体情况中没有写明年度"
_NO_YEAR_KEPT = _Kept(Outcome.NOT_APPLICABLE, _NO_YEAR)


@functools.lru_cache(maxsize=256)
def _year_written(year: int) -> tuple[str, tuple[str, ...]] | None:
    """A year as the prose writes it and how a paragraph opening with it starts (_YEAR_AT_START matches that), for a
    year with one "20" in it (2000 to 2099 but 2020)."""
    digits = str(year)
    if len(digits) == 4 and digits.startswith("20") and digits.count("20") == 1:
        return digits, (digits + "年，", digits + "年,")
    return None


def _years_agree(ctx: Context) -> bool | None:
    """Batch runs: whether a year is stated where F-REPORT-YEAR looks, when every one stated is the report year;
    ``None`` when one is not."""
    meta = ctx.report.metadata
    year = meta.report_year
    titles = [meta.title] if meta.title else []
    titles += _PREAMBLE.texts(ctx)
    overall = _OVERALL_PROSE.texts(ctx)
    written = _year_written(year)
    if written is not None:
        digits, opening = written
        # every year read is "20" and two digits; when each "20" in the texts starts the report year (as many "20"
        # as non-overlapping report years: each of these starts with one), every year read is the report year
        everything = "\n".join([_OVERALL_PROSE.joined(ctx), *titles])
        twenties = everything.count("20")
        if twenties == everything.count(digits):
            if not twenties:
                return False
            for text in overall:
                if text.startswith(opening) or _YEAR_AT_START.match(text):
                    return True
            # _TITLE_YEAR needs 年度报告
            return any(_TITLE_YEAR.search(text) is not None for text in titles if "年度报告" in text)
    stated = False
    for text in titles:
        if "年度报告" in text:
            for m in _TITLE_YEAR.finditer(text):
                if int(m.group(1)) != year:
                    return None
                stated = True
    for text in overall:
        start = _YEAR_AT_START.match(text)
        if start is not None:
            if int(start.group(1)) != year:
                return None
            stated = True
    return stated


def _report_year(rule: Rule, ctx: Context) -> Iterable[Finding]:
    if not ctx.detail:
        agree = _years_agree(ctx)
        if agree is not None:
            # batch runs: every finding passes and none is kept, or there is none
            return NOTHING_KEPT if agree else _NO_YEAR_KEPT.of(rule)
    return _report_year_findings(rule, ctx)


def _report_year_findings(rule: Rule, ctx: Context) -> Iterator[Finding]:
    year = ctx.report.metadata.report_year
    candidates: list[tuple[str, re.Match[str]]] = []
    title = ctx.report.metadata.title
    if title:
        for m in _TITLE_YEAR.finditer(title):
            candidates.append(("/metadata/title", m))
    for ptr, text in _PREAMBLE.pointed(ctx):
        for m in _TITLE_YEAR.finditer(text):
            candidates.append((ptr, m))
    for ptr, text in _OVERALL_PROSE.pointed(ctx):
        start = _YEAR_AT_START.match(text)
        if start:
            candidates.append((ptr, start))
    if not candidates:
        yield kept_finding(rule, Outcome.NOT_APPLICABLE, _NO_YEAR)
        return
    for ptr, m in candidates:
        stated = int(m.group(1))
        snippet = m.group(0).strip()
        place = Place(pointer=ptr, label=label_for_path(type(ctx.report), ptr.strip("/").split("/")), value=snippet)
        if stated == year:
            yield rule.finding(Outcome.PASSED, subject=snippet, places=(place,), left=stated, right=year, imbalance=0)
        else:
            yield rule.finding(
                Outcome.FAILED,
                subject=snippet,
                places=(place,),
                left=stated,
                right=year,
                imbalance=stated - year,
                reason=f"{place.label}写“{snippet}”，而报告年度为{year}年",
            )


@functools.lru_cache(maxsize=256)
def _calendar_year(year: int) -> tuple[datetime.date, datetime.date]:
    """1 January and 31 December of a year."""
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _period(rule: Rule, ctx: Context) -> Iterable[Finding]:
    if not ctx.detail:
        meta = ctx.report.metadata
        period = meta.statistics_period
        if period is not None and (period.start, period.end) == _calendar_year(meta.report_year):
            return NOTHING_KEPT  # batch runs: the rule passes, nothing is kept
    return _period_findings(rule, ctx)


def _period_findings(rule: Rule, ctx: Context) -> Iterator[Finding]:
    meta = ctx.report.metadata
    period = meta.statistics_period
    if period is None:
        yield kept_finding(rule, Outcome.NOT_APPLICABLE, "报告信息中没有统计期限")
        return
    year = meta.report_year
    expected = _calendar_year(year)
    places = (
        Place(
            pointer="/metadata/statistics_period/start",
            label="报告信息 › 统计期限 › 起始日期",
            value=period.start.isoformat(),
        ),
        Place(
            pointer="/metadata/statistics_period/end",
            label="报告信息 › 统计期限 › 截止日期",
            value=period.end.isoformat(),
        ),
    )
    if (period.start, period.end) == expected:
        yield rule.finding(Outcome.PASSED, subject="统计期限", places=places)
    else:
        yield rule.finding(
            Outcome.FAILED,
            subject="统计期限",
            places=places,
            reason=f"统计期限为{period.start.isoformat()}至{period.end.isoformat()}，应为{year}年1月1日至{year}年12月31日",
        )


_DEPARTMENTS = {OrganKind.GOVERNMENT_DEPARTMENT, OrganKind.GOVERNMENT_OFFICE}


@functools.lru_cache(maxsize=256)
def _deadlines(year: int) -> tuple[datetime.date, datetime.date, datetime.date]:
    """31 January and 31 March of the next year, and 31 December of the year (made in this order)."""
    return datetime.date(year + 1, 1, 31), datetime.date(year + 1, 3, 31), datetime.date(year, 12, 31)


def _deadline(rule: Rule, ctx: Context) -> Iterable[Finding]:
    meta = ctx.report.metadata
    date = meta.publication_date
    if not ctx.detail and date is not None:
        january, march, end = _deadlines(meta.report_year)
        # people's governments have until 31 March; departments, and other organs publishing by it, 31 January
        if end < date <= (march if meta.organ_kind is OrganKind.PEOPLES_GOVERNMENT else january):
            return NOTHING_KEPT  # batch runs: the rule passes, nothing is kept
    return _deadline_findings(rule, ctx)


def _deadline_findings(rule: Rule, ctx: Context) -> Iterator[Finding]:
    meta = ctx.report.metadata
    if meta.publication_date is None:
        yield kept_finding(rule, Outcome.NOT_APPLICABLE, "报告信息中没有发布日期")
        return
    date, year = meta.publication_date, meta.report_year
    place = Place(pointer="/metadata/publication_date", label="报告信息 › 发布日期", value=date.isoformat())
    january, march, end = _deadlines(year)
    if date <= end:
        yield rule.finding(
            Outcome.FAILED,
            subject="发布日期",
            places=(place,),
            reason=f"发布日期{date.isoformat()}早于报告年度结束（{year}年12月31日）",
        )
        return
    if meta.organ_kind is OrganKind.PEOPLES_GOVERNMENT:
        deadline, who = march, "人民政府的年度报告"
    elif meta.organ_kind in _DEPARTMENTS:
        deadline, who = january, "县级以上人民政府部门"
    elif date <= january:
        deadline, who = january, "各行政机关"
    elif date > march:
        deadline, who = march, "各行政机关"
    else:
        kind = meta.organ_kind.label if meta.organ_kind else "未填"
        yield rule.finding(
            Outcome.CANNOT_TELL,
            subject="发布日期",
            places=(place,),
            reason=f"发布于{date.isoformat()}：《条例》第四十九条对部门定为1月31日、对人民政府的报告定为3月31日；"
            f"本机关类型（{kind}）未被其中任何一项明确涵盖，无法判断是否超期",
        )
        return
    deadline_text = f"{deadline.year}年{deadline.month}月{deadline.day}日"
    if date <= deadline:
        yield rule.finding(Outcome.PASSED, subject="发布日期", places=(place,), reason=f"{who}：{deadline_text}前")
    else:
        yield rule.finding(
            Outcome.FAILED,
            subject="发布日期",
            places=(place,),
            reason=f"发布日期{date.isoformat()}晚于《条例》第四十九条规定的期限（{who}：{deadline_text}前）",
        )


_FEE = re.compile(
    r"信息处理费|(?:政府信息公开|依申请公开|信息公开申请)[^。；;]{0,12}?(?:收费|收取(?:任何)?费用|缴纳费用|费用)"
    r"|(?:未|没有|无)(?:收取|产生)[^。；;]{0,8}?(?:费用|处理费)"
)


def _fee_stated(rule: Rule, ctx: Context) -> Iterable[Finding]:
    if not ctx.detail:
        for text in _OTHER_MATTERS.texts(ctx):
            text = text.replace("行政事业性收费", "")
            if "信息处理费" in text or _FEE.search(text):  # the first is one of _FEE's alternatives
                return NOTHING_KEPT  # batch runs: the rule passes, nothing is kept
    return _fee_findings(rule, ctx)


def _fee_findings(rule: Rule, ctx: Context) -> Iterator[Finding]:
    other_matters = _OTHER_MATTERS.pointed(ctx)
    found = []
    for ptr, text in other_matters:
        for m in _FEE.finditer(text.replace("行政事业性收费", "")):
            found.append(_prose_place(ctx.report, ptr, m.group(0)))
    if found:
        yield rule.finding(Outcome.PASSED, subject="信息处理费", places=tuple(found[:1]))
        return
    elsewhere = [
        _prose_place(ctx.report, ptr, m.group(0))
        for ptr, text in _ALL_PROSE.paragraphs(ctx.report)
        if not ptr.startswith("/other_matters")
        for m in _FEE.finditer(text.replace("行政事业性收费", ""))
    ]
    note = f"（{elsewhere[0].label}提到了收费，但不在第六部分）" if elsewhere else ""
    yield rule.finding(
        Outcome.FAILED,
        subject="信息处理费",
        places=tuple(elsewhere[:1]) or (Place(pointer="/other_matters", label="六、其他需要报告的事项", value=None),),
        reason="第六部分“其他需要报告的事项”没有说明本年度收取信息处理费的情况"
        "（《政府信息公开信息处理费管理办法》规定的信息处理费，不是表二的行政事业性收费）" + note,
    )


OTHER_PROSE_RULES: tuple[Rule, ...] = (
    Rule(
        id="P-SUM",
        versions=_BOTH,
        severity=Severity.WARNING,
        formula="正文“共N…，其中a…、b…” ：N = a + b + …",
        message_zh="正文所述总数与其分项之和不一致",
        message_en="A total stated in the prose differs from the sum of the parts it lists.",
        doc="In 一、总体情况, a sentence such as 共发布信息23条，其中……11条、……13条 states a total and its parts "
        "(same measure word: 条, 件, 人次 …). The parts must add up to the total. Approximate numbers (300余条) "
        "make the finding cannot_tell.",
        evaluate=_prose_sums,
    ),
    Rule(
        id="F-REPORT-YEAR",
        versions=_BOTH,
        severity=Severity.WARNING,
        formula="标题、引言及总体情况各段开头所写年度 = 报告年度",
        message_zh="正文所写年度与报告年度不一致",
        message_en="A year stated in the title or prose differs from the report's year.",
        doc="The year in the title (XXXX年政府信息公开工作年度报告), in the preamble, and at the start of each "
        "paragraph of 一、总体情况 (XXXX年，……) is the report year. A year copied from last year's report is "
        "a common mistake. Section 五 is not checked: it rightly names next year's plans.",
        evaluate=_report_year,
    ),
    Rule(
        id="F-PERIOD",
        versions=_BOTH,
        severity=Severity.WARNING,
        formula="统计期限 = 报告年度1月1日至12月31日",
        message_zh="统计期限不是报告年度的自然年",
        message_en="The statistics period is not the report's calendar year.",
        doc="The statistics period stated in the report is the calendar year of the report (1 January to 31 December).",
        evaluate=_period,
    ),
    Rule(
        id="F-DEADLINE",
        versions=_BOTH,
        severity=Severity.WARNING,
        formula="发布日期 ≤ 次年1月31日（县级以上人民政府部门）或次年3月31日（人民政府的年度报告）",
        message_zh="报告发布晚于《条例》第四十九条规定的期限",
        message_en="The report was published after the Article 49 deadline.",
        doc="《中华人民共和国政府信息公开条例》第四十九条: a department of a people's government at county level "
        "or above publishes its report by 31 January, the people's government's annual report is published by "
        "31 March of the next year. A report dated before the end of its year also fails. For other organs "
        "(development zones, dispatched agencies, authorised organisations) Article 49 names no date: published "
        "by 31 January passes, after 31 March fails, in between is cannot_tell. Not applicable without "
        "`metadata.publication_date`.",
        evaluate=_deadline,
    ),
    Rule(
        id="F-FEE-STATED",
        versions=_BOTH,
        severity=Severity.WARNING,
        formula="六、其他需要报告的事项：写明本年度收取信息处理费的情况",
        message_zh="第六部分未说明信息处理费收取情况",
        message_en="Section 6 does not state the information processing fees charged.",
        doc="Section 六 states the 信息处理费 charged under 《政府信息公开信息处理费管理办法》 (or that none was "
        "charged). This is not table 二's 行政事业性收费, which is ignored when looking for the statement.",
        evaluate=_fee_stated,
    ),
)

PROSE_RULES: tuple[Rule, ...] = PROSE_TABLE_RULES + OTHER_PROSE_RULES
