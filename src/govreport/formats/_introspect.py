"""Resolved field types of the format records, computed once per class."""

from __future__ import annotations

import functools
import types
import typing
from typing import Any

import attrs

from govreport.formats._fields import FieldInfo, field_info, json_key


@attrs.frozen(kw_only=True)
class FieldSpec:
    """One field of a record: its attribute, JSON key, resolved type and labels."""

    attribute: attrs.Attribute[Any]
    key: str
    type: Any
    info: FieldInfo
    required: bool


@functools.cache
def fields_of(cls: type) -> tuple[FieldSpec, ...]:
    """The fields of an attrs record class, in declaration order."""
    hints = typing.get_type_hints(cls)
    specs = []
    for attribute in attrs.fields(cls):
        tp = hints[attribute.name]
        required = attribute.default is attrs.NOTHING or typing.get_origin(tp) is typing.Literal
        specs.append(
            FieldSpec(
                attribute=attribute, key=json_key(attribute), type=tp, info=field_info(attribute), required=required
            )
        )
    return tuple(specs)


@functools.cache
def field_by_key(cls: type) -> dict[str, FieldSpec]:
    """The fields of a record class by JSON key."""
    return {spec.key: spec for spec in fields_of(cls)}


def union_args(tp: Any) -> tuple[Any, ...] | None:
    """The members of a union type, or ``None`` when ``tp`` is not a union."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return typing.get_args(tp)
    return None


def strip_optional(tp: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``; ``(tp, False)`` otherwise."""
    args = union_args(tp)
    if args and type(None) in args:
        rest = tuple(a for a in args if a is not type(None))
        return (rest[0] if len(rest) == 1 else typing.Union[rest]), True  # noqa: UP007
    return tp, False
