"""The ``govreport`` command line.

Each command lives in its own module in this package and exposes
``register(subparsers)``; :data:`COMMANDS` lists the built-in ones in the order
``govreport --help`` shows them.

Exit codes (the same for every command):

===  ===========================================================
0    success: every document valid / no failing check
1    a document is invalid, or a check failed
2    unreadable input or wrong usage
3    internal error (a bug in govreport: please report it)
130  interrupted
===  ===========================================================
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from govreport import __version__

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

COMMANDS: tuple[str, ...] = (
    "validate",
    "check",
    "show",
    "import",
    "export",
    "template",
    "aggregate",
    "schema",
    "rules",
    "plugins",
    "serve",
)
"""Built-in command modules (``govreport.cli._<name>``), in help order."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every built-in command registered."""
    parser = argparse.ArgumentParser(
        prog="govreport",
        description="Validate, check, import and export 政府信息公开工作年度报告 (China's government "
        "information disclosure annual reports).",
        epilog="Exit codes: 0 ok, 1 invalid or failed checks, 2 unreadable input or usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"govreport {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"govreport.cli._{name}")
        module.register(sub)
    from govreport.cli._plugins import add_global_options, register_plugin_commands

    add_global_options(parser)
    register_plugin_commands(sub, COMMANDS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from govreport.cli._plugins import PluginError, plugin_failures

    try:
        failed = plugin_failures(args)
        if failed is not None:
            return failed
        code: int = args.func(args)
    except PluginError as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("govreport: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: say so plainly, without a traceback
        print(
            f"govreport: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in govreport; please report it with the command you ran.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return code


__all__ = ["COMMANDS", "EXIT_FAILED", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]
