"""What people expect of a command line: "did you mean", each command's own usage on a wrong option, a missing
optional package named with the command that installs it, ``-`` for standard input and output."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from govreport._facade import Govreport
    from govreport.formats import AnyReport
    from govreport.validate import ValidationResult

STDIO = "-"
"""The file name that means standard input (for a file read) or standard output (for ``-o``)."""

STDIN_NAME = "<stdin>"
"""How standard input is named in messages."""

SUGGESTION_CUTOFF = 0.6
"""How alike a mistyped word and a known one must be (difflib's ratio) to be suggested: 0.6 finds ``chek`` →
``check`` and ``mardown`` → ``markdown`` but does not offer ``show`` for ``schema``."""

_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<given>[^']*)' \(choose from (?P<choices>.*)\)")


def suggest(given: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when ``given`` looks like a mistyping of one of ``known``, else ``""``."""
    close = difflib.get_close_matches(given, list(known), n=1, cutoff=SUGGESTION_CUTOFF)
    return f" (did you mean {close[0]!r}?)" if close else ""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors suggest the command, choice or option that was probably meant."""

    def error(self, message: str) -> NoReturn:
        found = _INVALID_CHOICE.search(message)
        if found is not None:
            choices = re.findall(r"'([^']*)'", found["choices"])
            message += suggest(found["given"], choices)
        super().error(message)


def _subparser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command is not None:
            found = action.choices.get(command)
            return found if isinstance(found, argparse.ArgumentParser) else None
    return None


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [option for action in parser._actions for option in action.option_strings]


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse the command line; an option the command does not know is reported with that command's own usage
    (not the top-level one) and the option it probably meant."""
    args, extras = parser.parse_known_args(argv)
    if extras:
        owner = _subparser(parser, getattr(args, "command", None)) or parser
        hint = ""
        first = next((e for e in extras if e.startswith("-") and e != STDIO), None)
        if first is not None:
            hint = suggest(first.split("=", 1)[0], _options(owner))
        owner.error(f"unrecognized arguments: {' '.join(extras)}{hint}")
    return args


MISSING_EXTRAS: dict[str, tuple[str, str]] = {
    "openpyxl": ("openpyxl", "xlsx"),
    "docx": ("python-docx", "docx"),
    "pypdfium2": ("pypdfium2", "pdf"),
    "jsonschema_rs": ("jsonschema-rs", "fast"),
    "msgspec": ("msgspec", "fast"),
    "dask": ("dask", "dask"),
    "distributed": ("dask", "dask"),
    "pyarrow": ("pyarrow", "data"),
    "duckdb": ("duckdb", "data"),
    "pandas": ("pandas", "data"),
    "matplotlib": ("matplotlib", "data"),
    "fastapi": ("fastapi", "web"),
    "uvicorn": ("uvicorn", "web"),
    "jinja2": ("jinja2", "web"),
    "multipart": ("python-multipart", "web"),
    "shtab": ("shtab", "completion"),
}
"""Top-level modules of the optional dependencies: the distribution that provides each and the extra that brings
it (``pip install 'govreport[EXTRA]'``).  tests/test_cli_conventions.py holds this table to pyproject.toml."""


def missing_package(exc: ModuleNotFoundError) -> str | None:
    """What to tell a person whose command needs an optional package that is not installed; ``None`` when the
    missing module is not one of govreport's optional dependencies (then it is a bug)."""
    top = (exc.name or "").split(".")[0]
    known = MISSING_EXTRAS.get(top)
    if known is None:
        return None
    distribution, extra = known
    return (
        f"this needs the optional package {distribution!r}, which is not installed; "
        f"install it with: pip install 'govreport[{extra}]'"
    )


def read_stdin(limit: int) -> bytes:
    """Standard input's bytes, at most ``limit``; :class:`~govreport.errors.InputError` beyond (no input may
    make us eat memory)."""
    from govreport.errors import InputError

    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"standard input holds more than {limit // 1048576} MiB; no report is that large", code="file")
    return data


_STDIN: list[bytes] = []
"""Standard input once read (a command may name ``-`` in more than one place; it is read once)."""


def stdin_bytes() -> bytes:
    """Standard input's bytes, read once per run, at most the limit of the largest file govreport reads (a
    published document; report JSON has a lower limit, enforced when it is read)."""
    from govreport._importers._limits import MAX_FILE_BYTES
    from govreport.jsonio import MAX_BYTES

    if not _STDIN:
        _STDIN.append(read_stdin(max(MAX_FILE_BYTES, MAX_BYTES)))
    return _STDIN[0]


def validate_input(
    api: Govreport, path: str, *, version: str | None = None, profile: str = "lenient"
) -> ValidationResult:
    """Validate the report JSON file ``path``, or standard input for ``-``."""
    if path != STDIO:
        return api.validate_file(path, version=version, profile=profile)
    from govreport.errors import InputError, Issue
    from govreport.jsonio import MAX_BYTES
    from govreport.validate import ValidationResult

    try:
        data = stdin_bytes()
        if len(data) > MAX_BYTES:
            raise InputError(f"JSON reports larger than {MAX_BYTES // 1048576} MiB are refused", code="too_large")
    except InputError as exc:
        issue = Issue(pointer="", code=exc.code, message=exc.message)
        return ValidationResult(source=STDIN_NAME, version=version, profile=profile, issues=(issue,), unreadable=True)
    return api.validate_text(data, version=version, profile=profile, source=STDIN_NAME)


def report_from_stdin(api: Govreport) -> AnyReport:
    """The report on standard input: report JSON, or a document the importers read.  Raises
    :class:`~govreport.errors.InputError` saying what is wrong."""
    from govreport.errors import InputError

    data = stdin_bytes()
    if data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{":
        result = api.validate_text(data, source=STDIN_NAME)
        if result.report is None:
            first = result.issues[0]
            raise InputError(f"{STDIN_NAME}: not a valid report: {first.pointer or '/'}: {first.message}")
        return result.report
    return api.import_bytes(data, STDIN_NAME).report
