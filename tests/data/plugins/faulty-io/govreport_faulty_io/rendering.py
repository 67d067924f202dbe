"""Exporters whose ``render`` or ``template`` raises, exits, or returns text instead of bytes."""

from __future__ import annotations

import sys
from typing import Any

import govreport
from govreport.export import Exporter


def _raise(*args: Any) -> bytes:
    raise ValueError("the renderer broke")


def _text(*args: Any) -> bytes:
    return "text, not bytes"  # type: ignore[return-value]


def _exit(*args: Any) -> bytes:
    sys.exit(3)


def _exporter(name: str, render: Any) -> Exporter:
    return Exporter(name=name, suffix=f".{name}", media_type="text/plain", binary=False, render=render, template=render)


class RaisingRender:
    @govreport.hookimpl
    def register_exporters(self) -> list[Exporter]:
        return [_exporter("boom", _raise)]


class WrongRender:
    @govreport.hookimpl
    def register_exporters(self) -> list[Exporter]:
        return [_exporter("strout", _text)]


class ExitingRender:
    @govreport.hookimpl
    def register_exporters(self) -> list[Exporter]:
        return [_exporter("bye", _exit)]


RAISING_RENDER = RaisingRender()
WRONG_RENDER = WrongRender()
EXITING_RENDER = ExitingRender()
