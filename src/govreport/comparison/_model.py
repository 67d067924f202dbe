"""The records of a comparison: the reports compared, every cell side by side, each year's step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, TypeAlias

import attrs

from govreport._checks import Finding
from govreport.formats.cells import Mark, Unreadable

CellValue: TypeAlias = int | Decimal | Mark | Unreadable
"""What a cell holds in one report."""

ChangeStatus: TypeAlias = Literal["changed", "unchanged", "cannot_tell", "only_old", "only_new", "absent"]
"""How a cell moved from one report to the next.

``changed`` / ``unchanged``: both hold numbers; ``cannot_tell``: both have the cell but one holds a mark or
unreadable text (never counted as 0); ``only_old`` / ``only_new``: the cell exists in one report's format (or
layout) only; ``absent``: in neither (it exists in another report of the series)."""

TABLE_TITLES = {
    "二": "表二 主动公开政府信息情况",
    "三": "表三 收到和处理政府信息公开申请情况",
    "四": "表四 政府信息公开行政复议、行政诉讼情况",
}

FORMAT_ZH = {"2019": "2019年试行格式", "2021": "2021年格式"}
"""The national formats as people name them."""


def value_json(value: CellValue | None) -> Any:
    """A cell value as JSON: the number, the mark as written (``""`` for blank), ``{"unreadable": …}``, or null."""
    if isinstance(value, Mark):
        return value.value
    if isinstance(value, Unreadable):
        return {"unreadable": value.unreadable}
    return value


def value_text(value: CellValue | None) -> str:
    """A cell value for people: the number, the mark, 空白, 无法识别（…）, or 无此栏 for a cell not in the format."""
    if value is None:
        return "无此栏"
    if isinstance(value, Mark):
        return value.value or "空白"
    if isinstance(value, Unreadable):
        return f"无法识别（“{value.unreadable}”）"
    return str(value)


@attrs.frozen(kw_only=True)
class Edition:
    """One report of the series."""

    source: str
    """The file it was read from (or ``<report N>`` for a record passed in)."""
    organ: str
    year: int
    format_version: str
    title: str | None = None
    kind: str = "json"
    """``json``, the importer that read the file, or ``record``."""

    @property
    def name(self) -> str:
        """``2023年度`` — how the report is named in messages."""
        return f"{self.year}年度"

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "organ": self.organ,
            "year": self.year,
            "format_version": self.format_version,
            "title": self.title,
            "input": self.kind,
        }


@attrs.frozen(kw_only=True)
class Change:
    """How one cell moved between two consecutive reports."""

    status: ChangeStatus
    delta: int | Decimal | None = None
    """New minus old, when both hold numbers."""
    percent: Decimal | None = None
    """The change in per cent of the old value, to one decimal; None when the old value is 0 (and the new not)."""

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "delta": self.delta, "percent": self.percent}

    def text(self) -> str:
        """The change for people: ``+5，+7.1%``, ``±0``, ``无法计算（非数字）``, or empty for a cell one side lacks."""
        if self.status in ("changed", "unchanged"):
            assert self.delta is not None
            delta = "±0" if self.delta == 0 else f"{self.delta:+}"
            if self.percent is None:
                return f"{delta}，上年为0" if self.delta else delta
            return f"{delta}，{self.percent:+}%" if self.delta else delta
        # a cell of one format or layout only: its value already says 无此栏, and the line is marked ［仅…］
        return "无法计算（非数字）" if self.status == "cannot_tell" else ""


@attrs.frozen(kw_only=True)
class CellLine:
    """One cell across the series: its place, its value in each report, the change at each step."""

    table: str
    """``二``, ``三`` or ``四``."""
    row_key: str
    row_labels: tuple[str, ...]
    column_key: str
    column_label: str
    unit: str | None
    format_versions: tuple[str, ...]
    """The format versions that have this cell."""
    values: tuple[CellValue | None, ...]
    """The value in each report, in series order; None where that report has no such cell."""
    changes: tuple[Change, ...]
    """One per step (consecutive pair of reports)."""

    @property
    def label(self) -> str:
        """The row labels and the column label, joined by " › "."""
        return " › ".join((*self.row_labels, self.column_label))

    @property
    def only_in(self) -> str | None:
        """``2019`` when the cell exists in only one of the series' formats (shown as such, never mapped)."""
        return self.format_versions[0] if len(self.format_versions) == 1 else None

    def to_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "row_key": self.row_key,
            "row_labels": list(self.row_labels),
            "column_key": self.column_key,
            "column_label": self.column_label,
            "unit": self.unit,
            "format_versions": list(self.format_versions),
            "values": [value_json(v) for v in self.values],
            "present": [v is not None for v in self.values],
            "changes": [c.to_json() for c in self.changes],
        }


