"""``govreport completion bash|zsh|tcsh``: a tab-completion script for a shell, made from the command line's own
parser (every command and option, the plugins' included) by shtab."""

from __future__ import annotations

import argparse
import sys

from govreport.cli._exit import EXIT_OK
from govreport.plugins import Command

SHELLS = ("bash", "zsh", "tcsh")
"""The shells shtab writes scripts for."""


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def run(args: argparse.Namespace) -> int:
    import shtab  # the optional 'completion' extra; the command line names it when it is missing

    from govreport.cli import build_parser

    parser = build_parser(args.api)
    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return EXIT_OK


COMMAND = Command(
    name="completion",
    help="print a tab-completion script for bash, zsh or tcsh",
    description="Print a script that completes govreport's commands and options in a shell (needs the "
    "'completion' extra: pip install 'govreport[completion]'). For bash: "
    "govreport completion bash > ~/.local/share/bash-completion/completions/govreport ; for zsh, write it as "
    "_govreport into a directory on $fpath.",
    configure=configure,
    run=run,
)
