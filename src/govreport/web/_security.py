"""Safe by default: who may use the desk, where requests may come from, and what a page may run.

* **Host check.**  Served on a loopback address, the desk answers only requests addressed to a loopback name, so
  a web page cannot reach it by pointing a name of its own at 127.0.0.1 (DNS rebinding).
* **Token.**  Served on any other address (or with ``--token``), every request needs the token: the header
  ``Authorization: Bearer TOKEN`` (scripts), or the cookie set when a person opens the printed ``/?token=…``
  address once.
* **CSRF.**  A state-changing request from a browser must carry the per-session token of the ``govreport_csrf``
  cookie, in the form field ``csrf_token`` or the header ``X-CSRF-Token`` (double submit).  A request with the
  bearer token needs none (browsers never add that header by themselves), nor does a request without ``Origin``
  and ``Sec-Fetch-*`` headers: that is a script, not a browser a page could steer (every current browser sends
  ``Origin`` with a cross-site POST, and ``Sec-Fetch-Site`` with every request).
* **Headers.**  A Content-Security-Policy that allows only the desk's own script and styles, so no script from
  a report can run even if markup slipped through; no framing, no sniffing, no referrer to other sites.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

import attrs
from starlette.requests import Request

from govreport.web._reading import Refused

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_COOKIE = "govreport_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
AUTH_COOKIE = "govreport_token"
TOKEN_BYTES = 24
"""Random bytes of a generated token or CSRF token (192 bits)."""
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # with no-referrer, Chromium sends "Origin: null" on form posts
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or a name) is only reachable from this machine."""
    if host.strip("[]") in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@attrs.frozen(kw_only=True)
class Access:
    """How the desk is reached: the token it requires (if any) and whether it listens on loopback only."""

    token: str | None
    loopback: bool


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _cookies(scope: Scope) -> dict[str, str]:
    raw = _header(scope, b"cookie")
    if not raw:
        return {}
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed cookie header is treated as none
        return {}
    return {k: v.value for k, v in jar.items()}


def bearer_ok(scope: Scope, access: Access) -> bool:
    if access.token is None:
        return False
    header = _header(scope, b"authorization") or ""
    scheme, _, value = header.partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(value.strip().encode(), access.token.encode())


def _host_name(scope: Scope) -> str:
    host = _header(scope, b"host") or ""
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """ASGI middleware: host check, token, the CSRF cookie, security headers (see the module's docstring)."""

    def __init__(self, app: ASGIApp, access: Access):
        self.app = app
        self.access = access

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")
        if self.access.loopback and self.access.token is None and _host_name(scope) not in LOOPBACK_NAMES:
            await _refuse(send, 421, "bad-host", "此服务只接受发往本机地址（127.0.0.1 或 localhost）的请求。", api)
            return
        cookies = _cookies(scope)
        set_cookies: list[str] = []
        if self.access.token is not None and not bearer_ok(scope, self.access):
            given = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get("token")
            if given is not None and secrets.compare_digest(given.encode(), self.access.token.encode()):
                rest = urlencode([(k, v) for k, v in parse_qsl(scope["query_string"].decode()) if k != "token"])
                location = scope["path"] + (f"?{rest}" if rest else "")
                cookie = f"{AUTH_COOKIE}={self.access.token}; Path=/; HttpOnly; SameSite=Strict"
                await _redirect(send, location, [cookie])
                return
            kept = cookies.get(AUTH_COOKIE, "")
            if not secrets.compare_digest(kept.encode(), self.access.token.encode()):
                await _refuse(send, 401, "token-required", "需要访问令牌：请打开启动时打印的地址（含 ?token=…）。", api)
                return
        csrf = cookies.get(CSRF_COOKIE)
        if not csrf and not api:  # pages hand the token out; the API only checks it
            csrf = new_token()
            set_cookies.append(f"{CSRF_COOKIE}={csrf}; Path=/; HttpOnly; SameSite=Strict")
        scope.setdefault("state", {})["csrf"] = csrf or ""

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += HEADERS
                headers += [(b"set-cookie", c.encode("latin-1")) for c in set_cookies]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _refuse(send: Send, status: int, code: str, message: str, api: bool) -> None:
    from html import escape

    from govreport import jsonio

    if api:
        body = jsonio.dumps({"error": code, "message": message}).encode()
        ctype = b"application/json"
    else:
        body = (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>govreport</title></head>'
            f"<body><p>{escape(message)}</p></body></html>"
        ).encode()
        ctype = b"text/html; charset=utf-8"
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), *HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Send, location: str, cookies: list[str]) -> None:
    headers = [(b"location", location.encode("latin-1", "replace")), (b"content-length", b"0"), *HEADERS]
    headers += [(b"set-cookie", c.encode("latin-1")) for c in cookies]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def from_browser(request: Request) -> bool:
    """Whether a request bears the marks of a browser (which a hostile page could have made it send)."""
    headers = request.headers
    return "origin" in headers or any(k.startswith("sec-fetch-") for k in headers)


def check_csrf(request: Request, access: Access, submitted: str | None) -> None:
    """Refuse a state-changing request a hostile page could have sent (see the module's docstring)."""
    if bearer_ok(request.scope, access):
        return
    origin = request.headers.get("origin")
    if origin is not None:  # "null" (a sandboxed frame, a file) is another origin too
        expected = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin != expected:
            raise Refused(status=403, code="cross-origin", message="拒绝来自其他网站的请求。")
    if not from_browser(request):
        return
    kept = request.cookies.get(CSRF_COOKIE, "")
    given = submitted if submitted is not None else request.headers.get(CSRF_HEADER, "")
    if not kept or not given or not secrets.compare_digest(kept.encode(), given.encode()):
        raise Refused(
            status=403,
            code="csrf",
            message="表单已过期或不是从本页面提交的（缺少 CSRF 令牌）；请刷新页面后重试。",
        )


def csrf_token(request: Request) -> str:
    """This session's CSRF token (set by :class:`Guard`), for forms and the page's script."""
    return str(request.scope.get("state", {}).get("csrf", ""))
