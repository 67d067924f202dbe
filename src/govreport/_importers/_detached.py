"""Placing a table's rows: labelled rows as printed, number rows without labels by order, proven by arithmetic.

A PDF converted to Markdown or text, an OCR result, a PDF whose number lines sit above or below their label
lines: the numbers of some rows stand apart from their labels.  The rows are placed like this:

1. A row whose label and cells share a physical row (or whose cells follow its label one per line) is an
   *anchor*: its cells are its own.
2. Between two anchors (or the table's start or end), the number rows without labels belong to the rows of
   the format between those two anchors that have no numbers, in the format's print order — but only when there
   are exactly as many of each; then the order leaves one placement.  In 2021 reports the count also tells
   whether （六）其他处理 was printed as one row or three.  A table with no labels at all (25 rows of seven
   numbers under 表三's heading) is the same case: it fits exactly one layout.
   Labels printed alone (a wrapped label's lines, a column of labels) are not used to place numbers: converters
   put them before their numbers in one document and after them in the next.  When the counts differ, nothing
   in the gap is placed.
3. In 表三 the placement must then be confirmed by the identities that relate rows (（七）总计 = the result rows,
   一 + 二 = （七） + 四, column by column): when one fails, every row placed by order is taken back and declined.
   表二 has no such identities, so there a row is placed only when a label printed alone names each row of the
   gap.

Numbers never proven to belong to a row are declined with what was seen, never placed.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

from govreport._importers import _arith
from govreport._importers._fit import TABLE3_WIDTH, Fit, fit, total_refutes
from govreport._importers._labels import Spec, other_layout_row
from govreport._importers._normalise import nfkc
from govreport._importers._result import Unplaced
from govreport._importers._rows import Event
from govreport._importers._source import Where
from govreport._importers._tokens import Tok
from govreport.layout import rows

MIN_ROW_NUMBERS = 2
"""Fewer non-empty cells than this, alone on their lines, are not taken for a 表三 row (a page number, ``表3``)."""
MAX_UNPLACED = 1000
"""Numbers listed as not placed, per table: a real table has a few hundred cells; a hostile file is not listed in
full."""
ORDER = "order-and-arithmetic"
"""``settled_by`` of a cell placed by the order of the number rows (and confirmed by the identities)."""


@attrs.frozen(kw_only=True)
class Refusal:
    """Why a row's cells were not read, with what the source had there."""

    reason: str
    text: str = ""
    where: Where | None = None


@attrs.define
class Reading:
    """A table's rows as read: cells by row key, how each was placed, the rows refused, what was left over."""

    cells: dict[str, tuple[Tok, ...]] = attrs.field(factory=dict)
    placed: set[str] = attrs.field(factory=set)
    refused: dict[str, Refusal] = attrs.field(factory=dict)
    labelled: dict[str, Where] = attrs.field(factory=dict)
    unplaced: list[Unplaced] = attrs.field(factory=list)
    notes: list[str] = attrs.field(factory=list)
    layout: str | None = None
    """``combined`` or ``itemised`` when the numbers alone decided the layout of 2021's （六）."""


@attrs.frozen(kw_only=True)
class _Floating:
    """A number row without a label of its own (``hint``: a label it followed in a column of labels)."""

    cells: tuple[Tok, ...]
    where: Where
    text: str
    open_end: bool
    hint: int | None
    position: int


def _blank(cells: Sequence[Tok]) -> bool:
    return all(not t.text.strip() for t in cells)


