"""Recognising a table row by its label as people print it: numbering, notes, truncation, typos.

The format's labels are reduced once per (format version, table) (:func:`specs`); a label found in a document
is reduced once per distinct text (:func:`label_key`), so matching a row costs a few dictionary look-ups and,
only when no label is equal, a short fuzzy comparison.
"""

from __future__ import annotations

import difflib
import functools
import re

import attrs

from govreport._importers._normalise import key, numbering, squash
from govreport.layout import Row, all_rows, rows

ALIASES: dict[str, tuple[str, ...]] = {"normative_documents": ("规范性文件", "行政规范性文件")}
"""Other labels a row is printed with: the 2019 format's 规范性文件 for the 2021 行政规范性文件 and back."""

SHORT_LABEL = 4
"""A label shorter than this (其他, 总计, 规章) is matched only with its item number: alone it means nothing."""
MIN_TRUNCATED = 5
"""A label cut short (a wrapped cell's first line) matches when this many characters of it are left."""
MAX_NOTE = 12
"""A label followed by a note of at most this many characters (``（单位：件）``-like remarks) still matches."""
MIN_TYPO = 5
"""Labels shorter than this are never matched as typos: too many labels are that close to each other."""
TYPO_RATIO = 0.75
"""How alike (difflib ratio) a misspelt label must be to the format's; only with the item number to confirm."""
MAX_LABEL = 80
"""No label of the format is longer than 40 characters; twice that allows for a note or a neighbour's fragment.
Longer text is a sentence (and reducing every tail of it would take quadratic time)."""
LABEL_CACHE = 8192
"""Distinct label texts kept reduced; a report has a few hundred, a batch reuses them."""

GROUP_KEYS = frozenset(("本年度办理结果", "不予公开", "无法提供", "不予处理"))
"""Row-group labels of 表三: text that stands beside rows but is no row itself."""


@attrs.frozen(kw_only=True)
class Spec:
    """A row of the format as a label to look for."""

    row: Row
    num: int | None
    """The item number printed before the label (``1.`` → 1, ``（三）`` → 3), ``None`` without one."""
    bares: tuple[str, ...]
    """The label's key (and its aliases'), reduced by :func:`~._normalise.key`."""
    needs_num: bool
    heads_group: bool = False
    """The label also heads a group of rows (2021's （六）其他处理 over its three sub-rows)."""


def num_value(num: str | None) -> int | None:
    """The number of a numbering as :func:`~._normalise.numbering` gives it (``"(3)"`` → 3)."""
    if num is None:
        return None
    digits = re.sub(r"\D", "", num)
    return int(digits) if digits else None


@functools.lru_cache(maxsize=LABEL_CACHE)
def label_key(text: str) -> tuple[int | None, str]:
    """A printed label's item number and key, computed once per distinct text."""
    num, _ = numbering(text)
    return num_value(num), key(text)


def _spec(row: Row, aliases: tuple[str, ...] = ()) -> Spec:
    num, _ = numbering(row.label)
    bare = key(row.label)
    return Spec(row=row, num=num_value(num), bares=(bare, *aliases), needs_num=len(bare) < SHORT_LABEL)


@functools.cache
def specs(version: str, table: str) -> tuple[Spec, ...]:
    """Every row of a table (both layouts of （六）), reduced once per version and table."""
    other = other_layout_row(version, table)
    out = []
    for row in all_rows(version, table):
        spec = _spec(row, ALIASES.get(row.key, ()))
        if other is not None and row.key == other.key:
            spec = attrs.evolve(spec, heads_group=True)
        out.append(spec)
    return tuple(out)


@functools.cache
def other_layout_row(version: str, table: str) -> Row | None:
    """The one-row （六）其他处理 of the 2021 format (``None`` for a table or version without another layout)."""
    own = {r.key for r in rows(version, table)}
    return next((r for r in all_rows(version, table) if r.key not in own), None)


