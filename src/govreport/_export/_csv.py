"""Tidy CSV: one row per table cell.

Columns: ``table, row_key, row_label, column_key, column_label, value, group,
unit, pointer``.  Labels are the official ones; ``value`` is the cell as written
(a number exactly, ``""`` for a blank cell, ``/`` for a slash, an unreadable
cell's text).  UTF-8 without a byte-order mark, ``\\n`` line ends, rows in
print order.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from govreport.formats import AnyReport, Variant
from govreport.formats.common import LITIGATION_GROUP_LABEL
from govreport.grid import cell_text
from govreport.layout import Row, cells, written_unit

COLUMNS = ("table", "row_key", "row_label", "column_key", "column_label", "value", "group", "unit", "pointer")
"""The CSV header, in order."""


def row_group(row: Row) -> str:
    """The heading a row sits under: 表二's sub-table, 表三's （三）… group, 表四's 行政诉讼."""
    if row.group:
        return row.group
    if row.table == "三" and len(row.labels) > 1:
        return row.labels[-2]
    if row.table == "四" and row.key.startswith("litigation"):
        return LITIGATION_GROUP_LABEL
    return ""


def records(report: AnyReport, variants: Sequence[Variant] = ()) -> list[dict[str, str]]:
    """The tidy rows as mappings of :data:`COLUMNS` to text."""
    return [
        {
            "table": c.row.table,
            "row_key": c.row.key,
            "row_label": c.row.label,
            "column_key": c.column.key,
            "column_label": c.column.label,
            "value": cell_text(c.value),
            "group": row_group(c.row),
            "unit": c.column.unit or written_unit(c.row.record(report), c.column.key) or "",
            "pointer": c.pointer,
        }
        for c in cells(report, variants=variants)
    ]


def render(report: AnyReport, variants: Sequence[Variant] = ()) -> bytes:
    """The tidy CSV, UTF-8."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records(report, variants))
    return buffer.getvalue().encode("utf-8")
