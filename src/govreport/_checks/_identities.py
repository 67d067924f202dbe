"""Summation identities as data: generated from the format layout, published as ``rules.json``, evaluated here.

A summation identity says a *total* cell equals the weighted sum of *item*
cells (the way XBRL calculation relationships do).  Evaluating a rules file
never executes code from it: the file only names cells by JSON Pointer and
gives integer weights.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeGuard

import attrs
import jsonschema

from govreport._checks._records import Context, Finding, NotPassed, Number, Outcome, Place, Rule, Severity
from govreport.errors import pointer as make_pointer
from govreport.errors import split_pointer
from govreport.formats import FORMAT_VERSIONS, REPORT_CLASSES, TABLES
from govreport.formats._introspect import fields_of, strip_optional, union_args
from govreport.formats.common import APPLICANT_GROUP_LABEL, LEGAL_PERSON_COLUMNS, LITIGATION_GROUP_LABEL
from govreport.layout import Row, all_rows, rows

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
# cell index: every cell pointer of a format version, with its official labels


@attrs.frozen(kw_only=True)
class CellInfo:
    table: str
    row: str
    column: str
    label: str


def _all_rows(version: str) -> list[Row]:
    """The format's own rows, then the rows of its other layouts of （六） (the order of the published rules file)."""
    own = rows(version)
    keys = {r.key for r in own}
    return own + [r for r in all_rows(version) if r.key not in keys]


def _column_label(row: Row, key: str, label: str) -> str:
    if row.table == "三" and key in LEGAL_PERSON_COLUMNS:
        return f"{APPLICANT_GROUP_LABEL} › {label}"
    return label


def _row_label(row: Row) -> str:
    labels = " › ".join(row.labels)
    if row.table == "四" and row.key.startswith("litigation_"):
        return f"{LITIGATION_GROUP_LABEL} › {labels}"
    return labels


@functools.cache
def cell_index(version: str) -> dict[str, CellInfo]:
    """Every table cell pointer of a version (both layouts of （六）) with its table, row and column labels."""
    out: dict[str, CellInfo] = {}
    for row in _all_rows(version):
        row_label = _row_label(row)
        for column in row.columns:
            col = _column_label(row, column.key, column.label)
            out[row.pointer(column.key)] = CellInfo(
                table=row.table, row=row_label, column=col, label=f"表{row.table} › {row_label} › {col}"
            )
    return out


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


def place_for(version: str, ptr: str, value: Any, *, weight: int | None = None, document: str = "report") -> Place:
    """A :class:`Place` for a cell pointer, with its official labels."""
    info = cell_index(version).get(ptr)
    if info is None:
        from govreport.labels import label_for_path

        return Place(
            pointer=ptr,
            label=label_for_path(REPORT_CLASSES[version], split_pointer(ptr)),
            value=value,
            weight=weight,
            document=document,
        )
    return Place(
        pointer=ptr,
        label=info.label,
        table=info.table,
        row=info.row,
        column=info.column,
        value=value,
        weight=weight,
        document=document,
    )


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
    return {r.key: r for r in _all_rows(version) if r.table == "三"}


def _column_subject(row: Row, key: str) -> str:
    column = next(c for c in row.columns if c.key == key)
    return _column_label(row, key, column.label)


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
            subject=_row_label(row),
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


# ---------------------------------------------------------------------------------------------------------------------
# evaluation


MISSING = object()
"""What :func:`resolve` returns for a pointer that names nothing in the data."""


@functools.lru_cache(maxsize=4096)
def _tokens(ptr: str) -> tuple[str, ...]:
    return tuple(split_pointer(ptr))


def resolve(data: Any, ptr: str) -> Any:
    """The value at a JSON Pointer in JSON-ready data, or a sentinel when absent."""
    value = data
    for token in _tokens(ptr):
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return MISSING
    return value


def attribute_at(report: Any, ptr: str) -> Any:
    """The value at a cell pointer read from the records themselves (keys are attribute names), or :data:`MISSING`.

    For the batch mode's fast paths, which need no JSON view of the report: a cell holds the same number either way.
    """
    value = report
    try:
        for token in _tokens(ptr):
            value = getattr(value, token)
    except AttributeError:
        return MISSING
    return value


def is_number(value: Any) -> TypeGuard[Number]:
    """Whether a cell value (of the records or of the JSON view) is a number; a mark or unreadable text is not."""
    return value.__class__ in _NUMBER_TYPES


