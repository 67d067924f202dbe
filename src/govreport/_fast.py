"""Fast structuring of documents a schema validator has already accepted.

The strict converter (:mod:`govreport.convert`) checks every value as it goes,
which is what a person needs when a document is wrong.  When a document is
known to be schema-valid, those checks are spent twice.  This module compiles,
per record class, a plain function that builds the records directly from the
data, relying on the schema for types and ranges.

Anything unexpected (a date such as 2022-02-30, which a schema cannot refuse)
raises, and the caller falls back to the strict converter, so the result and
the reported issues are the same either way; the tests compare both paths.
"""

from __future__ import annotations

import datetime
import enum
import functools
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from govreport.formats._fields import CellKind
from govreport.formats._introspect import fields_of, strip_optional, union_args
from govreport.formats.cells import Mark, Unreadable

_MARKS = {m.value: m for m in Mark}


def _count(value: Any) -> Any:
    if value.__class__ is int:
        return value
    if value.__class__ is str:
        return _MARKS[value]
    return Unreadable(unreadable=value["unreadable"])


def _amount(value: Any) -> Any:
    cls = value.__class__
    if cls is Decimal:
        return value
    if cls is int:
        return Decimal(value)
    if cls is str:
        return _MARKS[value]
    if cls is dict:
        return Unreadable(unreadable=value["unreadable"])
    raise TypeError(f"not an exact amount: {value!r}")


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


class _Compiler:
    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {
            "_count": _count,
            "_amount": _amount,
            "_date": _date,
            "_new": object.__new__,
            "_set": object.__setattr__,
            "_tuple": tuple,
            "_dict": dict,
        }
        self.names: dict[type, str] = {}
        self.sources: list[str] = []
        self.unions: list[str] = []

    def constant(self, value: Any, hint: str) -> str:
        name = f"_k{len(self.namespace)}_{hint}"
        self.namespace[name] = value
        return name

    def expression(self, tp: Any, cell: CellKind | None, var: str) -> str:
        if cell is CellKind.AMOUNT:
            return f"_amount({var})"
        if cell is not None:
            return f"({var} if {var}.__class__ is int else _count({var}))"
        inner, optional = strip_optional(tp)
        if optional:
            return f"(None if {var} is None else {self.expression(inner, None, var)})"
        members = union_args(inner)
        if members:
            # a tagged union: tag -> function name now, tag -> function once compiled
            table = {_tag_of(member): self.function(member) for member in members}
            lookup = self.constant(table, "union")
            self.unions.append(lookup)
            return f"{lookup}[{var}['layout']]({var})"
        origin = typing.get_origin(inner)
        if origin is typing.Literal or inner in (str, int):
            return var
        if origin is tuple:
            return f"_tuple({var})"
        if origin is dict:
            return f"_dict({var})"
        if inner is datetime.date:
            return f"_date({var})"
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            members_by_value = self.constant({m.value: m for m in inner}, inner.__name__)
            return f"{members_by_value}[{var}]"
        if isinstance(inner, type) and attrs.has(inner):
            return f"{self.function(inner)}({var})"
        raise TypeError(f"cannot compile a fast path for {inner!r}")

    def function(self, cls: type) -> str:
        if cls in self.names:
            return self.names[cls]
        name = f"_s_{cls.__name__}_{len(self.names)}"
        self.names[cls] = name
        cls_name = self.constant(cls, cls.__name__)
        lines = [f"def {name}(d):", f"    o = _new({cls_name})"]
        for spec in fields_of(cls):
            attr = spec.attribute
            if spec.required:
                lines.append(f"    v = d[{spec.key!r}]")
                lines.append(f"    _set(o, {attr.name!r}, {self.expression(spec.type, spec.info.cell, 'v')})")
                continue
            default: Any = attr.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                fallback = f"{self.constant(default.factory, 'factory')}()"
            else:
                fallback = self.constant(default, "default")
            lines.append(f"    v = d.get({spec.key!r}, _missing)")
            value = self.expression(spec.type, spec.info.cell, "v")
            lines.append(f"    _set(o, {attr.name!r}, {fallback} if v is _missing else {value})")
        lines.append("    return o")
        self.sources.append("\n".join(lines))
        return name

    def build(self, cls: type) -> Callable[[Any], Any]:
        root = self.function(cls)
        self.namespace["_missing"] = object()
        code = "\n\n".join(self.sources)
        exec(compile(code, f"<govreport fast structure {cls.__name__}>", "exec"), self.namespace)
        for lookup in self.unions:
            self.namespace[lookup] = {tag: self.namespace[fn] for tag, fn in self.namespace[lookup].items()}
        function: Callable[[Any], Any] = self.namespace[root]
        return function


