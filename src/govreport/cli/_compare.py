"""``govreport compare OLD NEW`` / ``govreport compare SERIES... [--to text|json|md|html] [-o FILE] [--force]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from govreport.cli._conventions import STDIO, report_from_stdin
from govreport.cli._exit import EXIT_OK, EXIT_USAGE
from govreport.cli._output import write_file
from govreport.errors import InputError
from govreport.plugins import Command


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="two or more reports of one organ (OLD NEW, or a series; - for standard input)",
    )
    p.add_argument(
        "--to", choices=("text", "json", "md", "html"), help="output format (default: from the -o suffix, else text)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (`-` for standard output)")
    p.add_argument("--force", action="store_true", help="compare even if the organs differ or a year repeats")


def run(args: argparse.Namespace) -> int:
    from govreport._extras import MissingExtra
    from govreport.comparison import SUFFIXES, CompareRefused, compare, render
    from govreport.inputs import NotAReport

    if len(args.files) < 2:
        print("govreport: compare needs at least two reports of one organ (OLD NEW, or a series)", file=sys.stderr)
        return EXIT_USAGE
    to = args.to
    if to is None:
        suffix = Path(args.output).suffix.lower() if args.output and args.output != "-" else ""
        to = SUFFIXES.get(suffix, "text")
    try:
        inputs = [report_from_stdin(args.api) if f == STDIO else f for f in args.files]
        comparison = compare(*inputs, force=args.force, api=args.api)
        text = render(comparison, to)
    except (NotAReport, CompareRefused, MissingExtra, InputError) as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.output and args.output != "-":
        code = write_file(args.output, text, inputs=tuple(args.files))
        if code != EXIT_OK:
            return code
        print(f"govreport: wrote {args.output} ({to})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


COMMAND = Command(
    name="compare",
    help="compare reports of one organ over the years (every cell, cross-year checks, 文字重复率)",
    description="Compare reports of one organ: every table cell side by side with its change and percentage "
    "change, the cross-year rules (上年结转, 现行有效件数) with their outcome, and each prose section against "
    "last year's (the sentences it adds and the share carried over word for word, 文字重复率). Files may be "
    "report JSON or any document `govreport import` reads; they are put in year order. Reports of different "
    "organs, or two of the same year, are refused unless --force. Exit 0 on success, 2 when a file cannot be "
    "read or the reports cannot be compared.",
    configure=configure,
    run=run,
)
