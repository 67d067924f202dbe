"""Parts shared by both national formats: metadata, prose, 表三's rows and 表四."""

from __future__ import annotations

import datetime
import enum
from typing import ClassVar

import attrs

from govreport.formats._fields import field
from govreport.formats.cells import Count, count_cell


class LabelledEnum(enum.Enum):
    """An enumeration whose members carry an English key and a Chinese label."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        member = object.__new__(cls)
        member._value_ = value
        member.label = label
        return member


class OrganKind(LabelledEnum):
    """What kind of administrative organ issues the report."""

    PEOPLES_GOVERNMENT = ("peoples_government", "人民政府")
    GOVERNMENT_OFFICE = ("government_office", "人民政府办公厅（室）")
    GOVERNMENT_DEPARTMENT = ("government_department", "人民政府部门")
    DISPATCHED_AGENCY = ("dispatched_agency", "派出机关（街道办事处等）")
    DEVELOPMENT_ZONE = ("development_zone", "开发区、新区管理机构")
    AUTHORISED_ORGANISATION = ("authorised_organisation", "法律、法规授权的具有管理公共事务职能的组织")
    OTHER = ("other", "其他")


class AdministrativeLevel(LabelledEnum):
    """The administrative level of the organ."""

    NATIONAL = ("national", "国家级")
    PROVINCIAL = ("provincial", "省级")
    PREFECTURAL = ("prefectural", "地市级")
    COUNTY = ("county", "县级")
    TOWNSHIP = ("township", "乡镇级")


class Scope(LabelledEnum):
    """Whether the report covers the organ itself or sums subordinate units."""

    SELF = ("self", "本级")
    AGGREGATE = ("aggregate", "汇总")


@attrs.frozen(kw_only=True, weakref_slot=False)
class StatisticsPeriod:
    """The period the report's numbers cover."""

    TITLE: ClassVar[str] = "统计期限"

    start: datetime.date = field(label="起始日期", description="First day of the period.")
    end: datetime.date = field(label="截止日期", description="Last day of the period.")


@attrs.frozen(kw_only=True, weakref_slot=False)
class Contact:
    """Whom to ask about the report, as stated in it."""

    TITLE: ClassVar[str] = "联系方式"

    name: str | None = field(label="联系机构", description="Office or person to contact.", default=None)
    address: str | None = field(label="地址", description="Postal address.", default=None)
    phone: str | None = field(label="联系电话", description="Telephone number as written.", default=None)
    email: str | None = field(label="电子邮箱", description="E-mail address.", default=None)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Metadata:
    """Who issued the report, for which year, and where it was published."""

    TITLE: ClassVar[str] = "报告信息"

    organ: str = field(label="报告机关", description="The administrative organ the report is about.")
    report_year: int = field(label="报告年度", description="The calendar year the report covers.")
    title: str | None = field(label="报告标题", description="The report's title as published.", default=None)
    organ_kind: OrganKind | None = field(
        label="机关类型", description="What kind of organ issues the report.", default=None
    )
    administrative_level: AdministrativeLevel | None = field(
        label="行政层级", description="Administrative level of the organ.", default=None
    )
    region_code: str | None = field(
        label="行政区划代码",
        description="Administrative division code (GB/T 2260, 6 digits; or a 9- or 12-digit statistical code).",
        default=None,
    )
    scope: Scope = field(
        label="统计范围",
        description="`self` (本级) for the organ itself, `aggregate` (汇总) for a sum of subordinate units.",
        default=Scope.SELF,
    )
    members: tuple[str, ...] = field(
        label="汇总单位",
        description="For an aggregate report: the organs whose reports it sums.",
        default=(),
    )
    publication_date: datetime.date | None = field(
        label="发布日期", description="The date the report was published (or signed).", default=None
    )
    statistics_period: StatisticsPeriod | None = field(
        label="统计期限", description="The period the numbers cover, as stated in the report.", default=None
    )
    source_url: str | None = field(label="来源网址", description="Where the report was found.", default=None)
    download_url: str | None = field(
        label="下载地址", description="Where the report says it can be downloaded.", default=None
    )
    contact: Contact | None = field(label="联系方式", description="Contact stated in the report.", default=None)
    signed_by: str | None = field(label="落款", description="The organ named in the signature block.", default=None)


Paragraphs = tuple[str, ...]


@attrs.frozen(kw_only=True, weakref_slot=False)
class Overall:
    """一、总体情况, by the five sub-topics of the format.

    Paragraphs are kept verbatim, including any sub-heading such as
    "（一）主动公开情况。"; paragraphs outside the sub-topics go in
    ``introduction``.
    """

    TITLE: ClassVar[str] = "一、总体情况"

    introduction: Paragraphs = field(
        label="概述", description="Paragraphs before, or outside, the five sub-topics.", default=()
    )
    active_disclosure: Paragraphs = field(label="主动公开", description="Proactive disclosure.", default=())
    applications: Paragraphs = field(label="依申请公开", description="Disclosure on request.", default=())
    information_management: Paragraphs = field(
        label="政府信息管理", description="Management of government information.", default=()
    )
    platform_construction: Paragraphs = field(
        label="政府信息公开平台建设", description="Building the disclosure platforms.", default=()
    )
    supervision: Paragraphs = field(
        label="监督保障",
        description="Oversight and safeguards (for people's governments including Art. 50(4) results).",
        default=(),
    )


