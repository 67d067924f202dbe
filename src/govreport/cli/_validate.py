"""``govreport validate FILE...``: schema and structure validation, for one file or thousands."""

from __future__ import annotations

import argparse

from govreport import batch
from govreport.cli._batch import add_batch_arguments, run_batch
from govreport.cli._output import print_outcome
from govreport.formats import FORMAT_VERSIONS
from govreport.plugins import Command
from govreport.schema import PROFILES


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="report JSON files, directories or glob patterns")
    p.add_argument(
        "--format", dest="version", choices=FORMAT_VERSIONS, help="format version (overrides the document's)"
    )
    p.add_argument(
        "--profile",
        choices=PROFILES,
        default="lenient",
        help="lenient (default): marks such as '/' allowed in cells; submission: every cell a number",
    )
    add_batch_arguments(p)


def run(args: argparse.Namespace) -> int:
    options = batch.Options(task="validate", version=args.version, profile=args.profile)
    return run_batch(args, options, lambda outcome: print_outcome(outcome, f"{args.profile} profile"))


COMMAND = Command(
    name="validate",
    help="validate report JSON against the published schema",
    description="Validate report JSON files, directories (searched for *.json) and glob patterns. "
    "Exit 0 when all are valid, 1 when any is invalid, 2 when any cannot be read.",
    configure=configure,
    run=run,
)
