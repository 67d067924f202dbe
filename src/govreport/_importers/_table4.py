"""表四: one row of 15 cells under two levels of column headers (复议 / 诉讼 × 结果维持 … 总计)."""

from __future__ import annotations

import re

from govreport._importers import _arith
from govreport._importers._collect import Collector
from govreport._importers._fit import split_numbers
from govreport._importers._normalise import key, nfkc, squash, value_like
from govreport._importers._result import Declined
from govreport._importers._source import Where
from govreport._importers._tokens import PhysRow, Tok
from govreport.layout import Row

HEADER_KEYS = frozenset({"结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "行政复议", "行政诉讼"})
"""The words of 表四's column headers."""
RESULT_HEADS = ("结果维持", "结果纠正", "其他结果", "尚未审结")
GROUPS = 3
"""行政复议, 未经复议直接起诉, 复议后起诉: five cells each, the fifth the 总计 of the four before it."""
LONG_RUN = 30
"""A value-like piece this long is many cells that ran together, not one cell."""
RUN_DIGITS = 5
"""Five or more digits in a row in 表四 (where no cell is that large) are cells that ran together."""


def _named_groups(runs: list[list[Tok]], before: list[str]) -> bool:
    """Whether 表四 stands as three rows of five, each under its group's name in the format's order (行政复议,
    then 未经复议直接起诉, then 复议后起诉): then the order is the document's own, not a converter's."""
    filled = [(r, b) for r, b in zip(runs, before, strict=False) if any(t.text.strip() for t in r)]
    if len(filled) != GROUPS or any(len(r) != len(RESULT_HEADS) + 1 for r, _ in filled):
        return False
    names = [b for _, b in filled]
    return "行政复议" in names[0] and "直接起诉" in names[1] and "复议后起诉" in names[2]


def _holds(values: list[Tok]) -> bool:
    """Whether each group's 总计 is the sum of its four results (all 15 plain whole numbers)."""
    texts = [nfkc(t.text).strip() for t in values]
    if not all(t.isdigit() for t in texts):
        return False
    n = [int(t) for t in texts]
    return all(sum(n[g * 5 : g * 5 + 4]) == n[g * 5 + 4] for g in range(GROUPS))


def table4(layout_rows: list[Row], prows: list[PhysRow], out: Collector) -> None:
    """Read 表四's 15 cells: placed when exactly 15 values follow its column headers in one piece, or when
    pieces taken apart by a converter add up in the order found."""
    tokens: list[Tok] = []
    for r in prows:
        tokens.extend(r.cells)
        if r.open_end:  # html2text: the spaces after the row's last pipe are its empty last cell
            tokens.append(Tok(text="", where=r.cells[-1].where, from_text=False))
    runs: list[list[Tok]] = []
    before: list[str] = []  # the words standing before each run
    run: list[Tok] = []
    words = ""
    headers = 0
    for tok in tokens:
        text = tok.text.strip()
        if value_like(text):
            if not run:
                before.append(words)
                words = ""
            run.extend(split_numbers([tok]))
            continue
        k = key(text)
        words += squash(text)
        headers += sum(1 for h in HEADER_KEYS if h in k)
        if run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    cells = [(row, col) for row in layout_rows for col in row.columns]
    pieces = [r for r in runs if any(t.text.strip() for t in r)]
    flat = [t for r in pieces for t in r]
    chosen: list[Tok] | None = None
    if len(flat) == len(cells):
        chosen = flat
    else:
        nonblank = [t for t in flat if t.text.strip()]
        if len(nonblank) == len(cells):
            chosen = nonblank
    if chosen is not None and headers == 0:
        out.notes.append("表四：找到15个数值，但没有任何列标题，数值未归位")
        chosen = None
    if chosen is not None and len(pieces) > 1 and _named_groups(runs, before):
        out.notes.append("表四：各组数字分行印在各自组名之下，按格式顺序读取")
    elif chosen is not None and len(pieces) > 1:
        if _holds(chosen):
            out.notes.append(
                f"表四：15个数字在表头之间分成{len(pieces)}段；按出现顺序读取，各组总计均等于其各项结果之和"
            )
        else:
            reason = f"15个数字被转换工具拆成{len(pieces)}段，按出现顺序各组合计不符，无法确定各数字所属单元格"
            text = " ".join(t.text.strip() for t in flat)
            out.declined.append(Declined(table="四", row="", reason=reason, where=flat[0].where))
            for row, col in cells:
                out.unreadable_cell(row, col.key, text, flat[0].where)
            return
    if chosen is not None:
        for (row, col), tok in zip(cells, chosen, strict=True):
            out.cell(row, col.key, tok.text, tok.where)
        return
    if _run_on(layout_rows, tokens, out):
        return
    text = " ".join(t.text.strip() for t in flat)
    if not tokens:
        reason = "文档中未找到表四"
    elif any(len(t.text) > LONG_RUN and value_like(t.text) for t in flat) or (
        not flat and any(re.search(rf"\d{{{RUN_DIGITS},}}", t.text) for t in tokens)
    ):
        reason = "表四的各单元格数字连在一起、没有分隔，不猜测就无法拆分"
    else:
        reason = f"表四应按格式顺序有15个单元格，实际找到{len(flat)}个数值（「{text[:80]}」）"
    out.declined.append(Declined(table="四", row="", reason=reason, where=tokens[0].where if tokens else None))
    for row, col in cells:
        out.unreadable_cell(row, col.key, "", Where())


def _run_on(layout_rows: list[Row], tokens: list[Tok], out: Collector) -> bool:
    """表四 whose 15 cells ran together after its last column header; ``False`` if it is not that."""
    text = " ".join(t.text for t in tokens)
    heads = [h for h in RESULT_HEADS if h in text]
    end = text.rfind("总计")
    if len(heads) < len(RESULT_HEADS) or end < 0:
        return False
    tail = text[end + 2 :].strip()
    runs = _arith.runs_of(tail)
    if runs is None:
        return False
    cells = [(row, col) for row in layout_rows for col in row.columns]
    settled, unsettled = _arith.solve(
        [_arith.RunRow(key="table4", runs=runs, cells=len(cells))], _arith.table4_identities("table4")
    )
    where = tokens[-1].where
    if unsettled:
        out.declined.append(Declined(table="四", row="", reason=unsettled[0].reason, where=where))
        for row, col in cells:
            out.unreadable_cell(row, col.key, tail, where)
        return True
    for (row, col), value in zip(cells, settled[0].values, strict=True):
        out.settled(row, col.key, value, tail, where, settled[0].method)
    how = "只有一种拆法" if settled[0].method == "single" else "已按表内合计关系确定"
    out.notes.append(f"表四：15个单元格的数字连在一起、没有分隔（「{tail}」），{how}")
    return True
