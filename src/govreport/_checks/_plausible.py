"""Plausibility: numbers that can be right but deserve a second look.  Every rule here is a warning, and says so.

* X-JUMP: a main series (requests received and decided, reviews, lawsuits, 表二's decisions and fees) five times
  larger or smaller than last year's, above a floor: a wrong unit (元 for 万元), a shifted row, last year's
  column pasted, or a change of scope.
* T4-CASES-VS-DECIDED: far more reviews and lawsuits than requests decided.
* T3-CARRIED-LE-RECEIVED: more requests carried over to next year than were received and carried in.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from decimal import Decimal

from govreport._checks._cells import ABSENT, blank_reason, is_number, number, place, value_at
from govreport._checks._records import Context, Finding, Number, Outcome, Rule, Severity
from govreport._checks._tables import organ_noted, previous_applies
from govreport.formats.common import LEGAL_PERSON_COLUMNS

_BOTH = ("2019", "2021")
_NOTE = "（合理性提示，不一定有错）"

# ---------------------------------------------------------------------------------------------------------------------
# year over year

JUMP_FACTOR = 5
"""A series this many times larger or smaller than last year's is worth a look: real years rarely move so far,
while the usual slips (元 for 万元, a row shifted, another organ's or year's column) move it further."""

JUMP_FLOOR = 50
"""Below this (the larger of the two years) no factor is a sign of anything: a township's 2 requests becoming 11
is an ordinary year.  A year of 0 is no base either: nothing of the kind happened that year (平潭 行政强制
0 → 54), while the slips this rule is for never make a 0.  In the corpus, the largest real moves between
consecutive years are ×4.7 (平潭 行政许可 2293 → 10690) and ×4.5 (洪泽区 requests 21 → 95)."""

_SERIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("本年新收政府信息公开申请数量（总计）", ("/applications/new_received/total",)),
    ("本年度办理结果（七）总计（总计）", ("/applications/results/total_processed/total",)),
    ("行政复议（总计）", ("/review_litigation/admin_review/total",)),
    (
        "行政诉讼（未经复议直接起诉 + 复议后起诉，总计）",
        ("/review_litigation/litigation_direct/total", "/review_litigation/litigation_after_review/total"),
    ),
    ("行政许可处理决定数量", ("/active_disclosure/licensing/decisions",)),
    ("行政处罚处理决定数量", ("/active_disclosure/punishment/decisions",)),
    ("行政强制处理决定数量", ("/active_disclosure/coercion/decisions",)),
    ("行政事业性收费金额（万元）", ("/active_disclosure/admin_fees/fee_amount",)),
)
"""The main series, each as the cells it sums (the same pointers in both formats; a series one report does not
have — 2019's 表二 has no fee amount — is left out)."""


def _times(big: Number, small: Number) -> str:
    ratio = Decimal(big) / Decimal(small)
    return f"约{ratio.quantize(Decimal('0.1'))}倍"


def _jumps(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert ctx.previous is not None
    why, _ = previous_applies(ctx)
    if why:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason=why)
        return
    report, previous = ctx.report, ctx.previous
    for name, pointers in _SERIES:
        ours = [value_at(report, p) for p in pointers]
        theirs = [value_at(previous, p) for p in pointers]
        if any(v is ABSENT for v in (*ours, *theirs)):
            continue  # a series one of the two formats does not have
        places = (
            *(place(ctx.version, p, v) for p, v in zip(pointers, ours, strict=True)),
            *(place(previous.format_version, p, v, document="previous") for p, v in zip(pointers, theirs, strict=True)),
        )
        if not all(is_number(v) for v in (*ours, *theirs)):
            found = rule.finding(
                Outcome.CANNOT_TELL, subject=name, places=places, reason=blank_reason(places, [*ours, *theirs])
            )
            yield organ_noted(found, ctx)
            continue
        this: Number = sum(v for v in ours if is_number(v))
        last: Number = sum(v for v in theirs if is_number(v))
        big, small = max(this, last), min(this, last)
        jump = small > 0 and big >= JUMP_FLOOR and big >= JUMP_FACTOR * small  # a year of none is no base
        if not jump and not ctx.detail:
            continue  # passed: batch runs keep nothing
        if not jump:
            yield organ_noted(rule.finding(Outcome.PASSED, subject=name, places=places, left=this, right=last), ctx)
            continue
        way = "增至" if this > last else "降至"
        times = _times(big, small)
        yield organ_noted(
            rule.finding(
                Outcome.FAILED,
                subject=name,
                places=places,
                left=this,
                right=last,
                imbalance=this - last,
                reason=f"{name}：上年 {last}，本年{way} {this}（{times}）。变化超过{JUMP_FACTOR}倍{_NOTE}："
                "请核对单位（元、万元）、行列是否错位、是否沿用了上年或别的机关的数字，或统计口径是否改变",
            ),
            ctx,
        )


# ---------------------------------------------------------------------------------------------------------------------
# reviews and lawsuits against requests decided

CASES_FACTOR = 2
"""Reviews and first-instance lawsuits more than twice the requests decided are implausible: each dispute comes
from a decision (this year's or, for some, last year's), so a handful more than this year's decisions is possible,
twice as many is not."""

CASES_FLOOR = 10
"""With fewer than ten cases the late-last-year decisions alone can account for any ratio."""

_DECIDED = "/applications/results/total_processed/total"
_DISPUTES = ("/review_litigation/admin_review/total", "/review_litigation/litigation_direct/total")


def _cases(rule: Rule, ctx: Context) -> Iterator[Finding]:
    report, version = ctx.report, ctx.version
    cases = report.review_litigation
    values = [
        report.applications.results.total_processed.total,
        cases.admin_review.total,
        cases.litigation_direct.total,
    ]
    decided, review, direct = (number(v) for v in values)
    if decided is not None and review is not None and direct is not None and not ctx.detail:
        disputes = review + direct
        if not (disputes >= CASES_FLOOR and disputes > CASES_FACTOR * decided):
            return  # passed: batch runs keep nothing
    places = tuple(place(version, p, v) for p, v in zip((_DECIDED, *_DISPUTES), values, strict=True))
    if decided is None or review is None or direct is None:
        yield rule.finding(
            Outcome.CANNOT_TELL,
            subject="行政复议、行政诉讼与办理结果",
            places=places,
            reason=blank_reason(places, values),
        )
        return
    disputes = review + direct
    implausible = disputes >= CASES_FLOOR and disputes > CASES_FACTOR * decided
    if not implausible:
        if ctx.detail:
            yield rule.finding(
                Outcome.PASSED, subject="行政复议、行政诉讼与办理结果", places=places, left=disputes, right=decided
            )
        return
    yield rule.finding(
        Outcome.FAILED,
        subject="行政复议、行政诉讼与办理结果",
        places=places,
        left=disputes,
        right=decided,
        reason=f"行政复议 {review} 件 + 未经复议直接起诉 {direct} 件 = {disputes} 件，是本年度办理结果（七）总计 "
        f"{decided} 件的{CASES_FACTOR}倍以上{_NOTE}：请核对表四是否填了别的口径（如全部行政复议、诉讼案件），"
        "或表三是否漏填",
    )


# ---------------------------------------------------------------------------------------------------------------------
# carried over to next year against all received

_T3 = "/applications"
_COLUMNS = ("natural_person", *LEGAL_PERSON_COLUMNS, "total")


_COLUMNS_OF = operator.attrgetter(*_COLUMNS)


def _carried_le_received(rule: Rule, ctx: Context) -> Iterator[Finding]:
    report, version = ctx.report, ctx.version
    applications = report.applications
    rows_values = zip(
        _COLUMNS,
        _COLUMNS_OF(applications.carried_to_next_year),
        _COLUMNS_OF(applications.new_received),
        _COLUMNS_OF(applications.carried_over_from_last_year),
        strict=True,
    )
    for column, *values in rows_values:
        if not ctx.detail:
            try:
                if values[0] <= values[1] + values[2]:
                    continue  # three numbers, and it holds: batch runs keep nothing
            except TypeError:
                pass  # a mark or unreadable text: explained below
        carried, new, old = (number(v) for v in values)
        pointers = (
            f"{_T3}/carried_to_next_year/{column}",
            f"{_T3}/new_received/{column}",
            f"{_T3}/carried_over_from_last_year/{column}",
        )
        places = tuple(
            place(version, p, v, weight=None if i == 0 else 1)
            for i, (p, v) in enumerate(zip(pointers, values, strict=True))
        )
        subject = places[0].column or column
        if carried is None or new is None or old is None:
            yield rule.finding(Outcome.CANNOT_TELL, subject=subject, places=places, reason=blank_reason(places, values))
        elif carried <= new + old:
            yield rule.finding(Outcome.PASSED, subject=subject, places=places, left=carried, right=new + old)
        else:
            yield rule.finding(
                Outcome.FAILED,
                subject=subject,
                places=places,
                left=carried,
                right=new + old,
                imbalance=carried - new - old,
                reason=f"{subject}：结转下年度 {carried} 件，多于本年新收 {new} + 上年结转 {old} = {new + old} 件"
                f"{_NOTE}：结转的申请只能来自收到的申请",
            )


PLAUSIBLE_RULES: tuple[Rule, ...] = (
    Rule(
        id="X-JUMP",
        versions=_BOTH,
        severity=Severity.WARNING,
        needs="previous",
        formula=f"主要数字与上年度相比变化不超过{JUMP_FACTOR}倍（较大一年不足{JUMP_FLOOR}、或有一年为0的不计）",
        message_zh="与上年度相比变化异常（合理性提示，不一定有错）",
        message_en="A main figure moved more than fivefold from last year (a plausibility warning, not an error).",
        doc=f"A plausibility warning. Given last year's report of the same organ (see X-CARRY-OVER for how the "
        f"organ is matched), each main series — 表三 一、本年新收 and （七）总计 (总计 column), 表四 行政复议 and "
        f"行政诉讼 (总计), 表二 行政许可, 行政处罚, 行政强制 decisions and 行政事业性收费 amount — is compared with "
        f"last year's: at least {JUMP_FACTOR} times larger or smaller, the larger year being at least "
        f"{JUMP_FLOOR} and the smaller above 0 (a year of none is no base), fails. Real years rarely move so "
        "far (the largest moves in the corpus are ×4.7 and ×4.5); the usual slips (元 for 万元, a shifted "
        "row, last year's column) move it further. A change of scope (a district's report counting all its "
        "departments one year) also does: the warning says what to look at.",
        evaluate=_jumps,
    ),
    Rule(
        id="T4-CASES-VS-DECIDED",
        versions=_BOTH,
        severity=Severity.WARNING,
        table="四",
        formula=f"行政复议总计 + 未经复议直接起诉总计 ≤ {CASES_FACTOR} × （七）总计（不足{CASES_FLOOR}件的不计）",
        message_zh="行政复议、行政诉讼远多于办理的申请（合理性提示，不一定有错）",
        message_en="Far more reviews and lawsuits than requests decided (a plausibility warning, not an error).",
        doc="A plausibility warning. Every review or lawsuit about a request comes from a decision on it, this "
        "year's or, for a few, last year's; 复议后起诉 continues a review already counted. So 行政复议 总计 + "
        f"未经复议直接起诉 总计 more than {CASES_FACTOR} times 表三 （七）总计 (总计 column), with at least "
        f"{CASES_FLOOR} cases, fails: 表四 often counts another scope (every review of the organ, not only "
        "those about information requests), or 表三 is incomplete.",
        evaluate=_cases,
    ),
    Rule(
        id="T3-CARRIED-LE-RECEIVED",
        versions=_BOTH,
        severity=Severity.WARNING,
        table="三",
        formula="四、结转下年度继续办理 ≤ 一、本年新收 + 二、上年结转（每一列）",
        message_zh="结转下年度的申请多于收到的申请（合理性提示）",
        message_en="More requests carried over to next year than were received (a plausibility warning).",
        doc="A plausibility warning, column by column in 表三: requests carried over to next year are among those "
        "received this year or carried in from last year, so 四 ≤ 一 + 二. Where 一, 二, （七） and 四 are all "
        "numbers T3-BALANCE already fails as an error; this rule also speaks when （七）总计 is blank or "
        "unreadable, and points at the carried-over figure itself.",
        evaluate=_carried_le_received,
    ),
)
