"""The public records of the check engine: rules, findings, results."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Literal, TypeAlias, TypeVar

import attrs

from govreport.convert import unstructure
from govreport.formats import AnyReport, Variant

T = TypeVar("T")

Number: TypeAlias = int | Decimal
"""A number read from a cell or from the prose."""


class Severity(enum.Enum):
    """How serious a failed rule is."""

    ERROR = "error"
    """A broken identity: the numbers cannot all be right."""
    WARNING = "warning"
    """Implausible, or prose and tables disagree."""
    INFO = "info"
    """Worth a look; never a fault by itself."""

    @property
    def rank(self) -> int:
        """0 for error, 1 for warning, 2 for info (lower is more serious)."""
        return ("error", "warning", "info").index(self.value)


class Outcome(enum.Enum):
    """What a rule found for one subject."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    """The rule does not apply (the reason says why)."""
    CANNOT_TELL = "cannot_tell"
    """An operand holds no number (blank, "/", "—", "无" or unreadable), so the rule cannot be decided."""


Needs: TypeAlias = Literal["report", "previous", "members"]
"""What a rule needs besides the report: nothing, last year's report, or the member reports."""


@attrs.frozen(kw_only=True)
class Place:
    """One place a finding involves: a cell or a paragraph, in one document."""

    pointer: str
    """RFC 6901 JSON Pointer into the document."""
    label: str = ""
    """The official labels along the pointer, joined by " › "."""
    table: str | None = None
    """``二``, ``三`` or ``四`` for a table cell."""
    row: str | None = None
    """The official row label(s) of a table cell, joined by " › "."""
    column: str | None = None
    """The official column label of a table cell."""
    value: Any = None
    """The value found there, JSON-ready (a number, a mark such as ``"/"``, or ``{"unreadable": …}``)."""
    weight: int | None = None
    """For a summation item: its weight (+1 or −1)."""
    document: str = "report"
    """``report``, ``previous``, or ``members[i]`` for the i-th member report."""

    def to_json(self) -> dict[str, Any]:
        """The place as a JSON-ready mapping."""
        out: dict[str, Any] = {"document": self.document, "pointer": self.pointer, "label": self.label}
        for key in ("table", "row", "column", "weight"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        out["value"] = self.value
        return out


@attrs.frozen(kw_only=True)
class Finding:
    """What one rule found for one subject (a column, a row, a paragraph …)."""

    rule_id: str
    severity: Severity
    outcome: Outcome
    subject: str = ""
    """What was checked, e.g. ``自然人`` for one column of a table-三 identity."""
    message: str = ""
    """The rule's message (Chinese), as a clerk reads it: for a failed finding what is wrong (the rule's
    :attr:`Rule.message_zh`); for any other outcome what the rule checks, in neutral words (its
    :attr:`Rule.formula`, or ``message_zh`` for a rule that has no formula).  The outcome says how it went and
    ``reason`` why."""
    reason: str = ""
    """Why it failed, is not applicable or cannot be told (Chinese, naming places and values)."""
    places: tuple[Place, ...] = ()
    left: Number | None = None
    """The value of the left-hand side (the total, or the stated number)."""
    right: Number | None = None
    """The value of the right-hand side (the sum of items, or the table's number)."""
    imbalance: Number | None = None
    """``left − right`` for an identity; ``None`` when not computed."""

    @property
    def table(self) -> str | None:
        """The table of the first table cell involved, if any."""
        return next((p.table for p in self.places if p.table), None)

    def to_json(self) -> dict[str, Any]:
        """The finding as a JSON-ready mapping."""
        return {
            "rule_id": self.rule_id,
            "severity": self.severity.value,
            "outcome": self.outcome.value,
            "subject": self.subject,
            "message": self.message,
            "reason": self.reason,
            "left": self.left,
            "right": self.right,
            "imbalance": self.imbalance,
            "places": [p.to_json() for p in self.places],
        }


_DATA, _PREVIOUS, _MEMBERS = object(), object(), object()
"""The keys of the JSON views in a context's memo."""


class Context:
    """What a rule sees: the report and, when given, last year's report and the member reports.

    ``detail`` is False in batch runs, where only the findings that do not pass are kept: an evaluator may then
    skip building a finding it can tell has passed (it is dropped anyway).  What several rules compute from the
    same report (the prose's keyword index, the table's values) is kept for the one check with :meth:`memo`.
    """

    __slots__ = ("_memo", "detail", "members", "previous", "report", "variants")

    def __init__(
        self,
        *,
        report: AnyReport,
        previous: AnyReport | None = None,
        members: tuple[AnyReport, ...] | None = None,
        detail: bool = True,
        variants: tuple[Variant, ...] = (),
    ) -> None:
        self.report = report
        self.previous = previous
        self.members = members
        self.detail = detail
        self.variants = variants
        """The regional variants the report declares (their records), so rules see the rows they add."""
        self._memo: dict[object, Any] = {}

    @property
    def version(self) -> str:
        """The format version of the report."""
        return self.report.format_version

    @property
    def data(self) -> Any:
        """The report as JSON-ready data, computed once for all rules."""
        return self.memo(_DATA, lambda c: unstructure(c.report))

    @property
    def previous_data(self) -> Any:
        """Last year's report as JSON-ready data (``None`` when not given), computed once."""
        return self.memo(_PREVIOUS, lambda c: None if c.previous is None else unstructure(c.previous))

    @property
    def members_data(self) -> list[Any]:
        """The member reports as JSON-ready data, computed once."""
        return self.memo(_MEMBERS, lambda c: [unstructure(m) for m in c.members or ()])

    def memo(self, key: object, compute: Callable[[Context], T]) -> T:
        """``compute(self)``, computed once per check for all the rules that ask with the same ``key`` (a
        module-level object of the asking module, so two modules never share a key by accident)."""
        memo = self._memo
        if key in memo:
            found: T = memo[key]
            return found
        value = memo[key] = compute(self)
        return value


Evaluate: TypeAlias = Callable[["Rule", Context], Iterable[Finding]]
"""A rule's evaluation: given the rule and the context, its findings."""


@attrs.frozen(kw_only=True)
class Rule:
    """One consistency rule with a stable identity.

    ``evaluate`` is called with the rule itself and a :class:`Context` and
    yields :class:`Finding` records (use :meth:`finding` to make them).  Rules
    from a rules file (summation identities) are evaluated by the engine's one
    identity evaluator; no code is ever read from a file.
    """

    id: str
    """Stable identifier, e.g. ``T3-BALANCE``; never reused for a different rule."""
    versions: tuple[str, ...]
    """Format versions the rule applies to."""
    severity: Severity
    message_zh: str
    message_en: str
    doc: str
    """What the rule checks and why (English, Markdown)."""
    formula: str = ""
    """The rule in official labels, e.g. ``一 + 二 = （七）总计 + 四``."""
    table: str | None = None
    """The table the rule is about (``二``, ``三``, ``四``), or ``None`` for prose and form rules."""
    needs: Needs = "report"
    variant: str | None = None
    """A regional variant the rule belongs to: it then applies only to documents that declare it."""
    evaluate: Evaluate = attrs.field(eq=False, repr=False)

    def applies_to(self, report: AnyReport) -> bool:
        """Whether the rule applies to a report's format version (and variant)."""
        if report.format_version not in self.versions:
            return False
        return self.variant is None or self.variant in report.variants

    def finding(self, outcome: Outcome, **kwargs: Any) -> Finding:
        """A finding of this rule.  ``message`` defaults to :attr:`message_zh` (what is wrong) for a failed
        finding and to the neutral :attr:`formula` (what is checked) for any other, so a passed finding never
        carries the failure's wording."""
        if "message" not in kwargs:
            kwargs["message"] = self.message_zh if outcome is Outcome.FAILED else self.formula or self.message_zh
        return Finding(rule_id=self.id, severity=self.severity, outcome=outcome, **kwargs)

    def to_json(self) -> dict[str, Any]:
        """The rule's description (without its evaluation) as a JSON-ready mapping."""
        return {
            "id": self.id,
            "versions": list(self.versions),
            "severity": self.severity.value,
            "table": self.table,
            "needs": self.needs,
            "variant": self.variant,
            "formula": self.formula,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "doc": self.doc,
        }


@attrs.frozen(kw_only=True)
class CheckResult:
    """Every finding of every rule for one report, sorted by rule ID and subject."""

    format_version: str
    rules: tuple[Rule, ...]
    findings: tuple[Finding, ...]

    def with_outcome(self, outcome: Outcome) -> tuple[Finding, ...]:
        """The findings with one outcome."""
        return tuple(f for f in self.findings if f.outcome is outcome)

    @property
    def failed(self) -> tuple[Finding, ...]:
        """The failed findings."""
        return self.with_outcome(Outcome.FAILED)

    def fails(self, at_least: Severity = Severity.ERROR) -> bool:
        """Whether a rule of ``at_least`` this severity (or worse) failed."""
        rank, failed = at_least.rank, Outcome.FAILED
        return any(f.outcome is failed and f.severity.rank <= rank for f in self.findings)

    def counts(self) -> dict[str, int]:
        """How many findings have each outcome."""
        return {o.value: len(self.with_outcome(o)) for o in Outcome}

    def to_json(self) -> dict[str, Any]:
        """The result as a JSON-ready mapping."""
        return {
            "format_version": self.format_version,
            "counts": self.counts(),
            "rules": sorted(r.id for r in self.rules),
            "findings": [f.to_json() for f in self.findings],
        }


RuleProvider: TypeAlias = Callable[[str], Iterable[Rule]]
"""Something that supplies extra rules for a format version (a plugin, a rules file …)."""
