"""The consistency-rule reference, generated from the built-in catalogue (plugins are not loaded)."""

from __future__ import annotations

from govreport.checks import Rule, get_rules, rules_file
from govreport.formats import FORMAT_VERSIONS

_SEVERITY = {"error": "error（错误）", "warning": "warning（警告）", "info": "info（提示）"}
_NEEDS = {
    "report": "the report",
    "previous": "the report and last year's (`--previous`)",
    "members": "a 汇总 report and its members (`--members`)",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalogue() -> list[tuple[Rule, list[str]]]:
    """Every built-in rule once, with the format versions it applies to, sorted by ID."""
    found: dict[str, tuple[Rule, list[str]]] = {}
    for version in FORMAT_VERSIONS:
        for rule in get_rules(version, plugins=False):
            found.setdefault(rule.id, (rule, []))[1].append(version)
    return [found[k] for k in sorted(found)]


def rules_page() -> str:
    rules = catalogue()
    identities = sorted({r.id for version in FORMAT_VERSIONS for r in rules_file(version).rules})
    lines = [
        "# Consistency rules",
        "",
        "Generated from the built-in catalogue (`govreport rules` prints the same, including plugin rules). "
        "Rule IDs are stable: a rule that changes meaning gets a new ID. The summation identities "
        f"({', '.join(identities)}) are also published as data in `schemas/<version>/rules.json` (schema: "
        "`schemas/rules.schema.json`); the other rules are inequalities, prose or form rules, and are code. "
        "See [what “cannot tell” means](../cannot-tell.md).",
        "",
        "| ID | formula (official labels) | severity | formats |",
        "|---|---|---|---|",
    ]
    for rule, versions in rules:
        lines.append(
            f"| [`{rule.id}`](#{rule.id.lower()}) | {_cell(rule.formula)} | {_SEVERITY[rule.severity.value]} | "
            f"{', '.join(versions)} |"
        )
    lines.append("")
    for rule, versions in rules:
        lines += [
            f"## {rule.id}",
            "",
            f"- **Formula:** {rule.formula}",
            f"- **Severity:** {_SEVERITY[rule.severity.value]}",
            f"- **Formats:** {', '.join(versions)}",
            f"- **Table:** {'表' + rule.table if rule.table else 'prose and metadata'}",
            f"- **Needs:** {_NEEDS[rule.needs]}",
            f"- **Published as data:** {'yes, `schemas/<version>/rules.json`' if rule.id in identities else 'no'}",
            f"- **Message:** {rule.message_zh} / {rule.message_en}",
            "",
            rule.doc,
            "",
        ]
    return "\n".join(lines)


def pages() -> dict[str, str]:
    return {"reference/generated/rules.md": rules_page()}
