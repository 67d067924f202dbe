"""表二 and 表三: rows found by their labels, the cells that follow each label read in the format's column order.

Three ways in, tried in this order for each table:

1. rows whose labels and cells run together on one line (:mod:`._runon`, settled by :mod:`._arith`), when no
   label is followed by separate cells at all;
2. 表三 rows printed apart from their labels (:mod:`._detached`);
3. the ordinary reading: a label, then its cells (:class:`RowWalker`).
"""

from __future__ import annotations

from govreport._importers import _arith, _labels, _runon
from govreport._importers._collect import Collector, put
from govreport._importers._detached import detached_rows
from govreport._importers._labels import ALIASES, GROUP_KEYS, Spec, header_keys, label_key, match, other_layout_row
from govreport._importers._normalise import value_like
from govreport._importers._result import Declined, Unplaced
from govreport._importers._sections import Sections
from govreport._importers._source import Where
from govreport._importers._table4 import table4
from govreport._importers._tokens import Tok, joined, line_tokens, table_tokens
from govreport.layout import Row, all_rows, rows

MAX_CELL_TEXT = 10
"""Non-numeric text up to this long right after a label in a table (``十二``, ``见附件``) is the row's cell."""
RUN_TOGETHER = 60
"""A piece of a table section this long, with no row found, is labels and cells run together on one line."""


class RowWalker:
    """Fills one table's rows from a token stream: a label, then as many cells as the row has columns."""

    def __init__(self, name: str, version: str, specs: tuple[Spec, ...], tokens: list[Tok]):
        self.name = name
        self.version = version
        self.specs = specs
        self.tokens = tokens
        self.found: dict[str, list[Tok]] = {}
        self.label_where: dict[str, Where] = {}
        self.unplaced: list[Unplaced] = []
        self.partial: dict[str, list[Tok]] = {}
        self._label_from_text = True

    def _cell_text(self, tok: Tok, current: int | None) -> bool:
        """Whether non-numeric text sits where a row's cell belongs (a table cell right after a label)."""
        if current is None or tok.from_text or self._label_from_text:
            return False
        text = tok.text.strip()
        _, k = label_key(text)
        if not text or len(text) > MAX_CELL_TEXT or not k or k in GROUP_KEYS:
            return False
        return k not in header_keys(self.version, self.name)

    def run(self) -> None:
        current: int | None = None
        values: list[Tok] = []
        cursor = 0

        def close() -> None:
            nonlocal current, values
            if current is not None:
                self._store(current, values)
            current, values = None, []

        self._label_from_text = True
        for tok in self.tokens:
            text = tok.text.strip()
            is_value = value_like(text)
            hit = None if (is_value and text) or not text else match(self.specs, text, cursor)
            if hit is not None:
                close()
                current, cursor = hit, hit
                self._label_from_text = tok.from_text
                self.label_where.setdefault(self.specs[hit].row.key, tok.where)
                continue
            if not is_value and self._cell_text(tok, current):
                is_value = True  # text in a value's place ("十二", "见附件"): kept as unreadable, never dropped
            if not is_value:
                if (text and label_key(text)[1] in GROUP_KEYS) or (current is not None and values):
                    close()
                continue
            if current is None:
                if text:
                    self.unplaced.append(
                        Unplaced(
                            text=text, where=tok.where, reason=f"表{self.name}: a value with no row label before it"
                        )
                    )
                continue
            values.append(tok)
            if len(values) == len(self.specs[current].row.columns):
                close()
        close()

    def _store(self, index: int, values: list[Tok]) -> None:
        row_key = self.specs[index].row.key
        if not values:
            return
        if row_key in self.found:
            for v in values:
                if v.text.strip():
                    self.unplaced.append(
                        Unplaced(
                            text=v.text,
                            where=v.where,
                            reason=f"表{self.name}: row {self.specs[index].row.label} appears twice; the first kept",
                        )
                    )
            return
        if len(values) < len(self.specs[index].row.columns):
            if all(not v.text.strip() for v in values):
                return
            self.partial[row_key] = values
            return
        self.found[row_key] = values


def _layout_of(version: str, name: str, layout_rows: list[Row], found: set[str], out: Collector) -> list[Row]:
    """The rows of the layout the document uses: 2021's （六） as one row or as three, as printed."""
    combined = other_layout_row(version, name)
    if combined is None:
        return list(layout_rows)
    itemised = any(r.key in found for r in layout_rows if "other_handling" in r.key)
    if not itemised and combined.key in found:
        put(out.data, ("applications", "results", "other_handling", "layout"), "combined")
        return rows(version, name, other_handling="combined")
    put(out.data, ("applications", "results", "other_handling", "layout"), "itemised")
    return list(layout_rows)


