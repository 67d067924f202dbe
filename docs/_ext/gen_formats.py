"""Reference pages for the format versions, generated from the records."""

from __future__ import annotations

import enum
import typing
from typing import Any

import attrs

from govreport.formats import FORMAT_VERSIONS, NOTICES, REPORT_CLASSES
from govreport.formats._introspect import fields_of, strip_optional, union_args
from govreport.formats.common import LabelledEnum
from govreport.schema import schema_filename, schema_id


def _type_name(tp: Any, cell: Any) -> str:
    if cell is not None:
        return {"count": "count cell", "signed_count": "signed count cell", "amount": "amount cell (decimal)"}[
            cell.value
        ]
    inner, optional = strip_optional(tp)
    suffix = " or null" if optional else ""
    members = union_args(inner)
    if members:
        return " or ".join(f"[{m.__name__}](#{m.__name__.lower()})" for m in members) + suffix
    origin = typing.get_origin(inner)
    if origin is typing.Literal:
        return f'`"{typing.get_args(inner)[0]}"`' + suffix
    if origin is tuple:
        return "array of strings" + suffix
    if origin is dict:
        return "object" + suffix
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        values = ", ".join(f"`{m.value}` ({m.label})" if isinstance(m, LabelledEnum) else f"`{m.value}`" for m in inner)
        return f"one of {values}" + suffix
    if isinstance(inner, type) and attrs.has(inner):
        return f"[{inner.__name__}](#{inner.__name__.lower()})" + suffix
    return {str: "string", int: "integer", "date": "date"}.get(inner, getattr(inner, "__name__", str(inner))) + suffix


def _classes(root: type) -> list[type]:
    seen: list[type] = []

    def visit(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for spec in fields_of(cls):
            inner, _ = strip_optional(spec.type)
            for member in union_args(inner) or (inner,):
                if isinstance(member, type) and attrs.has(member):
                    visit(member)

    visit(root)
    return seen


def _page(version: str) -> str:
    root = REPORT_CLASSES[version]
    lines = [
        f"# Format {version}: {NOTICES[version]}",
        "",
        "Generated from the records in `govreport.formats` at build time. Every field's official Chinese",
        "label is the schema property's `title`; its English description is the `description`.",
        "",
        f"- Schema: `schemas/{schema_filename(version)}` (`$id` `{schema_id(version)}`); submission profile:",
        f"  `schemas/{schema_filename(version, 'submission')}`.",
        "- A *count cell* holds a whole number ≥ 0; a *signed count cell* may be negative; an *amount cell* an",
        '  exact decimal ≥ 0. In the lenient profile any cell may instead hold a mark (`""`, `"/"`, `"—"`, `"无"`)',
        '  or `{"unreadable": "…"}`.',
        "",
    ]
    for cls in _classes(root):
        lines += [
            f"## {cls.__name__}",
            "",
            f"**{getattr(cls, 'TITLE', cls.__name__)}** — {' '.join((cls.__doc__ or '').split())}",
            "",
        ]
        lines += ["| key | label | type | required | meaning |", "|---|---|---|---|---|"]
        for spec in fields_of(cls):
            unit = f" (单位：{spec.info.unit})" if spec.info.unit else ""
            group = f" — {spec.info.group}" if spec.info.group else ""
            lines.append(
                f"| `{spec.key}` | {spec.info.label}{group} | {_type_name(spec.type, spec.info.cell)}{unit} "
                f"| {'yes' if spec.required else 'no'} | {spec.info.description.replace('|', '/')} |"
            )
        lines.append("")
    return "\n".join(lines)


def pages() -> dict[str, str]:
    return {f"reference/generated/format-{v}.md": _page(v) for v in FORMAT_VERSIONS}
