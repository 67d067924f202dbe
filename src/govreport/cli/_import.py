"""``govreport import FILE``: read a published report (text, HTML, DOCX, PDF) into report JSON."""

from __future__ import annotations

import argparse
import sys

from govreport import jsonio
from govreport._facade import current
from govreport._files import same_file
from govreport.cli._conventions import STDIN_NAME, STDIO, stdin_bytes
from govreport.cli._exit import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from govreport.cli._output import write_file
from govreport.convert import unstructure
from govreport.errors import InputError
from govreport.formats import FORMAT_VERSIONS
from govreport.plugins import Command


def configure(p: argparse.ArgumentParser) -> None:
    names = ", ".join(f"{i.name} ({' '.join(s for s in i.suffixes if s)})" for i in current().importers())
    p.description = f"{p.description} Importers: {names}."
    p.add_argument("file", metavar="FILE", help="the published report (- for standard input)")
    p.add_argument("-o", "--output", metavar="OUT.json", help="write the report JSON here (- or none: standard output)")
    p.add_argument("--format", dest="version", choices=FORMAT_VERSIONS, help="format version (default: detected)")
    p.add_argument(
        "--report",
        metavar="REPORT.json",
        help="write the import report (provenance of every value) here (- for standard output)",
    )
    p.add_argument("--importer", help="force an importer by name (default: chosen by content and suffix)")


def run(args: argparse.Namespace) -> int:
    if args.output in (None, STDIO) and args.report == STDIO:
        print("govreport import: -o 和 --report 只能有一个写到标准输出", file=sys.stderr)
        return EXIT_USAGE
    name = STDIN_NAME if args.file == STDIO else args.file
    try:
        if args.file == STDIO:
            result = args.api.import_bytes(stdin_bytes(), name, version=args.version, importer=args.importer)
        else:
            result = args.api.import_file(args.file, version=args.version, importer=args.importer)
    except InputError as exc:
        print(f"govreport import: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    text = jsonio.dumps(unstructure(result.report))
    rep = result.import_report
    to_file = bool(args.output) and args.output != STDIO
    if to_file and args.report and (args.output == args.report or same_file(args.output, args.report)):
        print(f"govreport import: -o 和 --report 指向同一个文件 {args.output}，未写入任何内容", file=sys.stderr)
        return EXIT_USAGE
    if to_file:
        code = write_file(args.output, text, inputs=(args.file,))
        if code != EXIT_OK:
            return code
    else:
        sys.stdout.write(text)
    if args.report == STDIO:
        sys.stdout.write(jsonio.dumps(rep.to_json()))
    elif args.report:
        code = write_file(args.report, jsonio.dumps(rep.to_json()), inputs=(args.file,))
        if code != EXIT_OK:
            return code
    summary = (
        f"{name}: {rep.version}年格式（{rep.version_reason}）；读取数值{len(rep.values)}个，"
        f"无法读取的单元格{len(rep.unreadable)}个，未归位的文字{len(rep.unplaced)}段"
    )
    print(summary, file=sys.stderr)
    for d in rep.declined:
        row = f"“{d.row}”" if d.row else ""
        where = f"（{d.where.describe()}）" if d.where is not None else ""
        print(f"{name}: 表{d.table}{row}{where}未读取：{d.reason}", file=sys.stderr)
    for issue in rep.outline:
        where = f"（{issue.where.describe()}）" if issue.where is not None else ""
        print(f"{name}{where}: 提纲：{issue.message}", file=sys.stderr)
    for note in rep.notes:
        print(f"{name}: 注：{note}", file=sys.stderr)
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
