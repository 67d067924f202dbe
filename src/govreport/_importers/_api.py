"""``import_file`` and ``import_bytes``: choose an importer among those given, read, build the report."""

from __future__ import annotations

import os
from collections.abc import Sequence

from govreport._files import read_regular
from govreport._importers._build import build
from govreport._importers._decode import MAX_FILE_BYTES
from govreport._importers._registry import Importer, ImportFailed, builtin_importers, choose_importer
from govreport._importers._result import ImportResult
from govreport.errors import InputError


def import_bytes(
    data: bytes,
    name: str,
    *,
    importers: Sequence[Importer] | None = None,
    version: str | None = None,
    importer: str | None = None,
) -> ImportResult:
    """Import a report from a file's bytes with one of ``importers`` (by default the built-in ones); ``name`` is
    used to choose the importer and in messages."""
    if not data:
        raise ImportFailed(f"{name}: the file is empty", code="empty")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(
            f"{name}: {len(data) / 1048576:.0f} MiB is larger than the {MAX_FILE_BYTES // 1048576} MiB limit",
            code="too-large",
        )
    available = builtin_importers() if importers is None else importers
    chosen = choose_importer(name, data[:65536], available, importer=importer)
    read = chosen.read(data, name)
    if isinstance(read, ImportResult):
        return read
    return build(read, source=name, importer=chosen.name, version=version)


def import_file(
    path: str | os.PathLike[str],
    *,
    importers: Sequence[Importer] | None = None,
    version: str | None = None,
    importer: str | None = None,
) -> ImportResult:
    """Import a published report (text, Markdown, HTML, DOCX, PDF, a filled XLSX form) with one of
    ``importers`` (by default the built-in ones).

    ``version`` (``"2019"`` or ``"2021"``) overrides the detected format version;
    ``importer`` forces an importer by name.
    Raises :class:`ImportFailed` with a clear message for a file that cannot be
    read, is unsafe, or is not an annual report.
    """
    name = str(path)
    try:
        data = read_regular(path, max_bytes=MAX_FILE_BYTES, what="published reports")
    except InputError as exc:
        codes = {"too_large": "too-large"}
        raise ImportFailed(f"{name}: {exc.message}", code=codes.get(exc.code, "unreadable")) from None
    return import_bytes(data, name, importers=importers, version=version, importer=importer)