def labelled(name: str, version: str, layout_rows: list[Row], tokens: list[Tok], out: Collector, present: bool) -> None:
    """Read 表二 or 表三 from its tokens into ``out``."""
    specs = _labels.specs(version, name)
    table = RowWalker(name, version, specs, tokens)
    table.run()
    placed: set[str] = set()
    refused: dict[str, str] = {}
    if name == "三":
        detached = detached_rows(specs, tokens)
        if detached is not None:
            table.found, table.partial, table.unplaced = detached.found, {}, []
            placed, refused = detached.placed, detached.refused
            out.notes.extend(detached.notes)
    out.unplaced.extend(table.unplaced)
    chosen = _layout_of(version, name, layout_rows, set(table.found) | set(table.partial), out)
    run_together = not table.found and any(len(t.text) > RUN_TOGETHER for t in tokens)
    if run_together and run_on(name, version, layout_rows, tokens, out):
        return
    for row in chosen:
        vals = table.found.get(row.key)
        if vals is not None:
            how = "order-and-arithmetic" if row.key in placed else None
            for col, tok in zip(row.columns, vals, strict=True):
                out.cell(row, col.key, tok.text, tok.where, settled_by=how)
            continue
        if row.key in refused:
            out.decline_row(name, row, refused[row.key])
            continue
        partial = table.partial.get(row.key)
        if partial is not None:
            text = " ".join(t.text for t in partial)
            reason = (
                f"the row has {len(partial)} of its {len(row.columns)} cells ({text!r}); "
                "cells are never placed by position alone"
            )
            out.decline_row(name, row, reason, text, partial[0].where)
            continue
        where = table.label_where.get(row.key)
        if where is not None:
            out.declined.append(
                Declined(
                    table=name, row=row.label, reason="the row's label was found but no cells after it", where=where
                )
            )
        for col in row.columns:
            out.unreadable_cell(row, col.key, "", where or Where())
    if not table.found:
        if not present:
            reason = f"表{name} was not found in the document"
        elif run_together:
            reason = f"表{name}'s cells run together without separators; the digits cannot be split without guessing"
        else:
            reason = f"no row of 表{name} could be recognised"
        out.declined.append(Declined(table=name, row="", reason=reason))


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
    patterns = [(row, _runon.label_pattern(row, ALIASES.get(row.key, ()))) for row in all_rows(version, name)]
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

    def where(f: _runon.Found) -> Where:
        return next((w for pos, w in reversed(starts) if pos <= f.start), tokens[0].where)

    problems: list[_arith.RunRow] = []
    for row in chosen:
        f = found.get(row.key)
        if f is None:
            out.decline_row(name, row, "the row's label or its cells were not found")
            continue
        runs = _arith.runs_of(f.values)
        parts = f.values.split()
        if len(parts) == len(row.columns) and (len(row.columns) == 1 or runs is None):
            for col, part in zip(row.columns, parts, strict=True):
                out.cell(row, col.key, part, where(f))
            continue
        if runs is None or len(row.columns) == 1:
            reason = (
                f"the cells ran together ({f.values!r}) around a decimal point or a unit; "
                "where one cell ends is not settled"
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
        f"表{name}: labels and cells ran together without separators; {by_method['single']} rows could be cut "
        f"only one way, {by_method['arithmetic']} rows were settled by the table's arithmetic "
        f"(the only reading that satisfies every identity), {len(unsettled)} rows were declined"
    )
    return True


def read_tables(secs: Sections, version: str, out: Collector) -> None:
    """Read 表二, 表三 and 表四 from sections 二, 三 and 四 into ``out``."""
    for sec, name in ((2, "二"), (3, "三"), (4, "四")):
        tokens: list[Tok] = []
        for line in secs.body[sec]:
            tokens.extend(line_tokens(line))
        for t in secs.tables[sec]:
            tokens.extend(table_tokens(t))
        layout_rows = rows(version, name)
        if name == "四":
            table4(layout_rows, tokens, out)
        else:
            labelled(name, version, layout_rows, tokens, out, bool(secs.body[sec] or secs.tables[sec]))
