"""Builder speed: document → report, per rendering, in one process on one core.

Usage: ``python benchmarks/build_speed.py [--rounds 5] [--check]``

Every document is read once (the readers are measured by ``benchmarks/import_speed.py``); then the builder turns
the same :class:`SourceDocument` into a report ``--rounds`` times and the best pass counts (a shared machine
only ever slows a pass down).  The documents are real reports: the seed, ``tests/gold/sources`` and their
renderings, and the development part of ``tests/corpus`` with its renderings (never the holdout).

Printed per rendering (``text`` for page text and text converters' output, ``markdown``, ``html``, ``pdf``,
``docx``): reports/s of the builder, and a baseline measured in the same run — the least any builder does: every
line stripped, looked up among the format's labels, and every number in it converted — with the builder's
time as a multiple of it.

Target (issue 13): a text report imports at ≥ 500/s end to end; the reader may take half of that time
(``import_speed.py``), so the builder's share is ≥ 1000/s.  ``--check`` exits 1 when the text or Markdown
builder misses it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from govreport._importers import builtin_importers, choose_importer
from govreport._importers._build import build
from govreport._importers._source import Line, SourceDocument, SourceTable
from govreport.importers import ImportFailed
from govreport.layout import all_rows

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "zibo-gaoxin-2021.txt"
GOLD = ROOT / "tests" / "gold"
CORPUS = ROOT / "tests" / "corpus"
TARGET = 1000.0
"""Builder reports/s for text and Markdown: half of the 2 ms a 500/s import allows (the reader has the rest)."""
_NUMBER = re.compile(r"\d+")


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    return {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf"}.get(suffix, "docx")


def documents() -> list[Path]:
    """The seen and development documents, sources and renderings."""
    out = [SEED, *sorted((GOLD / "sources").glob("*.*"))]
    out.extend(sorted((GOLD / "renderings").glob("*/*.*")))
    for meta_path in sorted(CORPUS.glob("*/meta.json")):
        if json.loads(meta_path.read_text(encoding="utf-8")).get("split") != "dev":
            continue
        out.extend(sorted(meta_path.parent.glob("source.*")))
        out.extend(sorted((meta_path.parent / "renderings").glob("*.*")))
    return [p for p in out if p.name != "TOOLS.txt" and ".peer-expected" not in p.name]


def _labels() -> dict[str, str]:
    out: dict[str, str] = {}
    for version in ("2019", "2021"):
        for table in ("二", "三", "四"):
            for row in all_rows(version, table):
                out[row.label] = row.key
    return out


LABELS = _labels()


def baseline(doc: SourceDocument) -> int:
    """The least a builder does: each line stripped and looked up among the labels, each number converted."""
    found = 0
    for block in doc.blocks:
        texts = [block.text] if isinstance(block, Line) else [c.text for r in block.rows for c in r]
        for text in texts:
            s = text.strip()
            if s in LABELS:
                found += 1
            found += sum(int(n) for n in _NUMBER.findall(s)) & 1
    return found


def _best(fn: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=5, help="passes per rendering; the best counts")
    parser.add_argument("--check", action="store_true", help="exit 1 unless text and Markdown meet the target")
    args = parser.parse_args(argv)

    importers = builtin_importers()
    read: dict[str, list[tuple[SourceDocument, str, str]]] = {}
    for path in documents():
        data = path.read_bytes()
        try:
            chosen = choose_importer(path.name, data[:65536], importers)
            doc = chosen.read(data, path.name)
        except ImportFailed:
            continue
        if isinstance(doc, SourceDocument):
            read.setdefault(_kind(path), []).append((doc, path.name, chosen.name))

    def build_all(docs: list[tuple[SourceDocument, str, str]]) -> None:
        for doc, name, importer in docs:
            with contextlib.suppress(ImportFailed):
                build(doc, source=name, importer=importer)

    met = True
    print(f"{'rendering':10} {'docs':>4} {'build/s':>9} {'baseline/s':>11} {'build ÷ baseline':>17}  target")
    for kind, docs in sorted(read.items()):
        build_all(docs)  # warm the caches a batch of reports keeps warm
        spent = _best(lambda docs=docs: build_all(docs), args.rounds)  # type: ignore[misc]
        base = _best(lambda docs=docs: [baseline(d) for d, _, _ in docs], args.rounds)  # type: ignore[misc]
        rate = len(docs) / spent if spent else float("inf")
        base_rate = len(docs) / base if base else float("inf")
        target = TARGET if kind in ("text", "markdown") else None
        ok = target is None or rate >= target
        met = met and ok
        tables = sum(1 for d, _, _ in docs for b in d.blocks if isinstance(b, SourceTable))
        print(
            f"{kind:10} {len(docs):4} {rate:9.1f} {base_rate:11.1f} {spent / base if base else 0:17.1f}  "
            + (f"≥ {target:.0f}/s {'met' if ok else 'MISSED'}" if target else "-")
            + (f"  ({tables} source tables)" if tables else "")
        )
    return 0 if met or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
