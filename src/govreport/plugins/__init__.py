"""Plugins: regional variants, checks, importers, exporters and commands from other distributions.

A plugin is a distribution that declares an entry point in the ``govreport``
group and implements some of the hooks in :mod:`govreport.plugins.hookspecs`
with the :data:`hookimpl` marker (also available as ``govreport.hookimpl``)::

    [project.entry-points.govreport]
    hubei = "govreport_hubei"

Every hook returns typed records (:class:`Variant`, :class:`Command`,
:class:`govreport.checks.Rule`, :class:`govreport.importers.Importer`,
:class:`govreport.export.Exporter`).  govreport's own importers, exporters and rules are registered through
the same hooks.  The :class:`PluginHost` loads each plugin on its own: one that fails to import or raises
inside a hook is reported (:attr:`PluginHost.failures`) and skipped, unless strict mode
(``GOVREPORT_STRICT_PLUGINS=1`` or ``govreport --strict-plugins``) is on.  When two registrations claim one
name, neither is used and the clash is reported.
"""

from __future__ import annotations

from govreport.errors import MissingVariantError, PluginError
from govreport.formats import AddedRow, Variant
from govreport.plugins import _hookspecs as hookspecs
from govreport.plugins._hookspecs import HOOK_NAMES, PROJECT, hookimpl
from govreport.plugins._host import (
    ALLOW_ENV,
    BLOCK_ENV,
    BUILTIN,
    STRICT_ENV,
    PluginHost,
    get_host,
    host_in_use,
    use_host,
)
from govreport.plugins._records import Command, PluginFailure, PluginInfo, PluginSelection
from govreport.plugins._rules import RuleSpec, rules_from_problems

__all__ = [
    "ALLOW_ENV",
    "BLOCK_ENV",
    "BUILTIN",
    "HOOK_NAMES",
    "PROJECT",
    "STRICT_ENV",
    "AddedRow",
    "Command",
    "MissingVariantError",
    "PluginError",
    "PluginFailure",
    "PluginHost",
    "PluginInfo",
    "PluginSelection",
    "RuleSpec",
    "Variant",
    "get_host",
    "hookimpl",
    "hookspecs",
    "host_in_use",
    "rules_from_problems",
    "use_host",
]
