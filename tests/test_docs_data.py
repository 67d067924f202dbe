"""Every example of the "reports as data" guide (docs/guide/data.md) runs and prints what the guide says.

The guide's console step is done here: the reports of tests/gold/sources and examples/ are copied into
``reports/`` of a fresh folder and ``govreport dataset reports -o reports.parquet`` is run there; then the
guide's ``>>>`` examples run as doctests in that folder.
"""

from __future__ import annotations

import doctest
import shutil
from pathlib import Path

import pytest

from govreport.cli import main

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide" / "data.md"


def test_data_guide_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for folder in (ROOT / "tests" / "gold" / "sources", ROOT / "examples"):
        for source in folder.iterdir():
            shutil.copy(source, reports / source.name)
    monkeypatch.chdir(tmp_path)
    assert main(["dataset", "reports", "-o", "reports.parquet", "--no-progress"]) == 1  # the one invalid file
    # a code fence ends an example's expected output, as a blank line does for doctest
    text = "\n".join("" if line.startswith("```") else line for line in GUIDE.read_text(encoding="utf-8").splitlines())
    test = doctest.DocTestParser().get_doctest(text, {}, "data.md", str(GUIDE), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    result = runner.run(test)
    assert result.attempted >= 10
    assert result.failed == 0
