"""The national formats as typed, versioned records.

========  ================================  ==========================
version   notice                            report years
========  ================================  ==========================
``2019``  国办公开办函〔2019〕60号（试行）  2019, 2020
``2021``  国办公开办函〔2021〕30号          2021 on
========  ================================  ==========================

For plugin authors this module is also the authoring API of records: :func:`field` declares a field with its
official label, :class:`Variant` and :class:`AddedRow` describe a regional variant.
"""

from __future__ import annotations

from typing import TypeAlias

from govreport.formats import v2019, v2021
from govreport.formats._fields import CellKind, FieldInfo, field, field_info
from govreport.formats._variants import TABLES, AddedRow, Variant

AnyReport: TypeAlias = v2019.Report | v2021.Report
"""A report in any national format."""

REPORT_CLASSES: dict[str, type[AnyReport]] = {"2019": v2019.Report, "2021": v2021.Report}
"""Root record of each format version, by version name."""

FORMAT_VERSIONS: tuple[str, ...] = tuple(sorted(REPORT_CLASSES))
"""The format versions govreport knows, oldest first."""

NOTICES: dict[str, str] = {"2019": v2019.NOTICE, "2021": v2021.NOTICE}
"""The notice that issued each format version."""


def default_version_for_year(report_year: int) -> str:
    """The format version the national rules prescribe for a report year."""
    return "2019" if report_year <= 2020 else "2021"


__all__ = [
    "FORMAT_VERSIONS",
    "NOTICES",
    "REPORT_CLASSES",
    "TABLES",
    "AddedRow",
    "AnyReport",
    "CellKind",
    "FieldInfo",
    "Variant",
    "default_version_for_year",
    "field",
    "field_info",
    "v2019",
    "v2021",
]
