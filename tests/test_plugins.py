"""The plugin host: every hook, isolation, strictness, name clashes, allow/block lists, variants flowing.

Each test builds its own host with plugin objects defined here (pluggy's advice: a fresh manager per
test, never a mutated global); the real plugins in plugins/ have their own tests.
"""

from __future__ import annotations

import argparse
import copy
from pathlib import Path
from typing import Any, ClassVar

import attrs
import jsonschema
import pytest

import govreport
from govreport.cli import main
from govreport.export import Exporter, get_exporters
from govreport.formats import field
from govreport.formats.cells import Count, count_cell
from govreport.importers import get_importers
from govreport.plugins import (
    HOOK_NAMES,
    Command,
    MissingVariantError,
    PluginError,
    PluginHost,
    Variant,
    get_host,
    hookimpl,
    use_host,
)
from govreport.plugins.testing import check_variant, plugin_host
from govreport.schema import generate


@attrs.frozen(kw_only=True)
class TownRow:
    """A row a test variant adds."""

    TITLE: ClassVar[str] = "乡镇增加的行"

    meetings: Count = count_cell("政务公开会议次数", "Disclosure meetings held.")


@attrs.frozen(kw_only=True)
class TownAdditions:
    """What the test variant adds."""

    TITLE: ClassVar[str] = "测试变体增加的内容"

    town_row: TownRow = field(label="乡镇增加的行", description="An added row.")


TOWN = Variant(
    name="test-town",
    version="1.0",
    base_format="2021",
    title="测试用乡镇模板",
    extension=TownAdditions,
    labels={"/active_disclosure/regulations": "规章（测试注释）"},
)


class VariantPlugin:
    @hookimpl
    def register_variants(self) -> list[Variant]:
        return [TOWN]


class RaisingPlugin:
    @hookimpl
    def register_variants(self) -> list[Variant]:
        raise RuntimeError("boom")


def _csv_like(report: govreport.AnyReport) -> bytes:
    return report.metadata.organ.encode()


class ExporterPlugin:
    @hookimpl
    def register_exporters(self) -> list[Exporter]:
        return [
            Exporter(name="organ", suffix=".txt", media_type="text/plain", binary=False, render=_csv_like),
        ]


class ClashingExporterPlugin(ExporterPlugin):
    pass


def _hello(args: argparse.Namespace) -> int:
    print(f"你好 {args.who}")
    return 0


class CommandPlugin:
    @hookimpl
    def register_commands(self) -> list[Command]:
        return [
            Command(name="hello", help="say hello", run=_hello, configure=lambda p: p.add_argument("who")),
        ]


@pytest.fixture
def town_data(seed_data: dict[str, Any]) -> dict[str, Any]:
    seed_data["variants"] = ["test-town"]
    seed_data["extensions"] = {"test-town": {"town_row": {"meetings": 4}}}
    return seed_data


def host_with(*plugins: object, strict: bool = False) -> PluginHost:
    host = PluginHost(entry_points=False, strict=strict)
    for plugin in plugins:
        assert host.register(plugin, type(plugin).__name__)
    return host


# one test per hook (tests/test_plugins_docs.py checks each hook has one)


def test_hook_register_variants(town_data: dict[str, Any]) -> None:
    with use_host(host_with(VariantPlugin())):
        result = govreport.validate_data(town_data)
        check_variant("test-town")
    assert result.issues == ()
    assert result.report is not None
    assert result.report.extensions["test-town"] == TownAdditions(town_row=TownRow(meetings=4))


def test_hook_register_exporters(seed_report: govreport.AnyReport) -> None:
    with use_host(host_with(ExporterPlugin())):
        exporters = {e.name: e for e in get_exporters()}
    assert exporters["organ"].render(seed_report) == "淄博高新技术产业开发区".encode()
    assert [e.name for e in exporters.values()] == sorted(exporters)


def test_hook_register_importers() -> None:
    builtin = get_importers()[0]

    class ImporterPlugin:
        @hookimpl
        def register_importers(self) -> list[Any]:
            return [attrs.evolve(builtin, name="zz-copy")]

    with use_host(host_with(ImporterPlugin())):
        names = [i.name for i in get_importers()]
    assert "zz-copy" in names
    assert names == sorted(names)


def test_hook_register_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with use_host(host_with(CommandPlugin())):
        code = main(["hello", "武威"])
    assert code == 0
    assert "你好 武威" in capsys.readouterr().out


