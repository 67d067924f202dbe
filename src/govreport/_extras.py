"""Optional dependencies: import one, or say which extra to install."""

from __future__ import annotations

import importlib
from typing import Any

from govreport.errors import GovreportError


class MissingExtra(GovreportError):
    """An optional dependency is not installed; the message gives the command that installs it."""


def need(module: str, extra: str = "data") -> Any:
    """Import an optional dependency, or raise :class:`MissingExtra` naming the extra that brings it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is None or not module.startswith(exc.name.split(".")[0]):
            raise
        raise MissingExtra(
            f"this needs the optional package {exc.name.split('.')[0]!r}; "
            f"install it with: pip install 'govreport[{extra}]'"
        ) from None
