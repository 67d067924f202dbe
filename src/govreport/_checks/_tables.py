"""Rules written in code about the tables: 表二 plausibility, across years, across organs."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from govreport._checks._identities import (
    MISSING,
    AttributeReads,
    as_number,
    attribute_at,
    describe_value,
    is_number,
    place_for,
    resolve,
)
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
from govreport.errors import split_pointer
from govreport.formats import AnyReport, Variant
from govreport.formats._fields import CellKind
from govreport.formats.common import LEGAL_PERSON_COLUMNS, AdministrativeLevel, OrganKind, Scope
from govreport.layout import fixed_rows, rows

_BOTH = ("2019", "2021")
_APPLICANT_COLUMNS = ("natural_person", *LEGAL_PERSON_COLUMNS, "total")


def _blank_reason(places: tuple[Place, ...] | list[Place]) -> str:
    where = "、".join(f"{p.label}（{describe_value(p.value)}）" for p in places if as_number(p.value) is None)
    return f"无法判断：{where} 没有数字，不按0计"


# ---------------------------------------------------------------------------------------------------------------------
# batch runs: the 表二 rules decided at once


_NONNEGATIVE, _MADE, _REGULATIONS, _ITEMS = range(4)
"""What a 表二 decider tells, by position: every finding of T2-NONNEGATIVE passes; both rows of T2-MADE-LE-VALID
pass; no cell of the 规章 row holds a number above 0 (T2-REGULATIONS-ORGAN); every row of T2-ITEMS-NONNEGATIVE
passes."""

_T2_DECIDED = object()
"""The key of the 表二 decision in a context's cache."""


@functools.cache
def _t2_decider(cls: type) -> Callable[[Any], tuple[bool, ...] | None] | None:
    """A function deciding the 表二 rules from the records of a report class (without variants), or ``None``.

    Its tests are those of the rules' own fast paths, over the rows ``rows(report, "二")`` gives every such report;
    it returns ``None`` when a record or cell is not where the layout says.
    """
    table = fixed_rows(cls, "二")
    if table is None:
        return None
    reads = AttributeReads()
    local, loads = reads.local, reads.lines

    cells = {(row.key, c.key): local((*row.path, c.key)) for row in table for c in row.columns}
    # whether each cell holds a number, tested once
    flags = {name: f"n{name[1:]}" for name in cells.values()}
    loads += [f"        {flag} = {name}.__class__ in _N" for name, flag in flags.items()]

    def number(name: str) -> str:
        return flags[name]

    nonnegative = []
    for row in table:
        checked = [cells[row.key, c.key] for c in row.columns if c.kind is not CellKind.SIGNED_COUNT]
        has_number = " or ".join(number(x) for x in checked) or "False"
        negative = " or ".join(f"{number(x)} and {x} < 0" for x in checked) or "False"
        nonnegative.append(f"({has_number}) and not ({negative})")
    # T2-MADE-LE-VALID reads its six cells by pointer: decided only if they are cells of these rows
    paths = {(*row.path, c.key): cells[row.key, c.key] for row in table for c in row.columns}
    wanted = [
        tuple(split_pointer(f"/active_disclosure/{key}/{column}"))
        for key in ("regulations", "normative_documents")
        for column in ("made", "valid", "repealed")
    ]
    made = "False"
    if all(w in paths for w in wanted):
        values = [paths[w] for w in wanted]
        made = " and ".join(number(x) for x in values)
        made += f" and {values[0]} <= {values[1]} + {values[2]} and {values[3]} <= {values[4]} + {values[5]}"
    regulations = next((row for row in table if row.key == "regulations"), None)
    positive = "True"
    if regulations is not None:
        above = " or ".join(
            f"{number(x)} and {x} > 0" for x in (cells["regulations", c.key] for c in regulations.columns)
        )
        positive = f"not ({above or 'False'})"
    items = [
        f"{number(a)} and {number(b)} and {a} + {b} >= 0"
        for row in table
        if {"prev_year_items", "change"} <= {c.key for c in row.columns}
        for a, b in [(cells[row.key, "prev_year_items"], cells[row.key, "change"])]
    ]
    tests = [" and ".join(f"({t})" for t in nonnegative) or "True", made, positive, " and ".join(items) or "True"]
    lines = ["def decide(r):", "    try:", *loads, "        pass", "    except Exception:", "        return None"]
    for n, test in enumerate(tests):
        lines += ["    try:", f"        b{n} = {test}", "    except Exception:", f"        b{n} = False"]
    lines.append(f"    return ({''.join(f'b{n}, ' for n in range(len(tests)))})")
    namespace: dict[str, Any] = {"_N": (int, Decimal)}
    exec(compile("\n".join(lines), "<govreport table 2>", "exec"), namespace)
    decide: Callable[[Any], tuple[bool, ...] | None] = namespace["decide"]
    return decide


