"""Synthetic reports: consistent, deterministic, and broken in known ways.

For tests, benchmarks and demonstrations at scale: ``synthetic_report(7)``
always gives the same valid 2021-format report whose tables add up, whose
prose agrees with them and which was published on time.  ``BREAKAGES`` lists
the ways :func:`break_report` can spoil one, each with what a validator or a
check must then report.
"""

from __future__ import annotations

import copy
import datetime
import random
from typing import Any

import attrs

from govreport.formats.common import LEGAL_PERSON_COLUMNS

_APPLICANT_COLUMNS = ("natural_person", *LEGAL_PERSON_COLUMNS)
_DENIED = (
    "state_secret",
    "prohibited_by_law",
    "three_security_one_stability",
    "third_party_rights",
    "internal_affairs",
    "process_info",
    "enforcement_case_file",
    "administrative_query",
)
_UNABLE = ("not_held", "needs_creation", "still_unclear_after_correction")
_NOT_PROCESSED = (
    "petition_complaint",
    "duplicate",
    "publication_request",
    "massive_unreasonable",
    "confirm_or_reissue",
)
_OTHER = ("overdue_correction", "overdue_fee", "other_reason")
_DEPARTMENTS = (
    "发展和改革局",
    "教育局",
    "财政局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "卫生健康局",
)


