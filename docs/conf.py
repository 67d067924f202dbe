"""Sphinx configuration for govreport's documentation (MyST Markdown)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "govreport"
author = "govreport developers"
copyright = "2026, govreport developers"
extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon", "govreport_docs"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 2
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "furo"
html_title = "govreport"
language = "en"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
nitpicky = False