def as_number(value: Any) -> Number | None:
    """A JSON-ready cell value as a number; ``None`` for a mark or unreadable text."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return value
    return None


def describe_value(value: Any) -> str:
    """A cell value as a clerk reads it."""
    if isinstance(value, dict) and "unreadable" in value:
        return f"无法识别（“{value['unreadable']}”）"
    if value is None:
        return "没有这一格"
    if value == "":
        return "空白"
    if isinstance(value, str):
        return f"“{value}”"
    return str(value)


_LAYOUT_ZH = {"itemised": "分三项填报", "combined": "合为一行填报"}


@functools.lru_cache(maxsize=1024)
def _when_reason(version: str, when: Condition, actual: Any) -> str:
    if when.pointer == OTHER_HANDLING_LAYOUT:
        found = _LAYOUT_ZH.get(str(actual), str(actual))
        return f"本报告（六）其他处理{found}，此项只适用于{_LAYOUT_ZH[when.equals]}的报告"
    from govreport.labels import label_for_path

    label = label_for_path(REPORT_CLASSES[version], split_pointer(when.pointer)) or when.pointer
    return f"仅当 {label} 为 {when.equals!r} 时适用（本报告为 {actual!r}）"


_NUMBER_TYPES = (int, Decimal)


def evaluate_identity(rule: Rule, identity: Identity, data: Any, version: str, document: str = "report") -> Finding:
    """Evaluate one identity over a document's JSON-ready data."""
    if identity.when is not None:
        actual = resolve(data, identity.when.pointer)
        if actual != identity.when.equals:
            return rule.finding(
                Outcome.NOT_APPLICABLE,
                subject=identity.subject,
                reason=_when_reason(version, identity.when, actual),
            )
    operands = [(identity.total, None), *((i.pointer, i.weight) for i in identity.items)]
    values = {}
    for ptr, _ in operands:
        value = resolve(data, ptr)
        if value is MISSING:
            return rule.finding(Outcome.NOT_APPLICABLE, subject=identity.subject, reason=f"报告中没有 {ptr}")
        values[ptr] = value
    places = tuple(place_for(version, ptr, values[ptr], weight=w, document=document) for ptr, w in operands)
    blanks = [p for p in places if as_number(p.value) is None]
    total = as_number(values[identity.total])
    right: Number | None = None
    if not any(as_number(values[ptr]) is None for ptr, _ in operands[1:]):
        right = sum((as_number(values[i.pointer]) or 0) * i.weight for i in identity.items)
    if blanks:
        where = "、".join(f"{p.label}（{describe_value(p.value)}）" for p in blanks)
        return rule.finding(
            Outcome.CANNOT_TELL,
            subject=identity.subject,
            places=places,
            left=total,
            right=right,
            reason=f"无法判断：{where} 没有数字，不按0计",
        )
    if total is None or right is None:  # pragma: no cover - blanks handled above
        raise AssertionError(identity.id)
    imbalance = total - right
    if imbalance == 0:
        return rule.finding(
            Outcome.PASSED, subject=identity.subject, places=places, left=total, right=right, imbalance=0
        )
    terms = " ".join(f"{'+' if p.weight and p.weight > 0 else '−'} {p.value}" for p in places[1:]).lstrip("+ ")
    return rule.finding(
        Outcome.FAILED,
        subject=identity.subject,
        places=places,
        left=total,
        right=right,
        imbalance=imbalance,
        reason=f"{identity.subject}：{places[0].label} = {total}，而 {terms} = {right}，相差 {imbalance}",
    )