def _tag_of(cls: type) -> str | None:
    for spec in fields_of(cls):
        if spec.key == "layout":
            value: str = typing.get_args(spec.type)[0]
            return value
    return None


@functools.cache
def structurer(cls: type) -> Callable[[Any], Any]:
    """A function building a record of ``cls`` from schema-valid data; raises on anything unexpected."""
    return _Compiler().build(cls)


def _cell_out(value: Any) -> Any:
    cls = value.__class__
    if cls is int or cls is Decimal:
        return value
    if cls is Mark:
        return value.value
    return {"unreadable": value.unreadable}


class _Unstructurer:
    """Compiles, per record class, a function giving the same data as the converter's unstructure."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"_cell": _cell_out, "_list": list, "_dict": dict}
        self.names: dict[type, str] = {}
        self.sources: list[str] = []

    def expression(self, tp: Any, cell: CellKind | None, var: str) -> str:
        if cell is not None:
            return f"({var} if {var}.__class__ is int else _cell({var}))"
        inner, optional = strip_optional(tp)
        if optional:
            return f"(None if {var} is None else {self.expression(inner, None, var)})"
        members = union_args(inner)
        if members:
            table = {member: self.function(member) for member in members}
            lookup = f"_u{len(self.namespace)}"
            self.namespace[lookup] = table
            return f"{lookup}[{var}.__class__]({var})"
        origin = typing.get_origin(inner)
        if origin is typing.Literal or inner in (str, int):
            return var
        if origin is tuple:
            return f"_list({var})"
        if origin is dict:
            return f"_dict({var})"
        if inner is datetime.date:
            return f"{var}.isoformat()"
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            return f"{var}.value"
        if isinstance(inner, type) and attrs.has(inner):
            return f"{self.function(inner)}({var})"
        raise TypeError(f"cannot compile a fast path for {inner!r}")

    def function(self, cls: type) -> str:
        if cls in self.names:
            return self.names[cls]
        name = f"_u_{cls.__name__}_{len(self.names)}"
        self.names[cls] = name
        lines = [f"def {name}(o):", "    d = {}"]
        for spec in fields_of(cls):
            lines.append(f"    v = o.{spec.attribute.name}")
            lines.append(f"    d[{spec.key!r}] = {self.expression(spec.type, spec.info.cell, 'v')}")
        lines.append("    return d")
        self.sources.append("\n".join(lines))
        return name

    def build(self, cls: type) -> Callable[[Any], Any]:
        root = self.function(cls)
        exec(compile("\n\n".join(self.sources), f"<govreport fast unstructure {cls.__name__}>", "exec"), self.namespace)
        for key, value in list(self.namespace.items()):
            if key.startswith("_u") and isinstance(value, dict):
                self.namespace[key] = {member: self.namespace[fn] for member, fn in value.items()}
        function: Callable[[Any], Any] = self.namespace[root]
        return function


@functools.cache
def unstructurer(cls: type) -> Callable[[Any], Any]:
    """A function giving a record's JSON-ready data, as the converter would, for records without extensions."""
    return _Unstructurer().build(cls)
