"""``govreport dataset`` over 10,000 real-sized report JSON files: reports/s per core, and memory that stays flat.

The files are the real reports of the corpus — every document in tests/gold/sources (and
../shared/corpus/complete when it is there) imported, plus the hand-made seed — saved as report JSON and copied
under new names until there are 10,000 (each 9–15 kB, as published reports are).  Nothing is generated.

Measured, each run in a fresh process so its peak memory is its own:

* ``dataset.write`` to Parquet with one worker (in process) and with one worker per core: reports per second,
  and per core;
* the peak resident memory of those runs at 1,000 and at 10,000 reports (flat: the batches are written as they
  come, and the Parquet writer holds at most one row group);
* the baseline, in the same run on the same files: ``json.load`` of each file alone (reading without validating,
  checking or writing anything), and the ratio.

    python benchmarks/dataset.py [--reports 10000] [--small 1000] [--check]

``--check`` exits 1 when memory at --reports is more than 1.5 times memory at --small.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import govreport
from govreport.importers import import_file

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "gold" / "sources", ROOT.parent / "shared" / "corpus" / "complete"]
SEED = ROOT / "examples" / "zibo-gaoxin-2021.json"
FLAT = 1.5
"""Memory counts as flat when ten times the reports take less than 1.5 times the memory (allocator noise and
lazily imported modules move the peak by some MB; a leak of even 1 kB a report would add 10 MB)."""

RUN = """
import json, resource, sys, time
from govreport import dataset
paths, out, workers = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
summary = dataset.write([], out, paths=paths, workers=workers)
elapsed = time.perf_counter() - start
self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": elapsed, "cells": summary.cells, "ok": summary.by_status.get("ok", 0),
                  "self_mib": self_kib / 1024, "worker_mib": children_kib / 1024}))
"""


def real_reports() -> list[str]:
    """The corpus's real reports as report JSON texts (each distinct document once)."""
    texts: dict[str, None] = {}
    for folder in SOURCES:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix == ".json":
                continue  # notes, not reports
            texts.setdefault(govreport.dumps(import_file(path).report), None)
    texts.setdefault(SEED.read_text(encoding="utf-8"), None)
    return list(texts)


def run(paths: list[str], workers: int, tmp: Path) -> dict[str, float]:
    listing = tmp / f"paths-{len(paths)}.json"
    listing.write_text(json.dumps(paths), encoding="utf-8")
    out = tmp / f"out-{len(paths)}-{workers}.parquet"
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(listing), str(out), str(workers)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def parallel_capacity(workers: int) -> float:
    """How many cores this machine gives now: pure-Python work in ``workers`` processes against one after another.

    The dataset's speed-up with every core can be no better; on a shared machine it is often less than the
    number of cores, and the per-core figures should be read against it.
    """
    import concurrent.futures

    n = 5_000_000
    start = time.perf_counter()
    for _ in range(workers):
        _burn(n)
    serial = time.perf_counter() - start
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        list(pool.map(_burn, [n] * workers))  # start the processes
        start = time.perf_counter()
        list(pool.map(_burn, [n] * workers))
        parallel = time.perf_counter() - start
    return serial / parallel


def baseline(paths: list[str]) -> float:
    """Files per second that ``json.load`` alone reads (best of three passes)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for path in paths:
            with open(path, encoding="utf-8") as fh:
                json.load(fh)
        best = min(best, time.perf_counter() - start)
    return len(paths) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=10_000, help="report files in the large run")
    parser.add_argument("--small", type=int, default=1_000, help="report files in the small run (memory)")
    parser.add_argument("--check", action="store_true", help="exit 1 when memory is not flat")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}")
    if cores > 1:
        print(f"parallel capacity now: {parallel_capacity(cores):.2f}x with {cores} processes (control: pure Python)")
    texts = real_reports()
    sizes = sorted(len(t.encode()) for t in texts)
    print(f"corpus: {len(texts)} real reports, {sizes[0] / 1024:.1f}–{sizes[-1] / 1024:.1f} kB as JSON")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        inputs = tmp / "reports"
        inputs.mkdir()
        paths = []
        for i in range(args.reports):
            path = inputs / f"r{i:05d}.json"
            path.write_text(texts[i % len(texts)], encoding="utf-8")
            paths.append(str(path))
        base = baseline(paths)
        print(f"baseline json.load alone: {base:,.0f} files/s (one core)")
        results = {}
        for n in (args.small, args.reports):
            for workers in (1, cores):
                r = results[n, workers] = run(paths[:n], workers, tmp)
                rate = n / r["seconds"]
                print(
                    f"dataset, {n:>6,} reports, {workers} worker(s): {rate:,.0f} reports/s "
                    f"({rate / workers:,.0f} per core), {r['cells']:,.0f} cells; peak memory "
                    f"{r['self_mib']:.0f} MiB" + (f" + {r['worker_mib']:.0f} MiB a worker" if workers > 1 else "")
                )
        one = results[args.reports, 1]
        rate_one = args.reports / one["seconds"]
        ratio = rate_one / base
        print(f"ratio dataset (one core) / json.load alone: {ratio:.3f} (json.load alone is {1 / ratio:.1f}x faster)")
        small, large = results[args.small, 1]["self_mib"], results[args.reports, 1]["self_mib"]
        growth = large / small
        flat = growth < FLAT
        print(
            f"memory, one worker: {small:.0f} MiB at {args.small:,} reports, {large:.0f} MiB at "
            f"{args.reports:,} ({growth:.2f}x for {args.reports / args.small:.0f}x the reports): "
            + ("flat" if flat else "NOT flat")
        )
        if cores > 1:
            s, large_many = results[args.small, cores], results[args.reports, cores]
            print(
                f"memory, {cores} workers: main {s['self_mib']:.0f} → {large_many['self_mib']:.0f} MiB, "
                f"a worker {s['worker_mib']:.0f} → {large_many['worker_mib']:.0f} MiB"
            )
    return 1 if args.check and not flat else 0


if __name__ == "__main__":
    raise SystemExit(main())
