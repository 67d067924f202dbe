"""A filled XLSX form (a govreport template or an XLSX export) read back into a report, cell by cell.

The sheets are those the XLSX exporter writes (see :mod:`govreport.grid`): ``报告信息`` and ``正文`` hold one
JSON Pointer and its value per row; ``表二`` / ``表三`` / ``表四`` hold the tables in the official layout, read
after checking that every label is still where the format (and the regional variants the form declares) puts
it.  Numbers are read exactly, marks as written, and a cell the export marked unreadable (by its comment) as its
text.  An enumerated field (机关类型, 行政层级 …) may hold its Chinese name, as the form's drop-down list offers, or
its code.  The ``明细`` and ``选项`` sheets are for reading only and are ignored.

Every problem of a form is reported at once, each naming its sheet and cell and, for a field with choices, the
values it may hold: a clerk fixes them in one pass.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from govreport._importers._registry import ImportFailed
from govreport._importers._result import ImportReport, ImportResult, Provenance
from govreport._importers._source import Where
from govreport._importers._zip import check_zip
from govreport.errors import InputError, split_pointer
from govreport.formats import REPORT_CLASSES, AnyReport, Variant
from govreport.formats._fields import CellKind
from govreport.formats._introspect import strip_optional
from govreport.formats._variants import by_name
from govreport.formats.cells import Mark
from govreport.grid import (
    XLSX_FIRST_ROW,
    XLSX_META_SHEET,
    XLSX_TABLE_SHEETS,
    XLSX_TEXT_SHEET,
    XLSX_UNREADABLE_NOTE,
    Grid,
    GridCell,
    blank,
    form_choices,
    grids,
)
from govreport.jsonio import loads
from govreport.labels import field_at
from govreport.validate import InvalidReport, ValidationResult, validate_data

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_DECIMALS = re.compile(r'^0\.(0+)(?:"[^"]*")?$')
"""A number format that shows a fixed count of decimals (``0.00``, ``0.00"元"``): the decimals the report wrote."""
_MARKS = {m.value: m for m in Mark}

MAX_PROBLEMS_LISTED = 50
"""A form with more problems than this lists the first ones and counts the rest: a sheet pasted in the wrong
place gives hundreds, and the first fifty show what happened."""


def _where(ws: Any, r: int, c: int) -> str:
    return f"工作表「{ws.title}」{get_column_letter(c)}{r}单元格"


def _set(data: dict[str, Any], pointer: str, value: Any) -> None:
    tokens = split_pointer(pointer)
    target: Any = data
    for token in tokens[:-1]:
        target = target.setdefault(token, {})
    target[tokens[-1]] = value


def _append(data: dict[str, Any], pointer: str, value: Any) -> None:
    tokens = split_pointer(pointer)[:-1]
    target: Any = data
    for token in tokens[:-1]:
        target = target.setdefault(token, {})
    target.setdefault(tokens[-1], []).append(value)


def _scalar(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return int(value) if value.is_integer() else Decimal(repr(value))
    return value  # text as written: spaces at either end are the report's (nothing is trimmed silently)


class _Form:
    """What is read from a form: the document's data, where each value came from, the table cells, the problems."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.where: dict[str, str] = {}
        self.cells: list[tuple[str, str, Where]] = []
        self.problems: list[str] = []

    def problem(self, text: str) -> None:
        self.problems.append(text)


def _choice(value: Any, choices: dict[str, str]) -> Any:
    """The code of an enumerated field's value given as its code or its Chinese name; ``None`` when it is neither."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text in choices:
        return text
    return next((code for code, name in choices.items() if name == text), None)


def _read_pairs(ws: Any, form: _Form, *, text: bool, choices: dict[str, dict[str, str]]) -> None:
    for r, row in enumerate(ws.iter_rows(min_row=2, max_col=3), start=2):
        pointer, label, content = (*(c.value for c in row), None, None, None)[:3]
        if pointer is None or str(pointer).strip() == "":
            continue
        pointer = str(pointer).strip()
        if not pointer.startswith("/"):
            form.problem(f"{_where(ws, r, 1)}：应为以“/”开头的 JSON 指针，实际是「{pointer}」")
            continue
        value = _scalar(content)
        form.where.setdefault(pointer.removesuffix("/-"), _where(ws, r, 3))
        if value is None and len(row) > 2 and row[2].data_type == "inlineStr":
            value = ""  # an empty text the export wrote (an empty paragraph, say); an empty cell has no type
        elif value is None or (value == "" and not text):
            top = split_pointer(pointer)[0]
            if not text and top == "metadata":  # so that a field left empty is named, not the whole section
                form.data.setdefault(top, {})
            continue
        if text and not isinstance(value, str):
            value = str(value)
        where = _where(ws, r, 3)
        if value == EMPTY_RECORD and not text and _names_record(form, pointer):
            value = {}  # a record all of whose fields are empty (the export writes it so)
        allowed = choices.get(pointer)
        if allowed is not None:
            code = _choice(value, allowed)
            if code is None:
                names = "、".join(allowed.values())
                form.problem(f"{where}（{label or pointer}）：「{value}」不是以下之一：{names}")
                continue
            value = code
        form.where[pointer.removesuffix("/-")] = where
        if pointer == "/extensions":
            try:
                form.data["extensions"] = loads(value)
            except InputError as exc:
                form.problem(f"{where}：{exc.message}")
        elif pointer.endswith("/-"):
            _append(form.data, pointer, value)
        else:
            _set(form.data, pointer, value)


EMPTY_RECORD = "{}"
"""How the export writes a record all of whose fields are empty."""


def _names_record(form: _Form, pointer: str) -> bool:
    """Whether ``pointer`` names a record (a field whose value is an object) of the form's format version."""
    version = str(form.data.get("format_version", ""))
    if version not in REPORT_CLASSES or pointer.endswith("/-"):
        return False
    spec = field_at(REPORT_CLASSES[version], tuple(split_pointer(pointer)))
    if spec is None:
        return False
    tp, _ = strip_optional(spec.type)
    return isinstance(tp, type) and attrs.has(tp)


