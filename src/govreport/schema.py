"""JSON Schema (draft 2020-12) generated from the format records.

Two profiles per format version:

``lenient``
    What a published report may hold: a table cell is a number, or a mark
    (blank, "/", "—", "无") or an unreadable cell kept with its text.
``submission``
    What an organ should submit: every table cell holds a number.

The generator reads the same field metadata and naming policy as the
converter, so schema properties, JSON keys and error pointers agree.
"""

from __future__ import annotations

import copy
import datetime
import enum
import functools
import typing
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from govreport.errors import UnknownFormatError
from govreport.formats import FORMAT_VERSIONS, NOTICES, REPORT_CLASSES, Variant
from govreport.formats._fields import CellKind, FieldInfo
from govreport.formats._introspect import field_by_key, fields_of, strip_optional, union_args
from govreport.formats.cells import MAX_AMOUNT, MAX_AMOUNT_EXPONENT, MAX_AMOUNT_PLACES, MAX_COUNT, Mark, Unreadable
from govreport.formats.common import LabelledEnum
from govreport.formats.text import RULE as TEXT_RULE

PROFILES = ("lenient", "submission")
"""The validation profiles."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:govreport:schema"

_MARK_LABELS = {Mark.BLANK: "空白", Mark.SLASH: "“/”", Mark.DASH: "“—”", Mark.NONE: "“无”"}


def schema_id(version: str, profile: str = "lenient") -> str:
    """The stable ``$id`` of a published schema."""
    return f"{ID_PREFIX}:{version}:report" + ("" if profile == "lenient" else f":{profile}")


def schema_filename(version: str, profile: str = "lenient") -> str:
    """Where the schema is published, relative to ``schemas/``."""
    return f"{version}/report{'' if profile == 'lenient' else '.' + profile}.schema.json"


RULES_IN_CODE = (
    f"Beyond this schema, govreport checks in code: {TEXT_RULE} (a pattern cannot refuse a lone surrogate "
    "portably); a whole number is written without a fraction or exponent (the schema's integer type admits 2021.0, "
    "govreport does not)."
)
"""What validation checks that the published schemas only describe (in the root ``description``)."""


class _Generator:
    def __init__(self, profile: str):
        self.profile = profile
        self.defs: dict[str, Any] = {}

    def cell_def(self, kind: CellKind) -> dict[str, Any]:
        name = {CellKind.COUNT: "Count", CellKind.SIGNED_COUNT: "SignedCount", CellKind.AMOUNT: "Amount"}[kind]
        if name not in self.defs:
            if kind is CellKind.AMOUNT:
                number: dict[str, Any] = {
                    "type": "number",
                    "minimum": 0,
                    "maximum": int(MAX_AMOUNT),
                    "description": "An exact decimal amount; read it as a decimal, not a binary float. At most "
                    f"{MAX_AMOUNT_PLACES} decimal places and an exponent of at most {MAX_AMOUNT_EXPONENT} "
                    "(checked by govreport in code: multipleOf is not exact in every validator).",
                }
            else:
                number = {"type": "integer", "maximum": MAX_COUNT}
                number["minimum"] = -MAX_COUNT if kind is CellKind.SIGNED_COUNT else 0
            if self.profile == "submission":
                self.defs[name] = {"title": "数值", **number}
            else:
                self.defs[name] = {
                    "title": "单元格",
                    "description": "A number, or a mark written where the number belongs.",
                    "anyOf": [number, {"$ref": "#/$defs/Mark"}, {"$ref": "#/$defs/Unreadable"}],
                }
                self.defs["Mark"] = {
                    "title": "无数字的单元格",
                    "description": "A cell that holds no number: blank, slash, dash or the word 无.",
                    "oneOf": [{"const": m.value, "title": _MARK_LABELS[m]} for m in Mark],
                }
                self.record(Unreadable)
        return {"$ref": f"#/$defs/{name}"}

    def record(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder against recursion
            properties = {}
            required = []
            for spec in fields_of(cls):
                properties[spec.key] = self.field(spec.type, spec.info)
                if spec.required:
                    required.append(spec.key)
            schema: dict[str, Any] = {
                "title": getattr(cls, "TITLE", name),
                "description": " ".join((cls.__doc__ or "").split()),
                "type": "object",
                "properties": properties,
                "required": required,
                "additionalProperties": False,
            }
            if not required:
                del schema["required"]
            self.defs[name] = schema
        return {"$ref": f"#/$defs/{name}"}

    def field(self, tp: Any, info: FieldInfo) -> dict[str, Any]:
        body = self.cell_def(info.cell) if info.cell is not None else self.type(tp)
        out = {"title": info.label, "description": info.description, **body}
        if info.unit:
            out["x-unit"] = info.unit
        return out

    def type(self, tp: Any) -> dict[str, Any]:
        inner, optional = strip_optional(tp)
        if optional:
            body = self.type(inner)
            if set(body) == {"type"}:
                return {"type": [body["type"], "null"]}
            return {"anyOf": [body, {"type": "null"}]}
        members = union_args(tp)
        if members:
            return {"oneOf": [self.type(m) for m in members]}
        origin = typing.get_origin(tp)
        if origin is typing.Literal:
            (value,) = typing.get_args(tp)
            return {"const": value}
        if origin is tuple:
            return {"type": "array", "items": self.type(typing.get_args(tp)[0])}
        if origin is dict:
            return {"type": "object", "additionalProperties": False}
        if tp is str:
            return {"type": "string"}
        if tp is int:
            return {"type": "integer", "minimum": 1990, "maximum": 2100}
        if tp is datetime.date:
            return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        if tp is Decimal:  # pragma: no cover - decimals only occur in cells
            return {"type": "number"}
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return {
                "oneOf": [{"const": m.value, "title": m.label if isinstance(m, LabelledEnum) else m.name} for m in tp]
            }
        if isinstance(tp, type) and attrs.has(tp):
            return self.record(tp)
        raise TypeError(f"the schema generator cannot express {tp!r}")


SCHEMA_LINK = "$schema"
"""The key a document may hold to name its JSON Schema, so that an editor validates and completes it as it is
typed (the URL or path of a published schema); govreport ignores its value."""

_SCHEMA_LINK_PROPERTY = {
    "type": "string",
    "title": "JSON Schema",
    "description": "The JSON Schema this document follows (for editors), e.g. the path of "
    "schemas/2021/report.schema.json; ignored by govreport.",
}


@functools.cache
def _generate(version: str, profile: str) -> dict[str, Any]:
    if version not in REPORT_CLASSES:
        raise UnknownFormatError(f"unknown format version {version!r}; known: {', '.join(FORMAT_VERSIONS)}")
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    gen = _Generator(profile)
    root_cls = REPORT_CLASSES[version]
    gen.record(root_cls)
    root = gen.defs.pop(root_cls.__name__)
    root["description"] = f"{root['description']} Format of {NOTICES[version]}; profile {profile!r}. {RULES_IN_CODE}"
    root["properties"] = {SCHEMA_LINK: _SCHEMA_LINK_PROPERTY, **root["properties"]}
    return {
        "$schema": DIALECT,
        "$id": schema_id(version, profile),
        **root,
        "$defs": dict(sorted(gen.defs.items())),
    }


def _owner_def(schema: dict[str, Any], version: str, pointer_text: str) -> dict[str, Any]:
    """The schema object whose ``properties`` hold the field at ``pointer_text`` (a JSON Pointer)."""
    *parents, _ = [t for t in pointer_text.split("/")[1:] if not t.isdigit()]
    owner: type = REPORT_CLASSES[version]
    for token in parents:
        spec = field_by_key(owner).get(token)
        tp = strip_optional(spec.type)[0] if spec is not None else None
        members = [m for m in (union_args(tp) or (tp,)) if isinstance(m, type) and attrs.has(m)]
        if not members:
            raise ValueError(f"{pointer_text!r} names no field of the {version} format")
        owner = members[0]
    if pointer_text.rsplit("/", 1)[1] not in field_by_key(owner):
        raise ValueError(f"{pointer_text!r} names no field of the {version} format")
    return schema if owner is REPORT_CLASSES[version] else schema["$defs"][owner.__name__]


@functools.cache
def _compose(version: str, profile: str, variants: tuple[Variant, ...]) -> dict[str, Any]:
    schema = copy.deepcopy(_generate(version, profile))
    extensions = schema["properties"]["extensions"]
    for variant in variants:
        if variant.base_format != version:
            raise ValueError(
                f"the variant {variant.name!r} extends the {variant.base_format} format, not the {version} format"
            )
        for pointer_text, label in variant.labels:
            _owner_def(schema, version, pointer_text)["properties"][pointer_text.rsplit("/", 1)[1]]["title"] = label
        if variant.extension is None:
            continue
        gen = _Generator(profile)
        ref = gen.record(variant.extension)
        for name, body in gen.defs.items():
            if schema["$defs"].setdefault(name, body) != body:
                raise ValueError(
                    f"the variant {variant.name!r} defines a record {name!r} unlike the format's record of that name"
                )
        extensions.setdefault("properties", {})[variant.name] = {
            "title": variant.title,
            "description": variant.description or f"Content added by the variant {variant.name}.",
            **ref,
        }
        extensions.setdefault("required", []).append(variant.name)
    names = "+".join(f"{v.name}@{v.version}" for v in variants)
    schema["$id"] = f"{schema['$id']}:{names}"
    schema["description"] += f" Regional variants: {', '.join(v.title for v in variants)}."
    schema["$defs"] = dict(sorted(schema["$defs"].items()))
    return schema


def generate(version: str, profile: str = "lenient", variants: Sequence[Variant] = ()) -> dict[str, Any]:
    """The JSON Schema of a format version and profile (a fresh copy).

    ``variants`` (:class:`~govreport.formats.Variant` records) composes each variant's additions under
    ``/properties/extensions/properties/<name>`` and applies its labels; the result is self-contained.
    (:func:`govreport.json_schema` takes variant names and looks them up among the installed plugins.)

    Raises :class:`~govreport.errors.UnknownFormatError` for an unknown version.
    """
    if not variants:
        return copy.deepcopy(_generate(version, profile))
    _generate(version, profile)  # unknown version or profile: the usual errors
    return copy.deepcopy(_compose(version, profile, sort_variants(variants)))


def sort_variants(variants: Sequence[Variant]) -> tuple[Variant, ...]:
    """Variant records without repeats, sorted by name (the order every composition uses)."""
    for variant in variants:
        if not isinstance(variant, Variant):
            raise TypeError(
                f"expected a govreport.formats.Variant, got {variant!r}; "
                "govreport.json_schema(version, profile, names) looks variants up by name"
            )
    resolved = {v.name: v for v in variants}
    return tuple(resolved[name] for name in sorted(resolved))


def published_schemas() -> dict[str, dict[str, Any]]:
    """Every published schema, by its path under ``schemas/``."""
    return {schema_filename(v, p): _generate(v, p) for v in FORMAT_VERSIONS for p in PROFILES}


def write_published(directory: str) -> list[str]:
    """Write every published schema under ``directory``; returns the paths written."""
    from pathlib import Path

    from govreport.jsonio import dumps, write_atomic

    written = []
    for name, schema in published_schemas().items():
        target = Path(directory) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, dumps(schema))
        written.append(str(target))
    return written
