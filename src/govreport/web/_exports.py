"""A reviewed report for download: the report as it stands now, with its findings and their review state.

``json``: one document holding the report JSON, the import's account, the hand corrections and every finding
with its review.  ``xlsx``: govreport's spreadsheet (it reads back) plus the sheets 检查结果 and 人工更正.
``csv``: the findings, one per row, with their review state.  ``html``: the official-layout page with a table of
findings and reviews at its end.  Any other exporter name gives that export of the corrected report alone.
"""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any
from urllib.parse import quote

import attrs

from govreport import jsonio
from govreport.convert import unstructure
from govreport.errors import GovreportError
from govreport.web._reading import Refused
from govreport.web._service import Desk, summary

BUNDLE_VERSION = 1
"""``review_bundle`` of the JSON export: bumped when its shape changes."""

FINDING_COLUMNS = (
    "id", "rule_id", "severity", "outcome", "subject", "message", "reason", "left", "right", "imbalance",
    "pointers", "labels", "decision", "note", "reviewed_at",
)  # fmt: skip
"""The findings CSV's header (English keys, as every CSV govreport writes)."""

FINDING_HEADINGS = (
    "编号", "规则", "严重程度", "结果", "对象", "说明", "原因", "左边", "右边", "差额",
    "位置", "官方标签", "审核决定", "审核意见", "审核时间",
)  # fmt: skip
"""The same columns as people read them (the XLSX sheet 检查结果)."""

CORRECTION_HEADINGS = ("位置", "官方标签", "更正后", "原值（导入时）", "说明", "更正时间", "来源")

SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}
OUTCOME_WORDS = {"passed": "通过", "failed": "未通过", "not_applicable": "不适用", "cannot_tell": "无法判断"}
DECISION_WORDS = {"confirmed": "确认有误", "dismissed": "排除（不是错误）"}
PROVENANCE = "corrected by reviewer"


@attrs.frozen(kw_only=True)
class Download:
    """An export's bytes with what the browser needs to save it."""

    data: bytes
    media_type: str
    filename: str
    fallback: str
    """An ASCII file name for clients that do not read ``filename*``."""

    @property
    def disposition(self) -> str:
        """``Content-Disposition``: the ASCII name for old clients and the full name (RFC 6266, RFC 5987)."""
        return f"attachment; filename=\"{self.fallback}\"; filename*=UTF-8''{quote(self.filename)}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict) and "unreadable" in value:
        return f"无法识别（“{value['unreadable']}”）"
    return str(value)


