"""jsonschema-rs's validation errors in the shape validation's explainer reads (python-jsonschema's).

With the ``fast`` extra, an invalid document's errors come from jsonschema-rs: each is given the attributes
:func:`govreport.validate._explain` reads — the instance and its path, the keyword that failed, that keyword's
value and the subschema holding it, and for ``oneOf``/``anyOf`` the errors of each branch — so one explainer
words every problem whichever validator found it.  ``tests/test_validate_errors.py`` holds the two validators'
issues equal over many broken documents.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterator
from typing import Any, Protocol

from govreport.formats import Variant
from govreport.schema import generate


class SchemaError(Protocol):
    """What the explainer reads of a schema error: python-jsonschema's ``ValidationError`` has it, as does
    :class:`Error`."""

    @property
    def absolute_path(self) -> Any: ...
    @property
    def instance(self) -> Any: ...
    @property
    def validator(self) -> Any: ...
    @property
    def validator_value(self) -> Any: ...
    @property
    def schema(self) -> Any: ...
    @property
    def message(self) -> Any: ...
    @property
    def schema_path(self) -> Any: ...
    @property
    def context(self) -> Any: ...


class Error:
    """One jsonschema-rs error, as python-jsonschema's ``ValidationError`` would give it."""

    def __init__(self, error: Any, root: dict[str, Any], branch: int | None = None, data: Any = None) -> None:
        path = list(error.schema_path)
        self.absolute_path = deque(error.instance_path)
        self.instance = error.instance
        self.validator = str(path[-1]) if path else ""
        if self.validator == "additionalProperties" and not isinstance(self.instance, dict):
            # "additionalProperties": false with no "properties" beside it: jsonschema-rs reports the unexpected
            # key's value (as a false schema's error) at the object's path; the explainer reads the object
            self.instance = _at(data, list(error.instance_path))
        self.schema = _at(root, path[:-1])
        self.validator_value = self.schema.get(self.validator) if isinstance(self.schema, dict) else None
        kind = error.kind
        if self.validator == "required":
            self.message = f"'{kind.property}' is a required property"
        else:
            self.message = str(error.message)
        # python-jsonschema numbers a branch's errors from the keyword: schema_path[0] is the branch
        self.schema_path = deque([branch] if branch is not None else [])
        self.context = [
            Error(sub, root, index) for index, subs in enumerate(getattr(kind, "context", None) or ()) for sub in subs
        ]


def _at(schema: Any, path: list[Any]) -> Any:
    """The subschema at a schema path (keys and indexes from the root)."""
    for step in path:
        try:
            schema = schema[step]
        except (KeyError, IndexError, TypeError):
            return {}
    return schema


@functools.cache
def _compiled(version: str, profile: str, variants: tuple[Variant, ...]) -> tuple[Any, dict[str, Any]] | None:
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - the fast extra is optional
        return None
    schema = generate(version, profile, variants)
    return jsonschema_rs.validator_for(schema), schema


def iter_errors(version: str, profile: str, variants: tuple[Variant, ...], data: Any) -> Iterator[Error] | None:
    """Every schema error of ``data``, found by jsonschema-rs; ``None`` without the ``fast`` extra or for data
    jsonschema-rs cannot take (a Python object JSON has no form for)."""
    compiled = _compiled(version, profile, variants)
    if compiled is None:
        return None
    validator, schema = compiled
    try:
        found = validator.iter_errors(data)
    except ValueError:  # a Python value JSON has no word for (validate_data takes any object): the plain path
        return None
    return (Error(e, schema, data=data) for e in found)
