"""Settling run-together digits by the format's own arithmetic.

Page text sometimes loses the separators between table cells: 表三's row
``64 0 0 2 0 4 70`` arrives as ``640020470``.  Such a run is never guessed.  Every
way of cutting it into the row's cells is enumerated (no number is written with
a leading zero, so ``05`` is not a cell), and only readings that satisfy every
identity of the table survive:

* 表三: each row's 总计 is the sum of its six applicant columns; （七）总计 is the
  sum of the result rows, column by column; 一 + 二 = （七） + 四, column by column.
* 表四: each group's 总计 is 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
* 表二 rows have no identity: a row is read only when one cut exists at all.

A row is settled when it reads the same in every reading of the table that
satisfies every identity; when no reading satisfies them, only rows that can be
cut one way at all are read.  Everything else is declined with the readings
that compete.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

import attrs

MAX_READINGS = 50_000
"""A row with more cuts than this is declined without enumerating them all."""
MAX_STEPS = 200_000
"""Search steps over the whole table before it is declined as too ambiguous."""

_RUN = re.compile(r"\d+")


@attrs.frozen(kw_only=True)
class Term:
    """One cell of an identity: a row and a column index."""

    row: str
    column: int


@attrs.frozen(kw_only=True)
class Identity:
    """``sum(left) == sum(right)``; every cell is a count (never negative)."""

    left: tuple[Term, ...]
    right: tuple[Term, ...]
    name: str
    involved: frozenset[str] = attrs.field(init=False, eq=False)
    """The rows the identity relates (computed once: the search asks for them again and again)."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "involved", frozenset(t.row for t in (*self.left, *self.right)))

    def rows(self) -> frozenset[str]:
        return self.involved


@attrs.frozen(kw_only=True)
class RunRow:
    """A row's digit runs (separated by spaces in the source) and how many cells it has."""

    key: str
    runs: tuple[str, ...]
    cells: int


@attrs.frozen(kw_only=True)
class Settled:
    """A row read: its values, and how (``single`` – one cut exists; ``arithmetic`` – the identities chose)."""

    key: str
    values: tuple[int, ...]
    method: str
    readings: int
    """How many cuts of the row's digits exist before the identities are applied."""


@attrs.frozen(kw_only=True)
class Unsettled:
    """A row not read, and why (naming the readings that compete)."""

    key: str
    reason: str


def runs_of(text: str) -> tuple[str, ...] | None:
    """The digit runs of a value text (``"500000 5"`` → ``("500000", "5")``); ``None`` if anything else is there.

    A ``+`` (``0+11``: 0, +1, 1) starts a cell, like a space.
    """
    s = text.strip()
    if not s or not re.fullmatch(r"[\d\s]+(?:\+[\d\s]+)*", s):
        return None
    return tuple(_RUN.findall(s))


CACHED_RUN = 10
"""Cuts of runs up to this many digits are kept (the same "0000000" recurs in every report); longer runs have too
many cuts to keep and are cut afresh, lazily."""


def _cuts(run: str, parts: int) -> Iterator[tuple[int, ...]]:
    """Every cut of one digit run into ``parts`` numbers without leading zeros."""
    if len(run) <= CACHED_RUN:
        yield from _cut_list(run, parts)
        return
    yield from _cut_iter(run, parts)


@functools.lru_cache(maxsize=4096)
def _cut_list(run: str, parts: int) -> tuple[tuple[int, ...], ...]:
    return tuple(_cut_iter(run, parts))


def _cut_iter(run: str, parts: int) -> Iterator[tuple[int, ...]]:
    if parts == 1:
        if len(run) == 1 or run[0] != "0":
            yield (int(run),)
        return
    for i in range(1, len(run) - parts + 2):
        head = run[:i]
        if len(head) > 1 and head[0] == "0":
            break
        for rest in _cuts(run[i:], parts - 1):
            yield (int(head), *rest)


