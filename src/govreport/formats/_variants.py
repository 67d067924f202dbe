"""Regional variants of a national format, as records: what a variant adds and relabels.

A :class:`Variant` is plain data. Plugins make them (the ``register_variants`` hook) and the plugin host
collects them; everything below the host receives the variants it should know as an argument.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

TABLES: dict[str, str] = {"二": "active_disclosure", "三": "applications", "四": "review_litigation"}
"""The report field holding each table, by the table's name."""

_NAME = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
"""A variant's (or a plugin record's) name: lower-case words joined by '-' or '_', as entry-point names are."""


def check_name(_: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """An attrs validator for names of variants, commands and the like."""
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise ValueError(f"{attribute.name} {value!r} must be lower case letters, digits, '-' or '_'")


def _freeze_labels(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), str(v)) for k, v in items))


@attrs.frozen(kw_only=True)
class AddedRow:
    """A table row a variant adds; its cells live in the variant's extension record."""

    table: str = attrs.field(validator=attrs.validators.in_(tuple(TABLES)))
    """``二``, ``三`` or ``四``."""
    key: str
    """The field of the variant's extension record holding the row, e.g. ``other_documents``."""
    after: str
    """The row key (see :func:`govreport.layout.rows`) the added row is printed after."""


@attrs.frozen(kw_only=True)
class Variant:
    """A regional variant: a named, versioned extension of a national format."""

    name: str = attrs.field(validator=check_name)
    """Stable name a document lists in ``variants``, e.g. ``hubei-2020``."""
    version: str
    """The variant's own version (of its template or rules), e.g. ``2020.1``."""
    base_format: str
    """The national format it extends: ``2019`` or ``2021``."""
    title: str
    """Its Chinese title, e.g. ``湖北省2020年度政府信息公开工作年度报告模板``."""
    description: str = ""
    """One paragraph in English."""
    extension: type | None = None
    """The attrs record of ``report.extensions[name]``, or ``None`` when the variant adds no content."""
    labels: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_freeze_labels)
    """Changed labels: ``(JSON Pointer of a field in a report, local label)``, sorted.

    A pointer names a field of a record; where one record type is used for
    several rows (a column such as 本年增/减), the pointer of any one of them
    relabels that column everywhere, as the local template does."""
    added_rows: tuple[AddedRow, ...] = ()
    """Rows the variant adds to the tables."""

    def label_for(self, pointer: str) -> str | None:
        """The local label of the field at ``pointer``, if the variant changes it."""
        return dict(self.labels).get(pointer)


def by_name(variants: Iterable[Variant] | Mapping[str, Variant]) -> dict[str, Variant]:
    """Variants keyed by name (a mapping is taken as it is)."""
    if isinstance(variants, Mapping):
        return dict(variants)
    return {v.name: v for v in variants}
