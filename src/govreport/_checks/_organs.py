"""Whether two reports are by the same organ: its name as two years' reports spell it, and its region code.

Reports of one organ spell its name differently from year to year: 淮安市洪泽区人民政府 one year, 洪泽区人民政府 the
next; 管委会 or 管理委员会; 区政府办 or 区人民政府办公室; full-width or half-width brackets.  The cross-year rules
compare two reports only when they are of one organ, so :func:`match_organs` decides, and says why in words a
clerk reads.  It recognises:

* spellings: width (NFKC), spaces, punctuation and brackets of every kind; 管委会 = 管理委员会; 政府 = 人民政府;
  政府办 / 府办 = 人民政府办公室; a final 办 = 办公室; 高新技术产业开发区 = 高新区; 经济技术开发区 = 经开区;
* a region prefix present in one name only (淮安市 in 淮安市洪泽区人民政府), when the extra words are names of
  regions: words ending in 省, 自治区, 市, 州, 盟, 地区, 区, 县, 旗 … or 中华人民共和国;
* the region code (``metadata.region_code``, GB/T 2260 or a statistical code): two different codes make names
  that could be one organ's two different organs; the same code lets names that differ only in their region
  words be one organ's.  No table of codes or region names is bundled, so a code is never matched with a name.

It does not recognise traditional characters, abbreviations beyond those listed (科委 for 科学技术委员会 is only
"possibly the same") or an organ renamed by a reorganisation.  A pair it cannot settle is compared, since the
caller gave the previous report as the same organ's; a pair whose names differ in more than one character
(公安局 and 财政金融局, 洪泽区 and 淮阴区), or whose region codes differ, is two organs.
"""

from __future__ import annotations

import enum
import re
import unicodedata

import attrs


class Decision(enum.Enum):
    """How two organ names compare."""

    IDENTICAL = "identical"
    SPELLING = "spelling"
    """The same name, spelled differently."""
    REGION = "region"
    """The same name, one with a region prefix the other leaves out."""
    TRUSTED = "trusted"
    """Not settled by the names: taken as one organ because the caller gave the reports as one organ's."""
    DIFFERENT = "different"


@attrs.frozen(kw_only=True)
class OrganMatch:
    """The decision on two reports' organs, and what a clerk is told about it (empty when the names are equal)."""

    decision: Decision
    note: str = ""

    @property
    def same(self) -> bool:
        """Whether the two reports are compared as one organ's."""
        return self.decision is not Decision.DIFFERENT


_NOT_NAME = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]+")
"""Everything that is not a letter of a name: spaces, punctuation, brackets of every width, markdown."""

_SPELLINGS = (
    (re.compile("管委会"), "管理委员会"),
    (re.compile("高新技术产业开发区"), "高新区"),
    (re.compile("经济技术开发区"), "经开区"),
    (re.compile("(?<!人民)政府"), "人民政府"),
    (re.compile("人民政府办(?!公)"), "人民政府办公室"),
    (re.compile("(?<![政人])府办(?!公)"), "人民政府办公室"),
    (re.compile("办$"), "办公室"),
)
"""Spellings of one name, rewritten to one form (applied in order)."""

_REGION_WORD = (
    r"(?:中华人民共和国|[\u4e00-\u9fff]{1,12}?"
    r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|新区|林区|省|市|州|盟|区|县|旗))"
)
_REGIONS = re.compile(f"(?:{_REGION_WORD})+")
"""One or more names of regions, each ending in the word for its kind (省, 市, 区, 县 …)."""


def spelling(name: str) -> str:
    """A name in one spelling: full-width folded, spaces and punctuation dropped, common variants rewritten."""
    text = _NOT_NAME.sub("", unicodedata.normalize("NFKC", name))
    for pattern, replacement in _SPELLINGS:
        text = pattern.sub(replacement, text)
    return text


def _code(code: str | None) -> str | None:
    """A region code as 12 digits (a 6-digit GB/T 2260 code padded with zeros); ``None`` when it is not one."""
    if code is None:
        return None
    code = code.strip()
    if not code.isascii() or not code.isdigit() or len(code) not in (6, 9, 12):
        return None
    return code.ljust(12, "0")


def _is_regions(text: str) -> bool:
    return _REGIONS.fullmatch(text) is not None


def _regions_end(name: str) -> int:
    """Where the region words at the start of a name end (0 when it starts with none)."""
    found = _REGIONS.match(name)
    return found.end() if found else 0


