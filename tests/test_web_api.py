"""The web desk's JSON API on a real server (``govreport serve`` on a free loopback port), called over HTTP."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from govreport import jsonio
from webdesk import SEED_TXT, Server, garbage, govreport_command, non_report_pdf, zip_bomb_docx

DATA = Path(__file__).resolve().parent / "data" / "checks"
ONE_GIB = 1024**3


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("desk"))
    yield running
    running.stop()


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as c:
        yield c


def upload(client: httpx.Client, path: Path, data: bytes | None = None) -> httpx.Response:
    content = path.read_bytes() if data is None else data
    return client.post("/api/reports", files={"file": (path.name, content)})


def seed(client: httpx.Client) -> dict[str, Any]:
    answer = upload(client, SEED_TXT)
    assert answer.status_code in (200, 201), answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_upload_answers_id_and_findings(client: httpx.Client) -> None:
    first = upload(client, SEED_TXT)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["id"] == hashlib.sha256(SEED_TXT.read_bytes()).hexdigest()
    assert body["created"] is True
    assert body["report"]["organ"] == "淄博高新技术产业开发区"
    assert body["report"]["year"] == 2021
    assert body["report"]["kind"] == "text"
    findings = body["findings"]
    assert len(findings) > 50
    for finding in findings:
        assert {"id", "rule_id", "outcome", "severity", "places", "review"} <= set(finding)
        assert finding["review"] is None
    assert len({f["id"] for f in findings}) == len(findings)
    deadline = [f for f in findings if f["rule_id"] == "F-DEADLINE"]
    assert [f["outcome"] for f in deadline] == ["cannot_tell"]
    # the same bytes again: the stored report, not a second one
    again = upload(client, SEED_TXT)
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert again.json()["created"] is False
    listed = client.get("/api/reports").json()["reports"]
    assert [r["id"] for r in listed].count(body["id"]) == 1


def test_report_and_filtered_findings(client: httpx.Client) -> None:
    report_id = seed(client)["id"]
    got = jsonio.loads(client.get(f"/api/reports/{report_id}").content)  # decimals exact
    assert got["report"]["applications"]["new_received"]["total"] == 49
    assert got["report"]["active_disclosure"]["admin_fees"]["fee_amount"] == Decimal("5953.02496")
    assert got["import"]["importer"] == "text"
    assert got["import"]["summary"]["values"] > 180
    assert got["corrections"] == []
    unknown = client.get(f"/api/reports/{report_id}/findings", params={"outcome": "cannot_tell"}).json()["findings"]
    assert [f["rule_id"] for f in unknown] == ["F-DEADLINE"]
    errors = client.get(f"/api/reports/{report_id}/findings", params={"severity": "error"}).json()["findings"]
    assert errors
    assert all(f["severity"] == "error" for f in errors)
    missing = client.get("/api/reports/" + "0" * 64)
    assert missing.status_code == 404
    assert "没有编号为" in missing.json()["message"]


def test_review_is_kept_and_validated(client: httpx.Client) -> None:
    report_id = seed(client)["id"]
    findings = client.get(f"/api/reports/{report_id}/findings").json()["findings"]
    deadline = next(f for f in findings if f["rule_id"] == "F-DEADLINE")
    answer = client.post(
        f"/api/findings/{deadline['id']}/review", json={"decision": "dismissed", "note": "开发区按3月31日计"}
    )
    assert answer.status_code == 200, answer.text
    review = answer.json()["review"]
    assert review["decision"] == "dismissed"
    assert review["note"] == "开发区按3月31日计"
    assert review["at"]
    again = client.get(f"/api/reports/{report_id}/findings").json()["findings"]
    assert next(f for f in again if f["id"] == deadline["id"])["review"]["decision"] == "dismissed"
    summary = client.get(f"/api/reports/{report_id}").json()
    assert (summary["reviewed"], summary["to_review"], summary["fully_reviewed"]) == (1, 1, True)

    bad = client.post(f"/api/findings/{deadline['id']}/review", json={"decision": "maybe"})
    assert bad.status_code == 422
    assert bad.json()["error"] == "bad-request"
    passed = next(f for f in findings if f["outcome"] == "passed")
    refused = client.post(f"/api/findings/{passed['id']}/review", json={"decision": "confirmed"})
    assert refused.status_code == 409
    assert "需要审核" in refused.json()["message"]
    assert client.post("/api/findings/nosuch/review", json={"decision": "confirmed"}).status_code == 404


def test_correction_rechecks_and_keeps_finding_ids(client: httpx.Client, tmp_path: Path) -> None:
    text = SEED_TXT.read_text(encoding="utf-8") + "\n"  # other bytes: a report of its own
    answer = client.post("/api/reports", files={"file": ("seed-copy.txt", text.encode("utf-8"))})
    assert answer.status_code == 201
    report_id = answer.json()["id"]
    pointer = "/applications/new_received/natural_person"
    corrected = client.post(
        f"/api/reports/{report_id}/corrections", json={"pointer": pointer, "value": "40", "note": "试改"}
    )
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert body["correction"]["value"] == 40
    assert body["correction"]["provenance"] == "corrected by reviewer"
    assert body["report"]["errors"] > 0
    failed = [f for f in body["findings"] if f["outcome"] == "failed"]
    assert failed
    assert all(f["severity"] for f in failed)
    target = next(f for f in failed if any(p["pointer"] == pointer for p in f["places"]))
    client.post(f"/api/findings/{target['id']}/review", json={"decision": "confirmed", "note": "原文如此"})

    # another correction elsewhere: the failed finding is checked again and keeps its id and review
    other = client.post(
        f"/api/reports/{report_id}/corrections",
        json={"pointer": "/active_disclosure/regulations/made", "value": "/"},
    )
    assert other.status_code == 200
    still = next(f for f in other.json()["findings"] if f["id"] == target["id"])
    assert still["outcome"] == "failed"
    assert still["review"]["decision"] == "confirmed"

    wrong = client.post(f"/api/reports/{report_id}/corrections", json={"pointer": pointer, "value": "四十"})
    assert wrong.status_code == 422
    assert "不是非负整数" in wrong.json()["message"]
    not_cell = client.post(f"/api/reports/{report_id}/corrections", json={"pointer": "/metadata/organ", "value": "1"})
    assert not_cell.status_code == 422

    # undone: the finding passes again, and still holds the review it was given while it failed
    back = client.delete(f"/api/reports/{report_id}/corrections", params={"pointer": pointer})
    assert back.status_code == 200
    assert back.json()["report"]["errors"] == 0
    bundle = client.get(f"/api/reports/{report_id}/export", params={"to": "json"}).json()
    assert [c["pointer"] for c in bundle["corrections"]] == ["/active_disclosure/regulations/made"]
    settled = next(f for f in bundle["findings"] if f["id"] == target["id"])
    assert (settled["outcome"], settled["review"]["decision"]) == ("passed", "confirmed")
    assert client.delete(f"/api/reports/{report_id}/corrections", params={"pointer": pointer}).status_code == 404


def test_exports_carry_the_review(client: httpx.Client, tmp_path: Path) -> None:
    report_id = seed(client)["id"]
    findings = client.get(f"/api/reports/{report_id}/findings").json()["findings"]
    deadline = next(f for f in findings if f["rule_id"] == "F-DEADLINE")
    client.post(f"/api/findings/{deadline['id']}/review", json={"decision": "confirmed", "note": "逾期"})

    as_csv = client.get(f"/api/reports/{report_id}/export", params={"to": "csv"})
    assert as_csv.status_code == 200
    assert "attachment" in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8"))))
    assert len(rows) == len(findings)
    row = next(r for r in rows if r["id"] == deadline["id"])
    assert (row["decision"], row["note"]) == ("confirmed", "逾期")

    as_json = client.get(f"/api/reports/{report_id}/export", params={"to": "json"})
    bundle = jsonio.loads(as_json.content)
    assert bundle["report"]["metadata"]["organ"] == "淄博高新技术产业开发区"
    assert next(f for f in bundle["findings"] if f["id"] == deadline["id"])["review"]["note"] == "逾期"

    as_xlsx = client.get(f"/api/reports/{report_id}/export", params={"to": "xlsx"})
    assert as_xlsx.status_code == 200
    path = tmp_path / "review.xlsx"
    path.write_bytes(as_xlsx.content)
    from openpyxl import load_workbook

    from govreport.export import read_xlsx

    assert read_xlsx(path).applications.new_received.total == 49
    sheet = load_workbook(path)["检查结果"]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][0] == "编号"
    assert any(r[0] == deadline["id"] and r[12] == "确认有误" and r[13] == "逾期" for r in values[1:])

    as_html = client.get(f"/api/reports/{report_id}/export", params={"to": "html"})
    assert "检查结果与审核" in as_html.text
    assert "sandbox" in as_html.headers["content-security-policy"]
    unknown = client.get(f"/api/reports/{report_id}/export", params={"to": "pptx"})
    assert unknown.status_code == 422
    assert "不认识的导出格式" in unknown.json()["message"]


def test_year_over_year_rechecks_the_next_year(client: httpx.Client) -> None:
    ids = {}
    for year in (2022, 2021):  # the later year first: adding the earlier one checks it again
        answer = upload(client, DATA / f"pingtan-{year}.json")
        assert answer.status_code == 201, answer.text
        assert answer.json()["report"]["kind"] == "json"
        ids[year] = answer.json()["id"]

    def cross_year(year: int) -> dict[str, str]:
        found = client.get(f"/api/reports/{ids[year]}/findings").json()["findings"]
        return {f"{f['rule_id']} {f['subject']}": f["outcome"] for f in found if f["rule_id"].startswith("X-")}

    assert cross_year(2022)["X-VALID-DOCUMENTS 行政规范性文件"] == "passed"  # 665 + 88 − 55 = 698
    assert cross_year(2022)["X-CARRY-OVER 总计"] == "passed"
    client.post(
        f"/api/reports/{ids[2021]}/corrections",
        json={"pointer": "/active_disclosure/normative_documents/valid", "value": "600"},
    )
    assert cross_year(2022)["X-VALID-DOCUMENTS 行政规范性文件"] == "failed"
    years = client.get("/api/organs/years", params={"organ": "平潭综合实验区"}).json()["years"]
    assert [y["report"]["year"] for y in years] == [2021, 2022]
    assert years[1]["previous"]["id"] == ids[2021]
    assert any(f["outcome"] == "failed" for f in years[1]["cross_year"])
    organs = client.get("/api/organs").json()["organs"]
    assert {"organ": "平潭综合实验区", "years": [2021, 2022]} in organs


def test_pasted_text(client: httpx.Client) -> None:
    text = SEED_TXT.read_text(encoding="utf-8") + "\n\n"  # not the bytes of the seed file, uploaded before
    answer = client.post("/api/reports", files={"text": (None, text), "name": (None, "粘贴的报告")})
    assert answer.status_code == 201, answer.text
    assert answer.json()["id"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert answer.json()["report"]["name"] == "粘贴的报告"
    empty = client.post("/api/reports", files={"text": (None, "   ")})
    assert empty.status_code == 400
    assert empty.json()["error"] == "no-file"


@pytest.mark.parametrize(
    ("name", "make", "code", "words"),
    [
        ("garbage.txt", garbage, "binary", "二进制"),
        ("bomb.docx", zip_bomb_docx, "zip-bomb", "压缩炸弹"),
        ("sales.pdf", non_report_pdf, "not-a-report", "不是政府信息公开工作年度报告"),
        ("empty.txt", lambda: b"", "empty", "空"),
        ("broken.json", lambda: b'{"format_version": "2021",', "json", "JSON"),
        ("wrong.xlsx", lambda: b"PK\x03\x04 not really", "xlsx", "表格模板"),
    ],
)
def test_bad_upload_is_refused_clearly(client: httpx.Client, name: str, make: Any, code: str, words: str) -> None:
    answer = client.post("/api/reports", files={"file": (name, make())})
    assert 400 <= answer.status_code < 500
    body = answer.json()
    assert body["error"] == code
    assert name in body["message"]
    assert words in body["message"]
    assert client.get("/api/reports").status_code == 200  # still serving


def test_one_gibibyte_is_refused_before_it_is_sent(server: Server, client: httpx.Client) -> None:
    """Content-Length says 1 GiB and the client waits for 100 Continue: the 413 comes without the body."""
    parts = urlsplit(server.url)
    assert parts.hostname is not None
    assert parts.port is not None
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        head = (
            "POST /api/reports HTTP/1.1\r\n"
            f"Host: {parts.netloc}\r\n"
            "Content-Type: multipart/form-data; boundary=xyz\r\n"
            f"Content-Length: {ONE_GIB}\r\n"
            "Expect: 100-continue\r\n\r\n"
        )
        sock.sendall(head.encode())
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    assert b" 413 " in status_line, answer[:500]
    body = json.loads(rest.partition(b"\r\n\r\n")[2])
    assert body["error"] == "too-large"
    assert "64 MiB" in body["message"]
    assert client.get("/api/reports").status_code == 200


def test_limit_counts_a_body_without_length(tmp_path: Path) -> None:
    """A chunked upload past a 1 MiB limit is refused as it arrives, and nothing is left in DATA/tmp."""
    small = Server(tmp_path / "desk", "--max-upload", "1")
    try:

        def body() -> Iterator[bytes]:
            yield b'--xyz\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
            for _ in range(24):
                yield b"a" * 65536  # 1.5 MiB in all
            yield b"\r\n--xyz--\r\n"

        with httpx.Client(base_url=small.url, timeout=60) as c:
            answer = c.post(
                "/api/reports", content=body(), headers={"content-type": "multipart/form-data; boundary=xyz"}
            )
            assert answer.status_code == 413
            assert "1 MiB" in answer.json()["message"]
            assert c.get("/api/reports").status_code == 200
        assert list((tmp_path / "desk" / "tmp").iterdir()) == []
        assert sorted(p.name for p in (tmp_path / "desk").iterdir() if not p.name.startswith("govreport.sqlite3")) == [
            "tmp"
        ]
    finally:
        small.stop()


def test_cross_site_requests_are_refused(server: Server, client: httpx.Client) -> None:
    report_id = seed(client)["id"]
    finding = client.get(f"/api/reports/{report_id}/findings", params={"outcome": "cannot_tell"}).json()["findings"][0]
    url = f"/api/findings/{finding['id']}/review"
    evil = client.post(url, json={"decision": "confirmed"}, headers={"Origin": "http://evil.example"})
    assert evil.status_code == 403
    # a browser on the page itself, but without the CSRF token
    page = client.get("/")
    cookie = page.cookies.get("govreport_csrf")
    assert cookie
    browser = {"Origin": server.url, "Sec-Fetch-Site": "same-origin", "Cookie": f"govreport_csrf={cookie}"}
    refused = client.post(url, json={"decision": "confirmed"}, headers=browser)
    assert refused.status_code == 403
    assert refused.json()["error"] == "csrf"
    allowed = client.post(url, json={"decision": "confirmed"}, headers={**browser, "X-CSRF-Token": cookie})
    assert allowed.status_code == 200
    rebinding = client.get("/api/reports", headers={"Host": "evil.example"})
    assert rebinding.status_code == 421


def test_pages_send_a_strict_content_security_policy(client: httpx.Client) -> None:
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert page.headers["x-frame-options"] == "DENY"
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "/api/reports/{report_id}/findings" in docs.text
    schema = client.get("/api/openapi.json").json()
    assert "/api/findings/{finding_id}/review" in schema["paths"]
    assert "multipart/form-data" in schema["paths"]["/api/reports"]["post"]["requestBody"]["content"]


def test_token_is_required_when_given(tmp_path: Path) -> None:
    guarded = Server(tmp_path / "desk", "--token", "s3cret-token")
    try:
        assert guarded.token == "s3cret-token"
        with httpx.Client(base_url=guarded.url, timeout=60) as c:
            assert c.get("/api/reports").status_code == 401
            assert c.get("/api/reports", headers={"Authorization": "Bearer wrong"}).status_code == 401
            ok = c.get("/api/reports", headers={"Authorization": "Bearer s3cret-token"})
            assert ok.status_code == 200
            upload_ok = c.post(
                "/api/reports",
                files={"file": (SEED_TXT.name, SEED_TXT.read_bytes())},
                headers={"Authorization": "Bearer s3cret-token"},
            )
            assert upload_ok.status_code == 201
            opened = c.get("/?token=s3cret-token", follow_redirects=False)
            assert opened.status_code == 303
            assert opened.headers["location"] == "/"
            assert c.get("/").status_code == 200  # the cookie set by the printed address
    finally:
        guarded.stop()


def test_reviews_survive_a_restart(tmp_path: Path) -> None:
    first = Server(tmp_path / "desk")
    try:
        with httpx.Client(base_url=first.url, timeout=60) as c:
            report_id = seed(c)["id"]
            finding = c.get(f"/api/reports/{report_id}/findings", params={"outcome": "cannot_tell"}).json()
            finding_id = finding["findings"][0]["id"]
            c.post(f"/api/findings/{finding_id}/review", json={"decision": "dismissed", "note": "已核实"})
    finally:
        first.stop()
    second = Server(tmp_path / "desk")
    try:
        with httpx.Client(base_url=second.url, timeout=60) as c:
            again = seed(c)
            assert again["created"] is False
            kept = next(f for f in again["findings"] if f["id"] == finding_id)
            assert kept["review"]["decision"] == "dismissed"
            assert kept["review"]["note"] == "已核实"
    finally:
        second.stop()


def test_serve_without_the_web_extra_gives_an_install_hint() -> None:
    """With FastAPI not importable, ``govreport serve`` says what to install (exit 2), never a traceback."""
    code = (
        "import sys; sys.modules['fastapi'] = None\nfrom govreport.cli import main\nraise SystemExit(main(['serve']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "pip install 'govreport[web]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_loopback_addresses() -> None:
    from govreport.web._security import is_loopback

    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "192.168.1.10", "example.org", "::"))


def test_upload_form_without_script(server: Server, client: httpx.Client) -> None:
    """The page's form posted as a browser without script would: every file imported or refused, in one page."""
    page = client.get("/")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
    assert token is not None
    browser = {"Origin": server.url, "Sec-Fetch-Site": "same-origin"}
    files = [
        ("file", ("seed-form.txt", SEED_TXT.read_bytes() + b"\n\n\n")),
        ("file", ("noise.txt", garbage())),
        ("file", ("", b"")),  # a second file input left empty
    ]
    answer = client.post("/upload", files=files, data={"csrf_token": token.group(1)}, headers=browser)
    assert answer.status_code == 200
    assert "seed-form.txt：已导入并检查" in answer.text
    assert "查看报告" in answer.text
    assert "noise.txt：这不是文本文件" in answer.text
    assert answer.text.count('class="failed"') == 1
    forged = client.post("/upload", files=files[:1], data={"csrf_token": "guess"}, headers=browser)
    assert forged.status_code == 403
    assert "CSRF" in forged.text
    only_bad = client.post("/upload", files=files[1:2], data={"csrf_token": token.group(1)}, headers=browser)
    assert only_bad.status_code == 422


