"""The exit codes of every ``govreport`` command."""

from __future__ import annotations

EXIT_OK = 0
"""Success: every document valid, no failing check."""
EXIT_FAILED = 1
"""A document is invalid, or a check failed."""
EXIT_USAGE = 2
"""Unreadable input or wrong usage."""
EXIT_INTERNAL = 3
"""An internal error: a bug in govreport."""
EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C)."""
