"""Plain text and Markdown: every line as found; tables are recognised later, section by section."""

from __future__ import annotations

from govreport._importers._decode import check_text_size, decode, refuse_binary
from govreport._importers._source import Line, SourceDocument, Where


def read(data: bytes, name: str) -> SourceDocument:
    """The lines of a text file."""
    check_text_size(data, name)
    refuse_binary(data, name)
    text, encoding = decode(data, name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = tuple(Line(text=line, where=Where(line=i)) for i, line in enumerate(lines, start=1))
    return SourceDocument(blocks=blocks, rendering="text", notes=(f"encoding: {encoding}",))
