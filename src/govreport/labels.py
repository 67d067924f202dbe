"""Official Chinese labels for any place in a document."""

from __future__ import annotations

import functools
import typing
from typing import Any

import attrs

from govreport.formats._introspect import FieldSpec, field_by_key, strip_optional, union_args

SEPARATOR = " › "


def _field_in(tp: Any, token: str | int) -> FieldSpec | None:
    """The field named ``token`` of a record type (or of any record of a tagged union), if there is one."""
    tp, _ = strip_optional(tp)
    for cls in union_args(tp) or (tp,):
        if isinstance(cls, type) and attrs.has(cls):
            spec = field_by_key(cls).get(str(token))
            if spec is not None:
                return spec
    return None


def field_at(root: type, path: list[str | int] | tuple[str | int, ...]) -> FieldSpec | None:
    """The field a JSON Pointer path names from the record class ``root``, or ``None``."""
    spec = None
    tp: Any = root
    for token in path:
        spec = _field_in(tp, token)
        if spec is None:
            return None
        tp = spec.type
    return spec


def _step(tp: Any, token: str | int) -> tuple[str | None, Any]:
    """The label of ``token`` inside a value of type ``tp``, and the type found there."""
    spec = _field_in(tp, token)
    if spec is not None:
        return spec.info.label, spec.type
    tp, _ = strip_optional(tp)
    origin = typing.get_origin(tp)
    if origin is tuple or origin is list:
        index = int(token) if str(token).isdigit() else None
        item_type = typing.get_args(tp)[0]
        return (f"第{index + 1}段" if index is not None else str(token)), item_type
    if origin is dict:
        return str(token), typing.get_args(tp)[1]
    return None, None


def label_for_path(root: type, path: tuple[str | int, ...] | list[str | int] | list[str]) -> str:
    """The labels along ``path`` from the record class ``root``, joined by " › ".

    Unknown keys end the walk; what was found up to there is returned.
    """
    return _labels_along(root, tuple(path))


LABELS_CACHED = 4096
"""Paths whose labels are kept: the places of a report's findings are a few hundred, repeated in every report of a
batch (the walk through the record types costs tens of µs)."""


@functools.lru_cache(maxsize=LABELS_CACHED)
def _labels_along(root: type, path: tuple[str | int, ...]) -> str:
    labels: list[str] = []
    tp: Any = root
    for token in path:
        label, tp = _step(tp, token)
        if label is None:
            break
        labels.append(label)
    return SEPARATOR.join(labels)
