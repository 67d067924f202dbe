"""Import speed per rendering, in one process on one core: the read stage alone and read + build end to end.

Usage: ``python benchmarks/import_speed.py [--rounds 5] [--only RENDERING ...] [--profile RENDERING] [--check]
[--corpus-only]``

For every rendering a user meets (page text, Markdown, HTML, PDF, DOCX) the documents are real reports: the
seed, the reports of ``tests/gold/sources`` and what users' converters make of them (``tests/gold/renderings``:
pandoc, markitdown, html2text, w3m, lynx, pdftotext, PDF→Word), the dev reports of ``tests/corpus`` and their
renderings, and the generated HTML, DOCX and PDF files of ``tests/data/readers`` (two-column and page-crossing
PDFs, a text box; ``--corpus-only`` leaves them out).  Files that are govreport's own exports (they carry the
report's data, read back by rendering the report again to prove the file unchanged) are measured apart, as
``own-html``, ``own-markdown`` and ``own-docx``: the seed exported to each.
Each document is imported ``--rounds`` times; the best pass counts (a shared machine only ever slows a pass
down).  Printed per rendering:

* ``end-to-end``: reports/s through :func:`govreport.importers.import_bytes` (choose the importer, read, build);
* ``read``: reports/s of the reader alone (bytes → :class:`SourceDocument`);
* ``build``: reports/s of the builder alone (document → report), so the two halves can be told apart;
* ``baseline``: reports/s of the plainest extraction of the same bytes, measured in the same run, and the
  read stage's ratio against it (text: decode and split lines; HTML: the standard library's ``html.parser``
  tokenising the page; PDF: pypdfium2's plain page text, what ``pdftotext`` gives; DOCX: unzip and parse
  ``word/document.xml``).

Targets (issue 13), end to end per core: text and Markdown ≥ 500/s, HTML ≥ 200/s, a five-page PDF ≥ 25/s.
``--check`` exits 1 when a read stage misses its share of the target (the reader may take at most half of the
time the target allows) — the builder's share is the builder's own benchmark.  ``--profile RENDERING`` prints
the functions the whole import of that rendering spends most time in.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import sys
import time
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from govreport import load
from govreport._importers import builtin_importers, choose_importer
from govreport._importers._build import build
from govreport._importers._source import SourceDocument
from govreport._roundtrip import embedded
from govreport.export import export
from govreport.importers import ImportFailed, import_bytes

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "examples" / "zibo-gaoxin-2021.txt"
SEED_JSON = ROOT / "examples" / "zibo-gaoxin-2021.json"
GOLD_SOURCES = ROOT / "tests" / "gold" / "sources"
GOLD_RENDERINGS = ROOT / "tests" / "gold" / "renderings"
CORPUS = ROOT / "tests" / "corpus"
READER_FILES = ROOT / "tests" / "data" / "readers"

TARGETS = {"text": 500.0, "markdown": 500.0, "html": 200.0, "pdf": 25.0, "docx": 200.0}
"""End-to-end reports/s per core the issue asks for (DOCX has no target there; HTML's is used).  govreport's own
exports have none: reading one back renders the report again."""
KINDS = ("text", "markdown", "html", "pdf", "docx", "own-html", "own-markdown", "own-docx")
READ_SHARE = 0.5
"""The part of a target's time budget the read stage may take; the rest is the builder's."""


def _rendering(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix == ".md":
        return "markdown"
    if suffix == ".txt":
        # an OCR or converter Markdown table saved as .txt is still Markdown to the reader
        return "markdown" if "shuyang" in path.name else "text"
    return {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}.get(suffix)


def _dev_corpus() -> list[Path]:
    out: list[Path] = []
    for meta_path in sorted(CORPUS.glob("*/meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("split") != "dev":
            continue  # the holdout is never used to tune, not even for speed
        out.extend(p for p in meta_path.parent.glob("source.*"))
        out.extend(sorted((meta_path.parent / "renderings").glob("*.*")))
    return [p for p in out if p.name != "TOOLS.txt"]


def documents(*, reader_files: bool = True) -> dict[str, list[tuple[str, bytes]]]:
    """Every benchmark document by rendering: (name, bytes)."""
    renderings = sorted(p for p in GOLD_RENDERINGS.glob("*/*") if p.name != "TOOLS.txt")
    paths = [SEED_TXT, *sorted(GOLD_SOURCES.iterdir()), *renderings, *_dev_corpus()]
    if reader_files and READER_FILES.is_dir():
        paths.extend(p for p in sorted(READER_FILES.iterdir()) if p.suffix in (".docx", ".pdf", ".html"))
    out: dict[str, list[tuple[str, bytes]]] = {}
    for path in paths:
        kind = _rendering(path)
        if kind is not None:
            data = path.read_bytes()
            own = embedded(data, path.name) is not None
            out.setdefault(f"own-{kind}" if own else kind, []).append((str(path.relative_to(ROOT)), data))
    seed = load(SEED_JSON)
    for kind, fmt in (("html", "html"), ("markdown", "markdown"), ("docx", "docx")):
        out.setdefault(f"own-{kind}", []).append((f"seed exported to {fmt}", export(seed, fmt)))
    return out


def _importable(docs: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The documents that import at all (a scanned PDF or a refused file is not a speed measurement)."""
    out = []
    for name, data in docs:
        try:
            import_bytes(data, name)
        except ImportFailed:
            continue
        out.append((name, data))
    return out


def _read(name: str, data: bytes) -> SourceDocument:
    chosen = choose_importer(name, data[:65536], builtin_importers())
    doc = chosen.read(data, name)
    assert isinstance(doc, SourceDocument)
    return doc


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1

    def handle_data(self, data: str) -> None:
        self.count += 1


def _baseline_text(name: str, data: bytes) -> object:
    return data.decode("utf-8", "replace").splitlines()


def _baseline_html(name: str, data: bytes) -> object:
    parser = _Tokens()
    parser.feed(data.decode("utf-8", "replace"))
    parser.close()
    return parser.count


def _baseline_pdf(name: str, data: bytes) -> object:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _baseline_docx(name: str, data: bytes) -> object:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read("word/document.xml"))


