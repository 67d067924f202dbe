"""JSON export: the canonical document (:func:`govreport.dumps`)."""

from __future__ import annotations

from collections.abc import Sequence

from govreport.convert import unstructure
from govreport.formats import AnyReport, Variant
from govreport.jsonio import dumps


def render(report: AnyReport, variants: Sequence[Variant] = ()) -> bytes:
    """The canonical report JSON, UTF-8."""
    return dumps(unstructure(report)).encode("utf-8")
