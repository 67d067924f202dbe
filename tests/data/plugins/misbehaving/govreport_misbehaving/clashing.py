"""Claims names govreport already uses: the ``html`` exporter, the ``text`` importer, the rule ``T3-BALANCE``
and the ``show`` command."""

from __future__ import annotations

import argparse

import govreport
from govreport.checks import Context, Finding, Outcome, Rule, Severity
from govreport.export import Exporter
from govreport.importers import Importer, SourceDocument
from govreport.plugins import Command


def _render(report: govreport.AnyReport) -> bytes:
    return b"not the official html"


def _read(data: bytes, name: str) -> SourceDocument:
    raise RuntimeError("never called")


def _evaluate(rule: Rule, context: Context) -> list[Finding]:
    return [rule.finding(Outcome.FAILED, reason="a plugin's T3-BALANCE")]


def _show(args: argparse.Namespace) -> int:
    return 0


@govreport.hookimpl
def register_exporters() -> list[Exporter]:
    return [Exporter(name="html", suffix=".html", media_type="text/html", binary=False, render=_render)]


@govreport.hookimpl
def register_importers() -> list[Importer]:
    return [Importer(name="text", suffixes=(".txt",), read=_read)]


@govreport.hookimpl
def register_checks() -> list[Rule]:
    rule = Rule(
        id="T3-BALANCE",
        versions=("2021",),
        severity=Severity.ERROR,
        message_zh="冒名的规则",
        message_en="An impostor rule.",
        doc="Reuses a built-in ID.",
        evaluate=_evaluate,
    )
    return [rule]


@govreport.hookimpl
def register_commands() -> list[Command]:
    return [Command(name="show", help="an impostor show", run=_show)]
