"""``govreport aggregate FILE... -o SUM.json``: sum member reports into a 汇总 report."""

from __future__ import annotations

import argparse
import sys

from govreport import jsonio
from govreport.aggregate import AggregationError, aggregate
from govreport.cli._conventions import STDIO, validate_input
from govreport.cli._exit import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from govreport.cli._output import issue_line, write_file
from govreport.convert import unstructure
from govreport.formats import AnyReport
from govreport.formats.common import OrganKind
from govreport.plugins import Command


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="member report JSON files (- for standard input)")
    p.add_argument(
        "-o", "--output", metavar="SUM.json", help="where to write the aggregate (- or none: standard output)"
    )
    p.add_argument("--organ", required=True, help="the organ issuing the aggregate report")
    p.add_argument("--organ-kind", choices=[k.value for k in OrganKind], help="kind of the issuing organ")


def run(args: argparse.Namespace) -> int:
    members: list[AnyReport] = []
    failed = unreadable = False
    for path in args.files:
        result = validate_input(args.api, path)
        if result.report is None:
            for issue in result.issues:
                print(issue_line(result.source, issue), file=sys.stderr)
            unreadable |= result.unreadable
            failed = True
        else:
            members.append(result.report)
    if failed:
        print("govreport: nothing written: fix the member reports above first", file=sys.stderr)
        return EXIT_USAGE if unreadable else EXIT_FAILED
    extra = {"organ_kind": args.organ_kind} if args.organ_kind else {}
    try:
        result_sum = aggregate(members, organ=args.organ, **extra)
    except AggregationError as exc:
        print(f"govreport: {exc}; nothing written", file=sys.stderr)
        return EXIT_FAILED
    for cell in result_sum.unsummed:
        print(
            f"govreport: {cell.pointer} ({cell.label}): left blank, no number in {', '.join(cell.members)}",
            file=sys.stderr,
        )
    text = jsonio.dumps(unstructure(result_sum.report))
    if args.output and args.output != STDIO:
        code = write_file(args.output, text, inputs=tuple(args.files))
        if code != EXIT_OK:
            return code
        print(f"{args.output}: aggregate of {len(members)} report(s)", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


COMMAND = Command(
    name="aggregate",
    help="sum member reports into a 汇总 report",
    description="Sum the tables of member reports of one format and year into an aggregate (汇总) report; "
    "prose is left empty and the members are listed. A cell some member left without a number is left "
    "blank and reported.",
    configure=configure,
    run=run,
)
