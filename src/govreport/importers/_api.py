"""``import_file`` and ``import_bytes``: choose an importer, read, build the report."""

from __future__ import annotations

import os
from pathlib import Path

from govreport.importers._build import build
from govreport.importers._decode import MAX_FILE_BYTES
from govreport.importers._registry import ImportFailed, choose_importer
from govreport.importers._result import ImportResult


def import_bytes(data: bytes, name: str, *, version: str | None = None, importer: str | None = None) -> ImportResult:
    """Import a report from a file's bytes; ``name`` is used to choose the importer and in messages."""
    if not data:
        raise ImportFailed(f"{name}: the file is empty", code="empty")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(
            f"{name}: {len(data) / 1048576:.0f} MiB is larger than the {MAX_FILE_BYTES // 1048576} MiB limit",
            code="too-large",
        )
    chosen = choose_importer(name, data[:65536], importer=importer)
    doc = chosen.read(data, name)
    return build(doc, source=name, importer=chosen.name, version=version)


def import_file(
    path: str | os.PathLike[str], *, version: str | None = None, importer: str | None = None
) -> ImportResult:
    """Import a published report (text, Markdown, HTML, DOCX or PDF).

    ``version`` (``"2019"`` or ``"2021"``) overrides the detected format version;
    ``importer`` forces an importer by name (see :func:`get_importers`).
    Raises :class:`ImportFailed` with a clear message for a file that cannot be
    read, is unsafe, or is not an annual report.
    """
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise ImportFailed(f"{name}: is a directory, not a file", code="unreadable")
        if size > MAX_FILE_BYTES:
            raise ImportFailed(
                f"{name}: {size / 1048576:.0f} MiB is larger than the {MAX_FILE_BYTES // 1048576} MiB limit; "
                "no annual report is that large",
                code="too-large",
            )
        with p.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise ImportFailed(f"{name}: no such file", code="unreadable") from None
    except OSError as exc:
        raise ImportFailed(f"{name}: cannot be read: {exc.strerror or exc}", code="unreadable") from None
    return import_bytes(data, name, version=version, importer=importer)
