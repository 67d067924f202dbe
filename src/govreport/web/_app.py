"""The application: FastAPI with the JSON API under ``/api/``, the pages, their templates and static files."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.responses import Response

from govreport import __version__
from govreport.web import _api, _pages
from govreport.web._reading import LibraryApi, Refused, ReportApi
from govreport.web._security import Access, Guard, csrf_token
from govreport.web._service import Desk
from govreport.web._state import JsonResponse, Settings, settings

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD = 64 * 1024 * 1024
"""The importers read no file larger than 64 MiB (``importers._decode.MAX_FILE_BYTES``), so neither does the desk."""
STALE_UPLOAD_SECONDS = 24 * 3600
"""A file left in DATA/tmp by a server that stopped mid-upload is removed at the next start once this old."""

log = logging.getLogger("govreport.web")


def _clean_tmp(tmp: Path) -> None:
    import time

    for leftover in tmp.glob("upload-*"):
        try:
            if time.time() - leftover.stat().st_mtime > STALE_UPLOAD_SECONDS:
                leftover.unlink()
        except OSError:
            continue


def create_app(
    data_dir: Path,
    *,
    max_upload: int = DEFAULT_MAX_UPLOAD,
    token: str | None = None,
    loopback: bool = True,
    api: ReportApi | None = None,
) -> FastAPI:
    """The web desk over the data directory ``data_dir`` (created if needed; nothing is written outside it).

    ``max_upload`` is the largest upload accepted, in bytes.  ``token``, when given, is required of every request
    (``Authorization: Bearer`` or the cookie set by ``/?token=…``); ``loopback`` says whether the server listens on
    a loopback address only (requests must then be addressed to a loopback name).  ``api`` is what reads, checks
    and exports reports (default: govreport's public functions).
    """
    desk = Desk(Path(data_dir), api or LibraryApi())
    _clean_tmp(desk.tmp)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(version=__version__)
    app = FastAPI(
        title="govreport 审核台 API",
        version=__version__,
        description="Upload, check and review 政府信息公开工作年度报告; the web desk's own pages use this API.",
        docs_url=None,  # Swagger UI would load scripts from the network; /api/docs is served from the package
        redoc_url=None,
        openapi_url="/api/openapi.json",
        default_response_class=JsonResponse,
    )
    access = Access(token=token, loopback=loopback)
    app.state.settings = Settings(desk=desk, access=access, max_upload=max_upload, templates=templates)
    app.add_middleware(Guard, access=access)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(_api.router)
    app.include_router(_pages.router)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return error_response(request, exc)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        words = {404: "没有这个页面。", 405: "不支持这种请求方法。"}
        message = words.get(exc.status_code, f"请求无法处理（HTTP {exc.status_code}）。")
        return error_response(request, Refused(status=exc.status_code, code=f"http-{exc.status_code}", message=message))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"where": "/".join(str(x) for x in e.get("loc", ())), "message": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        listed = "；".join(f"{p['where']}: {p['message']}" for p in problems[:5])
        return error_response(
            request,
            Refused(status=422, code="bad-request", message=f"请求内容不对：{listed}", issues=tuple(problems)),
        )

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        message = f"服务器内部错误：{type(exc).__name__}: {exc}。这是 govreport 的缺陷，请报告出错的操作。"
        return error_response(request, Refused(status=500, code="internal", message=message))

    return app


def error_response(request: Request, exc: Refused) -> Response:
    """A refusal as JSON (for ``/api/``) or as a page."""
    if request.url.path.startswith("/api/"):
        return JsonResponse(exc.to_json(), status_code=exc.status)
    found = settings(request)
    return found.templates.TemplateResponse(
        request,
        "error.html",
        {"message": exc.message, "issues": exc.issues, "status": exc.status, "csrf": csrf_token(request)},
        status_code=exc.status,
    )
