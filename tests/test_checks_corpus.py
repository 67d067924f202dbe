"""Real reports (hand-made fixtures from copies in tests/data/checks/corpus/): the mistakes INDEX.md notes are
caught, the reports noted as correct raise no error; and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import govreport
from govreport.checks import CheckResult, Finding, Outcome, Severity, check
from govreport.cli import main

DATA = Path(__file__).parent / "data" / "checks"
SEED = Path(__file__).resolve().parent.parent / "examples" / "zibo-gaoxin-2021.json"


def failed(name: str, rule_id: str) -> list[Any]:
    result = check(govreport.load(DATA / name))
    return [f for f in result.failed if f.rule_id == rule_id]


@pytest.mark.parametrize(
    ("name", "left", "right"),
    [
        ("050-qingyang-waiban-2020.json", 23, 31),
        ("051-guizhou-jiguanshiwuju-2020.json", 411, 407),
        ("062-linhe-ganzhaomiao-2025.json", 137, 142),
        ("076-leiyang-mashui-2019.json", 372, 392),
    ],
)
def test_prose_sum_errors_are_caught(name: str, left: int, right: int) -> None:
    (finding,) = failed(name, "P-SUM")
    assert (finding.left, finding.right, finding.imbalance) == (left, right, left - right)
    assert finding.severity is Severity.WARNING
    assert finding.places[0].pointer.startswith("/overall/")


def test_079_prose_two_applications_table_three() -> None:
    (finding,) = failed("079-changchun-sports-2023.json", "P-RECEIVED")
    assert (finding.left, finding.right) == (2, 3)
    assert finding.places[1].label == "表三 › 一、本年新收政府信息公开申请数量 › 总计"


def test_018_prose_year_and_normative_documents() -> None:
    (year,) = failed("018-haicheng-xiliu-2023.json", "F-REPORT-YEAR")
    assert (year.left, year.right) == (2022, 2023)
    (made,) = failed("018-haicheng-xiliu-2023.json", "P-NORMATIVE-MADE")
    assert (made.left, made.right) == (0, 4)
    (valid,) = failed("018-haicheng-xiliu-2023.json", "P-NORMATIVE-VALID")
    assert (valid.left, valid.right) == (0, 32)


def test_huaian_hongze_table_4_is_an_error() -> None:
    result = check(govreport.load(DATA / "huaian-hongze-2023.json"))
    bad = [f for f in result.failed if f.severity is Severity.ERROR]
    assert [(f.rule_id, f.subject, f.left, f.right) for f in bad] == [
        ("T4-TOTAL", "行政复议", 0, 11),
        ("T4-TOTAL", "行政诉讼 › 复议后起诉", 0, 5),
    ]
    assert bad[0].places[0].row == "行政复议"
    assert bad[0].places[0].column == "总计"


def errors_besides_blank_tables(result: CheckResult) -> list[Finding]:
    """The errors of a fixture other than those of the tables it leaves blank: the fixtures copy the prose of a
    report's opening, and only the table cells that can be read, so their other tables are blank and the
    T*-FILLED rules rightly fail them."""
    blank = [f for f in result.failed if f.rule_id in {"T2-FILLED", "T3-FILLED", "T4-FILLED"}]
    for finding in blank:
        assert finding.places[0].pointer in {"/active_disclosure", "/applications", "/review_litigation"}
        assert "全部没有内容（空白" in finding.reason
    return [f for f in result.failed if f.severity is Severity.ERROR and f not in blank]


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("correct-*.json")))
def test_narratives_noted_as_correct_raise_no_error(name: str) -> None:
    result = check(govreport.load(DATA / name))
    assert errors_besides_blank_tables(result) == []
    assert {f.rule_id for f in result.failed if f.severity is Severity.ERROR} == {"T2-FILLED", "T3-FILLED", "T4-FILLED"}
    assert not [f for f in result.failed if f.rule_id.startswith("P-")]


@pytest.mark.parametrize("name", ["correct-040.json", "correct-054.json", "correct-071.json", "correct-072.json"])
def test_correct_prose_sums_are_recognised_and_pass(name: str) -> None:
    result = check(govreport.load(DATA / name))
    sums = [f for f in result.findings if f.rule_id == "P-SUM"]
    assert sums
    assert {f.outcome for f in sums} == {Outcome.PASSED}


def test_pingtan_series_raises_no_error() -> None:
    for year in (2021, 2022, 2023):
        report = govreport.load(DATA / f"pingtan-{year}.json")
        previous = govreport.load(DATA / f"pingtan-{year - 1}.json") if year > 2021 else None
        result = check(report, previous=previous)
        assert errors_besides_blank_tables(result) == []
        # the page text runs 表四's cells together (see build_fixtures.py): the fixture leaves 表四 blank
        assert [f.rule_id for f in result.failed if f.severity is Severity.ERROR] == ["T4-FILLED"]


# the command line


def test_cli_check_seed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "淄博高新技术产业开发区 2021年度" in out
    assert out.startswith(f"{SEED}: 通过 — 错误 0，警告 0，无法判断 1\n")


def test_cli_check_error_exit_1_with_evidence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DATA / "huaian-hongze-2023.json")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "未通过 — 错误" in lines[0]
    head = next(i for i, line in enumerate(lines) if line.startswith("    ✗ 错误 T4-TOTAL") and "（行政复议）" in line)
    assert lines[head + 1].strip().startswith("行政复议：表四 › 行政复议 › 总计 = 0")


def test_cli_fail_on_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(SEED.read_text(encoding="utf-8"))
    paragraph = data["overall"]["applications"][0]
    data["overall"]["applications"][0] = paragraph.replace(
        "共收到政府信息公开申请件49件", "共收到政府信息公开申请件48件"
    )
    path = str(tmp_path / "seed-48.json")
    Path(path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["check", path]) == 0
    assert main(["check", path, "--fail-on", "warning"]) == 1
    assert "P-RECEIVED" in capsys.readouterr().out


def test_cli_json_and_previous(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(DATA / "pingtan-2022.json"), "--previous", str(DATA / "pingtan-2021.json"), "--json"])
    assert code == 1  # the fixture leaves 表四 blank (its page text runs the cells together): T4-FILLED
    (doc,) = json.loads(capsys.readouterr().out)
    carry = [f for f in doc["findings"] if f["rule_id"] == "X-CARRY-OVER"]
    assert [f["outcome"] for f in carry] == ["passed"] * 7
    assert carry[0]["places"][1]["document"] == "previous"
    assert doc["failed"] is True
    errors = {f["rule_id"] for f in doc["findings"] if f["outcome"] == "failed" and f["severity"] == "error"}
    assert errors == {"T4-FILLED"}


def test_cli_members(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(SEED.read_text(encoding="utf-8"))
    data["metadata"]["scope"] = "aggregate"
    total = tmp_path / "sum.json"
    total.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["check", str(total), "--members", str(SEED), str(SEED), "--json"]) == 1
    (doc,) = json.loads(capsys.readouterr().out)
    assert any(f["rule_id"] == "X-AGGREGATE" and f["outcome"] == "failed" for f in doc["findings"])


def test_cli_unreadable_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err
    assert "Traceback" not in err
    assert main(["check", str(tmp_path / "missing.json")]) == 2


def test_cli_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "T3-BALANCE  [error]  格式 2019、2021" in out
    assert main(["rules", "--json"]) == 0
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["T2-MADE-LE-VALID"]["versions"] == ["2021"]
    assert rules["X-CARRY-OVER"]["needs"] == "previous"
