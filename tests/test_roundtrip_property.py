"""Property: unstructure → JSON text → validate → structure gives back an equal report."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

import govreport
from govreport import jsonio
from govreport.formats import AnyReport
from strategies import reports


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_roundtrip_through_json(report: AnyReport) -> None:
    text = govreport.dumps(report)
    data = jsonio.loads(text)
    result = govreport.validate_data(data)
    assert result.issues == ()
    assert result.report == report
    assert govreport.dumps(result.report) == text


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(marks=False))
def test_reports_without_marks_pass_the_submission_profile(report: AnyReport) -> None:
    data = jsonio.loads(govreport.dumps(report))
    assert govreport.validate_data(data, profile="submission").issues == ()
