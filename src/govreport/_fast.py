"""Fast structuring and unstructuring, compiled per record class.

The strict converter (:mod:`govreport.convert`) checks every value as it goes,
which is what a person needs when a document is wrong.  When a document is
known to be schema-valid, those checks are spent twice.  This module compiles,
per record class, a plain function that builds the records directly from the
data, relying on the schema for types and ranges.

Anything unexpected (a date such as 2022-02-30, which a schema cannot refuse)
raises, and the caller falls back to the strict converter, so the result and
the reported issues are the same either way; the tests compare both paths.

The reverse direction, records to JSON-ready data, is compiled the same way
and gives exactly what the converter's ``unstructure`` gives.
"""

from __future__ import annotations

import datetime
import enum
import functools
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs

from govreport.formats._fields import CellKind
from govreport.formats._introspect import fields_of, strip_optional, union_args
from govreport.formats.cells import MAX_AMOUNT_EXPONENT, MAX_AMOUNT_PLACES, Mark, Unreadable
from govreport.formats.text import REFUSED

_MARKS = {m.value: m for m in Mark}
_refused = REFUSED.search


def _text(value: Any) -> Any:
    """A string field's value, which the schema cannot vouch for (see :mod:`govreport.formats.text`)."""
    if value.__class__ is str and _refused(value) is not None:
        raise ValueError("a refused character")
    return value


def _texts(value: Any) -> Any:
    if _refused("".join(value)) is not None:
        raise ValueError("a refused character")
    return tuple(value)


def _int(value: Any) -> Any:
    """A whole-number field: the schema's "integer" also admits 2021.0, which govreport reads as a fraction."""
    if value.__class__ is not int:
        raise TypeError(f"not a whole number: {value!r}")
    return value


def _unreadable(value: Any) -> Unreadable:
    return Unreadable(unreadable=_text(value["unreadable"]))


def _count(value: Any) -> Any:
    if value.__class__ is int:
        return value
    if value.__class__ is str:
        return _MARKS[value]
    return _unreadable(value)


def _amount(value: Any) -> Any:
    cls = value.__class__
    if cls is Decimal:
        exponent = value.as_tuple().exponent
        if not -MAX_AMOUNT_PLACES <= exponent <= MAX_AMOUNT_EXPONENT:
            raise ValueError(f"an amount written with the exponent {exponent}")
        return value
    if cls is int:
        return Decimal(value)
    if cls is str:
        return _MARKS[value]
    if cls is dict:
        return _unreadable(value)
    raise TypeError(f"not an exact amount: {value!r}")


class _CodeGen:
    """Writes one Python function per record class; subclasses say how each kind of value is converted."""

    prefix = "_f"
    lookup_key = ""  # how a tagged union picks its member: an expression on the value, e.g. "['layout']"
    passed = ""  # arguments every generated function takes after the value, e.g. ", n"

    def __init__(self, namespace: dict[str, Any]) -> None:
        self.namespace = namespace
        self.names: dict[type, str] = {}
        self.sources: list[str] = []
        self.unions: list[str] = []

    def constant(self, value: Any, hint: str) -> str:
        name = f"_k{len(self.namespace)}_{hint}"
        self.namespace[name] = value
        return name

    # the kinds of value, per direction
    def cell(self, kind: CellKind, var: str) -> str:
        raise NotImplementedError

    def union_key(self, member: type) -> Any:
        raise NotImplementedError

    def sequence(self, var: str) -> str:
        raise NotImplementedError

    def text(self, var: str) -> str:
        return var

    def integer(self, var: str) -> str:
        return var

    def date(self, var: str) -> str:
        raise NotImplementedError

    def enumeration(self, cls: type[enum.Enum], var: str) -> str:
        raise NotImplementedError

    def record_body(self, cls: type) -> list[str]:
        raise NotImplementedError

    def expression(self, tp: Any, cell: CellKind | None, var: str) -> str:
        if cell is not None:
            return self.cell(cell, var)
        inner, optional = strip_optional(tp)
        if optional:
            return f"(None if {var} is None else {self.expression(inner, None, var)})"
        members = union_args(inner)
        if members:
            # key -> function name now, key -> function once compiled (see build)
            lookup = self.constant({self.union_key(m): self.function(m) for m in members}, "union")
            self.unions.append(lookup)
            return f"{lookup}[{var}{self.lookup_key}]({var}{self.passed})"
        origin = typing.get_origin(inner)
        if origin is typing.Literal:
            return var
        if inner is str:
            return self.text(var)
        if inner is int:
            return self.integer(var)
        if origin is tuple:
            return self.sequence(var)
        if origin is dict:
            return f"_dict({var})"
        if inner is datetime.date:
            return self.date(var)
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            return self.enumeration(inner, var)
        if isinstance(inner, type) and attrs.has(inner):
            return f"{self.function(inner)}({var}{self.passed})"
        raise TypeError(f"cannot compile a fast path for {inner!r}")

    def function(self, cls: type) -> str:
        if cls not in self.names:
            name = f"{self.prefix}_{cls.__name__}_{len(self.names)}"
            self.names[cls] = name
            self.sources.append("\n".join([f"def {name}(d{self.passed}):", *self.record_body(cls)]))
        return self.names[cls]

    def build(self, cls: type) -> Callable[..., Any]:
        root = self.function(cls)
        self.namespace["_dict"] = dict
        code = "\n\n".join(self.sources)
        exec(compile(code, f"<govreport {type(self).__name__} {cls.__name__}>", "exec"), self.namespace)
        for lookup in self.unions:
            self.namespace[lookup] = {key: self.namespace[fn] for key, fn in self.namespace[lookup].items()}
        function: Callable[..., Any] = self.namespace[root]
        return function


