"""The fuzz targets: every entry point, with its rule.

The rule of every target: the only outcomes are the documented results and error types.  A target's check raises
(an AssertionError, or the unexpected exception itself) when the entry point answered anything else; the runner
(:mod:`runner`) adds the memory and time bounds.
"""

from __future__ import annotations

import contextlib
import csv
import io
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import attrs
from hostile import hostile_text, mutated_data, mutated_document, mutated_text, valid_reports
from hypothesis import strategies as st

import govreport
from govreport import jsonio
from govreport._export import builtin_exporters
from govreport.aggregate import AggregationError, aggregate
from govreport.checks import CheckResult, Finding, Outcome, check
from govreport.cli import main
from govreport.errors import InputError
from govreport.export import ExportError, export, get_exporters
from govreport.formats import AnyReport
from govreport.importers import ImportFailed, import_bytes
from govreport.validate import ValidationResult
from strategies import reports


class Target(NamedTuple):
    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]
    doc: str


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "strong", "br"}
"""Every tag a Markdown export may render to: the exporter's own structure, nothing from a report's text."""


def _utf8(text: str) -> None:
    text.encode("utf-8")  # raises UnicodeEncodeError for a lone surrogate: a message that cannot be printed


def _result_ok(result: ValidationResult) -> None:
    assert isinstance(result, ValidationResult), type(result)
    for issue in result.issues:
        _utf8(issue.pointer)
        _utf8(issue.message)
        _utf8(issue.label)
    _utf8(jsonio.dumps(result.to_json()))
    if result.report is None:
        assert result.issues, "no report and no issue"
        return
    assert not result.issues, "a report despite issues"
    report = result.report
    again = govreport.validate_text(govreport.dumps(report))
    assert again.report == report, f"the report does not read back: {again.issues[:2]}"
    _exports(report)


BUILTIN_EXPORTERS = frozenset(e.name for e in builtin_exporters())


def _exports(report: AnyReport) -> None:
    """Every exporter gives bytes; a plugin's may refuse with ExportError (its documented way to say so)."""
    for exporter in get_exporters():
        try:
            out = export(report, exporter.name)
        except ExportError:
            if exporter.name in BUILTIN_EXPORTERS:
                raise
            continue
        assert type(out) is bytes, exporter.name
        assert out, exporter.name


# -- the targets -----------------------------------------------------------------------------------------------------


def check_loads(text: str | bytes) -> None:
    with contextlib.suppress(InputError):
        jsonio.loads(text)


def check_validate_text(text: str | bytes) -> None:
    _result_ok(govreport.validate_text(text))


def check_validate_data(data: Any) -> None:
    _result_ok(govreport.validate_data(data))


def check_checks(case: tuple[AnyReport, AnyReport | None, list[AnyReport]]) -> None:
    report, previous, members = case
    result = check(report, previous=previous, members=members or None)
    assert isinstance(result, CheckResult)
    for finding in result.findings:
        assert isinstance(finding, Finding), finding
        assert finding.outcome in Outcome
    _utf8(jsonio.dumps(result.to_json()))


def _markdown_tags(markdown: str) -> set[str]:
    from html.parser import HTMLParser

    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    found: set[str] = set()

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            found.add(tag)

    Tags().feed(html)
    return found


