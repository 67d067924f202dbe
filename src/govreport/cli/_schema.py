"""``govreport schema``: print a published JSON Schema."""

from __future__ import annotations

import argparse
import sys

from govreport.cli._exit import EXIT_OK, EXIT_USAGE
from govreport.cli._output import print_json
from govreport.errors import MissingVariantError
from govreport.formats import FORMAT_VERSIONS
from govreport.plugins import Command
from govreport.schema import PROFILES, write_published


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", dest="version", choices=FORMAT_VERSIONS, default=FORMAT_VERSIONS[-1])
    p.add_argument("--profile", choices=PROFILES, default="lenient")
    p.add_argument(
        "--variant",
        dest="variants",
        action="append",
        default=[],
        metavar="NAME",
        help="compose a regional variant's additions (repeatable; see govreport plugins)",
    )
    p.add_argument("--write-all", metavar="DIR", help="write every published schema under DIR (as in schemas/)")


def run(args: argparse.Namespace) -> int:
    if args.write_all:
        try:
            written = write_published(args.write_all)
        except OSError as exc:  # an OutputError, or a directory that cannot be made
            print(
                f"govreport schema: {args.write_all}: cannot write the schemas: {exc.strerror or exc}", file=sys.stderr
            )
            return EXIT_USAGE
        for path in written:
            print(path)
        return EXIT_OK
    try:
        schema = args.api.json_schema(args.version, args.profile, args.variants)
    except (MissingVariantError, ValueError) as exc:
        print(f"govreport schema: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print_json(schema)
    return EXIT_OK


COMMAND = Command(
    name="schema",
    help="print the JSON Schema of a format version",
    description="Print a self-contained JSON Schema.",
    configure=configure,
    run=run,
)
