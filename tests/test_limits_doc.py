"""docs/guide/limits.md states the limits the code enforces: each row's value is its constant's, and the test the
row names exists."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMITS = ROOT / "docs" / "guide" / "limits.md"
ROW = re.compile(r"^\| (?P<limit>[^|]+) \| (?P<value>[^|]+) \| `(?P<constant>[\w.]+)` \| `(?P<test>[^`]+)` \|$")
UNITS = {"MiB": 1024 * 1024, "levels": 1}


def _rows() -> list[dict[str, str]]:
    return [m.groupdict() for line in LIMITS.read_text(encoding="utf-8").splitlines() if (m := ROW.match(line))]


def _constant(dotted: str) -> object:
    module, _, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_every_documented_limit_is_the_codes() -> None:
    rows = _rows()
    assert len(rows) >= 6
    for row in rows:
        number, *unit = row["value"].split()
        expected = int(number) * UNITS.get(unit[0], 1) if unit else int(number)
        assert _constant(row["constant"]) == expected, row


def test_every_documented_limit_names_a_test_that_exists() -> None:
    for row in _rows():
        path, _, name = row["test"].partition("::")
        source = (ROOT / path).read_text(encoding="utf-8")
        assert f"def {name}(" in source, row["test"]
