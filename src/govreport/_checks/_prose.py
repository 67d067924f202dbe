"""Rules comparing numbers the prose states with the tables: 收到申请N件 against 表三, and the like.

One evaluator per rule: find the statements (only in the clauses that hold one of a pattern's keywords; see
:mod:`govreport._checks._text`), then compare each with the sum of its table cells.  In batch runs a statement
that agrees with the table is not made into a finding (it would be dropped).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

import attrs

from govreport._checks._cells import blank_reason, is_number, place, value_at
from govreport._checks._records import Context, Finding, Number, Outcome, Place, Rule, Severity
from govreport._checks._text import OVERALL, ProseIndex, Span, index, keywords, parse_number, patterns, prose_place

_BOTH = ("2019", "2021")


@attrs.frozen(kw_only=True)
class Statement:
    """A number the prose states: where, the words around it, the number."""

    pointer: str
    snippet: str
    stated: int


@attrs.frozen(kw_only=True)
class StatementPattern:
    """A pattern whose group 1 is the number stated (an empty group: a statement of none, so 0), with its
    keywords: every match holds one of them, inside one clause."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]
    after_number: re.Pattern[str] | None = None
    """For a pattern that starts with the number: what must follow it (tried where the index found a number, rather
    than at every character)."""


def statement(text: str, *words: str) -> StatementPattern:
    """A statement pattern (``{N}`` the number, ``{S}`` a gap inside a clause) and its keywords."""
    (compiled,) = patterns(text)
    if compiled.groups != 1:
        raise ValueError(f"a statement pattern has one group, the number: {text}")
    after = None
    if text.startswith("{N}"):
        (after,) = patterns(text.removeprefix("{N}"))
        # what follows the number starts with a measure word, never a numeral: so a match can only start where a
        # number does and take the whole number (a shorter or later one would meet a numeral where 件/起 must be)
        if after.groups or not text.removeprefix("{N}").startswith(("件", "(?:件|起)")):
            raise ValueError(f"a pattern starting with the number continues with 件 or 起 and no group: {text}")
    return StatementPattern(pattern=compiled, words=keywords(*words), after_number=after)


def statements(
    ctx: Context, found_by: Sequence[StatementPattern], sections: Sequence[str] = OVERALL
) -> list[Statement]:
    """Every statement the patterns find in ``sections``, in print order (and pattern order at one place); a
    number two patterns both find is stated once."""
    words = tuple(dict.fromkeys(w for spec in found_by for w in spec.words))
    found: list[tuple[tuple[int, int, int], Statement]] = []
    seen: set[tuple[int, int]] = set()
    prose = index(ctx)
    for span in prose.spans(words, sections):
        for order, spec in enumerate(found_by):
            for start, number, snippet in _matches(prose, span, spec):
                where = (span.paragraph, start)
                if where in seen:
                    continue
                seen.add(where)
                stated = parse_number(number) if number else 0  # "未收到申请": a statement of 0
                if stated is not None:
                    key = (span.paragraph, order, start)
                    found.append((key, Statement(pointer=span.pointer, snippet=snippet, stated=stated)))
    found.sort(key=lambda item: item[0])
    return [s for _, s in found]


STATEMENTS: dict[str, tuple[StatementPattern, ...]] = {}
"""The statement patterns of each prose rule, by rule ID (the tests search all the prose with them)."""


def _matches(prose: ProseIndex, span: Span, spec: StatementPattern) -> Iterator[tuple[int, str, str]]:
    """``(where the number starts, the number, the snippet)`` of each match of a pattern in a sentence, as
    ``finditer`` finds them; a pattern that starts with the number is tried only where a number stands."""
    text = span.text
    if spec.after_number is None:
        for match in spec.pattern.finditer(text, span.start, span.end):
            yield match.start(1), match.group(1), match.group(0)
        return
    taken = span.start  # matches do not overlap: a number inside the last match is passed over
    for start, end in prose.numbers(span):
        if start < taken:
            continue
        after = spec.after_number.match(text, end, span.end)
        if after is not None:
            taken = after.end()
            yield start, text[start:end], text[start : after.end()]


