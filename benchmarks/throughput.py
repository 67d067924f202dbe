"""Checking speed on real reports, in process and through the command line, against python-jsonschema.

Usage: ``python benchmarks/throughput.py [--rounds 5] [--files 10000] [--stream 100000] [--quick] [--check]``

The reports are real: the hand-made seed JSON, and every report the importers read from the shared corpus's
complete reports (``tests/gold/sources``) and from the wider corpus's sources (``tests/corpus/*/source.*``), each
written as report JSON with its real prose.  Generated reports (``tests/synth.py``) are one extra line, labelled.

Printed, each figure measured in this run:

* **in process**, per report: reading the JSON, schema validation, structuring into records, each family of
  rules (batch mode) — µs per report and the pipeline's reports/s; python-jsonschema alone (``json.loads`` and
  a cached ``Draft202012Validator.is_valid``) on the same texts, and the ratio;
* **invalid reports**: the same reports with one mistake each (a string count, a negative count, an unknown key,
  a missing row), every problem explained, against python-jsonschema listing every error (``iter_errors``);
* **the command line**: ``govreport check DIR --workers 1`` and with every core on ``--files`` report files, end
  to end (process start, finding the files, reading, checking, writing JSON Lines), against a loop of
  python-jsonschema over the same files, and the share of the in-process figure it keeps;
* **workers**: reports/s of ``govreport check DIR`` for 1 … all cores;
* **memory**: resident memory while ``--stream`` reports go through :func:`govreport.batch.run` (flat: < 5 %).

Targets (issue 16): ≥ 10,000 reports/s in process; the CLI with one worker ≥ 80 % of that; ≥ 30× python-jsonschema
through the CLI; invalid reports ≥ 5× python-jsonschema; flat memory.  ``--check`` exits 1 when one is missed.
The machine's speed drifts under other load: each figure is the best of ``--rounds`` passes, and the two sides
of a ratio are measured in alternating passes, so a slow spell falls on both.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import govreport  # noqa: E402
from govreport import batch, jsonio  # noqa: E402
from govreport._checks._records import Context  # noqa: E402
from govreport._facade import current  # noqa: E402
from govreport.importers import ImportFailed, import_file  # noqa: E402
from govreport.schema import generate  # noqa: E402
from synth import synthetic_report  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache" / "reports"
"""Where the imported reports are kept between runs (git-ignored); delete it to import again."""

FAMILIES = {
    "identities (表三/表四)": ("T3-", "T4-"),
    "表二": ("T2-",),
    "prose against tables": ("P-",),
    "form (year, period, deadline, fee)": ("F-",),
}
"""Rule families, by rule ID prefix, for the per-stage split."""


def real_reports() -> list[tuple[str, bytes]]:
    """``(name, report JSON)`` of every real report: the seed, then each imported source (imported once, kept)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    sources = sorted(
        p for p in (ROOT / "tests" / "gold" / "sources").iterdir() if p.suffix in {".txt", ".md", ".html", ".pdf"}
    )
    sources += sorted((ROOT / "tests" / "corpus").glob("*/source.*"))
    out = [("seed", (ROOT / "examples" / "zibo-gaoxin-2021.json").read_bytes())]
    for source in sources:
        name = f"{source.parent.name}-{source.name}" if source.parent.name != "sources" else source.name
        cached = CACHE / f"{name}.json"
        if not cached.exists():
            try:
                cached.write_text(govreport.dumps(import_file(source).report), encoding="utf-8")
            except ImportFailed:
                continue
        out.append((name, cached.read_bytes()))
    return out


def best_rates(sides: Sequence[tuple[Callable[[bytes], object], Sequence[bytes]]], rounds: int) -> list[float]:
    """Reports per second of each ``(function, texts)``: the best of ``rounds`` passes, passes alternating."""
    for function, texts in sides:
        for text in texts[:20]:
            function(text)
    best = [float("inf")] * len(sides)
    for _ in range(rounds):
        for index, (function, texts) in enumerate(sides):
            start = time.perf_counter()
            for text in texts:
                function(text)
            best[index] = min(best[index], time.perf_counter() - start)
    return [len(texts) / seconds for (_, texts), seconds in zip(sides, best, strict=True)]


