"""From a source document's lines and tables to a report: sections, prose, metadata and table cells.

The work is done in seams: :mod:`._sections` (headings, title, preamble), :mod:`._metadata` (organ, year,
dates, format version), :mod:`._prose` (paragraphs, signature), :mod:`._tables`, :mod:`._detached` and
:mod:`._table4` (the three tables), all writing through one :class:`~._collect.Collector`.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from govreport._importers import _furniture, _outline, _recognise
from govreport._importers._collect import Collector
from govreport._importers._metadata import META_LINE, date_only, detect_version, metadata
from govreport._importers._prose import prose
from govreport._importers._registry import ImportFailed
from govreport._importers._result import ImportReport, ImportResult, Provenance
from govreport._importers._sections import SECTION_HEADINGS, plain, split
from govreport._importers._source import Line, SourceDocument, SourceTable
from govreport._importers._tables import read_tables
from govreport.convert import unstructure
from govreport.formats import FORMAT_VERSIONS, AnyReport
from govreport.formats.text import scrub
from govreport.validate import validate_data


def _without_furniture(doc: SourceDocument, notes: list[str]) -> SourceDocument:
    lines = [b for b in doc.blocks if isinstance(b, Line)]
    kept, removed = _furniture.remove(lines)
    if not removed:
        return doc
    notes.extend(removed)
    keep = {id(line) for line in kept}
    blocks = tuple(b for b in doc.blocks if not isinstance(b, Line) or id(b) in keep)
    return attrs.evolve(doc, blocks=blocks)


def _order(p: Provenance) -> tuple[str, str]:
    """Provenance in the order of its pointer and label (what ``Provenance``'s own ordering compares)."""
    return (p.pointer, p.label)


def _scrubbed(value: Any) -> tuple[Any, int]:
    """``value`` with every string cleared of the characters a report cannot hold (:mod:`govreport.formats.text`),
    and how many were replaced: a source may hold a form feed or a stray control character; the import keeps the
    rest of the text rather than refuse the document."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        total = 0
        for key, item in value.items():
            out[key], n = _scrubbed(item)
            total += n
        return out, total
    if isinstance(value, list):
        items = [_scrubbed(item) for item in value]
        return [item for item, _ in items], sum(n for _, n in items)
    return value, 0


def build(doc: SourceDocument, *, source: str, importer: str, version: str | None = None) -> ImportResult:
    """The report in a source document; :class:`ImportFailed` when it is not an annual report."""
    if version is not None and version not in FORMAT_VERSIONS:
        raise ImportFailed(f"未知的格式版本“{version}”；可用的版本：{'、'.join(FORMAT_VERSIONS)}", code="usage")
    out = Collector(doc.notes)
    doc = _without_furniture(doc, out.notes)
    all_text = "\n".join(blk.text for blk in doc.blocks if isinstance(blk, Line))
    all_text += "\n".join(c.text for blk in doc.blocks if isinstance(blk, SourceTable) for r in blk.rows for c in r)
    if not all_text.strip():
        raise ImportFailed(f"{source}: 文档中没有文字", code="empty")
    secs = split(doc, out.notes)
    found = secs.found()
    _recognise.check(doc, secs, source, all_text)
    missing = [SECTION_HEADINGS[s] for s in range(1, 7) if s not in found]
    if missing:
        out.notes.append("未找到以下部分：" + "、".join(missing))
    title = "".join(plain(line.text) for line in secs.title_lines) or (secs.title_from_page or "")
    title = re.sub(r"^(?:标题|题目)\s*[:：]\s*", "", title)  # a saved page's "标题: …" line
    paragraphs, date_line, signature = prose(secs)
    preamble = [p for p in (plain(line.text) for line in secs.preamble) if p]
    meta = metadata(out, source, title, preamble, date_line, signature, all_text, doc)
    preamble = [p for p in preamble if date_only(p) is None and p != meta["organ"] and not META_LINE.match(p)]
    chosen, reason = detect_version(secs, version, meta["report_year"], out.notes)
    data: dict[str, Any] = out.data
    data.update({"format_version": chosen, "variants": [], "metadata": meta, "preamble": preamble})
    data.update(paragraphs)
    read_tables(secs, chosen, out)
    data["extensions"] = {}
    data, scrubbed = _scrubbed(data)
    if scrubbed:
        out.notes.append(f"报告不能容纳的字符（控制字符、孤立代理项）{scrubbed}个，已替换为空格或 U+FFFD")
    result = validate_data(data, version=chosen, profile="lenient", source=source)
    if result.report is None:  # a bug in the importer, not in the input
        problems = "; ".join(f"{i.pointer}: {i.message}" for i in result.issues[:5])
        raise RuntimeError(f"the imported document is not valid: {problems}")
    report: AnyReport = result.report
    import_report = ImportReport(
        source=source,
        importer=importer,
        rendering=doc.rendering,
        version=chosen,
        version_reason=reason,
        values=tuple(sorted(out.values, key=_order)),
        unreadable=tuple(sorted(out.unreadable, key=_order)),
        declined=tuple(out.declined),
        unplaced=tuple(out.unplaced),
        notes=tuple(out.notes),
        outline=_outline.audit(secs),
    )
    assert unstructure(report)["format_version"] == chosen
    return ImportResult(report=report, version=chosen, import_report=import_report)
