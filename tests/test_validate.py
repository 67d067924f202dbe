"""Validation through the Python API and the ``govreport validate`` command."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import govreport
from conftest import set_at
from govreport import jsonio
from govreport.cli import main
from govreport.layout import cells

BIN = Path(sys.executable).parent / "govreport"


def _cell_pointers(seed_report: Any) -> list[str]:
    return [c.pointer for c in cells(seed_report)]


def _required_pointers(data: Any, prefix: str = "") -> list[str]:
    """Pointers of every required key in the seed (all table keys and the metadata essentials)."""
    schema = govreport.json_schema("2021")
    out = []

    def walk(node: Any, sub: dict[str, Any], where: str) -> None:
        if "$ref" in sub:
            sub = schema["$defs"][sub["$ref"].split("/")[-1]]
        if "oneOf" in sub and isinstance(node, dict) and "layout" in node:
            for branch in sub["oneOf"]:
                target = schema["$defs"][branch["$ref"].split("/")[-1]]
                if target["properties"]["layout"]["const"] == node["layout"]:
                    sub = target
        if not isinstance(node, dict) or "properties" not in sub:
            return
        for key in sub.get("required", []):
            out.append(f"{where}/{key}")
        for key, value in node.items():
            if key in sub["properties"]:
                walk(value, sub["properties"][key], f"{where}/{key}")

    walk(data, schema, prefix)
    return out


def test_seed_is_valid(seed_path: Path) -> None:
    result = govreport.validate_file(seed_path)
    assert result.valid, result.issues
    assert result.version == "2021"
    assert govreport.load(seed_path) == result.report


@pytest.mark.parametrize("bad", [-1, "49", Decimal("4.5")], ids=["negative", "string", "fraction"])
def test_every_number_changed_is_named(seed_data: dict[str, Any], seed_report: Any, bad: Any) -> None:
    pointers = _cell_pointers(seed_report)
    assert len(pointers) == 10 + 23 * 7 + 15  # 表二, 表三 with （六） as one row, 表四
    for ptr in pointers:
        if ptr.endswith("fee_amount") and bad == Decimal("4.5"):
            continue  # a fraction is a valid amount in 万元
        doc = set_at(copy.deepcopy(seed_data), ptr, bad)
        result = govreport.validate_data(doc)
        assert [i.pointer for i in result.issues] == [ptr], (ptr, result.issues)
        assert result.issues[0].label.split(" › ")[-1], ptr


def test_every_required_key_removed_is_named(seed_data: dict[str, Any]) -> None:
    pointers = _required_pointers(seed_data)
    assert "/applications/results/denied/state_secret/natural_person" in pointers
    assert "/metadata/organ" in pointers
    for ptr in pointers:
        if ptr == "/format_version":
            continue  # an explicit version supplies it; tested in test_explicit_version_overrides_the_document
        doc = copy.deepcopy(seed_data)
        *parents, last = ptr.split("/")[1:]
        target: Any = doc
        for token in parents:
            target = target[token]
        del target[last]
        result = govreport.validate_data(doc, version="2021")
        assert ptr in [i.pointer for i in result.issues], (ptr, result.issues)
        issue = next(i for i in result.issues if i.pointer == ptr)
        assert issue.code == "required"


def test_all_errors_at_once(seed_data: dict[str, Any]) -> None:
    set_at(seed_data, "/applications/new_received/natural_person", "49")
    set_at(seed_data, "/review_litigation/admin_review/upheld", -7)
    set_at(seed_data, "/metadata/publication_date", "2022-02-30")
    seed_data["metadata"]["mayor"] = "x"
    del seed_data["active_disclosure"]["licensing"]
    result = govreport.validate_data(seed_data)
    assert [(i.pointer, i.code) for i in result.issues] == [
        ("/active_disclosure/licensing", "required"),
        ("/applications/new_received/natural_person", "type"),
        ("/metadata/mayor", "unknown_key"),
        ("/metadata/publication_date", "date"),
        ("/review_litigation/admin_review/upheld", "minimum"),
    ]
    labels = {i.pointer: i.label for i in result.issues}
    assert labels["/applications/new_received/natural_person"] == (
        "三、收到和处理政府信息公开申请情况 › 一、本年新收政府信息公开申请数量 › 自然人"
    )
    assert labels["/active_disclosure/licensing"] == "二、主动公开政府信息情况 › 行政许可"


def test_submission_profile_rejects_marks(seed_data: dict[str, Any]) -> None:
    set_at(seed_data, "/applications/results/granted/other_org", "/")
    set_at(seed_data, "/active_disclosure/regulations/valid", "")
    assert govreport.validate_data(seed_data).valid
    result = govreport.validate_data(seed_data, profile="submission")
    assert [(i.pointer, i.code) for i in result.issues] == [
        ("/active_disclosure/regulations/valid", "submission"),
        ("/applications/results/granted/other_org", "submission"),
    ]


def test_explicit_version_overrides_the_document(seed_data: dict[str, Any]) -> None:
    as_2019 = govreport.validate_data(seed_data, version="2019")
    assert as_2019.version == "2019"
    assert not as_2019.valid
    assert "/active_disclosure/regulations/made" in [i.pointer for i in as_2019.issues]
    del seed_data["format_version"]
    assert not govreport.validate_data(seed_data).valid
    assert govreport.validate_data(seed_data, version="2021").valid
    seed_data["format_version"] = "2030"
    result = govreport.validate_data(seed_data)
    assert result.issues[0].message == "unknown format version '2030'; known: 2019, 2021"


def test_amount_round_trips_exactly(seed_copy: Path, tmp_path: Path) -> None:
    report = govreport.load(seed_copy)
    out = tmp_path / "out.json"
    govreport.save(report, out)
    assert out.read_text(encoding="utf-8") == seed_copy.read_text(encoding="utf-8")
    assert "5953.02496" in out.read_text(encoding="utf-8")


def test_float_amount_from_plain_json_is_refused(seed_data: dict[str, Any]) -> None:
    plain = json.loads(jsonio.dumps(seed_data))  # stdlib json: amounts become binary floats
    with pytest.raises(govreport.StructureFailed) as info:
        govreport.structure(plain, govreport.v2021.Report)
    assert info.value.issues[0].pointer == "/active_disclosure/admin_fees/fee_amount"
    assert "govreport.loads" in info.value.issues[0].message


# --- the command line -------------------------------------------------------------------------


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_valid(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["validate", str(seed_path)], capsys)
    assert code == 0
    assert "valid (2021 format, lenient profile)" in out


def test_cli_invalid_names_the_place(
    seed_data: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        jsonio.dumps(set_at(seed_data, "/applications/new_received/natural_person", "49")), encoding="utf-8"
    )
    code, out, err = _run(["validate", str(path)], capsys)
    assert code == 1
    assert out.startswith(f"{path}: /applications/new_received/natural_person (三、收到和处理政府信息公开申请情况 › ")
    assert "got string '49'" in out
    assert "1 report(s): 1 invalid" in err
    code, out, _ = _run(["validate", "--json", str(path)], capsys)
    assert code == 1
    payload = json.loads(out)
    assert payload[0]["valid"] is False
    assert payload[0]["issues"][0]["pointer"] == "/applications/new_received/natural_person"
    assert payload[0]["issues"][0]["label"].endswith("自然人")


def test_cli_real_process(seed_path: Path, tmp_path: Path) -> None:
    ok = subprocess.run([str(BIN), "validate", str(seed_path)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    usage = subprocess.run([str(BIN), "validate"], capture_output=True, text=True, check=False)
    assert usage.returncode == 2
    assert "usage:" in usage.stderr
    assert "Traceback" not in usage.stderr


BAD_INPUTS: dict[str, tuple[bytes, str]] = {
    "empty.json": (b"", "the file is empty"),
    "blank.json": (b"  \n", "the file is empty"),
    "invalid.json": (
        b'{"format_version": "2021",',
        "not valid JSON: Expecting property name enclosed in double quotes (line 1",
    ),
    "array.json": (b"[1, 2]", "expected a JSON object at the top level, got an array"),
    "dup.json": (
        b'{"format_version": "2021", "metadata": {"organ": "a", "organ": "b"}}',
        "duplicate key 'organ' in the object at /metadata",
    ),
    "nan.json": (b'{"format_version": "2021", "x": NaN}', "NaN is not a JSON number"),
    "inf.json": (b'{"format_version": "2021", "x": -Infinity}', "-Infinity is not a JSON number"),
    "deep.json": (b"[" * 100_000 + b"]" * 100_000, "nesting deeper than 64 levels at line 1, column 65"),
    "utf16.json": ('{"a": 1}'.encode("utf-16"), "the file is UTF-16 or UTF-32; save it as UTF-8"),
    "latin1.json": ('{"organ": "caf\xe9"}'.encode("latin-1"), "is not UTF-8"),
    "long-number.json": (b'{"format_version": "2021", "x": ' + b"9" * 5000 + b"}", "a number has more digits than"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_cli_bad_input(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content, message = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = _run(["validate", str(path)], capsys)
    assert message in out, out
    assert out.startswith(f"{path}: ")
    assert "Traceback" not in out + err
    assert code == (1 if name == "array.json" else 2)


def test_cli_huge_file_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as fh:
        fh.write(b'{"pad": "')
        fh.write(b"x" * (50 * 1024 * 1024))
        fh.write(b'"}')
    code, out, _ = _run(["validate", str(path)], capsys)
    assert code == 2
    assert "the file is 50.0 MiB; JSON reports larger than 16 MiB are refused" in out


def test_cli_huge_count(seed_data: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.json"
    text = jsonio.dumps(seed_data).replace('"upheld": 7', '"upheld": 1' + "0" * 100, 1)
    path.write_text(text, encoding="utf-8")
    code, out, _ = _run(["validate", str(path)], capsys)
    assert code == 1
    assert "/review_litigation/admin_review/upheld" in out
    assert "larger than the largest count accepted" in out
    assert len(out) < 400


def test_cli_bom_is_accepted(seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + seed_path.read_bytes())
    code, out, _ = _run(["validate", str(path)], capsys)
    assert code == 0, out


def test_cli_missing_file_and_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["validate", str(tmp_path / "nope.json"), str(tmp_path)], capsys)
    assert code == 2
    assert "nope.json: no such file" in out  # a problem of the file names no place in it
    assert "the directory holds no .json files" in out


def test_cli_mixed_results_exit_code(seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    shutil.copy(seed_path, bad)
    bad.write_text(
        bad.read_text(encoding="utf-8").replace('"natural_person": 49', '"natural_person": 4.5', 1), encoding="utf-8"
    )
    code, _, _ = _run(["validate", str(seed_path), str(bad)], capsys)
    assert code == 1


def test_cli_show_and_schema(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["show", str(seed_path)], capsys)
    assert code == 0
    assert "表三 收到和处理政府信息公开申请情况" in out
    assert "5953.02496" in out
    assert "（三）不予公开" in out
    code, out, _ = _run(["schema", "--format", "2019", "--profile", "submission"], capsys)
    assert code == 0
    assert json.loads(out)["$id"] == "urn:govreport:schema:2019:report:submission"
