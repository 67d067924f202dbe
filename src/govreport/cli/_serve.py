"""``govreport serve``: the web desk on this machine (needs the ``web`` extra)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import Any

from govreport.cli._exit import EXIT_OK, EXIT_USAGE
from govreport.plugins import Command

DEFAULT_PORT = 8000


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/govreport``, by default ``~/.local/share/govreport``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "govreport"


def _megabytes(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {text!r}") from None
    if not 0 < value <= 1024:
        raise argparse.ArgumentTypeError("the upload limit must be between 0 and 1024 MiB")
    return int(value * 1024 * 1024)


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT}; 0 picks a free one)")
    p.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        help="where reports and reviews are kept (default: $XDG_DATA_HOME/govreport, ~/.local/share/govreport)",
    )
    p.add_argument(
        "--max-upload",
        metavar="MIB",
        type=_megabytes,
        default=None,
        help="largest upload accepted, in MiB (default: 64)",
    )
    p.add_argument(
        "--token", help="require this token of every request (default: generated when --host is not loopback)"
    )
    p.add_argument("--open", action="store_true", help="open the desk in the web browser once it is running")


def _missing_extra() -> str | None:
    import importlib

    for name in ("fastapi", "uvicorn", "jinja2", "python_multipart"):
        try:
            importlib.import_module(name)
        except ImportError:
            return name
    return None


def run(args: argparse.Namespace) -> int:
    missing = _missing_extra()
    if missing is not None:
        print(
            f"govreport serve: the web desk needs the optional package {missing!r}, which is not installed.\n"
            "Install the web extra with:  pip install 'govreport[web]'",
            file=sys.stderr,
        )
        return EXIT_USAGE
    import uvicorn

    from govreport.web import DEFAULT_MAX_UPLOAD, LibraryApi, create_app
    from govreport.web._security import is_loopback, new_token
    from govreport.web._store import StoreError

    loopback = is_loopback(args.host)
    token = args.token or (None if loopback else new_token())
    data_dir: Path = args.data or default_data_dir()
    try:
        app = create_app(
            data_dir,
            max_upload=args.max_upload or DEFAULT_MAX_UPLOAD,
            token=token,
            loopback=loopback,
            api=LibraryApi(args.api),
        )
    except (StoreError, OSError) as exc:
        print(f"govreport serve: {data_dir}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    server = uvicorn.Server(config)
    _announce(server, args, token, data_dir)
    # uvicorn exits (SystemExit) when it cannot listen: that is said below, in our words
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        server.run()
    if not server.started:
        print(
            f"govreport serve: could not listen on {args.host}:{args.port} (in use, or not an address here)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return EXIT_OK


def _announce(server: Any, args: argparse.Namespace, token: str | None, data_dir: Path) -> None:
    """Print the address once the server listens (the port may have been chosen by the system)."""
    import threading
    import time

    def wait() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if not server.started:
            return
        sockets = [s for srv in server.servers for s in srv.sockets]
        port = sockets[0].getsockname()[1] if sockets else args.port
        host = f"[{args.host}]" if ":" in args.host else args.host
        url = f"http://{host}:{port}/" + (f"?token={token}" if token else "")
        print(f"govreport 报告审核台: {url}", flush=True)
        print(f"data: {data_dir}  (Ctrl+C to stop)", flush=True)
        if args.open:
            import webbrowser

            webbrowser.open(url)

    threading.Thread(target=wait, daemon=True).start()


COMMAND = Command(
    name="serve",
    help="the web desk: upload reports, see findings on the tables, review them (needs govreport[web])",
    description="Start the review desk, a local web application: upload reports (any file the importers "
    "read, an XLSX template or report JSON), see the three tables with each finding on its cell, confirm "
    "or dismiss findings, correct cells, export the reviewed report. Reviews are kept in SQLite under "
    "--data. Listens on 127.0.0.1 only unless --host says otherwise; on any other address a token is "
    "required (printed at start, or --token). Needs: pip install 'govreport[web]'.",
    configure=configure,
    run=run,
)