def _row(values: dict[str, int]) -> dict[str, int]:
    row = {c: values.get(c, 0) for c in _APPLICANT_COLUMNS}
    row["total"] = sum(row.values())
    return row


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def synthetic_report(seed: int, *, year: int = 2023) -> dict[str, Any]:
    """A valid, consistent 2021-format report document (JSON-ready data) for ``seed``."""
    rng = random.Random(seed)
    organ = f"示例市{_DEPARTMENTS[seed % len(_DEPARTMENTS)]}（{seed}）"
    received = {c: (rng.randint(0, 60) if c == "natural_person" else rng.randint(0, 4)) for c in _APPLICANT_COLUMNS}
    carried_in = {c: rng.randint(0, 3) for c in _APPLICANT_COLUMNS}
    leaves: dict[str, dict[str, int]] = {}
    carried_out: dict[str, int] = {}
    leaf_names = ["granted", "partially_granted", *_DENIED, *_UNABLE, *_NOT_PROCESSED, *_OTHER]
    for column in _APPLICANT_COLUMNS:
        available = received[column] + carried_in[column]
        carried_out[column] = rng.randint(0, min(3, available))
        shares = _split(rng, available - carried_out[column], len(leaf_names))
        for name, share in zip(leaf_names, shares, strict=True):
            leaves.setdefault(name, {})[column] = share
    total_processed = {c: sum(leaves[n][c] for n in leaf_names) for c in _APPLICANT_COLUMNS}

    def outcomes() -> dict[str, int]:
        parts = {k: rng.randint(0, 3) for k in ("upheld", "corrected", "other_result", "pending")}
        return {**parts, "total": sum(parts.values())}

    made, repealed = rng.randint(0, 20), rng.randint(0, 5)
    new_total = sum(received.values())
    handled = sum(total_processed.values())
    carried = sum(carried_out.values())
    return {
        "format_version": "2021",
        "variants": [],
        "metadata": {
            "organ": organ,
            "report_year": year,
            "title": f"{organ}{year}年政府信息公开工作年度报告",
            "organ_kind": "government_department",
            "administrative_level": "prefectural",
            "region_code": None,
            "scope": "self",
            "members": [],
            "publication_date": datetime.date(year + 1, 1, rng.randint(5, 30)).isoformat(),
            "statistics_period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
            "source_url": None,
            "download_url": None,
            "contact": None,
            "signed_by": organ,
        },
        "preamble": [f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"],
        "overall": {
            "introduction": [f"{year}年，{organ}认真贯彻落实《中华人民共和国政府信息公开条例》。"],
            "active_disclosure": [],
            "applications": [
                f"（二）依申请公开情况。{year}年共收到政府信息公开申请{new_total}件，"
                f"办结{handled}件，结转下年度继续办理{carried}件。"
            ],
            "information_management": [],
            "platform_construction": [],
            "supervision": [],
        },
        "active_disclosure": {
            "regulations": {"made": 0, "repealed": 0, "valid": 0},
            "normative_documents": {"made": made, "repealed": repealed, "valid": made + rng.randint(0, 60)},
            "licensing": {"decisions": rng.randint(0, 5000)},
            "punishment": {"decisions": rng.randint(0, 500)},
            "coercion": {"decisions": rng.randint(0, 50)},
            "admin_fees": {"fee_amount": 0},
        },
        "applications": {
            "new_received": _row(received),
            "carried_over_from_last_year": _row(carried_in),
            "results": {
                "granted": _row(leaves["granted"]),
                "partially_granted": _row(leaves["partially_granted"]),
                "denied": {n: _row(leaves[n]) for n in _DENIED},
                "unable_to_provide": {n: _row(leaves[n]) for n in _UNABLE},
                "not_processed": {n: _row(leaves[n]) for n in _NOT_PROCESSED},
                "other_handling": {"layout": "itemised", **{n: _row(leaves[n]) for n in _OTHER}},
                "total_processed": _row(total_processed),
            },
            "carried_to_next_year": _row(carried_out),
        },
        "review_litigation": {
            "admin_review": outcomes(),
            "litigation_direct": outcomes(),
            "litigation_after_review": outcomes(),
        },
        "problems_improvements": ["一是信息公开的主动性有待加强。下一步，我们将进一步规范信息发布。"],
        "other_matters": [f"{year}年本机关未收取信息处理费。"],
        "extensions": {},
    }


@attrs.frozen(kw_only=True)
class Breakage:
    """One known way to spoil a synthetic report, and what must then be reported."""

    name: str
    stage: str
    """``validate`` (the document is invalid) or ``check`` (valid, but a check fails)."""
    pointer: str
    """Where the problem is reported."""
    errors: tuple[str, ...] = ()
    """For ``check``: the IDs of the error-severity rules that then fail."""
    warnings: tuple[str, ...] = ()
    """For ``check``: the IDs of the warning-severity rules that then fail."""


BREAKAGES: tuple[Breakage, ...] = (
    Breakage(name="string_count", stage="validate", pointer="/applications/new_received/natural_person"),
    Breakage(name="negative_count", stage="validate", pointer="/review_litigation/admin_review/upheld"),
    Breakage(name="unknown_key", stage="validate", pointer="/metadata/mayor"),
    Breakage(name="missing_row", stage="validate", pointer="/applications/carried_to_next_year"),
    Breakage(name="review_total", stage="check", pointer="/review_litigation/admin_review/total", errors=("T4-TOTAL",)),
    Breakage(
        name="table3_total",
        stage="check",
        pointer="/applications/results/total_processed/natural_person",
        errors=("T3-BALANCE", "T3-RESULTS-SUM"),
        warnings=("P-HANDLED",),  # the prose states the number handled, which no longer matches
    ),
)
"""The breakages :func:`break_report` knows, by name."""


def break_report(document: dict[str, Any], breakage: Breakage) -> dict[str, Any]:
    """A copy of a synthetic report spoiled by ``breakage``."""
    doc = copy.deepcopy(document)
    apps = doc["applications"]
    if breakage.name == "string_count":
        apps["new_received"]["natural_person"] = str(apps["new_received"]["natural_person"])
    elif breakage.name == "negative_count":
        doc["review_litigation"]["admin_review"]["upheld"] = -1
    elif breakage.name == "unknown_key":
        doc["metadata"]["mayor"] = "x"
    elif breakage.name == "missing_row":
        del apps["carried_to_next_year"]
    elif breakage.name == "review_total":
        doc["review_litigation"]["admin_review"]["total"] += 1
    elif breakage.name == "table3_total":
        apps["results"]["total_processed"]["natural_person"] += 1
        apps["results"]["total_processed"]["total"] += 1
    else:
        raise ValueError(f"unknown breakage {breakage.name!r}")
    return doc
