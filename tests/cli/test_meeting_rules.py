"""SPEC "Meetings": unlogged meetings, planning and logging on the right side of today,
cancelling one that is over, the mentor's local time in text meant to be sent, and the goal
of the actions a meeting log creates."""

from __future__ import annotations

import json
import shlex
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from cli_helpers import error_line

from mentee.meetings import is_over, is_unlogged, unlogged, upcoming
from mentee.messages import meeting_time
from mentee.models import Meeting, Mentor

TODAY = "2026-11-21"


@pytest.fixture
def priya(run):
    """A mentor eight hours behind the mentee (TZ=UTC in the tests): in November
    America/Los_Angeles is UTC-8, so 17:00 for the mentee is 09:00 for her."""
    result = run("mentor", "add", "Priya Raman", "--timezone", "America/Los_Angeles")
    assert result.exit_code == 0, result.stderr
    return "priya-raman"


def plan(run, mentor: str, at: str, today: str = "2026-11-01") -> str:
    """A meeting planned on an earlier day (so it may lie before TODAY now)."""
    result = run(
        "meeting", "add", "--mentor", mentor, "--at", at, "--json", env={"MENTEE_TODAY": today}
    )
    assert result.exit_code == 0, result.stderr
    return str(json.loads(result.stdout)["id"])


# -- unlogged -------------------------------------------------------------------------------


def test_a_meeting_over_and_not_logged_is_named_first_by_the_dashboard_and_check(run, priya):
    """The dashboard and `check` name the unlogged meeting before anything else, with "log it
    or cancel it"; `check` exits 3."""
    over = plan(run, priya, "2026-11-17 17:00")
    run("action", "add", "Overdue thing", "--due", "2026-11-14")
    dashboard = run().stdout
    assert dashboard.index("Meetings to log (1): log it or cancel it") < dashboard.index("Overdue")
    assert over in dashboard
    assert "Priya Raman, Tue 2026-11-17 17:00 (4 days ago)" in dashboard
    assert "Next meeting: none planned" in dashboard
    check = run("check")
    assert check.exit_code == 3
    first, second = check.stdout.splitlines()
    assert first.startswith("unlogged_meeting: meeting with Priya Raman on Tue 2026-11-17 17:00")
    assert "log it or cancel it" in first
    assert second.startswith("overdue_action: ")
    items = json.loads(run("check", "--json").stdout)
    assert (items[0]["kind"], items[0]["id"]) == ("unlogged_meeting", over)


def test_with_a_fixed_day_a_meeting_earlier_today_is_not_unlogged_yet(run, priya):
    """MENTEE_TODAY compares days: a meeting at 08:00 today is still today's next meeting,
    whatever the hour the command runs at."""
    today = plan(run, priya, "2026-11-21 08:00")
    run("topic", "add", "Ask about the launch")  # not an empty agenda
    assert run("check").exit_code == 0
    dashboard = " ".join(run().stdout.split())
    # Her local time beside the mentee's, as wherever a meeting time is shown.
    assert (
        "Next meeting: Priya Raman, Sat 2026-11-21 08:00 (00:00 for Priya, America/Los_Angeles), "
        f"today {today}"
    ) in dashboard
    assert [m["id"] for m in json.loads(run("meeting", "list", "--json").stdout)] == [today]


def test_meeting_list_shows_unlogged_meetings_under_their_own_heading(run, priya):
    """Text: the unlogged under their heading, then the upcoming; JSON: one array of the
    records, unlogged first, in their usual shape."""
    over = plan(run, priya, "2026-11-17 17:00")
    soon = plan(run, priya, "2026-11-24 17:00")
    text = run("meeting", "list").stdout
    heading = text.index("Over and not logged: log it or cancel it")
    assert heading < text.index(over) < text.index("Upcoming") < text.index(soon)
    listed = json.loads(run("meeting", "list", "--json").stdout)
    assert [m["id"] for m in listed] == [over, soon]
    assert set(listed[0]) == set(listed[1])
    shown_all = run("meeting", "list", "--all").stdout
    (row,) = [line for line in shown_all.splitlines() if over in line]
    assert "unlogged" in row


def test_agenda_next_builds_the_agenda_of_the_unlogged_meeting(run, priya):
    """`agenda next` for that mentor is for the meeting to log, says so, and offers no
    apology to send even when the agenda is empty."""
    over = plan(run, priya, "2026-11-17 17:00")
    plan(run, priya, "2026-11-24 17:00")
    out = run("agenda", "next", "--mentor", priya).stdout
    assert over in out.splitlines()[0]
    assert f"This meeting is over and not logged: log it (mentee meeting log {over})" in out
    assert "A message ready to send" not in out
    assert json.loads(run("agenda", "next", "--json").stdout)["meeting"]["id"] == over


