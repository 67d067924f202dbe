"""From a source document's lines and tables to a report: sections, prose, metadata and table cells."""

from __future__ import annotations

import datetime
import difflib
import re
from typing import Any

import attrs

from govreport._importers import _arith, _runon
from govreport._importers._normalise import key, nfkc, numbering, parse_cell, squash, value_like
from govreport._importers._registry import ImportFailed
from govreport._importers._result import Declined, ImportReport, ImportResult, Provenance, Unplaced
from govreport._importers._source import Line, SourceDocument, SourceTable, Where
from govreport.convert import unstructure
from govreport.formats import FORMAT_VERSIONS, AnyReport, default_version_for_year
from govreport.formats._fields import CellKind
from govreport.formats.cells import Mark, Unreadable
from govreport.formats.text import scrub
from govreport.layout import Row, all_rows, rows
from govreport.validate import validate_data

SECTION_HEADINGS = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}
"""The six section headings as the format prints them."""

_MARKERS_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "其他对外管理服务事项",
    "政府集中采购",
)
_MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "本年处理决定数量")


@attrs.frozen(kw_only=True)
class _Tok:
    text: str
    where: Where
    from_text: bool


# ---------------------------------------------------------------- sections


def section_of(text: str) -> int | None:
    """The section (1–6) a heading line starts, or ``None``."""
    s = text.strip().lstrip("#").strip()
    if not s or len(s) > 45 or re.search(r"[，,；;]", s) or "。" in s[:-1]:
        return None
    num, _ = numbering(s)
    if num is not None and num.startswith("("):
        return None  # （一）… are sub-headings, never sections
    k = key(s)
    if s.endswith("。") and len(k) > 16:
        return None
    if k in {"总体情况", "概述", "总体情况概述", "总体概况", "基本情况", "工作基本情况", "工作概况"}:
        return 1
    if "主动公开政府信息" in k and len(k) <= 14:
        return 2
    if "收到和处理" in k and "申请" in k and len(k) <= 24:
        return 3
    if "行政复议" in k and "行政诉讼" in k and len(k) <= 32:
        return 4
    if "问题" in k and "改进" in k and len(k) <= 26:
        return 5
    if "其他需要报告" in k and len(k) <= 14:
        return 6
    return None


def _tolerant(heading: str) -> str:
    """The heading with at most one stray character after each of its characters (``行政法复议``)."""
    return re.escape(heading[:2]) + "".join(re.escape(c) + r"[^\s。，；]?" for c in heading[2:-1]) + heading[-1]


_INLINE_HEADINGS = re.compile("|".join(_tolerant(h) for h in SECTION_HEADINGS.values()))


def _split_run_on(lines: list[Line]) -> list[Line]:
    """Break very long lines (page text with the whole report on one line) before the official headings."""
    out: list[Line] = []
    for line in lines:
        if len(line.text) < 400 or not _INLINE_HEADINGS.search(line.text):
            out.append(line)
            continue
        start = 0
        for m in _INLINE_HEADINGS.finditer(line.text):
            if m.start() > start:
                out.append(Line(text=line.text[start : m.start()], where=line.where))
            out.append(Line(text=m.group(0), where=line.where))
            start = m.end()
        out.append(Line(text=line.text[start:], where=line.where))
    return out


# ---------------------------------------------------------------- table tokens


_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _line_tokens(line: Line) -> list[_Tok]:
    raw = line.text
    w = line.where
    if not raw.strip():
        # a tab-indented empty line is an empty cell (as in the seed); any other empty line separates rows
        return [_Tok(text="", where=w, from_text=True)] if "\t" in raw else []
    if _MD_RULE.match(raw):
        return []
    if "|" in raw or "｜" in raw:
        s = raw.replace("｜", "|").strip()
        if set(s) <= {"|", " "}:
            return []
        parts = s.split("|")
        if s.startswith("|"):
            parts = parts[1:]
        if s.endswith("|"):
            parts = parts[:-1]
        return [_Tok(text=p.strip(), where=w, from_text=False) for p in parts]
    s = raw.strip()
    if "\t" in s:
        return [_Tok(text=p.strip(), where=w, from_text=False) for p in re.split(r"\t+", s)]
    parts = s.split()
    if len(parts) > 1:
        if all(value_like(p) for p in parts):
            return [_Tok(text=p, where=w, from_text=False) for p in parts]
        tail: list[str] = []
        while parts and value_like(parts[-1]):
            tail.insert(0, parts.pop())
        if tail and parts:
            head = " ".join(parts)
            return [_Tok(text=head, where=w, from_text=False)] + [_Tok(text=t, where=w, from_text=False) for t in tail]
    return [_Tok(text=s, where=w, from_text=True)]


def _table_tokens(table: SourceTable) -> list[_Tok]:
    return [_Tok(text=c.text, where=c.where, from_text=False) for row in table.rows for c in row]


# ---------------------------------------------------------------- row matching


@attrs.frozen(kw_only=True)
class _Spec:
    row: Row
    num: int | None
    bares: tuple[str, ...]
    needs_num: bool


def _num_value(num: str | None) -> int | None:
    if num is None:
        return None
    digits = re.sub(r"\D", "", num)
    return int(digits) if digits else None


def _spec(row: Row, label: str | None = None, aliases: tuple[str, ...] = ()) -> _Spec:
    text = label or row.label
    num, _ = numbering(text)
    bare = key(text)
    return _Spec(row=row, num=_num_value(num), bares=(bare, *aliases), needs_num=len(bare) < 4)


