"""Rules written in code about the tables: 表二 plausibility, across years, across organs.

Each rule has one evaluator.  In batch runs (``context.detail`` False) an evaluator does not build the finding
of a row it has found to pass: that finding would be dropped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

import attrs

from govreport._checks._cells import ABSENT, blank_reason, is_number, number, place, value_at
from govreport._checks._organs import OrganMatch, match_organs
from govreport._checks._records import Context, Finding, Number, Outcome, Place, Rule, Severity
from govreport.formats import AnyReport
from govreport.formats._fields import CellKind
from govreport.formats.common import AdministrativeLevel, OrganKind, Scope
from govreport.layout import Row, fixed_rows, rows

_BOTH = ("2019", "2021")


def _table_two(ctx: Context) -> Sequence[Row]:
    """The rows of 表二 in the context's report, with the rows its variants add (read once per check)."""
    report = ctx.report
    if not report.variants:
        fixed = fixed_rows(type(report), "二")  # the same for every report of the version: kept by layout
        if fixed is not None:
            return fixed
    return ctx.memo(_table_two, lambda c: rows(c.report, "二", variants=c.variants))


# ---------------------------------------------------------------------------------------------------------------------
# 表二


def _t2_nonnegative(rule: Rule, ctx: Context) -> Iterator[Finding]:
    report, version = ctx.report, ctx.version
    for row in _table_two(ctx):
        record = row.record(report)
        checked = [c for c in row.columns if c.kind is not CellKind.SIGNED_COUNT]
        values = [getattr(record, c.key) for c in checked]
        numbers = [v for v in values if is_number(v)]
        negative = [v < 0 for v in values if is_number(v)]
        if numbers and not any(negative) and not ctx.detail:
            continue  # passed: batch runs keep nothing
        places = [place(version, row.pointer(c.key), v) for c, v in zip(checked, values, strict=True)]
        subject = " › ".join(row.labels)
        bad = [p for p, v in zip(places, values, strict=True) if is_number(v) and v < 0]
        if bad:
            yield rule.finding(
                Outcome.FAILED,
                subject=subject,
                places=tuple(bad),
                reason="、".join(f"{p.label} = {p.value}" for p in bad) + "：数量不能为负数",
            )
        elif not numbers:
            yield rule.finding(
                Outcome.CANNOT_TELL, subject=subject, places=tuple(places), reason=blank_reason(places, values)
            )
        else:
            yield rule.finding(Outcome.PASSED, subject=subject, places=tuple(places))


_MADE_ROWS = ("regulations", "normative_documents")


def _documents_made(rule: Rule, ctx: Context) -> Iterator[Finding]:
    report, version = ctx.report, ctx.version
    for key in _MADE_ROWS:
        pointers = [f"/active_disclosure/{key}/{column}" for column in ("made", "valid", "repealed")]
        values = [value_at(report, p) for p in pointers]
        made, valid, repealed = (number(v) for v in values)
        right = None if valid is None or repealed is None else valid + repealed
        if made is not None and right is not None and made <= right and not ctx.detail:
            continue  # passed: batch runs keep nothing
        places = tuple(place(version, p, v) for p, v in zip(pointers, values, strict=True))
        subject = places[0].row or key
        if made is None or valid is None or repealed is None or right is None:
            yield rule.finding(Outcome.CANNOT_TELL, subject=subject, places=places, reason=blank_reason(places, values))
        elif made <= right:
            yield rule.finding(Outcome.PASSED, subject=subject, places=places, left=made, right=right)
        else:
            yield rule.finding(
                Outcome.FAILED,
                subject=subject,
                places=places,
                left=made,
                right=right,
                imbalance=made - right,
                reason=f"{subject}：本年制发件数 {made} 大于 现行有效件数 {valid} + 本年废止件数 {repealed} = {right}",
            )


