"""Problems found in a document, each located by a JSON Pointer."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs


class Severity(enum.Enum):
    """How serious a problem is."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(kw_only=True, order=True)
class Issue:
    """One problem in one document.

    ``pointer`` is an RFC 6901 JSON Pointer into the document ("" is the whole
    document); ``label`` names the same place with the official Chinese labels.
    """

    pointer: str
    code: str
    message: str
    label: str = ""
    line: int | None = None
    column: int | None = None

    def to_json(self) -> dict[str, object]:
        """The issue as a JSON-ready mapping (the ``--json`` output)."""
        out: dict[str, object] = {
            "pointer": self.pointer,
            "label": self.label,
            "code": self.code,
            "message": self.message,
        }
        if self.line is not None:
            out["line"] = self.line
            out["column"] = self.column
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Issue:
        """The issue :meth:`to_json` gave (a batch outcome carries its issues so)."""
        return cls(
            pointer=data["pointer"],
            code=data["code"],
            message=data["message"],
            label=data.get("label", ""),
            line=data.get("line"),
            column=data.get("column"),
        )


def escape_token(token: str | int) -> str:
    """Escape one JSON Pointer reference token."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(path: tuple[str | int, ...] | list[str | int]) -> str:
    """The JSON Pointer of a path of keys and indexes."""
    return "".join("/" + escape_token(p) for p in path)


def split_pointer(ptr: str) -> list[str]:
    """The reference tokens of a JSON Pointer."""
    if not ptr:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in ptr.split("/")[1:]]


class GovreportError(Exception):
    """Base class of govreport's exceptions."""


class InputError(GovreportError):
    """A file or document could not be read at all (exit code 2)."""

    def __init__(self, message: str, *, code: str = "input", line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.line = line
        self.column = column


class OutputError(GovreportError, OSError):
    """A file could not be written: its directory is missing, it is not a regular file, it is one of the inputs,
    or the disk refused the bytes (``errno`` says why when the system said).  Nothing was written."""


class UnknownFormatError(GovreportError):
    """A format version govreport does not know."""


class PluginError(GovreportError):
    """A plugin failed (strict mode), or two plugins claim one name."""


class MissingVariantError(GovreportError):
    """A document declares a variant that none of the variants available provides."""

    def __init__(self, name: str, known: Iterable[str]):
        names = ", ".join(sorted(known)) or "none"
        super().__init__(
            f"no installed plugin provides the variant {name!r} (installed variants: {names}); "
            f"install the plugin that provides it, e.g. pip install govreport-{name.split('-')[0]}"
        )
        self.name = name
