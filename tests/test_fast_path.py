"""The fast structuring path builds exactly what the strict converter builds."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import govreport
from govreport import jsonio
from govreport._fast import structurer
from govreport.formats import REPORT_CLASSES, AnyReport
from strategies import reports


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_fast_equals_strict(report: AnyReport) -> None:
    data = jsonio.loads(govreport.dumps(report))
    cls = REPORT_CLASSES[data["format_version"]]
    assert structurer(cls)(data) == govreport.structure(data, cls) == report


def test_fast_on_seed(seed_data: dict[str, Any], seed_report: AnyReport) -> None:
    assert structurer(type(seed_report))(seed_data) == seed_report


def test_fast_raises_on_what_a_schema_cannot_refuse(seed_data: dict[str, Any]) -> None:
    seed_data["metadata"]["publication_date"] = "2022-02-30"
    with pytest.raises(ValueError, match="day is out of range"):
        structurer(REPORT_CLASSES["2021"])(seed_data)
    result = govreport.validate_data(seed_data)
    assert [(i.pointer, i.code) for i in result.issues] == [("/metadata/publication_date", "date")]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_fast_unstructure_equals_the_converter(report: AnyReport) -> None:
    from govreport._fast import unstructurer
    from govreport.convert import CONVERTER

    kind: type = type(report)  # a report class is hashable; mypy's Hashable check does not see it through attrs
    assert unstructurer(kind)(report) == CONVERTER.unstructure(report)


def test_fast_unstructure_keeps_key_order(seed_report: AnyReport, seed_path: Any) -> None:
    assert govreport.dumps(seed_report) == seed_path.read_text(encoding="utf-8")


def test_records_built_through_a_twin_are_the_records_themselves(seed_data: dict[str, Any]) -> None:
    """Records of five fields or more are built as a mutable twin, then given their class: the result must be a
    frozen record of that very class, equal and hashing equal to one made by ``__init__``."""
    import attrs

    from govreport._fast import _Structure
    from govreport.formats.common import ApplicantCounts

    assert _Structure().twin(ApplicantCounts) is not None  # the quick way is taken for 表三's rows
    report = structurer(REPORT_CLASSES["2021"])(seed_data)
    row = report.applications.new_received
    assert type(row) is ApplicantCounts
    made = ApplicantCounts(**{f.name: getattr(row, f.name) for f in attrs.fields(ApplicantCounts)})
    assert row == made
    assert hash(row) == hash(made)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        row.total = 0  # type: ignore[misc]


def test_the_colon_count_never_exceeds_the_documents(seed_data: dict[str, Any]) -> None:
    """What the fast structuring counts is at most the colons of the data written as JSON: equal for the seed, lower
    when a cell is unreadable (its object is not counted)."""
    import msgspec

    from govreport._fast import counting_structurer

    def colons(data: Any) -> int:
        return msgspec.json.encode(data).count(b":")

    kind: type = REPORT_CLASSES["2021"]
    build = counting_structurer(kind)
    assert build(seed_data)[1] == colons(seed_data)
    seed_data["applications"]["new_received"]["total"] = {"unreadable": "4:9"}
    assert build(seed_data)[1] == colons(seed_data) - 2  # its key and the colon in its text