def _items_change(rule: Rule, ctx: Context) -> Iterator[Finding]:
    report, version = ctx.report, ctx.version
    for row in _table_two(ctx):
        keys = {c.key for c in row.columns}
        if not {"prev_year_items", "change"} <= keys:
            continue
        record = row.record(report)
        values = [record.prev_year_items, record.change]
        prev, change = (number(v) for v in values)
        if prev is not None and change is not None and prev + change >= 0 and not ctx.detail:
            continue  # passed: batch runs keep nothing
        places = tuple(
            place(version, row.pointer(k), v) for k, v in zip(("prev_year_items", "change"), values, strict=True)
        )
        subject = " › ".join(row.labels)
        if prev is None or change is None:
            yield rule.finding(Outcome.CANNOT_TELL, subject=subject, places=places, reason=blank_reason(places, values))
        elif prev + change < 0:
            yield rule.finding(
                Outcome.FAILED,
                subject=subject,
                places=places,
                left=prev + change,
                right=0,
                reason=f"{subject}：上一年项目数量 {prev} + 本年增/减 {change} = {prev + change}，项目数量不能为负",
            )
        else:
            yield rule.finding(Outcome.PASSED, subject=subject, places=places, left=prev + change, right=0)


_CANNOT_MAKE_REGULATIONS_KINDS = (
    OrganKind.GOVERNMENT_DEPARTMENT,
    OrganKind.GOVERNMENT_OFFICE,
    OrganKind.DISPATCHED_AGENCY,
    OrganKind.DEVELOPMENT_ZONE,
    OrganKind.AUTHORISED_ORGANISATION,
)
"""Organs that make no 规章 (below the national level): under the Legislation Law only the State Council's
departments and the people's governments of provinces and of cities with districts do."""

_BELOW_CITY = (AdministrativeLevel.COUNTY, AdministrativeLevel.TOWNSHIP)


def _cannot_make_regulations(report: AnyReport) -> str | None:
    """Why the organ cannot make 规章, or None when it can or it is unknown."""
    meta = report.metadata
    level = meta.administrative_level
    if level in _BELOW_CITY:
        return f"行政层级为{level.label}"
    kind = meta.organ_kind
    if kind in _CANNOT_MAKE_REGULATIONS_KINDS and level is not AdministrativeLevel.NATIONAL:
        return f"机关类型为{kind.label}" if kind else None
    return None


_MAY_MAKE_REGULATIONS = "报告信息未表明本机关无权制定规章（机关类型、行政层级未填，或为可制定规章的机关）"


def _regulations_organ(rule: Rule, ctx: Context) -> Iterator[Finding]:
    why = _cannot_make_regulations(ctx.report)
    if why is None:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason=_MAY_MAKE_REGULATIONS)
        return
    row = next(r for r in _table_two(ctx) if r.key == "regulations")
    record = row.record(ctx.report)
    values = [getattr(record, c.key) for c in row.columns]
    if not any(is_number(v) and v > 0 for v in values) and not ctx.detail:
        return  # passed: batch runs keep nothing
    places = tuple(place(ctx.version, row.pointer(c.key), v) for c, v in zip(row.columns, values, strict=True))
    nonzero = [p for p, v in zip(places, values, strict=True) if is_number(v) and v > 0]
    if nonzero:
        yield rule.finding(
            Outcome.FAILED,
            subject="规章",
            places=tuple(nonzero),
            reason=f"{why}，无权制定规章，但"
            + "、".join(f"{p.label} = {p.value}" for p in nonzero)
            + "（是否把行政规范性文件填入了规章一行？）",
        )
    else:
        yield rule.finding(Outcome.PASSED, subject="规章", places=places, reason=f"{why}；规章一行无数字大于0")


# ---------------------------------------------------------------------------------------------------------------------
# across years


_ORGAN_LABEL = "报告信息 › 报告机关"


def previous_applies(ctx: Context) -> tuple[str | None, OrganMatch]:
    """Why last year's report cannot be compared with this one (``None`` when it can), and how their organs
    compare (kept for the check: every cross-year rule asks)."""
    return ctx.memo(previous_applies, _previous_of)


