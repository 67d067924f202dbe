"""Markdown export: the six sections, with each table as pipe tables.

Pipe tables cannot merge cells, so a 表二 sub-table becomes its own table, 表三
keeps its groups as bold rows without numbers, and 表四 gets one row per kind
of case.  A blank cell stays blank, a mark stays as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from govreport import _embed
from govreport.convert import unstructure
from govreport.formats import AnyReport, Variant
from govreport.formats.common import APPLICANT_GROUP_LABEL, LITIGATION_GROUP_LABEL
from govreport.grid import CORNER_NOTE, INFO_CONTENT, Doc, from_report


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


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
        out += [f"**{group}**", ""]
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
                body.append(["　" * level + f"**{row.labels[level]}**"] + [""] * len(row.columns))
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
    out = [f"# {doc.title}", ""]
    for paragraph in doc.preamble:
        out += [paragraph, ""]
    tables = {"二": _two, "三": _three, "四": _four}
    for section in doc.sections:
        out += [f"## {section.heading}", ""]
        for paragraph in section.paragraphs:
            if paragraph:
                out += [paragraph, ""]
        for sub, paragraphs in section.subheadings:
            out += [f"### {sub}", ""]
            out += [p for p in paragraphs if p]
        if section.table:
            out += tables[section.table](doc)
    if doc.signed_by or doc.date:
        out += ["", *(x for x in (doc.signed_by, doc.date) if x), ""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def render(report: AnyReport, variants: Sequence[Variant] = ()) -> bytes:
    """The report as Markdown, UTF-8, with its data for reading back in a comment at the end (see
    :mod:`govreport._embed`)."""
    return _embed.markdown(render_doc(from_report(report, variants)), unstructure(report)).encode("utf-8")