def _matches(spec_num: int | None, bares: tuple[str, ...], needs_num: bool, text: str, fuzzy: bool) -> bool:
    num, _ = numbering(text)
    n = _num_value(num)
    k = key(text)
    if not k:
        return False
    if needs_num and n != spec_num:
        return False
    if n is not None and spec_num is not None and n != spec_num:
        return False
    for bare in bares:
        if k == bare:
            return True
        if not fuzzy:
            continue
        if len(k) >= 5 and bare.startswith(k):
            return True  # truncated label
        if len(bare) >= 4 and k.startswith(bare) and len(k) <= len(bare) + 12:
            return True  # label with a note appended
        if len(k) >= 5 and len(bare) >= 5 and n is not None and difflib.SequenceMatcher(None, k, bare).ratio() >= 0.75:
            return True  # a typo, with the numbering to confirm it
    return False


_GROUPS = ("本年度办理结果", "不予公开", "无法提供", "不予处理")


class _Table:
    """Fills one table's rows from a token stream."""

    def __init__(self, name: str, specs: list[_Spec], tokens: list[_Tok]):
        self.name = name
        self.specs = specs
        self.tokens = tokens
        self.found: dict[str, list[_Tok]] = {}
        self.label_where: dict[str, Where] = {}
        self.unplaced: list[Unplaced] = []
        self.partial: dict[str, list[_Tok]] = {}

    def _cell_text(self, tok: _Tok, current: int | None) -> bool:
        """Whether non-numeric text sits where a row's cell belongs (a table cell right after a label)."""
        if current is None or tok.from_text or self._label_from_text:
            return False
        text = tok.text.strip()
        k = key(text)
        if not text or len(text) > 10 or not k or k in _GROUPS:
            return False
        headers = {key(c.label) for s in self.specs for c in s.row.columns} | {"信息内容", "申请人情况", "总计"}
        return k not in headers

    def _match(self, text: str, cursor: int) -> int | None:
        for fuzzy in (False, True):
            hits = [i for i, s in enumerate(self.specs) if _matches(s.num, s.bares, s.needs_num, text, fuzzy)]
            if hits:
                after = [i for i in hits if i >= cursor]
                return after[0] if after else hits[0]
        return None

    def run(self) -> None:
        current: int | None = None
        values: list[_Tok] = []
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
            hit = None if (is_value and text) or not text else self._match(text, cursor)
            if hit is not None:
                close()
                current, cursor = hit, hit
                self._label_from_text = tok.from_text
                self.label_where.setdefault(self.specs[hit].row.key, tok.where)
                continue
            if not is_value and self._cell_text(tok, current):
                is_value = True  # text in a value's place ("十二", "见附件"): kept as unreadable, never dropped
            if not is_value:
                if (text and key(text) in _GROUPS) or (current is not None and values):
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

    def _store(self, index: int, values: list[_Tok]) -> None:
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


@attrs.frozen(kw_only=True)
class _Detached:
    found: dict[str, list[_Tok]]
    placed: set[str]
    refused: dict[str, str]
    notes: list[str]


def _detached_rows(table: _Table, specs: list[_Spec], tokens: list[_Tok]) -> _Detached | None:
    """表三 whose number rows were printed apart from their labels (a PDF converted to Markdown).

    A table row is *labelled* when a row label and its cells share a line, *detached* when a line holds only the
    seven cells.  Labels printed on lines of their own say nothing about which numbers are theirs and are ignored.
    The detached rows between two labelled rows belong to the rows of the print order between them that have no
    numbers: they are placed only when there are exactly as many of each (the order then fixes the placement), and
    kept only when the table's identities hold afterwards.  ``None`` when the table has no detached rows.
    """
    width = len(specs[0].row.columns)
    lines: list[list[_Tok]] = []
    for tok in tokens:
        if tok.from_text:
            lines.append([])
            continue
        if lines and lines[-1] and lines[-1][-1].where == tok.where:
            lines[-1].append(tok)
        else:
            lines.append([tok])
    events: list[tuple[int | None, list[_Tok]]] = []  # (spec index or None for a detached row, cells)
    cursor = 0
    for group in lines:
        if not group:
            continue
        texts = [t.text.strip() for t in group]
        if all(value_like(t) for t in texts):
            if len(group) == width and any(texts):
                events.append((None, group))
            continue
        first = next(
            (i for i, t in enumerate(texts) if t and not value_like(t) and table._match(t, cursor) is not None), None
        )
        if first is None:
            continue
        cells = group[first + 1 :]
        if not all(value_like(t.text) for t in cells):
            continue
        while len(cells) > width and not cells[-1].text.strip():
            cells = cells[:-1]
        if len(cells) != width:
            continue
        hit = table._match(texts[first], cursor)
        assert hit is not None
        cursor = hit
        events.append((hit, cells))
    if not any(i is None for i, _ in events):
        return None
    labelled = [i for i, _ in events if i is not None]
    found: dict[str, list[_Tok]] = {}
    for i, cells in events:
        if i is not None:
            found.setdefault(specs[i].row.key, cells)
    keys = [s.row.key for s in specs]
    itemised = any(k.startswith("results.other_handling.o") for k in found)
    skip = {"results.other_handling.combined"} if itemised else set()
    if "results.other_handling.combined" in found:
        skip = {k for k in keys if k.startswith("results.other_handling.o")}
    placed: set[str] = set()
    refused: dict[str, str] = {}
    notes: list[str] = []
    if labelled != sorted(labelled):
        notes.append("表三: labelled rows are out of the format's order; number rows without labels were not placed")
        return _Detached(found=found, placed=placed, refused=refused, notes=notes)
    gaps: list[tuple[int, int, list[list[_Tok]]]] = []
    prev = -1
    pending: list[list[_Tok]] = []
    for i, cells in events:
        if i is None:
            pending.append(cells)
            continue
        if pending:
            gaps.append((prev, i, pending))
        prev, pending = i, []
    if pending:
        gaps.append((prev, len(specs), pending))
    for lo, hi, rows_ in gaps:
        slots = [keys[k] for k in range(lo + 1, hi) if keys[k] not in found and keys[k] not in skip]
        after = specs[lo].row.label if lo >= 0 else "the start of the table"
        before = specs[hi].row.label if hi < len(specs) else "the end of the table"
        if len(slots) != len(rows_):
            reason = (
                f"{len(rows_)} number rows without labels stand between {after} and {before}, "
                f"where {len(slots)} rows have no numbers: which row is whose is not settled"
            )
            refused.update({k: reason for k in slots})
            continue
        for k, cells in zip(slots, rows_, strict=True):
            found[k] = cells
            placed.add(k)
    failed = _failed_identities(found, specs)
    if placed and failed:
        reason = "number rows without labels were placed by order, but then " + "; ".join(failed[:3]) + " fails"
        for k in sorted(placed):
            del found[k]
            refused[k] = reason
        placed = set()
    if placed:
        notes.append(
            f"表三: {len(placed)} number rows printed apart from their labels were placed by the format's order "
            "(as many rows without numbers as number rows without labels between two labelled rows); "
            "the table's identities hold"
        )
    return _Detached(found=found, placed=placed, refused=refused, notes=notes)


