"""The output of ``govreport check`` for people: a verdict and a summary first, then each problem with its evidence.

One report's findings and a batch outcome's are both read as JSON (``Finding.to_json()``), so a single file, a
few files and a directory of thousands print the same lines in the same words.  Every line is in one language,
Chinese by default (``--lang en`` for English); the official labels of cells are names and stay as printed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

LANGUAGES = ("zh", "en")

MOSTLY = 0.5
"""A column holding at least this share of the blank cells behind the undecided rules is named ("mostly the 总计
column"): then filling that column decides most of them."""

MAX_RULES_NAMED = 4
"""A group of undecided checks names at most this many rules."""

MAX_EVIDENCE_PLACES = 6
"""English evidence lists at most this many cells; the rest are counted ("and 15 more")."""

_MARKS = {"": ("空白", "blank"), "/": ("“/”", '"/"'), "—": ("“—”", '"—"'), "无": ("“无”", '"无"')}

_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "passed": "通过",
        "failed": "未通过",
        "error": "错误",
        "warning": "警告",
        "info": "提示",
        "counts": "{verdict} — 错误 {errors}，警告 {warnings}，无法判断 {cannot_tell}",
        "report": "{organ} {year}年度（{version}年格式）；{total} 项检查：通过 {passed}，不适用 {not_applicable}",
        "problems": "问题 {n} 项：",
        "undecided": "无法判断 {n} 项（{rules} 条规则）：",
        "cells": "{n} 项（{rules}）：{cells} 个单元格没有数字（{kinds}），{where}；不按0计",
        "mostly": "多在“{column}”列",
        "mostly_table": "多在表{table}（{n} 个）",
        "spread": "分布在{tables}",
        "table": "表{table}（{n}）",
        "kind": "{n} 个{kind}",
        "unreadable": "无法识别",
        "absent": "缺格",
        "other": "{n} 项（{rule}）：{reason}",
        "more": "逐项列出：--verbose；连同通过和不适用的：--all",
        "listed": "{title}：",
        "passed_list": "通过",
        "not_applicable_list": "不适用",
        "cannot_tell_list": "无法判断",
        "previous_year": "上年度报告（--previous {path}）为{last}年度，本报告为{this}年度，"
        "不是上一年度：跨年度规则未执行",
        "previous_organ": "上年度报告（--previous {path}）的机关为“{last}”，本报告为“{this}”：跨年度规则未执行",
        "previous_bad": "无法使用上年度报告（--previous {path}）：{why}",
        "members_bad": "无法使用成员报告（--members {path}）：{why}",
        "not_checked": "{path}: 未检查：{why}",
        "invalid": "不是有效的报告（见上）",
        "crashed": "{path}: 检查时出错（程序缺陷）：{note}",
        "unreadable_file": "{path}: 无法读取：{note}",
        "invalid_file": "{path}: 不是有效的报告：",
        "summary": "共 {total} 份报告：{parts}",
        "summary_passed": "通过 {n} 份",
        "summary_failed": "未通过 {n} 份",
        "summary_unreadable": "无法读取 {n} 份",
        "summary_invalid": "无效 {n} 份",
        "summary_crashed": "出错 {n} 份",
        "summary_warnings": "有警告 {n} 份",
        "summary_cannot_tell": "无法判断 {n} 项",
        "rules_by_frequency": "未通过的规则（按报告数）：",
        "rule_reports": "  {rule}：{n} 份",
        "worst": "问题最多的报告：",
        "worst_line": "  {source}：{n} 项",
    },
    "en": {
        "passed": "passed",
        "failed": "failed",
        "error": "error",
        "warning": "warning",
        "info": "note",
        "counts": "{verdict} — {errors} error(s), {warnings} warning(s), {cannot_tell} cannot tell",
        "report": "{organ} {year} ({version} format); {total} checks: {passed} passed, {not_applicable} not applicable",
        "problems": "{n} problem(s):",
        "undecided": "{n} check(s) could not be decided ({rules} rule(s)):",
        "cells": "{n} ({rules}): {cells} cell(s) hold no number ({kinds}), {where}; never counted as 0",
        "mostly": "mostly in the {column} column",
        "mostly_table": "mostly in 表{table} ({n})",
        "spread": "in {tables}",
        "table": "表{table} ({n})",
        "kind": "{n} {kind}",
        "unreadable": "unreadable",
        "absent": "missing",
        "other": "{n} ({rule}): {reason}",
        "more": "each one: --verbose; with those passed and not applicable: --all",
        "listed": "{title}:",
        "passed_list": "passed",
        "not_applicable_list": "not applicable",
        "cannot_tell_list": "cannot tell",
        "previous_year": "the previous report (--previous {path}) is for {last}, this one for {this}: not the year "
        "before, so the cross-year rules were not applied",
        "previous_organ": "the previous report (--previous {path}) is of {last!r}, this one of {this!r}: the "
        "cross-year rules were not applied",
        "previous_bad": "cannot use the previous report (--previous {path}): {why}",
        "members_bad": "cannot use the member report (--members {path}): {why}",
        "not_checked": "{path}: not checked: {why}",
        "invalid": "not a valid report (see above)",
        "crashed": "{path}: checking it failed (a bug): {note}",
        "unreadable_file": "{path}: cannot be read: {note}",
        "invalid_file": "{path}: not a valid report:",
        "summary": "{total} report(s): {parts}",
        "summary_passed": "{n} passed",
        "summary_failed": "{n} failed",
        "summary_unreadable": "{n} unreadable",
        "summary_invalid": "{n} invalid",
        "summary_crashed": "{n} crashed",
        "summary_warnings": "{n} with warnings",
        "summary_cannot_tell": "{n} check(s) undecided",
        "rules_by_frequency": "failing rules by the number of reports:",
        "rule_reports": "  {rule}: {n} report(s)",
        "worst": "reports with the most problems:",
        "worst_line": "  {source}: {n} problem(s)",
    },
}

