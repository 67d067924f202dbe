"""Issue 19, strings and numbers: what the format allows, refused at validation with a clear message, and never
an exit 3 afterwards (check, show, validate, export, batch runs, aggregate)."""

from __future__ import annotations

import copy
import io
import json
import os
import resource
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import govreport
from govreport import jsonio
from govreport.aggregate import AggregationError, aggregate
from govreport.cli import main
from govreport.errors import InputError
from govreport.export import ExportError, export
from govreport.formats.cells import MAX_AMOUNT_PLACES, MAX_COUNT, Unreadable
from govreport.formats.text import printable, scrub, text_problem
from govreport.importers import ImportFailed, import_bytes

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "examples" / "zibo-gaoxin-2021.txt"


def cli(*args: str, cwd: Path | None = None, limit_mib: int | None = None) -> subprocess.CompletedProcess[bytes]:
    """The command line in its own process, its output through real pipes (strict UTF-8 for the test to read)."""

    def limits() -> None:
        if limit_mib is not None:
            size = limit_mib * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return subprocess.run(
        [sys.executable, "-c", "import sys; from govreport.cli import main; sys.exit(main())", *args],
        capture_output=True,
        cwd=cwd,
        check=False,
        timeout=300,
        preexec_fn=limits,
    )


def write(path: Path, data: dict[str, Any]) -> Path:
    """Write ``data`` as JSON text exactly as a hostile producer would: refused characters as escapes."""
    path.write_text(jsonio.dumps(data), encoding="utf-8")
    return path


# -- strings --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ("x\ud800y", "a lone surrogate U+D800"),
        ("\udc00", "a lone surrogate U+DC00"),
        ("a\x00b", "the NUL character U+0000"),
        ("\x07", "the control character U+0007"),
        ("\x1b[31m", "the control character U+001B"),
        ("\x0c", "the control character U+000C"),
        ("\ufffe", "the non-character U+FFFE"),
        ("\uffff", "the non-character U+FFFF"),
    ],
)
def test_refused_characters_are_invalid_at_their_place(seed_data: dict[str, Any], value: str, named: str) -> None:
    seed_data["metadata"]["organ"] = value
    for result in (
        govreport.validate_data(seed_data),
        govreport.validate_text(jsonio.dumps(seed_data)),
        govreport.validate_text(jsonio.dumps(seed_data).encode("utf-8")),
    ):
        assert result.report is None
        (issue,) = result.issues
        assert (issue.pointer, issue.code, issue.label) == ("/metadata/organ", "text", "报告信息 › 报告机关")
        assert named in issue.message
        issue.message.encode("utf-8")  # printable


@pytest.mark.parametrize(
    "allowed", ["tab\there", "line\nfeed", "cr\rlf\r\n", "\u007f\u0085 C1 and DEL", "𠀀\U0010fffd"]
)
def test_what_xml_allows_is_allowed(seed_data: dict[str, Any], allowed: str) -> None:
    seed_data["preamble"] = [allowed]
    assert govreport.validate_data(seed_data).valid
    assert text_problem(allowed) is None


def test_every_place_that_holds_text_is_checked(seed_data: dict[str, Any]) -> None:
    seed_data["metadata"]["contact"]["name"] = "\x01"
    seed_data["preamble"] = ["fine", "\ud800"]
    seed_data["overall"]["supervision"] = ["\x00"]
    seed_data["applications"]["new_received"]["natural_person"] = {"unreadable": "4\x009"}
    seed_data["metadata"]["members"] = ["\uffff"]
    pointers = {i.pointer for i in govreport.validate_data(seed_data).issues if i.code == "text"}
    assert pointers == {
        "/metadata/contact/name",
        "/preamble/1",
        "/overall/supervision/0",
        "/applications/new_received/natural_person",
        "/metadata/members/0",
    }