@functools.cache
def _compile_quick(identities: tuple[Identity, ...]) -> Callable[[Any], list[tuple[int, int, Any]]]:
    """A function telling, from the records themselves (no JSON needed), which identities may not pass.

    It lists ``(index, status, actual)`` for each identity that is not balanced with every operand a number:
    ``status`` 2 when its condition does not hold (``actual`` the value found there), 1 for anything else, which
    the full evaluator explains.  The identities it leaves out pass.

    Pointers name attributes directly (the naming policy maps keys to attribute names one to one).
    """

    # Each record holding operands (a row) is read once, into a local; one that is absent (the other layout of
    # （六）) becomes _MISSING, whose attributes raise AttributeError like the record's absence would.
    parents: dict[tuple[str, ...], str] = {(): "r"}
    lines = ["def quick(r):", "    out = []"]
    for identity in identities:
        pointers = [identity.total, *(i.pointer for i in identity.items)]
        if identity.when is not None:
            pointers.append(identity.when.pointer)
        for ptr in pointers:
            parent = _tokens(ptr)[:-1]
            if parent not in parents:
                parents[parent] = name = f"p{len(parents)}"
                lines += [
                    "    try:",
                    f"        {name} = r{''.join(f'.{token}' for token in parent)}",
                    "    except AttributeError:",
                    f"        {name} = _MISSING",
                ]

    def access(ptr: str) -> str:
        tokens = _tokens(ptr)
        return f"{parents[tokens[:-1]]}.{tokens[-1]}"

    for index, identity in enumerate(identities):
        pad = "    "
        if identity.when is not None:
            lines += [
                f"{pad}try:",
                f"{pad}    c = {access(identity.when.pointer)}",
                f"{pad}except AttributeError:",
                f"{pad}    c = _MISSING",
                f"{pad}if c != {identity.when.equals!r}:",
                f"{pad}    out.append(({index}, 2, c))",
                f"{pad}else:",
            ]
            pad += "    "
        # The total must be a number.  An item that is not (a mark, unreadable text, None) either raises TypeError
        # in the sum (a mark minus anything, a number plus a mark …) or makes the sum no number, which cannot equal
        # the total; so "balanced with every operand a number" needs no test of each item.
        terms = {1: " + {}", -1: " - {}"}
        items = "".join(
            terms.get(item.weight, f" + {item.weight} * {{}}").format(access(item.pointer)) for item in identity.items
        ).removeprefix(" +")
        lines += [
            f"{pad}try:",
            f"{pad}    t = {access(identity.total)}",
            f"{pad}    ok = t.__class__ in _N and t == {items or '0'}",
            f"{pad}except (AttributeError, TypeError):",
            f"{pad}    ok = False",
        ]
        lines.append(f"{pad}if not ok:")
        lines.append(f"{pad}    out.append(({index}, 1, None))")
    lines.append("    return out")
    namespace: dict[str, Any] = {"_N": _NUMBER_TYPES, "_MISSING": MISSING}
    exec(compile("\n".join(lines), "<govreport identities>", "exec"), namespace)
    quick: Callable[[Any], list[tuple[int, int, Any]]] = namespace["quick"]
    return quick


def _not_applicable(
    rule: Rule,
    version: str,
    identity: Identity,
    when: Condition,
    actual: Any,
    cache: dict[tuple[str, Any], tuple[Rule, Finding]],
) -> Finding:
    """The finding for an identity whose condition does not hold (the other layout of （六）).

    Every report of the other layout gets the same finding, and findings are frozen, so batch runs make each once
    (per rule object: a rule copied with another severity gets its own).
    """
    try:
        key = (identity.id, actual)
        kept = cache.get(key)
    except TypeError:  # an unhashable value at the condition's pointer: nothing to keep
        return rule.finding(
            Outcome.NOT_APPLICABLE, subject=identity.subject, reason=_when_reason(version, when, actual)
        )
    if kept is not None and kept[0] is rule:
        return kept[1]
    finding = rule.finding(Outcome.NOT_APPLICABLE, subject=identity.subject, reason=_when_reason(version, when, actual))
    if len(cache) > 256:  # the values at a condition's pointer are few; this only bounds odd rules files
        cache.clear()
    cache[key] = (rule, finding)
    return finding


class _Shape:
    """What is the same for every report whose condition pointers hold the same values."""

    __slots__ = ("decide", "kept", "values")

    def __init__(self, values: dict[str, Any], decide: Callable[[Any], tuple[bool, ...] | None], groups: int) -> None:
        self.values = values
        self.decide = decide
        self.kept: list[tuple[Rule, NotPassed] | None] = [None] * groups


