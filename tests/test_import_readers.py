"""The readers on every rendering a user meets: each file holds the seed report (tests/data/readers/make_files.py),
so every cell must come back as the seed has it; files that are not what their names say are read as what they are,
and formats govreport does not read are refused with what to do instead."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any, cast

import pytest

from govreport import load
from govreport._importers import _docx, _html, _pdf, _text
from govreport._importers._boxtables import find_tables
from govreport._importers._chinese import chinese_number, t2s, t2s_engine
from govreport._importers._rules import merge, tables
from govreport._importers._source import Line, SourceDocument, SourceTable
from govreport.importers import ImportFailed, import_bytes, import_file
from govreport.layout import cells

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "tests" / "data" / "readers"
SEED_JSON = ROOT / "examples" / "zibo-gaoxin-2021.json"
CORPUS_PDFS = [
    ROOT / "tests" / "gold" / "sources" / "huaian-hongze-2023.pdf",
    *sorted((ROOT / "tests" / "corpus").glob("*/source.pdf")),
]


def _seed_cells() -> dict[tuple[str, str, str], object]:
    return {(c.row.table, c.row.key, c.column.key): c.value for c in cells(load(SEED_JSON))}


def _wrong_cells(path: Path) -> list[str]:
    result = import_file(path)
    ours = {(c.row.table, c.row.key, c.column.key): c.value for c in cells(result.report)}
    return [f"表{k[0]} {k[1]}.{k[2]}: {ours.get(k)!r} ≠ {v!r}" for k, v in _seed_cells().items() if ours.get(k) != v]


@pytest.mark.parametrize(
    "name",
    [
        "word-export.htm",
        "word-export.mht",
        "word-export-as.doc",
        "cms-div-grid.html",
        "textbox.docx",
        "two-column.pdf",
        "table-across-pages.pdf",
        "report-with-tags.txt",
        "seed.w3m.txt",
    ],
)
def test_every_cell_of_the_seed_comes_back(name: str) -> None:
    assert _wrong_cells(FILES / name) == []


def _read(path: Path) -> SourceDocument:
    data = path.read_bytes()
    readers = {".htm": _html.read, ".html": _html.read, ".mht": _html.read, ".docx": _docx.read, ".pdf": _pdf.read}
    doc = readers.get(path.suffix, _text.read)(data, str(path))
    assert isinstance(doc, SourceDocument)
    return doc


def _lines(doc: SourceDocument) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Line)]


# ---------------------------------------------------------------- HTML


def test_word_html_reads_its_list_numbers_and_charset() -> None:
    doc = _read(FILES / "word-export.htm")
    assert doc.notes[0] == "编码 gb18030（文件声明）"
    assert "一、总体情况" in _lines(doc)  # the number Word keeps between <![if !supportLists]> comments
    assert doc.title == "淄博高新技术产业开发区2021年政府信息公开工作年度报告"
    assert not any("mso" in line or "<span" in line or "o:p" in line for line in _lines(doc))


def test_mht_is_unpacked_to_its_html_part() -> None:
    doc = _read(FILES / "word-export.mht")
    assert any("单个文件网页（MHT）" in n for n in doc.notes)
    assert sum(isinstance(b, SourceTable) for b in doc.blocks) == 3


def test_html_under_a_doc_name_is_read_as_html() -> None:
    result = import_file(FILES / "word-export-as.doc")
    assert result.import_report.importer == "html"


def test_cms_page_layout_table_div_grid_split_table_and_hidden_text() -> None:
    doc = _read(FILES / "cms-div-grid.html")
    tables_found = [b for b in doc.blocks if isinstance(b, SourceTable)]
    # 表二 as a div grid, 表三 in two <table>s, 表四: the layout table around the article is not one of them
    assert len(tables_found) == 4
    assert tables_found[0].rows[0][0].text == "第二十条第（一）项"
    assert "规章 9 9 9" not in _lines(doc)  # display:none
    assert "栏目导航" in _lines(doc)  # the layout table's side cell is running text
    assert doc.meta("articletitle") == "淄博高新技术产业开发区2021年政府信息公开工作年度报告"
    assert doc.meta("pubdate") == "2022-01-20 09:00"
    assert any(n.startswith("已忽略：") and "隐藏元素" in n for n in doc.notes)


def test_pdf_viewer_page_is_refused_naming_the_pdf() -> None:
    with pytest.raises(ImportFailed) as info:
        import_file(FILES / "pdf-viewer.html")
    assert info.value.code == "pdf-viewer"
    assert "/u/cms/www/202201/report.pdf" in info.value.message
    assert str(FILES / "pdf-viewer.html") in info.value.message


def test_layout_and_one_column_tables_are_text_and_captions_lines() -> None:
    page = (
        "<html><body><table><tr><td>外框</td></tr><tr><td><p>一、总体情况</p><p>正文</p></td></tr></table>"
        "<table><caption>表一</caption><tr><td>a</td><td rowspan='2'>b</td></tr><tr><td>c</td></tr></table>"
        "</body></html>"
    )
    doc = _html.read(page.encode(), "page.html")
    assert _lines(doc) == ["外框", "一、总体情况", "正文", "表一"]
    (table,) = [b for b in doc.blocks if isinstance(b, SourceTable)]
    assert [[(c.text, c.where.column) for c in row] for row in table.rows] == [[("a", 1), ("b", 2)], [("c", 1)]]


def test_headings_and_image_alts_are_kept() -> None:
    doc = _html.read("<h2>一、总体情况</h2><p>x<img alt='2021年度报告（图）'></p>".encode(), "p.html")
    assert [(b.text, b.heading) for b in doc.blocks if isinstance(b, Line)] == [("一、总体情况", 2), ("x", None)]
    assert [a.text for a in doc.image_alts] == ["2021年度报告（图）"]


# ---------------------------------------------------------------- text


def test_text_holding_html_keeps_its_plain_lines() -> None:
    doc = _read(FILES / "report-with-tags.txt")
    lines = _lines(doc)
    assert lines[0].startswith("SOURCE:")  # the plain lines before the tags stay lines
    assert "一、总体情况" in lines
    assert sum(isinstance(b, SourceTable) for b in doc.blocks) == 3


def test_shanghai_2019_text_that_holds_html_imports() -> None:
    result = import_file(Path(__file__).parent / "data" / "excerpts" / "001-shanghai-municipal-office-2019.txt")
    assert result.version == "2019"
    assert result.report.applications.new_received.total == 859


def test_pandoc_markdown_tags_are_read_and_lines_kept() -> None:
    doc = _read(FILES / "seed.pandoc.md")
    lines = _lines(doc)
    assert not any("<span" in line or "style=" in line for line in lines)
    assert "一、**总体情况**" in lines  # the heading Word split over two spans, on one line again
    assert any(line.startswith("|") and "本年新收政府信息公开申请数量" in line for line in lines)  # a pipe row


def test_w3m_box_tables_become_tables_with_wrapped_cells_joined() -> None:
    doc = _read(FILES / "seed.w3m.txt")
    found = [b for b in doc.blocks if isinstance(b, SourceTable)]
    assert len(found) == 3  # w3m prints 表二's five little tables as one grid
    texts = [c.text for t in found for row in t.rows for c in row]
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in [t.replace("\n", "") for t in texts]


def test_box_grid_with_spans() -> None:
    grid = [
        "┌────┬──────┬──┐",
        "│    │甲    │1 │",
        "│三、├──────┼──┤",
        "│本年│乙    │2 │",
        "└────┴──────┴──┘",
    ]
    (table,) = find_tables(grid, "g.txt")
    assert isinstance(table, SourceTable)
    assert [[c.text for c in row] for row in table.rows] == [["三、\n本年", "甲", "1"], ["乙", "2"]]


# ---------------------------------------------------------------- DOCX


def test_docx_text_box_read_once_after_its_anchor() -> None:
    doc = _read(FILES / "textbox.docx")
    found = [b for b in doc.blocks if isinstance(b, SourceTable)]
    assert len(found) == 3  # 表四 from the text box, and not again from its VML fallback
    assert doc.notes == ("文本框1个，各接在其所锚定的段落之后读取",)
    assert [a.text for a in doc.image_alts] == ["表四 行政复议、行政诉讼情况"]
    assert doc.meta("title") == "淄博高新技术产业开发区2021年政府信息公开工作年度报告"


def test_docx_merged_cells_once_and_tracked_deletions_left_out() -> None:
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = (
        f"<w:document {w}><w:body>"
        "<w:p><w:r><w:t>留下</w:t></w:r><w:del><w:r><w:delText>删掉</w:delText></w:r></w:del></w:p>"
        "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>控件里</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", body)
    doc = _docx.read(buf.getvalue(), "m.docx")
    assert _lines(doc) == ["留下", "控件里"]
    (table,) = [b for b in doc.blocks if isinstance(b, SourceTable)]
    assert [[(c.text, c.where.column) for c in row] for row in table.rows] == [
        [("甲", 1), ("乙", 2)],
        [("1", 2), ("2", 3)],
    ]


# ---------------------------------------------------------------- PDF


def test_two_column_pdf_reads_the_left_column_first() -> None:
    doc = _read(FILES / "two-column.pdf")
    lines = _lines(doc)
    first = next(i for i, t in enumerate(lines) if t.startswith("2021年，淄博高新区全面落实"))
    second = next(i for i, t in enumerate(lines) if "（四）政府信息公开平台建设情况" in t)
    assert first < second  # 总体情况's opening paragraph (left column) before （四） (right column)
    assert not any("总体情况" in t and "平台" in t for t in lines)  # no line runs across the gutter
    assert doc.meta("pages") == "4"
    assert doc.meta("title") == "淄博高新技术产业开发区2021年政府信息公开工作年度报告"


def test_table_across_pages_goes_on_on_the_next_page() -> None:
    doc = _read(FILES / "table-across-pages.pdf")
    rows = [b for b in doc.blocks if isinstance(b, Line) and b.where.table is not None and "|" in b.text]
    pages = {b.where.page for b in rows if "予以公开" in b.text or "不予处理" in b.text or "总计" in b.text}
    assert len(pages) == 2
    assert all(b.box is not None and b.box.x0 < b.box.x1 for b in rows)


def test_scanned_pdf_is_refused_saying_so() -> None:
    with pytest.raises(ImportFailed) as info:
        import_file(FILES / "scanned.pdf")
    assert info.value.code == "no-text"
    assert "PDF 没有文字层" in info.value.message
    assert "OCR" in info.value.message


@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: p.parent.name)
def test_table_cells_match_pdfplumbers_finder_on_the_corpus(path: Path) -> None:
    """_rules is pdfplumber's algorithm with indexes: on the corpus PDFs' rules it finds the same cells."""
    import pypdfium2
    import pypdfium2.raw as raw
    from pdfplumber import table as pt

    from govreport._importers._pdfpage import _edges

    pdf = pypdfium2.PdfDocument(path.read_bytes())
    try:
        compared = 0
        for i in range(len(pdf)):
            page = pdf[i]
            rules, _ = _edges(page, raw, page.get_bbox()[3])
            ours = tables(merge(rules))
            edges: list[dict[str, Any]] = [
                {"orientation": o, "x0": a if o == "v" else b, "x1": a if o == "v" else c,
                 "top": b if o == "v" else a, "bottom": c if o == "v" else a, "doctop": b if o == "v" else a,
                 "width": 0 if o == "v" else c - b, "height": c - b if o == "v" else 0, "object_type": "line"}
                for o, a, b, c in rules
            ]  # fmt: skip
            merged = pt.merge_edges([e for e in edges if max(e["width"], e["height"]) >= 1], 3, 3, 3, 3)
            merged = [e for e in merged if (e["height"] if e["orientation"] == "v" else e["width"]) >= 3]
            theirs = [
                [r.cells for r in pt.Table(cast(Any, None), g).rows]
                for g in pt.cells_to_tables(pt.intersections_to_cells(pt.edges_to_intersections(merged, 3, 3)))
            ]
            rounded = [[[None if c is None else tuple(round(v, 3) for v in c) for c in r] for r in t] for t in ours]
            expected = [[[None if c is None else tuple(round(v, 3) for v in c) for c in r] for r in t] for t in theirs]
            assert rounded == expected, f"page {i + 1}"
            compared += sum(1 for t in ours for r in t for c in r if c is not None)
    finally:
        pdf.close()
    assert compared > 100  # the report's tables were there to compare


@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: p.parent.name)
def test_corpus_pdf_tables_keep_every_cell_with_its_label(path: Path) -> None:
    doc = _read(path)
    rows = [b.text for b in doc.blocks if isinstance(b, Line) and b.where.table is not None]
    assert any(r.startswith("行政许可 |") for r in rows)
    assert any("（一）予以公开 |" in r and r.count("|") == 8 for r in rows)


# ---------------------------------------------------------------- refused formats


def test_word_97_doc_is_refused_with_advice() -> None:
    with pytest.raises(ImportFailed) as info:
        import_file(FILES / "word97.doc")
    assert info.value.code == "unsupported"
    assert "Word 97–2003 .doc 文件" in info.value.message
    assert "请另存为 .docx 或 PDF，或导入网页版" in info.value.message


def test_rtf_under_a_doc_name_is_refused_with_advice() -> None:
    with pytest.raises(ImportFailed) as info:
        import_file(FILES / "report.rtf.doc")
    assert info.value.code == "unsupported"
    assert "RTF" in info.value.message


def test_a_pdf_named_txt_is_read_as_pdf() -> None:
    result = import_bytes((FILES / "two-column.pdf").read_bytes(), "report.txt")
    assert result.import_report.importer == "pdf"


# ---------------------------------------------------------------- Chinese helpers


def test_t2s_uses_opencc() -> None:
    assert t2s_engine() == "opencc t2s"
    assert t2s("政府資訊公開工作年度報告") == "政府资讯公开工作年度报告"
    assert t2s("裏") == "里"  # a character the old label table did not have


def test_t2s_takes_text_with_a_lone_surrogate() -> None:
    # found by the hour-long fuzz run: a damaged PDF's text held half a UTF-16 pair, which OpenCC cannot encode
    assert t2s("\ud970政府資訊") == "\ufffd政府资讯"


@pytest.mark.parametrize(
    ("text", "value"),
    [("十二", 12), ("一千零五", 1005), ("二百三十", 230), ("零", 0), ("十二件", None), ("两万", None), ("1.5万", None),
     ("一点五", None), ("", None), ("12", None)],
)  # fmt: skip
def test_chinese_number_is_strict(text: str, value: int | None) -> None:
    assert chinese_number(text) == value


def test_a_text_dump_named_html_is_read_as_text() -> None:
    result = import_bytes((FILES / "seed.w3m.txt").read_bytes(), "dump.html")
    assert "文件中没有 HTML 标记，按文本读取" in result.import_report.notes
    ours = {(c.row.table, c.row.key, c.column.key): c.value for c in cells(result.report)}
    assert ours == _seed_cells()