def _t2_decided(ctx: Context, what: int) -> bool:
    """Batch runs: whether the 表二 decider (once per report) says ``what`` holds; False when it cannot tell."""
    cache = ctx._cache
    decided: Any = cache.get(_T2_DECIDED, _T2_DECIDED)
    if decided is _T2_DECIDED:
        report = ctx.report
        cls: type = report.__class__
        try:
            decide = None if report.variants else _t2_decider(cls)
            decided = None if decide is None else decide(report)
        except Exception:  # anything unforeseen: each rule explains itself
            decided = None
        cache[_T2_DECIDED] = decided
    return decided is not None and decided[what]


def _t2_all_pass(report: AnyReport, variants: tuple[Variant, ...]) -> bool:
    """Batch runs, fast path: whether every row of 表二 has a number and no negative one (every finding passes)."""
    for row in rows(report, "二", variants=variants):
        record = row.record(report)
        has_number = False
        for column in row.columns:
            if column.kind is CellKind.SIGNED_COUNT:
                continue
            value = getattr(record, column.key, None)  # None (no number): the full evaluation says what is there
            if is_number(value):
                if value < 0:
                    return False
                has_number = True
        if not has_number:
            return False
    return True


def _t2_nonnegative(rule: Rule, ctx: Context) -> Iterable[Finding]:
    if not ctx.detail and _t2_decided(ctx, _NONNEGATIVE):
        return NOTHING_KEPT
    return _t2_nonnegative_in_full(rule, ctx)


def _t2_nonnegative_in_full(rule: Rule, ctx: Context) -> Iterator[Finding]:
    if not ctx.detail and _t2_all_pass(ctx.report, ctx.variants):
        return
    data = ctx.data
    for row in rows(ctx.report, "二", variants=ctx.variants):
        places = [
            place_for(ctx.version, row.pointer(c.key), resolve(data, row.pointer(c.key)))
            for c in row.columns
            if c.kind is not CellKind.SIGNED_COUNT
        ]
        numbers = [(p, as_number(p.value)) for p in places]
        negative = [p for p, n in numbers if n is not None and n < 0]
        subject = " › ".join(row.labels)
        if negative:
            yield rule.finding(
                Outcome.FAILED,
                subject=subject,
                places=tuple(negative),
                reason="、".join(f"{p.label} = {p.value}" for p in negative) + "：数量不能为负数",
            )
        elif all(n is None for _, n in numbers):
            yield rule.finding(Outcome.CANNOT_TELL, subject=subject, places=tuple(places), reason=_blank_reason(places))
        else:
            yield rule.finding(Outcome.PASSED, subject=subject, places=tuple(places))


def _documents_made(rule: Rule, ctx: Context) -> Iterable[Finding]:
    if not ctx.detail and _t2_decided(ctx, _MADE):
        return NOTHING_KEPT
    return _documents_made_in_full(rule, ctx)


def _documents_made_in_full(rule: Rule, ctx: Context) -> Iterator[Finding]:
    if not ctx.detail:
        # batch runs, fast path: nothing to keep when both rows hold numbers and pass
        values = [
            attribute_at(ctx.report, f"/active_disclosure/{key}/{column}")
            for key in ("regulations", "normative_documents")
            for column in ("made", "valid", "repealed")
        ]
        if (
            all(is_number(v) for v in values)
            and values[0] <= values[1] + values[2]
            and values[3] <= values[4] + values[5]
        ):
            return
    data = ctx.data
    for key in ("regulations", "normative_documents"):
        base = f"/active_disclosure/{key}"
        ptrs = [(f"{base}/made", None), (f"{base}/valid", None), (f"{base}/repealed", None)]
        places = tuple(place_for(ctx.version, p, resolve(data, p)) for p, _ in ptrs)
        subject = places[0].row or key
        made, valid, repealed = (as_number(p.value) for p in places)
        if made is None or valid is None or repealed is None:
            yield rule.finding(Outcome.CANNOT_TELL, subject=subject, places=places, reason=_blank_reason(places))
            continue
        right = valid + repealed
        if made <= right:
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


