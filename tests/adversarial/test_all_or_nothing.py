"""Multi-file changes are all or nothing (SPEC: Principles, "Never loses data").

A command that changes several files (a meeting log, an import, an undo) and fails part-way
(a full disk) puts back every file it changed before it exits 1. One killed part-way (no
chance to put anything back) never leaves a record pointing to one that was never written:
what is referred to is written before what refers to it. Kills are injected at each record
write in turn, through the installed package, so every interruption point is tested, not
a random few.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from adversarial_helpers import error_line, files, temp_files
from test_fs_faults import Faults

# Runs `mentee ARGS...` and kills itself (SIGKILL: no cleanup of any kind) just before
# the Nth record file is replaced.
KILLER = r"""
import os, signal, sys
from mentee.cli import main
nth, args = int(sys.argv[1]), sys.argv[2:]
real, seen = os.replace, [0]
def replace(src, dst, *rest, **kwargs):
    if str(dst).endswith(".toml"):
        seen[0] += 1
        if seen[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
    return real(src, dst, *rest, **kwargs)
os.replace = replace
main(args)
"""


def _killed_at(nth: int, home: Path, *args: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(nth), *args],
        env={**os.environ, "MENTEE_HOME": str(home)},
        capture_output=True,
        timeout=120,
        check=False,
    )
    return done.returncode


def _dangling(run, home: Path) -> list[str]:
    """Every dangling reference doctor finds in the journal at `home`."""
    result = run("--home", str(home), "doctor", "--json")
    return [
        f"{f['path']}: {f['message']}"
        for f in json.loads(result.stdout)
        if "dangling reference" in f["message"]
    ]


def _every_file_reads(home: Path) -> None:
    for path in home.rglob("*.toml"):
        tomllib.loads(path.read_text("utf-8"))


@pytest.mark.parametrize("planned", [True, False], ids=["planned meeting", "meeting never planned"])
def test_a_meeting_log_killed_at_any_write_leaves_no_dangling_reference(
    run, home: Path, tmp_path: Path, journal: dict[str, str], planned: bool
) -> None:
    """Killed just before each of its record writes in turn: every file reads, and no
    record points to one that was never written (an action to its meeting, a meeting to
    its actions, a topic or note to the meeting that discussed it)."""
    if planned:
        args = ["meeting", "log", journal["meeting"], "--notes", "n"]
    else:
        args = ["meeting", "log", "--mentor", journal["mentor"], "--at", "2026-11-20 10:00"]
    args += ["--action", "First", "--mentor-action", "Second"]
    assert _dangling(run, home) == []
    template = tmp_path / "template"
    shutil.copytree(home, template, symlinks=True)
    finished = False
    for nth in range(1, 12):
        attempt = tmp_path / f"attempt-{nth}"
        shutil.copytree(template, attempt, symlinks=True)
        code = _killed_at(nth, attempt, *args)
        _every_file_reads(attempt)
        assert _dangling(run, attempt) == [], f"killed before write {nth}"
        if code == 0:
            finished = True
            break
        assert code == -9, code
    assert finished, "the log never completed: more writes than expected"


def test_an_import_killed_at_any_write_never_leaves_an_action_without_its_meeting(
    run, home: Path, tmp_path: Path, journal: dict[str, str]
) -> None:
    """Meetings and the actions agreed in them, listed actions first (JSON Lines in any
    order is a valid import), imported into an empty journal and killed before each write
    in turn: no action points to a meeting that was never written."""
    assert run("meeting", "log", journal["meeting"], "--notes", "n", "--action", "A").exit_code == 0
    lines = run("export", "--format", "jsonl").stdout.splitlines()
    exported = tmp_path / "export.jsonl"
    exported.write_text("\n".join(reversed(lines)) + "\n")
    total = len(lines)
    for nth in range(1, total + 1):
        fresh = tmp_path / f"fresh-{nth}"
        code = _killed_at(nth, fresh, "import", str(exported))
        assert code == -9, code
        actions = [tomllib.loads(p.read_text()) for p in (fresh / "actions").glob("*.toml")]
        meetings = {p.stem for p in (fresh / "meetings").glob("*.toml")}
        assert all(a.get("meeting") in (None, *meetings) for a in actions), nth


def test_an_import_failing_part_way_writes_nothing(
    run, home: Path, tmp_path: Path, journal: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk on the fourth record of an import: every record it wrote is removed
    again, exit 1, one error line, no undo entry."""
    exported = tmp_path / "export.json"
    assert run("export", "-o", str(exported)).exit_code == 0
    fresh = tmp_path / "fresh"
    with monkeypatch.context() as patch:
        Faults(fresh, "fsync", errno.ENOSPC, skip=3).install(patch)
        result = run("--home", str(fresh), "import", str(exported))
    assert result.exit_code == 1
    assert "No space left on device" in error_line(result)
    assert files(fresh) == {}
    assert temp_files(fresh) == []
    listed = run("--home", str(fresh), "undo", "--list", "--json")
    assert json.loads(listed.stdout) == []


@pytest.mark.parametrize("step", ["write", "sync"])
def test_a_large_import_failing_part_way_writes_nothing(
    run,
    home: Path,
    tmp_path: Path,
    journal: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    step: str,
) -> None:
    """An import of many records (written first, then synced to disk together): a full
    disk on the tenth file's write, or on the sync of them all, removes every file it
    wrote, exit 1, one error line, no temp file, no undo entry."""
    for n in range(12):
        assert run("action", "add", f"Step {n}", "--mentor", journal["mentor"]).exit_code == 0
    exported = tmp_path / "export.json"
    assert run("export", "-o", str(exported)).exit_code == 0
    fresh = tmp_path / "fresh"
    with monkeypatch.context() as patch:
        if step == "write":
            Faults(fresh, "write", errno.ENOSPC, skip=9).install(patch)
        else:
            import ctypes

            import mentee.fileio

            def syncfs(fd: int) -> int:
                ctypes.set_errno(errno.ENOSPC)
                return -1

            patch.setattr(mentee.fileio, "linux_syncfs", lambda: syncfs)
        result = run("--home", str(fresh), "import", str(exported))
    assert result.exit_code == 1
    assert "No space left on device" in error_line(result)
    assert files(fresh) == {}
    assert temp_files(fresh) == []
    listed = run("--home", str(fresh), "undo", "--list", "--json")
    assert json.loads(listed.stdout) == []


def test_an_undo_failing_part_way_changes_nothing_and_can_be_run_again(
    run, home: Path, journal: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Undoing a meeting log (several files) with a full disk on the second file: the
    files are as the log left them, the entry is still there, and undo works next time."""
    logged = run("meeting", "log", journal["meeting"], "--notes", "n", "--action", "A")
    assert logged.exit_code == 0
    after_log = files(home)
    with monkeypatch.context() as patch:
        Faults(home, "fsync", errno.ENOSPC, skip=1).install(patch)
        failed = run("undo")
    assert failed.exit_code == 1
    assert "No space left on device" in error_line(failed)
    assert files(home) == after_log
    assert temp_files(home) == []
    entries = json.loads(run("undo", "--list", "--json").stdout)
    assert entries[0]["command"] == "meeting log"
    assert run("undo").exit_code == 0
    assert json.loads(run("meeting", "show", journal["meeting"], "--json").stdout)["status"] == (
        "planned"
    )
