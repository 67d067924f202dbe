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
from govreport._checks._claims import CLAIMS, Claim, claims
from govreport._checks._prose import STATEMENTS, Statement, statements
from govreport._checks._records import Context
from govreport._checks._text import OVERALL, SENTENCE_BREAKS, ProseIndex, parse_number


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


# ---------------------------------------------------------------------------------------------------------------------
# claims (govreport._checks._claims): the same, for patterns that need not hold a number


def _claims_by_full_search(report: govreport.AnyReport, rule_id: str) -> list[Claim]:
    sections, specs = CLAIMS[rule_id]
    found: list[tuple[tuple[int, int], Claim]] = []
    seen: set[tuple[int, int]] = set()
    for n, (pointer, text) in enumerate(ProseIndex(report).texts(sections)):
        for spec in specs:
            for match in spec.pattern.finditer(text):
                if (n, match.start()) in seen:
                    continue
                seen.add((n, match.start()))
                start = max(text.rfind(mark, 0, match.start()) for mark in SENTENCE_BREAKS) + 1
                ends = [i for i in (text.find(mark, match.start()) for mark in SENTENCE_BREAKS) if i >= 0]
                end = min(ends, default=len(text))
                number = match.groupdict().get("n")
                claim = Claim(
                    pointer=pointer,
                    snippet=match.group(0),
                    sentence=text[start:end].strip(),
                    before=text[start : match.start()],
                    stated=None if number is None else parse_number(number),
                )
                found.append(((n, match.start()), claim))
    return [c for _, c in sorted(found, key=lambda e: e[0])]


def _claims(report: govreport.AnyReport, rule_id: str) -> list[Claim]:
    sections, specs = CLAIMS[rule_id]
    return claims(Context(report=report), specs, sections)


@pytest.mark.parametrize("rule_id", sorted(CLAIMS))
def test_the_index_finds_every_claim(rule_id: str) -> None:
    made = 0
    for _, report in CORPUS:
        assert _claims(report, rule_id) == _claims_by_full_search(report, rule_id)
        made += len(_claims(report, rule_id))
    assert made > 0  # the corpus makes both kinds of claim


CLAIM_EDGES = [
    "全年收到申请12件，所有申请均已按要求办理完成；上年结转的3件申请均已办结。办结率100%",
    "共受理申请5件，均已答复，全部办结",
    "本年度未发出收费通知；发出收费通知3件。未发生政府信息公开收费事项",
    "依申请公开未发生收费情况，不涉及信息处理费",
]


@pytest.mark.parametrize("text", CLAIM_EDGES)
def test_claim_edges(seed_data: dict[str, Any], text: str) -> None:
    seed_data["overall"] = {"applications": [text, "另起一段：所有申请均已办结。"]}
    seed_data["other_matters"] = [text]
    report = govreport.from_data(seed_data)
    for rule_id in CLAIMS:
        assert _claims(report, rule_id) == _claims_by_full_search(report, rule_id)
    assert any(_claims(report, rule_id) for rule_id in CLAIMS)
