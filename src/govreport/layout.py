"""The three tables as grids of labelled cells, derived from the format records.

Exporters, checks, importers and the tidy CSV all address a table cell the
same way: table (``二``, ``三``, ``四``), row key, column key, with the official
labels and the cell's JSON Pointer.  A *row* is a record whose fields are all
cells: a 表二 row such as 规章, a 表三 row such as 1.属于国家秘密, or one group
of 表四 such as 行政复议 (表四 is printed as one row of 15 cells).
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from govreport.errors import pointer, split_pointer
from govreport.formats import REPORT_CLASSES, TABLES, AnyReport, Variant
from govreport.formats._fields import CellKind
from govreport.formats._introspect import fields_of, strip_optional, union_args
from govreport.formats._variants import by_name


@attrs.frozen(kw_only=True)
class Column:
    """A column of a table row: the cell field."""

    key: str
    label: str
    kind: CellKind
    unit: str | None = None


@attrs.frozen(kw_only=True)
class Row:
    """A row of a table with its columns, located in a document."""

    table: str
    """``二``, ``三`` or ``四``."""
    key: str
    """Dotted path from the table, e.g. ``results.denied.state_secret``."""
    label: str
    """The row's own official label, e.g. ``1.属于国家秘密``."""
    labels: tuple[str, ...]
    """Labels from the table down to the row, e.g. ``（三）不予公开``, ``1.属于国家秘密``."""
    group: str | None
    """表二: the sub-table header (第二十条第（一）项 …)."""
    path: tuple[str, ...]
    """Keys from the document root to the row."""
    columns: tuple[Column, ...]

    def pointer(self, column: str) -> str:
        """The JSON Pointer of a cell of this row."""
        return pointer((*self.path, column))

    def record(self, report: AnyReport) -> Any:
        """The record holding this row's cells in ``report``."""
        record: Any = report
        for key in self.path:
            record = record[key] if isinstance(record, dict) else getattr(record, key)
        return record


@attrs.frozen(kw_only=True)
class Cell:
    """One cell of a table, with its value in a particular report."""

    row: Row
    column: Column
    value: Any

    @property
    def pointer(self) -> str:
        """The JSON Pointer of the cell."""
        return self.row.pointer(self.column.key)


Shape = tuple[tuple[tuple[str, ...], type], ...]
"""For each tagged-union field (by key path from the document root), the member a report holds."""


def _rows(
    cls: type,
    shape: dict[tuple[str, ...], type],
    table: str,
    path: tuple[str, ...],
    labels: tuple[str, ...],
    group: str | None,
) -> Iterator[Row]:
    specs = fields_of(cls)
    if any(s.info.cell is not None for s in specs):
        cols = tuple(
            Column(key=s.key, label=s.info.label, kind=s.info.cell, unit=s.info.unit) for s in specs if s.info.cell
        )
        yield Row(
            table=table,
            key=".".join(path[1:]),
            label=labels[-1] if labels else "",
            labels=labels,
            group=group,
            path=path,
            columns=cols,
        )
        return
    for spec in specs:
        if spec.key == "layout":
            continue
        tp, _ = strip_optional(spec.type)
        here = (*path, spec.key)
        members = union_args(tp)
        if members:
            # a tagged union: follow the member the report uses, or the first (the format's own layout)
            tp = shape.get(here, members[0])
        if isinstance(tp, type) and attrs.has(tp):
            label = () if labels and labels[-1] == spec.info.label else (spec.info.label,)
            yield from _rows(tp, shape, table, here, (*labels, *label), spec.info.group or group)


@functools.cache
def _union_paths(cls: type) -> tuple[tuple[str, ...], ...]:
    """Key paths of the tagged-union fields of a report class (keys equal attribute names)."""
    out: list[tuple[str, ...]] = []

    def walk(tp: type, path: tuple[str, ...]) -> None:
        for spec in fields_of(tp):
            if spec.info.cell is not None:
                continue
            inner, _ = strip_optional(spec.type)
            members = union_args(inner)
            if members and all(isinstance(m, type) and attrs.has(m) for m in members):
                out.append((*path, spec.key))
            elif isinstance(inner, type) and attrs.has(inner):
                walk(inner, (*path, spec.key))

    walk(cls, ())
    return tuple(out)


