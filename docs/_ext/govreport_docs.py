"""Generate the reference pages from the code at build time, so they cannot drift.

Every module ``gen_*.py`` beside this file exposes ``pages() -> dict[str, str]``
mapping a path under ``docs/`` (e.g. ``reference/generated/format-2021.md``) to
Markdown text.  They are written before Sphinx reads the sources; the
``reference/generated/`` folder is not committed.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent


def write_pages(app: Any) -> None:
    for module_path in sorted(HERE.glob("gen_*.py")):
        module = importlib.import_module(module_path.stem)
        for relative, text in module.pages().items():
            target = DOCS / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", write_pages)
    return {"parallel_read_safe": True, "version": "1"}
