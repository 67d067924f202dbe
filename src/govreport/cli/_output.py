"""Shared output helpers for the commands."""

from __future__ import annotations

import json
import sys
from typing import Any

from govreport import jsonio
from govreport.errors import Issue


def print_json(value: Any) -> None:
    """Print JSON-ready data to stdout (decimals exact)."""
    sys.stdout.write(jsonio.dumps(value))


def issue_line(source: str, issue: Issue) -> str:
    """One human-readable line: ``file: /pointer (label): message``."""
    where = issue.pointer or "/"
    if issue.line is not None:
        where = f"line {issue.line}, column {issue.column}"
    label = f" ({issue.label})" if issue.label else ""
    return f"{source}: {where}{label}: {issue.message}"


def dump_compact(value: Any) -> str:
    """One-line JSON (JSON Lines)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