def _shape(report: AnyReport) -> Shape:
    out = []
    cls: type = type(report)
    for path in _union_paths(cls):
        value: Any = report
        for key in path:
            value = getattr(value, key)
        out.append((path, type(value)))
    return tuple(out)


@functools.cache
def _rows_of(cls: type, table: str | None, shape: Shape) -> tuple[Row, ...]:
    by_key = {s.key: s for s in fields_of(cls)}
    members = dict(shape)
    out: list[Row] = []
    for name, key in TABLES.items():
        if table is None or name == table:
            out.extend(_rows(by_key[key].type, members, name, (key,), (), None))
    return tuple(out)


def rows(
    report_or_version: AnyReport | str,
    table: str | None = None,
    *,
    variants: Iterable[Variant] | Mapping[str, Variant] = (),
    other_handling: str | None = None,
) -> list[Row]:
    """The rows of one table (or all three), in the order the format prints them.

    Given a format version instead of a report, the layout is the format's own (for 2021, （六）其他处理 in
    three rows), or with ``other_handling="combined"`` the one-row （六） many reports print. A report's own
    layout follows what it holds; with ``variants`` (the :class:`~govreport.formats.Variant` records of the
    variants it declares) it includes the rows they add.
    """
    if isinstance(report_or_version, str):
        root: type = REPORT_CLASSES[report_or_version]
        out = list(_rows_of(root, table, _tagged_shape(root, other_handling)))
        if variants:  # a blank form of the variants given (those of this format version)
            declared = by_name(variants)
            names = tuple(n for n, v in declared.items() if v.base_format == report_or_version)
            out = _relabelled(names, _with_added_rows(names, None, out, declared, table), declared)
        return out
    report = report_or_version
    cls: type = type(report)
    out = list(_rows_of(cls, table, _shape(report)))
    if report.variants and variants:
        declared = by_name(variants)
        names = report.variants
        out = _relabelled(names, _with_added_rows(names, report.extensions, out, declared, table), declared)
    return out


def _relabelled(names: Iterable[str], base: list[Row], variants: dict[str, Variant]) -> list[Row]:
    """``base`` with the local labels of the variants ``names``: a pointer naming a row relabels the row; one
    naming a cell relabels that column in every row of the same record (the same columns), as the local template
    prints it."""
    out = list(base)
    for name in names:
        variant = variants.get(name)
        for text, label in variant.labels if variant is not None else ():
            path = tuple(split_pointer(text))
            for i, row in enumerate(out):
                if row.path == path:
                    out[i] = attrs.evolve(row, label=label, labels=(*row.labels[:-1], label))
            owner = next((r for r in out if r.path == path[:-1]), None)
            if owner is None or path[-1] not in {c.key for c in owner.columns}:
                continue
            shape = tuple((c.key, c.kind) for c in owner.columns)
            for i, row in enumerate(out):
                if tuple((c.key, c.kind) for c in row.columns) == shape:
                    columns = tuple(attrs.evolve(c, label=label) if c.key == path[-1] else c for c in row.columns)
                    out[i] = attrs.evolve(row, columns=columns)
    return out


def layouts(version: str) -> tuple[str | None, ...]:
    """The layouts of （六）其他处理 a format version allows: ``("itemised", "combined")`` for 2021, ``(None,)``
    for 2019 (always one row)."""
    return tuple(_tags(REPORT_CLASSES[version])) or (None,)


def all_rows(version: str, table: str | None = None) -> list[Row]:
    """Every row of a format version in either layout of （六）: the format's own rows, each one-row （六） placed
    before the rows it stands for. Importers match against these; checks and exports name cells by them."""
    out: list[Row] = []
    seen: set[str] = set()
    variants = [rows(version, table, other_handling=tag) for tag in layouts(version)]
    own = variants[0]
    others = [r for layout in variants[1:] for r in layout if r.key not in {o.key for o in own}]
    for row in own:
        for other in others:
            if other.key not in seen and _same_parent(other, row):
                out.append(other)
                seen.add(other.key)
        out.append(row)
    return out


def _same_parent(added: Row, row: Row) -> bool:
    """Whether ``row`` is the first row of the union field that ``added`` (a row of another layout) stands for."""
    return row.path[: len(added.path) - 1] == added.path[:-1]


