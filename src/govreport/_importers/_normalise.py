"""Tolerant text handling: label keys, numbering, traditional forms, cell values."""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from govreport._importers import _chinese
from govreport.formats._fields import CellKind
from govreport.formats.cells import MAX_AMOUNT, MAX_COUNT, Mark, Unreadable

# Known variant spellings (after normalisation) → the official wording.
_VARIANTS = (
    ("档案", "文件"),  # mirror sites convert 文件 → 檔案
    ("行政法复议", "行政复议"),
)

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

_NUMBERING = re.compile(
    r"^\s*(?:(?P<p>[(]\s*(?P<pn>[一二三四五六七八九十]{1,3}|\d{1,2})\s*[)])"
    r"|(?P<c>(?P<cn>[一二三四五六七八九十]{1,3})\s*[、.,)]?)"
    r"|(?P<a>(?P<an>\d{1,2})\s*[、.,)]))\s*"
)
_PAREN = re.compile(r"[(][^()]*[)]")
_DROP = re.compile(r"[\s\u3000\xa0\u200b\ufeff.,、。:;!?'\"“”‘’《》<>〈〉【】\[\]{}·*#|_~`=+\-—–－/\\]")


FOOTNOTE_MARK = re.compile(r"(?:[\u00b9\u00b2\u00b3\u2070-\u2079]+|[\u2460-\u2473]|\[\d{1,2}\]|[*※†‡])+$")
"""Footnote marks at the end of a label or a number: superscript digits, ①…⑳, ``[1]``, ``*``, ``※``, ``†``.
They are furniture, never part of a value (NFKC would turn ``12¹`` into ``121``)."""


def strip_footnote(text: str) -> str:
    """The text without footnote marks at its end (unchanged when nothing else is left)."""
    out = FOOTNOTE_MARK.sub("", text.rstrip()).rstrip()
    return out if out.strip() else text


CACHED = 16384
"""Distinct short texts (labels, cell texts) whose reductions are kept: a report has a few hundred, the same ones
recur in every report of a batch, and reducing them again was most of an import's time."""


def t2s(text: str) -> str:
    """The text in simplified characters (OpenCC's ``t2s``, see :mod:`._chinese`)."""
    return _chinese.t2s(text)


FULL_WIDTH = str.maketrans({**{c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}, 0x3000: " "})
"""Full-width ASCII forms and the ideographic space as NFKC maps them: Chinese text is full of them (，（：１),
and mapping them first leaves most text already normalised, so the slow full normalisation is seldom needed."""


def nfkc(text: str) -> str:
    """NFKC with the ideographic space and no-break space as spaces, traditional forms simplified."""
    s = text.translate(FULL_WIDTH)
    if not unicodedata.is_normalized("NFKC", s):
        s = unicodedata.normalize("NFKC", s)
    return t2s(s)


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS[text[1]]
    if len(text) == 2 and text.endswith("十"):
        return _CN_DIGITS[text[0]] * 10
    if len(text) == 3 and text[1] == "十":
        return _CN_DIGITS[text[0]] * 10 + _CN_DIGITS[text[2]]
    return _CN_DIGITS.get(text[0], 0)


@functools.lru_cache(maxsize=CACHED)
def numbering(text: str) -> tuple[str | None, str]:
    """The item numbering of a label and the rest.

    ``（一）`` → ``"(1)"``, ``一、`` → ``"1、"``, ``1.`` → ``"1."``; ``None`` when there is none.
    """
    s = nfkc(text).strip()
    m = _NUMBERING.match(s)
    if not m:
        return None, s
    rest = s[m.end() :]
    if m.group("p"):
        return f"({_cn_number(m.group('pn'))})", rest
    if m.group("c"):
        sep = m.group("c")[len(m.group("cn")) :].strip()
        if not rest:
            return None, s  # a bare numeral ("十二") is text, not numbering
        if not sep and rest[:1] and not rest[:1].isspace() and rest[:1] in "年月日是":
            return None, s  # "一是…", "十年…" are not numbering
        if sep == ")":
            return f"({_cn_number(m.group('cn'))})", rest
        return f"{_cn_number(m.group('cn'))}、", rest
    return f"{int(m.group('an'))}.", rest


