"""The JSON API under ``/api/``: what the pages use and scripts call (described at ``/api/openapi.json``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from govreport import jsonio
from govreport.web._exports import export
from govreport.web._reading import Refused
from govreport.web._security import check_csrf
from govreport.web._service import MAX_NOTE_CHARS, REVIEWABLE, Desk, summary, year_over_year
from govreport.web._state import JsonResponse, settings
from govreport.web._upload import UploadedFile, receive

router = APIRouter(prefix="/api", tags=["api"])

PASTED_NAME = "粘贴的文本.txt"
"""The name a pasted report is stored under when none is given."""

UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "the report file (one)"},
                        "text": {"type": "string", "description": "or: the report's text, pasted"},
                        "name": {"type": "string", "description": "a name for pasted text"},
                    },
                }
            }
        },
    }
}


class ReviewIn(BaseModel):
    decision: Literal["confirmed", "dismissed"] = Field(description="confirmed: a real error; dismissed: not one")
    note: str = Field(default="", max_length=MAX_NOTE_CHARS, description="why (Chinese, for the next reader)")


class CorrectionIn(BaseModel):
    pointer: str = Field(description="JSON Pointer of a table cell, e.g. /applications/new_received/total")
    value: str | int = Field(description='the number as text ("12", "5953.02"), or "/", "—", "无", "" for a mark')
    note: str = Field(default="", max_length=MAX_NOTE_CHARS)


def save_text(desk: Desk, text: str, name: str) -> UploadedFile:
    """Pasted text, saved under the data directory as an upload of its UTF-8 bytes."""
    import hashlib
    import os
    import tempfile

    data = text.encode("utf-8")
    fd, path = tempfile.mkstemp(prefix="upload-", dir=desk.tmp)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return UploadedFile(name=name, path=Path(path), sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def findings_filter(findings: list[dict[str, Any]], severity: str | None, outcome: str | None) -> list[dict[str, Any]]:
    """``severity``: error, warning, info; ``outcome``: passed, failed, not_applicable, cannot_tell, or ``problems``
    (failed and cannot_tell); ``None`` or ``all`` keeps every one."""
    out = findings
    if severity not in (None, "", "all"):
        out = [f for f in out if f["severity"] == severity]
    if outcome == "problems":
        out = [f for f in out if f["outcome"] in REVIEWABLE]
    elif outcome not in (None, "", "all"):
        out = [f for f in out if f["outcome"] == outcome]
    return out


@router.post("/reports", status_code=201, openapi_extra=UPLOAD_BODY, summary="Upload one report")
async def upload(request: Request) -> Response:
    """Upload one report (field ``file``: txt, md, html, docx, pdf, a filled xlsx template or report JSON), or
    paste its text (field ``text``).  The same bytes uploaded again answer 200 with the stored report."""
    found = settings(request)
    check_csrf(request, found.access, None)
    received = await receive(request, found.desk.tmp, found.max_upload)
    try:
        if len(received.files) > 1:
            raise Refused(status=400, code="one-file", message="一次请求只能上传一个文件（字段 file）。")
        if received.files:
            uploaded = received.files[0]
        elif received.fields.get("text", "").strip():
            uploaded = save_text(found.desk, received.fields["text"], received.fields.get("name") or PASTED_NAME)
            received.files.append(uploaded)
        else:
            raise Refused(
                status=400, code="no-file", message="没有收到文件：请在字段 file 中上传，或在字段 text 中粘贴。"
            )
        row, created = await run_in_threadpool(
            found.desk.ingest, uploaded.path, uploaded.name, uploaded.sha256, uploaded.size
        )
    finally:
        received.discard()
    findings = await run_in_threadpool(found.desk.findings, row.id)
    body = {"id": row.id, "created": created, "report": summary(row), "findings": findings}
    return JsonResponse(body, status_code=201 if created else 200)


@router.get("/reports", summary="List the uploaded reports")
def list_reports(
    request: Request,
    sort: str = Query("uploaded_at", description="organ, year, kind, format_version, errors, warnings, to_review …"),
    order: Literal["asc", "desc"] = "desc",
    organ: str | None = None,
) -> JsonResponse:
    rows = settings(request).desk.store.reports(sort=sort, descending=order == "desc", organ=organ)
    return JsonResponse({"reports": [summary(r) for r in rows]})


@router.get("/reports/{report_id}", summary="One report: as it stands, with its import account and corrections")
def get_report(request: Request, report_id: str) -> JsonResponse:
    desk = settings(request).desk
    current = desk.current(report_id)
    previous = desk.previous_of(current.row)
    from govreport.convert import unstructure

    return JsonResponse(
        {
            **summary(current.row),
            "previous_id": None if previous is None else previous.id,
            "report": unstructure(current.report),
            "import": None if current.row.import_report is None else jsonio.loads(current.row.import_report),
            "corrections": [c.to_json() for c in current.corrections],
        }
    )


@router.get("/reports/{report_id}/findings", summary="A report's findings, each with its review")
def get_findings(
    request: Request,
    report_id: str,
    severity: str | None = Query(None, description="error, warning, info or all"),
    outcome: str | None = Query(None, description="failed, cannot_tell, not_applicable, passed, problems or all"),
) -> JsonResponse:
    findings = settings(request).desk.findings(report_id)
    return JsonResponse({"report_id": report_id, "findings": findings_filter(findings, severity, outcome)})


@router.get("/findings/{finding_id}", summary="One finding with its review")
def get_finding(request: Request, finding_id: str) -> JsonResponse:
    return JsonResponse(settings(request).desk.finding(finding_id))


@router.post("/findings/{finding_id}/review", summary="Confirm or dismiss a finding, with a note")
def review(request: Request, finding_id: str, body: ReviewIn) -> JsonResponse:
    found = settings(request)
    check_csrf(request, found.access, None)
    return JsonResponse(found.desk.review(finding_id, body.decision, body.note))


@router.delete("/findings/{finding_id}/review", summary="Withdraw a review")
def clear_review(request: Request, finding_id: str) -> JsonResponse:
    found = settings(request)
    check_csrf(request, found.access, None)
    return JsonResponse(found.desk.clear_review(finding_id))


@router.post("/reports/{report_id}/corrections", summary="Correct a table cell by hand; the report is checked again")
def correct(request: Request, report_id: str, body: CorrectionIn) -> JsonResponse:
    found = settings(request)
    check_csrf(request, found.access, None)
    correction = found.desk.correct(report_id, body.pointer, str(body.value), body.note)
    return JsonResponse(
        {
            "correction": None if correction is None else correction.to_json(),
            "report": summary(found.desk.row(report_id)),
            "findings": found.desk.findings(report_id),
        }
    )


@router.delete("/reports/{report_id}/corrections", summary="Undo a hand correction")
def uncorrect(request: Request, report_id: str, pointer: str = Query(...)) -> JsonResponse:
    found = settings(request)
    check_csrf(request, found.access, None)
    found.desk.uncorrect(report_id, pointer)
    return JsonResponse({"report": summary(found.desk.row(report_id)), "findings": found.desk.findings(report_id)})


@router.get(
    "/reports/{report_id}/export",
    summary="Download a report with its review: json, xlsx, csv (findings), html, or any export format",
    response_class=Response,
)
def download(request: Request, report_id: str, to: str = Query(..., description="json, xlsx, csv, html …")) -> Response:
    got = export(settings(request).desk, report_id, to)
    headers = {"content-disposition": got.disposition}
    if to == "html":  # the file is for saving; were it opened here, it could run nothing
        headers["content-security-policy"] = "sandbox; default-src 'none'; style-src 'unsafe-inline'"
    return Response(got.data, media_type=got.media_type, headers=headers)


@router.get("/organs", summary="Organs with their years on the desk")
def organs(request: Request) -> JsonResponse:
    rows = settings(request).desk.store.reports(sort="organ", descending=False)
    by_organ: dict[str, list[int]] = {}
    for row in rows:
        years = by_organ.setdefault(row.organ, [])
        if row.year not in years:
            years.append(row.year)
    return JsonResponse({"organs": [{"organ": o, "years": sorted(y)} for o, y in by_organ.items()]})


@router.get("/organs/years", summary="Year over year: an organ's reports and the cross-year rules' findings")
def organ_years(request: Request, organ: str = Query(...)) -> JsonResponse:
    return JsonResponse({"organ": organ, "years": year_over_year(settings(request).desk, organ)})
