"""Writing the dataset's record batches: Parquet, CSV, DuckDB, and partitioned Parquet through dask.

Each writer takes the batches in order and writes them as they come (memory stays flat), into temporary files
beside the outputs that are renamed only when everything is written: an interrupted or failed run leaves no half
file and any previous output untouched.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from govreport._datarows import ROW_GROUP_ROWS, TABLES, schemas, table_paths
from govreport._extras import need

PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "use_dictionary": True,
    "write_statistics": True,
    "store_schema": True,
}
"""zstd compresses the repetitive label columns well and fast; statistics let readers skip row groups.  None of
these writes a time or anything else that varies between runs, so the bytes depend only on the rows."""


@attrs.define
class Counts:
    """What was written."""

    by_status: dict[str, int] = attrs.field(factory=dict)
    cells: int = 0
    findings: int = 0
    problems: list[tuple[str, str, str]] = attrs.field(factory=list)

    def add(self, part: tuple[Any, Any, Any]) -> None:
        cells, reports, findings = part
        self.cells += cells.num_rows
        self.findings += findings.num_rows
        counter = Counter(self.by_status)
        for row in reports.select(["source", "status", "note"]).to_pylist():
            counter[row["status"]] += 1
            if row["status"] != "ok":
                self.problems.append((row["source"], row["status"], row["note"] or ""))
        self.by_status = dict(sorted(counter.items()))


def _temporary(target: str, suffix: str = ".tmp") -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{Path(target).name}.", suffix=suffix, dir=Path(target).parent or ".")
    os.close(fd)
    return tmp


class _ParquetTable:
    """One Parquet file written row group by row group, each exactly ``group_rows`` rows but the last."""

    def __init__(self, target: str, schema: Any, group_rows: int):
        self.pa = need("pyarrow")
        self.group_rows = group_rows
        pq = need("pyarrow.parquet")
        self.target = target
        self.tmp = _temporary(target)
        self.writer = pq.ParquetWriter(self.tmp, schema, **PARQUET_OPTIONS)
        self.buffer: list[Any] = []
        self.rows = 0

    def add(self, batch: Any) -> None:
        if not batch.num_rows:
            return
        self.buffer.append(batch)
        self.rows += batch.num_rows
        while self.rows >= self.group_rows:
            table = self.pa.Table.from_batches(self.buffer)
            self.writer.write_table(table.slice(0, self.group_rows), row_group_size=self.group_rows)
            rest = table.slice(self.group_rows)
            self.buffer = rest.to_batches()
            self.rows = rest.num_rows

    def close(self) -> None:
        if self.rows:
            self.writer.write_table(self.pa.Table.from_batches(self.buffer), row_group_size=self.group_rows)
        self.writer.close()
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)


def _plain(value: Any) -> str:
    """A value as CSV text: decimals exactly and without trailing zeros (``69``, ``24252.311082``)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class _CsvTable:
    """One CSV file (UTF-8, header row, ``\\n`` line ends, empty for a missing value)."""

    def __init__(self, target: str, schema: Any, group_rows: int = 0):
        self.target = target
        self.tmp = _temporary(target)
        self.fh = open(self.tmp, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in close()/abort()
        self.csv = csv.writer(self.fh, lineterminator="\n")
        self.csv.writerow(schema.names)

    def add(self, batch: Any) -> None:
        columns = [[_plain(v) for v in column.to_pylist()] for column in batch.columns]
        self.csv.writerows(zip(*columns, strict=True))

    def close(self) -> None:
        self.fh.close()
        os.replace(self.tmp, self.target)

    def abort(self) -> None:
        self.fh.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)


