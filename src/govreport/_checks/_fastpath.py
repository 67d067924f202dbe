"""Batch runs' fast path: every summation identity of some rules files decided at once, from their data.

The one interface: :meth:`FastPath.findings` gives a rule's findings that do not pass, or ``None`` — "I don't
know: evaluate it".  For a report it tells, for each identity rule, whether every identity whose condition holds
is balanced with every operand a whole number, by one function compiled from the rules files (the only compiled
form of a rule in govreport: it restates nothing by hand, it is written from the pointers and weights).  Such a
rule's only findings that do not pass are the ``not_applicable`` ones of the identities whose condition does not
hold (the other layout of （六）); they are the same for every report whose condition pointers hold the same
values, so the one evaluator makes them once and they are kept.  Anything else — a blank, a mark, unreadable
text, an absent row, an imbalance — is left to the one evaluator, which explains it.

``tests/test_checks_fastpath.py`` holds the two equal over the corpus, generated reports and damaged ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from govreport._checks._cells import value_at
from govreport._checks._records import Context, Finding, Rule
from govreport._checks._rulesfile import Identity, RulesFile
from govreport.errors import split_pointer

_Decide = Callable[[Any], tuple[bool, ...]]
"""Reads a report's cells and tells, for each identity rule in turn, whether all its applicable identities hold
with every operand a whole number; raises AttributeError when a record it reads is not in the report."""

MAX_KEPT = 256
"""Kept not-applicable findings (one list per rule and report shape); shapes are few, this only bounds odd input."""


def _compile(rule_ids: Sequence[str], applying: dict[str, tuple[Identity, ...]]) -> _Decide:
    """The function deciding ``rule_ids`` for reports in which ``applying`` are the identities that apply.

    Generated from the identities themselves: every record and every cell they name is read once into a local
    (a record the report lacks raises AttributeError); each rule's test is the conjunction of its identities,
    ``total is an int and total == item + item − item …``.  A cell holds an int, a Decimal, a Mark or an
    Unreadable (the records' validators see to it); a Mark or an Unreadable in a sum raises TypeError (caught:
    the rule is left to the evaluator), so a test that holds has added whole numbers — an identity over amounts
    (Decimals: a user's rules file may name them) never holds here, and the evaluator decides it.
    """
    names: dict[tuple[str, ...], str] = {(): "r"}
    reads: list[str] = []

    def local(tokens: tuple[str, ...]) -> str:
        found = names.get(tokens)
        if found is None:
            parent = local(tokens[:-1])
            found = names[tokens] = f"v{len(names)}"
            reads.append(f"    {found} = {parent}.{tokens[-1]}")
        return found

    tests: list[str] = []
    for rule_id in rule_ids:
        terms = []
        for identity in applying[rule_id]:
            total = local(tuple(split_pointer(identity.total)))
            items = "".join(
                f" {'+' if item.weight > 0 else '-'} {local(tuple(split_pointer(item.pointer)))}"
                for item in identity.items
            )
            terms.append(f"{total}.__class__ is int and {total} == 0{items}")
        test = " and ".join(f"({t})" for t in terms) or "True"
        tests += [
            "    try:",
            f"        t{len(tests) // 4} = {test}",
            "    except TypeError:",
            f"        t{len(tests) // 4} = False",
        ]
    source = "\n".join(
        ["def decide(r):", *reads, *tests, f"    return ({''.join(f't{n}, ' for n in range(len(rule_ids)))})"]
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, "<govreport identity fast path>", "exec"), namespace)  # the one compiled form
    decide: _Decide = namespace["decide"]
    return decide


class FastPath:
    """Decides the identity rules of some rules files for a whole report at once (see the module)."""

    def __init__(self, rules_files: Sequence[RulesFile]) -> None:
        self._identities: dict[str, dict[str, tuple[Identity, ...]]] = {}
        self._conditions: dict[str, tuple[str, ...]] = {}
        for rules_file in rules_files:
            version = rules_file.format_version
            by_rule = self._identities.setdefault(version, {})
            for spec in rules_file.rules:
                by_rule[spec.id] = tuple(i for i in rules_file.identities if i.rule == spec.id)
            pointers = (i.when.pointer for i in rules_file.identities if i.when is not None)
            self._conditions[version] = tuple(dict.fromkeys(pointers))
        self._plans: dict[tuple[str, tuple[Any, ...]], tuple[tuple[str, ...], _Decide]] = {}
        self._kept: dict[tuple[int, str, tuple[Any, ...]], tuple[Rule, list[Finding]]] = {}

    def findings(self, rule: Rule, context: Context, explain: Callable[[], list[Finding]]) -> list[Finding] | None:
        """The findings of ``rule`` that do not pass in ``context``'s report, or ``None`` when it cannot tell.

        ``explain()`` is the rule's own evaluation in batch mode; it is called (once per rule and report shape)
        to make the findings kept for reports in which every applicable identity holds.
        """
        decided = context.memo(self, self._decide)
        if decided is None or not decided[1].get(rule.id, False):
            return None
        key = (id(rule), context.version, decided[0])
        kept = self._kept.get(key)
        if kept is None or kept[0] is not rule:  # a copy of a rule (another severity, say) gets its own
            if len(self._kept) > MAX_KEPT:
                self._kept.clear()
            kept = self._kept[key] = (rule, explain())
        return kept[1]

    def _decide(self, context: Context) -> tuple[tuple[Any, ...], dict[str, bool]] | None:
        """The report's condition values and, for each identity rule, whether everything that applies holds."""
        report, version = context.report, context.version
        if version not in self._identities:
            return None
        shape = tuple(value_at(report, p) for p in self._conditions[version])
        try:
            plan = self._plans.get((version, shape))
        except TypeError:  # an unhashable value at a condition's pointer: evaluate in full
            return None
        if plan is None:
            plan = self._plans[(version, shape)] = self._plan(version, shape)
        rule_ids, decide = plan
        try:
            decided = decide(report)
        except AttributeError:  # a record the plan reads is not in this report
            return None
        return shape, dict(zip(rule_ids, decided, strict=True))

    def _plan(self, version: str, shape: tuple[Any, ...]) -> tuple[tuple[str, ...], _Decide]:
        values = dict(zip(self._conditions[version], shape, strict=True))
        applying = {
            rule_id: tuple(i for i in identities if i.when is None or values[i.when.pointer] == i.when.equals)
            for rule_id, identities in self._identities[version].items()
        }
        rule_ids = tuple(applying)
        return rule_ids, _compile(rule_ids, applying)
