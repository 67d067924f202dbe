"""Text in a CSV cell that a spreadsheet shows and never evaluates, and the way back.

A field starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel, WPS and
LibreOffice (OWASP lists these starts for CSV injection), so the CSV export writes such a text with an apostrophe
in front, which spreadsheets take as "this is text" and do not show.  A text already starting with an apostrophe
gets one more, so that reading back is exact: :func:`plain` drops the one apostrophe :func:`neutral` added, and
nothing else.  A number (``-5``, ``+1.5``) is written as it is, since a spreadsheet reads it as the number it is.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a cell a spreadsheet would evaluate begins (OWASP, CSV injection)."""

_QUOTE = "'"
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def neutral(text: str) -> str:
    """``text`` as a spreadsheet will only show it: an apostrophe before what would start a formula, and before
    an apostrophe of the text's own."""
    if text.startswith(_QUOTE) or (text.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(text) is None):
        return _QUOTE + text
    return text


def plain(text: str) -> str:
    """The text :func:`neutral` was given: its leading apostrophe dropped."""
    return text.removeprefix(_QUOTE)