def _failed_identities(found: dict[str, list[_Tok]], specs: list[_Spec]) -> list[str]:
    """The 表三 identities that fail among cells that are all plain numbers."""
    values: dict[str, tuple[int | None, ...]] = {}
    for k, cells in found.items():
        vals: list[int | None] = []
        for t in cells:
            s = nfkc(t.text).strip()
            vals.append(int(s) if s.isdigit() else None)
        values[k] = tuple(vals)
    combined = "results.other_handling.combined"
    itemised = any(k.startswith("results.other_handling.o") for k in found)
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
        if any(t.row not in values or values[t.row][t.column] is None for t in terms):
            continue
        left = sum(values[t.row][t.column] or 0 for t in ident.left)
        right = sum(values[t.row][t.column] or 0 for t in ident.right)
        if left != right:
            out.append(ident.name)
    return out


def _title_hint(page_title: str | None) -> str | None:
    """The part of a web page's ``<title>`` naming the report (``X年度…年度报告_栏目_网站`` → the first part)."""
    if not page_title:
        return None
    for part in re.split(r"\s*[_|｜]\s*|\s+[-—–]\s+", page_title):
        if "报告" in part and re.search(r"\d{4}", nfkc(part)) and len(part) <= 60:
            return part.strip()
    return None


def _joined(tokens: list[_Tok]) -> tuple[str, list[tuple[int, Where]]]:
    """The tokens' text joined by spaces, and where each token starts in it."""
    parts: list[str] = []
    starts: list[tuple[int, Where]] = []
    pos = 0
    for tok in tokens:
        starts.append((pos, tok.where))
        parts.append(tok.text)
        pos += len(tok.text) + 1
    return " ".join(parts), starts


_ALIASES: dict[str, tuple[str, ...]] = {"normative_documents": ("规范性文件", "行政规范性文件")}
"""Other labels a row is printed with: the 2019 format's 规范性文件 for the 2021 行政规范性文件 and back."""


def _other_layout_row(version: str, table: str) -> Row | None:
    """The one-row （六）其他处理 of the 2021 format (``None`` for a table or version without another layout)."""
    own = {r.key for r in rows(version, table)}
    return next((r for r in all_rows(version, table) if r.key not in own), None)


# ---------------------------------------------------------------- the builder


@attrs.frozen(kw_only=True)
class _Sections:
    title_lines: list[Line]
    preamble: list[Line]
    body: dict[int, list[Line]]
    tables: dict[int, list[SourceTable]]


