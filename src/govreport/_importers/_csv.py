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
        raise InputError("指针指向整个文档")
    target: Any = data
    for token, following in itertools.pairwise(tokens):
        fresh: Any = [] if following.isdigit() else {}
        if isinstance(target, list) and token.isdigit() and int(token) == len(target):
            target.append(fresh)
        elif isinstance(target, dict):
            target.setdefault(token, fresh)
        elif not (isinstance(target, list) and token.isdigit() and int(token) < len(target)):
            raise InputError("指针经过的值中没有这个位置")
        target = target[int(token)] if isinstance(target, list) else target[token]
    last = tokens[-1]
    if isinstance(target, list) and last.isdigit() and int(last) == len(target):
        target.append(value)
    elif isinstance(target, dict) and last not in target:
        target[last] = value
    else:
        raise InputError("同一位置有第二个值，或列表项顺序不对")


def _kinds(version: str, variants: Sequence[Variant]) -> dict[str, CellKind]:
    """The kind of every table cell of a version (both layouts of （六）, the variants' rows)."""
    out = {r.pointer(c.key): c.kind for r in all_rows(version) for c in r.columns}
    for row in rows(version, variants=variants):
        out.update({row.pointer(c.key): c.kind for c in row.columns})
    return out


def _cell(text: str, value_type: str, kind: CellKind | None) -> Any:
    if value_type == "mark":
        if text not in _MARKS:
            raise InputError(f"「{text}」不是符号（应为空白或“/”“—”“无”之一）")
        return text
    if value_type == "unreadable":
        return {"unreadable": text}
    if value_type != "number":
        raise InputError(f"表格单元格的 value_type 应为 number、mark 或 unreadable，实际是「{value_type}」")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise InputError(f"应为数字，实际是「{text}」") from None
    if kind is CellKind.AMOUNT:
        return number
    if number != number.to_integral_value() or "." in text or "E" in text.upper():
        raise InputError(f"应为整数，实际是「{text}」")
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
            raise InputError(f"应为数字，实际是「{text}」") from None
        return int(number) if number == number.to_integral_value() and "." not in text else number
    raise InputError(f"未知的 value_type「{value_type}」（应为 text、number 或 json 之一）")


def read(data: bytes, name: str, variants: Sequence[Variant] = ()) -> ImportResult:
    """The report in govreport's tidy CSV; :class:`ImportFailed` listing every row that cannot be read."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{name}: 第{exc.start}字节处不是 UTF-8；请将 CSV 另存为 UTF-8", code="unreadable") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in NEEDED if c not in (reader.fieldnames or ())]
    if missing:
        raise ImportFailed(
            f"{name}: CSV 缺少列{'、'.join(missing)}；只有 govreport 导出的、带元数据列（value_type、pointer）的"
            "CSV 才能读回为报告",
            code="unreadable",
        )
    lines = list(enumerate(reader, start=2))
    first = next((row for _, row in lines if row.get("pointer") == "/format_version"), None)
    version = first["value"] if first else ""
    if version not in FORMAT_VERSIONS:
        raise ImportFailed(f"{name}: 没有写明2019或2021的 /format_version 行", code="unreadable")
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
                raise InputError(f"应为以“/”开头的 JSON 指针，实际是「{pointer}」")
            value_type = row.get("value_type") or ""
            text = plain(row.get("value") or "")
            if row.get("table"):
                value = _cell(text, value_type, kinds.get(pointer))
                where[pointer] = Where(line=line)
                _replace(content, split_pointer(pointer), value)
            else:
                _set(content, split_pointer(pointer), _value(text, value_type))
        except InputError as exc:
            problems.append(f"第{line}行（{pointer or '无指针'}）：{exc.message}")
    if problems:
        listed = problems[:MAX_PROBLEMS_LISTED]
        if len(problems) > MAX_PROBLEMS_LISTED:
            listed.append(f"……另有{len(problems) - MAX_PROBLEMS_LISTED}处")
        raise ImportFailed(f"{name}: 有{len(problems)}行无法读取：\n" + "\n".join(f"  {p}" for p in listed))
    result = validate_data(content, version=version, source=name, variants=declared)
    if result.report is None:
        issues = [f"  {i.pointer}：{i.message}" for i in result.issues[:MAX_PROBLEMS_LISTED]]
        raise ImportFailed(f"{name}: 这些行不构成有效的报告：\n" + "\n".join(issues), code="invalid")
    return whole_report(
        result.report,
        source=name,
        importer="csv",
        rendering="govreport tidy CSV",
        reason="按文件中的写明（/format_version 行）",
        variants=declared,
        where=where,
    )


def _replace(data: dict[str, Any], tokens: list[str], value: Any) -> None:
    """Put a table cell's value at ``tokens`` (inside a variant's extension data it may replace the value there)."""
    target: Any = data
    for token in tokens[:-1]:
        target = target.setdefault(token, {})
        if not isinstance(target, dict):
            raise InputError("表格单元格位于一个不是对象的值之内")
    target[tokens[-1]] = value
