"""Reading one upload into a report: report JSON, a filled XLSX template, or a published report for the importers.

Whatever goes wrong ends in :class:`Refused`, which carries the HTTP status, a stable code and a message in
Chinese that names the file (with the library's own English detail after it), never a traceback.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from govreport.errors import InputError, Issue

if TYPE_CHECKING:
    from govreport._facade import Govreport
    from govreport.checks import CheckResult, Rule
    from govreport.export import Exporter
    from govreport.formats import AnyReport
    from govreport.importers import ImportResult
    from govreport.validate import ValidationResult


class ReportApi(Protocol):
    """What the desk needs from govreport; :class:`LibraryApi` gives it from the public functions.

    A facade object with these methods (a ``govreport.Govreport`` built over a chosen plugin host) can be given
    to :func:`govreport.web.create_app` instead.
    """

    def import_bytes(self, data: bytes, name: str) -> ImportResult: ...

    def validate_text(self, text: bytes, *, source: str) -> ValidationResult: ...

    def validate_data(self, data: Any) -> ValidationResult: ...

    def read_xlsx(self, path: Path) -> AnyReport: ...

    def check(self, report: AnyReport, *, previous: AnyReport | None = None) -> CheckResult: ...

    def rules(self, version: str) -> tuple[Rule, ...]: ...

    def export(self, report: AnyReport, fmt: str) -> bytes: ...

    def exporters(self) -> tuple[Exporter, ...]: ...


class LibraryApi:
    """:class:`ReportApi` over a :class:`govreport.Govreport` facade (by default the plugin host in use)."""

    def __init__(self, api: Govreport | None = None) -> None:
        self._api = api

    @property
    def api(self) -> Govreport:
        from govreport._facade import current

        return self._api if self._api is not None else current()

    def import_bytes(self, data: bytes, name: str) -> ImportResult:
        return self.api.import_bytes(data, name)

    def validate_text(self, text: bytes, *, source: str) -> ValidationResult:
        return self.api.validate_text(text, source=source)

    def validate_data(self, data: Any) -> ValidationResult:
        return self.api.validate_data(data)

    def read_xlsx(self, path: Path) -> AnyReport:
        from govreport._importers._xlsx import read_report

        return read_report(path.read_bytes(), str(path))

    def check(self, report: AnyReport, *, previous: AnyReport | None = None) -> CheckResult:
        return self.api.check(report, previous=previous)

    def rules(self, version: str) -> tuple[Rule, ...]:
        return self.api.rules(version)

    def export(self, report: AnyReport, fmt: str) -> bytes:
        return self.api.export(report, fmt)

    def exporters(self) -> tuple[Exporter, ...]:
        return self.api.exporters()


class Refused(Exception):
    """An upload or a request the desk will not carry out, with what to tell the person."""

    def __init__(self, *, status: int, code: str, message: str, issues: tuple[dict[str, Any], ...] = ()):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.issues = issues

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.issues:
            out["issues"] = list(self.issues)
        return out


@attrs.frozen(kw_only=True)
class Read:
    """An upload read into a report."""

    kind: str
    """``json``, ``xlsx``, or the importer's name (``text``, ``html``, ``docx``, ``pdf`` …)."""
    report: AnyReport
    import_report: dict[str, Any] | None
    """The importer's account (provenance, declined rows, unreadable cells); ``None`` for JSON and XLSX."""


WHY: dict[str, str] = {
    "binary": "这不是文本文件（内容是二进制数据）",
    "empty": "文件是空的，或没有可读的文字",
    "no-text": "文件里没有可读的文字（扫描件需先经文字识别）",
    "encoding": "无法识别文件的文字编码",
    "not-a-report": "这不是政府信息公开工作年度报告",
    "no-year": "找不到报告年度",
    "too-large": "文件过大",
    "too-slow": "文件读取耗时过长，已停止",
    "no-tables": "文件中找不到年度报告的任何表格",
    "pdf-viewer": "这个网页只是显示 PDF 的阅读器，本身没有报告文字",
    "zip-bomb": "压缩文件解压后过大（疑似“压缩炸弹”），已拒绝打开",
    "unreadable": "文件已损坏或格式不对，无法读取",
    "unsupported": "不支持这种文件类型",
    "missing-dependency": "服务器缺少读取这种文件所需的组件",
    "xlsx": "不是可读回的 govreport 表格模板",
    "json": "不是有效的 JSON",
    "depth": "JSON 嵌套过深",
    "invalid-report": "报告 JSON 不符合格式要求",
}
"""Why an upload was refused, in words for the people who upload, by the library's error code."""

