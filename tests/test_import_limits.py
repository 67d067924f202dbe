"""Hostile and broken input meets a named limit with a clear message (docs/guide/limits.md), never a traceback,
MemoryError or exit 3.  Each file is built here, at the size that passes the limit and no larger."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from govreport._importers import _limits
from govreport.cli import main
from govreport.importers import ImportFailed, import_bytes

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "examples" / "zibo-gaoxin-2021.txt"


def _refused(data: bytes, name: str, code: str) -> str:
    with pytest.raises(ImportFailed) as info:
        import_bytes(data, name)
    assert info.value.code == code, info.value.message
    assert name in info.value.message
    return info.value.message


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with a correct cross-reference table from its objects (numbered from 1)."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"", *, compress: bool = True) -> bytes:
    body = zlib.compress(data, 9) if compress else data
    flt = b"/Filter/FlateDecode" if compress else b""
    return b"<</Length %d%s%s>>stream\n" % (len(body), flt, extra) + body + b"\nendstream"


_FONT = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"


def _page_pdf(content: bytes, *, media_box: bytes = b"[0 0 595 842]", compress: bool = True) -> bytes:
    return _pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox%s/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>" % media_box,
            _stream(content, compress=compress),
            _FONT,
        ]
    )


# ---------------------------------------------------------------- PDF


def test_compressed_stream_bomb_is_refused_before_pdfium_inflates_it() -> None:
    inflater = zlib.compressobj(9)
    blank = b" " * (1 << 20)
    body = b"".join(inflater.compress(blank) for _ in range(_limits.MAX_PDF_INFLATED // (1 << 20) + 8))
    body += inflater.flush()
    data = _pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
            b"<</Length %d/Filter/FlateDecode>>stream\n" % len(body) + body + b"\nendstream",
        ]
    )
    assert len(data) < 1024 * 1024
    message = _refused(data, "bomb.pdf", "zip-bomb")
    assert "MiB" in message


def test_page_tree_loop_is_unreadable_not_a_crash() -> None:
    data = _pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R>>",
            b"<</Type/Pages/Kids[2 0 R 3 0 R]/Count 2>>",  # the page tree names itself
            b"<</Type/Pages/Parent 2 0 R/Kids[2 0 R]/Count 1>>",
        ]
    )
    _refused(data, "loop.pdf", "unreadable")


@pytest.mark.parametrize("box", [b"[0 0 0 0]", b"[0 0 1e30 1e30]", b"[(a) (b) 1 2]", b"[-5 -5 -10 -10]", b"7"])
def test_bad_media_box_gives_a_message_not_exit_3(box: bytes) -> None:
    data = _page_pdf(b"BT /F1 12 Tf 72 720 Td (2021) Tj ET", media_box=box)
    with pytest.raises(ImportFailed) as info:
        import_bytes(data, "box.pdf")
    assert info.value.code in {"not-a-report", "no-text", "unreadable"}


def test_too_many_glyphs_on_a_page() -> None:
    lines = (_limits.MAX_PDF_PAGE_GLYPHS + 1000) // 100
    text = b"BT /F1 0.3 Tf 0.4 TL 10 830 Td " + (b"(" + b"A" * 100 + b") ' ") * lines + b"ET"  # no overlaps
    message = _refused(_page_pdf(text), "glyphs.pdf", "too-large")
    assert "第1页" in message
    assert str(_limits.MAX_PDF_PAGE_GLYPHS) in message


def test_too_many_pages() -> None:
    pages = _limits.MAX_PDF_PAGES + 1
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, pages)]
    objects += [b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>"] * pages
    message = _refused(_pdf(objects), "pages.pdf", "too-large")
    assert str(pages) in message


def test_too_many_drawing_objects_skips_the_tables_with_a_note() -> None:
    rules = b"".join(b"%d 10 m %d 20 l S\n" % (i % 500, i % 500) for i in range(_limits.MAX_PDF_PATHS + 10))
    content = rules + b"BT /F1 12 Tf 72 720 Td (x) Tj ET"
    from govreport._importers import _pdf

    doc = _pdf.read(_page_pdf(content), "paths.pdf")
    assert any(f"绘图对象超过{_limits.MAX_PDF_PATHS}个" in n for n in doc.notes)


def test_damaged_pdf_names_the_file() -> None:
    _refused(b"%PDF-1.7\n1 0 obj <</Type/Catalog>> endobj\ntrailer<</Root 1 0 R>>", "broken.pdf", "unreadable")


# ---------------------------------------------------------------- HTML


def test_rowspan_times_colspan_cannot_exhaust_memory() -> None:
    row = "<tr>" + "<td rowspan='65534' colspan='1000'>1</td>" * 3 + "</tr>"
    page = ("<html><body><table>" + row * 6000 + "</table></body></html>").encode()
    assert len(page) > 700_000
    message = _refused(page, "spans.html", "too-large")
    assert "第1个表格" in message


def test_a_colspan_past_the_column_limit_is_cut_with_a_note() -> None:
    page = (
        "<html><body><p>一、总体情况</p><table><tr><td colspan='100000'>宽</td><td>x</td></tr></table></body></html>"
    ).encode()
    from govreport._importers import _html

    doc = _html.read(page, "wide.html")
    assert any(f"超过{_limits.MAX_TABLE_COLUMNS}列，已截至该列" in n for n in doc.notes)


def test_too_many_table_cells() -> None:
    cells = "<td>1</td><td>2</td>" * (_limits.MAX_TABLE_CELLS // 2 + 10)
    page = f"<html><body><table><tr>{cells}</tr></table></body></html>".encode()
    message = _refused(page, "cells.html", "too-large")
    assert str(_limits.MAX_TABLE_CELLS) in message


@pytest.mark.parametrize("codec", ["base64", "zlib", "rot13", "hex", "uu", "bz2", "utf-16", "no-such-codec"])
def test_meta_charset_naming_a_non_text_codec(codec: str) -> None:
    seed = SEED_TXT.read_text(encoding="utf-8")
    body = "".join(f"<p>{line}</p>" for line in seed.splitlines())
    page = f'<html><head><meta charset="{codec}"></head><body>{body}</body></html>'.encode()
    result = import_bytes(page, "charset.html")
    assert result.report.metadata.organ == "淄博高新技术产业开发区"


def test_deeply_nested_html_is_refused_not_read_in_part() -> None:
    page = ("<div>" * 50_000 + "一、总体情况" + "</div>" * 50_000).encode()
    assert "嵌套超过256层" in _refused(page, "deep.html", "too-large")


# ---------------------------------------------------------------- zip containers


def _lying_zip(part: str, inflated: int) -> bytes:
    """A zip whose one big part declares 1 KiB but inflates to ``inflated`` bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml" if part.startswith("xl/") else "word/_rels/x.rels", "<x/>")
        with zf.open(part, "w", force_zip64=True) as fh:
            chunk = b"<a/>" * (1 << 18)
            for _ in range(inflated // len(chunk) + 1):
                fh.write(chunk)
    data = bytearray(buf.getvalue())
    # declare 1 KiB uncompressed in the local header and the central directory entry of the big part
    name = part.encode()
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            named = data[name_at : name_at + len(name)] == name
            if named and struct.unpack_from("<I", data, at + size_at)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", data, at + size_at, 1024)
            start = at + 4
    return bytes(data)


def test_docx_declaring_small_sizes_but_inflating_past_the_limit() -> None:
    data = _lying_zip("word/document.xml", _limits.MAX_ZIP_INFLATED + (8 << 20))
    assert len(data) < 2 * 1024 * 1024
    with pytest.raises(ImportFailed) as info:
        import_bytes(data, "liar.docx")
    assert info.value.code in {"zip-bomb", "unreadable"}
    assert "liar.docx" in info.value.message


def test_xlsx_zip_bomb_is_refused_by_the_same_guard() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (_limits.MAX_ZIP_INFLATED + (1 << 20)))
    assert "可能是压缩炸弹" in _refused(buf.getvalue(), "bomb.xlsx", "zip-bomb")


# ---------------------------------------------------------------- the command line


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("loop.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 1 0 R>>endobj trailer<</Root 1 0 R>>"),
        ("report.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
        ("charset.html", b'<html><head><meta charset="base64"></head><body><p>x</p></body></html>'),
    ],
)
def test_cli_exit_2_with_the_file_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert "Traceback" not in err
