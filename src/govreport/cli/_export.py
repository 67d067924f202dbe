"""``govreport export FILE --to FORMAT [-o OUT]``: a report as HTML, DOCX, XLSX, CSV, Markdown or JSON."""

from __future__ import annotations

import argparse
import codecs
import os
import sys

from govreport._export import Exporter, ExportError, exporter_for_suffix, render
from govreport._facade import Govreport, current
from govreport.cli._conventions import STDIO, validate_input
from govreport.cli._exit import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from govreport.cli._output import issue_line, write_file
from govreport.errors import GovreportError, PluginError
from govreport.plugins import Command


def _formats_help() -> str:
    return "; ".join(f"{e.name}: {e.description}" for e in current().exporters())


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="report JSON file (- for standard input)")
    p.add_argument(
        "--to", dest="fmt", metavar="FORMAT", help="output format (see above; default: from the suffix of -o OUT)"
    )
    p.add_argument(
        "-o", "--output", metavar="OUT", help="output file (written atomically; - for standard output, the default)"
    )
    p.add_argument("--format", dest="version", help="format version (overrides the document's)")
    p.add_argument(
        "--bom",
        action="store_true",
        help="CSV: start with a UTF-8 byte-order mark, so that Excel on Chinese Windows reads it as UTF-8 "
        "(without one it takes the file for GBK and shows mojibake)",
    )


def write_output(data: bytes, output: str | None, binary: bool, what: str, inputs: tuple[str, ...] = ()) -> int:
    """Write to ``output`` atomically (never over one of ``inputs``), or to stdout (``None`` or ``-``); refuses
    binary output to a terminal."""
    if output is None or output == STDIO:
        if binary and sys.stdout.isatty():
            print(f"govreport: {what} is binary; give an output file with -o OUT", file=sys.stderr)
            return EXIT_USAGE
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return EXIT_OK
    return write_file(output, data, inputs=inputs)


def choose_exporter(api: Govreport, fmt: str | None, output: str | None, *, blank: bool = False) -> Exporter:
    """The exporter ``--to FMT`` names, else the one the suffix of ``-o OUT`` names (``.md`` → markdown);
    :class:`ExportError` saying what to give otherwise."""
    if fmt is not None:
        return api.exporter(fmt)
    if output is None or output == STDIO:
        raise ExportError("give the output format with --to FORMAT, or an output file (-o OUT) whose suffix names it")
    offered = [e for e in api.exporters() if e.template is not None or not blank]
    found = exporter_for_suffix(os.path.splitext(output)[1], offered)
    if found is None:
        suffixes = ", ".join(sorted({e.suffix for e in offered}))
        raise ExportError(f"{output}: the suffix names no output format ({suffixes}); give one with --to FORMAT")
    return api.exporter(found.name)


def run(args: argparse.Namespace) -> int:
    try:
        exporter = choose_exporter(args.api, args.fmt, args.output)
        if args.bom and exporter.media_type != "text/csv":
            raise ExportError(f"--bom is for CSV (Excel reads a CSV by it), not for {exporter.name}")
    except ExportError as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = validate_input(args.api, args.file, version=args.version)
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
    if args.bom:
        data = codecs.BOM_UTF8 + data
    return write_output(data, args.output, exporter.binary, f"{exporter.name} output", (args.file,))


COMMAND = Command(
    name="export",
    help="export a report as HTML, DOCX, XLSX, CSV, Markdown or JSON",
    description="Export a report JSON file. Formats: " + _formats_help(),
    configure=configure,
    run=run,
)
