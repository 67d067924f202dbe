"""The printed grid: a report's text and its three tables laid out as the official format prints them.

A :class:`Doc` is built from a report (:func:`from_report`) or, for a blank
form, from a format version (:func:`blank`).  :func:`grids` lays the three
tables out as the format prints them, merged cells included, so the HTML,
DOCX and XLSX exporters share one layout and differ only in how they draw it,
and the XLSX importer reads a filled form back by the same grid.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from govreport.formats import NOTICES, REPORT_CLASSES, AnyReport, Variant
from govreport.formats._fields import CellKind
from govreport.formats._introspect import fields_of, strip_optional, union_args
from govreport.formats.cells import Mark, Unreadable
from govreport.formats.common import (
    APPLICANT_GROUP_LABEL,
    LEGAL_PERSON_COLUMNS,
    LITIGATION_GROUP_LABEL,
    LabelledEnum,
    Overall,
)
from govreport.layout import Row, rows, written_unit

TABLE_TITLES: dict[str, str] = {
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
}
"""The caption of each table (its section heading without the number)."""

CORNER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
"""表三's corner cell, as printed in both formats."""

INFO_CONTENT = "信息内容"
"""The first column header of every 表二 sub-table."""

APPLICANTS = "申请人情况"
"""The header over 表三's seven number columns."""

OVERALL_SUBTOPICS = (
    "active_disclosure",
    "applications",
    "information_management",
    "platform_construction",
    "supervision",
)


def cell_text(value: Any) -> str:
    """A cell as printed: numbers exactly, marks as written ("" stays blank), unreadable as its text."""
    if isinstance(value, Mark):
        return value.value
    if isinstance(value, Unreadable):
        return value.unreadable
    if isinstance(value, Decimal):
        return format(value, "f")
    if value is None:
        return ""
    return str(value)


@attrs.frozen(kw_only=True)
class Section:
    """One of the six sections: heading, paragraphs and (二、三、四) its table."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    subheadings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """For a blank form: sub-topic headings each with (empty) paragraphs."""
    table: str | None = None


@attrs.frozen(kw_only=True)
class Doc:
    """A report (or a blank form) as the exporters print it."""

    version: str
    title: str
    preamble: tuple[str, ...]
    sections: tuple[Section, ...]
    rows: tuple[Row, ...]
    values: dict[tuple[str, str], Any]
    """Cell values by (row key, column key); a blank form holds ``Mark.BLANK`` everywhere."""
    signed_by: str | None = None
    date: str | None = None
    blank: bool = False
    metadata: tuple[tuple[str, str], ...] = ()
    """(label, text) lines of the report's metadata that a reader sees."""
    units: dict[tuple[str, str], str] = attrs.field(factory=dict)
    """The unit the report wrote for a cell whose column has none (2019's 采购总金额), by (row key, column key):
    printed after the number wherever it is printed."""

    def table_rows(self, table: str) -> list[Row]:
        return [r for r in self.rows if r.table == table]

    def value(self, row: Row, column: str) -> Any:
        return self.values[(row.key, column)]

    def text(self, row: Row, column: str) -> str:
        """A cell as printed: :func:`cell_text`, then the unit the report wrote for a number (``251000元``)."""
        value = self.values[(row.key, column)]
        unit = self.units.get((row.key, column))
        text = cell_text(value)
        return text + unit if unit and isinstance(value, int | Decimal) else text


def _section_headings(version: str) -> dict[str, str]:
    cls: type = REPORT_CLASSES[version]
    return {s.key: s.info.label for s in fields_of(cls)}


