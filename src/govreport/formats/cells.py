"""Table cells: a number, or a mark written where a number belongs.

Published reports often leave a cell blank or write "/", "—" or "无" in it.
Researchers need to tell such a cell from a written 0, so the model keeps it as
a :class:`Mark`.  A cell an importer could not read at all keeps its source text
as :class:`Unreadable`; govreport never turns either into a number.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any, ClassVar, TypeAlias

import attrs

from govreport.formats._fields import CellKind, field

MAX_COUNT = 2**53 - 1
"""The largest count accepted: the largest integer every JSON reader keeps exactly."""

MAX_AMOUNT = Decimal(10) ** 12
"""The largest amount accepted, in the cell's unit."""

MAX_AMOUNT_PLACES = 10
"""The most decimal places an amount may be written with.  万元 to the 分 needs six; more only hides a typo.  The
bound also keeps every amount short when written out in full: ``1e-999999999`` is a valid JSON number whose
decimal form has a billion digits."""

MAX_AMOUNT_EXPONENT = 12
"""The largest exponent an amount may be written with (``1e12`` is :data:`MAX_AMOUNT`); ``0e999999999`` is zero
written so that arithmetic overflows."""


def amount_problem(value: Decimal) -> str | None:
    """Why a finite decimal cannot be an amount because of how it is written (too many places, too large an
    exponent), or ``None``; the range is checked separately."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if exponent < -MAX_AMOUNT_PLACES:
        return f"an amount has at most {MAX_AMOUNT_PLACES} decimal places; got {-exponent} ({_short(value)})"
    if exponent > MAX_AMOUNT_EXPONENT:
        return f"an amount is written with an exponent of at most {MAX_AMOUNT_EXPONENT}; got {_short(value)}"
    return None


def _short(value: Decimal) -> str:
    text = str(value)
    return text if len(text) <= 24 else f"{text[:10]}…({len(text)} characters)"


class Mark(enum.Enum):
    """A cell that holds no number, as written in the source."""

    BLANK = ""
    """The cell was left empty."""
    SLASH = "/"
    """The cell holds a slash."""
    DASH = "—"
    """The cell holds a dash (—, －, -, ——)."""
    NONE = "无"
    """The cell holds the word 无."""


@attrs.frozen(kw_only=True, weakref_slot=False)
class Unreadable:
    """A cell whose content could not be read as a number; its text is kept."""

    TITLE: ClassVar[str] = "无法识别的单元格"

    unreadable: str = field(label="原文", description="The cell's text exactly as found in the source.")


Count: TypeAlias = int | Mark | Unreadable
"""A cell holding a whole number (or a mark)."""

SignedCount: TypeAlias = Count
"""A cell holding a whole number that may be negative (or a mark)."""

Amount: TypeAlias = Decimal | Mark | Unreadable
"""A cell holding an exact decimal amount (or a mark)."""


def _check_count(signed: bool) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if isinstance(value, Mark | Unreadable):
            return
        if type(value) is not int:
            raise TypeError(f"{attribute.name}: expected a whole number or a Mark, got {value!r}")
        if not signed and value < 0:
            raise ValueError(f"{attribute.name}: a count cannot be negative, got {value}")
        if abs(value) > MAX_COUNT:
            raise ValueError(f"{attribute.name}: {value} is larger than {MAX_COUNT}")

    return check


def _check_amount(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, Mark | Unreadable):
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"{attribute.name}: expected an exact Decimal amount or a Mark, got {value!r}")
    problem = amount_problem(value)
    if problem is not None:
        raise ValueError(f"{attribute.name}: {problem}")
    if value < 0 or value > MAX_AMOUNT:
        raise ValueError(f"{attribute.name}: {value} is outside 0 … {MAX_AMOUNT}")


def count_cell(label: str, description: str) -> Any:
    """A field for a non-negative whole-number cell."""
    f = field(label=label, description=description, cell=CellKind.COUNT)
    return attrs.field(metadata=f.metadata, validator=_check_count(signed=False))


def signed_cell(label: str, description: str) -> Any:
    """A field for a whole-number cell that may be negative."""
    f = field(label=label, description=description, cell=CellKind.SIGNED_COUNT)
    return attrs.field(metadata=f.metadata, validator=_check_count(signed=True))


def amount_cell(label: str, description: str, unit: str | None) -> Any:
    """A field for an exact decimal amount of money."""
    f = field(label=label, description=description, cell=CellKind.AMOUNT, unit=unit)
    return attrs.field(metadata=f.metadata, validator=_check_amount)


def number(cell: Count | Amount) -> int | Decimal | None:
    """The number in a cell, or ``None`` when the cell holds no number."""
    if isinstance(cell, Mark | Unreadable):
        return None
    return cell
