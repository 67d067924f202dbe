"""Validation: JSON Schema, then structuring, as one list of issues."""

from __future__ import annotations

import functools
import os
import typing
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import jsonschema

from govreport import _rserrors, jsonio
from govreport._fast import counting_structurer
from govreport.convert import StructureFailed, describe, short_number, structure
from govreport.errors import GovreportError, InputError, Issue, MissingVariantError, UnknownFormatError, pointer
from govreport.formats import FORMAT_VERSIONS, REPORT_CLASSES, AnyReport, Variant
from govreport.formats._introspect import FieldSpec, field_by_key, strip_optional, union_args
from govreport.formats._variants import by_name
from govreport.formats.text import printable
from govreport.labels import field_at, label_for_path
from govreport.schema import PROFILES, SCHEMA_LINK, generate, sort_variants

Variants = Iterable[Variant] | Mapping[str, Variant]
"""The regional variants a document may use: records, or records by name."""


@attrs.frozen(kw_only=True)
class ValidationResult:
    """The outcome of validating one document."""

    source: str
    """The file name, or ``<data>`` for data passed in memory."""
    version: str | None
    """The format version the document was validated against."""
    profile: str
    issues: tuple[Issue, ...]
    """Every problem found, sorted by pointer."""
    report: AnyReport | None = attrs.field(default=None, eq=False, repr=False)
    """The structured report when the document is valid."""
    unreadable: bool = False
    """True when the input could not be read at all (exit code 2)."""

    @property
    def valid(self) -> bool:
        """Whether the document is valid."""
        return not self.issues

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready data (``govreport validate --json``)."""
        return {
            "file": self.source,
            "format_version": self.version,
            "profile": self.profile,
            "valid": self.valid,
            "readable": not self.unreadable,
            "issues": [i.to_json() for i in self.issues],
        }


class InvalidReport(GovreportError):
    """A document that is not a valid report; ``result`` holds every issue."""

    def __init__(self, result: ValidationResult):
        first = result.issues[0] if result.issues else None
        where = f" at {first.pointer or '/'}: {first.message}" if first else ""
        super().__init__(f"{result.source}: {len(result.issues)} problem(s){where}")
        self.result = result


@functools.cache
def _validator(version: str, profile: str, variants: tuple[Variant, ...] = ()) -> jsonschema.Draft202012Validator:
    schema = generate(version, profile, variants)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _cell_message(error: _rserrors.SchemaError, profile: str, kind: str) -> tuple[str, str]:
    value: Any = error.instance
    if profile == "submission":
        expected = (
            "a whole number ≥ 0" if kind == "count" else "a whole number" if kind == "signed_count" else "an amount ≥ 0"
        )
        if isinstance(value, str | dict) and error.validator in ("type", "anyOf"):
            return "submission", f"the submission profile needs a number here; got {describe(value)}"
    else:
        expected = {
            "count": "a whole number ≥ 0",
            "signed_count": "a whole number",
            "amount": "an amount ≥ 0",
        }[kind] + ' or a mark ("", "/", "—", "无")'
    if type(value) is int and kind != "amount":
        if value < 0:
            return "minimum", f"a count cannot be negative, got {value}"
        return "maximum", f"{short_number(value)} is larger than the largest count accepted (2^53 − 1)"
    if isinstance(value, int | float) or type(value).__name__ == "Decimal":
        if kind == "amount":
            return (
                ("minimum", f"an amount cannot be negative, got {value}")
                if value < 0
                else (
                    "maximum",
                    f"{short_number(value)} is larger than the largest amount accepted",
                )
            )
        return "type", f"expected a whole number, got the fraction {value}"
    return "type", f"expected {expected}, got {describe(value)}"


def _field(version: str, path: list[str | int], variants: tuple[Variant, ...]) -> FieldSpec | None:
    """The field at ``path``: of the format, or of a declared variant's extension record."""
    if len(path) > 2 and path[0] == "extensions":
        extension = next((v.extension for v in variants if v.name == path[1]), None)
        return None if extension is None else field_at(extension, path[2:])
    return field_at(REPORT_CLASSES[version], path)


