"""Hypothesis strategies that build any report of either format from the records themselves."""

from __future__ import annotations

import datetime
import enum
import typing
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st

from govreport.formats import REPORT_CLASSES, AnyReport
from govreport.formats._fields import CellKind
from govreport.formats._introspect import fields_of, strip_optional, union_args
from govreport.formats.cells import MAX_AMOUNT, MAX_COUNT, Mark, Unreadable

_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
_marks = st.sampled_from(list(Mark)) | st.builds(Unreadable, unreadable=_text)


def cell(kind: CellKind, *, marks: bool = True) -> st.SearchStrategy[Any]:
    if kind is CellKind.AMOUNT:
        number: st.SearchStrategy[Any] = st.decimals(
            min_value=Decimal(0), max_value=MAX_AMOUNT, allow_nan=False, allow_infinity=False, places=5
        )
    elif kind is CellKind.SIGNED_COUNT:
        number = st.integers(min_value=-MAX_COUNT, max_value=MAX_COUNT)
    else:
        number = st.integers(min_value=0, max_value=MAX_COUNT)
    return (number | _marks) if marks else number


def of_type(tp: Any, *, marks: bool = True) -> st.SearchStrategy[Any]:
    inner, optional = strip_optional(tp)
    if optional:
        return st.none() | of_type(inner, marks=marks)
    members = union_args(tp)
    if members:
        return st.one_of([of_type(m, marks=marks) for m in members])
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(tp))
    if origin is tuple:
        return st.lists(_text, max_size=3).map(tuple)
    if origin is dict:
        return st.just({})
    if tp is str:
        return _text
    if tp is int:
        return st.integers(min_value=1990, max_value=2100)
    if tp is datetime.date:
        return st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 12, 31))
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    if isinstance(tp, type) and attrs.has(tp):
        return record(tp, marks=marks)
    raise TypeError(tp)


def record(cls: type, *, marks: bool = True) -> st.SearchStrategy[Any]:
    kwargs = {}
    for spec in fields_of(cls):
        if spec.info.cell is not None:
            kwargs[spec.attribute.name] = cell(spec.info.cell, marks=marks)
        elif spec.key == "variants":  # a declared variant must name an installed plugin
            kwargs[spec.attribute.name] = st.just(())
        else:
            kwargs[spec.attribute.name] = of_type(spec.type, marks=marks)
    return st.builds(cls, **kwargs)


def reports(version: str | None = None, *, marks: bool = True) -> st.SearchStrategy[AnyReport]:
    versions = [version] if version else sorted(REPORT_CLASSES)
    return st.one_of([record(REPORT_CLASSES[v], marks=marks) for v in versions])
