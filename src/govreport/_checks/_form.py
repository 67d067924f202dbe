"""Rules about the prose and the form: sums stated in the prose, the year, the period, the deadline, the fee.

One evaluator per rule.  In batch runs an evaluator does not build a finding it has found to pass.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator

from govreport._checks._records import Context, Finding, Outcome, Place, Rule, Severity
from govreport._checks._text import NUM, OVERALL, SECTIONS, index, keywords, parse_number, prose_place
from govreport.formats.common import OrganKind
from govreport.labels import label_for_path

_BOTH = ("2019", "2021")

# ---------------------------------------------------------------------------------------------------------------------
# sums stated in the prose: "共N条，其中a条、b条、c条"

_MEASURE = r"(条|件|人次|篇|个|次|期|场)"
_SUM = re.compile(NUM + r"(余|多)?" + _MEASURE + r"[^。；;]{0,20}?其中[^。；;]*")
_SUM_WORDS = keywords("其中")
_PART = r"(?<![第共计])" + NUM + r"(余|多)?" + r"{measure}(?![^。；;，,、]{0,3}?[%％])"
_NO_SUM = "正文没有“共N…，其中…”式的分项数字"


@functools.lru_cache(maxsize=16)
def _parts(unit: str) -> re.Pattern[str]:
    """The parts of a sum, in the unit of its total."""
    return re.compile(_PART.replace("{measure}", re.escape(unit)))


_OPENING, _CLOSING = "（(［[【", "）)］]】"


def _bracketed(text: str, at: int) -> bool:
    """Whether ``text[at]`` stands inside brackets opened after the start of ``text``."""
    depth = 0
    for ch in text[:at]:
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING and depth:
            depth -= 1
    return depth > 0


def _prose_sums(rule: Rule, ctx: Context) -> Iterator[Finding]:
    found = 0
    for span in index(ctx).spans(_SUM_WORDS, OVERALL):
        for match in _SUM.finditer(span.text, span.start, span.end):
            total = parse_number(match.group(1))
            unit = match.group(3)
            rest = match.group(0)[match.group(0).index("其中") :]
            # a part introduced by 结转 (carried over) is not among what the total counts, nor is the second
            # number of a compound quantity such as 54期97条, nor a part's own breakdown in brackets
            # (预决算公开197条（政府预决算32条、部门预决算165条）)
            parts = [
                p
                for p in _parts(unit).finditer(rest)
                if "结转" not in rest[max(0, p.start() - 10) : p.start()]
                and not re.search(r"\d\s*[期篇个次件条]$", rest[: p.start()])
                and not _bracketed(rest, p.start())
            ]
            if total is None or len(parts) < 2:
                continue
            found += 1
            snippet = match.group(0)
            numbers = [parse_number(p.group(1)) for p in parts]
            approximate = match.group(2) or any(p.group(2) for p in parts) or any(n is None for n in numbers)
            right = sum(n for n in numbers if n is not None)
            if not approximate and total == right and not ctx.detail:
                continue  # passed: batch runs keep nothing
            place = prose_place(ctx.report, span.pointer, snippet)
            if approximate:
                yield rule.finding(
                    Outcome.CANNOT_TELL,
                    subject=snippet,
                    places=(place,),
                    reason=f"“{snippet}”含约数（余、多），无法核对",
                )
            elif total == right:
                yield rule.finding(
                    Outcome.PASSED, subject=snippet, places=(place,), left=total, right=right, imbalance=0
                )
            else:
                terms = " + ".join(str(n) for n in numbers)
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
        yield rule.finding(Outcome.NOT_APPLICABLE, reason=_NO_SUM)


# ---------------------------------------------------------------------------------------------------------------------
# the year


_YEAR_AT_START = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]+[）)][^。：:，,\d]{0,15}?[。：:\s]*)?(20\d\d)\s*年(?:度)?\s*[，,]"
)
_TITLE_YEAR = re.compile(r"(20\d\d)\s*年(?:度)?(?:[^。，,]{0,30}?)政府信息公开(?:工作)?年度报告")
_NO_YEAR = "标题、引言和总体情况中没有写明年度"


def _report_year(rule: Rule, ctx: Context) -> Iterator[Finding]:
    year = ctx.report.metadata.report_year
    candidates: list[tuple[str, re.Match[str]]] = []
    title = ctx.report.metadata.title
    if title and "年度报告" in title:
        candidates += [("/metadata/title", m) for m in _TITLE_YEAR.finditer(title)]
    prose = index(ctx)
    for pointer, text in prose.texts(("preamble",)):
        if "年度报告" in text:
            candidates += [(pointer, m) for m in _TITLE_YEAR.finditer(text)]
    for pointer, text in prose.texts(OVERALL):
        start = _YEAR_AT_START.match(text)
        if start:
            candidates.append((pointer, start))
    if not candidates:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason=_NO_YEAR)
        return
    for pointer, m in candidates:
        stated = int(m.group(1))
        if stated == year and not ctx.detail:
            continue  # passed: batch runs keep nothing
        snippet = m.group(0).strip()
        label = label_for_path(type(ctx.report), pointer.strip("/").split("/"))
        place = Place(pointer=pointer, label=label, value=snippet)
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


# ---------------------------------------------------------------------------------------------------------------------
# the period and the deadline


def _period(rule: Rule, ctx: Context) -> Iterator[Finding]:
    meta = ctx.report.metadata
    period = meta.statistics_period
    if period is None:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason="报告信息中没有统计期限")
        return
    year = meta.report_year
    calendar = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if (period.start, period.end) == calendar and not ctx.detail:
        return  # passed: batch runs keep nothing
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
    if (period.start, period.end) == calendar:
        yield rule.finding(Outcome.PASSED, subject="统计期限", places=places)
    else:
        yield rule.finding(
            Outcome.FAILED,
            subject="统计期限",
            places=places,
            reason=f"统计期限为{period.start.isoformat()}至{period.end.isoformat()}，应为{year}年1月1日至{year}年12月31日",
        )


_DEPARTMENTS = (OrganKind.GOVERNMENT_DEPARTMENT, OrganKind.GOVERNMENT_OFFICE)


def _deadline(rule: Rule, ctx: Context) -> Iterator[Finding]:
    meta = ctx.report.metadata
    if meta.publication_date is None:
        yield rule.finding(Outcome.NOT_APPLICABLE, reason="报告信息中没有发布日期")
        return
    date, year = meta.publication_date, meta.report_year
    january, march, end = datetime.date(year + 1, 1, 31), datetime.date(year + 1, 3, 31), datetime.date(year, 12, 31)
    # people's governments have until 31 March; departments, and other organs publishing by it, 31 January
    if end < date <= (march if meta.organ_kind is OrganKind.PEOPLES_GOVERNMENT else january) and not ctx.detail:
        return  # passed: batch runs keep nothing
    place = Place(pointer="/metadata/publication_date", label="报告信息 › 发布日期", value=date.isoformat())
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


# ---------------------------------------------------------------------------------------------------------------------
# the fee


_FEE = re.compile(
    r"信息处理费|(?:政府信息公开|依申请公开|信息公开申请)[^。；;]{0,12}?(?:收费|收取(?:任何)?费用|缴纳费用|费用)"
    r"|(?:未|没有|无)(?:收取|产生)[^。；;]{0,8}?(?:费用|处理费)"
)
_FEE_WORDS = keywords("费")
"""Every alternative of :data:`_FEE` holds 费."""


def _fee_statement(ctx: Context, sections: tuple[str, ...]) -> Place | None:
    """The first statement about fees in ``sections``, or ``None``."""
    for span in index(ctx).spans(_FEE_WORDS, sections):
        sentence = span.text[span.start : span.end].replace("行政事业性收费", "")  # table 二's fees are another matter
        found = _FEE.search(sentence)
        if found is not None:
            return prose_place(ctx.report, span.pointer, found.group(0))
    return None


FEE_MEASURES_FIRST_YEAR = 2021
"""The first report year that must state the 信息处理费: 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号)
was issued on 17 November 2020, so 2021 is the first year it governs whole (the 1 January 2021 start commonly
cited is not confirmed in the project's format notes, and does not change the year), and the 2021 format is the
first with a row for fees not paid in 表三.  Reports of earlier years had no such fee to report."""


def _fee_stated(rule: Rule, ctx: Context) -> Iterator[Finding]:
    year = ctx.report.metadata.report_year
    if year < FEE_MEASURES_FIRST_YEAR:
        yield rule.finding(
            Outcome.NOT_APPLICABLE,
            reason=f"本报告为{year}年度：《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）2020年11月17日"
            f"印发，{FEE_MEASURES_FIRST_YEAR}年度起的报告才需说明信息处理费",
        )
        return
    found = _fee_statement(ctx, ("other_matters",))
    if found is not None:
        if ctx.detail:
            yield rule.finding(Outcome.PASSED, subject="信息处理费", places=(found,))
        return
    elsewhere = _fee_statement(ctx, tuple(s for s in SECTIONS if s != "other_matters"))
    note = f"（{elsewhere.label}提到了收费，但不在第六部分）" if elsewhere is not None else ""
    yield rule.finding(
        Outcome.FAILED,
        subject="信息处理费",
        places=(elsewhere,)
        if elsewhere is not None
        else (Place(pointer="/other_matters", label="六、其他需要报告的事项", value=None),),
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
        formula="六、其他需要报告的事项：写明本年度收取信息处理费的情况（2021年度起）",
        message_zh="第六部分未说明信息处理费收取情况",
        message_en="Section 6 does not state the information processing fees charged.",
        doc="Section 六 states the 信息处理费 charged under 《政府信息公开信息处理费管理办法》 (or that none was "
        "charged). This is not table 二's 行政事业性收费, which is ignored when looking for the statement. "
        f"Years: from report year {FEE_MEASURES_FIRST_YEAR}, in either format. The measures (国办函〔2020〕109号) "
        "were issued on 17 November 2020: 2021 is the first year they govern whole, and the 2021 format the "
        "first with a row for fees not paid (表三（六）2). A report of an earlier year is not_applicable, saying "
        "why.",
        evaluate=_fee_stated,
    ),
)
