"""The review desk: uploads become stored reports, checked; reviews and hand corrections are kept.

A report's id is the sha256 of its uploaded bytes, so the same file uploaded again finds its reviews and
corrections.  A finding's id is derived from the report id, the rule, the subject and the places' pointers, so
it stays the same when the report is checked again after a correction.  A report is checked together with the
latest upload of the same organ's report for the year before, when there is one, so the cross-year rules
(``needs == "previous"``) have their say; adding or correcting a report therefore rechecks the next year's too.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from govreport import jsonio
from govreport.checks import Outcome, Severity
from govreport.convert import unstructure
from govreport.errors import split_pointer
from govreport.formats import AnyReport, CellKind
from govreport.layout import cells
from govreport.web._reading import Refused, ReportApi, read_upload
from govreport.web._store import Correction, ReportRow, Review, Store

FINDING_ID_HEX = 24
"""Hex digits of a finding id (96 bits): ids never collide across any desk's findings by chance."""

REVIEWABLE = frozenset({Outcome.FAILED.value, Outcome.CANNOT_TELL.value})
"""Outcomes a person decides on; passed and not-applicable findings need no review."""

DECISIONS = ("confirmed", "dismissed")
MAX_NOTE_CHARS = 2000
"""A review note or correction note is a sentence or a paragraph, not a document."""

_MARKS = {"": "", "/": "/", "／": "/", "—": "—", "——": "—", "-": "—", "－": "—", "–": "—", "无": "无"}
"""What a person may type for a cell that holds no number, and the mark it means (as the importers read them)."""
_INTEGER = re.compile(r"^\d+$")
_SIGNED = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^\d+(\.\d+)?$")
_KIND_WORDS = {CellKind.COUNT: "非负整数", CellKind.SIGNED_COUNT: "整数", CellKind.AMOUNT: "金额（非负数，可带小数）"}


def now() -> str:
    """The current time, UTC, ISO 8601 to the second."""
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


def finding_id(report_id: str, finding: dict[str, Any]) -> str:
    """The stable id of a finding (JSON as ``Finding.to_json``) of a report."""
    places = sorted(f"{p.get('document', 'report')}:{p['pointer']}" for p in finding["places"])
    key = "\x1f".join([report_id, finding["rule_id"], finding["subject"], *places])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:FINDING_ID_HEX]