def test_a_surrogate_key_is_named_printably(seed_data: dict[str, Any]) -> None:
    seed_data["metadata"]["\udc00"] = 1
    (issue,) = govreport.validate_text(jsonio.dumps(seed_data)).issues
    assert issue.code == "unknown_key"
    assert issue.pointer == "/metadata/\\udc00"
    assert "'\\udc00'" in issue.message
    jsonio.dumps(issue.to_json()).encode("utf-8")


def test_a_duplicate_key_under_a_surrogate_key_is_named_printably() -> None:
    # found by the fuzz suite: the unreadable document's one issue quoted the object's pointer raw
    text = '{"\\ud800": {"a": 1, "a": 2}}'
    (issue,) = govreport.validate_text(text).issues
    assert issue.code == "duplicate_key"
    assert "/\\ud800" in issue.message
    issue.message.encode("utf-8")
    with pytest.raises(InputError) as raised:
        jsonio.loads(text)
    raised.value.message.encode("utf-8")


@pytest.mark.parametrize("command", ["validate", "check", "show"])
def test_commands_refuse_a_lone_surrogate_with_exit_1(seed_data: dict[str, Any], tmp_path: Path, command: str) -> None:
    seed_data["metadata"]["organ"] = "x\ud800y"
    done = cli(command, str(write(tmp_path / "s.json", seed_data)))
    output = (done.stdout + done.stderr).decode("utf-8")  # strict: every byte printed is UTF-8
    assert done.returncode == 1, output
    assert "/metadata/organ" in output
    assert "a lone surrogate U+D800" in output
    assert "internal error" not in output


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "html", "markdown", "json"])
def test_exports_refuse_control_characters_with_exit_1(seed_data: dict[str, Any], tmp_path: Path, fmt: str) -> None:
    seed_data["preamble"] = ["NUL\x00 and BEL\x07"]
    out = tmp_path / "out.bin"
    done = cli("export", str(write(tmp_path / "c.json", seed_data)), "--to", fmt, "-o", str(out))
    assert done.returncode == 1, done.stderr
    assert b"/preamble/0" in done.stderr
    assert not out.exists()


def test_export_refuses_a_record_made_in_code(seed_report: govreport.AnyReport) -> None:
    bad = attrs.evolve(seed_report, metadata=attrs.evolve(seed_report.metadata, signed_by="\x00"))
    with pytest.raises(ExportError, match=r"/metadata/signed_by: the text holds the NUL character"):
        export(bad, "xlsx")


def test_a_batch_with_one_bad_file_keeps_every_record_and_the_summary(
    seed_data: dict[str, Any], tmp_path: Path
) -> None:
    for i in range(41):
        data = copy.deepcopy(seed_data)
        if i == 10:
            data["metadata"]["organ"] = "\ud800"
        write(tmp_path / f"r{i:02d}.json", data)
    done = cli("validate", "--jsonl", "--workers", "2", str(tmp_path))
    lines = done.stdout.decode("utf-8").splitlines()
    assert done.returncode == 1, done.stderr
    records = [json.loads(line) for line in lines[:-1]]
    assert len(records) == 41
    assert [r["file"].endswith("r10.json") for r in records if not r["valid"]] == [True]
    assert json.loads(lines[-1])["summary"]["by_status"] == {"invalid": 1, "valid": 40}


def test_a_file_name_that_is_not_utf8_is_printed_not_fatal(seed_path: Path, tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    bad = os.path.join(folder, b"\xff\xfe-report.json")
    with open(bad, "wb") as fh:
        fh.write(b"{}")
    valid = os.path.join(folder, b"ok.json")
    with open(valid, "wb") as fh:
        fh.write(seed_path.read_bytes())
    for args in (["validate", str(tmp_path)], ["validate", "--jsonl", str(tmp_path)], ["check", str(tmp_path)]):
        done = cli(*args)
        assert done.returncode == 1, done.stderr
        text = (done.stdout + done.stderr).decode("utf-8")
        assert "\\udcff\\udcfe-report.json" in text
        assert "internal error" not in text


def test_the_importer_replaces_what_a_report_cannot_hold() -> None:
    lines = SEED_TXT.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("一、")) + 1
    lines[at] = lines[at][:4] + "\x01\x0c" + lines[at][4:]
    result = import_bytes("\n".join(lines).encode("utf-8"), "controls.txt")
    assert any("报告不能容纳的字符（控制字符、孤立代理项）2个" in note for note in result.import_report.notes)
    assert govreport.validate_text(govreport.dumps(result.report)).valid