def best_time(function: Callable[[], object], rounds: int) -> float:
    function()
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def stages(texts: Sequence[bytes], rounds: int) -> list[tuple[str, float]]:
    """µs per report of each stage of the pipeline, in order."""
    from govreport import validate
    from govreport._fast import counting_structurer
    from govreport.formats import REPORT_CLASSES

    api = current()
    values = [jsonio.loads(t) for t in texts]
    n = len(texts)
    out = [("read the JSON (msgspec, exact decimals)", best_time(lambda: [jsonio.loads(t) for t in texts], rounds))]
    validators = {v: validate._fast_validator(v, "lenient") for v in ("2019", "2021")}
    out.append(
        (
            "schema validation (jsonschema-rs)",
            best_time(lambda: [validators[d["format_version"]].is_valid(d) for d in values], rounds),
        )
    )
    builders = {v: counting_structurer(REPORT_CLASSES[v]) for v in ("2019", "2021")}
    out.append(
        ("structuring into records", best_time(lambda: [builders[d["format_version"]](d) for d in values], rounds))
    )
    reports = [api.from_data(d) for d in values]
    rule_set = api.rule_set()
    for family, prefixes in FAMILIES.items():

        def run_family(prefixes: tuple[str, ...] = prefixes) -> None:
            for report in reports:
                context = Context(report=report, detail=False)
                for rule in rule_set.applicable(report)[0]:
                    if rule.id.startswith(prefixes) and rule.needs == "report":
                        list(rule.evaluate(rule, context))

        out.append((f"checks: {family}", best_time(run_family, rounds)))
    whole = best_time(lambda: [api.check(r, detail=False) for r in reports], rounds)
    out.append(("checks, all (incl. the engine)", whole))
    return [(name, seconds / n * 1e6) for name, seconds in out]


def broken(texts: Sequence[bytes]) -> list[bytes]:
    """Each report with one mistake, in turn: a string count, a negative count, an unknown key, a missing row."""
    out = []
    for i, text in enumerate(texts):
        data = jsonio.loads(text)
        kind = i % 4
        if kind == 0:
            data["applications"]["new_received"]["natural_person"] = "49"
        elif kind == 1:
            data["review_litigation"]["admin_review"]["upheld"] = -1
        elif kind == 2:
            data["metadata"]["mayor"] = "某某"
        else:
            del data["applications"]["carried_to_next_year"]
        out.append(jsonio.dumps(data).encode())
    return out


def cli_seconds(args: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, check=False, env=env)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args[:4])} … failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return seconds


