"""Markdown export: the six sections, with each table as pipe tables.

Pipe tables cannot merge cells, so a 表二 sub-table becomes its own table, 表三
keeps its groups as bold rows without numbers, and 表四 gets one row per kind
of case.  A blank cell stays blank, a mark stays as written.

A report's text is text, never markup: every character Markdown would read as markup (``<`` of raw HTML, ``[`` of
a link, ``*`` of emphasis, ``&`` of an entity …) is escaped with a backslash, a line that would start a heading,
a quote or a list is escaped at its start, spaces or tabs at its start are written as character references
(four columns of them would make a code block), and a line break inside a paragraph is kept as a hard break.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from govreport import _embed
from govreport.convert import unstructure
from govreport.formats import AnyReport, Variant
from govreport.formats.common import APPLICANT_GROUP_LABEL, LITIGATION_GROUP_LABEL
from govreport.grid import CORNER_NOTE, INFO_CONTENT, Doc, from_report

_INLINE = re.compile(r"([\\`*_\[\]<>&|~!])")
"""Characters that start or end inline markup (CommonMark escapes any ASCII punctuation with a backslash)."""

_BLOCK_START = re.compile(r"^(\s*)(?:([#+=-])|([0-9]+)([.)]))")
"""The start of a line that would open a heading, a list or a setext underline (a quote's ``>`` is escaped
anywhere)."""


class _Markup(str):
    """Markdown written by the exporter itself (a bold group row), not escaped."""


def _block_start(found: re.Match[str]) -> str:
    indent, marker, digits, delimiter = found.groups()
    return f"{indent}\\{marker}" if marker else f"{indent}{digits}\\{delimiter}"


def _inline(text: str) -> str:
    """Text as Markdown that shows exactly it: no markup, no raw HTML."""
    return _INLINE.sub(r"\\\1", text)


_INDENT = re.compile(r"^[ \t]+")
"""Spaces and tabs that start a line: four columns of them would open a code block."""


def _indent(found: re.Match[str]) -> str:
    return "".join(f"&#{ord(c)};" for c in found.group())


def _para(text: str) -> str:
    """A paragraph of the report as Markdown: escaped, each of its lines kept (a hard break between them), the
    spaces and tabs a line starts with as character references, which show as themselves and indent nothing."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\\\n".join(_INDENT.sub(_indent, _BLOCK_START.sub(_block_start, _inline(line))) for line in lines)


def _esc(text: str) -> str:
    """A table cell: escaped (unless the exporter wrote it as markup), on one line."""
    if isinstance(text, _Markup):
        return text
    return _inline(text).replace("\r", " ").replace("\n", " ")


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(_esc(c) for c in cells) + " |"


def _table(header: list[str], body: list[list[str]], align_first_left: bool = True) -> list[str]:
    rule = [":---" if (i == 0 and align_first_left) else "---:" for i in range(len(header))]
    return [_line(header), "| " + " | ".join(rule) + " |", *(_line(b) for b in body)]


def _two(doc: Doc) -> list[str]:
    out: list[str] = []
    rows = doc.table_rows("二")
    groups: list[str] = []
    for row in rows:
        if row.group not in groups:
            groups.append(row.group or "")
    for group in groups:
        members = [r for r in rows if r.group == group]
        out += [f"**{_inline(group)}**", ""]
        header = [INFO_CONTENT, *(c.label for c in members[0].columns)]
        body = [[r.label, *(doc.text(r, c.key) for c in r.columns)] for r in members]
        out += [*_table(header, body), ""]
    return out


def _three(doc: Doc) -> list[str]:
    rows = doc.table_rows("三")
    header = ["", *(c.label for c in rows[0].columns)]
    body: list[list[str]] = []
    shown: set[tuple[str, ...]] = set()
    for row in rows:
        for level in range(len(row.labels) - 1):
            prefix = row.labels[: level + 1]
            if prefix not in shown:
                shown.add(prefix)
                bold = _Markup("　" * level + f"**{_inline(row.labels[level])}**")
                body.append([bold] + [""] * len(row.columns))
        indent = "　" * (len(row.labels) - 1)
        body.append([indent + row.label, *(doc.text(row, c.key) for c in row.columns)])
    legal = "、".join(c.label for c in rows[0].columns[1:-1])
    note = f"{CORNER_NOTE}。申请人情况：自然人；{APPLICANT_GROUP_LABEL}（{legal}）；总计。"
    return [note, "", *_table(header, body), ""]


def _four(doc: Doc) -> list[str]:
    rows = doc.table_rows("四")
    header = ["", *(c.label for c in rows[0].columns)]
    body = []
    for row in rows:
        label = row.label if row.key == "admin_review" else f"{LITIGATION_GROUP_LABEL}：{row.label}"
        body.append([label, *(doc.text(row, c.key) for c in row.columns)])
    return [*_table(header, body), ""]


def render_doc(doc: Doc) -> str:
    out = [f"# {_inline(doc.title)}", ""]
    for paragraph in doc.preamble:
        out += [_para(paragraph), ""]
    tables = {"二": _two, "三": _three, "四": _four}
    for section in doc.sections:
        out += [f"## {_inline(section.heading)}", ""]
        for paragraph in section.paragraphs:
            if paragraph:
                out += [_para(paragraph), ""]
        for sub, paragraphs in section.subheadings:
            out += [f"### {_inline(sub)}", ""]
            out += [_para(p) for p in paragraphs if p]
        if section.table:
            out += tables[section.table](doc)
    if doc.signed_by or doc.date:
        out += ["", *(_para(x) for x in (doc.signed_by, doc.date) if x), ""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def render(report: AnyReport, variants: Sequence[Variant] = ()) -> bytes:
    """The report as Markdown, UTF-8, with its data for reading back in a comment at the end (see
    :mod:`govreport._embed`)."""
    return _embed.markdown(render_doc(from_report(report, variants)), unstructure(report)).encode("utf-8")
