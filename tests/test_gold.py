"""The gold cell files of the corpus accuracy benchmark are well formed and agree with their sources.

The gold files (tests/gold/<name>.csv + <name>.meta.json) are hand-made from the source documents; these
tests check their shape against govreport.layout, that every cell is given or listed as unsettled, that each
row's values occur in the source document, and the arithmetic the notes rely on.
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
GOLD = TESTS / "gold"
SOURCES = GOLD / "sources"
EXAMPLES = TESTS.parent / "examples"

NAMES = (
    "huaian-hongze-2023",
    "pingtan-2019",
    "pingtan-2021",
    "pingtan-2022",
    "pingtan-2023",
    "pingtan-2025",
    "shanghai-kewei-2024",
    "shanghai-office-2019",
    "shuyang-2025",
    "zibo-gaoxin-2021",
)
HEADER = ["table", "row_key", "column_key", "value"]
META_KEYS = {"source", "format_version", "other_handling_layout", "report_year", "organ", "notes", "unsettled"}
UNSETTLED_KEYS = {"table", "row_key", "column_key", "source_text", "reason"}
VALUE = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?|/|—|无|")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
CellKey = tuple[str, str, str]


@cache
def _gold(name: str) -> tuple[tuple[CellKey, str], ...]:
    with (GOLD / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == HEADER
        return tuple(((t, r, c), v) for t, r, c, v in reader)


@cache
def _meta(name: str) -> dict[str, Any]:
    data = json.loads((GOLD / f"{name}.meta.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _values(name: str) -> dict[CellKey, str]:
    return dict(_gold(name))


@cache
def _combined_rows() -> tuple[Row, ...]:
    """The 2021 layout of a report that prints （六）其他处理 as one row (the seed is one)."""
    report = govreport.load(EXAMPLES / "zibo-gaoxin-2021.json")
    return tuple(rows(report))


def _layout(name: str) -> list[Row]:
    meta = _meta(name)
    if meta["other_handling_layout"] == "combined":
        return list(_combined_rows())
    return rows(meta["format_version"])


def _layout_cells(name: str) -> list[CellKey]:
    return [(row.table, row.key, col.key) for row in _layout(name) for col in row.columns]


def _source_path(name: str) -> Path:
    source = str(_meta(name)["source"])
    for folder in (SOURCES, EXAMPLES):
        if (folder / source).is_file():
            return folder / source
    raise AssertionError(f"{name}: source {source!r} is neither in {SOURCES} nor in {EXAMPLES}")


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _source_text(path: Path) -> str:
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        parser = _Text()
        parser.feed(text)
        return " ".join(parser.parts)
    return text


@cache
def _digit_stream(name: str) -> str:
    """The source's text with everything but digits and dots removed: run-together cells stay comparable."""
    return re.sub(r"[^0-9.]", "", _source_text(_source_path(name)))


def _unsettled(name: str) -> set[CellKey]:
    return {(u["table"], u["row_key"], u["column_key"]) for u in _meta(name)["unsettled"]}


def _row_values(name: str) -> dict[tuple[str, str], dict[str, str]]:
    out: dict[tuple[str, str], dict[str, str]] = {}
    for (table, row, column), value in _gold(name):
        out.setdefault((table, row), {})[column] = value
    return out


