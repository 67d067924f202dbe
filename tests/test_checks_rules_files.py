"""The published rules files: committed = generated, valid against their schema, evaluated the same by a tiny
independent evaluator, and bad rules files refused with a clear message."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import govreport
from conftest import set_at
from govreport.checks import (
    Outcome,
    RulesFileError,
    check,
    identity_rules,
    load_rules,
    parse_rules,
    published_rules,
)

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
DATA = Path(__file__).parent / "data" / "checks"


def committed(name: str) -> Any:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"), parse_float=Decimal)


def test_committed_rules_files_match_the_code() -> None:
    for name, data in published_rules().items():
        assert (SCHEMAS / name).exists(), f"{name} missing: write it with govreport.checks.write_published_rules"
        assert committed(name) == json.loads(json.dumps(data, ensure_ascii=False)), f"{name} is stale"


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_rules_files_validate_against_their_schema(version: str) -> None:
    schema = committed("rules.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(committed(f"{version}/rules.json"))


# --- a tiny independent evaluator: reads only the JSON file and the document's JSON --------------------------------


def tiny_get(doc: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        if not isinstance(doc, dict) or token not in doc:
            return KeyError
        doc = doc[token]
    return doc


def tiny_evaluate(rules: dict[str, Any], doc: dict[str, Any]) -> dict[str, str]:
    out = {}
    for identity in rules["identities"]:
        when = identity.get("when")
        if when and tiny_get(doc, when["pointer"]) != when["equals"]:
            out[identity["id"]] = "not_applicable"
            continue
        values = [tiny_get(doc, identity["total"])] + [tiny_get(doc, i["pointer"]) for i in identity["items"]]
        if any(v is KeyError for v in values):
            out[identity["id"]] = "not_applicable"
        elif not all(type(v) in (int, Decimal) for v in values):
            out[identity["id"]] = "cannot_tell"
        else:
            total = values[0]
            items = sum(v * i["weight"] for v, i in zip(values[1:], identity["items"], strict=True))
            out[identity["id"]] = "passed" if total == items else "failed"
    return out


def engine_outcomes(version: str, doc: dict[str, Any]) -> dict[str, str]:
    rules_file = load_rules(SCHEMAS / version / "rules.json")
    rules = identity_rules(rules_file)
    result = check(govreport.from_data(doc), rules=rules)
    outcomes = [f.outcome.value for f in result.findings]
    ids = [i.id for r in sorted(rules, key=lambda r: r.id) for i in rules_file.identities if i.rule == r.id]
    assert len(outcomes) == len(ids)
    return dict(zip(ids, outcomes, strict=True))


def documents() -> list[tuple[str, dict[str, Any]]]:
    seed = json.loads((ROOT / "examples" / "zibo-gaoxin-2021.json").read_text(encoding="utf-8"), parse_float=Decimal)
    broken = set_at(copy.deepcopy(seed), "/applications/results/granted/natural_person", 30)
    blank = set_at(copy.deepcopy(seed), "/review_litigation/admin_review/upheld", "/")
    docs = [("seed", seed), ("broken", broken), ("blank", blank)]
    for name in sorted(DATA.glob("*.json")):
        docs.append((name.stem, json.loads(name.read_text(encoding="utf-8"), parse_float=Decimal)))
    return docs


@pytest.mark.parametrize(("name", "doc"), documents(), ids=[n for n, _ in documents()])
def test_independent_evaluator_agrees_with_the_engine(name: str, doc: dict[str, Any]) -> None:
    version = doc["format_version"]
    tiny = tiny_evaluate(committed(f"{version}/rules.json"), doc)
    assert engine_outcomes(version, doc) == tiny
    if name == "broken":
        assert "failed" in tiny.values()
    if name == "blank":
        assert tiny["T4-TOTAL/admin_review"] == "cannot_tell"


def test_huaian_fails_the_table_4_identities_in_both_evaluators() -> None:
    doc = json.loads((DATA / "huaian-hongze-2023.json").read_text(encoding="utf-8"))
    tiny = tiny_evaluate(committed("2021/rules.json"), doc)
    assert {k for k, v in tiny.items() if v == "failed"} == {
        "T4-TOTAL/admin_review",
        "T4-TOTAL/litigation_after_review",
    }


# --- bad rules files -----------------------------------------------------------------------------------------------


def rules_data() -> dict[str, Any]:
    return copy.deepcopy(committed("2021/rules.json"))


def test_unknown_pointer_is_refused() -> None:
    data = rules_data()
    data["identities"][0]["items"][1]["pointer"] = "/applications/new_recieved/natural_person"
    with pytest.raises(RulesFileError, match=r"/identities/0/items/1/pointer: unknown pointer '/applications/new_r"):
        parse_rules(data, source="bad.json")


def test_non_numeric_operand_is_refused() -> None:
    data = rules_data()
    data["identities"][0]["total"] = "/metadata/organ"
    with pytest.raises(RulesFileError, match=r"bad.json: /identities/0/total: '/metadata/organ' is not a number"):
        parse_rules(data, source="bad.json")
    data = rules_data()
    data["identities"][0]["items"][0]["pointer"] = "/applications/new_received"
    with pytest.raises(RulesFileError, match="is not a number"):
        parse_rules(data, source="bad.json")


def test_cycle_is_refused() -> None:
    data = rules_data()
    a = "/applications/new_received/natural_person"
    b = "/applications/carried_over_from_last_year/natural_person"
    data["identities"] += [
        {"id": "X/1", "rule": "T3-BALANCE", "subject": "x", "total": a, "items": [{"pointer": b, "weight": 1}]},
        {"id": "X/2", "rule": "T3-BALANCE", "subject": "x", "total": b, "items": [{"pointer": a, "weight": 1}]},
    ]
    with pytest.raises(RulesFileError, match=r"cycle: .*new_received/natural_person"):
        parse_rules(data, source="bad.json")


def test_self_loop_is_a_cycle() -> None:
    data = rules_data()
    identity = data["identities"][0]
    identity["items"].append({"pointer": identity["total"], "weight": 1})
    with pytest.raises(RulesFileError, match="cycle"):
        parse_rules(data)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["identities"][0]["items"][0].update(weight="1"), r"/identities/0/items/0/weight"),
        (lambda d: d["identities"][0]["items"][0].update(weight=2), r"/identities/0/items/0/weight"),
        (lambda d: d["identities"][0].update(code="__import__('os')"), r"/identities/0: Additional properties"),
        (lambda d: d["identities"][0].update(rule="NOPE"), r"rule 'NOPE' is not declared"),
        (lambda d: d["identities"].append(dict(d["identities"][0])), r"declared twice"),
    ],
)
def test_malformed_rules_are_refused(mutate: Any, message: str) -> None:
    data = rules_data()
    mutate(data)
    with pytest.raises(RulesFileError, match=message):
        parse_rules(data, source="bad.json")


def test_a_loaded_rules_file_gives_the_same_findings_as_the_builtin_rules(seed_report: govreport.AnyReport) -> None:
    rules = identity_rules(load_rules(SCHEMAS / "2021" / "rules.json"))
    from_file = check(seed_report, rules=rules)
    builtin = check(seed_report)
    ids = {r.id for r in rules}
    assert [f.to_json() for f in from_file.findings] == [f.to_json() for f in builtin.findings if f.rule_id in ids]
    assert all(f.outcome in (Outcome.PASSED, Outcome.NOT_APPLICABLE) for f in from_file.findings)
