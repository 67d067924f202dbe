"""The prose index finds what a search of all the prose finds.

Each prose rule runs its patterns only over the sentences that hold one of the patterns' keywords
(govreport._checks._text).  Here every pattern is also run over every paragraph in full, on every report we
have and on sentences made to hit the edges (keywords that overlap, numbers at a sentence's start and end).
"""

from __future__ import annotations

from typing import Any

import pytest

import govreport
from corpus_reports import CORPUS
from govreport._checks._prose import STATEMENTS, Statement, statements
from govreport._checks._records import Context
from govreport._checks._text import OVERALL, ProseIndex, parse_number


def _by_full_search(report: govreport.AnyReport, rule_id: str) -> list[Statement]:
    found: list[tuple[tuple[int, int, int], Statement]] = []
    seen: set[tuple[int, int]] = set()
    index = ProseIndex(report)
    paragraphs = [(n, p, t) for n, (p, t) in enumerate(index.texts(OVERALL))]
    for n, pointer, text in paragraphs:
        for order, spec in enumerate(STATEMENTS[rule_id]):
            for match in spec.pattern.finditer(text):
                if (n, match.start(1)) in seen:
                    continue
                seen.add((n, match.start(1)))
                stated = parse_number(match.group(1)) if match.group(1) else 0
                if stated is not None:
                    found.append(
                        ((n, order, match.start()), Statement(pointer=pointer, snippet=match.group(0), stated=stated))
                    )
    return [s for _, s in sorted(found, key=lambda e: e[0])]


def _statements(report: govreport.AnyReport, rule_id: str) -> list[Statement]:
    return statements(Context(report=report), STATEMENTS[rule_id])


@pytest.mark.parametrize("rule_id", sorted(STATEMENTS))
def test_the_index_finds_every_statement(rule_id: str) -> None:
    stated = 0
    for _, report in CORPUS:
        assert _statements(report, rule_id) == _by_full_search(report, rule_id)
        stated += len(_statements(report, rule_id))
    if rule_id in {"P-RECEIVED", "P-HANDLED", "P-REVIEW", "P-LITIGATION"}:
        assert stated > 0  # the corpus states these


EDGES = [
    "2021年，接收到政府信息公开申请12件，答复办结12件，12件结转下年度。",
    "共受理申请3件；收到申请二十五件",  # a sentence break between them; Chinese numerals
    "本年度未收到政府信息公开申请。予以公开及部分公开5件，予以公开3件。",
    "行政复议2起，行政诉讼1件，2件行政诉讼",
    "制发规范性文件7件，废止规范性文件2件，现行有效规范性文件40件",
]


@pytest.mark.parametrize("text", EDGES)
def test_edges(seed_data: dict[str, Any], text: str) -> None:
    seed_data["overall"] = {"introduction": [text, "另起一段：新收申请4件。"]}
    report = govreport.from_data(seed_data)
    for rule_id in STATEMENTS:
        assert _statements(report, rule_id) == _by_full_search(report, rule_id)
    assert [s.stated for s in _statements(report, "P-RECEIVED")]  # something was stated