def test_text_helpers() -> None:
    assert printable("a\x00\ud800b") == "a\\u0000\\ud800b"
    assert scrub("a\x0cb\ud800") == ("a b\ufffd", 2)
    assert jsonio.dumps({"quoted": "\ud800"}) == '{\n  "quoted": "\\ud800"\n}\n'
    assert jsonio.loads(jsonio.dumps({"quoted": "\ud800"})) == {"quoted": "\ud800"}


def test_the_schemas_say_what_is_checked_in_code() -> None:
    for version in ("2019", "2021"):
        schema = govreport.json_schema(version)
        assert "lone surrogate" in schema["description"]
        assert "2021.0" in schema["description"]
        assert f"At most {MAX_AMOUNT_PLACES} decimal places" in schema["$defs"]["Amount"]["anyOf"][0]["description"]


# -- numbers --------------------------------------------------------------------------------------------------------


def test_an_amount_of_1e_minus_999999999_is_refused_without_exhausting_memory(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "zibo-gaoxin-2021.json").read_text(encoding="utf-8")
    assert "5953.02496" in text
    path = tmp_path / "tiny.json"
    path.write_text(text.replace("5953.02496", "1e-999999999"), encoding="utf-8")
    for fmt in ("csv", "xlsx", "html", "markdown", "docx", "json"):
        done = cli("export", str(path), "--to", fmt, "-o", str(tmp_path / "out"), limit_mib=1024)
        assert done.returncode == 1, done.stderr
        assert b"an amount has at most 10 decimal places; got 999999999" in done.stderr


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("0.0000000001", None),
        ("999999999999.9999999999", None),
        ("1000000000000.0000000001", "maximum"),
        ("0.00000000001", "precision"),
        ("1.000000000000000", "precision"),
        ("0e999999999", "precision"),
        ("1e12", None),
        ("1E+11", None),
    ],
)
def test_amount_places_and_exponents(seed_path: Path, amount: str, code: str | None) -> None:
    text = seed_path.read_text(encoding="utf-8").replace("5953.02496", amount)
    result = govreport.validate_text(text)
    assert [i.code for i in result.issues] == ([code] if code else [])
    if code is None:
        assert result.report is not None
        assert all(export(result.report, fmt) for fmt in ("csv", "xlsx", "markdown"))


