"""Importers whose ``read`` raises, exits, returns the wrong type or a document that cannot be built."""

from __future__ import annotations

import sys

import govreport
from govreport.importers import Importer, Line, SourceDocument, Where


def _raise(data: bytes, name: str) -> SourceDocument:
    raise RuntimeError("the reader broke")


def _wrong(data: bytes, name: str) -> SourceDocument:
    return data.decode("utf-8")  # type: ignore[return-value]


def _garbage(data: bytes, name: str) -> SourceDocument:
    return SourceDocument(blocks=(Line(text=5, where=Where(line=1)),), rendering="garbage")  # type: ignore[arg-type]


def _exit(data: bytes, name: str) -> SourceDocument:
    sys.exit(3)


class RaisingRead:
    @govreport.hookimpl
    def register_importers(self) -> list[Importer]:
        return [Importer(name="rread", suffixes=(".rread",), read=_raise)]


class WrongRead:
    @govreport.hookimpl
    def register_importers(self) -> list[Importer]:
        return [Importer(name="wread", suffixes=(".wread",), read=_wrong)]


class GarbageRead:
    @govreport.hookimpl
    def register_importers(self) -> list[Importer]:
        return [Importer(name="gread", suffixes=(".gread",), read=_garbage)]


class ExitingRead:
    @govreport.hookimpl
    def register_importers(self) -> list[Importer]:
        return [Importer(name="xread", suffixes=(".xread",), read=_exit)]


RAISING_READ = RaisingRead()
WRONG_READ = WrongRead()
GARBAGE_READ = GarbageRead()
EXITING_READ = ExitingRead()
