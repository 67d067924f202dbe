"""jsonschema-rs finds an invalid document's errors and python-jsonschema would word them the same.

With the ``fast`` extra, validation asks jsonschema-rs for the errors and explains them as python-jsonschema's;
these tests hold the two sources equal, issue for issue, over real reports broken in many ways, through the one
explainer (``govreport.validate._explain``).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport import _rserrors, jsonio, validate
from govreport.errors import Issue

ROOT = Path(__file__).resolve().parent.parent
REPORTS = [
    ROOT / "examples" / "zibo-gaoxin-2021.json",
    *sorted((Path(__file__).parent / "data" / "checks").glob("*.json")),
]


def _issues(data: Any, profile: str, source: str) -> list[Issue]:
    version = data["format_version"]
    if source == "rust":
        errors = _rserrors.iter_errors(version, profile, (), data)
        assert errors is not None
    else:
        errors = validate._validator(version, profile, ()).iter_errors(data)
    out = {(i.pointer, i.code): i for e in errors for i in validate._explain(e, version, profile)}
    return sorted(out.values())


def _same(data: Any, profile: str = "lenient") -> list[Issue]:
    rust = _issues(data, profile, "rust")
    assert rust == _issues(data, profile, "python")
    return rust


def _set(data: Any, pointer: str, value: Any) -> None:
    *parents, last = pointer.strip("/").split("/")
    for key in parents:
        data = data[int(key)] if isinstance(data, list) else data[key]
    if value is _DELETE:
        del data[last]
    elif isinstance(data, list):
        data[int(last)] = value
    else:
        data[last] = value


_DELETE = object()
BREAKS: list[tuple[str, Any]] = [
    ("/extensions", {"unreadable": ""}),  # additionalProperties false with no properties: a false schema's error
    ("/applications/new_received/natural_person", "49"),
    ("/applications/new_received/natural_person", -1),
    ("/applications/new_received/total", 1.5),
    ("/applications/new_received/total", 2**60),
    ("/applications/new_received/total", {"unreadable": 5}),
    ("/applications/new_received/total", {"other": "x"}),
    ("/review_litigation/admin_review/upheld", None),
    ("/metadata/mayor", "某某"),
    ("/metadata/report_year", "2021"),
    ("/metadata/report_year", 1800),
    ("/metadata/publication_date", "2022/02/17"),
    ("/metadata/organ_kind", "county"),
    ("/metadata/scope", 3),
    ("/applications/carried_to_next_year", _DELETE),
    ("/metadata/organ", _DELETE),
    ("/applications/results/other_handling/layout", "weird"),
    ("/applications/results/other_handling/layout", _DELETE),
    ("/applications/results/other_handling/combined", _DELETE),
    ("/applications/results/other_handling", {"layout": "itemised", "overdue_fee": {}}),
    ("/overall/introduction", "一段"),
    ("/overall/introduction/0", 5),
    ("/extensions/town", {}),
    ("/format_version", "2021"),
    ("/active_disclosure/admin_fees/fee_amount", "12万元"),
]


def _broken(path: Path, pointer: str, value: Any) -> Any:
    """The report at ``path`` with ``value`` put at ``pointer``; ``None`` when the report has no such place (a 2019
    report has no （六） layout, say)."""
    data = jsonio.read(path)
    try:
        _set(data, pointer, copy.deepcopy(value) if value is not _DELETE else value)
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return data


CASES = [(path, pointer, value) for path in REPORTS for pointer, value in BREAKS if _broken(path, pointer, value)]
"""Each report with each break its shape allows."""


@pytest.mark.parametrize(
    ("path", "pointer", "value"), CASES, ids=[f"{path.name}:{p}={v!r}"[:80] for path, p, v in CASES]
)
def test_one_break(path: Path, pointer: str, value: Any) -> None:
    data = _broken(path, pointer, value)
    _same(data)
    _same(data, "submission")


def test_many_breaks_at_once() -> None:
    data = jsonio.read(REPORTS[0])
    for pointer, value in BREAKS[:-3]:
        try:
            _set(data, pointer, value if value is _DELETE else copy.deepcopy(value))
        except (KeyError, IndexError, TypeError, ValueError):
            continue
    assert len(_same(data)) > 10


_VALUES: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 2**54),
    st.text(max_size=4),
    st.just(""),
    st.just("/"),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.sampled_from(["unreadable", "x"]), st.text(max_size=3), max_size=2),
)


def _pointers(data: Any, prefix: str = "") -> list[str]:
    out = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    for key, value in items:
        here = f"{prefix}/{key}"
        out.append(here)
        out += _pointers(value, here)
    return out


SEED = jsonio.read(REPORTS[0])
POINTERS = [p for p in _pointers(SEED) if p != "/format_version"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(POINTERS), _VALUES), min_size=1, max_size=4))
def test_random_breaks(changes: list[tuple[str, Any]]) -> None:
    data = copy.deepcopy(SEED)
    for pointer, value in changes:
        try:
            _set(data, pointer, value)
        except (KeyError, IndexError, TypeError, ValueError):
            continue
    _same(data)
