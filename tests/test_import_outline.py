"""The outline audit: headings misnumbered, out of order, repeated or missing, numbering restarted, a table under
the wrong heading — on real reports that have these faults and on the seed, which has none.

Where no real file we keep has a fault, the test makes exactly that change to the seed's text at test time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport.cli import main
from govreport.importers import OutlineIssue, import_bytes, import_file

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "examples" / "zibo-gaoxin-2021.txt"
GOLD = Path(__file__).resolve().parent / "gold" / "sources"
CORPUS = Path(__file__).resolve().parent / "corpus"


def _outline(text: str) -> list[OutlineIssue]:
    return list(import_bytes(text.encode(), "report.txt").import_report.outline)


def _codes(issues: list[OutlineIssue]) -> list[str]:
    return [i.code for i in issues]


def _seed_lines() -> list[str]:
    return SEED_TXT.read_text(encoding="utf-8").split("\n")


def _at(lines: list[str], heading: str) -> int:
    return next(i for i, line in enumerate(lines) if line.strip() == heading)


def test_the_seed_has_a_sound_outline() -> None:
    assert import_file(SEED_TXT).import_report.outline == ()


def test_a_report_that_numbers_its_tables_as_an_appendix() -> None:
    """上海市科委 2024 (PDF converted to Markdown): the tables under headings numbered 一、二、三, and no 五."""
    outline = list(import_file(GOLD / "shanghai-kewei-2024.md").import_report.outline)
    numbering = [i for i in outline if i.code == "heading_numbering"]
    assert len(numbering) == 4
    assert numbering[0].message.startswith("标题「一、主动公开政府信息情况」编号为“一”")
    assert "第二部分" in numbering[0].message
    assert numbering[0].where is not None
    assert numbering[0].where.line == 73
    missing = [i for i in outline if i.code == "heading_missing"]
    assert [i.message for i in missing] == ["缺少标题：五、存在的主要问题及改进情况"]
    assert "heading_order" not in _codes(outline)  # a misnumbered heading is said once, as misnumbered


def test_a_report_without_section_six() -> None:
    outline = import_file(CORPUS / "a-2021-pingtan-caijin" / "source.txt").import_report.outline
    assert [(i.code, i.message) for i in outline] == [("heading_missing", "缺少标题：六、其他需要报告的事项")]


def test_table_headers_and_table_rows_are_not_headings() -> None:
    """淮安市洪泽区 2023 (PDF): 表四's header "行政复议 | 行政诉讼", 表三's rows 一、…四、 are not the outline's."""
    assert import_file(GOLD / "huaian-hongze-2023.pdf").import_report.outline == ()


def test_sections_five_and_six_swapped() -> None:
    lines = _seed_lines()
    five, six = _at(lines, "五、存在的主要问题及改进情况"), _at(lines, "六、其他需要报告的事项")
    swapped = lines[:five] + lines[six:] + lines[five:six]
    outline = _outline("\n".join(swapped))
    assert _codes(outline) == ["heading_order"]
    assert outline[0].message.startswith("标题「五、存在的主要问题及改进情况」出现在六、其他需要报告的事项之后")


def test_a_heading_repeated() -> None:
    lines = _seed_lines()
    six = _at(lines, "六、其他需要报告的事项")
    repeated = [*lines[: six + 1], "二、主动公开政府信息情况", *lines[six + 1 :]]
    outline = _outline("\n".join(repeated))
    assert _codes(outline) == ["heading_repeated"]
    assert "第一次在第16行" in outline[0].message


def test_numbering_restarted_inside_a_section() -> None:
    lines = _seed_lines()
    five = _at(lines, "五、存在的主要问题及改进情况")
    restarted = [*lines[: five + 1], "一、存在的主要问题", *lines[five + 1 :]]
    outline = _outline("\n".join(restarted))
    assert _codes(outline) == ["numbering_restarted"]
    assert "（一）（二）" in outline[0].message


def test_table_three_under_heading_two() -> None:
    lines = _seed_lines()
    two, three, four = (
        _at(lines, "二、主动公开政府信息情况"),
        _at(lines, "三、收到和处理政府信息公开申请情况"),
        _at(lines, "四、政府信息公开行政复议、行政诉讼情况"),
    )
    # 表三's rows moved up under heading 二, heading 三 left with nothing under it
    moved = [*lines[:two + 1], *lines[three + 1 : four], *lines[two + 1 : three + 1], *lines[four:]]  # fmt: skip
    outline = _outline("\n".join(moved))
    assert _codes(outline) == ["table_misplaced"]
    assert outline[0].message.startswith("表三出现在二、主动公开政府信息情况之下")


def test_the_command_prints_the_outline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _seed_lines()
    five, six = _at(lines, "五、存在的主要问题及改进情况"), _at(lines, "六、其他需要报告的事项")
    source = tmp_path / "swapped.txt"
    source.write_text("\n".join(lines[:five] + lines[six:] + lines[five:six]), encoding="utf-8")
    report = tmp_path / "import.json"
    assert main(["import", str(source), "-o", str(tmp_path / "r.json"), "--report", str(report)]) == 0
    err = capsys.readouterr().err
    assert "提纲：标题「五、存在的主要问题及改进情况」出现在" in err
    assert '"code": "heading_order"' in report.read_text(encoding="utf-8")
