"""Chinese text helpers backed by well-kept libraries: traditional → simplified (OpenCC) and Chinese numerals (cn2an).

* :func:`t2s` converts with OpenCC's ``t2s`` configuration (character and phrase tables kept by the OpenCC
  project), one converter per process.  Only when the ``opencc`` package cannot be imported (a platform
  without its wheel) does it fall back to a small table of the characters the report labels, headings and
  metadata use; the note :data:`T2S_ENGINE` says which one is in use.
* :func:`chinese_number` reads a Chinese numeral (``一千二百三十四``, ``十二``) with cn2an in its strict mode:
  anything that is not wholly a numeral (``十二件``, ``两万``, ``1.5万``) or not a whole number gives ``None``,
  never a guess.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

# Used only when OpenCC is not installed: the characters of the format's labels, headings and metadata.
_FALLBACK_PAIRS = (
    "據据 數数 規规 範范 檔档 機机 關关 於于 開开 處处 決决 許许 費费 條条 項项 對对 總总 計计 結结 轉转 "
    "權权 國国 過过 審审 錄录 復复 議议 訴诉 訟讼 維维 糾纠 發发 廢废 現现 製制 務务 資资 訊讯 產产 區区 縣县 "
    "鎮镇 級级 報报 體体 況况 動动 設设 學学 營营 專专 門门 應应 請请 寫写 統统 監监 護护 衛卫 號号 東东 陽阳 "
    "廣广 達达 網网 經经 濟济 術术 業业 會会 員员 辦办 險险 災灾 驗验 來来 這这 時时 間间 問问 題题 進进 "
    "難难 協协 調调 標标 準准 筆笔 幾几 將将 從从 證证 類类 屬属 內内 為为 實实 際际 無无 與与 舉举 "
    "嚴严 確确 認认 獲获 繳缴 納纳 補补 執执 詢询 讀读 釋释 聯联 繫系 話话 電电 郵邮 單单 "
    "穩稳 組组 織织 團团 複复 記记 載载 併并 圍围 龍龙 鄉乡 莊庄 "
    "書书 寧宁 蘇苏 漢汉 陝陕 雲云 貴贵 廳厅 戶户 當当 屆届 傳传 導导 辭辞 課课 則则 質质 觀观 點点 "
    "詳详 細细 劃划 億亿 萬万 個个 場场 覽览 層层 並并 歸归 們们 壓压 響响 勵励 顯显 顧顾 態态 價价"
)
_FALLBACK_TABLE = str.maketrans({pair[0]: pair[1] for pair in _FALLBACK_PAIRS.split()})


def _fallback_t2s(text: str) -> str:
    """The characters of :data:`_FALLBACK_PAIRS` simplified; everything else as it is."""
    return text.translate(_FALLBACK_TABLE)


@functools.cache
def _converter() -> tuple[str, Callable[[str], str]]:
    try:
        import opencc
    except ModuleNotFoundError:
        return "fallback table", _fallback_t2s
    convert: Callable[[str], str] = opencc.OpenCC("t2s").convert
    return "opencc t2s", convert


def t2s(text: str) -> str:
    """``text`` in simplified characters (OpenCC ``t2s``; the fallback table only without OpenCC)."""
    if text.isascii():
        return text  # nothing to convert, and the converter is not even loaded
    try:
        return _converter()[1](text)
    except UnicodeEncodeError:  # a lone surrogate (a damaged UTF-16 PDF title, say): OpenCC takes UTF-8 only
        return _converter()[1](_LONE_SURROGATE.sub("\ufffd", text))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
"""Half of a UTF-16 pair, which no UTF-8 text can hold; replaced one for one, so offsets into the text stay put."""


def t2s_engine() -> str:
    """Which converter :func:`t2s` uses: ``opencc t2s`` or ``fallback table``."""
    return _converter()[0]


@functools.cache
def _cn2an() -> Any:
    import cn2an  # loaded on first use: importing it takes about 0.2 s

    return cn2an.cn2an


def chinese_number(text: str) -> int | None:
    """The whole number a Chinese numeral writes (``十二`` → 12, ``一千零五`` → 1005, ``负三`` → −3).

    ``None`` for anything else: text around the numeral (``十二件``), colloquial forms cn2an's strict mode
    does not accept (``两万``), Arabic digits mixed in (``1.5万``), a fraction (``一点五``), or empty text.
    """
    s = text.strip()
    if not s or s.isascii():
        return None
    try:
        value = _cn2an()(s, "strict")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float):
        if not value.is_integer() or "点" in s:
            return None
        return int(value)
    return value
