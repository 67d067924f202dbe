"""Rules comparing what the prose claims with the tables: "all requests concluded", "no fee notice issued".

Unlike :mod:`govreport._checks._prose`, whose statements give a number to compare with a sum of cells, a claim
says something that one cell must agree with: 所有申请均已办结 asks 四、结转下年度继续办理 to be 0; 未发生收费事项
asks 表三（六）2 (申请人逾期未按收费通知要求缴纳费用) to be 0.  Claims are found like statements, through the prose
index (their patterns declare keywords; ``tests/test_checks_prose.py`` holds the index equal to a full search),
and each finding quotes the sentence that makes the claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs

from govreport._checks._cells import ABSENT, blank_reason, describe, is_number, number, place, value_at
from govreport._checks._form import FEE_MEASURES_FIRST_YEAR
from govreport._checks._records import Context, Finding, Outcome, Place, Rule, Severity
from govreport._checks._text import OVERALL, index, keywords, parse_number, patterns, prose_place
from govreport.formats.common import LEGAL_PERSON_COLUMNS

_BOTH = ("2019", "2021")


@attrs.frozen(kw_only=True)
class ClaimPattern:
    """A pattern of a claim (a group named ``n``, if any, is a number the claim states), with its keywords."""

    pattern: re.Pattern[str]
    words: tuple[str, ...]


def claim(text: str, *words: str) -> ClaimPattern:
    """A claim pattern (``{N}`` a number, ``{S}`` a gap inside a clause) and its keywords."""
    (compiled,) = patterns(text)
    return ClaimPattern(pattern=compiled, words=keywords(*words))


@attrs.frozen(kw_only=True)
class Claim:
    """A claim found in the prose: the paragraph, the words matched, the sentence they stand in."""

    pointer: str
    snippet: str
    sentence: str
    before: str
    """The sentence up to the match."""
    stated: int | None = None
    """The number the claim states (the group named ``n``), if any."""


CLAIMS: dict[str, tuple[tuple[str, ...], tuple[ClaimPattern, ...]]] = {}
"""The sections and claim patterns of each claim rule, by rule ID (the tests search all the prose with them)."""


def claims(ctx: Context, found_by: Sequence[ClaimPattern], sections: Sequence[str]) -> list[Claim]:
    """Every match of the patterns in ``sections``, in print order; one place matched by two patterns once."""
    words = tuple(dict.fromkeys(w for spec in found_by for w in spec.words))
    prose = index(ctx)
    found: list[tuple[tuple[int, int], Claim]] = []
    seen: set[tuple[int, int]] = set()
    for span in prose.spans(words, sections):
        for spec in found_by:
            for match in spec.pattern.finditer(span.text, span.start, span.end):
                where = (span.paragraph, match.start())
                if where in seen:
                    continue
                seen.add(where)
                n = match.groupdict().get("n")
                item = Claim(
                    pointer=span.pointer,
                    snippet=match.group(0),
                    sentence=span.text[span.start : span.end].strip(),
                    before=span.text[span.start : match.start()],
                    stated=None if n is None else parse_number(n),
                )
                found.append((where, item))
    found.sort(key=lambda item: item[0])
    return [c for _, c in found]


def _quote(text: str) -> str:
    return text if len(text) <= 80 else text[:80] + "…"


# ---------------------------------------------------------------------------------------------------------------------
# 所有申请均已办结 against 四、结转下年度继续办理

_DONE = r"(?:办结|办理完毕|办理完成|答复完毕|处理完毕|予以答复|作出答复|答复)"
_DONE_WORDS = ("办结", "办理完毕", "办理完成", "处理完毕", "答复")
"""Every claim below ends in one of these (办结率 holds 办结): the keywords of them all, most already the index's."""
_ALL_DONE = (
    claim(
        "|".join(
            (
                r"(?:所有|全部)(?:的)?{S}{0,12}?申请{S}{0,16}?(?:均已|都已|已|全部){S}{0,12}?" + _DONE,
                r"(?:均已|都已|已全部|均全部|全部已)(?:按时|按期|依法|及时|依法依规)?{S}{0,12}?" + _DONE,
                r"(?:全部|均)(?:予以)?(?:办结|办理完毕|答复完毕)",
                r"(?<!按时|按期|及时|限内)办结率(?:为|达到|达)?(?:100\s*[%％]|百分之百)",
            )
        ),
        *_DONE_WORDS,
    ),
)
"""One pattern (its alternatives tried at each place in one pass): 所有申请均已…办结, 均已…答复, 全部办结,
办结率100% (not 按时办结率)."""
CLAIMS["P-ALL-CONCLUDED"] = (OVERALL, _ALL_DONE)
_CARRIED = "/applications/carried_to_next_year"
_APPLICANTS = ("natural_person", *LEGAL_PERSON_COLUMNS)
_NOT_ALL = re.compile(r"上(?:一)?年|结转|除|其余|其他|剩余")
"""Words before a claim, in its clause, that make it a claim about some requests only (上年结转的申请均已办结,
除3件外均已办结, 其余均已答复)."""


