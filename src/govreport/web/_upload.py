"""Receiving a multipart upload: streamed into files under the data directory, counted, refused past the limit.

Nothing is held in memory but the small form fields, nothing is written outside ``DATA/tmp``, and an upload
larger than the limit is refused as soon as that is known: from ``Content-Length`` before a byte is read (so a
client that sent ``Expect: 100-continue`` never sends the body), else by counting while it arrives.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import IO, Any

import attrs
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from govreport.web._reading import Refused

MULTIPART_SLACK = 64 * 1024
"""Bytes a form adds around its files (boundaries, part headers, the CSRF field): not counted against the limit."""
MAX_FIELD_BYTES = 1024 * 1024
"""A form field that is not a file (a name, a note, a token) is short; pasted text goes in a file-sized field."""
TEXT_FIELDS = frozenset({"text"})
"""Fields that carry a report's text (pasted) and may be as large as a file."""
MAX_PARTS = 200
"""A form sent by the page has at most a few fields and the files a person picked at once."""
MAX_NAME_CHARS = 200
"""File names are shown and stored; longer ones are cut."""


def mib(n: int) -> str:
    return f"{n / 1048576:.0f} MiB" if n >= 1048576 else f"{n / 1024:.0f} KiB"


def too_large(limit: int, name: str = "") -> Refused:
    what = f"{name}：" if name else ""
    return Refused(
        status=413,
        code="too-large",
        message=f"{what}上传的文件超过大小限制（{mib(limit)}）。The upload is larger than the {mib(limit)} limit.",
    )


def clean_name(raw: str) -> str:
    """A file name as sent by a browser, without its folders and control characters, not too long."""
    base = raw.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return base[:MAX_NAME_CHARS] or "未命名文件"


@attrs.frozen(kw_only=True)
class UploadedFile:
    """One uploaded file, saved under the data directory."""

    name: str
    path: Path
    sha256: str
    size: int


@attrs.define
class Received:
    """The files and fields of one form."""

    files: list[UploadedFile] = attrs.field(factory=list)
    fields: dict[str, str] = attrs.field(factory=dict)

    def discard(self) -> None:
        for uploaded in self.files:
            uploaded.path.unlink(missing_ok=True)


@attrs.define
class _Parser:
    """The callbacks of python-multipart's streaming parser, writing each file part to its own file."""

    tmp: Path
    limit: int
    received: Received = attrs.field(factory=Received)
    parts: int = 0
    header_field: bytearray = attrs.field(factory=bytearray)
    header_value: bytearray = attrs.field(factory=bytearray)
    headers: dict[str, bytes] = attrs.field(factory=dict)
    field: str = ""
    filename: str | None = None
    skip: bool = False
    """An empty file input (nothing chosen): the browser sends a part with an empty file name."""
    buffer: bytearray = attrs.field(factory=bytearray)
    out: IO[bytes] | None = None
    digest: Any = None
    size: int = 0

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self.part_begin,
            "on_header_field": lambda data, start, end: self.header_field.extend(data[start:end]),
            "on_header_value": lambda data, start, end: self.header_value.extend(data[start:end]),
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise Refused(status=400, code="bad-form", message=f"表单的部分过多（最多 {MAX_PARTS} 个）。")
        self.headers = {}
        self.field, self.filename, self.size, self.skip = "", None, 0, False
        self.buffer = bytearray()

    def header_end(self) -> None:
        self.headers[self.header_field.decode("latin-1").lower()] = bytes(self.header_value)
        self.header_field, self.header_value = bytearray(), bytearray()

    def headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get("content-disposition", b""))
        self.field = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if filename == b"":
            self.skip = True
        elif filename is not None:
            self.filename = clean_name(filename.decode("utf-8", "replace"))
            fd, name = tempfile.mkstemp(prefix="upload-", dir=self.tmp)
            self.out = os.fdopen(fd, "wb")
            self.digest = hashlib.sha256()
            self.received.files.append(UploadedFile(name=self.filename, path=Path(name), sha256="", size=0))

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self.skip:
            return
        chunk = data[start:end]
        self.size += len(chunk)
        if self.out is not None:
            if self.size > self.limit:
                raise too_large(self.limit, self.filename or "")
            self.out.write(chunk)
            self.digest.update(chunk)
        else:
            allowed = self.limit if self.field in TEXT_FIELDS else MAX_FIELD_BYTES
            if self.size > allowed:
                raise too_large(allowed)
            self.buffer.extend(chunk)

    def part_end(self) -> None:
        if self.skip:
            return
        if self.out is not None:
            self.out.close()
            self.out = None
            last = self.received.files.pop()
            self.received.files.append(attrs.evolve(last, sha256=self.digest.hexdigest(), size=self.size))
        else:
            self.received.fields[self.field] = self.buffer.decode("utf-8", "replace")

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None


async def receive(request: Request, tmp: Path, limit: int) -> Received:
    """The files and fields of a ``multipart/form-data`` request; :class:`Refused` (413, 400, 415) otherwise."""
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data" or b"boundary" not in options:
        raise Refused(
            status=415,
            code="not-multipart",
            message="请以 multipart/form-data 表单上传文件（字段 file），或在字段 text 中粘贴文本。",
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_SLACK:
        raise too_large(limit)
    state = _Parser(tmp=tmp, limit=limit)
    parser = MultipartParser(options[b"boundary"], callbacks=state.callbacks())  # type: ignore[arg-type]
    total = 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > limit + MULTIPART_SLACK:
                raise too_large(limit)
            parser.write(chunk)
        parser.finalize()
    except MultipartParseError as exc:
        state.close()
        state.received.discard()
        raise Refused(status=400, code="bad-form", message=f"上传的表单不完整或已损坏：{exc}") from None
    except ClientDisconnect:
        state.close()
        state.received.discard()
        raise Refused(status=400, code="disconnected", message="上传中断：连接在文件传完之前断开了。") from None
    except BaseException:
        state.close()
        state.received.discard()
        raise
    return state.received
