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

    assert unstructurer(type(report))(report) == CONVERTER.unstructure(report)


def test_fast_unstructure_keeps_key_order(seed_report: AnyReport, seed_path: Any) -> None:
    assert govreport.dumps(seed_report) == seed_path.read_text(encoding="utf-8")
