"""Clocks: DST gaps and folds, leap days, month ends, year boundaries, time zones.

Decision (docs/reliability.md): a meeting time that does not exist in the mentee's time
zone (the clocks jump over it) is a usage error, never silently shifted; a time that
happens twice (the clocks go back) is the first one, with a note saying how to give the
second, and is stored with its UTC offset so it is never ambiguous afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from adversarial_helpers import error_line, files, write_private


def _berlin(home: Path) -> None:
    write_private(home / "config.toml", b'timezone = "Europe/Berlin"\n')


def _mentor(run) -> str:
    result = run("mentor", "add", "Alex Kim", "--timezone", "America/New_York", "--json")
    return str(json.loads(result.stdout)["id"])


# -- DST ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["add", "log"])
def test_a_time_in_a_dst_gap_is_a_usage_error_and_writes_nothing(run, home, command) -> None:
    """02:30 on the night Berlin skips 02:00-03:00: exit 2, one line, nothing written."""
    _berlin(home)
    mentor = _mentor(run)
    before = files(home)
    args = ["meeting", command, "--mentor", mentor, "--at", "2026-03-29 02:30"]
    if command == "log":
        args += ["--notes", "Held"]
    result = run(*args)
    assert result.exit_code == 2
    assert error_line(result) == (
        "mentee: --at: 2026-03-29 02:30 does not exist in Europe/Berlin: the clocks skip "
        "that hour when daylight saving time starts; choose another time"
    )
    assert files(home) == before


def test_a_time_in_a_dst_fold_is_the_first_one_stored_with_its_offset(run, home) -> None:
    """02:30 on the night Berlin repeats it: the first (+02:00), with a note; unambiguous."""
    _berlin(home)
    mentor = _mentor(run)
    planning_day = {"MENTEE_TODAY": "2026-10-01"}  # a meeting is planned ahead of its day
    first = run(
        "meeting", "add", "--mentor", mentor, "--at", "2026-10-25 02:30", "--json", env=planning_day
    )
    assert first.exit_code == 0
    assert json.loads(first.stdout)["at"] == "2026-10-25T02:30:00+02:00"
    assert "happens twice in Europe/Berlin" in first.stderr
    assert "'2026-10-25T02:30+01:00'" in first.stderr
    second = run(
        "meeting", "add", "--mentor", mentor, "--at", "2026-10-25T02:30+01:00", "--json",
        env=planning_day,
    )  # fmt: skip
    assert second.exit_code == 0
    assert second.stderr == ""
    assert json.loads(second.stdout)["at"] == "2026-10-25T02:30:00+01:00"
    listed = json.loads(run("meeting", "list", "--all", "--json").stdout)
    assert [m["at"] for m in listed] == ["2026-10-25T02:30:00+01:00", "2026-10-25T02:30:00+02:00"]
    # On disk too: the offset is in the file, so no later reading can take the other one.
    meeting = json.loads(first.stdout)["id"]
    stored = tomllib.loads((home / "meetings" / f"{meeting}.toml").read_text("utf-8"))["at"]
    assert stored.isoformat() == "2026-10-25T02:30:00+02:00"


def _mentee(
    home: Path, *args: str, tz: str, today: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": tz, "MENTEE_HOME": str(home)}
    if today is not None:
        env["MENTEE_TODAY"] = today
    return subprocess.run(
        [sys.executable, "-m", "mentee", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_system_time_zone_gets_the_same_rules(home: Path) -> None:
    """With no configured zone, TZ decides: a gap is refused, a fold takes the first."""
    assert _mentee(home, "mentor", "add", "Alex Kim", tz="Europe/Berlin").returncode == 0
    gap = _mentee(
        home, "meeting", "add", "--mentor", "alex", "--at", "2026-03-29 02:30", tz="Europe/Berlin"
    )
    assert gap.returncode == 2
    assert "does not exist in the local time zone" in gap.stderr
    assert len(gap.stderr.splitlines()) == 1
    fold = _mentee(
        home, "meeting", "add", "--mentor", "alex", "--at", "2026-11-01 01:30", "--json",
        tz="America/New_York", today="2026-10-01",
    )  # fmt: skip
    assert fold.returncode == 0, fold.stderr
    assert json.loads(fold.stdout)["at"] == "2026-11-01T01:30:00-04:00"
    assert "happens twice" in fold.stderr


def test_tz_changing_between_runs_keeps_every_instant(home: Path) -> None:
    """A meeting planned in Berlin reads as the same instant in New York; no file changes."""
    assert _mentee(home, "mentor", "add", "Alex Kim", tz="Europe/Berlin").returncode == 0
    added = _mentee(
        home, "meeting", "add", "--mentor", "alex", "--at", "2026-12-03 15:00", "--json",
        tz="Europe/Berlin",
    )  # fmt: skip
    meeting = json.loads(added.stdout)
    assert meeting["at"] == "2026-12-03T15:00:00+01:00"
    before = files(home)
    for tz in ("America/New_York", "Asia/Kathmandu", "UTC"):
        shown = _mentee(home, "meeting", "show", meeting["id"], "--json", tz=tz)
        assert json.loads(shown.stdout)["at"] == "2026-12-03T15:00:00+01:00", tz
        ics = _mentee(home, "agenda", "next", "--format", "ics", tz=tz)
        assert "DTSTART:20261203T140000Z" in ics.stdout, tz
        assert _mentee(home, "meeting", "list", tz=tz).returncode == 0
    assert files(home) == before


def test_a_hand_written_local_time_is_read_in_the_zone_of_the_run(home: Path) -> None:
    """`at` without an offset (hand-edited) is read in the run's TZ and never rewritten by it."""
    assert _mentee(home, "mentor", "add", "Alex Kim", tz="UTC").returncode == 0
    path = home / "meetings" / "handmade.toml"
    content = b'id = "handmade"\nmentor = "alex-kim"\nat = 2026-12-03T15:00:00\n'
    write_private(path, content)
    berlin = _mentee(home, "meeting", "show", "handmade", "--json", tz="Europe/Berlin")
    york = _mentee(home, "meeting", "show", "handmade", "--json", tz="America/New_York")
    assert json.loads(berlin.stdout)["at"] == "2026-12-03T15:00:00+01:00"
    assert json.loads(york.stdout)["at"] == "2026-12-03T15:00:00-05:00"
    assert path.read_bytes() == content
    # The first write pins it: the offset of that run is stored.
    assert _mentee(home, "meeting", "cancel", "handmade", tz="Europe/Berlin").returncode == 0
    stored = tomllib.loads(path.read_text("utf-8"))["at"]
    assert stored.isoformat() == "2026-12-03T15:00:00+01:00"