def _parse_cell(ws: Any, r: int, c: int, cell: GridCell) -> Any:
    target = ws.cell(row=r, column=c)
    value = target.value
    where = _where(ws, r, c)
    if target.comment is not None and XLSX_UNREADABLE_NOTE in target.comment.text and isinstance(value, str | None):
        return {"unreadable": value or ""}  # an unreadable cell's text, even an empty one
    if value is None:
        return Mark.BLANK.value
    if isinstance(value, bool | datetime.date | datetime.time | datetime.timedelta):
        raise InputError(f"{where}：应为数字或符号，实际是「{value}」")
    if isinstance(value, str):
        text = value.strip()
        if text in _MARKS:
            return text
        if _NUMBER.match(text):
            value = Decimal(text)
        else:
            raise InputError(f"{where}：应为数字、空白或符号“/”“—”“无”之一，实际是「{value}」")
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, int | Decimal) and cell.kind is CellKind.AMOUNT:
        places = _DECIMALS.match(target.number_format or "")
        number = Decimal(value)
        shown = number.quantize(Decimal(1).scaleb(-len(places[1]))) if places else number
        return shown if shown == number else number  # the decimals shown, never a rounded value
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise InputError(f"{where}：应为整数，实际是{value}")
        return int(value)
    if isinstance(value, int):
        return Decimal(value) if cell.kind is CellKind.AMOUNT else value
    raise InputError(f"{where}：应为数字或符号，实际是「{value}」")  # pragma: no cover


def _check_labels(ws: Any, grid: Grid) -> str | None:
    for cell in grid.cells:
        if cell.role == "value":
            continue
        found = ws.cell(row=XLSX_FIRST_ROW + cell.row, column=1 + cell.col).value
        if (str(found).strip() if found is not None else "") != cell.text:
            return (
                f"{_where(ws, XLSX_FIRST_ROW + cell.row, 1 + cell.col)}：应为标签「{cell.text}」，"
                f"实际是「{'' if found is None else found}」"
            )
    return None


def _declared(form: _Form, variants: Sequence[Variant], version: str) -> tuple[Variant, ...]:
    """The records of the variants the form declares (``/variants``); a problem for each no plugin provides."""
    available = by_name(variants)
    out = []
    for name in form.data.get("variants", []):
        variant = available.get(name)
        if variant is None:
            known = "、".join(sorted(available)) or "无"
            form.problem(
                f"工作表「{XLSX_META_SHEET}」（/variants）：此表格属于地方变体 {name}，但已安装的插件都不提供它"
                f"（已安装：{known}）"
            )
        elif variant.base_format != version:
            form.problem(f"工作表「{XLSX_META_SHEET}」（/variants）：{name} 是在{variant.base_format}年格式上的扩展")
        else:
            out.append(variant)
    return tuple(out)