def test_hook_register_checks() -> None:
    from govreport import checks

    class RulePlugin:
        @hookimpl
        def register_checks(self) -> list[Any]:
            return [
                checks.Rule(
                    id="TEST-PLUGIN",
                    versions=("2021",),
                    severity=checks.Severity.INFO,
                    message_zh="测试规则",
                    message_en="a test rule",
                    doc="A rule from a test plugin.",
                    evaluate=lambda rule, context: [rule.finding(checks.Outcome.PASSED)],
                )
            ]

    class WrongPlugin:
        @hookimpl
        def register_checks(self) -> list[object]:
            return ["not a rule"]

    host = host_with(RulePlugin(), WrongPlugin())
    with use_host(host):
        ids = [r.id for r in checks.get_rules("2021")]
    assert "TEST-PLUGIN" in ids
    assert [(f.plugin, f.stage) for f in host.failures] == [("WrongPlugin", "register_checks")]
    assert "Rule" in host.failures[0].error


# isolation, strictness, clashes


def test_a_raising_plugin_is_reported_and_skipped(town_data: dict[str, Any]) -> None:
    host = host_with(RaisingPlugin(), VariantPlugin())
    assert [v.name for v in host.variants()] == ["test-town"]
    (failure,) = host.failures
    assert (failure.plugin, failure.stage, failure.error) == (
        "RaisingPlugin",
        "register_variants",
        "RuntimeError: boom",
    )
    assert "raised in register_variants" in failure.message


def test_strict_host_raises() -> None:
    host = host_with(RaisingPlugin(), strict=True)
    with pytest.raises(PluginError, match=r"RaisingPlugin.*boom.*strict"):
        host.variants()


def test_wrong_record_type_is_a_failure() -> None:
    class Wrong:
        @hookimpl
        def register_variants(self) -> list[str]:
            return ["hubei"]

    host = host_with(Wrong())
    assert host.variants() == ()
    assert "not a govreport.formats.Variant" in host.failures[0].error


def test_two_plugins_claiming_one_name_names_both() -> None:
    host = host_with(ExporterPlugin(), ClashingExporterPlugin())
    assert "organ" not in {e.name for e in host.exporters()}
    messages = {f.message for f in host.failures}
    assert len(messages) == 2
    for message in messages:
        assert "'ClashingExporterPlugin'" in message
        assert "'ExporterPlugin'" in message
        assert "exporter named 'organ'" in message


def test_misspelt_hook_fails_registration() -> None:
    class Misspelt:
        @hookimpl
        def register_variant(self) -> list[Variant]:  # no such hook
            return []

    host = PluginHost(entry_points=False)
    assert not host.register(Misspelt(), "misspelt")
    assert host.failures[0].stage == "register"


def test_allow_and_block_lists() -> None:
    blocked = PluginHost(entry_points=False, block=["VariantPlugin"])
    assert not blocked.register(VariantPlugin(), "VariantPlugin")
    allowed = PluginHost(entry_points=False, allow=["other"])
    assert not allowed.register(VariantPlugin(), "VariantPlugin")
    assert allowed.variants() == ()


def test_environment_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVREPORT_PLUGINS", "hubei")
    monkeypatch.setenv("GOVREPORT_STRICT_PLUGINS", "1")
    host = PluginHost.from_environment()
    assert host.strict
    assert {p.name for p in host.plugins()} <= {"hubei"}


def test_use_host_is_scoped() -> None:
    outer = get_host()
    with plugin_host(VariantPlugin()) as inner:
        assert get_host() is inner
    assert get_host() is outer


# variants flowing through schema, validation and the converter


def test_composed_schema_is_self_contained(town_data: dict[str, Any]) -> None:
    schema = generate("2021", "submission", [TOWN])
    jsonschema.Draft202012Validator(schema).validate(town_data)
    ext = schema["properties"]["extensions"]
    assert ext["required"] == ["test-town"]
    assert ext["properties"]["test-town"]["$ref"] == "#/$defs/TownAdditions"
    assert schema["$defs"]["ActiveDisclosure"]["properties"]["regulations"]["title"] == "规章（测试注释）"
    assert schema["$id"].endswith(":test-town@1.0")
    assert generate("2021")["properties"]["extensions"] == {
        **generate("2021")["properties"]["extensions"],
        "additionalProperties": False,
    }


def test_relabelling_a_field_that_does_not_exist_is_an_error() -> None:
    wrong = attrs.evolve(TOWN, labels={"/active_disclosure/no_such_row": "无此行"})
    with pytest.raises(ValueError, match=r"no_such_row.*names no field"):
        generate("2021", "lenient", [wrong])


