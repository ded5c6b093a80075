"""`meeting move`: a meeting rescheduled keeps its id, agenda and calendar UID, its SEQUENCE
goes up, its UTC offset is that of the new day in the mentee's zone, and a short polite
message is ready to send; an edit of `at` in $EDITOR keeps the hour typed across a change of
daylight saving time."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from cli_helpers import error_line

from mentee.dates import zone_offset_kept

BERLIN = ZoneInfo("Europe/Berlin")
MENTEE = str(Path(sys.executable).with_name("mentee"))


@pytest.fixture
def priya(run):
    """A mentor in Los Angeles who prefers email."""
    result = run(
        "mentor",
        "add",
        "Priya Raman",
        "--timezone",
        "America/Los_Angeles",
        "--email",
        "priya@example.com",
        "--channel",
        "email",
    )
    assert result.exit_code == 0, result.stderr
    return "priya-raman"


def plan(run, mentor: str, at: str, today: str = "2026-11-01", env=None) -> str:
    result = run(
        "meeting",
        "add",
        "--mentor",
        mentor,
        "--at",
        at,
        "--json",
        env={"MENTEE_TODAY": today, **(env or {})},
    )
    assert result.exit_code == 0, result.stderr
    return str(json.loads(result.stdout)["id"])


def installed(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed `mentee ARGS...` (a real process: the system's zone is TZ's)."""
    return subprocess.run(
        [MENTEE, *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def shown(meeting: str) -> dict[str, Any]:
    result = installed("meeting", "show", meeting, "--json")
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def ics_event(data: bytes, uid: str):
    from icalendar import Calendar

    calendar = Calendar.from_ical(data)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid]
    return event


# -- what a move keeps and changes ------------------------------------------------------------


def test_a_move_keeps_id_and_agenda_and_bumps_the_sequence(run, run_json, priya, on_disk):
    """The meeting keeps its id and what it holds; `sequence` goes 0 -> 1 -> 2, in the file
    and in --json; the old time is gone from `meeting list`."""
    meeting = plan(run, priya, "2026-11-25 17:00")
    run("topic", "add", "Ask about the launch", "--mentor", priya)
    before = run_json("meeting", "show", meeting)
    assert before["sequence"] == 0
    assert "sequence" not in on_disk("meetings", meeting)  # 0 is left out of the file
    moved = run("meeting", "move", meeting, "--at", "2026-11-27 16:00", "--json")
    assert moved.exit_code == 0, moved.stderr
    document = json.loads(moved.stdout)
    assert document["meeting"]["id"] == meeting
    assert document["meeting"]["at"] == "2026-11-27T16:00:00Z"
    assert document["meeting"]["sequence"] == 1
    after = run_json("meeting", "show", meeting)
    unchanged = ("mentor", "duration", "status", "agenda", "notes", "actions", "created")
    assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}
    assert on_disk("meetings", meeting)["sequence"] == 1
    assert run("meeting", "move", meeting, "--at", "2026-11-30 10:00").exit_code == 0
    assert run_json("meeting", "show", meeting)["sequence"] == 2
    assert run_json("meeting", "list") == [run_json("meeting", "show", meeting)]
    agenda = run_json("agenda", "next", "--mentor", priya)
    assert agenda["meeting"]["id"] == meeting
    assert [t["text"] for t in agenda["topics"]] == ["Ask about the launch"]


def test_the_invitations_keep_the_uid_and_carry_the_sequence(run, priya):
    """`agenda next --format ics` and `export --format ics` give the moved meeting the same
    UID as before, with SEQUENCE from `sequence` and the new start."""
    meeting = plan(run, priya, "2026-11-25 17:00")
    first = run("agenda", "next", "--mentor", priya, "--format", "ics").stdout_bytes
    assert int(ics_event(first, f"{meeting}@mentee")["SEQUENCE"]) == 0
    assert run("meeting", "move", meeting, "--at", "2026-11-26 09:00").exit_code == 0
    again = run("agenda", "next", "--mentor", priya, "--format", "ics").stdout_bytes
    exported = run("export", "--format", "ics").stdout_bytes
    for data in (again, exported):
        event = ics_event(data, f"{meeting}@mentee")
        assert int(event["SEQUENCE"]) == 1
        assert event.decoded("DTSTART") == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=30)


# -- time zones -------------------------------------------------------------------------------


def test_a_move_across_the_end_of_summer_time_keeps_the_hour_typed(priya):
    """In Berlin (the system's zone, TZ), a meeting at 15:00 in October (+02:00) moved to
    15:00 in November is stored at 15:00+01:00: the offset of the new day, not the old one."""
    berlin = {"TZ": "Europe/Berlin", "MENTEE_TODAY": "2026-10-20"}
    meeting = installed("meeting", "add", "--mentor", priya, "--at", "2026-10-22 15:00", env=berlin)
    meeting_id = meeting.stdout.strip()
    assert shown(meeting_id)["at"] == "2026-10-22T15:00:00+02:00"
    moved = installed("meeting", "move", meeting_id, "--at", "2026-11-03 15:00", env=berlin)
    assert moved.returncode == 0, moved.stderr
    assert shown(meeting_id)["at"] == "2026-11-03T15:00:00+01:00"
    assert "to Tue 2026-11-03 15:00 (was Thu 2026-10-22 15:00)" in moved.stderr


