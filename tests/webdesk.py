"""The web desk as the tests run it: ``govreport serve`` in its own process on a free loopback port.

Also the bad uploads every web test throws at it, made here from nothing but bytes.
"""

from __future__ import annotations

import io
import os
import select
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "examples" / "zibo-gaoxin-2021.txt"
START_SECONDS = 60
"""How long the server may take to print its address (it imports FastAPI and opens the database)."""


def govreport_command() -> list[str]:
    """The installed ``govreport`` script beside this interpreter (the real command line)."""
    script = Path(sys.executable).parent / "govreport"
    if script.exists():
        return [str(script)]
    found = shutil.which("govreport")
    assert found, "the govreport command is not installed"
    return [found]


class Server:
    """``govreport serve --port 0 --data DATA``; the address is read from what it prints."""

    def __init__(self, data: Path, *extra: str):
        self.data = data
        self.errors = ""
        """What the server wrote to stderr, once it has stopped."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [*govreport_command(), "serve", "--port", "0", "--data", str(data), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        assert self.process.stdout is not None
        deadline = time.monotonic() + START_SECONDS
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(left, 0))
            if not ready or self.process.poll() is not None:
                self.stop()
                raise AssertionError(f"the server did not start: {self.errors}")
            line += os.read(self.process.stdout.fileno(), 1)
        self.announced = line.decode("utf-8").strip()
        self.url = self.announced.split(": ", 1)[1].split("?", 1)[0].rstrip("/")
        self.token = self.announced.split("?token=", 1)[1] if "?token=" in self.announced else None

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if self.process.stderr is not None and not self.process.stderr.closed:
            self.errors = self.process.stderr.read().decode("utf-8", "replace")[-3000:]
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def garbage() -> bytes:
    """Binary garbage: every byte value, repeated."""
    return bytes(range(256)) * 64


def zip_bomb_docx() -> bytes:
    """A .docx of under 1 MiB that would unpack to 120 MiB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (120 * 1024 * 1024))
    return buffer.getvalue()


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer holding ``lines`` (ASCII, in Helvetica)."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def non_report_pdf() -> bytes:
    return text_pdf(["Quarterly sales figures", "Revenue rose by 12 percent in the third quarter.", "Thank you."])


def sparse_file(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no room on disk (and no time to write)."""
    with path.open("wb") as fh:
        fh.truncate(size)
    return path