class _Decider:
    """Batch runs: decides every identity rule of one rules file at once, from the records themselves.

    For a report it reads the values at the identities' condition pointers (e.g. the layout of （六）) and tells,
    for each rule, whether every identity whose condition holds is balanced with every operand a number.  Such a
    rule's only findings that do not pass are those of the identities whose condition does not hold, the same for
    every report with those values, so they are made once.  A rule not decided so (or any surprise: a missing
    record, an unhashable value) is left to the rule's own batch evaluation.
    """

    def __init__(self, version: str, groups: tuple[tuple[Identity, ...], ...]) -> None:
        self.version = version
        self.groups = groups
        self.conditions = tuple(dict.fromkeys(i.when.pointer for g in groups for i in g if i.when is not None))
        self._read_key = _compile_key(self.conditions)
        self._shapes: dict[tuple[Any, ...], _Shape] = {}

    def __call__(self, report: Any) -> tuple[_Shape, tuple[bool, ...]] | None:
        key = self._read_key(report)
        try:
            shape = self._shapes.get(key)
        except TypeError:  # an unhashable value at a condition's pointer
            return None
        if shape is None:
            if len(self._shapes) > 32:  # the values at a condition's pointer are few; this only bounds odd data
                self._shapes.clear()
            values = dict(zip(self.conditions, key, strict=True))
            shape = self._shapes[key] = _Shape(values, _compile_decide(self.groups, values), len(self.groups))
        passed = shape.decide(report)
        return None if passed is None else (shape, passed)

    def kept(self, rule: Rule, index: int, shape: _Shape) -> NotPassed:
        """The not-applicable findings of group ``index`` in reports of ``shape``, in the order of its identities."""
        kept = shape.kept[index]
        if kept is None or kept[0] is not rule:  # (a copy of the rule with, say, another severity makes its own)
            values = shape.values
            findings = NotPassed(
                rule.finding(
                    Outcome.NOT_APPLICABLE,
                    subject=identity.subject,
                    reason=_when_reason(self.version, identity.when, values[identity.when.pointer]),
                )
                for identity in self.groups[index]
                if identity.when is not None and values[identity.when.pointer] != identity.when.equals
            )
            kept = shape.kept[index] = (rule, findings)
        return kept[1]


def _compile_key(conditions: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function reading the values at the condition pointers from the records (:data:`MISSING` when absent)."""
    lines = ["def key(r):"]
    for n, ptr in enumerate(conditions):
        lines += [
            "    try:",
            f"        k{n} = r{''.join(f'.{token}' for token in _tokens(ptr))}",
            "    except AttributeError:",
            f"        k{n} = _MISSING",
        ]
    lines.append(f"    return ({''.join(f'k{n}, ' for n in range(len(conditions)))})")
    namespace: dict[str, Any] = {"_MISSING": MISSING}
    exec(compile("\n".join(lines), "<govreport identity conditions>", "exec"), namespace)
    key: Callable[[Any], tuple[Any, ...]] = namespace["key"]
    return key


class AttributeReads:
    """For generated code: each attribute path of the report ``r`` read once, into a local, parents first."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, ...], str] = {(): "r"}
        self.lines: list[str] = []
        """The reading statements, indented for a ``try:`` block in a function."""

    def local(self, tokens: tuple[str, ...]) -> str:
        """The local holding ``r.<tokens>``, read by :attr:`lines`."""
        name = self.names.get(tokens)
        if name is None:
            parent = self.local(tokens[:-1])
            name = self.names[tokens] = f"v{len(self.names)}"
            self.lines.append(f"        {name} = {parent}.{tokens[-1]}")
        return name


def _compile_decide(
    groups: tuple[tuple[Identity, ...], ...], values: dict[str, Any]
) -> Callable[[Any], tuple[bool, ...] | None]:
    """A function telling, for each group, whether every identity whose condition holds (given ``values``) passes.

    Every record and every operand is read once, into a local; it returns ``None`` when one is absent.  A cell
    holds an int, a Decimal, a Mark or an Unreadable (the records' validators and the schema see to it): an item
    that is no number raises TypeError in the sum (as in :func:`_compile_quick`), and a total that is none equals
    no number, so "total == sum" alone says the identity is balanced with every operand a number.
    """
    reads = AttributeReads()
    local = reads.local

    tests: list[str] = []
    for index, group in enumerate(groups):
        terms = []
        for identity in group:
            if identity.when is not None and values[identity.when.pointer] != identity.when.equals:
                continue  # not applicable under this key: a kept finding
            total = local(_tokens(identity.total))
            weighted = {1: " + {}", -1: " - {}"}
            items = "".join(
                weighted.get(item.weight, f" + {item.weight} * {{}}").format(local(_tokens(item.pointer)))
                for item in identity.items
            ).removeprefix(" +")
            terms.append(f"{total} == {items or '0'}")
        tests += [
            "    try:",
            f"        b{index} = {' and '.join(terms) or 'True'}",
            "    except Exception:",
            f"        b{index} = False",
        ]
    lines = ["def decide(r):", "    try:", *reads.lines, "        pass", "    except Exception:", "        return None"]
    lines += tests
    lines.append(f"    return ({''.join(f'b{n}, ' for n in range(len(groups)))})")
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), "<govreport identities decided>", "exec"), namespace)
    decide: Callable[[Any], tuple[bool, ...] | None] = namespace["decide"]
    return decide


