"""Official Chinese labels for any place in a document."""

from __future__ import annotations

import typing
from typing import Any

import attrs

from govreport.formats._introspect import field_by_key, strip_optional, union_args

SEPARATOR = " › "


def _step(tp: Any, token: str | int) -> tuple[str | None, Any]:
    """The label of ``token`` inside a value of type ``tp``, and the type found there."""
    tp, _ = strip_optional(tp)
    members = union_args(tp)
    candidates = [m for m in members if attrs.has(m)] if members else [tp]
    for cls in candidates:
        if isinstance(cls, type) and attrs.has(cls):
            spec = field_by_key(cls).get(str(token))
            if spec is not None:
                return spec.info.label, spec.type
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
    labels: list[str] = []
    tp: Any = root
    for token in path:
        label, tp = _step(tp, token)
        if label is None:
            break
        labels.append(label)
    return SEPARATOR.join(labels)
