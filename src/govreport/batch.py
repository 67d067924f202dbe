"""Checking many reports: inputs, parallel workers, streaming outcomes, a summary.

The batch runs on any :class:`concurrent.futures.Executor` — a local process
pool by default, or a dask.distributed / Ray executor to spread the work over
machines.  Work is sent in chunks of file paths; each worker reads, validates
and (for ``check``) checks its reports and sends back small JSON-ready
outcomes, in input order, so memory stays flat however many reports there are.

A chunk whose worker dies is retried one report at a time; a report that kills
its worker again is recorded as ``crashed`` and the run goes on.

The plugins travel with the work: :class:`Options` carries the caller's
:class:`~govreport.plugins.PluginSelection`, and each worker process (or thread)
builds the same plugin host from it once, whatever the executor and however its
processes are started (fork, spawn, forkserver, a dask worker).
"""

from __future__ import annotations

import concurrent.futures
import functools
import glob
import heapq
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs

from govreport._facade import Govreport, current
from govreport._files import search, why_missing
from govreport.checks import Outcome as CheckOutcome
from govreport.checks import Severity
from govreport.plugins import PluginHost, PluginSelection
from govreport.validate import ValidationResult

TASKS = ("validate", "check")
STATUSES = ("valid", "invalid", "unreadable", "crashed")
"""``valid``: valid (and, for ``check``, no failing rule at or above the threshold); ``invalid``: a
validation issue or a failing rule; ``unreadable``: the file could not be read; ``crashed``: processing the
report killed its worker or raised unexpectedly."""

_SUFFIXES = (".json",)


@attrs.frozen(kw_only=True)
class Options:
    """What to do with each report."""

    task: str = "validate"
    version: str | None = None
    profile: str = "lenient"
    fail_on: str = "error"
    """For ``check``: the lowest severity that makes a report fail (``error`` or ``warning``)."""
    plugins: PluginSelection | None = None
    """The plugins each worker loads; :func:`run` fills it in from the caller's plugin host."""