def _about_all_requests(found: Claim) -> bool:
    """Whether a claim is about every request of the year: the sentence speaks of 申请 before it, and nothing in
    its clause narrows it to some."""
    if "申请" not in found.before + found.snippet:
        return False
    clause = re.split(r"[，,、：:]", found.before)[-1] + found.snippet
    return _NOT_ALL.search(clause) is None


def _carried(ctx: Context) -> tuple[Place, object, int | None]:
    """The 四、结转下年度继续办理 cell a claim is held against: 总计, or, when 总计 holds no number, the first
    applicant column that holds more than 0; with its value and number (``None``: no number to hold it against)."""
    version = ctx.version
    total = value_at(ctx.report, f"{_CARRIED}/total")
    if is_number(total):
        return place(version, f"{_CARRIED}/total", total), total, int(total)
    for column in _APPLICANTS:
        value = value_at(ctx.report, f"{_CARRIED}/{column}")
        if is_number(value) and value > 0:
            return place(version, f"{_CARRIED}/{column}", value), value, int(value)
    return place(version, f"{_CARRIED}/total", total), total, None


def _all_concluded(rule: Rule, ctx: Context) -> Iterator[Finding]:
    found = [c for c in claims(ctx, _ALL_DONE, OVERALL) if _about_all_requests(c)]
    if not found:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason="正文没有“申请均已办结”一类的说法")
        return
    cell, value, carried = _carried(ctx)
    sentences: set[tuple[str, str]] = set()
    for c in found:
        if (c.pointer, c.sentence) in sentences:
            continue  # one sentence, one finding
        sentences.add((c.pointer, c.sentence))
        if carried == 0 and not ctx.detail:
            continue  # passed: batch runs keep nothing
        places = (prose_place(ctx.report, c.pointer, c.sentence), cell)
        if carried is None:
            yield rule.finding(
                Outcome.CANNOT_TELL, subject=c.snippet, places=places, reason=blank_reason(places[1:], [value])
            )
        elif carried == 0:
            yield rule.finding(Outcome.PASSED, subject=c.snippet, places=places, left=0, right=0)
        else:
            yield rule.finding(
                Outcome.FAILED,
                subject=c.snippet,
                places=places,
                left=0,
                right=carried,
                reason=f"正文“{_quote(c.sentence)}”说申请都已办结，而表中 {cell.label} = {describe(value)}："
                "还有申请结转下年度继续办理",
            )


# ---------------------------------------------------------------------------------------------------------------------
# what section 六 says of fee notices against 表三（六）2

_NOTICE = r"(?:信息处理费)?(?:的)?(?:缴费|收费)通知(?:书)?"
_FEE_CLAIMS = (
    claim(
        "|".join(
            (
                # no notice issued, no fee matter at all
                r"(?:未|没有)(?:发出|下发|出具|开具|发送|送达)(?:过)?(?:任何)?" + _NOTICE,
                r"(?:发出|出具|下发|开具)" + _NOTICE + r"(?:的)?(?:件数|数量){S}{0,24}?(?:均)?(?:为)?(?:0|零)(?![\d.])",
                r"(?:未|没有)(?:发生|产生|涉及)(?:任何)?(?:政府信息公开|信息公开|依申请公开)?(?:的)?(?:收费|缴费)"
                r"(?:事项|情况|行为)",
                r"(?:政府信息公开|信息公开|依申请公开){S}{0,6}?(?:未|没有)(?:发生|产生|涉及)(?:收费|缴费)(?:事项|情况|行为)",
                r"不涉及(?:信息处理费|收费|缴费)",
                # N notices issued
                r"(?:发出|出具|下发|开具|送达)" + _NOTICE + r"{S}{0,4}?(?P<n>{N})\s*(?:件|份|次)",
            )
        ),
        "费",
    ),
)
"""One pattern: a match with the number ``n`` says how many notices were issued; any other, that none was."""
_FEE_SECTIONS = ("other_matters", "overall.applications")
CLAIMS["P-FEE-NOTICES"] = (_FEE_SECTIONS, _FEE_CLAIMS)
_OVERDUE_FEE = "/applications/results/other_handling/overdue_fee/total"