def with_ids(report_id: str, findings: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Each finding with its id; the rare twin (same rule, subject and places) gets ``-2``, ``-3`` … in order."""
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        base = finding_id(report_id, finding)
        seen[base] = seen.get(base, 0) + 1
        out.append((base if seen[base] == 1 else f"{base}-{seen[base]}", finding))
    return out


def parse_cell(text: str, kind: CellKind, label: str) -> Any:
    """What a person typed into a cell, as the JSON value of that cell; :class:`Refused` when it is none."""
    typed = unicodedata.normalize("NFKC", text).strip()
    raw = text.strip()
    if raw in _MARKS:
        return _MARKS[raw]
    if typed in _MARKS:
        return _MARKS[typed]
    if kind is CellKind.COUNT and _INTEGER.match(typed):
        return int(typed)
    if kind is CellKind.SIGNED_COUNT and _SIGNED.match(typed):
        return int(typed)
    if kind is CellKind.AMOUNT and _DECIMAL.match(typed):
        return Decimal(typed) if "." in typed else int(typed)
    raise Refused(
        status=422,
        code="bad-value",
        message=f"{label}：“{text}”不是{_KIND_WORDS[kind]}；请填写数字，或填 /、—、无，或留空。",
    )


def _set(data: Any, pointer: str, value: Any) -> Any:
    """Set the value at ``pointer`` in JSON data; returns what was there."""
    *parents, last = split_pointer(pointer)
    target = data
    for token in parents:
        target = target[int(token)] if isinstance(target, list) else target[token]
    key: Any = int(last) if isinstance(target, list) else last
    before = target[key]
    target[key] = value
    return before


def _get(data: Any, pointer: str) -> Any:
    for token in split_pointer(pointer):
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


@attrs.frozen(kw_only=True)
class Current:
    """A stored report as it stands now: corrections applied."""

    row: ReportRow
    report: AnyReport
    corrections: tuple[Correction, ...]


class Desk:
    """The stored reports of one data directory and what can be done with them."""

    def __init__(self, data_dir: Path, api: ReportApi):
        self.data_dir = data_dir
        self.api = api
        data_dir.mkdir(parents=True, exist_ok=True)
        self.tmp = data_dir / "tmp"
        self.tmp.mkdir(exist_ok=True)
        self.store = Store(data_dir / "govreport.sqlite3")

    # -- uploads ---------------------------------------------------------------------------------------------------

    def ingest(self, path: Path, name: str, digest: str, size: int) -> tuple[ReportRow, bool]:
        """Store and check the upload saved at ``path``; ``(row, False)`` when the same bytes were seen before."""
        known = self.store.report(digest)
        if known is not None:
            return known, False
        read = read_upload(self.api, path, name)
        meta = read.report.metadata
        row = ReportRow(
            id=digest,
            name=name,
            kind=read.kind,
            size=size,
            uploaded_at=now(),
            organ=meta.organ,
            year=meta.report_year,
            format_version=read.report.format_version,
            original=jsonio.dumps(unstructure(read.report), indent=0),
            import_report=None if read.import_report is None else jsonio.dumps(read.import_report, indent=0),
            errors=0,
            warnings=0,
            cannot_tell=0,
            to_review=0,
            reviewed=0,
            checked_at=None,
        )
        try:
            self.store.add_report(row)
        except Exception:  # the same bytes uploaded twice at once: the other request stored them
            known = self.store.report(digest)
            if known is None:
                raise
            return known, False
        self.recheck(digest, following=True)
        stored = self.store.report(digest)
        assert stored is not None
        return stored, True

    # -- reading ---------------------------------------------------------------------------------------------------

    def row(self, report_id: str) -> ReportRow:
        row = self.store.report(report_id)
        if row is None:
            raise Refused(status=404, code="not-found", message=f"没有编号为 {report_id} 的报告。")
        return row

    def current(self, report_id: str) -> Current:
        row = self.row(report_id)
        data = jsonio.loads(row.original)
        corrections = tuple(self.store.corrections(report_id))
        for correction in corrections:
            _set(data, correction.pointer, correction.value)
        result = self.api.validate_data(data)
        if result.report is None:  # stored before a format change: say so rather than fail
            first = result.issues[0].message if result.issues else ""
            raise Refused(status=409, code="stale", message=f"报告 {row.name} 已不符合当前格式要求：{first}")
        return Current(row=row, report=result.report, corrections=corrections)

    def previous_of(self, row: ReportRow) -> ReportRow | None:
        """The report the cross-year rules compare ``row`` with: the same organ's, the year before."""
        return self.store.same_organ(row.organ, row.year - 1)

    def findings(self, report_id: str) -> list[dict[str, Any]]:
        """The report's findings, each with its id and its review (or ``None``)."""
        self.row(report_id)
        reviews = self.store.reviews(report_id)
        out = []
        for found in self.store.findings(report_id):
            review = reviews.get(found.id)
            out.append({"id": found.id, **found.data, "review": None if review is None else review.to_json()})
        return out

    def finding(self, finding_id: str) -> dict[str, Any]:
        found = self.store.finding(finding_id)
        if found is None:
            raise Refused(status=404, code="not-found", message=f"没有编号为 {finding_id} 的检查结果。")
        review = self.store.reviews(found.report_id).get(finding_id)
        return {
            "id": found.id,
            "report_id": found.report_id,
            **found.data,
            "review": None if review is None else review.to_json(),
        }

    def orphan_reviews(self, report_id: str) -> list[Review]:
        """Reviews of findings the report no longer has (a correction settled them)."""
        present = {f.id for f in self.store.findings(report_id)}
        return [r for r in self.store.reviews(report_id).values() if r.finding_id not in present]

    # -- checking --------------------------------------------------------------------------------------------------

    def recheck(self, report_id: str, *, following: bool = False) -> None:
        """Check a report again (with last year's, if stored); with ``following``, next year's report too."""
        current = self.current(report_id)
        previous_row = self.previous_of(current.row)
        previous = None if previous_row is None else self.current(previous_row.id).report
        result = self.api.check(current.report, previous=previous)
        found = with_ids(report_id, [f.to_json() for f in result.findings])
        with self.store.writing() as db:
            self.store.replace_findings(db, report_id, found)
        self._recount(report_id)
        if following:
            later = self.store.same_organ(current.row.organ, current.row.year + 1)
            if later is not None:
                self.recheck(later.id)

    def _recount(self, report_id: str) -> None:
        reviews = self.store.reviews(report_id)
        counts = {"errors": 0, "warnings": 0, "cannot_tell": 0, "to_review": 0, "reviewed": 0}
        for found in self.store.findings(report_id):
            outcome, severity = found.data["outcome"], found.data["severity"]
            if outcome == Outcome.FAILED.value and severity == Severity.ERROR.value:
                counts["errors"] += 1
            elif outcome == Outcome.FAILED.value and severity == Severity.WARNING.value:
                counts["warnings"] += 1
            elif outcome == Outcome.CANNOT_TELL.value:
                counts["cannot_tell"] += 1
            if outcome in REVIEWABLE:
                counts["to_review"] += 1
                counts["reviewed"] += found.id in reviews
        with self.store.writing() as db:
            self.store.set_counts(db, report_id, counts, now())

    # -- reviews ---------------------------------------------------------------------------------------------------

    def review(self, finding_id: str, decision: str, note: str) -> dict[str, Any]:
        """Confirm or dismiss a finding, with a note; returns the finding with its review."""
        if decision not in DECISIONS:
            raise Refused(
                status=422, code="bad-decision", message="审核决定只能是 confirmed（确认）或 dismissed（排除）。"
            )
        if len(note) > MAX_NOTE_CHARS:
            raise Refused(status=422, code="note-too-long", message=f"审核意见不能超过 {MAX_NOTE_CHARS} 字。")
        found = self.finding(finding_id)
        if found["outcome"] not in REVIEWABLE:
            raise Refused(
                status=409,
                code="not-reviewable",
                message="只有“未通过”和“无法判断”的检查结果需要审核。",
            )
        self.store.set_review(
            Review(
                finding_id=finding_id,
                report_id=found["report_id"],
                rule_id=found["rule_id"],
                subject=found["subject"],
                decision=decision,
                note=note.strip(),
                at=now(),
            )
        )
        self._recount(found["report_id"])
        return self.finding(finding_id)

    def clear_review(self, finding_id: str) -> dict[str, Any]:
        found = self.finding(finding_id)
        self.store.clear_review(finding_id)
        self._recount(found["report_id"])
        return self.finding(finding_id)

    # -- corrections -------------------------------------------------------------------------------------------------

    def correct(self, report_id: str, pointer: str, text: str, note: str) -> Correction | None:
        """Correct one table cell by hand and check again; ``None`` when the cell is back as imported."""
        if len(note) > MAX_NOTE_CHARS:
            raise Refused(status=422, code="note-too-long", message=f"更正说明不能超过 {MAX_NOTE_CHARS} 字。")
        current = self.current(report_id)
        cell = next((c for c in cells(current.report) if c.pointer == pointer), None)
        if cell is None:
            raise Refused(status=422, code="not-a-cell", message=f"{pointer} 不是本报告表格中的单元格。")
        label = " › ".join((f"表{cell.row.table}", *cell.row.labels, cell.column.label))
        value = parse_cell(text, cell.column.kind, label)
        data = unstructure(current.report)
        _set(data, pointer, value)
        result = self.api.validate_data(data)
        if result.report is None:
            first = result.issues[0].message if result.issues else ""
            raise Refused(status=422, code="invalid-value", message=f"{label}：更正后报告不符合格式要求：{first}")
        before = _get(jsonio.loads(current.row.original), pointer)
        correction = Correction(
            report_id=report_id, pointer=pointer, label=label, value=value, before=before, note=note.strip(), at=now()
        )
        back = value == before and type(value) is type(before)
        with self.store.writing() as db:
            if back:
                self.store.clear_correction(db, report_id, pointer)
            else:
                self.store.set_correction(db, correction)
        self.recheck(report_id, following=True)
        return None if back else correction

    def uncorrect(self, report_id: str, pointer: str) -> None:
        """Undo a hand correction: the cell is as imported again."""
        self.row(report_id)
        with self.store.writing() as db:
            found = self.store.clear_correction(db, report_id, pointer)
        if not found:
            raise Refused(status=404, code="not-found", message=f"单元格 {pointer} 没有人工更正。")
        self.recheck(report_id, following=True)

    # -- collections -------------------------------------------------------------------------------------------------

    def years(self, organ: str) -> list[ReportRow]:
        """Every stored report of an organ, by year (the latest upload of a year first)."""
        rows = self.store.reports(sort="year", descending=False, organ=organ)
        if not rows:
            raise Refused(status=404, code="not-found", message=f"没有“{organ}”的报告。")
        return rows

    def cross_year_rules(self, version: str) -> frozenset[str]:
        return frozenset(r.id for r in self.api.rules(version) if r.needs == "previous")


def summary(row: ReportRow) -> dict[str, Any]:
    """A report as listed (the collection and the API)."""
    return {
        "id": row.id,
        "name": row.name,
        "kind": row.kind,
        "size": row.size,
        "uploaded_at": row.uploaded_at,
        "organ": row.organ,
        "year": row.year,
        "format_version": row.format_version,
        "errors": row.errors,
        "warnings": row.warnings,
        "cannot_tell": row.cannot_tell,
        "to_review": row.to_review,
        "reviewed": row.reviewed,
        "fully_reviewed": row.reviewed >= row.to_review,
        "checked_at": row.checked_at,
    }


OUTCOME_ORDER = ("failed", "cannot_tell", "passed", "not_applicable")
"""The order of the year-over-year findings: what needs a look first."""


def year_over_year(desk: Desk, organ: str) -> list[dict[str, Any]]:
    """An organ's years in order; for each, the findings of the cross-year rules (with last year's report)."""
    rows = desk.years(organ)
    out = []
    for row in rows:
        cross = desk.cross_year_rules(row.format_version)
        previous = desk.previous_of(row)
        findings = [f for f in desk.findings(row.id) if f["rule_id"] in cross]
        findings.sort(key=lambda f: OUTCOME_ORDER.index(f["outcome"]))  # stable: problems first, then rule order
        out.append(
            {
                "report": summary(row),
                "previous": None if previous is None else summary(previous),
                "cross_year": findings,
            }
        )
    return out
