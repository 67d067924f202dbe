"""Importer records, the built-in importers, and choosing the importer for a file.

The importers to choose from are always given: the plugin host collects the built-in ones
(:func:`builtin_importers`, registered through the same hook as any plugin's) and the plugins' own.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

from govreport._importers import _sniff
from govreport._importers._source import SourceDocument
from govreport.errors import InputError

if TYPE_CHECKING:
    from govreport._importers._result import ImportResult


class ImportFailed(InputError):
    """A file could not be imported (unreadable, unsafe, or not an annual report)."""


@attrs.frozen(kw_only=True)
class Importer:
    """One input rendering.

    ``read`` gets the file's bytes (already size-checked) and its name, and
    returns the document's lines and tables; it raises :class:`ImportFailed`
    with a clear message for input it cannot read.
    """

    name: str
    """Stable name, lower case (``text``, ``html``, ``docx``, ``pdf`` …)."""
    suffixes: tuple[str, ...]
    """File suffixes it accepts, lower case with the dot, e.g. ``(".html", ".htm")``."""
    read: Callable[..., SourceDocument | ImportResult]
    """``read(data, name)`` or ``read(data, name, variants)``: the file's bytes and name (and the regional variants
    a document may declare, :class:`~govreport.formats.Variant` records) → its lines and tables; an importer of a
    structured form (a filled XLSX template, report JSON) returns the finished :class:`ImportResult` instead."""
    sniff: Callable[[bytes], bool] | None = None
    """Recognises the file by its first bytes when the suffix is unknown."""
    description: str = ""
    """One line in English, for ``--help`` and the docs."""
    extra: str | None = None
    """The optional-dependency extra it needs (``pip install 'govreport[EXTRA]'``), if any."""
    priority: int = 0
    """Higher wins when several importers accept the same suffix (plugins may override built-ins)."""


def _lazy(
    module: str, attr: str, extra: str | None = None, *, variants: bool = False
) -> Callable[..., SourceDocument | ImportResult]:
    """Import the reader only when used, so optional dependencies stay optional.  With ``variants``, the reader
    is given the regional variants a document may declare, as a third argument."""

    def call(data: bytes, name: str, *more: object) -> SourceDocument | ImportResult:
        # a reader may import its optional package when it first needs it, so the call is guarded as well
        try:
            mod = importlib.import_module(f"govreport._importers.{module}")
            args = (data, name, *more) if variants else (data, name)
            result: SourceDocument | ImportResult = getattr(mod, attr)(*args)
        except ModuleNotFoundError as exc:
            if extra is None or exc.name is None or exc.name.startswith("govreport"):
                raise
            raise ImportFailed(
                f"{name}: 读取此文件需要可选软件包 {exc.name.split('.')[0]}；请安装：pip install 'govreport[{extra}]'",
                code="missing-dependency",
            ) from None
        return result

    call.__name__ = f"{module}.{attr}"
    call.__qualname__ = call.__name__
    return call


_JSON_OBJECT = re.compile(rb'\s*\{\s*["}]')


def _sniff_json(head: bytes) -> bool:
    """Report JSON: an object with a key, after any byte-order mark and white space (no published report starts
    so; RTF's ``{\\rtf`` does not)."""
    return _JSON_OBJECT.match(head.removeprefix(b"\xef\xbb\xbf")) is not None


def _sniff_csv(head: bytes) -> bool:
    """govreport's tidy CSV, by its header."""
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"table,row_key,row_label,column_key,column_label,value")


def _sniff_legacy(head: bytes) -> bool:
    return _sniff.is_ole2(head) or _sniff.is_rtf(head)


def builtin_importers() -> list[Importer]:
    """The importers govreport itself provides (registered with the plugin host like any plugin's)."""
    return [
        Importer(
            name="docx",
            suffixes=(".docx",),
            read=_lazy("_docx", "read", "docx"),
            sniff=_sniff.is_docx,
            description="Word document (.docx): paragraphs, tables and text boxes, merged cells laid out once",
            extra="docx",
        ),
        Importer(
            name="html",
            suffixes=(".html", ".htm", ".xhtml", ".shtml", ".mht", ".mhtml"),
            read=_lazy("_html", "read"),
            sniff=_sniff.is_html,
            description="web page (also Word's and .mht single-file pages) in any declared or detectable encoding; "
            "tables with rowspan/colspan",
        ),
        Importer(
            name="pdf",
            suffixes=(".pdf",),
            read=_lazy("_pdf", "read", "pdf"),
            sniff=_sniff.is_pdf,
            description="PDF with a text layer (scanned PDFs are refused; no OCR)",
            extra="pdf",
        ),
        Importer(
            name="xlsx",
            suffixes=(".xlsx",),
            read=_lazy("_xlsx", "read", "xlsx", variants=True),
            sniff=_sniff.is_xlsx,
            description="a filled XLSX form (govreport template) or an XLSX export, read back cell by cell",
            extra="xlsx",
            priority=1,
        ),
        Importer(
            name="text",
            suffixes=(".txt", ".text", ".md", ".markdown", ""),
            read=_lazy("_text", "read"),
            description="plain text or Markdown: one cell per line, pipe rows, Markdown tables, number rows; "
            "HTML tags and box-drawn tables in the text read as tables",
        ),
        Importer(
            name="json",
            suffixes=(".json",),
            read=_lazy("_json", "read", variants=True),
            sniff=_sniff_json,
            description="report JSON: validated as it is",
            priority=2,
        ),
        Importer(
            name="csv",
            suffixes=(".csv",),
            read=_lazy("_csv", "read", variants=True),
            sniff=_sniff_csv,
            description="govreport's tidy CSV export (every cell and the report's other values), read back",
            priority=2,
        ),
        Importer(
            name="doc",
            suffixes=(),
            read=_lazy("_legacy", "read"),
            sniff=_sniff_legacy,
            description="recognises Word 97–2003 .doc (OLE2) and RTF files and says how to convert them",
            priority=-1,
        ),
    ]


def check_unique(importers: Sequence[Importer]) -> tuple[Importer, ...]:
    """The importers sorted by name; :class:`ImportFailed` when two share a name or one is not an Importer."""
    found: dict[str, Importer] = {}
    for importer in importers:
        if not isinstance(importer, Importer):
            raise ImportFailed(f"{importer!r} is not a govreport Importer", code="usage")
        if importer.name in found:
            raise ImportFailed(f"two importers are named {importer.name!r}", code="usage")
        found[importer.name] = importer
    return tuple(found[name] for name in sorted(found))


def choose_importer(name: str, head: bytes, importers: Sequence[Importer], *, importer: str | None = None) -> Importer:
    """The importer for a file among ``importers``: by name if given, else by the file's first bytes, else by
    suffix."""
    if importer is not None:
        for candidate in importers:
            if candidate.name == importer:
                return candidate
        known = ", ".join(i.name for i in importers)
        raise ImportFailed(f"没有名为 {importer} 的导入器；可用的导入器：{known}", code="usage")
    ranked = sorted(importers, key=lambda i: (-i.priority, i.name))
    # content first: a .txt that is really a PDF or a zip is read as what it is
    for candidate in ranked:
        if candidate.sniff is not None and candidate.sniff(head):
            return candidate
    suffix = _suffix(name)
    for candidate in ranked:
        if suffix in candidate.suffixes:
            return candidate
    for candidate in ranked:
        if "" in candidate.suffixes:
            return candidate
    raise ImportFailed(f"{name}: 没有导入器接受扩展名为“{suffix}”的文件", code="unsupported")


def _suffix(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[1].lower() if "." in base else ""