def _abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` could abbreviate ``long`` (科委, 科学技术委员会): same first character, its characters
    found in ``long`` in order."""
    if not short or len(short) >= len(long) or short[0] != long[0]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)


def _split(a: str, b: str) -> tuple[int, int]:
    """The lengths of the common prefix and the common suffix of two strings, the suffix taken first (region
    words, which one name may leave out, come first)."""
    suffix = 0
    while suffix < min(len(a), len(b)) and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    prefix = 0
    while prefix < min(len(a), len(b)) - suffix and a[prefix] == b[prefix]:
        prefix += 1
    return prefix, suffix


_REGION_KINDS = frozenset("省市区县旗州盟")
"""The one-character words for a kind of region, which names often leave out (淮安洪泽区 for 淮安市洪泽区)."""

_COUNTRY = "中华人民共和国"

_GOVERNMENT = frozenset({"人民政府", "管理委员会", "党工委管理委员会", "行政公署"})
"""What a place's name alone stands for (平潭综合实验区 for 平潭综合实验区管委会)."""


def match_organs(
    this: str, previous: str, *, this_code: str | None = None, previous_code: str | None = None
) -> OrganMatch:
    """Whether this year's and last year's reports are of one organ, by their names and region codes."""
    names = f"本报告的机关为“{this}”，所给上年度报告为“{previous}”"
    codes = (_code(this_code), _code(previous_code))
    codes_differ = None not in codes and codes[0] != codes[1]
    codes_same = None not in codes and codes[0] == codes[1]
    code_note = f"行政区划代码不同（{this_code}、{previous_code}）"
    if this == previous:
        if codes_differ:
            return OrganMatch(decision=Decision.TRUSTED, note=f"机关名称相同，但{code_note}；按同一机关比较")
        return OrganMatch(decision=Decision.IDENTICAL)
    a, b = spelling(this), spelling(previous)
    same = _same_by_name(a, b, names)
    if same is not None:
        if codes_differ:
            return OrganMatch(decision=Decision.TRUSTED, note=f"{same.note}，但{code_note}；仍按同一机关比较")
        return same
    if codes_differ:
        return OrganMatch(decision=Decision.DIFFERENT, note=f"{names}，名称不同且{code_note}，不是同一机关的报告")
    prefix, suffix = _split(a, b)
    left, right = a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]
    if not left or not right:
        extra = left or right
        if not suffix:
            return OrganMatch(
                decision=Decision.DIFFERENT,
                note=f"{names}：一份的名称末尾多出“{extra}”，是另一机关，不是同一机关的报告",
            )
        if _is_regions(extra) and not prefix:
            return OrganMatch(
                decision=Decision.TRUSTED,
                note=f"{names}，一份的名称没有写行政区“{extra}”，按所给上年度报告比较",
            )
        if _is_regions(extra):
            return OrganMatch(
                decision=Decision.DIFFERENT,
                note=f"{names}：一份的名称多出下级行政区“{extra}”，是另一级机关，不是同一机关的报告",
            )
        return OrganMatch(
            decision=Decision.TRUSTED,
            note=f"{names}，一份的名称多出“{extra}”，无法断定是否同一机关；按所给上年度报告比较",
        )
    if max(len(left), len(right)) <= 1:
        return OrganMatch(
            decision=Decision.TRUSTED,
            note=f"{names}，只相差一字（“{left}”、“{right}”），可能是误写；按所给上年度报告比较",
        )
    # an abbreviation of the organ's own words (科委, 科学技术委员会): from where the shared region words end
    start = min(prefix, _regions_end(a), _regions_end(b))
    short, long = sorted((a[start : len(a) - suffix], b[start : len(b) - suffix]), key=len)
    if _abbreviates(short, long):
        return OrganMatch(
            decision=Decision.TRUSTED, note=f"{names}，“{short}”可能是“{long}”的简称；按所给上年度报告比较"
        )
    if codes_same and prefix + len(left) <= _regions_end(a) and prefix + len(right) <= _regions_end(b):
        return OrganMatch(
            decision=Decision.TRUSTED,
            note=f"{names}，行政区名称写法不同，但行政区划代码相同（{this_code}）；按同一机关比较",
        )
    return OrganMatch(decision=Decision.DIFFERENT, note=f"{names}：名称中“{left}”与“{right}”不同，不是同一机关的报告")


def _same_by_name(a: str, b: str, names: str) -> OrganMatch | None:
    """The match of two names (in one spelling) that the names alone show to be one organ's; else ``None``."""
    if a == b:
        return OrganMatch(decision=Decision.SPELLING, note=f"{names}，只是写法不同，按同一机关比较")
    prefix, suffix = _split(a, b)
    left, right = a[prefix : len(a) - suffix], b[prefix : len(b) - suffix]
    if left and right:
        return None
    extra = left or right
    if not suffix:  # one name goes on: only a place's name alone and its government's are one organ
        shorter = a if right else b
        if extra in _GOVERNMENT and _is_regions(shorter):
            return OrganMatch(
                decision=Decision.SPELLING, note=f"{names}，其中一份只写了地名“{shorter}”，按同一机关比较"
            )
        return None
    if extra in _REGION_KINDS:
        return OrganMatch(
            decision=Decision.SPELLING, note=f"{names}，其中一份的行政区名称省略了“{extra}”字，按同一机关比较"
        )
    # region words only one name writes, above a region both name (淮安市 before 洪泽区), or the country's name
    if (extra == _COUNTRY and not prefix) or (_is_regions(extra) and _regions_end(a[len(a) - suffix :]) > 0):
        return OrganMatch(
            decision=Decision.REGION, note=f"{names}，其中一份在名称前多写了上级行政区“{extra}”，按同一机关比较"
        )
    return None


__all__ = ["Decision", "OrganMatch", "match_organs", "spelling"]
