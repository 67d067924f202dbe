"""Import published reports (text, Markdown, HTML, DOCX, PDF) into typed reports.

:func:`import_file` reads a file with the importer that fits it (see
:func:`get_importers`), finds the six sections, the metadata and the three
tables, and returns an :class:`ImportResult`: the report (valid in the lenient
profile), the format version detected and an :class:`ImportReport` saying where
every value came from and what could not be placed.  No number is ever
invented: a cell that cannot be read is kept as
:class:`~govreport.formats.cells.Unreadable` with its source text.
"""

from __future__ import annotations

from govreport.importers._api import import_bytes, import_file
from govreport.importers._registry import Importer, ImportFailed, get_importers
from govreport.importers._result import Declined, ImportReport, ImportResult, Provenance, Unplaced
from govreport.importers._source import Line, SourceCell, SourceDocument, SourceTable, Where

__all__ = [
    "Declined",
    "ImportFailed",
    "ImportReport",
    "ImportResult",
    "Importer",
    "Line",
    "Provenance",
    "SourceCell",
    "SourceDocument",
    "SourceTable",
    "Unplaced",
    "Where",
    "get_importers",
    "import_bytes",
    "import_file",
]
