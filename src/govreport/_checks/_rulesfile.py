"""Summation identities as data: generated from the format layout, published as ``rules.json``, read back.

A summation identity says a *total* cell equals the weighted sum of *item*
cells (the way XBRL calculation relationships do).  Evaluating a rules file
(:mod:`govreport._checks._identities`) never executes code from it: the file
only names cells by JSON Pointer and gives integer weights.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from typing import Any

import attrs
import jsonschema

from govreport._checks._cells import cell_index, column_label, published_rows, row_label
from govreport._checks._records import Severity
from govreport.errors import pointer as make_pointer
from govreport.formats import FORMAT_VERSIONS, REPORT_CLASSES, TABLES
from govreport.formats._introspect import fields_of, strip_optional, union_args
from govreport.formats.common import LEGAL_PERSON_COLUMNS
from govreport.layout import Row, rows

RULES_SCHEMA_ID = "urn:govreport:schema:rules"
OTHER_HANDLING_LAYOUT = "/applications/results/other_handling/layout"


class RulesFileError(ValueError):
    """A rules file that cannot be used; the message names the place and what was expected."""


@attrs.frozen(kw_only=True)
class Item:
    """One item of a summation: a cell and its weight."""

    pointer: str
    weight: int = 1


@attrs.frozen(kw_only=True)
class Condition:
    """An identity applies only when the value at ``pointer`` equals ``equals``."""

    pointer: str
    equals: str


@attrs.frozen(kw_only=True)
class Identity:
    """``total = Σ weight × item``."""

    id: str
    rule: str
    subject: str
    total: str
    items: tuple[Item, ...]
    when: Condition | None = None


@attrs.frozen(kw_only=True)
class IdentityRule:
    """The description of a rule whose identities a rules file lists."""

    id: str
    severity: Severity
    table: str
    formula: str
    message_zh: str
    message_en: str
    doc: str


@attrs.frozen(kw_only=True)
class RulesFile:
    """A rules file: the identity rules of one format version and their identities."""

    format_version: str
    rules: tuple[IdentityRule, ...]
    identities: tuple[Identity, ...]


# ---------------------------------------------------------------------------------------------------------------------
# pointers


def _field_pointers(cls: Any, path: tuple[str, ...], out: set[str]) -> None:
    tp, _ = strip_optional(cls)
    members = union_args(tp) or (tp,)
    for member in members:
        if not (isinstance(member, type) and attrs.has(member)):
            continue
        for spec in fields_of(member):
            here = (*path, spec.key)
            out.add(make_pointer(here))
            _field_pointers(spec.type, here, out)


@functools.cache
def field_pointers(version: str) -> frozenset[str]:
    """Every field pointer (cells and records) of a version."""
    out: set[str] = set()
    _field_pointers(REPORT_CLASSES[version], (), out)
    return frozenset(out)


# ---------------------------------------------------------------------------------------------------------------------
# the catalogue of identities, generated from the layout


_T3_MESSAGES = {
    "T3-BALANCE": (
        "表三：一、本年新收 + 二、上年结转 ≠ （七）总计 + 四、结转下年度继续办理",
        "Table 3: new applications + carried over from last year ≠ total handled + carried over to next year.",
        "The rule printed in the corner of 表三: for every applicant column (and the 总计 column), "
        "一、本年新收 + 二、上年结转 = 三（七）总计 + 四、结转下年度继续办理.",
        "一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理（每一列）",
    ),
    "T3-RESULTS-SUM": (
        "表三：（七）总计 ≠ 各办理结果之和",
        "Table 3: (7) total ≠ the sum of the result rows.",
        "For every column of 表三, （七）总计 equals the sum of the result rows （一）… （六） "
        "(（三）–（六） by their numbered sub-rows; in the 2021 format （六） as three rows or, as many reports "
        "publish it, as one row).",
        "（七）总计 = （一）+（二）+（三）1…8 +（四）1…3 +（五）1…5 +（六）（每一列）",
    ),
    "T3-ROW-TOTAL": (
        "表三：总计列 ≠ 自然人 + 法人或其他组织各列之和",
        "Table 3: the total column ≠ natural persons + the five organisation columns.",
        "For every row of 表三, the 总计 column equals 自然人 plus the five 法人或其他组织 columns "
        "(商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他).",
        "总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他（每一行）",
    ),
    "T4-TOTAL": (
        "表四：总计 ≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
        "Table 4: total ≠ upheld + corrected + other + pending.",
        "In each of 行政复议, 未经复议直接起诉 and 复议后起诉: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.",
        "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结（行政复议、未经复议直接起诉、复议后起诉）",
    ),
}

_APPLICANT_COLUMNS = ("natural_person", *LEGAL_PERSON_COLUMNS, "total")


def _t3(version: str) -> dict[str, Row]:
    return {r.key: r for r in published_rows(version) if r.table == "三"}


def _column_subject(row: Row, key: str) -> str:
    column = next(c for c in row.columns if c.key == key)
    return column_label(row, key, column.label)


def _generate(version: str) -> Iterator[Identity]:
    t3 = _t3(version)
    first = t3["new_received"]
    # T3-BALANCE: （七）总计 = 一 + 二 − 四
    for col in _APPLICANT_COLUMNS:
        yield Identity(
            id=f"T3-BALANCE/{col}",
            rule="T3-BALANCE",
            subject=_column_subject(first, col),
            total=t3["results.total_processed"].pointer(col),
            items=(
                Item(pointer=t3["new_received"].pointer(col)),
                Item(pointer=t3["carried_over_from_last_year"].pointer(col)),
                Item(pointer=t3["carried_to_next_year"].pointer(col), weight=-1),
            ),
        )
    # T3-RESULTS-SUM: （七）总计 = Σ result rows, per layout of （六）
    result_keys = [k for k in t3 if k.startswith("results.") and k != "results.total_processed"]
    layouts: list[tuple[str | None, list[str]]]
    if version == "2021":
        itemised = [k for k in result_keys if k != "results.other_handling.combined"]
        combined = [k for k in result_keys if not k.startswith("results.other_handling.")]
        combined.append("results.other_handling.combined")
        layouts = [("itemised", itemised), ("combined", combined)]
    else:
        layouts = [(None, result_keys)]
    for layout_name, keys in layouts:
        when = Condition(pointer=OTHER_HANDLING_LAYOUT, equals=layout_name) if layout_name else None
        for col in _APPLICANT_COLUMNS:
            yield Identity(
                id=f"T3-RESULTS-SUM/{layout_name + '/' if layout_name else ''}{col}",
                rule="T3-RESULTS-SUM",
                subject=_column_subject(first, col),
                total=t3["results.total_processed"].pointer(col),
                items=tuple(Item(pointer=t3[k].pointer(col)) for k in keys),
                when=when,
            )
    # T3-ROW-TOTAL: 总计 = Σ applicant columns, per row
    for key, row in t3.items():
        when = None
        if key.startswith("results.other_handling."):
            when = Condition(
                pointer=OTHER_HANDLING_LAYOUT, equals="combined" if key.endswith(".combined") else "itemised"
            )
        yield Identity(
            id=f"T3-ROW-TOTAL/{key}",
            rule="T3-ROW-TOTAL",
            subject=" › ".join(row.labels),
            total=row.pointer("total"),
            items=tuple(Item(pointer=row.pointer(c)) for c in _APPLICANT_COLUMNS if c != "total"),
            when=when,
        )
    # T4-TOTAL
    for row in rows(version, "四"):
        yield Identity(
            id=f"T4-TOTAL/{row.key}",
            rule="T4-TOTAL",
            subject=row_label(row),
            total=row.pointer("total"),
            items=tuple(Item(pointer=row.pointer(c)) for c in ("upheld", "corrected", "other_result", "pending")),
        )


@functools.cache
def builtin_rules_file(version: str) -> RulesFile:
    """The built-in summation identities of a format version."""
    rules_ = tuple(
        IdentityRule(
            id=rid,
            severity=Severity.ERROR,
            table="三" if rid.startswith("T3") else "四",
            formula=formula,
            message_zh=zh,
            message_en=en,
            doc=doc,
        )
        for rid, (zh, en, doc, formula) in sorted(_T3_MESSAGES.items())
    )
    return RulesFile(format_version=version, rules=rules_, identities=tuple(_generate(version)))


# ---------------------------------------------------------------------------------------------------------------------
# JSON form and its schema


def rules_schema() -> dict[str, Any]:
    """The JSON Schema of a rules file (``schemas/rules.schema.json``)."""
    ptr = {"type": "string", "pattern": "^(/[^/]+)+$", "description": "RFC 6901 JSON Pointer to a table cell."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": RULES_SCHEMA_ID,
        "title": "govreport summation identities (勾稽关系)",
        "description": "Each identity says: the value at `total` equals the sum of `weight` × the value at each "
        "item's `pointer`. An identity with `when` applies only if the value at `when.pointer` equals "
        '`when.equals`. A cell holding no number (blank, "/", "—", "无" or {"unreadable": …}) makes the '
        "identity `cannot_tell`; it is never counted as 0.",
        "type": "object",
        "required": ["format_version", "rules", "identities"],
        "additionalProperties": False,
        "properties": {
            "$schema": {"type": "string"},
            "format_version": {"enum": list(FORMAT_VERSIONS)},
            "rules": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "severity", "table", "formula", "message_zh", "message_en", "doc"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "string", "pattern": "^[A-Z0-9]+(-[A-Z0-9]+)*$"},
                        "severity": {"enum": [s.value for s in Severity]},
                        "table": {"enum": list(TABLES)},
                        "formula": {"type": "string"},
                        "message_zh": {"type": "string"},
                        "message_en": {"type": "string"},
                        "doc": {"type": "string"},
                    },
                },
            },
            "identities": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["id", "rule", "subject", "total", "items"],
                    "additionalProperties": False,
                    "properties": {
                        "id": {"type": "string", "minLength": 1},
                        "rule": {"type": "string"},
                        "subject": {"type": "string"},
                        "total": ptr,
                        "items": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["pointer", "weight"],
                                "additionalProperties": False,
                                "properties": {"pointer": ptr, "weight": {"type": "integer", "enum": [-1, 1]}},
                            },
                        },
                        "when": {
                            "type": "object",
                            "required": ["pointer", "equals"],
                            "additionalProperties": False,
                            "properties": {"pointer": {"type": "string"}, "equals": {"type": "string"}},
                        },
                    },
                },
            },
        },
    }


def rules_file_json(rules_file: RulesFile) -> dict[str, Any]:
    """A rules file as JSON-ready data."""
    identities = []
    for identity in rules_file.identities:
        out: dict[str, Any] = {
            "id": identity.id,
            "rule": identity.rule,
            "subject": identity.subject,
            "total": identity.total,
            "items": [{"pointer": i.pointer, "weight": i.weight} for i in identity.items],
        }
        if identity.when is not None:
            out["when"] = {"pointer": identity.when.pointer, "equals": identity.when.equals}
        identities.append(out)
    return {
        "$schema": "../rules.schema.json",
        "format_version": rules_file.format_version,
        "rules": [
            {
                "id": r.id,
                "severity": r.severity.value,
                "table": r.table,
                "formula": r.formula,
                "message_zh": r.message_zh,
                "message_en": r.message_en,
                "doc": r.doc,
            }
            for r in rules_file.rules
        ],
        "identities": identities,
    }


def published_rules() -> dict[str, dict[str, Any]]:
    """Every published rules file (and the schema), by path under ``schemas/``."""
    out: dict[str, dict[str, Any]] = {"rules.schema.json": rules_schema()}
    for version in FORMAT_VERSIONS:
        out[f"{version}/rules.json"] = rules_file_json(builtin_rules_file(version))
    return out


def write_published_rules(directory: str | os.PathLike[str]) -> list[str]:
    """Write the rules schema and every rules file under ``directory``; returns the paths written."""
    from pathlib import Path

    from govreport.jsonio import dumps, write_atomic

    written = []
    for name, data in published_rules().items():
        target = Path(directory) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, dumps(data))
        written.append(str(target))
    return written


# ---------------------------------------------------------------------------------------------------------------------
# reading a rules file: schema, pointers, operands, cycles


def _find_cycle(identities: Iterable[Identity]) -> list[str] | None:
    graph: dict[str, set[str]] = {}
    for identity in identities:
        graph.setdefault(identity.total, set()).update(i.pointer for i in identity.items)
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def parse_rules(data: Any, *, source: str = "<rules>") -> RulesFile:
    """Validate JSON-ready rules data and build a :class:`RulesFile`.

    Refuses (with :class:`RulesFileError`) data that breaks the schema, names a
    pointer that is no field of the format, names a field that is not a number
    cell, refers to an undeclared rule, repeats an identity ID, or whose
    totals and items form a cycle.
    """
    validator = jsonschema.Draft202012Validator(rules_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = make_pointer(list(e.absolute_path)) or "/"
        raise RulesFileError(f"{source}: {where}: {e.message} (see schemas/rules.schema.json)")
    version = data["format_version"]
    cells = cell_index(version)
    fields = field_pointers(version)
    declared = {r["id"] for r in data["rules"]}
    seen: set[str] = set()
    identities = []
    for index, raw in enumerate(data["identities"]):
        here = f"/identities/{index}"
        if raw["id"] in seen:
            raise RulesFileError(f"{source}: {here}/id: identity {raw['id']!r} is declared twice")
        seen.add(raw["id"])
        if raw["rule"] not in declared:
            raise RulesFileError(f"{source}: {here}/rule: rule {raw['rule']!r} is not declared under /rules")
        operands = [("total", raw["total"])] + [
            (f"items/{i}/pointer", it["pointer"]) for i, it in enumerate(raw["items"])
        ]
        for key, ptr in operands:
            if ptr not in fields:
                raise RulesFileError(
                    f"{source}: {here}/{key}: unknown pointer {ptr!r}: no such field in the {version} format"
                )
            if ptr not in cells:
                raise RulesFileError(
                    f"{source}: {here}/{key}: {ptr!r} is not a number: an operand must be a table cell of the "
                    f"{version} format"
                )
        when = raw.get("when")
        if when is not None and when["pointer"] not in fields:
            raise RulesFileError(
                f"{source}: {here}/when/pointer: unknown pointer {when['pointer']!r}: no such field in the "
                f"{version} format"
            )
        identities.append(
            Identity(
                id=raw["id"],
                rule=raw["rule"],
                subject=raw["subject"],
                total=raw["total"],
                items=tuple(Item(pointer=i["pointer"], weight=i["weight"]) for i in raw["items"]),
                when=Condition(pointer=when["pointer"], equals=when["equals"]) if when else None,
            )
        )
    cycle = _find_cycle(identities)
    if cycle:
        raise RulesFileError(f"{source}: the identities form a cycle: {' → '.join(cycle)}")
    rules_ = tuple(
        IdentityRule(
            id=r["id"],
            severity=Severity(r["severity"]),
            table=r["table"],
            formula=r["formula"],
            message_zh=r["message_zh"],
            message_en=r["message_en"],
            doc=r["doc"],
        )
        for r in data["rules"]
    )
    return RulesFile(format_version=version, rules=rules_, identities=tuple(identities))


def load_rules(path: str | os.PathLike[str]) -> RulesFile:
    """Read and validate a rules file (see :func:`parse_rules`)."""
    from govreport.jsonio import read

    return parse_rules(read(path), source=os.fspath(path))
