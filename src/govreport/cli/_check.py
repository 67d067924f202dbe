"""``govreport check FILE... [--previous FILE] [--members FILE...] [--json|--jsonl] [--fail-on warning]
[--verbose|--all] [--lang zh|en]``.

For people, each report starts with its verdict and counts (``通过 — 错误 0，警告 1，无法判断 3``), the
undecided checks grouped by cause, then each problem with its evidence; ``--verbose`` lists every undecided
check and ``--all`` every finding.  Many files (a directory, more than a few) print the verdict line and the
problems of each report that has any, and a summary.  The words are those of checking (通过/未通过, passed/failed),
in one language: Chinese, or English with ``--lang en``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from govreport import batch
from govreport.checks import Severity
from govreport.cli._checkview import LANGUAGES, View, rule_texts
from govreport.cli._conventions import STDIO, validate_input
from govreport.cli._exit import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from govreport.cli._output import issue_line, print_json
from govreport.formats import FORMAT_VERSIONS, AnyReport
from govreport.plugins import Command


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="report JSON files, directories or glob patterns (- for standard input)",
    )
    p.add_argument("--previous", metavar="FILE", help="last year's report of the same organ (carry-over rules)")
    p.add_argument("--members", nargs="+", metavar="FILE", help="the member reports a 汇总 report sums")
    p.add_argument(
        "--format", dest="version", choices=FORMAT_VERSIONS, help="format version (overrides the documents')"
    )
    p.add_argument(
        "--fail-on", choices=("error", "warning"), default="error", help="lowest severity that makes the check fail"
    )
    p.add_argument("--lang", choices=LANGUAGES, default="zh", help="language of the output: zh (default) or en")
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("-v", "--verbose", action="store_true", help="also list each check that could not be decided")
    shown.add_argument("--all", action="store_true", help="list every finding, passed and not applicable too")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the findings as JSON")
    out.add_argument(
        "--jsonl", action="store_true", help="stream one JSON object per report (JSON Lines) and a summary line"
    )
    p.add_argument("--workers", type=int, metavar="N", help="worker processes for many files (default: one per core)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")


def _why(result: Any) -> str:
    """Why a document given with --previous or --members cannot be used."""
    first = result.issues[0] if result.issues else None
    if first is None:
        return "?"
    if result.unreadable or not first.pointer:
        return str(first.message)
    more = f" (+{len(result.issues) - 1})" if len(result.issues) > 1 else ""
    return f"{first.pointer}: {first.message}{more}"


def _extra(api: Any, path: str, key: str, view: View, version: str | None) -> tuple[AnyReport | None, int]:
    """A report given with --previous or --members, or the exit code after saying (visibly) why it cannot be
    used."""
    result = validate_input(api, path, version=version)
    if result.report is None:
        print(f"govreport check: {view.say(key, path=path, why=_why(result))}", file=sys.stderr)
        return None, EXIT_USAGE if result.unreadable else EXIT_FAILED
    return result.report, EXIT_OK


def _previous_mismatch(report: AnyReport, previous: AnyReport, path: str, view: View) -> str | None:
    this, last = report.metadata, previous.metadata
    if last.report_year != this.report_year - 1:
        return view.say("previous_year", path=path, last=last.report_year, this=this.report_year)
    if last.organ != this.organ:
        return view.say("previous_organ", path=path, last=last.organ, this=this.organ)
    return None


def _print_report(args: argparse.Namespace, view: View, source: str, report: AnyReport, result: Any) -> bool:
    """One report in full; whether it fails."""
    failed: bool = result.fails(Severity(args.fail_on))
    findings = [f.to_json() for f in result.findings]
    cannot_tell = sum(f["outcome"] == "cannot_tell" for f in findings)
    meta = report.metadata
    print(view.verdict_line(source, findings, failed, cannot_tell))
    print(view.report_line(meta.organ, meta.report_year, report.format_version, findings))
    if args.previous_report is not None:
        mismatch = _previous_mismatch(report, args.previous_report, args.previous, view)
        if mismatch:
            print(f"  ⚠ {mismatch}")
            print(f"govreport check: {source}: {mismatch}", file=sys.stderr)
    summary = view.undecided(findings)  # the summary first, in every mode; the full lists after the problems
    problems = view.problems(findings, "    ")
    if problems:
        summary.append("  " + view.say("problems", n=sum(f["outcome"] == "failed" for f in findings)))
        summary += problems
    if args.all:
        summary += view.listing(findings, ("cannot_tell", "not_applicable", "passed"))
    elif args.verbose:
        summary += view.listing(findings, ("cannot_tell",))
    elif any(f["outcome"] == "cannot_tell" for f in findings):
        summary.append("  " + view.say("more"))
    if summary:
        print("\n".join(summary))
    return failed


def _batch_printer(view: View, fail_on: str) -> Any:
    def human(outcome: batch.Outcome) -> None:
        if outcome.status == "crashed":
            print(view.say("crashed", path=outcome.source, note=outcome.note))
            return
        if outcome.status == "unreadable" and not outcome.issues:
            print(view.say("unreadable_file", path=outcome.source, note=outcome.note))
            return
        if outcome.issues:  # not a valid report (or unreadable, with the reason as an issue)
            from govreport.errors import Issue

            if outcome.status == "invalid":
                print(view.say("invalid_file", path=outcome.source))
            for data in outcome.issues:
                issue = Issue.from_json(data)
                print(("  " if outcome.status == "invalid" else "") + issue_line(outcome.source, issue))
            return
        findings = list(outcome.findings)
        print(view.verdict_line(outcome.source, findings, outcome.status == "invalid", outcome.cannot_tell))
        problems = view.problems(findings, "  ")
        if problems:
            print("\n".join(problems))

    return human


def _run_many(args: argparse.Namespace, view: View) -> int:
    """Many reports, each on its own: parallel workers, JSON Lines, a summary (see the batch guide)."""
    from govreport.cli._batch import run_batch

    options = batch.Options(task="check", fail_on=args.fail_on, version=args.version)
    return run_batch(
        args,
        options,
        _batch_printer(view, args.fail_on),
        shown=lambda o: o.status != "valid" or bool(o.findings),
        summary_lines=view.summary,
    )


def run(args: argparse.Namespace) -> int:
    from govreport.cli._batch import SMALL_RUN

    view = View(args.lang, rule_texts(args.api.rule_set().rules))
    paths, missing = batch.expand([f for f in args.files if f != STDIO])
    if STDIO in args.files:
        paths.insert(args.files.index(STDIO), STDIO)
    together = bool(args.previous or args.members or args.json)
    if not together and (args.jsonl or args.workers or len(paths) > SMALL_RUN):
        return _run_many(args, view)
    if args.jsonl or args.workers:
        print(
            "govreport check: --jsonl and --workers cannot be used with --previous, --members or --json",
            file=sys.stderr,
        )
        return EXIT_USAGE
    worst = EXIT_OK
    for outcome in missing:
        print(view.say("unreadable_file", path=outcome.source, note=outcome.note), file=sys.stderr)
        worst = EXIT_USAGE
    previous = members = None
    args.previous_report = None
    if args.previous:
        previous, code = _extra(args.api, args.previous, "previous_bad", view, args.version)
        if previous is None:
            return code
        args.previous_report = previous
    if args.members:
        loaded = [(_extra(args.api, m, "members_bad", view, args.version)) for m in args.members]
        bad = [code for r, code in loaded if r is None]
        if bad:
            return max(bad)
        members = [r for r, _ in loaded if r is not None]
    summary = batch.Summary()
    out: list[dict[str, Any]] = []
    for path in paths:
        result = validate_input(args.api, path, version=args.version)
        source = result.source
        if result.report is None:
            for issue in result.issues:
                print(issue_line(source, issue), file=sys.stderr)
            why = result.issues[0].message if result.unreadable and result.issues else view.say("invalid")
            print(view.say("not_checked", path=source, why=why), file=sys.stderr)
            worst = max(worst, EXIT_USAGE if result.unreadable else EXIT_FAILED)
            status = "unreadable" if result.unreadable else "invalid"
            summary.add(batch.Outcome(source=source, status=status, issues=tuple(i.to_json() for i in result.issues)))
            continue
        checked = args.api.check(result.report, previous=previous, members=members)
        threshold = Severity(args.fail_on)
        if args.json:
            failed = checked.fails(threshold)
            out.append({"source": source, "failed": failed, **checked.to_json()})
        else:
            failed = _print_report(args, view, source, result.report, checked)
        if failed:
            worst = max(worst, EXIT_FAILED)
        summary.add(
            batch.Outcome(
                source=source,
                status="invalid" if failed else "valid",
                failed_rules=tuple(sorted({f.rule_id for f in checked.failed if f.severity.rank <= threshold.rank})),
                findings=tuple(f.to_json() for f in checked.failed),
                cannot_tell=len([f for f in checked.findings if f.outcome.value == "cannot_tell"]),
            )
        )
    if args.json:
        print_json(out)
    elif summary.total > 1:
        print("\n".join(view.summary(summary)), file=sys.stderr)
    return worst


COMMAND = Command(
    name="check",
    help="check a report's consistency (勾稽关系, prose against tables, deadlines)",
    description="Run the consistency rules (see `govreport rules`) over report JSON files. Each report gets a "
    "verdict (通过/未通过) with its errors, warnings and undecided checks, then each problem with its evidence "
    "(--verbose, --all for more). Exit 0 when no error-severity rule failed (with --fail-on warning: no warning "
    "either), 1 otherwise, 2 when a file cannot be read.",
    configure=configure,
    run=run,
)