@functools.cache
def header_keys(version: str, table: str) -> frozenset[str]:
    """The keys of a table's column headers (and the words heading its label column)."""
    return frozenset(
        {key(c.label) for s in specs(version, table) for c in s.row.columns} | {"信息内容", "申请人情况", "总计"}
    )


def matches(spec: Spec, text: str, fuzzy: bool) -> bool:
    """Whether ``text`` is the row's label (``fuzzy``: also truncated, with a note, or with a typo)."""
    n, k = label_key(text)
    if not k:
        return False
    if spec.needs_num and n != spec.num:
        return False
    if n is not None and spec.num is not None and n != spec.num:
        return False
    for bare in spec.bares:
        if k == bare:
            return True
        if not fuzzy:
            continue
        if len(k) >= MIN_TRUNCATED and bare.startswith(k):
            return True  # truncated label
        if len(bare) >= SHORT_LABEL and k.startswith(bare) and len(k) <= len(bare) + MAX_NOTE:
            return True  # label with a note appended
        if (
            len(k) >= MIN_TYPO
            and len(bare) >= MIN_TYPO
            and n is not None
            and difflib.SequenceMatcher(None, k, bare).ratio() >= TYPO_RATIO
        ):
            return True  # a typo, with the numbering to confirm it
    return False


_HITS: dict[tuple[int, str], tuple[tuple[Spec, ...], tuple[int, ...]]] = {}


def _hits(table_specs: tuple[Spec, ...], text: str) -> tuple[int, ...]:
    """The rows ``text`` labels: the exact matches, or else the fuzzy ones (computed once per text and table)."""
    cache_key = (id(table_specs), text)
    cached = _HITS.get(cache_key)
    if cached is not None and cached[0] is table_specs:
        return cached[1]
    hits: tuple[int, ...] = ()
    for fuzzy in (False, True):
        hits = tuple(i for i, s in enumerate(table_specs) if matches(s, text, fuzzy))
        if hits:
            break
    if len(_HITS) >= LABEL_CACHE:
        _HITS.clear()
    _HITS[cache_key] = (table_specs, hits)
    return hits


def match(table_specs: tuple[Spec, ...], text: str, cursor: int) -> int | None:
    """The index of the row ``text`` labels: exact matches first, the first at or after ``cursor`` preferred."""
    hits = _hits(table_specs, text)
    if not hits:
        return None
    return next((i for i in hits if i >= cursor), hits[0])


def match_label(table_specs: tuple[Spec, ...], text: str, cursor: int) -> int | None:
    """Like :func:`match`, also when the label is preceded by pieces of others (``本  2.其他法律…``).

    Text laid out in columns puts the characters of a vertical row-group label (三、本年度办理结果 printed one
    character a line) or the end of a wrapped neighbour before a row's label, separated by spaces.
    """
    if len(text) <= MAX_LABEL:
        hit = match(table_specs, text, cursor)
        if hit is not None:
            return hit
    parts = text.split()
    tails: list[str] = []
    rest = ""
    for part in reversed(parts[1:]):
        rest = f"{part} {rest}" if rest else part
        if len(rest) > MAX_LABEL:
            break  # a label is never this long: only the last pieces can be one
        tails.append(rest)
    for rest in reversed(tails):  # the longest tail first, as the whole text was tried first
        hit = match(table_specs, rest, cursor)
        if hit is not None:
            return hit
    return None


def _plain(text: str) -> str:
    """A label's words alone: no numbering, punctuation, brackets or spaces (notes in brackets kept)."""
    _, rest = numbering(text)
    return re.sub(r"[()（）]", "", squash(rest))


def continues(spec: Spec, text: str) -> bool:
    """Whether ``text`` (a label and the next piece of a wrapped cell) is still the start of the row's label."""
    return any(_plain(label).startswith(_plain(text)) for label in (spec.row.label, *spec.bares[1:]))
