"""Private temp files (SPEC: Principles, "Private"): $EDITOR buffers in a 0700 folder of
the journal's own, kept and offered back when a session is killed; cache and history
folders 0700 whatever the umask; doctor finds any leftover temp file.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import stat
import sys
from pathlib import Path

from adversarial_helpers import installed, no_traceback, write_private

from mentee.cli.env import buffers_path_for


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _editor(tmp_path: Path, body: str) -> str:
    """An $EDITOR command running BODY with `path` (the buffer) and `text` (its content)."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import os, pathlib, signal, stat, sys\n"
        "path = pathlib.Path(sys.argv[-1])\n"
        "text = path.read_text(encoding='utf-8')\n"
        f"{body}\n"
    )
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def test_the_buffer_lives_in_a_private_folder_of_the_journal(run, home, tmp_path, monkeypatch):
    """While the editor runs, its buffer is a 0600 file in a 0700 folder under the user
    state folder, named after the record; it is gone once the edit is saved."""
    goal = json.loads(run("goal", "add", "Senior", "--json").stdout)["id"]
    seen = tmp_path / "seen.json"
    monkeypatch.setenv(
        "EDITOR",
        _editor(
            tmp_path,
            f"pathlib.Path({str(seen)!r}).write_text(__import__('json').dumps("
            "[str(path), oct(stat.S_IMODE(path.stat().st_mode)),"
            " oct(stat.S_IMODE(path.parent.stat().st_mode))]))\n"
            "path.write_text(text.replace('Senior', 'Staff'), encoding='utf-8')",
        ),
    )
    assert run("goal", "edit", goal).exit_code == 0
    where, file_mode, folder_mode = json.loads(seen.read_text())
    buffer = Path(where)
    assert buffer.parent == buffers_path_for(home)
    assert buffer.parent.is_relative_to(tmp_path / "state" / "mentee" / "buffers")
    assert buffer.name.startswith(f"edit.goal.{goal}.")
    assert buffer.suffix == ".toml"
    assert (file_mode, folder_mode) == ("0o600", "0o700")
    assert not buffer.exists()


def test_a_killed_session_leaves_its_buffer_and_doctor_offers_it_back(home, tmp_path) -> None:
    """The editor types, then mentee is killed (the terminal closed): the typed buffer
    stays, doctor names it and the command that resumes it, and the next edit of that
    record mentions it when it cannot ask."""
    env = {"MENTEE_HOME": str(home)}
    made = installed("goal", "add", "Senior", "--json", env=env)
    goal = json.loads(made.stdout)["id"]
    env["EDITOR"] = _editor(
        tmp_path,
        "path.write_text(text.replace('Senior', 'Typed before the crash'), encoding='utf-8')\n"
        "os.kill(os.getppid(), signal.SIGKILL)",
    )
    killed = installed("goal", "edit", goal, env=env)
    assert killed.returncode == -signal.SIGKILL
    (left,) = buffers_path_for(home).iterdir()
    assert "Typed before the crash" in left.read_text()
    doctor = installed("doctor", env={"MENTEE_HOME": str(home)})
    assert doctor.returncode == 1
    line = next(line for line in doctor.stdout.decode().splitlines() if str(left) in line)
    assert f"an unfinished edit of goal {goal}" in line
    assert f"`mentee goal edit {goal}` offers it back" in line
    env["EDITOR"] = _editor(tmp_path, "sys.exit(1)")
    again = installed("goal", "edit", goal, env=env)
    no_traceback(again)
    assert f"an unfinished edit of goal {goal}" in again.stderr.decode()
    assert str(left) in again.stderr.decode()
    assert left.exists()


def test_on_a_terminal_the_kept_buffer_is_opened_again_and_saved(
    run, home, tmp_path, monkeypatch
) -> None:
    """Answering yes to the offer opens the kept text (not a fresh copy) and saves it;
    the leftover is then gone."""
    goal = json.loads(run("goal", "add", "Senior", "--json").stdout)["id"]
    folder = buffers_path_for(home)
    folder.mkdir(parents=True, mode=0o700)
    kept = folder / f"edit.goal.{goal}.20261120T101500.999999.toml"
    text = (home / "goals" / f"{goal}.toml").read_text().replace("Senior", "Recovered title")
    write_private(kept, text.encode())
    monkeypatch.setattr("mentee.cli.editing._can_ask", lambda: True)
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "assert 'Recovered title' in text"))
    result = run("goal", "edit", goal, input="y\n")
    assert result.exit_code == 0, result.stderr
    assert "Open it instead?" in result.stderr
    assert json.loads(run("goal", "show", goal, "--json").stdout)["title"] == "Recovered title"
    assert list(folder.iterdir()) == []


