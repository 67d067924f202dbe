"""Import accuracy on real reports: every gold cell compared with what the importer read.

Usage: ``python benchmarks/corpus_accuracy.py [--set seen|dev|holdout ...] [-v] [--check]``

Three sets are measured and reported apart:

``seen``
    The reports the importer was built on: the seed (``examples/zibo-gaoxin-2021.txt``), every report in the
    shared corpus's ``complete/`` directory (falling back to the copies in ``tests/gold/sources``), and what
    users' tools make of them (``tests/gold/renderings/<name>/<tool>.*``).  Gold: ``tests/gold/<name>.csv``.
``dev``
    The wider corpus's development part (``tests/corpus/<id>/`` with ``"split": "dev"``): each ``source.*``
    and each of its ``renderings/*``.  Gold: ``tests/corpus/<id>/gold.csv``.  Tune on these.
``holdout``
    The wider corpus's holdout part.  Only its totals are printed, never a report's own lines: nothing may be
    tuned to it.

For every document: cells right (the gold's value), declined (left unreadable: not right, never wrong),
wrong (a number or mark other than the gold's; *misplaced* when that number is the gold value of another
cell of the same table), invented (a number where the gold has a blank, a mark, or no cell), the refused
documents, the format version, and the arithmetic: each identity the gold breaks (an error the report
published) must be reported as failed by ``govreport.checks`` on the imported report (*caught*), and each
identity failing on the imported report but not on the gold is a *false error*.  A published error one of
whose cells was declined cannot be seen (the check says "cannot tell"); it is counted apart, as hidden.

Totals are printed per set and, within a set, per rendering kind (the source as published — ``page-text``,
``html``, ``pdf``, … — or the tool that converted it — ``markitdown``, ``pdftotext-layout``, ``w3m``, …).
With ``--check`` the exit code is 1 unless every set chosen meets the targets: ≥ 99 % of gold cells right,
nothing wrong, invented or misplaced, no wrong version, every published arithmetic error caught, no false error.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from govreport._importers._normalise import parse_cell
from govreport.checks import Severity, check
from govreport.convert import unstructure
from govreport.formats.cells import Mark, Unreadable
from govreport.importers import ImportFailed, ImportResult, import_file
from govreport.layout import Row, cells, rows
from govreport.validate import validate_data

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "zibo-gaoxin-2021.txt"
SHARED = ROOT.parent / "shared" / "corpus" / "complete"
GOLD = ROOT / "tests" / "gold"
FALLBACK = GOLD / "sources"
SEEN_RENDERINGS = GOLD / "renderings"
CORPUS = ROOT / "tests" / "corpus"
SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}
SETS = ("seen", "dev", "holdout")
KIND_OF_SUFFIX = {".txt": "page-text", ".md": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}
KIND_OF_SUFFIX[".pdf"] = "pdf"
ARITHMETIC = ("T3-", "T4-", "T2-MADE-LE-VALID")
"""The rules that check a table's own arithmetic (an identity between its cells)."""
TARGET_RIGHT = 99.0
"""Per cent of gold cells that must be read right (the issue's acceptance target)."""

CellKey = tuple[str, str, str]


@attrs.frozen(kw_only=True)
class Gold:
    """A report's hand-made cells, its format version and its （六） layout."""

    name: str
    cells: dict[CellKey, str]
    unsettled: dict[CellKey, str]
    version: str
    layout: str | None


@attrs.frozen(kw_only=True)
class Document:
    """One file to import, the set it belongs to, and its gold."""

    set: str
    report: str
    kind: str
    path: Path
    gold: Gold


def _read_gold(name: str, csv_path: Path, meta_path: Path) -> Gold:
    with csv_path.open(encoding="utf-8", newline="") as fh:
        gold = {(r["table"], r["row_key"], r["column_key"]): r["value"] for r in csv.DictReader(fh)}
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    unsettled = {(u["table"], u["row_key"], u["column_key"]): u["source_text"] for u in meta.get("unsettled", [])}
    return Gold(
        name=name,
        cells=gold,
        unsettled=unsettled,
        version=str(meta["format_version"]),
        layout=meta.get("other_handling_layout"),
    )


def _seen() -> Iterator[Document]:
    folder = SHARED if SHARED.is_dir() else FALLBACK
    paths = [SEED, *sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES)]
    for path in paths:
        if ".peer-expected" in path.name:
            continue
        name = path.stem
        gold = _read_gold(name, GOLD / f"{name}.csv", GOLD / f"{name}.meta.json")
        yield Document(set="seen", report=name, kind=KIND_OF_SUFFIX[path.suffix.lower()], path=path, gold=gold)
    if SEEN_RENDERINGS.is_dir():
        for folder in sorted(p for p in SEEN_RENDERINGS.iterdir() if p.is_dir()):
            name = folder.name.split(".")[0]
            gold = _read_gold(name, GOLD / f"{name}.csv", GOLD / f"{name}.meta.json")
            for path in sorted(folder.iterdir()):
                if path.suffix.lower() in SUFFIXES and path.name != "TOOLS.txt":
                    yield Document(set="seen", report=folder.name, kind=path.stem, path=path, gold=gold)


