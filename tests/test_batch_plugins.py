"""The plugin host travels with batch work: every executor gives the in-process answer.

The documents declare ``test-town``, a variant registered in code (tests/travelling/town_plugin.py), not
installed as a distribution; a worker that did not rebuild the caller's host would report them as
``missing_plugin``.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import govreport
from govreport import batch, jsonio
from govreport.plugins import PluginError, PluginHost
from travelling import town_plugin

TESTS = Path(__file__).resolve().parent


@pytest.fixture
def api() -> govreport.Govreport:
    host = PluginHost(entry_points=False)
    assert host.register(town_plugin, "town")
    return govreport.Govreport(host)


@pytest.fixture
def documents(tmp_path: Path, seed_data: dict[str, Any]) -> list[str]:
    """Six reports of the test variant: three hold few meetings (the variant's rule fails), one is invalid."""
    paths = []
    for i, meetings in enumerate((2, 8, 3, 9, 12, 4)):
        data = dict(seed_data, variants=["test-town"], extensions={"test-town": {"town_row": {"meetings": meetings}}})
        if i == 5:
            data["extensions"] = {"test-town": {"town_row": {"meetings": "四"}}}
        path = tmp_path / f"town-{i}.json"
        path.write_text(jsonio.dumps(data), encoding="utf-8")
        paths.append(str(path))
    return paths


def _summary(outcomes: Iterator[batch.Outcome]) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    return [(Path(o.source).name, o.status, o.failed_rules, tuple(i["code"] for i in o.issues)) for o in outcomes]


EXPECTED = [
    ("town-0.json", "invalid", ("TOWN-MEETINGS",), ()),
    ("town-1.json", "valid", (), ()),
    ("town-2.json", "invalid", ("TOWN-MEETINGS",), ()),
    ("town-3.json", "valid", (), ()),
    ("town-4.json", "valid", (), ()),
    ("town-5.json", "invalid", (), ("type",)),
]


def test_in_process(api: govreport.Govreport, documents: list[str]) -> None:
    outcomes = batch.run(documents, batch.Options(task="check"), api=api, workers=1)
    assert _summary(outcomes) == EXPECTED


def test_without_the_plugin_the_variant_is_missing(documents: list[str]) -> None:
    bare = govreport.Govreport(PluginHost(entry_points=False))
    outcomes = list(batch.run(documents, batch.Options(task="check"), api=bare, workers=1))
    assert {i["code"] for o in outcomes for i in o.issues} >= {"missing_plugin"}


def test_thread_pool(api: govreport.Govreport, documents: list[str]) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = batch.run(documents, batch.Options(task="check"), api=api, executor=pool, chunk_size=2)
        assert _summary(outcomes) == EXPECTED


@pytest.fixture
def importable_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes import the plugin module by name, as they would an application's own module."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]))


@pytest.mark.usefixtures("importable_tests")
@pytest.mark.parametrize("method", ["spawn", "forkserver", "fork"])
def test_process_pools(api: govreport.Govreport, documents: list[str], method: str) -> None:
    context = multiprocessing.get_context(method)
    with concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        outcomes = batch.run(documents, batch.Options(task="check"), api=api, executor=pool, chunk_size=2)
        assert _summary(outcomes) == EXPECTED


@pytest.mark.usefixtures("importable_tests")
def test_dask(api: govreport.Govreport, documents: list[str]) -> None:
    import distributed

    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        outcomes = batch.run(documents, batch.Options(task="check"), api=api, executor=client.get_executor())
        assert _summary(outcomes) == EXPECTED


def test_a_plugin_that_cannot_travel_is_named(documents: list[str]) -> None:
    class Local:
        @govreport.hookimpl
        def register_variants(self) -> list[govreport.Variant]:
            return [town_plugin.VARIANT]

    host = PluginHost(entry_points=False)
    assert host.register(Local(), "local")
    with (
        concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool,
        pytest.raises(PluginError, match="'local' cannot be rebuilt in worker processes"),
    ):
        list(batch.run(documents, batch.Options(task="check"), api=govreport.Govreport(host), executor=pool))
