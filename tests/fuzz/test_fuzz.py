"""The fuzz suite, briefly: every target for about a minute in all (``make fuzz`` runs it for an hour).

Each target runs in its own process under the runner's bounds (address space and time per case, see
tests/fuzz/runner.py); any finding fails this test with the shrunk example and its traceback.  The examples are
seeded, so that the brief run gives the same verdict every time; ``make fuzz`` draws new ones.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

RUNNER = Path(__file__).resolve().parent / "runner.py"

SECONDS = 60.0
"""The whole brief run, wall-clock (``make test``); ``make fuzz`` runs the same suite for ``FUZZ_SECONDS``."""


def test_every_entry_point_survives_a_brief_fuzz_run(tmp_path: Path) -> None:
    report = tmp_path / "fuzz.json"
    jobs = str(max(1, min(os.cpu_count() or 1, 4)))
    done = subprocess.run(
        [
            sys.executable,
            str(RUNNER),
            "--seconds",
            str(SECONDS),
            "--jobs",
            jobs,
            "--grace",
            "300",
            "--report",
            str(report),
            "--seed",
            "19",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=SECONDS + 900,
    )
    assert done.returncode == 0, done.stdout[-20000:] + done.stderr[-5000:]
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert summary["findings"] == 0
    ran = {t["target"]: t["cases"] for t in summary["targets"]}
    assert set(ran) == {"loads", "validate_text", "validate_data", "check", "export", "import", "cli", "aggregate"}
    assert all(cases > 0 for cases in ran.values()), ran
