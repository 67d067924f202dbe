"""A comparison as one standalone HTML page: headline numbers with charts, cross-year checks, prose, every cell.

Everything is inside the page (styles, the charts as inline SVG); nothing is fetched, so it reads offline and
can be mailed as one file.  Cells carry ``data-table``, ``data-row`` and ``data-column`` so tools can read the
page back.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from govreport.comparison._charts import charts
from govreport.comparison._model import (
    FORMAT_ZH,
    TABLE_TITLES,
    CellLine,
    CellValue,
    Change,
    Comparison,
    Step,
    value_text,
)
from govreport.comparison._text import (
    OUTCOME_ZH,
    REPEAT_RULE,
    finding_text,
    only_text,
    percent_text,
    title,
)
from govreport.formats.cells import Mark, Unreadable

CSS = """
:root {
  --sans: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
    "WenQuanYi Micro Hei", "Noto Sans", sans-serif;
}
* { box-sizing: border-box; }
body { font-family: var(--sans); font-size: 14px; line-height: 1.6; color: #111; margin: 0 auto; padding: 24px;
  max-width: 1200px; background: #fff; }
h1 { font-size: 22px; margin: 0 0 12px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #1f5fa8; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; margin: 6px 0 14px; font-size: 13px; }
th, td { border: 1px solid #bbb; padding: 3px 6px; vertical-align: top; }
th { background: #eef2f7; font-weight: 600; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.label { min-width: 16em; }
div.wide { overflow-x: auto; max-width: 100%; }
td.absent { color: #999; background: #f6f6f6; }
td.mark { color: #666; }
td.unreadable { color: #a00; font-style: italic; }
td.up { color: #1b6e2d; } td.down { color: #a0261b; } td.cannot_tell { color: #a06000; }
.only { font-size: 12px; color: #7d5ba6; }
ul.notes li { margin: 2px 0; }
.finding { margin: 2px 0; }
.outcome-failed { color: #a0261b; font-weight: 600; } .outcome-cannot_tell { color: #a06000; }
.outcome-passed { color: #1b6e2d; } .outcome-not_applicable { color: #666; }
figure.chart { margin: 8px 0 16px; } figure.chart svg { max-width: 100%; height: auto; }
details { margin: 4px 0 8px; } summary { cursor: pointer; color: #1f5fa8; }
ol.sentences li { margin: 2px 0; }
.rate-high { color: #a0261b; font-weight: 600; }
@media print { body { max-width: none; padding: 0; } details { display: block; } }
"""

HIGH_REPEAT_PERCENT = 80
"""A section of which 80% or more is last year's text, word for word, is marked: a reviewer's first look."""


def _value_td(value: CellValue | None) -> str:
    classes = ["num"]
    if value is None:
        classes.append("absent")
    elif isinstance(value, Mark):
        classes.append("mark")
    elif isinstance(value, Unreadable):
        classes.append("unreadable")
    return f'<td class="{" ".join(classes)}">{escape(value_text(value))}</td>'


def _change_td(change: Change) -> str:
    classes = ["num", change.status]
    if change.delta is not None and change.delta > 0:
        classes.append("up")
    elif change.delta is not None and change.delta < 0:
        classes.append("down")
    return f'<td class="{" ".join(classes)}">{escape(change.text())}</td>'


def _cell_row(line: CellLine) -> str:
    tds = [_value_td(line.values[0])]
    for value, change in zip(line.values[1:], line.changes, strict=True):
        tds += [_value_td(value), _change_td(change)]
    only = only_text(line)
    label = escape(line.label) + (f' <span class="only">{escape(only)}</span>' if only else "")
    attrs = f'data-table="{line.table}" data-row="{escape(line.row_key)}" data-column="{escape(line.column_key)}"'
    return f'<tr {attrs}><td class="label">{label}</td>{"".join(tds)}</tr>'


def _rate(value: Decimal | None) -> str:
    text = escape(percent_text(value))
    high = value is not None and value >= HIGH_REPEAT_PERCENT
    return f'<span class="rate-high">{text}</span>' if high else text


def _step_prose(comparison: Comparison, step: Step) -> list[str]:
    name = escape(comparison.step_name(step))
    out = [
        f'<h3 data-step="{name}">{name}：全文文字重复率 {_rate(step.prose.percent)}</h3>',
        "<table><tr><th>部分</th><th>文字重复率</th><th>沿用字数/字数</th><th>沿用句数/句数</th><th>新增句数</th></tr>",
    ]
    for s in step.prose.sections:
        out.append(
            f"<tr><td>{escape(s.label)}</td><td class='num'>{_rate(s.percent)}</td>"
            f"<td class='num'>{s.carried}/{s.characters}</td><td class='num'>{s.carried_sentences}/{s.sentences}</td>"
            f"<td class='num'>{len(s.new_sentences)}</td></tr>"
        )
    out.append("</table>")
    for s in step.prose.sections:
        if s.new_sentences:
            items = "".join(f"<li>{escape(x)}</li>" for x in s.new_sentences)
            out.append(
                f"<details><summary>{escape(s.label)}：上年没有的 {len(s.new_sentences)} 句</summary>"
                f'<ol class="sentences">{items}</ol></details>'
            )
    return out


def render_html(comparison: Comparison) -> str:
    """The comparison as a standalone HTML page."""
    years = comparison.years
    head = escape(title(comparison))
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{head}</title><style>{CSS}</style></head><body>",
        f"<h1>{head}</h1>",
        "<table><tr><th>年度</th><th>格式</th><th>文件</th></tr>",
    ]
    for e in comparison.editions:
        fmt = escape(FORMAT_ZH.get(e.format_version, e.format_version))
        out.append(f"<tr><td>{e.year}</td><td>{fmt}</td><td><code>{escape(e.source)}</code></td></tr>")
    out.append("</table>")
    notes = [*comparison.notes, *(f"{comparison.step_name(s)}：{n}" for s in comparison.steps for n in s.notes)]
    if notes:
        out.append('<h2>说明</h2><ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in notes) + "</ul>")
    out.append("<h2>主要数据</h2><table><tr><th>项目</th>" + "".join(f"<th>{y}</th>" for y in years) + "</tr>")
    for s in comparison.series:
        cells = "".join(f"<td class='num'>{'—' if v is None else v}</td>" for v in s.values)
        out.append(f'<tr data-series="{escape(s.key)}"><td>{escape(s.label)}</td>{cells}</tr>')
    out.append("</table>")
    for chart_title, svg in charts(comparison):
        out.append(f'<figure class="chart" data-chart="{escape(chart_title)}">{svg}</figure>')
    out.append("<h2>跨年度核对</h2>")
    for step in comparison.steps:
        out.append(f"<h3>{escape(comparison.step_name(step))}</h3>")
        for f in step.findings:
            word = OUTCOME_ZH[f.outcome]
            rest = finding_text(f)[len(word) :]
            out.append(
                f'<div class="finding" data-rule="{escape(f.rule_id)}" data-outcome="{f.outcome.value}">'
                f'<span class="outcome-{f.outcome.value}">{word}</span>{escape(rest)}</div>'
            )
    out += ["<h2>文字对比</h2>", f"<p>{escape(REPEAT_RULE)}</p>"]
    for step in comparison.steps:
        out += _step_prose(comparison, step)
    out += ["<h2>表格逐项对比</h2>", "<p>变化 = 本年 − 上一份；百分比相对上一份。</p>"]
    header = "<tr><th>项目</th>" + "".join(
        f"<th>{y}</th>" + ("<th>变化</th>" if i else "") for i, y in enumerate(years)
    )
    for table, heading in TABLE_TITLES.items():
        lines = [c for c in comparison.cells if c.table == table]
        if lines:
            out += [f"<h3>{escape(heading)}</h3>", f'<div class="wide"><table data-table="{table}">{header}</tr>']
            out += [_cell_row(c) for c in lines]
            out.append("</table></div>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