def test_variant_for_the_other_format_is_refused(seed_data: dict[str, Any]) -> None:
    other = attrs.evolve(TOWN, base_format="2019")

    class OtherPlugin:
        @hookimpl
        def register_variants(self) -> list[Variant]:
            return [other]

    seed_data["variants"] = ["test-town"]
    with use_host(host_with(OtherPlugin())):
        result = govreport.validate_data(seed_data)
    assert [(i.pointer, i.code) for i in result.issues] == [("/variants/0", "variant_format")]


def test_missing_plugin_is_named(town_data: dict[str, Any]) -> None:
    with use_host(host_with()):
        result = govreport.validate_data(town_data)
        with pytest.raises(MissingVariantError, match="'test-town'"):
            govreport.json_schema("2021", "lenient", ["test-town"])
    issues = {i.pointer: i for i in result.issues}
    assert issues["/variants/0"].code == "missing_plugin"
    assert "no installed plugin provides the variant 'test-town'" in issues["/variants/0"].message
    assert "plugin is not installed" in issues["/extensions/test-town"].message


def test_undeclared_variant_content_fails_at_its_place(town_data: dict[str, Any]) -> None:
    town_data["variants"] = []
    with use_host(host_with(VariantPlugin())):
        result = govreport.validate_data(town_data)
    assert [(i.pointer, i.code) for i in result.issues] == [("/extensions/test-town", "undeclared_variant")]


def test_bad_cell_in_an_extension(town_data: dict[str, Any]) -> None:
    town_data["extensions"]["test-town"]["town_row"]["meetings"] = "4"
    with use_host(host_with(VariantPlugin())):
        result = govreport.validate_data(town_data)
        with pytest.raises(govreport.StructureFailed) as structured:
            govreport.structure(town_data, govreport.v2021.Report)
    assert [i.pointer for i in result.issues] == ["/extensions/test-town/town_row/meetings"]
    assert [i.pointer for i in structured.value.issues] == ["/extensions/test-town/town_row/meetings"]


def test_extension_round_trips(town_data: dict[str, Any]) -> None:
    with use_host(host_with(VariantPlugin())):
        report = govreport.from_data(copy.deepcopy(town_data))
        text = govreport.dumps(report)
    assert govreport.loads(text)["extensions"] == town_data["extensions"]


# the command line


def test_plugins_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    with use_host(host_with(VariantPlugin(), RaisingPlugin())):
        assert main(["plugins", "--json"]) == 0
    listed = govreport.loads(capsys.readouterr().out)
    assert [p["name"] for p in listed] == ["RaisingPlugin", "VariantPlugin"]
    assert listed[1]["provides"] == ["variant:test-town"]
    assert listed[1]["hooks"] == ["register_variants"]
    assert listed[0]["errors"] == [{"stage": "register_variants", "error": "RuntimeError: boom"}]


def test_schema_command_with_variant(capsys: pytest.CaptureFixture[str]) -> None:
    with use_host(host_with(VariantPlugin())):
        assert main(["schema", "--format", "2021", "--variant", "test-town"]) == 0
        assert main(["schema", "--format", "2021", "--variant", "nowhere"]) == 2
    out, err = capsys.readouterr()
    assert "test-town" in govreport.loads(out)["properties"]["extensions"]["properties"]
    assert "'nowhere'" in err


def test_strict_flag_fails_the_command(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with use_host(host_with(RaisingPlugin())):
        assert main(["validate", str(seed_path)]) == 0
        assert "warning: plugin 'RaisingPlugin'" in capsys.readouterr().err
        assert main(["--strict-plugins", "validate", str(seed_path)]) == 1
    assert "error: plugin 'RaisingPlugin'" in capsys.readouterr().err


def test_every_hook_is_known() -> None:
    assert sorted(HOOK_NAMES) == list(HOOK_NAMES)
    host = PluginHost(entry_points=False)
    assert {h for h in dir(host.manager.hook) if h.startswith("register_")} == set(HOOK_NAMES)


def test_installed_plugins_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    """With the plugins in plugins/ installed (make install does it), `govreport plugins --json` lists them."""
    with use_host(PluginHost(allow=["hubei", "wuwei", "seedtext"])):
        assert main(["plugins", "--json"]) == 0
    listed = {p["name"]: p for p in govreport.loads(capsys.readouterr().out)}
    assert set(listed) == {"hubei", "seedtext", "wuwei"}
    assert listed["hubei"]["distribution"] == "govreport-hubei"
    assert listed["hubei"]["version"] == "2020.1.0"
    assert listed["hubei"]["hooks"] == ["register_checks", "register_variants"]
    assert listed["seedtext"]["provides"] == ["exporter:seedtext"]
    assert "variant:wuwei-2025" in listed["wuwei"]["provides"]
    assert "check:wuwei-2025/overall-length" in listed["wuwei"]["provides"]
