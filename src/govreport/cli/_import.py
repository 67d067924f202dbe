"""``govreport import FILE``: read a published report (text, HTML, DOCX, PDF) into report JSON."""

from __future__ import annotations

import argparse
import sys

from govreport import jsonio
from govreport._facade import current
from govreport._importers import ImportFailed
from govreport.cli._exit import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from govreport.convert import unstructure
from govreport.formats import FORMAT_VERSIONS
from govreport.plugins import Command


def configure(p: argparse.ArgumentParser) -> None:
    names = ", ".join(f"{i.name} ({' '.join(s for s in i.suffixes if s)})" for i in current().importers())
    p.description = f"{p.description} Importers: {names}."
    p.add_argument("file", metavar="FILE", help="the published report")
    p.add_argument("-o", "--output", metavar="OUT.json", help="write the report JSON here (default: stdout)")
    p.add_argument("--format", dest="version", choices=FORMAT_VERSIONS, help="format version (default: detected)")
    p.add_argument("--report", metavar="REPORT.json", help="write the import report (provenance of every value) here")
    p.add_argument("--importer", help="force an importer by name (default: chosen by content and suffix)")


def run(args: argparse.Namespace) -> int:
    try:
        result = args.api.import_file(args.file, version=args.version, importer=args.importer)
    except ImportFailed as exc:
        print(f"govreport import: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    text = jsonio.dumps(unstructure(result.report))
    if args.output:
        jsonio.write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    rep = result.import_report
    if args.report:
        jsonio.write_atomic(args.report, jsonio.dumps(rep.to_json()))
    summary = (
        f"{args.file}: {rep.version} format ({rep.version_reason}); {len(rep.values)} value(s) read, "
        f"{len(rep.unreadable)} cell(s) unreadable, {len(rep.unplaced)} piece(s) of text not placed"
    )
    print(summary, file=sys.stderr)
    for d in rep.declined:
        row = f" {d.row}" if d.row else ""
        where = f" ({d.where.describe()})" if d.where is not None else ""
        print(f"{args.file}: 表{d.table}{row}{where}: declined: {d.reason}", file=sys.stderr)
    for issue in rep.outline:
        where = f" ({issue.where.describe()})" if issue.where is not None else ""
        print(f"{args.file}{where}: 提纲: {issue.message}", file=sys.stderr)
    for note in rep.notes:
        print(f"{args.file}: note: {note}", file=sys.stderr)
    return EXIT_OK if rep.complete else EXIT_FAILED


COMMAND = Command(
    name="import",
    help="import a published report (text, Markdown, HTML, DOCX, PDF) into report JSON",
    description="Read a published 政府信息公开工作年度报告 and write it as report JSON (valid in the "
    "lenient profile). Exit 0 when every table cell was read, 1 when some cells "
    "are unreadable or were declined (they are kept as unreadable, never as 0), 2 when the file cannot "
    "be imported.",
    configure=configure,
    run=run,
)