def test_a_whole_number_written_with_a_fraction_is_refused_everywhere(seed_path: Path, tmp_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    for original, spoilt, pointer in (
        ('"report_year": 2021', '"report_year": 2021.0', "/metadata/report_year"),
        ('"upheld": 7', '"upheld": 7.0', "/review_litigation/admin_review/upheld"),
        ('"upheld": 7', '"upheld": 7e0', "/review_litigation/admin_review/upheld"),
    ):
        assert original in text
        result = govreport.validate_text(text.replace(original, spoilt, 1))
        assert [(i.pointer, i.code) for i in result.issues] == [(pointer, "type")]
        assert "fraction" in result.issues[0].message
    path = tmp_path / "year.json"
    path.write_text(text.replace('"report_year": 2021', '"report_year": 2021.0'), encoding="utf-8")
    done = cli("show", str(path))
    assert done.returncode == 1
    assert "2021.0年" not in done.stdout.decode("utf-8")


def _member(seed_data: dict[str, Any], organ: str, count: int, amount: str) -> govreport.AnyReport:
    data = copy.deepcopy(seed_data)
    data["metadata"]["organ"] = organ
    data["applications"]["new_received"]["natural_person"] = count
    data["active_disclosure"]["admin_fees"]["fee_amount"] = Decimal(amount)
    return govreport.from_data(data)


def test_aggregate_past_the_largest_count_or_amount_is_refused(seed_data: dict[str, Any], tmp_path: Path) -> None:
    big = [_member(seed_data, f"机关{i}", MAX_COUNT, "1") for i in range(2)]
    with pytest.raises(AggregationError, match=r"/applications/new_received/natural_person .*larger than the largest"):
        aggregate(big, organ="汇总")
    rich = [_member(seed_data, f"机关{i}", 1, "999999999999") for i in range(2)]
    with pytest.raises(AggregationError, match=r"fee_amount .*larger than the largest amount"):
        aggregate(rich, organ="汇总")
    with pytest.raises(AggregationError, match=r"/metadata/organ: the text holds the NUL character"):
        aggregate(rich[:1], organ="\x00")
    paths = [str(tmp_path / f"m{i}.json") for i in range(2)]
    for path, member in zip(paths, big, strict=True):
        Path(path).write_text(govreport.dumps(member), encoding="utf-8")
    out = tmp_path / "sum.json"
    code = main(["aggregate", *paths, "--organ", "汇总", "-o", str(out)])
    assert code == 1
    assert not out.exists()


def test_an_unreadable_cell_keeps_any_text_the_format_allows(seed_data: dict[str, Any]) -> None:
    seed_data["applications"]["new_received"]["natural_person"] = {"unreadable": "=1+cmd|' /C calc'!A0"}
    report = govreport.from_data(seed_data)
    assert report.applications.new_received.natural_person == Unreadable(unreadable="=1+cmd|' /C calc'!A0")


@pytest.mark.parametrize("text", ["1e-9999999991000000000", b'{"a": 1e99999999999999999999.0}'])
def test_an_exponent_beyond_what_a_decimal_holds_is_unreadable(text: str | bytes) -> None:
    """Found by the fuzz suite: the decimal module refuses such a number with InvalidOperation."""
    with pytest.raises(InputError, match="exponent too large to read"):
        jsonio.loads(text)
    result = govreport.validate_text(text)
    assert result.unreadable
    assert result.issues[0].code == "json"


def test_an_imported_year_the_format_cannot_hold_is_refused() -> None:
    """Found by the fuzz suite: a title saying 3019年 built a report the importer's own validation refused (exit 3)."""
    text = (ROOT / "tests" / "gold" / "sources" / "pingtan-2021.txt").read_bytes()
    with pytest.raises(ImportFailed, match="报告年度3019年不在此类报告的年度范围内"):
        import_bytes(text.replace("2021年".encode(), "3019年".encode()), "future.txt")


@pytest.mark.parametrize("extensions", [{"x": 1}, {"\x00": "1e-999999999"}, {"a": [1], "b": None}])
def test_unknown_content_under_extensions_is_an_issue(seed_data: dict[str, Any], extensions: dict[str, Any]) -> None:
    """Found by the fuzz suite: jsonschema-rs reports an unknown key by its value, which the explainer took for the
    object (TypeError, exit 3)."""
    seed_data["extensions"] = extensions
    issues = govreport.validate_data(seed_data).issues
    assert {i.pointer for i in issues} == {printable(f"/extensions/{key}") for key in extensions}
    assert {i.code for i in issues} == {"undeclared_variant"}


def test_a_title_or_organ_longer_than_a_word_property_exports_and_reads_back(seed_report: govreport.AnyReport) -> None:
    # found by the hour-long fuzz run: python-docx refuses a document property of more than 255 characters
    from docx import Document

    metadata = attrs.evolve(seed_report.metadata, organ="淄博" * 200, title="年度报告" * 100)
    report = attrs.evolve(seed_report, metadata=metadata)
    data = export(report, "docx")
    assert import_bytes(data, "long.docx").report == report
    properties = Document(io.BytesIO(data)).core_properties
    assert len(properties.author) == 255
    assert properties.author.endswith("…")
    assert properties.title.startswith("年度报告年度报告")
