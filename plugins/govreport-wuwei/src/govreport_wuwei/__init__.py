"""Wuwei (甘肃武威) 2025 compilation rules (武政办发〔2025〕54号) as a govreport variant and checks.

The notice keeps the 2021 national format and adds local requirements:

* ``wuwei-2025/overall-length``: 一、总体情况 at most 1000 characters;
* ``wuwei-2025/management-counts``: （三）政府信息管理 states how many 规章 and
  行政规范性文件 were issued, repealed and are in force, and those numbers
  match 表二;
* ``wuwei-2025/deadline``: the report is published by its deadline.  The
  notice's own dates were not available in the reference material, so
  :data:`DEADLINES` holds the statutory ones (条例第四十九条) until they are
  added.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from typing import Any

import attrs

import govreport
from govreport.formats import v2021
from govreport.formats.cells import number
from govreport.formats.common import OrganKind
from govreport.plugins import RuleSpec, Variant, rules_from_problems

NAME = "wuwei-2025"
MAX_OVERALL_CHARS = 1000

VARIANT = Variant(
    name=NAME,
    version="2025.1",
    base_format="2021",
    title="武威市2025年度政府信息公开工作年度报告编制要求（武政办发〔2025〕54号）",
    description="Wuwei's 2025 compilation rules: a short 总体情况, rule counts stated in 政府信息管理, deadlines.",
)

DEADLINES: dict[str, tuple[int, int]] = {
    "government": (3, 31),
    "department": (1, 31),
}
"""(month, day) in the year after the report year, by kind of organ (条例第四十九条)."""

_DOCS = {"regulations": "规章", "normative_documents": "行政规范性文件"}
_ACTIONS = {"made": "(?:制发|印发|出台|发布)", "repealed": "废止", "valid": "现行有效"}
_KIND_TOKENS = ("(?P<kind_regulations>规章)", "(?P<kind_normative>行政规范性文件)")
_ACTION_LABELS = {"made": "制发", "repealed": "废止", "valid": "现行有效"}


@attrs.frozen(kw_only=True)
class Finding:
    """One place where a report breaks a Wuwei rule."""

    rule: str
    pointer: str
    message: str


def _chars(paragraphs: tuple[str, ...]) -> int:
    return sum(len(re.sub(r"\s", "", p)) for p in paragraphs)


def overall_chars(report: v2021.Report) -> int:
    """Characters of 一、总体情况 (whitespace not counted)."""
    overall = report.overall
    return sum(_chars(getattr(overall, a.name)) for a in attrs.fields(type(overall)))


def stated_count(text: str, doc: str, action: str) -> int | None:
    """The number of ``doc`` (规章 or 行政规范性文件) ``action`` (made/repealed/valid) the text states.

    ``None`` when the text does not say.
    """
    return _stated_counts(text).get((doc, action))


def _stated_counts(text: str) -> dict[tuple[str, str], int]:
    """Read "制发规章0件，废止规章0件 …" as (kind, action) → number: a number of 件 belongs to the
    kind and the action named last before it in the same sentence."""
    tokens = "|".join([*(f"(?P<{key}>{pattern})" for key, pattern in _ACTIONS.items()), *_KIND_TOKENS])
    counts: dict[tuple[str, str], int] = {}
    for sentence in text.replace("规章制度", "制度").split("。"):
        kind = action = None
        for match in re.finditer(rf"{tokens}|(?P<count>\d+)\s*件", sentence):
            group = match.lastgroup
            if group in _ACTIONS:
                action = group
            elif group == "count":
                if kind is not None and action is not None:
                    counts.setdefault((kind, action), int(match.group("count")))
            else:
                kind = match.group(0)
    return counts


def _deadline(report: v2021.Report) -> datetime.date:
    kind = "government" if report.metadata.organ_kind is OrganKind.PEOPLES_GOVERNMENT else "department"
    month, day = DEADLINES[kind]
    return datetime.date(report.metadata.report_year + 1, month, day)


def findings(report: govreport.AnyReport) -> list[Finding]:
    """Where a report declaring ``wuwei-2025`` breaks the Wuwei rules, sorted by place."""
    if not isinstance(report, v2021.Report) or NAME not in report.variants:
        return []
    out: list[Finding] = []
    length = overall_chars(report)
    if length > MAX_OVERALL_CHARS:
        out.append(
            Finding(
                rule="wuwei-2025/overall-length",
                pointer="/overall",
                message=f"一、总体情况 has {length} characters; 武威 allows at most {MAX_OVERALL_CHARS}",
            )
        )
    out.extend(_management_findings(report))
    published = report.metadata.publication_date
    if published is not None and published > _deadline(report):
        out.append(
            Finding(
                rule="wuwei-2025/deadline",
                pointer="/metadata/publication_date",
                message=f"published {published.isoformat()}, after the deadline {_deadline(report).isoformat()}",
            )
        )
    return sorted(out, key=lambda f: (f.pointer, f.rule))


def _management_findings(report: v2021.Report) -> Iterator[Finding]:
    text = "".join(report.overall.information_management)
    for key, doc in _DOCS.items():
        row = getattr(report.active_disclosure, key)
        for action, label in _ACTION_LABELS.items():
            stated = stated_count(text, doc, action)
            table = number(getattr(row, action))
            pointer = "/overall/information_management"
            if stated is None:
                yield Finding(
                    rule="wuwei-2025/management-counts",
                    pointer=pointer,
                    message=f"（三）政府信息管理 does not state how many {doc} were {label} (表二 has {table})",
                )
            elif table is None or stated != table:
                yield Finding(
                    rule="wuwei-2025/management-counts",
                    pointer=f"/active_disclosure/{key}/{action}",
                    message=f"（三）政府信息管理 states {stated} {doc} {label}, but 表二 has {table}",
                )


RULES: dict[str, RuleSpec] = {
    "wuwei-2025/overall-length": (
        "warning",
        "总体情况不超过1000字",
        "一、总体情况 has at most 1000 characters",
        "武政办发〔2025〕54号 limits 一、总体情况 to 1000 characters (whitespace not counted).",
    ),
    "wuwei-2025/management-counts": (
        "warning",
        "政府信息管理应写明规章和行政规范性文件的制发、废止、现行有效件数，并与表二一致",
        "政府信息管理 states the numbers of 规章 and 行政规范性文件 issued, repealed and in force, matching 表二",
        "Each of the six numbers must be stated in （三）政府信息管理 and equal the cell of 表二.",
    ),
    "wuwei-2025/deadline": (
        "warning",
        "年度报告应在规定期限前公布",
        "The report is published by its deadline",
        "Statutory deadlines (条例第四十九条) until the notice's own dates are confirmed: see `DEADLINES`.",
    ),
}


@govreport.hookimpl
def register_variants() -> list[Variant]:
    return [VARIANT]


@govreport.hookimpl
def register_checks() -> list[Any]:
    return rules_from_problems(findings, RULES, versions=("2021",), variant=NAME)
