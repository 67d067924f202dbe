"""Typed records that plugin hooks return, and what the host reports about plugins."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from govreport.errors import GovreportError
from govreport.layout import TABLES

_NAME = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")


class PluginError(GovreportError):
    """A plugin failed (strict mode), two plugins claim one name, or a variant's plugin is missing."""


class MissingVariantError(PluginError):
    """A document declares a variant that no installed plugin provides."""

    def __init__(self, name: str, known: Iterable[str]):
        names = ", ".join(sorted(known)) or "none"
        super().__init__(
            f"no installed plugin provides the variant {name!r} (installed variants: {names}); "
            f"install the plugin that provides it, e.g. pip install govreport-{name.split('-')[0]}"
        )
        self.name = name


def _check_name(_: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not _NAME.fullmatch(value):
        raise ValueError(f"{attribute.name} {value!r} must be lower case letters, digits, '-' or '_'")


def _freeze_labels(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple(sorted((str(k), str(v)) for k, v in items))


@attrs.frozen(kw_only=True)
class AddedRow:
    """A table row a variant adds; its cells live in the variant's extension record."""

    table: str = attrs.field(validator=attrs.validators.in_(tuple(TABLES)))
    """``二``, ``三`` or ``四``."""
    key: str
    """The field of the variant's extension record holding the row, e.g. ``other_documents``."""
    after: str
    """The row key (see :func:`govreport.layout.rows`) the added row is printed after."""


@attrs.frozen(kw_only=True)
class Variant:
    """A regional variant: a named, versioned extension of a national format."""

    name: str = attrs.field(validator=_check_name)
    """Stable name a document lists in ``variants``, e.g. ``hubei-2020``."""
    version: str
    """The variant's own version (of its template or rules), e.g. ``2020.1``."""
    base_format: str
    """The national format it extends: ``2019`` or ``2021``."""
    title: str
    """Its Chinese title, e.g. ``湖北省2020年度政府信息公开工作年度报告模板``."""
    description: str = ""
    """One paragraph in English."""
    extension: type | None = None
    """The attrs record of ``report.extensions[name]``, or ``None`` when the variant adds no content."""
    labels: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_freeze_labels)
    """Changed labels: ``(JSON Pointer of a field in a report, local label)``, sorted.

    A pointer names a field of a record; where one record type is used for
    several rows (a column such as 本年增/减), the pointer of any one of them
    relabels that column everywhere, as the local template does."""
    added_rows: tuple[AddedRow, ...] = ()
    """Rows the variant adds to the tables."""

    def label_for(self, pointer: str) -> str | None:
        """The local label of the field at ``pointer``, if the variant changes it."""
        return dict(self.labels).get(pointer)


@attrs.frozen(kw_only=True)
class Command:
    """A ``govreport`` subcommand contributed by a plugin."""

    name: str = attrs.field(validator=_check_name)
    help: str
    """One line for ``govreport --help``."""
    run: Callable[[argparse.Namespace], int]
    """Runs the command; returns the exit code (0 ok, 1 failed, 2 usage)."""
    configure: Callable[[argparse.ArgumentParser], None] | None = None
    """Adds the command's arguments to its parser."""


@attrs.frozen(kw_only=True)
class PluginFailure:
    """A plugin that failed to load or raised inside a hook, and was skipped."""

    plugin: str
    """The plugin's name (its entry-point name)."""
    distribution: str | None
    version: str | None
    stage: str
    """``import``, ``register`` or the hook's name, e.g. ``register_variants``."""
    error: str
    """What went wrong, e.g. ``RuntimeError: boom``."""

    @property
    def message(self) -> str:
        """One line naming the plugin, its distribution and what failed."""
        where = "failed to load" if self.stage in ("import", "register") else f"raised in {self.stage}"
        return f"plugin {self.plugin!r} ({_dist_text(self.distribution, self.version)}) {where}: {self.error}"

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"stage": self.stage, "error": self.error}


def _dist_text(distribution: str | None, version: str | None) -> str:
    if distribution is None:
        return "not from a distribution"
    return f"{distribution} {version}" if version else distribution


@attrs.frozen(kw_only=True)
class PluginInfo:
    """An installed plugin as ``govreport plugins`` lists it."""

    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    """The hooks it implements, sorted."""
    provides: tuple[str, ...]
    """What it contributes, e.g. ``variant:hubei-2020``, ``exporter:seedtext``, sorted."""
    failures: tuple[PluginFailure, ...]

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data (``govreport plugins --json``)."""
        return {
            "name": self.name,
            "distribution": self.distribution,
            "version": self.version,
            "hooks": list(self.hooks),
            "provides": list(self.provides),
            "errors": [f.to_json() for f in self.failures],
        }
