"""A plugin that imports but raises inside a hook (test data)."""

from __future__ import annotations

import govreport


@govreport.hookimpl
def register_variants() -> list[object]:
    raise RuntimeError("register_variants fails (deliberately)")
