"""The web desk driven as a person uses it: real headless Chromium (Debian's) on a real ``govreport serve``.

Upload the seed text, see the three tables, correct a cell, confirm one finding and dismiss another, restart the
server and find both decisions kept, export XLSX and read it back; bad uploads each get a clear message; a
report's markup never runs.  Screenshots are kept under ``test-artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page, sync_playwright

from browser import CHROMIUM, MARKS
from webdesk import SEED_TXT, Server, garbage, non_report_pdf, sparse_file, zip_bomb_docx

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 1000}
"""Wide enough for the document and the findings side by side."""
TIMEOUT_MS = 60_000
"""Per action: an import of the seed takes well under a second; this is only a bound for a loaded machine."""

pytestmark = MARKS

NATURAL_PERSON = "/applications/new_received/natural_person"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def dialogs() -> list[str]:
    """Every alert, confirm or prompt the page opened (a report's script would open one)."""
    return []


@pytest.fixture
def page(browser: Browser, dialogs: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)  # type: ignore[arg-type]
    context.set_default_timeout(TIMEOUT_MS)
    opened = context.new_page()

    def seen(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", seen)
    yield opened
    context.close()


def cell(page: Page, pointer: str) -> Locator:
    return page.locator(f'td[data-pointer="{pointer}"]')


def test_upload_review_restart_export(page: Page, tmp_path: Path) -> None:
    data = tmp_path / "desk"
    server = Server(data)
    try:
        page.goto(server.url + "/")
        page.set_input_files("#file-input", str(SEED_TXT))
        page.click("#upload-button")
        opened = page.locator("#progress li.done a.open")
        opened.wait_for()
        assert "已导入并检查" in page.inner_text("#progress")
        opened.click()
        page.wait_for_url("**/reports/*")

        # the three tables in the official layout, numbers as in the report
        tables = page.locator("table.report[data-table]")
        assert tables.count() == 3
        assert [tables.nth(i).get_attribute("data-table") for i in range(3)] == ["二", "三", "四"]
        assert cell(page, "/applications/new_received/total").inner_text() == "49"
        assert cell(page, "/active_disclosure/admin_fees/fee_amount").inner_text() == "5953.02496"
        assert page.locator("table.report td.cell").count() == 186

        # correct a cell by hand: the panel shows it, the report is checked again, the cell is marked
        cell(page, NATURAL_PERSON).click()
        assert "自然人" in page.inner_text("#cell-label")
        assert page.input_value("#correct-pointer") == NATURAL_PERSON
        page.fill("#correct-value", "40")
        page.fill("#correct-note", "按原件核对")
        page.click("#correct-button")
        page.wait_for_load_state()
        marked = cell(page, NATURAL_PERSON)
        assert marked.inner_text() == "40"
        classes = marked.get_attribute("class") or ""
        assert "m-error" in classes
        assert "corrected" in classes

        # confirm a failed identity, dismiss the deadline that cannot be told
        failed = page.locator("li.finding.o-failed.m-error").first
        confirmed_id = failed.get_attribute("data-finding")
        failed.locator("input[name=note]").fill("原文确实不平衡")
        failed.locator("button.confirm").click()
        page.wait_for_load_state()
        deadline = page.locator('li.finding[data-rule="F-DEADLINE"]')
        dismissed_id = deadline.get_attribute("data-finding")
        deadline.locator("input[name=note]").fill("开发区不适用1月31日")
        deadline.locator("button.dismiss").click()
        page.wait_for_load_state()
        report_url = page.url.split("#")[0]

        def decisions() -> tuple[str, str]:
            one = page.locator(f"#f-{confirmed_id} .review").inner_text()
            two = page.locator(f"#f-{dismissed_id} .review").inner_text()
            return one, two

        one, two = decisions()
        assert "确认有误" in one
        assert "原文确实不平衡" in one
        assert "排除" in two
        assert "开发区不适用1月31日" in two
        ARTIFACTS.mkdir(exist_ok=True)
        cell(page, NATURAL_PERSON).click()
        page.screenshot(path=str(ARTIFACTS / "web-report-page.png"), full_page=True)
        assert (ARTIFACTS / "web-report-page.png").stat().st_size > 50_000
    finally:
        server.stop()

    # a new server on the same data: both decisions and the correction are still there
    again = Server(data)
    try:
        page.goto(report_url.replace(server.url, again.url))
        one, two = decisions()
        assert "原文确实不平衡" in one
        assert "开发区不适用1月31日" in two
        assert cell(page, NATURAL_PERSON).inner_text() == "40"

        with page.expect_download() as info:
            page.click("#export-xlsx")
        saved = tmp_path / "exported.xlsx"
        info.value.save_as(saved)
        from openpyxl import load_workbook

        from govreport.export import read_xlsx

        assert read_xlsx(saved).applications.new_received.natural_person == 40
        workbook = load_workbook(saved)
        reviews = {r[0]: (r[12], r[13]) for r in workbook["检查结果"].iter_rows(min_row=2, values_only=True)}
        assert reviews[confirmed_id] == ("确认有误", "原文确实不平衡")
        assert reviews[dismissed_id] == ("排除（不是错误）", "开发区不适用1月31日")
        corrected = list(workbook["人工更正"].iter_rows(min_row=2, values_only=True))
        assert [(r[0], r[2], r[3], r[6]) for r in corrected] == [(NATURAL_PERSON, "40", "49", "corrected by reviewer")]
    finally:
        again.stop()


def test_bad_uploads_get_clear_messages(page: Page, tmp_path: Path) -> None:
    server = Server(tmp_path / "desk")
    try:
        files = {
            "garbage.txt": garbage(),
            "bomb.docx": zip_bomb_docx(),
            "sales.pdf": non_report_pdf(),
        }
        paths = []
        for name, content in files.items():
            path = tmp_path / name
            path.write_bytes(content)
            paths.append(str(path))
        paths.append(str(sparse_file(tmp_path / "huge.pdf", 1024**3)))
        page.goto(server.url + "/")
        page.set_input_files("#file-input", paths)
        page.click("#upload-button")
        page.locator("#progress li.summary", has_text="全部完成").wait_for()
        failed = page.locator("#progress li.failed")
        assert failed.count() == 4
        texts = [failed.nth(i).inner_text() for i in range(4)]
        assert "garbage.txt" in texts[0]
        assert "二进制" in texts[0]
        assert "压缩炸弹" in texts[1]
        assert "不是政府信息公开工作年度报告" in texts[2]
        assert "huge.pdf" in texts[3]
        assert "超过大小限制（64 MiB" in texts[3]
        assert "成功 0 个，失败 4 个" in page.inner_text("#progress")
        page.screenshot(path=str(tmp_path / "bad.png"))
        assert server.alive()
        page.goto(server.url + "/")
        assert "还没有上传任何报告" in page.inner_text("main")
    finally:
        server.stop()


def test_report_markup_never_runs(page: Page, dialogs: list[str], tmp_path: Path) -> None:
    lines = SEED_TXT.read_text(encoding="utf-8").splitlines()
    hostile = escape('<img src=x onerror="alert(1)">本机关<script>alert(2)</script>全年公开信息。')
    out = []
    for line in lines:
        out.append(f"<p>{escape(line)}</p>")
        if line.startswith("一、总体情况"):
            out += [f"<p>{hostile}</p>", "<script>alert(3)</script>"]
    path = tmp_path / "hostile.html"
    path.write_text("<html><head><script>alert(4)</script></head><body>" + "".join(out) + "</body></html>")
    server = Server(tmp_path / "desk")
    try:
        page.goto(server.url + "/")
        page.set_input_files("#file-input", str(path))
        page.click("#upload-button")
        page.locator("#progress li.done a.open").click()
        page.wait_for_url("**/reports/*")
        first = page.locator('p[data-pointer="/overall/introduction/0"]')
        assert first.inner_text().startswith('<img src=x onerror="alert(1)">本机关<script>alert(2)</script>')
        assert page.locator("article img, article script").count() == 0
        page.wait_for_timeout(300)
        assert dialogs == []
    finally:
        server.stop()
