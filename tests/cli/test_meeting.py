"""`mentee meeting`: plan (add), list, show."""

from __future__ import annotations

import json
import shlex
import sys

import pytest
from cli_helpers import append_unknown_keys, assert_unknown_keys_kept, error_line


@pytest.fixture
def mentor(run):
    run("mentor", "add", "Alex Kim", "--timezone", "America/New_York")
    return "alex-kim"


@pytest.fixture
def planned_earlier(run):
    """Plan a meeting as it was planned on an earlier day (`meeting add` refuses a day
    before today): `planned_earlier(mentor, at)` gives its id."""

    def plan(mentor: str, at: str, today: str = "2026-10-01") -> str:
        result = run(
            "meeting", "add", "--mentor", mentor, "--at", at, "--json", env={"MENTEE_TODAY": today}
        )
        assert result.exit_code == 0, result.stderr
        return str(json.loads(result.stdout)["id"])

    return plan


def test_add_stores_time_with_offset_and_defaults(run_json, mentor, on_disk):
    """A planned meeting keeps its wall time with the UTC offset, 30 minutes by default."""
    meeting = run_json("meeting", "add", "--mentor", "alex", "--at", "2026-12-03 15:00")
    assert meeting["mentor"] == mentor
    assert meeting["at"] == "2026-12-03T15:00:00Z"  # TZ=UTC in the tests
    assert meeting["duration"] == 30
    assert meeting["status"] == "planned"
    assert meeting["agenda"] == []
    assert meeting["actions"] == []
    stored = on_disk("meetings", meeting["id"])
    assert stored["at"].isoformat().startswith("2026-12-03T15:00:00")
    assert stored["at"].utcoffset() is not None


@pytest.mark.parametrize("offset", ["-00:30", "-00:01", "+00:30", "-03:30"])
def test_an_offset_under_an_hour_west_of_utc_keeps_its_sign(run_json, mentor, on_disk, offset):
    """A time typed with an offset keeps it, sign and all, in the file and in every --json
    (written, read from the file and read from the index): `-00:30` is never `+00:30`."""
    at = f"2026-12-03T15:00:00{offset}"
    meeting = run_json("meeting", "add", "--mentor", mentor, "--at", at)
    assert meeting["at"] == at
    assert on_disk("meetings", meeting["id"])["at"].isoformat() == at
    for _ in range(2):  # the first read fills the index, the second reads from it
        assert run_json("meeting", "show", meeting["id"])["at"] == at
        assert [m["at"] for m in run_json("meeting", "list", "--all")] == [at]


def test_add_weekday_time_and_options(run_json, mentor):
    """`--at 'fri 15:00'` is the coming Friday; `--duration` and `--where` are kept."""
    meeting = run_json(
        "meeting",
        "add",
        "--mentor",
        mentor,
        "--at",
        "fri 15:00",
        "--duration",
        "45",
        "--where",
        "https://meet.example.com/abc",
    )
    assert meeting["at"].startswith("2026-11-27T15:00:00")
    assert meeting["duration"] == 45
    assert meeting["where"] == "https://meet.example.com/abc"


def test_add_uses_config_timezone_and_length(run_json, mentor, home):
    """`timezone` and `meeting_minutes` in config.toml set the offset and default length."""
    (home / "config.toml").write_text('timezone = "Europe/Berlin"\nmeeting_minutes = 50\n')
    winter = run_json("meeting", "add", "--mentor", mentor, "--at", "2026-12-10 15:00")
    summer = run_json("meeting", "add", "--mentor", mentor, "--at", "2027-07-10 15:00")
    assert winter["at"] == "2026-12-10T15:00:00+01:00"
    assert summer["at"] == "2027-07-10T15:00:00+02:00"
    assert winter["duration"] == 50


@pytest.mark.parametrize(
    "when",
    ["2026-12-03", "2026-12-03 25:00", "2026-12-03 10:61", "2026-02-30 10:00", "soon", ""],
)
def test_add_bad_time_is_usage_error(run, mentor, home, when):
    """A date without a time, an impossible time or date exits 2 naming `--at`."""
    result = run("meeting", "add", "--mentor", mentor, "--at", when)
    assert result.exit_code == 2
    assert "--at" in error_line(result)
    assert not list(home.glob("meetings/*.toml"))


