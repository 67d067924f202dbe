"""XLSX export (openpyxl); the XLSX importer (:mod:`govreport._importers._xlsx`) reads it back.

Sheets: ``报告信息`` (metadata, one JSON Pointer per row), ``正文`` (the prose,
one paragraph per row), ``表二`` / ``表三`` / ``表四`` in the official layout
with merged header cells, and ``明细`` (tidy data, as the CSV export).  A blank
template has the same sheets with empty cells.

:func:`read_xlsx` reads the first five back: numbers from the layout sheets
(after checking that every label is still where the format puts it), marks as
written, a cell the export marked unreadable (a cell comment) as its text.  The
``明细`` sheet is for reading only and is ignored.
"""

from __future__ import annotations

import datetime
import errno
import io
import os
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from govreport._export._csv import COLUMNS, cell_type, row_group
from govreport._export._zip import deterministic
from govreport.convert import unstructure
from govreport.formats import REPORT_CLASSES, AnyReport, Variant
from govreport.formats._introspect import fields_of
from govreport.formats.cells import Mark, Unreadable
from govreport.grid import (
    XLSX_FIRST_ROW,
    XLSX_META_SHEET,
    XLSX_OPTIONS_SHEET,
    XLSX_TABLE_SHEETS,
    XLSX_TEXT_SHEET,
    XLSX_TIDY_SHEET,
    XLSX_UNREADABLE_NOTE,
    Doc,
    Grid,
    GridCell,
    blank,
    cell_text,
    form_choices,
    from_report,
    grids,
)

META_SHEET = XLSX_META_SHEET
TEXT_SHEET = XLSX_TEXT_SHEET
TIDY_SHEET = XLSX_TIDY_SHEET
TABLE_SHEETS = XLSX_TABLE_SHEETS
UNREADABLE_NOTE = XLSX_UNREADABLE_NOTE
FIRST_ROW = XLSX_FIRST_ROW
OPTIONS_SHEET = XLSX_OPTIONS_SHEET

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
_FONT = "宋体"
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_MARKS = {m.value: m for m in Mark}


# -- writing --------------------------------------------------------------------------------------------------------


EMPTY_RECORD = "{}"
"""The value of a record all of whose fields are empty (a contact with neither name nor phone), so that it reads
back as that record rather than as none."""


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return value is None


def _flatten(value: Any, path: str, out: list[tuple[str, Any]]) -> None:
    if isinstance(value, dict) and path and _empty(value):
        out.append((path, EMPTY_RECORD))
    elif isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{path}/{key}", out)
    elif isinstance(value, list):
        for item in value:
            out.append((f"{path}/-", item))
    else:
        out.append((path, value))


def _labels(version: str) -> dict[str, str]:
    """Official labels of the metadata and prose pointers."""
    labels: dict[str, str] = {}

    def walk(cls: type, prefix: str, trail: str) -> None:
        for spec in fields_of(cls):
            pointer = f"{prefix}/{spec.key}"
            label = f"{trail}／{spec.info.label}" if trail else spec.info.label
            labels[pointer] = label
            labels[pointer + "/-"] = label
            tp = spec.type
            for candidate in getattr(tp, "__args__", (tp,)):
                if isinstance(candidate, type) and attrs.has(candidate) and spec.key not in {"applications"}:
                    walk(candidate, pointer, label)

    cls: type = REPORT_CLASSES[version]
    walk(cls, "", "")
    return labels


def _meta_rows(
    doc: Doc, report: AnyReport | None, variants: Sequence[Variant] = ()
) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """(pointer, value) rows of the 报告信息 and 正文 sheets."""
    prose = ("/preamble", "/overall", "/problems_improvements", "/other_matters")
    if report is not None:
        data = unstructure(report)
        extensions = data.pop("extensions")
        rows: list[tuple[str, Any]] = []
        _flatten(data, "", rows)
        # table records also hold a few fields that are not cells (（六）'s layout, 2019's amount unit)
        cell_pointers = {r.pointer(c.key) for r in doc.rows for c in r.columns}
        meta = [(p, v) for p, v in rows if not p.startswith(prose) and p not in cell_pointers]
        text = [(p, v) for p, v in rows if p.startswith(prose)]
        meta.append(("/extensions", _json_text(extensions) if extensions else None))
        return meta, text
    # a blank form: every metadata field, one empty paragraph per prose part
    cls: type = REPORT_CLASSES[doc.version]
    meta = [("/format_version", doc.version), *(("/variants/-", v.name) for v in variants)]
    text = []

    def walk(record: type, prefix: str) -> None:
        for spec in fields_of(record):
            pointer = f"{prefix}/{spec.key}"
            tp = spec.type
            members = [a for a in getattr(tp, "__args__", (tp,)) if a is not type(None)]
            nested = [m for m in members if isinstance(m, type) and attrs.has(m)]
            if nested:
                walk(nested[0], pointer)
            elif "tuple" in str(tp):
                meta.append((pointer + "/-", None))
            else:
                meta.append((pointer, None))

    meta_spec = next(s for s in fields_of(cls) if s.key == "metadata")
    walk(meta_spec.type, "/metadata")
    meta += _BLANK_TABLE_FIELDS[doc.version]
    for spec in fields_of(cls):
        if spec.key == "overall":
            text += [(f"/overall/{s.key}/-", "") for s in fields_of(spec.type)]
        elif f"/{spec.key}" in prose:
            text.append((f"/{spec.key}/-", ""))
    return meta, text


