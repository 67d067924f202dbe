"""``govreport check`` for people (issue 18, item 2): a verdict and a summary first, undecided checks grouped by
cause, each problem with its evidence, the full lists behind --verbose/--all; check DIR in the words of checking
with warnings per file; one language per run; a wrong --previous said visibly; --format."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from govreport import jsonio
from govreport.cli import main
from govreport.cli._batch import SMALL_RUN

ROW_TOTALS = ("granted", "partially_granted", "other_handling/combined", "total_processed", "denied/state_secret")
"""表三 rows (paths under /applications/results) whose 总计 cell the tests leave blank."""


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(jsonio.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def blanks(tmp_path: Path, seed_data: dict[str, Any]) -> Path:
    """The seed with the 总计 column of five 表三 rows left blank and one identity broken."""
    results = seed_data["applications"]["results"]
    for path in ROW_TOTALS:
        row = results
        for key in path.split("/"):
            row = row[key]
        row["total"] = ""
    seed_data["review_litigation"]["admin_review"]["total"] = 9  # 8 in the seed: T4-TOTAL fails
    return _write(tmp_path / "blanks.json", seed_data)


def test_summary_first_then_problems_then_undecided_by_cause(blanks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = _run(["check", str(blanks)], capsys)
    assert code == 1
    assert lines[0] == f"{blanks}: 未通过 — 错误 1，警告 0，无法判断 {_undecided(blanks, capsys)}"
    assert lines[1].startswith("  淄博高新技术产业开发区 2021年度（2021年格式）；")
    assert lines[2].startswith("  无法判断 ")
    assert re.search(r"：5 个单元格没有数字（5 个空白），多在“总计”列；不按0计$", lines[3]), lines[3]
    assert lines[4].startswith("    · 1 项（F-DEADLINE）：")
    assert lines[5] == "  问题 1 项："
    assert lines[6].startswith("    ✗ 错误 T4-TOTAL ")
    assert lines[6].endswith("（行政复议）")
    assert lines[7].strip().startswith("行政复议：表四 › 行政复议 › 总计 = 9")
    assert not any(line.lstrip().startswith("? ") for line in lines)  # each undecided check only with --verbose
    assert lines[-1] == "  逐项列出：--verbose；连同通过和不适用的：--all"


def _undecided(path: Path, capsys: pytest.CaptureFixture[str]) -> int:
    main(["check", str(path), "--json"])
    (doc,) = json.loads(capsys.readouterr().out)
    count: int = doc["counts"]["cannot_tell"]
    return count


def test_verbose_lists_each_undecided_check_and_all_every_finding(
    blanks: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    undecided = _undecided(blanks, capsys)
    _, lines, _ = _run(["check", str(blanks), "--verbose"], capsys)
    assert sum(line.startswith("    ? ") for line in lines) == undecided
    assert "  无法判断：" in lines
    assert not any(line.startswith("    ✓ ") for line in lines)
    _, lines, _ = _run(["check", str(blanks), "--all"], capsys)
    assert any(line.startswith("    ✓ ") for line in lines)
    assert "  通过：" in lines
    assert "  不适用：" in lines


def test_english_output_is_english_throughout(blanks: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = _run(["check", str(blanks), "--lang", "en"], capsys)
    assert code == 1
    assert lines[0].endswith(": failed — 1 error(s), 0 warning(s), " + lines[0].rsplit(", ", 1)[1])
    assert "5 cell(s) hold no number (5 blank), mostly in the 总计 column; never counted as 0" in lines[3]
    assert lines[5] == "  1 problem(s):"
    assert lines[6].startswith("    ✗ error T4-TOTAL ")
    assert "the other side comes to 8 (difference 1)" in lines[7]
    text = "\n".join(lines)
    for word in ("通过", "未通过", "错误", "警告", "无法判断", "问题", "不按0计"):
        assert word not in text, word


def _folder(tmp_path: Path, seed_path: Path, seed_data: dict[str, Any], copies: int) -> Path:
    """``copies`` reports: the seed, one failing an error rule and one with a warning only."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(copies - 2):
        shutil.copy(seed_path, folder / f"ok-{i:02}.json")
    broken = copy.deepcopy(seed_data)
    broken["review_litigation"]["admin_review"]["total"] = 9
    _write(folder / "error.json", broken)
    warned = copy.deepcopy(seed_data)
    warned["metadata"]["statistics_period"]["start"] = "2021-02-01"  # F-PERIOD: a warning
    _write(folder / "warning.json", warned)
    return folder


