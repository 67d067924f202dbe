"""Importers refuse bad input with a clear message: never a traceback, nothing fetched, bounded memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from govreport.cli import main
from govreport.convert import unstructure
from govreport.formats.cells import Unreadable
from govreport.importers import ImportFailed, import_bytes, import_file
from govreport.layout import cells

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "examples" / "zibo-gaoxin-2021.txt"


def _fails(path: Path, code: str) -> str:
    with pytest.raises(ImportFailed) as info:
        import_file(path)
    assert info.value.code == code
    assert str(path) in info.value.message
    return info.value.message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(bytes(range(256)) * 20)
    assert "binary" in _fails(path, "binary")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"")
    assert "文件是空的" in _fails(path, "empty")


def test_zero_byte_docx(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"")
    assert "文件是空的" in _fails(path, "empty")


def test_docx_without_text(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "report.docx"
    docx.Document().save(str(path))
    assert "Word 文档中没有文字" in _fails(path, "empty")


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes("这不是Word文件".encode() * 10)
    assert "不是可读的 DOCX 文件" in _fails(path, "unreadable")


def test_zip_bomb_docx(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (120 * 1024 * 1024))
    path = tmp_path / "bomb.docx"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 1024 * 1024
    assert "可能是压缩炸弹" in _fails(path, "zip-bomb")


def test_html_with_external_entities_and_scripts(tmp_path: Path) -> None:
    seed = SEED_TXT.read_text(encoding="utf-8")
    body = "".join(f"<p>{line}</p>" for line in seed.splitlines())
    html = (
        '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "http://example.invalid/steal">]>\n'
        "<html><head><script src='http://example.invalid/x.js'></script></head><body>"
        "<script>document.write('二、主动公开政府信息情况 规章 9 9 9')</script>&xxe;"
        f"{body}</body></html>"
    )
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    result = import_file(path)
    data = unstructure(result.report)
    assert data["active_disclosure"]["regulations"] == {"made": 0, "repealed": 0, "valid": 0}
    text = repr(data)
    assert "steal" not in text
    assert "document.write" not in text
    assert any("script" in n and "实体声明" in n for n in result.import_report.notes)


def test_hundred_megabyte_text_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: nothing is written, nothing need be read
    assert "MiB" in _fails(path, "too-large")


def test_large_text_under_the_file_limit_is_refused_as_text(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as info:
        import_bytes(b"a" * (17 * 1024 * 1024), "big.txt")
    assert info.value.code == "too-large"


def test_undeclared_unreadable_encoding(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes("政府信息公开工作年度报告".encode("utf-16-le"))  # no byte-order mark, no declaration
    message = _fails(path, "binary") if b"\0" in path.read_bytes() else _fails(path, "encoding")
    assert path.name in message


def test_undeclared_encoding_that_reads_as_no_report(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(bytes([0xE9, 0x80, 0xA1, 0xFF, 0xFE, 0x81, 0x20]) * 50)
    assert "encoding" in _fails(path, "encoding")


def test_not_an_annual_report(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    assert "这不是政府信息公开工作年度报告" in _fails(path, "not-a-report")


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    pdf = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf)
    assert "PDF 没有文字层" in _fails(path, "no-text")


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n garbage")
    assert "PDF" in _fails(path, "unreadable")


@pytest.mark.parametrize("content", [b"\x00\x01\x02binary", b""])
def test_cli_bad_input_exit_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "Traceback" not in err


def _report_with_table_two(table: str) -> bytes:
    head = "某县2022年政府信息公开工作年度报告\n一、总体情况\n概述。\n二、主动公开政府信息情况\n"
    return (head + "信息内容 本年制发件数 本年废止件数 现行有效件数\n" + table).encode("utf-8")


def test_a_table_section_of_tens_of_thousands_of_lines_is_not_read_row_by_row() -> None:
    result = import_bytes(_report_with_table_two("0\n" * 30000), "x.txt")
    reasons = [d.reason for d in result.import_report.declined if d.table == "二"]
    assert any("远超表二及其说明文字所需" in r for r in reasons)


def test_a_line_of_a_million_numbers_or_a_row_of_thousands_of_cells_is_declined() -> None:
    result = import_bytes(_report_with_table_two("规章 " + "0 " * 1_000_000 + "\n"), "x.txt")
    made = next(c.value for c in cells(result.report) if c.pointer == "/active_disclosure/regulations/made")
    assert isinstance(made, Unreadable)
    result = import_bytes(_report_with_table_two("| 规章 |" + " 0 |" * 50_000 + "\n"), "x.txt")
    reasons = {d.row: d.reason for d in result.import_report.declined}
    assert reasons["规章"] == "本行有50000个单元格，而格式规定3个，不是本表的行"
