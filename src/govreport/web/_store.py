"""The review desk's SQLite file: reports, their findings, reviews and hand corrections.

One file, ``govreport.sqlite3`` under the data directory.  Every call opens its own connection (the server
answers requests on several threads; SQLite connections are cheap), and writes are serialised by one lock so
that a recheck replaces a report's findings in one transaction.  Reviews are keyed by the finding's stable id and
outlive a recheck: a finding that disappears after a correction keeps its review (the export lists it), and
one that comes back finds it again.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import attrs

from govreport import jsonio

SCHEMA_VERSION = 1
"""``PRAGMA user_version`` of the file; a file written by a newer govreport is refused."""

BUSY_TIMEOUT_MS = 10_000
"""How long a writer waits for another (a correction rechecks a report in well under a second)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY,              -- sha256 of the uploaded bytes
    name TEXT NOT NULL,               -- the file name as uploaded
    kind TEXT NOT NULL,               -- how it was read: text, html, docx, pdf, json, xlsx
    size INTEGER NOT NULL,
    uploaded_at TEXT NOT NULL,
    organ TEXT NOT NULL,
    year INTEGER NOT NULL,
    format_version TEXT NOT NULL,
    original TEXT NOT NULL,           -- the report JSON as imported (corrections are kept apart)
    import_report TEXT,               -- the importer's account of every value (null for JSON and XLSX)
    errors INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    cannot_tell INTEGER NOT NULL DEFAULT 0,
    to_review INTEGER NOT NULL DEFAULT 0,
    reviewed INTEGER NOT NULL DEFAULT 0,
    checked_at TEXT
);
CREATE INDEX IF NOT EXISTS reports_organ ON reports (organ, year);
CREATE TABLE IF NOT EXISTS findings (
    id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    rule_id TEXT NOT NULL,
    severity TEXT NOT NULL,
    outcome TEXT NOT NULL,
    subject TEXT NOT NULL,
    data TEXT NOT NULL                -- the finding as JSON (Finding.to_json)
);
CREATE INDEX IF NOT EXISTS findings_report ON findings (report_id, position);
CREATE TABLE IF NOT EXISTS reviews (
    finding_id TEXT PRIMARY KEY,
    report_id TEXT NOT NULL,
    rule_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),
    note TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reviews_report ON reviews (report_id);
CREATE TABLE IF NOT EXISTS corrections (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    pointer TEXT NOT NULL,
    label TEXT NOT NULL,
    value TEXT NOT NULL,              -- JSON of the corrected cell
    before TEXT NOT NULL,             -- JSON of the cell as imported
    note TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (report_id, pointer)
);
"""


class StoreError(Exception):
    """The data file cannot be used (written by a newer version, not a database, unwritable)."""


@attrs.frozen(kw_only=True)
class ReportRow:
    """One stored report, without its findings."""

    id: str
    name: str
    kind: str
    size: int
    uploaded_at: str
    organ: str
    year: int
    format_version: str
    original: str
    import_report: str | None
    errors: int
    warnings: int
    cannot_tell: int
    to_review: int
    reviewed: int
    checked_at: str | None


@attrs.frozen(kw_only=True)
class FindingRow:
    """One stored finding: its stable id and its JSON."""

    id: str
    report_id: str
    data: dict[str, Any]


@attrs.frozen(kw_only=True)
class Review:
    """A reviewer's decision on a finding."""

    finding_id: str
    report_id: str
    rule_id: str
    subject: str
    decision: str
    note: str
    at: str

    def to_json(self) -> dict[str, str]:
        return {"decision": self.decision, "note": self.note, "at": self.at}


@attrs.frozen(kw_only=True)
class Correction:
    """A table cell corrected by hand; ``value`` and ``before`` are JSON-ready cell values."""

    report_id: str
    pointer: str
    label: str
    value: Any
    before: Any
    note: str
    at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "pointer": self.pointer,
            "label": self.label,
            "value": self.value,
            "before": self.before,
            "note": self.note,
            "at": self.at,
            "provenance": "corrected by reviewer",
        }


_REPORT_COLUMNS = [a.name for a in attrs.fields(ReportRow)]
SORTABLE = frozenset({"organ", "year", "kind", "format_version", "errors", "warnings", "to_review", "uploaded_at"})
"""Columns the list of reports may be sorted by."""