BASELINE_LOOP = """
import json, sys, pathlib, jsonschema
validators = {v: jsonschema.Draft202012Validator(json.loads(pathlib.Path(sys.argv[1], f"{v}.schema.json").read_text()))
              for v in ("2019", "2021")}
for path in sorted(pathlib.Path(sys.argv[2]).rglob("*.json")):
    data = json.loads(path.read_bytes())
    print(path, validators[data["format_version"]].is_valid(data))
"""
"""python-jsonschema over the same files, as a command: read each file, validate it, print a line."""


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1048576


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5, help="passes over each set; the best one counts")
    parser.add_argument("--files", type=int, default=10_000, help="report files for the command-line runs")
    parser.add_argument("--stream", type=int, default=100_000, help="reports streamed for the memory check")
    parser.add_argument("--quick", action="store_true", help="fewer files and a shorter stream (a smoke run)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    if args.quick:
        args.files, args.stream, args.rounds = 1000, 5000, 2
    cores = os.cpu_count() or 1
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, {platform.platform()}")
    reports = real_reports()
    texts = [t for _, t in reports]
    sizes = sorted(len(t) for t in texts)
    print(
        f"documents: {len(texts)} real reports (the seed and the imported corpus), {sizes[0]:,}–{sizes[-1]:,} bytes, "
        f"median {statistics.median(sizes):,.0f}"
    )
    ok = True

    # -- in process
    api = current()
    validators = {v: jsonschema.Draft202012Validator(generate(v)) for v in ("2019", "2021")}

    def pipeline(text: bytes) -> bool:
        result = api.validate_text(text)
        return result.report is not None and not api.check(result.report, detail=False).fails()

    def baseline(text: bytes) -> bool:
        data = json.loads(text)
        return bool(validators[data["format_version"]].is_valid(data))

    print("\nin process, valid real reports (µs per report):")
    for name, micros in stages(texts, args.rounds):
        print(f"  {name:<44} {micros:8.1f}")
    full, base = best_rates([(pipeline, texts), (baseline, texts)], args.rounds)
    print(
        f"  pipeline {full:8,.0f} reports/s   python-jsonschema alone {base:6,.0f}/s   ratio {full / base:5.1f}×"
        f"   (target ≥ 10,000/s)"
    )
    ok &= full >= 10_000
    generated = [jsonio.dumps(synthetic_report(i)).encode() for i in range(500)]
    gen_full, gen_base = best_rates([(pipeline, generated), (baseline, generated)], args.rounds)
    print(
        f"  [generated reports, 6–9 KB, little prose: {gen_full:,.0f}/s, {gen_full / gen_base:.1f}× — not real reports]"
    )

    bad = broken(texts)

    def explain(text: bytes) -> int:
        return len(api.validate_text(text).issues)

    def baseline_errors(text: bytes) -> int:
        data = json.loads(text)
        return sum(1 for _ in validators[data["format_version"]].iter_errors(data))

    bad_full, bad_base = best_rates([(explain, bad), (baseline_errors, bad)], args.rounds)
    print(
        f"\ninvalid real reports, every problem explained: {bad_full:,.0f}/s   python-jsonschema iter_errors "
        f"{bad_base:,.0f}/s   ratio {bad_full / bad_base:.1f}×   (target ≥ 5×)"
    )
    ok &= bad_full / bad_base >= 5

    # -- the command line
    govreport_cli = (
        [sys.executable, "-m", "govreport"]
        if (ROOT / "src" / "govreport" / "__main__.py").exists()
        else [sys.executable, "-c", "import sys; from govreport.cli import main; sys.exit(main())"]
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        for i in range(args.files):
            target = folder / f"{i // 1000:03d}" / f"r{i:06d}.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(texts[i % len(texts)])
        schemas = Path(tmp) / "schemas"
        schemas.mkdir()
        for v in ("2019", "2021"):
            (schemas / f"{v}.schema.json").write_text(json.dumps(generate(v), default=str), encoding="utf-8")
        baseline_cmd = [sys.executable, "-c", BASELINE_LOOP, str(schemas), str(folder)]
        check_cmd = [*govreport_cli, "check", str(folder), "--jsonl", "--no-progress"]
        one = base_cli = float("inf")
        for _ in range(max(1, args.rounds // 2)):
            one = min(one, cli_seconds([*check_cmd, "--workers", "1"]))
            base_cli = min(base_cli, cli_seconds(baseline_cmd))
        start_up = min(cli_seconds([*govreport_cli, "--version"]) for _ in range(max(1, args.rounds // 2)))
        print(f"\ncommand line, {args.files:,} real report files:")
        print(f"  process start and imports (govreport --version): {start_up:.2f} s, paid once per run")
        cli_rate, base_rate = args.files / one, args.files / base_cli
        print(
            f"  govreport check DIR --workers 1: {cli_rate:8,.0f} reports/s  ({cli_rate / full:.0%} of in process; "
            f"target ≥ 80%)"
        )
        print(
            f"  python-jsonschema loop:          {base_rate:8,.0f} reports/s   ratio {cli_rate / base_rate:5.1f}×   "
            f"(target ≥ 30×)"
        )
        ok &= cli_rate >= 0.8 * full and cli_rate / base_rate >= 30
        print("  workers:", end="")
        for workers in range(1, cores + 1):
            seconds = min(cli_seconds([*check_cmd, "--workers", str(workers)]) for _ in range(max(1, args.rounds // 2)))
            print(f"  {workers}: {args.files / seconds:,.0f}/s", end="")
        print()
        shutil.rmtree(folder)

    # -- memory
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, text in enumerate(texts):
            path = Path(tmp) / f"r{i:03d}.json"
            path.write_bytes(text)
            files.append(str(path))
        paths = [files[i % len(files)] for i in range(args.stream)]
        samples: list[tuple[int, float]] = []
        step = max(args.stream // 10, 1)
        for done, _ in enumerate(batch.run(paths, batch.Options(task="check"), workers=1), start=1):
            if done % step == 0:
                samples.append((done, rss_mib()))
    growth = (samples[-1][1] - samples[0][1]) / samples[0][1]
    print(
        f"\nmemory while {args.stream:,} reports stream through batch.run: "
        + ", ".join(f"{n:,}: {m:.0f} MiB" for n, m in samples)
    )
    print(
        f"  growth {samples[0][0]:,} → {samples[-1][0]:,} reports: {growth:+.1%} (target < 5%); "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )
    ok &= growth < 0.05
    print("\ntargets met" if ok else "\ntargets NOT met (see the lines above)")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
