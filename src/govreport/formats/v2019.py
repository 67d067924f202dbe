"""The 2019 trial format (国办公开办函〔2019〕60号), for reports for 2019 and 2020."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import attrs

from govreport.formats._fields import field
from govreport.formats.cells import Amount, Count, SignedCount, amount_cell, count_cell, signed_cell
from govreport.formats.common import (
    ApplicantCounts,
    Denied,
    LabelledEnum,
    Metadata,
    NotProcessed,
    Overall,
    Paragraphs,
    ReviewLitigation,
    UnableToProvide,
)

NOTICE = "国办公开办函〔2019〕60号"
FORMAT_NAME = "中华人民共和国政府信息公开工作年度报告格式（试行）"


@attrs.frozen(kw_only=True, weakref_slot=False)
class DocumentCounts:
    """第二十条第（一）项: documents made and published."""

    TITLE: ClassVar[str] = "第二十条第（一）项"

    new_made: Count = count_cell("本年新制作数量", "Documents newly made this year.")
    new_published: Count = count_cell("本年新公开数量", "Documents newly published this year.")
    total_published: Count = count_cell("对外公开总数量", "All documents published so far.")


@attrs.frozen(kw_only=True, weakref_slot=False)
class ItemCounts:
    """第二十条第（五）（六）项: items, their change, and decisions."""

    TITLE: ClassVar[str] = "事项数量"

    prev_year_items: Count = count_cell("上一年项目数量", "Items at the end of last year.")
    change: SignedCount = signed_cell("本年增/减", "Change in items this year; negative for a decrease.")
    decisions: Count = count_cell("处理决定数量", "Decisions made this year.")


@attrs.frozen(kw_only=True, weakref_slot=False)
class FeeItems:
    """第二十条第（八）项: fee items and their change (counts of items, not money)."""

    TITLE: ClassVar[str] = "第二十条第（八）项"

    prev_year_items: Count = count_cell("上一年项目数量", "Fee items at the end of last year.")
    change: SignedCount = signed_cell("本年增/减", "Change in fee items this year; negative for a decrease.")


class AmountUnit(LabelledEnum):
    """The unit a report wrote for an amount the format gives no unit for."""

    YUAN = ("yuan", "元")
    WAN_YUAN = ("wan_yuan", "万元")


@attrs.frozen(kw_only=True, weakref_slot=False)
class Procurement:
    """第二十条第（九）项: centralised government procurement."""

    TITLE: ClassVar[str] = "第二十条第（九）项"

    procurement_items: Count = count_cell("采购项目数量", "Procurement projects.")
    procurement_amount: Amount = amount_cell(
        "采购总金额", "Total procurement amount; the format states no unit.", unit=None
    )
    procurement_amount_unit: AmountUnit | None = attrs.field(
        default=None,
        metadata=field(
            label="采购总金额单位", description="The unit the report wrote for the amount, if any."
        ).metadata,
    )


@attrs.frozen(kw_only=True, weakref_slot=False)
class ActiveDisclosure:
    """表二 主动公开政府信息情况 (2019)."""

    TITLE: ClassVar[str] = "二、主动公开政府信息情况"

    regulations: DocumentCounts = field(label="规章", description="Rules (规章).", group="第二十条第（一）项")
    normative_documents: DocumentCounts = field(
        label="规范性文件", description="Normative documents.", group="第二十条第（一）项"
    )
    licensing: ItemCounts = field(label="行政许可", description="Administrative licensing.", group="第二十条第（五）项")
    other_external_services: ItemCounts = field(
        label="其他对外管理服务事项", description="Other external management services.", group="第二十条第（五）项"
    )
    punishment: ItemCounts = field(
        label="行政处罚", description="Administrative penalties.", group="第二十条第（六）项"
    )
    coercion: ItemCounts = field(
        label="行政强制", description="Administrative coercive measures.", group="第二十条第（六）项"
    )
    admin_fees: FeeItems = field(
        label="行政事业性收费", description="Administrative and institutional fee items.", group="第二十条第（八）项"
    )
    centralized_procurement: Procurement = field(
        label="政府集中采购", description="Centralised government procurement.", group="第二十条第（九）项"
    )


@attrs.frozen(kw_only=True, weakref_slot=False)
class Results:
    """三、本年度办理结果 (2019)."""

    TITLE: ClassVar[str] = "三、本年度办理结果"

    granted: ApplicantCounts = field(label="（一）予以公开", description="Disclosed.")
    partially_granted: ApplicantCounts = field(
        label="（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        description="Partly disclosed; counted here only.",
    )
    denied: Denied = field(label="（三）不予公开", description="Not disclosed.")
    unable_to_provide: UnableToProvide = field(label="（四）无法提供", description="Could not be provided.")
    not_processed: NotProcessed = field(label="（五）不予处理", description="Not processed.")
    other_handling: ApplicantCounts = field(label="（六）其他处理", description="Other handling (one row).")
    total_processed: ApplicantCounts = field(label="（七）总计", description="All applications handled this year.")


@attrs.frozen(kw_only=True, weakref_slot=False)
class Applications:
    """表三 收到和处理政府信息公开申请情况 (2019)."""

    TITLE: ClassVar[str] = "三、收到和处理政府信息公开申请情况"

    new_received: ApplicantCounts = field(
        label="一、本年新收政府信息公开申请数量", description="Applications received this year."
    )
    carried_over_from_last_year: ApplicantCounts = field(
        label="二、上年结转政府信息公开申请数量", description="Applications carried over from last year."
    )
    results: Results = field(label="三、本年度办理结果", description="How applications were handled this year.")
    carried_to_next_year: ApplicantCounts = field(
        label="四、结转下年度继续办理", description="Applications carried over to next year."
    )


@attrs.frozen(kw_only=True, weakref_slot=False)
class Report:
    """A 政府信息公开工作年度报告 in the 2019 trial format."""

    TITLE: ClassVar[str] = "政府信息公开工作年度报告（2019年试行格式）"

    format_version: Literal["2019"] = field(
        label="格式版本",
        description="The national format the report follows: `2019` (国办公开办函〔2019〕60号).",
        default="2019",
    )
    variants: tuple[str, ...] = field(
        label="地方变体", description="Regional variants (plugins) the document uses.", default=()
    )
    metadata: Metadata = field(label="报告信息", description="Who issued the report and when.")
    preamble: Paragraphs = field(label="引言", description="Paragraphs before 一、总体情况.", default=())
    overall: Overall = field(label="一、总体情况", description="Section 一: overview.", factory=Overall)
    active_disclosure: ActiveDisclosure = field(label="二、主动公开政府信息情况", description="Section 二: 表二.")
    applications: Applications = field(label="三、收到和处理政府信息公开申请情况", description="Section 三: 表三.")
    review_litigation: ReviewLitigation = field(
        label="四、政府信息公开行政复议、行政诉讼情况", description="Section 四: 表四."
    )
    problems_improvements: Paragraphs = field(
        label="五、存在的主要问题及改进情况", description="Section 五: problems and improvements.", default=()
    )
    other_matters: Paragraphs = field(
        label="六、其他需要报告的事项", description="Section 六: other matters.", default=()
    )
    extensions: dict[str, Any] = field(
        label="地方扩展内容", description="Content added by regional variants, keyed by variant name.", factory=dict
    )
