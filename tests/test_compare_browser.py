"""The comparison page of the Pingtan series in real headless Chromium: the charts draw, nothing is fetched.

Drives Debian's ``/usr/bin/chromium`` through playwright (``executable_path``: no browser is ever downloaded);
skipped without Chromium (see ``tests/browser.py``).  The screenshot is kept as ``test-artifacts/compare.png``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browser import CHROMIUM, MARKS
from govreport.comparison import compare, render

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
SOURCES = Path(__file__).resolve().parent / "gold" / "sources"  # copies of the shared corpus's reports
SERIES = ("pingtan-2019.txt", "pingtan-2021.txt", "pingtan-2022.txt", "pingtan-2023.html", "pingtan-2025.html")

pytestmark = MARKS

MEASURE = """() => {
  const figures = [...document.querySelectorAll("figure.chart")].map(f => {
    const svg = f.querySelector("svg");
    const box = svg.getBoundingClientRect();
    const bars = [...svg.querySelectorAll("g[id*='patch'] path")].filter(p => p.getBBox().height > 0.5);
    return {title: f.dataset.chart, width: box.width, height: box.height, bars: bars.length,
            texts: [...svg.querySelectorAll("text")].map(t => t.textContent)};
  });
  return {figures, title: document.querySelector("h1").textContent,
          findings: document.querySelectorAll(".finding[data-rule='X-CARRY-OVER'][data-outcome='passed']").length,
          cells: document.querySelectorAll("tr[data-table]").length,
          scrollWidth: document.documentElement.scrollWidth};
}"""


def test_compare_page_in_chromium(tmp_path: Path) -> None:
    from playwright import sync_api

    page_file = tmp_path / "compare.html"
    comparison = compare(*(SOURCES / name for name in SERIES))
    page_file.write_text(render(comparison, "html"), encoding="utf-8")
    requests: list[str] = []
    errors: list[str] = []
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri())
            measured: dict[str, Any] = page.evaluate(MEASURE)
            page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert requests == [page_file.as_uri()]  # the page loads nothing else
    assert measured["title"].startswith("平潭综合实验区")
    assert measured["findings"] == 14  # 7 columns of X-CARRY-OVER passed in each of 2021→2022 and 2022→2023
    assert measured["cells"] == len(comparison.cells)
    assert measured["scrollWidth"] <= 1280
    figures = measured["figures"]
    titles = ["收到和办理的申请（件）", "办理结果（件，堆叠）", "行政复议、行政诉讼（件）"]
    assert [f["title"] for f in figures] == titles
    for figure in figures:
        assert figure["width"] > 400
        assert figure["height"] > 150
        assert figure["bars"] >= 5  # at least one bar a year (a zero has no height)
        ticks = [t for t in figure["texts"] if t[:4].isdigit() and t.endswith("年度")]
        assert ticks == [f"{y}年度" for y in comparison.years]
    assert "154" in figures[0]["texts"]  # 2025: 154 applications received, labelled on its bar
    assert (ARTIFACTS / "compare.png").stat().st_size > 20_000
