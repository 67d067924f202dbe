"""Files as users expect them (issue 18, item 5): CSV with a byte-order mark for Excel on request, the XLSX tidy
sheet holding numbers as numbers, Word headings in Word's heading styles and the organ as the author.  (That
written files honour the umask is tested with jsonio.write_atomic.)"""

from __future__ import annotations

import codecs
import io
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

import govreport
from govreport.cli import main
from govreport.export import export, template
from govreport.importers import import_file

ROOT = Path(__file__).resolve().parent.parent


def test_csv_with_a_byte_order_mark_on_request(seed_path: Path, tmp_path: Path) -> None:
    plain, marked = tmp_path / "plain.csv", tmp_path / "excel.csv"
    assert main(["export", str(seed_path), "-o", str(plain)]) == 0
    assert main(["export", str(seed_path), "-o", str(marked), "--bom"]) == 0
    assert not plain.read_bytes().startswith(codecs.BOM_UTF8)
    assert marked.read_bytes() == codecs.BOM_UTF8 + plain.read_bytes()
    assert import_file(marked).report == govreport.load(seed_path)  # and it still reads back


def test_bom_is_for_csv_only(seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(seed_path), "-o", str(tmp_path / "r.md"), "--bom"]) == 2
    assert "--bom is for CSV" in capsys.readouterr().err


def test_the_docs_say_why_the_bom() -> None:
    text = (ROOT / "docs" / "guide" / "export.md").read_text(encoding="utf-8")
    assert "--bom" in text
    assert "GBK" in text  # Excel on Chinese Windows reads a CSV without a BOM in the ANSI code page


def test_the_tidy_sheet_holds_numbers_as_numbers(seed_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(export(govreport.load(seed_path), "xlsx"))
    sheet = openpyxl.load_workbook(path)["明细"]
    header = [c.value for c in sheet[1]]
    rows = {r[header.index("pointer")]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    value = header.index("value")
    assert rows["/applications/new_received/total"][value] == 49
    assert isinstance(rows["/applications/new_received/total"][value], int)
    fee = rows["/active_disclosure/admin_fees/fee_amount"][value]
    assert isinstance(fee, float)
    assert Decimal(repr(fee)) == Decimal("5953.02496")
    assert rows["/applications/new_received/total"][header.index("value_type")] == "number"


def test_word_headings_use_headings_styles_and_the_organ_is_the_author(seed_path: Path) -> None:
    report = govreport.load(seed_path)
    document = docx.Document(io.BytesIO(export(report, "docx")))
    styles = {p.text: p.style.name for p in document.paragraphs if p.style is not None}
    assert styles["淄博高新技术产业开发区2021年政府信息公开工作年度报告"] == "Title"
    assert styles["一、总体情况"] == "Heading 1"
    assert styles["六、其他需要报告的事项"] == "Heading 1"
    assert document.core_properties.author == "淄博高新技术产业开发区"
    assert document.core_properties.last_modified_by == "淄博高新技术产业开发区"
    assert "python-docx" not in (document.core_properties.comments or "")
    blank = docx.Document(io.BytesIO(template("2021", "docx")))
    assert blank.core_properties.author != "python-docx"
    assert any(p.style is not None and p.style.name == "Heading 2" for p in blank.paragraphs)  # （一）主动公开 …
