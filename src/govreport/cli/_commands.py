"""The built-in commands, registered with the command line's plugin host like any plugin's commands."""

from __future__ import annotations

import importlib

from govreport.plugins import Command, hookimpl

BUILTIN_COMMANDS: tuple[str, ...] = (
    "validate",
    "check",
    "show",
    "import",
    "export",
    "template",
    "aggregate",
    "compare",
    "dataset",
    "serve",
    "schema",
    "rules",
    "plugins",
    "completion",
)
"""Built-in command modules (``govreport.cli._<name>``, each with a ``COMMAND``), in help order."""


@hookimpl
def register_commands() -> list[Command]:
    return [importlib.import_module(f"govreport.cli._{name}").COMMAND for name in BUILTIN_COMMANDS]
