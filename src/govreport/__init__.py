"""govreport: China's 政府信息公开工作年度报告 as typed, checkable data.

The public API is what this module exports; everything in a module whose name
starts with an underscore, and every name not listed in ``__all__``, is private.
"""

from __future__ import annotations

import os
from typing import Any

__version__ = "0.1.0"

from govreport.convert import StructureFailed, structure, unstructure
from govreport.errors import GovreportError, InputError, Issue, UnknownFormatError
from govreport.formats import FORMAT_VERSIONS, REPORT_CLASSES, AnyReport, v2019, v2021
from govreport.formats.cells import Mark, Unreadable
from govreport.jsonio import dumps as _dumps
from govreport.jsonio import loads, write_atomic
from govreport.plugins import hookimpl
from govreport.schema import PROFILES
from govreport.schema import generate as json_schema
from govreport.validate import ValidationResult, validate_data, validate_file, validate_text


class InvalidReport(GovreportError):
    """A document that is not a valid report; ``result`` holds every issue."""

    def __init__(self, result: ValidationResult):
        first = result.issues[0] if result.issues else None
        where = f" at {first.pointer or '/'}: {first.message}" if first else ""
        super().__init__(f"{result.source}: {len(result.issues)} problem(s){where}")
        self.result = result


def load(path: str | os.PathLike[str], *, version: str | None = None, profile: str = "lenient") -> AnyReport:
    """Read, validate and structure a report JSON file.

    Raises :class:`InvalidReport` (with every issue) when it is not valid.
    """
    result = validate_file(path, version=version, profile=profile)
    if result.report is None:
        raise InvalidReport(result)
    return result.report


def from_data(data: Any, *, version: str | None = None, profile: str = "lenient") -> AnyReport:
    """Validate and structure JSON-ready data (see :func:`loads`)."""
    result = validate_data(data, version=version, profile=profile)
    if result.report is None:
        raise InvalidReport(result)
    return result.report


def dumps(report: AnyReport) -> str:
    """The canonical JSON text of a report (decimals exact, keys in format order)."""
    return _dumps(unstructure(report))


def save(report: AnyReport, path: str | os.PathLike[str]) -> None:
    """Write a report as canonical JSON, atomically."""
    write_atomic(path, dumps(report))


__all__ = [
    "FORMAT_VERSIONS",
    "PROFILES",
    "REPORT_CLASSES",
    "AnyReport",
    "GovreportError",
    "InputError",
    "InvalidReport",
    "Issue",
    "Mark",
    "StructureFailed",
    "UnknownFormatError",
    "Unreadable",
    "ValidationResult",
    "__version__",
    "dumps",
    "from_data",
    "hookimpl",
    "json_schema",
    "load",
    "loads",
    "save",
    "structure",
    "unstructure",
    "v2019",
    "v2021",
    "validate_data",
    "validate_file",
    "validate_text",
    "write_atomic",
]
