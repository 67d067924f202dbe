"""Check the corpus-b entries (tests/corpus/b-*/): gold cells, meta files, renderings, source numbers.

Run: ``.venv/bin/python tests/corpus/check_b.py`` (exit status 1 when a check fails).

* ``gold.csv`` is UTF-8 without BOM, LF line ends, header ``table,row_key,column_key,value``, and its rows are
  exactly the cells of ``govreport.layout.rows`` for the declared format (（六）其他处理 combined or itemised), in
  print order, minus the cells listed in ``meta.json`` ``unsettled``.
* every value is a number as printed, empty, or a mark (``/``, ``—``, ``无``); every number occurs in the source
  text as a token of its own (or, failing that, in its run of digits: run-together cells).
* ``meta.json`` has the documented keys, and ``split`` follows the rule (first hex digit of sha1(id) 0–4: holdout).
* the renderings the source's kind calls for exist and are not empty; ``renderings/TOOLS.txt`` names the tools.
* the table identities are computed and printed; a failing identity is not an error when the notes say so.
"""

from __future__ import annotations

import csv
import hashlib
import html.parser
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

import govreport
from govreport.layout import Row, rows

CORPUS = Path(__file__).resolve().parent
EXAMPLES = CORPUS.parent.parent / "examples"
HEADER = ["table", "row_key", "column_key", "value"]
VALUE = re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?|/|—|无|")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
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
RENDERINGS = {
    ".pdf": ("pdftotext-layout.txt", "pdftotext.txt", "markitdown.md"),
    ".html": ("w3m.txt", "lynx.txt", "pandoc.md", "html2text.md", "markitdown.md"),
    ".docx": ("pandoc.md", "mammoth.md", "markitdown.md"),
}
HOLDOUT_DIGITS = "01234"
"""The split rule shared with corpus-a: first hex digit of sha1(id) in 0–4 means holdout (about 5/16 of ids)."""

CellKey = tuple[str, str, str]


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def source_text(path: Path) -> str:
    """The text of a source document, as the number check reads it."""
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join(parts)
    raw = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix in (".html", ".htm"):
        parser = _Text()
        parser.feed(raw)
        return " ".join(parser.parts)
    return raw


def layout(meta: dict[str, object]) -> list[Row]:
    """The rows of the report's layout: the seed example gives the combined （六）其他处理 row."""
    if meta["other_handling_layout"] == "combined":
        return list(rows(govreport.load(EXAMPLES / "zibo-gaoxin-2021.json")))
    return rows(str(meta["format_version"]))


def read_gold(path: Path) -> list[tuple[CellKey, str]]:
    raw = path.read_bytes()
    problems = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append("BOM")
    if b"\r" in raw:
        problems.append("CR line ends")
    if not raw.endswith(b"\n"):
        problems.append("no final newline")
    if problems:
        raise ValueError(f"{path}: {', '.join(problems)}")
    reader = csv.reader(raw.decode("utf-8").splitlines())
    if next(reader) != HEADER:
        raise ValueError(f"{path}: header is not {HEADER}")
    return [((t, r, c), v) for t, r, c, v in reader]


def _total(cells: list[Decimal | None]) -> Decimal | None:
    """The sum of the cells, or None when one of them is not a plain number."""
    if any(c is None for c in cells):
        return None
    return sum((c for c in cells if c is not None), Decimal(0))


def identities(values: dict[CellKey, str], lay: list[Row]) -> list[str]:
    """The table identities that fail, each as a sentence; cells that are not plain numbers are skipped."""

    def num(key: CellKey) -> Decimal | None:
        value = values.get(key)
        return Decimal(value) if value is not None and NUMBER.fullmatch(value) else None

    failures: list[str] = []
    three = [row for row in lay if row.table == "三"]
    applicants = [c.key for c in three[0].columns if c.key != "total"]
    for row in three:
        found, total = _total([num(("三", row.key, c)) for c in applicants]), num(("三", row.key, "total"))
        if found is not None and total is not None and found != total:
            failures.append(f"表三 {row.key}: the six applicant columns add up to {found} (总计 {total})")
    results = [row.key for row in three if row.key.startswith("results.") and row.key != "results.total_processed"]
    for column in [c.key for c in three[0].columns]:
        found, total = (
            _total([num(("三", key, column)) for key in results]),
            num(("三", "results.total_processed", column)),
        )
        if found is not None and total is not None and found != total:
            failures.append(f"表三 {column}: the result rows add up to {found} (（七）总计 {total})")
        received = _total([num(("三", "new_received", column)), num(("三", "carried_over_from_last_year", column))])
        handled = _total([total, num(("三", "carried_to_next_year", column))])
        if received is not None and handled is not None and received != handled:
            failures.append(f"表三 {column}: 一+二 = {received}, （七）+四 = {handled}")
    for row in (r for r in lay if r.table == "四"):
        parts = [num(("四", row.key, c)) for c in ("upheld", "corrected", "other_result", "pending")]
        found, total = _total(parts), num(("四", row.key, "total"))
        if found is not None and total is not None and found != total:
            failures.append(f"表四 {row.key}: the four results add up to {found} (总计 {total})")
    return failures