def _items_change(rule: Rule, ctx: Context) -> Iterable[Finding]:
    if not ctx.detail and _t2_decided(ctx, _ITEMS):
        return NOTHING_KEPT
    return _items_change_in_full(rule, ctx)


def _items_change_in_full(rule: Rule, ctx: Context) -> Iterator[Finding]:
    data = ctx.data
    for row in rows(ctx.report, "二", variants=ctx.variants):
        keys = {c.key for c in row.columns}
        if not {"prev_year_items", "change"} <= keys:
            continue
        places = tuple(
            place_for(ctx.version, row.pointer(k), resolve(data, row.pointer(k))) for k in ("prev_year_items", "change")
        )
        subject = " › ".join(row.labels)
        prev, change = (as_number(p.value) for p in places)
        if prev is None or change is None:
            yield rule.finding(Outcome.CANNOT_TELL, subject=subject, places=places, reason=_blank_reason(places))
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


_CANNOT_MAKE_REGULATIONS_KINDS = (  # a tuple: members compare by identity, without Enum's hash in Python
    OrganKind.GOVERNMENT_DEPARTMENT,
    OrganKind.GOVERNMENT_OFFICE,
    OrganKind.DISPATCHED_AGENCY,
    OrganKind.DEVELOPMENT_ZONE,
    OrganKind.AUTHORISED_ORGANISATION,
)


_BELOW_CITY = (AdministrativeLevel.COUNTY, AdministrativeLevel.TOWNSHIP)
_NATIONAL = AdministrativeLevel.NATIONAL


def _cannot_make_regulations(report: AnyReport) -> str | None:
    """Why the organ cannot make 规章, or None when it can or it is unknown."""
    meta = report.metadata
    level = meta.administrative_level
    if level in _BELOW_CITY:
        return f"行政层级为{level.label}"
    kind = meta.organ_kind
    if kind in _CANNOT_MAKE_REGULATIONS_KINDS and level is not _NATIONAL:
        return f"机关类型为{kind.label}" if kind else None
    return None


def _regulations_organ(rule: Rule, ctx: Context) -> Iterable[Finding]:
    why = _cannot_make_regulations(ctx.report)
    if why is None:
        return NotPassed(
            (
                kept_finding(
                    rule,
                    Outcome.NOT_APPLICABLE,
                    "报告信息未表明本机关无权制定规章（机关类型、行政层级未填，或为可制定规章的机关）",
                ),
            )
        )
    if not ctx.detail and _t2_decided(ctx, _REGULATIONS):
        return NOTHING_KEPT
    return _regulations_row(rule, ctx, why)


def _regulations_row(rule: Rule, ctx: Context, why: str) -> Iterator[Finding]:
    row = next(r for r in rows(ctx.report, "二") if r.key == "regulations")
    if not ctx.detail:
        # batch runs, fast path: nothing to keep when no cell of the row holds a number above 0
        record = row.record(ctx.report)
        if not any(is_number(v) and v > 0 for v in (getattr(record, c.key, None) for c in row.columns)):
            return
    data = ctx.data
    places = tuple(place_for(ctx.version, row.pointer(c.key), resolve(data, row.pointer(c.key))) for c in row.columns)
    nonzero = [p for p in places if (as_number(p.value) or 0) > 0]
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


def _year_mismatch(ctx: Context) -> str | None:
    assert ctx.previous is not None
    this, last = ctx.report.metadata.report_year, ctx.previous.metadata.report_year
    if last != this - 1:
        return f"所给上年度报告为{last}年度，本报告为{this}年度，不是相邻年度"
    if ctx.previous.metadata.organ != ctx.report.metadata.organ:
        return f"所给上年度报告的机关为“{ctx.previous.metadata.organ}”，与本报告的“{ctx.report.metadata.organ}”不同"
    return None


def _compare(
    rule: Rule,
    ctx: Context,
    subject: str,
    here: str,
    there: str,
    there_doc: str,
    there_version: str,
    data: Any,
    prev: Any,
) -> Finding:
    a = place_for(ctx.version, here, resolve(data, here))
    b = place_for(there_version, there, resolve(prev, there), document=there_doc)
    left, right = as_number(a.value), as_number(b.value)
    if left is None or right is None:
        return rule.finding(
            Outcome.CANNOT_TELL, subject=subject, places=(a, b), left=left, right=right, reason=_blank_reason((a, b))
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
    why = _year_mismatch(ctx)
    if why:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason=why)
        return
    data, prev = ctx.data, ctx.previous_data
    row = next(r for r in rows(ctx.report, "三") if r.key == "carried_over_from_last_year")
    for column in row.columns:
        subject = place_for(ctx.version, row.pointer(column.key), None).column or column.label
        yield _compare(
            rule,
            ctx,
            subject,
            row.pointer(column.key),
            f"/applications/carried_to_next_year/{column.key}",
            "previous",
            ctx.previous.format_version,
            data,
            prev,
        )