@pytest.mark.parametrize("duration", ["0", "-5", "abc", "100000"])
def test_add_bad_duration_is_usage_error(run, mentor, duration):
    """A duration outside 1..1440 minutes or not a number exits 2."""
    result = run("meeting", "add", "--mentor", mentor, "--at", "fri 15:00", "--duration", duration)
    assert result.exit_code == 2
    assert "--duration" in error_line(result)


def test_add_requires_mentor_and_at(run, mentor):
    """`--mentor` and `--at` are required (exit 2)."""
    assert run("meeting", "add", "--at", "fri 15:00").exit_code == 2
    assert run("meeting", "add", "--mentor", mentor).exit_code == 2


def test_add_unknown_mentor_exits_1(run, home):
    """Planning with a mentor who does not exist exits 1 and writes nothing."""
    result = run("meeting", "add", "--mentor", "nobody", "--at", "fri 15:00")
    assert result.exit_code == 1
    assert "nobody" in error_line(result)
    assert not list(home.glob("meetings/*.toml"))


def test_add_confirmation_on_stderr(run, mentor):
    """Without `--json`, the plan is confirmed on stderr with the weekday and time."""
    result = run("meeting", "add", "--mentor", mentor, "--at", "2026-12-03 15:00", terminal=True)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "Thu 2026-12-03 15:00" in result.stderr


@pytest.fixture
def meetings(run, new, mentor, planned_earlier):
    run("mentor", "add", "Sam Lee")
    return {
        "past": planned_earlier(mentor, "2026-11-01 10:00"),
        "later": new("meeting", "add", "--mentor", mentor, "--at", "2026-12-10 10:00"),
        "soon": new("meeting", "add", "--mentor", "sam-lee", "--at", "2026-11-24 09:30"),
        "today": new("meeting", "add", "--mentor", mentor, "--at", "2026-11-21 08:00"),
    }


def test_list_unlogged_first_then_upcoming_soonest_first(run_json, meetings):
    """`meeting list --json` is one array of records: the planned meeting that is over and
    not logged first, then those from today on, soonest first."""
    listed = run_json("meeting", "list")
    assert [m["id"] for m in listed] == [
        meetings["past"],
        meetings["today"],
        meetings["soon"],
        meetings["later"],
    ]
    assert all(m["status"] == "planned" for m in listed)
    assert set(listed[0]) == set(listed[1])  # the records' shape, nothing added


def test_list_all_newest_first_and_by_mentor(run_json, meetings):
    """`--all` includes past meetings, newest first; `--mentor` keeps one mentor's."""
    assert [m["id"] for m in run_json("meeting", "list", "--all")] == [
        meetings["later"],
        meetings["soon"],
        meetings["today"],
        meetings["past"],
    ]
    assert [m["id"] for m in run_json("meeting", "list", "--mentor", "sam")] == [meetings["soon"]]


def test_list_table_and_unknown_mentor_filter(run, meetings):
    """The table shows when, the mentor's name and minutes; an unknown `--mentor` exits 1."""
    row = next(
        line for line in run("meeting", "list").stdout.splitlines() if meetings["soon"] in line
    )
    assert "2026-11-24 09:30" in row
    assert "Sam Lee" in row
    assert "30" in row
    unknown = run("meeting", "list", "--mentor", "nobody")
    assert unknown.exit_code == 1
    assert "nobody" in error_line(unknown)


def test_list_gives_the_mentors_local_time_beside_the_mentees(run, mentor):
    """SPEC (Dates): the mentor's local time is shown beside the meeting's; a mentor whose
    clock reads the same as the mentee's gets the one time."""
    meeting = run("meeting", "add", "--mentor", mentor, "--at", "2026-12-03 15:00").stdout
    run("mentor", "add", "Sam Lee", "--timezone", "UTC")
    run("meeting", "add", "--mentor", "sam-lee", "--at", "2026-12-04 09:30")
    lines = run("meeting", "list", env={"COLUMNS": "80"}).stdout.splitlines()
    alex = lines.index(next(line for line in lines if meeting.strip() in line))
    assert "Thu 2026-12-03 15:00" in lines[alex]
    assert lines[alex + 1].split() == ["10:00", "for", "them"]  # New York, UTC-5 in December
    sam = next(i for i, line in enumerate(lines) if "Sam Lee" in line)
    assert "Fri 2026-12-04 09:30" in lines[sam]
    assert sam == len(lines) - 1 or "for them" not in lines[sam + 1]
    assert all(len(line) <= 80 for line in lines)


