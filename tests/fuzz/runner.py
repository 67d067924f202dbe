"""Run the fuzz targets (tests/fuzz/targets.py) for a while, each in its own bounded process.

    python tests/fuzz/runner.py --seconds 3600            # about an hour of wall-clock time, every target
    python tests/fuzz/runner.py --seconds 60 --targets validate_text,export

``make test`` runs it for about a minute (tests/fuzz/test_fuzz.py), ``make fuzz`` for ``FUZZ_SECONDS`` (an hour
by default).  The targets share the wall-clock time: with ``--jobs`` processes at once, each target gets
``seconds × jobs / targets`` seconds.

The bounds of every case (the fuzz rule's "within stated memory and time"):

* memory: a case may take the worker's resident memory to at most ``--memory-mib`` (1024 MiB by default; the
  worker at rest holds about 200 MiB): a case that raises the process's peak resident size (``ru_maxrss``) past it
  is a finding (``MemoryBound``).  As a hard stop, so that a blow-up cannot take the machine down, the worker's
  address space is capped at ``--address-mib`` (``RLIMIT_AS``, 4096 MiB: pyarrow's allocator alone reserves about
  1.3 GiB of address space it never touches); a case that hits it gets a ``MemoryError``, a finding too.
* time: each case must finish within ``--case-seconds`` (10 s by default; the slowest real case, a PDF read and
  built, takes about half a second): an interval timer interrupts it with ``CaseTimeout``, a finding.  A worker
  that does not finish at all (a hang in C code, which a timer cannot interrupt) is killed after its share of time
  plus ``--grace`` seconds: a finding too.  A worker killed by a signal (the kernel's OOM killer, a crash) is a
  finding.

Each finding is shrunk by Hypothesis to a small example, printed and written to ``--report`` (JSON).  Exit 0
when nothing was found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
ROOT = TESTS.parent

MEMORY_MIB = 1024
"""The resident memory a case may take a worker to: at rest one holds about 200 MiB (every optional reader
imported), the biggest real case (a PDF) a few tens more; 1 GiB leaves room for any case that is not a blow-up."""
ADDRESS_MIB = 4096
"""The hard cap on a worker's address space (``RLIMIT_AS``): far above what it touches, but a blow-up stops here."""
CASE_SECONDS = 10.0
"""The longest one case may take: the slowest real case takes about half a second."""
GRACE_SECONDS = 600.0
"""How long a worker may run past its share of time, for Hypothesis to shrink what it found."""
MAX_FINDINGS = 5
"""Distinct findings after which a target stops: more of the same only repeats them."""


class CaseTimeout(Exception):
    """A fuzz case ran past its time limit."""


