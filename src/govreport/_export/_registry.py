"""Exporter records, the built-in exporters, and rendering a report with one of the exporters given.

The exporters to choose from are always given: the plugin host collects the built-in ones
(:func:`builtin_exporters`, registered through the same hook as any plugin's) and the plugins' own.
"""

from __future__ import annotations

import difflib
import importlib
import inspect
from collections.abc import Callable, Iterable, Sequence

import attrs

from govreport.convert import unstructure
from govreport.errors import GovreportError
from govreport.formats import AnyReport, Variant
from govreport.formats.text import printable, text_problem


class ExportError(GovreportError):
    """An export could not be made (unknown format, missing optional dependency …)."""


@attrs.frozen(kw_only=True)
class Exporter:
    """One output format.

    ``render`` turns a report into the file's bytes.  ``template``, when given,
    renders the blank form of a format version (``"2019"`` or ``"2021"``).
    """

    name: str
    """Stable name used on the command line (``--to NAME``), lower case."""
    suffix: str
    """File suffix with the dot, e.g. ``.html``."""
    media_type: str
    """The IANA media type of the output."""
    binary: bool
    """Whether the output is binary (never written to a terminal as text)."""
    render: Callable[..., bytes]
    """``render(report, variants)``: the report as the file's bytes; ``variants`` are the records of the regional
    variants the report declares (for the rows they add and their labels).  A renderer written for earlier
    versions takes the report alone; it is still called so."""
    description: str = ""
    """One line in English, for ``--help`` and the docs."""
    template: Callable[..., bytes] | None = None
    """``template(version)`` or ``template(version, variants)``: the blank form of a format version, if this format
    offers one; one that takes ``variants`` (records) also lays out the rows and labels of regional variants."""


def _lazy(module: str, attr: str, extra: str | None = None) -> Callable[..., bytes]:
    """Import the renderer only when used, so optional dependencies stay optional."""

    def call(*args: object) -> bytes:
        # a writer may import its optional package when it first needs it, so the call is guarded as well
        try:
            mod = importlib.import_module(f"govreport._export.{module}")
            result: bytes = getattr(mod, attr)(*args)
        except ModuleNotFoundError as exc:
            if extra is None or exc.name is None or exc.name.startswith("govreport"):
                raise
            raise ExportError(
                f"this export needs the optional package {exc.name.split('.')[0]!r}; "
                f"install it with: pip install 'govreport[{extra}]'"
            ) from None
        return result

    call.__name__ = f"{module}.{attr}"
    call.__qualname__ = call.__name__
    return call


def builtin_exporters() -> list[Exporter]:
    """The exporters govreport itself provides (registered with the plugin host like any plugin's)."""
    return [
        Exporter(
            name="csv",
            suffix=".csv",
            media_type="text/csv",
            binary=False,
            render=_lazy("_csv", "render"),
            description="tidy data: one row per table cell, official labels, marks as written",
        ),
        Exporter(
            name="docx",
            suffix=".docx",
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            binary=True,
            render=_lazy("_docx", "render", "docx"),
            template=_lazy("_docx", "template", "docx"),
            description="Word document in the official layout, with merged header cells",
        ),
        Exporter(
            name="html",
            suffix=".html",
            media_type="text/html",
            binary=False,
            render=_lazy("_html", "render"),
            template=_lazy("_html", "template"),
            description="standalone web page in the official layout, with an A4 print stylesheet",
        ),
        Exporter(
            name="json",
            suffix=".json",
            media_type="application/json",
            binary=False,
            render=_lazy("_json", "render"),
            description="the canonical report JSON",
        ),
        Exporter(
            name="markdown",
            suffix=".md",
            media_type="text/markdown",
            binary=False,
            render=_lazy("_markdown", "render"),
            description="Markdown with the three tables as pipe tables",
        ),
        Exporter(
            name="xlsx",
            suffix=".xlsx",
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            binary=True,
            render=_lazy("_xlsx", "render", "xlsx"),
            template=_lazy("_xlsx", "template", "xlsx"),
            description="spreadsheet: one sheet per table in the official layout, plus tidy data; reads back",
        ),
    ]