def test_an_unlogged_meeting_is_not_a_reason_to_schedule_again(run, run_json):
    """A mentor past cadence whose meeting is over and not logged: the meeting is named, the
    mentor is not called overdue (it is to be logged, not planned again)."""
    run("mentor", "add", "Alex Kim", "--cadence", "2w", "--since", "2026-09-01")
    plan(run, "alex-kim", "2026-11-17 17:00")
    kinds = [i["kind"] for i in json.loads(run("check", "--json").stdout)]
    assert kinds == ["unlogged_meeting"]
    assert [m["overdue"] for m in run_json("review")["mentors"]] == [False]


def test_only_active_mentors_are_overdue(run, run_json):
    """A paused, prospect or requested mentor past cadence is not overdue anywhere."""
    for name, status in (("Alex Kim", "active"), ("Sam Lee", "paused"), ("Kai Wu", "prospect")):
        run("mentor", "add", name, "--cadence", "2w", "--since", "2026-09-01", "--status", status)
    review = run_json("review")
    assert {m["id"]: m["overdue"] for m in review["mentors"]} == {
        "alex-kim": True,
        "kai-wu": False,
        "sam-lee": False,
    }
    assert [s["mentor"] for s in review["suggestions"] if s["kind"] == "schedule"] == ["alex-kim"]
    items = json.loads(run("check", "--json").stdout)
    assert [(i["kind"], i["id"]) for i in items] == [("mentor_due", "alex-kim")]


# -- planning and logging on the right side of today ------------------------------------------


def test_meeting_add_on_a_day_before_today_points_to_meeting_log(run, priya, home):
    """A day before today: usage error (exit 2) naming `meeting log --mentor ID --at ...`;
    nothing is written. Earlier today is fine."""
    result = run("meeting", "add", "--mentor", "priya", "--at", "2026-11-20 10:00")
    assert result.exit_code == 2
    assert error_line(result) == (
        "mentee: --at: 2026-11-20 is before today (2026-11-21); to record a meeting that was "
        "held, use: mentee meeting log --mentor priya-raman --at '2026-11-20 10:00'"
    )
    assert not (home / "meetings").exists()
    assert run("meeting", "add", "--mentor", "priya", "--at", "2026-11-21 07:00").exit_code == 0


def test_meeting_log_of_a_meeting_after_today_needs_at(run, run_json, priya, record_file):
    """Logging a meeting dated after today: usage error unless --at says when it was held;
    with --at that time is stored. --at after today is refused too."""
    later = plan(run, priya, "2026-12-05 17:00")
    path = record_file("meetings", later)
    before = path.read_bytes()
    refused = run("meeting", "log", later, "--notes", "Held early")
    assert refused.exit_code == 2
    assert f"mentee meeting log {later} --at" in error_line(refused)
    assert path.read_bytes() == before
    ahead = run("meeting", "log", later, "--at", "2026-11-25 17:00", "--notes", "x")
    assert ahead.exit_code == 2
    assert "after today" in error_line(ahead)
    logged = run_json("meeting", "log", later, "--at", "2026-11-20 16:00", "--notes", "Early")
    assert (logged["status"], logged["at"]) == ("held", "2026-11-20T16:00:00Z")
    never_planned = run(
        "meeting", "log", "--mentor", priya, "--at", "2026-11-30 10:00", "--notes", "x"
    )
    assert never_planned.exit_code == 2
    assert "after today" in error_line(never_planned)


def test_the_close_out_of_a_meeting_after_today_is_refused_before_the_editor(
    run, priya, monkeypatch, tmp_path
):
    """No close-out is typed for a meeting that cannot be logged yet."""
    later = plan(run, priya, "2026-12-05 17:00")
    marker = tmp_path / "editor-ran"
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} -c 'open({str(marker)!r}, \"w\")'")
    result = run("meeting", "log", later)
    assert result.exit_code == 2
    assert "--at" in error_line(result)
    assert not marker.exists()


def test_cancelling_a_meeting_that_is_over_prints_no_apology(run, priya):
    """Over: cancelled, with a note on stderr and nothing to send; JSON's message is null."""
    over = plan(run, priya, "2026-11-17 17:00")
    result = run("meeting", "cancel", over)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "it is over, so there is no message to send" in result.stderr
    other = plan(run, priya, "2026-11-18 17:00")
    doc = json.loads(run("meeting", "cancel", other, "--json").stdout)
    assert (doc["meeting"]["status"], doc["message"]) == ("cancelled", None)


# -- the mentor's local time in text meant to be sent -----------------------------------------


