"""`mentee doctor`: every problem as `path:line: message`, exit 1 if any; `--fix` is safe."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from adversarial_helpers import files, write_private


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_healthy_journal_has_no_problems(run, home: Path, journal: dict[str, str]) -> None:
    """The fixture journal (every kind, linked) is clean: exit 0, nothing on stdout."""
    result = run("doctor")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert result.stderr == f"No problems found in {home}\n"
    assert json.loads(run("doctor", "--json").stdout) == []


def test_a_missing_journal_is_healthy_and_is_not_created(run, home: Path) -> None:
    """Doctor on a journal that does not exist yet finds nothing and creates nothing."""
    assert run("doctor").exit_code == 0
    assert not home.exists()


def test_dangling_references_are_reported_with_their_line(
    run, home: Path, journal: dict[str, str]
) -> None:
    """An action, a meeting and a goal pointing at records that are gone: one line each."""
    os.unlink(home / "goals" / f"{journal['goal']}.toml")
    os.unlink(home / "mentors" / f"{journal['mentor']}.toml")
    result = run("doctor")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    action = home / "actions" / f"{journal['action']}.toml"
    meeting = home / "meetings" / f"{journal['meeting']}.toml"
    note = home / "notes" / f"{journal['note']}.toml"
    text = action.read_text("utf-8").splitlines()
    goal_line = next(i for i, line in enumerate(text, 1) if line.startswith("goal = "))
    assert (
        f"{action}:{goal_line}: goal: no goal with id '{journal['goal']}' (a dangling reference)"
        in lines
    )
    assert any(
        line.startswith(f"{meeting}:")
        and f"mentor: no mentor with id '{journal['mentor']}'" in line
        for line in lines
    )
    assert any(line.startswith(f"{note}:") and "goal: no goal" in line for line in lines)
    assert all(":" in line.split(" ")[0] for line in lines)
    assert f"{len(lines)} problems found in {home}" in result.stderr


def test_an_older_mentor_file_listing_a_missing_goal_is_a_dangling_reference(
    run, home: Path, journal: dict[str, str]
) -> None:
    """The links an older mentee kept on a mentor (`goals`) are references like any other:
    one naming a goal that is gone is reported on its line; the one that exists is not."""
    path = home / "mentors" / "old-mentor.toml"
    write_private(
        path,
        (
            'id = "old-mentor"\nname = "Old Mentor"\n'
            f'goals = ["{journal["goal"]}", "gone-goal"]\nschema_version = 1\n'
        ).encode(),
    )
    result = run("doctor", "--json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.stdout) if f["path"] == str(path)]
    assert found == [
        {
            "path": str(path),
            "line": 3,
            "message": "goals: no goal with id 'gone-goal' (a dangling reference)",
            "fixable": False,
        }
    ]


def test_a_reference_to_a_damaged_record_is_not_dangling(
    run, home: Path, journal: dict[str, str]
) -> None:
    """A record that exists but cannot be read is reported as damaged, not as missing."""
    goal = home / "goals" / f"{journal['goal']}.toml"
    write_private(goal, b"\x00")
    result = run("doctor")
    assert result.stdout.splitlines() == [
        f"{goal}:1: contains NUL bytes: " + ("the file is damaged (a crash or a disk error?)")
    ]


def test_records_from_a_newer_schema_are_reported(run, home: Path, journal: dict[str, str]) -> None:
    """A newer record is listed by doctor with the line of its schema_version."""
    path = home / "notes" / f"{journal['note']}.toml"
    text = path.read_text("utf-8").replace("schema_version = 1", "schema_version = 7")
    write_private(path, text.encode("utf-8"))
    line = text.splitlines().index("schema_version = 7") + 1
    result = run("doctor")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"{path}:{line}: written by a newer mentee (schema 7; ")


def test_an_unknown_mentor_time_zone_is_reported_and_shown_not_a_crash(
    run, home: Path, journal: dict[str, str]
) -> None:
    """A hand-edited `timezone = "Mars/Olympus"`: doctor names the line; views still work."""
    path = home / "mentors" / f"{journal['mentor']}.toml"
    text = path.read_text("utf-8").replace("Europe/Berlin", "Mars/Olympus")
    write_private(path, text.encode("utf-8"))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("timezone"))
    result = run("doctor")
    assert result.stdout == (
        f"{path}:{line}: timezone: 'Mars/Olympus' is not a known IANA time zone "
        "(e.g. Europe/Berlin)\n"
    )
    for args in (
        ("mentor", "show", journal["mentor"]),
        ("mentor", "list"),
        ("meeting", "show", journal["meeting"]),
        ("meeting", "list"),
        ("agenda", "next"),
        ("agenda", "next", "--format", "ics"),
        ("agenda", "next", "--format", "markdown"),
        ("review",),
        ("review", "--format", "html"),
        ("export", "--format", "ics"),
        (),
    ):
        shown = run(*args)
        assert shown.exit_code == 0, (args, shown.stderr)
        assert "Traceback" not in shown.stderr
    assert "Mars/Olympus" in run("mentor", "show", journal["mentor"]).stdout


@pytest.mark.parametrize("zone", ["../../../etc/passwd", "", "Europe", "UTC\x00", "x" * 300])
def test_hostile_time_zone_names_never_crash(
    run, home: Path, journal: dict[str, str], zone: str
) -> None:
    """Time zone names that are paths, empty, a folder or absurd are unknown zones, no crash."""
    path = home / "mentors" / f"{journal['mentor']}.toml"
    text = path.read_text("utf-8").replace('"Europe/Berlin"', json.dumps(zone))
    write_private(path, text.encode("utf-8"))
    for args in (("mentor", "show", journal["mentor"]), ("meeting", "show", journal["meeting"])):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
    doctor = run("doctor")
    assert doctor.exit_code == (1 if zone else 0)


def test_permissions_are_reported_and_fixed_without_touching_content(
    run, home: Path, journal: dict[str, str]
) -> None:
    """Group/world-readable files and folders: reported, then --fix sets 0600/0700 only."""
    goal = home / "goals" / f"{journal['goal']}.toml"
    os.chmod(goal, 0o644)
    os.chmod(home / "notes", 0o755)  # noqa: S103 - the loose mode is what is under test
    os.chmod(home, 0o750)  # noqa: S103 - the loose mode is what is under test
    before = files(home)
    result = run("doctor")
    assert result.exit_code == 1
    fix = "doctor --fix sets it"
    assert result.stdout.splitlines() == [
        f"{home}: other users may read this folder (mode 0750); mentee keeps folders 0700: {fix}",
        f"{goal}: other users may read this file (mode 0644); mentee keeps files 0600: {fix}",
        (
            f"{home / 'notes'}: other users may read this folder (mode 0755); mentee keeps "
            f"folders 0700: {fix}"
        ),
    ]
    assert "doctor --fix fixes some" in result.stderr
    fixed = run("doctor", "--fix")
    assert fixed.exit_code == 0, fixed.stdout
    assert fixed.stderr.count("fixed: ") == 3
    assert (_mode(goal), _mode(home / "notes"), _mode(home)) == (0o600, 0o700, 0o700)
    assert files(home) == before


def test_fix_never_follows_a_symbolic_link(
    run, home: Path, journal: dict[str, str], tmp_path: Path
) -> None:
    """A record that is a link to a world-readable file: reported; --fix leaves the target."""
    target = tmp_path / "elsewhere.toml"
    target.write_text('id = "linked"\ntitle = "x"\n', "utf-8")
    os.chmod(target, 0o644)
    (home / "goals" / "linked.toml").symlink_to(target)
    result = run("doctor", "--fix")
    assert result.exit_code == 1
    assert "symbolic link" in result.stdout
    assert _mode(target) == 0o644


def test_doctor_output_escapes_hostile_file_names(run, home: Path, journal: dict[str, str]) -> None:
    """A file name with escape sequences is shown escaped, one problem per line."""
    name = "evil\x1b]0;title\x07\n[bold]x.sync-conflict-20261121-101500-AAAA.toml"
    write_private(home / "goals" / name, b'id = "x"\n')
    result = run("doctor")
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert len(result.stdout.splitlines()) == 1
    assert "evil\\x1b]0;title\\x07\\n[bold]x.sync-conflict" in result.stdout
    assert json.loads(run("doctor", "--json").stdout)[0]["path"].endswith(name)


def test_a_home_that_is_a_file_is_one_problem(run, home: Path) -> None:
    """When the data directory is a file, doctor says so in one line and exits 1."""
    home.write_text("not a folder", "utf-8")
    result = run("doctor")
    assert result.exit_code == 1
    assert result.stdout == f"{home}: the data directory is not a directory\n"