def _previous_of(ctx: Context) -> tuple[str | None, OrganMatch]:
    assert ctx.previous is not None
    this, last = ctx.report.metadata, ctx.previous.metadata
    match = match_organs(this.organ, last.organ, this_code=this.region_code, previous_code=last.region_code)
    if last.report_year != this.report_year - 1:
        return f"所给上年度报告为{last.report_year}年度，本报告为{this.report_year}年度，不是相邻年度", match
    if not match.same:
        return match.note, match
    return None, match


def organ_noted(finding: Finding, ctx: Context) -> Finding:
    """A cross-year finding with the decision on the two organ names, when they are spelled differently: the
    note in its reason, both names among its places."""
    assert ctx.previous is not None
    _, match = previous_applies(ctx)
    if not match.note:
        return finding
    if finding.reason:
        reason = f"{finding.reason}（{match.note}）"
    else:
        reason = f"{finding.subject}：{match.note}" if finding.subject else match.note
    organs = (
        Place(pointer="/metadata/organ", label=_ORGAN_LABEL, value=ctx.report.metadata.organ),
        Place(pointer="/metadata/organ", label=_ORGAN_LABEL, value=ctx.previous.metadata.organ, document="previous"),
    )
    return attrs.evolve(finding, reason=reason, places=(*finding.places, *organs))


def _compare(rule: Rule, ctx: Context, subject: str, here: str, there: str) -> Finding:
    assert ctx.previous is not None
    ours, theirs = value_at(ctx.report, here), value_at(ctx.previous, there)
    a = place(ctx.version, here, ours)
    b = place(ctx.previous.format_version, there, theirs, document="previous")
    left, right = number(ours), number(theirs)
    if left is None or right is None:
        return rule.finding(
            Outcome.CANNOT_TELL,
            subject=subject,
            places=(a, b),
            left=left,
            right=right,
            reason=blank_reason((a, b), [ours, theirs]),
        )
    if left == right:
        return rule.finding(Outcome.PASSED, subject=subject, places=(a, b), left=left, right=right, imbalance=0)
    return rule.finding(
        Outcome.FAILED,
        subject=subject,
        places=(a, b),
        left=left,
        right=right,
        imbalance=left - right,
        reason=f"{subject}：本年 {a.label} = {left}，上年度报告 {b.label} = {right}，相差 {left - right}",
    )


def _carry_over(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert ctx.previous is not None
    why, _ = previous_applies(ctx)
    if why:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason=why)
        return
    row = next(r for r in rows(ctx.report, "三") if r.key == "carried_over_from_last_year")
    for column in row.columns:
        subject = place(ctx.version, row.pointer(column.key), None).column or column.label
        there = f"/applications/carried_to_next_year/{column.key}"
        found = _compare(rule, ctx, subject, row.pointer(column.key), there)
        if found.outcome is not Outcome.PASSED or ctx.detail:  # batch runs keep nothing that passed
            yield organ_noted(found, ctx)


def _valid_documents(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert ctx.previous is not None
    why, _ = previous_applies(ctx)
    if why is None and ctx.previous.format_version != "2021":
        why = "上年度报告为2019年格式，没有“现行有效件数”"
    if why:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason=why)
        return
    report, previous, version = ctx.report, ctx.previous, ctx.version
    for key in _MADE_ROWS:
        base = f"/active_disclosure/{key}"
        values = [
            value_at(report, f"{base}/valid"),
            value_at(previous, f"{base}/valid"),
            value_at(report, f"{base}/made"),
            value_at(report, f"{base}/repealed"),
        ]
        places = (
            place(version, f"{base}/valid", values[0]),
            place("2021", f"{base}/valid", values[1], document="previous"),
            place(version, f"{base}/made", values[2], weight=1),
            place(version, f"{base}/repealed", values[3], weight=-1),
        )
        subject = places[0].row or key
        numbers = [number(v) for v in values]
        v, lv, m, r = numbers
        if v is None or lv is None or m is None or r is None:
            found = rule.finding(
                Outcome.CANNOT_TELL, subject=subject, places=places, reason=blank_reason(places, values)
            )
            yield organ_noted(found, ctx)
            continue
        right = lv + m - r
        if v == right:
            if not ctx.detail:
                continue  # passed: batch runs keep nothing
            yield organ_noted(
                rule.finding(Outcome.PASSED, subject=subject, places=places, left=v, right=right, imbalance=0), ctx
            )
        else:
            yield organ_noted(
                rule.finding(
                    Outcome.FAILED,
                    subject=subject,
                    places=places,
                    left=v,
                    right=right,
                    imbalance=v - right,
                    reason=f"{subject}：现行有效件数 {v}，而上年现行有效 {lv} + 本年制发 {m} − 本年废止 {r} = {right}，"
                    f"相差 {v - right}",
                ),
                ctx,
            )


