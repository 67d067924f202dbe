"""Regenerate what users' tools make of the seen reports (tests/gold/renderings/<name>/).

The seen reports (``tests/gold/sources``: the ones the importer was built on) that are published as HTML, PDF or
DOCX are run through the same converters as the wider corpus (``tests/corpus/make_renderings.py``: w3m, lynx,
pandoc, html2text, markitdown, pdftotext, mammoth), and each output is kept under
``tests/gold/renderings/<name>/`` with ``TOOLS.txt``.  They are measured with the source's own gold
(``tests/gold/<name>.csv``) and count as *seen* in ``benchmarks/corpus_accuracy.py``.

Usage: ``python tests/gold/make_renderings.py [--tools-venv PATH] [NAME ...]`` (no NAME: every HTML/PDF/DOCX
source).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

GOLD = Path(__file__).resolve().parent
sys.path.insert(0, str(GOLD.parent / "corpus"))

import make_renderings  # noqa: E402  (tests/corpus/make_renderings.py: the converters and their versions)

SOURCES = GOLD / "sources"
RENDERINGS = GOLD / "renderings"
CONVERTED = {".html", ".htm", ".pdf", ".docx"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="source file names without suffix (default: all)")
    parser.add_argument("--tools-venv", type=Path, default=make_renderings.DEFAULT_TOOLS_VENV)
    args = parser.parse_args(argv)
    sources = sorted(p for p in SOURCES.iterdir() if p.suffix.lower() in CONVERTED)
    if args.names:
        sources = [p for p in sources if p.stem in args.names]
    versions = make_renderings.tool_versions(args.tools_venv)
    for source in sources:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            shutil.copyfile(source, work / f"source{source.suffix.lower()}")
            written = make_renderings.render(work, args.tools_venv, versions)
            target = RENDERINGS / f"{source.stem}{source.suffix.lower()}"
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(work / "renderings", target)
        print(f"{source.name}: {', '.join(written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
