"""The hooks a govreport plugin may implement.

Every hook takes no arguments and returns an iterable of typed records (or
``None``).  The host calls each plugin's implementation on its own, so one
plugin that raises is reported and skipped without affecting the others, and
it sorts what it collects by name, so results never depend on load order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from govreport.plugins._records import Command, Variant

PROJECT = "govreport"
"""The pluggy project name and the entry-point group plugins register in."""

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_variants() -> Iterable[Variant] | None:
    """Regional variants this plugin provides.

    Return :class:`govreport.plugins.Variant` records: a named, versioned
    extension of a national format (its own rows and sections, changed labels).
    Content a variant adds lives in ``report.extensions[<variant name>]``.
    """


@hookspec
def register_checks() -> Iterable[Any] | None:
    """Extra consistency checks.

    Return :class:`govreport.checks.Rule` records.  A rule that only applies to
    documents of a variant names that variant in its ``variant`` field.
    """


@hookspec
def register_importers() -> Iterable[Any] | None:
    """Extra input renderings.

    Return :class:`govreport.importers.Importer` records; ``govreport import``
    and :func:`govreport.importers.get_importers` then offer them.
    """


@hookspec
def register_exporters() -> Iterable[Any] | None:
    """Extra output formats.

    Return :class:`govreport.export.Exporter` records; ``govreport export --to
    NAME`` and :func:`govreport.export.get_exporters` then offer them.
    """


@hookspec
def register_commands() -> Iterable[Command] | None:
    """Extra ``govreport`` subcommands.

    Return :class:`govreport.plugins.Command` records.  A command's name must
    not clash with a built-in command.
    """


HOOK_NAMES: tuple[str, ...] = (
    "register_checks",
    "register_commands",
    "register_exporters",
    "register_importers",
    "register_variants",
)
"""Every hook, sorted by name."""