class _Structure(_CodeGen):
    """JSON-ready data (already schema-valid) to records, counting colons on the way.

    The count is of the colons the data would have written as JSON, as far as the records show them: one per key of
    every object that becomes a record (one per field when all its fields are required: no more than its keys),
    plus those inside the text of its string and paragraph fields; not those of an unreadable cell's object or of
    an extension.  So the count is never more than the data's own.  ``n`` is a one-item list the count is added
    to (the caller's own, so concurrent calls never share it).
    """

    prefix = "_s"
    lookup_key = "['layout']"
    passed = ", n"

    def __init__(self) -> None:
        super().__init__(
            {
                "_count": _count,
                "_amount": _amount,
                "_text": _text,
                "_texts": _texts,
                "_int": _int,
                "_new": object.__new__,
                "_set": object.__setattr__,
                "_missing": object(),
            }
        )

    def cell(self, kind: CellKind, var: str) -> str:
        if kind is CellKind.AMOUNT:
            return f"_amount({var})"
        return f"({var} if {var}.__class__ is int else _count({var}))"

    def union_key(self, member: type) -> Any:
        return _tag_of(member)

    def sequence(self, var: str) -> str:
        return f"_texts({var})"  # every sequence of the records is of strings

    def text(self, var: str) -> str:
        return f"_text({var})"

    def integer(self, var: str) -> str:
        return f"_int({var})"

    def date(self, var: str) -> str:
        return f"{self.constant(datetime.date.fromisoformat, 'date')}({var})"

    def enumeration(self, cls: type[enum.Enum], var: str) -> str:
        return f"{self.constant({m.value: m for m in cls}, cls.__name__)}[{var}]"

    def twin(self, cls: type) -> str | None:
        """A mutable class with the same slots as ``cls``, for building records of ``cls`` quickly; ``None`` if none.

        A frozen record refuses attribute assignment.  An instance of the twin takes plain (and, to the
        interpreter, the quickest) slot assignments; assigning ``cls`` to its ``__class__`` then makes it the very
        record ``__init__`` would have made.  Python allows that only between classes of the same layout: plain
        slotted classes of ``object`` with the same slot names and no ``__weakref__`` slot (records are declared with
        ``weakref_slot=False`` for this).  It costs about as much as four slot setters, so it pays from five fields.
        """
        slots = cls.__dict__.get("__slots__")
        if cls.__bases__ != (object,) or not isinstance(slots, tuple) or len(fields_of(cls)) < 5:
            return None
        twin = type(f"_{cls.__name__}Twin", (), {"__slots__": slots, "__module__": __name__})
        probe: Any = object.__new__(twin)
        try:
            probe.__class__ = cls
        except TypeError:  # another layout (a __weakref__ or __dict__ slot, a base class): set each slot instead
            return None
        return self.constant(twin, f"twin_{cls.__name__}")

    def setter(self, cls: type, name: str) -> str:
        """A call prefix setting attribute ``name`` of a new frozen instance: its slot's own setter when it has one.

        Records are frozen, so their ``__setattr__`` refuses; the slot descriptor's ``__set__`` writes the slot
        directly, which is also much faster than ``object.__setattr__`` (no lookup by name).
        """
        for klass in cls.__mro__:
            descriptor = klass.__dict__.get(name)
            if descriptor is not None:
                if isinstance(descriptor, types.MemberDescriptorType):
                    return f"{self.constant(descriptor.__set__, f'set_{name}')}(o, "
                break
        return f"_set(o, {name!r}, "

    @staticmethod
    def colons(tp: Any) -> str | None:
        """A statement adding the colons inside ``v`` to the count, for text fields; ``None`` for the others."""
        inner = strip_optional(tp)[0]
        if inner is str:
            return "    if v.__class__ is str: n[0] += v.count(':')"
        if typing.get_origin(inner) is tuple and typing.get_args(inner)[0] is str:
            return "    if v.__class__ is list: n[0] += ''.join(v).count(':')"
        return None

    def record_body(self, cls: type) -> list[str]:
        twin = self.twin(cls)
        specs = fields_of(cls)
        # every field required: once built, the object had those keys at least, so count them without len(d)
        keys = str(len(specs)) if all(spec.required for spec in specs) else "len(d)"
        lines = [f"    o = _new({twin or self.constant(cls, cls.__name__)})", f"    n[0] += {keys}"]
        for spec in specs:
            name = spec.attribute.name
            assign = f"o.{name} = (" if twin else self.setter(cls, name)
            colons = self.colons(spec.type)
            if spec.required:
                lines.append(f"    v = d[{spec.key!r}]")
                lines.extend([colons] if colons else [])
                lines.append(f"    {assign}{self.expression(spec.type, spec.info.cell, 'v')})")
                continue
            default: Any = spec.attribute.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                fallback = f"{self.constant(default.factory, 'factory')}()"
            else:
                fallback = self.constant(default, "default")
            lines.append(f"    v = d.get({spec.key!r}, _missing)")
            lines.extend([colons] if colons else [])
            value = self.expression(spec.type, spec.info.cell, "v")
            lines.append(f"    {assign}{fallback} if v is _missing else {value})")
        if twin:
            lines.append(f"    o.__class__ = {self.constant(cls, cls.__name__)}")
        lines.append("    return o")
        return lines


