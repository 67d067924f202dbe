"""Exporters: a report as a web page, a Word file, a spreadsheet, tidy CSV, Markdown or JSON.

Every format goes through one registry, :func:`get_exporters`, which plugins
extend.  ``export(report, "html")`` gives the bytes of a file;
``template("2021", "xlsx")`` gives a blank form, and :func:`read_xlsx` reads a
filled spreadsheet back into a report.
"""

from __future__ import annotations

import os

from govreport.export._registry import Exporter, ExportError, export, get_exporter, get_exporters, template
from govreport.formats import AnyReport


def read_xlsx(path: str | os.PathLike[str]) -> AnyReport:
    """Read a filled XLSX template (or an XLSX export) back into a report.

    Raises :class:`~govreport.errors.InputError` naming the sheet and cell of
    the first problem, or :class:`govreport.InvalidReport` with every issue.
    """
    try:
        from govreport.export._xlsx import read_xlsx as _read
    except ModuleNotFoundError as exc:  # pragma: no cover - openpyxl is an optional extra
        raise ExportError("reading XLSX needs openpyxl; install it with: pip install 'govreport[xlsx]'") from exc
    return _read(path)


__all__ = ["ExportError", "Exporter", "export", "get_exporter", "get_exporters", "read_xlsx", "template"]
