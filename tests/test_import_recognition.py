"""A report is recognised by what it is — its tables — and every refusal names its real reason; page furniture
(page numbers, running headers and footers, watermarks, footnote marks) is never a value.

Real documents: the excerpts in tests/data/excerpts, the reports in tests/gold/sources and their renderings.
Where a test needs a report that lacks something (its title in the text, its running headers), it takes a real
one and removes (or adds) exactly that, here, in the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govreport._importers._furniture import is_page_number
from govreport.formats.cells import Unreadable
from govreport.importers import ImportFailed, ImportResult, import_bytes, import_file
from govreport.layout import cells

TESTS = Path(__file__).resolve().parent
EXCERPTS = TESTS / "data" / "excerpts"
SOURCES = TESTS / "gold" / "sources"
SEED_TXT = TESTS.parent / "examples" / "zibo-gaoxin-2021.txt"
HUAIAN = TESTS / "corpus" / "b-2024-huaian-city"


def _body(path: Path) -> str:
    """An excerpt's text without the corpus's SOURCE / COMPLETE / NOTES lines."""
    return "\n".join(path.read_text(encoding="utf-8").splitlines()[3:])


def _table_values(result: ImportResult) -> dict[tuple[str, str, str], object]:
    return {(c.row.table, c.row.key, c.column.key): c.value for c in cells(result.report)}


@pytest.mark.parametrize(
    "name",
    [
        "002-wuhan-hanyang-district-office-2022.txt",
        "006-changchun-erdao-fangwu-zhengshou-2022.txt",
        "009-yiyang-taojiang-county-shenjiju-2020.txt",
        "037-jining-weishan-liangcheng-town-2020.txt",
        "073-shenzhen-longgang-dept-2024-nonzero.txt",
    ],
)
def test_a_page_that_never_says_annual_report_is_a_report_when_its_tables_are_there(name: str) -> None:
    body = _body(EXCERPTS / name)
    assert "年度报告" not in body
    result = import_bytes(body.encode("utf-8"), name)
    assert any(not isinstance(v, Unreadable) for v in _table_values(result).values())


def test_the_title_only_in_the_pages_title_tag() -> None:
    page = (SOURCES / "pingtan-2025.html").read_text(encoding="utf-8")
    head, body = page.split("</head>", 1)
    body = re.sub(r"<[^<>]*>\s*平潭综合实验区2025年度政府信息公开工作年度报告\s*<", "<", body)
    body = body.replace("年度报告格式", "格式")
    assert "年度报告" not in body
    result = import_bytes((head + "</head>" + body).encode("utf-8"), "page.html")
    meta = result.report.metadata
    assert meta.title == "平潭综合实验区2025年度政府信息公开工作年度报告"
    assert (meta.organ, meta.report_year) == ("平潭综合实验区", 2025)
    assert result.import_report.complete


def test_the_year_only_in_the_file_name() -> None:
    text = SEED_TXT.read_text(encoding="utf-8").split("\n")
    text = [line for line in text if "年度报告" not in line and "统计期限" not in line]
    assert not any(re.search(r"20\d\d\s*年度?(?:政府信息公开|年报)", line) for line in text)
    result = import_bytes("\n".join(text).encode("utf-8"), "淄博高新区2021年政府信息公开工作年度报告.txt")
    assert result.report.metadata.report_year == 2021
    assert any("2021年取自文件名" in n for n in result.import_report.notes)


def test_no_year_anywhere_is_refused_saying_so() -> None:
    text = [
        line
        for line in SEED_TXT.read_text(encoding="utf-8").split("\n")
        if not re.search(r"20\d\d", line) or line.strip().isdigit()
    ]
    with pytest.raises(ImportFailed) as caught:
        import_bytes("\n".join(text).encode("utf-8"), "report.txt")
    assert caught.value.code == "no-year"
    assert "未找到报告年度" in caught.value.message


def test_refusals_name_their_real_reason(tmp_path: Path) -> None:
    # text only, stopping in 一、总体情况: a report, but nothing to import
    with pytest.raises(ImportFailed) as caught:
        import_file(EXCERPTS / "016-chongqing-dazu-waiban-2022.txt")
    assert caught.value.code == "no-tables"
    assert "正文有一、总体情况，结尾是「" in caught.value.message
    # all six sections, but the tables were pictures
    with pytest.raises(ImportFailed) as caught:
        import_file(EXCERPTS / "003-shenyang-hunnan-guoziju-2022.txt")
    assert "六、其他需要报告的事项" in caught.value.message
    assert "以图片印出的表格无法读取" in caught.value.message
    # not a report at all
    news = tmp_path / "news.txt"
    news.write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        import_file(news)
    assert caught.value.code == "not-a-report"
    assert "没有报告六个部分中的任何一个" in caught.value.message
    assert caught.value.message.endswith("也没有其表格的任何部分")


@pytest.mark.parametrize(
    "text",
    ["— 6 —", "- 3 -", "-12-", "－4－", "第 3 页 共 9 页", "第3页/共9页", "共9页 第3页", "3/9", "Page 3 of 9", "P. 9"],
)
def test_page_numbers_are_recognised(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["3", "0 0 0", "2024年", "/", "—", "12.5", "-3"])
def test_cells_are_not_page_numbers(text: str) -> None:
    assert not is_page_number(text)


def test_page_numbers_and_running_headers_in_a_pdfs_text_are_not_values() -> None:
    # pdftotext -layout of the 淮安 city PDF, with the running header and footer a printed copy would carry
    text = (HUAIAN / "renderings" / "pdftotext-layout.txt").read_text(encoding="utf-8")
    pages = text.split("\f")
    furnished = "\f".join(
        f"淮安市人民政府办公室\n{page}\n淮安市政府信息公开年报\n— {n} —\n" for n, page in enumerate(pages, start=1)
    )
    plain = import_bytes(text.encode("utf-8"), "plain.txt")
    result = import_bytes(furnished.encode("utf-8"), "furnished.txt")
    assert _table_values(result) == _table_values(plain)
    notes = result.import_report.notes
    assert any(n.startswith("删除页码") for n in notes)
    assert any("淮安市人民政府办公室" in n and "页眉、页脚或水印" in n for n in notes)
    assert not any("淮安市政府信息公开年报" in p for p in result.report.problems_improvements)


def test_footnote_marks_on_labels_and_numbers() -> None:
    # the seed's page text with footnote marks a Word copy carries: 规章¹, 行政许可*, 3①
    text = SEED_TXT.read_text(encoding="utf-8")
    marked = text.replace("\t规章\n", "\t规章¹\n", 1).replace("\t行政许可\n", "\t行政许可*\n", 1)
    assert marked != text
    assert _table_values(import_bytes(marked.encode("utf-8"), "x.txt")) == _table_values(
        import_bytes(text.encode("utf-8"), "x.txt")
    )


def _page_without_title() -> tuple[str, str]:
    """pingtan-2025.html with neither its <title> nor its article heading (the meta ArticleTitle kept)."""
    page = (SOURCES / "pingtan-2025.html").read_text(encoding="utf-8")
    head, body = page.split("</head>", 1)
    head = re.sub(r"<title>[^<]*</title>", "", head)
    body = re.sub(r"<[^<>]*>\s*平潭综合实验区2025年度政府信息公开工作年度报告\s*<", "<", body)
    return head, body


def test_the_title_only_in_the_documents_properties() -> None:
    head, body = _page_without_title()
    assert "ArticleTitle" in head
    result = import_bytes((head + "</head>" + body).encode("utf-8"), "page.html")
    assert result.report.metadata.title == "平潭综合实验区2025年度政府信息公开工作年度报告"
    assert any("取自文档属性 articletitle" in n for n in result.import_report.notes)


def test_the_title_only_in_a_pictures_alternative_text() -> None:
    head, body = _page_without_title()
    head = re.sub(r'<meta name="ArticleTitle"[^>]*>', "", head)
    body = body.replace("<body", '<body><img alt="平潭综合实验区2025年度政府信息公开工作年度报告" src="t.png"/', 1)
    result = import_bytes((head + "</head>" + body).encode("utf-8"), "page.html")
    assert result.report.metadata.title == "平潭综合实验区2025年度政府信息公开工作年度报告"
    assert result.report.metadata.organ == "平潭综合实验区"
    assert any("取自图片的替代文字" in n for n in result.import_report.notes)