def _explain(
    error: _rserrors.SchemaError, version: str, profile: str, variants: tuple[Variant, ...] = ()
) -> Iterator[Issue]:
    path = list(error.absolute_path)
    root = REPORT_CLASSES[version]
    instance: Any = error.instance
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    spec = _field(version, path, variants)
    if spec is not None and spec.info.cell is not None:
        code, message = _cell_message(error, profile, spec.info.cell.value)
        yield Issue(pointer=pointer(path), code=code, message=message, label=label_for_path(root, path))
        return
    v = error.validator
    if v == "required":
        missing = str(error.message).split("'")[1]
        where = [*path, missing]
        yield Issue(
            pointer=pointer(where), code="required", message="required, but missing", label=label_for_path(root, where)
        )
        return
    if v == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(instance) - set(allowed)):
            where = [*path, key]
            hint = f"; expected one of: {', '.join(allowed)}" if allowed else "; no keys are allowed here"
            yield Issue(
                pointer=pointer(where),
                code="unknown_key",
                message=f"unknown key {key!r}{hint}",
                label=label_for_path(root, path),
            )
        return
    members = union_args(strip_optional(spec.type)[0]) if spec is not None else None
    if v == "oneOf" and members and isinstance(instance, dict):
        # a tagged union: report the errors of the member the "layout" tag names
        tags = [typing.get_args(field_by_key(m)["layout"].type)[0] for m in members]
        tag = instance.get("layout")
        where = [*path, "layout"]
        if tag in tags:
            index = tags.index(tag)
            for sub in error.context or ():
                if sub.schema_path and sub.schema_path[0] == index:
                    yield from _explain(sub, version, profile, variants)
            return
        choices = " or ".join(f'"{t}"' for t in tags)
        code, message = (
            ("required", f"required, but missing: {choices}")
            if "layout" not in instance
            else (
                "const",
                f"expected {choices}, got {describe(tag)}",
            )
        )
        yield Issue(pointer=pointer(where), code=code, message=message, label=label_for_path(root, where))
        return
    if v in ("oneOf", "anyOf", "const", "enum"):
        options = [b.get("const") for b in schema.get("oneOf", []) if isinstance(b, dict) and "const" in b]
        if v == "const":
            options = [error.validator_value]
        if options:
            choices = ", ".join(repr(o) for o in options)
            yield Issue(
                pointer=pointer(path),
                code="enum",
                message=f"expected one of {choices}, got {describe(instance)}",
                label=label_for_path(root, path),
            )
            return
    if v in ("minimum", "maximum"):
        message = f"must be {'≥' if v == 'minimum' else '≤'} {error.validator_value}, got {instance}"
    elif v == "type" and schema.get("type") == "integer" and type(instance).__name__ == "Decimal":
        message = f"expected a whole number written without a fraction or exponent, got {describe(instance)}"
    else:
        # type, pattern, anyOf/oneOf over plain types: say what the place accepts, in our own words, so
        # the message does not depend on which validator found the error
        message = f"expected {_expected(schema)}, got {describe(instance)}"
    yield Issue(pointer=pointer(path), code=str(v), message=message, label=label_for_path(root, path))


def _expected(schema: Any) -> str:
    """What a subschema accepts, in words: "a date written YYYY-MM-DD or null", "one of 'a', 'b'"."""
    if not isinstance(schema, dict):
        return "a valid value"
    if "const" in schema:
        return repr(schema["const"])
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        if all(isinstance(b, dict) and "const" in b for b in branches):
            return "one of " + ", ".join(repr(b["const"]) for b in branches)
        return " or ".join(_expected(b) for b in branches)
    if "$ref" in schema:
        name = str(schema["$ref"]).rsplit("/", 1)[-1]
        return f"an object ({name})"
    if schema.get("format") == "date":
        return "a date written YYYY-MM-DD"
    kind = schema.get("type")
    names = " or ".join(kind) if isinstance(kind, list) else str(kind) if kind else "a value"
    if kind is None:
        return names
    if kind == "null":
        return "null"
    described = f"{'an' if names[0] in 'aeiou' else 'a'} {names}"
    if "pattern" in schema:
        described += f" of the form {schema['pattern']}"
    return described


def _choose_version(data: dict[str, Any], version: str | None) -> str:
    declared = data.get("format_version")
    chosen = version if version is not None else declared
    if chosen is None:
        raise UnknownFormatError(
            f"the document names no format_version; pass one explicitly (known: {', '.join(FORMAT_VERSIONS)})"
        )
    if not isinstance(chosen, str) or chosen not in REPORT_CLASSES:
        raise UnknownFormatError(f"unknown format version {chosen!r}; known: {', '.join(FORMAT_VERSIONS)}")
    return chosen


