"""The seedtext exporter reproduces the tables of the published seed text exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from govreport_seedtext import HEADINGS, render

import govreport
from govreport.export import ExportError, export, get_exporters
from govreport.plugins.testing import plugin_host

DATA = Path(__file__).parent / "data"


def table_parts(text: str) -> str:
    """The three tables of the published text: each heading down to the no-break-space line after it."""
    lines = text.split("\n")
    out: list[str] = []
    for heading in HEADINGS.values():
        start = next(i for i, line in enumerate(lines) if line.strip() == heading and lines[i + 1].startswith("\t"))
        end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].strip("\u00a0 "))
        out.extend(lines[start:end])
    return "\n".join(out)


def test_reproduces_the_seed_tables_exactly() -> None:
    report = govreport.load(DATA / "zibo-gaoxin-2021.json")
    expected = table_parts((DATA / "zibo-gaoxin-2021.txt").read_text(encoding="utf-8"))
    assert render(report).decode("utf-8") == expected


def test_registered_through_the_plugin_hook() -> None:
    import govreport_seedtext

    with plugin_host(govreport_seedtext):
        names = [e.name for e in get_exporters()]
        report = govreport.load(DATA / "zibo-gaoxin-2021.json")
        assert export(report, "seedtext").startswith("二、主动公开政府信息情况\n\t第二十条第（一）项\n".encode())
    assert "seedtext" in names


def test_a_changed_cell_changes_its_line() -> None:
    data = govreport.loads((DATA / "zibo-gaoxin-2021.json").read_text(encoding="utf-8"))
    data["active_disclosure"]["licensing"]["decisions"] = "/"
    text = render(govreport.from_data(data)).decode("utf-8")
    assert "\t行政许可\n\t/\n" in text


def test_2019_reports_are_refused() -> None:
    report = govreport.load(DATA / "format-2019.json")
    with pytest.raises(ExportError, match="2021 format only"):
        render(report)