def _unseen() -> Iterator[Document]:
    for folder in sorted(p for p in CORPUS.iterdir() if (p / "meta.json").is_file()):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        gold = _read_gold(folder.name, folder / "gold.csv", folder / "meta.json")
        split = str(meta["split"])
        for path in sorted(folder.glob("source.*")):
            yield Document(set=split, report=folder.name, kind=str(meta["rendering"]), path=path, gold=gold)
        renderings = folder / "renderings"
        if renderings.is_dir():
            for path in sorted(renderings.iterdir()):
                if path.suffix.lower() in SUFFIXES and path.name != "TOOLS.txt":
                    yield Document(set=split, report=folder.name, kind=path.stem, path=path, gold=gold)


def documents() -> list[Document]:
    """Every document of every set."""
    return [*_seen(), *_unseen()]


# ---------------------------------------------------------------- comparing


def _is_number(value: Any) -> bool:
    return value is not None and not isinstance(value, Mark | Unreadable)


def _same(ours: Any, gold_text: str, kind: Any, unit: str | None) -> bool:
    expected, _ = parse_cell(gold_text, kind, unit)
    if isinstance(expected, Unreadable):
        return isinstance(ours, Unreadable) and ours.unreadable.strip() == gold_text.strip()
    return bool(ours == expected) and type(ours) is type(expected)


def _gold_rows(gold: Gold) -> list[Row]:
    if gold.version == "2021" and gold.layout == "combined":
        return rows(gold.version, other_handling="combined")
    return rows(gold.version)


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for k in path[:-1]:
        data = data.setdefault(k, {})
    data[path[-1]] = value


def _gold_report(result: ImportResult, gold: Gold) -> Any:
    """The imported report with every table cell replaced by the gold's (unsettled cells unreadable)."""
    data = unstructure(result.report)
    if gold.version == "2021":
        oh = data["applications"]["results"]["other_handling"]
        layout = gold.layout or "itemised"
        if oh.get("layout") != layout:
            data["applications"]["results"]["other_handling"] = {"layout": layout}
    for row in _gold_rows(gold):
        for col in row.columns:
            k = (row.table, row.key, col.key)
            if k in gold.cells:
                value, _ = parse_cell(gold.cells[k], col.kind, col.unit)
            else:
                value = Unreadable(unreadable=gold.unsettled.get(k, ""))
            if isinstance(value, Unreadable):
                out: Any = {"unreadable": value.unreadable}
            elif isinstance(value, Mark):
                out = value.value
            else:
                out = value
            _set(data, (*row.path, col.key), out)
    checked = validate_data(data, version=gold.version, profile="lenient", source=gold.name)
    return checked.report


