"""What a table section says, row by row: labels with their cells, labels alone, numbers alone.

The physical rows of a section (:mod:`._tokens`) are read into :class:`Event`\\ s in reading order:

``row``
    a row label and its cells: in one physical row (``label | 1 | 0 | 11``, ``label 1 0 11``), or a label on a
    line of its own followed by its cells one per line;
``label``
    a row label with no cells after it (a wrapped label's first line, a label whose numbers stand elsewhere);
``numbers``
    cells with no label before them (number rows a converter printed apart from their labels, or numbers on
    lines of their own that no label claimed).

A ``row`` is *hard* when nothing but its own label can own its cells.  A label that follows another label with
no numbers between them (a column of labels printed apart from the numbers) does not make its cells hard: the
cells after it may be any of those labels'.  :mod:`._detached` places the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from govreport._importers._labels import GROUP_KEYS, Spec, continues, label_key, match_label
from govreport._importers._normalise import value_like
from govreport._importers._source import Where
from govreport._importers._tokens import PhysRow, Tok

MAX_CELL_TEXT = 10
"""Text up to this long after a label in its row (``十二``, ``见附件``) is a cell that holds no number; longer text
is not a cell."""


@attrs.frozen(kw_only=True)
class Event:
    """One thing a table section says (see the module's description)."""

    kind: str
    """``row``, ``label`` or ``numbers``."""
    index: int | None
    """The row of the format (an index into the table's specs) for ``row`` and ``label``."""
    cells: tuple[Tok, ...]
    where: Where
    text: str
    """The label as printed (``row``, ``label``) or the text before the numbers (``numbers``)."""
    hard: bool = False
    open_end: bool = False
    one_per_line: bool = False
    """The cells came one per line (not as one physical row)."""


@attrs.define
class _Open:
    index: int
    where: Where
    text: str
    clustered: bool
    values: list[Tok] = attrs.field(factory=list)
    stray: bool = False
    piped: bool = False
    """The label's line, or its last cell's, ended with a pipe."""


def _is_number_cell(tok: Tok) -> bool:
    text = tok.text.strip()
    return bool(text) and value_like(text)


def _is_value(tok: Tok) -> bool:
    text = tok.text.strip()
    return not text or value_like(text)


def _cells_after(cells: Sequence[Tok], headers: frozenset[str]) -> bool:
    """Whether what follows a label in its physical row can be its cells (not column headers, not more labels)."""
    for i, tok in enumerate(cells):
        text = tok.text.strip()
        if not text or value_like(text):
            continue
        k = label_key(text)[1]
        if k in headers or k in GROUP_KEYS:
            return False
        if len(text) > MAX_CELL_TEXT and not any(_is_number_cell(c) for c in cells[i + 1 :]):
            return False  # a sentence, not a cell: a cell of words is followed by the row's numbers
    return True


def _label_continues(spec: Spec, cells: Sequence[Tok], at: int) -> int:
    """Where a row's cells begin: after the label's cell and the cells that carry on its wrapped text
    (``| 4.无正当理由大量反复 | | 申请 | 0 |``)."""
    text = cells[at].text.strip()
    end = at + 1
    j = at + 1
    while j < len(cells):
        piece = cells[j].text.strip()
        if not piece:
            j += 1
            continue
        if value_like(piece) or not continues(spec, text + piece):
            break
        text += piece
        end = j = j + 1
    return end


def walk(specs: tuple[Spec, ...], rows: Sequence[PhysRow], headers: frozenset[str] = frozenset()) -> list[Event]:
    """The events of a table section, in reading order (``headers``: the keys of the table's column headers)."""
    events: list[Event] = []
    cursor = 0
    current: _Open | None = None
    loose: list[Tok] = []
    last_closed_bare = False  # the label closed last had no cells: a following label is one of a column of labels

    def close() -> None:
        nonlocal current, last_closed_bare, loose
        if current is None:
            return
        if current.stray and len(current.values) < len(specs[current.index].row.columns):
            # fewer cells than the row has, one per line, then a row of numbers: those few numbers are not this
            # label's (a stray total); the label and the numbers are placed apart
            loose = list(current.values)
            current.values = []
        if current.values:
            events.append(
                Event(
                    kind="row",
                    index=current.index,
                    cells=tuple(current.values),
                    where=current.where,
                    text=current.text,
                    hard=not current.clustered,
                    one_per_line=True,
                )
            )
            last_closed_bare = False
        else:
            events.append(Event(kind="label", index=current.index, cells=(), where=current.where, text=current.text))
            last_closed_bare = not specs[current.index].heads_group
        current = None

    def flush() -> None:
        nonlocal loose, last_closed_bare
        if loose and any(t.text.strip() for t in loose):
            events.append(
                Event(kind="numbers", index=None, cells=tuple(loose), where=loose[0].where, text="", one_per_line=True)
            )
            last_closed_bare = False
        loose = []

    for row in rows:
        if row.bar:
            if current is not None and current.piped:
                # cells one per line, each closed by a pipe (``56 |``): a lone pipe is an empty cell
                current.values.append(row.cells[0])
                if len(current.values) == len(specs[current.index].row.columns):
                    close()
            continue
        if row.single or len(row.cells) == 1:
            tok = row.cells[0]
            text = tok.text.strip()
            if _is_value(tok):
                if current is not None:
                    current.values.append(tok)
                    current.piped = not row.single
                    if len(current.values) == len(specs[current.index].row.columns):
                        close()
                else:
                    loose.append(tok)
                continue
            hit = match_label(specs, text, cursor)
            if hit is not None:
                close()
                flush()
                current = _Open(index=hit, where=tok.where, text=text, clustered=last_closed_bare, piped=not row.single)
                cursor = hit
                continue
            if current is not None and (current.values or label_key(text)[1] in GROUP_KEYS):
                close()
            flush()
            continue
        cells = row.cells
        first_value = next((i for i, c in enumerate(cells) if _is_number_cell(c)), len(cells))
        hit = None
        at = -1
        for i in range(first_value - 1, -1, -1):
            text = cells[i].text.strip()
            if not text or value_like(text):
                continue
            hit = match_label(specs, text, cursor)
            if hit is not None:
                at = i
                break
        label_end = at + 1
        if hit is not None:
            label_end = _label_continues(specs[hit], cells, at)
            if not _cells_after(cells[label_end:], headers):
                hit = None
        if hit is not None:
            close()
            flush()
            values = cells[label_end:]
            width = len(specs[hit].row.columns)
            if any(v.text.strip() for v in values) or len(values) + row.open_end >= width:
                events.append(
                    Event(
                        kind="row",
                        index=hit,
                        cells=tuple(values),
                        where=cells[at].where,
                        text=cells[at].text.strip(),
                        hard=True,
                        open_end=row.open_end,
                    )
                )
                last_closed_bare = False
            else:
                current = _Open(index=hit, where=cells[at].where, text=cells[at].text.strip(), clustered=False)
            cursor = hit
            continue
        last_text = max((i for i, c in enumerate(cells) if not _is_value(c)), default=-1)
        values = cells[last_text + 1 :]
        nonblank = [v for v in values if v.text.strip()]
        if current is not None and last_text < 0 and len(nonblank) == 1:
            # cells one per line, each closed by a pipe and padded with empty ones (``0 | ||``)
            current.values.append(nonblank[0])
            if len(current.values) == len(specs[current.index].row.columns):
                close()
            continue
        if nonblank:
            if current is not None and current.values:
                current.stray = True  # numbers one per line, then a row of numbers: those were not this label's
            close()
            flush()
            fragment = " ".join(c.text.strip() for c in cells[: last_text + 1] if c.text.strip())
            events.append(
                Event(
                    kind="numbers",
                    index=None,
                    cells=tuple(values),
                    where=values[0].where,
                    text=fragment,
                    open_end=row.open_end,
                )
            )
            last_closed_bare = False
            continue
        if current is not None and current.values:
            close()
        flush()
    close()
    flush()
    return events
