"""Every report the tests can get: fixtures, the seed, what the importers read from the corpus, generated ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import govreport
from govreport.importers import ImportFailed, import_file
from synth import BREAKAGES, break_report, synthetic_report

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def _imported(paths: list[Path]) -> Iterator[govreport.AnyReport]:
    for path in paths:
        try:
            yield import_file(path).report
        except ImportFailed:
            continue


def _corpus() -> list[tuple[str, govreport.AnyReport]]:
    out = [(p.name, govreport.load(p)) for p in sorted((TESTS / "data" / "checks").glob("*.json"))]
    out.append(("seed", govreport.load(ROOT / "examples" / "zibo-gaoxin-2021.json")))
    sources = sorted(p for p in (TESTS / "gold" / "sources").iterdir() if p.suffix in {".txt", ".md", ".html", ".pdf"})
    sources += sorted(p for d in sorted((TESTS / "corpus").glob("*/")) for p in d.glob("source.*"))
    renderings = sorted((TESTS / "corpus").glob("*/renderings/*"))
    sources += [p for p in renderings if p.name != "TOOLS.txt"]
    out += [(f"imported {i}", r) for i, r in enumerate(_imported(sources))]
    for i in range(60):
        doc = synthetic_report(i)
        breakage = BREAKAGES[i % len(BREAKAGES)]
        if i % 2 and breakage.stage == "check":
            doc = break_report(doc, breakage)
        out.append((f"generated {i}", govreport.from_data(doc)))
    return out


CORPUS: list[tuple[str, govreport.AnyReport]] = _corpus()
"""``(name, report)`` of every report, built once per test session."""
