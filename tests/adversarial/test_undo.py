"""`mentee undo`: one undo reverts everything one command changed, never a later change.

The history lives in the user cache folder (beside the locks), never in the data directory,
holds at most 50 commands, and an undo that would overwrite a file changed since is refused
with nothing changed.
"""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path
from typing import Any

import pytest
from adversarial_helpers import error_line, files, ids_listed, temp_files, write_private

from mentee.history import HISTORY_LIMIT


def _undo_list(run) -> list[dict[str, Any]]:
    result = run("undo", "--list", "--json")
    assert result.exit_code == 0, result.stderr
    return list(json.loads(result.stdout))


def test_undo_reverts_commands_one_at_a_time_newest_first(run, home: Path) -> None:
    """Add, edit, edit: three undos go back through each state to an empty journal."""
    goal = json.loads(run("goal", "add", "First title", "--json").stdout)["id"]
    path = home / "goals" / f"{goal}.toml"
    created = path.read_bytes()
    assert run("goal", "edit", goal, "--title", "Second title").exit_code == 0
    second = path.read_bytes()
    assert run("goal", "edit", goal, "--why", "Because").exit_code == 0
    assert [e["command"] for e in _undo_list(run)] == ["goal edit", "goal edit", "goal add"]

    result = run("undo")
    assert result.exit_code == 0
    assert result.stderr.startswith("Undid 'goal edit' of ")
    assert f"restored goals/{goal}.toml" in result.stderr
    assert path.read_bytes() == second
    assert run("undo").exit_code == 0
    assert path.read_bytes() == created
    removed = run("undo")
    assert removed.exit_code == 0
    assert f"removed goals/{goal}.toml" in removed.stderr
    assert not path.exists()
    nothing = run("undo")
    assert nothing.exit_code == 1
    assert error_line(nothing) == "mentee: nothing to undo: no change is recorded for this journal"
    assert temp_files(home) == []


def test_one_undo_reverts_every_file_a_meeting_log_changed(
    run, home: Path, journal: dict[str, str]
) -> None:
    """A meeting log changes the meeting, topic, note, feedback and adds actions: one undo."""
    before = files(home)
    logged = run("meeting", "log", journal["meeting"], "--notes", "Good", "--action", "Write it up")
    assert logged.exit_code == 0, logged.stderr
    assert files(home) != before
    entry = _undo_list(run)[0]
    assert entry["command"] == "meeting log"
    changed = {f["path"]: f["change"] for f in entry["files"]}
    assert changed[f"meetings/{journal['meeting']}.toml"] == "changed"
    assert changed[f"topics/{journal['topic']}.toml"] == "changed"
    assert list(changed.values()).count("created") == 1
    assert run("undo").exit_code == 0
    assert files(home) == before


def test_undo_list_shows_what_would_be_undone_and_changes_nothing(run, home: Path) -> None:
    """`undo --list` names command, time and files, newest first, and writes nothing."""
    run("goal", "add", "Goal")
    run("mentor", "add", "Alex Kim")
    before = files(home)
    listed = run("undo", "--list")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[0].startswith("1  ")
    assert lines[0].endswith("  mentor add")
    assert lines[1].strip() == "created mentors/alex-kim.toml"
    assert lines[2].startswith("2  ")
    assert lines[2].endswith("  goal add")
    assert files(home) == before
    assert len(_undo_list(run)) == 2


def test_undo_refuses_to_overwrite_a_file_changed_since(run, home: Path) -> None:
    """A file edited by hand after the command: undo refuses, names it, changes nothing."""
    goal = json.loads(run("goal", "add", "Title", "--json").stdout)["id"]
    run("goal", "edit", goal, "--title", "Edited by mentee")
    path = home / "goals" / f"{goal}.toml"
    by_hand = path.read_bytes().replace(b"Edited by mentee", b"Edited by hand")
    write_private(path, by_hand)
    before = files(home)
    result = run("undo")
    assert result.exit_code == 1
    line = error_line(result)
    assert line.startswith(f"mentee: {path}: changed since 'goal edit' of ")
    assert line.endswith("undo refused, nothing was changed")
    assert files(home) == before
    assert len(_undo_list(run)) == 2  # still there: nothing was undone


def test_undo_refuses_to_remove_a_created_file_changed_since(run, home: Path) -> None:
    """A created record changed by a command whose history is gone is not deleted by undo."""
    goal = json.loads(run("goal", "add", "Title", "--json").stdout)["id"]
    path = home / "goals" / f"{goal}.toml"
    path.write_bytes(path.read_bytes() + b'\nextra = "by hand"\n')
    result = run("undo")
    assert result.exit_code == 1
    assert "undo refused" in error_line(result)
    assert path.exists()


def test_undo_of_a_file_already_as_before_changes_nothing_and_says_so(run, home: Path) -> None:
    """A command whose file was put back by hand: undo notes it and moves on, no error."""
    goal = json.loads(run("goal", "add", "Title", "--json").stdout)["id"]
    path = home / "goals" / f"{goal}.toml"
    original = path.read_bytes()
    run("goal", "edit", goal, "--title", "Changed")
    write_private(path, original)
    result = run("undo")
    assert result.exit_code == 0
    assert "was already as before" in result.stderr
    assert path.read_bytes() == original


def test_history_is_outside_the_data_directory_and_private(run, home: Path, cache: Path) -> None:
    """Nothing of the history is in the journal; its folder is 0700 and its files 0600."""
    run("goal", "add", "Secret goal")
    assert sorted(p.name for p in home.rglob("*") if p.is_file())[0].endswith(".toml")
    assert all(p.suffix == ".toml" for p in home.rglob("*") if p.is_file())
    entries = list((cache / "history").rglob("*.jsonl"))
    assert len(entries) == 1
    assert entries[0].stat().st_mode & 0o777 == 0o600
    assert entries[0].parent.stat().st_mode & 0o777 == 0o700


