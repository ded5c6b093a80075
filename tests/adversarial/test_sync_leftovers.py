"""What sync tools and crashes leave behind: conflict copies, temp files, duplicate ids.

A conflict copy holds a record's id, so loading it would show the record twice (or let a
stale copy win): it is never loaded, always reported, and never touched.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from adversarial_helpers import error_line, files, ids_listed, write_private

SYNCTHING = "{id}.sync-conflict-20261121-101500-ABCDEFG.toml"
SYNCTHING_OLD = "{id}.sync-conflict-20141121-101500.toml"
DROPBOX = "{id} (Sam's conflicted copy 2026-11-21).toml"
DROPBOX_CASE = "{id} (Case Conflict).toml"
NEXTCLOUD = "{id} (conflicted copy 2026-11-21 101500).toml"


def _copy_of(home: Path, kind_folder: str, record_id: str, pattern: str) -> tuple[Path, bytes]:
    original = home / kind_folder / f"{record_id}.toml"
    content = original.read_bytes().replace(b"Readable", b"Stale copy of")
    copy = original.parent / pattern.format(id=record_id)
    write_private(copy, content)
    return copy, content


@pytest.mark.parametrize(
    ("pattern", "named"),
    [
        (SYNCTHING, "a Syncthing conflict copy of"),
        (SYNCTHING_OLD, "a Syncthing conflict copy of"),
        (DROPBOX, "a conflicted copy of"),
        (DROPBOX_CASE, ""),
        (NEXTCLOUD, "a conflicted copy of"),
    ],
)
def test_conflict_copy_is_never_loaded_and_always_reported(
    run, home: Path, journal: dict[str, str], pattern: str, named: str
) -> None:
    """A conflict copy of a goal: the goal is listed once, the copy is warned about and kept."""
    goal = journal["goal"]
    copy, content = _copy_of(home, "goals", goal, pattern)
    result = run("goal", "list", "--json")
    assert result.exit_code == 0
    assert [g["id"] for g in json.loads(result.stdout)] == [goal]
    assert [g["title"] for g in json.loads(result.stdout)] == ["Readable goal"]
    warning = result.stderr.splitlines()
    assert len(warning) == 1
    assert warning[0].startswith(f"mentee: warning: {copy}: not loaded: ")
    if named:
        assert f"{named} {goal}.toml" in warning[0]
    search = run("search", "Stale", "--json")
    assert json.loads(search.stdout) == []
    doctor = run("doctor")
    assert doctor.exit_code == 1
    assert f"{copy}: not loaded: " in doctor.stdout
    # Changing the record leaves the copy alone, and the copy's name never resolves.
    assert run("goal", "edit", goal, "--title", "Current").exit_code == 0
    assert run("goal", "show", copy.stem).exit_code == 2
    assert copy.read_bytes() == content


def test_conflict_copy_of_a_mentor_does_not_make_a_second_mentor(
    run, home: Path, journal: dict[str, str]
) -> None:
    """The agenda's 'exactly one active mentor' rule is not fooled by a mentor's conflict copy."""
    _copy_of(home, "mentors", journal["mentor"], SYNCTHING)
    assert ids_listed(run, "mentor") == [journal["mentor"]]
    agenda = run("agenda", "next", "--json")
    assert agenda.exit_code == 0, agenda.stderr
    assert json.loads(agenda.stdout)["mentor"]["id"] == journal["mentor"]


def test_copy_under_another_valid_name_is_a_duplicate_id_not_a_second_record(
    run, home: Path, journal: dict[str, str]
) -> None:
    """`<id>-2.toml` holding the same id (a copy made by hand or a tool) is reported, not loaded."""
    goal = journal["goal"]
    duplicate = home / "goals" / f"{goal}-2.toml"
    content = (home / "goals" / f"{goal}.toml").read_bytes()
    write_private(duplicate, content)
    result = run("goal", "list", "--json")
    assert [g["id"] for g in json.loads(result.stdout)] == [goal]
    assert f"{duplicate}:1: id '{goal}' does not match the file name" in result.stderr
    edit = run("goal", "edit", f"{goal}-2", "--title", "x")
    assert edit.exit_code == 1
    assert error_line(edit).startswith(f"mentee: {duplicate}:1: ")
    assert duplicate.read_bytes() == content


def test_record_in_the_wrong_folder_is_reported(run, home: Path, journal: dict[str, str]):
    """A note file dropped into goals/ (same id in two kinds' folders) is not read as a goal."""
    note = journal["note"]
    stray = home / "goals" / f"{note}.toml"
    write_private(stray, (home / "notes" / f"{note}.toml").read_bytes())
    result = run("goal", "list", "--json")
    assert [g["id"] for g in json.loads(result.stdout)] == [journal["goal"]]
    assert f"{stray}: title: Field required" in result.stderr
    assert ids_listed(run, "note") == [note]


def test_stray_temp_files_are_ignored_reported_and_only_old_ones_removed(
    run, home: Path, journal: dict[str, str]
) -> None:
    """Temp files from a crash: not records, reported by doctor (any program's, not only
    mentee's); --fix removes only mentee's old ones."""
    goal = journal["goal"]
    old = home / "goals" / f".{goal}.toml.0123456789ab.tmp"
    young = home / "notes" / f".{journal['note']}.toml.ba9876543210.tmp"
    foreign = home / "goals" / ".syncthing.abc.toml.tmp"
    for path in (old, young, foreign):
        write_private(path, b'id = "half wri')
    day_and_more = time.time() - 26 * 3600
    os.utime(old, (day_and_more, day_and_more))
    assert ids_listed(run, "goal") == [goal]
    listed = run("goal", "list")
    assert listed.stderr == ""
    doctor = run("doctor")
    assert doctor.exit_code == 1
    assert f"{old}: a temp file left by an interrupted write" in doctor.stdout
    assert f"{young}: a temp file" in doctor.stdout
    # Another program's temp file is reported too, but never removed: it is not mentee's.
    assert f"{foreign}: a leftover temp or backup file" in doctor.stdout
    before = files(home)
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 1  # the young one stays: a write may still be running
    assert f"fixed: {old}: removed the temp file" in fixed.stderr
    assert not old.exists()
    assert young.exists()
    assert foreign.exists()
    after = files(home)
    del before[old.relative_to(home).as_posix()]
    assert after == before
