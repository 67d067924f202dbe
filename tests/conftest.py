"""Shared fixtures: the seed report as a file, as data and as a record."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest

import govreport
from govreport import jsonio

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SEED_JSON = ROOT / "examples" / "zibo-gaoxin-2021.json"
SEED_TXT = ROOT / "examples" / "zibo-gaoxin-2021.txt"

_SEED_DATA = jsonio.read(SEED_JSON)


@pytest.fixture
def seed_path() -> Path:
    """The hand-made seed JSON (do not modify; copy it)."""
    return SEED_JSON


@pytest.fixture
def seed_data() -> dict[str, Any]:
    """A fresh copy of the seed JSON data, safe to modify."""
    return copy.deepcopy(_SEED_DATA)


@pytest.fixture
def seed_report() -> govreport.AnyReport:
    """The seed as a structured 2021 report."""
    return govreport.load(SEED_JSON)


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A copy of the seed JSON in a temporary directory."""
    target = tmp_path / "seed.json"
    shutil.copy(SEED_JSON, target)
    return target


def set_at(data: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    """Set the value at a JSON Pointer in ``data`` (in place); returns ``data``."""
    tokens = pointer.split("/")[1:]
    target: Any = data
    for token in tokens[:-1]:
        target = target[int(token)] if isinstance(target, list) else target[token]
    last = tokens[-1]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return data
