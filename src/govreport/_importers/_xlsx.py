"""A filled XLSX form (a govreport template or an XLSX export) read back into a report, cell by cell.

The sheets are those the XLSX exporter writes (see :mod:`govreport.grid`): ``报告信息`` and ``正文`` hold one
JSON Pointer and its value per row; ``表二`` / ``表三`` / ``表四`` hold the tables in the official layout, read
after checking that every label is still where the format puts it.  Numbers are read exactly, marks as
written, and a cell the export marked unreadable (by its comment) as its text.  The ``明细`` sheet is for
reading only and is ignored.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from govreport._importers._registry import ImportFailed
from govreport._importers._result import ImportReport, ImportResult, Provenance
from govreport._importers._source import Where
from govreport._importers._zip import check_zip
from govreport.errors import InputError, split_pointer
from govreport.formats import REPORT_CLASSES, AnyReport
from govreport.formats._fields import CellKind
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
    grids,
)
from govreport.jsonio import loads
from govreport.validate import InvalidReport, validate_data

_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_MARKS = {m.value: m for m in Mark}


def _where(ws: Any, r: int, c: int) -> str:
    return f"sheet {ws.title!r} cell {get_column_letter(c)}{r}"


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


def _read_pairs(ws: Any, data: dict[str, Any], where: dict[str, str], text: bool) -> None:
    for r, row in enumerate(ws.iter_rows(min_row=2, max_col=3), start=2):
        pointer, _label, content = (*(c.value for c in row), None, None, None)[:3]
        if pointer is None or str(pointer).strip() == "":
            continue
        pointer = str(pointer).strip()
        if not pointer.startswith("/"):
            raise InputError(f"{_where(ws, r, 1)}: expected a JSON Pointer starting with '/', found {pointer!r}")
        value = _scalar(content)
        if value is None and len(row) > 2 and row[2].data_type == "inlineStr":
            value = ""  # an empty text the export wrote (an empty paragraph, say); an empty cell has no type
        elif value is None or (value == "" and not text):
            continue
        if text and not isinstance(value, str):
            value = str(value)
        where[pointer.removesuffix("/-")] = _where(ws, r, 3)
        if pointer == "/extensions":
            try:
                data["extensions"] = loads(value)
            except InputError as exc:
                raise InputError(f"{_where(ws, r, 3)}: {exc.message}") from None
        elif pointer.endswith("/-"):
            _append(data, pointer, value)
        else:
            _set(data, pointer, value)


def _parse_cell(ws: Any, r: int, c: int, cell: GridCell) -> Any:
    target = ws.cell(row=r, column=c)
    value = target.value
    where = _where(ws, r, c)
    if target.comment is not None and XLSX_UNREADABLE_NOTE in target.comment.text and isinstance(value, str | None):
        return {"unreadable": value or ""}  # an unreadable cell's text, even an empty one
    if value is None:
        return Mark.BLANK.value
    if isinstance(value, bool | datetime.date | datetime.time | datetime.timedelta):
        raise InputError(f"{where}: expected a number or a mark, found {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if text in _MARKS:
            return text
        if _NUMBER.match(text):
            value = Decimal(text)
        else:
            raise InputError(
                f"{where}: expected a number, an empty cell or one of the marks '/', '—', '无'; found {value!r}"
            )
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if cell.kind is CellKind.AMOUNT:
            return value
        if value != value.to_integral_value():
            raise InputError(f"{where}: expected a whole number, found {value}")
        return int(value)
    if isinstance(value, int):
        return Decimal(value) if cell.kind is CellKind.AMOUNT else value
    raise InputError(f"{where}: expected a number or a mark, found {value!r}")  # pragma: no cover


def _check_labels(ws: Any, grid: Grid) -> str | None:
    for cell in grid.cells:
        if cell.role == "value":
            continue
        found = ws.cell(row=XLSX_FIRST_ROW + cell.row, column=1 + cell.col).value
        if (str(found).strip() if found is not None else "") != cell.text:
            return (
                f"{_where(ws, XLSX_FIRST_ROW + cell.row, 1 + cell.col)}: expected the label {cell.text!r}, "
                f"found {found!r}"
            )
    return None


def _read(data: bytes, name: str) -> tuple[dict[str, Any], dict[str, str], list[tuple[str, str, Where]], str]:
    """The document's data, where each value came from, each table cell's (pointer, text, place), its version."""
    check_zip(data, name, required="xl/workbook.xml", kind="XLSX workbook")
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFailed(f"{name}: not a readable XLSX workbook ({type(exc).__name__}: {exc})", code="xlsx") from None
    sheets = (XLSX_META_SHEET, XLSX_TEXT_SHEET, *XLSX_TABLE_SHEETS.values())
    missing = [s for s in sheets if s not in wb.sheetnames]
    if missing:
        raise ImportFailed(f"{name}: not a govreport spreadsheet: missing sheet(s) {', '.join(missing)}", code="xlsx")
    out: dict[str, Any] = {}
    where: dict[str, str] = {}
    cells: list[tuple[str, str, Where]] = []
    try:
        _read_pairs(wb[XLSX_META_SHEET], out, where, text=False)
        _read_pairs(wb[XLSX_TEXT_SHEET], out, where, text=True)
        version = str(out.get("format_version", ""))
        if version not in REPORT_CLASSES:
            raise InputError(f"sheet {XLSX_META_SHEET!r}: /format_version must be one of {', '.join(REPORT_CLASSES)}")
        layout = out.get("applications", {}).get("results", {}).get("other_handling", {}).get("layout")
        doc = blank(version, other_handling="combined" if layout == "combined" else None)
        for table, grid in grids(doc).items():
            ws = wb[XLSX_TABLE_SHEETS[table]]
            problem = _check_labels(ws, grid)
            if problem:
                raise InputError(f"{problem} (rows and columns must stay where the format puts them)")
            for cell in grid.values():
                r, c = XLSX_FIRST_ROW + cell.row, 1 + cell.col
                assert cell.pointer is not None
                value = _parse_cell(ws, r, c, cell)
                _set(out, cell.pointer, value)
                where[cell.pointer] = _where(ws, r, c)
                text = ws.cell(row=r, column=c).value
                cells.append((cell.pointer, "" if text is None else str(text), Where(sheet=ws.title, row=r, column=c)))
    except InputError as exc:
        raise ImportFailed(f"{name}: {exc.message}", code="xlsx") from None
    return out, where, cells, version


def read(data: bytes, name: str) -> ImportResult:
    """The report in a filled XLSX form, with the sheet and cell of every table value."""
    content, where, cells, version = _read(data, name)
    result = validate_data(content, version=version, source=name)
    if result.report is None:
        problems = "; ".join(f"{_locate(i.pointer, where)}{i.pointer}: {i.message}" for i in result.issues[:5])
        more = f" (and {len(result.issues) - 5} more)" if len(result.issues) > 5 else ""
        raise ImportFailed(f"{name}: the form does not hold a valid report: {problems}{more}", code="invalid")
    values: list[Provenance] = []
    unreadable: list[Provenance] = []
    for pointer, text, place in cells:
        label = where.get(pointer, "")
        provenance = Provenance(pointer=pointer, label=label, text=text, where=place)
        (unreadable if isinstance(_value_at(content, pointer), dict) else values).append(provenance)
    report = ImportReport(
        source=name,
        importer="xlsx",
        rendering="xlsx",
        version=version,
        version_reason=f"given in the form (sheet {XLSX_META_SHEET!r}, /format_version)",
        values=tuple(sorted(values)),
        unreadable=tuple(sorted(unreadable)),
        declined=(),
        unplaced=(),
        notes=(),
    )
    return ImportResult(report=result.report, version=version, import_report=report)


def read_report(data: bytes, name: str) -> AnyReport:
    """The report in a filled XLSX form; :class:`~govreport.validate.InvalidReport` with every issue when the
    form holds an invalid report (each message names its sheet and cell)."""
    content, where, _, version = _read(data, name)
    result = validate_data(content, version=version, source=name)
    if result.report is None:
        import attrs

        issues = tuple(attrs.evolve(i, message=f"{_locate(i.pointer, where)}{i.message}") for i in result.issues)
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
            return f"({where[probe]}) "
        probe = probe.rsplit("/", 1)[0]
    return ""
