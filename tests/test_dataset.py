"""Many reports as one dataset: real files written, then read by pyarrow, DuckDB and pandas.

The corpus is the tests' copies of the shared corpus's reports (tests/gold/sources, whole; tests/data/excerpts and
tests/data/checks/corpus, partial) and the seed (JSON and text).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from govreport import dataset, jsonio
from govreport._extras import MissingExtra, need
from govreport.cli import main
from govreport.inputs import NotAReport, expand, load_any
from govreport.layout import cells

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
CORPUS = [
    str(TESTS / "gold" / "sources"),
    str(TESTS / "data" / "excerpts"),
    str(TESTS / "data" / "checks" / "corpus"),
    str(ROOT / "examples"),
]
GOLD = [str(TESTS / "gold" / "sources"), str(ROOT / "examples")]


def _digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def corpus_dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dataset.Summary]:
    out = tmp_path_factory.mktemp("dataset") / "corpus.parquet"
    return out, dataset.write(CORPUS, out, workers=2)


def test_whole_corpus_cell_count_is_the_sum_of_the_reports(corpus_dataset: tuple[Path, dataset.Summary]) -> None:
    out, summary = corpus_dataset
    paths, _ = expand(CORPUS)
    expected = 0
    readable = 0
    for path in paths:
        try:
            expected += len(cells(load_any(path).report))
            readable += 1
        except NotAReport:
            continue
    table = pq.read_table(out)
    reports = pq.read_table(out.with_suffix(".reports.parquet"))
    assert table.num_rows == summary.cells == expected > 2000
    assert reports.num_rows == summary.reports == len(paths)  # every file has its row, readable or not
    assert summary.by_status["ok"] == readable
    assert sum(n for n in reports.column("cells").to_pylist() if n) == expected
    # files that give no report are listed with the reason, and have no cells
    problems = [r for r in reports.to_pylist() if r["status"] != "ok"]
    assert all(r["note"] and r["cells"] is None for r in problems)
    assert {r["report_id"] for r in problems}.isdisjoint(set(table.column("report_id").to_pylist()))


def test_duckdb_queries_the_parquet_file(corpus_dataset: tuple[Path, dataset.Summary]) -> None:
    out, _ = corpus_dataset
    con = duckdb.connect()
    received = con.execute(
        """
        SELECT r.year, c.value FROM read_parquet(?) c JOIN read_parquet(?) r USING (report_id)
        WHERE c.organ = '平潭综合实验区' AND r.input = 'html' AND c.table_key = '三'
          AND c.row_key = 'new_received' AND c.column_key = 'total'
        ORDER BY r.year
        """,
        [str(out), str(out.with_suffix(".reports.parquet"))],
    ).fetchall()
    assert received == [(2023, Decimal("81")), (2025, Decimal("154"))]
    kinds = dict(con.execute("SELECT typeof(value), count(*) FROM read_parquet(?) GROUP BY 1", [str(out)]).fetchall())
    assert set(kinds) == {"DECIMAL(25,6)"}
    # a mark is never a number; 2019 Shanghai leaves 表三 总计 blank
    blank = con.execute(
        "SELECT count(*) FROM read_parquet(?) "
        "WHERE mark = 'blank' AND value IS NULL AND source LIKE '%shanghai-office%'",
        [str(out)],
    ).fetchone()
    assert blank is not None
    assert blank[0] > 50
    # the 2021 收费金额 is exact
    fee = con.execute(
        "SELECT value FROM read_parquet(?) WHERE column_key = 'fee_amount' "
        "AND regexp_matches(source, '(complete|sources)/pingtan-2021.txt$')",
        [str(out)],
    ).fetchall()
    assert fee == [(Decimal("24252.311082"),)]
    # Huaian's 表四 总计 0 beside 10 + 1 upheld and corrected: the failed T4-TOTAL is in the findings table
    broken = con.execute(
        "SELECT DISTINCT subject, left_value, right_value FROM read_parquet(?) "
        "WHERE rule_id = 'T4-TOTAL' AND outcome = 'failed' AND source LIKE '%huaian-hongze-2023.pdf' ORDER BY subject",
        [str(out.with_suffix(".findings.parquet"))],
    ).fetchall()
    assert broken == [("行政复议", 0, 11), ("行政诉讼 › 复议后起诉", 0, 5)]


def test_pyarrow_and_pandas_read_it(corpus_dataset: tuple[Path, dataset.Summary]) -> None:
    out, summary = corpus_dataset
    table = pq.read_table(out)
    assert table.schema.field("value").type == pa.decimal128(25, 6)
    assert table.schema == dataset.schemas()["cells"]
    frame = pd.read_parquet(out)
    assert len(frame) == summary.cells
    pingtan = frame[(frame["source"].str.endswith("pingtan-2025.html")) & (frame["row_key"] == "new_received")]
    assert pingtan.set_index("column_key")["value"]["total"] == Decimal("154")
    findings = pd.read_parquet(out.with_suffix(".findings.parquet"))
    assert set(findings["outcome"]) <= {"failed", "cannot_tell"}
    reports = pd.read_parquet(out.with_suffix(".reports.parquet"))
    ok = reports[reports["status"] == "ok"]
    assert len(findings) == int(ok[["errors", "warnings", "infos", "cannot_tell"]].to_numpy().sum())
    # rows are in input order (files sorted), then print order
    assert list(table.column("report_id").to_pylist()) == sorted(table.column("report_id").to_pylist())
    assert list(reports["source"]) == sorted(reports["source"])


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    for suffix in (".parquet", ".csv"):
        first = dataset.write(GOLD, tmp_path / f"a{suffix}", workers=1)
        second = dataset.write(GOLD, tmp_path / f"b{suffix}", workers=2, chunk_size=3)
        for a, b in zip(first.outputs, second.outputs, strict=True):
            assert Path(a).read_bytes().replace(b"/a.", b"/_.") == Path(b).read_bytes().replace(b"/b.", b"/_.")
            assert _digest(a) == _digest(b)


def test_csv_values_are_exact_text(tmp_path: Path) -> None:
    dataset.write(GOLD, tmp_path / "g.csv", workers=1)
    frame = pd.read_csv(tmp_path / "g.csv", dtype=str, keep_default_na=False)
    row = frame[(frame["source"].str.endswith("pingtan-2021.txt")) & (frame["column_key"] == "fee_amount")]
    assert list(row["value"]) == ["24252.311082"]
    assert set(frame["mark"]) <= {"", "blank", "/", "—", "无"}
    assert (frame[frame["kind"] == "count"]["value"].str.contains(r"\.")).sum() == 0  # counts are whole


def test_duckdb_output_holds_the_same_rows(tmp_path: Path) -> None:
    dataset.write(GOLD, tmp_path / "g.parquet", workers=1)
    summary = dataset.write(GOLD, tmp_path / "g.duckdb", workers=2)
    assert summary.outputs == (str(tmp_path / "g.duckdb"),)
    con = duckdb.connect(str(tmp_path / "g.duckdb"), read_only=True)
    for name in dataset.TABLES:
        path = tmp_path / ("g.parquet" if name == "cells" else f"g.{name}.parquet")
        ours = con.execute(f"SELECT * FROM {name}").fetchall()
        theirs = con.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        assert ours == theirs
        assert ours
    assert con.execute("SELECT count(*) FROM cells").fetchone() == (summary.cells,)


def test_dask_writes_a_partitioned_dataset_with_the_same_rows(tmp_path: Path) -> None:
    plain = dataset.write(GOLD, tmp_path / "plain.parquet", workers=1)
    summary = dataset.write_dask(GOLD, tmp_path / "dask.parquet", chunk_size=4, scheduler="threads")
    assert summary.cells == plain.cells
    assert summary.by_status == plain.by_status
    parts = sorted(p.name for p in (tmp_path / "dask.parquet").iterdir())
    assert len([p for p in parts if p.endswith(".parquet")]) == 4  # 14 files in chunks of 4
    for a, b in zip(plain.outputs, summary.outputs, strict=True):
        assert pq.read_table(a).to_pylist() == pq.read_table(b).to_pylist()
    # and again over the same directory: replaced, not appended to
    again = dataset.write_dask(GOLD, tmp_path / "dask.parquet", chunk_size=4, scheduler="sync")
    assert pq.read_table(again.outputs[0]).num_rows == plain.cells


def _seed_with(tmp_path: Path, seed_data: dict[str, Any], name: str, changes: dict[str, Any]) -> Path:
    from conftest import set_at

    for pointer, value in changes.items():
        set_at(seed_data, pointer, value)
    path = tmp_path / name
    path.write_text(jsonio.dumps(seed_data), encoding="utf-8")
    return path


def test_marks_unreadable_and_long_decimals(tmp_path: Path, seed_data: dict[str, Any]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _seed_with(
        folder,
        seed_data,
        "marks.json",
        {
            "/applications/new_received/natural_person": "/",
            "/applications/new_received/commercial_enterprise": "",
            "/applications/new_received/research_institution": {"unreadable": "1O"},
            "/active_disclosure/admin_fees/fee_amount": Decimal("1.1234567"),
            "/active_disclosure/licensing/decisions": 12,
        },
    )
    summary = dataset.write([str(folder)], tmp_path / "m.parquet", workers=1)
    assert summary.by_status == {"ok": 1}
    rows = {r["pointer"]: r for r in pq.read_table(tmp_path / "m.parquet").to_pylist()}
    assert (
        rows["/applications/new_received/natural_person"]["mark"],
        rows["/applications/new_received/natural_person"]["value"],
    ) == ("/", None)
    assert rows["/applications/new_received/commercial_enterprise"]["mark"] == "blank"
    unreadable = rows["/applications/new_received/research_institution"]
    assert (unreadable["unreadable"], unreadable["mark"], unreadable["value"]) == ("1O", None, None)
    fee = rows["/active_disclosure/admin_fees/fee_amount"]
    assert (fee["value"], fee["value_text"]) == (None, "1.1234567")  # not rounded to six places: kept as text
    assert rows["/active_disclosure/licensing/decisions"]["value"] == Decimal("12")


def test_bad_inputs_are_rows_not_tracebacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "garbage.json").write_bytes(b"\x00\x01 not json")
    (folder / "notes.txt").write_text("这不是年度报告。", encoding="utf-8")
    (folder / "seed.json").write_bytes((ROOT / "examples" / "zibo-gaoxin-2021.json").read_bytes())
    out = tmp_path / "bad.parquet"
    assert main(["dataset", str(folder), "-o", str(out), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "garbage.json: unreadable" in err
    assert "notes.txt: unreadable" in err
    assert "Traceback" not in err
    statuses = {
        Path(r["source"]).name: r["status"] for r in pq.read_table(out.with_suffix(".reports.parquet")).to_pylist()
    }
    assert statuses == {"garbage.json": "unreadable", "notes.txt": "unreadable", "seed.json": "ok"}
    # nothing written for a wrong suffix or an input naming nothing
    assert main(["dataset", str(folder), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert main(["dataset", str(tmp_path / "missing"), "-o", str(tmp_path / "y.parquet")]) == 2
    assert not (tmp_path / "x.xlsx").exists()
    assert not (tmp_path / "y.parquet").exists()
    assert "missing: no such file" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_cli_writes_each_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sources = str(TESTS / "gold" / "sources" / "pingtan-202*.html")
    for suffix in (".parquet", ".csv", ".duckdb"):
        assert main(["dataset", sources, "-o", str(tmp_path / f"p{suffix}"), "--workers", "2", "--json"]) == 0
    assert "400 cells" in capsys.readouterr().err
    assert pq.read_table(tmp_path / "p.parquet").num_rows == 400
    assert (tmp_path / "p.reports.csv").read_text(encoding="utf-8").count("\n") == 3


def test_missing_extra_gives_the_install_command() -> None:
    with pytest.raises(MissingExtra, match=r"pip install 'govreport\[data\]'"):
        need("govreport_no_such_package.sub")
    assert need("pyarrow") is pa


def test_cli_dask_local_processes_and_a_distributed_scheduler(tmp_path: Path) -> None:
    import distributed

    sources = str(TESTS / "gold" / "sources" / "pingtan-20*.txt")
    assert main(["dataset", sources, "-o", str(tmp_path / "local.parquet"), "--dask", "--workers", "2"]) == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0") as c:
        out = str(tmp_path / "remote.parquet")
        assert main(["dataset", sources, "-o", out, "--dask", "--scheduler", c.scheduler_address]) == 0
    local, remote = pq.read_table(tmp_path / "local.parquet"), pq.read_table(tmp_path / "remote.parquet")
    assert local.num_rows == 5 * 200 - 2  # four 2021-format reports of 200 cells, the 2019 one of 198
    assert local.to_pylist() == remote.to_pylist()
    assert main(["dataset", sources, "-o", str(tmp_path / "d.csv"), "--dask"]) == 2  # dask writes Parquet only
