"""The rows of a dataset: one report's cells, counts and findings as Arrow record batches.

:func:`process` reads and checks a chunk of files and gives the batches of the three tables for it; the layout's
columns are made once per layout, a report's own values once per report.  Used by :mod:`govreport.dataset`
(in worker processes) and :mod:`govreport._datasink` (for the schemas).
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from govreport import jsonio
from govreport._checks import Outcome
from govreport._extras import need
from govreport._facade import Govreport
from govreport.batch import worker_api
from govreport.formats import AnyReport
from govreport.formats.cells import Mark, Unreadable
from govreport.inputs import Loaded, NotAReport, load_any
from govreport.layout import Row, rows
from govreport.plugins import PluginSelection

VALUE_PRECISION = 25
VALUE_SCALE = 6
"""``value`` is DECIMAL(25, 6): six decimal places hold an amount in 万元 to the fen (0.01 元 = 0.000001 万元);
25 digits hold every whole number a 64-bit integer holds (counts are at most 2^53 − 1) with those six places.
Exact decimals, not floating point: a 收费金额 such as 24252.311082 stays itself, and sums do not drift.  A number
with more than six decimal places (no real report has one) is not rounded: ``value`` is left empty for it and
``value_text`` holds it exactly."""

MARK_NAMES = {Mark.BLANK: "blank", Mark.SLASH: "/", Mark.DASH: "—", Mark.NONE: "无"}
"""The ``mark`` column: the mark as written, and ``blank`` for an empty cell (in CSV an empty string cannot be told
from a missing value)."""


ROW_GROUP_ROWS = {"cells": 1 << 17, "reports": 1 << 12, "findings": 1 << 13}
"""Rows per Parquet row group of each table: about 30 MB of cells (131,072 rows, some 650 reports), 4,096 reports,
8,192 findings (a finding carries its places as JSON: about 1.5 kB) — large enough to compress and scan well,
small enough that the writer's buffers stay a few tens of MB whatever the number of reports.  Row groups are cut
at fixed row counts, so the file's bytes do not depend on the chunking or the number of workers."""


def table_paths(output: str | os.PathLike[str]) -> tuple[str, ...]:
    """Where each table goes: ``out.parquet``, ``out.reports.parquet``, ``out.findings.parquet`` (DuckDB: one file)."""
    path = Path(output)
    if path.suffix.lower() == ".duckdb":
        return (str(path),)
    return (str(path), *(str(path.with_suffix(f".{name}{path.suffix}")) for name in TABLES[1:]))


def schema_tuple() -> tuple[Any, Any, Any]:
    pa = need("pyarrow")
    value = pa.decimal128(VALUE_PRECISION, VALUE_SCALE)
    s, i = pa.string(), pa.int32()
    cells = pa.schema(
        [
            ("report_id", i),
            ("organ", s),
            ("organ_kind", s),
            ("administrative_level", s),
            ("region_code", s),
            ("year", i),
            ("format_version", s),
            ("table_key", s),
            ("row_key", s),
            ("row_label", s),
            ("row_path", s),
            ("column_key", s),
            ("column_label", s),
            ("unit", s),
            ("kind", s),
            ("value", value),
            ("mark", s),
            ("unreadable", s),
            ("value_text", s),
            ("source", s),
            ("pointer", s),
            ("source_text", s),
            ("source_place", s),
            ("settled_by", s),
        ]
    )
    reports = pa.schema(
        [
            ("report_id", i),
            ("source", s),
            ("sha256", s),
            ("input", s),
            ("status", s),
            ("note", s),
            ("organ", s),
            ("organ_kind", s),
            ("organ_kind_label", s),
            ("administrative_level", s),
            ("administrative_level_label", s),
            ("region_code", s),
            ("scope", s),
            ("year", i),
            ("format_version", s),
            ("title", s),
            ("publication_date", pa.date32()),
            ("variants", s),
            ("cells", i),
            ("numbers", i),
            ("marks", i),
            ("unreadable", i),
            ("errors", i),
            ("warnings", i),
            ("infos", i),
            ("cannot_tell", i),
            ("failed_rules", s),
        ]
    )
    number = pa.decimal128(38, VALUE_SCALE)  # sums of many cells: room beyond one cell's 25 digits
    findings = pa.schema(
        [
            ("report_id", i),
            ("source", s),
            ("rule_id", s),
            ("severity", s),
            ("outcome", s),
            ("table_key", s),
            ("subject", s),
            ("message", s),
            ("reason", s),
            ("left_value", number),
            ("right_value", number),
            ("imbalance", number),
            ("pointer", s),
            ("places", s),
        ]
    )
    return cells, reports, findings


TABLES = ("cells", "reports", "findings")
"""The three tables of a dataset, in the order :func:`batches` gives them."""