def from_report(report: AnyReport, variants: Sequence[Variant] = ()) -> Doc:
    """The printable view of a report, with the rows its ``variants`` add."""
    heads = _section_headings(report.format_version)
    overall: Overall = report.overall
    paragraphs = [*overall.introduction]
    for key in OVERALL_SUBTOPICS:
        paragraphs.extend(getattr(overall, key))
    sections = (
        Section(heading=heads["overall"], paragraphs=tuple(paragraphs)),
        Section(heading=heads["active_disclosure"], table="二"),
        Section(heading=heads["applications"], table="三"),
        Section(heading=heads["review_litigation"], table="四"),
        Section(heading=heads["problems_improvements"], paragraphs=tuple(report.problems_improvements)),
        Section(heading=heads["other_matters"], paragraphs=tuple(report.other_matters)),
    )
    table_rows = rows(report, variants=variants)
    values: dict[tuple[str, str], Any] = {}
    units: dict[tuple[str, str], str] = {}
    for row in table_rows:
        record = row.record(report)
        for column in row.columns:
            values[(row.key, column.key)] = getattr(record, column.key)
            unit = written_unit(record, column.key)
            if unit:
                units[(row.key, column.key)] = unit
    meta = report.metadata
    title = meta.title or f"{meta.organ}{meta.report_year}年政府信息公开工作年度报告"
    lines = [("报告机关", meta.organ), ("报告年度", f"{meta.report_year}年"), ("格式", NOTICES[report.format_version])]
    return Doc(
        version=report.format_version,
        title=title,
        preamble=tuple(report.preamble),
        sections=sections,
        rows=tuple(table_rows),
        values=values,
        signed_by=meta.signed_by,
        date=_chinese_date(meta.publication_date.isoformat()) if meta.publication_date else None,
        metadata=tuple(lines),
        units=units,
    )


def _chinese_date(iso: str) -> str:
    year, month, day = (int(p) for p in iso.split("-"))
    return f"{year}年{month}月{day}日"


def blank(version: str, other_handling: str | None = None, variants: Sequence[Variant] = ()) -> Doc:
    """A blank form of a format version: every cell empty, headings in place (（六） in ``other_handling``'s
    layout, the format's own by default), with the rows and labels of the regional ``variants`` given."""
    if version not in REPORT_CLASSES:
        known = ", ".join(sorted(REPORT_CLASSES))
        raise ValueError(f"unknown format version {version!r}; known versions: {known}")
    heads = _section_headings(version)
    overall_labels = {s.key: s.info.label for s in fields_of(Overall)}
    numerals = ("（一）", "（二）", "（三）", "（四）", "（五）")
    subtopics = tuple((f"{n}{overall_labels[k]}", ("",)) for n, k in zip(numerals, OVERALL_SUBTOPICS, strict=True))
    sections = (
        Section(heading=heads["overall"], subheadings=subtopics),
        Section(heading=heads["active_disclosure"], table="二"),
        Section(heading=heads["applications"], table="三"),
        Section(heading=heads["review_litigation"], table="四"),
        Section(heading=heads["problems_improvements"], paragraphs=("",)),
        Section(heading=heads["other_matters"], paragraphs=("",)),
    )
    table_rows = rows(version, other_handling=other_handling, variants=variants)
    values = {(r.key, c.key): Mark.BLANK for r in table_rows for c in r.columns}
    templates = tuple(("地方模板", v.title) for v in variants if v.base_format == version)
    return Doc(
        version=version,
        title="＿＿＿＿＿＿＿＿年政府信息公开工作年度报告",
        preamble=(),
        sections=sections,
        rows=tuple(table_rows),
        values=values,
        blank=True,
        metadata=(("格式", NOTICES[version]), *templates),
    )


# -- grids ------------------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class GridCell:
    """One (possibly merged) cell of a table as printed."""

    row: int
    col: int
    text: str
    role: str
    """``header`` (column or group header, incl. 表三's corner note), ``label`` (row label) or ``value``."""
    rowspan: int = 1
    colspan: int = 1
    value: Any = None
    """For a value cell: the cell as in the report."""
    pointer: str | None = None
    """For a value cell: its JSON Pointer."""
    row_key: str | None = None
    column_key: str | None = None
    kind: CellKind | None = None


@attrs.frozen(kw_only=True)
class Grid:
    """A table as a grid of cells, with its size."""

    table: str
    caption: str
    n_rows: int
    n_cols: int
    cells: tuple[GridCell, ...]
    header_rows: int
    """How many leading rows are header rows (repeated on each printed page)."""

    def values(self) -> list[GridCell]:
        return [c for c in self.cells if c.role == "value"]