def _tags(cls: type) -> list[str]:
    """The ``layout`` tags of the tagged unions of a report class, in declaration order."""
    tags: list[str] = []
    for path in _union_paths(cls):
        spec = _field_at(cls, path)
        for member in union_args(strip_optional(spec.type)[0]) or ():
            tags.append(_tag(member))
    return tags


def _field_at(cls: type, path: tuple[str, ...]) -> Any:
    spec: Any = None
    tp: Any = cls
    for key in path:
        spec = next(s for s in fields_of(tp) if s.key == key)
        tp = strip_optional(spec.type)[0]
    return spec


def _tag(member: type) -> str:
    layout = next(s for s in fields_of(member) if s.key == "layout")
    tag: str = typing.get_args(layout.type)[0]
    return tag


def _tagged_shape(cls: type, tag: str | None) -> Shape:
    """The shape of ``cls`` in which each tagged union holds its member tagged ``tag`` (its first for ``None``)."""
    if tag is None:
        return ()
    out = []
    for path in _union_paths(cls):
        members = union_args(strip_optional(_field_at(cls, path).type)[0]) or ()
        chosen = [m for m in members if _tag(m) == tag]
        if not chosen:
            raise ValueError(f"no layout {tag!r} at {'/'.join(path)}; known: {', '.join(_tag(m) for m in members)}")
        out.append((path, chosen[0]))
    return tuple(out)


def fixed_rows(cls: type, table: str) -> tuple[Row, ...] | None:
    """The rows of ``table`` in every report of class ``cls`` that declares no variant (``None`` if they vary).

    They vary when the table holds a tagged union (the report's own layout then decides); otherwise
    ``rows(report, table)`` is these rows for every such report, and callers may prepare for them once.
    """
    if any(path[0] == TABLES[table] for path in _union_paths(cls)):
        return None
    return _rows_of(cls, table, ())


def _with_added_rows(
    names: Iterable[str],
    extensions: Mapping[str, Any] | None,
    base: list[Row],
    variants: dict[str, Variant],
    table: str | None,
) -> list[Row]:
    """``base`` (the rows of ``table``, or of all three) with the rows the variants ``names`` add, each after the
    row it follows.  A report's rows come from its ``extensions``; a blank form's (``None``) from each variant's
    extension record."""
    out = list(base)
    for name in names:
        variant = variants.get(name)
        extension = None if extensions is None else extensions.get(name)
        if variant is None or (extensions is not None and extension is None):
            continue  # validation reports a missing plugin; the national rows still print
        extension_cls: Any = type(extension) if extension is not None else variant.extension
        if extension_cls is None:
            continue
        for added in variant.added_rows:
            if table is not None and added.table != table:
                continue
            spec = next((s for s in fields_of(extension_cls) if s.key == added.key), None)
            if spec is None or not attrs.has(spec.type):
                continue
            rows_added = list(
                _rows(
                    spec.type,
                    {},
                    added.table,
                    ("extensions", name, added.key),
                    (spec.info.label,),
                    spec.info.group,
                )
            )
            rows_added = [attrs.evolve(r, key=f"extensions.{name}.{added.key}") for r in rows_added]
            anchor = next((i for i, r in enumerate(out) if r.table == added.table and r.key == added.after), None)
            if anchor is None:
                anchor = max((i for i, r in enumerate(out) if r.table == added.table), default=len(out) - 1)
            out[anchor + 1 : anchor + 1] = rows_added
    return out


UNIT_SUFFIX = "_unit"
"""A row record field ``<column>_unit`` holds the unit the report wrote for the cell ``<column>`` (2019's
采购总金额, which the format prints without one)."""


def written_unit(record: Any, column: str) -> str | None:
    """The unit a report wrote for a cell whose column has none (``元`` for 采购总金额 written 251000元), as
    printed; ``None`` when it wrote none."""
    unit = getattr(record, column + UNIT_SUFFIX, None)
    return None if unit is None else str(getattr(unit, "label", unit))


def cells(
    report: AnyReport, table: str | None = None, *, variants: Iterable[Variant] | Mapping[str, Variant] = ()
) -> list[Cell]:
    """Every table cell of a report with its value, in print order (with the rows ``variants`` add)."""
    out = []
    for row in rows(report, table, variants=variants):
        record = row.record(report)
        for column in row.columns:
            out.append(Cell(row=row, column=column, value=getattr(record, column.key)))
    return out