def _valid_documents(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert ctx.previous is not None
    why = _year_mismatch(ctx)
    if why is None and ctx.previous.format_version != "2021":
        why = "上年度报告为2019年格式，没有“现行有效件数”"
    if why:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason=why)
        return
    data, prev = ctx.data, ctx.previous_data
    for key in ("regulations", "normative_documents"):
        base = f"/active_disclosure/{key}"
        valid = place_for(ctx.version, f"{base}/valid", resolve(data, f"{base}/valid"))
        last = place_for("2021", f"{base}/valid", resolve(prev, f"{base}/valid"), document="previous")
        made = place_for(ctx.version, f"{base}/made", resolve(data, f"{base}/made"), weight=1)
        repealed = place_for(ctx.version, f"{base}/repealed", resolve(data, f"{base}/repealed"), weight=-1)
        places = (valid, last, made, repealed)
        subject = valid.row or key
        numbers = [as_number(p.value) for p in places]
        if any(n is None for n in numbers):
            yield rule.finding(Outcome.CANNOT_TELL, subject=subject, places=places, reason=_blank_reason(places))
            continue
        v, lv, m, r = (n for n in numbers if n is not None)
        right = lv + m - r
        if v == right:
            yield rule.finding(Outcome.PASSED, subject=subject, places=places, left=v, right=right, imbalance=0)
        else:
            yield rule.finding(
                Outcome.FAILED,
                subject=subject,
                places=places,
                left=v,
                right=right,
                imbalance=v - right,
                reason=f"{subject}：现行有效件数 {v}，而上年现行有效 {lv} + 本年制发 {m} − 本年废止 {r} = {right}，"
                f"相差 {v - right}",
            )


# ---------------------------------------------------------------------------------------------------------------------
# across organs


def _member_value(member: Any, ptr: str) -> Any:
    """A member's value at a pointer of the aggregate, reading （六） across its two layouts."""
    value = resolve(member, ptr)
    prefix = "/applications/results/other_handling/combined/"
    if value is MISSING and ptr.startswith(prefix):
        column = ptr[len(prefix) :]
        parts = [
            resolve(member, f"/applications/results/other_handling/{k}/{column}")
            for k in ("overdue_correction", "overdue_fee", "other_reason")
        ]
        numbers = [as_number(p) for p in parts]
        if any(n is None for n in numbers):
            return ""
        return sum(n for n in numbers if n is not None)
    return None if value is MISSING else value


def _members(rule: Rule, ctx: Context) -> Iterator[Finding]:
    assert ctx.members is not None
    meta = ctx.report.metadata
    if meta.scope is not Scope.AGGREGATE:
        yield kept_finding(rule, Outcome.NOT_APPLICABLE, "本报告为本级报告，不是汇总报告")
        return
    if not ctx.members:
        yield kept_finding(rule, Outcome.NOT_APPLICABLE, "未提供汇总单位的报告")
        return
    others = [m for m in ctx.members if m.format_version != ctx.version]
    if others:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason=f"{others[0].metadata.organ}的报告格式与汇总报告不同")
        return
    data = ctx.data
    members = ctx.members_data
    for row in rows(ctx.report, variants=ctx.variants):
        for column in row.columns:
            if column.kind is CellKind.AMOUNT and column.unit is None:
                continue  # amounts without a stated unit (2019 采购总金额) cannot be added blindly
            ptr = row.pointer(column.key)
            total = place_for(ctx.version, ptr, resolve(data, ptr))
            items = tuple(
                place_for(ctx.version, ptr, _member_value(m, ptr), weight=1, document=f"members[{i}]")
                for i, m in enumerate(members)
            )
            subject = f"{total.row} › {total.column}"
            left = as_number(total.value)
            values = [as_number(p.value) for p in items]
            places = (total, *items)
            if left is None or any(v is None for v in values):
                yield rule.finding(Outcome.CANNOT_TELL, subject=subject, places=places, reason=_blank_reason(places))
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
