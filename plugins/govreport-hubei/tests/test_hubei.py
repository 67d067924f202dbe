"""The Hubei 2020 variant: its row validates when declared, fails when not; its labels and rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import govreport_hubei
import pytest
from govreport_hubei import CHANGE_LABEL, REGULATIONS_LABEL, HubeiAdditions, findings

import govreport
from govreport.plugins.testing import check_variant, plugin_host

DATA = Path(__file__).parent / "data"


@pytest.fixture
def data() -> dict[str, Any]:
    """潜江市周矶街道办事处 2020 (表二 as published, with 其他主动公开文件 9/9/9)."""
    loaded: dict[str, Any] = govreport.loads((DATA / "qianjiang-zhouji-2020.json").read_text(encoding="utf-8"))
    return loaded


def test_variant_composes() -> None:
    with plugin_host(govreport_hubei):
        check_variant("hubei-2020")


def test_report_using_the_extra_row_validates(data: dict[str, Any]) -> None:
    with plugin_host(govreport_hubei):
        result = govreport.validate_data(data)
    assert result.issues == ()
    assert result.report is not None
    extra = result.report.extensions["hubei-2020"]
    assert isinstance(extra, HubeiAdditions)
    assert extra.other_documents.new_published == 9


def test_without_the_variant_declared_the_row_fails(data: dict[str, Any]) -> None:
    data["variants"] = []
    with plugin_host(govreport_hubei):
        result = govreport.validate_data(data)
    assert [(i.pointer, i.code) for i in result.issues] == [("/extensions/hubei-2020", "undeclared_variant")]
    assert 'add "hubei-2020" to "variants"' in result.issues[0].message


def test_a_bad_cell_in_the_extra_row_is_reported_at_the_cell(data: dict[str, Any]) -> None:
    data["extensions"]["hubei-2020"]["other_documents"]["new_made"] = -1
    with plugin_host(govreport_hubei):
        result = govreport.validate_data(data)
    assert [i.pointer for i in result.issues] == ["/extensions/hubei-2020/other_documents/new_made"]


def test_round_trip_keeps_the_extra_row(data: dict[str, Any]) -> None:
    with plugin_host(govreport_hubei):
        report = govreport.from_data(data)
        again = govreport.from_data(govreport.loads(govreport.dumps(report)))
    assert again == report


def test_labels_in_the_composed_schema() -> None:
    with plugin_host(govreport_hubei):
        schema = govreport.json_schema("2019", "lenient", ["hubei-2020"])
    assert schema["$defs"]["ActiveDisclosure"]["properties"]["regulations"]["title"] == REGULATIONS_LABEL
    assert schema["$defs"]["ItemCounts"]["properties"]["change"]["title"] == CHANGE_LABEL
    assert schema["$defs"]["FeeItems"]["properties"]["change"]["title"] == CHANGE_LABEL
    row = schema["properties"]["extensions"]["properties"]["hubei-2020"]
    assert row["$ref"] == "#/$defs/HubeiAdditions"
    assert schema["$defs"]["HubeiAdditions"]["properties"]["other_documents"]["title"] == "其他主动公开文件"


def test_negative_change_written_minus_eight_is_accepted(data: dict[str, Any]) -> None:
    data["active_disclosure"]["licensing"] = {"prev_year_items": 20, "change": -8, "decisions": 3}
    with plugin_host(govreport_hubei):
        report = govreport.from_data(data)
    assert report.active_disclosure.licensing.change == -8
    assert findings(report) == []


def test_decrease_larger_than_last_years_items(data: dict[str, Any]) -> None:
    data["active_disclosure"]["licensing"] = {"prev_year_items": 5, "change": -8, "decisions": 0}
    with plugin_host(govreport_hubei):
        found = findings(govreport.from_data(data))
    assert [(f.rule, f.pointer) for f in found] == [
        ("hubei-2020/change-decrease", "/active_disclosure/licensing/change")
    ]


def test_regulations_only_for_city_governments(data: dict[str, Any]) -> None:
    data["active_disclosure"]["regulations"]["new_made"] = 2
    with plugin_host(govreport_hubei):
        street = findings(govreport.from_data(data))
        data["metadata"].update(organ_kind="peoples_government", administrative_level="prefectural")
        city = findings(govreport.from_data(data))
    assert [f.rule for f in street] == ["hubei-2020/regulations-organ"]
    assert city == []


def test_rules_run_in_govreport_check(data: dict[str, Any]) -> None:
    checks = pytest.importorskip("govreport.checks")
    data["active_disclosure"]["licensing"] = {"prev_year_items": 5, "change": -8, "decisions": 0}
    with plugin_host(govreport_hubei):
        report = govreport.from_data(data)
        result = checks.check(report)
        ids = {r.id for r in checks.get_rules("2019")}
    assert {"hubei-2020/change-decrease", "hubei-2020/regulations-organ"} <= ids
    failed = [f for f in result.findings if f.rule_id.startswith("hubei-2020/") and f.outcome.value == "failed"]
    assert [(f.rule_id, f.places[0].pointer) for f in failed] == [
        ("hubei-2020/change-decrease", "/active_disclosure/licensing/change")
    ]


def test_rules_do_not_apply_without_the_variant(data: dict[str, Any]) -> None:
    checks = pytest.importorskip("govreport.checks")
    data["variants"], data["extensions"] = [], {}
    with plugin_host(govreport_hubei):
        result = checks.check(govreport.from_data(data))
    assert not [f for f in result.findings if f.rule_id.startswith("hubei-2020/")]
