"""Calls ``sys.exit`` inside a hook."""

from __future__ import annotations

import sys

import govreport


@govreport.hookimpl
def register_variants() -> list[govreport.Variant]:
    sys.exit(7)
