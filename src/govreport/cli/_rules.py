"""``govreport rules [--json]``: the rule catalogue."""

from __future__ import annotations

import argparse

from govreport._checks import Rule
from govreport.cli._exit import EXIT_OK
from govreport.cli._output import print_json
from govreport.plugins import Command


def catalogue(args: argparse.Namespace) -> list[tuple[Rule, tuple[str, ...]]]:
    """Every rule (govreport's and the plugins'), once, with the versions it applies to; sorted by ID."""
    return [(rule, tuple(rule.versions)) for rule in args.api.rule_set().rules]


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the catalogue as JSON")


def run(args: argparse.Namespace) -> int:
    rules = catalogue(args)
    if args.json:
        print_json([{**rule.to_json(), "versions": list(versions)} for rule, versions in rules])
        return EXIT_OK
    for rule, versions in rules:
        print(f"{rule.id}  [{rule.severity.value}]  格式 {'、'.join(versions)}")
        print(f"    {rule.formula or rule.message_zh}")
    return EXIT_OK


COMMAND = Command(
    name="rules",
    help="list the consistency rules",
    description="List every consistency rule: ID, severity, format versions, formula in official labels.",
    configure=configure,
    run=run,
)