MAX_XLSX_PARTS = 500
"""A filled template has about a dozen parts; hundreds means it is not one."""
MAX_XLSX_UNPACKED = 100 * 1024 * 1024
"""A filled template unpacks to well under 1 MiB; 100 MiB is far beyond any workbook with three tables."""
MAX_XLSX_RATIO = 200
"""XML compresses about 10:1; a part compressed more than 200:1 (and over 1 MiB unpacked) is a zip bomb."""
RATIO_FLOOR = 1024 * 1024
"""Small parts may compress extremely (a run of empty cells) without being dangerous."""
SHOWN_ISSUES = 20
"""How many of a document's issues a refusal lists (the first ones, by pointer); the count says how many more."""


def refused(name: str, code: str, detail: str, status: int = 422, issues: tuple[Issue, ...] = ()) -> Refused:
    why = WHY.get(code, "无法读取这个文件")
    listed = tuple(i.to_json() for i in issues[:SHOWN_ISSUES])
    return Refused(status=status, code=code, message=f"{name}：{why}。（{detail}）", issues=listed)


def _is_json(data: bytes, name: str) -> bool:
    if name.lower().endswith(".json"):
        return True
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _xlsx_parts(data: bytes) -> list[zipfile.ZipInfo] | None:
    """The parts of an XLSX workbook, or ``None`` when the bytes are not one."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        return None
    return infos if any(i.filename == "xl/workbook.xml" for i in infos) else None


def _guard_xlsx(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a workbook whose declared contents would be too large to unpack (zipfile never unpacks more)."""
    if len(infos) > MAX_XLSX_PARTS:
        raise refused(name, "zip-bomb", f"工作簿含有{len(infos)}个部件，上限{MAX_XLSX_PARTS}个")
    total = sum(i.file_size for i in infos)
    if total > MAX_XLSX_UNPACKED:
        raise refused(
            name, "zip-bomb", f"工作簿解压后将有{total / 1048576:.0f} MiB，上限{MAX_XLSX_UNPACKED // 1048576} MiB"
        )
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1):
            raise refused(
                name,
                "zip-bomb",
                f"部件 {info.filename} 的压缩比为{info.file_size // max(info.compress_size, 1)}:1，"
                f"上限{MAX_XLSX_RATIO}:1",
            )


def read_upload(api: ReportApi, path: Path, name: str) -> Read:
    """Read the upload saved at ``path`` (under the data directory) and called ``name`` by the person."""
    from govreport import InvalidReport
    from govreport.importers import ImportFailed

    data = path.read_bytes()
    if not data:
        raise refused(name, "empty", "文件是空的")
    if _is_json(data, name):
        result = api.validate_text(data, source=name)
        if result.report is None:
            code = "json" if result.unreadable else "invalid-report"
            first = result.issues[0].message if result.issues else "不是报告"
            raise refused(name, code, f"共{len(result.issues)}处问题，第一处：{first}", issues=result.issues)
        return Read(kind="json", report=result.report, import_report=None)
    parts = _xlsx_parts(data)
    if parts is not None or name.lower().endswith(".xlsx"):
        if parts is None:
            raise refused(name, "xlsx", "不是 XLSX 工作簿")
        _guard_xlsx(parts, name)
        try:
            report = api.read_xlsx(path)
        except InvalidReport as exc:
            issues = exc.result.issues
            first = issues[0].message if issues else ""
            raise refused(name, "invalid-report", f"共{len(issues)}处问题，第一处：{first}", issues=issues) from None
        except InputError as exc:
            raise refused(name, exc.code if exc.code in WHY else "xlsx", exc.message.replace(str(path), name)) from None
        return Read(kind="xlsx", report=report, import_report=None)
    try:
        imported = api.import_bytes(data, name)
    except ImportFailed as exc:
        raise refused(name, exc.code, exc.message) from None
    return Read(
        kind=imported.import_report.importer, report=imported.report, import_report=imported.import_report.to_json()
    )
