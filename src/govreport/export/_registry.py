"""The exporter registry: every output format, built-in or from a plugin.

:func:`get_exporters` is the one place the command line, the Python API and the
documentation look exporters up.  Built-in exporters are declared in
:func:`_builtin_exporters`; plugins contribute more through
:func:`_plugin_exporters`, the seam the plugin system hooks into.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

import attrs

from govreport.errors import GovreportError
from govreport.formats import AnyReport


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
    render: Callable[[AnyReport], bytes]
    """The report as the file's bytes."""
    description: str = ""
    """One line in English, for ``--help`` and the docs."""
    template: Callable[[str], bytes] | None = None
    """The blank form of a format version, if this format offers one."""


def _lazy(module: str, attr: str, extra: str | None = None) -> Callable[..., bytes]:
    """Import the renderer only when used, so optional dependencies stay optional."""

    def call(*args: object) -> bytes:
        try:
            mod = importlib.import_module(f"govreport.export.{module}")
        except ModuleNotFoundError as exc:
            if extra is None or exc.name is None or exc.name.startswith("govreport"):
                raise
            raise ExportError(
                f"this export needs the optional package {exc.name!r}; "
                f"install it with: pip install 'govreport[{extra}]'"
            ) from None
        result: bytes = getattr(mod, attr)(*args)
        return result

    call.__name__ = f"{module}.{attr}"
    call.__qualname__ = call.__name__
    return call


def _builtin_exporters() -> list[Exporter]:
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


def _plugin_exporters() -> Iterable[Exporter]:
    """Exporters contributed by plugins (the plugin system hooks in here)."""
    from govreport.plugins import get_host

    return get_host().exporters()


def get_exporters() -> tuple[Exporter, ...]:
    """Every available exporter, sorted by name.

    Raises :class:`ExportError` when two exporters claim the same name.
    """
    found: dict[str, Exporter] = {}
    for exporter in [*_builtin_exporters(), *_plugin_exporters()]:
        if not isinstance(exporter, Exporter):
            raise ExportError(f"a plugin returned {exporter!r}, not an Exporter")
        if exporter.name in found:
            raise ExportError(f"two exporters are named {exporter.name!r}; exporter names must be unique")
        found[exporter.name] = exporter
    return tuple(found[name] for name in sorted(found))


def get_exporter(name: str) -> Exporter:
    """The exporter called ``name``; :class:`ExportError` lists the known ones otherwise."""
    exporters = get_exporters()
    for exporter in exporters:
        if exporter.name == name:
            return exporter
    known = ", ".join(e.name for e in exporters)
    raise ExportError(f"unknown export format {name!r}; known formats: {known}")


def export(report: AnyReport, fmt: str) -> bytes:
    """A report in the format called ``fmt`` (see :func:`get_exporters`), as bytes."""
    return get_exporter(fmt).render(report)


def template(version: str, fmt: str) -> bytes:
    """The blank form of format ``version`` in the format called ``fmt``."""
    exporter = get_exporter(fmt)
    if exporter.template is None:
        offering = ", ".join(e.name for e in get_exporters() if e.template is not None)
        raise ExportError(f"the {fmt!r} format has no blank template; templates exist for: {offering}")
    return exporter.template(version)
