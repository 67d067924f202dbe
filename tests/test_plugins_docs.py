"""The hook reference covers every hookspec, the guide names every hook, and every hook has a test."""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

import pytest

from govreport.plugins import HOOK_NAMES, PROJECT, hookspecs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
import gen_hooks  # noqa: E402

SPECS = sorted(name for name, value in vars(hookspecs).items() if callable(value) and hasattr(value, f"{PROJECT}_spec"))


def test_hook_names_list_every_hookspec() -> None:
    assert list(HOOK_NAMES) == SPECS


@pytest.mark.parametrize("name", SPECS)
def test_signature_in_reference(name: str) -> None:
    signature = f"{name}{inspect.signature(getattr(hookspecs, name))}".replace("'", "")
    assert f"```python\n{signature}\n```" in gen_hooks.hooks_page()


@pytest.mark.parametrize("name", SPECS)
def test_guide_mentions_hook(name: str) -> None:
    assert f"`{name}`" in (ROOT / "docs" / "guide" / "plugins.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SPECS)
def test_hook_has_a_test(name: str) -> None:
    tests = (ROOT / "tests" / "test_plugins.py").read_text(encoding="utf-8")
    assert re.search(rf"^def test_hook_{name}\(", tests, re.MULTILINE), f"no test_hook_{name} in tests/test_plugins.py"
