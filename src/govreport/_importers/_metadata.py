"""The report's metadata (organ, year, dates, contact) and its format version, from the title, preamble and tables."""

from __future__ import annotations

import datetime
import re
from typing import Any

from govreport._importers._collect import Collector
from govreport._importers._normalise import nfkc
from govreport._importers._recognise import year_elsewhere
from govreport._importers._registry import ImportFailed
from govreport._importers._sections import Sections, plain
from govreport._importers._source import Line, SourceDocument
from govreport.formats import FORMAT_VERSIONS, default_version_for_year

MARKERS_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "其他对外管理服务事项",
    "政府集中采购",
)
"""Column headers and rows of 表二 that only the 2019 format has."""
MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "本年处理决定数量")
"""Column headers of 表二 that only the 2021 format has."""
MARKERS_2021_TABLE3 = ("申请人无正当理由逾期不补正", "申请人逾期未按收费通知")
"""表三 （六）其他处理 sub-rows that only the 2021 format has."""

META_LINE = re.compile(r"^报告机关[:：]")
"""A metadata line (as govreport's exporters write one), not prose."""

_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def date_only(text: str) -> datetime.date | None:
    """The date when a line is nothing but a date (``2022年1月20日``, ``（2022年1月20日）``)."""
    s = nfkc(text).strip().strip("()（）")
    m = _DATE.fullmatch(s.strip())
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def organ_kind(organ: str) -> str | None:
    """The kind of organ as far as its name tells (``None`` when it does not)."""
    if re.search(r"开发区|高新区|经开区|新区|高新技术产业|保税区|示范区", organ):
        return "development_zone"
    if re.search(r"人民政府办公(厅|室)$", organ):
        return "government_office"
    if organ.endswith("人民政府"):
        return "peoples_government"
    if organ.endswith("街道办事处"):
        return "dispatched_agency"
    return None


def _period(flat: str, out: Collector) -> dict[str, str] | None:
    m = re.search(
        r"统计(?:期限|周期|时限|时间|区间|期间)?[^。]{0,12}?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
        r"[^。\d]{0,8}?(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日",
        flat,
    )
    if not m:
        return None
    try:
        start = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        end = datetime.date(int(m.group(4) or m.group(1)), int(m.group(5)), int(m.group(6)))
    except ValueError:
        out.notes.append(f"统计期限不是有效日期：「{m.group(0)}」")
        return None
    out.meta("/metadata/statistics_period", "统计期限", m.group(0))
    return {"start": start.isoformat(), "end": end.isoformat()}


def _contact(flat: str) -> dict[str, Any] | None:
    name_m = re.search(r"请(?:与|联系)([^，。；（(]{2,40}?)联系", flat)
    addr_m = re.search(r"(?:联系)?地址[:：]\s*([^；;。，,）)]+)", flat)
    phone_m = re.search(r"(?:联系)?电话(?:/传真)?[:：]\s*([0-9０-９\-－ ()（）]{7,30}[0-9])", flat)
    mail_m = re.search(r"(?:电子邮箱|邮箱|E-?mail)[:：]\s*([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+)", flat, re.IGNORECASE)
    if not (name_m or addr_m or phone_m or mail_m):
        return None
    return {
        "name": name_m.group(1).strip() if name_m else None,
        "address": addr_m.group(1).strip() if addr_m else None,
        "phone": phone_m.group(1).strip() if phone_m else None,
        "email": mail_m.group(1).strip() if mail_m else None,
    }


_YEARS = range(1990, 2101)
"""The report years a report may have (the schema's bounds for a year, govreport.schema); a title saying 3019年
is a typo or a forgery, not a report the format can hold."""


