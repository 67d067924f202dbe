"""Issue 19, files: outputs written whole with the right permissions, never over a device, an input or a
directory; inputs that are not files (pipes, devices, broken or looping links, unreadable folders) get an outcome
and never hang; a full disk and a killed process leave nothing behind."""

from __future__ import annotations

import ctypes
import os
import re
import resource
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import govreport
from govreport import jsonio
from govreport._files import TEMP_SUFFIX, sweep
from govreport.cli import main
from govreport.errors import InputError, OutputError
from govreport.export import read_xlsx
from govreport.importers import ImportFailed, import_file

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "examples" / "zibo-gaoxin-2021.txt"
IS_ROOT = os.geteuid() == 0


def _no_dac_override() -> None:
    """In a child about to run as root: drop the capabilities that let root read and enter any directory, so that
    a directory of mode 000 is as unreadable as it is for everyone else."""
    if IS_ROOT:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
        for capability in (cap_dac_override, cap_dac_read_search):
            if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def cli(
    *args: str, stdout: int | None = subprocess.PIPE, setup: Callable[[], None] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from govreport.cli import main; sys.exit(main())", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        check=False,
        timeout=timeout,
        preexec_fn=setup,
    )


# -- permissions ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_a_new_file_gets_what_the_umask_allows(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        govreport.write_atomic(tmp_path / "new.json", "{}")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("mode", [0o644, 0o600, 0o640, 0o664])
def test_a_replaced_file_keeps_its_mode(seed_path: Path, tmp_path: Path, mode: int) -> None:
    out = tmp_path / "report.csv"
    out.write_text("old")
    out.chmod(mode)
    assert main(["export", str(seed_path), "--to", "csv", "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert out.read_text(encoding="utf-8").startswith("table,")


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    govreport.write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text() == "new"


# -- outputs that are not regular files, or are an input -----------------------------------------------------------


def _null_device(tmp_path: Path) -> Path:
    """A character device like /dev/null (1, 3): made in the test's directory when running as root, so that the
    test never depends on, nor risks, the system's own; else /dev/null itself."""
    if not IS_ROOT:
        return Path("/dev/null")
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return node


def test_a_device_is_refused_and_survives(seed_path: Path, tmp_path: Path) -> None:
    device = _null_device(tmp_path)
    before = os.stat(device)
    assert stat.S_ISCHR(before.st_mode)
    done = cli("export", str(seed_path), "--to", "csv", "-o", str(device))
    assert done.returncode == 2
    assert f"{device}: is a character device, not a regular file".encode() in done.stderr
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    with pytest.raises(OutputError, match="character device"):
        govreport.write_atomic(device, b"x")
    assert stat.S_ISCHR(os.stat(device).st_mode)


@pytest.mark.parametrize(
    "command",
    [
        ["export", "{seed}", "--to", "json", "-o", "{out}"],
        ["template", "--to", "html", "-o", "{out}"],
        ["aggregate", "{seed}", "--organ", "汇总", "-o", "{out}"],
        ["import", "{txt}", "-o", "{out}"],
        ["import", "{txt}", "--report", "{out}"],
    ],
)
def test_non_regular_and_missing_outputs_are_refused_with_exit_2(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = {
        fifo: "is a named pipe (FIFO), not a regular file",
        folder: "is a directory, not a regular file",
        tmp_path / "missing" / "out.json": "the directory",
    }
    for out, message in cases.items():
        argv = [a.format(seed=seed_path, txt=SEED_TXT, out=out) for a in command]
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert message in err
        assert "internal error" not in err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "folder"]


def test_an_output_that_is_the_input_is_refused(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "report.json"
    source.write_bytes(seed_path.read_bytes())
    hard = tmp_path / "hard.json"
    os.link(source, hard)
    soft = tmp_path / "soft.json"
    soft.symlink_to(source)
    for out in (source, hard, soft, Path(f"{tmp_path}/./report.json")):
        assert main(["export", str(source), "--to", "html", "-o", str(out)]) == 2
        assert "writing there would destroy it" in capsys.readouterr().err
    assert main(["aggregate", str(source), "--organ", "汇总", "-o", str(hard)]) == 2
    txt = tmp_path / "report.txt"
    txt.write_bytes(SEED_TXT.read_bytes())
    assert main(["import", str(txt), "-o", str(txt)]) == 2
    assert main(["import", str(txt), "--report", str(txt)]) == 2
    assert main(["import", str(txt), "-o", str(tmp_path / "a.json"), "--report", str(tmp_path / "a.json")]) == 2
    assert source.read_bytes() == seed_path.read_bytes()
    assert txt.read_bytes() == SEED_TXT.read_bytes()


# -- a full disk ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["export", "{seed}", "--to", "csv"], ["validate", "--json", "{seed}"], ["show", "{seed}"]]
)
def test_a_full_disk_on_standard_output_is_exit_2(seed_path: Path, command: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = cli(*[a.format(seed=seed_path) for a in command], stdout=full.fileno())
    assert done.returncode == 2, done.stderr
    assert b"cannot write the output: No space left on device" in done.stderr
    assert b"Traceback" not in done.stderr
    assert b"internal error" not in done.stderr


def _file_size_limit(size: int) -> Callable[[], None]:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_disk_that_refuses_the_bytes_leaves_the_old_file(seed_path: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    out.write_bytes(b"previous version")
    done = cli("export", str(seed_path), "--to", fmt, "-o", str(out), setup=_file_size_limit(4096))
    assert done.returncode == 2, done.stderr
    assert b"File too large" in done.stderr
    assert out.read_bytes() == b"previous version"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


# -- a killed process -----------------------------------------------------------------------------------------------

WRITER = """
import sys
from govreport._files import write_atomic
payload = b"x" * (256 * 1024 * 1024)
print("ready", flush=True)
write_atomic(sys.argv[1], payload, anonymous=sys.argv[2] == "anonymous")
print("done", flush=True)
"""


@pytest.mark.parametrize("way", ["anonymous", "named"])
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.15, 0.3])
def test_kill_9_while_writing_leaves_nothing_behind(tmp_path: Path, delay: float, way: str) -> None:
    """O_TMPFILE: nothing is left.  A named temporary file (systems without O_TMPFILE): the next write removes
    it."""
    target = tmp_path / "big.bin"
    target.write_bytes(b"the old content")
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(target), way], stdout=subprocess.PIPE)
    assert writer.stdout is not None
    assert writer.stdout.readline() == b"ready\n"
    time.sleep(delay)
    writer.kill()
    writer.wait()
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p != target)
    content = target.read_bytes()
    assert content in (b"the old content", b"x" * (256 * 1024 * 1024))
    if way == "anonymous":
        assert leftovers == []
    assert all(name.endswith(TEMP_SUFFIX) for name in leftovers)
    govreport.write_atomic(target, "next run")  # removes anything a killed run left under a temporary name
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name], leftovers
    assert target.read_text() == "next run"


