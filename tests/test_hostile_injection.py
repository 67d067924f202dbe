"""Issue 19, injection: a report's text never becomes a live formula (CSV, XLSX) or markup (Markdown, HTML)."""

from __future__ import annotations

import csv
import io
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook

import govreport
from govreport.export import export
from govreport.formats.cells import Unreadable
from govreport.importers import import_bytes

DATA = Path(__file__).resolve().parent / "data"

FORMULAS = ("=1+cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3", "@IMPORTRANGE()", "\t=1", "\r=1")
MARKUP = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "<https://example.invalid>",
    "# not a heading\n- not a list\n1. not a list\n> not a quote",
    "*not emphasis* _nor this_ `nor code` &amp; ~~nor this~~ | pipe \\ backslash",
)


def _with_text(report: govreport.AnyReport, texts: tuple[str, ...]) -> govreport.AnyReport:
    applications: Any = report.applications
    received = attrs.evolve(applications.new_received, natural_person=Unreadable(unreadable=texts[0]))
    return attrs.evolve(
        report,
        metadata=attrs.evolve(report.metadata, organ=texts[0], title=texts[-1]),
        preamble=texts,
        applications=attrs.evolve(applications, new_received=received),
    )


def test_csv_neutralises_formulas_and_keeps_numbers(seed_report: govreport.AnyReport) -> None:
    for text in FORMULAS:
        rows = list(csv.DictReader(io.StringIO(export(_with_text(seed_report, (text,)), "csv").decode("utf-8"))))
        cell = next(r for r in rows if r["pointer"] == "/applications/new_received/natural_person")
        assert cell["value"] == "'" + text
    seed_rows = list(csv.DictReader(io.StringIO(export(seed_report, "csv").decode("utf-8"))))
    assert all(not r["value"].startswith("'") for r in seed_rows)
    assert any(r["value"] == "5953.02496" for r in seed_rows)


def test_csv_with_neutralised_text_reads_back_as_written(seed_report: govreport.AnyReport) -> None:
    for texts in (FORMULAS, ("'quoted", "''twice", "it's")):
        report = _with_text(seed_report, texts)
        assert import_bytes(export(report, "csv"), "report.csv").report == report


def test_csv_keeps_negative_numbers_as_numbers() -> None:
    data = govreport.loads((DATA / "checks" / "076-leiyang-mashui-2019.json").read_bytes())
    data["active_disclosure"]["licensing"]["change"] = -5
    rows = list(csv.DictReader(io.StringIO(export(govreport.from_data(data), "csv").decode("utf-8"))))
    (cell,) = [r for r in rows if r["pointer"] == "/active_disclosure/licensing/change"]
    assert cell["value"] == "-5"


def test_xlsx_holds_text_not_formulas_and_reads_back(seed_report: govreport.AnyReport) -> None:
    report = _with_text(seed_report, FORMULAS)
    data = export(report, "xlsx")
    for sheet in load_workbook(io.BytesIO(data)):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    tidy = load_workbook(io.BytesIO(data))["明细"]
    assert any(c.value == FORMULAS[0] and c.data_type == "s" for row in tidy.iter_rows() for c in row)
    assert import_bytes(data, "formulas.xlsx").report == report


def _rendered_tags(markdown: str) -> set[str]:
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    tags: set[str] = set()

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            tags.add(tag)

    Collect().feed(html)
    return tags


@pytest.mark.parametrize("text", MARKUP)
def test_markdown_shows_the_text_as_text(seed_report: govreport.AnyReport, text: str) -> None:
    markdown = export(_with_text(seed_report, (text, "标题")), "markdown").decode("utf-8")
    tags = _rendered_tags(markdown)
    assert tags <= {"h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "strong", "br"}, tags
    plain = _text_of(MarkdownIt("commonmark").enable("table").render(markdown))
    for line in text.split("\n"):  # shown exactly as written
        assert line in plain, line


def _text_of(html: str) -> str:
    parts: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

    Text(convert_charrefs=True).feed(html)
    return "".join(parts)


def test_markdown_seed_tables_are_unchanged(seed_report: govreport.AnyReport) -> None:
    markdown = export(seed_report, "markdown").decode("utf-8")
    assert "| 行政事业性收费 | 5953.02496 |" in markdown
    assert "**（一）予以公开**" in markdown or "（一）予以公开" in markdown


@pytest.mark.parametrize("text", MARKUP)
def test_html_escapes_the_text(seed_report: govreport.AnyReport, text: str) -> None:
    html = export(_with_text(seed_report, (text, "标题")), "html").decode("utf-8")
    assert "<script>alert" not in html
    assert "<img src=x" not in html


def test_xlsx_reads_back_text_exactly(seed_report: govreport.AnyReport) -> None:
    """Found by the fuzz suite: an unreadable cell with empty text came back blank, text lost its spaces at either
    end, an empty paragraph was dropped."""
    applications: Any = seed_report.applications
    received = attrs.evolve(
        applications.new_received, natural_person=Unreadable(unreadable=""), total=Unreadable(unreadable=" 4 ")
    )
    report = attrs.evolve(
        seed_report,
        metadata=attrs.evolve(seed_report.metadata, organ=" 机关 ", members=("", " b ")),
        preamble=("", "  缩进", "末尾  "),
        applications=attrs.evolve(applications, new_received=received),
    )
    assert import_bytes(export(report, "xlsx"), "exact.xlsx").report == report
