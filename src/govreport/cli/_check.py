"""``govreport check FILE... [--previous FILE] [--members FILE...] [--json] [--fail-on warning]``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from govreport._checks import CheckResult, Finding, Outcome, Severity
from govreport._facade import Govreport
from govreport.cli._exit import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from govreport.cli._output import issue_line, print_json
from govreport.formats import AnyReport
from govreport.plugins import Command

GROUPS = {
    "二": "表二 主动公开政府信息情况",
    "三": "表三 收到和处理政府信息公开申请情况",
    "四": "表四 政府信息公开行政复议、行政诉讼情况",
    None: "正文与报告信息",
}
SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
OUTCOME_MARK = {Outcome.FAILED: "✗", Outcome.CANNOT_TELL: "?", Outcome.PASSED: "✓", Outcome.NOT_APPLICABLE: "-"}
OUTCOME_ZH = {
    Outcome.PASSED: "通过",
    Outcome.FAILED: "未通过",
    Outcome.NOT_APPLICABLE: "不适用",
    Outcome.CANNOT_TELL: "无法判断",
}


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="report JSON files, directories or glob patterns")
    p.add_argument("--previous", metavar="FILE", help="last year's report of the same organ (carry-over rules)")
    p.add_argument("--members", nargs="+", metavar="FILE", help="the member reports a 汇总 report sums")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument(
        "--fail-on", choices=("error", "warning"), default="error", help="lowest severity that makes the check fail"
    )
    p.add_argument("--all", action="store_true", help="also list passed and not applicable findings")
    p.add_argument("--workers", type=int, metavar="N", help="worker processes for many files (default: one per core)")
    p.add_argument(
        "--jsonl", action="store_true", help="stream one JSON object per report (JSON Lines) and a summary line"
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")


def _load(api: Govreport, path: str) -> tuple[AnyReport | None, int]:
    result = api.validate_file(path)
    if result.report is None:
        for issue in result.issues:
            print(issue_line(result.source, issue), file=sys.stderr)
        print(f"govreport: {path}: not checked: the document is not a valid report", file=sys.stderr)
        return None, EXIT_USAGE if result.unreadable else EXIT_FAILED
    return result.report, EXIT_OK


def _finding_line(finding: Finding) -> str:
    text = finding.reason or finding.message
    if finding.outcome is Outcome.PASSED and not finding.reason:
        text = finding.subject or finding.message
    return f"    {OUTCOME_MARK[finding.outcome]} [{finding.rule_id} {SEVERITY_ZH[finding.severity]}] {text}"


def _print_human(path: str, report: AnyReport, result: CheckResult, show_all: bool) -> None:
    meta = report.metadata
    print(f"{path}: {meta.organ} {meta.report_year}年度（{report.format_version}年格式）")
    tables = {r.id: r.table for r in result.rules}
    shown = (Outcome.FAILED, Outcome.CANNOT_TELL) + ((Outcome.PASSED, Outcome.NOT_APPLICABLE) if show_all else ())
    for key, title in GROUPS.items():
        lines = [
            _finding_line(f)
            for f in sorted(
                result.findings, key=lambda f: (f.outcome is not Outcome.FAILED, f.severity.rank, f.rule_id)
            )
            if f.outcome in shown and (f.table or tables.get(f.rule_id)) == key
        ]
        if lines:
            print(f"  {title}")
            print("\n".join(lines))
    counts = result.counts()
    summary = "，".join(f"{OUTCOME_ZH[o]} {counts[o.value]}" for o in Outcome)
    failed = result.failed
    errors = sum(f.severity is Severity.ERROR for f in failed)
    warnings = sum(f.severity is Severity.WARNING for f in failed)
    print(f"  小结：{summary}（错误 {errors}，警告 {warnings}）")


def _run_many(args: argparse.Namespace) -> int:
    """Many reports, each on its own: parallel workers, JSON Lines, a summary (see the batch guide)."""
    from govreport import batch
    from govreport.cli._batch import run_batch
    from govreport.cli._output import print_outcome

    args.json = False
    options = batch.Options(task="check", fail_on=args.fail_on)
    return run_batch(args, options, print_outcome)


def run(args: argparse.Namespace) -> int:
    from govreport.batch import expand
    from govreport.cli._batch import SMALL_RUN

    paths, missing = expand(args.files)
    if not args.previous and not args.members and not args.json:
        if args.jsonl or args.workers or missing or len(paths) > SMALL_RUN or len(paths) != len(args.files):
            return _run_many(args)
    elif missing:
        for outcome in missing:
            print(f"govreport: {outcome.source}: {outcome.note}", file=sys.stderr)
        return EXIT_USAGE
    args.files = paths
    previous = members = None
    if args.previous:
        previous, code = _load(args.api, args.previous)
        if previous is None:
            return code
    if args.members:
        loaded = [_load(args.api, m) for m in args.members]
        bad = [code for r, code in loaded if r is None]
        if bad:
            return max(bad)
        members = [r for r, _ in loaded if r is not None]
    threshold = Severity(args.fail_on)
    worst = EXIT_OK
    out: list[dict[str, Any]] = []
    for path in args.files:
        report, code = _load(args.api, path)
        if report is None:
            worst = max(worst, code)
            continue
        result = args.api.check(report, previous=previous, members=members)
        failed = result.fails(threshold)
        if failed:
            worst = max(worst, EXIT_FAILED)
        if args.json:
            out.append({"source": path, "failed": failed, **result.to_json()})
        else:
            _print_human(path, report, result, args.all)
    if args.json:
        print_json(out)
    return worst


COMMAND = Command(
    name="check",
    help="check a report's consistency (勾稽关系, prose against tables, deadlines)",
    description="Run the consistency rules (see `govreport rules`) over report JSON files. Exit 0 when no "
    "error-severity rule failed (with --fail-on warning: no warning either), 1 otherwise, 2 when a file "
    "cannot be read.",
    configure=configure,
    run=run,
)
