"""``govreport rules [--json]``: the rule catalogue."""

from __future__ import annotations

import argparse
from typing import Any

from govreport.checks import Rule, get_rules
from govreport.cli import EXIT_OK
from govreport.cli._output import print_json
from govreport.formats import FORMAT_VERSIONS


def catalogue() -> list[tuple[Rule, tuple[str, ...]]]:
    """Every rule of every format version, once, with the versions it applies to; sorted by ID."""
    found: dict[str, tuple[Rule, list[str]]] = {}
    for version in FORMAT_VERSIONS:
        for rule in get_rules(version):
            found.setdefault(rule.id, (rule, []))[1].append(version)
    return [(rule, tuple(versions)) for rule, versions in (found[k] for k in sorted(found))]


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "rules",
        help="list the consistency rules",
        description="List every consistency rule: ID, severity, format versions, formula in official labels.",
    )
    p.add_argument("--json", action="store_true", help="print the catalogue as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    rules = catalogue()
    if args.json:
        print_json([{**rule.to_json(), "versions": list(versions)} for rule, versions in rules])
        return EXIT_OK
    for rule, versions in rules:
        print(f"{rule.id}  [{rule.severity.value}]  格式 {'、'.join(versions)}")
        print(f"    {rule.formula or rule.message_zh}")
    return EXIT_OK