def readings(runs: Sequence[str], cells: int) -> Iterator[tuple[int, ...]]:
    """Every way of reading the runs as ``cells`` numbers: each run holds at least one cell."""
    if not runs:
        if cells == 0:
            yield ()
        return
    first, rest = runs[0], runs[1:]
    rest_min = len(rest)
    rest_max = sum(len(r) for r in rest)
    for k in range(1, min(len(first), cells - rest_min) + 1):
        if cells - k > rest_max:
            continue
        for head in _cuts(first, k):
            for tail in readings(rest, cells - k):
                yield (*head, *tail)


def _fmt(values: tuple[int, ...]) -> str:
    return "/".join(str(v) for v in values)


def _holds(identity: Identity, chosen: dict[str, tuple[int, ...]]) -> bool:
    left = sum(chosen[t.row][t.column] for t in identity.left)
    right = sum(chosen[t.row][t.column] for t in identity.right)
    return left == right


def solve(rows: Sequence[RunRow], identities: Sequence[Identity]) -> tuple[list[Settled], list[Unsettled]]:
    """Read the rows that the identities settle; decline the others with the competing readings."""
    present = {r.key for r in rows}
    usable = [i for i in identities if i.involved <= present]
    local: dict[str, list[Identity]] = {r.key: [] for r in rows}
    cross: list[Identity] = []
    for i in usable:
        if len(i.involved) == 1:
            local[next(iter(i.involved))].append(i)
        else:
            cross.append(i)

    all_cuts: dict[str, list[tuple[int, ...]]] = {}
    too_many: dict[str, str] = {}
    for r in rows:
        cuts: list[tuple[int, ...]] = []
        for reading in readings(r.runs, r.cells):
            cuts.append(reading)
            if len(cuts) > MAX_READINGS:
                too_many[r.key] = f"「{' '.join(r.runs)}」拆成{r.cells}个单元格的拆法超过{MAX_READINGS}种"
                break
        all_cuts[r.key] = cuts

    candidates: dict[str, list[tuple[int, ...]]] = {}
    for r in rows:
        if r.key in too_many:
            continue
        candidates[r.key] = [c for c in all_cuts[r.key] if all(_holds(i, {r.key: c}) for i in local[r.key])]

    linked = {k for i in cross for k in i.rows()}
    searched = [r.key for r in rows if r.key in linked and r.key not in too_many]
    # an identity through a row with too many readings cannot constrain the others (that row stays unsettled)
    solutions = _search(searched, candidates, [i for i in cross if set(i.rows()) <= set(searched)])
    settled: list[Settled] = []
    unsettled: list[Unsettled] = []
    for r in rows:
        cuts = all_cuts[r.key]
        if r.key in too_many:
            unsettled.append(Unsettled(key=r.key, reason=too_many[r.key]))
            continue
        if not cuts:
            unsettled.append(Unsettled(key=r.key, reason=f"「{' '.join(r.runs)}」无法拆成{r.cells}个单元格"))
            continue
        if len(cuts) == 1:
            settled.append(Settled(key=r.key, values=cuts[0], method="single", readings=1))
            continue
        if r.key not in linked:
            kept = candidates[r.key]
            if len(kept) == 1:
                settled.append(Settled(key=r.key, values=kept[0], method="arithmetic", readings=len(cuts)))
                continue
            examples = "、".join(_fmt(v) for v in (kept or cuts)[:4]) + ("……" if len(kept or cuts) > 4 else "")
            if not local[r.key]:
                why = "格式中没有关联本行各单元格的合计关系，无从取舍"
            elif kept:
                why = f"其中{len(kept)}种符合本行的合计关系"
            else:
                why = "没有一种符合本行的合计关系"
            reason = f"「{' '.join(r.runs)}」有{len(cuts)}种拆法，{why}（如{examples}）"
            unsettled.append(Unsettled(key=r.key, reason=reason))
            continue
        if solutions is None:
            unsettled.append(
                Unsettled(
                    key=r.key,
                    reason=f"「{' '.join(r.runs)}」有{len(cuts)}种拆法，全表可能的组合过多，无法逐一核对",
                )
            )
            continue
        seen = sorted({s[r.key] for s in solutions})
        if len(seen) == 1:
            settled.append(Settled(key=r.key, values=seen[0], method="arithmetic", readings=len(cuts)))
            continue
        examples = "、".join(_fmt(v) for v in (seen or cuts)[:4])
        why = f"有{len(seen)}种读法都能使全表的合计关系成立" if seen else "没有一种读法能使全表的合计关系都成立"
        more = "……" if len(seen or cuts) > 4 else ""
        unsettled.append(
            Unsettled(
                key=r.key,
                reason=f"「{' '.join(r.runs)}」有{len(cuts)}种拆法，{why}（如{examples}{more}）",
            )
        )
    return settled, unsettled


