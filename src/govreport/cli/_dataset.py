"""``govreport dataset INPUT... -o FILE.parquet|.csv|.duckdb [--workers N] [--dask]``: many reports as one table."""

from __future__ import annotations

import argparse
import json
import os
import sys

from govreport.cli._exit import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from govreport.plugins import Command


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories or glob patterns")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.parquet, FILE.csv or FILE.duckdb")
    p.add_argument("--workers", type=int, metavar="N", help="worker processes (default: one per core for 16 files on)")
    p.add_argument(
        "--dask",
        action="store_true",
        help="compute through dask and write partitioned Parquet datasets (directories) for very large inputs",
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --dask: a dask.distributed scheduler to use")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--no-progress", action="store_true", help="no progress bar even on a terminal")


def _exit_code(by_status: dict[str, int]) -> int:
    if by_status.get("crashed"):
        return EXIT_INTERNAL
    if by_status.get("unreadable"):
        return EXIT_USAGE
    return EXIT_FAILED if by_status.get("invalid") else EXIT_OK


def run(args: argparse.Namespace) -> int:
    from govreport import dataset
    from govreport._extras import MissingExtra, need
    from govreport.cli._batch import SMALL_RUN, _Progress
    from govreport.inputs import expand

    try:
        need("pyarrow")
        if args.dask:
            need("dask.dataframe", "dask")
            if not args.output.lower().endswith(".parquet"):
                raise ValueError(f"{args.output}: with --dask the dataset is written as Parquet: name it *.parquet")
        else:
            dataset.output_format(args.output)
        if args.output.lower().endswith(".duckdb"):
            need("duckdb")
    except (MissingExtra, ValueError) as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.workers is not None and args.workers < 1:
        print("govreport: --workers must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    paths, missing = expand(args.inputs)
    if missing:
        for m in missing:
            print(f"govreport: {m.source}: {m.note}", file=sys.stderr)
        print("govreport: nothing written", file=sys.stderr)
        return EXIT_USAGE
    workers = args.workers or ((os.cpu_count() or 1) if len(paths) >= SMALL_RUN else 1)
    progress = _Progress(len(paths), enabled=sys.stderr.isatty() and not args.no_progress)
    try:
        if args.dask and args.scheduler:
            distributed = need("distributed", "dask")
            with distributed.Client(args.scheduler) as client:
                summary = dataset.write_dask(args.inputs, args.output, paths=paths, scheduler=client, api=args.api)
        elif args.dask:
            scheduler = "processes" if workers > 1 else "sync"
            summary = dataset.write_dask(args.inputs, args.output, paths=paths, scheduler=scheduler, api=args.api)
        else:
            summary = dataset.write(
                args.inputs, args.output, paths=paths, workers=workers, on_progress=progress, api=args.api
            )
    except (MissingExtra, OSError) as exc:
        progress.close()
        print(f"govreport: {exc}; nothing written", file=sys.stderr)
        return EXIT_USAGE
    finally:
        progress.close()
    if args.json:
        sys.stdout.write(json.dumps(summary.to_json(), ensure_ascii=False, indent=2) + "\n")
    for source, status, note in summary.problems:
        why = note[len(source) :].lstrip(": ") if note.startswith(source) else note
        print(f"{source}: {status}: {why}", file=sys.stderr)
    statuses = ", ".join(f"{n} {s}" for s, n in summary.by_status.items())
    print(
        f"{summary.reports} report file(s): {statuses or 'none'}; {summary.cells} cells, {summary.findings} "
        f"findings → {', '.join(summary.outputs)}",
        file=sys.stderr,
    )
    return _exit_code(summary.by_status)


COMMAND = Command(
    name="dataset",
    help="many reports as one tidy table (Parquet, CSV or DuckDB): a row per cell, per report, per finding",
    description="Read every report named (report JSON, or documents `govreport import` reads; directories are "
    "searched recursively), check each, and write three tables: cells (one row per table cell, value as an "
    "exact decimal, the mark when the cell holds none), reports (one row per file, its metadata and counts of "
    "errors, warnings and cannot-tell) and findings. The format follows the suffix of -o: FILE.parquet (with "
    "FILE.reports.parquet and FILE.findings.parquet beside it), FILE.csv (likewise) or FILE.duckdb (one file, "
    "three tables). The same inputs give the same Parquet and CSV bytes. Needs the `data` extra "
    "(pip install 'govreport[data]'). Exit 0 when every file gave a report, 1 when one was invalid, 2 when one "
    "could not be read (its row in the reports table says why).",
    configure=configure,
    run=run,
)
