"""The one cattrs converter between JSON-ready data and the format records.

Strict by design: a string where a number belongs, a float where a whole
number belongs, an unknown key or a missing key is an error, never coerced.
All errors of a document are collected, each with its JSON Pointer.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from govreport.errors import Issue, MissingVariantError, pointer
from govreport.formats import REPORT_CLASSES, Variant
from govreport.formats._fields import CellKind
from govreport.formats._introspect import fields_of, union_args
from govreport.formats.cells import MAX_AMOUNT, MAX_COUNT, Mark, Unreadable, amount_problem
from govreport.formats.text import text_problem
from govreport.labels import label_for_path

T = TypeVar("T")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MARKS = {m.value: m for m in Mark}


class StructureError(ValueError):
    """A value that does not fit its field; ``code`` is a stable machine code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def json_type(value: object) -> str:
    """The JSON type name of a JSON-ready value, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float | Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def describe(value: object) -> str:
    """A short rendering of a value for messages."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    text = repr(value) if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
    if value is None:
        text = "null"
    if len(text) > 60:
        text = text[:57] + "…"
    return f"{json_type(value)} {text}"


def short_number(value: object) -> str:
    """A number for messages, abbreviated when it is very long."""
    text = str(value)
    return text if len(text) <= 24 else f"{text[:10]}…({len(text)} digits)"


def _text(value: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise StructureError("text", problem)
    return value


def _str(value: object, _: Any) -> str:
    if type(value) is not str:
        raise StructureError("type", f"expected a string, got {describe(value)}")
    return _text(value)


def _int(value: object, _: Any) -> int:
    if type(value) is not int:
        how = " written without a fraction or exponent" if type(value) is Decimal else ""
        raise StructureError("type", f"expected a whole number{how}, got {describe(value)}")
    return value


def _date(value: object, _: Any) -> datetime.date:
    if type(value) is not str or not _DATE.fullmatch(value):
        raise StructureError("type", f"expected a date written YYYY-MM-DD, got {describe(value)}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise StructureError("date", f"{value} is not a calendar date") from None


def _paragraphs(value: object, _: Any) -> tuple[str, ...]:
    if type(value) is not list:
        raise StructureError("type", f"expected an array of strings, got {describe(value)}")
    errors = []
    for index, item in enumerate(value):
        problem = f"expected a string, got {describe(item)}" if type(item) is not str else text_problem(item)
        if problem is not None:
            exc = StructureError("type" if type(item) is not str else "text", problem)
            exc.__notes__ = [IterableValidationNote(f"Structuring item @ index {index}", index, str)]
            errors.append(exc)
    if errors:
        raise IterableValidationError("invalid items", errors, tuple)
    return tuple(value)


def _mark_or_unreadable(value: object, expected: str) -> Mark | Unreadable:
    if type(value) is str and value in _MARKS:
        return _MARKS[value]
    if type(value) is dict and set(value) == {"unreadable"} and type(value["unreadable"]) is str:
        return Unreadable(unreadable=_text(value["unreadable"]))
    raise StructureError("type", f"expected {expected}, got {describe(value)}")


_MARK_TEXT = 'a mark ("", "/", "—", "无") or {"unreadable": "…"}'


def _cell_hook(kind: CellKind) -> Callable[[object, Any], object]:
    if kind is CellKind.AMOUNT:
        expected = f"an amount (a number) or {_MARK_TEXT}"

        def amount(value: object, _: Any) -> object:
            if type(value) is int or type(value) is Decimal:
                amount = Decimal(value)
                if not amount.is_finite():
                    raise StructureError("type", f"expected {expected}, got {value}")
                problem = amount_problem(amount)
                if problem is not None:
                    raise StructureError("precision", problem)
                if amount < 0:
                    raise StructureError("minimum", f"an amount cannot be negative, got {value}")
                if amount > MAX_AMOUNT:
                    raise StructureError(
                        "maximum", f"{value} is larger than the largest amount accepted ({MAX_AMOUNT})"
                    )
                return amount
            if type(value) is float:
                raise StructureError(
                    "float", f"got the binary float {value!r}; read JSON with govreport.loads so amounts stay exact"
                )
            return _mark_or_unreadable(value, expected)

        return amount

    signed = kind is CellKind.SIGNED_COUNT
    expected = f"a whole number{'' if signed else ' ≥ 0'} or {_MARK_TEXT}"

    def count(value: object, _: Any) -> object:
        if type(value) is int:
            if value < 0 and not signed:
                raise StructureError("minimum", f"a count cannot be negative, got {value}")
            if abs(value) > MAX_COUNT:
                raise StructureError(
                    "maximum", f"{short_number(value)} is larger than the largest count accepted ({MAX_COUNT})"
                )
            return value
        if type(value) is Decimal or type(value) is float:
            raise StructureError("type", f"expected a whole number, got the fraction {short_number(value)}")
        return _mark_or_unreadable(value, expected)

    return count


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, Any], enum.Enum]:
    by_value = {m.value: m for m in cls}
    choices = ", ".join(f'"{v}"' for v in by_value)

    def structure(value: object, _: Any) -> enum.Enum:
        if type(value) is str and value in by_value:
            return by_value[value]
        raise StructureError("enum", f"expected one of {choices}, got {describe(value)}")

    return structure


