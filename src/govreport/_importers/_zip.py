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
        raise ImportFailed(f"{name}: 不是可读的 {kind}：不是有效的 zip 压缩包", code="unreadable") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ImportFailed(
                f"{name}: 该 {kind}含有{len(infos)}个部件（上限{MAX_ENTRIES}个），不予打开", code="zip-bomb"
            )
        if required not in zf.namelist():
            raise ImportFailed(f"{name}: 是 zip 文件，但不是 {kind}（没有 {required}）", code="unreadable")
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
                                f"{name}: 该 {kind}解压后超过{MAX_UNCOMPRESSED // 1048576} MiB，"
                                "可能是压缩炸弹，不予打开",
                                code="zip-bomb",
                            )
                        if inflated > 1024 * 1024 and inflated > MAX_RATIO * max(info.compress_size, 1):
                            raise ImportFailed(
                                f"{name}: 部件 {info.filename} 的压缩比超过{MAX_RATIO}:1，可能是压缩炸弹，不予打开",
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
                    f"{name}: 该 {kind}的部件 {info.filename} 无法读取（{type(exc).__name__}: {exc}）",
                    code="unreadable",
                ) from None