def _spans(n: int, width: int) -> list[int]:
    """Spread ``n`` cells over ``width`` columns; extra width goes to the middle cells first."""
    spans = [width // n] * n
    extra = width - sum(spans)
    order = sorted(range(n), key=lambda i: (abs(i - (n - 1) / 2), i))
    for i in order[:extra]:
        spans[i] += 1
    return spans


def _value(doc: Doc, row: Row, r: int, c: int, column_key: str, colspan: int = 1) -> GridCell:
    col = next(x for x in row.columns if x.key == column_key)
    value = doc.value(row, column_key)
    return GridCell(
        row=r,
        col=c,
        text=doc.text(row, column_key),
        role="value",
        colspan=colspan,
        value=value,
        pointer=row.pointer(column_key),
        row_key=row.key,
        column_key=column_key,
        kind=col.kind,
    )


def _grid_two(doc: Doc) -> Grid:
    table_rows = doc.table_rows("二")
    width = max(len(r.columns) for r in table_rows) + 1
    if doc.version == "2019":
        width = 5  # the 2019 format prints 表二 five columns wide
    out: list[GridCell] = []
    r = 0
    previous_group: str | None = None
    previous_header: tuple[str, ...] | None = None
    for row in table_rows:
        header = tuple(c.label for c in row.columns)
        if row.group != previous_group:
            out.append(GridCell(row=r, col=0, text=row.group or "", role="header", colspan=width))
            r += 1
            previous_header = None
        if header != previous_header:
            out.append(GridCell(row=r, col=0, text=INFO_CONTENT, role="header"))
            c = 1
            for column, span in zip(row.columns, _spans(len(row.columns), width - 1), strict=True):
                out.append(GridCell(row=r, col=c, text=column.label, role="header", colspan=span))
                c += span
            r += 1
        previous_group, previous_header = row.group, header
        out.append(GridCell(row=r, col=0, text=row.label, role="label", row_key=row.key))
        c = 1
        for column, span in zip(row.columns, _spans(len(row.columns), width - 1), strict=True):
            out.append(_value(doc, row, r, c, column.key, span))
            c += span
        r += 1
    return Grid(table="二", caption=TABLE_TITLES["二"], n_rows=r, n_cols=width, cells=tuple(out), header_rows=0)


def _grid_three(doc: Doc) -> Grid:
    table_rows = doc.table_rows("三")
    columns = table_rows[0].columns
    by_key = {c.key: c for c in columns}
    out: list[GridCell] = [
        GridCell(row=0, col=0, text=CORNER_NOTE, role="header", rowspan=3, colspan=3),
        GridCell(row=0, col=3, text=APPLICANTS, role="header", colspan=len(columns)),
    ]
    legal = [k for k in LEGAL_PERSON_COLUMNS if k in by_key]
    c = 3
    for column in columns:
        if column.key in LEGAL_PERSON_COLUMNS:
            if column.key == legal[0]:
                out.append(GridCell(row=1, col=c, text=APPLICANT_GROUP_LABEL, role="header", colspan=len(legal)))
            out.append(GridCell(row=2, col=c, text=column.label, role="header"))
        else:
            out.append(GridCell(row=1, col=c, text=column.label, role="header", rowspan=2))
        c += 1
    depth = 3
    start = 3
    for i, row in enumerate(table_rows):
        r = start + i
        labels = row.labels
        for level in range(len(labels) - 1):
            prefix = labels[: level + 1]
            first = i == 0 or table_rows[i - 1].labels[: level + 1] != prefix
            if first:
                span = 0
                while i + span < len(table_rows) and table_rows[i + span].labels[: level + 1] == prefix:
                    span += 1
                out.append(GridCell(row=r, col=level, text=labels[level], role="label", rowspan=span))
        level = len(labels) - 1
        out.append(GridCell(row=r, col=level, text=labels[-1], role="label", colspan=depth - level, row_key=row.key))
        for j, column in enumerate(columns):
            out.append(_value(doc, row, r, depth + j, column.key))
    return Grid(
        table="三",
        caption=TABLE_TITLES["三"],
        n_rows=start + len(table_rows),
        n_cols=depth + len(columns),
        cells=tuple(out),
        header_rows=3,
    )


def _grid_four(doc: Doc) -> Grid:
    table_rows = doc.table_rows("四")
    review, *litigation = table_rows
    n_review = len(review.columns)
    n_lit = sum(len(r.columns) for r in litigation)
    out: list[GridCell] = [
        GridCell(row=0, col=0, text=review.label, role="header", colspan=n_review),
        GridCell(row=0, col=n_review, text=LITIGATION_GROUP_LABEL, role="header", colspan=n_lit),
    ]
    for j, column in enumerate(review.columns):
        out.append(GridCell(row=1, col=j, text=column.label, role="header", rowspan=2))
    c = n_review
    for row in litigation:
        out.append(GridCell(row=1, col=c, text=row.label, role="header", colspan=len(row.columns)))
        for j, column in enumerate(row.columns):
            out.append(GridCell(row=2, col=c + j, text=column.label, role="header"))
        c += len(row.columns)
    c = 0
    for row in table_rows:
        for column in row.columns:
            out.append(_value(doc, row, 3, c, column.key))
            c += 1
    return Grid(table="四", caption=TABLE_TITLES["四"], n_rows=4, n_cols=c, cells=tuple(out), header_rows=3)


def grids(doc: Doc) -> dict[str, Grid]:
    """The three tables of a document laid out as printed, by table name."""
    return {"二": _grid_two(doc), "三": _grid_three(doc), "四": _grid_four(doc)}


# -- the XLSX form: what the XLSX writer lays out and the XLSX importer reads back ------------------------------------

XLSX_META_SHEET = "报告信息"
"""The sheet of metadata: one JSON Pointer, its label and its value per row."""
XLSX_TEXT_SHEET = "正文"
"""The sheet of prose: one paragraph per row."""
XLSX_TIDY_SHEET = "明细"
"""The tidy sheet (one row per cell), for reading only: the importer ignores it."""
XLSX_TABLE_SHEETS = {"二": "表二", "三": "表三", "四": "表四"}
"""The sheet of each table, laid out as :func:`grids` prints it."""
XLSX_UNREADABLE_NOTE = "无法识别的单元格（原文照录）"
"""The comment that marks a cell holding an unreadable cell's source text."""
XLSX_FIRST_ROW = 3
"""Table sheets: row 1 holds the caption, row 2 is empty, the grid starts on row 3."""
XLSX_OPTIONS_SHEET = "选项"
"""A hidden sheet holding the drop-down list of each enumerated field of the 报告信息 sheet."""

LAYOUT_LABELS = {"itemised": "分三项填报", "combined": "合为一行填报"}
"""How （六）其他处理 is laid out, as the XLSX form names the two choices."""


@functools.cache
def form_choices(version: str) -> dict[str, dict[str, str]]:
    """Every enumerated field of a format version's 报告信息 sheet: its JSON Pointer → {value: Chinese name}.

    The XLSX form shows and offers the Chinese names; its importer takes either.
    """
    out: dict[str, dict[str, str]] = {}

    def walk(cls: type, prefix: str) -> None:
        for spec in fields_of(cls):
            pointer = f"{prefix}/{spec.key}"
            tp, _ = strip_optional(spec.type)
            for member in union_args(tp) or (tp,):
                if isinstance(member, type) and issubclass(member, LabelledEnum):
                    out[pointer] = {m.value: m.label for m in member}
                elif isinstance(member, type) and attrs.has(member):
                    walk(member, pointer)
                elif spec.key == "layout" and typing.get_origin(member) is typing.Literal:
                    choices = out.setdefault(pointer, {})
                    for value in typing.get_args(member):
                        choices[value] = LAYOUT_LABELS.get(value, value)

    walk(REPORT_CLASSES[version], "")
    return out