class _Builder:
    def __init__(self, doc: SourceDocument, source: str, importer: str, version: str | None):
        self.doc = doc
        self.source = source
        self.importer = importer
        self.forced_version = version
        self.values: list[Provenance] = []
        self.unreadable: list[Provenance] = []
        self.declined: list[Declined] = []
        self.unplaced: list[Unplaced] = []
        self.notes: list[str] = list(doc.notes)
        self.title_from_page: str | None = None

    # -- sections
    def split(self) -> _Sections:
        items: list[Line | SourceTable] = []
        pending: list[Line] = []
        for block in self.doc.blocks:
            if isinstance(block, Line):
                pending.append(block)
            else:
                items.extend(_split_run_on(pending))
                pending = []
                items.append(block)
        items.extend(_split_run_on(pending))

        current = 0
        body: dict[int, list[Line]] = {i: [] for i in range(7)}
        tables: dict[int, list[SourceTable]] = {i: [] for i in range(7)}
        for item in items:
            if isinstance(item, SourceTable):
                tables[current].append(item)
                continue
            sec = section_of(item.text)
            if sec is not None and sec > current and (current >= 1 or sec <= 2 or self._no_more_one(items)):
                current = sec
                continue
            body[current].append(item)
        title_lines, preamble = self._title(body[0])
        hint = _title_hint(self.doc.title)
        found_title = "".join(_prose(line.text) for line in title_lines)
        if hint is not None and key(found_title) != key(hint):
            # a web page: the article heading repeats the page's <title>; what stands before it is the site's chrome
            at = [i for i, line in enumerate(body[0]) if key(_prose(line.text)) == key(hint)]
            if at:
                title_lines, preamble = [body[0][at[0]]], body[0][at[0] + 1 :]
                self.notes.append("title: the article heading that repeats the page's <title>")
            elif not re.search(r"报告[)）]?$", found_title):
                title_lines, preamble = [], body[0]
                self.title_from_page = hint
                self.notes.append("title: from the page's <title> (the text has no heading naming the report)")
        return _Sections(title_lines=title_lines, preamble=preamble, body=body, tables=tables)

    @staticmethod
    def _no_more_one(items: list[Line | SourceTable]) -> bool:
        return not any(isinstance(i, Line) and section_of(i.text) == 1 for i in items)

    @staticmethod
    def _title(lines: list[Line]) -> tuple[list[Line], list[Line]]:
        nonempty = [i for i, line in enumerate(lines) if line.text.strip()]
        for pos, i in enumerate(nonempty[:10]):
            text = _prose(lines[i].text)
            if "报告" in nfkc(text) and len(text) <= 60:
                start = pos
                title = text
                while start > 0:
                    prev = _prose(lines[nonempty[start - 1]].text)
                    has_year = re.search(r"\d{4}\s*年", nfkc(title)) is not None
                    organ_first = has_year and not re.match(r"^\s*\d{4}", nfkc(title))
                    if organ_first or len(prev) <= 3 or len(prev) > 30 or "。" in prev or prev.startswith("<"):
                        break
                    start -= 1
                    title = prev + title
                title_idx = nonempty[start : pos + 1]
                rest = [line for j, line in enumerate(lines) if j > nonempty[pos]]
                return [lines[j] for j in title_idx], rest
        return [], lines

    # -- version
    def detect_version(self, secs: _Sections, year: int | None) -> tuple[str, str]:
        text = "".join(squash(line.text) for s in (2, 3) for line in secs.body[s])
        text += "".join(squash(c.text) for s in (2, 3) for t in secs.tables[s] for r in t.rows for c in r)
        old = sorted(m for m in _MARKERS_2019 if m in text)
        new = sorted(m for m in _MARKERS_2021 if m in text)
        if self.forced_version is not None:
            found = "2019" if old and not new else "2021" if new and not old else None
            if found is not None and found != self.forced_version:
                self.notes.append(f"--format {self.forced_version} given, but 表二 has the {found} markers")
            return self.forced_version, f"given (--format {self.forced_version})"
        if old and not new:
            return "2019", "表二 has the 2019 markers " + "、".join(old)
        if new and not old:
            return "2021", "表二 has the 2021 markers " + "、".join(new)
        if new and old:
            version = "2021" if len(new) >= len(old) else "2019"
            return version, f"表二 mixes markers (2019: {'、'.join(old)}; 2021: {'、'.join(new)}); more for {version}"
        if "申请人无正当理由逾期不补正" in text or "申请人逾期未按收费通知" in text:
            return "2021", "表三 （六）其他处理 has the 2021 sub-rows"
        if year is not None:
            version = default_version_for_year(year)
            return version, f"no table markers; the format prescribed for report year {year}"
        return FORMAT_VERSIONS[-1], "no table markers and no report year; the current format assumed"

    # -- tables
    def tables(self, secs: _Sections, version: str) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for sec, name in ((2, "二"), (3, "三"), (4, "四")):
            tokens: list[_Tok] = []
            for line in secs.body[sec]:
                tokens.extend(_line_tokens(line))
            for table in secs.tables[sec]:
                tokens.extend(_table_tokens(table))
            layout_rows = rows(version, name)
            if name == "四":
                self._table4(layout_rows, tokens, data)
            else:
                self._labelled(name, version, layout_rows, tokens, data, bool(secs.body[sec] or secs.tables[sec]))
        return data

    def _labelled(
        self, name: str, version: str, layout_rows: list[Row], tokens: list[_Tok], data: dict[str, Any], present: bool
    ) -> None:
        specs = [_spec(row, aliases=_ALIASES.get(row.key, ())) for row in all_rows(version, name)]
        combined = _other_layout_row(version, name)
        table = _Table(name, specs, tokens)
        table.run()
        placed: set[str] = set()
        refused: dict[str, str] = {}
        if name == "三":
            detached = _detached_rows(table, specs, tokens)
            if detached is not None:
                table.found, table.partial, table.unplaced = detached.found, {}, []
                placed, refused = detached.placed, detached.refused
                self.notes.extend(detached.notes)
        self.unplaced.extend(table.unplaced)
        chosen = list(layout_rows)
        if combined is not None:
            itemised = any(
                r.key in table.found or r.key in table.partial for r in layout_rows if "other_handling" in r.key
            )
            if not itemised and (combined.key in table.found or combined.key in table.partial):
                chosen = rows(version, name, other_handling="combined")
                _set(data, ("applications", "results", "other_handling", "layout"), "combined")
            else:
                _set(data, ("applications", "results", "other_handling", "layout"), "itemised")
        run_together = not table.found and any(len(t.text) > 60 for t in tokens)
        if run_together and self._run_on(name, version, layout_rows, tokens, data):
            return
        for row in chosen:
            vals = table.found.get(row.key)
            if vals is not None:
                how = "order-and-arithmetic" if row.key in placed else None
                for col, tok in zip(row.columns, vals, strict=True):
                    self._cell(row, col.key, col.kind, col.unit, tok.text, tok.where, data, settled_by=how)
                continue
            if row.key in refused:
                self.declined.append(Declined(table=name, row=row.label, reason=refused[row.key]))
                for col in row.columns:
                    self._unreadable(row, col.key, "", Where(), data)
                continue
            partial = table.partial.get(row.key)
            if partial is not None:
                text = " ".join(t.text for t in partial)
                reason = (
                    f"the row has {len(partial)} of its {len(row.columns)} cells ({text!r}); "
                    "cells are never placed by position alone"
                )
                self.declined.append(Declined(table=name, row=row.label, reason=reason, where=partial[0].where))
                for col in row.columns:
                    self._unreadable(row, col.key, text, partial[0].where, data)
                continue
            where = table.label_where.get(row.key)
            if where is not None:
                self.declined.append(
                    Declined(
                        table=name, row=row.label, reason="the row's label was found but no cells after it", where=where
                    )
                )
            for col in row.columns:
                self._unreadable(row, col.key, "", where or Where(), data)
        if not table.found:
            if not present:
                reason = f"表{name} was not found in the document"
            elif run_together:
                reason = (
                    f"表{name}'s cells run together without separators; the digits cannot be split without guessing"
                )
            else:
                reason = f"no row of 表{name} could be recognised"
            self.declined.append(Declined(table=name, row="", reason=reason))

    def _run_on(
        self, name: str, version: str, layout_rows: list[Row], tokens: list[_Tok], data: dict[str, Any]
    ) -> bool:
        """Read 表二/表三 whose labels and cells ran together on one line; ``False`` if the text is not such a table."""
        text, starts = _joined(tokens)
        if name == "二":
            headers = ["信息内容", *(c.label for r in layout_rows for c in r.columns)]
        else:
            headers = ["申请人情况", "自然人"]
        found_at = [i for i in (text.find(h) for h in headers) if i >= 0]
        if not found_at:
            return False
        start = min(found_at)
        specs = [(row, _runon.label_pattern(row, _ALIASES.get(row.key, ()))) for row in all_rows(version, name)]
        combined = _other_layout_row(version, name)
        found = {f.key: f for f in _runon.segment(text, specs, start) if f.values}
        chosen = list(layout_rows)
        if combined is not None:
            itemised = any(r.key in found for r in layout_rows if "other_handling" in r.key)
            if not itemised and combined.key in found:
                chosen = rows(version, name, other_handling="combined")
                _set(data, ("applications", "results", "other_handling", "layout"), "combined")
            else:
                _set(data, ("applications", "results", "other_handling", "layout"), "itemised")
        if 2 * sum(1 for r in chosen if r.key in found) < len(chosen):
            return False
        by_key = {r.key: r for r in chosen}

        def where(f: _runon.Found) -> Where:
            return next((w for pos, w in reversed(starts) if pos <= f.start), tokens[0].where)

        problems: list[_arith.RunRow] = []
        for row in chosen:
            f = found.get(row.key)
            if f is None:
                self.declined.append(
                    Declined(table=name, row=row.label, reason="the row's label or its cells were not found")
                )
                for col in row.columns:
                    self._unreadable(row, col.key, "", Where(), data)
                continue
            runs = _arith.runs_of(f.values)
            parts = f.values.split()
            if len(parts) == len(row.columns) and (len(row.columns) == 1 or runs is None):
                for col, part in zip(row.columns, parts, strict=True):
                    self._cell(row, col.key, col.kind, col.unit, part, where(f), data)
                continue
            if runs is None or len(row.columns) == 1:
                reason = (
                    f"the cells ran together ({f.values!r}) around a decimal point or a unit; "
                    "where one cell ends is not settled"
                )
                self.declined.append(Declined(table=name, row=row.label, reason=reason, where=where(f)))
                for col in row.columns:
                    self._unreadable(row, col.key, f.values, where(f), data)
                continue
            problems.append(_arith.RunRow(key=row.key, runs=runs, cells=len(row.columns)))
        identities: list[_arith.Identity] = []
        if name == "三":
            result_keys = [r.key for r in chosen if r.key.startswith("results.") and r.key != "results.total_processed"]
            identities = _arith.table3_identities(result_keys)
        settled, unsettled = _arith.solve(problems, identities)
        found_rows = {k: found[k] for k in found}
        for s in settled:
            row = by_key[s.key]
            f = found_rows[s.key]
            for col, value in zip(row.columns, s.values, strict=True):
                self._settled_cell(row, col.key, value, f.values, where(f), s.method, data)
        for u in unsettled:
            row = by_key[u.key]
            f = found_rows[u.key]
            self.declined.append(Declined(table=name, row=row.label, reason=u.reason, where=where(f)))
            for col in row.columns:
                self._unreadable(row, col.key, f.values, where(f), data)
        by_method = {m: sum(1 for s in settled if s.method == m) for m in ("single", "arithmetic")}
        self.notes.append(
            f"表{name}: labels and cells ran together without separators; {by_method['single']} rows could be cut "
            f"only one way, {by_method['arithmetic']} rows were settled by the table's arithmetic "
            f"(the only reading that satisfies every identity), {len(unsettled)} rows were declined"
        )
        return True

    def _settled_cell(
        self, row: Row, column: str, value: int, text: str, where: Where, method: str, data: dict[str, Any]
    ) -> None:
        label = " › ".join((*row.labels, next(c.label for c in row.columns if c.key == column)))
        how = "arithmetic" if method == "arithmetic" else "single-reading"
        self.values.append(Provenance(pointer=row.pointer(column), label=label, text=text, where=where, settled_by=how))
        _set(data, (*row.path, column), value)

    def _table4(self, layout_rows: list[Row], tokens: list[_Tok], data: dict[str, Any]) -> None:
        runs: list[list[_Tok]] = []
        run: list[_Tok] = []
        headers = 0
        for tok in tokens:
            text = tok.text.strip()
            if value_like(text):
                run.append(tok)
                continue
            if key(text) in {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "行政复议", "行政诉讼"}:
                headers += 1
            if run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        cells = [(row, col) for row in layout_rows for col in row.columns]
        flat = [t for r in runs if any(t.text.strip() for t in r) for t in r]
        chosen: list[_Tok] | None = None
        if len(flat) == len(cells):
            chosen = flat
        else:
            nonblank = [t for t in flat if t.text.strip()]
            if len(nonblank) == len(cells):
                chosen = nonblank
        if chosen is not None and headers == 0:
            self.notes.append("表四: 15 values found but none of its column headers; the values were not placed")
            chosen = None
        if chosen is not None:
            for (row, col), tok in zip(cells, chosen, strict=True):
                self._cell(row, col.key, col.kind, col.unit, tok.text, tok.where, data)
            return
        if chosen is None and self._table4_run_on(layout_rows, tokens, data):
            return
        text = " ".join(t.text.strip() for t in flat)
        if not tokens:
            reason = "表四 was not found in the document"
        elif any(len(t.text) > 30 and value_like(t.text) for t in flat) or (
            not flat and any(re.search(r"\d{5,}", t.text) for t in tokens)
        ):
            reason = "表四's cells run together without separators; the digits cannot be split without guessing"
        else:
            reason = f"表四 needs its 15 cells in the format's order; found {len(flat)} values ({text[:80]!r})"
        self.declined.append(Declined(table="四", row="", reason=reason, where=tokens[0].where if tokens else None))
        for row, col in cells:
            self._unreadable(row, col.key, "", Where(), data)

    def _table4_run_on(self, layout_rows: list[Row], tokens: list[_Tok], data: dict[str, Any]) -> bool:
        """表四 whose 15 cells ran together after its last column header; ``False`` if it is not that."""
        text = " ".join(t.text for t in tokens)
        heads = [h for h in ("结果维持", "结果纠正", "其他结果", "尚未审结") if h in text]
        end = text.rfind("总计")
        if len(heads) < 4 or end < 0:
            return False
        tail = text[end + 2 :].strip()
        runs = _arith.runs_of(tail)
        if runs is None:
            return False
        cells = [(row, col) for row in layout_rows for col in row.columns]
        settled, unsettled = _arith.solve(
            [_arith.RunRow(key="table4", runs=runs, cells=len(cells))], _arith.table4_identities("table4")
        )
        where = tokens[-1].where
        if unsettled:
            self.declined.append(Declined(table="四", row="", reason=unsettled[0].reason, where=where))
            for row, col in cells:
                self._unreadable(row, col.key, tail, where, data)
            return True
        for (row, col), value in zip(cells, settled[0].values, strict=True):
            self._settled_cell(row, col.key, value, tail, where, settled[0].method, data)
        how = "could be cut only one way" if settled[0].method == "single" else "were settled by its arithmetic"
        self.notes.append(f"表四: its 15 cells ran together without separators ({tail!r}) and {how}")
        return True

    def _cell(
        self,
        row: Row,
        column: str,
        kind: CellKind,
        unit: str | None,
        text: str,
        where: Where,
        data: dict[str, Any],
        settled_by: str | None = None,
    ) -> None:
        value, written_unit = parse_cell(text, kind, unit)
        label = " › ".join((*row.labels, next(c.label for c in row.columns if c.key == column)))
        prov = Provenance(pointer=row.pointer(column), label=label, text=text, where=where, settled_by=settled_by)
        if isinstance(value, Unreadable):
            self.unreadable.append(prov)
            _set(data, (*row.path, column), {"unreadable": value.unreadable})
            return
        self.values.append(prov)
        _set(data, (*row.path, column), value.value if isinstance(value, Mark) else value)
        if written_unit is not None and column == "procurement_amount":
            _set(data, (*row.path, "procurement_amount_unit"), "yuan" if written_unit == "元" else "wan_yuan")

    def _unreadable(self, row: Row, column: str, text: str, where: Where, data: dict[str, Any]) -> None:
        label = " › ".join((*row.labels, next(c.label for c in row.columns if c.key == column)))
        self.unreadable.append(Provenance(pointer=row.pointer(column), label=label, text=text, where=where))
        _set(data, (*row.path, column), {"unreadable": text})

    # -- prose
    def prose(self, secs: _Sections) -> tuple[dict[str, Any], Line | None, list[Line]]:
        """Paragraphs of every section; the signature block is taken off the end."""
        last_sec = max((s for s in range(1, 7) if secs.body[s]), default=0)
        signature: list[Line] = []
        date_line: Line | None = None
        if last_sec:
            lines = secs.body[last_sec]
            idx = [i for i, line in enumerate(lines) if line.text.strip()]
            if idx and _date_only(lines[idx[-1]].text) is not None:
                date_line = lines[idx[-1]]
                cut = idx[-1]
                for i in reversed(idx[:-1][-3:]):
                    t = _prose(lines[i].text)
                    if len(t) > 30 or re.search(r"[。，；：、,;:]", t) or numbering(t)[0] is not None:
                        break
                    signature.insert(0, lines[i])
                    cut = i
                secs.body[last_sec] = lines[:cut]
        out: dict[str, Any] = {
            "overall": _overall([_prose(line.text) for line in secs.body[1]]),
            "problems_improvements": _paragraphs(secs.body[5]),
            "other_matters": _paragraphs(secs.body[6]),
        }
        return out, date_line, signature