def test_the_configured_time_zone_decides_the_offset(run, run_json, priya, home):
    """With `timezone` in config.toml (the system's zone UTC), the new time is read there."""
    (home / "config.toml").write_text('timezone = "Europe/Berlin"\n')
    meeting = plan(run, priya, "2027-03-25 10:00", today="2027-03-20")
    assert run_json("meeting", "show", meeting)["at"] == "2027-03-25T10:00:00+01:00"
    today = {"MENTEE_TODAY": "2027-03-20"}
    assert run("meeting", "move", meeting, "--at", "2027-03-30 10:00", env=today).exit_code == 0
    assert run_json("meeting", "show", meeting)["at"] == "2027-03-30T10:00:00+02:00"
    skipped = run("meeting", "move", meeting, "--at", "2027-03-28 02:30", env=today)
    assert skipped.exit_code == 2
    assert "does not exist in Europe/Berlin" in error_line(skipped)


def test_the_message_gives_both_times_and_reads_by_channel(run, priya):
    """Email: a subject and both clocks (Priya is 8 hours behind); chat: one short line."""
    meeting = plan(run, priya, "2026-11-25 17:00")
    moved = run("meeting", "move", meeting, "--at", "2026-11-27 18:00")
    assert moved.exit_code == 0, moved.stderr
    assert moved.stdout.startswith("Subject: New time for our meeting: Friday 27 November\n\n")
    assert "Hi Priya,\n" in moved.stdout
    assert (
        "move our meeting from Wednesday 25 November at 17:00 (09:00 your time, "
        "America/Los_Angeles) to Friday 27 November at 18:00 (10:00 your time, "
        "America/Los_Angeles)?"
    ) in moved.stdout
    assert "sorry" not in moved.stdout
    assert moved.stderr == (
        f"Moved meeting {meeting} with Priya Raman to Fri 2026-11-27 18:00 "
        "(was Wed 2026-11-25 17:00).\nA message ready to send:\n"
    )
    run("mentor", "add", "Alex Kim", "--channel", "chat")
    chat = plan(run, "alex-kim", "2026-11-25 12:00")
    short = run("meeting", "move", chat, "--at", "2026-11-26 12:00")
    assert short.stdout == (
        "Hi Alex! Could we move our session from Wednesday 25 November at 12:00 to "
        "Thursday 26 November at 12:00? Let me know if that does not work for you. Thanks!\n"
    )


def test_the_message_is_signed_with_the_configured_name(run, priya, home):
    (home / "config.toml").write_text('name = "Sam"\n')
    meeting = plan(run, priya, "2026-11-25 17:00")
    moved = run("meeting", "move", meeting, "--at", "2026-11-27 18:00")
    assert moved.stdout.endswith("Best,\nSam\n")


def test_a_missed_meeting_can_be_planned_again_with_an_apology(run, run_json, priya):
    """A meeting over and never logged moves to a day to come; the message apologises
    for missing it, and the meeting is no longer unlogged."""
    missed = plan(run, priya, "2026-11-17 17:00")
    assert run("check").exit_code == 3
    moved = run("meeting", "move", missed, "--at", "2026-11-24 17:00")
    assert moved.exit_code == 0, moved.stderr
    assert "I am sorry I missed our meeting on Tuesday 17 November at 17:00" in moved.stdout
    assert "Could we meet on Tuesday 24 November at 17:00 (09:00 your time" in moved.stdout
    assert run_json("meeting", "show", missed)["status"] == "planned"
    assert "unlogged_meeting" not in run("check").stdout


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["log", "cancel"])
def test_a_held_or_cancelled_meeting_cannot_be_moved(run, priya, record_file, how):
    meeting = plan(run, priya, "2026-11-21 10:00")
    args = ["--notes", "ok"] if how == "log" else []
    assert run("meeting", how, meeting, *args).exit_code == 0
    before = record_file("meetings", meeting).read_bytes()
    result = run("meeting", "move", meeting, "--at", "2026-11-28 10:00")
    assert result.exit_code == 1
    status = "held" if how == "log" else "cancelled"
    assert f"meeting {meeting} is {status}: only a planned meeting can be moved" in (
        error_line(result)
    )
    assert record_file("meetings", meeting).read_bytes() == before


def test_a_move_to_a_day_before_today_is_a_usage_error(run, priya, record_file):
    meeting = plan(run, priya, "2026-11-25 17:00")
    before = record_file("meetings", meeting).read_bytes()
    result = run("meeting", "move", meeting, "--at", "2026-11-20 10:00")
    assert result.exit_code == 2
    assert "before today (2026-11-21)" in error_line(result)
    same = run("meeting", "move", meeting, "--at", "2026-11-25 17:00")
    assert same.exit_code == 2
    assert "already; nothing changed" in error_line(same)
    assert run("meeting", "move", meeting, "--at", "someday").exit_code == 2
    assert run("meeting", "move", "nosuch", "--at", "2026-11-28 10:00").exit_code == 1
    assert record_file("meetings", meeting).read_bytes() == before


