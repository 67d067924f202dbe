"""A command whose ``configure`` raises."""

from __future__ import annotations

import argparse

import govreport
from govreport.plugins import Command


def _configure(parser: argparse.ArgumentParser) -> None:
    raise ValueError("cannot configure")


def _run(args: argparse.Namespace) -> int:
    return 0


@govreport.hookimpl
def register_commands() -> list[Command]:
    return [Command(name="broken-cmd", help="broken", run=_run, configure=_configure)]