@pytest.mark.parametrize("copies", [4, SMALL_RUN + 4])
def test_check_dir_uses_the_words_of_checking_and_counts_warnings_per_file(
    tmp_path: Path, seed_path: Path, seed_data: dict[str, Any], copies: int, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, seed_path, seed_data, copies)
    code, lines, err = _run(["check", str(folder), "--no-progress"], capsys)
    assert code == 1
    warned = next(line for line in lines if line.startswith(f"{folder / 'warning.json'}: "))
    assert warned == f"{folder / 'warning.json'}: 通过 — 错误 0，警告 1，无法判断 1"
    failed = next(line for line in lines if line.startswith(f"{folder / 'error.json'}: "))
    assert failed.startswith(f"{folder / 'error.json'}: 未通过 — 错误 1，")
    assert f"共 {copies} 份报告：通过 {copies - 1} 份，未通过 1 份，有警告 1 份" in err
    for word in ("valid", "invalid", "report(s)"):
        assert word not in "\n".join(lines) + err
    # a directory and the same file named alone give the same verdict line
    _, alone, _ = _run(["check", str(folder / "warning.json")], capsys)
    assert alone[0] == warned


def test_check_dir_in_english(
    tmp_path: Path, seed_path: Path, seed_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, seed_path, seed_data, SMALL_RUN + 2)
    _, lines, err = _run(["check", str(folder), "--no-progress", "--lang", "en"], capsys)
    assert f"{folder / 'warning.json'}: passed — 0 error(s), 1 warning(s), 1 cannot tell" in lines
    assert f"{SMALL_RUN + 2} report(s): {SMALL_RUN + 1} passed, 1 failed, 1 with warnings" in err
    assert "通过" not in err


def test_a_wrong_previous_says_so(
    tmp_path: Path, seed_path: Path, seed_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines, err = _run(["check", str(seed_path), "--previous", str(tmp_path / "missing.json")], capsys)
    assert code == 2
    assert f"无法使用上年度报告（--previous {tmp_path / 'missing.json'}）：no such file" in err
    assert lines == []
    # the same year given as last year's: the cross-year rules cannot run, and the output says why
    code, lines, err = _run(["check", str(seed_path), "--previous", str(seed_path)], capsys)
    assert code == 0
    warning = f"  ⚠ 上年度报告（--previous {seed_path}）为2021年度，本报告为2021年度，不是上一年度：跨年度规则未执行"
    assert lines[2] == warning
    assert warning.removeprefix("  ⚠ ") in err
    other = copy.deepcopy(seed_data)
    other["metadata"]["report_year"] = 2020
    other["metadata"]["organ"] = "另一个机关"
    path = _write(tmp_path / "other.json", other)
    _, lines, _ = _run(["check", str(seed_path), "--previous", str(path), "--lang", "en"], capsys)
    assert lines[2] == (
        f"  ⚠ the previous report (--previous {path}) is of '另一个机关', this one of '淄博高新技术产业开发区': "
        "the cross-year rules were not applied"
    )


def test_check_takes_format(seed_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(seed_path), "--format", "2021"]) == 0
    assert main(["check", str(seed_path), "--format", "2019"]) == 1  # a 2021 report is not a valid 2019 one
    assert "未检查" in capsys.readouterr().err
