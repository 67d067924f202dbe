"""Where an import's findings go: the report data being built, every value's provenance, what was declined.

The readers of sections, tables and metadata write through one :class:`Collector`, so every cell that ends up
in the report has exactly one :class:`Provenance` (or is recorded as unreadable, with the reason its row was
declined).
"""

from __future__ import annotations

from typing import Any

from govreport._importers._normalise import parse_cell
from govreport._importers._result import Declined, Provenance, Unplaced
from govreport._importers._source import Where
from govreport.formats.cells import Mark, Unreadable
from govreport.layout import Column, Row


def put(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """Set ``data[path[0]][path[1]]… = value``, making the dictionaries on the way."""
    target = data
    for k in path[:-1]:
        inner = target.get(k)
        if inner is None:
            inner = target[k] = {}
        target = inner
    target[path[-1]] = value


_PLACES: dict[tuple[tuple[str, ...], str], tuple[str, str, Column]] = {}
"""(row path, column) → (JSON Pointer, labels, column): the same few hundred cells in every import."""


def _place(row: Row, column: str) -> tuple[str, str, Column]:
    cache_key = (row.path, column)
    place = _PLACES.get(cache_key)
    if place is None:
        col = next(c for c in row.columns if c.key == column)
        label = " › ".join((*row.labels, col.label))
        place = _PLACES[cache_key] = (row.pointer(column), label, col)
    return place


def cell_label(row: Row, column: str) -> str:
    """The official labels of a cell, e.g. ``三、本年度办理结果 › （一）予以公开 › 自然人``."""
    return _place(row, column)[1]


class Collector:
    """The report data of one import and the account of how each value got there."""

    def __init__(self, notes: tuple[str, ...] = ()) -> None:
        self.data: dict[str, Any] = {}
        self.values: list[Provenance] = []
        self.unreadable: list[Provenance] = []
        self.declined: list[Declined] = []
        self.unplaced: list[Unplaced] = []
        self.notes: list[str] = list(notes)

    def cell(self, row: Row, column: str, text: str, where: Where, settled_by: str | None = None) -> None:
        """A cell read from its text (a number, a mark, or unreadable with the text kept)."""
        pointer, label, col = _place(row, column)
        value, written_unit = parse_cell(text, col.kind, col.unit)
        prov = Provenance(pointer=pointer, label=label, text=text, where=where, settled_by=settled_by)
        if isinstance(value, Unreadable):
            self.unreadable.append(prov)
            put(self.data, (*row.path, column), {"unreadable": value.unreadable})
            return
        self.values.append(prov)
        put(self.data, (*row.path, column), value.value if isinstance(value, Mark) else value)
        if written_unit is not None and column == "procurement_amount":
            put(self.data, (*row.path, "procurement_amount_unit"), "yuan" if written_unit == "元" else "wan_yuan")

    def settled(self, row: Row, column: str, value: int, text: str, where: Where, method: str) -> None:
        """A count cut out of digits that ran together (``method``: ``single`` or ``arithmetic``)."""
        how = "arithmetic" if method == "arithmetic" else "single-reading"
        pointer, label, _ = _place(row, column)
        self.values.append(Provenance(pointer=pointer, label=label, text=text, where=where, settled_by=how))
        put(self.data, (*row.path, column), value)

    def unreadable_cell(self, row: Row, column: str, text: str, where: Where) -> None:
        """A cell that could not be read; ``text`` is what the source had there (may be empty)."""
        pointer, label, _ = _place(row, column)
        self.unreadable.append(Provenance(pointer=pointer, label=label, text=text, where=where))
        put(self.data, (*row.path, column), {"unreadable": text})

    def decline_row(self, table: str, row: Row, reason: str, text: str = "", where: Where | None = None) -> None:
        """Decline a whole row: its cells become unreadable, with the reason in the import report."""
        self.declined.append(Declined(table=table, row=row.label, reason=reason, where=where))
        for col in row.columns:
            self.unreadable_cell(row, col.key, text, where or Where())

    def unplace(self, text: str, where: Where, reason: str) -> None:
        """Source text that looked like data but has no place in the report."""
        self.unplaced.append(Unplaced(text=text, where=where, reason=reason))

    def meta(self, pointer: str, label: str, text: str, where: Where | None = None) -> None:
        """The provenance of a metadata value."""
        self.values.append(Provenance(pointer=pointer, label=label, text=text, where=where or Where()))