def _tag_of(cls: type) -> str | None:
    for spec in fields_of(cls):
        if spec.key == "layout":
            value: str = typing.get_args(spec.type)[0]
            return value
    return None


@functools.cache
def counting_structurer(cls: type) -> Callable[[Any], tuple[Any, int]]:
    """A function building a record of ``cls`` from schema-valid data, and a count of the data's colons.

    The count (see :class:`_Structure`) is never more than the colons of the data written as JSON, and equal to it
    for a report without unreadable cells or extensions.  Raises on anything unexpected.
    """
    build = _Structure().build(cls)

    def structure_counting(data: Any) -> tuple[Any, int]:
        keys = [0]
        return build(data, keys), keys[0]

    return structure_counting


def structurer(cls: type) -> Callable[[Any], Any]:
    """A function building a record of ``cls`` from schema-valid data; raises on anything unexpected."""
    counting = counting_structurer(cls)
    return lambda data: counting(data)[0]


def _cell_out(value: Any) -> Any:
    cls = value.__class__
    if cls is int or cls is Decimal:
        return value
    if cls is Mark:
        return value.value
    return {"unreadable": value.unreadable}


class _Unstructure(_CodeGen):
    """Records to JSON-ready data, exactly as the converter's ``unstructure`` gives it."""

    prefix = "_u"
    lookup_key = ".__class__"

    def __init__(self) -> None:
        super().__init__({"_cell": _cell_out})

    def cell(self, kind: CellKind, var: str) -> str:
        return f"({var} if {var}.__class__ is int else _cell({var}))"

    def union_key(self, member: type) -> Any:
        return member

    def sequence(self, var: str) -> str:
        return f"list({var})"

    def date(self, var: str) -> str:
        return f"{var}.isoformat()"

    def enumeration(self, cls: type[enum.Enum], var: str) -> str:
        return f"{var}.value"

    def record_body(self, cls: type) -> list[str]:
        lines = ["    o = d", "    d = {}"]
        for spec in fields_of(cls):
            lines.append(f"    v = o.{spec.attribute.name}")
            lines.append(f"    d[{spec.key!r}] = {self.expression(spec.type, spec.info.cell, 'v')}")
        lines.append("    return d")
        return lines


@functools.cache
def unstructurer(cls: type) -> Callable[[Any], Any]:
    """A function giving a record's JSON-ready data, as the converter would, for records without extensions."""
    return _Unstructure().build(cls)
