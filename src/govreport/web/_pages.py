"""The pages: the collection with the upload form, a report's page, an organ's years, the API's description.

Forms post to these routes and are answered with a redirect (review, correction) or a page (upload), so every
page works without its script; the script (static/app.js) only adds batch progress and the cell panel.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from govreport.web._api import PASTED_NAME, findings_filter, save_text
from govreport.web._exports import DECISION_WORDS, OUTCOME_WORDS, SEVERITY_WORDS
from govreport.web._reading import Refused
from govreport.web._security import CSRF_FIELD, check_csrf, csrf_token
from govreport.web._service import REVIEWABLE, Desk, summary, year_over_year
from govreport.web._state import settings
from govreport.web._store import SORTABLE
from govreport.web._tables import body
from govreport.web._upload import mib, receive

router = APIRouter(include_in_schema=False)

SEVERITIES = (("all", "全部"), ("error", "错误"), ("warning", "警告"), ("info", "提示"))
OUTCOMES = (
    ("problems", "待审核（未通过与无法判断）"),
    ("failed", "未通过"),
    ("cannot_tell", "无法判断"),
    ("not_applicable", "不适用"),
    ("passed", "通过"),
    ("all", "全部"),
)
COLUMNS = (
    ("organ", "机关"),
    ("year", "年度"),
    ("format_version", "格式"),
    ("kind", "来源"),
    ("errors", "错误"),
    ("warnings", "警告"),
    ("to_review", "审核"),
    ("uploaded_at", "上传时间"),
)
assert {c for c, _ in COLUMNS} <= SORTABLE
KIND_WORDS = {"text": "文本", "html": "网页", "docx": "Word", "pdf": "PDF", "json": "JSON", "xlsx": "Excel 模板"}


def _page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    found = settings(request)
    context = {
        "csrf": csrf_token(request),
        "csrf_field": CSRF_FIELD,
        "max_upload": found.max_upload,
        "max_upload_words": mib(found.max_upload),
        "severity_words": SEVERITY_WORDS,
        "outcome_words": OUTCOME_WORDS,
        "decision_words": DECISION_WORDS,
        "kind_words": KIND_WORDS,
        **context,
    }
    return found.templates.TemplateResponse(request, template, context, status_code=status)


@router.get("/")
def index(request: Request, sort: str = "uploaded_at", order: str = "desc") -> Response:
    desk = settings(request).desk
    rows = desk.store.reports(sort=sort, descending=order != "asc")
    years: dict[str, set[int]] = {}
    for row in rows:
        years.setdefault(row.organ, set()).add(row.year)
    return _page(
        request,
        "index.html",
        {
            "reports": [summary(r) for r in rows],
            "several_years": {o for o, y in years.items() if len(y) > 1},
            "columns": COLUMNS,
            "sort": sort if sort in SORTABLE else "uploaded_at",
            "order": "asc" if order == "asc" else "desc",
            "quote": quote,
        },
    )


@router.post("/upload")
async def upload(request: Request) -> Response:
    """The upload form without script: every file (and the pasted text) imported, each outcome listed."""
    found = settings(request)
    received = await receive(request, found.desk.tmp, found.max_upload)
    outcomes: list[dict[str, Any]] = []
    try:
        check_csrf(request, found.access, received.fields.get(CSRF_FIELD, ""))
        text = received.fields.get("text", "")
        if text.strip():
            received.files.append(save_text(found.desk, text, received.fields.get("name") or PASTED_NAME))
        if not received.files:
            raise Refused(status=400, code="no-file", message="没有收到文件：请选择文件，或粘贴报告全文。")
        for uploaded in received.files:
            try:
                row, created = await run_in_threadpool(
                    found.desk.ingest, uploaded.path, uploaded.name, uploaded.sha256, uploaded.size
                )
                outcomes.append({"name": uploaded.name, "report": summary(row), "created": created})
            except Refused as exc:
                outcomes.append({"name": uploaded.name, "error": exc.message, "status": exc.status})
    finally:
        received.discard()
    status = 200 if any("report" in o for o in outcomes) else max(o["status"] for o in outcomes)
    return _page(request, "uploaded.html", {"outcomes": outcomes}, status=status)


def _rules(desk: Desk, version: str) -> dict[str, Any]:
    return {r.id: r for r in desk.api.rules(version)}


@router.get("/reports/{report_id}")
def report_page(request: Request, report_id: str, severity: str = "all", outcome: str = "problems") -> Response:
    filters = _filters({"severity": severity, "outcome": outcome})
    return _report(request, report_id, filters["severity"], filters["outcome"])


def _report(
    request: Request, report_id: str, severity: str, outcome: str, *, error: str = "", status: int = 200
) -> Response:
    desk = settings(request).desk
    current = desk.current(report_id)
    findings = desk.findings(report_id)
    shown = findings_filter(findings, severity, outcome)
    import_report = None
    if current.row.import_report is not None:
        from govreport import jsonio

        import_report = jsonio.loads(current.row.import_report)
    view = body(current.report, shown, import_report, current.corrections)
    previous = desk.previous_of(current.row)
    later = desk.store.same_organ(current.row.organ, current.row.year + 1)
    return _page(
        request,
        "report.html",
        {
            "row": summary(current.row),
            "report": current.report,
            "body": view,
            "findings": shown,
            "all_count": len(findings),
            "rules": _rules(desk, current.row.format_version),
            "import_report": import_report,
            "corrections": current.corrections,
            "orphans": desk.orphan_reviews(report_id),
            "severity": severity,
            "outcome": outcome,
            "severities": SEVERITIES,
            "outcomes": OUTCOMES,
            "reviewable": REVIEWABLE,
            "previous": None if previous is None else summary(previous),
            "later": None if later is None else summary(later),
            "error": error,
            "exports": [e.name for e in desk.api.exporters() if e.name not in ("json", "csv", "xlsx", "html")],
        },
        status=status,
    )


def _back(report_id: str, form: dict[str, str], anchor: str = "") -> str:
    """Where a form returns to: the report page with the filters it was posted from."""
    return f"/reports/{report_id}?" + urlencode(_filters(form)) + anchor


def _filters(form: dict[str, str]) -> dict[str, str]:
    severity = form.get("severity", "all")
    outcome = form.get("outcome", "problems")
    return {
        "severity": severity if severity in dict(SEVERITIES) else "all",
        "outcome": outcome if outcome in dict(OUTCOMES) else "problems",
    }


async def _form(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=20, max_part_size=64 * 1024)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    check_csrf(request, settings(request).access, fields.get(CSRF_FIELD, ""))
    return fields


@router.post("/reports/{report_id}/findings/{finding_id}/review")
async def review(request: Request, report_id: str, finding_id: str) -> Response:
    form = await _form(request)
    desk = settings(request).desk
    decision = form.get("decision", "")
    if decision == "clear":
        await run_in_threadpool(desk.clear_review, finding_id)
    else:
        await run_in_threadpool(desk.review, finding_id, decision, form.get("note", ""))
    return RedirectResponse(_back(report_id, form, f"#f-{finding_id}"), status_code=303)


@router.post("/reports/{report_id}/correct")
async def correct(request: Request, report_id: str) -> Response:
    form = await _form(request)
    desk = settings(request).desk
    pointer = form.get("pointer", "")
    try:
        if form.get("undo"):
            await run_in_threadpool(desk.uncorrect, report_id, pointer)
        else:
            await run_in_threadpool(desk.correct, report_id, pointer, form.get("value", ""), form.get("note", ""))
    except Refused as exc:
        if exc.code == "not-found" and not form.get("undo"):
            raise
        filters = _filters(form)
        return _report(
            request, report_id, filters["severity"], filters["outcome"], error=exc.message, status=exc.status
        )
    return RedirectResponse(_back(report_id, form, "#cell" + pointer.replace("/", "-")), status_code=303)


@router.get("/organs")
def organ_page(request: Request, organ: str) -> Response:
    years = year_over_year(settings(request).desk, organ)
    return _page(request, "organ.html", {"organ": organ, "years": years})


@router.get("/assets/tables.css")
def tables_css() -> Response:
    """The official tables' look, the HTML export's own stylesheet for them."""
    from govreport._export._html import TABLE_CSS

    return Response(TABLE_CSS, media_type="text/css", headers={"cache-control": "max-age=3600"})


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    """The API described from its OpenAPI document, without loading anything from the network."""
    schema = request.app.openapi()
    routes = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "text": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            routes.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "body": list(op.get("requestBody", {}).get("content", {})),
                }
            )
    return _page(request, "api.html", {"routes": routes})