def _literal_hook(tp: Any) -> Callable[[object, Any], object]:
    options = typing.get_args(tp)

    def structure(value: object, _: Any) -> object:
        if type(value) is str and value in options:
            return value
        raise StructureError("const", f"expected {' or '.join(repr(o) for o in options)}, got {describe(value)}")

    return structure


def _tagged_union_hook(converter: cattrs.Converter, tp: Any) -> Callable[[object, Any], object]:
    """Structure a union of records by their ``layout`` tag."""
    members = union_args(tp) or ()
    by_tag: dict[str, type] = {}
    for member in members:
        tag_field = next(spec for spec in fields_of(member) if spec.key == "layout")
        (tag,) = typing.get_args(tag_field.type)
        by_tag[tag] = member
    tags = " or ".join(f'"{t}"' for t in by_tag)

    def structure(value: object, _: Any) -> object:
        if type(value) is not dict:
            raise StructureError("type", f"expected an object, got {describe(value)}")
        tag = value.get("layout")
        if type(tag) is not str or tag not in by_tag:
            exc = StructureError("const", f'"layout" must be {tags}, got {describe(tag)}')
            exc.__notes__ = [AttributeValidationNote("Structuring layout", "layout", str)]
            raise ClassValidationError("invalid layout", [exc], members[0])
        return converter.structure(value, by_tag[tag])

    return structure


def _extensions_hook(
    converter: cattrs.Converter, variants: Mapping[str, Variant]
) -> Callable[[object, Any], dict[str, Any]]:
    """Structure ``report.extensions``: each variant's content into that variant's record."""

    def structure(value: object, _: Any) -> dict[str, Any]:
        if type(value) is not dict:
            raise StructureError("type", f"expected an object, got {describe(value)}")
        out: dict[str, Any] = {}
        errors: list[Exception] = []
        for name, content in value.items():
            try:
                variant = variants.get(name)
                if variant is None:
                    raise StructureError("missing_plugin", str(MissingVariantError(name, variants)))
                if variant.extension is None:
                    raise StructureError("unknown_key", f"the variant {name!r} adds no content under extensions")
                out[name] = converter.structure(content, variant.extension)
            except (ClassValidationError, IterableValidationError, StructureError) as exc:
                errors.append(exc)
            else:
                continue
            errors[-1].__notes__ = [AttributeValidationNote(f"Structuring {name}", name, Any)]
        if errors:
            raise ClassValidationError("invalid extensions", errors, dict)
        return out

    return structure


def _record_hook_factory(converter: cattrs.Converter) -> Callable[[type], Callable[[object, Any], object]]:
    def factory(cls: type) -> Callable[[object, Any], object]:
        overrides: dict[str, Any] = {}
        for spec in fields_of(cls):
            if spec.info.cell is not None:
                overrides[spec.attribute.name] = override(struct_hook=_cell_hook(spec.info.cell))
        inner: Callable[[Any, Any], object] = make_dict_structure_fn(
            cls, converter, _cattrs_forbid_extra_keys=True, **overrides
        )

        def structure(value: object, _: Any) -> object:
            if type(value) is not dict:
                raise StructureError("type", f"expected an object, got {describe(value)}")
            return inner(value, cls)

        return structure

    return factory


def _is_tagged_union(tp: Any) -> bool:
    args = union_args(tp) or ()
    return bool(args) and type(None) not in args and all(isinstance(a, type) and attrs.has(a) for a in args)


