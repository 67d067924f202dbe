"""The report's prose: the paragraphs of sections 一, 五 and 六, and the signature block at the end."""

from __future__ import annotations

import re
from typing import Any

from govreport._importers._metadata import date_only
from govreport._importers._normalise import nfkc, numbering
from govreport._importers._sections import Sections, plain
from govreport._importers._source import Line

SIGNATURE_LINES = 3
"""At most this many short lines before the closing date are the signature (organ names), not prose."""
MAX_SIGNATURE_LINE = 30
"""A line longer than this before the closing date is a paragraph, not an organ's name."""
TOPIC_HEAD = 24
"""The first this many characters of a numbered paragraph name its sub-topic."""

TOPICS = (
    ("active_disclosure", ("主动公开",)),
    ("applications", ("依申请",)),
    ("information_management", ("信息管理",)),
    ("platform_construction", ("平台",)),
    ("supervision", ("监督", "保障")),
)
"""The five sub-topics of 一、总体情况 and the words that start each."""


def paragraphs(lines: list[Line]) -> list[str]:
    """The non-empty lines as paragraphs."""
    return [p for p in (plain(line.text) for line in lines) if p]


def overall(texts: list[str]) -> dict[str, list[str]]:
    """总体情况's paragraphs by sub-topic: ``introduction`` until （一）主动公开… starts the first."""
    out: dict[str, list[str]] = {"introduction": [], **{name: [] for name, _ in TOPICS}}
    current = "introduction"
    for p in texts:
        if not p:
            continue
        num, rest = numbering(p)
        if num is not None and num.startswith("("):
            head = nfkc(rest)[:TOPIC_HEAD]
            for name, words in TOPICS:
                if any(w in head for w in words):
                    current = name
                    break
        out[current].append(p)
    return out


def prose(secs: Sections) -> tuple[dict[str, Any], Line | None, list[Line]]:
    """Paragraphs of every section; the signature block (short lines and a date) is taken off the end."""
    last_sec = max((s for s in range(1, 7) if secs.body[s]), default=0)
    signature: list[Line] = []
    date_line: Line | None = None
    if last_sec:
        lines = secs.body[last_sec]
        idx = [i for i, line in enumerate(lines) if line.text.strip()]
        if idx and date_only(lines[idx[-1]].text) is not None:
            date_line = lines[idx[-1]]
            cut = idx[-1]
            for i in reversed(idx[:-1][-SIGNATURE_LINES:]):
                t = plain(lines[i].text)
                if len(t) > MAX_SIGNATURE_LINE or re.search(r"[。，；：、,;:]", t) or numbering(t)[0] is not None:
                    break
                signature.insert(0, lines[i])
                cut = i
            secs.body[last_sec] = lines[:cut]
    out: dict[str, Any] = {
        "overall": overall([plain(line.text) for line in secs.body[1]]),
        "problems_improvements": paragraphs(secs.body[5]),
        "other_matters": paragraphs(secs.body[6]),
    }
    return out, date_line, signature
