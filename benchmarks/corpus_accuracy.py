"""Import accuracy on the corpus: every gold cell compared with what the importer read.

Usage: ``python benchmarks/corpus_accuracy.py [--corpus DIR] [--gold DIR] [--check]``

Imports the seed (``examples/zibo-gaoxin-2021.txt``) and every report in the
corpus's ``complete/`` directory (falling back to the copies in
``tests/gold/sources``), and compares each with its gold file
``tests/gold/<name>.csv`` (columns ``table,row_key,column_key,value``; the value
exactly as written in the source, empty for a blank cell) and
``tests/gold/<name>.meta.json`` (``format_version``).  ``<name>`` is the source
file's name without its suffix, so a report kept both as page text and as a web
page is compared with the same gold file twice.

Prints one line per report and then the totals: cells correct / cells in gold,
cells declined (left unreadable), cells wrong (a value that differs from the
gold's), cells invented (a number where the gold has none), cells cut out of
run-together digits (``settled``: by the only cut, by arithmetic, or by order),
and reports whose format version was detected wrongly.  A declined cell is not
correct but never wrong or invented.  With ``--check`` the exit code is 1 unless
the targets are met (≥ 99 % correct, zero wrong, zero invented, zero wrong
versions).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from govreport._importers._normalise import parse_cell
from govreport.formats.cells import Mark, Unreadable
from govreport.importers import ImportFailed, import_file
from govreport.layout import cells

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "zibo-gaoxin-2021.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "complete"
FALLBACK = ROOT / "tests" / "gold" / "sources"
GOLD = ROOT / "tests" / "gold"
SUFFIXES = {".txt", ".md", ".html", ".htm", ".docx", ".pdf"}


def sources(corpus: Path) -> Iterator[Path]:
    yield SEED
    folder = corpus if corpus.is_dir() else FALLBACK
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in SUFFIXES and ".peer-expected" not in path.name:
            yield path


def _is_number(value: Any) -> bool:
    return not isinstance(value, Mark | Unreadable) and value is not None


def _same(ours: Any, gold_text: str, kind: Any, unit: str | None) -> bool:
    expected, _ = parse_cell(gold_text, kind, unit)
    if isinstance(expected, Unreadable):
        return isinstance(ours, Unreadable) and ours.unreadable.strip() == gold_text.strip()
    return bool(ours == expected) and type(ours) is type(expected)


def compare(path: Path, gold_dir: Path) -> dict[str, Any]:
    name = path.stem
    gold_csv = gold_dir / f"{name}.csv"
    meta_path = gold_dir / f"{name}.meta.json"
    out: dict[str, Any] = {"file": path.name, "gold": gold_csv.name}
    if not gold_csv.exists():
        out["status"] = "no gold file yet"
        return out
    try:
        result = import_file(path)
    except ImportFailed as exc:
        result = None
        out["error"] = exc.message
    with gold_csv.open(encoding="utf-8", newline="") as fh:
        gold = list(csv.DictReader(fh))
    out["gold_cells"] = len(gold)
    if result is None:
        out.update(correct=0, invented=0, version_ok=False, status="import refused")
        return out
    expected_version = None
    if meta_path.exists():
        expected_version = str(json.loads(meta_path.read_text(encoding="utf-8")).get("format_version"))
    out["version"] = result.version
    out["version_ok"] = expected_version is None or expected_version == result.version
    ours = {(c.row.table, c.row.key, c.column.key): c for c in cells(result.report)}
    correct = invented = declined = mistaken = 0
    seen = set()
    wrong: list[str] = []
    for g in gold:
        k = (g["table"], g["row_key"], g["column_key"])
        seen.add(k)
        cell = ours.get(k)
        if cell is None:
            wrong.append(f"表{k[0]} {k[1]}.{k[2]}: not in the imported report (gold {g['value']!r})")
            continue
        if _same(cell.value, g["value"], cell.column.kind, cell.column.unit):
            correct += 1
            continue
        expected, _ = parse_cell(g["value"], cell.column.kind, cell.column.unit)
        if _is_number(cell.value) and not _is_number(expected):
            invented += 1
        elif isinstance(cell.value, Unreadable):
            declined += 1
        else:
            mistaken += 1
        wrong.append(f"表{k[0]} {k[1]}.{k[2]}: read {cell.value!r}, gold {g['value']!r}")
    for k, cell in ours.items():
        if k not in seen and _is_number(cell.value):
            invented += 1
            wrong.append(f"表{k[0]} {k[1]}.{k[2]}: read {cell.value!r}, no such cell in the gold")
    out.update(correct=correct, invented=invented, declined_cells=declined, mistaken=mistaken, wrong=wrong)
    out["status"] = "compared"
    settled: dict[str, int] = {}
    for p in result.import_report.values:
        if p.settled_by is not None:
            settled[p.settled_by] = settled.get(p.settled_by, 0) + 1
    out["settled"] = settled
    out["declined"] = [f"表{d.table} {d.row}: {d.reason}".replace("  ", " ") for d in result.import_report.declined]
    return out


def _settled(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {how}" for how, n in sorted(counts.items())) or "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of complete reports")
    parser.add_argument("--gold", type=Path, default=GOLD, help="folder of gold CSV files")
    parser.add_argument("--check", action="store_true", help="exit 1 unless the targets are met")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every wrong cell")
    args = parser.parse_args(argv)

    total_gold = total_correct = total_invented = total_declined = total_mistaken = 0
    total_settled: dict[str, int] = {}
    wrong_versions: list[str] = []
    missing: list[str] = []
    for path in sources(args.corpus):
        r = compare(path, args.gold)
        if r["status"] == "no gold file yet":
            missing.append(path.name)
            print(f"{path.name:32} no gold file yet ({r['gold']})")
            continue
        total_gold += r["gold_cells"]
        total_correct += r["correct"]
        total_invented += r["invented"]
        total_declined += r.get("declined_cells", 0)
        total_mistaken += r.get("mistaken", 0)
        for how, n in r.get("settled", {}).items():
            total_settled[how] = total_settled.get(how, 0) + n
        if not r["version_ok"]:
            wrong_versions.append(path.name)
        pct = 100.0 * r["correct"] / r["gold_cells"] if r["gold_cells"] else 100.0
        version = r.get("version", "-")
        print(
            f"{path.name:28} {r['correct']:4}/{r['gold_cells']:<4} correct ({pct:5.1f}%)  "
            f"declined {r.get('declined_cells', 0):3}  wrong {r.get('mistaken', 0)}  invented {r['invented']}  "
            f"settled {_settled(r.get('settled', {})):34}  version {version}{'' if r['version_ok'] else ' WRONG'}"
            + (f"  [{r['status']}: {r.get('error', '')}]" if r["status"] != "compared" else "")
        )
        if args.verbose:
            for line in r.get("wrong", [])[:400]:
                print(f"    {line}")
            for line in r.get("declined", []):
                print(f"    declined: {line}")
    pct = 100.0 * total_correct / total_gold if total_gold else 0.0
    print()
    print(f"cells correct / cells in gold: {total_correct}/{total_gold} ({pct:.2f}%)")
    print(f"cells declined (left unreadable): {total_declined}")
    print(f"cells wrong (a value other than the gold's): {total_mistaken}")
    print(f"cells invented: {total_invented}")
    print(f"cells cut out of run-together digits or detached rows: {_settled(total_settled) or 0}")
    print(
        f"reports with a wrongly detected version: {len(wrong_versions)}"
        + (f" ({', '.join(wrong_versions)})" if wrong_versions else "")
    )
    if missing:
        print(f"reports without a gold file (not counted): {len(missing)}")
    met = total_gold > 0 and pct >= 99.0 and total_invented == 0 and total_mistaken == 0 and not wrong_versions
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
