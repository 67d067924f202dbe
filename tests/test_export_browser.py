"""The seed's HTML export rendered in real headless Chromium: header spans, every number, A4 width.

Needs Debian's ``chromium`` and ``fonts-noto-cjk`` (see ``tests/browser.py``).
The screenshot is kept under ``test-artifacts/``.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import govreport
from browser import CHROMIUM, MARKS
from govreport import layout
from govreport.export import export
from govreport.formats.cells import Mark, Unreadable

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
A4_WIDTH_PX = 794  # 210 mm at 96 dpi

pytestmark = MARKS

MEASURE = """
<script>
document.addEventListener("DOMContentLoaded", () => {
  const out = {page: {scrollWidth: document.documentElement.scrollWidth,
                      bodyRight: document.body.getBoundingClientRect().right}, tables: {}};
  const style = getComputedStyle(document.body);
  out.page.contentRight = document.body.getBoundingClientRect().right - parseFloat(style.paddingRight);
  for (const table of document.querySelectorAll("table[data-table]")) {
    const rect = table.getBoundingClientRect();
    const cells = [];
    table.querySelectorAll("tr").forEach((tr, r) => {
      for (const cell of tr.cells) {
        const box = cell.getBoundingClientRect();
        cells.push({r, tag: cell.tagName, text: cell.textContent, rowspan: cell.rowSpan, colspan: cell.colSpan,
                    pointer: cell.dataset.pointer || null, right: box.right,
                    overflow: cell.scrollWidth > cell.clientWidth + 1});
      }
    });
    out.tables[table.dataset.table] = {right: rect.right, width: rect.width, cells};
  }
  const pre = document.createElement("pre");
  pre.id = "measurements";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>
"""

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def as_text(value: Any) -> str:
    if isinstance(value, Mark):
        return value.value
    if isinstance(value, Unreadable):
        return value.unreadable
    return format(value, "f") if not isinstance(value, int) else str(value)


# (text, rowspan, colspan) of every header cell, from format-2021.md §5
EXPECTED_HEADERS = {
    "二": [
        ("第二十条第（一）项", 1, 4), ("信息内容", 1, 1), ("本年制发件数", 1, 1), ("本年废止件数", 1, 1),
        ("现行有效件数", 1, 1),
        ("第二十条第（五）项", 1, 4), ("信息内容", 1, 1), ("本年处理决定数量", 1, 3),
        ("第二十条第（六）项", 1, 4), ("信息内容", 1, 1), ("本年处理决定数量", 1, 3),
        ("第二十条第（八）项", 1, 4), ("信息内容", 1, 1), ("本年收费金额（单位：万元）", 1, 3),
    ],
    "三": [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), ("申请人情况", 1, 7),
        ("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1),
        ("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1),
    ],
    "四": [
        ("行政复议", 1, 5), ("行政诉讼", 1, 10),
        ("结果维持", 2, 1), ("结果纠正", 2, 1), ("其他结果", 2, 1), ("尚未审结", 2, 1), ("总计", 2, 1),
        ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5),
        *[(x, 1, 1) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2],
    ],
}  # fmt: skip

# 表三 row-label cells with a span: (text, rowspan, colspan) — the seed publishes （六） in one row
EXPECTED_ROW_GROUPS = [
    ("一、本年新收政府信息公开申请数量", 1, 3),
    ("二、上年结转政府信息公开申请数量", 1, 3),
    ("三、本年度办理结果", 20, 1),
    ("（一）予以公开", 1, 2),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2),
    ("（三）不予公开", 8, 1),
    ("（四）无法提供", 3, 1),
    ("（五）不予处理", 5, 1),
    ("（六）其他处理", 1, 2),
    ("（七）总计", 1, 2),
    ("四、结转下年度继续办理", 1, 3),
]


def test_seed_html_in_chromium(seed_report: govreport.AnyReport, tmp_path: Path) -> None:
    page = export(seed_report, "html").decode("utf-8")
    shown = re.sub(r'<script type="application/json" id="govreport-report">[^<]*</script>', "", page)  # data
    assert "http://" not in re.sub(r"<p>.*?</p>", "", shown)
    assert "<script" not in shown  # no script runs: the report's data is inert JSON
    assert "<link" not in page
    ARTIFACTS.mkdir(exist_ok=True)
    html = ARTIFACTS / "zibo-gaoxin-2021.html"
    html.write_text(page, encoding="utf-8")
    screenshot = ARTIFACTS / "zibo-gaoxin-2021.png"
    screenshot.unlink(missing_ok=True)
    shot = chromium([f"--window-size={A4_WIDTH_PX},6000", f"--screenshot={screenshot}", html.as_uri()], tmp_path / "a")
    assert screenshot.exists(), shot.stderr[-2000:]
    assert screenshot.stat().st_size > 10_000

    measured_page = tmp_path / "measure.html"
    measured_page.write_text(page.replace("</head>", MEASURE + "</head>"), encoding="utf-8")
    dom = chromium([f"--window-size={A4_WIDTH_PX},1123", "--dump-dom", measured_page.as_uri()], tmp_path / "b")
    found = re.search(r'<pre id="measurements">(.*?)</pre>', dom.stdout, re.S)
    assert found, dom.stderr[-2000:]
    data = json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))

    # nothing wider than the A4 page: not the page, not a table, not a cell's content
    assert data["page"]["scrollWidth"] <= A4_WIDTH_PX
    for name, table in data["tables"].items():
        assert table["right"] <= data["page"]["contentRight"] + 0.5, name
        assert not [c["text"] for c in table["cells"] if c["overflow"]], name
        assert all(c["right"] <= data["page"]["contentRight"] + 0.5 for c in table["cells"]), name

    tables = data["tables"]
    assert list(tables) == ["二", "三", "四"]
    # every header span as in the format
    for name, expected in EXPECTED_HEADERS.items():
        headers = [
            (c["text"], c["rowspan"], c["colspan"])
            for c in tables[name]["cells"]
            if c["tag"] == "TH" and (name != "三" or c["r"] < 3) and (name != "二" or c["pointer"] is None)
        ]
        if name == "二":  # 表二's row labels are <th scope=row>; keep the header rows only
            labels = {r.label for r in layout.rows(seed_report, "二")}
            headers = [h for h in headers if h[0] not in labels]
        assert headers == expected, name
    groups = [
        (c["text"], c["rowspan"], c["colspan"])
        for c in tables["三"]["cells"]
        if c["tag"] == "TH" and c["r"] >= 3 and (c["rowspan"] > 1 or c["colspan"] > 1)
    ]
    assert groups == EXPECTED_ROW_GROUPS
    # every number, by JSON Pointer, as in the report
    expected_values = {c.pointer: as_text(c.value) for c in layout.cells(seed_report)}
    rendered = {c["pointer"]: c["text"] for t in tables.values() for c in t["cells"] if c["pointer"]}
    assert rendered == expected_values
    assert len(rendered) == 186
    assert rendered["/active_disclosure/admin_fees/fee_amount"] == "5953.02496"
    assert rendered["/applications/new_received/total"] == "49"