@attrs.frozen(kw_only=True)
class SectionProse:
    """One prose section of a report against the same section a year before."""

    key: str
    label: str
    characters: int
    """Characters of this year's section (whitespace not counted)."""
    carried: int
    """Characters of its sentences found word for word in last year's section."""
    new_sentences: tuple[str, ...]
    """This year's sentences not found in last year's section, in order."""
    sentences: int
    carried_sentences: int

    @property
    def percent(self) -> Decimal | None:
        """文字重复率: carried / characters in per cent, to one decimal; None for an empty section."""
        return share(self.carried, self.characters)

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.key,
            "label": self.label,
            "characters": self.characters,
            "carried_characters": self.carried,
            "repeat_percent": self.percent,
            "sentences": self.sentences,
            "carried_sentences": self.carried_sentences,
            "new_sentences": list(self.new_sentences),
        }


@attrs.frozen(kw_only=True)
class ProseChange:
    """The prose of a report against last year's, section by section."""

    sections: tuple[SectionProse, ...]

    @property
    def characters(self) -> int:
        return sum(s.characters for s in self.sections)

    @property
    def carried(self) -> int:
        return sum(s.carried for s in self.sections)

    @property
    def percent(self) -> Decimal | None:
        """文字重复率 of the whole text."""
        return share(self.carried, self.characters)

    def to_json(self) -> dict[str, Any]:
        return {
            "characters": self.characters,
            "carried_characters": self.carried,
            "repeat_percent": self.percent,
            "sections": [s.to_json() for s in self.sections],
        }


def share(part: int, whole: int) -> Decimal | None:
    """``part / whole`` in per cent, to one decimal (None when ``whole`` is 0)."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@attrs.frozen(kw_only=True)
class Step:
    """One report against the one before it in the series."""

    old: int
    """Index of the earlier report in :attr:`Comparison.editions`."""
    new: int
    findings: tuple[Finding, ...]
    """The cross-year rules (X-CARRY-OVER, X-VALID-DOCUMENTS …) with their outcomes, as ``check`` gives them."""
    prose: ProseChange
    notes: tuple[str, ...] = ()
    """What a reader must know about this step (a missing year, a change of format)."""


@attrs.frozen(kw_only=True)
class Series:
    """A headline number per report: applications received, an outcome, cases of 行政复议 …"""

    key: str
    label: str
    group: str
    """``applications``, ``outcomes`` or ``review_litigation`` (one chart each)."""
    values: tuple[int | Decimal | None, ...]
    """Per report; None when a cell it sums holds no number (never counted as 0)."""

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "group": self.group, "values": list(self.values)}


@attrs.frozen(kw_only=True)
class Comparison:
    """Reports of one organ over the years, compared (see :func:`govreport.comparison.compare`)."""

    editions: tuple[Edition, ...]
    """The reports, oldest first."""
    cells: tuple[CellLine, ...]
    """Every table cell of any report, in print order (表二 of each format in turn, then 表三, 表四)."""
    steps: tuple[Step, ...]
    series: tuple[Series, ...]
    notes: tuple[str, ...] = ()
    """What a reader must know about the whole comparison (order, a forced organ or year)."""

    @property
    def organ(self) -> str:
        return self.editions[-1].organ

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(e.year for e in self.editions)

    def step_name(self, step: Step) -> str:
        """``2021→2022年度``."""
        return f"{self.editions[step.old].year}→{self.editions[step.new].year}年度"

    def to_json(self) -> dict[str, Any]:
        """The comparison as JSON-ready data (``--to json``); each finding as ``check --json`` gives it."""
        return {
            "organ": self.organ,
            "years": list(self.years),
            "editions": [e.to_json() for e in self.editions],
            "notes": list(self.notes),
            "series": [s.to_json() for s in self.series],
            "steps": [
                {
                    "from": self.editions[s.old].year,
                    "to": self.editions[s.new].year,
                    "notes": list(s.notes),
                    "findings": [f.to_json() for f in s.findings],
                    "prose": s.prose.to_json(),
                }
                for s in self.steps
            ],
            "cells": [c.to_json() for c in self.cells],
        }