def _arithmetic_failures(report: Any) -> dict[tuple[str, str], tuple[str, ...]]:
    """Each failed identity (rule, first place) with the pointers of all its operands."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for f in check(report).failed:
        if f.rule_id.startswith(ARITHMETIC) and f.severity is Severity.ERROR:
            out[(f.rule_id, f.places[0].pointer if f.places else "")] = tuple(p.pointer for p in f.places)
    return out


@attrs.define
class Counts:
    """What one document (or a total of several) came to."""

    documents: int = 0
    gold: int = 0
    right: int = 0
    declined: int = 0
    wrong: int = 0
    misplaced: int = 0
    invented: int = 0
    refused: int = 0
    wrong_version: int = 0
    errors_published: int = 0
    errors_caught: int = 0
    errors_hidden: int = 0
    """Published errors that cannot be seen because a cell they involve was declined ("cannot tell")."""
    false_errors: int = 0

    def add(self, other: Counts) -> None:
        for field in attrs.fields(Counts):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))

    @property
    def pct(self) -> float:
        return 100.0 * self.right / self.gold if self.gold else 100.0

    def met(self) -> bool:
        return (
            self.gold > 0
            and self.pct >= TARGET_RIGHT
            and self.wrong == self.invented == self.wrong_version == self.false_errors == 0
            and self.errors_caught + self.errors_hidden == self.errors_published
        )

    def line(self) -> str:
        return (
            f"{self.right:5}/{self.gold:<5} right ({self.pct:5.1f}%)  declined {self.declined:4}  "
            f"wrong {self.wrong:3} (misplaced {self.misplaced})  invented {self.invented:2}  "
            f"refused {self.refused}  wrong version {self.wrong_version}  "
            f"errors caught {self.errors_caught}/{self.errors_published}"
            + (f" ({self.errors_hidden} behind declined cells)" if self.errors_hidden else "")
            + f"  false errors {self.false_errors}"
        )


def compare(doc: Document) -> tuple[Counts, list[str]]:
    """The counts for one document and a line for each cell that is not right."""
    gold = doc.gold
    c = Counts(documents=1, gold=len(gold.cells))
    notes: list[str] = []
    try:
        result = import_file(doc.path)
    except ImportFailed as exc:
        c.refused = 1
        c.declined = len(gold.cells)
        return c, [f"refused: {exc.message}"]
    if result.version != gold.version:
        c.wrong_version = 1
        notes.append(f"version {result.version}, gold {gold.version}")
    ours = {(cell.row.table, cell.row.key, cell.column.key): cell for cell in cells(result.report)}
    by_table: dict[str, set[str]] = {}
    for (table, _, _), text in gold.cells.items():
        by_table.setdefault(table, set()).add(text)
    seen: set[CellKey] = set()
    for k, text in gold.cells.items():
        seen.add(k)
        cell = ours.get(k)
        if cell is None:
            c.declined += 1
            notes.append(f"表{k[0]} {k[1]}.{k[2]}: not in the imported report (gold {text!r})")
            continue
        if _same(cell.value, text, cell.column.kind, cell.column.unit):
            c.right += 1
            continue
        expected, _ = parse_cell(text, cell.column.kind, cell.column.unit)
        if isinstance(cell.value, Unreadable):
            c.declined += 1
            notes.append(f"表{k[0]} {k[1]}.{k[2]}: declined ({cell.value.unreadable!r}), gold {text!r}")
            continue
        if _is_number(cell.value) and not _is_number(expected):
            c.invented += 1
            notes.append(f"表{k[0]} {k[1]}.{k[2]}: INVENTED {cell.value!r}, gold {text!r}")
            continue
        c.wrong += 1
        shown = str(cell.value.value if isinstance(cell.value, Mark) else cell.value)
        if _is_number(cell.value) and shown in by_table.get(k[0], set()):
            c.misplaced += 1
        notes.append(f"表{k[0]} {k[1]}.{k[2]}: WRONG {cell.value!r}, gold {text!r}")
    for k, cell in ours.items():
        if k not in seen and _is_number(cell.value):
            c.invented += 1
            notes.append(f"表{k[0]} {k[1]}.{k[2]}: INVENTED {cell.value!r}, no such cell in the gold")
    if not c.wrong_version:
        gold_report = _gold_report(result, gold)
        if gold_report is not None:
            published = _arithmetic_failures(gold_report)
            found = _arithmetic_failures(result.report)
            declined = {c.pointer for c in cells(result.report) if isinstance(c.value, Unreadable)}
            hidden = {k for k, places in published.items() if k not in found and declined & set(places)}
            c.errors_published = len(published)
            c.errors_caught = len(published.keys() & found.keys())
            c.errors_hidden = len(hidden)
            c.false_errors = len(found.keys() - published.keys())
            missed = published.keys() - found.keys() - hidden
            notes.extend(f"arithmetic error not caught: {r} at {p}" for r, p in sorted(missed))
            notes.extend(f"arithmetic error hidden by declined cells: {r} at {p}" for r, p in sorted(hidden))
            notes.extend(f"FALSE arithmetic error: {r} at {p}" for r, p in sorted(found.keys() - published.keys()))
    for d in result.import_report.declined:
        notes.append(f"declined 表{d.table} {d.row}: {d.reason}".replace("  ", " "))
    return c, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--set", dest="sets", action="append", choices=SETS, help="the sets to measure (default all)")
    parser.add_argument("--check", action="store_true", help="exit 1 unless every set chosen meets the targets")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every cell that is not right")
    args = parser.parse_args(argv)
    chosen = args.sets or list(SETS)

    met = True
    docs = documents()
    for name in chosen:
        members = [d for d in docs if d.set == name]
        total = Counts()
        kinds: dict[str, Counts] = {}
        print(f"== {name}: {len({d.report for d in members})} reports, {len(members)} documents")
        for doc in members:
            counts, notes = compare(doc)
            total.add(counts)
            kinds.setdefault(doc.kind, Counts()).add(counts)
            if name == "holdout":
                continue  # never a holdout report's own line: nothing may be tuned to it
            shown = f"{doc.report}/{doc.kind}"
            print(f"{shown:52} {counts.line()}")
            if args.verbose:
                for note in notes:
                    print(f"    {note}")
        print(f"-- {name} by rendering kind")
        for kind, counts in sorted(kinds.items()):
            print(f"   {kind:22} {counts.documents:3} docs  {counts.line()}")
        print(f"-- {name} total ({total.documents} documents): {total.line()}")
        print()
        met = met and total.met()
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
