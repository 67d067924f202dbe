"""What users of command lines expect (issue 18, item 4): ``-`` for standard input and output, ``python -m
govreport``, the export format from the suffix of ``-o``, "did you mean", each command's own usage on a wrong
option, an install hint for a missing optional package, "import it first" for a document given to validate,
no bogus pointer on file-level problems, shell completion."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import govreport
from govreport.cli import main
from govreport.cli._conventions import MISSING_EXTRAS
from govreport.export import export

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "zibo-gaoxin-2021.json"
EXAMPLE_TEXT = ROOT / "examples" / "zibo-gaoxin-2021.txt"


def govreport_cli(
    *args: str, stdin: bytes = b"", prelude: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The command line in a process of its own, as a person runs it (``python -m govreport``); ``prelude`` is
    Python run first (to take an optional package away, as on a machine without it)."""
    start = "import runpy, sys; sys.argv[0] = 'govreport'; runpy.run_module('govreport', run_name='__main__')"
    code = f"{prelude}\n{start}"
    return subprocess.run(
        [sys.executable, "-c", code, *args], input=stdin, capture_output=True, cwd=cwd, timeout=120, check=False
    )


def test_python_dash_m_runs_the_command_line() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govreport", "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"govreport {govreport.__version__}"


# -- standard input and output -----------------------------------------------------------------------------------


def test_validate_show_and_check_read_standard_input() -> None:
    data = EXAMPLE.read_bytes()
    valid = govreport_cli("validate", "-", stdin=data)
    assert valid.returncode == 0, valid.stderr
    assert valid.stdout.decode().startswith("<stdin>: valid (2021 format")
    shown = govreport_cli("show", "-", stdin=data)
    assert shown.returncode == 0
    assert "淄博高新技术产业开发区2021年政府信息公开工作年度报告" in shown.stdout.decode()
    checked = govreport_cli("check", "-", stdin=data)
    assert checked.returncode == 0, checked.stderr
    assert "<stdin>" in checked.stdout.decode()
    bad = govreport_cli("validate", "-", stdin=b"{}")
    assert bad.returncode == 1
    assert "<stdin>: /format_version" in bad.stdout.decode()


def test_export_reads_standard_input_and_writes_standard_output() -> None:
    done = govreport_cli("export", "-", "--to", "markdown", "-o", "-", stdin=EXAMPLE.read_bytes())
    assert done.returncode == 0, done.stderr
    assert done.stdout == export(govreport.load(EXAMPLE), "markdown")


def test_import_reads_standard_input() -> None:
    done = govreport_cli("import", "-", "-o", "-", stdin=EXAMPLE_TEXT.read_bytes())
    assert done.returncode == 0, done.stderr
    assert govreport.validate_text(done.stdout).report == govreport.load(EXAMPLE)
    assert done.stderr.decode().startswith("<stdin>: 2021年格式")


def test_template_and_aggregate_write_standard_output(tmp_path: Path) -> None:
    done = govreport_cli("template", "--to", "html", "-o", "-")
    assert done.returncode == 0
    assert done.stdout.startswith(b"<!DOCTYPE html>")
    summed = govreport_cli("aggregate", "-", "--organ", "示例市人民政府", "-o", "-", stdin=EXAMPLE.read_bytes())
    assert summed.returncode == 0, summed.stderr
    assert govreport.validate_text(summed.stdout).report is not None


def test_compare_reads_standard_input() -> None:
    sources = ROOT / "tests" / "gold" / "sources"
    done = govreport_cli(
        "compare", str(sources / "pingtan-2022.txt"), "-", stdin=(sources / "pingtan-2023.html").read_bytes()
    )
    assert done.returncode == 0, done.stderr
    assert "（2022、2023年度）" in done.stdout.decode().splitlines()[0]


# -- formats from the suffix, "did you mean", usage ------------------------------------------------------------


@pytest.mark.parametrize(("suffix", "fmt"), [(".md", "markdown"), (".xlsx", "xlsx"), (".htm", "html"), (".csv", "csv")])
def test_export_format_follows_the_output_suffix(tmp_path: Path, suffix: str, fmt: str) -> None:
    out = tmp_path / f"report{suffix}"
    assert main(["export", str(EXAMPLE), "-o", str(out)]) == 0
    assert out.read_bytes() == export(govreport.load(EXAMPLE), fmt)


def test_md_is_accepted_for_markdown(tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    assert main(["export", str(EXAMPLE), "--to", "md", "-o", str(out)]) == 0
    assert out.read_bytes() == export(govreport.load(EXAMPLE), "markdown")
    assert export(govreport.load(EXAMPLE), "md") == out.read_bytes()


def test_template_format_follows_the_output_suffix(tmp_path: Path) -> None:
    out = tmp_path / "form.xlsx"
    assert main(["template", "-o", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"


def test_an_unknown_suffix_and_no_format_say_what_to_give(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(EXAMPLE), "-o", str(tmp_path / "report.pdf")]) == 2
    assert "the suffix names no output format" in capsys.readouterr().err
    assert main(["export", str(EXAMPLE)]) == 2
    assert "give the output format with --to FORMAT" in capsys.readouterr().err
    assert not (tmp_path / "report.pdf").exists()


def test_did_you_mean_a_format_and_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(EXAMPLE), "--to", "mardown"]) == 2
    assert "did you mean 'markdown'?" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["chek", str(EXAMPLE)])
    assert stop.value.code == 2
    assert "did you mean 'check'?" in capsys.readouterr().err