class _Placer:
    def __init__(self, name: str, version: str, specs: tuple[Spec, ...], events: list[Event]):
        self.name = name
        self.specs = specs
        self.keys = [s.row.key for s in specs]
        self.events = events
        self.reading = Reading()
        combined = other_layout_row(version, name)
        self.combined = combined.key if combined is not None else None
        self.itemised = frozenset(r.key for r in rows(version, name) if "other_handling" in r.key)

    def width(self, index: int) -> int:
        return len(self.specs[index].row.columns)

    def label(self, index: int) -> str:
        return self.specs[index].row.label if 0 <= index < len(self.specs) else ""

    def _fit(self, cells: Sequence[Tok], index: int, open_end: bool) -> Fit:
        return fit(cells, self.width(index), open_end=open_end, table=self.name)

    def _unplace(self, cells: Sequence[Tok], reason: str) -> None:
        for t in cells:
            if len(self.reading.unplaced) >= MAX_UNPLACED:
                return
            if t.text.strip():
                self.reading.unplaced.append(Unplaced(text=t.text, where=t.where, reason=f"表{self.name}：{reason}"))

    def anchor(self, index: int, cells: Sequence[Tok], open_end: bool, where: Where, text: str) -> None:
        key = self.keys[index]
        fitted = self._fit(cells, index, open_end)
        if fitted.cells is not None:
            self.reading.cells[key] = fitted.cells
            if fitted.how:
                self.reading.notes.append(f"表{self.name}“{self.label(index)}”：{fitted.how}")
        else:
            cell_text = " ".join(t.text for t in cells)
            self.reading.refused[key] = Refusal(reason=fitted.reason, text=cell_text, where=where)

    def _check_total(self, index: int) -> None:
        """A row whose cells came one per line is read only when its 总计 agrees with them: PDF text extraction
        emits the cells of some tables column by column, and then the numbers after a label are not its row."""
        key = self.keys[index]
        cells = self.reading.cells[key]
        if total_refutes(cells):
            del self.reading.cells[key]
            self.reading.refused[key] = Refusal(
                reason="本行单元格每格一行，其总计不等于前六格之和"
                f"（{' '.join(t.text for t in cells)}），"
                "行名之后的数字未必是本行的、也未必是这个顺序",
                text=" ".join(t.text for t in cells),
                where=cells[0].where,
            )

    def _repeated(self, index: int, versions: list[tuple[Tok, ...]]) -> None:
        """A row printed more than once with different cells (one line per project under 政府集中采购): none of
        them is the row."""
        key = self.keys[index]
        texts = [" ".join(t.text.strip() for t in cells if t.text.strip()) for cells in versions]
        self.reading.cells.pop(key, None)
        self.reading.refused[key] = Refusal(
            reason=f"本行印了{len(versions)}次，各次单元格不同，无法确定哪一次是本行",
            text=" / ".join(texts),
            where=versions[0][0].where if versions[0] else None,
        )

    def taken(self, key: str) -> bool:
        return key in self.reading.cells or key in self.reading.refused

    def run(self) -> Reading:
        events = self._demote_blank_rows(self.events)
        anchors: list[tuple[int, int]] = []  # (event position, spec index)
        printed: dict[str, list[tuple[Tok, ...]]] = {}
        for pos, e in enumerate(events):
            if e.index is not None:
                self.reading.labelled.setdefault(self.keys[e.index], e.where)
            if e.kind != "row" or not e.hard or e.index is None:
                continue
            key = self.keys[e.index]
            if self.taken(key):
                seen = printed.setdefault(key, [])
                if any([t.text.strip() for t in e.cells] == [t.text.strip() for t in v] for v in seen):
                    continue  # the same row again (a table repeated on the next page)
                seen.append(e.cells)
                self._repeated(e.index, seen)
                continue
            printed[key] = [e.cells]
            self.anchor(e.index, e.cells, e.open_end, e.where, e.text)
            if self.name == "三" and e.one_per_line and self.keys[e.index] in self.reading.cells:
                self._check_total(e.index)
            anchors.append((pos, e.index))
        floating = self._floating(events)
        if not floating:
            return self.reading
        self.reading.layout = self._layout(events)
        order = [i for _, i in anchors]
        if order != sorted(order):
            self.reading.notes.append(f"表{self.name}：带行名的行与格式顺序不符，没有行名的数字行未归位")
            for f in floating:
                self._unplace(f.cells, "没有行名的数字行，其前后带行名的行顺序与格式不符")
            return self.reading
        bounds = [(-1, -1), *anchors, (len(events), len(self.specs))]
        for (p0, lo), (p1, hi) in itertools.pairwise(bounds):
            gap = [f for f in floating if p0 < f.position < p1]
            labels = [(pos, e.index) for pos, e in enumerate(events) if p0 < pos < p1 and e.kind == "label"]
            if gap:
                self._gap(lo, hi, gap, [(p, i) for p, i in labels if i is not None])
        if self.name == "三" and self.reading.placed:
            self._confirm()
        if self.reading.placed:
            self.reading.notes.append(
                f"表{self.name}：{len(self.reading.placed)}行与行名分开印的数字已按格式顺序归位"
                "（两个带行名的行之间，无数字的行与无行名的数字行一样多）"
                + ("，且表内合计关系成立" if self.name == "三" else "")
            )
        return self.reading

    @staticmethod
    def _demote_blank_rows(events: list[Event]) -> list[Event]:
        """A label with only empty cells, directly followed by numbers, is a label whose numbers come next."""
        out = list(events)
        for j, e in enumerate(out[:-1]):
            if e.kind == "row" and _blank(e.cells) and out[j + 1].kind == "numbers":
                out[j] = attrs.evolve(e, kind="label", cells=(), hard=False)
        return out

    def _floating(self, events: list[Event]) -> list[_Floating]:
        out: list[_Floating] = []
        for pos, e in enumerate(events):
            if e.kind == "row" and not e.hard:
                out.append(
                    _Floating(cells=e.cells, where=e.where, text=e.text, open_end=False, hint=e.index, position=pos)
                )
                continue
            if e.kind != "numbers":
                continue
            nonblank = sum(1 for t in e.cells if t.text.strip())
            if self.name == "三" and nonblank < MIN_ROW_NUMBERS:
                self._unplace(e.cells, "单独成行的数字，不是一行表格")
                continue
            many = len(e.cells) > TABLE3_WIDTH and len(e.cells) % TABLE3_WIDTH == 0
            if e.one_per_line and self.name == "三" and many:
                # numbers one per line, several rows' worth: rows of seven, in the order they stand
                for k in range(0, len(e.cells), TABLE3_WIDTH):
                    chunk = e.cells[k : k + TABLE3_WIDTH]
                    out.append(
                        _Floating(cells=chunk, where=chunk[0].where, text="", open_end=False, hint=None, position=pos)
                    )
                continue
            out.append(
                _Floating(cells=e.cells, where=e.where, text=e.text, open_end=e.open_end, hint=None, position=pos)
            )
        return out

    def _layout(self, events: list[Event]) -> str | None:
        if self.combined is None:
            return None
        named = {self.keys[e.index] for e in events if e.index is not None}
        with_cells = {self.keys[e.index] for e in events if e.index is not None and e.kind == "row"}
        if named & self.itemised:
            return "itemised"  # （六）其他处理 printed above its sub-rows is their heading
        if self.combined in with_cells:
            return "combined"
        return None

    def _skips(self) -> list[tuple[str | None, frozenset[str]]]:
        if self.combined is None:
            return [(None, frozenset())]
        itemised = (("itemised", frozenset({self.combined})),)
        combined = (("combined", self.itemised),)
        if self.reading.layout == "itemised":
            return list(itemised)
        if self.reading.layout == "combined":
            return list(combined)
        return [*itemised, *combined]

    def _gap(self, lo: int, hi: int, gap: list[_Floating], labels: list[tuple[int, int]]) -> None:
        options: list[tuple[str | None, list[int]]] = []
        for layout, skip in self._skips():
            slots = [k for k in range(lo + 1, hi) if not self.taken(self.keys[k]) and self.keys[k] not in skip]
            if len(slots) == len(gap) and all(slots != other for _, other in options):
                options.append((layout, slots))
        if len(options) == 1 and self._order_proven(options[0][1], gap, labels):
            layout, slots = options[0]
            if layout is not None and self.reading.layout is None:
                self.reading.layout = layout
            for k, f in zip(slots, gap, strict=True):
                self._place(k, f)
            return
        slots = [k for k in range(lo + 1, hi) if not self.taken(self.keys[k])]
        after = f"“{self.label(lo)}”" if lo >= 0 else "表首"
        before = f"“{self.label(hi)}”" if hi < len(self.specs) else "表尾"
        if self.name == "二" and options:
            reason = (
                f"{after}与{before}之间有{len(gap)}行没有行名的数字；表二没有可用来核对按顺序归位的合计关系，"
                "也没有单独印出的行名逐一指明这些行"
            )
        else:
            reason = (
                f"{after}与{before}之间有{len(gap)}行没有行名的数字，而无数字的行有{len(slots)}行，"
                "无法确定哪行数字属于哪一行"
            )
        for k in slots:
            self.reading.refused.setdefault(self.keys[k], Refusal(reason=reason))
        for f in gap:
            self._unplace(f.cells, "没有行名的数字行：" + reason)

    def _order_proven(self, slots: list[int], gap: list[_Floating], labels: list[tuple[int, int]]) -> bool:
        if any(f.hint is not None and f.hint != k for k, f in zip(slots, gap, strict=True)):
            return False  # a label printed beside the numbers contradicts the order
        if self.name == "三":
            return True
        named = {i for _, i in labels} | {f.hint for f in gap if f.hint is not None}
        return all(k in named for k in slots)

    def _place(self, index: int, f: _Floating) -> None:
        key = self.keys[index]
        fitted = self._fit(f.cells, index, f.open_end)
        if fitted.cells is None:
            self.reading.refused[key] = Refusal(
                reason="与行名分开印的数字行：" + fitted.reason,
                text=" ".join(t.text for t in f.cells),
                where=f.where,
            )
            return
        self.reading.cells[key] = fitted.cells
        self.reading.placed.add(key)

    def _confirm(self) -> None:
        failed = failed_identities(self.reading.cells, self.specs, self.reading.placed)
        if not failed:
            return
        reason = "没有行名的数字行按顺序归位后，以下合计关系不成立：" + "；".join(failed[:3])
        for key in sorted(self.reading.placed):
            cells = self.reading.cells.pop(key)
            self.reading.refused[key] = Refusal(
                reason=reason, text=" ".join(t.text for t in cells), where=cells[0].where
            )
        self.reading.placed = set()