def metadata(
    out: Collector,
    source: str,
    title: str,
    preamble: list[str],
    date_line: Line | None,
    signature: list[Line],
    all_text: str,
    doc: SourceDocument,
) -> dict[str, Any]:
    """The ``metadata`` object; :class:`ImportFailed` when no report year can be found anywhere."""
    t = nfkc(title)
    year_m = re.search(r"(\d{4})\s*年", t)
    organ = ""
    if year_m:
        organ = title[: title.find(year_m.group(1))].strip() if year_m.group(1) in title else ""
        if not organ:
            after = t[year_m.end() :]
            after = re.sub(r"^度", "", after).strip()
            organ = re.split(r"政府信息公开|政务公开|信息公开", after)[0].strip()
    organ = organ.lstrip("#").strip()
    flat = "".join(nfkc(p) for p in preamble)
    norm_all = ""
    period = _period(flat, out)
    if period is None:
        norm_all = nfkc(all_text)
        period = _period(norm_all, out)
    year: int | None = int(year_m.group(1)) if year_m else None
    if year is None and period is not None:
        year = int(period["start"][:4])
    if year is None:
        ym = re.search(r"(20\d{2})\s*(?:年度?(?:政府信息公开|政务公开)|年报|年度报告)", norm_all or nfkc(all_text))
        year = int(ym.group(1)) if ym else None
    if year is None:
        elsewhere = year_elsewhere(doc, source)
        if elsewhere is not None:
            year = elsewhere[0]
            out.notes.append(f"正文未写明报告年度，{year}年取自{elsewhere[1]}")
    if year is None:
        raise ImportFailed(
            f"{source}: 未找到报告年度：标题、统计期限和正文都没有写明报告所属年度"
            "（如“2023年度政府信息公开工作年度报告”）",
            code="no-year",
        )
    if year not in _YEARS:
        raise ImportFailed(
            f"{source}: 报告年度{year}年不在此类报告的年度范围内（{_YEARS[0]}—{_YEARS[-1]}年）",
            code="no-year",
        )
    if not organ:
        out.notes.append("标题中未找到机关名称，metadata.organ 留空")

    pub = None
    if date_line is not None:
        d = date_only(date_line.text)
        if d is not None:
            pub = d.isoformat()
            out.meta("/metadata/publication_date", "发布日期", date_line.text.strip(), date_line.where)
    if pub is None:
        for p in preamble[:3]:
            d = date_only(p)
            if d is not None:
                pub = d.isoformat()
                break
    signed_by = "".join(plain(line.text) for line in signature) or None

    url = None
    um = re.search(r"(https?://[A-Za-z0-9./_\-?=&%#:~]+|www\.[A-Za-z0-9./_\-]+)[^。]{0,30}?下载", flat)
    if um:
        url = um.group(1).rstrip(".")
    return {
        "organ": organ,
        "report_year": year,
        "title": title or None,
        "organ_kind": organ_kind(nfkc(organ)),
        "administrative_level": None,
        "region_code": None,
        "scope": "self",
        "members": [],
        "publication_date": pub,
        "statistics_period": period,
        "source_url": None,
        "download_url": url,
        "contact": _contact(flat),
        "signed_by": signed_by,
    }


def detect_version(secs: Sections, forced: str | None, year: int | None, notes: list[str]) -> tuple[str, str]:
    """The format version and why: the markers of 表二 (and 表三), else the year, else the current format."""
    raw = secs.items_text(2) + secs.items_text(3)
    old = sorted(m for m in MARKERS_2019 if m in raw)
    new = sorted(m for m in MARKERS_2021 if m in raw)
    text = raw
    if not (old or new) or (old and new):
        # not settled by the words as printed: look again with spaces, punctuation and traditional forms gone
        text = secs.squashed(2) + secs.squashed(3)
        old = sorted(m for m in MARKERS_2019 if m in text)
        new = sorted(m for m in MARKERS_2021 if m in text)
    if forced is not None:
        found = "2019" if old and not new else "2021" if new and not old else None
        if found is not None and found != forced:
            notes.append(f"指定了 --format {forced}，但表二带有{found}年格式的标志")
        return forced, f"按指定（--format {forced}）"
    if old and not new:
        return "2019", "表二带有2019年格式的标志：" + "、".join(old)
    if new and not old:
        return "2021", "表二带有2021年格式的标志：" + "、".join(new)
    if new and old:
        version = "2021" if len(new) >= len(old) else "2019"
        return version, (
            f"表二兼有两种格式的标志（2019年：{'、'.join(old)}；2021年：{'、'.join(new)}），{version}年格式的较多"
        )
    if any(m in text for m in MARKERS_2021_TABLE3):
        return "2021", "表三“（六）其他处理”带有2021年格式的细分行"
    if year is not None:
        version = default_version_for_year(year)
        return version, f"表格无格式标志，按报告年度{year}年规定的格式"
    return FORMAT_VERSIONS[-1], "表格无格式标志，也无报告年度，按现行格式"
