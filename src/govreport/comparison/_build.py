"""Building a comparison: read the reports, put them in order, align their cells, run the cross-year rules."""

from __future__ import annotations

import itertools
import os
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import TypeAlias

from govreport._checks import Finding
from govreport._checks._organs import match_organs
from govreport._facade import Govreport, current
from govreport.comparison._model import (
    FORMAT_ZH,
    CellLine,
    CellValue,
    Change,
    Comparison,
    Edition,
    Series,
    Step,
)
from govreport.comparison._prose import compare_prose
from govreport.errors import InputError
from govreport.formats import AnyReport
from govreport.formats.cells import Mark, Unreadable
from govreport.inputs import load_any
from govreport.layout import Cell, cells

SHARED_TABLES = frozenset({"三", "四"})
"""Tables whose row and column keys mean the same in the 2019 and 2021 formats (the format notices keep 表三 and 表四;
（六）其他处理 has its own keys in each layout, so it never lines up by accident).  表二 differs entirely between
the formats — the 2019 新制作/新公开/对外公开总数 are not the 2021 制发/废止/现行有效 even where a key repeats — so its
cells are aligned only within one format."""

SERIES: tuple[tuple[str, str, str], ...] = (
    ("new_received", "本年新收申请", "applications"),
    ("carried_over_from_last_year", "上年结转申请", "applications"),
    ("results.granted", "（一）予以公开", "outcomes"),
    ("results.partially_granted", "（二）部分公开", "outcomes"),
    ("results.denied", "（三）不予公开", "outcomes"),
    ("results.unable_to_provide", "（四）无法提供", "outcomes"),
    ("results.not_processed", "（五）不予处理", "outcomes"),
    ("results.other_handling", "（六）其他处理", "outcomes"),
    ("results.total_processed", "（七）总计", "totals"),
    ("carried_to_next_year", "结转下年度", "totals"),
    ("admin_review", "行政复议", "review_litigation"),
    ("litigation_direct", "未经复议直接起诉", "review_litigation"),
    ("litigation_after_review", "复议后起诉", "review_litigation"),
)
"""Headline numbers: the 总计 column of a 表三 row (summed over its sub-rows) or of a 表四 group."""

PERCENT_PLACES = Decimal("0.1")
"""Percentage changes are shown to one decimal: enough to rank changes, without false precision."""

Key: TypeAlias = tuple[str, str, str, str]
"""(table, row key, column key, format version or ``*`` for the tables both formats share)."""

ReportInput: TypeAlias = "str | os.PathLike[str] | AnyReport"


class CompareRefused(InputError):
    """Reports that cannot be compared as given: different organs, the same year twice, too few reports."""


def normalise_organ(name: str) -> str:
    """An organ's name for comparing: full-width forms made half-width (NFKC), whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def _read(item: ReportInput, index: int, api: Govreport) -> tuple[AnyReport, str, str]:
    if isinstance(item, str | os.PathLike):
        loaded = load_any(item, api)
        return loaded.report, loaded.source, loaded.kind
    return item, f"<report {index + 1}>", "record"


def _key(cell: Cell, version: str) -> Key:
    shared = cell.row.table in SHARED_TABLES
    return (cell.row.table, cell.row.key, cell.column.key, "*" if shared else version)


def _number(value: CellValue | None) -> int | Decimal | None:
    return None if value is None or isinstance(value, Mark | Unreadable) else value


def change(old: CellValue | None, new: CellValue | None) -> Change:
    """How a cell moved from ``old`` to ``new`` (None: the report has no such cell)."""
    if old is None or new is None:
        if old is None and new is None:
            return Change(status="absent")
        return Change(status="only_new" if old is None else "only_old")
    a, b = _number(old), _number(new)
    if a is None or b is None:
        return Change(status="cannot_tell")
    delta = b - a
    percent = None if a == 0 else (Decimal(delta) * 100 / Decimal(a)).quantize(PERCENT_PLACES)
    if a == 0 and b == 0:
        percent = Decimal("0.0")
    return Change(status="unchanged" if delta == 0 else "changed", delta=delta, percent=percent)


def _align(reports: Sequence[AnyReport]) -> tuple[CellLine, ...]:
    """Every cell of any report, in print order: per table, each report's cells merged after the cell before them."""
    per_report: list[dict[Key, Cell]] = []
    order: dict[str, list[Key]] = {"二": [], "三": [], "四": []}
    for report in reports:
        found: dict[Key, Cell] = {}
        previous: Key | None = None
        for cell in cells(report):
            key = _key(cell, report.format_version)
            found[key] = cell
            keys = order.setdefault(cell.row.table, [])
            if key not in keys:
                # after the cell that precedes it in this report, or at the end of the table when it opens it
                at = keys.index(previous) + 1 if previous is not None and previous[0] == key[0] else len(keys)
                keys.insert(at, key)
            previous = key
        per_report.append(found)
    lines = []
    for keys in order.values():
        for key in keys:
            first = next(found[key] for found in per_report if key in found)
            values = tuple(found[key].value if key in found else None for found in per_report)
            versions = tuple(
                sorted({r.format_version for r, found in zip(reports, per_report, strict=True) if key in found})
            )
            lines.append(
                CellLine(
                    table=first.row.table,
                    row_key=first.row.key,
                    row_labels=first.row.labels,
                    column_key=first.column.key,
                    column_label=first.column.label,
                    unit=first.column.unit,
                    format_versions=versions,
                    values=values,
                    changes=tuple(change(a, b) for a, b in itertools.pairwise(values)),
                )
            )
    return tuple(lines)


