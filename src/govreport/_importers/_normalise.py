"""Tolerant text handling: label keys, numbering, traditional forms, cell values."""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from govreport.formats._fields import CellKind
from govreport.formats.cells import MAX_AMOUNT, MAX_COUNT, Mark, Unreadable

# Traditional → simplified, for the characters of the labels, headings and metadata the importers look for.
_T2S_PAIRS = (
    "據据 數数 規规 範范 檔档 機机 關关 於于 開开 處处 決决 許许 費费 條条 項项 對对 總总 計计 結结 轉转 "
    "權权 國国 過过 審审 錄录 復复 議议 訴诉 訟讼 維维 糾纠 發发 廢废 現现 製制 務务 資资 訊讯 產产 區区 縣县 "
    "鎮镇 級级 報报 體体 況况 動动 設设 學学 營营 專专 門门 應应 請请 寫写 統统 監监 護护 衛卫 號号 東东 陽阳 "
    "廣广 達达 網网 經经 濟济 術术 業业 會会 員员 辦办 務务 險险 災灾 驗验 來来 這这 時时 間间 問问 題题 進进 "
    "難难 協协 調调 標标 準准 筆笔 幾几 將将 從从 證证 處处 類类 屬属 內内 事事 為为 實实 際际 無无 與与 舉举 "
    "嚴严 確确 認认 獲获 費费 繳缴 納纳 補补 逾逾 執执 詢询 讀读 釋释 聯联 繫系 話话 電电 郵邮 地地 址址 單单 "
    "穩稳 險险 產产 業业 組组 織织 團团 務务 複复 維维 護护 訊讯 記记 載载 權权 併并 圍围 龍龙 鄉乡 街街 莊庄 "
    "書书 寧宁 蘇苏 漢汉 陝陕 雲云 貴贵 廳厅 門门 戶户 當当 屆届 傳传 導导 議议 辭辞 課课 則则 質质 觀观 點点 "
    "詳详 細细 劃划 範范 億亿 萬万 個个 場场 覽览 層层 並并 歸归 們们 壓压 響响 勵励 驗验 顯显 顧顾 態态 價价 "
    "罰罚 強强 補补 紀纪 類类 啟启 後后 眾众 產产 舊旧 環环 綜综 區区 稅税 貿贸 園园 購购 額额 採采 筆笔 輛辆"
)
_T2S = {pair[0]: pair[1] for pair in _T2S_PAIRS.split()}
_T2S_TABLE = str.maketrans(_T2S)

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
    """Simplified forms of the traditional characters govreport looks for."""
    return text.translate(_T2S_TABLE)


def nfkc(text: str) -> str:
    """NFKC with the ideographic space and no-break space as spaces, traditional forms simplified."""
    return t2s(unicodedata.normalize("NFKC", text))


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
