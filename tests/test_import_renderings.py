"""Every report we have gold for, as published and as users' tools convert it: no number wrong or invented.

The documents are those of ``benchmarks/corpus_accuracy.py``: the seen reports (tests/gold) with their
converter renderings (tests/gold/renderings, made by tests/gold/make_seen_renderings.py) and the development part of
the wider corpus (tests/corpus, ``"split": "dev"``) with its renderings.  The holdout part is never run here.

For each document: no cell holds a value other than the gold's, no number stands where the gold has none, the
format version is the gold's, every arithmetic error the report published is caught and none is reported that
the report does not have.  And each reads at least as many cells right as it did when this test was written, so
a change that declines more than before fails here, not silently in the benchmark.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_accuracy", ROOT / "benchmarks" / "corpus_accuracy.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_accuracy"] = module
    spec.loader.exec_module(module)
    return module


BENCH = _benchmark()
DOCUMENTS = [d for d in BENCH.documents() if d.set in ("seen", "dev")]

RIGHT_AT_LEAST: dict[tuple[str, str, str], int] = {
    ("seen", "zibo-gaoxin-2021", "page-text"): 186,
    ("seen", "huaian-hongze-2023", "pdf"): 186,
    ("seen", "pingtan-2019", "page-text"): 179,
    ("seen", "pingtan-2021", "page-text"): 197,
    ("seen", "pingtan-2022", "page-text"): 197,
    ("seen", "pingtan-2023", "html"): 200,
    ("seen", "pingtan-2023", "page-text"): 197,
    ("seen", "pingtan-2025", "html"): 200,
    ("seen", "pingtan-2025", "page-text"): 197,
    ("seen", "shanghai-kewei-2024", "markdown"): 200,
    ("seen", "shanghai-office-2019", "html"): 198,
    ("seen", "shuyang-2025", "page-text"): 200,
    ("seen", "huaian-hongze-2023.pdf", "markitdown"): 186,
    ("seen", "huaian-hongze-2023.pdf", "pdf2docx"): 186,
    ("seen", "huaian-hongze-2023.pdf", "pdftotext-layout"): 186,
    ("seen", "huaian-hongze-2023.pdf", "pdftotext"): 45,
    ("seen", "pingtan-2023.html", "html2text"): 200,
    ("seen", "pingtan-2023.html", "lynx"): 200,
    ("seen", "pingtan-2023.html", "markitdown"): 200,
    ("seen", "pingtan-2023.html", "pandoc"): 200,
    ("seen", "pingtan-2023.html", "w3m"): 200,
    ("seen", "pingtan-2025.html", "html2text"): 200,
    ("seen", "pingtan-2025.html", "lynx"): 200,
    ("seen", "pingtan-2025.html", "markitdown"): 200,
    ("seen", "pingtan-2025.html", "pandoc"): 200,
    ("seen", "pingtan-2025.html", "w3m"): 200,
    ("seen", "shanghai-office-2019.html", "html2text"): 198,
    ("seen", "shanghai-office-2019.html", "lynx"): 22,
    ("seen", "shanghai-office-2019.html", "markitdown"): 191,
    ("seen", "shanghai-office-2019.html", "pandoc"): 191,
    ("seen", "shanghai-office-2019.html", "w3m"): 198,
    ("seen", "zibo-gaoxin-2021.docx", "pandoc"): 186,
    ("dev", "a-2019-pingtan-jingfa", "page-text"): 198,
    ("dev", "a-2020-pingtan-caijin", "page-text"): 198,
    ("dev", "a-2021-pingtan-caijin", "page-text"): 200,
    ("dev", "a-2021-pingtan-gonganju", "page-text"): 200,
    ("dev", "a-2021-pingtan-shenpi", "page-text"): 197,
    ("dev", "a-2022-pingtan-jingfa", "page-text"): 200,
    ("dev", "b-2024-huaian-city", "pdf"): 200,
    ("dev", "b-2024-huaian-city", "markitdown"): 200,
    ("dev", "b-2024-huaian-city", "pdftotext-layout"): 200,
    ("dev", "b-2024-huaian-city", "pdftotext"): 185,
    ("dev", "b-2024-huaian-hongze-district", "pdf"): 186,
    ("dev", "b-2024-huaian-hongze-district", "markitdown"): 186,
    ("dev", "b-2024-huaian-hongze-district", "pdftotext-layout"): 186,
    ("dev", "b-2024-huaian-hongze-district", "pdftotext"): 60,
    ("dev", "c-2019-pingtan-gonganju", "page-text"): 180,
    ("dev", "c-2019-pingtan-guanweiban", "page-text"): 193,
    ("dev", "c-2021-pingtan-guanweiban", "page-text"): 197,
    ("dev", "c-2023-pingtan-caijin", "page-text"): 200,
    ("dev", "c-2023-pingtan-guanweiban", "page-text"): 197,
    ("dev", "c-2023-shuyang-fagaiju", "word-html"): 200,
    ("dev", "c-2023-shuyang-fagaiju", "html2text"): 200,
    ("dev", "c-2023-shuyang-fagaiju", "lynx"): 25,
    ("dev", "c-2023-shuyang-fagaiju", "markitdown"): 200,
    ("dev", "c-2023-shuyang-fagaiju", "pandoc"): 200,
    ("dev", "c-2023-shuyang-fagaiju", "w3m"): 200,
    ("dev", "c-2025-pingtan-guanweiban", "page-text"): 197,
    ("dev", "c-2025-pingtan-jiaojian", "page-text"): 197,
    ("dev", "c-2025-pingtan-jingfa", "page-text"): 197,
    ("dev", "c-2025-pingtan-shenpi", "page-text"): 194,
    ("dev", "c-2025-pingtan-touzicujin", "page-text"): 197,
}
"""Cells read right per document when this test was written."""


def _id(doc: object) -> str:
    return f"{doc.set}:{doc.report}/{doc.kind}"  # type: ignore[attr-defined]


def test_the_sets_are_there() -> None:
    kinds = {d.kind for d in DOCUMENTS}
    assert {"page-text", "pdf", "html", "markitdown", "pdftotext", "pdftotext-layout", "w3m", "lynx"} <= kinds
    assert {d.set for d in DOCUMENTS} == {"seen", "dev"}


@pytest.mark.parametrize("doc", DOCUMENTS, ids=_id)
def test_no_number_is_wrong_invented_or_misplaced(doc: object) -> None:
    counts, notes = BENCH.compare(doc)
    problems = [n for n in notes if "WRONG" in n or "INVENTED" in n or "FALSE" in n or "not caught" in n]
    assert counts.wrong == 0, problems
    assert counts.invented == 0, problems
    assert counts.wrong_version == 0, notes[:3]
    assert counts.refused == 0, notes[:1]
    assert counts.false_errors == 0, problems
    assert counts.errors_caught + counts.errors_hidden == counts.errors_published, problems


@pytest.mark.parametrize("doc", [d for d in DOCUMENTS if (d.set, d.report, d.kind) in RIGHT_AT_LEAST], ids=_id)
def test_no_document_reads_fewer_cells_than_before(doc: object) -> None:
    counts, _ = BENCH.compare(doc)
    assert counts.right >= RIGHT_AT_LEAST[(doc.set, doc.report, doc.kind)]  # type: ignore[attr-defined]


def test_declined_cells_say_why() -> None:
    # a PDF converted to text whose 表四 numbers come out column by column: declined, with the reason in words
    doc = next(d for d in DOCUMENTS if d.report == "b-2024-huaian-city" and d.kind == "pdftotext")
    _, notes = BENCH.compare(doc)
    declined = [n for n in notes if n.startswith("declined 表四")]
    assert declined
    assert "按出现顺序各组合计不符" in declined[0]
