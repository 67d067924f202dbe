"""Deliberately broken plugin distributions, installed with ``pip install --target`` into a temporary
directory (the project's venv is never touched): the CLI keeps working and names the plugin that failed;
in strict mode it exits non-zero."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from govreport.cli import COMMANDS

BROKEN = Path(__file__).parent / "data" / "plugins"
IMPORT_ERROR = "plugin 'broken_import' (govreport-broken-import 0.0.1) failed to load: RuntimeError"
HOOK_ERROR = "plugin 'broken_hook' (govreport-broken-hook 0.0.1) raised in register_variants: RuntimeError"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("broken-plugins")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(BROKEN / "broken-import"),
            str(BROKEN / "broken-hook"),
        ],
        check=True,
        capture_output=True,
    )
    return target


def govreport(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GOVREPORT_")}
    environ["PYTHONPATH"] = os.pathsep.join([str(site), environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import sys; from govreport.cli import main; sys.exit(main())", *args],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )


COMMANDS_UNDER_TEST = [c for c in ("validate", "check") if c in COMMANDS]


@pytest.mark.parametrize("command", COMMANDS_UNDER_TEST)
def test_command_still_works_and_names_the_failed_plugins(site: Path, seed_path: Path, command: str) -> None:
    done = govreport(site, command, str(seed_path))
    assert done.returncode == 0, done.stderr
    assert IMPORT_ERROR in done.stderr
    assert HOOK_ERROR in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", COMMANDS_UNDER_TEST)
def test_strict_flag_fails(site: Path, seed_path: Path, command: str) -> None:
    done = govreport(site, "--strict-plugins", command, str(seed_path))
    assert done.returncode == 1
    assert "strict plugin mode" in done.stderr
    assert IMPORT_ERROR in done.stderr
    assert "Traceback" not in done.stderr


def test_strict_environment_variable_fails(site: Path, seed_path: Path) -> None:
    done = govreport(site, "validate", str(seed_path), GOVREPORT_STRICT_PLUGINS="1")
    assert done.returncode == 1
    assert HOOK_ERROR in done.stderr


def test_block_list_skips_them(site: Path, seed_path: Path) -> None:
    done = govreport(
        site, "--strict-plugins", "validate", str(seed_path), GOVREPORT_BLOCK_PLUGINS="broken_import,broken_hook"
    )
    assert done.returncode == 0, done.stderr
    assert "broken" not in done.stderr


def test_plugins_command_lists_load_errors(site: Path) -> None:
    done = govreport(site, "plugins", "--json")
    assert done.returncode == 0
    listed = {p["name"]: p for p in json.loads(done.stdout)}
    assert listed["broken_import"]["errors"][0]["stage"] == "import"
    assert listed["broken_import"]["version"] == "0.0.1"
    assert listed["broken_hook"]["hooks"] == ["register_variants"]
    assert listed["broken_hook"]["errors"][0]["stage"] == "register_variants"
