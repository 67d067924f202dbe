"""Deterministic Office files: the same report gives the same bytes.

python-docx and openpyxl stamp the time of saving into the zip entries and into
``docProps/core.xml``.  :func:`deterministic` repacks a saved file with fixed
entry times and the document's modification time set to its creation time.
"""

from __future__ import annotations

import io
import re
import zipfile

_FIXED = (1980, 1, 1, 0, 0, 0)
_CREATED = re.compile(rb"<dcterms:created[^>]*>([^<]*)</dcterms:created>")
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def deterministic(data: bytes, *, created: str = "2000-01-01T00:00:00Z") -> bytes:
    """``data`` (a saved .docx or .xlsx) repacked so that saving twice gives the same bytes."""
    stamp = created.encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CREATED.sub(lambda m: m.group(0).replace(m.group(1), stamp), content)
                content = _MODIFIED.sub(lambda m: m.group(1) + stamp + m.group(2), content)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()
