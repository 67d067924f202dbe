"""Findings of the fuzz suite in the readers' files (src/govreport/_importers/_zip.py …), which another branch owns:
each is a test of what must happen, marked as an expected failure until the readers are fixed (strict, so the
fix shows as an unexpected pass and the mark is removed then)."""

from __future__ import annotations

import io
import zipfile

import pytest

import govreport
from govreport.export import export
from govreport.importers import ImportFailed, import_bytes


def _docx_with_a_broken_deflate_stream(report: govreport.AnyReport) -> bytes:
    raw = bytearray(export(report, "docx"))
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start] = 0xFF  # the first byte of the part's deflate data: "invalid block type"
    return bytes(raw)


def test_a_zip_part_that_will_not_inflate_is_import_failed(seed_report: govreport.AnyReport) -> None:
    with pytest.raises(ImportFailed, match=r"word/document\.xml"):
        import_bytes(_docx_with_a_broken_deflate_stream(seed_report), "broken.docx")