def failed_identities(cells: dict[str, tuple[Tok, ...]], specs: Sequence[Spec], placed: set[str]) -> list[str]:
    """The 表三 identities relating rows that fail among cells that are all plain numbers and involve a placed row."""
    values: dict[str, tuple[int | None, ...]] = {}
    for k, toks in cells.items():
        vals: list[int | None] = []
        for t in toks:
            s = nfkc(t.text).strip()
            vals.append(int(s) if s.isdigit() else None)
        values[k] = tuple(vals)
    combined = "results.other_handling.combined"
    itemised = any(k.startswith("results.other_handling.o") for k in cells)
    result_keys = [
        s.row.key
        for s in specs
        if s.row.key.startswith("results.")
        and s.row.key != "results.total_processed"
        and not (s.row.key == combined if itemised else s.row.key.startswith("results.other_handling.o"))
    ]
    out: list[str] = []
    for ident in _arith.table3_identities(result_keys):
        terms = [*ident.left, *ident.right]
        if len(ident.rows()) == 1 or not any(t.row in placed for t in terms):
            continue  # a row's own total says nothing about where the row stands
        if any(t.row not in values or len(values[t.row]) <= t.column or values[t.row][t.column] is None for t in terms):
            continue
        left = sum(values[t.row][t.column] or 0 for t in ident.left)
        right = sum(values[t.row][t.column] or 0 for t in ident.right)
        if left != right:
            out.append(ident.name)
    return out


def place(name: str, version: str, specs: tuple[Spec, ...], events: list[Event]) -> Reading:
    """Read a table's rows from its events (see the module's description)."""
    return _Placer(name, version, specs, events).run()
