"""Writing files so that nothing is lost: the one copy of each low-level file operation.

Only the standard library, and nothing of mentee: the store, the undo history, the sync
merge driver and export all write through here without importing one another.

- `write_atomic`: a temp file beside the target (`.<name>.<12 hex digits>.tmp`, never
  `*.toml`), every byte written (partial writes are looped on), synced, `os.replace`d over
  the target, and the folder synced; the temp file is removed on any failure.
- `write_temps` + `sync_file_systems` + `replace`: the same for many files at once, synced
  with one `syncfs` per file system (Linux) instead of one `fsync` each.
- `append_durably`: a line added to a file and synced, cut off again when that fails.
- `private_folder`: folders made 0700 whatever the umask.
- `lock_file`/`unlock_file`: an exclusive lock held on an open file (`flock`).

Failures are `FileIOError`, an `OSError` whose text names the file and what failed
(`<path>: cannot write: No space left on device`): callers turn it into their own error
with that text.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

# The temp files `write_temp` makes (and `keep_beside` links): `.<name>.<12 hex digits>.tmp`.
_TEMP_NAME = r"^\..+\.[0-9a-f]{12}\.tmp$"
_TEMP_SPAN = 1 << 48  # 12 hex digits
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class FileIOError(OSError):
    """A file operation that failed, as one line for a person:
    `<path>: <what failed>: <why>` (`errno`, `strerror` and `filename` as the cause's)."""

    def __init__(self, path: Path | str, doing: str, cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror or str(cause), os.fspath(path))
        self.doing = doing

    def __str__(self) -> str:
        return f"{self.filename}: {self.doing}: {self.strerror}"


def temp_beside(path: Path) -> Path:
    """A new temp file name in `path`'s folder (see `is_temp_name`)."""
    # os.urandom(6).hex() is secrets.token_hex(6), without importing secrets (and OpenSSL).
    return path.parent / f".{path.name[:40]}.{os.urandom(6).hex()}.tmp"


def is_temp_name(name: str) -> bool:
    """Whether `name` is one of the temp files mentee writes (doctor removes old ones)."""
    return re.match(_TEMP_NAME, name) is not None  # compiled once used (`re` caches it)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of `data` to `fd`, looping on partial writes."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_temp(path: Path, data: bytes, mode: int = 0o600, *, sync: bool = True) -> Path:
    """`data` written to a new temp file beside `path` (mode `mode`, whatever the umask),
    synced to disk unless `sync` is False (then `sync_file_systems` does it for many at
    once). The temp file is removed on any error; FileIOError names `path`."""
    temp = temp_beside(path)
    fd = -1
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
        os.fchmod(fd, mode)
        write_all(fd, data)
        if sync:
            os.fsync(fd)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise FileIOError(path, "cannot write", exc) from exc
        raise
    finally:
        if fd >= 0:
            os.close(fd)
    return temp


def write_temps(files: Sequence[tuple[Path, bytes]], mode: int = 0o600) -> list[str]:
    """`write_temp` without its sync for many files at once (`sync_file_systems` then syncs
    them together): each file's data in a new temp file beside it, mode `mode` whatever
    the umask, in the order given. Two syscalls a file fewer: the names share one random
    number for the batch, counted up (each name is new, and as unguessable as one drawn a
    file), and the mode is set only where creating a file did not give it exactly (the
    umask, or a folder's default ACL), as the first file in each folder shows. On any
    failure every temp file written so far is removed (FileIOError names the file)."""
    import secrets  # here: a command that only reads never needs it

    start = secrets.randbits(48)
    fix_mode: dict[str, bool] = {}  # by folder: whether a created file needs fchmod
    temps: list[str] = []
    try:
        for number, (path, data) in enumerate(files):
            folder, name = os.path.split(path)
            temp = os.path.join(folder, f".{name[:40]}.{(start + number) % _TEMP_SPAN:012x}.tmp")
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
            except OSError as exc:
                raise FileIOError(path, "cannot write", exc) from exc
            temps.append(temp)
            try:
                fix = fix_mode.get(folder)
                if fix is None:
                    fix = fix_mode[folder] = stat.S_IMODE(os.fstat(fd).st_mode) != mode
                if fix:
                    os.fchmod(fd, mode)
                write_all(fd, data)
            except OSError as exc:
                raise FileIOError(path, "cannot write", exc) from exc
            finally:
                os.close(fd)
    except BaseException:
        for temp in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise
    return temps


def replace(temp: Path | str, path: Path) -> None:
    """Put the written temp file `temp` in place of `path` (atomic: a crash leaves the old
    file or the new one); FileIOError names `path`. The temp file is the caller's to remove
    when this fails."""
    try:
        os.replace(temp, path)
    except OSError as exc:
        raise FileIOError(path, "cannot write", exc) from exc


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file whole:
    a synced temp file in the same folder, `os.replace`d over it, then the folder synced.
    Nothing is left behind on failure (FileIOError)."""
    temp = write_temp(path, data, mode)
    try:
        replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make the names in `folder` durable (a file put in place or removed). A folder that
    cannot be opened is passed over; a sync that fails is a FileIOError (file systems that
    cannot sync a folder aside)."""
    try:
        fd = os.open(folder, os.O_RDONLY | _DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        # The rename happened; a folder fsync failure means it may not be durable yet.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise FileIOError(folder, "cannot sync the folder", exc) from exc
    finally:
        os.close(fd)


def remove_durably(path: Path) -> None:
    """Remove the file `path` (already gone: nothing to do) and sync its folder."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise FileIOError(path, "cannot remove", exc) from exc
    fsync_folder(path.parent)


def linux_syncfs() -> Callable[[int], int] | None:
    """Linux's syncfs(2) (sync every file of one file system), or None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        function: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    return function


def sync_file_systems(paths: Sequence[Path | str], syncfs: Callable[[int], int]) -> None:
    """Make the files at `paths` durable with one `syncfs` for each file system they are
    on (a folder may be linked elsewhere); a write that failed is reported by it
    (FileIOError naming the folder)."""
    devices: dict[int, str] = {}
    for folder in dict.fromkeys(os.path.dirname(path) or "." for path in paths):
        devices.setdefault(os.stat(folder).st_dev, folder)
    for folder in devices.values():
        fd = os.open(folder, os.O_RDONLY | _DIRECTORY)
        try:
            if syncfs(fd) != 0:
                import ctypes

                code = ctypes.get_errno()
                raise FileIOError(folder, "cannot write", OSError(code, os.strerror(code)))
        finally:
            os.close(fd)


def append_durably(path: Path, data: bytes) -> int:
    """Append `data` to the existing file `path` (never through a symbolic link) and sync
    it; returns the size before, to cut it off again. A failed write is cut off at once
    (FileIOError)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | _NOFOLLOW)
    except OSError as exc:
        raise FileIOError(path, "cannot write", exc) from exc
    try:
        size = os.fstat(fd).st_size
        try:
            write_all(fd, data)
            os.fsync(fd)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise FileIOError(path, "cannot write", exc) from exc
    finally:
        os.close(fd)
    return size


def read_no_follow(path: Path) -> bytes | None:
    """The bytes of the file `path` (never through a symbolic link), None if unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        return file.read()


def keep_beside(path: Path) -> Path | None:
    """A hard link to `path` beside it (named like a temp file), so the file as it is now
    can be put back without needing disk space; None when the file system has no hard
    links."""
    link = temp_beside(path)
    try:
        os.link(path, link, follow_symlinks=False)
    except OSError:
        return None
    return link


def same_file(a: Path, b: Path) -> bool:
    """Whether `a` and `b` are the same file (links not followed)."""
    try:
        return os.path.samestat(os.lstat(a), os.lstat(b))
    except OSError:
        return False


def private_folder(folder: Path, owned_from: Path | None = None) -> None:
    """Create `folder` and its missing parents with mode 0700, and make `folder` and every
    folder between `owned_from` (mentee's own folder, e.g. `~/.cache/mentee`) and it 0700
    when they are looser (made by an older version, or by hand). OSError on failure.

    For the folders outside the journal (locks, the undo history, the index, editor
    buffers): they hold copies of what the journal holds, so they are as private as it is,
    created that way rather than created and then tightened."""
    missing = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(each, 0o700)
        os.chmod(each, 0o700)  # mkdir's mode is cut by the umask; this one is not
    owned = [folder]
    if owned_from is not None and folder.is_relative_to(owned_from):
        current = folder
        while current != owned_from:
            current = current.parent
            owned.append(current)
    for each in owned:
        info = os.lstat(each)
        if stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(each, 0o700)


def lock_file(path: Path, timeout: float, owned_from: Path | None = None) -> int:
    """An exclusive lock on the file `path` (created 0600 in a private folder, see
    `private_folder`, never through a symbolic link), waited for up to `timeout` seconds:
    the open descriptor that holds it, for `unlock_file`. FileIOError when the file cannot
    be opened, TimeoutError when another process holds the lock that long."""
    import fcntl

    try:
        private_folder(path.parent, owned_from)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
    except OSError as exc:
        raise FileIOError(path, "cannot open the lock file", exc) from exc
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise TimeoutError(f"{path}: locked by another process") from None
            time.sleep(0.01)
        else:
            return fd


def unlock_file(fd: int) -> None:
    """Release a lock `lock_file` took, and close its descriptor."""
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
