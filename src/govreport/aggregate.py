"""Summing member reports into a 汇总 (aggregate) report.

Tables are summed cell by cell; prose is left empty; the members are listed in
the metadata.  Reports of different format versions or years are refused.  A
cell that holds no number in some member (blank, "/", unreadable) cannot be
summed: it is left blank in the result and reported, never counted as 0.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

from govreport.convert import StructureFailed, short_number, structure, unstructure
from govreport.errors import GovreportError, split_pointer
from govreport.formats import REPORT_CLASSES, AnyReport, v2019, v2021
from govreport.formats.cells import MAX_AMOUNT, MAX_COUNT, number
from govreport.formats.text import printable
from govreport.layout import cells


class AggregationError(GovreportError):
    """Member reports that cannot be summed together."""


@attrs.frozen(kw_only=True)
class Unsummed:
    """A cell of the aggregate left blank because a member gave no number there."""

    pointer: str
    label: str
    members: tuple[str, ...]
    """The member organs whose cell held no number."""


@attrs.frozen(kw_only=True)
class Aggregate:
    """The aggregate report and the cells that could not be summed."""

    report: AnyReport
    unsummed: tuple[Unsummed, ...]


def _combine_other_handling(report: AnyReport) -> AnyReport:
    """A 2021 report with （六）其他处理 as one row: the three rows added together (marks stay unknown)."""
    if not isinstance(report, v2021.Report):
        return report
    other = report.applications.results.other_handling
    if isinstance(other, v2021.OtherHandlingCombined):
        return report
    rows = (other.overdue_correction, other.overdue_fee, other.other_reason)
    combined: dict[str, Any] = {}
    for key in attrs.fields_dict(type(rows[0])):
        values = [number(getattr(r, key)) for r in rows]
        combined[key] = sum(v for v in values if v is not None) if None not in values else ""
    data = unstructure(report)
    data["applications"]["results"]["other_handling"] = {"layout": "combined", "combined": combined}
    try:
        return structure(data, v2021.Report)
    except StructureFailed as exc:  # the three rows add up to more than a count may hold
        problems = "; ".join(f"{i.pointer}: {i.message}" for i in exc.issues[:3])
        raise AggregationError(
            f"{report.metadata.organ}: （六）其他处理 cannot be combined into one row: {problems}"
        ) from None


def _wan_yuan(report: AnyReport) -> AnyReport:
    """A 2019 report whose 采购总金额 is in 万元 (converted exactly from 元 where the report used 元)."""
    if not isinstance(report, v2019.Report):
        return report
    procurement = report.active_disclosure.centralized_procurement
    if procurement.procurement_amount_unit is not v2019.AmountUnit.YUAN:
        return report
    amount = procurement.procurement_amount
    if isinstance(amount, Decimal):
        amount = amount / Decimal(10000)
    changed = attrs.evolve(procurement, procurement_amount=amount, procurement_amount_unit=v2019.AmountUnit.WAN_YUAN)
    return attrs.evolve(
        report, active_disclosure=attrs.evolve(report.active_disclosure, centralized_procurement=changed)
    )


def aggregate(members: Sequence[AnyReport], *, organ: str, **metadata: Any) -> Aggregate:
    """Sum ``members`` into a 汇总 report issued by ``organ``.

    Further keyword arguments set other metadata fields of the result (for
    example ``organ_kind="peoples_government"``).  Raises
    :class:`AggregationError` for an empty list or mixed versions or years.
    """
    if not members:
        raise AggregationError("no member reports to sum")
    versions = sorted({m.format_version for m in members})
    if len(versions) > 1:
        raise AggregationError(f"the members use different format versions ({', '.join(versions)}); sum one at a time")
    years = sorted({m.metadata.report_year for m in members})
    if len(years) > 1:
        raise AggregationError(f"the members cover different years ({', '.join(map(str, years))})")
    version = versions[0]
    prepared = list(members)
    if version == "2021" and any(
        isinstance(m.applications.results.other_handling, v2021.OtherHandlingCombined) for m in prepared
    ):
        prepared = [_combine_other_handling(m) for m in prepared]
    if version == "2019":
        units = {m.active_disclosure.centralized_procurement.procurement_amount_unit for m in prepared}  # type: ignore[union-attr]
        if len(units) > 1:
            prepared = [_wan_yuan(m) for m in prepared]

    template = unstructure(prepared[0])
    totals: dict[str, Any] = {}
    missing: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for member in prepared:
        for cell in cells(member):
            value = number(cell.value)
            labels[cell.pointer] = " › ".join((*cell.row.labels, cell.column.label))
            if value is None:
                missing.setdefault(cell.pointer, []).append(member.metadata.organ)
            else:
                totals[cell.pointer] = totals.get(cell.pointer, 0) + value
    for pointer, total in totals.items():
        limit = MAX_AMOUNT if isinstance(total, Decimal) else MAX_COUNT
        if pointer not in missing and abs(total) > limit:
            raise AggregationError(
                f"{pointer} ({labels[pointer]}): the sum {short_number(total)} is larger than the largest "
                f"{'amount' if isinstance(total, Decimal) else 'count'} a report may hold ({limit}); nothing summed"
            )
    data = copy.deepcopy(template)
    for pointer in labels:
        target = data
        *parents, last = split_pointer(pointer)
        for token in parents:
            target = target[token]
        target[last] = "" if pointer in missing else totals[pointer]
    data["metadata"] = {
        "organ": organ,
        "report_year": years[0],
        "scope": "aggregate",
        "members": [m.metadata.organ for m in members],
        **metadata,
    }
    for key in ("preamble", "problems_improvements", "other_matters"):
        data[key] = []
    data["overall"] = {}
    data["variants"] = []
    data["extensions"] = {}
    try:
        report = structure(data, REPORT_CLASSES[version])
    except StructureFailed as exc:  # the metadata given (an organ's name with a control character, say)
        problems = "; ".join(f"{i.pointer}: {i.message}" for i in exc.issues[:3])
        raise AggregationError(f"the aggregate cannot be made: {printable(problems)}") from None
    unsummed = tuple(
        Unsummed(pointer=p, label=labels[p], members=tuple(sorted(set(organs))))
        for p, organs in sorted(missing.items())
    )
    return Aggregate(report=report, unsummed=unsummed)
