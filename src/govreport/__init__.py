"""govreport: China's 政府信息公开工作年度报告 as typed, checkable data.

The public API is what this module exports; everything in a module whose name
starts with an underscore, and every name not listed in ``__all__``, is private.

The module-level functions use govreport's own parts and the installed plugins (the plugin host in use); a
:class:`Govreport` built on a chosen :class:`~govreport.plugins.PluginHost` does the same with that host's.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Literal, TypeVar, overload

__version__ = "0.1.0"

from govreport._facade import Govreport, current
from govreport.convert import StructureFailed, unstructure
from govreport.errors import (
    GovreportError,
    InputError,
    Issue,
    MissingVariantError,
    OutputError,
    PluginError,
    UnknownFormatError,
)
from govreport.formats import FORMAT_VERSIONS, REPORT_CLASSES, AnyReport, Variant, v2019, v2021
from govreport.formats.cells import Mark, Unreadable
from govreport.jsonio import loads, write_atomic
from govreport.plugins import hookimpl
from govreport.schema import PROFILES
from govreport.validate import InvalidReport, ValidationResult

T = TypeVar("T")


@overload
def load(path: str | os.PathLike[str], *, version: Literal["2019"], profile: str = "lenient") -> v2019.Report: ...
@overload
def load(path: str | os.PathLike[str], *, version: Literal["2021"], profile: str = "lenient") -> v2021.Report: ...
@overload
def load(path: str | os.PathLike[str], *, version: str | None = None, profile: str = "lenient") -> AnyReport: ...
def load(path: str | os.PathLike[str], *, version: str | None = None, profile: str = "lenient") -> AnyReport:
    """Read, validate and structure a report JSON file.

    With ``version="2021"`` (or ``"2019"``) the document is read as that format and the result is typed as its
    record (``v2021.Report``), so that a type checker knows its fields.  Raises :class:`InvalidReport` (with every
    issue) when it is not valid.
    """
    return current().load(path, version=version, profile=profile)


@overload
def from_data(data: Any, *, version: Literal["2019"], profile: str = "lenient") -> v2019.Report: ...
@overload
def from_data(data: Any, *, version: Literal["2021"], profile: str = "lenient") -> v2021.Report: ...
@overload
def from_data(data: Any, *, version: str | None = None, profile: str = "lenient") -> AnyReport: ...
def from_data(data: Any, *, version: str | None = None, profile: str = "lenient") -> AnyReport:
    """Validate and structure JSON-ready data (see :func:`loads`); typed as the record of ``version`` when given."""
    return current().from_data(data, version=version, profile=profile)


def validate_file(
    path: str | os.PathLike[str], *, version: str | None = None, profile: str = "lenient"
) -> ValidationResult:
    """Validate a JSON file; an unreadable file gives ``unreadable=True`` and one issue."""
    return current().validate_file(path, version=version, profile=profile)


def validate_text(
    text: str | bytes, *, version: str | None = None, profile: str = "lenient", source: str = "<text>"
) -> ValidationResult:
    """Read and validate a JSON document given as text or UTF-8 bytes (a request body, a file's content).

    The same as :func:`loads` then :func:`validate_data`, and the fastest way in: text that cannot be
    read gives ``unreadable=True`` and one issue, as :func:`validate_file` does.
    """
    return current().validate_text(text, version=version, profile=profile, source=source)


def validate_data(
    data: Any, *, version: str | None = None, profile: str = "lenient", source: str = "<data>"
) -> ValidationResult:
    """Validate JSON-ready data (as returned by :func:`loads`).

    ``version`` overrides the document's own ``format_version``.  Every schema
    and structuring problem is reported, sorted by JSON Pointer.
    """
    return current().validate_data(data, version=version, profile=profile, source=source)


def structure(data: object, cls: type[T]) -> T:
    """Build a record of ``cls`` from JSON-ready data.

    Raises :class:`StructureFailed` listing every problem found.
    """
    return current().structure(data, cls)


def json_schema(version: str, profile: str = "lenient", variants: Sequence[str | Variant] = ()) -> dict[str, Any]:
    """The JSON Schema of a format version and profile (a fresh copy).

    ``variants`` (names of installed variants, or :class:`~govreport.formats.Variant`
    records) composes each variant's additions under
    ``/properties/extensions/properties/<name>`` and applies its labels; the
    result is self-contained.

    Raises :class:`~govreport.errors.UnknownFormatError` for an unknown version,
    :class:`~govreport.errors.MissingVariantError` for a variant no installed
    plugin provides.
    """
    return current().json_schema(version, profile, variants)


def compare(*inputs: Any, force: bool = False) -> Any:
    """Compare reports of one organ over the years: see :func:`govreport.comparison.compare` (files or records;
    returns a :class:`govreport.comparison.Comparison`)."""
    from govreport.comparison import compare as _compare

    return _compare(*inputs, force=force)


def dumps(report: AnyReport) -> str:
    """The canonical JSON text of a report (decimals exact, keys in format order)."""
    return current().dumps(report)


def save(report: AnyReport, path: str | os.PathLike[str]) -> None:
    """Write a report as canonical JSON, atomically."""
    current().save(report, path)


__all__ = [
    "FORMAT_VERSIONS",
    "PROFILES",
    "REPORT_CLASSES",
    "AnyReport",
    "Govreport",
    "GovreportError",
    "InputError",
    "InvalidReport",
    "Issue",
    "Mark",
    "MissingVariantError",
    "OutputError",
    "PluginError",
    "StructureFailed",
    "UnknownFormatError",
    "Unreadable",
    "ValidationResult",
    "Variant",
    "__version__",
    "compare",
    "current",
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
