"""The ``govreport`` command line.

Each built-in command lives in its own module in this package and exposes a
``COMMAND`` (a :class:`~govreport.plugins.Command`, the record plugins use for
theirs); :mod:`govreport.cli._commands` registers them with the one plugin host
the command line builds, so built-in and plugin commands come from one registry.

Exit codes (the same for every command):

===  ===========================================================
0    success: every document valid / no failing check
1    a document is invalid, or a check failed
2    unreadable input or wrong usage
3    internal error (a bug in govreport: please report it)
130  interrupted
===  ===========================================================
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Sequence

from govreport import __version__
from govreport._facade import Govreport
from govreport.cli import _commands
from govreport.cli._commands import BUILTIN_COMMANDS
from govreport.cli._conventions import Parser, missing_package, parse
from govreport.cli._exit import EXIT_FAILED, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from govreport.cli._plugins import add_global_options, plugin_failures
from govreport.errors import OutputError, PluginError
from govreport.plugins import BLOCK_ENV, PluginHost, host_in_use, use_host

COMMANDS = BUILTIN_COMMANDS
"""Built-in command modules (``govreport.cli._<name>``), in help order."""

CLI_BUILTIN = "govreport-cli"
"""The plugin name under which the command line registers its own commands."""


def command_line_api(host: PluginHost | None = None) -> Govreport:
    """The facade the command line uses: ``host`` (by default the one set with
    :func:`~govreport.plugins.use_host`, else the one the environment configures) with the built-in commands
    registered."""
    host = host if host is not None else host_in_use() or PluginHost.from_environment()
    if not host.is_builtin(CLI_BUILTIN):
        host.add_builtin(_commands, CLI_BUILTIN)
    return Govreport(host)


def build_parser(api: Govreport | None = None) -> argparse.ArgumentParser:
    """The argument parser with every command of ``api``'s host (built-in and plugins') registered."""
    api = api if api is not None else command_line_api()
    parser = Parser(
        prog="govreport",
        description="Validate, check, import and export 政府信息公开工作年度报告 (China's government "
        "information disclosure annual reports).",
        epilog="Exit codes: 0 ok, 1 invalid or failed checks, 2 unreadable input or usage, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"govreport {__version__}")
    add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    host = api.host
    order = {name: i for i, name in enumerate(BUILTIN_COMMANDS)}
    commands = sorted(host.commands(), key=lambda c: (order.get(c.name, len(order)), c.name))
    for command in commands:
        p = sub.add_parser(command.name, help=command.help, description=command.description or command.help)
        if command.configure is not None:
            try:
                with use_host(host):
                    command.configure(p)
            except (Exception, SystemExit) as exc:  # a plugin's broken command must not break the others
                owner = host.owner("register_commands", command.name) or command.name
                host.report_failure(owner, f"command {command.name!r} (configure)", exc)
                sub._name_parser_map.pop(command.name, None)
                sub._choices_actions = [a for a in sub._choices_actions if a.dest != command.name]
                continue
        p.set_defaults(func=command.run, command_owner=host.owner("register_commands", command.name))
    for name in BUILTIN_COMMANDS:
        clash = host.clash("register_commands", name)
        if clash is not None:  # say why the command is missing, rather than "invalid choice"
            p = sub.add_parser(name, help="(not available: two registrations claim this name)", add_help=False)
            p.add_argument("rest", nargs=argparse.REMAINDER)
            p.set_defaults(func=_unavailable(name, clash))
    return parser


def _unavailable(name: str, clash: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        print(
            f"govreport: the command {name!r} is not available: {clash} "
            f"(block the plugin with {BLOCK_ENV}=<name>, or uninstall it)",
            file=sys.stderr,
        )
        return EXIT_USAGE

    return run


OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS, errno.EPIPE})
"""What a failed write to standard output (or a file) says: the disk or the pipe, not a bug in govreport."""


def _tolerant_streams() -> None:
    """Standard output and error write what they cannot encode as escapes: a file name that is not valid UTF-8 (its
    bytes reach Python as lone surrogates) must not end a run half-way."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")


def _discard_stdout() -> None:
    """After standard output failed: send what is still buffered nowhere, so that Python's own flush at exit does
    not fail again (and change the exit code)."""
    with contextlib.suppress(Exception):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    _tolerant_streams()
    api = command_line_api()
    host = api.host
    try:
        with use_host(host):
            parser = build_parser(api)
            args = parse(parser, argv)
            args.api = api
            failed = plugin_failures(host, bool(getattr(args, "strict_plugins", False)))
            if failed is not None:
                return failed
            known = set(host.failures)
            code: int = args.func(args)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, while it can still be reported
            for failure in host.failures:  # a plugin's importer or exporter that failed and was passed over
                if failure not in known:
                    print(f"govreport: warning: {failure.message}; skipped", file=sys.stderr)
    except PluginError as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("govreport: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (… | head): not an error
        _discard_stdout()
        return EXIT_OK
    except OutputError as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        if exc.errno not in OUTPUT_ERRNOS:
            return _internal_error(exc, locals().get("args"), host)
        _discard_stdout()
        with contextlib.suppress(OSError):
            print(f"govreport: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except ModuleNotFoundError as exc:  # an optional package this command needs is not installed: not a bug
        hint = missing_package(exc)
        if hint is None:
            return _internal_error(exc, locals().get("args"), host)
        print(f"govreport: {hint}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug: say so plainly, without a traceback
        return _internal_error(exc, locals().get("args"), host)
    return code


def _internal_error(exc: Exception, args: argparse.Namespace | None, host: PluginHost) -> int:
    owner = getattr(args, "command_owner", None)
    if owner is not None and not host.is_builtin(owner):
        print(f"govreport: the command of plugin {owner!r} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"govreport: internal error: {type(exc).__name__}: {exc}\n"
        "This is a bug in govreport; please report it with the command you ran.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


__all__ = [
    "COMMANDS",
    "EXIT_FAILED",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "command_line_api",
    "main",
]