def test_list_empty_journal(run):
    """No meetings: exit 0, nothing on stdout, a hint naming `meeting add`."""
    result = run("meeting", "list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "meeting add" in result.stderr


def test_show_by_prefix(run, run_json, meetings):
    """`meeting show` finds a meeting by prefix and names the mentor."""
    shown = run_json("meeting", "show", meetings["soon"][:5])
    assert shown["id"] == meetings["soon"]
    human = run("meeting", "show", meetings["soon"])
    assert f"meeting {meetings['soon']}" in human.stdout
    assert "Sam Lee (sam-lee)" in human.stdout
    assert "2026-11-24 09:30" in human.stdout


def test_show_unknown_exits_1(run):
    """Showing a meeting that does not exist exits 1."""
    result = run("meeting", "show", "zzzz")
    assert result.exit_code == 1
    error_line(result)


def test_dashboard_shows_next_meeting(run, meetings):
    """`mentee` alone names the next planned meeting and its mentor."""
    result = run()
    assert result.exit_code == 0
    line = next(line for line in result.stdout.splitlines() if "Next meeting" in line)
    assert "Alex Kim" in line
    assert "2026-11-21 08:00" in line
    assert meetings["today"] in line


def test_damaged_meeting_skipped(run, home, meetings):
    """A meeting file with a bad `at` is skipped with one warning and left alone."""
    path = home / "meetings" / "bad.toml"
    path.write_text('id = "bad"\nmentor = "alex-kim"\nat = "tomorrow-ish"\n')
    before = path.read_bytes()
    result = run("meeting", "list", "--all", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 4
    assert f"{path}:3: at" in result.stderr
    assert result.stderr.count(str(path)) == 1
    assert path.read_bytes() == before


# -- log ------------------------------------------------------------------------------------


@pytest.fixture
def agenda(run, new, mentor, planned_earlier):
    """A planned meeting with Alex and something in every agenda section for it."""
    run("mentor", "add", "Sam Lee")
    goal = new("goal", "add", "Lead a team", "--mentor", mentor)
    return {
        "goal": goal,
        "meeting": planned_earlier(mentor, "2026-11-20 15:00"),
        "topic": new("topic", "add", "Ask about the promo process"),
        "other_topic": new("topic", "add", "For someone else", "--mentor", "sam-lee"),
        "note": new("note", "add", "Shipped the RFC", "--kind", "win", "--goal", goal),
        "feedback": new("feedback", "add", "Slow down", "--from", "peer", "--goal", goal),
        "action": new("action", "add", "Draft doc", "--mentor", mentor, "--due", "2026-11-10"),
    }


def test_log_marks_held_and_adds_agreed_actions(run_json, agenda, mentor, on_disk):
    """`meeting log` with notes, advice and actions marks it held and creates the actions."""
    logged = run_json(
        "meeting", "log", agenda["meeting"], "--notes", "Good chat", "--advice", "Write more",
        "--advice", "Ask for scope", "--action", "Send summary", "--due", "fri",
        "--mentor-action", "Intro to the VP",
    )  # fmt: skip
    assert logged["status"] == "held"
    assert logged["notes"] == "Good chat"
    assert logged["advice"] == ["Write more", "Ask for scope"]
    assert len(logged["actions"]) == 2
    created = [run_json("action", "show", a) for a in logged["actions"]]
    assert [(a["title"], a["owner"], a["due"]) for a in created] == [
        ("Send summary", "me", "2026-11-27"),
        ("Intro to the VP", "mentor", None),
    ]
    for action in created:
        assert action["meeting"] == agenda["meeting"]
        assert action["mentor"] == mentor
    assert on_disk("meetings", agenda["meeting"])["status"] == "held"


def test_log_stores_agenda_and_marks_items_discussed(run_json, agenda):
    """Logging stores the agenda's items with ids, closes topics, stamps notes and feedback."""
    logged = run_json("meeting", "log", agenda["meeting"], "--notes", "Covered everything")
    stored_ids = {item["id"] for item in logged["agenda"]}
    assert {agenda[k] for k in ("topic", "note", "feedback", "action")} <= stored_ids
    assert agenda["other_topic"] not in stored_ids
    topic = run_json("topic", "show", agenda["topic"])
    assert topic["status"] == "discussed"
    assert topic["discussed_in"] == agenda["meeting"]
    assert run_json("note", "show", agenda["note"])["discussed_in"] == agenda["meeting"]
    assert run_json("feedback", "show", agenda["feedback"])["discussed_in"] == agenda["meeting"]
    assert run_json("topic", "show", agenda["other_topic"])["status"] == "open"
    assert run_json("action", "show", agenda["action"])["status"] == "open"


def test_show_gives_the_stored_agenda_under_its_sections_in_words(run, run_json, new, agenda):
    """`meeting show` reads the stored agenda as the agenda names its sections (Follow-ups,
    Offered by your mentor, Progress, Feedback, Topics, Goals), never as the file's keys
    (`promise`, `notes`...); the JSON keeps the keys (the file format)."""
    new("action", "add", "Intro to the VP", "--mentor", "alex-kim", "--owner", "mentor")
    logged = run_json("meeting", "log", agenda["meeting"], "--notes", "Covered everything")
    assert {i["section"] for i in logged["agenda"]} == {
        "open", "promise", "notes", "feedback", "topics", "goals",
    }  # fmt: skip
    result = run("meeting", "show", agenda["meeting"])
    assert result.exit_code == 0, result.stderr
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("agenda"))
    end = next(i for i, line in enumerate(lines) if line.startswith("notes"))
    assert lines[start:end] == [
        "agenda    Follow-ups",
        "            [ ] Draft doc",
        "          Offered by your mentor",
        "            [ ] Intro to the VP",
        "          Progress",
        "            - Shipped the RFC",
        "          Feedback",
        "            - Slow down",
        "          Topics",
        "            - Ask about the promo process",
        "          Goals",
        "            - Lead a team",
    ]
    for key in ("promise:", "notes:", "feedback:", "topics:", "goals:", "open:"):
        assert key not in result.stdout


def test_log_twice_is_a_conflict(run, agenda, record_file):
    """A held meeting cannot be logged again: exit 1, file unchanged."""
    run("meeting", "log", agenda["meeting"], "--notes", "First")
    path = record_file("meetings", agenda["meeting"])
    before = path.read_bytes()
    result = run("meeting", "log", agenda["meeting"], "--notes", "Second")
    assert result.exit_code == 1
    assert "held already" in error_line(result)
    assert path.read_bytes() == before


def test_log_a_meeting_never_planned(run, run_json, mentor, on_disk):
    """`log --mentor ID --at DATETIME` creates a held meeting."""
    result = run(
        "meeting", "log", "--mentor", "alex", "--at", "2026-11-18 10:00", "--notes", "Hallway",
        "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    logged = json.loads(result.stdout)
    assert logged["status"] == "held"
    assert logged["mentor"] == mentor
    assert logged["at"].startswith("2026-11-18T10:00:00")
    assert on_disk("meetings", logged["id"])["notes"] == "Hallway"


@pytest.mark.parametrize(
    "args",
    [
        ("--notes", "x"),
        ("--mentor", "alex-kim", "--notes", "x"),
        ("--at", "2026-11-18 10:00", "--notes", "x"),
        ("--mentor", "alex-kim", "--at", "2026-11-18", "--notes", "x"),
        ("--mentor", "alex-kim", "--at", "2026-11-18 10:00", "--notes", "x", "--due", "fri"),
    ],
)
def test_log_usage_errors(run, mentor, home, args):
    """Missing id or --mentor/--at, a bad time, or --due without --action exit 2."""
    result = run("meeting", "log", *args)
    assert result.exit_code == 2
    error_line(result)
    assert not list(home.glob("meetings/*.toml"))


def test_log_id_and_mentor_together_is_usage_error(run, agenda, record_file):
    """Giving a meeting id and --mentor/--at together exits 2 and changes nothing."""
    path = record_file("meetings", agenda["meeting"])
    before = path.read_bytes()
    result = run("meeting", "log", agenda["meeting"], "--mentor", "alex-kim", "--notes", "x")
    assert result.exit_code == 2
    error_line(result)
    assert path.read_bytes() == before


def test_log_keeps_unknown_keys(run, agenda, record_file, on_disk):
    """Unknown keys in a meeting file survive `meeting log`."""
    append_unknown_keys(record_file("meetings", agenda["meeting"]))
    assert run("meeting", "log", agenda["meeting"], "--notes", "x").exit_code == 0
    assert_unknown_keys_kept(on_disk("meetings", agenda["meeting"]))


@pytest.fixture
def closeout_editor(tmp_path, monkeypatch):
    """Point $EDITOR at a script applying BODY to the close-out buffer `text`."""

    def use(body: str) -> None:
        script = tmp_path / "closeout_editor.py"
        script.write_text(
            "import pathlib, sys\n"
            "path = pathlib.Path(sys.argv[-1])\n"
            "text = path.read_text(encoding='utf-8')\n"
            f"{body}\n"
            "path.write_text(text, encoding='utf-8')\n"
        )
        monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")

    return use


def test_log_in_editor_reads_marks_notes_and_new_actions(run, run_json, agenda, closeout_editor):
    """With no flags, the close-out buffer's marks, notes and `- [ ]` lines are applied."""
    closeout_editor(
        f"text = text.replace('[x] topic {agenda['topic']}', '[ ] topic {agenda['topic']}')\n"
        "text = text.replace('## Notes\\n', '## Notes\\nWe talked about scope.\\n')\n"
        "text = text.replace('## Advice\\n', '## Advice\\n- Say no more often\\n')\n"
        "text += '- [ ] Write the summary (due fri)\\n- [ ] @mentor Share the rubric\\n'"
    )
    result = run("meeting", "log", agenda["meeting"], "--json")
    assert result.exit_code == 0, result.stderr
    logged = json.loads(result.stdout)
    assert logged["status"] == "held"
    assert logged["notes"] == "We talked about scope."
    assert logged["advice"] == ["Say no more often"]
    created = [run_json("action", "show", a) for a in logged["actions"]]
    assert [(a["title"], a["owner"], a["due"]) for a in created] == [
        ("Write the summary", "me", "2026-11-27"),
        ("Share the rubric", "mentor", None),
    ]
    assert run_json("topic", "show", agenda["topic"])["status"] == "open"
    assert run_json("note", "show", agenda["note"])["discussed_in"] == agenda["meeting"]


def test_log_in_editor_unchanged_aborts(run, agenda, closeout_editor, record_file):
    """Closing the close-out unchanged aborts (exit 1): the meeting stays planned."""
    closeout_editor("pass")
    path = record_file("meetings", agenda["meeting"])
    before = path.read_bytes()
    result = run("meeting", "log", agenda["meeting"])
    assert result.exit_code == 1
    error_line(result)
    assert path.read_bytes() == before


def test_log_in_editor_bad_line_is_refused_and_kept(run, agenda, closeout_editor, record_file):
    """An unreadable close-out line off a terminal changes nothing and keeps the buffer
    (exit 1: the command line was right, the buffer could not be used)."""
    closeout_editor("text += '- [ ] Fix it (due 2026-02-30)\\n'")
    path = record_file("meetings", agenda["meeting"])
    before = path.read_bytes()
    result = run("meeting", "log", agenda["meeting"])
    assert result.exit_code == 1
    line = error_line(result)
    assert "kept in" in line
    assert path.read_bytes() == before
    assert run("topic", "list", "--json").stdout.count(agenda["topic"]) == 1


# -- cancel ---------------------------------------------------------------------------------


def test_cancel_records_reason_and_prints_polite_message(run, run_json, mentor, new, on_disk):
    """`meeting cancel --reason` marks it cancelled and prints a message ready to send."""
    meeting = new("meeting", "add", "--mentor", mentor, "--at", "2026-12-01 15:00")
    result = run("meeting", "cancel", meeting[:5], "--reason", "I have nothing new yet")
    assert result.exit_code == 0
    assert "Alex Kim" in result.stderr
    assert "Hi Alex" in result.stdout
    assert "I have nothing new yet" in result.stdout
    stored = on_disk("meetings", meeting)
    assert stored["status"] == "cancelled"
    assert stored["cancel_reason"] == "I have nothing new yet"
    assert run_json("meeting", "list") == []


def test_cancel_json_and_twice(run, mentor, new, record_file):
    """`cancel --json` gives the meeting and message; cancelling again exits 1."""
    meeting = new("meeting", "add", "--mentor", mentor, "--at", "2026-12-01 15:00")
    result = run("meeting", "cancel", meeting, "--json")
    out = json.loads(result.stdout)
    assert out["meeting"]["status"] == "cancelled"
    assert out["meeting"]["cancel_reason"] is None
    assert "Alex" in out["message"]
    path = record_file("meetings", meeting)
    before = path.read_bytes()
    again = run("meeting", "cancel", meeting)
    assert again.exit_code == 1
    assert "cancelled already" in error_line(again)
    assert path.read_bytes() == before


def test_cancel_held_meeting_is_a_conflict(run, agenda):
    """A held meeting cannot be cancelled (exit 1)."""
    run("meeting", "log", agenda["meeting"], "--notes", "Done")
    result = run("meeting", "cancel", agenda["meeting"])
    assert result.exit_code == 1
    assert "held already" in error_line(result)


def test_cancel_unknown_exits_1(run):
    """Cancelling a meeting that does not exist exits 1."""
    result = run("meeting", "cancel", "zzzz")
    assert result.exit_code == 1
    error_line(result)


def test_show_gives_the_mentors_local_time_beside_the_meeting_time(run, run_json, mentor, new):
    """SPEC: a meeting time is shown with the mentor's local time beside it."""
    meeting = new("meeting", "add", "--mentor", mentor, "--at", "2026-12-03 15:00")
    shown = run("meeting", "show", meeting).stdout
    at_line = next(line for line in shown.splitlines() if line.startswith("at "))
    assert "2026-12-03 15:00" in at_line
    assert "10:00" in at_line  # 15:00 UTC is 10:00 in New York in December
    assert "America/New_York" in at_line
    assert run_json("meeting", "show", meeting)["at"] == "2026-12-03T15:00:00Z"


def test_show_without_mentor_timezone_shows_only_the_time(run, new):
    """A mentor without a time zone gets no second time."""
    run("mentor", "add", "Sam Lee")
    meeting = new("meeting", "add", "--mentor", "sam-lee", "--at", "2026-12-03 15:00")
    shown = run("meeting", "show", meeting).stdout
    at_line = next(line for line in shown.splitlines() if line.startswith("at "))
    assert at_line.split() == ["at", "2026-12-03", "15:00+00:00"]


def test_cancel_message_is_not_hard_wrapped(run, mentor, new):
    """The message ready to send keeps each paragraph on one line, whatever the width."""
    meeting = new("meeting", "add", "--mentor", mentor, "--at", "2026-12-01 15:00")
    reason = "My project deadline moved up and I have nothing new to discuss yet"
    result = run("meeting", "cancel", meeting, "--reason", reason, env={"COLUMNS": "40"})
    assert result.exit_code == 0
    assert any(reason in line for line in result.stdout.splitlines())
    assert all(line == line.rstrip() for line in result.stdout.splitlines())


def test_a_meeting_never_planned_gets_the_default_length(run_json, mentor, home):
    """`meeting log --mentor --at` gives the meeting the configured length, as `meeting add`
    would have; `--duration` overrides it."""
    logged = run_json(
        "meeting", "log", "--mentor", mentor, "--at", "2026-11-20 10:00", "--notes", "Chat"
    )
    assert logged["duration"] == 30
    (home / "config.toml").write_text("meeting_minutes = 45\n")
    longer = run_json(
        "meeting", "log", "--mentor", mentor, "--at", "2026-11-19 10:00", "--notes", "More"
    )
    assert longer["duration"] == 45
    given = run_json(
        "meeting", "log", "--mentor", mentor, "--at", "2026-11-18 10:00", "--notes", "x",
        "--duration", "20",
    )  # fmt: skip
    assert given["duration"] == 20