def finding_rows(findings: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The findings as CSV rows of :data:`FINDING_COLUMNS`."""
    out = []
    for f in findings:
        review = f.get("review") or {}
        out.append(
            {
                "id": f["id"],
                "rule_id": f["rule_id"],
                "severity": f["severity"],
                "outcome": f["outcome"],
                "subject": f["subject"],
                "message": f["message"],
                "reason": f["reason"],
                "left": _text(f["left"]),
                "right": _text(f["right"]),
                "imbalance": _text(f["imbalance"]),
                "pointers": " ; ".join(f"{p['document']}:{p['pointer']}" for p in f["places"]),
                "labels": " ; ".join(p["label"] for p in f["places"]),
                "decision": review.get("decision", ""),
                "note": review.get("note", ""),
                "reviewed_at": review.get("at", ""),
            }
        )
    return out


def bundle(desk: Desk, report_id: str) -> dict[str, Any]:
    """The JSON export: everything the desk knows about one report."""
    current = desk.current(report_id)
    row = current.row
    return {
        "review_bundle": BUNDLE_VERSION,
        **summary(row),
        "report": unstructure(current.report),
        "import": None if row.import_report is None else jsonio.loads(row.import_report),
        "corrections": [c.to_json() for c in current.corrections],
        "findings": desk.findings(report_id),
        "reviews_of_settled_findings": [
            {"finding_id": r.finding_id, "rule_id": r.rule_id, "subject": r.subject, **r.to_json()}
            for r in desk.orphan_reviews(report_id)
        ],
    }


def _csv(findings: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FINDING_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(finding_rows(findings))
    return buffer.getvalue().encode("utf-8")


def _people(row: dict[str, str]) -> list[str]:
    """A findings row with its codes in words, for the XLSX sheet and the HTML page."""
    words = dict(row)
    words["severity"] = SEVERITY_WORDS.get(row["severity"], row["severity"])
    words["outcome"] = OUTCOME_WORDS.get(row["outcome"], row["outcome"])
    words["decision"] = DECISION_WORDS.get(row["decision"], row["decision"])
    return [words[k] for k in FINDING_COLUMNS]


def _xlsx(base: bytes, findings: list[dict[str, Any]], corrections: list[dict[str, Any]]) -> bytes:
    from openpyxl import load_workbook
    from openpyxl.styles import Alignment, Font

    wb = load_workbook(io.BytesIO(base))
    sheet = wb.create_sheet("检查结果")
    sheet.append(list(FINDING_HEADINGS))
    for row in finding_rows(findings):
        sheet.append(_people(row))
    corrected = wb.create_sheet("人工更正")
    corrected.append(list(CORRECTION_HEADINGS))
    for c in corrections:
        corrected.append(
            [c["pointer"], c["label"], _text(c["value"]), _text(c["before"]), c["note"], c["at"], PROVENANCE]
        )
    for ws in (sheet, corrected):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for column in ws.columns:
            for cell in column:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _html(base: bytes, findings: list[dict[str, Any]]) -> bytes:
    heads = "".join(f"<th>{escape(h)}</th>" for h in FINDING_HEADINGS)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(v)}</td>" for v in _people(row)) + "</tr>" for row in finding_rows(findings)
    )
    section = (
        '<section id="review"><h2>检查结果与审核</h2>'
        f'<table class="report findings"><thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table></section>'
    )
    page = base.decode("utf-8")
    at = page.rfind("</body>")
    return (page[:at] + section + "\n" + page[at:]).encode("utf-8")


def export(desk: Desk, report_id: str, fmt: str) -> Download:
    """One report in format ``fmt``, with its review (see the module's docstring)."""
    current = desk.current(report_id)
    row = current.row
    stem = f"{row.organ}{row.year}年报告-审核"
    fallback = f"report-{row.year}-{row.id[:12]}"
    if fmt == "json":
        text = jsonio.dumps(bundle(desk, report_id))
        return Download(
            data=text.encode("utf-8"),
            media_type="application/json",
            filename=f"{stem}.json",
            fallback=f"{fallback}.json",
        )
    findings = desk.findings(report_id)
    if fmt == "csv":
        return Download(
            data=_csv(findings),
            media_type="text/csv; charset=utf-8",
            filename=f"{row.organ}{row.year}年检查结果.csv",
            fallback=f"{fallback}-findings.csv",
        )
    exporter = next((e for e in desk.api.exporters() if e.name == fmt), None)
    if exporter is None:
        others = "、".join(e.name for e in desk.api.exporters() if e.name not in ("json", "csv"))
        raise Refused(
            status=422, code="unknown-format", message=f"不认识的导出格式“{fmt}”；可用的格式：json、csv、{others}。"
        )
    try:
        base = desk.api.export(current.report, fmt)
    except GovreportError as exc:
        raise Refused(status=501, code="export-unavailable", message=f"无法导出为 {fmt}：{exc}") from None
    if fmt == "xlsx":
        data = _xlsx(base, findings, [c.to_json() for c in current.corrections])
        return Download(data=data, media_type=exporter.media_type, filename=f"{stem}.xlsx", fallback=f"{fallback}.xlsx")
    if fmt == "html":
        return Download(
            data=_html(base, findings),
            media_type="text/html; charset=utf-8",
            filename=f"{stem}.html",
            fallback=f"{fallback}.html",
        )
    return Download(
        data=base,
        media_type=exporter.media_type,
        filename=f"{row.organ}{row.year}年报告{exporter.suffix}",
        fallback=f"{fallback}{exporter.suffix}",
    )
