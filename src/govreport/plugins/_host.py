"""The plugin host: built-ins and plugins in one registry, each plugin isolated, one rule for name clashes.

The host is built once by whoever sits on top (the facade, the command line, a batch worker) and passed
down; nothing below the plugin layer looks it up.
"""

from __future__ import annotations

import contextlib
import contextvars
import importlib
import importlib.metadata
import os
import types
from collections.abc import Iterable, Iterator
from typing import Any

import pluggy

from govreport.errors import MissingVariantError, PluginError
from govreport.formats import Variant
from govreport.plugins import _builtins, _hookspecs
from govreport.plugins._hookspecs import HOOK_NAMES, KINDS, PROJECT, PUBLIC_NAMES, RECORD_TYPES
from govreport.plugins._records import Command, PluginFailure, PluginInfo, PluginSelection, dist_text

STRICT_ENV = "GOVREPORT_STRICT_PLUGINS"
"""Set to ``1`` to turn any plugin failure into an error."""
ALLOW_ENV = "GOVREPORT_PLUGINS"
"""Comma-separated plugin names: load only these (empty: load none)."""
BLOCK_ENV = "GOVREPORT_BLOCK_PLUGINS"
"""Comma-separated plugin names never to load."""

BUILTIN = _builtins.BUILTIN


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
    if isinstance(exc, SystemExit):
        return f"SystemExit: the plugin tried to end govreport (exit code {exc.code!r})"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _address(plugin: object) -> str | None:
    """How to find a plugin object again in another process: ``module`` or ``module:Class``; ``None`` if it cannot
    be found so (a class defined in a function, an instance that needs arguments …)."""
    if isinstance(plugin, types.ModuleType):
        return plugin.__name__
    cls = type(plugin)
    if "<locals>" in cls.__qualname__ or cls.__module__ == "__main__":
        return None
    return f"{cls.__module__}:{cls.__qualname__}"


def _load_address(address: str) -> object:
    module_name, _, qualname = address.partition(":")
    module = importlib.import_module(module_name)
    if not qualname:
        return module
    target: Any = module
    for part in qualname.split("."):
        target = getattr(target, part)
    return target()


