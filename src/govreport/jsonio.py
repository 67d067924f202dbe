"""Reading and writing report JSON: exact decimals, strict parsing, atomic files.

Numbers with a fraction or exponent are read as :class:`decimal.Decimal`, so an
amount such as ``5953.02496`` round-trips unchanged.  NaN, Infinity, duplicate
keys, a UTF-16/32 file and nesting deeper than :data:`MAX_DEPTH` are refused
with a message that says where.

With the ``fast`` extra installed, documents are first read by msgspec's JSON
decoder; whenever it cannot vouch for a document (any error, or a possible
duplicate key, which it would silently drop), the standard library reads it
again and says what is wrong.  Either way the same values come back.
"""

from __future__ import annotations

import decimal
import json
import os
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from govreport._files import read_regular
from govreport._files import write_atomic as _write_atomic
from govreport.errors import InputError, pointer
from govreport.formats.text import printable

MAX_BYTES = 16 * 1024 * 1024
"""Largest JSON document read by default (16 MiB); a real report is under 100 KiB."""

MAX_DEPTH = 64
"""Nesting depth reported when a document is too deeply nested for the parser; a report needs 6."""


class _Duplicates(dict[str, Any]):
    """An object in which some key occurred more than once."""

    duplicate_keys: list[str]


def _pairs_hook(found: list[bool]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        seen: set[str] = set()
        duplicates = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
        found[0] = True
        marked = _Duplicates(result)
        marked.duplicate_keys = duplicates
        return marked

    return hook


def _refuse_constant(name: str) -> Any:
    raise InputError(
        f"{name} is not a JSON number; write the value as a number or leave the cell as a mark", code="json"
    )


def _find_duplicates(value: Any, path: list[str | int]) -> tuple[list[str | int], str] | None:
    if isinstance(value, _Duplicates):
        return path, value.duplicate_keys[0]
    if isinstance(value, dict):
        children: Any = value.items()
    elif isinstance(value, list):
        children = enumerate(value)
    else:
        return None
    for key, child in children:
        hit = _find_duplicates(child, [*path, key])
        if hit:
            return hit
    return None


def _depth_exceeds(text: str, limit: int) -> int | None:
    """The offset where nesting first exceeds ``limit``, ignoring brackets in strings."""
    depth = 0
    in_string = False
    escaped = False
    for offset, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return offset
        elif ch in "]}":
            depth -= 1
    return None


def _too_deep(text: str) -> InputError:
    offset = _depth_exceeds(text, MAX_DEPTH) or 0
    line, column = _line_col(text, offset)
    return InputError(
        f"nesting deeper than {MAX_DEPTH} levels at line {line}, column {column}; a report nests 6 levels",
        code="depth",
        line=line,
        column=column,
    )


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def decode(data: bytes) -> str:
    """Decode JSON bytes: UTF-8, with or without a byte-order mark."""
    if not data.strip():
        raise InputError("the file is empty; expected a JSON object", code="empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
        raise InputError("the file is UTF-16 or UTF-32; save it as UTF-8", code="encoding")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data[: exc.start].decode("utf-8", "replace")
        line, column = _line_col(text, len(text))
        raise InputError(
            f"byte {exc.start} is not UTF-8 (line {line}, column {column}); save the file as UTF-8",
            code="encoding",
            line=line,
            column=column,
        ) from None


class _Unverified(NamedTuple):
    """A document read by msgspec, not yet proven free of duplicated keys (see :func:`_read_unverified`)."""

    value: Any
    colons: int
    """Colons in the text (a ``\\u003a`` escape counted as one): one per key, plus those inside strings."""


def _fast_reader() -> tuple[Callable[[str | bytes], _Unverified | None], Callable[[_Unverified], bool]] | None:
    """msgspec's reading and the check of what it kept, or ``None`` without the ``fast`` extra."""
    try:
        import msgspec
    except ImportError:  # pragma: no cover - the fast extra is optional
        return None
    decoder = msgspec.json.Decoder(float_hook=Decimal)
    encode = msgspec.json.Encoder().encode
    unsure = (msgspec.DecodeError, ValueError, RecursionError, decimal.InvalidOperation)

    def read(raw: str | bytes) -> _Unverified | None:
        try:
            value = decoder.decode(raw)
        except unsure:
            return None
        if isinstance(raw, str):
            colons = raw.count(":")
            if "\\" in raw:
                colons += raw.count("\\u003a") + raw.count("\\u003A")
        else:
            colons = raw.count(b":")
            if b"\\" in raw:
                colons += raw.count(b"\\u003a") + raw.count(b"\\u003A")
        return _Unverified(value, colons)

    def kept(read: _Unverified) -> bool:
        return read.colons == encode(read.value).count(b":")

    return read, kept


# Why counting colons proves that no duplicated key was dropped (msgspec keeps the last of two equal keys without a
# word).  Outside strings JSON has exactly one colon per key, so the text holds (keys + colons inside strings) colons;
# counting each \u003a escape, or anything that looks like one, as a colon can only add.  A value read from it has at
# most that many keys and at most that many colons inside its strings, and both fall short when a key was dropped
# (with it went its colon).  So (keys kept + colons in kept strings) equals the text's count only when nothing was
# dropped.  The value written back by msgspec has exactly that many colons.  A count of some of the keys kept (what
# validation's structuring counts) can only be lower: when even it equals the text's count, nothing was dropped.
_FAST_READER = _fast_reader()


def _read_unverified(text: str | bytes) -> _Unverified | None:
    """msgspec's reading of a document, or ``None`` when it cannot read it (or the ``fast`` extra is missing).

    The value is exact (fractions as decimals) but may have lost a duplicated key: use it only once
    :func:`_kept_every_key` (or an equal count of the keys, see :mod:`govreport.validate`) has vouched for it.
    """
    if _FAST_READER is None:
        return None
    raw = _strip_bom(text) if isinstance(text, bytes) else text
    return None if raw is None else _FAST_READER[0](raw)


def _kept_every_key(read: _Unverified) -> bool:
    """Whether an unverified reading provably kept every key of its text (see the proof above)."""
    return _FAST_READER is not None and _FAST_READER[1](read)


def _strip_bom(data: bytes) -> bytes | None:
    """UTF-8 bytes without a byte-order mark, or ``None`` when :func:`decode` has something to say."""
    if not data or data[0] in b"\xff\xfe" or data[0] == 0 or (len(data) > 1 and data[1] == 0):
        return None
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def loads(text: str | bytes) -> Any:
    """Parse JSON text strictly, keeping fractions as :class:`~decimal.Decimal`.

    Raises :class:`~govreport.errors.InputError` naming the line and column, or
    the JSON Pointer of a duplicated key.
    """
    fast = _read_unverified(text)
    if fast is not None and _kept_every_key(fast):
        return fast.value
    return _loads_standard(text)


def _loads_standard(text: str | bytes) -> Any:
    """:func:`loads` by the standard library alone, which says what is wrong with a document."""
    if isinstance(text, bytes):
        text = decode(text)
    if not text.strip():
        raise InputError("the document is empty; expected a JSON object", code="empty")
    found = [False]
    try:
        value = json.loads(
            text, parse_float=Decimal, parse_constant=_refuse_constant, object_pairs_hook=_pairs_hook(found)
        )
    except RecursionError:
        raise _too_deep(text) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            code="json",
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except ValueError:  # an integer too long for Python to convert
        raise InputError(
            "a number has more digits than can be read (4,300 at most); a report's numbers are short", code="json"
        ) from None
    except decimal.InvalidOperation:  # an exponent beyond what a decimal can hold (about ±10^18)
        raise InputError(
            "a number has an exponent too large to read (1e-9999999999999999999, say); a report's numbers are short",
            code="json",
        ) from None
    if found[0]:
        hit = _find_duplicates(value, [])
        assert hit is not None
        path, key = hit
        raise InputError(
            f"duplicate key {key!r} in the object at {printable(pointer(path)) or '/'} (JSON Pointer)",
            code="duplicate_key",
        )
    return value


def read(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Any:
    """Read and parse a JSON file (see :func:`loads`)."""
    return loads(read_bytes(path, max_bytes=max_bytes))


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, for :func:`loads`; refuses a missing or unreadable file, anything that is not a regular file
    (a directory, a named pipe, a device) and one over ``max_bytes``, with an :class:`InputError`."""
    return read_regular(path, max_bytes=max_bytes, what="JSON reports")


def _encode(value: Any, indent: int, level: int, out: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        pad = "\n" + " " * (indent * (level + 1))
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            out.append(("," if i else "") + pad + json.dumps(key, ensure_ascii=False) + ": ")
            _encode(item, indent, level + 1, out)
        out.append("\n" + " " * (indent * level) + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        pad = "\n" + " " * (indent * (level + 1))
        out.append("[")
        for i, item in enumerate(value):
            out.append(("," if i else "") + pad)
            _encode(item, indent, level + 1, out)
        out.append("\n" + " " * (indent * level) + "]")
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} cannot be written as JSON")
        out.append(str(value))
    elif value is None or isinstance(value, bool | int | str):
        out.append(json.dumps(value, ensure_ascii=False))
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(value: Any, *, indent: int = 2) -> str:
    """JSON text for JSON-ready data; decimals are written exactly; ends with a newline.

    The text always encodes as UTF-8: a lone surrogate (which no valid report holds, but an import report may
    quote) is written as its ``\\uXXXX`` escape, which reads back as the same string.
    """
    out: list[str] = []
    _encode(value, indent, 0, out)
    out.append("\n")
    text = "".join(out)
    if _SURROGATE.search(text) is not None:  # only inside strings: outside them JSON text is ASCII
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write a file all at once: the bytes are complete and synced before they get the file's name.

    A failure leaves no partial file behind and any previous file untouched, and raises
    :class:`~govreport.errors.OutputError`.  A new file gets the permissions the umask allows, a replaced one keeps
    its own; anything but a regular file (a device, a named pipe, a directory) is refused rather than replaced.
    A process killed while writing leaves nothing, or a temporary file the next write removes (see
    :mod:`govreport._files`).
    """
    _write_atomic(path, data)
