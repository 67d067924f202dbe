"""The command-line reference, generated from the argument parser itself."""

from __future__ import annotations

import argparse

from govreport.cli import build_parser


def pages() -> dict[str, str]:
    parser = build_parser()
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    lines = [
        "# Command line",
        "",
        "Generated from `govreport --help` at build time.",
        "",
        "```text",
        parser.format_help().rstrip(),
        "```",
        "",
    ]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in sorted(action.choices.items()):
                lines += [f"## govreport {name}", "", "```text", sub.format_help().rstrip(), "```", ""]
    return {"reference/generated/cli.md": "\n".join(lines)}
