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

from govreport import jsonio
from govreport.errors import InputError

fast = jsonio._FAST_LOADS
needs_fast = pytest.mark.skipif(fast is None, reason="the fast extra (msgspec) is not installed")


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
    assert fast is not None
    raw: str | bytes = text.encode("utf-8", "surrogatepass") if as_bytes else text
    got = fast(raw)
    if got is jsonio._UNSURE:
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
    assert fast is not None
    assert fast(text) is jsonio._UNSURE
    with pytest.raises(InputError, match=r"duplicate key '[ab]'"):
        jsonio.loads(text.encode())


@needs_fast
def test_the_fast_reader_takes_ordinary_reports(seed_path: Any) -> None:
    """A real report goes through the fast reader (otherwise its speed would be lost without anyone noticing)."""
    assert fast is not None
    raw = seed_path.read_bytes()
    value = fast(raw)
    assert value is not jsonio._UNSURE
    assert same(value, strict(raw))
    assert same(jsonio.loads(b"\xef\xbb\xbf" + raw), value)


def test_exact_decimals_either_way() -> None:
    text = '{"fee": 5953.02496, "zero": 0.0, "big": 1e400, "count": 3}'
    value = jsonio.loads(text)
    assert value == {"fee": Decimal("5953.02496"), "zero": Decimal("0.0"), "big": Decimal("1e400"), "count": 3}
    assert type(value["count"]) is int
    written = jsonio.dumps(value).split()
    assert written == ["{", '"fee":', "5953.02496,", '"zero":', "0.0,", '"big":', "1E+400,", '"count":', "3", "}"]
