"""The 2021 national format (国办公开办函〔2021〕30号), for reports for 2021 on."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import attrs

from govreport.formats._fields import field
from govreport.formats.cells import Amount, Count, amount_cell, count_cell
from govreport.formats.common import (
    ApplicantCounts,
    Denied,
    Metadata,
    NotProcessed,
    Overall,
    Paragraphs,
    ReviewLitigation,
    UnableToProvide,
)

NOTICE = "国办公开办函〔2021〕30号"
FORMAT_NAME = "中华人民共和国政府信息公开工作年度报告格式"


@attrs.frozen(kw_only=True, weakref_slot=False)
class DocumentCounts:
    """第二十条第（一）项: documents made, repealed and in force."""

    TITLE: ClassVar[str] = "第二十条第（一）项"

    made: Count = count_cell("本年制发件数", "Documents issued this year.")
    repealed: Count = count_cell("本年废止件数", "Documents repealed this year.")
    valid: Count = count_cell("现行有效件数", "Documents in force at the end of the year.")


@attrs.frozen(kw_only=True, weakref_slot=False)
class Decisions:
    """第二十条第（五）（六）项: decisions made this year."""

    TITLE: ClassVar[str] = "本年处理决定数量"

    decisions: Count = count_cell("本年处理决定数量", "Decisions made this year.")


@attrs.frozen(kw_only=True, weakref_slot=False)
class FeeAmount:
    """第二十条第（八）项: administrative fees collected, in 万元."""

    TITLE: ClassVar[str] = "第二十条第（八）项"

    fee_amount: Amount = amount_cell(
        "本年收费金额（单位：万元）", "Administrative and institutional fees collected this year.", unit="万元"
    )


@attrs.frozen(kw_only=True, weakref_slot=False)
class ActiveDisclosure:
    """表二 主动公开政府信息情况 (2021)."""

    TITLE: ClassVar[str] = "二、主动公开政府信息情况"

    regulations: DocumentCounts = field(label="规章", description="Rules (规章).", group="第二十条第（一）项")
    normative_documents: DocumentCounts = field(
        label="行政规范性文件", description="Administrative normative documents.", group="第二十条第（一）项"
    )
    licensing: Decisions = field(label="行政许可", description="Administrative licensing.", group="第二十条第（五）项")
    punishment: Decisions = field(label="行政处罚", description="Administrative penalties.", group="第二十条第（六）项")
    coercion: Decisions = field(
        label="行政强制", description="Administrative coercive measures.", group="第二十条第（六）项"
    )
    admin_fees: FeeAmount = field(
        label="行政事业性收费", description="Administrative and institutional fees.", group="第二十条第（八）项"
    )


@attrs.frozen(kw_only=True, weakref_slot=False)
class OtherHandlingItemised:
    """（六）其他处理 as the format prints it: three rows."""

    TITLE: ClassVar[str] = "（六）其他处理（分三项）"

    layout: Literal["itemised"] = field(
        label="填报方式", description="`itemised`: the three rows of the 2021 format.", default="itemised"
    )
    overdue_correction: ApplicantCounts = field(
        label="1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        description="The applicant did not correct the application in time without good reason.",
    )
    overdue_fee: ApplicantCounts = field(
        label="2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        description="The applicant did not pay the fee notice in time.",
    )
    other_reason: ApplicantCounts = field(label="3.其他", description="Other handling.")


@attrs.frozen(kw_only=True, weakref_slot=False)
class OtherHandlingCombined:
    """（六）其他处理 published as a single row, as the 2019 format had it.

    Many 2021-format reports do this; the number is kept as published, without
    guessing which of the three rows it belongs to.
    """

    TITLE: ClassVar[str] = "（六）其他处理（合为一行）"

    layout: Literal["combined"] = field(
        label="填报方式", description="`combined`: one row, as published.", default="combined"
    )
    combined: ApplicantCounts = field(label="（六）其他处理", description="All other handling, in one row.")


OtherHandling = OtherHandlingItemised | OtherHandlingCombined


@attrs.frozen(kw_only=True, weakref_slot=False)
class Results:
    """三、本年度办理结果 (2021)."""

    TITLE: ClassVar[str] = "三、本年度办理结果"

    granted: ApplicantCounts = field(label="（一）予以公开", description="Disclosed.")
    partially_granted: ApplicantCounts = field(
        label="（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        description="Partly disclosed; counted here only.",
    )
    denied: Denied = field(label="（三）不予公开", description="Not disclosed.")
    unable_to_provide: UnableToProvide = field(label="（四）无法提供", description="Could not be provided.")
    not_processed: NotProcessed = field(label="（五）不予处理", description="Not processed.")
    other_handling: OtherHandling = field(label="（六）其他处理", description="Other handling.")
    total_processed: ApplicantCounts = field(label="（七）总计", description="All applications handled this year.")


@attrs.frozen(kw_only=True, weakref_slot=False)
class Applications:
    """表三 收到和处理政府信息公开申请情况 (2021)."""

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
    """A 政府信息公开工作年度报告 in the 2021 format."""

    TITLE: ClassVar[str] = "政府信息公开工作年度报告（2021年格式）"

    format_version: Literal["2021"] = field(
        label="格式版本",
        description="The national format the report follows: `2021` (国办公开办函〔2021〕30号).",
        default="2021",
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
        label="六、其他需要报告的事项", description="Section 六: other matters (incl. 信息处理费).", default=()
    )
    extensions: dict[str, Any] = field(
        label="地方扩展内容", description="Content added by regional variants, keyed by variant name.", factory=dict
    )