def _search(
    keys: list[str], candidates: dict[str, list[tuple[int, ...]]], cross: list[Identity]
) -> list[dict[str, tuple[int, ...]]] | None:
    """Every assignment of candidates that satisfies the cross-row identities; ``None`` when the search is too big."""
    order = sorted(keys, key=lambda k: (len(candidates[k]), keys.index(k)))
    position = {k: i for i, k in enumerate(order)}
    # an identity is checked as soon as its last row is assigned
    due: dict[int, list[Identity]] = {}
    for ident in cross:
        due.setdefault(max(position[k] for k in ident.rows()), []).append(ident)
    solutions: list[dict[str, tuple[int, ...]]] = []
    chosen: dict[str, tuple[int, ...]] = {}
    steps = 0

    def go(i: int) -> bool:
        nonlocal steps
        if i == len(order):
            solutions.append(dict(chosen))
            return len(solutions) <= 1000
        k = order[i]
        for cand in candidates[k]:
            steps += 1
            if steps > MAX_STEPS:
                return False
            chosen[k] = cand
            if all(_holds(ident, chosen) for ident in due.get(i, ())) and not go(i + 1):
                return False
        chosen.pop(k, None)
        return True

    if not go(0):
        return None
    return solutions


# ---------------------------------------------------------------- the format's identities


def table3_identities(result_keys: Sequence[str], columns: int = 7) -> list[Identity]:
    """表三: row totals, （七）总计 = the result rows, 一 + 二 = （七） + 四 (column by column)."""
    return list(_table3_identities(tuple(result_keys), columns))


@functools.lru_cache(maxsize=8)
def _table3_identities(result_keys: tuple[str, ...], columns: int) -> tuple[Identity, ...]:
    keys = ["new_received", "carried_over_from_last_year", *result_keys, "results.total_processed"]
    keys.append("carried_to_next_year")
    out: list[Identity] = []
    for k in keys:
        out.append(
            Identity(
                left=(Term(row=k, column=columns - 1),),
                right=tuple(Term(row=k, column=c) for c in range(columns - 1)),
                name=f"{k}：总计 = 各申请人列之和",
            )
        )
    for c in range(columns):
        out.append(
            Identity(
                left=(Term(row="results.total_processed", column=c),),
                right=tuple(Term(row=k, column=c) for k in result_keys),
                name=f"第{c + 1}列：（七）总计 = 各办理结果行之和",
            )
        )
        out.append(
            Identity(
                left=(Term(row="new_received", column=c), Term(row="carried_over_from_last_year", column=c)),
                right=(Term(row="results.total_processed", column=c), Term(row="carried_to_next_year", column=c)),
                name=f"第{c + 1}列：一 + 二 = （七） + 四",
            )
        )
    return tuple(out)


def table4_identities(key: str = "table4") -> list[Identity]:
    """表四 as one row of 15 cells: each group's 总计 = its four results."""
    return [
        Identity(
            left=(Term(row=key, column=g * 5 + 4),),
            right=tuple(Term(row=key, column=g * 5 + c) for c in range(4)),
            name=f"第{g + 1}组：总计 = 四项结果之和",
        )
        for g in range(3)
    ]