def test_a_temporary_file_of_a_dead_process_is_swept_and_a_living_ones_kept(tmp_path: Path) -> None:
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    dead_pid = int(gone.stdout)
    target = tmp_path / "report.json"
    stale = tmp_path / f".report.json.{dead_pid}.0123abcd{TEMP_SUFFIX}"
    stale.write_text("partial")
    living = tmp_path / f".report.json.{os.getpid()}.89abcdef{TEMP_SUFFIX}"
    living.write_text("being written")
    other = tmp_path / f".other.json.{dead_pid}.0123abcd{TEMP_SUFFIX}"
    other.write_text("another target's")
    assert sweep(target) == [stale.name]
    govreport.write_atomic(target, "{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, living.name, other.name])


# -- inputs that are not files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{f}"],
        ["check", "{f}"],
        ["show", "{f}"],
        ["export", "{f}", "--to", "csv"],
        ["import", "{f}"],
        ["aggregate", "{f}", "--organ", "汇总"],
        ["check", "{seed}", "--previous", "{f}"],
    ],
)
def test_a_fifo_given_as_input_is_refused_at_once(seed_path: Path, tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / "report.json"
    os.mkfifo(fifo)
    done = cli(*[a.format(f=fifo, seed=seed_path) for a in command], timeout=60)
    assert done.returncode == 2, done.stderr
    assert b"is a named pipe (FIFO), not a regular file" in done.stdout + done.stderr


def test_devices_and_links_are_refused_by_the_readers(tmp_path: Path) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "gone.json")
    cases = {
        "/dev/zero": "is a character device, not a regular file",
        str(loop): "a loop of symbolic links",
        str(dangling): "a symbolic link to a file that does not exist",
        str(tmp_path): "is a directory, not a regular file",
    }
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    cases[str(fifo)] = "is a named pipe (FIFO), not a regular file"
    for path, message in cases.items():
        with pytest.raises(InputError, match=re.escape(message)):
            jsonio.read_bytes(path)
        with pytest.raises(ImportFailed, match=re.escape(message)):
            import_file(path)
        with pytest.raises(InputError, match=re.escape(message)):
            read_xlsx(path)
        result = govreport.validate_file(path)
        assert result.unreadable
        assert message in result.issues[0].message


