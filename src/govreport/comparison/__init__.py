"""Reports of one organ over the years, compared: every cell with its change, the cross-year rules, the prose.

>>> from govreport.comparison import compare, render
>>> comparison = compare("pingtan-2022.txt", "pingtan-2023.html")   # doctest: +SKIP
>>> print(render(comparison, "text"))                               # doctest: +SKIP

:func:`compare` takes files (report JSON or any document the importers read) or report records, puts them in
year order, refuses reports of different organs or two of one year unless ``force=True``, and returns a
:class:`Comparison`: every table cell of any report side by side with its change and percentage change, the
findings of the rules that need last year's report (``check(new, previous=old)``), and each prose section
against last year's (文字重复率 and the new sentences).  :func:`render` writes it as text, JSON, Markdown or a
standalone HTML page with charts (the HTML needs the ``data`` extra for matplotlib).
"""

from __future__ import annotations

from typing import Literal

from govreport import jsonio
from govreport._extras import MissingExtra
from govreport.comparison._build import SHARED_TABLES, CompareRefused, change, compare, normalise_organ
from govreport.comparison._model import (
    CellLine,
    CellValue,
    Change,
    ChangeStatus,
    Comparison,
    Edition,
    ProseChange,
    SectionProse,
    Series,
    Step,
)
from govreport.comparison._prose import SECTIONS, sentences

Format = Literal["text", "json", "md", "html"]
FORMATS: tuple[Format, ...] = ("text", "json", "md", "html")
"""The formats :func:`render` writes."""

SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
"""Output file suffixes and the format each implies."""


def render(comparison: Comparison, to: Format = "text") -> str:
    """The comparison as ``text``, ``json``, ``md`` (Markdown) or ``html`` (a standalone page with charts)."""
    if to == "text":
        from govreport.comparison._text import render_text

        return render_text(comparison)
    if to == "json":
        return jsonio.dumps(comparison.to_json())
    if to == "md":
        from govreport.comparison._text import render_markdown

        return render_markdown(comparison)
    if to == "html":
        from govreport.comparison._html import render_html

        return render_html(comparison)
    raise ValueError(f"unknown format {to!r}; known: {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "SECTIONS",
    "SHARED_TABLES",
    "SUFFIXES",
    "CellLine",
    "CellValue",
    "Change",
    "ChangeStatus",
    "CompareRefused",
    "Comparison",
    "Edition",
    "Format",
    "MissingExtra",
    "ProseChange",
    "SectionProse",
    "Series",
    "Step",
    "change",
    "compare",
    "normalise_organ",
    "render",
    "sentences",
]