def test_every_report_has_a_gold_and_a_meta_file() -> None:
    csvs = {p.name.removesuffix(".csv") for p in GOLD.glob("*.csv")}
    metas = {p.name.removesuffix(".meta.json") for p in GOLD.glob("*.meta.json")}
    assert csvs == set(NAMES)
    assert metas == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_csv_is_plain_utf8_with_the_header(name: str) -> None:
    raw = (GOLD / f"{name}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    assert b"\r" not in raw, "LF line ends"
    assert raw.endswith(b"\n")
    assert raw.decode("utf-8").splitlines()[0] == ",".join(HEADER)


@pytest.mark.parametrize("name", NAMES)
def test_meta_has_the_documented_shape(name: str) -> None:
    meta = _meta(name)
    assert set(meta) == META_KEYS
    assert meta["format_version"] in ("2019", "2021")
    expected_layouts = (None,) if meta["format_version"] == "2019" else ("itemised", "combined")
    assert meta["other_handling_layout"] in expected_layouts
    assert isinstance(meta["report_year"], int)
    assert 2019 <= meta["report_year"] <= 2030
    assert isinstance(meta["organ"], str)
    assert meta["organ"].strip()
    assert all(isinstance(n, str) and n.strip() for n in meta["notes"])
    assert meta["notes"], "every gold file says how it was made"
    for entry in meta["unsettled"]:
        assert set(entry) == UNSETTLED_KEYS
        assert entry["source_text"].strip()
        assert entry["reason"].strip()
    assert _source_path(name).stat().st_size > 0


@pytest.mark.parametrize("name", NAMES)
def test_name_matches_source_and_year(name: str) -> None:
    meta = _meta(name)
    assert Path(meta["source"]).stem == name
    assert name.endswith(str(meta["report_year"]))


@pytest.mark.parametrize("name", NAMES)
def test_cells_are_layout_cells_in_print_order(name: str) -> None:
    layout = _layout_cells(name)
    given = [key for key, _ in _gold(name)]
    assert len(given) == len(set(given)), "no cell twice"
    assert set(given) <= set(layout), f"unknown cells: {sorted(set(given) - set(layout))}"
    order = {key: i for i, key in enumerate(layout)}
    assert [order[k] for k in given] == sorted(order[k] for k in given)


@pytest.mark.parametrize("name", NAMES)
def test_every_cell_is_given_or_unsettled_not_both(name: str) -> None:
    layout = set(_layout_cells(name))
    given = set(_values(name))
    unsettled = _unsettled(name)
    assert unsettled <= layout
    assert not given & unsettled
    assert given | unsettled == layout


@pytest.mark.parametrize("name", NAMES)
def test_values_are_numbers_blanks_or_marks(name: str) -> None:
    bad = {key: v for key, v in _gold(name) if not VALUE.fullmatch(v)}
    assert not bad


@pytest.mark.parametrize("name", NAMES)
def test_other_handling_rows_match_the_declared_layout(name: str) -> None:
    keys = {row for (table, row, _), _ in _gold(name) if row.startswith("results.other_handling")}
    layout = _meta(name)["other_handling_layout"]
    if layout == "combined":
        assert keys == {"results.other_handling.combined"}
    elif layout == "itemised":
        assert keys == {
            "results.other_handling.overdue_correction",
            "results.other_handling.overdue_fee",
            "results.other_handling.other_reason",
        }
    else:
        assert keys == {"results.other_handling"}


@pytest.mark.parametrize("name", NAMES)
def test_each_row_occurs_in_the_source(name: str) -> None:
    """A row's numbers, run together, occur in the source's digit stream (holds for the Pingtan digit runs too)."""
    stream = _digit_stream(name)
    missing = []
    for (table, row), cols in _row_values(name).items():
        run = "".join(v for v in cols.values() if NUMBER.fullmatch(v))
        if run and run not in stream:
            missing.append((table, row, run))
    assert not missing


@pytest.mark.parametrize("name", NAMES)
def test_unsettled_source_text_occurs_in_the_source(name: str) -> None:
    text = re.sub(r"\s", "", _source_text(_source_path(name)))
    for entry in _meta(name)["unsettled"]:
        assert re.sub(r"\s", "", entry["source_text"]) in text


def _n(value: str) -> int:
    return int(value) if value else 0


def _identity_failures(name: str) -> set[str]:
    """The table identities that do not hold in a gold file, as short descriptions."""
    out = set()
    by_row = _row_values(name)
    for (table, row), cols in by_row.items():
        complete = table in ("三", "四") and all(v for v in cols.values())
        if complete and sum(int(v) for k, v in cols.items() if k != "total") != int(cols["total"]):
            out.add(f"{table} {row}: total")

    def cell(row: str, column: str) -> str:
        return by_row[("三", row)][column]

    results = [cols for (t, row), cols in by_row.items() if t == "三" and row.startswith("results.")]
    for column in by_row[("三", "new_received")]:
        leaves = sum(_n(c[column]) for c in results) - _n(cell("results.total_processed", column))
        if str(leaves) != cell("results.total_processed", column):
            out.add(f"三 results.total_processed: {column}")
        before = _n(cell("new_received", column)) + _n(cell("carried_over_from_last_year", column))
        after = _n(cell("results.total_processed", column)) + _n(cell("carried_to_next_year", column))
        if before != after:
            out.add(f"三 一+二=三+四: {column}")
    return out


# The source documents' own inconsistencies and blanks, which the gold keeps as published.
KNOWN_FAILURES: dict[str, set[str]] = {
    "huaian-hongze-2023": {"四 admin_review: total", "四 litigation_after_review: total"},
    # 结转下年度 总计 is blank in this conversion, so 一+二 = 三+四 fails only in the 总计 column
    "shanghai-kewei-2024": {"三 一+二=三+四: total"},
    # the 总计 column is blank for every result row but （七）总计, and 科研机构 / 社会公益组织 are blank throughout
    "shanghai-office-2019": {
        "三 results.total_processed: research_institution",
        "三 results.total_processed: social_welfare_org",
        "三 results.total_processed: total",
    },
}


@pytest.mark.parametrize("name", NAMES)
def test_table_identities_hold_except_for_the_sources_own_mistakes(name: str) -> None:
    assert _identity_failures(name) == KNOWN_FAILURES.get(name, set())


def test_huaian_keeps_the_published_zero_totals() -> None:
    values = _values("huaian-hongze-2023")
    assert values[("四", "admin_review", "upheld")] == "10"
    assert values[("四", "admin_review", "total")] == "0"
    assert values[("四", "litigation_after_review", "total")] == "0"


# Only these sources print blank cells; everywhere else a blank in the gold would be a transcription slip.
# shanghai-office-2019: one per &nbsp; cell of the HTML (135); shanghai-kewei-2024: the lost 结转 总计.
HAS_BLANKS = {"shanghai-office-2019": 135, "shanghai-kewei-2024": 1}


@pytest.mark.parametrize("name", NAMES)
def test_blanks_only_where_the_source_prints_them(name: str) -> None:
    assert sum(1 for _, v in _gold(name) if v == "") == HAS_BLANKS.get(name, 0)


def test_blank_cells_stay_blank_not_zero() -> None:
    office = _values("shanghai-office-2019")
    assert office[("三", "results.granted", "total")] == ""
    assert office[("四", "litigation_after_review", "upheld")] == ""
    assert office[("二", "centralized_procurement", "procurement_amount")] == "251000"
    assert _values("shanghai-kewei-2024")[("三", "carried_to_next_year", "total")] == ""


def test_seed_gold_equals_the_hand_made_seed_json() -> None:
    report = govreport.load(EXAMPLES / "zibo-gaoxin-2021.json")
    expected = {(c.row.table, c.row.key, c.column.key): str(c.value) for c in govreport.layout.cells(report)}
    assert _values("zibo-gaoxin-2021") == expected


def test_kewei_table_two_agrees_with_the_peer_project() -> None:
    peer = json.loads((SOURCES / "shanghai-kewei-2024.peer-expected.json").read_text(encoding="utf-8"))["table_2"]
    values = _values("shanghai-kewei-2024")
    for ours, theirs in (("regulations", "regulations"), ("normative_documents", "normativeDocuments")):
        for column in ("made", "repealed", "valid"):
            assert values[("二", ours, column)] == str(peer[theirs][column])
    assert values[("二", "licensing", "decisions")] == str(peer["licensing.processed"])


@pytest.mark.parametrize(("before", "after"), [("pingtan-2021", "pingtan-2022"), ("pingtan-2022", "pingtan-2023")])
def test_pingtan_carry_over_between_consecutive_years(before: str, after: str) -> None:
    old, new = _values(before), _values(after)
    for column in ("natural_person", "commercial_enterprise", "other_org", "total"):
        assert old[("三", "carried_to_next_year", column)] == new[("三", "carried_over_from_last_year", column)]


def test_pingtan_2021_normative_documents_carry_into_2022() -> None:
    old, new = _values("pingtan-2021"), _values("pingtan-2022")
    valid = int(old[("二", "normative_documents", "valid")])
    made = int(new[("二", "normative_documents", "made")])
    repealed = int(new[("二", "normative_documents", "repealed")])
    assert valid + made - repealed == int(new[("二", "normative_documents", "valid")])


def test_pingtan_2019_leaves_the_unsettled_table_two_runs_out() -> None:
    unsettled = _unsettled("pingtan-2019")
    assert ("二", "normative_documents", "total_published") in unsettled
    assert ("二", "regulations", "new_made") not in unsettled
    assert ("二", "licensing", "decisions") not in _values("pingtan-2019")


@pytest.mark.parametrize("year", ["2023", "2025"])
def test_pingtan_html_copies_give_the_same_cells(year: str) -> None:
    """The .html copy has real table cells; every numeric cell of its tables, in order, is the gold's."""
    parser = _Cells()
    parser.feed((SOURCES / f"pingtan-{year}.html").read_text(encoding="utf-8"))
    html_numbers = [c for c in parser.cells if NUMBER.fullmatch(c)]
    gold_numbers = [v for _, v in _gold(f"pingtan-{year}")]
    assert html_numbers == gold_numbers


class _Cells(html.parser.HTMLParser):
    """The text of every table cell, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(re.sub(r"\s+", "", "".join(self._cell)))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