_BLANK_TABLE_FIELDS: dict[str, list[tuple[str, Any]]] = {
    "2019": [("/active_disclosure/centralized_procurement/procurement_amount_unit", None)],
    "2021": [("/applications/results/other_handling/layout", "itemised")],
}
"""Fields of the table records that are not cells, with their value in a blank form."""


def _json_text(value: Any) -> str:
    from govreport.jsonio import dumps

    return dumps(value).strip()


def _style_header(cell: Any, *, bold: bool = False, left: bool = False) -> None:
    cell.font = Font(name=_FONT, bold=bold, size=10)
    cell.alignment = Alignment(horizontal="left" if left else "center", vertical="center", wrap_text=True)
    cell.border = _BORDER


def number_format(value: int | Decimal, unit: str | None = None) -> str:
    """How a number cell shows its number: with the decimals the report wrote (``0.00`` for 251000.50, so that the
    importer reads back 251000.50, not 251000.5) and the unit it wrote (``251000元``), still a number to compute
    with."""
    exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
    shown = "0." + "0" * -exponent if isinstance(exponent, int) and exponent < 0 else "General"
    return f'{shown}"{unit}"' if unit else shown


def _write_value(ws: Any, cell: GridCell, r: int, c: int, unit: str | None = None) -> None:
    target = ws.cell(row=r, column=c)
    value = cell.value
    if isinstance(value, int | Decimal):
        target.number_format = number_format(value, unit)
    if isinstance(value, Mark):
        target.value = value.value or None
    elif isinstance(value, Unreadable):
        target.value = value.unreadable
        target.data_type = "s"
        target.comment = Comment(UNREADABLE_NOTE, "govreport")
    elif isinstance(value, Decimal):
        if Decimal(repr(float(value))) == value:
            target.value = float(value)
        else:  # more digits than a spreadsheet number keeps: written as text, exactly
            target.value = format(value, "f")
            target.number_format = "@"
    else:
        target.value = value
    target.font = Font(name=_FONT, size=10)
    target.alignment = Alignment(horizontal="center", vertical="center")
    target.border = _BORDER


def _write_grid(ws: Any, grid: Grid, units: dict[tuple[str, str], str]) -> None:
    ws.cell(row=1, column=1, value=grid.caption).font = Font(name=_FONT, bold=True, size=12)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.n_cols)
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    for cell in grid.cells:
        r, c = FIRST_ROW + cell.row, 1 + cell.col
        if cell.role == "value":
            _write_value(ws, cell, r, c, units.get((cell.row_key or "", cell.column_key or "")))
            continue
        target = ws.cell(row=r, column=c, value=cell.text)
        _as_text([target])
        _style_header(target, bold=cell.role == "header", left=cell.role == "label")
        if cell.role == "header":
            target.fill = _HEADER_FILL
        for rr in range(r, r + cell.rowspan):
            for cc in range(c, c + cell.colspan):
                ws.cell(row=rr, column=cc).border = _BORDER
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + cell.rowspan - 1, end_column=c + cell.colspan - 1)
    widths = {"二": [22] + [14] * (grid.n_cols - 1), "三": [8, 10, 30] + [9] * (grid.n_cols - 3), "四": [9] * 15}
    for i, width in enumerate(widths[grid.table][: grid.n_cols], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=FIRST_ROW + (grid.header_rows or 0), column=1)


