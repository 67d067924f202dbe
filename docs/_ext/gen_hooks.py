"""The plugin hook reference, generated from the hookspecs and the records hooks return."""

from __future__ import annotations

import inspect
import re
import typing

import attrs

from govreport.plugins import HOOK_NAMES, AddedRow, Command, PluginFailure, PluginInfo, Variant, hookspecs

RECORDS = (Variant, AddedRow, Command, PluginFailure, PluginInfo)


def signature(name: str) -> str:
    """A hook's signature as the reference prints it, e.g. ``register_variants() -> Iterable[Variant] | None``."""
    function = getattr(hookspecs, name)
    return f"{name}{inspect.signature(function)}".replace("'", "")


def _markdown(doc: str) -> str:
    """Docstring reST (``code``, :class:`x`) as Markdown."""
    return re.sub(r"(?::\w+:)?``?([^`]+)``?", r"`\1`", inspect.cleandoc(doc or ""))


def _record(cls: type) -> list[str]:
    lines = [f"### `{cls.__name__}`", "", _markdown(cls.__doc__ or ""), "", "| field | type |", "|---|---|"]
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        tp = hints[field.name]
        shown = tp.__name__ if isinstance(tp, type) else re.sub(r"\b(?:\w+\.)+(\w+)", r"\1", str(tp))
        shown = shown.replace("|", "\\|")
        lines.append(f"| `{field.name}` | `{shown}` |")
    return [*lines, ""]


def hooks_page() -> str:
    lines = [
        "# Plugin hooks",
        "",
        "Generated from `govreport.plugins.hookspecs`. Implement any of these in a module registered in the",
        "`govreport` entry-point group, marking each with `@govreport.hookimpl`. Every hook takes no",
        "arguments and returns an iterable of records (or `None`); results are sorted by name, and two",
        "plugins registering the same name are both reported and neither is used.",
        "",
    ]
    for name in HOOK_NAMES:
        doc = _markdown(getattr(hookspecs, name).__doc__ or "")
        lines += [f"## `{name}`", "", "```python", signature(name), "```", "", doc, ""]
    lines += ["## Records", ""]
    for cls in RECORDS:
        lines += _record(cls)
    return "\n".join(lines).rstrip() + "\n"


def pages() -> dict[str, str]:
    return {"reference/generated/hooks.md": hooks_page()}
