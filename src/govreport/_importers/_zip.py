"""The guard every zip-based document (DOCX, XLSX) passes before a library opens it.

Declared sizes in a zip are written by whoever made the file, so the guard does not trust them: it inflates
every part once, counting the bytes as they come, and stops at the first limit passed.  A part that declares
fewer bytes than it inflates to never gets further than its declaration: :mod:`zipfile` stops there and the
checksum fails, so the file is refused as damaged.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from govreport._importers._limits import MAX_ZIP_ENTRIES as MAX_ENTRIES
from govreport._importers._limits import MAX_ZIP_INFLATED as MAX_UNCOMPRESSED
from govreport._importers._limits import MAX_ZIP_RATIO as MAX_RATIO
from govreport._importers._registry import ImportFailed

__all__ = ["MAX_ENTRIES", "MAX_RATIO", "MAX_UNCOMPRESSED", "check_zip"]
_CHUNK = 1 << 16


def check_zip(data: bytes, name: str, *, required: str, kind: str) -> None:
    """Refuse ``data`` unless it is a zip holding ``required`` whose parts inflate within the limits."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ImportFailed(f"{name}: not a readable {kind}: it is not a valid zip archive", code="unreadable") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ImportFailed(f"{name}: the {kind} holds {len(infos)} parts; refusing to open it", code="zip-bomb")
        if required not in zf.namelist():
            raise ImportFailed(f"{name}: a zip file but not a {kind} (no {required})", code="unreadable")
        total = 0
        for info in infos:
            inflated = 0
            try:
                with zf.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        inflated += len(chunk)
                        total += len(chunk)
                        if total > MAX_UNCOMPRESSED:
                            raise ImportFailed(
                                f"{name}: the {kind} unpacks to more than {MAX_UNCOMPRESSED // 1048576} MiB; "
                                "refusing to open a possible zip bomb",
                                code="zip-bomb",
                            )
                        if inflated > 1024 * 1024 and inflated > MAX_RATIO * max(info.compress_size, 1):
                            raise ImportFailed(
                                f"{name}: part {info.filename} is compressed more than {MAX_RATIO}:1; "
                                "refusing to open a possible zip bomb",
                                code="zip-bomb",
                            )
            except ImportFailed:
                raise
            except (
                zipfile.BadZipFile,
                zlib.error,
                OSError,
                ValueError,
                EOFError,
                RuntimeError,
                NotImplementedError,
            ) as exc:
                raise ImportFailed(
                    f"{name}: part {info.filename} of the {kind} cannot be read ({type(exc).__name__}: {exc})",
                    code="unreadable",
                ) from None