_UNSET = object()


def identity_rules(*rules_files: RulesFile) -> tuple[Rule, ...]:
    """The rules of one or more rules files, each evaluating its identities with the one identity evaluator.

    A rule declared in the files of several format versions is one rule applying to all of them.
    """
    per_id: dict[str, dict[str, Rule]] = {}
    for rules_file in rules_files:
        for rule in _file_rules(rules_file):
            per_id.setdefault(rule.id, {})[rules_file.format_version] = rule
    out = []
    for by_version in per_id.values():
        first = next(iter(by_version.values()))
        if len(by_version) == 1:
            out.append(first)
            continue

        def evaluate(rule: Rule, context: Context, by_version: dict[str, Rule] = by_version) -> Iterable[Finding]:
            return by_version[context.version].evaluate(rule, context)

        out.append(attrs.evolve(first, versions=tuple(sorted(by_version)), evaluate=evaluate))
    return tuple(sorted(out, key=lambda r: r.id))


def _file_rules(rules_file: RulesFile) -> tuple[Rule, ...]:
    """The rules of one rules file."""
    by_rule: dict[str, list[Identity]] = {}
    for identity in rules_file.identities:
        by_rule.setdefault(identity.rule, []).append(identity)
    version = rules_file.format_version
    groups = tuple(tuple(by_rule.get(spec.id, ())) for spec in rules_file.rules)
    decider = _Decider(version, groups)
    out = []
    for index, (spec, mine) in enumerate(zip(rules_file.rules, groups, strict=True)):
        quick = _compile_quick(mine)

        def evaluate(
            rule: Rule,
            context: Context,
            index: int = index,
            mine: tuple[Identity, ...] = mine,
            quick: Callable[[Any], list[tuple[int, int, Any]]] = quick,
            not_applicable: dict[tuple[str, Any], tuple[Rule, Finding]] = {},  # noqa: B006 - a cache, see below
        ) -> Iterable[Finding]:
            if context.detail:
                return [evaluate_identity(rule, identity, context.data, version) for identity in mine]
            # batch runs: every rule of the rules file decided at once, once per report (kept in the context)
            cache = context._cache
            decided = cache.get(decider, _UNSET)
            if decided is _UNSET:
                try:
                    decided = decider(context.report)
                except Exception:  # anything unforeseen: each rule explains itself
                    decided = None
                cache[decider] = decided
            if decided is not None and decided[1][index]:
                kept = decided[0].kept[index]
                return kept[1] if kept is not None and kept[0] is rule else decider.kept(rule, index, decided[0])
            return list(_batch(rule, context, version, mine, quick, not_applicable))

        out.append(
            Rule(
                id=spec.id,
                versions=(version,),
                severity=spec.severity,
                message_zh=spec.message_zh,
                message_en=spec.message_en,
                doc=spec.doc,
                formula=spec.formula,
                table=spec.table,
                evaluate=evaluate,
            )
        )
    return tuple(out)


def _batch(
    rule: Rule,
    context: Context,
    version: str,
    mine: tuple[Identity, ...],
    quick: Callable[[Any], list[tuple[int, int, Any]]],
    not_applicable: dict[tuple[str, Any], tuple[Rule, Finding]],
) -> Iterator[Finding]:
    """Batch runs, one rule: decide the common cases from the records, explain the rest in full.

    (the identities ``quick`` leaves out pass: batch runs keep only what did not pass)
    """
    for index, status, actual in quick(context.report):
        identity = mine[index]
        if status == 2 and identity.when is not None:
            yield _not_applicable(rule, version, identity, identity.when, actual, not_applicable)
        else:
            yield evaluate_identity(rule, identity, context.data, version)
