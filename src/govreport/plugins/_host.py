"""The plugin host: discovery through entry points, isolation, strictness, allow and block lists."""

from __future__ import annotations

import contextlib
import contextvars
import importlib.metadata
import os
from collections.abc import Iterable, Iterator
from typing import Any

import pluggy

from govreport.plugins import _hookspecs
from govreport.plugins._hookspecs import HOOK_NAMES, PROJECT
from govreport.plugins._records import (
    Command,
    MissingVariantError,
    PluginError,
    PluginFailure,
    PluginInfo,
    Variant,
    _dist_text,
)

STRICT_ENV = "GOVREPORT_STRICT_PLUGINS"
"""Set to ``1`` to turn any plugin failure into an error."""
ALLOW_ENV = "GOVREPORT_PLUGINS"
"""Comma-separated plugin names: load only these (empty: load none)."""
BLOCK_ENV = "GOVREPORT_BLOCK_PLUGINS"
"""Comma-separated plugin names never to load."""

_KINDS: dict[str, str] = {
    "register_checks": "check",
    "register_commands": "command",
    "register_exporters": "exporter",
    "register_importers": "importer",
    "register_variants": "variant",
}


def _record_type(hook: str) -> type:
    """The record class a hook must return (imported late: those modules may use the host)."""
    if hook == "register_variants":
        return Variant
    if hook == "register_commands":
        return Command
    if hook == "register_exporters":
        from govreport.export import Exporter

        return Exporter
    if hook == "register_importers":
        from govreport.importers import Importer

        return Importer
    try:
        from govreport.checks import Rule  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - a govreport without the checks package
        return type(None)
    rule: type = Rule
    return rule


def _record_name(record: Any) -> str:
    name = getattr(record, "name", None)
    if not isinstance(name, str):
        name = getattr(record, "id", None)
    return str(name)


