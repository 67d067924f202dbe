"""What a report must hold: 表二, 表三 and 表四 filled in, and a section 五 that says something.

A table none of whose cells holds anything (every cell blank, or not found by the importer) is an error: the
report lacks the table, whatever made it so.  A table with some cells holding no number is not: the rules that
need those cells say "cannot tell", and one finding of the table's rule counts them (by what they hold), so a
reader sees at once how much of it is missing.  Section 五 that is empty, says only "无" / "暂无", or says
in a line that there is no problem, is a warning.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from govreport._checks._cells import ABSENT, describe, is_number, place
from govreport._checks._records import Context, Finding, Outcome, Place, Rule, Severity
from govreport._checks._text import prose_place
from govreport.errors import pointer
from govreport.formats import TABLES, AnyReport
from govreport.formats.cells import Mark, Unreadable
from govreport.labels import label_for_path
from govreport.layout import Row, fixed_rows, rows

_BOTH = ("2019", "2021")

# ---------------------------------------------------------------------------------------------------------------------
# tables filled in


def _table_rows(ctx: Context, table: str) -> Sequence[Row]:
    """The rows of a table in the context's report, with the rows its variants add."""
    report = ctx.report
    if not report.variants:
        fixed = fixed_rows(type(report), table)
        if fixed is not None:
            return fixed
    return rows(report, table, variants=ctx.variants)


_Reader = tuple[Row, Callable[[Any], Any], Callable[[Any], tuple[Any, ...]]]
_READERS: dict[tuple[type, tuple[str, ...]], tuple[_Reader, ...]] = {}
"""For each report class and sequence of rows (by key), how to read each row's record and its cells at once."""


def _readers(report: AnyReport, table_rows: Sequence[Row]) -> tuple[_Reader, ...]:
    key = (type(report), tuple(r.key for r in table_rows))
    found = _READERS.get(key)
    if found is None:
        if len(_READERS) > 256:  # classes and layouts are few; this only bounds odd input
            _READERS.clear()
        found = _READERS[key] = tuple(
            (
                row,
                operator.attrgetter(".".join(row.path)) if all(k.isidentifier() for k in row.path) else row.record,
                _values_getter(tuple(c.key for c in row.columns)),
            )
            for row in table_rows
        )
    return found


def _all_numbers(report: AnyReport, readers: tuple[_Reader, ...]) -> bool:
    """Whether every cell holds a number, told fast: a cell holding a mark or unreadable text cannot be added."""
    try:
        for _, record_of, values_of in readers:
            sum(values_of(record_of(report)))
    except (TypeError, AttributeError, KeyError):
        return False
    return True


