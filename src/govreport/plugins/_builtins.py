"""govreport's own importers, exporters and rules, registered through the same hooks as any plugin's.

The host registers this module before any plugin (under the name :data:`BUILTIN`), so built-ins and plugins
are collected by one registry and decided by one rule when two claim a name.
"""

from __future__ import annotations

from govreport._checks import Rule, builtin_rules
from govreport._export import Exporter, builtin_exporters
from govreport._importers import Importer, builtin_importers
from govreport.plugins._hookspecs import hookimpl

BUILTIN = "govreport"
"""The plugin name of govreport's own registrations."""


@hookimpl
def register_checks() -> list[Rule]:
    return list(builtin_rules())


@hookimpl
def register_importers() -> list[Importer]:
    return builtin_importers()


@hookimpl
def register_exporters() -> list[Exporter]:
    return builtin_exporters()
