"""``govreport template --format 2021 --to docx|xlsx|html [-o OUT]``: a blank form to fill in."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from govreport.cli import EXIT_USAGE
from govreport.cli._export import write_output
from govreport.errors import GovreportError
from govreport.export import get_exporter, get_exporters, template
from govreport.formats import FORMAT_VERSIONS


def register(sub: Any) -> None:
    names = [e.name for e in get_exporters() if e.template is not None]
    p: argparse.ArgumentParser = sub.add_parser(
        "template",
        help="write a blank report form (DOCX, XLSX or HTML)",
        description="Write a blank form of a national format. A filled XLSX form reads back into a report. "
        f"Formats with a template: {', '.join(names)}.",
    )
    p.add_argument("--format", dest="version", choices=FORMAT_VERSIONS, default="2021", help="format version")
    p.add_argument("--to", dest="fmt", required=True, metavar="FORMAT", help=f"one of: {', '.join(names)}")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (written atomically); default: standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        exporter = get_exporter(args.fmt)
        data = template(args.version, args.fmt)
    except GovreportError as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return write_output(data, args.output, exporter.binary, f"the {exporter.name} template")
