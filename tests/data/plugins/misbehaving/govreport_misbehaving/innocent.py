"""A well-behaved plugin beside the others: its rule and command must survive their failures."""

from __future__ import annotations

import argparse

import govreport
from govreport.checks import Context, Finding, Outcome, Rule, Severity
from govreport.plugins import Command


def _evaluate(rule: Rule, context: Context) -> list[Finding]:
    return [rule.finding(Outcome.PASSED)]


def _hello(args: argparse.Namespace) -> int:
    print("innocent says hello")
    return 0


@govreport.hookimpl
def register_checks() -> list[Rule]:
    rule = Rule(
        id="INNOCENT-RULE",
        versions=("2019", "2021"),
        severity=Severity.INFO,
        message_zh="无害的规则",
        message_en="A harmless rule.",
        doc="Always passes.",
        evaluate=_evaluate,
    )
    return [rule]


@govreport.hookimpl
def register_commands() -> list[Command]:
    return [Command(name="innocent-hello", help="say hello", run=_hello)]
