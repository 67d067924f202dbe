"""The XLSX form for staff (issue 18, item 6): drop-down lists in Chinese for every enumerated field, Chinese
names accepted, every bad cell reported at once with the values allowed, ``template --variant NAME``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from govreport.cli import main
from govreport.export import read_xlsx, template
from govreport.formats import v2019
from govreport.formats.common import AdministrativeLevel, OrganKind
from govreport.grid import form_choices
from govreport.importers import ImportFailed, import_file

ORGAN_KINDS = [k.label for k in OrganKind]


def _rows(sheet: Any) -> dict[str, int]:
    return {sheet.cell(row=r, column=1).value: r for r in range(2, sheet.max_row + 1)}


def _blank(tmp_path: Path, *args: str) -> tuple[Path, Any]:
    path = tmp_path / "form.xlsx"
    assert main(["template", "-o", str(path), *args]) == 0
    return path, openpyxl.load_workbook(path)


def test_every_enumerated_field_has_a_drop_down_list_in_chinese(tmp_path: Path) -> None:
    _, wb = _blank(tmp_path)
    meta = wb["报告信息"]
    rows = _rows(meta)
    options = wb["选项"]
    assert options.sheet_state == "hidden"
    validations = {str(v.sqref): v for v in meta.data_validations.dataValidation}
    for pointer, names in form_choices("2021").items():
        check = validations[f"C{rows[pointer]}"]
        assert check.type == "list"
        column = next(c for c in options[1] if c.value == pointer).column_letter
        listed = [options[f"{column}{r}"].value for r in range(2, 2 + len(names))]
        assert listed == list(names.values()), pointer
        assert check.formula1 == f"'选项'!${column}$2:${column}${len(names) + 1}"
    organ_kind = next(c for c in options[1] if c.value == "/metadata/organ_kind").column_letter
    assert [options[f"{organ_kind}{r}"].value for r in range(2, 9)] == ORGAN_KINDS
    assert meta.cell(row=rows["/applications/results/other_handling/layout"], column=3).value == "分三项填报"


def _fill(wb: Any, **values: Any) -> None:
    meta = wb["报告信息"]
    rows = _rows(meta)
    meta.cell(row=rows["/metadata/organ"], column=3).value = "某某县人民政府"
    meta.cell(row=rows["/metadata/report_year"], column=3).value = 2023
    for pointer, value in values.items():
        meta.cell(row=rows[pointer.replace("__", "/")], column=3).value = value


def test_chinese_names_are_accepted(tmp_path: Path) -> None:
    path, wb = _blank(tmp_path)
    _fill(wb, __metadata__organ_kind="人民政府", __metadata__administrative_level="县级")
    wb.save(path)
    report = read_xlsx(path)
    assert report.metadata.organ_kind is OrganKind.PEOPLES_GOVERNMENT
    assert report.metadata.administrative_level is AdministrativeLevel.COUNTY
    _fill(wb, __metadata__organ_kind="peoples_government")  # the code still reads
    wb.save(path)
    assert read_xlsx(path).metadata.organ_kind is OrganKind.PEOPLES_GOVERNMENT


def test_every_bad_cell_is_reported_at_once_with_the_values_allowed(tmp_path: Path) -> None:
    path, wb = _blank(tmp_path)
    _fill(wb, __metadata__organ_kind="县政府", __metadata__scope="全部")
    wb["表三"]["D6"] = "十二"
    wb["表四"]["A6"] = "x"
    wb.save(path)
    with pytest.raises(ImportFailed) as failed:
        import_file(path)
    message = failed.value.message
    assert "表格有4处问题" in message
    assert "C6单元格（报告信息／机关类型）：「县政府」不是以下之一：" + "、".join(ORGAN_KINDS) in message
    assert "（报告信息／统计范围）：「全部」不是以下之一：本级、汇总" in message
    assert "工作表「表三」D6单元格：应为数字" in message
    assert "工作表「表四」A6单元格：应为数字" in message


def test_template_for_a_regional_variant(tmp_path: Path) -> None:
    path, wb = _blank(tmp_path, "--variant", "hubei-2020")
    meta = wb["报告信息"]
    rows = _rows(meta)
    assert meta.cell(row=rows["/format_version"], column=3).value == "2019"
    assert meta.cell(row=rows["/variants/-"], column=3).value == "hubei-2020"
    table = wb["表二"]
    labels = [table.cell(row=r, column=1).value for r in range(1, table.max_row + 1)]
    assert labels.index("其他主动公开文件") == labels.index("规范性文件") + 1
    assert "规章（设区的市、自治州人民政府应提供相关数据）" in labels
    headers = {c.value for row in table.iter_rows() for c in row}
    assert "本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8）" in headers
    _fill(wb)
    row = labels.index("其他主动公开文件") + 1
    for column in (2, 3, 4):
        table.cell(row=row, column=column).value = 5
    wb.save(path)
    report = import_file(path).report
    assert isinstance(report, v2019.Report)
    assert report.variants == ("hubei-2020",)
    assert report.extensions["hubei-2020"].other_documents.new_made == 5


def test_template_variant_mistakes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "-o", str(tmp_path / "f.xlsx"), "--variant", "hubei-2020", "--format", "2021"]) == 2
    assert "extends the 2019 format, not 2021" in capsys.readouterr().err
    assert main(["template", "-o", str(tmp_path / "f.xlsx"), "--variant", "nowhere"]) == 2
    assert "no installed plugin provides the variant 'nowhere'" in capsys.readouterr().err
    assert template("2021", "xlsx")  # the national form as before