def _names(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    return frozenset(n.strip() for n in text.split(",") if n.strip())


def _truthy(text: str | None) -> bool:
    return (text or "").strip().lower() in ("1", "true", "yes", "on")


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class PluginHost:
    """Loads plugins and collects what they register, isolating each plugin.

    A plugin that fails to import, or raises (or returns the wrong thing) inside
    a hook, is recorded in :attr:`failures` and skipped; with ``strict=True``
    the failure raises :class:`PluginError` instead.  Results are sorted by
    name; two plugins registering the same name are both reported and neither
    is used.
    """

    def __init__(
        self,
        *,
        entry_points: bool = True,
        strict: bool = False,
        allow: Iterable[str] | None = None,
        block: Iterable[str] = (),
    ):
        self.strict = strict
        self.allow = None if allow is None else frozenset(allow)
        self.block = frozenset(block)
        self.manager = pluggy.PluginManager(PROJECT)
        self.manager.add_hookspecs(_hookspecs)
        self._failures: list[PluginFailure] = []
        self._dists: dict[str, tuple[str | None, str | None]] = {}
        self._collected: dict[str, dict[str, tuple[str, Any]]] = {}
        self._records_of: dict[str, tuple[Any, ...]] = {}  # what _records gives, the same tuple until plugins change
        if entry_points:
            self.load_entry_points()

    @classmethod
    def from_environment(cls, *, strict: bool = False) -> PluginHost:
        """A host loading installed plugins, configured by the environment.

        ``GOVREPORT_STRICT_PLUGINS=1`` makes it strict; ``GOVREPORT_PLUGINS``
        (allow list) and ``GOVREPORT_BLOCK_PLUGINS`` (block list) take
        comma-separated plugin names.
        """
        host = cls(allow=_names(os.environ.get(ALLOW_ENV)), block=_names(os.environ.get(BLOCK_ENV)) or ())
        host.strict = strict or _truthy(os.environ.get(STRICT_ENV))  # after loading: failures are reported, not raised
        return host

    # loading

    def _wanted(self, name: str) -> bool:
        return name not in self.block and (self.allow is None or name in self.allow)

    def load_entry_points(self) -> None:
        """Load every plugin in the ``govreport`` entry-point group, each on its own."""
        eps = sorted(importlib.metadata.entry_points(group=PROJECT), key=lambda ep: (ep.name, ep.value))
        for ep in eps:
            if not self._wanted(ep.name):
                continue
            dist = ep.dist
            distribution = dist.metadata["Name"] if dist is not None else None
            version = dist.version if dist is not None else None
            try:
                plugin = ep.load()
            except Exception as exc:  # a broken plugin must not take the host down
                self._fail(
                    PluginFailure(
                        plugin=ep.name, distribution=distribution, version=version, stage="import", error=_describe(exc)
                    )
                )
                continue
            self.register(plugin, ep.name, distribution=distribution, version=version)

    def register(
        self, plugin: object, name: str, *, distribution: str | None = None, version: str | None = None
    ) -> bool:
        """Register a plugin object (a module or an instance with hook functions); False if it failed."""
        if not self._wanted(name):
            return False
        previous = self._dists.get(name)
        try:
            if previous is not None:
                raise ValueError(f"the name is already taken by {_dist_text(*previous)}")
            self.manager.register(plugin, name=name)
            try:
                self.manager.check_pending()  # a hook implementation no hookspec knows: a misspelt name
            except Exception:
                self.manager.unregister(name=name)
                raise
        except Exception as exc:  # a malformed plugin (a misspelt hook, a taken name) is skipped
            self._fail(
                PluginFailure(
                    plugin=name, distribution=distribution, version=version, stage="register", error=_describe(exc)
                )
            )
            return False
        self._dists[name] = (distribution, version)
        self._collected.clear()
        self._records_of.clear()
        return True

    def _fail(self, failure: PluginFailure) -> None:
        if failure not in self._failures:
            self._failures.append(failure)
        if self.strict:
            raise PluginError(failure.message + " (strict plugin mode)")

    @property
    def failures(self) -> tuple[PluginFailure, ...]:
        """Every plugin failure so far, sorted by plugin and stage."""
        return tuple(sorted(self._failures, key=lambda f: (f.plugin, f.stage, f.error)))

    # collecting

    def _collect(self, hook: str) -> dict[str, tuple[str, Any]]:
        if hook in self._collected:
            return self._collected[hook]
        expected = _record_type(hook)
        kind = _KINDS[hook]
        claims: dict[str, list[tuple[str, Any]]] = {}
        for impl in getattr(self.manager.hook, hook).get_hookimpls():
            plugin = impl.plugin_name
            distribution, version = self._dists.get(plugin, (None, None))
            try:
                items = list(impl.function() or ())
                for item in items:
                    if not isinstance(item, expected):
                        raise TypeError(f"returned {item!r}, not a {expected.__module__}.{expected.__name__}")
            except Exception as exc:
                self._fail(
                    PluginFailure(
                        plugin=plugin, distribution=distribution, version=version, stage=hook, error=_describe(exc)
                    )
                )
                continue
            for item in items:
                claims.setdefault(_record_name(item), []).append((plugin, item))
        found: dict[str, tuple[str, Any]] = {}
        for name in sorted(claims):
            owners = claims[name]
            if len(owners) == 1:
                found[name] = owners[0]
                continue
            who = " and ".join(
                f"{plugin!r} ({_dist_text(*self._dists.get(plugin, (None, None)))})"
                for plugin in sorted({p for p, _ in owners})
            )
            for plugin in sorted({p for p, _ in owners}):
                distribution, version = self._dists.get(plugin, (None, None))
                self._fail(
                    PluginFailure(
                        plugin=plugin,
                        distribution=distribution,
                        version=version,
                        stage=hook,
                        error=f"{who} both register a {kind} named {name!r}; neither is used"
                        if len({p for p, _ in owners}) > 1
                        else f"registers two {kind}s named {name!r}; neither is used",
                    )
                )
        self._collected[hook] = found
        return found

    def _records(self, hook: str) -> tuple[Any, ...]:
        found = self._records_of.get(hook)
        if found is None:
            found = self._records_of[hook] = tuple(item for _, item in self._collect(hook).values())
        return found

    def variants(self) -> tuple[Variant, ...]:
        """Every variant the plugins register, sorted by name."""
        return self._records("register_variants")

    def variant(self, name: str) -> Variant:
        """The variant called ``name``; :class:`MissingVariantError` when no plugin provides it."""
        found = self._collect("register_variants").get(name)
        if found is None:
            raise MissingVariantError(name, self._collect("register_variants"))
        variant: Variant = found[1]
        return variant

    def checks(self) -> tuple[Any, ...]:
        """Every check rule the plugins register, sorted by name (the same tuple until the plugins change)."""
        return self._records("register_checks")

    def importers(self) -> tuple[Any, ...]:
        """Every importer the plugins register, sorted by name."""
        return self._records("register_importers")

    def exporters(self) -> tuple[Any, ...]:
        """Every exporter the plugins register, sorted by name."""
        return self._records("register_exporters")

    def commands(self) -> tuple[Command, ...]:
        """Every command the plugins register, sorted by name."""
        return self._records("register_commands")

    def collect_all(self) -> None:
        """Call every hook once, so that every failure is known."""
        for hook in HOOK_NAMES:
            self._collect(hook)

    def plugins(self) -> tuple[PluginInfo, ...]:
        """Every plugin, loaded or failed, sorted by name."""
        self.collect_all()
        provides: dict[str, list[str]] = {}
        for hook in HOOK_NAMES:
            for record_name, (owner, _) in self._collect(hook).items():
                provides.setdefault(owner, []).append(f"{_KINDS[hook]}:{record_name}")
        names = {f.plugin for f in self._failures} | set(self._dists)
        out = []
        for name in sorted(names):
            plugin = self.manager.get_plugin(name)
            callers = self.manager.get_hookcallers(plugin) if plugin is not None else None
            hooks = tuple(sorted(c.name for c in callers or ()))
            distribution, version = self._dists.get(name, (None, None))
            failures = tuple(f for f in self.failures if f.plugin == name)
            if name not in self._dists and failures:
                distribution, version = failures[0].distribution, failures[0].version
            out.append(
                PluginInfo(
                    name=name,
                    distribution=distribution,
                    version=version,
                    hooks=hooks,
                    provides=tuple(sorted(provides.get(name, ()))),
                    failures=failures,
                )
            )
        return tuple(out)


_ACTIVE: contextvars.ContextVar[PluginHost | None] = contextvars.ContextVar("govreport_plugin_host", default=None)
_default: PluginHost | None = None


def get_host() -> PluginHost:
    """The plugin host in use: the one set by :func:`use_host`, else one loaded from the environment."""
    global _default
    active = _ACTIVE.get()
    if active is not None:
        return active
    if _default is None:
        _default = PluginHost.from_environment()
    return _default


@contextlib.contextmanager
def use_host(host: PluginHost) -> Iterator[PluginHost]:
    """Use ``host`` for everything govreport does inside the ``with`` block."""
    token = _ACTIVE.set(host)
    try:
        yield host
    finally:
        _ACTIVE.reset(token)