def check(folder: Path) -> list[str]:
    """The problems of one corpus entry (empty when it is well formed)."""
    problems: list[str] = []
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if set(meta) != META_KEYS:
        problems.append(f"meta keys: missing {sorted(META_KEYS - set(meta))}, extra {sorted(set(meta) - META_KEYS)}")
    ident = str(meta.get("id"))
    if ident != folder.name:
        problems.append(f"meta id {ident!r} is not the folder name")
    expected_split = "holdout" if hashlib.sha1(ident.encode()).hexdigest()[0] in HOLDOUT_DIGITS else "dev"
    if meta.get("split") != expected_split:
        problems.append(f"split {meta.get('split')!r}, the rule gives {expected_split!r}")
    if meta.get("organ_kind") not in ORGAN_KINDS:
        problems.append(f"organ_kind {meta.get('organ_kind')!r}")
    if meta.get("administrative_level") not in LEVELS:
        problems.append(f"administrative_level {meta.get('administrative_level')!r}")
    if f"-{meta.get('report_year')}-" not in ident:
        problems.append("the id does not carry the report year")
    version = meta.get("format_version")
    allowed = (None,) if version == "2019" else ("itemised", "combined")
    if meta.get("other_handling_layout") not in allowed:
        problems.append(f"other_handling_layout {meta.get('other_handling_layout')!r} for format {version}")
    if not meta.get("notes"):
        problems.append("no notes")

    sources = sorted(folder.glob("source.*"))
    if len(sources) != 1:
        return [*problems, f"{len(sources)} source files"]
    source = sources[0]
    for name in RENDERINGS.get(source.suffix, ()):
        path = folder / "renderings" / name
        if not path.is_file() or path.stat().st_size == 0:
            problems.append(f"rendering {name} missing or empty")
    if source.suffix in RENDERINGS and not (folder / "renderings" / "TOOLS.txt").is_file():
        problems.append("renderings/TOOLS.txt missing")

    gold = read_gold(folder / "gold.csv")
    lay = layout(meta)
    unsettled = {(u["table"], u["row_key"], u["column_key"]) for u in meta["unsettled"]}
    expected = [(r.table, r.key, c.key) for r in lay for c in r.columns if (r.table, r.key, c.key) not in unsettled]
    given = [key for key, _ in gold]
    if given != expected:
        missing = sorted(set(expected) - set(given))[:5]
        extra = sorted(set(given) - set(expected))[:5]
        problems.append(f"gold cells are not the layout cells in print order: missing {missing}, extra {extra}")
    bad = [(key, v) for key, v in gold if not VALUE.fullmatch(v)]
    if bad:
        problems.append(f"values that are not numbers, blanks or marks: {bad[:5]}")

    text = source_text(source)
    tokens = set(NUMBER.findall(text))
    digits = re.sub(r"[^0-9.]", "", text)
    for key, value in gold:
        if NUMBER.fullmatch(value) and value not in tokens:
            where = "in a run of digits" if value in digits else "NOWHERE"
            problems.append(f"{key} = {value} is not a number of its own in the source ({where})")
    values = dict(gold)
    for failure in identities(values, lay):
        print(f"  {folder.name}: identity fails: {failure}")
    return problems


def main() -> int:
    folders = sorted(p for p in CORPUS.glob("b-*") if p.is_dir())
    failed = 0
    cells = 0
    for folder in folders:
        problems = check(folder)
        cells += sum(1 for _ in read_gold(folder / "gold.csv"))
        for problem in problems:
            print(f"{folder.name}: {problem}")
        failed += bool(problems)
    print(f"{len(folders)} reports, {cells} gold cells, {failed} with problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
