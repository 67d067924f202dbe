"""The format records: labels at run time, exact decimals, marks kept apart from 0."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import govreport
from govreport.formats import REPORT_CLASSES, v2019, v2021
from govreport.formats._fields import METADATA_KEY, FieldInfo
from govreport.formats._introspect import fields_of
from govreport.formats.cells import Mark, Unreadable
from govreport.formats.common import ApplicantCounts, Metadata
from govreport.layout import rows

FORMAT_DIR = Path(__file__).resolve().parent / "data" / "format"


def _all_record_classes(cls: type, seen: set[type] | None = None) -> set[type]:
    import typing

    from govreport.formats._introspect import strip_optional, union_args

    seen = set() if seen is None else seen
    if cls in seen:
        return seen
    seen.add(cls)
    for spec in fields_of(cls):
        tp, _ = strip_optional(spec.type)
        for member in union_args(tp) or (tp, *typing.get_args(tp)):
            if isinstance(member, type) and attrs.has(member):
                _all_record_classes(member, seen)
    return seen


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_every_field_has_label_and_description(version: str) -> None:
    classes = _all_record_classes(REPORT_CLASSES[version])
    assert len(classes) > 10
    for cls in classes:
        params = attrs.fields(cls)
        assert params, cls
        for attribute in params:
            info = attribute.metadata[METADATA_KEY]
            assert isinstance(info, FieldInfo)
            assert info.label.strip(), (cls, attribute.name)
            assert info.description.strip(), (cls, attribute.name)


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_records_are_frozen_and_keyword_only(version: str) -> None:
    for cls in _all_record_classes(REPORT_CLASSES[version]):
        assert all(a.kw_only for a in attrs.fields(cls)), cls
        with pytest.raises(TypeError):
            cls(*[None] * len(attrs.fields(cls)))


def test_frozen(seed_report: Any) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        seed_report.metadata.organ = "x"


def test_labels_match_the_format_files() -> None:
    import json

    formats = json.loads((FORMAT_DIR / "formats.json").read_text(encoding="utf-8"))
    for version in ("2019", "2021"):
        spec = formats[version]["tables"]
        table2 = spec[0]
        expected_rows = [r["label"] for st in table2["subtables"] for r in st["rows"]]
        got_rows = [r.label for r in rows(version, "二")]
        assert got_rows == expected_rows
        for st in table2["subtables"]:
            columns = [c["label"] for c in st["columns"][1:]]
            for r in rows(version, "二"):
                if r.label in [x["label"] for x in st["rows"]]:
                    assert [c.label for c in r.columns] == columns

        expected3 = _leaves(spec[1]["rows"])
        got3 = [r.label for r in rows(version, "三")]
        assert got3 == expected3
        applicant = [c.label for c in rows(version, "三")[0].columns]
        assert applicant == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def _leaves(items: list[dict[str, Any]]) -> list[str]:
    """Labels of the rows that carry numbers (group labels such as （三）不予公开 carry none)."""
    out = []
    for item in items:
        children = item.get("children") or []
        if children:
            out.extend(_leaves(children))
        elif not item.get("is_group"):
            out.append(item["label"])
    return out


def test_row_counts_as_in_the_format() -> None:
    # 三、本年度办理结果 spans 20 data rows in 2019 and 22 in 2021 (formats.json row_count_note)
    assert len([r for r in rows("2019", "三") if r.key.startswith("results.")]) == 20
    assert len([r for r in rows("2021", "三") if r.key.startswith("results.")]) == 22
    assert sum(len(r.columns) for r in rows("2021", "四")) == 15


def test_seed_keeps_other_handling_as_one_row(seed_report: Any) -> None:
    other = seed_report.applications.results.other_handling
    assert isinstance(other, v2021.OtherHandlingCombined)
    assert other.combined.total == 1
    keys = [r.key for r in rows(seed_report, "三")]
    assert "results.other_handling.combined" in keys
    assert "results.other_handling.overdue_correction" not in keys


def test_fee_amount_is_exact_decimal(seed_report: Any) -> None:
    amount = seed_report.active_disclosure.admin_fees.fee_amount
    assert isinstance(amount, Decimal)
    assert str(amount) == "5953.02496"
    assert '"fee_amount": 5953.02496' in govreport.dumps(seed_report)


def test_marks_are_not_zero() -> None:
    row: dict[str, Any] = {k.key: 0 for k in fields_of(ApplicantCounts)}
    zero = govreport.structure(row, ApplicantCounts)
    blank = govreport.structure({**row, "total": ""}, ApplicantCounts)
    slash = govreport.structure({**row, "total": "/"}, ApplicantCounts)
    lost = govreport.structure({**row, "total": {"unreadable": "1O"}}, ApplicantCounts)
    assert zero.total == 0
    assert blank.total is Mark.BLANK
    assert slash.total is Mark.SLASH
    assert lost.total == Unreadable(unreadable="1O")
    assert len({zero, blank, slash, lost}) == 4
    assert govreport.unstructure(slash)["total"] == "/"


def test_python_construction_validates() -> None:
    kwargs: dict[str, Any] = {k.key: 0 for k in fields_of(ApplicantCounts)}
    with pytest.raises(ValueError, match="negative"):
        ApplicantCounts(**{**kwargs, "total": -1})
    with pytest.raises(TypeError):
        ApplicantCounts(**{**kwargs, "total": 1.5})
    with pytest.raises(TypeError):
        v2021.FeeAmount(fee_amount=1.5)  # type: ignore[arg-type]
    assert v2019.ItemCounts(prev_year_items=3, change=-8, decisions=0).change == -8


def test_field_labels_readable_at_run_time() -> None:
    label = attrs.fields(Metadata).organ.metadata[METADATA_KEY].label
    assert label == "报告机关"
    fee = attrs.fields(v2021.FeeAmount).fee_amount.metadata[METADATA_KEY]
    assert fee.label == "本年收费金额（单位：万元）"
    assert fee.unit == "万元"