def check_unique(exporters: Sequence[Exporter]) -> tuple[Exporter, ...]:
    """The exporters sorted by name; :class:`ExportError` when two share a name or one is not an Exporter."""
    found: dict[str, Exporter] = {}
    for exporter in exporters:
        if not isinstance(exporter, Exporter):
            raise ExportError(f"{exporter!r} is not a govreport Exporter")
        if exporter.name in found:
            raise ExportError(f"two exporters are named {exporter.name!r}")
        found[exporter.name] = exporter
    return tuple(found[name] for name in sorted(found))


def get_exporter(name: str, exporters: Sequence[Exporter] | None = None) -> Exporter:
    """The exporter called ``name`` among ``exporters`` (by default the built-in ones); :class:`ExportError`
    lists the known ones otherwise."""
    available = builtin_exporters() if exporters is None else exporters
    for exporter in available:
        if exporter.name == name:
            return exporter
    by_suffix = exporter_for_suffix("." + name.lower(), available) if name and "." not in name else None
    if by_suffix is not None:  # "md" for markdown: the file suffix names the format as well
        return by_suffix
    known = sorted(e.name for e in available)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ExportError(f"unknown export format {name!r}{hint} (known formats: {', '.join(known)})")


SUFFIX_ALIASES: dict[str, str] = {".htm": ".html", ".markdown": ".md"}
"""File suffixes people use for a format besides the one its exporter writes."""


def exporter_for_suffix(suffix: str, exporters: Sequence[Exporter] | None = None) -> Exporter | None:
    """The exporter whose files end in ``suffix`` (``.md``, ``.xlsx`` …, case-insensitive), if exactly one does."""
    available = builtin_exporters() if exporters is None else exporters
    wanted = SUFFIX_ALIASES.get(suffix.lower(), suffix.lower())
    found = [e for e in available if e.suffix.lower() == wanted]
    return found[0] if len(found) == 1 else None


def render(exporter: Exporter, report: AnyReport, variants: Sequence[Variant] = ()) -> bytes:
    """``exporter.render(report, variants)`` (or ``render(report)`` for a renderer that takes the report alone).

    A report made in code whose text holds a character no report may hold (see :mod:`govreport.formats.text`;
    validation refuses such a document) is refused with an :class:`ExportError` naming the place.
    """
    problem = _text_problem(unstructure(report), "")
    if problem is not None:
        raise ExportError(problem)
    if _takes_variants(exporter.render):
        return exporter.render(report, tuple(variants))
    return exporter.render(report)


def _text_problem(value: object, where: str) -> str | None:
    if isinstance(value, str):
        problem = text_problem(value)
        return None if problem is None else f"{printable(where) or '/'}: {problem}"
    if isinstance(value, dict):
        items: Iterable[tuple[object, object]] = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _text_problem(item, f"{where}/{key}")
        if found is not None:
            return found
    return None


def _takes_variants(function: Callable[..., bytes]) -> bool:
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature: the current contract
        return True
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind is p.VAR_POSITIONAL for p in parameters)


def export(
    report: AnyReport, fmt: str, *, exporters: Sequence[Exporter] | None = None, variants: Sequence[Variant] = ()
) -> bytes:
    """A report in the format called ``fmt`` (one of ``exporters``, by default the built-in ones), as bytes."""
    return render(get_exporter(fmt, exporters), report, variants)


def template(
    version: str, fmt: str, *, exporters: Sequence[Exporter] | None = None, variants: Sequence[Variant] = ()
) -> bytes:
    """The blank form of format ``version`` in the format called ``fmt``, with the rows and labels of the regional
    ``variants`` (records; each must extend ``version``)."""
    available = builtin_exporters() if exporters is None else exporters
    exporter = get_exporter(fmt, available)
    if exporter.template is None:
        offering = ", ".join(e.name for e in available if e.template is not None)
        raise ExportError(f"the {fmt!r} format has no blank template; templates exist for: {offering}")
    for variant in variants:
        if variant.base_format != version:
            raise ExportError(
                f"the variant {variant.name!r} extends the {variant.base_format} format, not {version}; "
                f"use --format {variant.base_format}"
            )
    if not variants:
        return exporter.template(version)
    if not _takes_variants(exporter.template):
        raise ExportError(f"the {exporter.name!r} template has no regional variants")
    return exporter.template(version, tuple(variants))
