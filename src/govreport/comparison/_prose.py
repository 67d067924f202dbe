"""The prose of two reports compared: what a section says that last year's did not, and 文字重复率.

A section is cut into sentences after 。；！？ and at line ends.  A sentence of this year's section counts as
carried over when the same sentence is found word for word in last year's same section; the 文字重复率 is the
characters of the carried sentences over the characters of this year's section.  A report copied from last
year's with the numbers changed shows as a high rate whose new sentences are the ones with the new numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from govreport.comparison._model import ProseChange, SectionProse
from govreport.formats import AnyReport

SECTIONS: tuple[tuple[str, str], ...] = (
    ("preamble", "引言"),
    ("overall", "一、总体情况"),
    ("problems_improvements", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
)
"""The prose sections of both formats, by report field, with their official titles."""

_SENTENCE_END = re.compile(r"(?<=[。；！？])|\r\n|\n|\r")
"""Where a sentence ends: after 。；！？ (the mark stays with its sentence) and at a line end."""

_SPACE = re.compile(r"\s+")
"""Whitespace is left out of the comparison and the counts: extraction from PDF or HTML adds and drops spaces and
line breaks that are not part of the text as written."""


def section_text(report: AnyReport, key: str) -> tuple[str, ...]:
    """The paragraphs of one prose section (一、总体情况: the introduction, then its five sub-topics)."""
    value = getattr(report, key)
    if key == "overall":
        return tuple(p for f in attrs.fields(type(value)) for p in getattr(value, f.name))
    paragraphs: tuple[str, ...] = value
    return paragraphs


def sentences(paragraphs: tuple[str, ...]) -> Iterator[str]:
    """The sentences of a section, whitespace removed, empty ones left out."""
    for paragraph in paragraphs:
        for piece in _SENTENCE_END.split(paragraph):
            text = _SPACE.sub("", piece)
            if text:
                yield text


def compare_section(key: str, label: str, old: tuple[str, ...], new: tuple[str, ...]) -> SectionProse:
    """This year's section (``new``) against last year's (``old``)."""
    before = set(sentences(old))
    total = carried = count = carried_count = 0
    fresh: dict[str, None] = {}
    for sentence in sentences(new):
        count += 1
        total += len(sentence)
        if sentence in before:
            carried += len(sentence)
            carried_count += 1
        else:
            fresh.setdefault(sentence, None)
    return SectionProse(
        key=key,
        label=label,
        characters=total,
        carried=carried,
        new_sentences=tuple(fresh),
        sentences=count,
        carried_sentences=carried_count,
    )


def compare_prose(old: AnyReport, new: AnyReport) -> ProseChange:
    """Every prose section of ``new`` against the same section of ``old``."""
    return ProseChange(
        sections=tuple(
            compare_section(key, label, section_text(old, key), section_text(new, key)) for key, label in SECTIONS
        )
    )