# ---------------------------------------------------------------------------------------------------------------------
# across organs

_COMBINED = "/applications/results/other_handling/combined/"
_ITEMISED = ("overdue_correction", "overdue_fee", "other_reason")


def _member_value(member: AnyReport, pointer: str) -> Any:
    """A member's value at a pointer of the aggregate, reading （六） across its two layouts."""
    value = value_at(member, pointer)
    if value is ABSENT and pointer.startswith(_COMBINED):
        column = pointer[len(_COMBINED) :]
        parts = [number(value_at(member, f"/applications/results/other_handling/{k}/{column}")) for k in _ITEMISED]
        if any(p is None for p in parts):
            return ABSENT
        return sum(p for p in parts if p is not None)
    return value


def _members(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert ctx.members is not None
    meta = ctx.report.metadata
    if meta.scope is not Scope.AGGREGATE:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason="本报告为本级报告，不是汇总报告")
        return
    if not ctx.members:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason="未提供汇总单位的报告")
        return
    others = [m for m in ctx.members if m.format_version != ctx.version]
    if others:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason=f"{others[0].metadata.organ}的报告格式与汇总报告不同")
        return
    version = ctx.version
    for row in rows(ctx.report, variants=ctx.variants):
        for column in row.columns:
            if column.kind is CellKind.AMOUNT and column.unit is None:
                continue  # amounts without a stated unit (2019 采购总金额) cannot be added blindly
            ptr = row.pointer(column.key)
            ours = value_at(ctx.report, ptr)
            theirs = [_member_value(m, ptr) for m in ctx.members]
            total = place(version, ptr, ours)
            items = tuple(place(version, ptr, v, weight=1, document=f"members[{i}]") for i, v in enumerate(theirs))
            subject = f"{total.row} › {total.column}"
            left = number(ours)
            values = [number(v) for v in theirs]
            places: tuple[Place, ...] = (total, *items)
            if left is None or any(v is None for v in values):
                yield rule.finding(
                    Outcome.CANNOT_TELL, subject=subject, places=places, reason=blank_reason(places, [ours, *theirs])
                )
                continue
            right: Number = sum((v for v in values if v is not None), Decimal(0) if isinstance(left, Decimal) else 0)
            if left == right:
                yield rule.finding(Outcome.PASSED, subject=subject, places=places, left=left, right=right, imbalance=0)
            else:
                yield rule.finding(
                    Outcome.FAILED,
                    subject=subject,
                    places=places,
                    left=left,
                    right=right,
                    imbalance=left - right,
                    reason=f"{subject}：汇总报告 {left}，{len(items)} 个汇总单位之和 {right}，相差 {left - right}",
                )


