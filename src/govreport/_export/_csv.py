"""Tidy CSV: one row per table cell.

Columns: ``table, row_key, row_label, column_key, column_label, value, group,
unit, pointer``.  Labels are the official ones; ``value`` is the cell as written
(a number exactly, ``""`` for a blank cell, ``/`` for a slash, an unreadable
cell's text).  UTF-8 without a byte-order mark, ``\\n`` line ends, rows in
print order.

A text a spreadsheet would take for a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return, OWASP's list for CSV injection) is written with an apostrophe in front, which spreadsheets show as text;
a number such as ``-5`` is written as it is.  :func:`records` gives the texts unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govreport.formats import AnyReport, Variant
from govreport.formats.common import LITIGATION_GROUP_LABEL
from govreport.grid import cell_text
from govreport.layout import Row, cells

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
            "unit": c.column.unit or "",
            "pointer": c.pointer,
        }
        for c in cells(report, variants=variants)
    ]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell a spreadsheet would evaluate begins (OWASP, CSV injection)."""

_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def neutral(text: str) -> str:
    """``text`` as a spreadsheet will only show it: an apostrophe before what would start a formula."""
    if text.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(text) is None:
        return "'" + text
    return text


def _field(text: str) -> str:
    """One field, quoted when it holds a separator, a quote or a line break of either kind (the csv module quotes
    only for the characters of its own line ending, and a bare carriage return splits a row for every reader)."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def render(report: AnyReport, variants: Sequence[Variant] = ()) -> bytes:
    """The tidy CSV, UTF-8."""
    lines = [",".join(COLUMNS)]
    for row in records(report, variants):
        lines.append(",".join(_field(neutral(row[column])) for column in COLUMNS))
    return ("\n".join(lines) + "\n").encode("utf-8")
