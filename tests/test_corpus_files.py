"""Every report directory of the wider corpus (tests/corpus/<id>/) is well formed.

Each directory holds a real published report (``source.*``), its hand-made gold cells (``gold.csv``) and
``meta.json``; HTML, PDF and DOCX sources also carry ``renderings/``.  These tests check the shape of all of them
against ``govreport.layout.rows`` and that the gold numbers are the source's own.  They do not run the importer:
the corpus measures it, and its holdout part must stay untouched by tuning.
"""

from __future__ import annotations

import csv
import html.parser
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import govreport
from govreport.layout import Row, rows

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "corpus"
SEED = TESTS.parent / "examples" / "zibo-gaoxin-2021.json"

REPORTS = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))

HEADER = ["table", "row_key", "column_key", "value"]
META_KEYS = {
    "id",
    "source_url",
    "retrieved_via",
    "organ",
    "organ_kind",
    "administrative_level",
    "region",
    "report_year",
    "format_version",
    "other_handling_layout",
    "rendering",
    "split",
    "notes",
    "unsettled",
}
ORGAN_KINDS = {
    "peoples_government",
    "government_office",
    "government_department",
    "dispatched_agency",
    "development_zone",
    "authorised_organisation",
    "other",
}
LEVELS = {"national", "provincial", "prefectural", "county", "township"}
RENDERINGS = {"html", "word-html", "pdf", "docx", "page-text", "markdown"}
SPLITS = {"dev", "holdout"}
UNSETTLED_KEYS = {"table", "row_key", "column_key", "source_text", "reason"}
ID = re.compile(r"[a-z]-20\d\d-[a-z0-9]+(?:-[a-z0-9]+)*")
VALUE = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?|/|—|无|")
SIGNED = re.compile(r"-?(?:0|[1-9]\d*)|/|—|无|")
"""本年增/减 (the 2019 format's ``change``) may be a decrease."""
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# What each kind of source must have beside it, as make_renderings.py writes it.
EXPECTED_RENDERINGS = {
    ".html": {"w3m.txt", "lynx.txt", "pandoc.md", "html2text.md", "markitdown.md", "TOOLS.txt"},
    ".pdf": {"pdftotext-layout.txt", "pdftotext.txt", "markitdown.md", "TOOLS.txt"},
    ".docx": {"pandoc.md", "mammoth.md", "markitdown.md", "TOOLS.txt"},
}
RENDERING_SUFFIXES = {"html": {".html", ".htm"}, "word-html": {".html", ".htm"}, "pdf": {".pdf"}, "docx": {".docx"}}
RENDERING_SUFFIXES.update({"page-text": {".txt"}, "markdown": {".md"}})
CellKey = tuple[str, str, str]


def test_the_corpus_has_reports() -> None:
    assert len(REPORTS) >= 1


