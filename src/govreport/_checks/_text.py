"""The prose as the rules read it: where each paragraph is, numbers in Chinese text, and one index of keywords.

Every prose rule looks for a few phrases (收到…申请N件, 共N条，其中…).  Rather than each rule searching all the
prose, :func:`index` scans the report's prose once for every keyword any rule declared (one combined pattern,
one pass) and each rule then runs its patterns only over the sentences holding one of its keywords.  Each
pattern's keywords are chosen so that every match of the pattern holds one of them (and no match crosses a
sentence); ``tests/test_checks_prose.py`` holds the keyword search equal to a search of all the prose.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from govreport._checks._records import Context, Place
from govreport.errors import split_pointer
from govreport.formats import AnyReport
from govreport.labels import label_for_path

NUM = r"(?<![\d.０-９])(\d+|[０-９]+|[零〇一二两三四五六七八九十百千万]+)(?![\d.%％])"
"""A whole number written in digits (ASCII or full-width) or in Chinese numerals."""

STOP = r"[^。；;，,、：:（）()“”\d]"
"""A character inside a clause that is not a digit: what a pattern's gaps may hold."""

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_number(text: str) -> int | None:
    """``49``, ``４９``, ``四十九``, ``一百零五``, ``两万三千`` → int; ``None`` when it is not a number."""
    if text.isascii() and text.isdigit():
        return int(text)
    text = text.strip().translate(_FULL_WIDTH_DIGITS)
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch not in _UNITS and ch != "万" for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:  # 万
            section += digit or 0
            total += (section or 1) * 10000
            section, digit = 0, None
    return total + section + (digit or 0)


def patterns(*texts: str) -> tuple[re.Pattern[str], ...]:
    """Compiled patterns, ``{N}`` standing for :data:`NUM` and ``{S}`` for :data:`STOP`."""
    return tuple(re.compile(t.replace("{N}", NUM).replace("{S}", STOP)) for t in texts)


OVERALL = (
    "overall.introduction",
    "overall.active_disclosure",
    "overall.applications",
    "overall.information_management",
    "overall.platform_construction",
    "overall.supervision",
)
"""The paragraphs of 一、总体情况."""

SECTIONS = ("preamble", *OVERALL, "problems_improvements", "other_matters")
"""Every part of a report that holds prose, in print order."""

SENTENCE_BREAKS = "。；;"
"""What ends a sentence (a paragraph's end ends one too).  Every pattern of the prose rules stays inside one
sentence: their gaps are :data:`STOP` (which holds no sentence break) or ``[^。；;]``."""

_SENTENCE_END = re.compile(f"[{SENTENCE_BREAKS}]")

_NUMBER_RUN = re.compile(r"\d+|[０-９]+|[零〇一二两三四五六七八九十百千万]+")
"""A run of one kind of numeral: what :data:`NUM` matches."""
_NOT_BEFORE = frozenset("0123456789.０１２３４５６７８９")
"""A number (:data:`NUM`) does not start right after one of these."""
_NOT_AFTER = frozenset("0123456789.%％")
"""… nor end right before one of these."""

KEYWORDS: set[str] = set()
"""Every keyword some rule declared (:func:`keywords`); the index looks for all of them in one pass."""


def keywords(*words: str) -> tuple[str, ...]:
    """Declare the keywords of a pattern: one of them is inside every match."""
    KEYWORDS.update(words)
    return words


class Span(NamedTuple):
    """A sentence of the prose: ``text[start:end]`` holds it (search it with pos and endpos)."""

    paragraph: int
    """The paragraph it is in, by its place in print order."""
    pointer: str
    """The paragraph it is in, by its JSON Pointer."""
    text: str
    """All the prose, the paragraphs joined by newlines."""
    start: int
    end: int


