"""Report JSON given to ``govreport import``: validated as it is (nothing to read, nothing to guess)."""

from __future__ import annotations

from collections.abc import Sequence

from govreport._importers._registry import ImportFailed
from govreport._importers._result import ImportResult
from govreport._importers._whole import whole_report
from govreport.formats import Variant
from govreport.validate import validate_text

MAX_ISSUES_LISTED = 20
"""An invalid document lists this many of its problems, then counts the rest (``govreport validate`` lists all)."""


def read(data: bytes, name: str, variants: Sequence[Variant] = ()) -> ImportResult:
    """The report in report JSON, validated (lenient profile); :class:`ImportFailed` listing its problems."""
    result = validate_text(data, source=name, variants=variants)
    if result.report is None:
        lines = [
            f"  {i.pointer or '/'}{f'（{i.label}）' if i.label else ''}：{i.message}"
            for i in result.issues[:MAX_ISSUES_LISTED]
        ]
        if len(result.issues) > MAX_ISSUES_LISTED:
            lines.append(f"  ……另有{len(result.issues) - MAX_ISSUES_LISTED}处（govreport validate 会全部列出）")
        what = "无法按 JSON 读取" if result.unreadable else "不是有效的报告"
        raise ImportFailed(
            f"{name}: 报告 JSON {what}：\n" + "\n".join(lines),
            code="unreadable" if result.unreadable else "invalid",
        )
    declared = tuple(v for v in variants if v.name in result.report.variants)
    return whole_report(
        result.report,
        source=name,
        importer="json",
        rendering="report JSON",
        reason="按文档中的写明（format_version）",
        variants=declared,
    )
