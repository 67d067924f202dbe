"""Many reports as one tidy dataset: one row per table cell, a row per report, a row per finding.

:func:`write` reads files of any format govreport reads (report JSON, or published documents through the
importers), checks each report, and writes three tables — ``cells``, ``reports`` and ``findings`` — as Parquet,
CSV or one DuckDB file (see :data:`FORMATS`).  Reports are read in parallel like ``govreport check DIR``: work is
sent in chunks of files, each worker sends back Arrow record batches for its chunk, and the batches are written
in input order as they come, so memory stays flat however many reports there are.  :func:`write_dask` does the
same through dask and writes partitioned Parquet datasets.

Row order is fixed (files sorted by path, then each report's cells in print order) and no timestamp is written,
so the same inputs give the same Parquet and CSV bytes.  (A DuckDB file is not byte-stable: DuckDB lays out its
blocks as it likes.  Its tables hold the same rows in the same order.)

Cell values are exact: ``value`` is a DECIMAL(25, 6) (:data:`VALUE_PRECISION`), never a float.
"""

from __future__ import annotations

import concurrent.futures
import functools
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import attrs

from govreport._datarows import (
    MARK_NAMES,
    ROW_GROUP_ROWS,
    TABLES,
    VALUE_PRECISION,
    VALUE_SCALE,
    crashed,
    packed,
    process,
    schemas,
    table_paths,
    unpacked,
)
from govreport._extras import MissingExtra, need
from govreport._facade import Govreport, current
from govreport.inputs import NotAReport, expand
from govreport.plugins import PluginSelection

STATUSES = ("ok", "invalid", "unreadable", "crashed")
"""``ok``: the report's cells are in the dataset; ``invalid``: report JSON that is not valid; ``unreadable``: the
file could not be read or imported; ``crashed``: reading it raised unexpectedly (a bug: please report it)."""

FORMATS = ("parquet", "csv", "duckdb")
"""Output formats, chosen by the output file's suffix (``.parquet``, ``.csv``, ``.duckdb``)."""

CHUNK_SIZE = 32
"""Files per unit of work: enough to outweigh sending the work to a process, small enough to keep every worker
busy at the end of a run and the batches in flight small."""


# --- many reports ----------------------------------------------------------------------------------------------


def _chunks(paths: Sequence[str], size: int) -> list[list[tuple[int, str]]]:
    numbered = list(enumerate(paths, start=1))
    return [numbered[i : i + size] for i in range(0, len(numbered), size)]


def _alone(chunk: Sequence[tuple[int, str]], plugins: PluginSelection) -> tuple[Any, Any, Any]:
    """A chunk whose worker died, one report at a time; a report that kills its worker again is ``crashed``."""
    pa = need("pyarrow")
    parts = []
    for item in chunk:
        with concurrent.futures.ProcessPoolExecutor(max_workers=1) as single:
            try:
                parts.append(unpacked(single.submit(packed, [item], plugins).result()))
            except BrokenProcessPool:
                parts.append(crashed([item], "the worker process died on this report"))
    cells, reports, findings = (pa.concat_batches([p[i] for p in parts]) for i in range(3))
    return cells, reports, findings


def batches(
    paths: Sequence[str],
    *,
    workers: int | None = None,
    executor: concurrent.futures.Executor | None = None,
    chunk_size: int = CHUNK_SIZE,
    on_progress: Callable[[int], None] | None = None,
    api: Govreport | None = None,
) -> Iterator[tuple[Any, Any, Any]]:
    """The record batches of ``cells``, ``reports`` and ``findings`` for each chunk of ``paths``, in input order.

    ``report_id`` is the file's 1-based position in ``paths``.  ``executor`` may be any
    :class:`concurrent.futures.Executor` (a dask or Ray one included); without it a process pool of ``workers``
    processes is used, and ``workers=1`` reads in this process.  ``on_progress`` gets the number of files done.
    """
    chunks = _chunks(paths, chunk_size)
    done = 0
    n_workers = workers or os.cpu_count() or 1
    plugins = (api if api is not None else current()).host.selection()  # each worker builds the same host
    if executor is None and n_workers <= 1:
        for chunk in chunks:
            yield process(chunk, plugins)
            done += len(chunk)
            if on_progress:
                on_progress(done)
        return
    own = executor is None
    pool = executor or concurrent.futures.ProcessPoolExecutor(max_workers=n_workers)
    in_flight: deque[tuple[list[tuple[int, str]], concurrent.futures.Future[tuple[Any, Any, Any]]]] = deque()
    pending = iter(chunks)
    limit = 4 * n_workers  # chunks in flight: enough to keep every worker busy, few enough to keep memory flat
    try:
        while True:
            while len(in_flight) < limit and (following := next(pending, None)) is not None:
                in_flight.append((following, pool.submit(packed, following, plugins)))
            if not in_flight:
                return
            chunk, future = in_flight.popleft()
            try:
                part = unpacked(future.result())
            except BrokenProcessPool:
                if not own:
                    raise
                # the pool is dead: every chunk in flight goes back, and this one is read again one file at a time
                pool.shutdown(wait=False, cancel_futures=True)
                requeue = [c for c, _ in in_flight]
                in_flight.clear()
                part = _alone(chunk, plugins)
                pool = concurrent.futures.ProcessPoolExecutor(max_workers=n_workers)
                for again in requeue:
                    in_flight.append((again, pool.submit(packed, again, plugins)))
            yield part
            done += len(chunk)
            if on_progress:
                on_progress(done)
    finally:
        if own:
            pool.shutdown(wait=True, cancel_futures=True)


