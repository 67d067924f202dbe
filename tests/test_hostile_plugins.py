"""Issue 19, plugins: an importer whose sniff or read raises, exits or answers the wrong type, an exporter whose
render or template does, is reported as that plugin's failure (exit 1, never 3) and breaks no other importer or
exporter.  From a real installed distribution (tests/data/plugins/faulty-io), driven through the command line and
the facade.  (Name clashes, SystemExit in a hook, recursion and a failing configure: test_plugins_conflicts.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import govreport
from govreport import Govreport
from govreport.checks import Outcome, Rule, Severity, check
from govreport.errors import PluginError
from govreport.export import read_xlsx
from govreport.plugins import PluginHost

FAULTY = Path(__file__).parent / "data" / "plugins" / "faulty-io"
SEED_TXT = Path(__file__).resolve().parent.parent / "examples" / "zibo-gaoxin-2021.txt"
PLUGINS = (
    "raising_sniff,wrong_sniff,raising_read,wrong_read,garbage_read,exiting_read,raising_render,wrong_render,"
    "exiting_render"
)
DIST = "(govreport-faulty-io 0.0.1)"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("faulty-io")
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
    subprocess.run([*pip, "--target", str(target), str(FAULTY)], check=True, capture_output=True)
    return target


def govreport_cli(site: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GOVREPORT_")}
    environ["PYTHONPATH"] = os.pathsep.join([str(site), environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    environ["GOVREPORT_PLUGINS"] = PLUGINS
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import sys; from govreport.cli import main; sys.exit(main())", *args],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
        timeout=300,
    )


def test_a_sniff_that_raises_or_answers_wrong_is_passed_over(site: Path, tmp_path: Path) -> None:
    done = govreport_cli(site, "import", str(SEED_TXT), "-o", str(tmp_path / "out.json"))
    assert done.returncode == 0, done.stderr
    assert govreport.validate_file(tmp_path / "out.json").valid
    assert f"plugin 'raising_sniff' {DIST} raised in importer 'rsniff' (sniff): ValueError: cannot sniff" in done.stderr
    assert "plugin 'wrong_sniff'" in done.stderr
    assert "sniff returned a str, not True or False" in done.stderr
    assert "internal error" not in done.stderr


@pytest.mark.parametrize(
    ("importer", "message"),
    [
        ("rread", "raised in importer 'rread' (read): RuntimeError: the reader broke"),
        ("wread", "raised in importer 'wread' (read): TypeError: read returned a str, not a SourceDocument"),
        ("gread", "raised in importer 'gread' (read): TypeError: read returned a Line whose text is an int"),
        ("xread", "raised in importer 'xread' (read): SystemExit: the plugin tried to end govreport (exit code 3)"),
    ],
)
def test_a_failing_read_is_the_plugins_failure(site: Path, tmp_path: Path, importer: str, message: str) -> None:
    source = tmp_path / f"report.{importer}"
    source.write_bytes(SEED_TXT.read_bytes())
    forced = govreport_cli(site, "import", str(source), "--importer", importer, "-o", str(tmp_path / "forced.json"))
    assert forced.returncode == 1, forced.stderr
    assert message in forced.stderr
    assert "the plugin is at fault, not the input" in forced.stderr
    assert "internal error" not in forced.stderr
    assert not (tmp_path / "forced.json").exists()
    chosen = govreport_cli(site, "import", str(source), "-o", str(tmp_path / "chosen.json"))
    assert chosen.returncode == 0, chosen.stderr  # passed over: the text importer reads the file
    assert message in chosen.stderr
    assert "; skipped" in chosen.stderr
    assert govreport.validate_file(tmp_path / "chosen.json").valid


@pytest.mark.parametrize(
    ("exporter", "message"),
    [
        ("boom", "raised in exporter 'boom' ({part}): ValueError: the renderer broke"),
        ("strout", "raised in exporter 'strout' ({part}): TypeError: {part} returned a str, not bytes"),
        ("bye", "raised in exporter 'bye' ({part}): SystemExit: the plugin tried to end govreport (exit code 3)"),
    ],
)
def test_a_failing_exporter_is_the_plugins_failure(
    site: Path, seed_path: Path, tmp_path: Path, exporter: str, message: str
) -> None:
    out = tmp_path / "out"
    done = govreport_cli(site, "export", str(seed_path), "--to", exporter, "-o", str(out))
    assert done.returncode == 1, done.stderr
    assert message.format(part="render") in done.stderr
    assert "internal error" not in done.stderr
    assert not out.exists()
    blank = govreport_cli(site, "template", "--to", exporter, "-o", str(out))
    assert blank.returncode == 1, blank.stderr
    assert message.format(part="template") in blank.stderr
    assert not out.exists()
    others = govreport_cli(site, "export", str(seed_path), "--to", "xlsx", "-o", str(tmp_path / "fine.xlsx"))
    assert others.returncode == 0, others.stderr
    assert read_xlsx(tmp_path / "fine.xlsx") == govreport.load(seed_path)


def test_the_facade_raises_plugin_error_and_strict_mode_too(site: Path, seed_path: Path) -> None:
    sys.path.insert(0, str(site))
    try:
        host = PluginHost(allow=PLUGINS.split(","))
        api = Govreport(host)
        report = api.load(seed_path)
        with pytest.raises(PluginError, match="exporter 'boom' \\(render\\): ValueError"):
            api.export(report, "boom")
        assert api.export(report, "csv").startswith(b"table,")
        with pytest.raises(PluginError, match="importer 'rread' \\(read\\)"):
            api.import_bytes(SEED_TXT.read_bytes(), "x.rread", importer="rread")
        assert api.import_bytes(SEED_TXT.read_bytes(), "x.rread").report.metadata.organ
        stages = {(f.plugin, f.stage) for f in host.failures}
        assert ("raising_render", "exporter 'boom' (render)") in stages
        assert ("raising_sniff", "importer 'rsniff' (sniff)") in stages
        strict = Govreport(PluginHost(allow=["raising_sniff"], strict=True))
        with pytest.raises(PluginError, match="strict plugin mode"):
            strict.import_bytes(SEED_TXT.read_bytes(), "x.txt")
    finally:
        sys.path.remove(str(site))


# -- the check engine (govreport's part; the rule machinery itself is not changed here) -----------------------------


def _rule(rule_id: str, evaluate: object) -> Rule:
    return Rule(
        id=rule_id,
        versions=("2019", "2021"),
        severity=Severity.ERROR,
        message_zh="测试规则",
        message_en="A test rule.",
        doc="A rule that misbehaves.",
        evaluate=evaluate,  # type: ignore[arg-type]
    )


def test_a_rule_that_raises_or_answers_wrong_is_cannot_tell(seed_report: govreport.AnyReport) -> None:
    def raises(rule: Rule, context: object) -> list[object]:
        raise ZeroDivisionError("division by zero")

    def wrong(rule: Rule, context: object) -> list[object]:
        return ["not a finding"]

    def exits(rule: Rule, context: object) -> list[object]:
        raise SystemExit(3)

    rules = [_rule("X-RAISES", raises), _rule("X-WRONG", wrong), _rule("X-EXITS", exits)]
    findings = {f.rule_id: f for f in check(seed_report, rules=rules).findings}
    assert findings["X-RAISES"].outcome is Outcome.CANNOT_TELL
    assert "ZeroDivisionError" in (findings["X-RAISES"].reason or "")
    assert findings["X-WRONG"].outcome is Outcome.CANNOT_TELL
    assert findings["X-EXITS"].outcome is Outcome.CANNOT_TELL
