"""Running ``validate`` and ``check`` over many files: options, progress, output, summary."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from govreport import batch
from govreport.cli._conventions import STDIN_NAME, STDIO, stdin_bytes
from govreport.cli._exit import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from govreport.cli._output import print_json

SMALL_RUN = 16
"""Fewer files than this run in the calling process: starting workers would cost more than it saves."""


def add_batch_arguments(p: argparse.ArgumentParser) -> None:
    """The options every batch command shares."""
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help=f"worker processes (default: one per core for {SMALL_RUN} files or more, else 1)",
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print one JSON array of every outcome at the end")
    out.add_argument("--jsonl", action="store_true", help="stream one JSON object per report (JSON Lines)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")


class _Progress:
    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.enabled = enabled and total > 1

    def __call__(self, done: int) -> None:
        if self.enabled:
            width = 30
            filled = width * done // max(self.total, 1)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total} reports")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


def _from_stdin(args: argparse.Namespace, options: batch.Options) -> batch.Outcome:
    from govreport.errors import InputError
    from govreport.jsonio import MAX_BYTES

    try:
        data = stdin_bytes()
    except InputError as exc:
        return batch.Outcome(source=STDIN_NAME, status="unreadable", note=exc.message)
    if len(data) > MAX_BYTES:
        note = f"JSON reports larger than {MAX_BYTES // 1048576} MiB are refused"
        return batch.Outcome(source=STDIN_NAME, status="unreadable", note=note)
    return batch.process_data(data, STDIN_NAME, options, args.api)


def exit_code(summary: batch.Summary) -> int:
    """3 if a report crashed its worker, 2 if one was unreadable, 1 if one failed, else 0."""
    if summary.by_status["crashed"]:
        return EXIT_INTERNAL
    if summary.by_status["unreadable"]:
        return EXIT_USAGE
    return EXIT_FAILED if summary.by_status["invalid"] else EXIT_OK


def run_batch(
    args: argparse.Namespace,
    options: batch.Options,
    human: Any,
    *,
    shown: Callable[[batch.Outcome], bool] | None = None,
    summary_lines: Callable[[batch.Summary], list[str]] | None = None,
) -> int:
    """Expand the inputs, run them, print outcomes as asked and a summary; return the exit code.

    ``human(outcome)`` prints one outcome for people; of many, those ``shown`` picks (by default the ones that
    are not valid).  ``summary_lines`` words the summary (by default :meth:`batch.Summary.lines`).
    """
    stdin = STDIO in args.files
    paths, missing = batch.expand([f for f in args.files if f != STDIO])
    if stdin:  # standard input is read here, once, and comes first
        missing.insert(0, _from_stdin(args, options))
    workers = args.workers
    if workers is not None and workers < 1:
        print("govreport: --workers must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    if workers is None:
        workers = (os.cpu_count() or 1) if len(paths) >= SMALL_RUN else 1
    progress = _Progress(len(paths), enabled=sys.stderr.isatty() and not args.no_progress and not args.jsonl)
    summary = batch.Summary()
    collected: list[dict[str, Any]] = []
    try:
        outcomes = batch.run(paths, options, api=args.api, workers=workers, on_progress=progress)
        for outcome in [*missing, *outcomes]:
            summary.add(outcome)
            if args.jsonl:
                sys.stdout.write(json.dumps(outcome.to_json(), ensure_ascii=False, default=str) + "\n")
            elif args.json:
                collected.append(outcome.to_json())
            elif (shown(outcome) if shown is not None else outcome.status != "valid") or len(paths) <= SMALL_RUN:
                progress.close()
                human(outcome)
    finally:
        progress.close()
    if args.json:
        print_json(collected)
    if args.jsonl:
        sys.stdout.write(json.dumps({"summary": summary.to_json()}, ensure_ascii=False) + "\n")
    elif summary.total > 1 or summary.by_status["invalid"] or summary.by_status["unreadable"]:
        for line in summary_lines(summary) if summary_lines is not None else summary.lines():
            print(line, file=sys.stderr)
    return exit_code(summary)
