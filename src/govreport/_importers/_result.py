"""What an import returns: the report, the version detected, and where every value came from."""

from __future__ import annotations

from typing import Any

import attrs

from govreport._importers._source import Where
from govreport.formats import AnyReport


@attrs.frozen(kw_only=True, order=True)
class Provenance:
    """Where one imported value came from."""

    pointer: str
    """JSON Pointer of the value in the report."""
    label: str
    """The official labels of the place, e.g. ``三、本年度办理结果 › （一）予以公开 › 自然人``."""
    text: str = attrs.field(order=False)
    """The source text the value was read from."""
    where: Where = attrs.field(order=False)
    settled_by: str | None = attrs.field(default=None, order=False)
    """How a cell's place was settled when the source did not print it beside its label: cut out of digits that
    ran together — ``single-reading`` (only one cut exists) or ``arithmetic`` (the only cut that satisfies the
    table's identities) — or ``order-and-arithmetic`` (a number row printed apart from its label, placed by the
    format's order and confirmed by the identities); ``None`` for a cell read as printed."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "pointer": self.pointer,
            "label": self.label,
            "text": self.text,
            "where": self.where.to_json(),
        }
        if self.settled_by is not None:
            out["settled_by"] = self.settled_by
        return out


@attrs.frozen(kw_only=True)
class Unplaced:
    """Source text that looked like data but could not be placed in the report."""

    text: str
    where: Where
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "where": self.where.to_json(), "reason": self.reason}


@attrs.frozen(kw_only=True)
class Declined:
    """A table row (or whole table) the importer would not read, and why; its cells are unreadable."""

    table: str
    """``二``, ``三`` or ``四``."""
    row: str
    """The row's official label, or ``""`` for the whole table."""
    reason: str
    where: Where | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"table": self.table, "row": self.row, "reason": self.reason}
        if self.where is not None:
            out["where"] = self.where.to_json()
        return out


@attrs.frozen(kw_only=True)
class OutlineIssue:
    """Something wrong with the source's outline (its headings, or a table under the wrong one), apart from
    its numbers."""

    code: str
    """``heading_numbering``, ``heading_repeated``, ``heading_order``, ``heading_missing``,
    ``numbering_restarted`` or ``table_misplaced``."""
    message: str
    """What is wrong, in Chinese, for the reviewer."""
    where: Where | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.where is not None:
            out["where"] = self.where.to_json()
        return out


@attrs.frozen(kw_only=True)
class ImportReport:
    """How a file was imported: which importer, which version and why, and every value's source."""

    source: str
    importer: str
    rendering: str
    version: str
    version_reason: str
    values: tuple[Provenance, ...]
    """Every table cell and metadata value read from the source, by JSON Pointer."""
    unreadable: tuple[Provenance, ...]
    """Cells recorded as unreadable (their source text is kept in the report)."""
    declined: tuple[Declined, ...]
    unplaced: tuple[Unplaced, ...]
    notes: tuple[str, ...]
    outline: tuple[OutlineIssue, ...] = ()
    """What is wrong with the source's outline: headings out of order, misnumbered, repeated or missing, the
    numbering restarted inside a section, a table under another section's heading."""

    @property
    def complete(self) -> bool:
        """Whether every table cell was read (none unreadable or declined)."""
        return not self.unreadable and not self.declined

    def to_json(self) -> dict[str, Any]:
        """The import report as JSON-ready data (``--report``)."""
        return {
            "source": self.source,
            "importer": self.importer,
            "rendering": self.rendering,
            "format_version": self.version,
            "version_reason": self.version_reason,
            "summary": {
                "values": len(self.values),
                "unreadable": len(self.unreadable),
                "declined": len(self.declined),
                "unplaced": len(self.unplaced),
            },
            "notes": list(self.notes),
            "outline": [o.to_json() for o in self.outline],
            "declined": [d.to_json() for d in self.declined],
            "unreadable": [p.to_json() for p in self.unreadable],
            "unplaced": [u.to_json() for u in self.unplaced],
            "values": [p.to_json() for p in self.values],
        }


@attrs.frozen(kw_only=True)
class ImportResult:
    """An imported report (valid in the lenient profile) and its import report."""

    report: AnyReport
    version: str
    import_report: ImportReport