@attrs.frozen(kw_only=True)
class Summary:
    """What a dataset run wrote."""

    reports: int
    by_status: dict[str, int]
    cells: int
    findings: int
    outputs: tuple[str, ...]
    """The files (or, for dask, directories) written: cells, reports, findings (one DuckDB file holds all three)."""
    problems: tuple[tuple[str, str, str], ...] = ()
    """(file, status, note) for every input that is not ``ok``."""

    def to_json(self) -> dict[str, Any]:
        return {
            "reports": self.reports,
            "by_status": self.by_status,
            "cells": self.cells,
            "findings": self.findings,
            "outputs": list(self.outputs),
            "problems": [{"file": f, "status": s, "note": n} for f, s, n in self.problems],
        }


def output_format(output: str | os.PathLike[str]) -> str:
    """``parquet``, ``csv`` or ``duckdb`` from the output's suffix; ValueError for any other."""
    suffix = Path(output).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(
            f"{output}: the output must end in .parquet, .csv or .duckdb (got {Path(output).suffix or 'no suffix'})"
        )
    return suffix


def write(
    inputs: Sequence[str],
    output: str | os.PathLike[str],
    *,
    workers: int | None = None,
    executor: concurrent.futures.Executor | None = None,
    chunk_size: int = CHUNK_SIZE,
    on_progress: Callable[[int], None] | None = None,
    paths: Sequence[str] | None = None,
    api: Govreport | None = None,
) -> Summary:
    """Read every report named by ``inputs`` (files, directories, glob patterns) and write the dataset.

    The format follows the suffix of ``output`` (see :func:`output_format`); the ``reports`` and ``findings``
    tables go beside it (:func:`table_paths`).  Files are written whole or not at all.  An input naming no file
    raises :class:`govreport.inputs.NotAReport`; a file that gives no report gets a ``reports`` row with its
    status and note, and no cells.  Give ``paths`` to skip expanding ``inputs`` (they are then taken in order).
    """
    from govreport import _datasink

    kind = output_format(output)
    if paths is None:
        paths, missing = expand(inputs)
        if missing:
            first = missing[0]
            raise NotAReport(f"{first.source}: {first.note}", unreadable=True, code="missing")
    parts = batches(paths, workers=workers, executor=executor, chunk_size=chunk_size, on_progress=on_progress, api=api)
    counts = _datasink.write(parts, output, kind)
    return Summary(
        reports=len(paths),
        by_status=counts.by_status,
        cells=counts.cells,
        findings=counts.findings,
        outputs=table_paths(output),
        problems=tuple(counts.problems),
    )


def write_dask(
    inputs: Sequence[str],
    output: str | os.PathLike[str],
    *,
    chunk_size: int = 256,
    scheduler: Any = None,
    paths: Sequence[str] | None = None,
    api: Govreport | None = None,
) -> Summary:
    """Like :func:`write`, through dask: each table a partitioned Parquet dataset (a directory of part files).

    ``output`` names the cells dataset (``out.parquet/``); the others go beside it like :func:`table_paths`.  Each
    partition holds ``chunk_size`` reports.  ``scheduler`` is passed to ``dask.compute`` (``"processes"``,
    ``"threads"``, a ``distributed.Client`` …); by default dask's own choice (a client when one is active).
    """
    from govreport import _datasink

    if Path(output).suffix.lower() != ".parquet":
        raise ValueError(f"{output}: a dask dataset is written as Parquet: name it *.parquet")
    if paths is None:
        paths, missing = expand(inputs)
        if missing:
            first = missing[0]
            raise NotAReport(f"{first.source}: {first.note}", unreadable=True, code="missing")
    plugins = (api if api is not None else current()).host.selection()
    counts = _datasink.write_dask(
        _chunks(paths, chunk_size), table_paths(output), functools.partial(process, plugins=plugins), scheduler
    )
    return Summary(
        reports=len(paths),
        by_status=counts.by_status,
        cells=counts.cells,
        findings=counts.findings,
        outputs=table_paths(output),
        problems=tuple(counts.problems),
    )


__all__ = [
    "CHUNK_SIZE",
    "FORMATS",
    "MARK_NAMES",
    "ROW_GROUP_ROWS",
    "STATUSES",
    "TABLES",
    "VALUE_PRECISION",
    "VALUE_SCALE",
    "MissingExtra",
    "Summary",
    "batches",
    "output_format",
    "schemas",
    "table_paths",
    "write",
    "write_dask",
]