def schemas() -> dict[str, Any]:
    """The Arrow schema of each table (needs pyarrow: the ``data`` extra)."""
    return dict(zip(TABLES, schema_tuple(), strict=True))


# --- one report ------------------------------------------------------------------------------------------------


@attrs.frozen
class _Static:
    """The columns of a layout's cells that do not depend on the report."""

    table_keys: list[str]
    row_keys: list[str]
    row_labels: list[str]
    row_paths: list[str]
    column_keys: list[str]
    column_labels: list[str]
    units: list[str | None]
    kinds: list[str]
    pointers: list[str]
    arrays: dict[str, Any] = attrs.field(factory=dict, eq=False)
    """The same columns as Arrow arrays, made when first needed (in the process that writes the batches)."""

    def array(self, name: str) -> Any:
        found = self.arrays.get(name)
        if found is None:
            pa = need("pyarrow")
            found = self.arrays[name] = pa.array(getattr(self, STATIC_COLUMNS[name]), type=pa.string())
        return found


STATIC_COLUMNS = {
    "table_key": "table_keys",
    "row_key": "row_keys",
    "row_label": "row_labels",
    "row_path": "row_paths",
    "column_key": "column_keys",
    "column_label": "column_labels",
    "unit": "units",
    "kind": "kinds",
    "pointer": "pointers",
}
"""Cell columns that depend only on the layout, by the :class:`_Static` list that holds them."""

REPORT_COLUMNS = (
    "report_id",
    "organ",
    "organ_kind",
    "administrative_level",
    "region_code",
    "year",
    "format_version",
    "source",
)
"""Cell columns that are the same for every cell of a report."""


_STATIC: dict[tuple[int, ...], tuple[tuple[Row, ...], _Static]] = {}


def _static(layout: list[Row]) -> _Static:
    """The report-independent columns of a layout, made once per layout (layouts are few: format, （六） layout and
    regional variants decide them).  The entry holds the rows, so the ids in its key stay theirs."""
    key = tuple(map(id, layout))
    kept = _STATIC.get(key)
    if kept is None:
        cells = [(row, column) for row in layout for column in row.columns]
        static = _Static(
            table_keys=[r.table for r, _ in cells],
            row_keys=[r.key for r, _ in cells],
            row_labels=[r.label for r, _ in cells],
            row_paths=[" › ".join(r.labels) for r, _ in cells],
            column_keys=[c.key for _, c in cells],
            column_labels=[c.label for _, c in cells],
            units=[c.unit for _, c in cells],
            kinds=[c.kind.value for _, c in cells],
            pointers=[r.pointer(c.key) for r, c in cells],
        )
        if len(_STATIC) > 256:
            _STATIC.clear()
        kept = _STATIC[key] = (tuple(layout), static)
    return kept[1]


_EXACT = Decimal(1).scaleb(-VALUE_SCALE)


def _exact(number: Decimal) -> Decimal | None:
    """The decimal as the value type holds it (at most :data:`VALUE_SCALE` places), or None when it cannot."""
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int):
        return None
    if exponent >= -VALUE_SCALE:
        return number
    held = number.quantize(_EXACT)
    return held if held == number else None  # trailing zeros past six places are dropped; nothing else is


class _Columns:
    """The three tables' columns for one chunk of reports, as Python lists (and each report's layout)."""

    def __init__(self) -> None:
        self.layouts: list[_Static] = []
        self.per_report: dict[str, list[Any]] = {name: [] for name in REPORT_COLUMNS}
        self.sizes: list[int] = []
        self.cells: dict[str, list[Any]] = {name: [] for name in DYNAMIC_COLUMNS}
        self.ints: list[int | None] = []
        self.decimal_at: list[bool] = []
        self.decimals: list[Decimal] = []
        self.reports: list[dict[str, Any]] = []
        self.findings: list[dict[str, Any]] = []


DYNAMIC_COLUMNS = ("mark", "unreadable", "value_text", "source_text", "source_place", "settled_by")
"""Cell columns that differ from cell to cell (besides ``value``)."""


def _enum_key(value: Any) -> str | None:
    return None if value is None else str(value.value)


def _enum_label(value: Any) -> str | None:
    return None if value is None else str(value.label)