def test_a_batch_gives_every_input_an_outcome(seed_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.json").write_bytes(seed_path.read_bytes())
    os.mkfifo(folder / "pipe.json")
    (folder / "dangling.json").symlink_to(folder / "gone.json")
    (folder / "loop.json").symlink_to(folder / "loop.json")
    (folder / "back").symlink_to(folder)  # a link back up the tree: searched once, no endless walk
    locked = folder / "locked"
    locked.mkdir()
    (locked / "hidden.json").write_bytes(seed_path.read_bytes())
    locked.chmod(0)
    try:
        done = cli("validate", str(folder), setup=_no_dac_override)
    finally:
        locked.chmod(0o755)
    out = done.stdout.decode("utf-8")
    assert done.returncode == 2, done.stderr
    assert f"{folder / 'good.json'}: valid" in out
    assert f"{folder / 'pipe.json'}: is a named pipe (FIFO), not a regular file" in out
    assert f"{folder / 'dangling.json'}: a symbolic link to a file that does not exist" in out
    assert f"{folder / 'loop.json'}: a loop of symbolic links" in out
    assert f"{locked}: the directory cannot be searched: Permission denied" in out
    summary = done.stderr.decode("utf-8")
    assert "5 report(s): 4 unreadable, 1 valid" in summary


# -- the dataset and compare commands (issue 15) write and read the same way ----------------------------------------

SOURCES = ROOT / "tests" / "gold" / "sources"


def test_compare_refuses_an_output_that_is_an_input_or_a_pipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "2022.txt", tmp_path / "2023.html"
    old.write_bytes((SOURCES / "pingtan-2022.txt").read_bytes())
    new.write_bytes((SOURCES / "pingtan-2023.html").read_bytes())
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    assert main(["compare", str(old), str(new), "-o", str(old)]) == 2
    assert "writing there would destroy it" in capsys.readouterr().err
    assert main(["compare", str(old), str(new), "-o", str(fifo)]) == 2
    assert "is a named pipe (FIFO), not a regular file" in capsys.readouterr().err
    assert old.read_bytes() == (SOURCES / "pingtan-2022.txt").read_bytes()


def test_dataset_files_honour_the_umask_and_refuse_a_pipe(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "reports.csv"
    previous = os.umask(0o022)
    try:
        assert main(["dataset", str(seed_path), "-o", str(out)]) == 0
    finally:
        os.umask(previous)
    written = sorted(p for p in tmp_path.iterdir())
    assert [p.name for p in written] == ["reports.csv", "reports.findings.csv", "reports.reports.csv"]
    assert {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o644}
    fifo = tmp_path / "piped.csv"
    os.mkfifo(fifo)
    assert main(["dataset", str(seed_path), "-o", str(fifo)]) == 2
    assert "is a named pipe (FIFO), not a regular file" in capsys.readouterr().err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_dataset_inputs_that_are_not_files_get_an_outcome(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.json").write_bytes(seed_path.read_bytes())
    os.mkfifo(folder / "pipe.json")
    (folder / "gone.json").symlink_to(folder / "nowhere.json")
    code = main(["dataset", str(folder), "-o", str(tmp_path / "out.csv")])
    err = capsys.readouterr().err
    assert code in (1, 2), err
    assert "pipe.json" in err
    assert "gone.json" in err