class Store:
    """The SQLite file of one data directory."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        try:
            with self._connect() as db:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise StoreError(f"{path}: written by a newer govreport (schema {version}); upgrade govreport")
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot be used as the review database: {exc}") from None

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000)) as db:
            db.execute("PRAGMA foreign_keys = ON")
            with db:
                yield db

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction, with the other writers of this process held off."""
        with self._lock, self._connect() as db:
            yield db

    # -- reports ---------------------------------------------------------------------------------------------------

    def add_report(self, row: ReportRow) -> None:
        columns = ", ".join(_REPORT_COLUMNS)
        marks = ", ".join("?" for _ in _REPORT_COLUMNS)
        with self.writing() as db:
            db.execute(f"INSERT INTO reports ({columns}) VALUES ({marks})", attrs.astuple(row))

    def report(self, report_id: str) -> ReportRow | None:
        with self._connect() as db:
            found = db.execute(f"SELECT {', '.join(_REPORT_COLUMNS)} FROM reports WHERE id = ?", (report_id,))
            row = found.fetchone()
        return None if row is None else ReportRow(**dict(zip(_REPORT_COLUMNS, row, strict=True)))

    def reports(
        self, *, sort: str = "uploaded_at", descending: bool = True, organ: str | None = None
    ) -> list[ReportRow]:
        if sort not in SORTABLE:
            sort = "uploaded_at"
        order = "DESC" if descending else "ASC"
        where, args = ("WHERE organ = ?", (organ,)) if organ is not None else ("", ())
        query = (
            f"SELECT {', '.join(_REPORT_COLUMNS)} FROM reports {where} "
            f"ORDER BY {sort} {order}, organ ASC, year ASC, uploaded_at DESC"
        )
        with self._connect() as db:
            rows = db.execute(query, args).fetchall()
        return [ReportRow(**dict(zip(_REPORT_COLUMNS, r, strict=True))) for r in rows]

    def same_organ(self, organ: str, year: int) -> ReportRow | None:
        """The latest upload of ``organ``'s report for ``year``, if any."""
        with self._connect() as db:
            found = db.execute(
                "SELECT id FROM reports WHERE organ = ? AND year = ? ORDER BY uploaded_at DESC, id LIMIT 1",
                (organ, year),
            ).fetchone()
        return None if found is None else self.report(found[0])

    # -- findings ----------------------------------------------------------------------------------------------------

    def replace_findings(
        self, db: sqlite3.Connection, report_id: str, found: Sequence[tuple[str, dict[str, Any]]]
    ) -> None:
        """Within ``db``'s transaction: the report's findings become ``found`` ((id, JSON) in order)."""
        db.execute("DELETE FROM findings WHERE report_id = ?", (report_id,))
        db.executemany(
            "INSERT INTO findings (id, report_id, position, rule_id, severity, outcome, subject, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (fid, report_id, i, f["rule_id"], f["severity"], f["outcome"], f["subject"], jsonio.dumps(f, indent=0))
                for i, (fid, f) in enumerate(found)
            ],
        )

    def set_counts(self, db: sqlite3.Connection, report_id: str, counts: dict[str, int], at: str) -> None:
        db.execute(
            "UPDATE reports SET errors = ?, warnings = ?, cannot_tell = ?, to_review = ?, reviewed = ?, "
            "checked_at = ? WHERE id = ?",
            (
                counts["errors"],
                counts["warnings"],
                counts["cannot_tell"],
                counts["to_review"],
                counts["reviewed"],
                at,
                report_id,
            ),
        )

    def findings(self, report_id: str) -> list[FindingRow]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, report_id, data FROM findings WHERE report_id = ? ORDER BY position", (report_id,)
            ).fetchall()
        return [FindingRow(id=r[0], report_id=r[1], data=jsonio.loads(r[2])) for r in rows]

    def finding(self, finding_id: str) -> FindingRow | None:
        with self._connect() as db:
            row = db.execute("SELECT id, report_id, data FROM findings WHERE id = ?", (finding_id,)).fetchone()
        return None if row is None else FindingRow(id=row[0], report_id=row[1], data=jsonio.loads(row[2]))

    # -- reviews ---------------------------------------------------------------------------------------------------

    def set_review(self, review: Review) -> None:
        with self.writing() as db:
            db.execute(
                "INSERT INTO reviews (finding_id, report_id, rule_id, subject, decision, note, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (finding_id) DO UPDATE SET "
                "decision = excluded.decision, note = excluded.note, at = excluded.at",
                attrs.astuple(review),
            )

    def clear_review(self, finding_id: str) -> bool:
        with self.writing() as db:
            return db.execute("DELETE FROM reviews WHERE finding_id = ?", (finding_id,)).rowcount > 0

    def reviews(self, report_id: str) -> dict[str, Review]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT finding_id, report_id, rule_id, subject, decision, note, at FROM reviews WHERE report_id = ?",
                (report_id,),
            ).fetchall()
        return {r[0]: Review(**dict(zip([a.name for a in attrs.fields(Review)], r, strict=True))) for r in rows}

    # -- corrections -------------------------------------------------------------------------------------------------

    def set_correction(self, db: sqlite3.Connection, correction: Correction) -> None:
        db.execute(
            "INSERT INTO corrections (report_id, pointer, label, value, before, note, at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (report_id, pointer) DO UPDATE SET value = excluded.value, note = excluded.note, "
            "at = excluded.at",
            (
                correction.report_id,
                correction.pointer,
                correction.label,
                jsonio.dumps(correction.value, indent=0),
                jsonio.dumps(correction.before, indent=0),
                correction.note,
                correction.at,
            ),
        )

    def clear_correction(self, db: sqlite3.Connection, report_id: str, pointer: str) -> bool:
        found = db.execute("DELETE FROM corrections WHERE report_id = ? AND pointer = ?", (report_id, pointer))
        return found.rowcount > 0

    def corrections(self, report_id: str) -> list[Correction]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT report_id, pointer, label, value, before, note, at FROM corrections WHERE report_id = ? "
                "ORDER BY at, pointer",
                (report_id,),
            ).fetchall()
        return [
            Correction(
                report_id=r[0], pointer=r[1], label=r[2], value=jsonio.loads(r[3]), before=jsonio.loads(r[4]),
                note=r[5], at=r[6],
            )
            for r in rows
        ]  # fmt: skip