def _sha256(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _number_or_none(value: Any) -> Decimal | None:
    if value is None:
        return None
    return _exact(Decimal(value))


def _places_json() -> Callable[[list[dict[str, Any]]], str]:
    """The places of a finding as one line of JSON, decimals exact (msgspec when the ``fast`` extra is there)."""
    try:
        import msgspec
    except ModuleNotFoundError:
        return lambda places: jsonio.dumps(places, indent=0).replace("\n", "")
    encoder = msgspec.json.Encoder(decimal_format="number")
    return lambda places: encoder.encode(places).decode()


_PLACES_JSON = _places_json()
_COUNTED = {"error": "errors", "warning": "warnings", "info": "infos"}


def _add_report(out: _Columns, report_id: int, loaded: Loaded, api: Govreport) -> dict[str, Any]:
    """Add one report's cells and findings (all or nothing); return its values for the ``reports`` row."""

    report: AnyReport = loaded.report
    meta = report.metadata
    layout = rows(report)
    static = _static(layout)
    n = len(static.pointers)
    ints: list[int | None] = []
    decimal_at: list[bool] = []
    decimals: list[Decimal] = []
    marks: list[str | None] = []
    unreadable: list[str | None] = []
    value_text: list[str | None] = []
    for row in layout:
        record = row.record(report)
        for column in row.columns:
            value = getattr(record, column.key)
            if type(value) is int:
                ints.append(value)
                decimal_at.append(False)
                marks.append(None)
                unreadable.append(None)
                value_text.append(None)
            elif isinstance(value, Decimal):
                exact = _exact(value)
                ints.append(None)
                decimal_at.append(exact is not None)
                if exact is not None:
                    decimals.append(exact)
                marks.append(None)
                unreadable.append(None)
                value_text.append(None if exact is not None else str(value))
            else:
                ints.append(None)
                decimal_at.append(False)
                value_text.append(None)
                if isinstance(value, Mark):
                    marks.append(MARK_NAMES[value])
                    unreadable.append(None)
                else:
                    assert isinstance(value, Unreadable)
                    marks.append(None)
                    unreadable.append(value.unreadable)
    n_marks = n - marks.count(None)
    n_unreadable = n - unreadable.count(None)
    provenance: dict[str, Any] = {}
    if loaded.import_report is not None:
        for p in (*loaded.import_report.values, *loaded.import_report.unreadable):
            provenance[p.pointer] = p
    found = [provenance.get(ptr) for ptr in static.pointers] if provenance else [None] * n

    result = api.check(report, detail=False)
    counts: Counter[str] = Counter()
    failed_rules: set[str] = set()
    findings = []
    for f in result.findings:
        if f.outcome is Outcome.FAILED:
            counts[_COUNTED[f.severity.value]] += 1
            failed_rules.add(f.rule_id)
        elif f.outcome is Outcome.CANNOT_TELL:
            counts["cannot_tell"] += 1
        else:
            continue  # passed and not applicable: the reports table counts only what needs a look
        findings.append(
            {
                "report_id": report_id,
                "source": loaded.source,
                "rule_id": f.rule_id,
                "severity": f.severity.value,
                "outcome": f.outcome.value,
                "table_key": f.table,
                "subject": f.subject,
                "message": f.message,
                "reason": f.reason,
                "left_value": _number_or_none(f.left),
                "right_value": _number_or_none(f.right),
                "imbalance": _number_or_none(f.imbalance),
                "pointer": f.places[0].pointer if f.places else None,
                "places": _PLACES_JSON([p.to_json() for p in f.places]) if f.places else None,
            }
        )
    # everything is known: add it (a failure above leaves the chunk's columns as they were)
    out.layouts.append(static)
    out.sizes.append(n)
    for name, value in (
        ("report_id", report_id),
        ("organ", meta.organ),
        ("organ_kind", _enum_key(meta.organ_kind)),
        ("administrative_level", _enum_key(meta.administrative_level)),
        ("region_code", meta.region_code),
        ("year", meta.report_year),
        ("format_version", report.format_version),
        ("source", loaded.source),
    ):
        out.per_report[name].append(value)
    out.ints += ints
    out.decimal_at += decimal_at
    out.decimals += decimals
    c = out.cells
    c["mark"] += marks
    c["unreadable"] += unreadable
    c["value_text"] += value_text
    c["source_text"] += [p.text if p else None for p in found]
    c["source_place"] += [p.where.describe() if p else None for p in found]
    c["settled_by"] += [p.settled_by if p else None for p in found]
    out.findings += findings
    return {
        "organ": meta.organ,
        "organ_kind": _enum_key(meta.organ_kind),
        "organ_kind_label": _enum_label(meta.organ_kind),
        "administrative_level": _enum_key(meta.administrative_level),
        "administrative_level_label": _enum_label(meta.administrative_level),
        "region_code": meta.region_code,
        "scope": meta.scope.value,
        "year": meta.report_year,
        "format_version": report.format_version,
        "title": meta.title,
        "publication_date": meta.publication_date,
        "variants": ",".join(report.variants) or None,
        "cells": n,
        "numbers": n - n_marks - n_unreadable,
        "marks": n_marks,
        "unreadable": n_unreadable,
        "errors": counts["errors"],
        "warnings": counts["warnings"],
        "infos": counts["infos"],
        "cannot_tell": counts["cannot_tell"],
        "failed_rules": ",".join(sorted(failed_rules)) or None,
    }


def process(chunk: Sequence[tuple[int, str]], plugins: PluginSelection | None = None) -> tuple[Any, Any, Any]:
    """Read and check a chunk of files with the plugins ``plugins`` selects (by default those of the host in use);
    the three tables' record batches for it.  Never raises for bad input."""
    api = worker_api(plugins)
    out = _Columns()
    for report_id, path in chunk:
        row: dict[str, Any] = {"report_id": report_id, "source": path, "sha256": _sha256(path)}
        try:
            loaded = load_any(path, api)
        except NotAReport as exc:
            row.update(input=_input_kind(path), status="unreadable" if exc.unreadable else "invalid", note=exc.message)
        except Exception as exc:  # a bug reading one file must not lose the others
            row.update(input=_input_kind(path), status="crashed", note=f"{type(exc).__name__}: {exc}")
        else:
            try:
                row.update(input=loaded.kind, status="ok", note=None, **_add_report(out, report_id, loaded, api))
            except Exception as exc:  # as above (_add_report adds nothing when it fails)
                row.update(input=loaded.kind, status="crashed", note=f"{type(exc).__name__}: {exc}")
        out.reports.append(row)
    return _batches(out)


def _input_kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return "json" if suffix == ".json" else suffix.lstrip(".") or "unknown"


def _batches(out: _Columns) -> tuple[Any, Any, Any]:
    pa = need("pyarrow")
    pc = need("pyarrow.compute")
    cells_schema, reports_schema, findings_schema = schema_tuple()
    value_type = cells_schema.field("value").type
    value = pa.array(out.ints, type=pa.int64()).cast(value_type)  # counts: one cast, much faster than per value
    if out.decimals:
        value = pc.replace_with_mask(value, pa.array(out.decimal_at), pa.array(out.decimals, type=value_type))
    # a report's own values repeated for each of its cells; the layout's columns from arrays made once per layout
    repeat = pa.array([i for i, size in enumerate(out.sizes) for _ in range(size)], type=pa.int32())
    arrays = []
    for field in cells_schema:
        name = field.name
        if name == "value":
            arrays.append(value)
        elif name in STATIC_COLUMNS:
            parts = [layout.array(name) for layout in out.layouts]
            arrays.append(pa.concat_arrays(parts) if parts else pa.array([], type=field.type))
        elif name in out.per_report:
            arrays.append(pa.array(out.per_report[name], type=field.type).take(repeat))
        else:
            arrays.append(pa.array(out.cells[name], type=field.type))
    cells = pa.RecordBatch.from_arrays(arrays, schema=cells_schema)
    reports = pa.RecordBatch.from_pylist(out.reports, schema=reports_schema)
    findings = pa.RecordBatch.from_pylist(out.findings, schema=findings_schema)
    return cells, reports, findings


def packed(chunk: Sequence[tuple[int, str]], plugins: PluginSelection | None = None) -> tuple[Any, Any, Any]:
    """:func:`process` for a worker process: its string columns dictionary-encoded for the way back.

    A chunk's labels, pointers and file names repeat from cell to cell; sent as they are they make some 80 kB a
    report to pickle, send and unpickle, which made two workers slower than one.  Encoded, a chunk is a tenth of
    that, and :func:`unpacked` restores the plain columns in the writing process.
    """
    pc = need("pyarrow.compute")
    pa = need("pyarrow")
    out = []
    for batch in process(chunk, plugins):
        arrays = [pc.dictionary_encode(c) if pa.types.is_string(c.type) else c for c in batch.columns]
        out.append(pa.RecordBatch.from_arrays(arrays, names=batch.schema.names))
    return out[0], out[1], out[2]


def unpacked(part: tuple[Any, Any, Any]) -> tuple[Any, Any, Any]:
    """The batches :func:`packed` encoded, with the tables' own (plain string) schemas again."""
    pa = need("pyarrow")
    out = []
    for batch, schema in zip(part, schema_tuple(), strict=True):
        arrays = [c.dictionary_decode() if pa.types.is_dictionary(c.type) else c for c in batch.columns]
        out.append(pa.RecordBatch.from_arrays(arrays, schema=schema))
    return out[0], out[1], out[2]


def crashed(chunk: Sequence[tuple[int, str]], note: str) -> tuple[Any, Any, Any]:
    out = _Columns()
    for report_id, path in chunk:
        out.reports.append(
            {
                "report_id": report_id,
                "source": path,
                "sha256": _sha256(path),
                "input": _input_kind(path),
                "status": "crashed",
                "note": note,
            }
        )
    return _batches(out)