def _fee_notices(rule: Rule, ctx: Context) -> Iterator[Finding]:
    year = ctx.report.metadata.report_year
    if year < FEE_MEASURES_FIRST_YEAR:
        yield rule.finding(
            Outcome.NOT_APPLICABLE,
            reason=f"本报告为{year}年度，早于信息处理费的规定（{FEE_MEASURES_FIRST_YEAR}年度起）",
        )
        return
    value = value_at(ctx.report, _OVERDUE_FEE)
    if value is ABSENT:
        yield rule.finding(
            Outcome.NOT_APPLICABLE,
            reason="表三（六）其他处理合为一行填报，没有“申请人逾期未按收费通知要求缴纳费用”一行",
        )
        return
    found = claims(ctx, _FEE_CLAIMS, _FEE_SECTIONS)
    none_sent = [c for c in found if c.stated is None]
    sent = [c for c in found if c.stated is not None]
    if not none_sent and not sent:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason="正文没有说明是否发出收费通知")
        return
    cell = place(ctx.version, _OVERDUE_FEE, value)
    unpaid = number(value)
    sentences: set[tuple[str, str, int]] = set()
    for c, limit in [(c, 0) for c in none_sent] + [(c, c.stated or 0) for c in sent]:
        if (c.pointer, c.sentence, limit) in sentences:
            continue  # one sentence saying one thing, one finding
        sentences.add((c.pointer, c.sentence, limit))
        agrees = unpaid is not None and unpaid <= limit
        if agrees and not ctx.detail:
            continue  # passed: batch runs keep nothing
        places = (prose_place(ctx.report, c.pointer, c.sentence), cell)
        if unpaid is None:
            yield rule.finding(
                Outcome.CANNOT_TELL, subject=c.snippet, places=places, reason=blank_reason(places[1:], [value])
            )
        elif agrees:
            yield rule.finding(Outcome.PASSED, subject=c.snippet, places=places, left=limit, right=unpaid)
        else:
            said = "没有发出收费通知" if limit == 0 else f"发出收费通知{limit}件"
            yield rule.finding(
                Outcome.FAILED,
                subject=c.snippet,
                places=places,
                left=limit,
                right=unpaid,
                imbalance=limit - unpaid,
                reason=f"正文“{_quote(c.sentence)}”即{said}，而表中 {cell.label} = {unpaid}：有{unpaid}件申请因申请人"
                f"逾期未按收费通知缴费而不再处理，说明至少发出过{unpaid}份收费通知",
            )


CLAIM_RULES: tuple[Rule, ...] = (
    Rule(
        id="P-ALL-CONCLUDED",
        versions=_BOTH,
        severity=Severity.WARNING,
        table="三",
        formula="正文“所有申请均已办结”：四、结转下年度继续办理 › 总计 = 0",
        message_zh="正文说申请均已办结，而表三有结转下年度的申请",
        message_en="The prose says every request was concluded, but table 3 carries some over to next year.",
        doc="A sentence of 一、总体情况 claiming that every request was concluded (所有申请均已办理完成, 均已办结, "
        "全部办结, 办结率100%) is held against 表三 四、结转下年度继续办理 (总计; when 总计 is blank, any column "
        "above 0): requests carried over to next year were not concluded. Only a sentence that speaks of 申请 "
        "counts, and not one narrowed to some requests (上年结转的申请均已办结, 除3件外均已办结, 其余均已答复). "
        "均在法定期限内答复 (no 已) is read as a claim about timeliness and left alone, as is 按时办结率100%.",
        evaluate=_all_concluded,
    ),
    Rule(
        id="P-FEE-NOTICES",
        versions=("2021",),
        severity=Severity.WARNING,
        table="三",
        formula="正文“未发出收费通知”（或“发出收费通知N件”）：（六）2.申请人逾期未按收费通知要求缴纳费用 ≤ 0（或 ≤ N）",
        message_zh="正文所述收费通知与表三（六）2不一致",
        message_en="What the prose says of fee notices disagrees with table 3 (6) 2 (fees not paid).",
        doc="An application counted in 表三 （六）其他处理 › 2.申请人逾期未按收费通知要求缴纳费用 was sent a fee "
        "notice under 《政府信息公开信息处理费管理办法》. So where section 六 (or 一（二）依申请公开) says "
        "that no fee notice was issued or no fee matter arose (未发出收费通知, 发出收费通知的件数…均为0, "
        "未发生政府信息公开收费事项, 不涉及收费), that row is 0; where it says N notices were issued, the row "
        "is at most N. A statement that no fee was *collected* (未收取信息处理费, 收取信息处理费0元) says "
        "nothing here: an unpaid notice collects nothing. 2021 format with （六） in three rows, from report "
        f"year {FEE_MEASURES_FIRST_YEAR}.",
        evaluate=_fee_notices,
    ),
)