def test_a_closeout_kept_after_a_failed_log_is_named_and_offered_back(
    run, home, tmp_path, journal, monkeypatch
) -> None:
    """A close-out that cannot be used, off a terminal: kept under the meeting's name, and
    the next `meeting log` of that meeting says where it is."""
    monkeypatch.setenv(
        "EDITOR",
        _editor(
            tmp_path, "path.write_text(text + '- [ ] Fix it (due 2026-02-30)\\n', encoding='utf-8')"
        ),
    )
    failed = run("meeting", "log", journal["meeting"])
    assert failed.exit_code == 1
    (kept,) = buffers_path_for(home).iterdir()
    assert kept.name.startswith(f"closeout.meeting.{journal['meeting']}.")
    assert kept.suffix == ".md"
    assert f"kept in {kept}" in failed.stderr
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "sys.exit(1)"))
    again = run("meeting", "log", journal["meeting"])
    assert f"an unfinished close-out of meeting {journal['meeting']}" in again.stderr
    assert f"mentee meeting log {journal['meeting']}" in again.stderr


def test_cache_history_index_and_buffer_folders_are_0700_whatever_the_umask(home, tmp_path) -> None:
    """Under umask 000 every folder mentee makes outside the journal is 0700 (and a loose
    one an older version left is tightened), every file in them 0600."""
    cache = tmp_path / "cache" / "mentee"
    cache.mkdir(parents=True)
    cache.chmod(0o755)  # made by an older mentee under umask 022
    env = {"MENTEE_HOME": str(home)}
    old = os.umask(0)
    try:
        assert installed("goal", "add", "Senior", env=env).returncode == 0
        assert installed("goal", "list", env=env).returncode == 0
        goal = next((home / "goals").glob("*.toml")).stem
        env["EDITOR"] = "false"
        installed("goal", "edit", goal, env=env)
    finally:
        os.umask(old)
    folders = [cache, cache / "locks", cache / "history", cache / "index"]
    folders += list((cache / "history").iterdir())
    folders += [tmp_path / "state" / "mentee", tmp_path / "state" / "mentee" / "buffers"]
    folders += list((tmp_path / "state" / "mentee" / "buffers").iterdir())
    assert {str(p): oct(_mode(p)) for p in folders} == {str(p): "0o700" for p in folders}
    for path in cache.rglob("*"):
        if path.is_file() and not path.name.endswith(("-wal", "-shm")):
            assert _mode(path) == 0o600, path
    assert _mode(home) == 0o700


def test_doctor_finds_any_leftover_temp_file_and_fixes_only_its_own(run, home, journal) -> None:
    """Editors' and other programs' temp and backup files, stray files and folders in a
    record folder: each reported on its own line; `--fix` leaves them (not mentee's)."""
    leftovers = [
        home / "goals" / f".{journal['goal']}.toml.swp",
        home / "goals" / f"{journal['goal']}.toml~",
        home / "notes" / "#draft#",
        home / "notes" / ".syncthing.n.toml.tmp",
        home / "topics" / "old.bak",
        home / "config.toml~",
    ]
    strays = [home / "actions" / "todo.txt"]
    for path in leftovers + strays:
        write_private(path, b"anything")
    (home / "feedback" / "archive").mkdir(mode=0o700)
    doctor = run("doctor")
    assert doctor.exit_code == 1
    for path in leftovers:
        assert f"{path}: a leftover temp or backup file" in doctor.stdout
    assert f"{strays[0]}: a file that is not a record" in doctor.stdout
    assert f"{home / 'feedback' / 'archive'}: a folder that is not a record" in doctor.stdout
    run("doctor", "--fix")
    assert all(path.exists() for path in leftovers + strays)
    assert ".git" not in doctor.stdout
