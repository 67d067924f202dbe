"""``govreport export FILE --to FORMAT [-o OUT]``: a report as HTML, DOCX, XLSX, CSV, Markdown or JSON."""

from __future__ import annotations

import argparse
import sys

from govreport._export import ExportError, render
from govreport._facade import current
from govreport.cli._exit import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from govreport.cli._output import issue_line, write_file
from govreport.errors import GovreportError, PluginError
from govreport.plugins import Command


def _formats_help() -> str:
    return "; ".join(f"{e.name}: {e.description}" for e in current().exporters())


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="report JSON file")
    p.add_argument("--to", dest="fmt", required=True, metavar="FORMAT", help="output format (see above)")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (written atomically); default: standard output")
    p.add_argument("--format", dest="version", help="format version (overrides the document's)")


def write_output(data: bytes, output: str | None, binary: bool, what: str, inputs: tuple[str, ...] = ()) -> int:
    """Write to ``output`` atomically (never over one of ``inputs``), or to stdout; refuses binary output to a
    terminal."""
    if output is None:
        if binary and sys.stdout.isatty():
            print(f"govreport: {what} is binary; give an output file with -o OUT", file=sys.stderr)
            return EXIT_USAGE
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    return write_file(output, data, inputs=inputs)


def run(args: argparse.Namespace) -> int:
    try:
        exporter = args.api.exporter(args.fmt)
    except ExportError as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = args.api.validate_file(args.file, version=args.version)
    if result.report is None:
        for issue in result.issues:
            print(issue_line(result.source, issue), file=sys.stderr)
        return EXIT_USAGE if result.unreadable else EXIT_FAILED
    try:
        data = render(exporter, result.report, args.api.variants_of(result.report))
    except PluginError:
        raise  # the plugin's failure, not the input's: exit 1 (see govreport.cli.main)
    except GovreportError as exc:
        print(f"govreport: {args.file}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return write_output(data, args.output, exporter.binary, f"{exporter.name} output", (args.file,))


COMMAND = Command(
    name="export",
    help="export a report as HTML, DOCX, XLSX, CSV, Markdown or JSON",
    description="Export a report JSON file. Formats: " + _formats_help(),
    configure=configure,
    run=run,
)
