"""File-system faults: a full disk or an I/O error at each step of a write, bad homes.

The store writes a record as: open a temp file in the same folder, write, fsync, replace the
record with it, fsync the folder. A fault at any step before the replace leaves the record
byte-identical and no temp file; a fault after it (the folder fsync) leaves the new record
whole and says the change may not be durable. Either way: one error line, exit 1.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from adversarial_helpers import error_line, files, ids_listed, temp_files

STEPS = ["open", "write", "fsync", "replace", "folder-fsync"]
CODES = {"ENOSPC": errno.ENOSPC, "EIO": errno.EIO}


class Faults:
    """Fail one step of one write under `within` with `code` (after `skip` such steps)."""

    def __init__(self, within: Path, step: str, code: int, skip: int = 0) -> None:
        self.within = str(within)
        self.step = step
        self.code = code
        self.skip = skip
        self.temp_fds: set[int] = set()
        self.folder_fds: set[int] = set()
        self.failed = 0

    def _mine(self, path: Any) -> bool:
        return str(path).startswith(self.within + os.sep)

    def _fail(self) -> bool:
        """Whether this call fails: the first one after `skip`, and no other."""
        if self.skip > 0:
            self.skip -= 1
            return False
        self.failed += 1
        return self.failed == 1

    def install(self, patch: pytest.MonkeyPatch) -> None:
        real_open, real_write = os.open, os.write
        real_fsync, real_replace, real_close = os.fsync, os.replace, os.close
        error = OSError(self.code, os.strerror(self.code))

        def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            temp = self._mine(path) and str(path).endswith(".tmp")
            if temp and self.step == "open" and self._fail():
                raise OSError(self.code, os.strerror(self.code), str(path))
            fd = real_open(path, flags, *args, **kwargs)
            if temp:
                self.temp_fds.add(fd)
            elif (self._mine(path) or str(path) == self.within) and flags & getattr(
                os, "O_DIRECTORY", 0
            ):
                self.folder_fds.add(fd)
            return fd

        def fake_write(fd: int, data: Any) -> int:
            if fd in self.temp_fds and self.step == "write" and self._fail():
                # Half the bytes land, then the disk is full.
                real_write(fd, bytes(data[: len(data) // 2]))
                raise error
            return real_write(fd, data)

        def fake_fsync(fd: int) -> None:
            if fd in self.temp_fds and self.step == "fsync" and self._fail():
                raise error
            if fd in self.folder_fds and self.step == "folder-fsync" and self._fail():
                raise error
            real_fsync(fd)

        def fake_replace(src: Any, dst: Any) -> None:
            if self._mine(dst) and self.step == "replace" and self._fail():
                raise error
            real_replace(src, dst)

        def fake_close(fd: int) -> None:
            self.temp_fds.discard(fd)
            self.folder_fds.discard(fd)
            real_close(fd)

        patch.setattr(os, "open", fake_open)
        patch.setattr(os, "write", fake_write)
        patch.setattr(os, "fsync", fake_fsync)
        patch.setattr(os, "replace", fake_replace)
        patch.setattr(os, "close", fake_close)


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Faults]]:
    """`faults(within, step, code, skip=0)` installs a Faults until the test ends."""
    with monkeypatch.context() as patch:

        def install(within: Path, step: str, code: int, skip: int = 0) -> Faults:
            injected = Faults(within, step, code, skip)
            injected.install(patch)
            return injected

        yield install


def _undo_commands(run) -> list[str]:
    return [e["command"] for e in json.loads(run("undo", "--list", "--json").stdout)]


@pytest.mark.parametrize("code", list(CODES))
@pytest.mark.parametrize("step", STEPS)
def test_a_fault_while_saving_leaves_the_record_whole(
    run, home: Path, journal: dict[str, str], faults, step: str, code: str
) -> None:
    """A save failing at any step: one error line, exit 1, the file as it was, no undo entry."""
    goal = journal["goal"]
    path = home / "goals" / f"{goal}.toml"
    before = files(home)
    injected = faults(home, step, CODES[code])
    result = run("goal", "edit", goal, "--title", "Changed " * 500)
    assert injected.failed >= 1
    assert result.exit_code == 1
    line = error_line(result)
    assert os.strerror(CODES[code]) in line
    assert temp_files(home) == []
    if step == "folder-fsync":
        # The rename happened but may not be durable: the command fails, so it is put back.
        assert line.startswith(f"mentee: {path.parent}: cannot sync the folder: ")
    else:
        assert line == f"mentee: {path}: cannot write: {os.strerror(CODES[code])}"
    assert files(home) == before  # exit 1: nothing changed
    assert _undo_commands(run)[0] != "goal edit"
    assert ids_listed(run, "goal") == [goal]


@pytest.mark.parametrize("step", STEPS)
def test_a_fault_while_creating_leaves_no_file(
    run, home: Path, journal: dict[str, str], faults, step: str
) -> None:
    """A new record failing at any step before the rename leaves neither it nor a temp file."""
    before = files(home)
    faults(home, step, errno.ENOSPC)
    result = run("note", "add", "Never lost, never half-written")
    assert result.exit_code == 1
    error_line(result)
    assert temp_files(home) == []
    if step != "folder-fsync":
        assert files(home) == before
    for each, record_id in journal.items():
        listed = run(
            each, "list", "--json", *(["--all"] if each not in ("note", "feedback") else [])
        )
        assert record_id in listed.stdout


@pytest.mark.parametrize("step", ["open", "write", "fsync", "replace"])
def test_a_fault_in_the_undo_history_stops_the_command_before_the_record(
    run, home: Path, cache: Path, journal: dict[str, str], faults, step: str
) -> None:
    """The history is written first: when it cannot be, the record is not touched either."""
    before = files(home)
    faults(cache, step, errno.ENOSPC)
    result = run("goal", "edit", journal["goal"], "--title", "Changed")
    assert result.exit_code == 1
    assert "No space left on device" in error_line(result)
    assert files(home) == before


@pytest.mark.parametrize("step", ["fsync", "replace", "folder-fsync"])
@pytest.mark.parametrize("skip", [0, 1, 2, 3, 4, 5])
def test_a_meeting_log_failing_part_way_changes_nothing(
    run, home: Path, journal: dict[str, str], faults, step: str, skip: int
) -> None:
    """A meeting log whose Nth write hits a full disk: every file it wrote is put back, exit 1,
    one error line, and no undo entry (there is nothing to undo)."""
    before = files(home)
    undo_before = _undo_commands(run)
    injected = faults(home, step, errno.ENOSPC, skip=skip)
    result = run(
        "meeting",
        "log",
        journal["meeting"],
        "--notes",
        "Good",
        "--action",
        "Do it",
        "--action",
        "And this",
    )
    assert injected.failed >= 1
    assert result.exit_code == 1
    assert "No space left on device" in error_line(result)
    assert files(home) == before
    assert temp_files(home) == []
    assert _undo_commands(run) == undo_before
    again = run("meeting", "log", journal["meeting"], "--notes", "Good", "--action", "Do it")
    assert again.exit_code == 0, again.stderr  # nothing half-done stands in the way


@pytest.fixture
def unwritable(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The journal's folders made read-only (0500), as root too (root ignores the mode)."""
    folders = [home, *(p for p in home.iterdir() if p.is_dir())]
    for folder in folders:
        folder.chmod(0o500)
    if os.geteuid() == 0:
        # Root writes anyway: refuse creations inside read-only folders as the kernel would.
        real_open, real_mkdir = os.open, os.mkdir

        def denied(path: Any) -> bool:
            parent = Path(path).parent
            return parent.exists() and not stat.S_IMODE(parent.stat().st_mode) & 0o200

        def fake_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & os.O_CREAT and denied(path):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            return real_open(path, flags, *args, **kwargs)

        def fake_mkdir(path: Any, *args: Any, **kwargs: Any) -> None:
            if denied(path):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
            real_mkdir(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "mkdir", fake_mkdir)
    yield home
    for folder in folders:
        if folder.exists():
            folder.chmod(0o700)


