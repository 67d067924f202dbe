"""``govreport plugins``: the installed plugins; and the plugin options every command shares."""

from __future__ import annotations

import argparse
import sys

from govreport.cli._exit import EXIT_FAILED, EXIT_OK
from govreport.cli._output import print_json
from govreport.plugins import ALLOW_ENV, BLOCK_ENV, STRICT_ENV, Command, PluginHost


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """``--strict-plugins``, accepted before any command."""
    parser.add_argument(
        "--strict-plugins",
        action="store_true",
        help=f"fail when a plugin fails to load or raises (also: {STRICT_ENV}=1); "
        f"choose plugins with {ALLOW_ENV}=a,b and {BLOCK_ENV}=c",
    )


def plugin_failures(host: PluginHost, strict: bool) -> int | None:
    """Report every plugin failure on stderr; the exit code when they must stop the command."""
    strict = host.strict or strict
    host.strict = False  # collect every failure first, then decide
    try:
        host.collect_all()
    finally:
        host.strict = strict
    for failure in host.failures:
        print(
            f"govreport: error: {failure.message}" if strict else f"govreport: warning: {failure.message}; skipped",
            file=sys.stderr,
        )
    if strict and host.failures:
        print(
            f"govreport: {len(host.failures)} plugin failure(s) in strict plugin mode "
            f"(--strict-plugins or {STRICT_ENV}=1)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return None


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--all", action="store_true", help="also list govreport's own registrations")


def run(args: argparse.Namespace) -> int:
    plugins = args.api.host.plugins(builtin=args.all)
    if args.json:
        print_json([p.to_json() for p in plugins])
        return EXIT_OK
    if not plugins:
        print("no plugins installed")
    for info in plugins:
        dist = f"{info.distribution} {info.version}" if info.distribution else "(no distribution)"
        print(f"{info.name}  {dist}{'  (built in)' if info.builtin else ''}")
        if info.hooks:
            print(f"  hooks: {', '.join(info.hooks)}")
        if info.provides:
            print(f"  provides: {', '.join(info.provides)}")
        for failure in info.failures:
            print(f"  error ({failure.stage}): {failure.error}")
    return EXIT_OK


COMMAND = Command(
    name="plugins",
    help="list installed plugins",
    description="List installed plugins with their distribution, version, hooks, what they provide and any load error.",
    configure=configure,
    run=run,
)
