"""Helpers for testing a govreport plugin with pytest.

Each test gets a fresh :class:`~govreport.plugins.PluginHost` holding only
the plugins it names, in strict mode, so a plugin that raises fails the test
instead of being skipped, and no test changes what another one sees::

    from govreport.plugins.testing import plugin_host, check_variant
    import govreport_hubei

    def test_variant_composes():
        with plugin_host(govreport_hubei):
            check_variant("hubei-2020")
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from types import ModuleType

import jsonschema

from govreport.errors import PluginError
from govreport.formats import Variant
from govreport.plugins._host import PluginHost, get_host, use_host
from govreport.schema import PROFILES, generate


@contextlib.contextmanager
def plugin_host(*plugins: object, strict: bool = True, entry_points: bool = False) -> Iterator[PluginHost]:
    """Use a fresh host with just ``plugins`` (modules or objects) inside the ``with`` block.

    Installed plugins are not loaded unless ``entry_points=True``.  A plugin
    that cannot be registered raises :class:`~govreport.plugins.PluginError`.
    """
    host = PluginHost(entry_points=entry_points, strict=strict)
    for plugin in plugins:
        name = plugin.__name__ if isinstance(plugin, ModuleType) else type(plugin).__name__
        if not host.register(plugin, name):
            raise PluginError(f"could not register {name!r}: {host.failures[-1].error}")
    with use_host(host):
        yield host


def check_variant(variant: str | Variant) -> None:
    """Assert that a variant composes into a valid JSON Schema in every profile.

    Catches a relabelled pointer that names no field, an extension record the
    schema generator cannot express, and a record name that clashes with the
    format's own.
    """
    record = variant if isinstance(variant, Variant) else get_host().variant(variant)
    for profile in PROFILES:
        schema = generate(record.base_format, profile, [record])
        jsonschema.Draft202012Validator.check_schema(schema)


__all__ = ["check_variant", "plugin_host"]
