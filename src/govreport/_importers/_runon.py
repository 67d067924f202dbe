"""Finding a table's rows in page text where labels and cells ran together on one line.

``…1.属于国家秘密00000002.其他法律行政法规禁止公开0000000…``: each row's label is
looked for in the format's print order; the text between one label and the next
is the row's value text, cut where anything other than digits, spaces, a decimal
point or a unit starts.  A label's own numbering (``2.``) belongs to the label,
never to the digits before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from govreport._importers._normalise import numbering
from govreport.layout import Row

_VALUE = re.compile(r"[\d\s.+]*(?:万元|元)?")
"""A row's value text: digits, spaces, decimal points, a ``+`` before a signed cell (2019's 本年增/减), a unit."""
_CN = "零一二三四五六七八九十"


@attrs.frozen(kw_only=True)
class Found:
    """A row's label found in the text, and the value text after it."""

    key: str
    label: str
    values: str
    start: int


def _core(text: str) -> str:
    out = re.sub(r"[（(][^（()）]*[)）]", "", text)
    return "".join(ch for ch in out if ch.isalnum())


def label_pattern(row: Row, aliases: Sequence[str] = ()) -> re.Pattern[str]:
    """A pattern for the row's label as printed: numbering optional unless the label is short, spacing free."""
    num, rest = numbering(row.label)
    cores = [_core(rest), *(_core(a) for a in aliases)]
    alts = "|".join(r"[^\w]*".join(re.escape(ch) for ch in c) for c in sorted(set(cores), key=len, reverse=True))
    prefix = ""
    if num is not None:
        n = int(re.sub(r"\D", "", num))
        cn = _CN[n] if n <= 10 else str(n)
        if num.startswith("("):
            prefix = rf"[（(]\s*(?:{cn}|{n})\s*[)）]\s*"
        elif num.endswith("、"):
            prefix = rf"(?:{cn}|{n})\s*[、.．]\s*"
        else:
            prefix = rf"{n}\s*[.．、]\s*"
    short = min(len(c) for c in cores) < 4
    head = prefix if short else (f"(?:{prefix})?" if prefix else "")
    note = r"[”’\"」』]?(?:\s*[（(][^（()）]{0,40}[)）])?"
    return re.compile(f"{head}(?:{alts}){note}")


def segment(text: str, rows: Sequence[tuple[Row, re.Pattern[str]]], start: int = 0) -> list[Found]:
    """The rows whose labels occur in order after ``start``, each with the value text that follows it."""
    hits: list[tuple[Row, re.Match[str]]] = []
    cursor = start
    for row, pattern in rows:
        m = pattern.search(text, cursor)
        if m is None:
            continue
        hits.append((row, m))
        cursor = m.end()
    out: list[Found] = []
    for i, (row, m) in enumerate(hits):
        end = hits[i + 1][1].start() if i + 1 < len(hits) else len(text)
        between = text[m.end() : end]
        value = _VALUE.match(between)
        values = value.group(0) if value else ""
        out.append(Found(key=row.key, label=m.group(0), values=values.strip(), start=m.start()))
    return out
