"""The import result of a file that holds a whole report as data (report JSON, govreport's tidy CSV, an export
govreport embedded its data in): every cell read as it is, nothing declined or left unplaced."""

from __future__ import annotations

from collections.abc import Sequence

from govreport._importers._result import ImportReport, ImportResult, Provenance
from govreport._importers._source import Where
from govreport.formats import AnyReport, Variant
from govreport.formats.cells import Unreadable
from govreport.grid import cell_text
from govreport.layout import cells


def whole_report(
    report: AnyReport,
    *,
    source: str,
    importer: str,
    rendering: str,
    reason: str,
    variants: Sequence[Variant] = (),
    where: dict[str, Where] | None = None,
) -> ImportResult:
    """``report`` as an import result: each table cell's provenance (``where`` it was, when known)."""
    values: list[Provenance] = []
    unreadable: list[Provenance] = []
    for cell in cells(report, variants=variants):
        label = " › ".join((*cell.row.labels, cell.column.label))
        place = (where or {}).get(cell.pointer, Where())
        provenance = Provenance(pointer=cell.pointer, label=label, text=cell_text(cell.value), where=place)
        (unreadable if isinstance(cell.value, Unreadable) else values).append(provenance)
    imported = ImportReport(
        source=source,
        importer=importer,
        rendering=rendering,
        version=report.format_version,
        version_reason=reason,
        values=tuple(sorted(values)),
        unreadable=tuple(sorted(unreadable)),
        declined=(),
        unplaced=(),
        notes=(),
    )
    return ImportResult(report=report, version=report.format_version, import_report=imported)
