"""The mentorship loop end to end: meetings planned, agendas built, meetings logged and the
next agendas built again, with MENTEE_TODAY moving forward between the steps."""

from __future__ import annotations

import email
import email.policy
import json
import shlex
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from cli_helpers import error_line

AGENDA_KEYS = {
    "mentor",
    "meeting",
    "since",
    "done",
    "open",
    "notes",
    "feedback",
    "topics",
    "goals",
    "empty",
}


def on(day: str) -> dict[str, str]:
    return {"MENTEE_TODAY": day}


@pytest.fixture
def at_day(run):
    """Run a command on a given day: `at_day("2026-11-24", "agenda", "next")`."""

    def invoke(day, *args):
        return run(*args, env=on(day))

    return invoke


@pytest.fixture
def json_on(at_day):
    """Run a command with --json on a given day, check it succeeded, parse its output."""

    def invoke(day, *args):
        result = at_day(day, *args, "--json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return invoke


@pytest.fixture
def journal(new):
    """Day one (Sat 2026-11-21): a dated goal, Alex serving it, and one item per section,
    with a meeting planned for Tuesday."""
    goal = new("goal", "add", "Lead a team", "--by", "2027-06-30")
    new(
        "mentor", "add", "Alex Kim", "--email", "alex@example.com", "--cadence", "2w",
        "--goal", goal, "--channel", "email",
    )  # fmt: skip
    return {
        "goal": goal,
        "rfc": new("action", "add", "Draft the RFC", "--mentor", "alex-kim", "--due", "2026-11-25"),
        "win": new("note", "add", "Shipped the migration", "--kind", "win", "--goal", goal),
        "praise": new("feedback", "add", "Great demo", "--from", "my manager", "--goal", goal),
        "topic": new("topic", "add", "How does the promo process work?"),
        "meeting": new("meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-24 10:00"),
    }


def by_title(items):
    return {item["title"]: item for item in items}


# -- the agenda across several meetings ----------------------------------------------------


def test_first_agenda_has_exactly_the_spec_keys_and_everything_open(json_on, journal):
    """Before any meeting, `agenda next --json` has SPEC's keys and every open item, for the
    planned meeting, with the goal's timeline status."""
    agenda = json_on("2026-11-22", "agenda", "next")
    # SPEC's keys, and the mentor's done promises apart from the mentee's own `done`.
    assert set(agenda) == AGENDA_KEYS | {"mentor_done"}
    assert agenda["mentor"]["id"] == "alex-kim"
    assert agenda["meeting"]["id"] == journal["meeting"]
    assert agenda["since"] is None
    assert agenda["done"] == []
    assert [a["id"] for a in agenda["open"]] == [journal["rfc"]]
    assert agenda["open"][0]["carried"] == 0
    assert agenda["open"][0]["on_agenda_since"] is None
    assert [n["id"] for n in agenda["notes"]] == [journal["win"]]
    assert [f["id"] for f in agenda["feedback"]] == [journal["praise"]]
    assert [t["id"] for t in agenda["topics"]] == [journal["topic"]]
    [goal] = agenda["goals"]
    assert (goal["id"], goal["status"], goal["target"]) == (
        journal["goal"],
        "no_plan",
        "2027-06-30",
    )
    assert agenda["empty"] is False


def test_three_meetings_carry_open_actions_and_drop_what_was_discussed(at_day, json_on, journal):
    """Across three meetings: discussed items leave, new ones arrive after `since`, open actions
    come back counting their agendas and ask for a decision after three, and an action done
    after being carried over is reported done."""
    # Tuesday: the planned meeting is held and logged with flags.
    logged = json_on(
        "2026-11-24", "meeting", "log", journal["meeting"], "--notes", "Talked about scope",
        "--advice", "Write it down", "--action", "Send the summary", "--due", "fri",
        "--mentor-action", "Intro to the VP",
    )  # fmt: skip
    assert logged["status"] == "held"
    stored = {(i["section"], i["id"], i["decision"]) for i in logged["agenda"]}
    assert stored == {
        ("open", journal["rfc"], "discussed"),
        ("notes", journal["win"], "discussed"),
        ("feedback", journal["praise"], "discussed"),
        ("topics", journal["topic"], "discussed"),
        ("goals", journal["goal"], None),
    }
    assert json_on("2026-11-24", "topic", "show", journal["topic"])["status"] == "discussed"
    for kind, key in (("note", "win"), ("feedback", "praise"), ("topic", "topic")):
        shown = json_on("2026-11-24", kind, "show", journal[key])
        assert shown["discussed_in"] == journal["meeting"]
    agreed = by_title(json_on("2026-11-24", "action", "show", a) for a in logged["actions"])
    assert {t: (a["owner"], a["mentor"], a["meeting"], a["due"]) for t, a in agreed.items()} == {
        "Send the summary": ("me", "alex-kim", journal["meeting"], "2026-11-27"),
        "Intro to the VP": ("mentor", "alex-kim", journal["meeting"], None),
    }

    # A week later: only what is new since Tuesday, and the actions still open.
    fresh = json_on("2026-11-30", "note", "add", "Ran the retro", "--kind", "learning")["id"]
    agenda = json_on("2026-11-30", "agenda", "next")
    assert agenda["since"] == "2026-11-24"
    assert agenda["meeting"] is None
    assert [n["id"] for n in agenda["notes"]] == [fresh]
    assert (agenda["feedback"], agenda["topics"], agenda["done"]) == ([], [], [])
    carried = by_title(agenda["open"])
    assert set(carried) == {"Draft the RFC", "Send the summary", "Intro to the VP"}
    rfc = carried["Draft the RFC"]
    assert (rfc["carried"], rfc["on_agenda_since"], rfc["overdue"], rfc["decide"]) == (
        1, "2026-11-24", True, False,
    )  # fmt: skip
    assert carried["Send the summary"]["carried"] == 0
    assert carried["Send the summary"]["overdue"] is True
    assert carried["Intro to the VP"]["owner"] == "mentor"

    # Done before the next meeting: reported done, no longer open.
    summary = agreed["Send the summary"]["id"]
    assert at_day("2026-11-30", "action", "done", summary).exit_code == 0
    agenda = json_on("2026-11-30", "agenda", "next")
    assert [a["id"] for a in agenda["done"]] == [summary]
    assert summary not in [a["id"] for a in agenda["open"]]

    # A meeting never planned, logged afterwards, becomes the last one.
    second = json_on(
        "2026-12-01", "meeting", "log", "--mentor", "alex", "--at", "2026-12-01 10:00",
        "--notes", "Hallway chat",
    )  # fmt: skip
    assert {i["id"] for i in second["agenda"]} >= {summary, fresh, journal["rfc"]}
    agenda = json_on("2026-12-08", "agenda", "next")
    assert agenda["since"] == "2026-12-01"
    assert (agenda["done"], agenda["notes"]) == ([], [])
    assert (by_title(agenda["open"])["Draft the RFC"]["carried"]) == 2
    assert by_title(agenda["open"])["Draft the RFC"]["decide"] is False

    # A third meeting: the RFC has now been on three agendas.
    third = json_on("2026-12-08", "meeting", "add", "--mentor", "alex", "--at", "2026-12-15 10:00")
    json_on("2026-12-15", "meeting", "log", third["id"], "--notes", "Short one")
    agenda = json_on("2026-12-16", "agenda", "next")
    rfc = by_title(agenda["open"])["Draft the RFC"]
    assert (rfc["carried"], rfc["on_agenda_since"], rfc["decide"]) == (3, "2026-11-24", True)
    text = at_day("2026-12-16", "agenda", "next").stdout
    assert "on the agenda 3 times since 2026-11-24" in text
    assert "time to decide: do it, re-plan it, or drop it" in text
    markdown = at_day("2026-12-16", "agenda", "next", "--format", "markdown").stdout
    assert "Draft the RFC (due 2026-11-25, overdue; on the agenda 3 times since 2026-11-24)" in (
        markdown
    )
    assert "time to decide" in markdown

    # Finally done: a carried-over action done since the last meeting is progress to report.
    assert at_day("2026-12-17", "action", "done", journal["rfc"]).exit_code == 0
    agenda = json_on("2026-12-17", "agenda", "next")
    assert [a["id"] for a in agenda["done"]] == [journal["rfc"]]
    assert agenda["done"][0]["carried"] == 3
    assert journal["rfc"] not in [a["id"] for a in agenda["open"]]


# -- the editor close-out -----------------------------------------------------------------


class CloseoutEditor:
    """Called with BODY: points $EDITOR at a small python script that applies BODY to the
    buffer `text`; the script leaves the marker file `ran` when it runs."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder
        self.monkeypatch = monkeypatch
        self.ran = folder / "editor-ran"

    def __call__(self, body: str) -> None:
        script = self.folder / "closeout_editor.py"
        script.write_text(
            "import pathlib, sys\n"
            f"pathlib.Path({str(self.ran)!r}).touch()\n"
            "path = pathlib.Path(sys.argv[-1])\n"
            "text = path.read_text(encoding='utf-8')\n"
            f"{body}\n"
            "path.write_text(text, encoding='utf-8')\n"
        )
        command = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
        self.monkeypatch.setenv("EDITOR", command)


@pytest.fixture
def closeout_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CloseoutEditor:
    """$EDITOR as a script applying a body to the buffer (see CloseoutEditor)."""
    return CloseoutEditor(tmp_path, monkeypatch)


def test_editor_closeout_decides_each_item_and_the_next_agenda_follows(
    at_day, json_on, journal, new, closeout_editor
):
    """In the close-out, kept items come back on the next agenda (even a note older than the
    meeting), dropped and discussed ones do not, an action marked done is done, and
    `- [ ]` lines become actions with due dates, mine or the mentor's."""
    other = new("topic", "add", "Conference budget")
    closeout_editor(
        f"text = text.replace('[x] topic {journal['topic']}', '[ ] topic {journal['topic']}')\n"
        f"text = text.replace('[x] topic {other}', '[-] topic {other}')\n"
        f"text = text.replace('[x] note {journal['win']}', '[ ] note {journal['win']}')\n"
        f"text = text.replace('[x] action {journal['rfc']}', '[d] action {journal['rfc']}')\n"
        "text = text.replace('## Notes\\n', '## Notes\\nGood talk about scope.\\n')\n"
        "text = text.replace('## Advice\\n', '## Advice\\n- Ask for the scope in writing\\n')\n"
        "text += '- [ ] Book the room (due fri)\\n'\n"
        "text += '- [ ] @mentor Send the rubric (due 2026-12-10)\\n'\n"
    )
    logged = json_on("2026-11-24", "meeting", "log", journal["meeting"])
    assert logged["status"] == "held"
    assert logged["notes"] == "Good talk about scope."
    assert logged["advice"] == ["Ask for the scope in writing"]
    decisions = {i["id"]: i["decision"] for i in logged["agenda"] if i["kind"] != "goal"}
    assert decisions == {
        journal["rfc"]: "done",
        journal["win"]: "kept",
        journal["praise"]: "discussed",
        journal["topic"]: "kept",
        other: "dropped",
    }
    rfc = json_on("2026-11-24", "action", "show", journal["rfc"])
    assert (rfc["status"], rfc["done"]) == ("done", "2026-11-24")
    assert json_on("2026-11-24", "topic", "show", journal["topic"])["status"] == "open"
    assert json_on("2026-11-24", "topic", "show", other)["status"] == "dropped"
    assert json_on("2026-11-24", "note", "show", journal["win"])["discussed_in"] is None
    agreed = by_title(json_on("2026-11-24", "action", "show", a) for a in logged["actions"])
    assert {t: (a["owner"], a["due"], a["mentor"], a["meeting"]) for t, a in agreed.items()} == {
        "Book the room": ("me", "2026-11-27", "alex-kim", journal["meeting"]),
        "Send the rubric": ("mentor", "2026-12-10", "alex-kim", journal["meeting"]),
    }

    agenda = json_on("2026-11-28", "agenda", "next")
    assert agenda["since"] == "2026-11-24"
    assert [t["id"] for t in agenda["topics"]] == [journal["topic"]]
    assert [n["id"] for n in agenda["notes"]] == [journal["win"]]
    assert agenda["feedback"] == []
    assert agenda["done"] == []  # done at the meeting: not reported twice
    assert set(by_title(agenda["open"])) == {"Book the room", "Send the rubric"}


@pytest.mark.parametrize(
    "body",
    [
        "text = ''",
        "text = '\\n'.join(l for l in text.splitlines() if l.startswith('#'))",
        "sys.exit(3)",
    ],
    ids=["emptied", "only-comments-left", "editor-failed"],
)
def test_editor_closeout_aborted_changes_nothing(run, home, journal, closeout_editor, body):
    """An emptied buffer (or one left with comments only), or a failing editor, aborts with
    exit 1 and leaves every file as it was."""
    closeout_editor(body)
    before = {p: p.read_bytes() for p in home.rglob("*.toml")}
    result = run("meeting", "log", journal["meeting"], env=on("2026-11-24"))
    assert result.exit_code == 1
    assert "nothing changed" in error_line(result)
    assert {p: p.read_bytes() for p in home.rglob("*.toml")} == before


@pytest.mark.parametrize("first", [("log", "--notes", "First"), ("cancel",)])
def test_editor_closeout_of_a_meeting_not_planned_is_refused_before_editing(
    run, journal, closeout_editor, first
):
    """Logging a meeting already held (or cancelled) exits 1 without opening the editor, so
    no close-out is typed for nothing."""
    day = on("2026-11-24")
    assert run("meeting", *first[:1], journal["meeting"], *first[1:], env=day).exit_code == 0
    closeout_editor("text += '- [ ] Lost work\\n'")
    result = run("meeting", "log", journal["meeting"], env=day)
    assert result.exit_code == 1
    assert "already" in error_line(result)
    assert not closeout_editor.ran.exists()


# -- private items ------------------------------------------------------------------------


@pytest.fixture
def private(new, journal):
    """Three private items beside the journal's public ones."""
    return {
        "note": new("note", "add", "Burnt out this week", "--kind", "challenge", "--private"),
        "feedback": new("feedback", "add", "Talks too fast", "--from", "peer", "--private"),
        "topic": new("topic", "add", "Salary band", "--private"),
    }


def test_private_items_are_flagged_in_text_and_json(run, run_json, private):
    """The terminal and JSON views keep private items, flagged."""
    text = run("agenda", "next").stdout
    for words in ("Burnt out this week", "Talks too fast", "Salary band"):
        line = next(line for line in text.splitlines() if words in line)
        assert "[private]" in line
    assert "[private]" not in next(x for x in text.splitlines() if "promo process" in x)
    agenda = run_json("agenda", "next")
    flags = {i["id"]: i["private"] for k in ("notes", "feedback", "topics") for i in agenda[k]}
    assert {k: flags[v] for k, v in private.items()} == dict.fromkeys(private, True)
    assert flags[next(iter(t["id"] for t in agenda["topics"] if not t["private"]))] is False


def test_private_items_stay_out_of_markdown_and_ics_unless_included(run, private):
    """Markdown and ics leave private items out (saying how many on stderr) unless
    `--include-private` is given; public items are always there."""
    secrets = ("Burnt out this week", "Talks too fast", "Salary band")
    markdown = run("agenda", "next", "--format", "markdown")
    assert "How does the promo process work?" in markdown.stdout
    assert not [s for s in secrets if s in markdown.stdout]
    assert "3 private items left out" in markdown.stderr
    ics = run("agenda", "next", "--format", "ics")
    description = str(event_of(ics.stdout_bytes)["DESCRIPTION"])
    assert "Great demo" in description
    assert not [s for s in secrets if s in description]
    included = run("agenda", "next", "--format", "markdown", "--include-private")
    assert all(s in included.stdout for s in secrets)
    assert included.stderr == ""
    ics = run("agenda", "next", "--format", "ics", "--include-private")
    assert all(s in str(event_of(ics.stdout_bytes)["DESCRIPTION"]) for s in secrets)


# -- an empty agenda ------------------------------------------------------------------------


def test_empty_agenda_suggests_cancelling_then_cancel_sends_a_polite_message(run, run_json, new):
    """With nothing to discuss the agenda says so with a message ready to send; `check`
    flags the meeting; `meeting cancel --reason` marks it cancelled and the flag goes."""
    new("mentor", "add", "Alex Kim", "--email", "alex@example.com")
    meeting = new("meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-23 10:00")
    text = run("agenda", "next").stdout
    assert "Nothing new to discuss (sections 1 to 4 are empty)" in text
    assert "A message ready to send:" in text
    assert "Hi Alex," in text
    assert "Would you mind if we cancelled our meeting on Monday 23 November at 10:00?" in text
    assert run_json("agenda", "next")["empty"] is True
    assert "Nothing new to discuss" in run("agenda", "next", "--format", "markdown").stdout
    flagged = run("check")
    assert flagged.exit_code == 3
    assert flagged.stdout.startswith("empty_agenda: meeting with Alex Kim on Mon 2026-11-23 10:00")

    cancelled = run("meeting", "cancel", meeting, "--reason", "my project slipped")
    assert cancelled.exit_code == 0
    assert cancelled.stdout.startswith("Subject: Cancelling our meeting on Monday 23 November")
    assert "November at 10:00? My project slipped.\n" in cancelled.stdout
    assert run_json("meeting", "show", meeting)["status"] == "cancelled"
    assert run_json("agenda", "next")["meeting"] is None
    assert run("check").exit_code == 0


def test_empty_agenda_message_is_not_hard_wrapped(run, new):
    """The cancel message an empty agenda offers keeps each paragraph on one line at any width."""
    new("mentor", "add", "Alex Kim", "--email", "alex@example.com")
    new("meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-23 10:00")
    text = run("agenda", "next", env={"COLUMNS": "40"}).stdout
    asking = "Would you mind if we cancelled our meeting on Monday 23 November at 10:00?"
    assert any(line.startswith(asking) for line in text.splitlines())


# -- iCalendar ----------------------------------------------------------------------------


def event_of(data: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    assert isinstance(event, icalendar.Event), event
    return event


def test_ics_invites_to_the_planned_meeting_with_the_agenda(run, journal):
    """`--format ics` is a VEVENT at the planned time with the agenda as DESCRIPTION and the
    mentor as ATTENDEE."""
    result = run("agenda", "next", "--format", "ics")
    assert result.exit_code == 0
    event = event_of(result.stdout_bytes)
    assert event.decoded("DTSTART") == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
    assert str(event["UID"]) == f"{journal['meeting']}@mentee"
    assert str(event["SUMMARY"]) == "Mentoring: Alex Kim"
    description = str(event["DESCRIPTION"])
    for words in (
        "Draft the RFC",
        "Shipped the migration",
        "Great demo",
        "How does the promo process work?",
        "Lead a team",
    ):
        assert words in description
    assert str(event["ATTENDEE"]) == "mailto:alex@example.com"
    assert str(event["ATTENDEE"].params["CN"]) == "Alex Kim"


def test_ics_without_a_planned_meeting_is_all_day_on_the_cadence_date(run, new):
    """No meeting planned: an all-day event on the day the cadence suggests (last meeting +
    cadence), and no ATTENDEE without an email."""
    new("mentor", "add", "Sam Lee", "--cadence", "2w")
    new("topic", "add", "Career ladder")
    logged = run(
        "meeting", "log", "--mentor", "sam", "--at", "2026-11-10 09:00", "--notes", "Intro",
        env=on("2026-11-10"),
    )  # fmt: skip
    assert logged.exit_code == 0
    new("topic", "add", "Next steps")
    event = event_of(run("agenda", "next", "--format", "ics").stdout_bytes)
    assert event.decoded("DTSTART") == date(2026, 11, 24)
    assert not isinstance(event.decoded("DTSTART"), datetime)
    assert event.decoded("DTEND") == date(2026, 11, 25)
    assert "Next steps" in str(event["DESCRIPTION"])
    assert "Career ladder" not in str(event["DESCRIPTION"])
    assert "ATTENDEE" not in event
    late = event_of(run("agenda", "next", "--format", "ics", env=on("2026-12-01")).stdout_bytes)
    assert late.decoded("DTSTART") == date(2026, 12, 2)  # past due: tomorrow


def test_ics_time_is_one_any_calendar_reads(run, new, home):
    """A meeting planned in the configured time zone is written as an absolute time (UTC or
    a TZID with its VTIMEZONE), never a TZID no calendar knows."""
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text('timezone = "Europe/Berlin"\n')
    new("mentor", "add", "Alex Kim")
    new("topic", "add", "Scope")
    new("meeting", "add", "--mentor", "alex-kim", "--at", "2026-12-10 15:00")
    data = run("agenda", "next", "--format", "ics").stdout_bytes
    start = event_of(data).decoded("DTSTART")
    assert start == datetime(2026, 12, 10, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert b"TZID" not in data or b"BEGIN:VTIMEZONE" in data


# -- which mentor -------------------------------------------------------------------------


def test_agenda_without_mentor_chooses_or_lists_the_choices(run, run_json, new):
    """Without --mentor: the one active mentor; with several, the mentor of the one planned
    meeting; with several and none planned, or meetings with two mentors, exit 2 listing them."""
    new("mentor", "add", "Alex Kim")
    new("mentor", "add", "Sam Lee", "--status", "paused")
    assert run_json("agenda", "next")["mentor"]["id"] == "alex-kim"
    run("mentor", "edit", "sam-lee", "--status", "active")
    new("mentor", "add", "Dana Cho", "--status", "ended")
    refused = run("agenda", "next")
    assert refused.exit_code == 2
    assert error_line(refused).endswith("give --mentor ID, one of: alex-kim, sam-lee")
    new("meeting", "add", "--mentor", "sam-lee", "--at", "2026-11-30 10:00")
    assert run_json("agenda", "next")["mentor"]["id"] == "sam-lee"
    new("meeting", "add", "--mentor", "alex-kim", "--at", "2026-12-05 10:00")
    assert run("agenda", "next").exit_code == 2
    assert run_json("agenda", "next", "--mentor", "alex")["mentor"]["id"] == "alex-kim"


# -- check ----------------------------------------------------------------------------------


def test_check_is_quiet_and_exit_0_when_nothing_needs_attention(run, new, journal):
    """Nothing due, no empty meeting soon, no mentor past cadence: exit 0, nothing printed."""
    for args in ((), ("--quiet",)):
        result = run("check", *args, env=on("2026-11-22"))
        assert (result.exit_code, result.stdout) == (0, "")
    as_json = run("check", "--json", env=on("2026-11-22"))
    assert (as_json.exit_code, json.loads(as_json.stdout)) == (0, [])


def test_check_reports_overdue_actions_empty_meetings_and_mentors_past_cadence(run, new):
    """Exit 3 with one line per thing: my overdue action (not the mentor's promise), a meeting
    within 2 days with an empty agenda (not one in 3 days), a mentor past cadence;
    `--quiet` prints only the count, `--json` the items."""
    new("mentor", "add", "Chris Park", "--cadence", "1w")
    logged = run(
        "meeting", "log", "--mentor", "chris", "--at", "2026-11-01 10:00", "--notes", "x",
        env=on("2026-11-01"),
    )  # fmt: skip
    assert logged.exit_code == 0
    late = new("action", "add", "Update the CV", "--due", "2026-11-19")
    new(
        "action", "add", "Send slides", "--due", "2026-11-01", "--mentor", "chris",
        "--owner", "mentor",
    )  # fmt: skip
    new("mentor", "add", "Sam Lee")
    new("mentor", "add", "Dana Cho")
    empty = new("meeting", "add", "--mentor", "sam-lee", "--at", "2026-11-23 09:00")
    new("meeting", "add", "--mentor", "dana-cho", "--at", "2026-11-24 09:00")
    result = run("check")
    assert result.exit_code == 3
    assert result.stdout.splitlines() == [
        (
            "empty_agenda: meeting with Sam Lee on Mon 2026-11-23 09:00 has nothing on its "
            f"agenda: add a topic or cancel it (mentee meeting cancel {empty})"
        ),
        "overdue_action: action 'Update the CV' is 2d overdue",
        (
            "mentor_due: Chris Park is past the 7-day cadence (last met 2026-11-01, "
            "due 2026-11-08): plan a meeting"
        ),
    ]
    quiet = run("check", "--quiet")
    assert (quiet.exit_code, quiet.stdout) == (3, "3\n")
    as_json = run("check", "--json")
    assert as_json.exit_code == 3
    assert [(i["kind"], i["id"]) for i in json.loads(as_json.stdout)] == [
        ("empty_agenda", empty),
        ("overdue_action", late),
        ("mentor_due", "chris-park"),
    ]


# -- talking to mentors, the dashboard ---------------------------------------------------------


def test_mentor_ask_drafts_the_whole_request(run, new, home):
    """`mentor ask` writes why this mentor, the goals with their dates and the mentor's own
    cadence (not config.toml's default), with a subject line for email."""
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text('cadence = "4w"\nname = "Robin"\n')
    goal = new("goal", "add", "Promoted to senior", "--by", "2027-06-30")
    new(
        "mentor", "add", "Alex Kim", "--email", "alex@example.com", "--status", "prospect",
        "--cadence", "2w", "--goal", goal, "--met", "the platform guild",
        "--why", "Led the move to Kubernetes.",
    )  # fmt: skip
    result = run("mentor", "ask", "alex")
    assert result.exit_code == 0
    assert result.stdout == (
        "Subject: Would you mentor me?\n"
        "\n"
        "Hi Alex,\n"
        "\n"
        "We met through the platform guild.\n"
        "I am reaching out because of your experience (led the move to Kubernetes), "
        "and I would value your perspective.\n"
        "\n"
        "Here is what I am working towards:\n"
        "- Promoted to senior (by 2027-06-30)\n"
        "\n"
        "Would you be open to a 30-minute call to see if mentoring could work? If it does, "
        "I suggest we meet every 2 weeks, with an agenda from me ahead of each meeting so "
        "your time is well spent.\n"
        "\n"
        "Best,\n"
        "Robin\n"
    )
    new("mentor", "add", "Sam Lee")  # no cadence of their own: config.toml's
    assert "I suggest we meet every 4 weeks" in run("mentor", "ask", "sam").stdout


def test_mentor_show_gives_their_local_time_when_a_timezone_is_set(run, new):
    """`mentor show` ends with the mentor's time now in their zone, channel and response time;
    without a zone there is no time line."""
    new(
        "mentor", "add", "Alex Kim", "--timezone", "Asia/Tokyo", "--channel", "video",
        "--response-time", "1-2 days",
    )  # fmt: skip
    before = datetime.now(ZoneInfo("Asia/Tokyo"))
    shown = run("mentor", "show", "alex").stdout
    after = datetime.now(ZoneInfo("Asia/Tokyo"))
    line = next(line for line in shown.splitlines() if line.startswith("Their time now:"))
    assert any(
        line.startswith(f"Their time now: {t.strftime('%a %H:%M')} (Asia/Tokyo). ")
        for t in (before, after)
    )
    assert "Prefers video" in line
    assert "1-2 days" in line
    new("mentor", "add", "Sam Lee", "--channel", "chat")
    shown = run("mentor", "show", "sam").stdout
    assert "Their time now" not in shown
    assert "Prefers chat." in shown


def test_dashboard_says_when_the_next_meetings_agenda_is_empty(run, new):
    """`mentee` alone warns that the next meeting has nothing on its agenda, and stops once a
    topic is added."""
    new("mentor", "add", "Alex Kim")
    meeting = new("meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-23 10:00")
    board = run().stdout
    assert f"Its agenda is empty: add a topic, or cancel it (mentee meeting cancel {meeting})" in (
        board
    )
    new("topic", "add", "Career ladder", "--mentor", "alex-kim")
    board = run().stdout
    assert "agenda is empty" not in board
    assert "Prepare: mentee agenda next" in board


def test_the_agenda_reads_as_a_mentor_would_read_it(run, new, run_json):
    """Statuses in words, the retarget since the last meeting with its reason, and what the
    mentor did listed apart from the mentee's own work, in text, markdown and json."""
    run("mentor", "add", "Alex Kim", "--timezone", "UTC")
    goal = new(
        "goal", "add", "Promoted to senior", "--start", "2026-06-01", "--by", "2027-03-31",
        "--mentor", "alex-kim",
    )  # fmt: skip
    run("goal", "milestone", "add", goal, "Design doc", "--due", "2026-12-15")
    held = run_json(
        "meeting", "log", "--mentor", "alex-kim", "--at", "2026-11-07 15:00",
        "--action", "Write the RFC", "--mentor-action", "Intro to the VP",
    )  # fmt: skip
    mine, theirs = held["actions"]
    run("action", "done", mine)
    run("action", "done", theirs)
    run("goal", "retarget", goal, "--by", "2027-06-30", "--reason", "Promotion cycle moved")
    text = run("agenda", "next").stdout
    flat = " ".join(text.split())
    assert "on track" in text
    assert "on_track" not in text
    assert "target moved 2027-03-31 -> 2027-06-30 on 2026-11-21: Promotion cycle moved" in flat
    assert text.index("Write the RFC") < text.index("Done by your mentor") < text.index("Intro")
    markdown = run("agenda", "next", "--format", "markdown").stdout
    assert "**Promoted to senior**: on track: 0/1 milestones done; target 2027-06-30" in markdown
    assert "  - Milestone 1 due 2026-12-15: Design doc" in markdown
    assert (
        "  - Target moved from 2027-03-31 to 2027-06-30 on 2026-11-21: Promotion cycle moved"
        in markdown
    )
    assert "Done on your side, thank you:\n\n- Intro to the VP" in markdown
    assert "- [x] Write the RFC" in markdown
    assert "[x] Intro to the VP" not in markdown
    doc = run_json("agenda", "next")
    assert [a["id"] for a in doc["done"]] == [mine]
    assert [a["id"] for a in doc["mentor_done"]] == [theirs]
    assert doc["mentor"]["goals"] == [goal]
    (item,) = doc["goals"]
    assert item["status"] == "on_track"
    assert item["retargets"] == [
        {"date": "2026-11-21", "from": "2027-03-31", "to": "2027-06-30",
         "reason": "Promotion cycle moved"}
    ]  # fmt: skip


def test_feedback_from_a_mentor_is_shown_by_name_wherever_it_is_read(run, new, run_json, home):
    """Feedback whose source is a mentor's id reads with the mentor's name, as `feedback list`
    and the review show it: in the agenda's text, its markdown, email and ics, and in the
    journal's markdown export. JSON keeps the id (the field as stored)."""
    goal = new("goal", "add", "Give a talk", "--by", "2027-03-31")
    run("mentor", "add", "Kenji Sato", "--email", "kenji@example.jp", "--goal", goal)
    run("mentor", "add", "Priya Natarajan", "--email", "priya@example.com")
    own = new(
        "feedback", "add", "Tighten the intro", "--from", "kenji-sato", "--goal", goal,
        "--kind", "constructive",
    )  # fmt: skip
    other = new("feedback", "add", "The RFC was good", "--from", "Priya Natarajan")
    (home / "config.toml").write_text('email = "me@example.com"\n')
    assert run_json("feedback", "show", own)["source"] == "kenji-sato"
    assert run_json("feedback", "show", other)["source"] == "priya-natarajan"

    text = " ".join(run("agenda", "next", "--mentor", "kenji").stdout.split())
    assert "from Kenji Sato: Tighten the intro" in text
    assert "from Priya Natarajan: The RFC was good" in text
    assert "kenji-sato" not in text
    assert "priya-natarajan" not in text
    markdown = run("agenda", "next", "--mentor", "kenji", "--format", "markdown").stdout
    assert "- Constructive from Kenji Sato (2026-11-21): Tighten the intro" in markdown
    assert "- Observation from Priya Natarajan (2026-11-21): The RFC was good" in markdown
    mail = email.message_from_string(
        run("agenda", "next", "--mentor", "kenji", "--format", "email").stdout,
        policy=email.policy.default,
    )
    part = mail.get_body(preferencelist=("plain",))
    assert part is not None
    body = part.get_content()
    assert "- Observation from Priya Natarajan (2026-11-21): The RFC was good" in body
    assert "priya-natarajan" not in body
    invite = icalendar.Calendar.from_ical(
        run("agenda", "next", "--mentor", "kenji", "--format", "ics").stdout
    )
    (event,) = invite.walk("VEVENT")
    description = str(event["DESCRIPTION"])
    assert "- observation from Priya Natarajan: The RFC was good" in description
    assert "- constructive from Kenji Sato: Tighten the intro" in description
    assert {f["source"] for f in run_json("agenda", "next", "--mentor", "kenji")["feedback"]} == {
        "kenji-sato",
        "priya-natarajan",
    }
    exported = run("export", "--format", "markdown", "--kind", "feedback").stdout
    assert "observation from Priya Natarajan: The RFC was good" in exported
    assert "from priya-natarajan" not in exported