TABLE_RULES: tuple[Rule, ...] = (
    Rule(
        id="T2-NONNEGATIVE",
        versions=_BOTH,
        severity=Severity.ERROR,
        table="二",
        formula="表二各数量、金额 ≥ 0（2019年格式的“本年增/减”除外）",
        message_zh="表二：数量不能为负数",
        message_en="Table 2: counts and amounts cannot be negative.",
        doc="Every count and amount of 表二 is zero or more. Only the 2019 format's 本年增/减 (a change) may be "
        "negative.",
        evaluate=_t2_nonnegative,
    ),
    Rule(
        id="T2-MADE-LE-VALID",
        versions=("2021",),
        severity=Severity.ERROR,
        table="二",
        formula="本年制发件数 ≤ 现行有效件数 + 本年废止件数（规章、行政规范性文件）",
        message_zh="表二：本年制发件数大于现行有效件数与本年废止件数之和",
        message_en="Table 2: documents issued this year exceed those in force plus those repealed.",
        doc="A document issued this year is, at the end of the year, either in force or repealed; so for 规章 and "
        "行政规范性文件, 本年制发件数 ≤ 现行有效件数 + 本年废止件数.",
        evaluate=_documents_made,
    ),
    Rule(
        id="T2-ITEMS-NONNEGATIVE",
        versions=("2019",),
        severity=Severity.WARNING,
        table="二",
        formula="上一年项目数量 + 本年增/减 ≥ 0",
        message_zh="表二：上一年项目数量加本年增/减为负数",
        message_en="Table 2: items at the end of last year plus this year's change is negative.",
        doc="In the 2019 format 本年增/减 may be negative, but it cannot remove more items than there were: "
        "上一年项目数量 + 本年增/减 ≥ 0.",
        evaluate=_items_change,
    ),
    Rule(
        id="T2-REGULATIONS-ORGAN",
        versions=_BOTH,
        severity=Severity.WARNING,
        table="二",
        formula="无权制定规章的机关（乡镇、县级、人民政府部门等）：规章一行均为0",
        message_zh="表二：无权制定规章的机关填报了规章",
        message_en="Table 2: an organ that cannot make 规章 (rules) reports some.",
        doc="Under the Legislation Law only the State Council's departments and the people's governments of "
        "provinces and of cities with districts make 规章. A township, a county-level organ or a local government "
        "department reporting 规章 has most likely put its normative documents in the wrong row. Needs "
        "`metadata.organ_kind` or `metadata.administrative_level`; not applicable without them.",
        evaluate=_regulations_organ,
    ),
    Rule(
        id="X-CARRY-OVER",
        versions=_BOTH,
        severity=Severity.ERROR,
        table="三",
        needs="previous",
        formula="本年 二、上年结转政府信息公开申请数量 = 上年度报告 四、结转下年度继续办理（每一列）",
        message_zh="表三：上年结转数与上年度报告的结转下年度数不一致",
        message_en="Table 3: carried over from last year differs from last year's carried over to next year.",
        doc="Given last year's report of the same organ, this year's 二、上年结转 equals last year's 四、结转下年度"
        "继续办理 in every column; also across the change from the 2019 to the 2021 format.",
        evaluate=_carry_over,
    ),
    Rule(
        id="X-VALID-DOCUMENTS",
        versions=("2021",),
        severity=Severity.WARNING,
        table="二",
        needs="previous",
        formula="现行有效件数 = 上年度现行有效件数 + 本年制发件数 − 本年废止件数",
        message_zh="表二：现行有效件数与上年度现行有效件数、本年制发和废止件数不衔接",
        message_en="Table 2: documents in force do not follow from last year's, plus issued, minus repealed.",
        doc="From the 2021 format on (both reports in it): 现行有效件数 = last year's 现行有效件数 + 本年制发件数 − "
        "本年废止件数, for 规章 and 行政规范性文件. A warning: clean-ups of old documents often break it.",
        evaluate=_valid_documents,
    ),
    Rule(
        id="X-AGGREGATE",
        versions=_BOTH,
        severity=Severity.ERROR,
        needs="members",
        formula="汇总报告各单元格 = 各汇总单位报告同一单元格之和",
        message_zh="汇总报告的数字不等于各汇总单位之和",
        message_en="An aggregate (汇总) report's cell differs from the sum of its members' cells.",
        doc="Only for a 汇总 report (`metadata.scope` = `aggregate`), given the set of member reports: every table "
        "cell equals the sum of the members' cells. Never applied to a 本级 report. Amounts without a stated "
        "unit (2019 采购总金额) are not summed.",
        evaluate=_members,
    ),
)
