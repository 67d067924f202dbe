"""HTML export: a standalone page in the official layout.

The six sections in order, the three tables with the format's merged header
cells, a CJK font stack with fallbacks and an A4 print stylesheet; no external
resource is loaded.  Every value cell carries ``data-pointer`` (its JSON
Pointer), ``data-row`` and ``data-column`` so tools can read the page back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from govreport import _embed
from govreport.convert import unstructure
from govreport.formats import AnyReport, Variant
from govreport.formats._fields import CellKind
from govreport.grid import Doc, Grid, GridCell, blank, from_report, grids

PAGE_CSS = """
:root {
  --serif: "Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "Songti SC", "STSong", "SimSun",
    "NSimSun", "FangSong", "Noto Serif", serif;
  --sans: "Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "SimHei", "WenQuanYi Micro Hei", "Noto Sans", sans-serif;
}
* { box-sizing: border-box; }
html { background: #f3f3f3; }
body {
  font-family: var(--serif); font-size: 12pt; line-height: 1.75; color: #111; background: #fff;
  width: 210mm; max-width: 100%; margin: 0 auto; padding: 20mm 15mm;
}
h1 { font-family: var(--sans); font-size: 18pt; text-align: center; line-height: 1.4; margin: 0 0 1.2em; }
h2 { font-family: var(--sans); font-size: 14pt; margin: 1.4em 0 0.6em; }
h3 { font-family: var(--sans); font-size: 12pt; margin: 1em 0 0.4em; }
p { text-indent: 2em; margin: 0 0 0.6em; text-align: justify; overflow-wrap: anywhere; }
p.blank { min-height: 5em; border-bottom: 1px dashed #999; text-indent: 0; }
.meta { font-size: 10.5pt; color: #444; text-align: center; margin: -0.8em 0 1.2em; }
.signature { text-align: right; text-indent: 0; margin-top: 2em; }
@page { size: A4; margin: 20mm 15mm; }
@media print {
  html { background: none; }
  body { width: auto; padding: 0; font-size: 11pt; }
  h2 { page-break-after: avoid; }
}
"""

TABLE_CSS = """
table.report {
  width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0.4em 0 1.2em;
  font-size: 9pt; line-height: 1.35;
}
table.report caption { font-family: var(--sans); font-size: 10.5pt; font-weight: bold; padding-bottom: 0.3em; }
table.report th, table.report td {
  border: 1px solid #000; padding: 2px 3px; vertical-align: middle; overflow-wrap: anywhere; word-break: break-all;
}
table.report th { font-weight: normal; text-align: center; background: #f5f5f5; font-family: var(--sans); }
table.report th.label { text-align: left; background: #fff; font-family: var(--serif); }
table.report th.corner { font-size: 8pt; text-align: left; }
table.report td { text-align: center; font-variant-numeric: tabular-nums; }
table.report td.mark { color: #555; }
table.report td.unreadable { color: #a00; font-style: italic; }
table.t-three col.label { width: 7%; }
table.t-three col.label-2 { width: 9%; }
table.t-three col.label-3 { width: 20%; }
table.t-two col.label { width: 28%; }
@media print {
  table.report { page-break-inside: auto; }
  table.report tr { page-break-inside: avoid; }
  table.report thead { display: table-header-group; }
}
"""
"""The official tables' look (uses the ``--serif`` and ``--sans`` font stacks of :data:`PAGE_CSS`); the web desk
draws its tables with it too."""

CSS = PAGE_CSS + TABLE_CSS

CellAnnotation = tuple[tuple[str, ...], dict[str, str]]
"""Extra classes and extra attributes (escaped by :func:`render_grid`) of one value cell."""


def _td(cell_kind: CellKind | None, text: str, value: object) -> str:
    classes = []
    if cell_kind is not None:
        classes.append(cell_kind.value)
    name = type(value).__name__
    if name == "Mark":
        classes.append("mark")
    elif name == "Unreadable":
        classes.append("unreadable")
    return " ".join(classes)


def _colgroup(grid: Grid) -> str:
    cols = []
    if grid.table == "三":
        cols = ['<col class="label">', '<col class="label-2">', '<col class="label-3">']
        cols += ['<col class="value">'] * (grid.n_cols - 3)
    elif grid.table == "二":
        cols = ['<col class="label">'] + ['<col class="value">'] * (grid.n_cols - 1)
    else:
        cols = ['<col class="value">'] * grid.n_cols
    return "<colgroup>" + "".join(cols) + "</colgroup>"


def render_grid(grid: Grid, annotate: Callable[[GridCell], CellAnnotation] | None = None) -> str:
    """One table as HTML with its merged cells; ``annotate`` adds classes and attributes to value cells."""
    by_row: dict[int, list[str]] = {r: [] for r in range(grid.n_rows)}
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        span = ""
        if cell.rowspan > 1:
            span += f' rowspan="{cell.rowspan}"'
        if cell.colspan > 1:
            span += f' colspan="{cell.colspan}"'
        text = escape(cell.text)
        if cell.role == "value":
            classes = _td(cell.kind, cell.text, cell.value)
            extra = ""
            if annotate is not None:
                more, attributes = annotate(cell)
                classes = " ".join((classes, *more)).strip()
                extra = "".join(f' {escape(k)}="{escape(v)}"' for k, v in attributes.items())
            by_row[cell.row].append(
                f'<td{span} class="{escape(classes)}" data-pointer="{escape(cell.pointer or "")}" '
                f'data-row="{escape(cell.row_key or "")}" data-column="{escape(cell.column_key or "")}"{extra}>'
                f"{text}</td>"
            )
        elif cell.role == "label":
            key = f' data-row="{escape(cell.row_key)}"' if cell.row_key else ""
            by_row[cell.row].append(f'<th{span} scope="row" class="label"{key}>{text}</th>')
        else:
            corner = ' class="corner"' if grid.table == "三" and cell.row == 0 and cell.col == 0 else ""
            by_row[cell.row].append(f'<th{span} scope="col"{corner}>{text}</th>')
    head = [f"<tr>{''.join(by_row[r])}</tr>" for r in range(grid.header_rows)]
    body = [f"<tr>{''.join(by_row[r])}</tr>" for r in range(grid.header_rows, grid.n_rows)]
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    return (
        f'<table class="report t-{ {"二": "two", "三": "three", "四": "four"}[grid.table] }" data-table="{grid.table}">'
        f"<caption>{escape(grid.caption)}</caption>{_colgroup(grid)}{thead}<tbody>{''.join(body)}</tbody></table>"
    )


def render_doc(doc: Doc) -> str:
    """The whole page."""
    tables = grids(doc)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="govreport">',
        f'<meta name="govreport-format" content="{doc.version}">',
        f"<title>{escape(doc.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        f'<body data-format="{doc.version}">',
        f"<h1>{escape(doc.title)}</h1>",
    ]
    if doc.metadata:
        parts.append('<p class="meta">' + "　".join(escape(f"{k}：{v}") for k, v in doc.metadata) + "</p>")
    parts += [f"<p>{escape(p)}</p>" for p in doc.preamble]
    for number, section in enumerate(doc.sections, start=1):
        parts.append(f'<section id="section-{number}">')
        parts.append(f"<h2>{escape(section.heading)}</h2>")
        for paragraph in section.paragraphs:
            parts.append(f"<p>{escape(paragraph)}</p>" if paragraph else '<p class="blank"></p>')
        for sub, paragraphs in section.subheadings:
            parts.append(f"<h3>{escape(sub)}</h3>")
            parts += [f"<p>{escape(p)}</p>" if p else '<p class="blank"></p>' for p in paragraphs]
        if section.table:
            parts.append(render_grid(tables[section.table]))
        parts.append("</section>")
    if doc.signed_by or doc.date:
        lines = "<br>".join(escape(x) for x in (doc.signed_by, doc.date) if x)
        parts.append(f'<p class="signature">{lines}</p>')
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def render(report: AnyReport, variants: Sequence[Variant] = ()) -> bytes:
    """The report as a standalone HTML page, UTF-8, with its data for reading back (see
    :mod:`govreport._embed`)."""
    return _embed.html(render_doc(from_report(report, variants)), unstructure(report)).encode("utf-8")


def template(version: str, variants: Sequence[Variant] = ()) -> bytes:
    """The blank form of a format version as an HTML page, with the rows and labels of the regional ``variants``."""
    return render_doc(blank(version, variants=variants)).encode("utf-8")