def _values_getter(keys: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    getter = operator.attrgetter(*keys)
    if len(keys) == 1:
        return lambda record: (getter(record),)
    return getter  # attrgetter of several names gives a tuple


@functools.lru_cache(maxsize=8192)
def _cell_place(version: str, path: tuple[str, ...], key: str, value: Any) -> Place:
    """The place of a cell holding no number (a mark or unreadable text: both are hashable, and the same few
    cells are blank in many reports), made once."""
    return place(version, pointer((*path, key)), value)


def _holds_nothing(value: Any) -> bool:
    """A cell left blank, or one the importer did not find (unreadable with no text), or no cell at all."""
    return value is Mark.BLANK or value is ABSENT or (isinstance(value, Unreadable) and not value.unreadable.strip())


def _kind(value: Any) -> str:
    """What a cell without a number holds, as a clerk counts it."""
    if value is Mark.BLANK:
        return "空白"
    if _holds_nothing(value):
        return "导入时未读出"
    if isinstance(value, Unreadable):
        return "无法识别"
    return describe(value)


def _filled(rule: Rule, ctx: Context) -> Iterator[Finding]:
    table = rule.table
    assert table is not None
    report, version = ctx.report, ctx.version
    cells: list[tuple[Row, str, Any]] = []
    count = 0
    readers = _readers(report, _table_rows(ctx, table))
    if not ctx.detail and _all_numbers(report, readers):
        return  # passed: batch runs keep nothing
    for row, record_of, values_of in readers:
        try:
            values = values_of(record_of(report))
        except (AttributeError, KeyError, TypeError):  # a variant's row the report does not hold
            values = (ABSENT,) * len(row.columns)
        count += len(values)
        for column, value in zip(row.columns, values, strict=True):
            if not is_number(value):
                cells.append((row, column.key, value))
    if not cells and not ctx.detail:
        return  # passed: batch runs keep nothing
    missing = [(row.path, key, value) for row, key, value in cells]
    if not missing:
        yield rule.finding(Outcome.PASSED, subject=f"表{table}", reason=f"表{table}的{count}个单元格都填有数字")
        return
    counts = Counter(_kind(value) for _, _, value in missing)
    tally = "，".join(f"{kind} {n}" for kind, n in counts.most_common())
    if len(missing) == count and all(_holds_nothing(value) for _, _, value in missing):
        root = "/" + TABLES[table]
        title = label_for_path(type(report), (TABLES[table],))
        yield rule.finding(
            Outcome.FAILED,
            subject=f"表{table}",
            places=(Place(pointer=root, label=title, table=table, value=None),),
            left=0,
            right=count,
            reason=f"表{table}（{title}）的{count}个单元格全部没有内容（{tally}）：报告缺少这张表，"
            "或表中没有填写任何数字" + ("；若原文有这张表，请核对导入结果" if "导入时未读出" in counts else ""),
        )
        return
    yield rule.finding(
        Outcome.CANNOT_TELL,
        subject=f"表{table}",
        places=tuple(_cell_place(version, path, key, value) for path, key, value in missing),
        left=count - len(missing),
        right=count,
        reason=f"表{table}的{count}个单元格中有{len(missing)}个没有数字（{tally}）；用到这些单元格的规则无法判断",
    )


def _filled_rule(table: str) -> Rule:
    return Rule(
        id=f"T{'二三四'.index(table) + 2}-FILLED",
        versions=_BOTH,
        severity=Severity.ERROR,
        table=table,
        formula=f"表{table}填有数字（整表没有内容为错误；部分单元格没有数字时，计数列出）",
        message_zh=f"表{table}缺失或全部空白",
        message_en=f"Table {'二三四'.index(table) + 2} is missing or entirely blank.",
        doc=f"表{table} must be filled in. A 表{table} none of whose cells holds anything — every cell blank "
        '(`""`) or, in an imported report, not found (unreadable with no text) — fails: the report lacks the '
        "table. This is the check of `validate --profile submission`'s demand that every cell hold a number, "
        'for the case a reviewer cannot let pass. A table with some cells that hold no number (blank, "/", '
        '"—", "无", unreadable) is `cannot_tell`: the one finding counts them by what they hold and names '
        "each; the rules that need those cells are `cannot_tell` too. A table of numbers passes.",
        evaluate=_filled,
    )


# ---------------------------------------------------------------------------------------------------------------------
# section 五 says something

_NUMBERING = re.compile(r"^[五5][、.．]|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]是|\d+[.．、]")
_HEADING = re.compile(
    r"(?:政府信息公开|政务公开)?(?:工作)?(?:中)?存在的?(?:主要)?问题(?:及|和|与)?(?:改进|整改)?(?:情况|措施|举措)?"
    r"|(?:主要|存在)问题|(?:改进|整改)(?:情况|措施|举措)"
)
_NOT_CJK = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff]+")
_NOTHING_SAID = re.compile(
    r"(?:暂|尚|均|并)?(?:无|没有|不存在|未发现|未出现|未发生)(?:明显|重大|突出|相关|任何|其他|此类|存在的?|主要)*"
    r"(?:的)?(?:问题|不足|情况)|^(?:暂)?无$"
)
"""Saying there is no problem (暂无问题, 不存在主要问题, 暂未发现存在的问题); only qualifiers may stand between the
negation and 问题, so a problem stated with 没有 (没有做到图文并茂的问题) is not read as one."""

