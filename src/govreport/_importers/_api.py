"""``import_file`` and ``import_bytes``: choose an importer among those given, read, build the report."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Sequence

from govreport._files import read_regular
from govreport._importers._build import build
from govreport._importers._decode import MAX_FILE_BYTES
from govreport._importers._registry import Importer, ImportFailed, builtin_importers, choose_importer
from govreport._importers._result import ImportResult
from govreport.errors import InputError
from govreport.formats import Variant


def import_bytes(
    data: bytes,
    name: str,
    *,
    importers: Sequence[Importer] | None = None,
    version: str | None = None,
    importer: str | None = None,
    variants: Sequence[Variant] = (),
) -> ImportResult:
    """Import a report from a file's bytes with one of ``importers`` (by default the built-in ones); ``name`` is
    used to choose the importer and in messages; ``variants`` are the regional variants a document may declare."""
    if not data:
        raise ImportFailed(f"{name}: 文件是空的", code="empty")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(
            f"{name}: 文件有{len(data) / 1048576:.0f} MiB，超过{MAX_FILE_BYTES // 1048576} MiB 的上限",
            code="too-large",
        )
    available = builtin_importers() if importers is None else importers
    chosen = choose_importer(name, data[:65536], available, importer=importer)
    read = chosen.read(data, name, tuple(variants)) if _takes_variants(chosen.read) else chosen.read(data, name)
    if isinstance(read, ImportResult):
        return read
    return build(read, source=name, importer=chosen.name, version=version)


def import_file(
    path: str | os.PathLike[str],
    *,
    importers: Sequence[Importer] | None = None,
    version: str | None = None,
    importer: str | None = None,
    variants: Sequence[Variant] = (),
) -> ImportResult:
    """Import a published report (text, Markdown, HTML, DOCX, PDF, a filled XLSX form) with one of
    ``importers`` (by default the built-in ones).

    ``version`` (``"2019"`` or ``"2021"``) overrides the detected format version;
    ``importer`` forces an importer by name.
    Raises :class:`ImportFailed` with a clear message for a file that cannot be
    read, is unsafe, or is not an annual report.
    """
    data = read_file(path)
    return import_bytes(data, str(path), importers=importers, version=version, importer=importer, variants=variants)


def read_file(path: str | os.PathLike[str]) -> bytes:
    """A document's bytes for importing; :class:`ImportFailed` for anything but a regular file that can be read
    (missing, a directory, a pipe, a device, unreadable) or one that is too large."""
    try:
        return read_regular(path, max_bytes=MAX_FILE_BYTES, what="published reports")
    except InputError as exc:
        codes = {"too_large": "too-large"}
        raise ImportFailed(f"{path}: {exc.message}", code=codes.get(exc.code, "unreadable")) from None


def _takes_variants(read: Callable[..., object]) -> bool:
    """Whether an importer's ``read`` takes the variants as a third argument (one written for earlier versions
    takes the bytes and the name alone)."""
    try:
        parameters = list(inspect.signature(read).parameters.values())
    except (TypeError, ValueError):
        return False
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 3 or any(p.kind is p.VAR_POSITIONAL for p in parameters)
