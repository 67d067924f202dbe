"""The built wheel ships the published schemas and rules files, the type-hint marker and the web desk's files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_schemas_and_py_typed(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("govreport-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "govreport/py.typed" in names
        for page in ("templates/report.html", "templates/base.html", "static/app.js", "static/app.css"):
            assert f"govreport/web/{page}" in names  # the web desk's templates and static files
        committed = sorted(p.relative_to(ROOT / "schemas") for p in (ROOT / "schemas").rglob("*.json"))
        assert committed
        for relative in committed:
            shipped = archive.read(f"govreport/schemas/{relative.as_posix()}")
            assert shipped == (ROOT / "schemas" / relative).read_bytes(), relative