_MARK = {"failed": "✗", "cannot_tell": "?", "passed": "✓", "not_applicable": "-"}


@attrs.frozen(kw_only=True)
class RuleText:
    """What the view needs of a rule: its message in each language."""

    zh: str
    en: str


class View:
    """Lines for people, in one language."""

    def __init__(self, lang: str, rules: Mapping[str, RuleText]):
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
        self.lang = lang
        self.rules = rules
        self.words = _WORDS[lang]

    def say(self, key: str, **values: Any) -> str:
        return self.words[key].format(**values)

    # -- one report --------------------------------------------------------------------------------------------

    def verdict_line(self, source: str, findings: Sequence[dict[str, Any]], failed: bool, cannot_tell: int) -> str:
        """``FILE: 通过 — 错误 0，警告 1，无法判断 3``: the first line of every report, in every mode."""
        counts = Counter((f["outcome"], f["severity"]) for f in findings)
        text = self.say(
            "counts",
            verdict=self.words["failed" if failed else "passed"],
            errors=counts["failed", "error"],
            warnings=counts["failed", "warning"],
            cannot_tell=cannot_tell,
        )
        return f"{source}: {text}"

    def report_line(self, organ: str, year: int, version: str, findings: Sequence[dict[str, Any]]) -> str:
        outcomes = Counter(f["outcome"] for f in findings)
        return "  " + self.say(
            "report",
            organ=organ,
            year=year,
            version=version,
            total=len(findings),
            passed=outcomes["passed"],
            not_applicable=outcomes["not_applicable"],
        )

    def problems(self, findings: Iterable[dict[str, Any]], indent: str = "  ") -> list[str]:
        """Each failed finding, errors first, with its evidence."""
        failed = [f for f in findings if f["outcome"] == "failed"]
        failed.sort(key=lambda f: (("error", "warning", "info").index(f["severity"]), f["rule_id"], f["subject"]))
        out: list[str] = []
        for finding in failed:
            out += self.finding(finding, indent)
        return out

    def finding(self, finding: dict[str, Any], indent: str = "  ") -> list[str]:
        """Two lines: what failed (mark, severity, rule, its message, the subject) and the evidence."""
        rule = self.rules.get(finding["rule_id"])
        message = (rule.zh if self.lang == "zh" else rule.en) if rule else finding["message"]
        subject = finding.get("subject") or ""
        if subject:
            message += f"（{subject}）" if self.lang == "zh" else f" ({subject})"
        severity = self.words.get(finding["severity"], finding["severity"])
        head = f"{indent}{_MARK[finding['outcome']]} {severity} {finding['rule_id']} {message}"
        evidence = self.evidence(finding)
        return [head, *(f"{indent}    {line}" for line in evidence)]

    def evidence(self, finding: dict[str, Any]) -> list[str]:
        """The cells and numbers behind a finding: the rule's own reason in Chinese; in English, built from the
        places and the two sides of the identity."""
        if self.lang == "zh":
            reason = finding.get("reason") or ""
            return [reason] if reason and reason != finding.get("message") else []
        places = finding.get("places") or []
        if finding["outcome"] == "cannot_tell":
            blank = _blank_cells(places)
            if blank:
                return ["no number in: " + self._places(blank, with_kind=True)]
        lines = []
        if finding.get("left") is not None and finding.get("right") is not None:
            first = places[0]["label"] if places else ""
            lines.append(
                f"{first} = {finding['left']}; the other side comes to {finding['right']} "
                f"(difference {finding.get('imbalance')})"
            )
        elif places:
            lines.append(self._places(places, with_kind=False))
        return lines

    def _places(self, places: Sequence[dict[str, Any]], *, with_kind: bool) -> str:
        shown = []
        for place in places[:MAX_EVIDENCE_PLACES]:
            value = place.get("value")
            kind = _kind(value)
            if with_kind and kind is not None:
                shown.append(f"{place['label']} ({self._kind_name(kind)})")
            elif value is not None and not isinstance(value, dict | list):
                shown.append(f"{place['label']} = {value}")
            else:
                shown.append(place["label"])
        rest = len(places) - len(shown)
        return "; ".join(shown) + (f"; and {rest} more" if rest > 0 else "")

    def _kind_name(self, kind: str) -> str:
        if kind in _MARKS:
            return _MARKS[kind][0 if self.lang == "zh" else 1]
        return self.words[kind]

    def undecided(self, findings: Sequence[dict[str, Any]], indent: str = "  ") -> list[str]:
        """The undecided findings grouped by cause: the cells without a number (how many, of which kind, where
        most of them are), then the other reasons rule by rule."""
        pending = [f for f in findings if f["outcome"] == "cannot_tell"]
        if not pending:
            return []
        rules = {f["rule_id"] for f in pending}
        out = [indent + self.say("undecided", n=len(pending), rules=len(rules))]
        by_cells = []
        others: dict[str, list[dict[str, Any]]] = {}
        for finding in pending:
            blank = _blank_cells(finding.get("places") or [])
            if blank:
                by_cells.append((finding, blank))
            else:
                others.setdefault(finding["rule_id"], []).append(finding)
        if by_cells:
            cells: dict[tuple[str, str], dict[str, Any]] = {}
            for _, blank in by_cells:
                for p in blank:
                    cells.setdefault((p.get("document", "report"), p["pointer"]), p)
            kinds = Counter(_kind(p.get("value")) for p in cells.values())
            kinds_text = ("，" if self.lang == "zh" else ", ").join(
                self.say("kind", n=n, kind=self._kind_name(k)) for k, n in kinds.most_common() if k is not None
            )
            ids = sorted({f["rule_id"] for f, _ in by_cells})
            shown = ("、" if self.lang == "zh" else ", ").join(ids[:MAX_RULES_NAMED])
            if len(ids) > MAX_RULES_NAMED:
                shown += " …"
            out.append(
                f"{indent}  · "
                + self.say(
                    "cells", n=len(by_cells), rules=shown, cells=len(cells), kinds=kinds_text, where=self._where(cells)
                )
            )
        for rule_id, group in sorted(others.items()):
            first = group[0]
            text = self.rules.get(rule_id)
            if self.lang == "zh":
                reason = first.get("reason") or (text.zh if text else first["message"])
            else:
                reason = f"could not tell whether this holds: {text.en if text else first['message']}"
            out.append(f"{indent}  · " + self.say("other", n=len(group), rule=rule_id, reason=reason))
        return out

    def _where(self, cells: Mapping[tuple[str, str], dict[str, Any]]) -> str:
        columns = Counter(p.get("column") for p in cells.values() if p.get("column"))
        if columns:
            column, n = columns.most_common(1)[0]
            if n >= MOSTLY * len(cells):
                return self.say("mostly", column=column)
        tables = Counter(p.get("table") or "" for p in cells.values())
        table, n = tables.most_common(1)[0]
        if table and n >= MOSTLY * len(cells):
            return self.say("mostly_table", table=table, n=n)
        sep = "、" if self.lang == "zh" else ", "
        return self.say(
            "spread",
            tables=sep.join(self.say("table", table=t, n=n) for t, n in sorted(tables.items(), key=_table_order) if t),
        )

    def listing(self, findings: Sequence[dict[str, Any]], outcomes: Sequence[str], indent: str = "  ") -> list[str]:
        """Every finding with one of ``outcomes``, grouped by outcome (``--verbose``, ``--all``)."""
        out: list[str] = []
        for outcome in outcomes:
            chosen = [f for f in findings if f["outcome"] == outcome]
            if chosen:
                out.append(indent + self.say("listed", title=self.words[f"{outcome}_list"]))
                for finding in chosen:
                    out += self.finding(finding, indent + "  ")
        return out

    # -- many reports ------------------------------------------------------------------------------------------

    def summary(self, summary: Any) -> list[str]:
        """The closing lines of a run over many reports: reports by result, with warnings, undecided checks,
        failing rules by frequency, the reports with the most problems."""
        by_status = summary.by_status
        parts = [self.say("summary_passed", n=by_status["valid"]), self.say("summary_failed", n=by_status["invalid"])]
        for status in ("unreadable", "crashed"):
            if by_status[status]:
                parts.append(self.say(f"summary_{status}", n=by_status[status]))
        parts.append(self.say("summary_warnings", n=summary.with_warnings))
        parts.append(self.say("summary_cannot_tell", n=summary.cannot_tell))
        sep = "，" if self.lang == "zh" else ", "
        out = [self.say("summary", total=summary.total, parts=sep.join(parts))]
        frequent = sorted(summary.rules.items(), key=lambda e: (-e[1], e[0]))
        if frequent:
            out.append(self.say("rules_by_frequency"))
            out += [self.say("rule_reports", rule=rule, n=n) for rule, n in frequent]
        if summary.worst and summary.total > 1:
            out.append(self.say("worst"))
            out += [self.say("worst_line", source=source, n=n) for source, n in summary.worst]
        return out


def _table_order(item: tuple[str, int]) -> int:
    return "二三四".find(item[0])


def _blank_cells(places: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The table cells among ``places`` that hold no number."""
    return [p for p in places if p.get("table") and _kind(p.get("value")) is not None]


def _kind(value: Any) -> str | None:
    """What a cell without a number holds: a mark as written, ``unreadable`` or ``absent``; ``None`` for a
    number."""
    if value is None:
        return "absent"
    if isinstance(value, dict):
        return "unreadable"
    if isinstance(value, str) and value in _MARKS:
        return value
    return None


def rule_texts(rules: Iterable[Any]) -> dict[str, RuleText]:
    """The messages of every rule, by ID."""
    return {r.id: RuleText(zh=r.message_zh, en=r.message_en) for r in rules}
