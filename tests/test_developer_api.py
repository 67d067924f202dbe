"""For developers and plugin authors (issue 18, item 7): a variant's local labels in ``show`` and every export;
``load(..., version="2021")`` typed as the 2021 record; ``$schema`` allowed in a document so that editors can
link the schema; installing from source documented."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest

import govreport
from govreport import jsonio
from govreport.cli import main
from govreport.export import export

ROOT = Path(__file__).resolve().parent.parent
HUBEI = ROOT / "plugins" / "govreport-hubei" / "tests" / "data" / "qianjiang-zhouji-2020.json"
REGULATIONS = "规章（设区的市、自治州人民政府应提供相关数据）"
CHANGE = "本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8）"


def _texts(fmt: str, data: bytes, tmp_path: Path) -> str:
    if fmt == "docx":
        document = docx.Document(io.BytesIO(data))
        return "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    if fmt == "xlsx":
        path = tmp_path / "r.xlsx"
        path.write_bytes(data)
        sheet = openpyxl.load_workbook(path)["表二"]
        return "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    text = data.decode("utf-8")
    if fmt == "html":  # what the page shows, not the data it carries
        text = text.split("</head>", 1)[1]
    if fmt == "markdown":
        text = text.rsplit("\n<!-- govreport-report ", 1)[0]
    return text


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx", "xlsx", "csv"])
def test_a_variants_labels_appear_in_every_export(fmt: str, tmp_path: Path) -> None:
    report = govreport.load(HUBEI)
    shown = _texts(fmt, export(report, fmt), tmp_path)
    assert REGULATIONS in shown
    assert CHANGE in shown
    assert "其他主动公开文件" in shown


def test_a_variants_labels_and_rows_appear_in_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(HUBEI)]) == 0
    out = capsys.readouterr().out
    assert REGULATIONS[:10] in out  # the column is cut to its width with "…"
    assert CHANGE in out
    table_three = out.split("表三", 1)[1]
    assert "其他主动公开文件" not in table_three  # a row 表二 adds is shown in 表二 only


def test_load_with_a_version_is_typed_as_that_record(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import govreport\n"
        "reveal_type(govreport.load('r.json', version='2021'))\n"
        "reveal_type(govreport.load('r.json', version='2019'))\n"
        "reveal_type(govreport.load('r.json'))\n"
        "reveal_type(govreport.Govreport().load('r.json', version='2021'))\n"
        "reveal_type(govreport.from_data({}, version='2021'))\n"
        "fee = govreport.load('r.json', version='2021').active_disclosure.admin_fees.fee_amount\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(probe)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    revealed = [line.split("Revealed type is ", 1)[1] for line in done.stdout.splitlines() if "Revealed type" in line]
    assert revealed == [
        '"govreport.formats.v2021.Report"',
        '"govreport.formats.v2019.Report"',
        '"govreport.formats.v2019.Report | govreport.formats.v2021.Report"',
        '"govreport.formats.v2021.Report"',
        '"govreport.formats.v2021.Report"',
    ], done.stdout
    assert "error" not in done.stdout.replace("Revealed type", ""), done.stdout


def test_a_document_may_name_its_schema(seed_path: Path, tmp_path: Path) -> None:
    data = jsonio.read(seed_path)
    linked = {"$schema": "../schemas/2021/report.schema.json", **data}
    path = tmp_path / "linked.json"
    path.write_text(jsonio.dumps(linked), encoding="utf-8")
    assert govreport.load(path) == govreport.load(seed_path)
    assert main(["check", str(path)]) == 0
    schema = govreport.json_schema("2021")
    assert schema["properties"]["$schema"]["type"] == "string"
    import jsonschema

    published = jsonio.read(ROOT / "schemas" / "2021" / "report.schema.json")
    jsonschema.Draft202012Validator(published).validate(govreport.loads(path.read_bytes()))
    result = govreport.validate_data({**data, "$schema": 5})
    assert [(i.pointer, i.message) for i in result.issues] == [("/$schema", "expected a string, got integer 5")]


def test_installing_from_source_is_documented() -> None:
    for page in (ROOT / "README.md", ROOT / "docs" / "quickstart.md"):
        text = page.read_text(encoding="utf-8")
        assert "pip install ." in text, page
        assert "pip install govreport`" not in text, page  # it is not on PyPI


def test_field_is_public_for_plugin_authors() -> None:
    from govreport.formats import field

    assert callable(field)
