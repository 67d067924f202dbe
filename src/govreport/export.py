"""Exporters: a report as a web page, a Word file, a spreadsheet, tidy CSV, Markdown or JSON.

``export(report, "html")`` gives the bytes of a file; ``template("2021", "xlsx")`` gives a blank form, and
:func:`read_xlsx` reads a filled spreadsheet back into a report (the ``xlsx`` importer does the same for
``govreport import``).  The exporters are govreport's and those of the installed plugins (the plugin host in
use; see :class:`govreport.Govreport` to choose another).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from govreport._export import Exporter, ExportError
from govreport._facade import current
from govreport._files import read_regular
from govreport._importers._decode import MAX_FILE_BYTES
from govreport.errors import InputError
from govreport.formats import AnyReport


def get_exporters() -> tuple[Exporter, ...]:
    """Every available exporter (govreport's and the plugins'), sorted by name."""
    return current().exporters()


def get_exporter(name: str) -> Exporter:
    """The exporter called ``name``; :class:`ExportError` lists the known ones otherwise."""
    return current().exporter(name)


def export(report: AnyReport, fmt: str) -> bytes:
    """A report in the format called ``fmt`` (see :func:`get_exporters`), as bytes."""
    return current().export(report, fmt)


def template(version: str, fmt: str, *, variants: Sequence[str] = ()) -> bytes:
    """The blank form of format ``version`` in the format called ``fmt``, with the rows and labels of the regional
    ``variants`` named (installed plugins' variants of that format version)."""
    return current().template(version, fmt, variants=variants)


def read_xlsx(path: str | os.PathLike[str]) -> AnyReport:
    """Read a filled XLSX template (or an XLSX export) back into a report.

    Raises :class:`~govreport.errors.InputError` naming the sheet and cell of
    the first problem, or :class:`govreport.InvalidReport` with every issue.
    """
    try:
        from govreport._importers._xlsx import read_report
    except ModuleNotFoundError as exc:  # pragma: no cover - openpyxl is an optional extra
        raise ExportError("reading XLSX needs openpyxl; install it with: pip install 'govreport[xlsx]'") from exc
    p = Path(path)
    try:  # a regular file only: a named pipe would block for ever
        data = read_regular(p, max_bytes=MAX_FILE_BYTES, what="workbooks")
    except InputError as exc:
        raise InputError(f"{p}: {exc.message}", code=exc.code) from None
    return read_report(data, str(p), tuple(current().host.variants()))


__all__ = ["ExportError", "Exporter", "export", "get_exporter", "get_exporters", "read_xlsx", "template"]
