"""Plain text and Markdown: every line as found; tables are recognised later, section by section.

Two kinds of text carry more than lines, and are read for it:

* text that holds HTML markup — a report copied with its tags, Markdown whose converter (pandoc) kept the
  complex tables as raw HTML — is read through the HTML tree reader with its own line breaks kept, so the
  ``<table>``\\ s become tables and the lines stay lines;
* grids drawn with box-drawing characters (``w3m -dump``, grid tables) become the tables they draw
  (:mod:`govreport._importers._boxtables`).
"""

from __future__ import annotations

import re

from govreport._importers._boxtables import find_tables
from govreport._importers._decode import check_text_size, decode, refuse_binary
from govreport._importers._markup import Walker, parse
from govreport._importers._source import Line, SourceDocument, SourceTable, Where

_MARKUP = re.compile(
    r"</?(?:table|tr|td|th|p|div|span|font|br|b|strong|h[1-6]|li|ul|ol|tbody|center|section|article)\b[^<>]*>",
    re.IGNORECASE,
)
MIN_MARKUP_TAGS = 5
"""HTML tags a text must hold to be read as markup: a stray ``<p>`` or two in prose is not HTML."""
_BOX = re.compile(r"^\s*(?:[┌┏╔]|\+[-=:+]{3,}\+\s*$)", re.M)


def holds_markup(text: str) -> bool:
    """Whether ``text`` is (or embeds) HTML: at least :data:`MIN_MARKUP_TAGS` tags of common HTML elements."""
    return any(count >= MIN_MARKUP_TAGS for count, _ in enumerate(_MARKUP.finditer(text), start=1))


def read(data: bytes, name: str) -> SourceDocument:
    """The lines (and HTML or box-drawn tables) of a text file."""
    check_text_size(data, name)
    refuse_binary(data, name)
    text, encoding = decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    notes = [f"编码 {encoding}"]
    if holds_markup(text):
        return _markup(text, name, notes)
    lines = text.split("\n")
    blocks: tuple[Line | SourceTable, ...]
    if _BOX.search(text):
        blocks = tuple(find_tables(lines, name))
        found = sum(1 for b in blocks if isinstance(b, SourceTable))
        if found:
            notes.append(f"用制表符画出的表格{found}个，已逐格读取")
    else:
        blocks = tuple(Line(text=line, where=Where(line=i)) for i, line in enumerate(lines, start=1))
    return SourceDocument(blocks=blocks, rendering="text", notes=tuple(notes), source_name=name)


def _markup(text: str, name: str, notes: list[str]) -> SourceDocument:
    root = parse(text, name)
    walker = Walker(name, keep_newlines=True)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    notes.append("文本中含有 HTML 标记：标签按 HTML 读取，换行保留")
    notes.extend(walker.notes)
    if walker.ignored:
        notes.append("已忽略：" + "、".join(sorted(walker.ignored)) + "（不运行、不获取任何内容）")
    return SourceDocument(
        blocks=tuple(walker.blocks),
        rendering="text+html",
        notes=tuple(notes),
        source_name=name,
        image_alts=tuple(walker.image_alts),
    )