MIN_CONTENT = 20
"""Fewer characters than this (headings and numbering left out) name no problem and no improvement: "无",
"暂无问题", "本机关不存在问题" and one-line formulas fall below; the shortest section 五 in the corpus that
names both has 165."""

SHORT_SECTION = 80
"""A section 五 shorter than this (two sentences) that says there is no problem says nothing else."""


def _problems_content(text: str) -> str:
    """The characters of section 五 that are not headings or numbering."""
    return _NOT_CJK.sub("", _HEADING.sub("", _NUMBERING.sub("", text)))


LONG_SECTION = 2 * SHORT_SECTION
"""A section 五 this long passes unread: it holds at least SHORT_SECTION characters that are neither headings, nor
numbering, nor punctuation (those never make up half of a section), so it neither is too short nor only says
there is no problem.  The shortest real section 五 in the corpus has 165 characters."""


def _problems_stated(rule: Rule, ctx: Context) -> Iterator[Finding]:
    paragraphs = ctx.report.problems_improvements
    text = "".join(p.strip() for p in paragraphs)
    if len(text) >= LONG_SECTION:
        if ctx.detail:
            shown = text[:60] + "…"
            yield rule.finding(
                Outcome.PASSED,
                subject="五、存在的主要问题及改进情况",
                places=(prose_place(ctx.report, "/problems_improvements/0", shown),),
                reason=f"第五部分有{len(text)}字",
            )
        return
    content = _problems_content(text)
    said = _NOT_CJK.sub("", _NUMBERING.sub("", text))  # headings kept: 暂未发现存在的问题 says nothing
    nothing = (_NOTHING_SAID.search(said) or _NOTHING_SAID.search(content)) if len(content) < SHORT_SECTION else None
    if len(content) >= MIN_CONTENT and nothing is None:
        if ctx.detail:
            shown = text if len(text) <= 60 else text[:60] + "…"
            yield rule.finding(
                Outcome.PASSED,
                subject="五、存在的主要问题及改进情况",
                places=(prose_place(ctx.report, "/problems_improvements/0", shown),),
                reason=f"第五部分有{len(content)}字",
            )
        return
    if not text:
        where = Place(pointer="/problems_improvements", label="五、存在的主要问题及改进情况", value=None)
        yield rule.finding(
            Outcome.FAILED, subject="五、存在的主要问题及改进情况", places=(where,), reason="第五部分为空"
        )
        return
    shown = text if len(text) <= 60 else text[:60] + "…"
    if nothing is not None:
        why = f"第五部分只说“{shown}”：没有写存在的问题及改进情况"
    else:
        why = f"第五部分只有“{shown}”（除标题、序号外不足{MIN_CONTENT}字）：没有写出具体问题及改进情况"
    yield rule.finding(
        Outcome.FAILED,
        subject="五、存在的主要问题及改进情况",
        places=(prose_place(ctx.report, "/problems_improvements/0", shown),),
        left=len(content),
        reason=why,
    )


COMPLETE_RULES: tuple[Rule, ...] = (
    *(_filled_rule(t) for t in ("二", "三", "四")),
    Rule(
        id="F-PROBLEMS-STATED",
        versions=_BOTH,
        severity=Severity.WARNING,
        formula="五、存在的主要问题及改进情况：写明问题及改进情况（不能为空、“无”、“暂无”或一句空话）",
        message_zh="第五部分没有写出存在的主要问题及改进情况",
        message_en="Section 5 states no problems and no improvements.",
        doc="Article 50(4) of the 条例 asks every annual report for the main problems of the year's disclosure work "
        "and how they are being improved. Section 五 fails (a warning) when it is empty, says only 无 / 暂无, "
        f"has fewer than {MIN_CONTENT} characters once headings and numbering are left out, or, in fewer than "
        f"{SHORT_SECTION}, says there is no problem (不存在问题, 暂未发现问题 …); a section of {LONG_SECTION} "
        "characters or more passes unread. In an imported report an empty "
        "section 五 can also mean the importer did not find its heading: the import report says so.",
        evaluate=_problems_stated,
    ),
)