def test_piped_the_message_is_on_stdout_and_the_confirmation_on_stderr(run, priya):
    meeting = plan(run, priya, "2026-11-25 17:00")
    moved = run("meeting", "move", meeting, "--at", "2026-11-27 18:00")
    assert moved.stdout.startswith("Subject: ")
    assert moved.stderr.startswith("Moved meeting ")
    assert "Subject" not in moved.stderr


def test_completion_offers_planned_meetings_to_move(run, run_json, priya):
    from test_completion import _offered

    planned = plan(run, priya, "2026-11-25 17:00")
    held = plan(run, priya, "2026-11-21 09:00")
    assert run("meeting", "log", held, "--notes", "ok").exit_code == 0
    assert _offered("mentee meeting move ") == [planned]


# -- an edit of `at` in $EDITOR ---------------------------------------------------------------


@pytest.fixture
def sed_editor(tmp_path, monkeypatch):
    """$EDITOR replacing one text by another in the buffer."""

    def use(old: str, new: str) -> None:
        script = tmp_path / "edit_at.py"
        script.write_text(
            "import pathlib, sys\n"
            "path = pathlib.Path(sys.argv[-1])\n"
            f"path.write_text(path.read_text().replace({old!r}, {new!r}))\n"
        )
        monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")

    return use


def test_an_edit_of_the_day_across_summer_time_keeps_the_hour(priya, sed_editor):
    """Changing only the date of `at = ...T15:00:00+02:00` to a November day stores
    15:00+01:00 in Berlin: the hour typed, not an hour earlier. The move bumps `sequence`."""
    berlin = {"TZ": "Europe/Berlin", "MENTEE_TODAY": "2026-10-20"}
    made = installed("meeting", "add", "--mentor", priya, "--at", "2026-10-22 15:00", env=berlin)
    meeting = made.stdout.strip()
    sed_editor("2026-10-22 15:00:00+02:00", "2026-11-03 15:00:00+02:00")
    edited = installed("meeting", "edit", meeting, env=berlin)
    assert edited.returncode == 0, edited.stderr
    assert shown(meeting)["at"] == "2026-11-03T15:00:00+01:00"
    assert shown(meeting)["sequence"] == 1


def test_an_offset_changed_in_the_editor_is_kept(run, run_json, priya, sed_editor, home):
    """An offset the person typed is what they meant: kept as written (here the zone is
    `timezone` in config.toml)."""
    (home / "config.toml").write_text('timezone = "Europe/Berlin"\n')
    meeting = plan(run, priya, "2026-10-22 15:00", today="2026-10-20")
    sed_editor("2026-10-22 15:00:00+02:00", "2026-11-03 15:00:00-08:00")
    assert run("meeting", "edit", meeting, env={"MENTEE_TODAY": "2026-10-20"}).exit_code == 0
    assert run_json("meeting", "show", meeting)["at"] == "2026-11-03T15:00:00-08:00"


def test_an_edit_that_leaves_at_alone_keeps_the_sequence(run, run_json, priya, sed_editor):
    meeting = plan(run, priya, "2026-11-25 17:00")
    sed_editor("duration = 30", "duration = 45")
    assert run("meeting", "edit", meeting).exit_code == 0
    shown = run_json("meeting", "show", meeting)
    assert (shown["duration"], shown["sequence"]) == (45, 0)


def test_zone_offset_kept_only_re_resolves_an_offset_of_the_mentees_zone() -> None:
    """The pure rule: the zone's own offset kept by an edit is re-resolved for the new wall
    time; an offset that was changed, or that was never the zone's, stays."""
    old = datetime(2026, 10, 22, 15, 0, tzinfo=timezone(timedelta(hours=2)))
    same_offset = datetime(2026, 11, 3, 15, 0, tzinfo=timezone(timedelta(hours=2)))
    resolved = zone_offset_kept(old, same_offset, BERLIN)
    assert resolved.utcoffset() == timedelta(hours=1)
    assert resolved.replace(tzinfo=None) == datetime(2026, 11, 3, 15, 0)
    changed = datetime(2026, 11, 3, 15, 0, tzinfo=timezone(timedelta(hours=-8)))
    assert zone_offset_kept(old, changed, BERLIN) is changed
    elsewhere = datetime(2026, 10, 22, 15, 0, tzinfo=timezone(timedelta(hours=5)))
    moved = elsewhere.replace(day=23, month=11)
    assert zone_offset_kept(elsewhere, moved, BERLIN) is moved
    assert zone_offset_kept(old, old, BERLIN) is old
    still_summer = datetime(2026, 10, 24, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    assert zone_offset_kept(old, still_summer, BERLIN).utcoffset() == timedelta(hours=2)
