"""Where the browser tests find Debian's headless Chromium, and what happens when it is missing.

``make test`` installs ``chromium`` and ``fonts-noto-cjk`` when it can (``.ci/system-packages``). On a developer's
machine without them the browser tests are skipped, saying how to install them; under CI (``CI=true``) they run
anyway and fail, so a missing install step is never hidden by a skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

FOUND = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).exists()), None)
CHROMIUM = FOUND or "/usr/bin/chromium"
"""The browser's executable (never one downloaded by playwright)."""

MARKS = [pytest.mark.browser]
if FOUND is None and os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
    MARKS.append(
        pytest.mark.skip(
            reason="needs headless Chromium: `make system` installs it (apt-get install -y chromium fonts-noto-cjk)"
        )
    )