def test_history_is_bounded(run, home: Path, cache: Path) -> None:
    """Only the last HISTORY_LIMIT commands are kept; undo stops at the oldest kept."""
    goal = json.loads(run("goal", "add", "v0", "--json").stdout)["id"]
    for number in range(1, HISTORY_LIMIT + 5):
        assert run("goal", "edit", goal, "--title", f"v{number}").exit_code == 0
    assert len(_undo_list(run)) == HISTORY_LIMIT
    assert len(list((cache / "history").rglob("*.jsonl"))) == HISTORY_LIMIT
    for _ in range(HISTORY_LIMIT):
        assert run("undo").exit_code == 0
    shown = json.loads(run("goal", "show", goal, "--json").stdout)
    assert shown["title"] == "v4"
    assert run("undo").exit_code == 1


def test_journals_keep_separate_histories(run, home: Path, tmp_path: Path) -> None:
    """An undo in one journal never touches another (histories are keyed by the path)."""
    other = tmp_path / "other"
    run("goal", "add", "Here")
    run("--home", str(other), "goal", "add", "There")
    assert run("--home", str(other), "undo").exit_code == 0
    assert ids_listed(run, "goal") != []
    assert not list((other / "goals").glob("*.toml"))


def test_a_failed_write_leaves_no_undo_entry(
    run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command whose write failed has nothing for undo to revert; the last good one stays."""
    goal = json.loads(run("goal", "add", "Title", "--json").stdout)["id"]
    real_replace = os.replace

    def full_disk(src: str, dst: str) -> None:
        if str(dst).endswith(".toml"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", full_disk)
        result = run("goal", "edit", goal, "--title", "Never written")
    assert result.exit_code == 1
    assert [e["command"] for e in _undo_list(run)] == ["goal add"]


def test_undo_is_atomic_per_file_when_the_disk_fails(
    run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An undo whose write fails leaves the file as the command wrote it, and the entry kept."""
    goal = json.loads(run("goal", "add", "Title", "--json").stdout)["id"]
    run("goal", "edit", goal, "--title", "Changed")
    path = home / "goals" / f"{goal}.toml"
    changed = path.read_bytes()

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", failing_fsync)
        result = run("undo")
    assert result.exit_code == 1
    assert error_line(result).startswith(f"mentee: {path}: cannot write: ")
    assert path.read_bytes() == changed
    assert temp_files(home) == []
    assert run("undo").exit_code == 0
    assert b"Changed" not in path.read_bytes()


def test_damaged_history_entry_is_named_and_blocks_only_undo(run, home: Path, cache: Path) -> None:
    """A damaged history file: undo names it in one line; other commands keep working."""
    run("goal", "add", "Title")
    entry = next((cache / "history").rglob("*.jsonl"))
    entry.write_text("{not json\n", "utf-8")
    result = run("undo")
    assert result.exit_code == 1
    assert error_line(result).startswith(f"mentee: {entry}: damaged undo entry")
    assert run("goal", "add", "Another").exit_code == 0


@pytest.mark.parametrize(
    "path",
    ["../../outside.toml", "goals/../../x.toml", "/etc/passwd", "goals/UPPER.toml", "x/y.toml"],
)
def test_history_entry_cannot_point_outside_the_journal(
    run, home: Path, cache: Path, tmp_path: Path, path: str
) -> None:
    """An entry naming a path that is not a record file in the journal is refused as damaged."""
    run("goal", "add", "Title")
    entry = next((cache / "history").rglob("*.jsonl"))
    header, line = entry.read_text("utf-8").splitlines()
    change = json.loads(line)
    change["path"] = path
    entry.write_text(f"{header}\n{json.dumps(change)}\n", "utf-8")
    before = files(tmp_path)
    result = run("undo")
    assert result.exit_code == 1
    assert "damaged undo entry" in error_line(result)
    assert files(tmp_path) == before


def test_a_change_cut_short_by_a_crash_is_not_part_of_the_entry(run, home: Path, cache: Path):
    """A last history line without its newline (a crash mid-append) is ignored, not damage."""
    goal = json.loads(run("goal", "add", "Title", "--json").stdout)["id"]
    run("goal", "edit", goal, "--title", "Changed")
    newest = sorted((cache / "history").rglob("*.jsonl"))[-1]
    with newest.open("a", encoding="utf-8") as handle:
        handle.write('{"path": "goals/other.toml", "bef')
    assert [e["command"] for e in _undo_list(run)] == ["goal edit", "goal add"]
    assert run("undo").exit_code == 0
    assert json.loads(run("goal", "show", goal, "--json").stdout)["title"] == "Title"


def test_an_import_is_one_undo_and_costs_one_history_line_per_record(
    run, home: Path, cache: Path, tmp_path: Path
) -> None:
    """Importing many records is one entry, linear in size; one undo removes them all."""
    lines = [
        json.dumps({"type": "note", "id": f"n{i:04d}", "date": "2026-11-01", "text": f"Note {i}"})
        for i in range(300)
    ]
    source = tmp_path / "notes.jsonl"
    source.write_text("\n".join(lines) + "\n", "utf-8")
    imported = run("import", str(source))
    assert imported.exit_code == 0, imported.stderr
    (entry,) = (cache / "history").rglob("*.jsonl")
    assert len(entry.read_text("utf-8").splitlines()) == 1 + 300
    assert _undo_list(run)[0]["command"] == "import"
    assert run("undo").exit_code == 0
    assert ids_listed(run, "note") == []
