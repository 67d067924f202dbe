"""Reading JSON: the fast reader (msgspec, the ``fast`` extra) gives exactly what the standard library gives.

The fast reader may decline any document (the standard library then reads it and explains what is wrong), but
whatever it accepts must be the same value, with the same types, as the strict standard-library reading — and a
document with a duplicated key must never get through it, since msgspec would keep the last value silently.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govreport
from govreport import jsonio
from govreport.errors import InputError
from synth import synthetic_report

needs_fast = pytest.mark.skipif(jsonio._FAST_READER is None, reason="the fast extra (msgspec) is not installed")
UNSURE = object()


def fast(raw: str | bytes) -> Any:
    """What the fast reading vouches for, or UNSURE (the standard library then reads the document)."""
    read = jsonio._read_unverified(raw)
    return read.value if read is not None and jsonio._kept_every_key(read) else UNSURE


def strict(text: str | bytes) -> Any:
    """The standard library's reading, or the InputError it gives."""
    try:
        return jsonio.loads(text.decode("utf-8") if isinstance(text, bytes) else text)
    except (InputError, UnicodeDecodeError) as exc:
        return exc


def same(a: Any, b: Any) -> bool:
    """Equal, and of the same types all the way down (1 and Decimal("1") and True differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return bool(a == b)


_keys = st.sampled_from(["a", "b", "organ", "a:b", '"', "\\", "", "年度"]) | st.text(max_size=4)
_numbers = st.sampled_from(
    ["0", "-0", "1", "-12", "1.50", "-0.0", "1e5", "1E+5", "2.5e-3", "9" * 30, "5953.02496", "01", "1.", ".5", "+1"]
)
_strings = st.sampled_from(
    ['"x:y"', '"\\u003a"', '"\\u003A"', '"\\\\u003a"', '"\\":"', '"\\ud800"', '"\\t"', '"a\tb"', '"中文："', '"\\x"']
) | st.text(max_size=6).map(lambda t: json.dumps(t, ensure_ascii=False))


def _value(depth: int) -> st.SearchStrategy[str]:
    scalar = _numbers | _strings | st.sampled_from(["true", "false", "null", "NaN", "Infinity"])
    if depth == 0:
        return scalar
    inner = _value(depth - 1)
    members = st.lists(st.tuples(_keys.map(lambda k: json.dumps(k, ensure_ascii=False)), inner), max_size=4)
    # some keys written "key":value, others "key" :value
    objects = members.map(lambda kv: "{" + ",".join(f"{k}{' ' * (i % 2)}:{v}" for i, (k, v) in enumerate(kv)) + "}")
    arrays = st.lists(inner, max_size=3).map(lambda xs: "[" + ",".join(xs) + "]")
    return scalar | objects | arrays


@st.composite
def documents(draw: st.DrawFn) -> str:
    """JSON-like text: mostly well formed, with duplicated keys, escaped colons and damage mixed in."""
    text = draw(_value(3))
    if draw(st.booleans()) and text.startswith("{") and len(text) > 2:
        # duplicate one key of the outer object (same or different value)
        key = draw(_keys)
        text = "{" + f"{json.dumps(key)}:{draw(_value(1))}," + f"{json.dumps(key)}:{draw(_value(1))}," + text[1:]
    if draw(st.integers(0, 4)) == 0 and text:
        at = draw(st.integers(0, len(text) - 1))
        text = text[:at] + draw(st.sampled_from([",", ":", '"', "]", "}", "\\", " ", "\x00"])) + text[at + 1 :]
    return text


@needs_fast
@settings(max_examples=3000, deadline=None)
@given(documents(), st.booleans())
def test_fast_reading_agrees_with_the_standard_library(text: str, as_bytes: bool) -> None:
    raw: str | bytes = text.encode("utf-8", "surrogatepass") if as_bytes else text
    got = fast(raw)
    if got is UNSURE:
        return
    expected = strict(raw)
    assert not isinstance(expected, Exception), f"fast reader accepted what is refused: {expected}"
    assert same(got, expected)


@needs_fast
@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"a": {"b": "x", "b": "x"}}',
        '{"a": 1, "a": 2, "b": "\\u003a"}',  # the dropped key's colon "replaced" by an escaped one
        '{"a": "p:q", "a": "p:q"}',
        '{"a" : 1, "a"\n:\t1}',
    ],
)
def test_a_duplicate_key_is_never_accepted_silently(text: str) -> None:
    assert fast(text) is UNSURE
    with pytest.raises(InputError, match=r"duplicate key '[ab]'"):
        jsonio.loads(text.encode())


@needs_fast
def test_the_fast_reader_takes_ordinary_reports(seed_path: Any) -> None:
    """A real report goes through the fast reader (otherwise its speed would be lost without anyone noticing)."""
    raw = seed_path.read_bytes()
    value = fast(raw)
    assert value is not UNSURE
    assert same(value, strict(raw))
    assert same(jsonio.loads(b"\xef\xbb\xbf" + raw), value)


def test_exact_decimals_either_way() -> None:
    text = '{"fee": 5953.02496, "zero": 0.0, "big": 1e400, "count": 3}'
    value = jsonio.loads(text)
    assert value == {"fee": Decimal("5953.02496"), "zero": Decimal("0.0"), "big": Decimal("1e400"), "count": 3}
    assert type(value["count"]) is int
    written = jsonio.dumps(value).split()
    assert written == ["{", '"fee":', "5953.02496,", '"zero":', "0.0,", '"big":', "1E+400,", '"count":', "3", "}"]


# ---------------------------------------------------------------------------------------------------------------------
# validate_text: the fast reading is proven by the keys structuring counts, and falls back on anything else


def reference(text: bytes) -> dict[str, Any]:
    """What reading with the standard library, then validate_data, says of a document."""
    try:
        data = jsonio.loads(text.decode("utf-8"))
    except InputError as exc:
        issue = {"pointer": "", "code": exc.code, "message": exc.message}
        return {"readable": False, "issues": [issue]}
    result = govreport.validate_data(data, source="<text>")
    return {"readable": True, "issues": [i.to_json() for i in result.issues], "report": result.report}


def outcome(text: bytes) -> dict[str, Any]:
    result = govreport.validate_text(text)
    issues = [
        {k: v for k, v in i.to_json().items() if k in ("pointer", "code", "message")}
        if result.unreadable
        else i.to_json()
        for i in result.issues
    ]
    found = {"readable": not result.unreadable, "issues": issues}
    if not result.unreadable:
        found["report"] = result.report
    return found


@st.composite
def spoiled_reports(draw: st.DrawFn) -> bytes:
    """A generated report's text, sometimes with one key written twice (same or other value) or a colon in prose."""
    text = jsonio.dumps(synthetic_report(draw(st.integers(0, 50))))
    lines = text.split("\n")
    keyed = [i for i, line in enumerate(lines) if line.strip().startswith('"') and '": ' in line]
    choice = draw(st.sampled_from(["none", "same", "other", "colon", "url"]))
    if choice in ("same", "other"):
        i = draw(st.sampled_from(keyed))
        line = lines[i].rstrip(",")
        copy = line if choice == "same" else line.split('": ')[0] + '": 7'
        lines.insert(i, copy + ",")
    elif choice == "colon":
        lines = [line.replace("信息公开工作", "信息公开:工作", 1) for line in lines]
    elif choice == "url":
        lines = [line.replace('"source_url": null', '"source_url": "http://example.gov.cn/a"') for line in lines]
    return "\n".join(lines).encode()


