"""A row's cells as printed, fitted to the format's columns: decided, or declined with the reason.

People and their tools print a row with more or fewer cells than the format has:

* merged cells leave empty *fillers* (a label spanning three columns becomes the label and two empty cells in
  Markdown; a table padded to its header's width ends in empty cells);
* a PDF converter may put two numbers in one cell (``| 3001 53 | 0 0 |``);
* a trailing ``|`` of a row that began without one may close an empty last cell;
* a blank cell may be dropped altogether.

Fillers are dropped only where they are empty and where dropping them leaves one arrangement (or one that the
row's own total does not contradict); numbers are never shifted into another column to make a row fit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from govreport._importers._normalise import nfkc
from govreport._importers._tokens import Tok

_NUMBERS = re.compile(r"\d+(?:\.\d+)?(?:\s+\d+(?:\.\d+)?)+")
"""A cell holding several numbers separated by spaces (two cells a converter ran into one)."""
MAX_EXTRA_CELLS = 64
"""More extra cells than this in one row is not a table row at all (and trying every arrangement of so many
empty cells would take quadratic time on a hostile file)."""
TABLE3_WIDTH = 7
"""表三's rows: six applicant columns and 总计, the last being the sum of the others."""


@attrs.frozen(kw_only=True)
class Fit:
    """The row's cells in the format's columns, or why they could not be put there."""

    cells: tuple[Tok, ...] | None
    reason: str = ""
    how: str = ""
    """How the printed cells were made to fit (empty when they fitted as printed)."""


def _blank(tok: Tok) -> bool:
    return not tok.text.strip()


def split_numbers(cells: Sequence[Tok]) -> list[Tok]:
    """The cells with every cell of several space-separated numbers split into one cell per number."""
    out: list[Tok] = []
    for tok in cells:
        if " " not in tok.text.strip() and "\u3000" not in tok.text:
            out.append(tok)
            continue
        s = nfkc(tok.text).strip()
        if _NUMBERS.fullmatch(s):
            out.extend(tok._replace(text=part) for part in s.split())
        else:
            out.append(tok)
    return out


def _whole(text: str) -> int | None:
    s = text.strip()
    if not (s.isascii() and s.isdigit()):
        s = nfkc(s).strip()
    return int(s) if s.isdigit() else None


def total_refutes(cells: Sequence[Tok]) -> bool:
    """Whether a 表三 row's printed 总计 contradicts its six applicant cells.

    Counts are never negative, so the applicant cells that are numbers can only add up to the total or less; with
    every cell a number they must add up to it exactly.  An empty 总计 contradicts nothing.
    """
    if len(cells) != TABLE3_WIDTH:
        return False
    total = _whole(cells[-1].text)
    if total is None:
        return False
    parts = [_whole(t.text) for t in cells[:-1]]
    known = sum(p for p in parts if p is not None)
    if all(p is not None for p in parts):
        return known != total
    return known > total


def fit(cells: Sequence[Tok], width: int, *, open_end: bool = False, table: str = "") -> Fit:
    """Fit a row's printed cells to ``width`` columns (see the module's description)."""
    got = list(cells)
    if len(got) == width:
        return Fit(cells=tuple(got))
    if open_end and len(got) == width - 1:
        return Fit(cells=(*got, Tok(text="", where=got[-1].where, from_text=False)), how="末格为空")
    split = split_numbers(got)
    how = ""
    if len(split) != len(got):
        got = split
        how = "含两个数字的单元格已拆开"
        if len(got) == width:
            return Fit(cells=tuple(got), how=how)
    if len(got) < width:
        text = " ".join(t.text for t in got)
        return Fit(
            cells=None,
            reason=f"本行应有{width}个单元格，只有{len(got)}个（「{text}」），无法确定缺的是哪一格",
        )
    surplus = len(got) - width
    if surplus > MAX_EXTRA_CELLS:
        return Fit(
            cells=None,
            reason=f"本行有{len(got)}个单元格，而格式规定{width}个，不是本表的行",
        )
    filled = [t for t in got if not _blank(t)]
    if len(filled) == width:
        # every column has its number: the empty cells, wherever they stand, are fillers of merged cells
        return Fit(
            cells=tuple(filled),
            how=f"{how}；删除空白填充格{surplus}个" if how else f"删除空白填充格{surplus}个",
        )
    lead = next((i for i, t in enumerate(got) if not _blank(t)), len(got))
    trail = next((i for i, t in enumerate(reversed(got)) if not _blank(t)), len(got))
    options: dict[tuple[str, ...], tuple[Tok, ...]] = {}
    for front in range(surplus + 1):
        back = surplus - front
        if front <= lead and back <= trail:
            kept = tuple(got[front : len(got) - back])
            options.setdefault(tuple(t.text for t in kept), kept)
    fillers = f"删除合并单元格留下的空白格{surplus}个"
    how = f"{how}；{fillers}" if how else fillers
    if len(options) == 1:
        return Fit(cells=next(iter(options.values())), how=how)
    text = " | ".join(t.text for t in got)
    if not options:
        return Fit(
            cells=None,
            reason=f"本行有{len(got)}个单元格，而格式规定{width}个（「{text}」），多出的单元格不是空的",
        )
    if table == "三":
        standing = [v for v in options.values() if not total_refutes(v)]
        if len(standing) == 1:
            return Fit(cells=standing[0], how=f"{how}（唯一与本行总计不矛盾的排法）")
    return Fit(
        cells=None,
        reason=f"本行有{len(got)}个单元格，而格式规定{width}个（「{text}」），"
        "无法确定哪些空白格是合并单元格留下的填充格",
    )
