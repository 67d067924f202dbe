"""``govreport validate FILE...``: schema and structure validation."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from govreport.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from govreport.cli._output import issue_line, print_json
from govreport.formats import FORMAT_VERSIONS
from govreport.schema import PROFILES
from govreport.validate import validate_file


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "validate",
        help="validate report JSON against the published schema",
        description="Validate report JSON files. Exit 0 when all are valid, 1 when any is invalid, "
        "2 when any cannot be read.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="report JSON files")
    p.add_argument(
        "--format", dest="version", choices=FORMAT_VERSIONS, help="format version (overrides the document's)"
    )
    p.add_argument(
        "--profile",
        choices=PROFILES,
        default="lenient",
        help="lenient (default): marks such as '/' allowed in cells; submission: every cell a number",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    results = [validate_file(f, version=args.version, profile=args.profile) for f in args.files]
    if args.json:
        print_json([r.to_json() for r in results])
    else:
        for r in results:
            if r.valid:
                print(f"{r.source}: valid ({r.version} format, {r.profile} profile)")
            for issue in r.issues:
                print(issue_line(r.source, issue), file=sys.stdout)
        bad = [r for r in results if not r.valid]
        if bad:
            n = sum(len(r.issues) for r in bad)
            print(f"{len(bad)} of {len(results)} file(s) invalid, {n} problem(s)", file=sys.stderr)
    if any(r.unreadable for r in results):
        return EXIT_USAGE
    return EXIT_FAILED if any(not r.valid for r in results) else EXIT_OK
