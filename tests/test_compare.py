"""Comparing reports of one organ over the years, on the real Pingtan series (2019, 2021–2023, 2025).

The series is read from the unmodified copies of the shared corpus's reports in tests/gold/sources.  2023 and 2025
are read from the published web pages (real table cells); 2019, 2021 and 2022 from the page texts, whose
run-together digits the importer keeps unreadable where they are ambiguous (2021 and 2022 行政规范性文件, see
INDEX.md): such a cell is never compared as a number.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import govreport
from govreport import jsonio
from govreport.checks import Outcome, check
from govreport.cli import main
from govreport.comparison import CompareRefused, Comparison, compare, normalise_organ, render
from govreport.comparison._prose import compare_section
from govreport.importers import import_file
from govreport.inputs import NotAReport

ROOT = Path(__file__).resolve().parent.parent
SOURCES = Path(__file__).resolve().parent / "gold" / "sources"
SERIES = ("pingtan-2019.txt", "pingtan-2021.txt", "pingtan-2022.txt", "pingtan-2023.html", "pingtan-2025.html")
YEARS = (2019, 2021, 2022, 2023, 2025)


@pytest.fixture(scope="module")
def series() -> Comparison:
    return compare(*(SOURCES / name for name in SERIES))


def _line(
    c: Comparison, table: str, row: str, column: str, version: str | None = None
) -> govreport.comparison.CellLine:
    found = [
        x
        for x in c.cells
        if (x.table, x.row_key, x.column_key) == (table, row, column)
        and (version is None or version in x.format_versions)
    ]
    assert len(found) == 1, found
    return found[0]


def test_series_in_year_order_with_formats(series: Comparison) -> None:
    assert series.years == YEARS
    assert [e.format_version for e in series.editions] == ["2019", "2021", "2021", "2021", "2021"]
    assert [e.kind for e in series.editions] == ["text", "text", "text", "html", "html"]
    assert series.organ == "平潭综合实验区"
    assert len(series.steps) == 4


def test_each_year_change_and_percentage(series: Comparison) -> None:
    received = _line(series, "三", "new_received", "total")
    assert received.format_versions == ("2019", "2021")  # 表三 shares its keys across the formats
    assert received.values == (23, 70, 74, 81, 154)
    deltas = [c.delta for c in received.changes]
    assert deltas == [47, 4, 7, 73]
    assert [c.percent for c in received.changes] == [Decimal("204.3"), Decimal("5.7"), Decimal("9.5"), Decimal("90.1")]
    assert all(c.status == "changed" for c in received.changes)
    review = next(s for s in series.series if s.key == "admin_review")
    assert review.values == (0, 3, 2, 2, 36)


def test_carry_over_findings_come_from_the_check_engine(series: Comparison) -> None:
    by_step = {series.step_name(s): s for s in series.steps}
    consecutive = by_step["2021→2022年度"]
    carry = [f for f in consecutive.findings if f.rule_id == "X-CARRY-OVER"]
    assert len(carry) == 7
    assert all(f.outcome is Outcome.PASSED for f in carry)
    # 2022's 上年结转 总计 1 is 2021's 结转下年度 总计 1
    total = next(f for f in carry if f.subject == "总计")
    assert (total.left, total.right) == (1, 1)
    # the findings are exactly those check(new, previous=old) gives for the rules that need last year's report
    old = import_file(SOURCES / "pingtan-2021.txt").report
    new = import_file(SOURCES / "pingtan-2022.txt").report
    result = check(new, previous=old)
    cross_year = {r.id for r in result.rules if r.needs == "previous"}
    assert {"X-CARRY-OVER", "X-VALID-DOCUMENTS", "X-JUMP"} <= cross_year
    expected = [f.to_json() for f in result.findings if f.rule_id in cross_year]
    assert [f.to_json() for f in consecutive.findings] == expected
    # the ambiguous 行政规范性文件 digit run is not guessed: the continuity rule cannot tell
    valid_docs = [f for f in consecutive.findings if f.rule_id == "X-VALID-DOCUMENTS" and f.subject == "行政规范性文件"]
    assert [f.outcome for f in valid_docs] == [Outcome.CANNOT_TELL]
    # a year missing in between: the cross-year rules do not apply, and the step says why
    for name, missing in (("2019→2021年度", "2020"), ("2023→2025年度", "2024")):
        step = by_step[name]
        assert {f.outcome for f in step.findings} == {Outcome.NOT_APPLICABLE}
        assert any(f"缺少{missing}年度" in n for n in step.notes)


def test_format_change_keeps_table_two_apart(series: Comparison) -> None:
    two = [c for c in series.cells if c.table == "二"]
    assert {c.format_versions for c in two} == {("2019",), ("2021",)}  # never one line for both formats
    for line in two:
        present = tuple(v is not None for v in line.values)
        expected = tuple(e.format_version == line.format_versions[0] for e in series.editions)
        assert present == expected, line.label
    # 处理决定数量 is a key of both formats' 表二 but not the same cell: two lines, one per format
    licensing = [c for c in two if c.row_key == "licensing" and c.column_key == "decisions"]
    assert sorted(c.format_versions for c in licensing) == [("2019",), ("2021",)]
    assert _line(series, "二", "licensing", "decisions", "2021").changes[0].status == "only_new"
    # （六）其他处理: the 2019 single row and the 2021 three rows are different cells
    assert _line(series, "三", "results.other_handling", "total").format_versions == ("2019",)
    assert _line(series, "三", "results.other_handling.overdue_correction", "total").format_versions == ("2021",)
    assert any("格式不同" in n for n in series.steps[0].notes)
    # 表四 lines up across the formats
    assert _line(series, "四", "admin_review", "total").format_versions == ("2019", "2021")


def test_unreadable_cells_are_not_compared_as_numbers(series: Comparison) -> None:
    made = _line(series, "二", "normative_documents", "made", "2021")
    assert isinstance(made.values[1], govreport.Unreadable)
    assert made.changes[1].status == "cannot_tell"
    assert made.changes[1].delta is None
    assert made.values[3:] == (77, 58)  # the web pages settle 2023 and 2025
    assert (made.changes[3].delta, made.changes[3].percent) == (-19, Decimal("-24.7"))


def test_prose_sentences_and_repeat_rate() -> None:
    section = compare_section("overall", "一、总体情况", ("甲乙。丙丁；戊",), ("甲乙。己！ 丙丁；",))
    assert section.new_sentences == ("己！",)
    assert (section.carried, section.characters) == (6, 8)  # 甲乙。 + 丙丁； of 甲乙。己！丙丁；
    assert section.percent == Decimal("75.0")
    empty = compare_section("other_matters", "六", ("甲。",), ())
    assert empty.percent is None
    assert empty.characters == 0


def test_a_report_copied_from_last_year_shows_as_such(tmp_path: Path) -> None:
    report = import_file(SOURCES / "pingtan-2022.txt").report
    copied = attrs.evolve(report, metadata=attrs.evolve(report.metadata, report_year=2023))
    (tmp_path / "2022.json").write_text(govreport.dumps(report), encoding="utf-8")
    (tmp_path / "2023.json").write_text(govreport.dumps(copied), encoding="utf-8")
    c = compare(tmp_path / "2022.json", tmp_path / "2023.json")
    assert c.steps[0].prose.percent == Decimal("100.0")
    assert all(not s.new_sentences for s in c.steps[0].prose.sections)
    assert all(line.changes[0].status in ("unchanged", "cannot_tell") for line in c.cells)


def test_real_series_prose(series: Comparison) -> None:
    step = series.steps[1]  # 2021→2022
    sections = {s.key: s for s in step.prose.sections}
    assert sections["other_matters"].new_sentences == ("2022年，无收取信息处理费情况。",)
    assert step.prose.characters == sum(s.characters for s in step.prose.sections) > 1000
    assert step.prose.percent is not None
    assert Decimal(0) < step.prose.percent < Decimal(50)


def test_json_input_gives_the_same_comparison(tmp_path: Path, series: Comparison) -> None:
    paths = []
    for name in SERIES[1:3]:
        target = tmp_path / f"{name}.json"
        govreport.save(import_file(SOURCES / name).report, target)
        paths.append(target)
    from_json = compare(*paths)
    assert [c.values for c in from_json.cells] == [
        c.values[1:3] for c in series.cells if any(v is not None for v in c.values[1:3])
    ]
    assert [f.to_json() for f in from_json.steps[0].findings] == [f.to_json() for f in series.steps[1].findings]


def test_organ_mismatch_refused_unless_forced() -> None:
    with pytest.raises(CompareRefused) as caught:
        compare(SOURCES / "pingtan-2022.txt", SOURCES / "shuyang-2025.txt")
    assert "平潭综合实验区" in str(caught.value)
    assert "沐阳县人民政府" in str(caught.value)
    assert "--force" in str(caught.value)
    assert caught.value.code == "organ-mismatch"
    forced = compare(SOURCES / "pingtan-2022.txt", SOURCES / "shuyang-2025.txt", force=True)
    assert any("报告机关不一致" in n for n in forced.notes)


def test_one_organ_spelled_two_ways_is_compared_with_a_note() -> None:
    """洪泽区人民政府 (2023) and 淮安市洪泽区人民政府 (2024): one organ, decided as the cross-year checks decide."""
    hongze_2024 = Path(__file__).resolve().parent / "corpus" / "b-2024-huaian-hongze-district" / "source.pdf"
    comparison = compare(SOURCES / "huaian-hongze-2023.pdf", hongze_2024)
    assert [e.organ for e in comparison.editions] == ["洪泽区人民政府", "淮安市洪泽区人民政府"]
    assert any("淮安市" in n and "按同一机关比较" in n for n in comparison.notes)


def test_same_year_twice_refused_unless_forced() -> None:
    with pytest.raises(CompareRefused, match="都是2023年度"):
        compare(SOURCES / "pingtan-2023.txt", SOURCES / "pingtan-2023.html")
    forced = compare(SOURCES / "pingtan-2023.txt", SOURCES / "pingtan-2023.html", force=True)
    assert any("都是2023年度" in n for n in forced.steps[0].notes)


def test_organ_names_are_normalised_lightly(tmp_path: Path, seed_data: dict[str, object]) -> None:
    assert normalise_organ("淄博 高新技术产业开发区（ＡＢＣ）") == normalise_organ("淄博高新技术产业开发区(ABC)")
    (tmp_path / "new.json").write_text(jsonio.dumps(seed_data), encoding="utf-8")
    seed_data["metadata"]["organ"] = "淄博高新技术产业开发区 "  # type: ignore[index]
    seed_data["metadata"]["report_year"] = 2020  # type: ignore[index]
    (tmp_path / "old.json").write_text(jsonio.dumps(seed_data), encoding="utf-8")
    assert compare(tmp_path / "old.json", tmp_path / "new.json").years == (2020, 2021)


def test_reports_given_out_of_order_are_put_in_order() -> None:
    c = compare(SOURCES / "pingtan-2023.html", SOURCES / "pingtan-2022.txt")
    assert c.years == (2022, 2023)
    assert "报告已按年度排列。" in c.notes


def test_bad_inputs_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(CompareRefused):
        compare(SOURCES / "pingtan-2022.txt")
    with pytest.raises(NotAReport, match="no such file"):
        compare(SOURCES / "pingtan-2022.txt", tmp_path / "missing.txt")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format_version": "2021"}', encoding="utf-8")
    with pytest.raises(NotAReport, match=r"broken\.json: not a valid report"):
        compare(SOURCES / "pingtan-2022.txt", broken)


def test_renderings(series: Comparison) -> None:
    text = render(series, "text")
    assert "本年新收申请：2019 23 → 2021 70 → 2022 74 → 2023 81 → 2025 154" in text
    assert "［仅2019年试行格式］" in text
    assert "文字重复率" in text
    data = json.loads(render(series, "json"))
    assert data["years"] == list(YEARS)
    assert data["steps"][1]["findings"][0]["rule_id"] == "X-CARRY-OVER"
    cell = next(c for c in data["cells"] if c["row_key"] == "new_received" and c["column_key"] == "total")
    assert cell["values"] == [23, 70, 74, 81, 154]
    assert cell["changes"][1] == {"status": "changed", "delta": 4, "percent": 5.7}
    md = render(series, "md")
    assert "| 项目 | 2019 | 2021 | 变化 | 2022 | 变化 |" in md
    html = render(series, "html")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<svg") == 3
    # nothing is fetched: the page reads offline (url(#…) is a clip path inside the page)
    assert not re.search(r"src=|<link|@import|url\((?!#)|href=\"(?!#)", html)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # the three inline charts share one id space
    assert render(series, "html") == html  # the same comparison gives the same page


def test_cli_formats_and_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = str(SOURCES / "pingtan-2022.txt"), str(SOURCES / "pingtan-2023.html")
    assert main(["compare", a, b, "-o", str(tmp_path / "out.md")]) == 0
    assert (tmp_path / "out.md").read_text(encoding="utf-8").startswith("# 平潭综合实验区")
    assert main(["compare", a, b, "-o", str(tmp_path / "out.html")]) == 0
    assert "<svg" in (tmp_path / "out.html").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["compare", a, b, "--to", "json", "-o", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["years"] == [2022, 2023]
    assert main(["compare", a, str(SOURCES / "shuyang-2025.txt")]) == 2
    err = capsys.readouterr().err
    assert "报告机关不一致" in err
    assert "Traceback" not in err
    assert main(["compare", a]) == 2
    assert main(["compare", a, str(tmp_path / "nope.pdf")]) == 2
    assert "nope.pdf: no such file" in capsys.readouterr().err
