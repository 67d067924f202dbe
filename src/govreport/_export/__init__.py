"""The export machinery: exporter records, the built-in exporters (HTML, DOCX, XLSX, CSV, Markdown, JSON).

Everything here receives the exporters it may use as an argument; :mod:`govreport.export` is the public face.
"""

from __future__ import annotations

from govreport._export._registry import (
    Exporter,
    ExportError,
    builtin_exporters,
    check_unique,
    export,
    exporter_for_suffix,
    get_exporter,
    render,
    template,
)

__all__ = [
    "ExportError",
    "Exporter",
    "builtin_exporters",
    "check_unique",
    "export",
    "exporter_for_suffix",
    "get_exporter",
    "render",
    "template",
]