@settings(max_examples=300, deadline=None)
@given(spoiled_reports())
def test_validate_text_agrees_with_reading_then_validating(text: bytes) -> None:
    assert outcome(text) == reference(text)


def test_a_duplicated_key_in_a_valid_report_is_found(seed_path: Any) -> None:
    text = seed_path.read_bytes().replace(b'"natural_person": ', b'"natural_person": 0, "natural_person": ', 1)
    result = govreport.validate_text(text, source="dup.json")
    assert result.unreadable
    assert [i.code for i in result.issues] == ["duplicate_key"]
    assert "duplicate key 'natural_person' in the object at /applications/" in result.issues[0].message


@needs_fast
def test_ordinary_reports_are_proven_by_the_key_count(seed_path: Any) -> None:
    """The seed takes the quickest way: msgspec's reading, proven by the colons its records were built from."""
    from govreport.validate import _validate

    read = jsonio._read_unverified(seed_path.read_bytes())
    assert read is not None
    result, counted = _validate(read.value, None, "lenient", "seed")
    assert counted == read.colons
    assert result.report == govreport.load(seed_path)


def test_a_duplicated_key_is_found_when_the_version_is_given(seed_path: Any) -> None:
    """A document without format_version, validated with an explicit version, gains that key before structuring;
    the count of what is structured then is not the document's, so it proves nothing and the duplicate is found."""
    text = seed_path.read_bytes().replace(b'"format_version": "2021",', b"", 1)
    text = text.replace(b'"natural_person": ', b'"natural_person": 0, "natural_person": ', 1)
    result = govreport.validate_text(text, version="2021")
    assert result.unreadable
    assert [i.code for i in result.issues] == ["duplicate_key"]