class PluginHost:
    """Loads plugins and collects what they register, isolating each plugin.

    govreport's own importers, exporters and rules are registered first, through the same hooks
    (:mod:`govreport.plugins._builtins`).  A plugin that fails to import, or raises (or returns the wrong thing)
    inside a hook, is recorded in :attr:`failures` and skipped; with ``strict=True`` the failure raises
    :class:`PluginError` instead.  When two registrations claim one name (two plugins, or a plugin and a
    built-in), neither is used and both are reported: a plugin never breaks what it does not touch.
    Results are sorted by name.
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
        self.entry_points = entry_points
        self.manager = pluggy.PluginManager(PROJECT)
        self.manager.add_hookspecs(_hookspecs)
        self._failures: list[PluginFailure] = []
        self._dists: dict[str, tuple[str | None, str | None]] = {}
        self._programmatic: dict[str, str | None] = {}
        self._collected: dict[str, dict[str, tuple[str, Any]]] = {}
        self._records_of: dict[str, tuple[Any, ...]] = {}  # the same tuple until the plugins change
        self._collecting: list[tuple[str, str]] = []  # (hook, plugin) being called: a hook asked for again recurses
        self._builtin: set[str] = set()
        self._clashes: dict[tuple[str, str], str] = {}  # (hook, name) claimed twice → what the failure says
        self.add_builtin(_builtins, BUILTIN)
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

    @classmethod
    def from_selection(cls, selection: PluginSelection) -> PluginHost:
        """The host a :class:`PluginSelection` describes, built afresh (in a worker process, say)."""
        host = cls(entry_points=selection.entry_points, allow=selection.allow, block=selection.block)
        for name, address in selection.programmatic:
            try:
                plugin = _load_address(address)
            except Exception as exc:
                host._fail(
                    PluginFailure(plugin=name, distribution=None, version=None, stage="import", error=_describe(exc))
                )
                continue
            host.register(plugin, name)
        host.strict = selection.strict
        return host

    def selection(self) -> PluginSelection:
        """What this host loads, as picklable data (see :meth:`from_selection`).

        Raises :class:`PluginError` when a plugin registered in code cannot be found again in another process.
        """
        for name, address in self._programmatic.items():
            if address is None:
                raise PluginError(
                    f"the plugin {name!r} cannot be rebuilt in worker processes: register a module, or an instance "
                    "of a module-level class made without arguments"
                )
        return PluginSelection(
            entry_points=self.entry_points,
            strict=self.strict,
            allow=self.allow,
            block=self.block,
            programmatic=tuple((name, address) for name, address in self._programmatic.items() if address),
        )

    # loading

    def add_builtin(self, module: object, name: str) -> None:
        """Register govreport's own hook implementations (the command line adds its commands so); allow and block
        lists do not apply, and :meth:`plugins` lists them only when asked to."""
        self.manager.register(module, name=name)
        self._dists[name] = ("govreport", None)
        self._builtin.add(name)
        self._collected.clear()
        self._records_of.clear()

    def report_failure(self, plugin: str, stage: str, exc: BaseException) -> None:
        """Record that ``plugin`` failed at ``stage`` when its contribution was used (a command's ``configure``,
        an importer's ``read`` …); raises :class:`PluginError` in strict mode."""
        distribution, version = self._dists.get(plugin, (None, None))
        self._fail(
            PluginFailure(plugin=plugin, distribution=distribution, version=version, stage=stage, error=_describe(exc))
        )

    def is_builtin(self, plugin: str | None) -> bool:
        """Whether ``plugin`` names govreport's own registrations."""
        return plugin in self._builtin

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
            except (Exception, SystemExit) as exc:  # a broken plugin must not take the host down
                self._fail(
                    PluginFailure(
                        plugin=ep.name, distribution=distribution, version=version, stage="import", error=_describe(exc)
                    )
                )
                continue
            self._register(plugin, ep.name, distribution=distribution, version=version)

    def register(
        self, plugin: object, name: str, *, distribution: str | None = None, version: str | None = None
    ) -> bool:
        """Register a plugin object (a module or an instance with hook functions); False if it failed."""
        registered = self._register(plugin, name, distribution=distribution, version=version)
        if registered and distribution is None:
            self._programmatic[name] = _address(plugin)
        return registered

    def _register(self, plugin: object, name: str, *, distribution: str | None, version: str | None) -> bool:
        if not self._wanted(name):
            return False
        previous = self._dists.get(name)
        try:
            if previous is not None:
                raise ValueError(f"the name is already taken by {dist_text(*previous)}")
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
        self._clashes.clear()
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

    def _call(self, hook: str, plugin: str, function: Any) -> list[Any] | None:
        """One plugin's implementation of a hook, its records checked; ``None`` (and a failure) if it fails."""
        expected = RECORD_TYPES[hook]
        distribution, version = self._dists.get(plugin, (None, None))
        self._collecting.append((hook, plugin))
        try:
            items = list(function() or ())
            for item in items:
                if not isinstance(item, expected):
                    raise TypeError(f"returned {item!r}, not a {PUBLIC_NAMES[hook]}")
        except (Exception, SystemExit) as exc:  # KeyboardInterrupt still stops govreport
            if plugin in self._builtin:
                raise  # govreport's own registration failed: a bug, not a plugin's failure
            self._fail(
                PluginFailure(
                    plugin=plugin, distribution=distribution, version=version, stage=hook, error=_describe(exc)
                )
            )
            return None
        finally:
            self._collecting.pop()
        return items

    def _collect(self, hook: str) -> dict[str, tuple[str, Any]]:
        found = self._collected.get(hook)
        if found is not None:
            return found
        calling = next((plugin for h, plugin in self._collecting if h == hook), None)
        if calling is not None:
            raise PluginError(f"asked govreport for the results of {hook} while govreport was calling its {hook}")
        claims: dict[str, list[tuple[str, Any]]] = {}
        for impl in getattr(self.manager.hook, hook).get_hookimpls():
            items = self._call(hook, impl.plugin_name, impl.function)
            for item in items or ():
                claims.setdefault(_record_name(item), []).append((impl.plugin_name, item))
        found = self._decide(hook, claims)
        self._collected[hook] = found
        return found

    def _decide(self, hook: str, claims: dict[str, list[tuple[str, Any]]]) -> dict[str, tuple[str, Any]]:
        """The one rule for names claimed more than once: neither claim is used, and every claimant is reported."""
        kind = KINDS[hook]
        found: dict[str, tuple[str, Any]] = {}
        for name in sorted(claims):
            owners = claims[name]
            if len(owners) == 1:
                found[name] = owners[0]
                continue
            plugins = sorted({p for p, _ in owners})
            who = " and ".join(f"{p!r} ({dist_text(*self._dists.get(p, (None, None)))})" for p in plugins)
            error = (
                f"{who} both register a {kind} named {name!r}; neither is used"
                if len(plugins) > 1
                else f"registers two {kind}s named {name!r}; neither is used"
            )
            self._clashes[(hook, name)] = error
            for plugin in plugins:
                if plugin in self._builtin:
                    continue  # govreport's own side of a clash is reported through the plugin's
                distribution, version = self._dists.get(plugin, (None, None))
                self._fail(
                    PluginFailure(
                        plugin=plugin, distribution=distribution, version=version, stage=f"conflict:{hook}", error=error
                    )
                )
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
        """Every check rule, govreport's and the plugins', sorted by ID (the same tuple until the plugins change)."""
        return self._records("register_checks")

    def importers(self) -> tuple[Any, ...]:
        """Every importer, govreport's and the plugins', sorted by name."""
        return self._records("register_importers")

    def exporters(self) -> tuple[Any, ...]:
        """Every exporter, govreport's and the plugins', sorted by name."""
        return self._records("register_exporters")

    def commands(self) -> tuple[Command, ...]:
        """Every command registered (the command line registers its own), sorted by name."""
        return self._records("register_commands")

    def clash(self, hook: str, name: str) -> str | None:
        """Why nothing is registered as ``name`` under ``hook`` when two registrations claimed it, else ``None``."""
        self._collect(hook)
        return self._clashes.get((hook, name))

    def owner(self, hook: str, name: str) -> str | None:
        """The plugin whose registration of ``name`` under ``hook`` is used (:data:`BUILTIN` for govreport's)."""
        found = self._collect(hook).get(name)
        return None if found is None else found[0]

    def collect_all(self) -> None:
        """Call every hook once, so that every failure is known."""
        for hook in HOOK_NAMES:
            self._collect(hook)

    def plugins(self, *, builtin: bool = False) -> tuple[PluginInfo, ...]:
        """Every plugin, loaded or failed, sorted by name; govreport's own registrations too with ``builtin``."""
        self.collect_all()
        provides: dict[str, list[str]] = {}
        for hook in HOOK_NAMES:
            for record_name, (owner, _) in self._collect(hook).items():
                provides.setdefault(owner, []).append(f"{KINDS[hook]}:{record_name}")
        names = {f.plugin for f in self._failures} | set(self._dists)
        out = []
        for name in sorted(names):
            is_builtin = name in self._builtin
            if is_builtin and not builtin:
                continue
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
                    builtin=is_builtin,
                )
            )
        return tuple(out)


_ACTIVE: contextvars.ContextVar[PluginHost | None] = contextvars.ContextVar("govreport_plugin_host", default=None)
_default: PluginHost | None = None


def get_host() -> PluginHost:
    """The plugin host in use: the one set by :func:`use_host`, else one loaded from the environment.

    Only the facade, batch runs, the command line and :mod:`govreport.plugins.testing` call this; everything
    below the plugin layer is handed what it needs.
    """
    global _default
    active = _ACTIVE.get()
    if active is not None:
        return active
    if _default is None:
        _default = PluginHost.from_environment()
    return _default


def host_in_use() -> PluginHost | None:
    """The host set by :func:`use_host`, or ``None`` outside such a block."""
    return _ACTIVE.get()


@contextlib.contextmanager
def use_host(host: PluginHost) -> Iterator[PluginHost]:
    """Use ``host`` for everything govreport's module-level functions do inside the ``with`` block."""
    token = _ACTIVE.set(host)
    try:
        yield host
    finally:
        _ACTIVE.reset(token)
