"""What text a report may hold: the characters of XML 1.0.

Every string of a report (metadata, paragraphs, an unreadable cell's text) ends up in files that are XML inside
(DOCX, XLSX), in web pages and on terminals.  XML 1.0 cannot carry the C0 control characters other than tab, line
feed and carriage return, nor U+FFFE and U+FFFF; and a lone surrogate (U+D800 … U+DFFF, which JSON text can write
as ``"\\ud800"``) is half of a UTF-16 pair, not a character at all: no UTF-8 file can hold it.  So a report's text is
any sequence of the characters XML 1.0 allows (its ``Char`` production)::

    U+0009, U+000A, U+000D, U+0020 … U+D7FF, U+E000 … U+FFFD, U+10000 … U+10FFFF

and anything else is refused when a document is validated, with the place and the character named.  A JSON Schema
``pattern`` cannot refuse a lone surrogate portably (regular-expression engines disagree about them), so the
published schemas say this in their descriptions and validation enforces it in code.
"""

from __future__ import annotations

import re

REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""One character a report's text may not hold (the complement of XML 1.0's ``Char`` production)."""

RULE = (
    "text may hold any Unicode character XML 1.0 allows: not the control characters U+0000–U+001F other than "
    "tab, line feed and carriage return, not a lone surrogate (U+D800–U+DFFF), not U+FFFE or U+FFFF"
)
"""The rule in one sentence, for messages and the schemas' descriptions."""

_NAMES = {0: "the NUL character", 0xFFFE: "the non-character", 0xFFFF: "the non-character"}


def describe_char(ch: str) -> str:
    """A refused character in words, e.g. ``the control character U+0007``."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X} (half of a UTF-16 pair, not a character)"
    return f"{_NAMES.get(code, 'the control character')} U+{code:04X}"


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be a report's text (naming the first refused character and where), or ``None``."""
    found = REFUSED.search(text)
    if found is None:
        return None
    return (
        f"the text holds {describe_char(found.group())} at character {found.start() + 1}; "
        "a report's text may hold tab, line feed and carriage return but no other control character, "
        "no lone surrogate and not U+FFFE or U+FFFF"
    )


def printable(text: str) -> str:
    """``text`` with each refused character written as a ``\\uXXXX`` escape: safe to print, log or write."""
    if REFUSED.search(text) is None:
        return text
    return REFUSED.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _replacement(found: re.Match[str]) -> str:
    return " " if found.group() < "\x20" else "\ufffd"


def scrub(text: str) -> tuple[str, int]:
    """``text`` with every refused character replaced, and how many were replaced: a control character by a space
    (a form feed between pages, say), a lone surrogate, U+FFFE or U+FFFF by U+FFFD (the replacement character).
    For importers, which keep what they can of a source rather than refuse it."""
    return REFUSED.subn(_replacement, text)