def _read(data: bytes, name: str, variants: Sequence[Variant]) -> tuple[_Form, str, tuple[Variant, ...]]:
    """The form read: its data, places and problems; its version; the variants it declares."""
    check_zip(data, name, required="xl/workbook.xml", kind="XLSX 工作簿")
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFailed(f"{name}: 不是可读的 XLSX 工作簿（{type(exc).__name__}: {exc}）", code="xlsx") from None
    sheets = (XLSX_META_SHEET, XLSX_TEXT_SHEET, *XLSX_TABLE_SHEETS.values())
    missing = [s for s in sheets if s not in wb.sheetnames]
    if missing:
        raise ImportFailed(f"{name}: 不是 govreport 的电子表格：缺少工作表{'、'.join(missing)}", code="xlsx")
    form = _Form()
    meta_rows = wb[XLSX_META_SHEET].iter_rows(min_row=2, max_col=3, values_only=True)
    version_cell = next((row[2] for row in meta_rows if len(row) > 2 and row[0] == "/format_version"), None)
    version = str(version_cell or "")
    if version not in REPORT_CLASSES:
        raise ImportFailed(
            f"{name}: 工作表「{XLSX_META_SHEET}」：/format_version 应为{'或'.join(REPORT_CLASSES)}，"
            f"实际是「{'' if version_cell is None else version_cell}」",
            code="xlsx",
        )
    choices = form_choices(version)
    _read_pairs(wb[XLSX_META_SHEET], form, text=False, choices=choices)
    _read_pairs(wb[XLSX_TEXT_SHEET], form, text=True, choices={})
    declared = _declared(form, variants, version)
    layout = form.data.get("applications", {}).get("results", {}).get("other_handling", {}).get("layout")
    doc = blank(version, other_handling="combined" if layout == "combined" else None, variants=declared)
    for table, grid in grids(doc).items():
        ws = wb[XLSX_TABLE_SHEETS[table]]
        problem = _check_labels(ws, grid)
        if problem:
            form.problem(f"{problem}（行和列须保持在表格原有的位置）")
            continue
        for cell in grid.values():
            r, c = XLSX_FIRST_ROW + cell.row, 1 + cell.col
            assert cell.pointer is not None
            try:
                value = _parse_cell(ws, r, c, cell)
            except InputError as exc:
                form.problem(exc.message)
                continue
            _set(form.data, cell.pointer, value)
            form.where[cell.pointer] = _where(ws, r, c)
            text = ws.cell(row=r, column=c).value
            form.cells.append((cell.pointer, "" if text is None else str(text), Where(sheet=ws.title, row=r, column=c)))
    return form, version, declared


def _problems_text(problems: Sequence[str]) -> str:
    shown = list(problems[:MAX_PROBLEMS_LISTED])
    if len(problems) > MAX_PROBLEMS_LISTED:
        shown.append(f"……另有{len(problems) - MAX_PROBLEMS_LISTED}处")
    return "\n".join(f"  {p}" for p in shown)


def _validated(form: _Form, name: str, version: str, declared: tuple[Variant, ...]) -> ValidationResult:
    """The form's data validated; :class:`ImportFailed` listing every problem of the form (its cells first)."""
    if form.problems:
        raise ImportFailed(f"{name}: 表格有{len(form.problems)}处问题：\n{_problems_text(form.problems)}", code="xlsx")
    return validate_data(form.data, version=version, source=name, variants=declared)


def read(data: bytes, name: str, variants: Sequence[Variant] = ()) -> ImportResult:
    """The report in a filled XLSX form, with the sheet and cell of every table value; ``variants`` are the
    regional variants a form may declare (their rows and labels are read too)."""
    form, version, declared = _read(data, name, variants)
    result = _validated(form, name, version, declared)
    if result.report is None:
        problems = [
            f"{_locate(i.pointer, form.where)}{i.pointer}{f'（{i.label}）' if i.label else ''}：{i.message}"
            for i in result.issues
        ]
        raise ImportFailed(
            f"{name}: 表格中的内容不构成有效的报告，有{len(problems)}处问题：\n{_problems_text(problems)}",
            code="invalid",
        )
    values: list[Provenance] = []
    unreadable: list[Provenance] = []
    for pointer, text, place in form.cells:
        label = form.where.get(pointer, "")
        provenance = Provenance(pointer=pointer, label=label, text=text, where=place)
        (unreadable if isinstance(_value_at(form.data, pointer), dict) else values).append(provenance)
    report = ImportReport(
        source=name,
        importer="xlsx",
        rendering="xlsx",
        version=version,
        version_reason=f"按表格中的写明（工作表「{XLSX_META_SHEET}」，/format_version）",
        values=tuple(sorted(values)),
        unreadable=tuple(sorted(unreadable)),
        declined=(),
        unplaced=(),
        notes=(),
    )
    return ImportResult(report=result.report, version=version, import_report=report)


def read_report(data: bytes, name: str, variants: Sequence[Variant] = ()) -> AnyReport:
    """The report in a filled XLSX form; :class:`~govreport.validate.InvalidReport` with every issue when the
    form holds an invalid report (each message names its sheet and cell), :class:`ImportFailed` listing every
    cell that holds no value of its kind."""
    form, version, declared = _read(data, name, variants)
    result = _validated(form, name, version, declared)
    if result.report is None:
        issues = tuple(attrs.evolve(i, message=f"{_locate(i.pointer, form.where)}{i.message}") for i in result.issues)
        raise InvalidReport(attrs.evolve(result, issues=issues))
    return result.report


def _value_at(data: Any, pointer: str) -> Any:
    for token in split_pointer(pointer):
        data = data[token]
    return data


def _locate(pointer: str, where: dict[str, str]) -> str:
    probe = pointer
    while probe:
        if probe in where:
            return f"（{where[probe]}）"
        probe = probe.rsplit("/", 1)[0]
    return ""
