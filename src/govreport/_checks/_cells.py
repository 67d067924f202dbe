"""Table cells as the rules see them: a cell's value read from the records, and its place with official labels.

Rules read cells from the report's records (a JSON Pointer's keys are attribute names), never from a JSON view,
and describe a cell by a :class:`~govreport.checks.Place` whose labels come from the layout.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeGuard

import attrs

from govreport._checks._records import Number, Place
from govreport.errors import split_pointer
from govreport.formats import REPORT_CLASSES
from govreport.formats.cells import Mark, Unreadable
from govreport.formats.common import APPLICANT_GROUP_LABEL, LEGAL_PERSON_COLUMNS, LITIGATION_GROUP_LABEL
from govreport.labels import label_for_path
from govreport.layout import Row, all_rows, rows


class _Missing:
    """The value of a pointer that names nothing in a report (a row of the other layout of （六）, say)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Missing()
"""What :func:`value_at` gives for a pointer that names nothing in the report."""


@attrs.frozen(kw_only=True)
class CellInfo:
    """A cell's table and official labels."""

    table: str
    row: str
    column: str
    label: str


def column_label(row: Row, key: str, label: str) -> str:
    """A column's label as a clerk names it (表三's five organisation columns under 法人或其他组织)."""
    if row.table == "三" and key in LEGAL_PERSON_COLUMNS:
        return f"{APPLICANT_GROUP_LABEL} › {label}"
    return label


def row_label(row: Row) -> str:
    """A row's labels from the table down (表四's two litigation groups under 行政诉讼)."""
    labels = " › ".join(row.labels)
    if row.table == "四" and row.key.startswith("litigation_"):
        return f"{LITIGATION_GROUP_LABEL} › {labels}"
    return labels


def published_rows(version: str) -> list[Row]:
    """The format's own rows, then the rows of its other layouts of （六） (the order of the published rules)."""
    own = rows(version)
    keys = {r.key for r in own}
    return own + [r for r in all_rows(version) if r.key not in keys]


@functools.cache
def cell_index(version: str) -> dict[str, CellInfo]:
    """Every table cell pointer of a version (both layouts of （六）) with its table, row and column labels."""
    out: dict[str, CellInfo] = {}
    for row in published_rows(version):
        label = row_label(row)
        for column in row.columns:
            col = column_label(row, column.key, column.label)
            out[row.pointer(column.key)] = CellInfo(
                table=row.table, row=label, column=col, label=f"表{row.table} › {label} › {col}"
            )
    return out


@functools.lru_cache(maxsize=4096)
def _reader(pointer: str) -> Callable[[Any], Any]:
    tokens = split_pointer(pointer)
    if all(token.isidentifier() for token in tokens):
        return operator.attrgetter(".".join(tokens))  # one C call for the common case

    def walk(record: Any) -> Any:
        value = record
        for token in tokens:
            value = value[token] if isinstance(value, dict) else getattr(value, token)
        return value

    return walk


def value_at(report: Any, pointer: str) -> Any:
    """The value at a cell pointer, read from the records; :data:`ABSENT` when the report has no such cell."""
    try:
        return _reader(pointer)(report)
    except (AttributeError, KeyError, TypeError):
        return ABSENT


_NUMBER_TYPES = (int, Decimal)


def is_number(value: Any) -> TypeGuard[Number]:
    """Whether a cell value is a number; a mark, unreadable text or an absent cell is not."""
    return value.__class__ in _NUMBER_TYPES


def number(value: Any) -> Number | None:
    """A cell value as a number; ``None`` for a mark, unreadable text or an absent cell."""
    return value if value.__class__ in _NUMBER_TYPES else None


def json_value(value: Any) -> Any:
    """A cell value as JSON-ready data: a number as it is, a mark as written, ``{"unreadable": …}``, or ``None``
    for an absent cell."""
    if isinstance(value, Mark):
        return value.value
    if isinstance(value, Unreadable):
        return {"unreadable": value.unreadable}
    if value is ABSENT:
        return None
    return value


def describe(value: Any) -> str:
    """A cell value as a clerk reads it, for reasons."""
    if isinstance(value, Unreadable):
        return f"无法识别（“{value.unreadable}”）" if value.unreadable.strip() else "未读出"
    if value is ABSENT or value is None:
        return "没有这一格"
    if value is Mark.BLANK:
        return "空白"
    if isinstance(value, Mark):
        return f"“{value.value}”"
    return str(value)


def place(version: str, pointer: str, value: Any, *, weight: int | None = None, document: str = "report") -> Place:
    """The :class:`Place` of a cell holding ``value`` (a value of the records), with its official labels."""
    info = cell_index(version).get(pointer)
    if info is None:
        label = label_for_path(REPORT_CLASSES[version], split_pointer(pointer))
        return Place(pointer=pointer, label=label, value=json_value(value), weight=weight, document=document)
    return Place(
        pointer=pointer,
        label=info.label,
        table=info.table,
        row=info.row,
        column=info.column,
        value=json_value(value),
        weight=weight,
        document=document,
    )


def blank_reason(places: tuple[Place, ...] | list[Place], values: list[Any]) -> str:
    """Why a rule cannot tell: the places (with their values) that hold no number."""
    where = "、".join(f"{p.label}（{describe(v)}）" for p, v in zip(places, values, strict=True) if not is_number(v))
    return f"无法判断：{where} 没有数字，不按0计"
