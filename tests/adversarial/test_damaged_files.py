"""Damaged record files, through the command line: reported once, never rewritten.

tests/test_store.py checks the store's Problem for many damages; here every damage the
issue lists goes through the commands a user runs: lists keep working and warn once with
`path:line: message`, commands on the damaged record fail with that one line and exit 1,
`doctor` reports it, and the file is byte-identical afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from adversarial_helpers import (
    FOLDERS,
    LIST_ALL,
    error_line,
    files,
    ids_listed,
    temp_files,
    write_private,
)

GOOD = b'title = "x"\n'

# name: (content, line the message names or None, words it contains)
DAMAGED: dict[str, tuple[bytes, int | None, str]] = {
    "empty": (b"", None, "missing 'id'"),
    "all-nul": (b"\x00" * 4096, 1, "NUL bytes"),
    "nul-inside": (b'id = "nul-inside"\ntitle = "a\x00b"\n', 2, "NUL bytes"),
    "truncated": (
        b'id = "truncated"\nstatus = "active"\ntitle = "Promoted to sen',
        3,
        "Unterminated",
    ),
    "lone-cr": (b'id = "lone-cr"\rtitle = "x"\rstatus = "active"\r', 1, "lone carriage return"),
    "latin-1": ('id = "latin-1"\n\ntitle = "Caf\xe9 cr\xe8me"\n'.encode("latin-1"), 3, "UTF-8"),
    "duplicate-key": (b'id = "duplicate-key"\ntitle = "a"\n\ntitle = "b"\n', 4, "set twice"),
    "duplicate-table": (
        b'id = "duplicate-table"\ntitle = "a"\n[plugin]\na = 1\n\n[plugin]\nb = 2\n',
        6,
        "[plugin] is declared twice",
    ),
    "huge-integer": (
        b'id = "huge-integer"\ntitle = "a"\n\nsize = ' + b"9" * 5000 + b"\n",
        4,
        "number too long",
    ),
    "deep-array": (
        b'id = "deep-array"\ntitle = "a"\nx = ' + b"[" * 2000 + b"]" * 2000 + b"\n",
        3,
        "nested too deeply",
    ),
    "deep-table": (
        b'id = "deep-table"\ntitle = "a"\n\nx = ' + b"{a = " * 2000 + b"1" + b"}" * 2000 + b"\n",
        4,
        "nested too deeply",
    ),
    "wrong-type": (b'id = "wrong-type"\ntitle = "a"\n\ntarget = "soon"\n', 4, "target"),
    "wrong-list": (b'id = "wrong-list"\ntitle = "a"\nmentors = "alex"\n', 3, "mentors"),
    "missing-id": (b'title = "a"\nstatus = "active"\n', None, "missing 'id'"),
    "other-id": (b'title = "a"\n\nid = "someone-else"\n', 3, "does not match the file name"),
    "git-conflict": (
        (
            b'id = "git-conflict"\n<<<<<<< HEAD\ntitle = "Ours"\n=======\ntitle = "Theirs"\n'
            b">>>>>>> origin/main\n"
        ),
        2,
        "git merge conflict markers",
    ),
    "newer-and-invalid": (
        b'id = "newer-and-invalid"\ntitle = ["a", "b"]\nschema_version = 9\n',
        2,
        "newer mentee",
    ),
}


def _location(path: Path, line: int | None) -> str:
    return f"{path}:{line}: " if line else f"{path}: "


@pytest.mark.parametrize("name", list(DAMAGED))
def test_damaged_goal_is_reported_everywhere_and_never_rewritten(
    run, home: Path, journal: dict[str, str], name: str
) -> None:
    """A damaged goal: lists warn once and go on, every command on it fails in one line."""
    content, line, words = DAMAGED[name]
    path = home / "goals" / f"{name}.toml"
    write_private(path, content)
    where = _location(path, line)
    before = files(home)

    listed = run("goal", "list", "--all")
    assert listed.exit_code == 0
    warnings = listed.stderr.splitlines()
    assert len(warnings) == 1, listed.stderr
    assert warnings[0].startswith(f"mentee: warning: {where}"), warnings[0]
    assert words in warnings[0]
    assert journal["goal"] in listed.stdout

    assert ids_listed(run, "goal", "--all") == [journal["goal"]]
    args: tuple[str, ...]
    for args in (
        ("goal", "show", name),
        ("goal", "edit", name, "--title", "Overwritten?"),
        ("goal", "done", name),
        ("goal", "retarget", name, "--by", "2028-01-01", "--reason", "later"),
        ("goal", "milestone", "add", name, "More"),
        ("goal", "milestone", "done", name, "1"),
    ):
        result = run(*args)
        assert result.exit_code == 1, (args, result.stdout, result.stderr)
        message = error_line(result)
        assert message.startswith(f"mentee: {where}"), (args, message)
        assert words in message

    doctor = run("doctor")
    assert doctor.exit_code == 1
    assert any(out.startswith(where) and words in out for out in doctor.stdout.splitlines()), (
        doctor.stdout
    )
    for args in (("search", "Readable"), (), ("check",), ("review",), ("agenda", "next")):
        result = run(*args)
        assert result.exit_code in (0, 3), (args, result.stderr)
        assert result.stderr.count(str(path)) <= 1, (args, result.stderr)
    assert files(home) == before, "a damaged file or another record was rewritten"
    assert temp_files(home) == []


@pytest.mark.parametrize("kind", list(FOLDERS))
def test_a_damaged_file_of_each_kind_leaves_every_other_record_listed(
    run, home: Path, journal: dict[str, str], kind: str
) -> None:
    """With an all-NUL file in any kind's folder, every readable record of every kind is listed."""
    path = home / FOLDERS[kind] / "zzdamaged.toml"
    path.write_bytes(b"\x00" * 100)
    for each, record_id in journal.items():
        assert record_id in ids_listed(run, each, *LIST_ALL[each]), each
    export = run("export", "--format", "json")
    assert export.exit_code == 0, export.stderr
    assert f"{path}:1: " in export.stderr
    document = json.loads(export.stdout)
    for each, record_id in journal.items():
        assert record_id in [r["id"] for r in document[FOLDERS[each]]], each
    assert path.read_bytes() == b"\x00" * 100