@functools.lru_cache(maxsize=CACHED)
def key(text: str) -> str:
    """A label reduced for comparison: no numbering, no parenthesised notes, no punctuation or spaces, no footnote
    marks."""
    _, rest = numbering(strip_footnote(text))
    out = _DROP.sub("", _PAREN.sub("", rest))
    for old, new in _VARIANTS:
        out = out.replace(old, new)
    return out


def squash(text: str) -> str:
    """The text without any spaces or punctuation (numbering kept), traditional forms simplified."""
    return _DROP.sub("", nfkc(text))


_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK2 = re.compile(r"[\u4e00-\u9fff]{2}")
_COUNT_UNITS = ("件", "条", "个", "项", "次", "人次", "人", "份", "家", "户", "笔", "宗", "起", "批", "篇")
"""Units a count is written with (``5件``, ``2笔``): the number is read, the unit dropped."""
_WHOLE_DECIMAL = re.compile(r"([+-]?\d+)\.0+")
"""A whole number written with zero decimals (spreadsheet formatting); any other decimal in a count is not read."""
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_MARKS = {
    "": Mark.BLANK,
    "/": Mark.SLASH,
    "—": Mark.DASH,
    "——": Mark.DASH,
    "-": Mark.DASH,
    "--": Mark.DASH,
    "–": Mark.DASH,
    "无": Mark.NONE,
}


@functools.lru_cache(maxsize=CACHED)
def value_like(text: str) -> bool:
    """Whether a piece of a table looks like a cell value rather than a label.

    Empty text, a mark, or anything with a digit and no run of two Chinese characters
    (``12``, ``1,234``, ``251000元``, ``减4``, ``? 0``) is value-like.
    """
    s = nfkc(text).strip()
    if s in _MARKS or s in {"/", "\\"}:
        return True
    return any(ch.isdigit() for ch in s) and not _CJK2.search(s) and len(s) <= 24


def _clean_number(s: str) -> str:
    s = s.replace(" ", "").replace("，", ",").replace("−", "-")
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    return s


@functools.lru_cache(maxsize=CACHED)
def parse_cell(text: str, kind: CellKind, unit: str | None) -> tuple[object, str | None]:
    """A cell's value from its text: a number, a :class:`Mark`, or :class:`Unreadable`.

    Returns the value and, for a procurement amount written with a unit (``251000元``), the unit.
    Never guesses: anything that is not plainly a number or a mark stays unreadable with its text.
    """
    raw = text
    s = nfkc(strip_footnote(text)).strip().replace("\u3000", "").replace("\xa0", "")
    if s in _MARKS:
        return _MARKS[s], None
    written_unit: str | None = None
    if kind in (CellKind.COUNT, CellKind.SIGNED_COUNT):
        for u in sorted(_COUNT_UNITS, key=len, reverse=True):
            if s.endswith(u) and len(s) > len(u):
                s = s[: -len(u)].strip()
                break
        s = _clean_number(s)
        whole = _WHOLE_DECIMAL.fullmatch(s)
        if whole:
            s = whole.group(1)  # "0.00", "12.0": a count formatted with decimals is still that count
        if not re.fullmatch(r"[+-]?\d+", s):
            return Unreadable(unreadable=raw), None
        n = int(s)
        if (n < 0 and kind is CellKind.COUNT) or abs(n) > MAX_COUNT or (s.startswith("+") and False):
            return Unreadable(unreadable=raw), None
        return n, None
    # amounts
    if s.endswith("万元"):
        written_unit, s = "万元", s[:-2].strip()
    elif s.endswith("元"):
        written_unit, s = "元", s[:-1].strip()
    if written_unit is not None and unit is not None and written_unit != unit:
        return Unreadable(unreadable=raw), None  # a unit other than the column's: never converted
    s = _clean_number(s)
    if not _NUMBER.match(s) or s.startswith(("+", "-")):
        return Unreadable(unreadable=raw), None
    try:
        d = Decimal(s)
    except InvalidOperation:
        return Unreadable(unreadable=raw), None
    if d > MAX_AMOUNT:
        return Unreadable(unreadable=raw), None
    return d, written_unit


def has_cjk(text: str) -> bool:
    """Whether the text holds a Chinese character."""
    return bool(_CJK.search(text))
