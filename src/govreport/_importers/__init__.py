"""The import machinery: importer records, the built-in importers, and building a report from a document.

Everything here receives the importers it may use as an argument; :mod:`govreport.importers` is the public face.
"""

from __future__ import annotations

from govreport._importers._api import import_bytes, import_file, read_file
from govreport._importers._registry import Importer, ImportFailed, builtin_importers, check_unique, choose_importer
from govreport._importers._result import Declined, ImportReport, ImportResult, OutlineIssue, Provenance, Unplaced
from govreport._importers._source import Box, Line, SourceCell, SourceDocument, SourceTable, Where

__all__ = [
    "Box",
    "Declined",
    "ImportFailed",
    "ImportReport",
    "ImportResult",
    "Importer",
    "Line",
    "OutlineIssue",
    "Provenance",
    "SourceCell",
    "SourceDocument",
    "SourceTable",
    "Unplaced",
    "Where",
    "builtin_importers",
    "check_unique",
    "choose_importer",
    "import_bytes",
    "import_file",
    "read_file",
]
