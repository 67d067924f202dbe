"""``govreport show FILE``: a readable summary of a report and its three tables."""

from __future__ import annotations

import argparse
import unicodedata

from govreport.cli._conventions import validate_input
from govreport.cli._exit import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from govreport.cli._output import issue_line
from govreport.formats import NOTICES, TABLES
from govreport.formats.cells import Mark, Unreadable
from govreport.layout import written_unit
from govreport.plugins import Command

TABLE_TITLES = {
    "二": "表二 主动公开政府信息情况",
    "三": "表三 收到和处理政府信息公开申请情况",
    "四": "表四 政府信息公开行政复议、行政诉讼情况",
}


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="report JSON file (- for standard input)")
    p.add_argument("--format", dest="version", help="format version (overrides the document's)")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def render_cell(value: object, unit: str | None = None) -> str:
    """A cell as printed: numbers as written (with the unit the report wrote, 251000元), marks as written,
    unreadable as ?text."""
    if isinstance(value, Mark):
        return value.value or "(空)"
    if isinstance(value, Unreadable):
        return f"?{value.unreadable}"
    return f"{value}{unit or ''}"


def run(args: argparse.Namespace) -> int:
    result = validate_input(args.api, args.file, version=args.version)
    if result.report is None:
        for issue in result.issues:
            print(issue_line(result.source, issue))
        return EXIT_USAGE if result.unreadable else EXIT_FAILED
    report = result.report
    meta = report.metadata
    print(meta.title or f"{meta.organ}{meta.report_year}年政府信息公开工作年度报告")
    print(f"  报告机关 {meta.organ}  ·  报告年度 {meta.report_year}  ·  格式 {NOTICES[report.format_version]}")
    if meta.publication_date:
        print(f"  发布日期 {meta.publication_date.isoformat()}")
    for table in TABLES:
        print()
        print(TABLE_TITLES[table])
        table_rows = args.api.rows(report, table)
        values = {
            (c.row.key, c.column.key): render_cell(c.value, written_unit(c.row.record(report), c.column.key))
            for c in args.api.cells(report, table)
        }
        label_width = max(_width("  " * (len(r.labels) - 1) + r.label) for r in table_rows)
        label_width = min(label_width, 40)
        last_header: tuple[str, ...] = ()
        last_groups: tuple[str, ...] = ()
        for row in table_rows:
            groups = row.labels[:-1]
            for depth, group in enumerate(groups):
                if last_groups[: depth + 1] != groups[: depth + 1]:
                    print("  " + "  " * depth + group)
            last_groups = groups
            header = tuple(c.label for c in row.columns)
            if header != last_header:
                print("  " + _pad("", label_width) + " | " + " | ".join(header))
                last_header = header
            label = "  " * (len(row.labels) - 1) + row.label
            if _width(label) > label_width:
                while _width(label + "…") > label_width:
                    label = label[:-1]
                label += "…"
            widths = [max(_width(h), 4) for h in header]
            cells_text = " | ".join(
                _pad(values[(row.key, col.key)], w, right=True) for col, w in zip(row.columns, widths, strict=True)
            )
            print("  " + _pad(label, label_width) + " | " + cells_text)
    return EXIT_OK


COMMAND = Command(
    name="show",
    help="print a readable summary of a report",
    description="Print a report's metadata and its three tables.",
    configure=configure,
    run=run,
)
