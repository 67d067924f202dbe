"""表二 and 表三 into the report: rows found by their labels, cells in the format's column order.

A section's lines and tables become physical rows (:mod:`._tokens`), then labelled rows, labels alone and
numbers alone (:mod:`._rows`); :mod:`._detached` places them (fitting each row's cells with :mod:`._fit`).
When no row can be read that way and the text is long, the labels and cells ran together on one line: then the
labels are found in print order (:mod:`._runon`) and the digits cut apart where the arithmetic leaves one
reading (:mod:`._arith`).  表四 is :mod:`._table4`'s.
"""

from __future__ import annotations

import bisect
import functools
import re

from govreport._importers import _arith, _labels, _runon
from govreport._importers._collect import Collector, put
from govreport._importers._detached import ORDER, Reading, place
from govreport._importers._labels import ALIASES, other_layout_row
from govreport._importers._result import Declined
from govreport._importers._rows import walk
from govreport._importers._sections import SECTION_HEADINGS, Sections
from govreport._importers._source import Where
from govreport._importers._table4 import table4
from govreport._importers._tokens import PhysRow, Tok, joined, physical_rows
from govreport.layout import Row, all_rows, rows

_GAPPED = re.compile(r"\d {2,}\d")
"""Two numbers with several spaces between them: an empty cell was there, not digits that ran together."""
MAX_SECTION_ITEMS = 20000
"""A table's section holds a few hundred lines (one cell per line: about 250 for 表三); tens of thousands are not a
table, and reading them row by row would only spend time."""
RUN_TOGETHER = 60
"""A piece of a table section this long, with no row found, is labels and cells run together on one line."""


def _layout_of(version: str, name: str, layout_rows: list[Row], reading: Reading, out: Collector) -> list[Row]:
    """The rows of the layout the document uses: 2021's （六） as one row or as three, as printed."""
    combined = other_layout_row(version, name)
    if combined is None:
        return list(layout_rows)
    found = set(reading.cells) | set(reading.refused)
    itemised = any(r.key in found for r in layout_rows if "other_handling" in r.key)
    layout = reading.layout or ("combined" if not itemised and combined.key in found else "itemised")
    put(out.data, ("applications", "results", "other_handling", "layout"), layout)
    if layout == "combined":
        return rows(version, name, other_handling="combined")
    return list(layout_rows)


def labelled(
    name: str, version: str, layout_rows: list[Row], prows: list[PhysRow], out: Collector, present: bool
) -> None:
    """Read 表二 or 表三 from its physical rows into ``out``."""
    specs = _labels.specs(version, name)
    reading = place(name, version, specs, walk(specs, prows, _labels.header_keys(version, name)))
    tokens = [t for r in prows for t in r.cells]
    run_together = not reading.cells and any(len(t.text) > RUN_TOGETHER for t in tokens)
    if run_together and run_on(name, version, layout_rows, tokens, out):
        return
    out.unplaced.extend(reading.unplaced)
    out.notes.extend(reading.notes)
    chosen = _layout_of(version, name, layout_rows, reading, out)
    read_any = False
    for row in chosen:
        cells = reading.cells.get(row.key)
        if cells is not None:
            read_any = True
            how = ORDER if row.key in reading.placed else None
            for col, tok in zip(row.columns, cells, strict=True):
                out.cell(row, col.key, tok.text, tok.where, settled_by=how)
            continue
        refusal = reading.refused.get(row.key)
        if refusal is not None:
            out.decline_row(name, row, refusal.reason, refusal.text, refusal.where)
            continue
        where = reading.labelled.get(row.key)
        if where is not None:
            out.decline_row(name, row, "找到了行名，但没有随之的单元格", where=where)
        elif reading.cells:
            out.decline_row(name, row, "文档中未找到本行")
        else:
            for col in row.columns:
                out.unreadable_cell(row, col.key, "", Where())
    if not read_any:
        if not present:
            reason = f"文档中未找到表{name}"
        elif reading.refused or reading.labelled:
            reason = f"表{name}没有一行能完整读取（见各未读取的行）"
        elif run_together:
            reason = f"表{name}的各单元格数字连在一起、没有分隔，不猜测就无法拆分"
        else:
            reason = f"表{name}没有一行能识别：一个行名也没有找到"
        out.declined.append(Declined(table=name, row="", reason=reason))


@functools.cache
def _patterns(version: str, name: str) -> list[tuple[Row, re.Pattern[str]]]:
    """Each row's label as a pattern for run-together text, compiled once per version and table."""
    return [(row, _runon.label_pattern(row, ALIASES.get(row.key, ()))) for row in all_rows(version, name)]


