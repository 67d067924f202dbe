"""Throughput of the full pipeline against python-jsonschema alone, in one process on one core.

Pipeline per report: read the JSON bytes (exact decimals, duplicate keys refused) → schema validation →
structuring into records → every check that applies (``validate_text`` then ``check(report, detail=False)``).
Baseline, measured in the same run on the same texts: ``json.loads`` + a cached
``jsonschema.Draft202012Validator`` with the published schema (``is_valid``).

Prints reports per second for both, their ratio, and whether memory stays flat while 100,000 reports stream
through :func:`govreport.batch.run`.  Targets: ratio ≥ 20 on valid reports, ≥ 10,000 reports/s, flat memory.

    python benchmarks/throughput.py [--reports 2000] [--stream 100000] [--rounds 8] [--check]

``--check`` exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import jsonschema

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from govreport import batch, jsonio
from govreport.schema import generate
from govreport.validate import validate_text
from synth import BREAKAGES, break_report, synthetic_report

try:
    from govreport.checks import check as run_checks
except ImportError:  # pragma: no cover - the checks are part of govreport; this keeps the benchmark runnable alone
    run_checks = None


def pipeline(text: bytes) -> bool:
    """The full pipeline on one report; True when valid and no error-severity check failed."""
    result = validate_text(text)
    if result.report is None:
        return False
    if run_checks is None:
        return True
    return not run_checks(result.report, detail=False).fails()


def rates(sides: list[tuple[Callable[[bytes], object], list[bytes]]], rounds: int) -> list[float]:
    """Reports per second of each (function, corpus): the best of ``rounds`` passes over its whole corpus.

    A shared machine only ever slows a pass down, so the fastest pass is the truest reading (as with ``timeit``).
    The passes of the sides alternate, so a slow spell of the machine falls on both rather than on one.
    """
    for function, texts in sides:
        for text in texts[:50]:  # warm caches (compiled validators, fast structurers)
            function(text)
    best = [float("inf")] * len(sides)
    for _ in range(rounds):
        for index, (function, texts) in enumerate(sides):
            start = time.perf_counter()
            for text in texts:
                function(text)
            best[index] = min(best[index], time.perf_counter() - start)
    return [len(texts) / seconds for (_, texts), seconds in zip(sides, best, strict=True)]


def rss_mib() -> float:
    """Resident set size of this process now, in MiB (Linux)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1048576


def memory_over_stream(n_reports: int) -> list[tuple[int, float]]:
    """RSS samples while ``n_reports`` stream through the batch runner (1,000 distinct files, repeated)."""
    samples: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i in range(1000):
            path = Path(tmp) / f"r{i:04d}.json"
            path.write_text(jsonio.dumps(synthetic_report(i)), encoding="utf-8")
            files.append(str(path))
        paths = [files[i % len(files)] for i in range(n_reports)]
        step = max(n_reports // 10, 1)
        options = batch.Options(task="check" if run_checks is not None else "validate")
        for done, _ in enumerate(batch.run(paths, options, workers=1), start=1):
            if done % step == 0:
                samples.append((done, rss_mib()))
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=2000, help="distinct generated reports per corpus")
    parser.add_argument("--stream", type=int, default=100_000, help="reports streamed for the memory check")
    parser.add_argument("--rounds", type=int, default=8, help="passes over each corpus; the best one counts")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    valid = [jsonio.dumps(synthetic_report(i)).encode() for i in range(args.reports)]
    invalid = [
        jsonio.dumps(break_report(synthetic_report(i), BREAKAGES[i % len(BREAKAGES)])).encode()
        for i in range(args.reports)
    ]
    validator = jsonschema.Draft202012Validator(generate("2021"))

    def baseline(text: bytes) -> bool:
        return bool(validator.is_valid(json.loads(text)))

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"checks included: {'yes' if run_checks is not None else 'no (govreport.checks not available)'}")
    ok = True
    for name, texts in (("valid", valid), ("invalid", invalid)):
        # python-jsonschema takes milliseconds a report: a tenth of the corpus is enough for it (and for the
        # pipeline on invalid reports, which python-jsonschema explains)
        sample = texts[: max(len(texts) // 10, 50)]
        full, base = rates([(pipeline, texts if name == "valid" else sample), (baseline, sample)], args.rounds)
        ratio = full / base
        print(
            f"{name:>7} reports: pipeline {full:9.0f}/s   python-jsonschema alone {base:7.0f}/s   ratio {ratio:6.1f}×"
        )
        if name == "valid":
            ok &= ratio >= 20 and full >= 10_000
    samples = memory_over_stream(args.stream)
    first, last = samples[0][1], samples[-1][1]
    growth = (last - first) / first
    print("memory while streaming: " + ", ".join(f"{n}: {m:.0f} MiB" for n, m in samples))
    print(f"memory growth from {samples[0][0]} to {samples[-1][0]} reports: {growth:+.1%} (target: flat, < 5%)")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    ok &= growth < 0.05
    print("targets met" if ok else "targets NOT met")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
