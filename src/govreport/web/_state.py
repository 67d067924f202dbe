"""What every route reads of the running desk: its settings, and JSON written by govreport's own writer.

Kept apart from :mod:`._app` (which builds the application from the routes) so the routes never import the
module that imports them.
"""

from __future__ import annotations

from typing import Any

import attrs
from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from govreport import jsonio
from govreport.web._security import Access
from govreport.web._service import Desk


class JsonResponse(Response):
    """JSON written by govreport's own writer: decimals exact, Chinese as it is."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return jsonio.dumps(content).encode("utf-8")


@attrs.frozen(kw_only=True)
class Settings:
    """What the pages and routes need to know about the running desk."""

    desk: Desk
    access: Access
    max_upload: int
    templates: Jinja2Templates


def settings(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found