def _prose(text: str) -> str:
    s = text.strip()
    if s.startswith("#"):
        s = s.lstrip("#").strip()
    return s


def _paragraphs(lines: list[Line]) -> list[str]:
    return [p for p in (_prose(line.text) for line in lines) if p]


_TOPICS = (
    ("active_disclosure", ("主动公开",)),
    ("applications", ("依申请",)),
    ("information_management", ("信息管理",)),
    ("platform_construction", ("平台",)),
    ("supervision", ("监督", "保障")),
)


def _overall(paragraphs: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"introduction": [], **{name: [] for name, _ in _TOPICS}}
    current = "introduction"
    for p in paragraphs:
        if not p:
            continue
        num, rest = numbering(p)
        if num is not None and num.startswith("("):
            head = nfkc(rest)[:24]
            for name, words in _TOPICS:
                if any(w in head for w in words):
                    current = name
                    break
        out[current].append(p)
    return out


_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _date_only(text: str) -> datetime.date | None:
    s = nfkc(text).strip().strip("()（）")
    m = _DATE.fullmatch(s.strip())
    if not m:
        return None
    return _date(m)


def _date(m: re.Match[str]) -> datetime.date | None:
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    target = data
    for k in path[:-1]:
        target = target.setdefault(k, {})
    target[path[-1]] = value