def _declared_variants(
    data: dict[str, Any], version: str, available: dict[str, Variant]
) -> tuple[tuple[Variant, ...], list[Issue]]:
    """The available variants a document declares, and an issue for each it cannot use."""
    declared = data.get("variants")
    if not declared or not isinstance(declared, list):
        return (), []
    found: list[Variant] = []
    issues = []
    for index, name in enumerate(declared):
        if not isinstance(name, str):
            continue
        where = f"/variants/{index}"
        variant = available.get(name)
        if variant is None:
            message = str(MissingVariantError(name, available))
            issues.append(Issue(pointer=where, code="missing_plugin", message=message, label="地方变体"))
            continue
        if variant.base_format != version:
            message = f"the variant {name!r} extends the {variant.base_format} format, not the {version} format"
            issues.append(Issue(pointer=where, code="variant_format", message=message, label="地方变体"))
            continue
        found.append(variant)
    return sort_variants(found), issues


def _explain_extension(issue: Issue, data: dict[str, Any], available: dict[str, Variant]) -> Issue:
    """Say why content under ``/extensions`` is refused: its variant is undeclared or not installed."""
    parts = issue.pointer.split("/")
    if issue.code != "unknown_key" or len(parts) != 3 or parts[1] != "extensions":
        return issue
    name = parts[2].replace("~1", "/").replace("~0", "~")
    declared = data.get("variants")
    if isinstance(declared, list) and name in declared:
        message = f"content of the variant {name!r}, whose plugin is not installed"
    else:
        variant = available.get(name)
        if variant is None:
            message = f'content of an unknown variant {name!r}: the document does not declare it in "variants" '
            message += "and no installed plugin provides it"
        else:
            message = (
                f"content of the variant {name!r} ({variant.title}), which the document does not declare; "
                f'add "{name}" to "variants"'
            )
    return attrs.evolve(issue, code="undeclared_variant", message=message)


