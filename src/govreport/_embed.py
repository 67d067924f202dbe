"""The report's data inside govreport's own HTML, Markdown and Word exports, so that they read back exactly.

A page or a document shows the report; it cannot show everything a report holds (the organ's kind, the region
code, the statistics period, a regional variant's extension …) nor keep every character of its text.  So each
of these exports carries the report JSON where a reader does not see it: in HTML a ``<script
type="application/json">`` element in the head, in Markdown an HTML comment at the end, in Word a custom XML
part.  ``govreport import`` takes the data only when the file is still exactly what govreport wrote for it
(re-rendering the data gives the same bytes); a file someone changed is read as what it shows, and only what it
does not show is taken from the data (see :mod:`govreport._roundtrip`).

The JSON is written with ``<``, ``>`` and ``&`` as ``\\u`` escapes: it can then end neither the script element
nor the comment, and it is well-formed XML text as it stands.
"""

from __future__ import annotations

import re
from typing import Any

from govreport import jsonio

MARKER = "govreport-report"
"""The id of the HTML script element, the word that opens the Markdown comment, the root of the Word part."""

DOCX_PART = "customXml/govreport-report.xml"
"""The part of a Word package that holds the data."""

DOCX_NAMESPACE = "urn:govreport:report"
"""The XML namespace of that part's root element."""

_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}

_HTML = re.compile(rb'<script type="application/json" id="govreport-report">(?P<data>[^<]*)</script>\n')
_MARKDOWN = re.compile(rb"\n<!-- govreport-report (?P<data>[^\n>]*) -->\n\Z")
_DOCX = re.compile(rb'^<govreport-report xmlns="urn:govreport:report">(?P<data>[^<]*)</govreport-report>\Z')


def payload(data: Any) -> str:
    """The report JSON (JSON-ready data) on one line, with the characters of markup escaped."""
    text = jsonio.dumps(data, indent=0).replace("\n", "")
    return re.sub(r"[<>&]", lambda m: _ESCAPES[m.group()], text)


def html(page: str, data: Any) -> str:
    """An HTML page with the report's data as a script element at the end of its head."""
    block = f'<script type="application/json" id="{MARKER}">{payload(data)}</script>\n'
    head_end = page.index("</head>")
    return page[:head_end] + block + page[head_end:]


def markdown(text: str, data: Any) -> str:
    """Markdown with the report's data as a comment at its end (rendered Markdown does not show it)."""
    return f"{text}\n<!-- {MARKER} {payload(data)} -->\n"


def docx_part(data: Any) -> bytes:
    """The Word part holding the report's data."""
    return f'<{MARKER} xmlns="{DOCX_NAMESPACE}">{payload(data)}</{MARKER}>'.encode()


def find(data: bytes, kind: str) -> tuple[Any, bytes] | None:
    """The report data embedded in an HTML page (``kind="html"``) or Markdown, and the file without it; ``None``
    when there is none (or it is not JSON)."""
    pattern = _HTML if kind == "html" else _MARKDOWN
    found = pattern.search(data)
    if found is None:
        return None
    try:
        value = jsonio.loads(found["data"])
    except Exception:  # not ours, or broken: the file is read as what it shows
        return None
    return value, data[: found.start()] + data[found.end() :]


def find_docx_part(part: bytes) -> Any:
    """The report data in the Word part; ``None`` when the part is not govreport's."""
    found = _DOCX.match(part)
    if found is None:
        return None
    try:
        return jsonio.loads(found["data"])
    except Exception:  # not ours, or broken: the document is read as what it shows
        return None
