"""Every claim of the README, exercised (issue 18): each command line it shows runs and does what it says, the
output it prints is the output, and the Python example runs, gives the values its comments say and passes
``mypy --strict``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govreport
from govreport.export import export

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GOVREPORT = str(Path(sys.executable).with_name("govreport"))
COMMENT = re.compile(r"\s{2,}#.*$")

NOT_RUN = {
    "pip install .": "installing from the clone: tests/test_packaging.py builds and installs the distributions",
    "pip install -e '.[all]'": "the same, editable: how make install sets up .venv",
    "pip install ./plugins/govreport-hubei": "tests/test_plugins.py installs the plugins' distributions",
    "pip install '.[web]' && govreport serve --open": "the serve half runs below; the install half as above",
}
"""Command lines of the README not run here, and where what they claim is tested."""


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", README, flags=re.DOTALL)


def _commands() -> list[tuple[str, list[str]]]:
    """Each ``$ …`` line of the README's console blocks, without its comment, with the output lines after it."""
    out: list[tuple[str, list[str]]] = []
    for block in _blocks("console"):
        for line in block.splitlines():
            if line.startswith("$ "):
                out.append((COMMENT.sub("", line[2:]).strip(), []))
            elif out and line.strip() and not line.startswith(("make ", "#")):
                out[-1][1].append(line)
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding what the README's commands name: the example, a Word report, folders of reports, the two
    pingtan reports."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", folder / "examples")
    example = govreport.load(ROOT / "examples" / "zibo-gaoxin-2021.json")
    (folder / "report.docx").write_bytes(export(example, "docx"))
    for name in ("reports", "departments"):
        (folder / name).mkdir()
        for i in range(3):
            shutil.copy(ROOT / "examples" / "zibo-gaoxin-2021.json", folder / name / f"r{i}.json")
    shutil.copy(ROOT / "tests" / "gold" / "sources" / "pingtan-2022.txt", folder)
    shutil.copy(ROOT / "tests" / "gold" / "sources" / "pingtan-2023.html", folder)
    return folder


def _env(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{Path(GOVREPORT).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "XDG_DATA_HOME": str(folder / "data"),
        "BROWSER": "true",  # --open hands the address to this "browser", which does nothing
    }


def test_every_command_line_is_run_or_accounted_for() -> None:
    commands = [c for c, _ in _commands()]
    assert len(commands) >= 18
    for command in commands:
        assert command.startswith("govreport ") or command in NOT_RUN, command


def test_the_command_lines_run_and_do_what_they_say(workdir: Path) -> None:
    for command, output in _commands():
        if command in NOT_RUN or command.startswith("govreport serve"):
            continue
        done = subprocess.run(
            ["bash", "-c", command], cwd=workdir, env=_env(workdir), capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
        if output:
            assert done.stdout.splitlines() == output, command
    seed = govreport.load(ROOT / "examples" / "zibo-gaoxin-2021.json")
    assert govreport.load(workdir / "report.json") == seed  # import report.docx
    assert (workdir / "report.html").read_bytes() == export(seed, "html")  # export -o report.html
    assert govreport.load(workdir / "again.json") == seed  # every export reads back
    assert (workdir / "form.xlsx").read_bytes()[:2] == b"PK"
    assert (workdir / "results.jsonl").read_text().count("\n") == 4  # three reports and the summary
    assert govreport.load(workdir / "sum.json").metadata.members != ()
    assert "文字重复率" in (workdir / "diff.html").read_text(encoding="utf-8")
    assert (workdir / "reports.parquet").is_file()


def test_serve_open_starts_the_desk(workdir: Path) -> None:
    (command,) = [c for c, _ in _commands() if c.startswith("govreport serve")]
    with subprocess.Popen(
        [*command.split(), "--port", "0"], cwd=workdir, env=_env(workdir), stdout=subprocess.PIPE, text=True
    ) as server:
        try:
            assert server.stdout is not None
            first = server.stdout.readline()
            address = re.search(r"http://127\.0\.0\.1:\d+/", first)
            assert address, first
            with urllib.request.urlopen(address.group(), timeout=30) as page:
                assert page.status == 200
                assert "报告审核台" in page.read().decode("utf-8")
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_the_error_message_shown_is_the_one_printed(tmp_path: Path) -> None:
    (shown,) = _blocks("text")
    data = govreport.loads((ROOT / "examples" / "zibo-gaoxin-2021.json").read_bytes())
    data["applications"]["new_received"]["natural_person"] = "49"
    (tmp_path / "bad.json").write_text(govreport.jsonio.dumps(data), encoding="utf-8")
    done = subprocess.run([GOVREPORT, "validate", "bad.json"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == shown.strip()


def test_the_python_example_runs_as_its_comments_say(monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = _blocks("python")
    monkeypatch.chdir(ROOT)
    namespace: dict[str, Any] = {}
    lines = code.splitlines()
    for i, line in enumerate(lines):
        if "#" in line and not line.lstrip().startswith(("import", "from")) and "=" not in line.split("#")[0]:
            expression, comment = line.split("#", 1)
            exec("\n".join(lines[:i]), namespace)
            value = eval(expression, namespace)
            assert repr(value) == comment.strip().split(":")[0], line
    exec(code, namespace)
    assert namespace["report"].active_disclosure.admin_fees.fee_amount == Decimal("5953.02496")


def test_the_python_example_passes_mypy_strict(tmp_path: Path) -> None:
    (code,) = _blocks("python")
    example = tmp_path / "readme_example.py"
    example.write_text(code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(example)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout


def test_make_demo_installs_only_what_the_demo_needs() -> None:
    done = subprocess.run(
        ["make", "-n", "-B", "demo"],  # -B: as on a fresh clone, whatever this tree has installed
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MAKEFLAGS": ""},
    )
    assert done.returncode == 0, done.stderr
    installs = [line for line in done.stdout.splitlines() if "pip install" in line and "--upgrade pip" not in line]
    assert installs, done.stdout
    for line in installs:
        assert "[dev]" not in line
        assert "-e ." in line
        for tool in ("sphinx", "mypy", "dask", "pytest"):
            assert tool not in line