class _DuckdbFile:
    """One DuckDB file with the three tables, filled batch by batch."""

    def __init__(self, target: str):
        duckdb = need("duckdb")
        self.target = target
        tmp = _temporary(target, suffix=".duckdb")
        os.unlink(tmp)  # DuckDB makes the file itself
        self.tmp = tmp
        self.con = duckdb.connect(tmp)
        for name, schema in schemas().items():
            self.con.register("incoming", schema.empty_table())
            self.con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
            self.con.unregister("incoming")

    def add(self, name: str, batch: Any) -> None:
        if not batch.num_rows:
            return
        pa = need("pyarrow")
        self.con.register("incoming", pa.Table.from_batches([batch]))
        self.con.execute(f"INSERT INTO {name} SELECT * FROM incoming")
        self.con.unregister("incoming")

    def close(self) -> None:
        self.con.execute("CHECKPOINT")
        self.con.close()
        os.replace(self.tmp, self.target)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp + ".wal")

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.con.close()
        for path in (self.tmp, self.tmp + ".wal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)


def write(parts: Iterable[tuple[Any, Any, Any]], output: str | os.PathLike[str], kind: str) -> Counts:
    """Write the batches of every chunk, in order, to ``output`` (and the files beside it)."""
    counts = Counts()
    targets = table_paths(output)
    if kind == "duckdb":
        db = _DuckdbFile(targets[0])
        try:
            for part in parts:
                for name, batch in zip(TABLES, part, strict=True):
                    db.add(name, batch)
                counts.add(part)
        except BaseException:
            db.abort()
            raise
        db.close()
        return counts
    maker: Callable[[str, Any, int], _ParquetTable | _CsvTable] = _ParquetTable if kind == "parquet" else _CsvTable
    writers: list[_ParquetTable | _CsvTable] = []
    try:
        for name, target, schema in zip(TABLES, targets, schemas().values(), strict=True):
            writers.append(maker(target, schema, ROW_GROUP_ROWS[name]))
        for part in parts:
            for writer, batch in zip(writers, part, strict=True):
                writer.add(batch)
            counts.add(part)
    except BaseException:
        for writer in writers:
            writer.abort()
        raise
    for writer in writers:
        writer.close()
    return counts


def _frame(part: tuple[Any, Any, Any], index: int) -> Any:
    pd = need("pandas")
    return part[index].to_pandas(types_mapper=pd.ArrowDtype)


def _replaceable(path: Path) -> bool:
    """A directory that holds only what a Parquet dataset writer leaves (part files, ``_metadata``)."""
    return path.is_dir() and all(
        p.is_file() and (p.suffix == ".parquet" or p.name.startswith("_")) for p in path.iterdir()
    )


def write_dask(
    chunks: Sequence[Sequence[tuple[int, str]]],
    targets: Sequence[str],
    process: Callable[[Sequence[tuple[int, str]]], tuple[Any, Any, Any]],
    scheduler: Any,
) -> Counts:
    """Each table a partitioned Parquet dataset, one partition per chunk, computed by dask."""
    dask = need("dask", "dask")
    dd = need("dask.dataframe", "dask")
    pd = need("pandas")
    pq = need("pyarrow.parquet")
    for target in targets:
        path = Path(target)
        if path.exists() and not _replaceable(path):
            raise FileExistsError(f"{target}: exists and is not a Parquet dataset directory; not overwritten")
    parts = [dask.delayed(process)(chunk) for chunk in chunks]
    tmps = [tempfile.mkdtemp(prefix=f".{Path(t).name}.", dir=Path(t).parent or ".") for t in targets]
    try:
        writes = []
        for index, (schema, tmp) in enumerate(zip(schemas().values(), tmps, strict=True)):
            meta = schema.empty_table().to_pandas(types_mapper=pd.ArrowDtype)
            frames = [dask.delayed(_frame)(part, index) for part in parts]
            frame = dd.from_delayed(frames, meta=meta, verify_meta=False) if frames else dd.from_pandas(meta)
            options = {"engine": "pyarrow", "write_index": False, "schema": schema, "compute": False}
            writes.append(frame.to_parquet(tmp, **options))
        dask.compute(*writes, scheduler=scheduler)
        for tmp, target in zip(tmps, targets, strict=True):
            if Path(target).exists():
                shutil.rmtree(target)
            os.replace(tmp, target)
    except BaseException:
        for tmp in tmps:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    counts = Counts()
    reports = pq.read_table(targets[1], columns=["source", "status", "note"])
    empty = schemas()
    counts.add((empty["cells"].empty_table(), reports, empty["findings"].empty_table()))
    counts.cells = pq.ParquetDataset(targets[0]).read(columns=["report_id"]).num_rows
    counts.findings = pq.ParquetDataset(targets[2]).read(columns=["report_id"]).num_rows
    return counts
