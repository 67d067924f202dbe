"""Field metadata shared by every format model.

Every attrs field of a govreport record carries a :class:`FieldInfo` under the
metadata key :data:`METADATA_KEY`: the official Chinese label, an English
description and, for table cells, the kind of number the cell holds.  The
converter, the schema generator, error messages and the exporters all read
labels from here and nowhere else.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

METADATA_KEY = "govreport"


class CellKind(enum.Enum):
    """What kind of number a table cell holds."""

    COUNT = "count"
    """A whole number of items or cases, never negative."""

    SIGNED_COUNT = "signed_count"
    """A whole-number change that may be negative (2019 本年增/减)."""

    AMOUNT = "amount"
    """An exact decimal amount of money, never negative."""


@attrs.frozen(kw_only=True)
class FieldInfo:
    """Labels and meaning of one field, readable at run time."""

    label: str
    """The official Chinese label, exactly as printed in the format."""

    description: str
    """What the field means, in English."""

    cell: CellKind | None = None
    """For a table cell: the kind of number it holds."""

    unit: str | None = None
    """The unit written in the format, e.g. ``万元``."""

    group: str | None = None
    """For a table row: the sub-table header it belongs to (表二)."""


def field(
    *,
    label: str,
    description: str,
    cell: CellKind | None = None,
    unit: str | None = None,
    group: str | None = None,
    default: Any = attrs.NOTHING,
    factory: Any = None,
) -> Any:
    """An attrs field carrying govreport metadata."""
    info = FieldInfo(label=label, description=description, cell=cell, unit=unit, group=group)
    if factory is not None:
        return attrs.field(factory=factory, metadata={METADATA_KEY: info})
    return attrs.field(default=default, metadata={METADATA_KEY: info})


def field_info(attribute: attrs.Attribute[Any]) -> FieldInfo:
    """The :class:`FieldInfo` of an attrs attribute."""
    info = attribute.metadata.get(METADATA_KEY)
    if not isinstance(info, FieldInfo):  # pragma: no cover - a programming error
        raise TypeError(f"field {attribute.name!r} has no govreport metadata")
    return info


def json_key(attribute: attrs.Attribute[Any]) -> str:
    """The naming policy: the JSON key of an attribute.

    The converter, the schema generator and error pointers all call this one
    function, so keys, schema properties and pointers never disagree.
    """
    return attribute.name
