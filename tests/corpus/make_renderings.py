"""Regenerate what users' tools make of each corpus source (tests/corpus/<id>/renderings/).

For every report directory whose source is HTML, PDF or DOCX this runs the converters people actually use and
stores their output next to the source, so the importer can be measured on those texts with the same gold:

* HTML: ``w3m.txt``, ``lynx.txt``, ``pandoc.md``, ``html2text.md``, ``markitdown.md``
* PDF: ``pdftotext-layout.txt``, ``pdftotext.txt``, ``markitdown.md``
* DOCX: ``pandoc.md``, ``mammoth.md``, ``markitdown.md``

``TOOLS.txt`` in each renderings directory records the version of every tool that ran.  Debian's w3m, lynx,
pandoc and poppler-utils come from the system; html2text, markitdown and mammoth from a scratch virtualenv
(default ``.tools/`` at the repository root, git-ignored; ``--tools-venv`` to change).  Page-text and Markdown
sources get no renderings: they already are a tool's output.

Usage: ``python tests/corpus/make_renderings.py [--tools-venv PATH] [ID ...]`` (no ID: every directory).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
REPO = CORPUS.parent.parent
DEFAULT_TOOLS_VENV = REPO / ".tools"
# A converter that runs longer than this on a one-report document is stuck, not slow.
TIMEOUT_SECONDS = 120
# Wide enough that a 表三 row (label + seven cells) is not wrapped by the text browsers.
TEXT_BROWSER_COLUMNS = 200

Command = Callable[[Path, Path], list[str]]


def _python_tool(venv: Path, name: str) -> str:
    return str(venv / "bin" / name)


def _html_tools(venv: Path) -> dict[str, Command]:
    return {
        "w3m.txt": lambda src, _: ["w3m", "-dump", "-cols", str(TEXT_BROWSER_COLUMNS), "-T", "text/html", str(src)],
        "lynx.txt": lambda src, _: ["lynx", "-dump", "-nolist", f"-width={TEXT_BROWSER_COLUMNS}", str(src)],
        "pandoc.md": lambda src, _: ["pandoc", "-f", "html", "-t", "gfm", str(src)],
        "html2text.md": lambda src, _: [_python_tool(venv, "html2text"), str(src), "utf-8"],
        "markitdown.md": lambda src, _: [_python_tool(venv, "markitdown"), str(src)],
    }


def _pdf_tools(venv: Path) -> dict[str, Command]:
    return {
        "pdftotext-layout.txt": lambda src, _: ["pdftotext", "-layout", str(src), "-"],
        "pdftotext.txt": lambda src, _: ["pdftotext", str(src), "-"],
        "markitdown.md": lambda src, _: [_python_tool(venv, "markitdown"), str(src)],
    }


def _docx_tools(venv: Path) -> dict[str, Command]:
    return {
        "pandoc.md": lambda src, _: ["pandoc", "-f", "docx", "-t", "gfm", str(src)],
        "mammoth.md": lambda src, _: [_python_tool(venv, "mammoth"), str(src), "--output-format=markdown"],
        "markitdown.md": lambda src, _: [_python_tool(venv, "markitdown"), str(src)],
    }


def _version(command: Sequence[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unavailable ({error})"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].strip() if lines else "unknown"


def _pip_version(venv: Path, package: str) -> str:
    return _version(
        [_python_tool(venv, "python"), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"]
    )


def tool_versions(venv: Path) -> dict[str, str]:
    """The version line of every converter, as the tools themselves report it."""
    return {
        "w3m": _version(["w3m", "-version"]),
        "lynx": _version(["lynx", "-version"]),
        "pandoc": _version(["pandoc", "--version"]),
        "pdftotext": _version(["pdftotext", "-v"]),
        "html2text": "html2text " + _pip_version(venv, "html2text"),
        "markitdown": "markitdown " + _pip_version(venv, "markitdown"),
        "mammoth": "mammoth " + _pip_version(venv, "mammoth"),
    }


def _tools_for(source: Path, venv: Path) -> dict[str, Command]:
    suffix = source.suffix.lower()
    if suffix in (".html", ".htm"):
        return _html_tools(venv)
    if suffix == ".pdf":
        return _pdf_tools(venv)
    if suffix == ".docx":
        return _docx_tools(venv)
    return {}


def _source_of(directory: Path) -> Path | None:
    sources = sorted(p for p in directory.glob("source.*") if p.is_file())
    return sources[0] if sources else None


def render(directory: Path, venv: Path, versions: dict[str, str]) -> list[str]:
    """Write every rendering of one report; returns the names written (empty for sources that get none)."""
    source = _source_of(directory)
    if source is None:
        raise SystemExit(f"{directory}: 没有 source.* 文件")
    tools = _tools_for(source, venv)
    if not tools:
        return []
    out_dir = directory / "renderings"
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir()
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "dumb"}
    used: set[str] = set()
    written = []
    for name, command in tools.items():
        argv = command(source, out_dir)
        done = subprocess.run(argv, capture_output=True, timeout=TIMEOUT_SECONDS, check=False, env=env)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip()
            raise SystemExit(f"{source}: {name} 生成失败（{' '.join(argv[:2])}）：{message}")
        (out_dir / name).write_bytes(done.stdout)
        used.add(name.split(".")[0].removesuffix("-layout"))
        written.append(name)
    lines = [f"{tool}: {versions[tool]}" for tool in sorted(used)]
    (out_dir / "TOOLS.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", help="report directories to render (default: all)")
    parser.add_argument("--tools-venv", type=Path, default=DEFAULT_TOOLS_VENV)
    args = parser.parse_args(argv)
    directories = [CORPUS / i for i in args.ids] if args.ids else sorted(p for p in CORPUS.iterdir() if p.is_dir())
    versions = tool_versions(args.tools_venv)
    for directory in directories:
        if not (directory / "meta.json").is_file():
            continue
        written = render(directory, args.tools_venv, versions)
        print(f"{directory.name}: {', '.join(written) if written else '无（该来源不需要转换）'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