def _script_types(html: str) -> list[str | None]:
    """The type of every script element of a page (the report's text must never add one)."""
    from html.parser import HTMLParser

    found: list[str | None] = []

    class Scripts(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "script":
                found.append(dict(attrs).get("type"))

    Scripts().feed(html)
    return found


def check_export(report: AnyReport) -> None:
    _exports(report)
    rows = list(csv.reader(io.StringIO(export(report, "csv").decode("utf-8"))))
    for row in rows:
        for field in row:
            if field.startswith(FORMULA_STARTS):
                float(field)  # only a number may start so
    xlsx = export(report, "xlsx")
    from openpyxl import load_workbook

    for sheet in load_workbook(io.BytesIO(xlsx)):
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", f"a formula in {sheet.title}!{cell.coordinate}: {cell.value!r}"
    back = import_bytes(xlsx, "report.xlsx").report
    assert back == report, "the XLSX export does not read back"
    tags = _markdown_tags(export(report, "markdown").decode("utf-8"))
    assert tags <= MARKDOWN_TAGS, f"markup from the report's text: {sorted(tags - MARKDOWN_TAGS)}"
    scripts = _script_types(export(report, "html").decode("utf-8"))
    assert scripts == ["application/json"], f"scripts in the HTML export: {scripts}"  # the embedded data alone


def check_import(case: tuple[str, bytes]) -> None:
    name, raw = case
    try:
        result = import_bytes(raw, name)
    except ImportFailed as exc:
        _utf8(exc.message)
        return
    data = govreport.convert.unstructure(result.report)
    issues = govreport.validate_data(data).issues
    assert not issues, f"the import is not valid: {issues[:2]}"
    _utf8(jsonio.dumps(data))
    _utf8(jsonio.dumps(result.import_report.to_json()))


@contextlib.contextmanager
def _console(directory: Path) -> Iterator[tuple[Path, Path]]:
    """Standard output and error as a UTF-8 terminal would take them (strict: what cannot be encoded fails)."""
    out_path, err_path = directory / "stdout", directory / "stderr"
    with open(out_path, "w", encoding="utf-8") as out, open(err_path, "w", encoding="utf-8") as err:
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            yield out_path, err_path
        finally:
            sys.stdout, sys.stderr = saved


COMMANDS = (
    ["validate", "{f}"],
    ["validate", "--json", "{f}"],
    ["validate", "--jsonl", "--profile", "submission", "{f}", "{f}"],
    ["check", "{f}"],
    ["check", "--json", "--all", "{f}"],
    ["check", "--jsonl", "{f}"],
    ["show", "{f}"],
    ["export", "{f}", "--to", "csv", "-o", "{d}/out.csv"],
    ["export", "{f}", "--to", "xlsx", "-o", "{d}/out.xlsx"],
    ["export", "{f}", "--to", "docx", "-o", "{d}/out.docx"],
    ["export", "{f}", "--to", "markdown"],
    ["export", "{f}", "--to", "html"],
    ["export", "{f}", "--to", "json", "-o", "{f}"],
    ["aggregate", "{f}", "{f}", "--organ", "汇总", "-o", "{d}/sum.json"],
    ["check", "{f}", "--previous", "{f}", "--members", "{f}"],
    ["compare", "{f}", "{f}", "--force", "-o", "{d}/compare.md"],
    ["dataset", "{f}", "-o", "{d}/dataset.csv"],
)
"""The command lines run on each hostile document (``{f}`` the file, ``{d}`` a fresh directory)."""


def check_cli(case: tuple[int, str | bytes, tuple[str, bytes] | None]) -> None:
    which, text, document = case
    with tempfile.TemporaryDirectory(prefix="govreport-fuzz-") as folder:
        directory = Path(folder)
        if document is not None:
            name, raw = document
            source = directory / Path(name).name
            source.write_bytes(raw)
            argv = ["import", str(source), "-o", str(directory / "out.json"), "--report", str(directory / "rep.json")]
        else:
            source = directory / "report.json"
            source.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
            argv = [a.format(f=source, d=directory) for a in COMMANDS[which % len(COMMANDS)]]
        with _console(directory) as (_, err_path):
            code = main(argv)
        err = err_path.read_text(encoding="utf-8")
        assert code in (0, 1, 2), f"exit {code} for {argv}: {err[-800:]}"
        assert "Traceback" not in err
        leftovers = [p.name for p in directory.iterdir() if p.name.startswith(".")]
        assert not leftovers, f"temporary files left: {leftovers}"


@st.composite
def _members(draw: st.DrawFn) -> tuple[list[AnyReport], str]:
    version = draw(st.sampled_from(("2019", "2021")))
    members = draw(st.lists(reports(version), min_size=1, max_size=4))
    year = members[0].metadata.report_year
    members = [attrs.evolve(m, metadata=attrs.evolve(m.metadata, report_year=year)) for m in members]
    return members, draw(hostile_text)


def check_aggregate(case: tuple[list[AnyReport], str]) -> None:
    members, organ = case
    try:
        result = aggregate(members, organ=organ or "汇总")
    except AggregationError as exc:
        _utf8(str(exc))
        return
    data = govreport.convert.unstructure(result.report)
    assert not govreport.validate_data(data).issues
    _utf8(jsonio.dumps(data))


TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("loads", mutated_text(), check_loads, "govreport.loads on mutated JSON text: a value or InputError"),
        Target(
            "validate_text",
            mutated_text(),
            check_validate_text,
            "validate_text on mutated JSON text: a result whose messages print; a valid report reads back "
            "and exports in every format",
        ),
        Target(
            "validate_data",
            mutated_data(),
            check_validate_data,
            "validate_data on mutated data (any Python JSON value): as validate_text",
        ),
        Target(
            "check",
            st.tuples(valid_reports, st.none() | valid_reports, st.lists(valid_reports, max_size=2)),
            check_checks,
            "the check engine on valid reports (with previous and members): findings, never an exception",
        ),
        Target(
            "export",
            valid_reports,
            check_export,
            "every exporter on valid reports with awkward text: bytes; no formula in CSV or XLSX, no markup "
            "from the report in Markdown or HTML; the XLSX reads back",
        ),
        Target(
            "import",
            mutated_document(),
            check_import,
            "every importer on mutated real documents (text, Markdown, HTML, PDF, DOCX, XLSX): a valid report "
            "or ImportFailed",
        ),
        Target(
            "cli",
            st.tuples(st.integers(0, 10**6), mutated_text(), st.none() | mutated_document()),
            check_cli,
            "the command line (validate, check, show, export, aggregate, import, compare, dataset) on hostile "
            "files: exit 0, 1 or 2, never 3, no traceback, no temporary file left",
        ),
        Target(
            "aggregate",
            _members(),
            check_aggregate,
            "aggregate over valid reports of one format and year (sums past the maximum, hostile organ names): "
            "a valid report or AggregationError",
        ),
    )
}
