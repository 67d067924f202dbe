"""A comparison as plain text and as Markdown (for people: Chinese labels, the official wording)."""

from __future__ import annotations

from decimal import Decimal

from govreport._checks import Finding, Outcome, Severity
from govreport.comparison._model import FORMAT_ZH, TABLE_TITLES, CellLine, Comparison, SectionProse, Step, value_text

OUTCOME_ZH = {
    Outcome.PASSED: "通过",
    Outcome.FAILED: "未通过",
    Outcome.NOT_APPLICABLE: "不适用",
    Outcome.CANNOT_TELL: "无法判断",
}
OUTCOME_MARK = {Outcome.PASSED: "✓", Outcome.FAILED: "✗", Outcome.NOT_APPLICABLE: "-", Outcome.CANNOT_TELL: "?"}
SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
REPEAT_RULE = (
    "按句逐字比较（句子以。；！？和换行分隔，不计空白）；"
    "文字重复率 = 与上年同一部分逐字相同的句子字数 ÷ 本年该部分字数。"
)


def title(comparison: Comparison) -> str:
    years = "、".join(str(y) for y in comparison.years)
    return f"{comparison.organ} 政府信息公开工作年度报告对比（{years}年度）"


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def finding_text(finding: Finding) -> str:
    """One cross-year finding: outcome, rule (and severity when it did not pass), subject and why."""
    subject = f"{finding.subject}：" if finding.subject else ""
    if finding.outcome is Outcome.PASSED:
        why = f"{finding.left} = {finding.right}，相符" if finding.left is not None else "相符"
        return f"{OUTCOME_ZH[finding.outcome]} [{finding.rule_id}] {subject}{why}"
    why = finding.reason or finding.message
    return f"{OUTCOME_ZH[finding.outcome]} [{finding.rule_id} {SEVERITY_ZH[finding.severity]}] {subject}{why}"


def only_text(line: CellLine) -> str:
    version = line.only_in
    return f"［仅{FORMAT_ZH.get(version, version)}］" if version else ""


def section_summary(section: SectionProse) -> str:
    return (
        f"{section.label}：文字重复率 {percent_text(section.percent)}（{section.carried}/{section.characters}字，"
        f"{section.carried_sentences}/{section.sentences}句沿用），新增 {len(section.new_sentences)} 句"
    )


def step_summary(comparison: Comparison, step: Step) -> str:
    prose = step.prose
    counts = {o: sum(f.outcome is o for f in step.findings) for o in Outcome}
    checks = "，".join(f"{OUTCOME_ZH[o]} {n}" for o, n in counts.items() if n)
    return (
        f"{comparison.step_name(step)}：文字重复率 {percent_text(prose.percent)}"
        f"（{prose.carried}/{prose.characters}字）；跨年度核对：{checks or '无'}"
    )


def _series_line(comparison: Comparison, label: str, values: tuple[object, ...]) -> str:
    parts = [f"{y} {'—' if v is None else v}" for y, v in zip(comparison.years, values, strict=True)]
    return f"  {label}：" + " → ".join(parts)


def _cell_line(comparison: Comparison, line: CellLine) -> str:
    parts = [f"{comparison.years[0]} {value_text(line.values[0])}"]
    for year, value, change in zip(comparison.years[1:], line.values[1:], line.changes, strict=True):
        how = change.text()
        parts.append(f"{year} {value_text(value)}" + (f"（{how}）" if how else ""))
    return f"    {line.label}{only_text(line)}：" + " → ".join(parts)