# ---------------------------------------------------------------- metadata


def _organ_kind(organ: str) -> str | None:
    if re.search(r"开发区|高新区|经开区|新区|高新技术产业|保税区|示范区", organ):
        return "development_zone"
    if re.search(r"人民政府办公(厅|室)$", organ):
        return "government_office"
    if organ.endswith("人民政府"):
        return "peoples_government"
    if organ.endswith("街道办事处"):
        return "dispatched_agency"
    return None


def _metadata(
    b: _Builder, title: str, preamble: list[str], date_line: Line | None, signature: list[Line], all_text: str
) -> dict[str, Any]:
    t = nfkc(title)
    year_m = re.search(r"(\d{4})\s*年", t)
    organ = ""
    if year_m:
        organ = title[: title.find(year_m.group(1))].strip() if year_m.group(1) in title else ""
        if not organ:
            after = t[year_m.end() :]
            after = re.sub(r"^度", "", after).strip()
            organ = re.split(r"政府信息公开|政务公开|信息公开", after)[0].strip()
    organ = organ.lstrip("#").strip()
    flat = "".join(nfkc(p) for p in preamble)
    period = None
    m = re.search(
        r"统计(?:期限|周期|时限|时间|区间|期间)?[^。]{0,12}?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
        r"[^。\d]{0,8}?(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日",
        flat,
    )
    if m:
        try:
            start = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            end = datetime.date(int(m.group(4) or m.group(1)), int(m.group(5)), int(m.group(6)))
            period = {"start": start.isoformat(), "end": end.isoformat()}
            b.values.append(_meta_prov("/metadata/statistics_period", "统计期限", m.group(0)))
        except ValueError:
            b.notes.append(f"statistics period not a real date: {m.group(0)!r}")
    year: int | None = int(year_m.group(1)) if year_m else None
    if year is None and period is not None:
        year = int(period["start"][:4])
    if year is None:
        ym = re.search(r"(20\d{2})\s*年度?政府信息公开", nfkc(all_text))
        year = int(ym.group(1)) if ym else None
    if year is None:
        raise ImportFailed(f"{b.source}: no report year found in the title or the statistics period", code="no-year")
    if year not in _YEARS:
        raise ImportFailed(
            f"{b.source}: the report year {year} is not a year of these reports ({_YEARS[0]}–{_YEARS[-1]})",
            code="no-year",
        )
    if not organ:
        b.notes.append("the organ's name was not found in the title; metadata.organ is empty")

    pub = None
    if date_line is not None:
        d = _date_only(date_line.text)
        if d is not None:
            pub = d.isoformat()
            b.values.append(
                Provenance(
                    pointer="/metadata/publication_date",
                    label="发布日期",
                    text=date_line.text.strip(),
                    where=date_line.where,
                )
            )
    if pub is None:
        for p in preamble[:3]:
            d = _date_only(p)
            if d is not None:
                pub = d.isoformat()
                break
    signed_by = "".join(_prose(line.text) for line in signature) or None

    url = None
    um = re.search(r"(https?://[A-Za-z0-9./_\-?=&%#:~]+|www\.[A-Za-z0-9./_\-]+)[^。]{0,30}?下载", flat)
    if um:
        url = um.group(1).rstrip(".")
    contact: dict[str, Any] | None = None
    name_m = re.search(r"请(?:与|联系)([^，。；（(]{2,40}?)联系", flat)
    addr_m = re.search(r"(?:联系)?地址[:：]\s*([^；;。，,）)]+)", flat)
    phone_m = re.search(r"(?:联系)?电话(?:/传真)?[:：]\s*([0-9０-９\-－ ()（）]{7,30}[0-9])", flat)
    mail_m = re.search(r"(?:电子邮箱|邮箱|E-?mail)[:：]\s*([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+)", flat, re.IGNORECASE)
    if name_m or addr_m or phone_m or mail_m:
        contact = {
            "name": name_m.group(1).strip() if name_m else None,
            "address": addr_m.group(1).strip() if addr_m else None,
            "phone": phone_m.group(1).strip() if phone_m else None,
            "email": mail_m.group(1).strip() if mail_m else None,
        }
    return {
        "organ": organ,
        "report_year": year,
        "title": title or None,
        "organ_kind": _organ_kind(nfkc(organ)),
        "administrative_level": None,
        "region_code": None,
        "scope": "self",
        "members": [],
        "publication_date": pub,
        "statistics_period": period,
        "source_url": None,
        "download_url": url,
        "contact": contact,
        "signed_by": signed_by,
    }


