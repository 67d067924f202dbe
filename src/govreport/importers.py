"""Import published reports (text, Markdown, HTML, DOCX, PDF, a filled XLSX form) into typed reports.

:func:`import_file` reads a file with the importer that fits it (see
:func:`get_importers`), finds the six sections, the metadata and the three
tables, and returns an :class:`ImportResult`: the report (valid in the lenient
profile), the format version detected and an :class:`ImportReport` saying where
every value came from and what could not be placed.  No number is ever
invented: a cell that cannot be read is kept as
:class:`~govreport.formats.cells.Unreadable` with its source text.

The importers are govreport's and those of the installed plugins (the plugin host in use; see
:class:`govreport.Govreport` to choose another).
"""

from __future__ import annotations

import os

from govreport._facade import current
from govreport._importers import (
    Box,
    Declined,
    Importer,
    ImportFailed,
    ImportReport,
    ImportResult,
    Line,
    OutlineIssue,
    Provenance,
    SourceCell,
    SourceDocument,
    SourceTable,
    Unplaced,
    Where,
)


def get_importers() -> tuple[Importer, ...]:
    """Every available importer (govreport's and the plugins'), sorted by name."""
    return current().importers()


def import_bytes(data: bytes, name: str, *, version: str | None = None, importer: str | None = None) -> ImportResult:
    """Import a report from a file's bytes; ``name`` is used to choose the importer and in messages."""
    return current().import_bytes(data, name, version=version, importer=importer)


def import_file(
    path: str | os.PathLike[str], *, version: str | None = None, importer: str | None = None
) -> ImportResult:
    """Import a published report (text, Markdown, HTML, DOCX, PDF or a filled XLSX form).

    ``version`` (``"2019"`` or ``"2021"``) overrides the detected format version;
    ``importer`` forces an importer by name (see :func:`get_importers`).
    Raises :class:`ImportFailed` with a clear message for a file that cannot be
    read, is unsafe, or is not an annual report.
    """
    return current().import_file(path, version=version, importer=importer)


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
    "get_importers",
    "import_bytes",
    "import_file",
]
