"""Reading and writing files safely: regular files only, atomic replacement, no debris.

Reading (:func:`read_regular`) refuses anything that is not a regular file *before* reading a byte: a named pipe
would block for ever, a device such as ``/dev/zero`` never ends.  The path is opened without blocking and checked
again on the open descriptor, so a file swapped for a pipe in between is caught too.

Writing (:func:`write_atomic`) never leaves a half-written file under the target's name:

* the bytes go to an anonymous file in the target's directory (Linux's ``O_TMPFILE``), which has no name until it
  is complete and synced; it is then linked under a temporary name and renamed over the target.  A process killed
  while writing leaves nothing behind: the kernel frees the anonymous file.
* where ``O_TMPFILE`` is not available (another system, a file system without it) the bytes go to a named
  temporary file instead.  Either way the temporary name is ``.<target name>.<pid>.<random>.govreport-tmp``; a
  process killed between naming and renaming (or, on the fallback, while writing) leaves such a file, and the next
  write to the same target removes every one whose process is no longer running.
* a new file gets the permissions the umask allows (``0666 & ~umask``, as ``open`` would give); a replaced file
  keeps its permissions (and, where allowed, its owner and group).
* the target must be a regular file or not exist: a device (``/dev/null``), a named pipe, a directory or a socket
  is refused rather than replaced.  A symbolic link is followed: the file it points to is replaced, the link kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from pathlib import Path

from govreport.errors import InputError, OutputError

TEMP_SUFFIX = ".govreport-tmp"
"""The end of every temporary file name :func:`write_atomic` uses (see the module's description)."""

_NAME_ROOM = 120
"""How much of the target's name the temporary name repeats: with the pid, a random part and the suffix it stays
well under the 255 bytes a file name may have."""

_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def kind_of(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words (``a regular file``, ``a named pipe (FIFO)`` …)."""
    return _KINDS.get(stat.S_IFMT(mode), "a regular file" if stat.S_ISREG(mode) else "not a regular file")


# -- reading --------------------------------------------------------------------------------------------------------


def _read_error(path: str, exc: OSError) -> InputError:
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return InputError("a symbolic link to a file that does not exist", code="file")
        return InputError("no such file", code="file")
    if isinstance(exc, PermissionError):
        return InputError("permission denied", code="file")
    if exc.errno == errno.ELOOP:
        return InputError("a loop of symbolic links", code="file")
    if exc.errno == errno.ENXIO:  # a socket, or a device without a driver
        with contextlib.suppress(OSError):
            return InputError(f"is {kind_of(os.stat(path).st_mode)}, not a regular file", code="file")
    return InputError(f"cannot read the file: {exc.strerror or exc}", code="file")


def read_regular(path: str | os.PathLike[str], *, max_bytes: int, what: str = "files", head: bool = False) -> bytes:
    """A regular file's bytes; :class:`~govreport.errors.InputError` (code ``file`` or ``too_large``) for anything
    else: missing, unreadable, a directory, a pipe, a device, or larger than ``max_bytes`` (``what`` names such
    files in that message: "JSON reports larger than 16 MiB are refused").  With ``head`` the first ``max_bytes``
    of a file of any size."""
    name = os.fspath(path)
    try:
        mode = os.stat(name).st_mode  # before opening: opening some devices does something
        if not stat.S_ISREG(mode):
            raise InputError(f"is {kind_of(mode)}, not a regular file", code="file")
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _read_error(name, exc) from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # replaced since the first look
            raise InputError(f"is {kind_of(info.st_mode)}, not a regular file", code="file")
        if info.st_size > max_bytes and not head:
            raise _too_large(info.st_size, max_bytes, what)
        try:
            data = fh.read(max_bytes if head else max_bytes + 1)
        except OSError as exc:
            raise _read_error(name, exc) from None
    if len(data) > max_bytes:  # grew while being read
        raise _too_large(len(data), max_bytes, what)
    return data


def _too_large(size: int, max_bytes: int, what: str) -> InputError:
    return InputError(
        f"the file is {size / 1048576:.1f} MiB; {what} larger than {max_bytes / 1048576:.0f} MiB are refused",
        code="too_large",
    )


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same existing file (the same inode, whatever the links in between)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


# -- searching ----------------------------------------------------------------------------------------------------


def search(
    folder: str | os.PathLike[str], suffixes: tuple[str, ...], *, skip_hidden: bool = False
) -> tuple[list[str], list[tuple[str, str]]]:
    """Every entry under ``folder`` whose suffix is one of ``suffixes`` and that is not a directory, sorted — a
    named pipe or a broken link too, so that reading it gives it its outcome — and ``(directory, why)`` for each
    directory that cannot be searched.  Links to directories are followed, each directory searched once (a link
    back up the tree ends there).  ``skip_hidden`` passes over names starting with a dot."""
    found: list[str] = []
    problems: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()

    def walk(directory: str) -> None:
        try:
            info = os.stat(directory)
            if (info.st_dev, info.st_ino) in seen:
                return
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problems.append((directory, f"the directory cannot be searched: {exc.strerror or exc}"))
            return
        for entry in entries:
            if skip_hidden and entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:  # a loop of links: not a directory; read (and refused) as a file if its suffix fits
                is_dir = False
            if is_dir:
                walk(entry.path)
            elif os.path.splitext(entry.name)[1].lower() in suffixes:
                found.append(entry.path)

    walk(os.fspath(folder))
    return sorted(found), problems


def why_missing(path: str) -> str:
    """Why a path names nothing: no such file, a link to nothing, a loop of links."""
    if os.path.islink(path):
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "a loop of symbolic links"
        return "a symbolic link to a file that does not exist"
    return "no such file"


# -- writing --------------------------------------------------------------------------------------------------------


def _temp_name(target: Path) -> str:
    return f".{target.name[:_NAME_ROOM]}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def sweep(target: str | os.PathLike[str]) -> list[str]:
    """Remove the temporary files earlier writes of ``target`` left behind (their process no longer runs);
    returns their names.  :func:`write_atomic` calls it before every write."""
    path = Path(target)
    pattern = re.compile(
        re.escape(f".{path.name[:_NAME_ROOM]}.") + r"(\d+)\.[0-9a-f]{8}(?:\.[\w.]+)?" + re.escape(TEMP_SUFFIX)
    )
    removed: list[str] = []
    try:
        entries = list(os.scandir(path.parent or "."))
    except OSError:
        return removed
    for entry in entries:
        found = pattern.fullmatch(entry.name)
        if found is None or _alive(int(found.group(1))):
            continue
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(entry.name)
    return removed


def _output_error(message: str, code: int | None = None) -> OutputError:
    error = OutputError(message)
    error.errno = code
    return error


def _resolve(name: str) -> Path:
    """The path that will be replaced: a symbolic link's final target, so that the link survives."""
    return Path(os.path.realpath(name)) if os.path.islink(name) else Path(name)


def _check_target(name: str, target: Path) -> os.stat_result | None:
    """The target's status if it exists (a regular file), ``None`` if it does not; :class:`OutputError` otherwise."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _output_error(f"{name}: cannot write the file: {exc.strerror or exc}", exc.errno) from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise _output_error(
            f"{name}: is {kind_of(info.st_mode)}, not a regular file; govreport replaces only regular files "
            "(to send the output to a device or a pipe, write to standard output)"
        )
    if info is None:
        parent = target.parent
        if not parent.is_dir():
            what = "does not exist" if not parent.exists() else "is not a directory"
            raise _output_error(f"{name}: cannot write the file: the directory {str(parent)!r} {what}", errno.ENOENT)
    return info


def _write_anonymous(dir_fd: int, temp: str, payload: bytes, keep: os.stat_result | None) -> bool:
    """Write ``payload`` into a nameless file in the directory ``dir_fd`` (``O_TMPFILE``) and name it ``temp``;
    ``False`` where the system or the file system cannot (then nothing was made)."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir("/proc/self/fd"):  # the nameless file is named through /proc
        return False
    try:
        fd = os.open(".", flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o666, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in _UNSUPPORTED:
            return False
        raise
    try:
        _write_all(fd, payload, keep)
        try:  # linkat(AT_SYMLINK_FOLLOW): os.link uses it only when given a directory descriptor
            os.link(f"/proc/self/fd/{fd}", temp, dst_dir_fd=dir_fd, follow_symlinks=True)
        except OSError as exc:
            if exc.errno in _UNSUPPORTED:
                return False
            raise
    finally:
        os.close(fd)
    return True


_UNSUPPORTED = frozenset({errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT, errno.EXDEV, errno.EPERM})
"""What opening or naming an ``O_TMPFILE`` file says where the system or the file system does not offer it."""


def _write_all(fd: int, payload: bytes, keep: os.stat_result | None) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    if keep is not None:
        os.fchmod(fd, stat.S_IMODE(keep.st_mode))
        with contextlib.suppress(OSError):  # allowed for root, or to one's own group; else the writer owns it
            os.fchown(fd, keep.st_uid, keep.st_gid)
    os.fsync(fd)


def temporary_beside(target: str | os.PathLike[str], suffix: str = "") -> str:
    """A new, empty temporary file beside ``target`` for a writer that streams into a path (a Parquet or CSV
    writer), named as :func:`write_atomic` names its own (so a killed run's is swept by the next write) and with
    the permissions the umask allows; :class:`~govreport.errors.OutputError` when ``target`` is not a regular
    file or its directory is missing.  Finish with :func:`replace_with`."""
    name = os.fspath(target)
    resolved = _resolve(name)
    _check_target(name, resolved)
    sweep(resolved)
    temp = resolved.parent / (_temp_name(resolved)[: -len(TEMP_SUFFIX)] + suffix + TEMP_SUFFIX)
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666))
    except OSError as exc:
        raise _output_error(f"{name}: cannot write the file: {exc.strerror or exc}", exc.errno) from None
    return str(temp)


def replace_with(temp: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Rename a finished temporary file over ``target``, which keeps its permissions if it exists."""
    resolved = _resolve(os.fspath(target))
    keep = _check_target(os.fspath(target), resolved)
    if keep is not None:
        os.chmod(temp, stat.S_IMODE(keep.st_mode))
    os.replace(temp, resolved)


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, anonymous: bool = True) -> None:
    """Write a file all at once (see the module's description for how, and what is refused).

    A failure leaves no partial file behind and any previous file untouched; it raises
    :class:`~govreport.errors.OutputError` (an :class:`OSError`) saying why.  ``anonymous=False`` takes the way
    of systems without ``O_TMPFILE`` (a named temporary file) everywhere.
    """
    name = os.fspath(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = _resolve(name)
    keep = _check_target(name, target)
    sweep(target)
    temp = _temp_name(target)
    named = False
    dir_fd = -1
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        named = anonymous and _write_anonymous(dir_fd, temp, payload, keep)
        if not named:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
            fd = os.open(temp, flags, 0o666, dir_fd=dir_fd)
            named = True
            try:
                _write_all(fd, payload, keep)
            finally:
                os.close(fd)
        os.replace(temp, target.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        named = False
        with contextlib.suppress(OSError):  # the rename itself made durable, where the system allows
            os.fsync(dir_fd)
    except OSError as exc:
        raise _output_error(f"{name}: cannot write the file: {exc.strerror or exc}", exc.errno) from None
    finally:
        if named:
            with contextlib.suppress(OSError):
                os.unlink(temp, dir_fd=dir_fd)
        if dir_fd >= 0:
            os.close(dir_fd)
