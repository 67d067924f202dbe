"""Tidy CSV: one row per table cell, then one row per other value of the report, so the file reads back whole.

Columns: ``table, row_key, row_label, column_key, column_label, value, group, unit, pointer, value_type``.
Labels are the official ones; ``value`` is the cell as written (a number exactly, ``""`` for a blank cell, ``/``
for a slash, an unreadable cell's text) and ``value_type`` says which of these it is (``number``, ``mark``,
``unreadable``).  After the table cells come the report's other values — its metadata and each paragraph of its
text — one per row with ``table`` empty, the JSON Pointer and the official label, ``value_type`` ``text``,
``number`` or ``json`` (``null``, ``true``, an empty list, a variant's extension data); filter on ``table`` to keep
the cells only.  ``govreport import`` reads the file back into the report.  UTF-8 without a byte-order mark (the
command line's ``--bom`` adds one for Excel), ``\\n`` line ends, rows in print order.

A text a spreadsheet would take for a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is written with an apostrophe in front, which spreadsheets show as text, and so is a text starting with
an apostrophe; the importer drops it again (:mod:`govreport._formula`).  A number such as ``-5`` is written as it
is.  :func:`records` gives the texts unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from govreport import jsonio
from govreport._formula import neutral
from govreport.convert import unstructure
from govreport.errors import pointer
from govreport.formats import REPORT_CLASSES, AnyReport, Variant
from govreport.formats.cells import Mark, Unreadable
from govreport.formats.common import LITIGATION_GROUP_LABEL
from govreport.grid import cell_text
from govreport.labels import label_for_path
from govreport.layout import Row, cells, written_unit

COLUMNS = (
    "table",
    "row_key",
    "row_label",
    "column_key",
    "column_label",
    "value",
    "group",
    "unit",
    "pointer",
    "value_type",
)
"""The CSV header, in order."""

VALUE_TYPES = ("number", "mark", "unreadable", "text", "json")
"""What a row's ``value`` is: a table cell's number, mark or unreadable text; another value's text, number or
JSON."""


def row_group(row: Row) -> str:
    """The heading a row sits under: 表二's sub-table, 表三's （三）… group, 表四's 行政诉讼."""
    if row.group:
        return row.group
    if row.table == "三" and len(row.labels) > 1:
        return row.labels[-2]
    if row.table == "四" and row.key.startswith("litigation"):
        return LITIGATION_GROUP_LABEL
    return ""


def cell_type(value: Any) -> str:
    """The ``value_type`` of a table cell."""
    if isinstance(value, Mark):
        return "mark"
    if isinstance(value, Unreadable):
        return "unreadable"
    return "number"


def records(report: AnyReport, variants: Sequence[Variant] = ()) -> list[dict[str, str]]:
    """The tidy rows as mappings of :data:`COLUMNS` to text: the table cells, then the report's other values."""
    out = [
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
            "value_type": cell_type(c.value),
        }
        for c in cells(report, variants=variants)
    ]
    taken = {r["pointer"] for r in out}
    root: type = REPORT_CLASSES[report.format_version]
    for path, value, kind in _values(unstructure(report)):
        where = pointer(path)
        if where in taken or (path and path[0] == "extensions" and len(path) > 1):
            continue
        label = "" if path[0] == "extensions" else label_for_path(root, path)
        out.append({**dict.fromkeys(COLUMNS, ""), "row_label": label, "value": value, "pointer": where})
        out[-1]["value_type"] = kind
    return out


def _values(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """Every value that is not a container, with its path, its text and its ``value_type``; an empty container,
    ``null``, a boolean and the whole of ``extensions`` as JSON."""
    if path == ("extensions",) or (isinstance(data, dict | list) and not data):
        yield path, jsonio.dumps(data, indent=0).replace("\n", ""), "json"
    elif isinstance(data, dict):
        for key, item in data.items():
            yield from _values(item, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _values(item, (*path, index))
    elif isinstance(data, str):
        yield path, data, "text"
    elif isinstance(data, int | Decimal) and not isinstance(data, bool):
        yield path, format(data, "f") if isinstance(data, Decimal) else str(data), "number"
    else:
        yield path, jsonio.dumps(data, indent=0).strip(), "json"


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
