"""How the fixtures in this folder were made (run by hand; the tests only read the JSON files).

Each fixture is a lenient document built from a real report copied to ``corpus/``: every table cell
starts as the blank mark "" and only the cells that can be read in the source are filled in, by hand,
below.  Prose is copied verbatim (the paragraphs the rules read).  Nothing is invented.

    .venv/bin/python tests/data/checks/build_fixtures.py
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from govreport.errors import split_pointer
from govreport.jsonio import dumps, write_atomic
from govreport.layout import rows

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
APPLICANTS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)


def skeleton(version: str, *, organ: str, year: int, combined: bool = False, **meta: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format_version": version,
        "metadata": {"organ": organ, "report_year": year, **meta},
    }
    for row in rows(version):
        path = list(row.path)
        if combined and row.key.startswith("results.other_handling."):
            path = [*path[:-1], "combined"]
        target = doc
        for key in path:
            target = target.setdefault(key, {})
        for column in row.columns:
            target[column.key] = ""
    if version == "2021":
        handling = doc["applications"]["results"]["other_handling"]
        handling["layout"] = "combined" if combined else "itemised"
    return doc


def put(doc: dict[str, Any], pointer: str, value: Any) -> None:
    tokens = split_pointer(pointer)
    target = doc
    for key in tokens[:-1]:
        target = target.setdefault(key, {})
    target[tokens[-1]] = value


def row(doc: dict[str, Any], pointer: str, numbers: str, columns: tuple[str, ...] = APPLICANTS) -> None:
    for column, value in zip(columns, numbers.split(), strict=True):
        put(doc, f"{pointer}/{column}", int(value))


def paragraphs(name: str, start: str, end: str) -> list[str]:
    """The lines of a corpus text from the line starting with ``start`` up to the one starting with ``end``."""
    lines = [line.strip() for line in (CORPUS / name).read_text(encoding="utf-8").splitlines()]
    first = next(i for i, line in enumerate(lines) if line.startswith(start))
    last = next((i for i, line in enumerate(lines) if i > first and line.startswith(end)), len(lines))
    return [line for line in lines[first + 1 : last] if line]


def pingtan_sections(name: str) -> dict[str, list[str]]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    one = text[text.index("一、总体情况") + len("一、总体情况") : text.index("二、主动公开政府信息情况")]
    six = text[text.rindex("六、其他需要报告的事项") + len("六、其他需要报告的事项") :]
    six = six.split("附件下载")[0]
    return {"one": [one.strip()], "six": [six.strip()]}


def save(name: str, doc: dict[str, Any]) -> None:
    write_atomic(HERE / name, dumps(doc))


def main() -> None:
    # 050: prose sum 23 ≠ 11 + 13 + 5 + 2
    doc = skeleton("2019", organ="庆阳市人民政府外事办公室", year=2020, organ_kind="government_department")
    doc["overall"] = {"introduction": paragraphs("050-qingyang-waiban-2020-sumerror.txt", "一、总体情况", "二、")}
    save("050-qingyang-waiban-2020.json", doc)

    # 051: prose sum 411 ≠ 307 + 97 + 3
    doc = skeleton("2019", organ="贵州省机关事务管理局", year=2020, organ_kind="government_department")
    doc["overall"] = {
        "introduction": paragraphs("051-guizhou-provincial-jiguanshiwuju-2020-sumerror.txt", "一、总体情况", "ZZZ")
    }
    save("051-guizhou-jiguanshiwuju-2020.json", doc)

    # 062: prose sum 137 ≠ 29 + 10 + 6 + 32 + 1 + 38 + 26
    doc = skeleton("2021", organ="巴彦淖尔市临河区干召庙镇人民政府", year=2025, administrative_level="township")
    doc["overall"] = {
        "introduction": paragraphs("062-bayannur-linhe-ganzhaomiao-town-2025-sumerror.txt", "一、总体情况", "ZZZ")
    }
    save("062-linhe-ganzhaomiao-2025.json", doc)

    # 076: prose sum 372 ≠ 331 + 61; table 二 (2019) rows 规章/规范性文件/许可/其他/处罚/强制 all 0 as published
    doc = skeleton("2019", organ="耒阳市马水镇人民政府", year=2019, administrative_level="township")
    doc["overall"] = {
        "introduction": paragraphs("076-leiyang-mashui-town-2019-sumerror.txt", "一、总体情况", "二、主动公开")
    }
    for key in ("regulations", "normative_documents"):
        row(doc, f"/active_disclosure/{key}", "0 0 0", ("new_made", "new_published", "total_published"))
    for key in ("licensing", "other_external_services", "punishment", "coercion"):
        row(doc, f"/active_disclosure/{key}", "0 0 0", ("prev_year_items", "change", "decisions"))
    save("076-leiyang-mashui-2019.json", doc)

    # 079: prose "共受理政府信息公开申请2件" but 表三 一 = 3
    doc = skeleton("2021", organ="长春市体育局", year=2023, organ_kind="government_department")
    doc["overall"] = {
        "introduction": paragraphs("079-changchun-sports-bureau-2023-text-table-mismatch.txt", "一、总体情况", "二、")
    }
    for key in ("regulations", "normative_documents"):
        row(doc, f"/active_disclosure/{key}", "0 0 0", ("made", "repealed", "valid"))
    for key in ("licensing", "punishment", "coercion"):
        put(doc, f"/active_disclosure/{key}/decisions", 0)
    put(doc, "/active_disclosure/admin_fees/fee_amount", 0)
    row(doc, "/applications/new_received", "3 0 0 0 0 0 3")
    row(doc, "/applications/carried_over_from_last_year", "0 0 0 0 0 0 0")
    save("079-changchun-sports-2023.json", doc)

    # 018: prose (2022年, 规范性文件0件/废止0件/现行有效0件) vs 表二 行政规范性文件 4/0/32
    doc = skeleton("2021", organ="海城市西柳镇人民政府", year=2023, administrative_level="township")
    doc["overall"] = {"introduction": paragraphs("018-haicheng-xiliu-town-2023.txt", "一、总体情况", "二、")}
    row(doc, "/active_disclosure/regulations", "0 0 0", ("made", "repealed", "valid"))
    row(doc, "/active_disclosure/normative_documents", "4 0 32", ("made", "repealed", "valid"))
    for key in ("licensing", "punishment", "coercion"):
        put(doc, f"/active_disclosure/{key}/decisions", 0)
    put(doc, "/active_disclosure/admin_fees/fee_amount", 0)
    save("018-haicheng-xiliu-2023.json", doc)

    # huaian-hongze 2023: 表四 复议 10/1/0/0/总计0, 复议后起诉 5/0/0/0/总计0; （六） one row
    doc = skeleton(
        "2021",
        organ="淮安市洪泽区人民政府",
        year=2023,
        combined=True,
        organ_kind="peoples_government",
        administrative_level="county",
        statistics_period={"start": "2023-01-01", "end": "2023-12-31"},
    )
    row(doc, "/active_disclosure/regulations", "0 0 0", ("made", "repealed", "valid"))
    row(doc, "/active_disclosure/normative_documents", "0 5 5", ("made", "repealed", "valid"))
    put(doc, "/active_disclosure/licensing/decisions", 550)
    put(doc, "/active_disclosure/punishment/decisions", 4119)
    put(doc, "/active_disclosure/coercion/decisions", 195)
    row(doc, "/applications/new_received", "21 0 0 0 0 0 21")
    row(doc, "/applications/carried_over_from_last_year", "0 0 0 0 0 0 0")
    row(doc, "/applications/results/total_processed", "21 0 0 0 0 0 21")
    row(doc, "/applications/carried_to_next_year", "0 0 0 0 0 0 0")
    four = ("upheld", "corrected", "other_result", "pending", "total")
    row(doc, "/review_litigation/admin_review", "10 1 0 0 0", four)
    row(doc, "/review_litigation/litigation_direct", "0 0 0 0 0", four)
    row(doc, "/review_litigation/litigation_after_review", "5 0 0 0 0", four)
    doc["overall"] = {
        "applications": [
            "（二）依申请公开情况。进一步规范依申请公开流程，畅通依申请公开受理渠。"
            "2023 年全区受理政府信息公开申请 21 件，均在法定期限答复。"
        ]
    }
    doc["other_matters"] = [
        "2023 年，区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费 0 元。"
    ]
    save("huaian-hongze-2023.json", doc)

    # Pingtan 2021 → 2022 → 2023: 表二 第（一）项 and 表三 rows 一, 二, （七）, 四 (digit runs settled by the sums
    # and, for 2023, by pingtan-2023.html); the other result rows are left blank.
    series = {
        2021: (
            "2022-02-08",
            "0 0 0",
            "69 3 665",
            "64 0 0 2 0 4 70",
            "0 0 0 0 0 0 0",
            "63 0 0 2 0 4 69",
            "1 0 0 0 0 0 1",
        ),
        2022: (None, "0 0 0", "88 55 698", "71 3 0 0 0 0 74", "1 0 0 0 0 0 1", "72 3 0 0 0 0 75", "0 0 0 0 0 0 0"),
        2023: (None, "0 0 0", "77 132 470", "80 1 0 0 0 0 81", "0 0 0 0 0 0 0", "80 1 0 0 0 0 81", "0 0 0 0 0 0 0"),
    }
    for year, (date, regs, docs, new, carried_in, total, carried_out) in series.items():
        extra: dict[str, Any] = {"publication_date": date} if date else {}
        doc = skeleton(
            "2021",
            organ="平潭综合实验区",
            year=year,
            organ_kind="development_zone",
            statistics_period={"start": f"{year}-01-01", "end": f"{year}-12-31"},
            **extra,
        )
        sections = pingtan_sections(f"pingtan-{year}.txt")
        doc["overall"] = {"introduction": sections["one"]}
        doc["other_matters"] = sections["six"]
        row(doc, "/active_disclosure/regulations", regs, ("made", "repealed", "valid"))
        row(doc, "/active_disclosure/normative_documents", docs, ("made", "repealed", "valid"))
        row(doc, "/applications/new_received", new)
        row(doc, "/applications/carried_over_from_last_year", carried_in)
        row(doc, "/applications/results/total_processed", total)
        row(doc, "/applications/carried_to_next_year", carried_out)
        save(f"pingtan-{year}.json", doc)

    # narratives whose sums hold (INDEX.md): only the prose of section 一
    correct = {
        "040-quanzhou-licheng-district-office-2021.txt": ("2021", 2021),
        "054-shenzhen-transport-bureau-2021.txt": ("2021", 2021),
        "059-qinzhou-beibuwan-overseas-chinese-investment-zone-2022.txt": ("2021", 2022),
        "071-sanya-city-2024.txt": ("2021", 2024),
        "072-xining-etdz-2022.txt": ("2021", 2022),
        "016-chongqing-dazu-waiban-2022.txt": ("2021", 2022),
    }
    for name, (version, year) in correct.items():
        text = (CORPUS / name).read_text(encoding="utf-8")
        body = [line.strip() for line in text.split("\n\n", 1)[1].splitlines() if line.strip()]
        doc = skeleton(version, organ=re.sub(r"\W", "", name.split("-", 1)[1])[:20], year=year)
        doc["overall"] = {"introduction": body}
        save(f"correct-{name.split('-')[0]}.json", doc)


if __name__ == "__main__":
    main()
