"""The Hubei (湖北) 2020 template: a regional variant of the 2019 national format.

Hubei's annotated template for 2020 reports (seen in 武汉市生态环境局 2020 and
潜江市周矶街道办事处 2020) differs from the national 2019 format in three ways:

* an extra row **其他主动公开文件** under 第二十条第（一）项, with the same three
  columns as 规章;
* annotations on labels: "规章（设区的市、自治州人民政府应提供相关数据）" and
  "本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8）";
* the rules those annotations state, checked by :func:`findings`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import attrs

import govreport
from govreport.formats import field, v2019
from govreport.formats.cells import number
from govreport.formats.common import OrganKind
from govreport.plugins import AddedRow, RuleSpec, Variant, rules_from_problems

NAME = "hubei-2020"

REGULATIONS_LABEL = "规章（设区的市、自治州人民政府应提供相关数据）"
CHANGE_LABEL = "本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8）"


@attrs.frozen(kw_only=True)
class HubeiAdditions:
    """Rows the Hubei 2020 template adds to the 2019 format."""

    TITLE: ClassVar[str] = "湖北省2020年模板增加的内容"

    other_documents: v2019.DocumentCounts = field(
        label="其他主动公开文件",
        description="Other documents published on the organ's own initiative (Hubei row).",
        group="第二十条第（一）项",
    )


VARIANT = Variant(
    name=NAME,
    version="2020.1",
    base_format="2019",
    title="湖北省2020年度政府信息公开工作年度报告模板",
    description="The Hubei 2020 template: an extra 其他主动公开文件 row in 表二 and annotated labels.",
    extension=HubeiAdditions,
    labels={
        "/active_disclosure/regulations": REGULATIONS_LABEL,
        "/active_disclosure/licensing/change": CHANGE_LABEL,
        "/active_disclosure/admin_fees/change": CHANGE_LABEL,
    },
    added_rows=(AddedRow(table="二", key="other_documents", after="normative_documents"),),
)


@attrs.frozen(kw_only=True)
class Finding:
    """One place where a report breaks a Hubei rule."""

    rule: str
    pointer: str
    message: str


def _item_rows(report: v2019.Report) -> Iterator[tuple[str, Any]]:
    table = report.active_disclosure
    for key in ("licensing", "other_external_services", "punishment", "coercion", "admin_fees"):
        yield key, getattr(table, key)


def findings(report: govreport.AnyReport) -> list[Finding]:
    """Where a report of the Hubei variant breaks the rules the template's annotations state.

    * ``hubei-2020/regulations-organ``: only a 设区的市 or 自治州 人民政府 reports
      规章; any other organ reporting a number other than 0 there is flagged.
    * ``hubei-2020/change-decrease``: a decrease is written as a negative
      number ("如-8"), so 上一年项目数量 + 本年增/减 cannot fall below 0.
    """
    if not isinstance(report, v2019.Report) or NAME not in report.variants:
        return []
    out = []
    meta = report.metadata
    city_government = meta.organ_kind is OrganKind.PEOPLES_GOVERNMENT and (
        meta.administrative_level is None or meta.administrative_level.value == "prefectural"
    )
    if not city_government:
        for column, value in attrs.asdict(report.active_disclosure.regulations, recurse=False).items():
            amount = number(value)
            if amount is not None and amount != 0:
                out.append(
                    Finding(
                        rule="hubei-2020/regulations-organ",
                        pointer=f"/active_disclosure/regulations/{column}",
                        message=f"{meta.organ} is not a 设区的市 or 自治州 人民政府, yet reports {amount} 规章 "
                        f"(规章：设区的市、自治州人民政府应提供相关数据)",
                    )
                )
    for key, row in _item_rows(report):
        before, change = number(row.prev_year_items), number(row.change)
        if before is not None and change is not None and before + change < 0:
            out.append(
                Finding(
                    rule="hubei-2020/change-decrease",
                    pointer=f"/active_disclosure/{key}/change",
                    message=f"本年增/减 {change} removes more than the {before} items of last year",
                )
            )
    return sorted(out, key=lambda f: (f.pointer, f.rule))


RULES: dict[str, RuleSpec] = {
    "hubei-2020/regulations-organ": (
        "warning",
        "规章仅由设区的市、自治州人民政府填报",
        "Only a 设区的市 or 自治州 government reports 规章",
        "The Hubei 2020 template annotates 规章: 设区的市、自治州人民政府应提供相关数据. "
        "Another organ reporting a number other than 0 there is flagged.",
    ),
    "hubei-2020/change-decrease": (
        "error",
        "本年减少的事项数不能多于上一年项目数量",
        "A decrease cannot remove more items than there were last year",
        "本年增/减 is written as a negative number for a decrease (如-8), so 上一年项目数量 + 本年增/减 ≥ 0.",
    ),
}


@govreport.hookimpl
def register_variants() -> list[Variant]:
    return [VARIANT]


@govreport.hookimpl
def register_checks() -> list[Any]:
    return rules_from_problems(findings, RULES, versions=("2019",), variant=NAME)