def test_the_cancel_message_gives_the_mentors_time_and_zone(run, priya):
    """A mentor eight hours behind: the message says 17:00 and 09:00 her time."""
    meeting = plan(run, priya, "2026-11-24 17:00")
    message = run("meeting", "cancel", meeting).stdout
    assert "Tuesday 24 November at 17:00 (09:00 your time, America/Los_Angeles)" in message


def test_the_markdown_agenda_and_the_invitation_give_the_mentors_time(run, priya):
    """The markdown heading and the invitation's description carry both times."""
    plan(run, priya, "2026-11-24 17:00")
    run("topic", "add", "Ask about the launch")
    markdown = run("agenda", "next", "--format", "markdown").stdout
    assert markdown.splitlines()[0] == (
        "# Agenda: Priya Raman, Tue 2026-11-24 17:00 (09:00 for Priya, America/Los\\_Angeles)"
    )
    ics = run("agenda", "next", "--format", "ics").stdout.replace("\r\n", "\n")
    ics = ics.replace("\n ", "")  # unfold the long lines
    assert "Tue 2026-11-24 17:00 (09:00 for Priya\\, America/Los_Angeles)" in ics


def test_the_same_clock_gets_no_second_time(run):
    """A mentor in the mentee's zone (or with the same clock) gets the time once."""
    run("mentor", "add", "Sam Lee", "--timezone", "Europe/London")
    plan(run, "sam-lee", "2026-11-24 17:00")
    run("topic", "add", "Anything")
    first = run("agenda", "next", "--format", "markdown").stdout.splitlines()[0]
    assert first == "# Agenda: Sam Lee, Tue 2026-11-24 17:00"


def test_the_first_call_request_offers_the_planned_time_in_both_zones(run, priya):
    """`mentor ask` with a call already planned proposes it, in both zones."""
    plan(run, priya, "2026-11-24 17:00")
    message = run("mentor", "ask", priya).stdout
    assert (
        "a 30-minute call, for instance on Tuesday 24 November at 17:00 (09:00 your time, "
        "America/Los_Angeles), to see if mentoring could work?"
    ) in " ".join(message.split())


def test_meeting_time_names_the_mentors_day_when_it_differs() -> None:
    """Late evening for the mentee is the next morning in Tokyo: the weekday is given."""
    mentor = Mentor(id="kenji", name="Kenji Sato", timezone="Asia/Tokyo")
    at = datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    assert meeting_time(at, mentor) == "Tue 2026-11-24 23:00 (Wed 08:00 for Kenji, Asia/Tokyo)"
    assert meeting_time(at, mentor, long=True, to_mentor=True) == (
        "Tuesday 24 November at 23:00 (Wed 08:00 your time, Asia/Tokyo)"
    )
    berlin = timezone(timedelta(hours=1))
    assert meeting_time(at, mentor, berlin).startswith("Wed 2026-11-25 00:00 (08:00 for Kenji")
    assert meeting_time(at, Mentor(id="x", name="X", timezone="Not/AZone")) == (
        "Tue 2026-11-24 23:00"
    )


# -- the rule itself, with and without a clock -----------------------------------------------


def test_over_compares_the_end_with_the_clock_or_the_day_without_one() -> None:
    """With `now`, a meeting is over once `at` + duration has passed; without, once its day
    is before today."""
    meeting = Meeting(
        id="m1", mentor="x", at=datetime(2026, 11, 21, 10, 0, tzinfo=UTC), duration=45
    )
    day = date(2026, 11, 21)
    assert not is_over(meeting, day, datetime(2026, 11, 21, 10, 44, tzinfo=UTC))
    assert is_over(meeting, day, datetime(2026, 11, 21, 10, 45, tzinfo=UTC))
    assert not is_over(meeting, day)
    assert is_over(meeting, day + timedelta(days=1))
    held = meeting.model_copy(update={"status": "held"})
    assert not is_unlogged(held, day + timedelta(days=1))
    late = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    assert unlogged([meeting, held], day, late) == [meeting]
    assert upcoming([meeting, held], day, late) == []


# -- the goal of actions agreed in a meeting ---------------------------------------------------


@pytest.fixture
def served(run, new, priya):
    """Priya serves one active goal (and a paused one)."""
    goal = new("goal", "add", "Promoted to senior", "--by", "2027-06-30", "--mentor", priya)
    paused = new("goal", "add", "Write a book", "--mentor", priya)
    run("goal", "edit", paused, "--status", "paused")
    return {"goal": goal, "paused": paused, "meeting": plan(run, priya, "2026-11-20 17:00")}


