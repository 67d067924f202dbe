"""The hooks a govreport plugin may implement.

Every hook takes no arguments and returns an iterable of typed records (or ``None``).  The host calls each
plugin's implementation on its own, so one plugin that raises is reported and skipped without affecting the
others, and it sorts what it collects by name, so results never depend on load order.  govreport's own
importers, exporters, rules and commands are registered through these same hooks.
"""

from __future__ import annotations

from collections.abc import Iterable

import pluggy

from govreport._checks import Rule
from govreport._export import Exporter
from govreport._importers import Importer
from govreport.formats import Variant
from govreport.plugins._records import Command

PROJECT = "govreport"
"""The pluggy project name and the entry-point group plugins register in."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_variants() -> Iterable[Variant] | None:
    """Regional variants this plugin provides.

    Return :class:`govreport.formats.Variant` records: a named, versioned
    extension of a national format (its own rows and sections, changed labels).
    Content a variant adds lives in ``report.extensions[<variant name>]``.
    """


@hookspec
def register_checks() -> Iterable[Rule] | None:
    """Extra consistency checks.

    Return :class:`govreport.checks.Rule` records, each with an ID no other rule uses.  A rule that only
    applies to documents of a variant names that variant in its ``variant`` field.
    """


@hookspec
def register_importers() -> Iterable[Importer] | None:
    """Extra input renderings.

    Return :class:`govreport.importers.Importer` records; ``govreport import``
    and :func:`govreport.importers.get_importers` then offer them.
    """


@hookspec
def register_exporters() -> Iterable[Exporter] | None:
    """Extra output formats.

    Return :class:`govreport.export.Exporter` records; ``govreport export --to
    NAME`` and :func:`govreport.export.get_exporters` then offer them.
    """


@hookspec
def register_commands() -> Iterable[Command] | None:
    """Extra ``govreport`` subcommands.

    Return :class:`govreport.plugins.Command` records, each named unlike any other command.
    """


HOOK_NAMES: tuple[str, ...] = (
    "register_checks",
    "register_commands",
    "register_exporters",
    "register_importers",
    "register_variants",
)
"""Every hook, sorted by name."""

RECORD_TYPES: dict[str, type] = {
    "register_checks": Rule,
    "register_commands": Command,
    "register_exporters": Exporter,
    "register_importers": Importer,
    "register_variants": Variant,
}
"""The record type each hook returns."""

KINDS: dict[str, str] = {
    "register_checks": "check",
    "register_commands": "command",
    "register_exporters": "exporter",
    "register_importers": "importer",
    "register_variants": "variant",
}
"""What each hook registers, in words (``exporter:html``)."""

PUBLIC_NAMES: dict[str, str] = {
    "register_checks": "govreport.checks.Rule",
    "register_commands": "govreport.plugins.Command",
    "register_exporters": "govreport.export.Exporter",
    "register_importers": "govreport.importers.Importer",
    "register_variants": "govreport.formats.Variant",
}
"""Where a plugin author finds the record type each hook returns."""
