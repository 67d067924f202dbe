"""govreport's tidy CSV read back: each row's value put at its JSON Pointer, typed by its ``value_type``.

The export (:mod:`govreport._export._csv`) writes every table cell and then every other value of the report, so
the file holds the whole report.  A byte-order mark (``--bom``, for Excel) is allowed; the columns may come in
any order, and extra columns (a note a reviewer added) are ignored.  A value the export wrote with an apostrophe
in front, so that spreadsheets show it as text, is read without it.  Every bad row is reported at once.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from govreport._formula import plain
from govreport._importers._registry import ImportFailed
from govreport._importers._result import ImportResult
from govreport._importers._source import Where
from govreport._importers._whole import whole_report
from govreport.errors import InputError, split_pointer
from govreport.formats import FORMAT_VERSIONS, Variant
from govreport.formats._fields import CellKind
from govreport.formats.cells import Mark
from govreport.jsonio import loads
from govreport.layout import all_rows, rows
from govreport.validate import validate_data

NEEDED = ("table", "value", "pointer", "value_type")
"""The columns a tidy CSV must have to read back."""

MAX_PROBLEMS_LISTED = 50
"""A file with more bad rows than this lists the first ones and counts the rest."""

_MARKS = {m.value for m in Mark}


def _set(data: dict[str, Any], tokens: list[str], value: Any) -> None:
    """Put ``value`` at ``tokens``; a digit token is an index into a list (rows come in order, so each index is the
    next one)."""
    if not tokens:
        raise InputError("the pointer names the whole document")
    target: Any = data
    for token, following in itertools.pairwise(tokens):
        fresh: Any = [] if following.isdigit() else {}
        if isinstance(target, list) and token.isdigit() and int(token) == len(target):
            target.append(fresh)
        elif isinstance(target, dict):
            target.setdefault(token, fresh)
        elif not (isinstance(target, list) and token.isdigit() and int(token) < len(target)):
            raise InputError("the pointer goes through a value that holds no such place")
        target = target[int(token)] if isinstance(target, list) else target[token]
    last = tokens[-1]
    if isinstance(target, list) and last.isdigit() and int(last) == len(target):
        target.append(value)
    elif isinstance(target, dict) and last not in target:
        target[last] = value
    else:
        raise InputError("a second value for the same place, or a list item out of order")


def _kinds(version: str, variants: Sequence[Variant]) -> dict[str, CellKind]:
    """The kind of every table cell of a version (both layouts of （六）, the variants' rows)."""
    out = {r.pointer(c.key): c.kind for r in all_rows(version) for c in r.columns}
    for row in rows(version, variants=variants):
        out.update({row.pointer(c.key): c.kind for c in row.columns})
    return out


def _cell(text: str, value_type: str, kind: CellKind | None) -> Any:
    if value_type == "mark":
        if text not in _MARKS:
            raise InputError(f"{text!r} is not a mark (one of '', '/', '—', '无')")
        return text
    if value_type == "unreadable":
        return {"unreadable": text}
    if value_type != "number":
        raise InputError(f"a table cell's value_type is number, mark or unreadable, not {value_type!r}")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InputError(f"expected a number, found {text!r}") from None
    if kind is CellKind.AMOUNT:
        return number
    if number != number.to_integral_value() or "." in text or "E" in text.upper():
        raise InputError(f"expected a whole number, found {text!r}")
    return int(number)


def _value(text: str, value_type: str) -> Any:
    if value_type == "text":
        return text
    if value_type == "json":
        return loads(text)
    if value_type == "number":
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise InputError(f"expected a number, found {text!r}") from None
        return int(number) if number == number.to_integral_value() and "." not in text else number
    raise InputError(f"unknown value_type {value_type!r} (one of text, number, json)")


def read(data: bytes, name: str, variants: Sequence[Variant] = ()) -> ImportResult:
    """The report in govreport's tidy CSV; :class:`ImportFailed` listing every row that cannot be read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{name}: not UTF-8 at byte {exc.start}; save the CSV as UTF-8", code="unreadable") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in NEEDED if c not in (reader.fieldnames or ())]
    if missing:
        raise ImportFailed(
            f"{name}: a tidy CSV without the column(s) {', '.join(missing)}; only a CSV govreport exported with its "
            "metadata (value_type, pointer) reads back into a report",
            code="unreadable",
        )
    lines = list(enumerate(reader, start=2))
    first = next((row for _, row in lines if row.get("pointer") == "/format_version"), None)
    version = first["value"] if first else ""
    if version not in FORMAT_VERSIONS:
        raise ImportFailed(f"{name}: no row /format_version naming 2019 or 2021", code="unreadable")
    declared_names = [row["value"] for _, row in lines if (row.get("pointer") or "").startswith("/variants/")]
    available = {v.name: v for v in variants}
    declared = tuple(available[n] for n in declared_names if n in available)
    kinds = _kinds(version, declared)
    content: dict[str, Any] = {}
    problems: list[str] = []
    where: dict[str, Where] = {}
    cells = [(n, row) for n, row in lines if row.get("table")]
    others = [(n, row) for n, row in lines if not row.get("table")]
    for line, row in others + cells:  # a variant's extension data (JSON) first, then its cells into it
        pointer = (row.get("pointer") or "").strip()
        try:
            if not pointer.startswith("/"):
                raise InputError(f"expected a JSON Pointer starting with '/', found {pointer!r}")
            value_type = row.get("value_type") or ""
            text = plain(row.get("value") or "")
            if row.get("table"):
                value = _cell(text, value_type, kinds.get(pointer))
                where[pointer] = Where(line=line)
                _replace(content, split_pointer(pointer), value)
            else:
                _set(content, split_pointer(pointer), _value(text, value_type))
        except InputError as exc:
            problems.append(f"line {line} ({pointer or 'no pointer'}): {exc.message}")
    if problems:
        listed = problems[:MAX_PROBLEMS_LISTED]
        if len(problems) > MAX_PROBLEMS_LISTED:
            listed.append(f"… and {len(problems) - MAX_PROBLEMS_LISTED} more")
        raise ImportFailed(f"{name}: {len(problems)} row(s) cannot be read:\n" + "\n".join(f"  {p}" for p in listed))
    result = validate_data(content, version=version, source=name, variants=declared)
    if result.report is None:
        issues = [f"  {i.pointer}: {i.message}" for i in result.issues[:MAX_PROBLEMS_LISTED]]
        raise ImportFailed(f"{name}: the rows do not make a valid report:\n" + "\n".join(issues), code="invalid")
    return whole_report(
        result.report,
        source=name,
        importer="csv",
        rendering="govreport tidy CSV",
        reason="given in the file (the row /format_version)",
        variants=declared,
        where=where,
    )


def _replace(data: dict[str, Any], tokens: list[str], value: Any) -> None:
    """Put a table cell's value at ``tokens`` (inside a variant's extension data it may replace the value there)."""
    target: Any = data
    for token in tokens[:-1]:
        target = target.setdefault(token, {})
        if not isinstance(target, dict):
            raise InputError("a table cell inside a value that is not an object")
    target[tokens[-1]] = value
