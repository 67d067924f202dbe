"""govreport's own HTML, Markdown and Word exports read back: exactly when unchanged, as shown when changed.

Each of these exports carries the report's data (see :mod:`govreport._embed`).  The data is taken as the report
only when rendering it again gives the very bytes of the file: the file then shows exactly that report, and
nothing a page cannot show (the organ's kind, a regional variant's extension, every character of the text) is
lost.  A file someone has changed (a number corrected in Word, a paragraph rewritten) is read by the ordinary
importers as what it shows; what it does not show at all (metadata the page leaves out, the variants) is taken
from the data, and the import report says so.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from govreport import _embed, _export, _importers
from govreport._importers._sniff import is_html, is_zip
from govreport._importers._whole import whole_report
from govreport._importers._zip import check_zip
from govreport.convert import unstructure
from govreport.formats import AnyReport, Variant
from govreport.validate import validate_data

EXACT = "与 govreport 写出时一致：取其内嵌的数据，文件所显示的内容未经改动"
"""The version reason of an export read back exactly."""


def embedded(data: bytes, name: str) -> tuple[str, Any, bytes] | None:
    """The kind of govreport export ``data`` is (``html``, ``markdown`` or ``docx``), the report data it carries
    and the file without it (what the ordinary importers read); ``None`` for any other file."""
    head = data[:65536]
    if is_zip(head):
        return _docx(data, name)
    kind = "html" if is_html(head) else "markdown"
    found = _embed.find(data, kind)
    if found is None:
        return None
    return kind, found[0], found[1]


def _docx(data: bytes, name: str) -> tuple[str, Any, bytes] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:  # the directory only: is the part there at all?
            if _embed.DOCX_PART not in package.namelist():
                return None
        check_zip(data, name, required="word/document.xml", kind="Word document")  # then inflated within limits
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            part = package.read(_embed.DOCX_PART)
    except (_importers.ImportFailed, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # the ordinary importer says what is wrong with the file
    value = _embed.find_docx_part(part)
    return None if value is None else ("docx", value, data)


def read_own(
    data: bytes,
    name: str,
    *,
    exporters: Sequence[_export.Exporter],
    variants: Sequence[Variant],
    regular: Callable[[bytes], _importers.ImportResult],
) -> _importers.ImportResult | None:
    """``data`` read back if it is one of govreport's own exports; ``None`` for any other file.  ``regular``
    imports a file the ordinary way (for an export someone has changed)."""
    found = embedded(data, name)
    if found is None:
        return None
    kind, payload, shown = found
    result = validate_data(payload, source=name, variants=variants)
    if result.report is None:  # not a report after all: the file is read as what it shows
        return regular(shown)
    report = result.report
    declared = tuple(v for v in variants if v.name in report.variants)
    exporter = next((e for e in exporters if e.name == kind), None)
    if exporter is not None and _export.render(exporter, report, declared) == data:
        return _exact(report, kind, name, declared)
    return _changed(regular(shown), report, variants)


def _exact(report: AnyReport, kind: str, name: str, variants: Sequence[Variant]) -> _importers.ImportResult:
    return whole_report(
        report, source=name, importer=kind, rendering=f"{kind} written by govreport", reason=EXACT, variants=variants
    )


def _changed(
    visible: _importers.ImportResult, report: AnyReport, variants: Sequence[Variant]
) -> _importers.ImportResult:
    """What a changed export shows, with what it does not show taken from the data govreport embedded."""
    shown = unstructure(visible.report)
    kept = unstructure(report)
    taken = []
    for key, value in kept["metadata"].items():
        if shown["metadata"].get(key) in (None, [], "") and value not in (None, [], ""):
            shown["metadata"][key] = value
            taken.append(key)
    if not shown["variants"] and kept["variants"]:
        shown["variants"] = kept["variants"]
        shown["extensions"] = {**kept["extensions"], **shown["extensions"]}
        taken.append("variants")
    notes = list(visible.import_report.notes)
    if taken:
        result = validate_data(shown, version=visible.version, source=visible.import_report.source, variants=variants)
        if result.report is not None:
            notes.append(
                "govreport 写出后已被改动：按文件所显示的读取；文件未显示的以下内容取自 govreport 内嵌的数据："
                + "、".join(taken)
            )
            imported = attrs.evolve(visible.import_report, notes=tuple(notes))
            return attrs.evolve(visible, report=result.report, import_report=imported)
    notes.append("govreport 写出后已被改动：按文件所显示的读取")
    return attrs.evolve(visible, import_report=attrs.evolve(visible.import_report, notes=tuple(notes)))