def test_a_wrong_option_shows_the_commands_own_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["check", str(EXAMPLE), "--fial-on", "warning"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: govreport check ")
    assert "unrecognized arguments: --fial-on warning (did you mean '--fail-on'?)" in err


# -- messages ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("blocked", "args", "extra"),
    [
        ("pypdfium2", ["import", "tests/data/readers/two-column.pdf", "-o", os.devnull], "pdf"),
        ("openpyxl", ["export", "examples/zibo-gaoxin-2021.json", "--to", "xlsx", "-o", os.devnull], "xlsx"),
        ("openpyxl", ["template", "--to", "xlsx", "-o", os.devnull], "xlsx"),
        ("shtab", ["completion", "bash"], "completion"),
    ],
)
def test_a_missing_optional_package_is_an_install_hint(blocked: str, args: list[str], extra: str) -> None:
    # None in sys.modules is how Python itself says a module cannot be imported: the package is not installed
    done = govreport_cli(*args, prelude=f"import sys; sys.modules[{blocked!r}] = None", cwd=ROOT)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert f"pip install 'govreport[{extra}]'" in err
    assert "internal error" not in err
    assert "Traceback" not in err


def test_the_extras_table_matches_pyproject() -> None:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for module, (distribution, extra) in MISSING_EXTRAS.items():
        names = {req.split(">")[0].split("[")[0].split("=")[0].strip().lower() for req in extras[extra]}
        assert distribution.lower() in names, (module, distribution, extra)


@pytest.mark.parametrize("name", ["report.docx", "report.txt", "report.html", "report.pdf"])
def test_a_document_given_to_validate_or_show_says_import_it_first(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    report = govreport.load(EXAMPLE)
    path = tmp_path / name
    if name.endswith(".pdf"):
        path.write_bytes((ROOT / "tests/data/readers/two-column.pdf").read_bytes())
    else:
        path.write_bytes(export(report, {".docx": "docx", ".txt": "markdown", ".html": "html"}[path.suffix]))
    for command in ("validate", "show", "check"):
        assert main([command, str(path)]) == 2
        captured = capsys.readouterr()
        text = captured.out + captured.err
        assert f"import it first: govreport import {path} -o report.json" in text, (command, text)
        assert "UTF-8" not in text
    result = govreport.validate_file(path)
    assert result.issues[0].code == "not_json"


def test_file_level_problems_name_no_pointer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "list.json").write_text("[]")
    assert main(["validate", str(tmp_path / "nope.json"), str(tmp_path / "list.json")]) == 2
    out = capsys.readouterr().out
    assert f"{tmp_path / 'nope.json'}: no such file" in out
    assert f"{tmp_path / 'list.json'}: expected a JSON object at the top level" in out
    assert ": /:" not in out


# -- completion -------------------------------------------------------------------------------------------------


def test_bash_completion_completes_commands_and_options(tmp_path: Path) -> None:
    script = govreport_cli("completion", "bash")
    assert script.returncode == 0, script.stderr
    path = tmp_path / "govreport.bash"
    path.write_bytes(script.stdout)
    probe = (
        f"source {path}\n"
        'COMP_WORDS=(govreport ch); COMP_CWORD=1; _shtab_govreport; echo "${COMPREPLY[@]}"\n'
        'COMP_WORDS=(govreport export x.json --t); COMP_CWORD=3; _shtab_govreport; echo "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["check", "--to"]


def test_running_the_command_line_in_process_keeps_no_host_alive(tmp_path: Path) -> None:
    # found by the hour-long fuzz run: every run built a plugin host, and a weak-keyed cache whose values held their
    # keys kept each one alive (some 25 KiB a run; 1.4 MiB a DOCX export)
    import gc

    from govreport._facade import FACADES_KEPT
    from govreport.cli import main
    from govreport.plugins import PluginHost

    report = tmp_path / "report.json"
    report.write_bytes((ROOT / "examples" / "zibo-gaoxin-2021.json").read_bytes())

    def hosts() -> int:
        gc.collect()
        return sum(isinstance(o, PluginHost) for o in gc.get_objects())

    before = hosts()  # other tests' hosts may be alive too
    for _ in range(3 * FACADES_KEPT):
        assert main(["validate", str(report)]) == 0
    assert hosts() - before <= FACADES_KEPT  # 3 × FACADES_KEPT more when every run's host stayed alive