_YEARS = range(1990, 2101)
"""The report years a report may have (the schema's bounds for a year, govreport.schema); a title saying 3019年
is a typo or a forgery, not a report the format can hold."""

_META_LINE = re.compile(r"^报告机关[:：]")
"""A metadata line (as govreport's exporters write one), not prose."""


def _meta_prov(pointer: str, label: str, text: str) -> Provenance:
    return Provenance(pointer=pointer, label=label, text=text, where=Where())


# ---------------------------------------------------------------- entry


def _scrubbed(value: Any) -> tuple[Any, int]:
    """``value`` with every string cleared of the characters a report cannot hold (:mod:`govreport.formats.text`),
    and how many were replaced: a source may hold a form feed or a stray control character; the import keeps the
    rest of the text rather than refuse the document."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        total = 0
        for key, item in value.items():
            out[key], n = _scrubbed(item)
            total += n
        return out, total
    if isinstance(value, list):
        items = [_scrubbed(item) for item in value]
        return [item for item, _ in items], sum(n for _, n in items)
    return value, 0


def build(doc: SourceDocument, *, source: str, importer: str, version: str | None = None) -> ImportResult:
    """The report in a source document; :class:`ImportFailed` when it is not an annual report."""
    if version is not None and version not in FORMAT_VERSIONS:
        raise ImportFailed(f"unknown format version {version!r}; known: {', '.join(FORMAT_VERSIONS)}", code="usage")
    b = _Builder(doc, source, importer, version)
    all_text = "\n".join(blk.text for blk in doc.blocks if isinstance(blk, Line))
    all_text += "\n".join(c.text for blk in doc.blocks if isinstance(blk, SourceTable) for r in blk.rows for c in r)
    if not all_text.strip():
        raise ImportFailed(f"{source}: the document contains no text", code="empty")
    secs = b.split()
    found = [s for s in range(1, 7) if secs.body[s] or secs.tables[s]]
    flat = squash(all_text)
    if not ("政府信息公开" in flat and ("年度报告" in flat or "年报" in flat)) or len(found) < 2:
        raise ImportFailed(
            f"{source}: this is not a 政府信息公开工作年度报告: "
            + (
                "it never mentions 政府信息公开 and 年度报告"
                if "政府信息公开" not in flat
                else f"only {len(found)} of the six section headings (一、总体情况 … 六、其他需要报告的事项) were found"
            ),
            code="not-a-report",
        )
    missing = [SECTION_HEADINGS[s] for s in range(1, 7) if s not in found]
    if missing:
        b.notes.append("sections not found: " + "、".join(missing))
    title = "".join(_prose(line.text) for line in secs.title_lines) or (b.title_from_page or "")
    title = re.sub(r"^(?:标题|题目)\s*[:：]\s*", "", title)  # a saved page's "标题: …" line
    prose, date_line, signature = b.prose(secs)
    preamble = [p for p in (_prose(line.text) for line in secs.preamble) if p]
    meta = _metadata(b, title, preamble, date_line, signature, all_text)
    preamble = [p for p in preamble if _date_only(p) is None and p != meta["organ"] and not _META_LINE.match(p)]
    chosen, reason = b.detect_version(secs, meta["report_year"])
    data: dict[str, Any] = {"format_version": chosen, "variants": [], "metadata": meta, "preamble": preamble}
    data.update(prose)
    data.update(b.tables(secs, chosen))
    data["extensions"] = {}
    data, scrubbed = _scrubbed(data)
    if scrubbed:
        b.notes.append(
            f"{scrubbed} character(s) a report cannot hold (control characters, lone surrogates) were replaced "
            "by a space or U+FFFD"
        )
    result = validate_data(data, version=chosen, profile="lenient", source=source)
    if result.report is None:  # a bug in the importer, not in the input
        problems = "; ".join(f"{i.pointer}: {i.message}" for i in result.issues[:5])
        raise RuntimeError(f"the imported document is not valid: {problems}")
    report: AnyReport = result.report
    import_report = ImportReport(
        source=source,
        importer=importer,
        rendering=doc.rendering,
        version=chosen,
        version_reason=reason,
        values=tuple(sorted(b.values)),
        unreadable=tuple(sorted(b.unreadable)),
        declined=tuple(b.declined),
        unplaced=tuple(b.unplaced),
        notes=tuple(b.notes),
    )
    assert unstructure(report)["format_version"] == chosen
    return ImportResult(report=report, version=chosen, import_report=import_report)
