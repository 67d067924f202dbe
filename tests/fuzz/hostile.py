"""Hostile inputs for the fuzz targets: JSON values, report documents and published documents, mutated.

Everything starts from real material (the seed report, the gold sources, the seed's own exports) and is spoilt
in the ways the hostile-input campaign of issue 19 spoilt it: characters no report may hold, numbers written to
exhaust memory, keys and nesting a parser must refuse, bytes flipped, cut, repeated or spliced, parts of a zip
replaced.
"""

from __future__ import annotations

import copy
import functools
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from hypothesis import strategies as st

import govreport
from govreport import jsonio
from govreport.export import export
from govreport.formats import AnyReport
from govreport.formats.cells import Unreadable
from strategies import REFUSED_CHARACTERS, reports

ROOT = Path(__file__).resolve().parents[2]
SEED_JSON = ROOT / "examples" / "zibo-gaoxin-2021.json"
SOURCES = ROOT / "tests" / "gold" / "sources"

NASTY_STRINGS = (
    "\x00",
    "\ud800",
    "\udc00",
    "a\udbff\udfffb",  # a well-formed pair, written as two escapes
    "\ufffe",
    "\uffff",
    "\x1b[31m",
    "\x0c",
    "\u202e",  # right-to-left override
    "\u0301",  # a lone combining mark
    "=1+cmd|' /C calc'!A0",
    "+SUM(A1:A9)",
    "-2+3",
    "@IMPORTRANGE()",
    "\t=1",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "<!-- -->",
    "&lt;b&gt;",
    "# heading",
    "1. list",
    "| pipe |",
    "\\",
    '"',
    "\n\r\n",
    "　",
    "𠀀𪚥",
    "无",
    "/",
    "—",
    "",
)
"""Strings that broke (or could break) something: refused characters, formulas, markup, odd Unicode."""

NASTY_NUMBERS: tuple[Any, ...] = (
    Decimal("1E-999999999"),
    Decimal("1E+999999999"),
    Decimal("0E+999999999"),
    Decimal("0E-999999999"),
    Decimal("2021.0"),
    Decimal("49.0"),
    Decimal("1E+2"),
    Decimal("-0"),
    Decimal("0.00000000001"),
    Decimal("999999999999.9999999999"),
    Decimal("1000000000000.0000000001"),
    Decimal("123456789012345678901234567890.5"),
    2**53 - 1,
    2**53,
    -(2**53),
    10**100,
    10**4000,
    -1,
    0,
    True,
    False,
    None,
    1e308,
    float("nan"),
    float("inf"),
    0.1,
)
"""Numbers that broke (or could break) something: exponents a billion long, 2021.0, sums past the maximum."""

JSON_TOKENS = (
    '"\\ud800"',
    '"\\udc00"',
    '"\\u0000"',
    "1e-999999999",
    "1e999999999",
    "2021.0",
    "-0",
    "NaN",
    "Infinity",
    "[" * 200,
    "{" * 200,
    "]",
    "}",
    ",",
    ":",
    '"',
    "\\",
    '"metadata": {}',
    '"organ": "x", "organ": "y"',
    "9" * 5000,
    "\ufeff",
    "\x00",
    "\u2028",
)
"""Pieces of JSON text inserted at random places."""


def text_of(alphabet: st.SearchStrategy[str], max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, max_size=max_size)


any_character = st.characters(codec=None, exclude_categories=())
"""Every code point, lone surrogates and controls included."""

allowed_character = st.characters(exclude_categories=["Cs"], exclude_characters=REFUSED_CHARACTERS)
"""Every character a report's text may hold."""

hostile_text = st.one_of(
    st.sampled_from(NASTY_STRINGS),
    text_of(any_character),
    st.lists(st.sampled_from(NASTY_STRINGS) | text_of(any_character, 5), max_size=4).map("".join),
)
"""Any string at all."""

allowed_text = st.one_of(
    st.sampled_from(
        [s for s in NASTY_STRINGS if not any(c in REFUSED_CHARACTERS or "\ud800" <= c <= "\udfff" for c in s)]
    ),
    text_of(allowed_character),
)
"""Strings a report may hold, the awkward ones first: formulas, markup, right-to-left overrides."""