def _is_literal(tp: Any) -> bool:
    return typing.get_origin(tp) is typing.Literal


def make_converter(variants: Sequence[Variant] = ()) -> cattrs.Converter:
    """Build a strict converter knowing ``variants``; use :func:`converter_for`, which keeps one per variant set."""
    known = {v.name: v for v in variants}
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(datetime.date, _date)
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _paragraphs)
    conv.register_structure_hook_factory(lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _enum_hook)
    conv.register_structure_hook_factory(_is_literal, _literal_hook)
    conv.register_structure_hook_factory(_is_tagged_union, lambda t: _tagged_union_hook(conv, t))
    conv.register_structure_hook_factory(attrs.has, _record_hook_factory(conv))
    conv.register_structure_hook_func(lambda t: t == dict[str, Any], _extensions_hook(conv, known))

    conv.register_unstructure_hook(datetime.date, lambda d: d.isoformat())
    conv.register_unstructure_hook(Decimal, lambda d: d)
    conv.register_unstructure_hook(Mark, lambda m: m.value)
    conv.register_unstructure_hook(Unreadable, lambda u: {"unreadable": u.unreadable})
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda t: lambda e: e.value
    )
    conv.register_unstructure_hook_func(lambda t: t == tuple[str, ...], list)
    conv.register_unstructure_hook_factory(
        lambda t: attrs.has(t) and t is not Unreadable, lambda cls: make_dict_unstructure_fn(cls, conv)
    )
    return conv


@functools.lru_cache(maxsize=64)
def _converter(variants: tuple[Variant, ...]) -> cattrs.Converter:
    return make_converter(variants)


def converter_for(variants: Iterable[Variant] = ()) -> cattrs.Converter:
    """The strict converter for documents that may use ``variants`` (one kept per set of variants).

    A document holding content of a variant not among them is refused (``missing_plugin``).
    """
    return _converter(tuple(sorted(variants, key=lambda v: v.name)))


CONVERTER = converter_for()
"""The converter for documents of the national formats alone (no regional variant)."""

_REPORT_TYPES: frozenset[type] = frozenset(REPORT_CLASSES.values())


def unstructure(record: object) -> Any:
    """A format record as JSON-ready data (dicts, lists, str, int, Decimal, None)."""
    if type(record) in _REPORT_TYPES and not record.extensions:  # type: ignore[attr-defined]
        from govreport._fast import unstructurer

        cls: Any = type(record)
        return unstructurer(cls)(record)
    return CONVERTER.unstructure(record)


def structure(data: object, cls: type[T], *, variants: Iterable[Variant] = ()) -> T:
    """Build a record of ``cls`` from JSON-ready data that may use ``variants``.

    Raises :class:`StructureFailed` listing every problem found.
    """
    try:
        return converter_for(variants).structure(data, cls)
    except (ClassValidationError, IterableValidationError, StructureError) as exc:
        raise StructureFailed(list(_issues(exc, (), cls))) from None


class StructureFailed(ValueError):
    """Data that does not fit the records; ``issues`` lists every problem."""

    def __init__(self, issues: list[Issue]):
        super().__init__(f"{len(issues)} problem(s): " + "; ".join(f"{i.pointer}: {i.message}" for i in issues[:3]))
        self.issues = sorted(issues)


def _issues(exc: BaseException, path: tuple[str | int, ...], root: type) -> Iterator[Issue]:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, others = exc.group_exceptions()
        for sub, note in with_notes:
            step = note.name if isinstance(note, AttributeValidationNote) else note.index
            yield from _issues(sub, (*path, step), root)
        for sub in others:
            yield from _issues(sub, path, root)
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            where = (*path, key)
            yield Issue(
                pointer=pointer(where),
                code="unknown_key",
                message=f"unknown key {key!r}",
                label=label_for_path(root, path),
            )
        return
    if isinstance(exc, KeyError):
        yield Issue(
            pointer=pointer(path), code="required", message="required, but missing", label=label_for_path(root, path)
        )
        return
    code = exc.code if isinstance(exc, StructureError) else "invalid"
    message = exc.message if isinstance(exc, StructureError) else str(exc)
    yield Issue(pointer=pointer(path), code=code, message=message, label=label_for_path(root, path))