# -- calendar arithmetic --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "value", "expected"),
    [
        ("2028-02-29", "1y", "2029-02-28"),  # Feb 29 + 1 year: the month's end
        ("2028-02-29", "4y", "2032-02-29"),
        ("2028-02-29", "12m", "2029-02-28"),
        ("2027-01-31", "1m", "2027-02-28"),  # Jan 31 + 1 month
        ("2028-01-31", "1m", "2028-02-29"),
        ("2026-03-31", "1m", "2026-04-30"),
        ("2026-12-31", "tomorrow", "2027-01-01"),  # year boundaries
        ("2026-12-31", "1d", "2027-01-01"),
        ("2026-12-31", "1w", "2027-01-07"),
        ("2026-12-31", "mon", "2027-01-04"),
        ("2026-12-31", "eow", "2027-01-03"),
        ("2026-12-31", "eoy", "2026-12-31"),
        ("2026-12-31", "eoq", "2026-12-31"),
        ("2026-12-31", "1m", "2027-01-31"),
        ("2027-01-01", "yesterday", "2026-12-31"),
        ("2026-12-15", "eom", "2026-12-31"),
    ],
)
def test_dates_across_month_ends_leap_days_and_years(run, today, value, expected) -> None:
    """Relative dates land on the day SPEC's Dates section names, end-of-month clamped."""
    result = run("action", "add", "Do it", "--due", value, "--json", env={"MENTEE_TODAY": today})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["due"] == expected


def test_overdue_and_cadence_across_the_new_year(run) -> None:
    """An action due on Dec 31 is 1 day late on Jan 1; a 2-week cadence crosses the year."""
    new_year = {"MENTEE_TODAY": "2027-01-01"}
    eve = {"MENTEE_TODAY": "2026-12-31"}
    action = json.loads(run("action", "add", "Wrap up", "--due", "today", "--json", env=eve).stdout)
    assert json.loads(run("action", "list", "--overdue", "--json", env=eve).stdout) == []
    late = json.loads(run("action", "list", "--overdue", "--json", env=new_year).stdout)
    assert [a["id"] for a in late] == [action["id"]]
    assert "1d late" in run("action", "list", env=new_year).stdout
    mentor = json.loads(
        run("mentor", "add", "Alex Kim", "--cadence", "2w", "--json", env=eve).stdout
    )["id"]
    held = run(
        "meeting", "log", "--mentor", mentor, "--at", "2026-12-20 10:00", "--notes", "ok", env=eve
    )
    assert held.exit_code == 0, held.stderr
    review = json.loads(run("review", "--json", env={"MENTEE_TODAY": "2027-01-04"}).stdout)
    entry = next(m for m in review["mentors"] if m["id"] == mentor)
    assert entry["next_due"] == "2027-01-03"
    assert entry["overdue"] is True
    assert run("check", env={"MENTEE_TODAY": "2027-01-04"}).exit_code == 3


def test_a_leap_day_meeting_and_an_impossible_one(run, home) -> None:
    """Feb 29 exists in 2028 and not in 2027: one is planned, the other a usage error."""
    mentor = _mentor(run)
    ok = run("meeting", "add", "--mentor", mentor, "--at", "2028-02-29 10:00")
    assert ok.exit_code == 0, ok.stderr
    before = files(home)
    bad = run("meeting", "add", "--mentor", mentor, "--at", "2027-02-29 10:00")
    assert bad.exit_code == 2
    assert "2027-02-29" in error_line(bad)
    assert files(home) == before


def test_an_unknown_time_zone_is_refused_when_typed(run, home) -> None:
    """`mentor add --timezone Mars/Olympus` is a usage error; hand-edited ones are reported."""
    result = run("mentor", "add", "Alex Kim", "--timezone", "Mars/Olympus")
    assert result.exit_code == 2
    assert "Mars/Olympus" in error_line(result)
    assert not home.exists()