@functools.cache
def _fast_validator(version: str, profile: str) -> Any:
    """A compiled jsonschema-rs validator, when the ``fast`` extra is installed."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - the fast extra is optional
        return None
    return jsonschema_rs.validator_for(generate(version, profile))


def _fast_path(data: dict[str, Any], version: str, profile: str) -> tuple[AnyReport, int] | None:
    """The report and the colons of what it was built from, if a fast validator accepts the document and the fast
    structurer builds it.

    ``None`` sends the document down the full path, which explains every
    problem; a document either path accepts gives the same records.
    """
    validator = _fast_validator(version, profile)
    if validator is None:
        return None
    root: type = REPORT_CLASSES[version]
    try:
        if not validator.is_valid(data):
            return None
        built: tuple[AnyReport, int] = counting_structurer(root)(data)
    except Exception:  # anything unexpected: let the full path say what is wrong
        return None
    return built


def validate_text(
    text: str | bytes,
    *,
    version: str | None = None,
    profile: str = "lenient",
    source: str = "<text>",
    variants: Variants = (),
) -> ValidationResult:
    """Read and validate a JSON document given as text or UTF-8 bytes (a request body, a file's content).

    The same as :func:`govreport.loads` then :func:`validate_data`, and the fastest way in: text that cannot be
    read gives ``unreadable=True`` and one issue, as :func:`validate_file` does.
    """
    fast = jsonio._read_unverified(text)
    if fast is not None:
        # msgspec's reading is used once proven to have kept every key: by the colons structuring counted when the
        # fast path built the report, else by writing the value back (see govreport.jsonio)
        result, counted = _validate(fast.value, version, profile, source, variants)
        if counted == fast.colons or jsonio._kept_every_key(fast):
            return result
    try:
        data = jsonio._loads_standard(text)
    except InputError as exc:
        return _unreadable(source, version, profile, exc)
    return validate_data(data, version=version, profile=profile, source=source, variants=variants)


def _unreadable(source: str, version: str | None, profile: str, exc: InputError) -> ValidationResult:
    issue = _printable(Issue(pointer="", code=exc.code, message=exc.message, line=exc.line, column=exc.column))
    return ValidationResult(source=source, version=version, profile=profile, issues=(issue,), unreadable=True)


def validate_data(
    data: Any, *, version: str | None = None, profile: str = "lenient", source: str = "<data>", variants: Variants = ()
) -> ValidationResult:
    """Validate JSON-ready data (as returned by :func:`govreport.loads`).

    ``version`` overrides the document's own ``format_version``; ``variants`` are the regional variants the
    document may use (one it declares that is not among them is a ``missing_plugin`` issue).  Every schema
    and structuring problem is reported, sorted by JSON Pointer.
    """
    return _validate(data, version, profile, source, variants)[0]


def _validate(
    data: Any, version: str | None, profile: str, source: str, variants: Variants = ()
) -> tuple[ValidationResult, int | None]:
    """:func:`validate_data`, and the colons the fast path counted when it built the report from ``data`` itself
    (see :func:`govreport._fast.counting_structurer`); ``None`` otherwise."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; known: {', '.join(PROFILES)}")
    if not isinstance(data, dict):
        issue = Issue(pointer="", code="type", message=f"expected a JSON object at the top level, got {describe(data)}")
        return ValidationResult(source=source, version=version, profile=profile, issues=(issue,)), None
    if isinstance(data.get(SCHEMA_LINK), str):  # an editor's link to the schema: allowed, and not part of the report
        result, _ = _validate({k: v for k, v in data.items() if k != SCHEMA_LINK}, version, profile, source, variants)
        return result, None
    try:
        chosen = _choose_version(data, version)
    except UnknownFormatError as exc:
        issue = Issue(pointer="/format_version", code="format_version", message=str(exc), label="格式版本")
        return ValidationResult(source=source, version=None, profile=profile, issues=(issue,)), None
    rewritten = data.get("format_version") != chosen
    if rewritten:  # (then what the fast path counts is not of the document given, so no count is returned)
        data = {"format_version": chosen, **{k: v for k, v in data.items() if k != "format_version"}}
    available = by_name(variants)
    declared, variant_issues = _declared_variants(data, chosen, available)
    if not declared and not variant_issues:
        built = _fast_path(data, chosen, profile)
        if built is not None:
            result = ValidationResult(source=source, version=chosen, profile=profile, issues=(), report=built[0])
            return result, None if rewritten else built[1]
    issues: dict[tuple[str, str], Issue] = {(i.pointer, i.code): i for i in variant_issues}
    errors = _rserrors.iter_errors(chosen, profile, declared, data)
    if errors is None:  # without the fast extra: python-jsonschema finds them
        errors = _validator(chosen, profile, declared).iter_errors(data)
    for error in errors:
        for issue in _explain(error, chosen, profile, declared):
            issue = _explain_extension(issue, data, available)
            issues.setdefault((issue.pointer, issue.code), issue)
    report = None
    try:
        report = structure(data, REPORT_CLASSES[chosen], variants=declared)
    except StructureFailed as exc:
        reported = {p for p, _ in issues}
        for issue in exc.issues:
            if issue.pointer not in reported and not any(issue.pointer.startswith(p + "/") for p in reported):
                issues.setdefault((issue.pointer, issue.code), issue)
    ordered = tuple(sorted(_printable(i) for i in issues.values()))
    result = ValidationResult(
        source=source, version=chosen, profile=profile, issues=ordered, report=None if ordered else report
    )
    return result, None


def _printable(issue: Issue) -> Issue:
    """An issue safe to print and write as UTF-8: a refused character in a key (named in the pointer and the
    message) or in a value quoted by the message is written as a ``\\uXXXX`` escape."""
    escaped = printable(issue.pointer), printable(issue.label), printable(issue.message)
    if escaped == (issue.pointer, issue.label, issue.message):
        return issue
    return attrs.evolve(issue, pointer=escaped[0], label=escaped[1], message=escaped[2])


def validate_file(
    path: str | os.PathLike[str], *, version: str | None = None, profile: str = "lenient", variants: Variants = ()
) -> ValidationResult:
    """Validate a JSON file; an unreadable file gives ``unreadable=True`` and one issue."""
    source = os.fspath(path)
    try:
        text = jsonio.read_bytes(path)
    except InputError as exc:
        return _unreadable(source, version, profile, exc)
    return validate_text(text, version=version, profile=profile, source=source, variants=variants)
