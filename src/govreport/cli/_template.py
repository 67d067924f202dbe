"""``govreport template --format 2021 --to docx|xlsx|html [-o OUT]``: a blank form to fill in."""

from __future__ import annotations

import argparse
import sys

from govreport._facade import current
from govreport.cli._exit import EXIT_USAGE
from govreport.cli._export import choose_exporter, write_output
from govreport.errors import GovreportError, PluginError
from govreport.formats import FORMAT_VERSIONS
from govreport.plugins import Command


def configure(p: argparse.ArgumentParser) -> None:
    names = [e.name for e in current().exporters() if e.template is not None]
    p.description = f"{p.description} Formats with a template: {', '.join(names)}."
    p.add_argument(
        "--format",
        dest="version",
        choices=FORMAT_VERSIONS,
        help="format version (default: 2021, or the one the --variant extends)",
    )
    p.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME",
        help="a regional variant's form: its rows and labels (see `govreport plugins`); may be repeated",
    )
    p.add_argument(
        "--to", dest="fmt", metavar="FORMAT", help=f"one of: {', '.join(names)} (default: from the suffix of -o OUT)"
    )
    p.add_argument(
        "-o", "--output", metavar="OUT", help="output file (written atomically; - for standard output, the default)"
    )


def run(args: argparse.Namespace) -> int:
    try:
        exporter = choose_exporter(args.api, args.fmt, args.output, blank=True)
        variants = [args.api.variant(name) for name in args.variant]
        version = args.version or (variants[0].base_format if variants else "2021")
        data = args.api.template(version, exporter.name, variants=variants)
    except PluginError:
        raise  # the plugin's failure, not the input's: exit 1 (see govreport.cli.main)
    except GovreportError as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return write_output(data, args.output, exporter.binary, f"the {exporter.name} template")


COMMAND = Command(
    name="template",
    help="write a blank report form (DOCX, XLSX or HTML)",
    description="Write a blank form of a national format. A filled XLSX form reads back into a report.",
    configure=configure,
    run=run,
)