class ProseIndex:
    """A report's paragraphs joined in print order, and where each declared keyword stands (built once per check).

    One pattern finds every keyword in one pass over the text; keywords that overlap (接收 and 收到 in 接收到) are
    all found.  The sentences around them are found when a rule asks.
    """

    def __init__(self, report: AnyReport) -> None:
        sections: list[str] = []
        pointers: list[str] = []
        texts: list[str] = []
        for section in SECTIONS:
            record: Any = report
            for part in section.split("."):
                record = getattr(record, part)
            prefix = "/" + section.replace(".", "/") + "/"
            for i, paragraph in enumerate(record):
                sections.append(section)
                pointers.append(prefix + str(i))
                texts.append(paragraph)
        self._sections, self._pointers, self._texts = sections, pointers, texts
        self.text = text = "\n".join(texts)
        self._starts = list(itertools.accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        search, overlaps = _keyword_search()
        hits: dict[str, list[int]] = {}
        for m in search.finditer(text):
            word = m.group()
            hits.setdefault(word, []).append(m.start())
            if word in overlaps:
                _hidden(text, word, m.start(), overlaps, hits)
        self._hits = hits
        self._numbers: dict[int, list[tuple[int, int]]] = {}

    def numbers(self, span: Span) -> list[tuple[int, int]]:
        """Where :data:`NUM` may match in a sentence: ``(start, end)`` of each number, in order (found once per
        sentence, for every pattern that asks).

        A run of digits counts only where it starts after no digit or point and ends before none (as
        :data:`NUM`'s lookarounds say); a run of Chinese numerals that starts after a digit is taken from its
        second numeral on (where :data:`NUM` would start).
        """
        found = self._numbers.get(span.start)
        if found is not None:
            return found
        text, found = self.text, []
        for m in _NUMBER_RUN.finditer(text, span.start, span.end):
            start, end = m.span()
            if end < len(text) and text[end] in _NOT_AFTER:
                continue
            if start > 0 and text[start - 1] in _NOT_BEFORE:
                if text[start] in _NOT_BEFORE or end - start < 2:
                    continue
                start += 1  # a Chinese numeral after a digit: the number starts at the next one
            found.append((start, end))
        self._numbers[span.start] = found
        return found

    def texts(self, sections: Iterable[str]) -> Iterator[tuple[str, str]]:
        """``(pointer, text)`` of every paragraph of ``sections``."""
        wanted = set(sections)
        for section, pointer, text in zip(self._sections, self._pointers, self._texts, strict=True):
            if section in wanted:
                yield pointer, text

    def spans(self, words: Iterable[str], sections: Iterable[str]) -> list[Span]:
        """The sentences of ``sections`` holding one of ``words``, each once, in print order."""
        hits = self._hits
        positions = sorted(at for word in words if word in hits for at in hits[word])
        if not positions:
            return []
        wanted = set(sections)
        text, starts = self.text, self._starts
        out: list[Span] = []
        end = -1
        for at in positions:
            if at < end:
                continue  # in the sentence found last
            n = bisect.bisect_right(starts, at) - 1
            if self._sections[n] not in wanted:
                continue
            first = starts[n]
            last = first + len(self._texts[n])
            start = first
            for mark in SENTENCE_BREAKS:
                before = text.rfind(mark, first, at)
                if before >= start:
                    start = before + 1
            after = _SENTENCE_END.search(text, at, last)
            end = last if after is None else after.start()
            out.append(Span(n, self._pointers[n], text, start, end))
        return out


def _hidden(
    text: str, word: str, at: int, overlaps: dict[str, tuple[tuple[int, str], ...]], hits: dict[str, list[int]]
) -> None:
    """Record every keyword that a match of ``word`` at ``at`` hides (and those hide)."""
    for shift, other in overlaps.get(word, ()):
        if text.startswith(other, at + shift):
            hits.setdefault(other, []).append(at + shift)
            _hidden(text, other, at + shift, overlaps, hits)


@functools.lru_cache(maxsize=4)
def _search(words: frozenset[str]) -> tuple[re.Pattern[str], dict[str, tuple[tuple[int, str], ...]]]:
    ordered = sorted(words, key=lambda w: (-len(w), w))  # at one position the longest keyword is found
    # ... and every keyword it hides: one that starts at the same place (a prefix of it) or inside it
    overlaps = {}
    for w in ordered:
        hidden = tuple(
            (shift, other)
            for shift in range(len(w))
            for other in ordered
            if other != w
            and (shift or len(other) < len(w))
            and (w[shift:].startswith(other) or other.startswith(w[shift:]))
        )
        if hidden:
            overlaps[w] = hidden
    return re.compile("|".join(re.escape(w) for w in ordered)), overlaps


def _keyword_search() -> tuple[re.Pattern[str], dict[str, tuple[tuple[int, str], ...]]]:
    """One pattern finding the declared keywords, and for each keyword those a match of it may hide."""
    return _search(frozenset(KEYWORDS))


def index(ctx: Context) -> ProseIndex:
    """The prose index of the context's report, built once per check."""
    return ctx.memo(index, lambda c: ProseIndex(c.report))


def prose_place(report: AnyReport, pointer: str, snippet: str) -> Place:
    """The :class:`Place` of a paragraph, the snippet found in it as the value."""
    return Place(pointer=pointer, label=label_for_path(type(report), split_pointer(pointer)), value=snippet)
