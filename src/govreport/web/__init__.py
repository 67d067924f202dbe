"""The web desk (``govreport serve``): upload reports, see the official tables with every finding on its cell,
confirm or dismiss findings, correct cells by hand, export the reviewed report.

Needs the ``web`` extra (``pip install 'govreport[web]'``).  :func:`create_app` builds the ASGI application
(FastAPI) over a data directory; ``govreport serve`` runs it with uvicorn.  The JSON API the pages use is under
``/api/`` and described at ``/api/openapi.json`` and ``/api/docs``.
"""

from __future__ import annotations

from govreport.web._app import DEFAULT_MAX_UPLOAD, create_app
from govreport.web._reading import LibraryApi, Refused, ReportApi

__all__ = ["DEFAULT_MAX_UPLOAD", "LibraryApi", "Refused", "ReportApi", "create_app"]
