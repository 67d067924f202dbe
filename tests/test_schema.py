"""The published JSON Schemas: committed files, metadata, and agreement with an independent validator."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest

import govreport
from conftest import set_at
from govreport import jsonio
from govreport.errors import UnknownFormatError
from govreport.schema import published_schemas, schema_id

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_match_the_generator() -> None:
    expected = published_schemas()
    committed = {str(p.relative_to(ROOT / "schemas")): p for p in (ROOT / "schemas").glob("*/report*.schema.json")}
    assert sorted(committed) == sorted(expected), "run `make schemas` and commit the result"
    for name, schema in expected.items():
        assert committed[name].read_text(encoding="utf-8") == jsonio.dumps(schema), (
            f"{name} is stale: run `make schemas`"
        )


@pytest.mark.parametrize("version", ["2019", "2021"])
@pytest.mark.parametrize("profile", ["lenient", "submission"])
def test_schema_is_valid_2020_12_with_stable_id(version: str, profile: str) -> None:
    schema = govreport.json_schema(version, profile)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == schema_id(version, profile)
    assert version in schema["$id"]
    assert schema["properties"]["format_version"] == {
        "title": "格式版本",
        "description": schema["properties"]["format_version"]["description"],
        "const": version,
    }


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_every_object_refuses_extra_keys_and_has_titles(version: str) -> None:
    schema = govreport.json_schema(version)

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert node["additionalProperties"] is False, where
                for key, prop in node["properties"].items():
                    assert prop.get("title"), f"{where}/{key}"
                    assert prop.get("description"), f"{where}/{key}"
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(schema, "")
    assert schema["$defs"]["ApplicantCounts"]["properties"]["natural_person"]["title"] == "自然人"


def test_unknown_version_is_a_clear_error() -> None:
    with pytest.raises(UnknownFormatError, match="unknown format version '2030'; known: 2019, 2021"):
        govreport.json_schema("2030")


def _fixtures(seed: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    cases: list[tuple[str, dict[str, Any]]] = [("seed", seed)]
    for ptr, value in [
        ("/applications/new_received/natural_person", -1),
        ("/applications/new_received/natural_person", "49"),
        ("/applications/new_received/natural_person", "/"),
        ("/applications/new_received/natural_person", ""),
        ("/applications/new_received/natural_person", {"unreadable": "四十九"}),
        ("/applications/new_received/natural_person", {"unreadable": 49}),
        ("/review_litigation/admin_review/total", 10**100),
        ("/active_disclosure/admin_fees/fee_amount", "5953.02496"),
        ("/active_disclosure/admin_fees/fee_amount", -1),
        ("/metadata/scope", "both"),
        ("/metadata/report_year", "2021"),
        ("/applications/results/other_handling/layout", "itemised"),
        ("/format_version", "2019"),
    ]:
        cases.append((f"{ptr}={value!r}"[:80], set_at(copy.deepcopy(seed), ptr, value)))
    extra = copy.deepcopy(seed)
    extra["metadata"]["mayor"] = "x"
    cases.append(("extra key", extra))
    missing = copy.deepcopy(seed)
    del missing["applications"]["carried_to_next_year"]
    cases.append(("missing row", missing))
    return cases


def test_independent_validator_agrees(seed_data: dict[str, Any]) -> None:
    for profile in ("lenient", "submission"):
        for version in ("2019", "2021"):
            schema = govreport.json_schema(version, profile)
            python_validator = jsonschema.Draft202012Validator(schema)
            rust_validator = jsonschema_rs.validator_for(schema)
            for name, doc in _fixtures(seed_data):
                text = json.dumps(json.loads(jsonio.dumps(doc)), ensure_ascii=False)
                instance = json.loads(text)  # plain floats for both validators
                assert python_validator.is_valid(instance) == rust_validator.is_valid(instance), (
                    profile,
                    version,
                    name,
                )


def test_seed_verdicts(seed_data: dict[str, Any]) -> None:
    verdicts = {name: govreport.validate_data(doc).valid for name, doc in _fixtures(seed_data)}
    assert verdicts.pop("seed") is True
    assert verdicts.pop("/applications/new_received/natural_person='/'") is True
    assert verdicts.pop("/applications/new_received/natural_person=''") is True
    assert verdicts.pop("/applications/new_received/natural_person={'unreadable': '四十九'}") is True
    assert not any(verdicts.values()), verdicts
