"""Rows a regional variant adds appear in the layout, so in every export and in ``govreport show``.

Uses the real govreport-hubei distribution from plugins/, installed by ``make test``.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import govreport
from govreport.cli import main
from govreport.export import export
from govreport.layout import rows

HUBEI = Path(__file__).resolve().parents[1] / "plugins/govreport-hubei/tests/data/qianjiang-zhouji-2020.json"
POINTER = "/extensions/hubei-2020/other_documents/new_made"


@pytest.fixture
def report() -> govreport.AnyReport:
    return govreport.load(HUBEI)


def test_row_follows_normative_documents(report: govreport.AnyReport) -> None:
    api = govreport.Govreport()
    keys = [r.key for r in api.rows(report, "二")]
    assert keys[:3] == ["regulations", "normative_documents", "extensions.hubei-2020.other_documents"]
    assert [r.key for r in rows(report, "二")][:3] == ["regulations", "normative_documents", "licensing"]
    assert [r.key for r in rows(report, "二", variants=api.variants_of(report))] == keys
    added = api.rows(report, "二")[2]
    assert added.label == "其他主动公开文件"
    assert added.group == "第二十条第（一）项"
    assert [c.label for c in added.columns] == ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    values = {c.pointer: c.value for c in api.cells(report, "二")}
    assert values[POINTER] == 9
    assert rows("2019", "二")[2].key == "licensing"  # the national layout has no such row


@pytest.mark.parametrize("fmt", ["csv", "html", "markdown"])
def test_text_exports_carry_the_row(report: govreport.AnyReport, fmt: str) -> None:
    text = export(report, fmt).decode("utf-8")
    assert "其他主动公开文件" in text
    if fmt == "csv":
        line = next(line for line in text.splitlines() if POINTER in line)
        assert ",9," in line


def test_word_and_spreadsheet_carry_the_row(report: govreport.AnyReport) -> None:
    import docx
    import openpyxl

    document = docx.Document(io.BytesIO(export(report, "docx")))
    texts = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "其他主动公开文件" in texts
    workbook = openpyxl.load_workbook(io.BytesIO(export(report, "xlsx")))
    values = [c.value for row in workbook["表二"].iter_rows() for c in row]
    assert "其他主动公开文件" in values


def test_show_prints_the_row(report: govreport.AnyReport, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(HUBEI)]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if "其他主动公开文件" in line)
    assert line.split("|")[1].strip() == "9"
