"""Reports from files of any format govreport reads: report JSON, or a published document through the importers.

``compare`` and ``dataset`` take what a person has at hand — the JSON govreport writes, or the ``.txt``,
``.html``, ``.docx`` or ``.pdf`` an organ published — and need one report record from each.  :func:`load_any`
gives it, with where each imported value came from; :func:`expand` turns files, directories and glob patterns
into a sorted list of files.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from pathlib import Path

import attrs

from govreport._facade import Govreport, current
from govreport._importers import ImportFailed, ImportReport
from govreport.errors import InputError
from govreport.formats import AnyReport

JSON_SUFFIX = ".json"


class NotAReport(InputError):
    """A file that gives no report: unreadable, not a valid report, or a document the importers refuse.

    ``unreadable`` is True when the file could not be read or imported at all, False when it is report JSON
    that is not valid.
    """

    def __init__(self, message: str, *, unreadable: bool, code: str = "input"):
        super().__init__(message, code=code)
        self.unreadable = unreadable


@attrs.frozen(kw_only=True)
class Loaded:
    """A report read from one file."""

    source: str
    """The file, as named."""
    report: AnyReport
    kind: str
    """``json`` for report JSON, else the name of the importer that read it (``text``, ``html``, ``pdf`` …)."""
    import_report: ImportReport | None = attrs.field(default=None, eq=False, repr=False)
    """For an imported document: where every value came from."""


def load_any(path: str | os.PathLike[str], api: Govreport | None = None) -> Loaded:
    """The report in a file: ``.json`` is validated as report JSON, anything else is imported, with ``api`` (by
    default the facade of the plugin host in use).

    Raises :class:`NotAReport` with a message naming the file, the place and what was expected.
    """
    api = api if api is not None else current()
    name = str(path)
    if Path(name).suffix.lower() == JSON_SUFFIX:
        result = api.validate_file(name)
        if result.report is None:
            first = result.issues[0] if result.issues else None
            if result.unreadable:
                why = first.message if first else "cannot be read"
                raise NotAReport(f"{name}: {why}", unreadable=True, code=first.code if first else "unreadable")
            where = ""
            if first is not None:
                place = first.pointer or "/"
                label = f"（{first.label}）" if first.label else ""
                where = f"; the first at {place}{label}: {first.message}"
            raise NotAReport(
                f"{name}: not a valid report: {len(result.issues)} problem(s){where}", unreadable=False, code="invalid"
            )
        return Loaded(source=name, report=result.report, kind="json")
    try:
        imported = api.import_file(name)
    except ImportFailed as exc:
        raise NotAReport(exc.message, unreadable=True, code=exc.code) from None
    return Loaded(
        source=name, report=imported.report, kind=imported.import_report.importer, import_report=imported.import_report
    )


def suffixes() -> tuple[str, ...]:
    """The file suffixes looked for in a directory: ``.json`` and every importer's (lower case, with the dot)."""
    found = {JSON_SUFFIX}
    for importer in current().importers():
        found.update(s for s in importer.suffixes if s)  # "" (no suffix) is for files named one by one
    return tuple(sorted(found))


@attrs.frozen(kw_only=True)
class Missing:
    """An input that names no file, and why."""

    source: str
    note: str


def expand(inputs: Sequence[str]) -> tuple[list[str], list[Missing]]:
    """The files named by ``inputs`` (files, directories searched recursively, glob patterns), sorted.

    A file named directly is taken whatever its suffix; in a directory, files with a suffix of
    :func:`suffixes` are taken and hidden files and folders are skipped.  Each input that names nothing gets a
    :class:`Missing` entry.
    """
    wanted = suffixes()
    found: set[str] = set()
    missing: list[Missing] = []

    def files_under(folder: Path) -> list[str]:
        out = []
        for p in folder.rglob("*"):
            hidden = any(part.startswith(".") for part in p.relative_to(folder).parts)
            if not hidden and p.suffix.lower() in wanted and p.is_file():
                out.append(str(p))
        return out

    for item in inputs:
        path = Path(item)
        if path.exists():
            targets = [path]
        elif glob.has_magic(item):
            targets = [Path(hit) for hit in glob.glob(item, recursive=True)]
            if not targets:
                missing.append(Missing(source=item, note="the pattern matches no file"))
        else:
            targets = []
            missing.append(Missing(source=item, note="no such file"))
        for target in targets:
            if target.is_dir():
                hits = files_under(target)
                if not hits and path.is_dir():
                    missing.append(Missing(source=item, note="the directory holds no report files"))
                found.update(hits)
            else:
                found.add(str(target))
    return sorted(found), missing


__all__ = ["JSON_SUFFIX", "Loaded", "Missing", "NotAReport", "expand", "load_any", "suffixes"]