def test_pages_mark_prose_and_cells(client: httpx.Client) -> None:
    """The report page marks the words a prose finding quotes and the cells it compares; the organ page lists
    the years."""
    answer = upload(client, DATA / "018-haicheng-xiliu-2023.json")
    assert answer.status_code in (200, 201), answer.text
    report_id = answer.json()["id"]
    finding = next(f for f in answer.json()["findings"] if f["rule_id"] == "P-NORMATIVE-MADE")
    assert finding["outcome"] == "failed"
    page = client.get(f"/reports/{report_id}")
    assert page.status_code == 200
    marks = re.findall(r'<mark class="m-warning" data-findings="([^"]*)">([^<]*)</mark>', page.text)
    quoted = [text for ids, text in marks if finding["id"] in ids.split()]
    assert quoted == ["制定规范性文件0件"]
    made = re.search(r'<td[^>]*data-pointer="/active_disclosure/normative_documents/made"[^>]*>', page.text)
    assert made is not None
    assert "m-warning" in made.group(0)
    assert finding["id"] in made.group(0)
    filtered = client.get(f"/reports/{report_id}", params={"severity": "error", "outcome": "failed"})
    assert f'id="f-{finding["id"]}"' not in filtered.text  # a warning, filtered out
    organ = answer.json()["report"]["organ"]
    years = client.get("/organs", params={"organ": organ})
    assert years.status_code == 200
    assert f"{organ}：历年对比" in years.text
    assert client.get("/organs", params={"organ": "没有这个机关"}).status_code == 404


def test_port_in_use_is_said_plainly(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*govreport_command(), "serve", "--port", str(port), "--data", str(tmp_path / "desk")],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert f"could not listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_report_page_lists_the_outline_problems(client: httpx.Client) -> None:
    """A report whose source prints the tables under headings numbered 一、二、三 shows each on its page."""
    answer = upload(client, DATA.parent.parent / "gold" / "sources" / "shanghai-kewei-2024.md")
    assert answer.status_code in (200, 201), answer.text
    page = client.get(f"/reports/{answer.json()['id']}")
    assert page.status_code == 200
    section = re.search(r'<ul class="outline-list">(.*?)</ul>', page.text, re.S)
    assert section is not None
    items = re.findall(r"<li>(.*?)</li>", section.group(1), re.S)
    assert len(items) == 5
    assert any("缺少标题：五、存在的主要问题及改进情况" in item for item in items)
    assert any("编号为“一”" in item and "原文第73行" in item for item in items)