hostile_number = st.one_of(
    st.sampled_from(NASTY_NUMBERS),
    st.integers(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.builds(lambda d, e: Decimal(f"{d}E{e}"), st.integers(-(10**6), 10**6), st.integers(-(10**9), 10**9)),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.floats(),
)
"""Any number a JSON reader might hand over (and a few Python values besides)."""

hostile_scalar = st.one_of(hostile_text, hostile_number, st.none(), st.booleans())

hostile_json: st.SearchStrategy[Any] = st.recursive(
    hostile_scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)
"""Any JSON-ready value, hostile at every leaf and key."""


@functools.cache
def seed_data() -> dict[str, Any]:
    data: dict[str, Any] = jsonio.read(SEED_JSON)
    return data


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a JSON-ready value (the value itself included)."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _places(item, (*path, index))
    return found


@functools.cache
def seed_places() -> tuple[tuple[Any, ...], ...]:
    return tuple(p for p in _places(seed_data()) if p)


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def _delete(data: Any, path: tuple[Any, ...]) -> None:
    target = data
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    """The seed report's data with a few places replaced, deleted or given hostile keys."""
    data = copy.deepcopy(seed_data())
    for _ in range(draw(st.integers(1, 4))):
        places = tuple(p for p in _places(data) if p)
        if not places:
            break
        path = draw(st.sampled_from(places))
        action = draw(st.sampled_from(("replace", "replace", "number", "text", "delete", "key")))
        try:
            if action == "replace":
                _set(data, path, draw(hostile_json))
            elif action == "number":
                _set(data, path, draw(hostile_number))
            elif action == "text":
                _set(data, path, draw(hostile_text))
            elif action == "delete":
                _delete(data, path)
            else:
                parent = data
                for step in path[:-1]:
                    parent = parent[step]
                if isinstance(parent, dict):
                    parent[draw(hostile_text)] = draw(hostile_json)
        except (KeyError, IndexError, TypeError):
            continue
    if draw(st.booleans()):
        return data
    return draw(hostile_json)


def _text_of(data: Any) -> str:
    try:
        return jsonio.dumps(data)
    except (TypeError, ValueError):  # a float, NaN: written as the standard library would
        import json

        return json.dumps(data, default=str)


@st.composite
def mutated_text(draw: st.DrawFn) -> str | bytes:
    """JSON text of mutated data, then spoilt as text: tokens inserted, pieces cut or repeated, bytes flipped."""
    text = _text_of(draw(mutated_data()))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(("insert", "cut", "repeat", "char")))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(JSON_TOKENS)) + text[at:]
        elif action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
        elif action == "repeat":
            piece = text[at : at + draw(st.integers(1, 200))]
            text = text[:at] + piece * draw(st.integers(2, 50)) + text[at:]
        else:
            text = text[:at] + draw(any_character) + text[at + 1 :]
    if draw(st.booleans()):
        return text
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()) and raw:
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    return raw


def with_hostile_text(report: AnyReport, texts: list[str]) -> AnyReport:
    """A report whose organ, title, preamble and first 表三 cell hold the given (allowed) texts."""
    if not texts:
        return report
    meta = attrs.evolve(report.metadata, organ=texts[0] or "机关", title=texts[-1])
    applications: Any = report.applications
    received = attrs.evolve(applications.new_received, natural_person=Unreadable(unreadable=texts[0]))
    return attrs.evolve(
        report,
        metadata=meta,
        preamble=tuple(texts),
        applications=attrs.evolve(applications, new_received=received),
    )


valid_reports = st.builds(with_hostile_text, reports(), st.lists(allowed_text, max_size=4))
"""Valid reports of either format whose text is as awkward as a report's text may be."""


def seed_report() -> AnyReport:
    return govreport.from_data(copy.deepcopy(seed_data()))


# -- published documents --------------------------------------------------------------------------------------------


@functools.cache
def documents() -> tuple[tuple[str, bytes], ...]:
    """Real documents of every kind the importers read: the gold sources and the seed's own exports."""
    found = [
        (p.name, p.read_bytes()) for p in sorted(SOURCES.iterdir()) if p.suffix in (".txt", ".md", ".html", ".pdf")
    ]
    report = seed_report()
    for fmt, suffix in (("docx", ".docx"), ("xlsx", ".xlsx"), ("html", ".html"), ("markdown", ".md")):
        found.append((f"seed{suffix}", export(report, fmt)))
    found.append(("seed.txt", (ROOT / "examples" / "zibo-gaoxin-2021.txt").read_bytes()))
    return tuple(found)


def _mutate_bytes(draw: st.DrawFn, raw: bytes) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(raw)))
        action = draw(st.sampled_from(("flip", "insert", "cut", "repeat", "truncate", "text")))
        if action == "flip" and raw:
            at = min(at, len(raw) - 1)
            raw = raw[:at] + bytes([raw[at] ^ (1 << draw(st.integers(0, 7)))]) + raw[at + 1 :]
        elif action == "insert":
            raw = raw[:at] + draw(st.binary(max_size=16)) + raw[at:]
        elif action == "cut":
            raw = raw[:at] + raw[at + draw(st.integers(1, 4096)) :]
        elif action == "repeat":
            piece = raw[at : at + draw(st.integers(1, 512))]
            raw = raw[:at] + piece * draw(st.integers(2, 64)) + raw[at:]
        elif action == "truncate":
            raw = raw[:at]
        else:
            raw = raw[:at] + draw(hostile_text).encode("utf-8", "surrogatepass") + raw[at:]
    return raw


def _mutate_zip(draw: st.DrawFn, raw: bytes) -> bytes:
    """A DOCX or XLSX with one of its parts spoilt (the zip itself intact, so the XML is what is read)."""
    with zipfile.ZipFile(io.BytesIO(raw)) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    index = draw(st.integers(0, len(parts) - 1))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for i, (info, content) in enumerate(parts):
            if i == index:
                content = _mutate_bytes(draw, content)
            target.writestr(info.filename, content)
    return out.getvalue()


@st.composite
def mutated_document(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real document spoilt: bytes flipped, cut, repeated or truncated, hostile text inserted, a zip part
    spoilt; sometimes under another file's name."""
    name, raw = draw(st.sampled_from(documents()))
    zipped = raw.startswith(b"PK\x03\x04") and draw(st.booleans())
    raw = _mutate_zip(draw, raw) if zipped else _mutate_bytes(draw, raw)
    if draw(st.integers(0, 9)) == 0:
        name = draw(st.sampled_from(("x.txt", "x.html", "x.pdf", "x.docx", "x.xlsx", "x", "x.md")))
    return name, raw
