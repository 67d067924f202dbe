"""Importers whose ``sniff`` raises, or answers something other than True or False."""

from __future__ import annotations

import govreport
from govreport.importers import Importer, SourceDocument


def _never(data: bytes, name: str) -> SourceDocument:
    raise AssertionError("never chosen")


def _raise(head: bytes) -> bool:
    raise ValueError("cannot sniff")


def _yes(head: bytes) -> bool:
    return "yes"  # type: ignore[return-value]


class RaisingSniff:
    @govreport.hookimpl
    def register_importers(self) -> list[Importer]:
        return [Importer(name="rsniff", suffixes=(".rsniff",), read=_never, sniff=_raise, priority=9)]


class WrongSniff:
    @govreport.hookimpl
    def register_importers(self) -> list[Importer]:
        return [Importer(name="wsniff", suffixes=(".wsniff",), read=_never, sniff=_yes, priority=9)]


RAISING_SNIFF = RaisingSniff()
WRONG_SNIFF = WrongSniff()
