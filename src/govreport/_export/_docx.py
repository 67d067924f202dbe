"""DOCX export (python-docx): the report in the official layout, merged cells included."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from govreport import _embed
from govreport._export._zip import deterministic
from govreport.convert import unstructure
from govreport.formats import AnyReport, Variant
from govreport.grid import Doc, Grid, blank, from_report, grids

SERIF = "宋体"
SANS = "黑体"


def _font(run: object, name: str, size: float, bold: bool = False) -> None:
    r = run  # python-docx Run
    r.font.name = name  # type: ignore[attr-defined]
    r.font.size = Pt(size)  # type: ignore[attr-defined]
    r.font.bold = bold  # type: ignore[attr-defined]
    rpr = r._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(document: object, text: str, *, indent: bool = True, size: float = 12) -> None:
    p = document.add_paragraph()  # type: ignore[attr-defined]
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), SERIF, size)


def _heading(document: object, text: str, size: float, level: int, center: bool = False) -> None:
    """A heading in Word's own heading style (``Title`` for level 0, ``Heading 1`` …), so that Word's navigation
    pane, outline and table of contents find it; in the official fonts, black."""
    p = document.add_paragraph(style="Title" if level == 0 else f"Heading {level}")  # type: ignore[attr-defined]
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    run = p.add_run(text)
    _font(run, SANS, size, bold=True)
    run.font.color.rgb = RGBColor(0, 0, 0)


def _table(document: object, grid: Grid) -> None:
    table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # every cell fetched once, before any merge: python-docx's table.cell(r, c) lays out the whole table again on
    # each call (seconds for the three tables); the grid's spans never overlap, so each fetched cell stays valid
    # until the one merge that absorbs it
    cells = [row.cells for row in table.rows]
    for cell in grid.cells:
        target = cells[cell.row][cell.col]
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(cells[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1])
        paragraph = target.paragraphs[0]
        if cell.role != "label":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(cell.text), SANS if cell.role == "header" else SERIF, 9)
    for r in range(grid.header_rows):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        header = tr_pr.makeelement(qn("w:tblHeader"), {})
        tr_pr.append(header)


PROPERTY_MAX = 255
"""The longest text a Word document property holds (python-docx refuses more).  A title or an organ longer than
that is cut short in the properties alone; the document shows it whole and carries the report's data whole."""


def _property(text: str) -> str:
    return text if len(text) <= PROPERTY_MAX else text[: PROPERTY_MAX - 1] + "…"


def render_doc(doc: Doc, author: str = "", embedded: Any = None) -> bytes:
    """The document; ``author`` (the organ) in its properties; ``embedded`` (the report's data, for an export) in
    a custom XML part, so that ``govreport import`` reads it back exactly (see :mod:`govreport._embed`)."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(20)
    document.core_properties.title = _property(doc.title)
    document.core_properties.subject = f"政府信息公开工作年度报告（{doc.version}年格式）"
    document.core_properties.keywords = f"govreport format={doc.version}"
    document.core_properties.author = _property(author)  # not python-docx's own name, which its template carries
    document.core_properties.last_modified_by = _property(author)
    document.core_properties.comments = ""
    _heading(document, doc.title, 18, 0, center=True)
    for paragraph in doc.preamble:
        _paragraph(document, paragraph)
    tables = grids(doc)
    for sec in doc.sections:
        _heading(document, sec.heading, 14, 1)
        for paragraph in sec.paragraphs:
            _paragraph(document, paragraph)
        for sub, paragraphs in sec.subheadings:
            _heading(document, sub, 12, 2)
            for paragraph in paragraphs:
                _paragraph(document, paragraph)
        if sec.table:
            _table(document, tables[sec.table])
    for line in (doc.signed_by, doc.date):
        if line:
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(p.add_run(line), SERIF, 12)
    document.core_properties.created = datetime.datetime(2000, 1, 1)
    if embedded is not None:
        part = Part(
            PackURI("/" + _embed.DOCX_PART), "application/xml", _embed.docx_part(embedded), document.part.package
        )
        document.part.relate_to(part, RT.CUSTOM_XML)
    out = io.BytesIO()
    document.save(out)
    return deterministic(out.getvalue())


def render(report: AnyReport, variants: Sequence[Variant] = ()) -> bytes:
    """The report as a Word document, with its data for reading back."""
    return render_doc(from_report(report, variants), report.metadata.organ, unstructure(report))


def template(version: str, variants: Sequence[Variant] = ()) -> bytes:
    """The blank form of a format version as a Word document, with the rows and labels of the regional
    ``variants``."""
    return render_doc(blank(version, variants=variants))