BASELINES: dict[str, tuple[str, Callable[[str, bytes], object]]] = {
    "text": ("decode + split lines", _baseline_text),
    "markdown": ("decode + split lines", _baseline_text),
    "html": ("html.parser tokenising", _baseline_html),
    "pdf": ("pypdfium2 plain page text (pdftotext-like)", _baseline_pdf),
    "docx": ("unzip + lxml parse of document.xml", _baseline_docx),
}


def rate(function: Callable[[str, bytes], object], docs: list[tuple[str, bytes]], rounds: int) -> float:
    """Documents per second: the best of ``rounds`` passes over all of ``docs``."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for name, data in docs:
            function(name, data)
        best = min(best, time.perf_counter() - start)
    return len(docs) / best


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores (one used), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=None, help="renderings to measure (default: all)")
    parser.add_argument("--profile", default=None, help="profile the whole import of this rendering")
    parser.add_argument("--check", action="store_true", help="exit 1 when a read stage misses its share")
    parser.add_argument(
        "--corpus-only",
        action="store_true",
        help="leave out the generated files of tests/data/readers (to compare with readers that cannot read them)",
    )
    args = parser.parse_args(argv)

    print(f"machine: {machine()}")
    all_docs = documents(reader_files=not args.corpus_only)
    missed = []
    header = f"{'rendering':<12} {'docs':>4}  {'end-to-end/s':>12} {'target':>6}  {'read/s':>8} {'build/s':>8}"
    print(header + f"  {'baseline/s':>10} {'read÷baseline':>13}  baseline")
    for kind in KINDS:
        if args.only and kind not in args.only:
            continue
        docs = _importable(all_docs.get(kind, []))
        if not docs:
            print(f"{kind:<12} no importable documents")
            continue
        read_docs = {name: _read(name, data) for name, data in docs}
        e2e = rate(lambda name, data: import_bytes(data, name), docs, args.rounds)
        read = rate(_read, docs, args.rounds)
        built = rate(
            lambda name, _, docs=read_docs, kind=kind: build(docs[name], source=name, importer=kind),  # type: ignore[misc]
            docs,
            args.rounds,
        )
        label, baseline_fn = BASELINES[kind.removeprefix("own-")]
        base = rate(baseline_fn, docs, args.rounds)
        target = TARGETS.get(kind)
        print(
            f"{kind:<12} {len(docs):>4}  {e2e:>12.1f} {'—' if target is None else f'{target:.0f}':>6}  {read:>8.1f}"
            f" {built:>8.1f}  {base:>10.1f} {read / base:>13.2f}  {label}"
        )
        if target is not None and read < target / READ_SHARE:
            missed.append(f"{kind}: read {read:.0f}/s < {target / READ_SHARE:.0f}/s (its share of {target:.0f}/s)")
    for line in missed:
        print("read stage below its share: " + line)
    if args.profile:
        docs = _importable(all_docs.get(args.profile, []))
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.rounds):
            for name, data in docs:
                import_bytes(data, name)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(25)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