def render_text(comparison: Comparison) -> str:
    """The comparison as plain text."""
    out = [title(comparison), "", "报告"]
    for e in comparison.editions:
        out.append(f"  {e.name}  {FORMAT_ZH.get(e.format_version, e.format_version)}  {e.source}（{e.kind}）")
    notes = [*comparison.notes, *(f"{comparison.step_name(s)}：{n}" for s in comparison.steps for n in s.notes)]
    if notes:
        out += ["", "说明"] + [f"  · {n}" for n in notes]
    out += ["", "主要数据"]
    out += [_series_line(comparison, s.label, s.values) for s in comparison.series]
    out += ["", "概要"] + [f"  {step_summary(comparison, s)}" for s in comparison.steps]
    out += ["", "跨年度核对（上年结转、现行有效件数等）"]
    for step in comparison.steps:
        out.append(f"  {comparison.step_name(step)}")
        out += [f"    {OUTCOME_MARK[f.outcome]} {finding_text(f)}" for f in step.findings] or ["    （无跨年度规则）"]
    out += ["", "文字对比", f"  {REPEAT_RULE}"]
    for step in comparison.steps:
        out.append(f"  {comparison.step_name(step)}：全文文字重复率 {percent_text(step.prose.percent)}")
        for section in step.prose.sections:
            out.append(f"    {section_summary(section)}")
            out += [f"      + {s}" for s in section.new_sentences]
    out += ["", "表格逐项对比（变化 = 本年 − 上一份；百分比相对上一份）"]
    for table, heading in TABLE_TITLES.items():
        lines = [c for c in comparison.cells if c.table == table]
        if lines:
            out.append(f"  {heading}")
            out += [_cell_line(comparison, c) for c in lines]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(comparison: Comparison) -> str:
    """The comparison as Markdown (GitHub-flavoured tables)."""
    years = comparison.years
    out = [f"# {title(comparison)}", "", "| 年度 | 格式 | 文件 |", "|---|---|---|"]
    for e in comparison.editions:
        out.append(f"| {e.year} | {FORMAT_ZH.get(e.format_version, e.format_version)} | `{_md(e.source)}` |")
    notes = [*comparison.notes, *(f"{comparison.step_name(s)}：{n}" for s in comparison.steps for n in s.notes)]
    if notes:
        out += ["", "## 说明", ""] + [f"- {n}" for n in notes]
    out += ["", "## 主要数据", "", "| 项目 | " + " | ".join(str(y) for y in years) + " |"]
    out.append("|---|" + "---:|" * len(years))
    for s in comparison.series:
        out.append(f"| {s.label} | " + " | ".join("—" if v is None else str(v) for v in s.values) + " |")
    out += ["", "## 跨年度核对", ""]
    for step in comparison.steps:
        out += [f"### {comparison.step_name(step)}", ""]
        out += [f"- {OUTCOME_MARK[f.outcome]} {finding_text(f)}" for f in step.findings] or ["- （无跨年度规则）"]
        out.append("")
    out += ["## 文字对比", "", REPEAT_RULE, ""]
    for step in comparison.steps:
        out += [f"### {comparison.step_name(step)}：全文文字重复率 {percent_text(step.prose.percent)}", ""]
        out += ["| 部分 | 文字重复率 | 沿用字数/字数 | 沿用句数/句数 | 新增句数 |", "|---|---:|---:|---:|---:|"]
        for sec in step.prose.sections:
            out.append(
                f"| {sec.label} | {percent_text(sec.percent)} | {sec.carried}/{sec.characters} | "
                f"{sec.carried_sentences}/{sec.sentences} | {len(sec.new_sentences)} |"
            )
        for sec in step.prose.sections:
            if sec.new_sentences:
                out += ["", f"**{sec.label}** 新增的句子：", ""] + [f"- {_md(s)}" for s in sec.new_sentences]
        out.append("")
    out += ["## 表格逐项对比", "", "变化 = 本年 − 上一份；百分比相对上一份。", ""]
    header = "| 项目 | " + " | ".join(f"{y} | 变化" if i else str(y) for i, y in enumerate(years)) + " |"
    rule = "|---|" + "---:|" * (2 * len(years) - 1)
    for table, heading in TABLE_TITLES.items():
        lines = [c for c in comparison.cells if c.table == table]
        if not lines:
            continue
        out += [f"### {heading}", "", header, rule]
        for c in lines:
            cells = [value_text(c.values[0])]
            for value, change in zip(c.values[1:], c.changes, strict=True):
                cells += [value_text(value), change.text()]
            out.append(f"| {_md(c.label + only_text(c))} | " + " | ".join(_md(x) for x in cells) + " |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