class MemoryBound(Exception):
    """A fuzz case took the worker's resident memory past its bound."""


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise CaseTimeout(f"the case took more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _signature(exc: BaseException) -> str:
    """What makes two findings the same: the error's type and where in govreport (or the test) it was raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/govreport/" in f.filename or "/tests/" in f.filename]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    place = f"{Path(where.filename).name}:{where.lineno}" if where else "?"
    return f"{type(exc).__name__} at {place}"


def work(
    name: str, seconds: float, case_seconds: float, max_findings: int, base_seed: int | None, memory_mib: float
) -> dict[str, Any]:
    """Run one target until its time is up (in this process): the cases run and the findings.  With a
    ``base_seed`` the examples are the same from one run to the next (``make test``); else random."""
    sys.path[:0] = [str(HERE), str(TESTS)]
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from targets import TARGETS

    target = TARGETS[name]
    cases = 0
    findings: dict[str, dict[str, Any]] = {}

    def body(value: Any) -> None:
        nonlocal cases
        cases += 1
        before = _peak_mib()
        with time_limit(case_seconds):
            target.check(value)
        after = _peak_mib()
        if after > memory_mib and after > before:  # this case raised the peak past the bound
            raise MemoryBound(f"the case took resident memory to {after:.0f} MiB (bound: {memory_mib:g} MiB)")

    start = time.monotonic()
    end = start + seconds
    runs = 0
    examples = 10
    while time.monotonic() < end and len(findings) < max_findings:
        before, began = cases, time.monotonic()
        test = settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=(Phase.explicit, Phase.generate, Phase.shrink),
            suppress_health_check=list(HealthCheck),
            report_multiple_bugs=False,
        )(given(target.strategy)(body))
        if base_seed is not None:
            test = seed(base_seed + runs)(test)
        runs += 1
        try:
            test()
        except Exception as exc:
            key = _signature(exc)
            if key not in findings:
                findings[key] = {
                    "signature": key,
                    "error": f"{type(exc).__name__}: {str(exc)[:2000]}",
                    "example": "\n".join(getattr(exc, "__notes__", [])),  # whole: a document may be long
                    "traceback": "".join(traceback.format_exception(exc))[-6000:],
                }
        # as many examples in the next run as fit the time left (at least a few, so Hypothesis can vary them)
        per_case = (time.monotonic() - began) / max(cases - before, 1)
        examples = int(min(max((end - time.monotonic()) / max(per_case, 1e-3), 5), 500))
    return {
        "target": name,
        "seconds": round(time.monotonic() - start, 1),
        "cases": cases,
        "runs": runs,
        "findings": list(findings.values()),
    }


def _limits(address_mib: int) -> None:
    """In the worker, before it starts: cap its address space, no core files."""
    limit = address_mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(options: argparse.Namespace) -> int:
    from targets import TARGETS  # only for the names: the workers import everything again

    names = options.targets.split(",") if options.targets else list(TARGETS)
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        print(f"unknown targets: {', '.join(unknown)}; known: {', '.join(TARGETS)}", file=sys.stderr)
        return 2
    share = options.seconds * options.jobs / len(names)
    print(
        f"fuzzing {len(names)} target(s) for {options.seconds:g} s, {options.jobs} at a time ({share:.0f} s each); "
        f"cases limited to {options.memory_mib} MiB resident ({options.address_mib} MiB of address space) and "
        f"{options.case_seconds:g} s",
        flush=True,
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), str(TESTS), os.environ.get("PYTHONPATH", "")]))
    waiting = list(names)
    running: dict[str, tuple[subprocess.Popen[bytes], Path, float, Any]] = {}
    results: list[dict[str, Any]] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="govreport-fuzz-") as scratch:
        while waiting or running:
            while waiting and len(running) < options.jobs:
                name = waiting.pop(0)
                out = Path(scratch) / f"{name}.json"
                log = open(Path(scratch) / f"{name}.log", "wb")  # noqa: SIM115 - closed when the worker ends
                argv = [sys.executable, __file__, "--worker", name, "--seconds", str(share)]
                argv += ["--case-seconds", str(options.case_seconds), "--out", str(out)]
                argv += ["--max-findings", str(options.max_findings), "--memory-mib", str(options.memory_mib)]
                argv += [] if options.seed is None else ["--seed", str(options.seed)]
                process = subprocess.Popen(
                    argv,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd=ROOT,
                    preexec_fn=lambda: _limits(options.address_mib),  # the runner starts no threads
                )
                running[name] = (process, out, time.monotonic() + share + options.grace, log)
            time.sleep(0.5)
            for name, (process, out, deadline, log) in list(running.items()):
                code = process.poll()
                if code is None and time.monotonic() < deadline:
                    continue
                if code is None:
                    process.kill()
                    process.wait()
                log.close()
                del running[name]
                results.append(_collect(name, code, out, Path(log.name)))
                _print_result(results[-1])
    elapsed = time.monotonic() - started
    total_cases = sum(r["cases"] for r in results)
    findings = [f for r in results for f in r["findings"]]
    summary = {
        "wall_seconds": round(elapsed, 1),
        "cpu_seconds": round(sum(r["seconds"] for r in results), 1),
        "cases": total_cases,
        "findings": len(findings),
        "memory_mib": options.memory_mib,
        "address_mib": options.address_mib,
        "case_seconds": options.case_seconds,
        "targets": results,
    }
    print(f"{total_cases} case(s) in {elapsed:.0f} s, {len(findings)} finding(s)", flush=True)
    if options.report:
        Path(options.report).write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if findings else 0


def _collect(name: str, code: int | None, out: Path, log: Path) -> dict[str, Any]:
    if out.exists():
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result
    tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
    if code is None:
        error = "the worker did not finish in time (a hang?)"
    elif code < 0:
        error = f"the worker was killed by signal {-code} (out of memory, or a crash)"
    else:
        error = f"the worker ended with exit code {code}"
    finding = {"signature": error, "error": error, "example": "", "traceback": tail}
    return {"target": name, "seconds": 0.0, "cases": 0, "runs": 0, "findings": [finding]}


def _print_result(result: dict[str, Any]) -> None:
    found = result["findings"]
    print(
        f"  {result['target']}: {result['cases']} case(s) in {result['seconds']:g} s, {len(found)} finding(s)",
        flush=True,
    )
    for finding in found:
        print(f"    FINDING {finding['signature']}: {finding['error'][:300]}", flush=True)
        if finding["example"]:
            print("      " + finding["example"][:3000].replace("\n", "\n      "), flush=True)
        print("      " + finding["traceback"][-2500:].replace("\n", "\n      "), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="wall-clock time of the whole run")
    parser.add_argument("--targets", help="comma-separated target names (default: all)")
    parser.add_argument("--jobs", type=int, default=max(1, min(os.cpu_count() or 1, 8)), help="workers at once")
    parser.add_argument("--memory-mib", type=int, default=MEMORY_MIB, help="resident memory a case may reach")
    parser.add_argument("--address-mib", type=int, default=ADDRESS_MIB, help="address space of each worker")
    parser.add_argument("--case-seconds", type=float, default=CASE_SECONDS, help="time limit of one case")
    parser.add_argument("--grace", type=float, default=GRACE_SECONDS, help="extra time a worker may take to shrink")
    parser.add_argument("--max-findings", type=int, default=MAX_FINDINGS, help="distinct findings per target")
    parser.add_argument("--report", help="write the results here as JSON")
    parser.add_argument("--seed", type=int, help="the same examples every time (default: random ones)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.worker:
        result = work(
            options.worker,
            options.seconds,
            options.case_seconds,
            options.max_findings,
            options.seed,
            options.memory_mib,
        )
        Path(options.out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return 0
    sys.path[:0] = [str(HERE), str(TESTS)]
    return run(options)


if __name__ == "__main__":
    sys.exit(main())