@cache
def _meta(report: str) -> dict[str, Any]:
    data = json.loads((CORPUS / report / "meta.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@cache
def _gold(report: str) -> tuple[tuple[CellKey, str], ...]:
    with (CORPUS / report / "gold.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == HEADER
        return tuple(((t, r, c), v) for t, r, c, v in reader)


@cache
def _combined_rows() -> tuple[Row, ...]:
    """The 2021 layout of a report that prints （六）其他处理 as one row (the bundled seed is one)."""
    return tuple(rows(govreport.load(SEED)))


def _layout_cells(report: str) -> list[CellKey]:
    meta = _meta(report)
    layout = _combined_rows() if meta["other_handling_layout"] == "combined" else rows(meta["format_version"])
    return [(row.table, row.key, column.key) for row in layout for column in row.columns]


def _source(report: str) -> Path:
    found = [p for p in (CORPUS / report).glob("source.*") if p.is_file()]
    assert len(found) == 1, f"{report}: exactly one source.* file, found {[p.name for p in found]}"
    return found[0]


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@cache
def _source_text(report: str) -> str:
    path = _source(report)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join(parts)
    raw = path.read_bytes()
    text = raw.decode(_meta_charset(raw) if suffix in (".html", ".htm") else "utf-8")
    if suffix in (".html", ".htm"):
        parser = _Text()
        parser.feed(text)
        return " ".join(parser.parts)
    return text


def _meta_charset(raw: bytes) -> str:
    """The charset an HTML file declares (many government pages are GBK), UTF-8 when it declares none."""
    match = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096])
    return match.group(1).decode("ascii") if match else "utf-8"


@cache
def _digit_stream(report: str) -> str:
    """The source's text with everything but digits and dots removed: run-together cells stay comparable."""
    return re.sub(r"[^0-9.]", "", _source_text(report))


def _unsettled(report: str) -> set[CellKey]:
    return {(u["table"], u["row_key"], u["column_key"]) for u in _meta(report)["unsettled"]}


@pytest.mark.parametrize("report", REPORTS)
def test_directory_holds_source_gold_and_meta(report: str) -> None:
    assert (CORPUS / report / "gold.csv").is_file()
    assert (CORPUS / report / "meta.json").is_file()
    assert _source(report).stat().st_size > 0


@pytest.mark.parametrize("report", REPORTS)
def test_meta_keys_and_values_are_valid(report: str) -> None:
    meta = _meta(report)
    assert set(meta) == META_KEYS
    assert meta["id"] == report
    assert ID.fullmatch(report), "ids are lower-case ascii: <helper>-<year>-<name>"
    assert str(meta["report_year"]) in report
    assert isinstance(meta["report_year"], int)
    assert 2019 <= meta["report_year"] <= 2025
    assert meta["format_version"] in ("2019", "2021")
    expected_layouts = (None,) if meta["format_version"] == "2019" else ("itemised", "combined")
    assert meta["other_handling_layout"] in expected_layouts
    assert meta["organ_kind"] in ORGAN_KINDS
    assert meta["administrative_level"] in LEVELS
    assert meta["rendering"] in RENDERINGS
    assert _source(report).suffix.lower() in RENDERING_SUFFIXES[meta["rendering"]]
    assert meta["split"] in SPLITS
    for key in ("source_url", "retrieved_via", "organ", "region"):
        assert isinstance(meta[key], str)
        assert meta[key].strip()
    assert meta["source_url"].startswith(("http://", "https://"))
    assert meta["notes"], "every report says how its gold was made"
    assert all(isinstance(n, str) and n.strip() for n in meta["notes"])
    for entry in meta["unsettled"]:
        assert set(entry) == UNSETTLED_KEYS
        assert entry["source_text"].strip()
        assert entry["reason"].strip()


@pytest.mark.parametrize("report", REPORTS)
def test_gold_is_plain_utf8_with_the_header(report: str) -> None:
    raw = (CORPUS / report / "gold.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    assert b"\r" not in raw, "LF line ends"
    assert raw.endswith(b"\n")
    assert raw.decode("utf-8").splitlines()[0] == ",".join(HEADER)


@pytest.mark.parametrize("report", REPORTS)
def test_gold_rows_are_the_layout_cells_minus_the_unsettled_in_print_order(report: str) -> None:
    layout = _layout_cells(report)
    unsettled = _unsettled(report)
    assert unsettled <= set(layout), f"unknown unsettled cells: {sorted(unsettled - set(layout))}"
    given = [key for key, _ in _gold(report)]
    assert given == [key for key in layout if key not in unsettled]


@pytest.mark.parametrize("report", REPORTS)
def test_gold_values_are_numbers_blanks_or_marks(report: str) -> None:
    bad = {key: value for key, value in _gold(report) if not (SIGNED if key[2] == "change" else VALUE).fullmatch(value)}
    assert not bad


@pytest.mark.parametrize("report", REPORTS)
def test_gold_numbers_occur_in_the_source(report: str) -> None:
    """Each row's numbers, run together, occur in the source's digit stream (holds for run-together cells too).

    A converter can tear a row apart (a wrapped cell printed away from its row, as in Markdown made from a PDF);
    such a row passes when each of its numbers occurs in the source as a number of its own.
    """
    stream = _digit_stream(report)
    numbers = _numbers(report)
    by_row: dict[tuple[str, str], list[str]] = {}
    for (table, row, _), value in _gold(report):
        by_row.setdefault((table, row), []).append(value)
    missing = []
    for (table, row), values in by_row.items():
        cells = [v for v in values if NUMBER.fullmatch(v)]
        run = "".join(cells)
        if run and run not in stream and not set(cells) <= numbers:
            missing.append((table, row, run))
    assert not missing


@cache
def _numbers(report: str) -> frozenset[str]:
    """The numbers that stand on their own in the source's text (not parts of longer digit runs)."""
    return frozenset(re.findall(r"(?<![0-9.])\d+(?:\.\d+)?(?![0-9.])", _source_text(report)))


@pytest.mark.parametrize("report", REPORTS)
def test_unsettled_source_text_occurs_in_the_source(report: str) -> None:
    text = re.sub(r"\s", "", _source_text(report))
    for entry in _meta(report)["unsettled"]:
        assert re.sub(r"\s", "", entry["source_text"]) in text


@pytest.mark.parametrize("report", REPORTS)
def test_html_pdf_and_docx_sources_carry_their_renderings(report: str) -> None:
    expected = EXPECTED_RENDERINGS.get(_source(report).suffix.lower())
    renderings = CORPUS / report / "renderings"
    if expected is None:
        assert not renderings.exists(), "page text and Markdown sources get no renderings"
        return
    assert {p.name for p in renderings.iterdir()} == expected
    for name in expected - {"TOOLS.txt"}:
        assert (renderings / name).stat().st_size > 0, f"{name} is empty"
    tools = (renderings / "TOOLS.txt").read_text(encoding="utf-8")
    assert "unavailable" not in tools
