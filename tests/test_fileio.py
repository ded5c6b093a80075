"""The file module: every byte written or none, no temp file left, appends cut off on
failure, private folders, the lock."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from mentee import fileio


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_write_atomic_loops_on_partial_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system that takes a few bytes per write still gets every byte, mode 0600."""
    real_write = os.write
    data = bytes(range(256)) * 40

    def a_few(fd: int, chunk: Any) -> int:
        return real_write(fd, bytes(chunk[:7]))

    target = tmp_path / "file.toml"
    with monkeypatch.context() as patch:
        patch.setattr(os, "write", a_few)
        fileio.write_atomic(target, data)
    assert target.read_bytes() == data
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_write_atomic_failing_keeps_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    """A write, sync or rename that fails leaves the file as it was and no temp file; the
    error names the file and the reason in one line."""
    target = tmp_path / "file.toml"
    target.write_bytes(b"before\n")

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, call, failing)
        with pytest.raises(fileio.FileIOError) as caught:
            fileio.write_atomic(target, b"after\n")
    assert str(caught.value) == f"{target}: cannot write: {os.strerror(errno.ENOSPC)}"
    assert isinstance(caught.value, OSError)
    assert caught.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"before\n"
    assert leftovers(tmp_path) == []


def test_write_temp_names_temp_files_as_doctor_knows_them(tmp_path: Path) -> None:
    """Temp files start with `.` and end in `.tmp` (never `*.toml`), as doctor knows them."""
    temp = fileio.write_temp(tmp_path / "abc.toml", b"x")
    assert fileio.is_temp_name(temp.name)
    for other in (
        "abc.toml",
        ".abc.toml.tmp",
        ".abc.toml.0123456789ab.tmp~",
        "abc.0123456789ab.tmp",
    ):
        assert not fileio.is_temp_name(other)
    assert not temp.name.endswith(".toml")


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077, 0o277, 0o777], ids=lambda m: f"{m:03o}")
def test_write_temps_are_0600_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    """Temp files written many at once hold their data, mode 0600 even under a umask that
    takes away the owner's own bits, in as many folders as given."""
    targets = [tmp_path / folder / f"r{n}.toml" for folder in ("a", "b") for n in range(5)]
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    previous = os.umask(umask)
    try:
        temps = fileio.write_temps([(t, t.name.encode()) for t in targets])
    finally:
        os.umask(previous)
    assert len(temps) == len(targets)
    for target, temp in zip(targets, temps, strict=True):
        assert os.path.dirname(temp) == str(target.parent)
        assert Path(temp).read_bytes() == target.name.encode()
        assert stat.S_IMODE(os.stat(temp).st_mode) == 0o600


def test_write_temps_are_new_names_doctor_knows(tmp_path: Path) -> None:
    """Every temp file of a batch has its own name, a temp name (never `*.toml`), and the
    same record written by two batches gets two names."""
    targets = [tmp_path / "same.toml", tmp_path / "same.toml", tmp_path / "other.toml"]
    first = fileio.write_temps([(t, b"x") for t in targets])
    second = fileio.write_temps([(targets[0], b"y")])
    names = [os.path.basename(temp) for temp in first + second]
    assert len(set(names)) == 4
    assert all(fileio.is_temp_name(name) and not name.endswith(".toml") for name in names)
    assert leftovers(tmp_path) == sorted(names)


@pytest.mark.parametrize("call", ["open", "write"])
def test_write_temps_failing_part_way_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    """A full disk on the third file: the temp files already written are removed, and the
    error names the file it could not write."""
    targets = [tmp_path / f"r{n}.toml" for n in range(5)]
    real = getattr(os, call)
    calls = [0]

    def third_fails(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, call, third_fails)
        with pytest.raises(fileio.FileIOError) as caught:
            fileio.write_temps([(t, b"data") for t in targets])
    assert str(caught.value) == f"{targets[2]}: cannot write: {os.strerror(errno.ENOSPC)}"
    assert leftovers(tmp_path) == []


def test_append_durably_adds_to_the_end_and_says_the_size_before(tmp_path: Path) -> None:
    """Appending returns the size before the line, so a caller can cut it off again."""
    target = tmp_path / "log.jsonl"
    target.write_bytes(b"header\n")
    assert fileio.append_durably(target, b"one\n") == 7
    assert fileio.append_durably(target, b"two\n") == 11
    assert target.read_bytes() == b"header\none\ntwo\n"


def test_append_failing_cuts_off_what_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An append whose sync fails leaves the file as it was before it."""
    target = tmp_path / "log.jsonl"
    target.write_bytes(b"header\n")

    def failing(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", failing)
        with pytest.raises(fileio.FileIOError, match="cannot write"):
            fileio.append_durably(target, b"lost\n")
    assert target.read_bytes() == b"header\n"


def test_append_never_follows_a_symbolic_link(tmp_path: Path) -> None:
    """A link where the file should be is refused; what it points to is untouched."""
    real = tmp_path / "elsewhere"
    real.write_bytes(b"keep\n")
    link = tmp_path / "log.jsonl"
    link.symlink_to(real)
    with pytest.raises(fileio.FileIOError):
        fileio.append_durably(link, b"x\n")
    assert real.read_bytes() == b"keep\n"


def test_a_failing_syncfs_is_an_error_naming_the_folder(tmp_path: Path) -> None:
    """Files written without their own sync are reported when the file system's sync fails."""
    temp = fileio.write_temp(tmp_path / "a.toml", b"x", sync=False)

    def syncfs(fd: int) -> int:
        import ctypes

        ctypes.set_errno(errno.ENOSPC)
        return -1

    with pytest.raises(fileio.FileIOError) as caught:
        fileio.sync_file_systems([temp], syncfs)
    assert str(caught.value) == f"{tmp_path}: cannot write: {os.strerror(errno.ENOSPC)}"


def test_private_folder_is_0700_whatever_the_umask(tmp_path: Path) -> None:
    """Missing folders are made 0700, and looser ones from `owned_from` down tightened."""
    os.chmod(tmp_path, 0o750)  # noqa: S103 - a loose mode is what is under test
    owned = tmp_path / "cache"
    owned.mkdir(mode=0o750)
    os.chmod(owned, 0o750)  # noqa: S103 - a loose mode is what is under test
    target = owned / "history" / "abc"
    old = os.umask(0)
    try:
        fileio.private_folder(target, owned_from=owned)
    finally:
        os.umask(old)
    for folder in (owned, owned / "history", target):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o750  # above `owned_from`: untouched


def test_lock_is_exclusive_until_released(tmp_path: Path) -> None:
    """A second holder waits for the lock and gives up at its timeout; once released, it
    gets it. The lock file is 0600 in a private folder."""
    path = tmp_path / "locks" / "journal.lock"
    first = fileio.lock_file(path, timeout=1.0)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    with pytest.raises(TimeoutError):
        fileio.lock_file(path, timeout=0.0)
    fileio.unlock_file(first)
    second = fileio.lock_file(path, timeout=0.0)
    fileio.unlock_file(second)


def test_a_lock_file_that_cannot_be_opened_is_one_clear_error(tmp_path: Path) -> None:
    """A lock path through a symbolic link is refused, naming the lock file."""
    real = tmp_path / "real.lock"
    real.write_bytes(b"")
    link = tmp_path / "journal.lock"
    link.symlink_to(real)
    with pytest.raises(fileio.FileIOError) as caught:
        fileio.lock_file(link, timeout=0.0)
    assert str(caught.value).startswith(f"{link}: cannot open the lock file: ")
