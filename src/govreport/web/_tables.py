"""The report page's body: the six sections, the three tables in the official layout, each finding marked.

The tables are laid out and drawn by the HTML export itself (``export._doc.grids`` and ``export._html.render_grid``);
this module only adds to each value cell the classes and attributes that mark findings, unreadable and declined
cells and hand corrections.  Prose is split into segments so that the words a finding quotes are marked; every
piece of text from a report reaches the page through Jinja2's escaping or :func:`html.escape`, never as markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import attrs
from markupsafe import Markup

from govreport._export._html import CellAnnotation, render_grid
from govreport.formats import AnyReport
from govreport.grid import OVERALL_SUBTOPICS, GridCell, cell_text, from_report, grids
from govreport.layout import cells
from govreport.web._store import Correction

RANK = {"error": 0, "warning": 1, "cannot_tell": 2, "info": 3, "passed": 4}
"""Which mark a cell or a phrase shows when several findings concern it: the most serious."""


def mark_of(finding: dict[str, Any]) -> str | None:
    """The mark a finding puts on its places: its severity when failed, else its outcome (none when n/a)."""
    outcome = finding["outcome"]
    if outcome == "failed":
        return str(finding["severity"])
    if outcome in ("cannot_tell", "passed"):
        return str(outcome)
    return None


def worst(found: Iterable[dict[str, Any]]) -> str | None:
    marks = [m for m in (mark_of(f) for f in found) if m is not None]
    return min(marks, key=RANK.__getitem__) if marks else None


def where_words(where: dict[str, Any] | None) -> str:
    """A place in the source file in words: 第3页，第12行 / 原文第2个表格第3行第4列."""
    if not where:
        return ""
    parts = []
    if "page" in where:
        parts.append(f"第{where['page']}页")
    if "line" in where:
        parts.append(f"第{where['line']}行")
    cell = ""
    if "table" in where:
        cell += f"原文第{where['table']}个表格"
    if "row" in where:
        cell += f"第{where['row']}行"
    if "column" in where:
        cell += f"第{where['column']}列"
    if cell:
        parts.append(cell)
    return "，".join(parts)


@attrs.frozen(kw_only=True)
class Segment:
    """A run of a paragraph; ``mark`` and ``findings`` when a finding quotes it."""

    text: str
    mark: str | None = None
    findings: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Paragraph:
    pointer: str
    segments: tuple[Segment, ...]
    mark: str | None = None
    """A mark on the whole paragraph (a finding about it whose words are not found in it)."""
    findings: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class SectionView:
    number: int
    heading: str
    pointer: str | None
    paragraphs: tuple[Paragraph, ...]
    table: Markup | None = None
    mark: str | None = None
    findings: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Body:
    """What the report page shows of the report itself."""

    sections: tuple[SectionView, ...]
    cells: dict[str, dict[str, Any]]
    """Every table cell by pointer: label, text, kind, provenance, declined, correction, findings (for the page's
    cell panel and the correction form)."""


def _places(findings: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Findings by the pointer of each place in this report (places in last year's report are not on this page)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        for place in finding["places"]:
            if place.get("document", "report") == "report":
                found = out.setdefault(place["pointer"], [])
                if finding not in found:
                    found.append(finding)
    return out


def _segments(
    text: str, pointer: str, findings: list[dict[str, Any]]
) -> tuple[tuple[Segment, ...], list[dict[str, Any]]]:
    """The paragraph cut where findings quote it; and the findings whose quoted words were not found in it."""
    spans: list[tuple[int, int, dict[str, Any]]] = []
    unplaced = []
    for finding in findings:
        quoted = [
            p["value"]
            for p in finding["places"]
            if p["pointer"] == pointer and p.get("document", "report") == "report" and isinstance(p["value"], str)
        ]
        at = next(((text.find(q), q) for q in quoted if q and text.find(q) >= 0), None)
        if at is None:
            unplaced.append(finding)
        else:
            spans.append((at[0], at[0] + len(at[1]), finding))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for start, end in itertools.pairwise(cuts):
        over = [f for s, e, f in spans if s <= start and end <= e]
        out.append(Segment(text=text[start:end], mark=worst(over), findings=tuple(f["id"] for f in over)))
    return tuple(out) or (Segment(text=text),), unplaced


def _paragraph(text: str, pointer: str, by_place: dict[str, list[dict[str, Any]]]) -> Paragraph:
    here = by_place.get(pointer, [])
    segments, unplaced = _segments(text, pointer, here)
    return Paragraph(
        pointer=pointer, segments=segments, mark=worst(unplaced), findings=tuple(f["id"] for f in unplaced)
    )


def _prose(report: AnyReport) -> dict[int, list[tuple[str, str]]]:
    """(pointer, text) of the paragraphs of sections 1, 5 and 6, in the order the export prints them."""
    overall = [(f"/overall/introduction/{i}", t) for i, t in enumerate(report.overall.introduction)]
    for key in OVERALL_SUBTOPICS:
        overall += [(f"/overall/{key}/{i}", t) for i, t in enumerate(getattr(report.overall, key))]
    return {
        1: overall,
        5: [(f"/problems_improvements/{i}", t) for i, t in enumerate(report.problems_improvements)],
        6: [(f"/other_matters/{i}", t) for i, t in enumerate(report.other_matters)],
    }


SECTION_POINTERS = {1: "/overall", 2: "/active_disclosure", 3: "/applications", 4: "/review_litigation"}
SECTION_POINTERS |= {5: "/problems_improvements", 6: "/other_matters"}


def _cell_info(
    report: AnyReport, import_report: dict[str, Any] | None, corrections: tuple[Correction, ...]
) -> dict[str, dict[str, Any]]:
    values = {p["pointer"]: p for p in (import_report or {}).get("values", [])}
    unreadable = {p["pointer"]: p for p in (import_report or {}).get("unreadable", [])}
    declined = {(d["table"], d["row"]): d for d in (import_report or {}).get("declined", [])}
    corrected = {c.pointer: c for c in corrections}
    out: dict[str, dict[str, Any]] = {}
    for cell in cells(report):
        pointer = cell.pointer
        source = unreadable.get(pointer) or values.get(pointer)
        refusal = declined.get((cell.row.table, cell.row.label)) or declined.get((cell.row.table, ""))
        correction = corrected.get(pointer)
        out[pointer] = {
            "pointer": pointer,
            "label": " › ".join((f"表{cell.row.table}", *cell.row.labels, cell.column.label)),
            "text": cell_text(cell.value),
            "kind": cell.column.kind.value,
            "unreadable": pointer in unreadable,
            "source": None
            if source is None
            else {
                "text": source["text"],
                "where": where_words(source.get("where")),
                "settled_by": source.get("settled_by"),
            },
            "declined": None
            if refusal is None
            else {"reason": refusal["reason"], "where": where_words(refusal.get("where"))},
            "correction": None if correction is None else correction.to_json(),
            "findings": [],
        }
    return out


def body(
    report: AnyReport,
    findings: list[dict[str, Any]],
    import_report: dict[str, Any] | None,
    corrections: tuple[Correction, ...],
) -> Body:
    """The sections of the report page with ``findings`` (already filtered) marked."""
    by_place = _places(findings)
    info = _cell_info(report, import_report, corrections)
    for pointer, found in by_place.items():
        if pointer in info:
            info[pointer]["findings"] = [f["id"] for f in found]

    def annotate(cell: GridCell) -> CellAnnotation:
        pointer = cell.pointer or ""
        here = info.get(pointer)
        classes: list[str] = ["cell"]
        attributes = {"tabindex": "0", "id": "cell" + pointer.replace("/", "-")}
        if here is None:
            return tuple(classes), attributes
        found = by_place.get(pointer, [])
        mark = worst(found)
        if mark is not None:
            classes.append(f"m-{mark}")
            reviews = [f["review"] for f in found if f["outcome"] in ("failed", "cannot_tell")]
            if reviews and all(r is not None for r in reviews):
                dismissed = all(r is not None and r["decision"] == "dismissed" for r in reviews)
                classes.append("all-dismissed" if dismissed else "all-confirmed")
            attributes["data-findings"] = " ".join(f["id"] for f in found)
        if here["declined"] is not None:
            classes.append("declined")
        if here["correction"] is not None:
            classes.append("corrected")
        attributes["title"] = _tooltip(here, found)
        return tuple(classes), attributes

    doc = from_report(report)
    tables = grids(doc)
    prose = _prose(report)
    sections = []
    for number, section in enumerate(doc.sections, start=1):
        anchor = SECTION_POINTERS.get(number)
        whole = by_place.get(anchor or "", [])
        paragraphs = tuple(_paragraph(text, p, by_place) for p, text in prose.get(number, []))
        sections.append(
            SectionView(
                number=number,
                heading=section.heading,
                pointer=anchor,
                paragraphs=paragraphs,
                table=None
                if section.table is None
                else Markup(render_grid(tables[section.table], annotate)),  # render_grid escapes all text
                mark=worst(whole),
                findings=tuple(f["id"] for f in whole),
            )
        )
    return Body(sections=tuple(sections), cells=info)


def _tooltip(cell: dict[str, Any], found: list[dict[str, Any]]) -> str:
    """The cell's title: what is wrong with it and where it came from, in a few lines."""
    lines = [cell["label"]]
    for finding in found:
        lines.append(f"{finding['rule_id']}：{finding['reason'] or finding['message']}")
    if cell["unreadable"] and cell["source"] is not None:
        lines.append(f"无法识别，原文“{cell['source']['text']}”（{cell['source']['where']}）")
    if cell["declined"] is not None:
        lines.append(f"导入时未读取此行：{cell['declined']['reason']}")
    if cell["correction"] is not None:
        before = cell["correction"]["before"]
        shown = before["unreadable"] if isinstance(before, dict) else before
        lines.append(f"审核人更正（原为“{shown}”）")
    return "\n".join(lines)
