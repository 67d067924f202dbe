"""A programmatic plugin: the ``test-town`` variant (one added row) and a rule that only its documents get.

Registered with ``host.register(town_plugin, "town")`` in the tests; batch workers rebuild it by module name.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

import govreport
from govreport.checks import Context, Finding, Outcome, Rule, Severity
from govreport.formats import AddedRow, Variant, field
from govreport.formats.cells import Count, count_cell, number

NAME = "test-town"


@attrs.frozen(kw_only=True)
class TownRow:
    """A row the test variant adds to 表二."""

    TITLE: ClassVar[str] = "乡镇增加的行"

    meetings: Count = count_cell("政务公开会议次数", "Disclosure meetings held.")


@attrs.frozen(kw_only=True)
class TownAdditions:
    """What the test variant adds."""

    TITLE: ClassVar[str] = "测试变体增加的内容"

    town_row: TownRow = field(label="乡镇增加的行", description="An added row.", group="第二十条第（一）项")


VARIANT = Variant(
    name=NAME,
    version="1.0",
    base_format="2021",
    title="测试用乡镇模板",
    extension=TownAdditions,
    added_rows=(AddedRow(table="二", key="town_row", after="normative_documents"),),
)


def _few_meetings(rule: Rule, context: Context) -> list[Finding]:
    extension = context.report.extensions[NAME]
    meetings = number(extension.town_row.meetings)
    if meetings is not None and meetings < 6:
        return [rule.finding(Outcome.FAILED, reason=f"只召开了{meetings}次政务公开会议，少于6次")]
    return [rule.finding(Outcome.PASSED)]


RULE = Rule(
    id="TOWN-MEETINGS",
    versions=("2021",),
    severity=Severity.ERROR,
    message_zh="乡镇政务公开会议少于6次",
    message_en="Fewer than six disclosure meetings.",
    doc="A test rule of the test-town variant.",
    variant=NAME,
    evaluate=_few_meetings,
)


@govreport.hookimpl
def register_variants() -> list[Variant]:
    return [VARIANT]


@govreport.hookimpl
def register_checks() -> list[Rule]:
    return [RULE]