def test_an_unwritable_journal_is_one_error_and_stays_readable(
    run, home: Path, journal: dict[str, str], unwritable: Path
) -> None:
    """Read-only folders: changes fail in one line naming the file; reading still works."""
    before = files(home)
    goal = home / "goals" / f"{journal['goal']}.toml"
    edit = run("goal", "edit", journal["goal"], "--title", "Changed")
    assert edit.exit_code == 1
    assert error_line(edit) == f"mentee: {goal}: cannot write: Permission denied"
    add = run("note", "add", "New")
    assert add.exit_code == 1
    assert error_line(add).startswith(f"mentee: {home / 'notes'}/")
    (home / "topics").chmod(0o700)
    os.unlink(home / "topics" / f"{journal['topic']}.toml")
    os.rmdir(home / "topics")
    topic = run("topic", "add", "New")
    assert topic.exit_code == 1
    assert error_line(topic) == f"mentee: {home / 'topics'}: Permission denied"
    assert ids_listed(run, "goal") == [journal["goal"]]
    assert run("agenda", "next").exit_code == 0
    del before[f"topics/{journal['topic']}.toml"]
    assert files(home) == before


def test_a_home_that_is_a_file_is_one_error_everywhere(run, home: Path) -> None:
    """When the data directory is a file: every command says so in one line, exit 1."""
    home.write_text("not a journal", "utf-8")
    for args in (("goal", "list"), ("goal", "add", "x"), (), ("export",), ("agenda", "next")):
        result = run(*args)
        assert result.exit_code == 1, args
        assert error_line(result) == f"mentee: {home}: the data directory is not a directory"
    assert home.read_text("utf-8") == "not a journal"


def test_a_kind_folder_that_is_a_file_is_reported_and_the_rest_listed(
    run, home: Path, journal: dict[str, str]
) -> None:
    """`notes` is a file: notes are skipped with one warning; every other kind is listed."""
    notes = home / "notes"
    for path in notes.iterdir():
        path.unlink()
    notes.rmdir()
    notes.write_text("oops", "utf-8")
    result = run("goal", "list")
    assert result.exit_code == 0
    assert journal["goal"] in result.stdout
    listed = run("note", "list")
    assert listed.stderr.startswith(f"mentee: warning: {notes}: is not a folder")
    add = run("note", "add", "New")
    assert add.exit_code == 1
    assert error_line(add) == f"mentee: {notes}: exists and is not a directory"
    assert notes.read_text("utf-8") == "oops"


def test_home_option_pointing_into_a_file_is_a_clear_error(run, tmp_path: Path) -> None:
    """`--home file/sub`: one line naming the path, exit 1, nothing created."""
    blocker = tmp_path / "blocker"
    blocker.write_text("x", "utf-8")
    result = run("--home", str(blocker / "journal"), "goal", "add", "x")
    assert result.exit_code == 1
    assert str(blocker) in error_line(result)
    assert blocker.read_text("utf-8") == "x"
