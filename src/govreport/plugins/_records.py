"""Typed records about plugins: commands they add, what the host reports, and how to rebuild a host elsewhere."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from govreport.formats._variants import check_name


@attrs.frozen(kw_only=True)
class Command:
    """A ``govreport`` subcommand: govreport's own, or one a plugin contributes."""

    name: str = attrs.field(validator=check_name)
    help: str
    """One line for ``govreport --help``."""
    run: Callable[[argparse.Namespace], int]
    """Runs the command; returns the exit code (0 ok, 1 failed, 2 usage)."""
    configure: Callable[[argparse.ArgumentParser], object] | None = None
    """Adds the command's arguments to its parser."""
    description: str | None = None
    """The longer text of ``govreport NAME --help`` (``help`` when not given)."""


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
        if self.stage.startswith("conflict:"):
            where = f"conflicts in {self.stage.removeprefix('conflict:')}"
        return f"plugin {self.plugin!r} ({dist_text(self.distribution, self.version)}) {where}: {self.error}"

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {"stage": self.stage, "error": self.error}


def dist_text(distribution: str | None, version: str | None) -> str:
    """A distribution and its version for messages."""
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
    builtin: bool = False
    """Whether these are govreport's own registrations."""

    def to_json(self) -> dict[str, Any]:
        """JSON-ready data (``govreport plugins --json``)."""
        return {
            "name": self.name,
            "distribution": self.distribution,
            "version": self.version,
            "builtin": self.builtin,
            "hooks": list(self.hooks),
            "provides": list(self.provides),
            "errors": [f.to_json() for f in self.failures],
        }


def _names(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else frozenset(value)


def _block(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@attrs.frozen(kw_only=True)
class PluginSelection:
    """Which plugins a host loads, as plain picklable data: enough to build the same host in another process.

    Batch runs send it to their workers (threads, process pools of any start method, dask), and each worker
    builds its host once (:meth:`govreport.plugins.PluginHost.from_selection`).
    """

    entry_points: bool = True
    """Load the installed plugins (the ``govreport`` entry-point group)."""
    strict: bool = False
    allow: frozenset[str] | None = attrs.field(default=None, converter=_names)
    """Entry-point names to load, or ``None`` for all."""
    block: frozenset[str] = attrs.field(default=frozenset(), converter=_block)
    """Entry-point names never to load."""
    programmatic: tuple[tuple[str, str], ...] = ()
    """Plugins registered in code: ``(name, "module")`` for a module, ``(name, "module:Class")`` for an instance of
    a module-level class made without arguments."""
