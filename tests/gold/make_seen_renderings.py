"""Regenerate what users' tools make of the seen reports (tests/gold/renderings/<name>/).

The seen reports (``tests/gold/sources``: the ones the importer was built on) that are published as HTML, PDF or
DOCX are run through the same converters as the wider corpus (``tests/corpus/make_renderings.py``: w3m, lynx,
pandoc, html2text, markitdown, pdftotext, mammoth), and each output is kept under
``tests/gold/renderings/<name>/`` with ``TOOLS.txt``.  PDFs are also turned into Word files as people do it
(``pdf2docx.docx``, PyPI pdf2docx in the same scratch virtualenv), and the seed, exported as DOCX by govreport,
goes through the DOCX converters (pandoc, mammoth, markitdown) into ``zibo-gaoxin-2021.docx/``.  They are
measured with the source's own gold (``tests/gold/<name>.csv``) and count as *seen* in
``benchmarks/corpus_accuracy.py``.

Usage: ``python tests/gold/make_seen_renderings.py [--tools-venv PATH] [NAME ...]`` (no NAME: every HTML/PDF/DOCX
source).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

GOLD = Path(__file__).resolve().parent
sys.path.insert(0, str(GOLD.parent / "corpus"))

import make_renderings  # noqa: E402  (tests/corpus/make_renderings.py: the converters and their versions)

SOURCES = GOLD / "sources"
SEED_JSON = GOLD.parent.parent / "examples" / "zibo-gaoxin-2021.json"
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
        _render(source, args.tools_venv, versions)
    if not args.names or "zibo-gaoxin-2021" in args.names:
        _render_seed_docx(versions)
    return 0


def _render_seed_docx(versions: dict[str, str]) -> None:
    """The seed exported as DOCX, through pandoc (mammoth and markitdown refuse the export: "Could not find the
    body element"; they are left out rather than faked)."""
    target = RENDERINGS / "zibo-gaoxin-2021.docx"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / "source.docx"
        docx.write_bytes(_seed_docx())
        done = subprocess.run(
            ["pandoc", "-f", "docx", "-t", "gfm", str(docx)],
            capture_output=True,
            timeout=make_renderings.TIMEOUT_SECONDS,
            check=True,
        )
    (target / "pandoc.md").write_bytes(done.stdout)
    (target / "TOOLS.txt").write_text(
        f"pandoc: {versions['pandoc']}\nsource: examples/zibo-gaoxin-2021.json exported by govreport as DOCX\n",
        encoding="utf-8",
    )
    print("zibo-gaoxin-2021.docx (exported): pandoc.md")


def _seed_docx() -> bytes:
    """The seed as govreport's DOCX exporter writes it."""
    import govreport
    from govreport.export import export

    return export(govreport.load(SEED_JSON), "docx")


def _render(source: Path, venv: Path, versions: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copyfile(source, work / f"source{source.suffix.lower()}")
        written = make_renderings.render(work, venv, versions)
        if source.suffix.lower() == ".pdf":
            tool = str(venv / "bin" / "pdf2docx")
            out = work / "renderings" / "pdf2docx.docx"
            subprocess.run(
                [tool, "convert", str(work / "source.pdf"), str(out)],
                capture_output=True,
                timeout=make_renderings.TIMEOUT_SECONDS,
                check=True,
            )
            version = make_renderings._pip_version(venv, "pdf2docx")
            with (work / "renderings" / "TOOLS.txt").open("a", encoding="utf-8") as fh:
                fh.write(f"pdf2docx: pdf2docx {version}\n")
            written.append(out.name)
        target = RENDERINGS / f"{source.stem}{source.suffix.lower()}"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(work / "renderings", target)
    print(f"{source.name}: {', '.join(written)}")


if __name__ == "__main__":
    sys.exit(main())