@attrs.frozen(kw_only=True)
class Outcome:
    """What happened to one report."""

    source: str
    status: str
    format_version: str | None = None
    issues: tuple[dict[str, Any], ...] = ()
    """Validation issues (as in ``govreport validate --json``)."""
    failed_rules: tuple[str, ...] = ()
    """IDs of the check rules that failed at or above the threshold (``fail_on``), sorted: these make the report
    fail."""
    findings: tuple[dict[str, Any], ...] = ()
    """Every failed finding as JSON, of any severity (a warning below the threshold is listed, but does not make
    the report fail)."""
    cannot_tell: int = 0
    """For ``check``: how many findings could not be decided (an operand holds no number)."""
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The outcome as one JSON object (one line of ``--jsonl``)."""
        return {
            "file": self.source,
            "status": self.status,
            "valid": self.status == "valid",
            "format_version": self.format_version,
            "issues": list(self.issues),
            "failed_rules": list(self.failed_rules),
            "findings": list(self.findings),
            "cannot_tell": self.cannot_tell,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        """Rebuild an outcome sent back by a worker."""
        return cls(
            source=data["file"],
            status=data["status"],
            format_version=data["format_version"],
            issues=tuple(data["issues"]),
            failed_rules=tuple(data["failed_rules"]),
            findings=tuple(data["findings"]),
            cannot_tell=data.get("cannot_tell", 0),
            note=data["note"],
        )


def expand(inputs: Sequence[str]) -> tuple[list[str], list[Outcome]]:
    """Files named by ``inputs`` (files, directories searched for ``*.json``, glob patterns).

    Returns the files, sorted and without duplicates, and an ``unreadable``
    outcome for every input that names nothing and every directory that cannot be searched.  Whatever is named
    ``*.json`` in a directory is returned, whether or not it is a regular file, so that it gets an outcome too.
    """
    found: dict[str, None] = {}
    missing: list[Outcome] = []

    for item in inputs:
        path = Path(item)
        if path.exists():
            targets = [path]
        elif glob.has_magic(item):
            targets = [Path(hit) for hit in sorted(glob.glob(item, recursive=True))]
            if not targets:
                missing.append(Outcome(source=item, status="unreadable", note="the pattern matches no file"))
        else:
            targets = []
            missing.append(Outcome(source=item, status="unreadable", note=why_missing(item)))
        for target in targets:
            if target.is_dir():
                hits, problems = search(target, _SUFFIXES)
                missing += [Outcome(source=folder, status="unreadable", note=note) for folder, note in problems]
                if not hits and not problems and path.is_dir():
                    missing.append(Outcome(source=item, status="unreadable", note="the directory holds no .json files"))
            else:
                hits = [str(target)]
            for hit in hits:
                found.setdefault(hit, None)
    return list(found), missing


def process(path: str, options: Options, api: Govreport | None = None) -> Outcome:
    """Validate (and check) one report file with ``api`` (by default the one ``options.plugins`` describes).
    Never raises for bad input."""
    api = api if api is not None else worker_api(options.plugins)
    result = api.validate_file(path, version=options.version, profile=options.profile)
    return _outcome(api, path, result, options)


def process_data(data: bytes, source: str, options: Options, api: Govreport | None = None) -> Outcome:
    """Validate (and check) one report given as its bytes (standard input, say), named ``source`` in the
    outcome.  Never raises for bad input."""
    api = api if api is not None else worker_api(options.plugins)
    result = api.validate_text(data, version=options.version, profile=options.profile, source=source)
    return _outcome(api, source, result, options)


def _outcome(api: Govreport, path: str, result: ValidationResult, options: Options) -> Outcome:
    issues = tuple(i.to_json() for i in result.issues)
    if result.unreadable:
        note = result.issues[0].message if result.issues else None
        return Outcome(source=path, status="unreadable", issues=issues, note=note)
    if result.report is None:
        return Outcome(source=path, status="invalid", format_version=result.version, issues=issues)
    if options.task == "validate":
        return Outcome(source=path, status="valid", format_version=result.version)
    failed, findings, cannot_tell = _check(api, result.report, options)
    return Outcome(
        source=path,
        status="invalid" if failed else "valid",
        format_version=result.version,
        failed_rules=failed,
        findings=findings,
        cannot_tell=cannot_tell,
    )


@functools.lru_cache(maxsize=8)
def worker_api(selection: PluginSelection | None) -> Govreport:
    """The facade a worker uses: its plugin host built once per process (and per selection) from the selection
    sent with the work; the host in use when none was sent."""
    if selection is None:
        return current()
    return Govreport(PluginHost.from_selection(selection))


def _check(api: Govreport, report: Any, options: Options) -> tuple[tuple[str, ...], tuple[dict[str, Any], ...], int]:
    threshold = Severity.ERROR if options.fail_on == "error" else Severity.WARNING
    result = api.check(report, detail=False)
    failed = result.failed
    failing = {f.rule_id for f in failed if f.severity.rank <= threshold.rank}
    cannot_tell = len(result.with_outcome(CheckOutcome.CANNOT_TELL))
    return tuple(sorted(failing)), tuple(f.to_json() for f in failed), cannot_tell


def _process_chunk(paths: list[str], options: Options, api: Govreport | None = None) -> list[dict[str, Any]]:
    out = []
    for path in paths:
        try:
            out.append(process(path, options, api).to_json())
        except Exception as exc:  # a bug in one report's processing must not lose the others
            note = f"{type(exc).__name__}: {exc}"
            out.append(Outcome(source=path, status="crashed", note=note).to_json())
    return out


def _chunks(paths: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(paths), size):
        yield list(paths[start : start + size])


def _retry_alone(
    chunk: list[str], options: Options, make_executor: Callable[[], concurrent.futures.Executor]
) -> list[Outcome]:
    outcomes = []
    for path in chunk:
        with make_executor() as single:
            try:
                (data,) = single.submit(_process_chunk, [path], options).result()
                outcome = Outcome.from_json(data)
                outcomes.append(attrs.evolve(outcome, note=outcome.note or "retried alone after a worker crash"))
            except BrokenProcessPool:
                outcomes.append(Outcome(source=path, status="crashed", note="the worker process died on this report"))
    return outcomes


def _submit(
    pool: concurrent.futures.Executor, chunk: list[str], options: Options
) -> concurrent.futures.Future[list[dict[str, Any]]]:
    """Submit a chunk; a pool that broke meanwhile gives a future holding that error, handled like the others."""
    try:
        return pool.submit(_process_chunk, chunk, options)
    except BrokenProcessPool as exc:
        failed: concurrent.futures.Future[list[dict[str, Any]]] = concurrent.futures.Future()
        failed.set_exception(exc)
        return failed


def run(
    paths: Sequence[str],
    options: Options | None = None,
    *,
    api: Govreport | None = None,
    executor: concurrent.futures.Executor | None = None,
    workers: int | None = None,
    chunk_size: int = 64,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[Outcome]:
    """Process report files, yielding one :class:`Outcome` per file in input order.

    ``api`` is the facade whose plugins to use (by default the one of the plugin host in use); its plugin
    selection travels to the workers.  ``executor`` may be any :class:`concurrent.futures.Executor` (a
    thread pool, a process pool of any start method, a dask or Ray one); without it, a process pool of
    ``workers`` processes is used (``workers=1`` runs in this process).  ``on_progress`` is called with the
    number of reports finished so far.
    """
    options = options or Options()
    if options.task not in TASKS:
        raise ValueError(f"unknown task {options.task!r}; known: {', '.join(TASKS)}")
    api = api if api is not None else current()
    done = 0
    if executor is None and (workers or os.cpu_count() or 1) <= 1:
        for chunk in _chunks(paths, chunk_size):
            for data in _process_chunk(chunk, options, api):
                done += 1
                yield Outcome.from_json(data)
            if on_progress:
                on_progress(done)
        return
    if options.plugins is None:
        options = attrs.evolve(options, plugins=api.host.selection())
    own = executor is None
    n_workers = workers or os.cpu_count() or 1

    def make_pool() -> concurrent.futures.Executor:
        return concurrent.futures.ProcessPoolExecutor(max_workers=n_workers)

    pool = make_pool() if own else executor
    assert pool is not None
    in_flight: deque[tuple[list[str], concurrent.futures.Future[list[dict[str, Any]]]]] = deque()
    chunks = _chunks(paths, chunk_size)
    limit = 4 * n_workers
    try:
        while True:
            while len(in_flight) < limit:
                following = next(chunks, None)
                if following is None:
                    break
                in_flight.append((following, _submit(pool, following, options)))
            if not in_flight:
                return
            chunk, future = in_flight.popleft()
            try:
                outcomes = [Outcome.from_json(d) for d in future.result()]
            except BrokenProcessPool:
                if not own:
                    raise
                # the pool is dead: every chunk in flight goes back, and this one is retried alone
                pool.shutdown(wait=False, cancel_futures=True)
                requeue = [c for c, _ in in_flight]
                in_flight.clear()
                outcomes = _retry_alone(chunk, options, lambda: concurrent.futures.ProcessPoolExecutor(max_workers=1))
                pool = make_pool()
                for again in requeue:
                    in_flight.append((again, _submit(pool, again, options)))
            for outcome in outcomes:
                done += 1
                yield outcome
            if on_progress:
                on_progress(done)
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


@attrs.define
class Summary:
    """Counts over a batch run: outcomes by status, failing rules by frequency, the worst reports."""

    worst_limit: int = 10
    total: int = 0
    by_status: Counter[str] = attrs.field(factory=Counter)
    rules: Counter[str] = attrs.field(factory=Counter)
    with_warnings: int = 0
    """Reports (checked) with at least one failed warning-severity finding."""
    cannot_tell: int = 0
    """Findings, over all reports checked, that could not be decided."""
    _worst: list[tuple[int, str]] = attrs.field(factory=list)

    def add(self, outcome: Outcome) -> None:
        """Count one outcome."""
        self.total += 1
        self.by_status[outcome.status] += 1
        self.rules.update(outcome.failed_rules)
        self.with_warnings += any(f.get("severity") == "warning" for f in outcome.findings)
        self.cannot_tell += outcome.cannot_tell
        weight = len(outcome.issues) + len(outcome.findings)
        if weight:
            entry = (weight, outcome.source)
            if len(self._worst) < self.worst_limit:
                heapq.heappush(self._worst, entry)
            else:
                heapq.heappushpop(self._worst, entry)

    def add_all(self, outcomes: Iterable[Outcome]) -> None:
        """Count every outcome."""
        for outcome in outcomes:
            self.add(outcome)

    @property
    def worst(self) -> list[tuple[str, int]]:
        """The reports with the most problems, most first."""
        return [(source, weight) for weight, source in sorted(self._worst, key=lambda e: (-e[0], e[1]))]

    def _rules_by_frequency(self) -> list[tuple[str, int]]:
        return sorted(self.rules.items(), key=lambda e: (-e[1], e[0]))

    def to_json(self) -> dict[str, Any]:
        """The summary as JSON."""
        return {
            "reports": self.total,
            "by_status": dict(sorted(self.by_status.items())),
            "failing_rules": [
                {"rule": r, "reports": n} for r, n in sorted(self.rules.items(), key=lambda e: (-e[1], e[0]))
            ],
            "worst": [{"file": s, "problems": n} for s, n in self.worst],
            "with_warnings": self.with_warnings,
            "cannot_tell": self.cannot_tell,
        }

    def lines(self) -> list[str]:
        """The summary for people."""
        statuses = ", ".join(f"{n} {s}" for s, n in sorted(self.by_status.items()))
        out = [f"{self.total} report(s): {statuses or 'none'}"]
        if self.rules:
            out.append("failing rules by frequency:")
            out += [f"  {rule}: {n} report(s)" for rule, n in self._rules_by_frequency()]
        if self.worst and self.total > 1:
            out.append("worst reports:")
            out += [f"  {source}: {n} problem(s)" for source, n in self.worst]
        return out
