"""表三 whose number rows were printed apart from their labels (a PDF converted to Markdown or to text).

A table row is *labelled* when a row label and its cells share a line, *detached* when a line holds only the
seven cells.  Labels printed on lines of their own say nothing about which numbers are theirs and are ignored.
The detached rows between two labelled rows belong to the rows of the print order between them that have no
numbers: they are placed only when there are exactly as many of each (the order then fixes the placement), and
kept only when the table's identities hold afterwards.
"""

from __future__ import annotations

import attrs

from govreport._importers import _arith
from govreport._importers._labels import Spec, match
from govreport._importers._normalise import nfkc, value_like
from govreport._importers._tokens import Tok

COMBINED = "results.other_handling.combined"
ITEMISED_PREFIX = "results.other_handling.o"


@attrs.frozen(kw_only=True)
class Detached:
    """What was found: each row's cells, which rows were placed by order, which were refused and why."""

    found: dict[str, list[Tok]]
    placed: set[str]
    refused: dict[str, str]
    notes: list[str]


def failed_identities(found: dict[str, list[Tok]], specs: tuple[Spec, ...]) -> list[str]:
    """The 表三 identities that fail among cells that are all plain numbers."""
    values: dict[str, tuple[int | None, ...]] = {}
    for k, cells in found.items():
        vals: list[int | None] = []
        for t in cells:
            s = nfkc(t.text).strip()
            vals.append(int(s) if s.isdigit() else None)
        values[k] = tuple(vals)
    itemised = any(k.startswith(ITEMISED_PREFIX) for k in found)
    result_keys = [
        s.row.key
        for s in specs
        if s.row.key.startswith("results.")
        and s.row.key != "results.total_processed"
        and not (s.row.key == COMBINED if itemised else s.row.key.startswith(ITEMISED_PREFIX))
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


def _line_groups(tokens: list[Tok]) -> list[list[Tok]]:
    lines: list[list[Tok]] = []
    for tok in tokens:
        if tok.from_text:
            lines.append([])
            continue
        if lines and lines[-1] and lines[-1][-1].where == tok.where:
            lines[-1].append(tok)
        else:
            lines.append([tok])
    return lines


def detached_rows(specs: tuple[Spec, ...], tokens: list[Tok]) -> Detached | None:
    """The rows of 表三 when some of its number rows stand apart from their labels; ``None`` when none do."""
    width = len(specs[0].row.columns)
    events: list[tuple[int | None, list[Tok]]] = []  # (spec index or None for a detached row, cells)
    cursor = 0
    for group in _line_groups(tokens):
        if not group:
            continue
        texts = [t.text.strip() for t in group]
        if all(value_like(t) for t in texts):
            if len(group) == width and any(texts):
                events.append((None, group))
            continue
        first = next(
            (i for i, t in enumerate(texts) if t and not value_like(t) and match(specs, t, cursor) is not None), None
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
        hit = match(specs, texts[first], cursor)
        assert hit is not None
        cursor = hit
        events.append((hit, cells))
    if not any(i is None for i, _ in events):
        return None
    labelled = [i for i, _ in events if i is not None]
    found: dict[str, list[Tok]] = {}
    for i, cells in events:
        if i is not None:
            found.setdefault(specs[i].row.key, cells)
    keys = [s.row.key for s in specs]
    itemised = any(k.startswith(ITEMISED_PREFIX) for k in found)
    skip = {COMBINED} if itemised else set()
    if COMBINED in found:
        skip = {k for k in keys if k.startswith(ITEMISED_PREFIX)}
    placed: set[str] = set()
    refused: dict[str, str] = {}
    notes: list[str] = []
    if labelled != sorted(labelled):
        notes.append("表三: labelled rows are out of the format's order; number rows without labels were not placed")
        return Detached(found=found, placed=placed, refused=refused, notes=notes)
    gaps: list[tuple[int, int, list[list[Tok]]]] = []
    prev = -1
    pending: list[list[Tok]] = []
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
    failed = failed_identities(found, specs)
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
    return Detached(found=found, placed=placed, refused=refused, notes=notes)