def test_every_damaged_file_at_once_is_each_warned_once(
    run, home: Path, journal: dict[str, str]
) -> None:
    """With every damage side by side, one command warns exactly once per file."""
    for name, (content, _, _) in DAMAGED.items():
        write_private(home / "goals" / f"{name}.toml", content)
    before = files(home)
    result = run("goal", "list", "--all")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert len(lines) == len(DAMAGED)
    for name in DAMAGED:
        assert sum(f"/goals/{name}.toml" in line for line in lines) == 1, name
    doctor = run("doctor")
    assert doctor.exit_code == 1
    assert len(doctor.stdout.splitlines()) == len(DAMAGED)
    assert files(home) == before


def test_a_damaged_mentor_does_not_stop_the_meeting_flow(
    run, home: Path, journal: dict[str, str]
) -> None:
    """A damaged second mentor: the agenda, logging and cancelling still work for the first."""
    broken = home / "mentors" / "broken.toml"
    broken.write_bytes(b'id = "broken"\nname = "Half\n')
    agenda = run("agenda", "next", "--mentor", journal["mentor"])
    assert agenda.exit_code == 0, agenda.stderr
    assert "Readable topic" in agenda.stdout
    log = run("meeting", "log", journal["meeting"], "--notes", "Went well")
    assert log.exit_code == 0, log.stderr
    assert broken.read_bytes() == b'id = "broken"\nname = "Half\n'
    thanked = run("mentor", "thank", "broken", "Thanks!")
    assert thanked.exit_code == 1
    assert error_line(thanked).startswith(f"mentee: {broken}:2: ")
    assert broken.read_bytes() == b'id = "broken"\nname = "Half\n'


def test_damaged_config_is_one_line_naming_the_file(run, home: Path, journal: dict[str, str]):
    """A damaged config.toml is named in one error line; doctor lists it with the rest."""
    config = home / "config.toml"
    config.write_bytes(b"timezone = \n")
    result = run("meeting", "add", "--mentor", journal["mentor"], "--at", "fri 10:00")
    assert result.exit_code == 1
    assert error_line(result).startswith(f"mentee: {config}: ")
    doctor = run("doctor")
    assert doctor.exit_code == 1
    assert doctor.stdout.startswith(f"{config}: ")
    assert config.read_bytes() == b"timezone = \n"