def run_on(name: str, version: str, layout_rows: list[Row], tokens: list[Tok], out: Collector) -> bool:
    """Read 表二/表三 whose labels and cells ran together on one line; ``False`` if the text is not such a table."""
    text, starts = joined(tokens)
    if name == "二":
        headers = ["信息内容", *(c.label for r in layout_rows for c in r.columns)]
    else:
        headers = ["申请人情况", "自然人"]
    found_at = [i for i in (text.find(h) for h in headers) if i >= 0]
    if not found_at:
        return False
    start = min(found_at)
    patterns = _patterns(version, name)
    found = {f.key: f for f in _runon.segment(text, patterns, start) if f.values}
    combined = other_layout_row(version, name)
    chosen = list(layout_rows)
    if combined is not None:
        itemised = any(r.key in found for r in layout_rows if "other_handling" in r.key)
        if not itemised and combined.key in found:
            chosen = rows(version, name, other_handling="combined")
            put(out.data, ("applications", "results", "other_handling", "layout"), "combined")
        else:
            put(out.data, ("applications", "results", "other_handling", "layout"), "itemised")
    if 2 * sum(1 for r in chosen if r.key in found) < len(chosen):
        return False
    by_key = {r.key: r for r in chosen}

    offsets = [pos for pos, _ in starts]

    def where(f: _runon.Found) -> Where:
        at = bisect.bisect_right(offsets, f.start) - 1
        return starts[at][1] if at >= 0 else tokens[0].where

    problems: list[_arith.RunRow] = []
    for row in chosen:
        f = found.get(row.key)
        if f is None:
            out.decline_row(name, row, "未找到本行的行名或其单元格")
            continue
        runs = _arith.runs_of(f.values)
        parts = f.values.split()
        if len(parts) == len(row.columns) and (len(row.columns) == 1 or runs is None):
            for col, part in zip(row.columns, parts, strict=True):
                out.cell(row, col.key, part, where(f))
            continue
        if runs is None or len(row.columns) == 1:
            reason = f"各单元格在小数点或单位处连在一起（「{f.values}」），无法确定每格在哪里结束"
            out.decline_row(name, row, reason, f.values, where(f))
            continue
        if len(runs) < len(row.columns) and _GAPPED.search(f.values):
            reason = (
                f"本行数字（「{f.values}」）之间的空格宽窄不一，像是空单元格被删去了：各单元格并未连在一起，"
                "把数字拆开会把它们挪到别的列"
            )
            out.decline_row(name, row, reason, f.values, where(f))
            continue
        problems.append(_arith.RunRow(key=row.key, runs=runs, cells=len(row.columns)))
    identities: list[_arith.Identity] = []
    if name == "三":
        result_keys = [r.key for r in chosen if r.key.startswith("results.") and r.key != "results.total_processed"]
        identities = _arith.table3_identities(result_keys)
    settled, unsettled = _arith.solve(problems, identities)
    for s in settled:
        row = by_key[s.key]
        f = found[s.key]
        for col, value in zip(row.columns, s.values, strict=True):
            out.settled(row, col.key, value, f.values, where(f), s.method)
    for u in unsettled:
        row = by_key[u.key]
        f = found[u.key]
        out.decline_row(name, row, u.reason, f.values, where(f))
    by_method = {m: sum(1 for s in settled if s.method == m) for m in ("single", "arithmetic")}
    out.notes.append(
        f"表{name}：行名与单元格连在一起、没有分隔；{by_method['single']}行只有一种拆法，"
        f"{by_method['arithmetic']}行按表内合计关系确定（唯一使所有合计关系成立的读法），"
        f"{len(unsettled)}行未读取"
    )
    return True


def read_tables(secs: Sections, version: str, out: Collector) -> None:
    """Read 表二, 表三 and 表四 from sections 二, 三 and 四 into ``out``."""
    for sec, name in ((2, "二"), (3, "三"), (4, "四")):
        layout_rows = rows(version, name)
        if len(secs.items[sec]) > MAX_SECTION_ITEMS:
            reason = (
                f"{SECTION_HEADINGS[sec]}部分有{len(secs.items[sec])}行文字和表格，远超表{name}及其说明文字所需，未读取"
            )
            out.declined.append(Declined(table=name, row="", reason=reason))
            for row in layout_rows:
                for col in row.columns:
                    out.unreadable_cell(row, col.key, "", Where())
            continue
        prows = physical_rows(secs.items[sec])
        if name == "四":
            table4(layout_rows, prows, out)
        else:
            labelled(name, version, layout_rows, prows, out, bool(secs.items[sec]))