def _sum(ctx: Context, pointers: tuple[str, ...]) -> tuple[Number | None, list[object]]:
    """The sum of some cells of the context's report (``None`` when one holds no number) and their values."""
    values = [value_at(ctx.report, p) for p in pointers]
    if all(is_number(v) for v in values):
        return sum(v for v in values if is_number(v)), values
    return None, values


def _prose_table_rule(
    rule_id: str,
    versions: tuple[str, ...],
    what_zh: str,
    what_en: str,
    found_by: tuple[StatementPattern, ...],
    pointers: Callable[[str], tuple[str, ...]],
    table: str,
    formula: str,
    doc: str,
    also: Callable[[str], tuple[str, ...]] | None = None,
    also_zh: str = "",
) -> Rule:
    """A rule comparing each number the prose states (``found_by``) with the sum of table cells (``pointers``
    of the version); with ``also``, a statement equal to the sum of those cells passes too (and says so)."""
    not_stated = f"正文没有写明{what_zh}"
    STATEMENTS[rule_id] = found_by

    def evaluate(rule: Rule, ctx: Context) -> Iterator[Finding]:
        found = statements(ctx, found_by)
        if not found:
            yield rule.finding(Outcome.NOT_APPLICABLE, reason=not_stated)
            return
        version = ctx.version
        cell_pointers = pointers(version)
        table_value, values = _sum(ctx, cell_pointers)
        other: tuple[Number | None, list[object]] | None = None
        for s in found:
            if table_value is not None and s.stated == table_value and not ctx.detail:
                continue  # agrees: batch runs keep nothing
            if table_value is not None and s.stated != table_value and also is not None and other is None:
                other = _sum(ctx, also(version))
            if other is not None and other[0] is not None and s.stated == other[0] and not ctx.detail:
                continue  # agrees with the other cells: batch runs keep nothing
            cells = tuple(place(version, p, v, weight=1) for p, v in zip(cell_pointers, values, strict=True))
            places: tuple[Place, ...] = (prose_place(ctx.report, s.pointer, s.snippet), *cells)
            if table_value is None:
                where = blank_reason(cells, values).removeprefix("无法判断：").removesuffix("，不按0计")
                yield rule.finding(
                    Outcome.CANNOT_TELL,
                    subject=s.snippet,
                    places=places,
                    left=s.stated,
                    reason=f"正文“{s.snippet}”，但 {where}",
                )
            elif s.stated == table_value:
                yield rule.finding(
                    Outcome.PASSED, subject=s.snippet, places=places, left=s.stated, right=table_value, imbalance=0
                )
            else:
                if also is not None and other is None:
                    other = _sum(ctx, also(version))
                if other is not None and other[0] is not None and s.stated == other[0]:
                    assert also is not None
                    alternative = tuple(
                        place(version, p, v, weight=1) for p, v in zip(also(version), other[1], strict=True)
                    )
                    yield rule.finding(
                        Outcome.PASSED,
                        subject=s.snippet,
                        places=(places[0], *alternative),
                        left=s.stated,
                        right=other[0],
                        imbalance=0,
                        reason=f"正文“{s.snippet}”{also_zh}",
                    )
                else:
                    cell_text = " + ".join(c.label for c in cells)
                    yield rule.finding(
                        Outcome.FAILED,
                        subject=s.snippet,
                        places=places,
                        left=s.stated,
                        right=table_value,
                        imbalance=s.stated - table_value,
                        reason=f"正文“{s.snippet}”为 {s.stated}，而表中 {cell_text} = {table_value}",
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


def _same(*pointers: str) -> Callable[[str], tuple[str, ...]]:
    return lambda version: pointers


_T3 = "/applications"
_NORMATIVE_MADE = {
    "2019": "/active_disclosure/normative_documents/new_made",
    "2021": "/active_disclosure/normative_documents/made",
}
_RECEIVING = ("新收", "收到", "受理", "接收", "接到")

PROSE_TABLE_RULES: tuple[Rule, ...] = (
    _prose_table_rule(
        "P-RECEIVED",
        _BOTH,
        "本年新收申请数",
        "applications received",
        (
            statement(r"(?:新收|收到|受理|接收|接到){S}{0,20}?申请{S}{0,6}?(?:共计|合计|共)?{N}件", *_RECEIVING),
            statement(r"(?:新收|收到|受理|接收|接到)(?:了)?(?:各类)?(?:共计|共)?{N}件{S}{0,10}?申请", *_RECEIVING),
            statement(
                r"(?:未|没有)(?:收到|受理|接到)(?:过)?(?:任何)?(?:政府信息公开|依申请公开)?申请()",
                "收到",
                "受理",
                "接到",
            ),
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
    ),
    _prose_table_rule(
        "P-HANDLED",
        _BOTH,
        "办结（答复）申请数",
        "applications handled",
        (
            statement(r"{N}件{S}{0,8}?(?:进行了?答复|予以答复|作出答复|办结|办理完毕)", "答复", "办结", "办理完毕"),
            statement(r"(?:办结|答复){S}{0,10}?{N}件", "办结", "答复"),
        ),
        _same(f"{_T3}/results/total_processed/total"),
        "三",
        "正文“答复/办结N件” = 三、本年度办理结果 › （七）总计 › 总计",
        "Numbers the prose gives for applications answered or concluded (N 件 … 答复, 办结 N 件) equal 表三 "
        "（七）总计, 总计 column.",
    ),
    _prose_table_rule(
        "P-CARRIED",
        _BOTH,
        "结转下年度办理的申请数",
        "applications carried over to next year",
        (statement(r"{N}件{S}{0,6}?结转(?:到|至)?下(?:一)?年", "结转"),),
        _same(f"{_T3}/carried_to_next_year/total"),
        "三",
        "正文“N件结转下年度” = 四、结转下年度继续办理 › 总计",
        "Numbers the prose gives for applications carried over to next year (N 件结转到下年 …) equal 表三 "
        "四、结转下年度继续办理, 总计 column.",
    ),
    _prose_table_rule(
        "P-CARRIED-IN",
        _BOTH,
        "上年结转的申请数",
        "applications carried over from last year",
        (
            statement(r"上(?:一)?年(?:度)?(?:结转|转结){S}{0,16}?{N}\s*件", "结转", "转结"),
            statement(r"{N}件(?:为|系|是|属)?上(?:一)?年(?:度)?(?:结转|转结)", "结转", "转结"),
        ),
        _same(f"{_T3}/carried_over_from_last_year/total"),
        "三",
        "正文“上年结转N件” = 二、上年结转政府信息公开申请数量 › 总计",
        "Numbers the prose gives for applications carried over from last year (上年结转 … N 件, 含上年度结转申请 N "
        "件, N 件为上年结转) equal 表三 二、上年结转政府信息公开申请数量, 总计 column.",
    ),
    _prose_table_rule(
        "P-GRANTED",
        _BOTH,
        "予以公开的申请数",
        "applications granted",
        (statement(r"(?<!及)予以公开(?!及部分公开|和部分公开|、部分公开)(?:的)?(?:申请)?{N}件", "予以公开"),),
        _same(f"{_T3}/results/granted/total"),
        "三",
        "正文“予以公开N件” = （一）予以公开 › 总计",
        "Numbers the prose gives for applications granted (予以公开 N 件) equal 表三 （一）予以公开, 总计 column.",
    ),
    _prose_table_rule(
        "P-GRANTED-PARTLY",
        _BOTH,
        "予以公开及部分公开的申请数",
        "applications granted in full or in part",
        (statement(r"予以公开(?:及|和|、)部分公开(?:的)?(?:申请)?(?:共)?{N}件", "部分公开"),),
        _same(f"{_T3}/results/granted/total", f"{_T3}/results/partially_granted/total"),
        "三",
        "正文“予以公开及部分公开N件” = （一）予以公开 + （二）部分公开（总计列）",
        "Numbers the prose gives for applications granted in full or in part equal 表三 （一）予以公开 + "
        "（二）部分公开, 总计 column.",
    ),
    _prose_table_rule(
        "P-REVIEW",
        _BOTH,
        "行政复议案件数",
        "administrative reconsideration cases",
        (
            statement(r"行政复议(?:案件|申请)?(?:共)?{N}(?:件|起)", "行政复议"),
            statement(r"{N}(?:件|起)(?:政府信息公开)?行政复议", "行政复议"),
        ),
        _same("/review_litigation/admin_review/total"),
        "四",
        "正文“行政复议N件” = 行政复议 › 总计",
        "Numbers the prose gives for reconsideration cases (行政复议 N 件/起) equal 表四 行政复议 总计.",
    ),
    _prose_table_rule(
        "P-LITIGATION",
        _BOTH,
        "行政诉讼案件数",
        "administrative litigation cases",
        (
            statement(r"行政诉讼(?:案件)?(?:共)?{N}(?:件|起)", "行政诉讼"),
            statement(r"{N}(?:件|起)(?:政府信息公开)?行政诉讼", "行政诉讼"),
        ),
        _same("/review_litigation/litigation_direct/total", "/review_litigation/litigation_after_review/total"),
        "四",
        "正文“行政诉讼N件” = 未经复议直接起诉 › 总计 + 复议后起诉 › 总计",
        "Numbers the prose gives for litigation cases (行政诉讼 N 件/起) equal 表四 未经复议直接起诉 总计 + "
        "复议后起诉 总计.",
    ),
    _prose_table_rule(
        "P-NORMATIVE-MADE",
        _BOTH,
        "制发的规范性文件件数",
        "normative documents issued",
        (statement(r"(?:制定|制发|出台|印发)(?:了|的)?(?:本年度?)?(?:行政)?规范性文件(?:共)?{N}件", "规范性文件"),),
        lambda version: (_NORMATIVE_MADE[version],),
        "二",
        "正文“制定/制发规范性文件N件” = 行政规范性文件 › 本年制发件数（2019年格式：规范性文件 › 本年新制作数量）",
        "Numbers the prose gives for normative documents issued this year equal 表二 行政规范性文件 本年制发件数 "
        "(2019 format: 规范性文件 本年新制作数量).",
    ),
    _prose_table_rule(
        "P-NORMATIVE-REPEALED",
        ("2021",),
        "废止的规范性文件件数",
        "normative documents repealed",
        (statement(r"废止(?:了|的)?(?:行政)?规范性文件(?:共)?{N}件", "废止"),),
        _same("/active_disclosure/normative_documents/repealed"),
        "二",
        "正文“废止规范性文件N件” = 行政规范性文件 › 本年废止件数",
        "Numbers the prose gives for normative documents repealed equal 表二 行政规范性文件 本年废止件数.",
    ),
    _prose_table_rule(
        "P-NORMATIVE-VALID",
        ("2021",),
        "现行有效的规范性文件件数",
        "normative documents in force",
        (statement(r"现行有效(?:的)?(?:行政)?规范性文件(?:共)?{N}件", "现行有效"),),
        _same("/active_disclosure/normative_documents/valid"),
        "二",
        "正文“现行有效规范性文件N件” = 行政规范性文件 › 现行有效件数",
        "Numbers the prose gives for normative documents in force equal 表二 行政规范性文件 现行有效件数.",
    ),
)
