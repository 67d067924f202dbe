"""Shared output helpers for the commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from govreport import jsonio
from govreport._files import same_file
from govreport.cli._exit import EXIT_OK, EXIT_USAGE
from govreport.errors import Issue, OutputError


def print_json(value: Any) -> None:
    """Print JSON-ready data to stdout (decimals exact)."""
    sys.stdout.write(jsonio.dumps(value))


def issue_line(source: str, issue: Issue) -> str:
    """One human-readable line: ``file: /pointer (label): message``; a problem of the file as a whole (it cannot
    be read, it is not JSON) names no place."""
    where = issue.pointer
    if issue.line is not None:
        where = f"line {issue.line}, column {issue.column}"
    label = f" ({issue.label})" if issue.label else ""
    if not where and not label:
        return f"{source}: {issue.message}"
    return f"{source}: {where or '/'}{label}: {issue.message}"


def dump_compact(value: Any) -> str:
    """One-line JSON (JSON Lines)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)


def print_outcome(outcome: Any, valid_note: str = "") -> None:
    """Print one batch outcome for people: a ``valid`` line, or one line per problem."""
    from govreport.batch import Outcome

    assert isinstance(outcome, Outcome)
    if outcome.status == "valid":
        note = f", {valid_note}" if valid_note else ""
        print(f"{outcome.source}: valid ({outcome.format_version} format{note})")
        return
    if outcome.status == "crashed":
        print(f"{outcome.source}: crashed: {outcome.note}")
        return
    if not outcome.issues and not outcome.findings:
        print(f"{outcome.source}: {outcome.note}")
    for data in outcome.issues:
        issue = Issue.from_json(data)
        print(issue_line(outcome.source, issue))
    for finding in outcome.findings:
        where = f" ({finding['subject']})" if finding.get("subject") else ""
        text = finding.get("reason") or finding.get("message", "")
        print(f"{outcome.source}: {finding['rule_id']} [{finding['severity']}]{where}: {text}")


def write_file(output: str, data: str | bytes, *, inputs: Sequence[str] = ()) -> int:
    """Write ``data`` to ``output`` atomically; refuses an output that is one of ``inputs`` (the same file, by any
    name), says why a write failed.  Returns the exit code."""
    for source in inputs:
        if same_file(output, source):
            print(
                f"govreport: {output}: is the input {source}; writing there would destroy it: nothing written",
                file=sys.stderr,
            )
            return EXIT_USAGE
    try:
        jsonio.write_atomic(output, data)
    except OutputError as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