def test_actions_from_meeting_log_get_the_mentors_one_active_goal(run_json, served, priya):
    """Flags: mine and the mentor's promise get the mentor, the meeting and the one active
    goal the mentor serves."""
    logged = run_json(
        "meeting", "log", served["meeting"], "--action", "Write the summary",
        "--mentor-action", "Share the rubric",
    )  # fmt: skip
    created = [run_json("action", "show", a) for a in logged["actions"]]
    assert [(a["mentor"], a["meeting"], a["goal"]) for a in created] == [
        (priya, served["meeting"], served["goal"]),
        (priya, served["meeting"], served["goal"]),
    ]


def test_goal_option_and_two_active_goals(run, run_json, new, served, priya):
    """With two active goals nothing is guessed; `--goal` names one; `--goal` without new
    actions, or an unknown goal, is refused with nothing written."""
    other = new("goal", "add", "Give a talk", "--mentor", priya)
    logged = run_json(
        "meeting", "log", "--mentor", priya, "--at", "2026-11-19 10:00", "--action", "Guess"
    )
    assert run_json("action", "show", logged["actions"][0])["goal"] is None
    chosen = run_json(
        "meeting", "log", served["meeting"], "--action", "Rehearse", "--goal", other[:5]
    )
    assert run_json("action", "show", chosen["actions"][0])["goal"] == other
    alone = run("meeting", "log", "--mentor", priya, "--at", "2026-11-19 11:00", "--goal", other)
    assert alone.exit_code == 2
    assert "--goal" in error_line(alone)
    unknown = run(
        "meeting", "log", "--mentor", priya, "--at", "2026-11-19 11:00", "--action", "x",
        "--goal", "zzzz",
    )  # fmt: skip
    assert unknown.exit_code == 1
    assert "zzzz" in error_line(unknown)


@pytest.fixture
def closeout_editor(tmp_path, monkeypatch):
    """Point $EDITOR at a script applying BODY to the close-out buffer `text`."""
    buffers = tmp_path / "buffers"
    buffers.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(buffers))
    seen = tmp_path / "seen.txt"

    def use(body: str) -> None:
        script = tmp_path / "closeout_editor.py"
        script.write_text(
            "import pathlib, sys\n"
            "path = pathlib.Path(sys.argv[-1])\n"
            "text = path.read_text(encoding='utf-8')\n"
            f"pathlib.Path({str(seen)!r}).write_text(text, encoding='utf-8')\n"
            f"{body}\n"
            "path.write_text(text, encoding='utf-8')\n"
        )
        monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")

    use.seen = seen  # type: ignore[attr-defined]
    return use


def test_the_close_out_names_each_new_actions_goal(run, run_json, new, served, closeout_editor):
    """`(goal ID)` at the end of a line names the goal, before or after `(due ...)`; without
    it, the mentor's one active goal; the template says so and lists the goals."""
    other = new("goal", "add", "Give a talk")
    closeout_editor(
        "text += '- [ ] Draft the talk (goal " + other[:4] + ") (due fri)\\n'\n"
        "text += '- [ ] Send the summary (due mon) (goal " + other[:4] + ")\\n'\n"
        "text += '- [ ] Update the packet\\n'"
    )
    result = run("meeting", "log", served["meeting"], "--json")
    assert result.exit_code == 0, result.stderr
    created = [run_json("action", "show", a) for a in json.loads(result.stdout)["actions"]]
    assert [(a["title"], a["goal"], a["due"]) for a in created] == [
        ("Draft the talk", other, "2026-11-27"),
        ("Send the summary", other, "2026-11-23"),
        ("Update the packet", served["goal"], None),
    ]
    template = closeout_editor.seen.read_text(encoding="utf-8")
    assert "(goal ID)" in template
    assert (
        "# without it, an action goes to the one active goal Priya Raman serves:\n"
        f"#   {served['goal']}  Promoted to senior\n"
        "# Priya Raman also serves:\n"
        f"#   {served['paused']}  Write a book\n"
    ) in template


def test_an_unknown_goal_in_the_close_out_changes_nothing(run, served, closeout_editor, home):
    """`(goal zzzz)` naming no goal: refused like any unreadable close-out, nothing written."""
    closeout_editor("text += '- [ ] Draft it (goal zzzz)\\n'")
    before = {p: p.read_bytes() for p in home.rglob("*.toml")}
    result = run("meeting", "log", served["meeting"])
    assert result.exit_code != 0
    assert "zzzz" in result.stderr
    assert {p: p.read_bytes() for p in home.rglob("*.toml")} == before


def test_the_dashboard_asks_to_log_the_earlier_meeting_before_preparing_the_next(run, priya):
    """`agenda next` is for the meeting to log: the dashboard says to log it first."""
    plan(run, priya, "2026-11-17 17:00")
    plan(run, priya, "2026-11-24 17:00")
    run("topic", "add", "Ask about the launch")
    out = run().stdout
    assert "Prepare: log (or cancel) the meeting above first" in out
    assert "Prepare: mentee agenda next" not in out