def _write_pairs(
    ws: Any,
    rows: list[tuple[str, Any]],
    labels: dict[str, str],
    header: tuple[str, str, str],
    lists: dict[str, tuple[dict[str, str], str]] | None = None,
) -> None:
    """Rows of (pointer, label, value); a field with a list of choices (``lists``: pointer → (value → Chinese name,
    the range of the names)) shows its Chinese name and offers the others in a drop-down list."""
    ws.append(list(header))
    for c in ws[1]:
        c.font = Font(name=_FONT, bold=True)
    for pointer, value in rows:
        choice = (lists or {}).get(pointer)
        if choice is not None:
            names, where = choice
            value = names.get(value, value) if isinstance(value, str) else value
            check = DataValidation(
                type="list",
                formula1=where,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="请从下拉列表中选择",
                error="可选：" + "、".join(names.values()),
            )
            ws.add_data_validation(check)
            check.add(f"C{ws.max_row + 1}")
        ws.append([pointer, labels.get(pointer, ""), value])
        _as_text(ws[ws.max_row])
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 100
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _as_text(cells: Any) -> None:
    """Keep text cells text: openpyxl takes a string starting with "=" for a formula, and a report's text (an
    unreadable cell's, a label a variant adds) must never become a live formula."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _tidy_value(value: Any) -> Any:
    """A cell of the tidy sheet: a number as a number (one too precise for a spreadsheet number as exact text),
    a mark or an unreadable cell's text as text."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return cell_text(value)
    if isinstance(value, int) or Decimal(repr(float(value))) == value:
        return value if isinstance(value, int) else float(value)
    return format(value, "f")


def _write_tidy(ws: Any, doc: Doc) -> None:
    ws.append(list(COLUMNS))
    for row in doc.rows:
        for column in row.columns:
            value = doc.value(row, column.key)
            ws.append(
                [
                    row.table,
                    row.key,
                    row.label,
                    column.key,
                    column.label,
                    _tidy_value(value),
                    row_group(row),
                    column.unit or doc.units.get((row.key, column.key), ""),
                    row.pointer(column.key),
                    cell_type(value),
                ]
            )
            _as_text(ws[ws.max_row])
    ws.auto_filter.ref = ws.dimensions
    ws.freeze_panes = "A2"


def _write_options(ws: Any, version: str) -> dict[str, tuple[dict[str, str], str]]:
    """The hidden sheet of choices: one column per enumerated field; the field's names and their range."""
    out: dict[str, tuple[dict[str, str], str]] = {}
    for i, (pointer, names) in enumerate(sorted(form_choices(version).items()), start=1):
        letter = get_column_letter(i)
        ws.cell(row=1, column=i, value=pointer)
        for r, name in enumerate(names.values(), start=2):
            ws.cell(row=r, column=i, value=name).data_type = "s"
        out[pointer] = (names, f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(names) + 1}")
    ws.sheet_state = "hidden"
    return out


def render_doc(doc: Doc, report: AnyReport | None, variants: Sequence[Variant] = ()) -> bytes:
    wb = Workbook()
    meta_ws = wb.active
    meta_ws.title = META_SHEET
    meta, text = _meta_rows(doc, report, variants)
    labels = _labels(doc.version)
    labels["/applications/results/other_handling/layout"] = "（六）其他处理／填报方式"
    labels["/extensions"] = "地方扩展内容（JSON）"
    labels["/variants/-"] = "地方模板"
    text_ws = wb.create_sheet(TEXT_SHEET)
    table_ws = {table: wb.create_sheet(TABLE_SHEETS[table]) for table in TABLE_SHEETS}
    tidy_ws = wb.create_sheet(TIDY_SHEET)
    lists = _write_options(wb.create_sheet(OPTIONS_SHEET), doc.version)
    _write_pairs(meta_ws, meta, labels, ("pointer", "项目", "内容"), lists)
    _write_pairs(text_ws, text, labels, ("pointer", "章节", "段落（每行一段）"))
    for table, grid in grids(doc).items():
        _write_grid(table_ws[table], grid, doc.units)
    _write_tidy(tidy_ws, doc)
    wb.properties.title = doc.title
    wb.properties.keywords = f"govreport format={doc.version}"
    # fixed timestamps keep the output deterministic
    epoch = datetime.datetime(2000, 1, 1)
    wb.properties.created = epoch
    wb.properties.modified = epoch
    out = io.BytesIO()
    try:
        wb.save(out)  # openpyxl writes each sheet to a temporary file first
    except Exception as exc:
        raise _disk_error(exc) from None
    return deterministic(out.getvalue())


def _disk_error(exc: Exception) -> Exception:
    """The OSError behind lxml's "IO_ENOSPC" (a full disk under openpyxl's temporary files): the disk's failure,
    not a bug; any other error as it is."""
    text = str(exc)
    code = getattr(errno, text.removeprefix("IO_"), None) if text.startswith("IO_") else None
    if isinstance(exc, OSError) or not isinstance(code, int):
        return exc
    return OSError(code, f"{os.strerror(code)} (writing a temporary file)")


def render(report: AnyReport, variants: Sequence[Variant] = ()) -> bytes:
    """The report as a spreadsheet."""
    return render_doc(from_report(report, variants), report)


def template(version: str, variants: Sequence[Variant] = ()) -> bytes:
    """The blank form of a format version as a spreadsheet, with the rows and labels of the regional ``variants``
    (each of this format version)."""
    chosen = [v for v in variants if v.base_format == version]
    return render_doc(blank(version, variants=chosen), None, chosen)
