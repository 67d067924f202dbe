"""A plugin never breaks what it does not touch: name clashes, SystemExit, recursion and a failing configure,
from a real installed distribution (tests/data/plugins/misbehaving), driven through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MISBEHAVING = Path(__file__).parent / "data" / "plugins" / "misbehaving"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("misbehaving-plugins")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run(
        [*pip, "--target", str(target), str(MISBEHAVING)],
        check=True,
        capture_output=True,
    )
    return target


def govreport(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GOVREPORT_")}
    environ["PYTHONPATH"] = os.pathsep.join([str(site), environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    environ["GOVREPORT_PLUGINS"] = "clashing,exiting,recursive,bad_configure,innocent"
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import sys; from govreport.cli import main; sys.exit(main())", *args],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )


def test_untouched_commands_work_and_every_failure_is_named(site: Path, seed_path: Path) -> None:
    done = govreport(site, "check", str(seed_path))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    err = done.stderr
    assert "'clashing' (govreport-misbehaving 0.0.1)" in err
    assert "exporter named 'html'; neither is used" in err
    assert "check named 'T3-BALANCE'; neither is used" in err
    assert "plugin 'exiting' (govreport-misbehaving 0.0.1) raised in register_variants: SystemExit" in err
    assert "plugin 'recursive'" in err
    assert "while govreport was calling its register_checks" in err
    assert "plugin 'bad_configure'" in err
    assert "ValueError: cannot configure" in err
    assert "innocent" not in err


def test_the_innocent_plugin_keeps_its_rule_and_command(site: Path) -> None:
    rules = govreport(site, "rules", "--json")
    assert rules.returncode == 0, rules.stderr
    ids = {r["id"] for r in json.loads(rules.stdout)}
    assert "INNOCENT-RULE" in ids
    assert "T3-BALANCE" not in ids  # claimed twice: neither is used
    assert "T3-ROW-TOTAL" in ids
    hello = govreport(site, "innocent-hello")
    assert (hello.returncode, hello.stdout) == (0, "innocent says hello\n")


def test_a_clashing_export_says_why(site: Path, seed_path: Path, tmp_path: Path) -> None:
    done = govreport(site, "export", str(seed_path), "--to", "html", "-o", str(tmp_path / "x.html"))
    assert done.returncode == 2
    assert "the 'html' export is not available" in done.stderr
    assert not (tmp_path / "x.html").exists()
    csv = govreport(site, "export", str(seed_path), "--to", "csv", "-o", str(tmp_path / "x.csv"))
    assert csv.returncode == 0, csv.stderr


def test_a_clashing_command_says_why(site: Path, seed_path: Path) -> None:
    done = govreport(site, "show", str(seed_path))
    assert done.returncode == 2
    assert "the command 'show' is not available" in done.stderr
    assert "GOVREPORT_BLOCK_PLUGINS" in done.stderr


def test_a_clashing_importer_is_not_used(site: Path, tmp_path: Path) -> None:
    source = Path(__file__).parent.parent / "examples" / "zibo-gaoxin-2021.txt"
    forced = govreport(site, "import", str(source), "--importer", "text")
    assert forced.returncode == 2
    assert "the importer 'text' is not available" in forced.stderr


def test_strict_mode_fails(site: Path, seed_path: Path) -> None:
    done = govreport(site, "--strict-plugins", "check", str(seed_path))
    assert done.returncode == 1
    assert "strict plugin mode" in done.stderr
    assert "Traceback" not in done.stderr


def test_blocking_the_offenders_restores_everything(site: Path, seed_path: Path) -> None:
    done = govreport(
        site,
        "--strict-plugins",
        "show",
        str(seed_path),
        GOVREPORT_BLOCK_PLUGINS="clashing,exiting,recursive,bad_configure",
    )
    assert done.returncode == 0, done.stderr