@attrs.frozen(kw_only=True, weakref_slot=False)
class ApplicantCounts:
    """One row of 表三: counts by kind of applicant (申请人情况)."""

    TITLE: ClassVar[str] = "申请人情况"

    natural_person: Count = count_cell("自然人", "Applications from natural persons.")
    commercial_enterprise: Count = count_cell(
        "商业企业", "Legal persons or other organisations: commercial enterprises."
    )
    research_institution: Count = count_cell("科研机构", "Legal persons or other organisations: research institutions.")
    social_welfare_org: Count = count_cell(
        "社会公益组织", "Legal persons or other organisations: public-interest organisations."
    )
    legal_service_org: Count = count_cell(
        "法律服务机构", "Legal persons or other organisations: legal service agencies."
    )
    other_org: Count = count_cell("其他", "Legal persons or other organisations: others.")
    total: Count = count_cell("总计", "Total over all applicants.")


APPLICANT_GROUP_LABEL = "法人或其他组织"
"""The column group over the five organisation columns of 表三."""

LEGAL_PERSON_COLUMNS = (
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
)
"""Keys of the five columns under 法人或其他组织."""


@attrs.frozen(kw_only=True, weakref_slot=False)
class Denied:
    """（三）不予公开, by reason."""

    TITLE: ClassVar[str] = "（三）不予公开"

    state_secret: ApplicantCounts = field(label="1.属于国家秘密", description="State secrets.")
    prohibited_by_law: ApplicantCounts = field(
        label="2.其他法律行政法规禁止公开", description="Disclosure prohibited by other laws and regulations."
    )
    three_security_one_stability: ApplicantCounts = field(
        label="3.危及“三安全一稳定”",
        description="Would endanger national, public, economic security or social stability.",
    )
    third_party_rights: ApplicantCounts = field(
        label="4.保护第三方合法权益", description="Protecting a third party's lawful rights."
    )
    internal_affairs: ApplicantCounts = field(
        label="5.属于三类内部事务信息", description="Three kinds of internal-affairs information."
    )
    process_info: ApplicantCounts = field(
        label="6.属于四类过程性信息", description="Four kinds of process information."
    )
    enforcement_case_file: ApplicantCounts = field(
        label="7.属于行政执法案卷", description="Administrative enforcement case files."
    )
    administrative_query: ApplicantCounts = field(
        label="8.属于行政查询事项", description="Matters of administrative query."
    )


@attrs.frozen(kw_only=True, weakref_slot=False)
class UnableToProvide:
    """（四）无法提供, by reason."""

    TITLE: ClassVar[str] = "（四）无法提供"

    not_held: ApplicantCounts = field(
        label="1.本机关不掌握相关政府信息", description="The organ does not hold the information."
    )
    needs_creation: ApplicantCounts = field(
        label="2.没有现成信息需要另行制作", description="The information would have to be newly produced."
    )
    still_unclear_after_correction: ApplicantCounts = field(
        label="3.补正后申请内容仍不明确", description="Still unclear after the applicant corrected it."
    )


@attrs.frozen(kw_only=True, weakref_slot=False)
class NotProcessed:
    """（五）不予处理, by reason."""

    TITLE: ClassVar[str] = "（五）不予处理"

    petition_complaint: ApplicantCounts = field(
        label="1.信访举报投诉类申请", description="Petitions, reports and complaints."
    )
    duplicate: ApplicantCounts = field(label="2.重复申请", description="Repeated applications.")
    publication_request: ApplicantCounts = field(
        label="3.要求提供公开出版物", description="Requests for published material."
    )
    massive_unreasonable: ApplicantCounts = field(
        label="4.无正当理由大量反复申请", description="Many repeated applications without good reason."
    )
    confirm_or_reissue: ApplicantCounts = field(
        label="5.要求行政机关确认或重新出具已获取信息",
        description="Requests to confirm or re-issue information already obtained.",
    )


@attrs.frozen(kw_only=True, weakref_slot=False)
class CaseOutcomes:
    """Outcomes of one kind of case in 表四."""

    TITLE: ClassVar[str] = "案件结果"

    upheld: Count = count_cell("结果维持", "Decisions upheld.")
    corrected: Count = count_cell("结果纠正", "Decisions corrected.")
    other_result: Count = count_cell("其他结果", "Other outcomes.")
    pending: Count = count_cell("尚未审结", "Cases not yet concluded.")
    total: Count = count_cell("总计", "All cases of this kind.")


@attrs.frozen(kw_only=True, weakref_slot=False)
class ReviewLitigation:
    """表四: administrative reconsideration and litigation over disclosure."""

    TITLE: ClassVar[str] = "四、政府信息公开行政复议、行政诉讼情况"

    admin_review: CaseOutcomes = field(label="行政复议", description="Administrative reconsideration.")
    litigation_direct: CaseOutcomes = field(
        label="未经复议直接起诉", description="Administrative litigation filed without prior reconsideration."
    )
    litigation_after_review: CaseOutcomes = field(
        label="复议后起诉", description="Administrative litigation filed after reconsideration."
    )


LITIGATION_GROUP_LABEL = "行政诉讼"
"""The column group over 未经复议直接起诉 and 复议后起诉 in 表四."""
