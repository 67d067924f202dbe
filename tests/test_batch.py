"""Batch runs over many files: parallel workers, dask, crashes, vanished and unreadable files."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govreport import batch, jsonio
from govreport.cli import main
from synth import BREAKAGES, break_report, synthetic_report

N_REPORTS = 10_000
CHECK = batch.Options(task="check")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[str, ...]]]:
    """10,000 generated reports, 1% broken in known ways.

    Returns the folder and, for each broken file, what must be reported: the pointer of the validation issue,
    or the IDs of the error-severity rules that fail.
    """
    folder = tmp_path_factory.mktemp("corpus")
    expected: dict[str, tuple[str, ...]] = {}
    for i in range(N_REPORTS):
        doc = synthetic_report(i)
        path = folder / f"{i // 1000:02d}" / f"report-{i:05d}.json"
        path.parent.mkdir(exist_ok=True)
        if i % 100 == 37:
            breakage = BREAKAGES[(i // 100) % len(BREAKAGES)]
            doc = break_report(doc, breakage)
            expected[str(path)] = (
                (breakage.pointer,) if breakage.stage == "validate" else tuple(sorted(breakage.errors))
            )
        path.write_text(jsonio.dumps(doc), encoding="utf-8")
    return folder, expected


def _failures(outcomes: Iterator[batch.Outcome]) -> dict[str, tuple[str, ...]]:
    return {o.source: tuple(i["pointer"] for i in o.issues) or o.failed_rules for o in outcomes if o.status != "valid"}


def test_expand_finds_every_report(corpus: tuple[Path, dict[str, tuple[str, ...]]]) -> None:
    folder, _ = corpus
    paths, missing = batch.expand([str(folder), str(folder / "00" / "*.json"), str(folder / "nothing-*.json")])
    assert len(paths) == N_REPORTS
    assert paths == sorted(paths)
    assert [(m.source, m.note) for m in missing] == [(str(folder / "nothing-*.json"), "the pattern matches no file")]


@pytest.mark.parametrize("workers", [1, 2])
def test_exact_failures_on_one_and_two_workers(corpus: tuple[Path, dict[str, tuple[str, ...]]], workers: int) -> None:
    folder, expected = corpus
    paths, _ = batch.expand([str(folder)])
    seen = 0

    def progress(done: int) -> None:
        nonlocal seen
        assert done >= seen
        seen = done

    failures = _failures(batch.run(paths, CHECK, workers=workers, on_progress=progress))
    assert seen == N_REPORTS
    assert len(expected) == N_REPORTS // 100
    assert {len(v) for v in expected.values()} == {1, 2}  # both validation and check breakages are in
    assert failures == expected


def test_dask_gives_the_same_results(corpus: tuple[Path, dict[str, tuple[str, ...]]]) -> None:
    import distributed

    folder, expected = corpus
    paths, _ = batch.expand([str(folder)])
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = list(batch.run(paths, CHECK, executor=client.get_executor()))
    assert [o.source for o in remote] == paths
    assert _failures(iter(remote)) == expected
    local = [o.to_json() for o in batch.run(paths[:500], CHECK, workers=1)]
    assert [o.to_json() for o in remote[:500]] == local


def test_killed_worker_vanished_and_unreadable_files(tmp_path: Path) -> None:
    paths = []
    for i in range(400):
        path = tmp_path / f"r{i:03d}.json"
        path.write_text(jsonio.dumps(synthetic_report(i)), encoding="utf-8")
        paths.append(str(path))
    garbage = tmp_path / "r900.json"
    garbage.write_bytes(b"\x00\x01not json")
    unreadable = tmp_path / "r901.json"
    unreadable.write_text("{}", encoding="utf-8")
    unreadable.chmod(0)
    paths += [str(garbage), str(unreadable)]
    doomed = Path(paths[390])
    killed: list[int] = []

    def progress(done: int) -> None:
        if not killed:
            doomed.unlink()  # removed mid-run, before its chunk is read
            children = multiprocessing.active_children()
            assert children, "the pool should have worker processes"
            killed.append(children[0].pid or 0)
            os.kill(children[0].pid or 0, signal.SIGKILL)

    outcomes = list(batch.run(paths, workers=2, chunk_size=8, on_progress=progress))
    assert killed
    assert [o.source for o in outcomes] == paths
    by_source = {o.source: o for o in outcomes}
    assert by_source[str(doomed)].status == "unreadable"
    assert by_source[str(doomed)].note == "no such file"
    assert by_source[str(garbage)].status == "unreadable"
    if os.geteuid() != 0:  # root reads a file without read permission
        assert by_source[str(unreadable)].note == "permission denied"
    others = [o for o in outcomes if o.source not in {str(doomed), str(garbage), str(unreadable)}]
    assert all(o.status == "valid" for o in others if o.source != str(unreadable))
    assert any(o.note == "retried alone after a worker crash" for o in outcomes)


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_jsonl_and_summary(
    corpus: tuple[Path, dict[str, tuple[str, ...]]], capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    folder, expected = corpus
    code, out, err = _cli(["check", "--jsonl", "--workers", "2", str(folder / "0[01]")], capsys)
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    summary: dict[str, Any] = lines.pop()["summary"]
    assert len(lines) == 2000
    assert summary["reports"] == 2000
    bad = {o["file"] for o in lines if not o["valid"]}
    assert bad == {p for p in expected if Path(p).parent.name in ("00", "01")}
    code, out, err = _cli(["check", "--no-progress", str(folder / "00")], capsys)
    assert code == 1
    assert "共 1000 份报告：通过 990 份，未通过 10 份" in err  # the words of checking, not of validation
    assert "问题最多的报告：" in err
    assert "通过 — 错误 0，警告 0，无法判断 0" not in out  # many files: only reports with problems are listed