def _series(lines: tuple[CellLine, ...], n: int) -> tuple[Series, ...]:
    out = []
    for row, label, group in SERIES:
        table = "四" if group == "review_litigation" else "三"
        parts = [
            c
            for c in lines
            if c.table == table and c.column_key == "total" and (c.row_key == row or c.row_key.startswith(row + "."))
        ]
        values: list[int | Decimal | None] = []
        for i in range(n):
            present = [c.values[i] for c in parts if c.values[i] is not None]
            numbers = [_number(v) for v in present]
            if not present or any(x is None for x in numbers):
                values.append(None)
            else:
                values.append(sum(x for x in numbers if x is not None))
        out.append(Series(key=row, label=label, group=group, values=tuple(values)))
    return tuple(out)


def _cross_year(old: AnyReport, new: AnyReport, api: Govreport) -> tuple[Finding, ...]:
    """The findings of the rules that need last year's report, as ``check(new, previous=old)`` gives them."""
    result = api.check(new, previous=old)
    ids = {rule.id for rule in result.rules if rule.needs == "previous"}
    return tuple(f for f in result.findings if f.rule_id in ids)


def _step_notes(old: Edition, new: Edition, old_report: AnyReport, new_report: AnyReport) -> tuple[str, ...]:
    notes = []
    if new.year - old.year > 1:
        gap = "、".join(str(y) for y in range(old.year + 1, new.year))
        notes.append(f"{old.name}与{new.name}之间缺少{gap}年度的报告：跨年度核对不适用，变化跨越多年。")
    elif new.year == old.year:
        notes.append(f"两份报告都是{new.name}（已按 --force 比较）。")
    if old.format_version != new.format_version:
        notes.append(
            f"格式不同：{old.name}用{FORMAT_ZH.get(old.format_version, old.format_version)}，"
            f"{new.name}用{FORMAT_ZH.get(new.format_version, new.format_version)}。"
            "表二两种格式的栏目不同，各自单列、互不对应；只见于一种格式的单元格标为“此栏仅见于…”。"
        )
    else:
        layouts = {type(r.applications.results.other_handling).__name__ for r in (old_report, new_report)}
        if len(layouts) > 1:
            notes.append("（六）其他处理一份分三项填报、一份合为一行：各行单列，不相互换算。")
    return tuple(notes)


def compare(*inputs: ReportInput, force: bool = False, api: Govreport | None = None) -> Comparison:
    """Compare reports of one organ over the years (with the plugins of ``api``, by default the host in use).

    Each input is a file (report JSON, or a published document any importer reads) or a report record.  The
    reports are put in year order.  Reports of clearly different organs (decided as the cross-year checks decide:
    spellings, a region prefix left out and region codes allowed for) or two reports of the same year are refused
    with :class:`CompareRefused` unless ``force``.
    Raises :class:`govreport.inputs.NotAReport` for a file that gives no report.
    """
    if len(inputs) < 2:
        raise CompareRefused("对比至少需要两份报告（同一机关不同年度）。", code="too-few")
    api = api if api is not None else current()
    read = [_read(item, i, api) for i, item in enumerate(inputs)]
    editions = [
        Edition(
            source=source,
            organ=report.metadata.organ,
            year=report.metadata.report_year,
            format_version=report.format_version,
            title=report.metadata.title,
            kind=kind,
        )
        for report, source, kind in read
    ]
    notes: list[str] = []
    order = sorted(range(len(read)), key=lambda i: editions[i].year)
    if order != list(range(len(read))):
        notes.append("报告已按年度排列。")
    editions = [editions[i] for i in order]
    reports = [read[i][0] for i in order]
    first = editions[0]
    for other, report in zip(editions[1:], reports[1:], strict=True):
        if normalise_organ(other.organ) == normalise_organ(first.organ):
            continue
        # the checks' decision on two years' organ names (spelling, a region prefix left out …), so compare and the
        # cross-year rules agree on which reports are one organ's
        match = match_organs(
            other.organ,
            first.organ,
            this_code=report.metadata.region_code,
            previous_code=reports[0].metadata.region_code,
        )
        if match.same:
            notes.append(f"{match.note}。" if match.note else f"机关名称写法不同：“{first.organ}”与“{other.organ}”。")
            continue
        message = (
            f"报告机关不一致：{first.source} 是“{first.organ}”，{other.source} 是“{other.organ}”（{match.note}）。"
            "只能比较同一机关的报告；确为同一机关（如更名）时加 --force（Python：force=True）。"
        )
        if not force:
            raise CompareRefused(message, code="organ-mismatch")
        notes.append(f"报告机关不一致（已按 --force 比较）：“{first.organ}”与“{other.organ}”。")
    for old, new in itertools.pairwise(editions):
        if old.year == new.year and not force:
            raise CompareRefused(
                f"两份报告都是{new.name}：{old.source} 与 {new.source}。"
                "每个年度只能有一份报告；确需比较时加 --force（Python：force=True）。",
                code="year-mismatch",
            )
    lines = _align(reports)
    steps = tuple(
        Step(
            old=i,
            new=i + 1,
            findings=_cross_year(reports[i], reports[i + 1], api),
            prose=compare_prose(reports[i], reports[i + 1]),
            notes=_step_notes(editions[i], editions[i + 1], reports[i], reports[i + 1]),
        )
        for i in range(len(reports) - 1)
    )
    return Comparison(
        editions=tuple(editions),
        cells=lines,
        steps=steps,
        series=_series(lines, len(reports)),
        notes=tuple(notes),
    )
