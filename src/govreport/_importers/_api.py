"""``import_file`` and ``import_bytes``: choose an importer among those given, read, build the report."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from govreport._importers._build import build
from govreport._importers._decode import MAX_FILE_BYTES
from govreport._importers._registry import Importer, ImportFailed, builtin_importers, choose_importer
from govreport._importers._result import ImportResult
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
        raise ImportFailed(f"{name}: the file is empty", code="empty")
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailed(
            f"{name}: {len(data) / 1048576:.0f} MiB is larger than the {MAX_FILE_BYTES // 1048576} MiB limit",
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
    """A document's bytes for importing; :class:`ImportFailed` for a file that cannot be read or is too large."""
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
    return data


def _takes_variants(read: Callable[..., object]) -> bool:
    """Whether an importer's ``read`` takes the variants as a third argument (one written for earlier versions
    takes the bytes and the name alone)."""
    try:
        parameters = list(inspect.signature(read).parameters.values())
    except (TypeError, ValueError):
        return False
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 3 or any(p.kind is p.VAR_POSITIONAL for p in parameters)
