"""SPEC "Meetings": unlogged meetings named first, planning only from today on, logging only
what was held, no apology for a meeting that is over, and both time zones in text meant to be
sent. Today is Saturday 2026-11-21 in Europe/Berlin (+01:00)."""

from __future__ import annotations

from typing import Any

import pytest
from acceptance_helpers import TODAY, Journal, by_id, flat


@pytest.fixture(scope="module")
def week(module_root) -> dict[str, Any]:
    """Alex (Los Angeles) has a meeting on Thursday that was never logged; Priya (Kolkata) one
    on Tuesday; Sam (Berlin, like the mentee) one this morning with a topic; Pat is paused."""
    j = Journal(module_root)
    j.load(
        goals=[
            {
                "id": "senior",
                "title": "Promoted to senior",
                "start": "2026-10-01",
                "target": "2027-06-30",
                "mentors": ["alex-kim", "priya-raman"],
            }
        ],
        mentors=[
            {
                "id": "alex-kim",
                "name": "Alex Kim",
                "timezone": "America/Los_Angeles",
                "cadence_days": 14,
                "email": "alex@example.com",
            },
            {"id": "priya-raman", "name": "Priya Raman", "timezone": "Asia/Kolkata"},
            {"id": "sam-berg", "name": "Sam Berg", "timezone": "Europe/Berlin"},
            {"id": "pat-paused", "name": "Pat Paused", "cadence_days": 14, "status": "paused"},
        ],
        meetings=[
            {
                "id": "held-pat",
                "mentor": "pat-paused",
                "at": "2026-10-01T10:00:00+02:00",
                "status": "held",
            },
            {
                "id": "held-alex",
                "mentor": "alex-kim",
                "at": "2026-10-01T10:00:00+02:00",
                "status": "held",
            },
            {"id": "mt-thursday", "mentor": "alex-kim", "at": "2026-11-19T17:00:00+01:00"},
            {"id": "mt-tuesday", "mentor": "priya-raman", "at": "2026-11-24T10:00:00+01:00"},
            {"id": "mt-morning", "mentor": "sam-berg", "at": f"{TODAY}T08:00:00+01:00"},
        ],
        topics=[{"id": "moving", "text": "Moving teams", "mentor": "sam-berg"}],
    )
    goal, unlogged, upcoming, this_morning = "senior", "mt-thursday", "mt-tuesday", "mt-morning"
    return {
        "j": j,
        "goal": goal,
        "unlogged": unlogged,
        "upcoming": upcoming,
        "this_morning": this_morning,
    }


def test_dashboard_names_the_unlogged_meeting_first(week):
    """The dashboard names the unlogged meeting, with "log it or cancel it", before the rest."""
    out = week["j"].ok().out
    assert week["unlogged"] in out
    assert "log it or cancel it" in out
    first = out.index(week["unlogged"])
    assert first < out.index("Next meeting")


def test_dashboard_json_lists_unlogged_meetings(week):
    """`mentee --json` has the unlogged meeting (and only it) under `unlogged`."""
    dashboard = week["j"].json()
    assert [m["id"] for m in dashboard["unlogged"]] == [week["unlogged"]]


def test_check_names_the_unlogged_meeting_first_and_exits_3(week):
    """`check` exits 3 and its first line is the unlogged meeting."""
    done = week["j"].run("check")
    assert done.code == 3, done
    first = done.out.splitlines()[0]
    assert week["unlogged"] in first or "Alex Kim" in first
    assert "log" in first


def test_check_counts_only_active_mentors_past_cadence(week):
    """Alex (active) is past cadence and named; Pat (paused, as long ago) is not."""
    out = week["j"].run("check").out
    assert "Alex Kim" in out
    assert "Pat Paused" not in out


def test_check_names_a_meeting_within_two_days_with_an_empty_agenda(week):
    """Priya's meeting on Tuesday has nothing to discuss: named from Sunday (2 days before),
    not on Saturday (3 days); Sam's meeting today has a topic and is not named for its agenda."""
    j = week["j"]
    sunday, saturday = j.run("check", today="2026-11-22"), j.run("check")
    flagged = [line for line in sunday.out.splitlines() if week["upcoming"] in line]
    assert flagged, sunday
    assert "agenda" in flagged[0]
    assert week["upcoming"] not in saturday.out
    assert week["this_morning"] not in saturday.out


def test_check_exits_0_when_nothing_needs_attention(journal):
    """An empty journal needs nothing: exit 0."""
    assert journal.run("check").code == 0


def test_meeting_list_shows_unlogged_under_their_own_heading(week):
    """`meeting list`: a heading, the unlogged meeting, then another heading and the upcoming."""
    out = week["j"].ok("meeting", "list").out
    lines = out.splitlines()
    row = next(i for i, line in enumerate(lines) if week["unlogged"] in line)
    upcoming = next(i for i, line in enumerate(lines) if week["upcoming"] in line)
    assert row < upcoming
    heading = lines[0]
    assert week["unlogged"] not in heading
    assert "log" in heading.lower() or "over" in heading.lower()
    between = lines[row + 1 : upcoming]
    assert any(line.strip() and not line.startswith(("─", "id")) for line in between)


def test_meeting_list_json_includes_the_unlogged_meeting(week):
    """`meeting list --json` still lists the unlogged (planned) meeting."""
    listed = by_id(week["j"].json("meeting", "list"))
    assert listed[week["unlogged"]]["status"] == "planned"
    assert week["upcoming"] in listed


def test_agenda_next_builds_for_the_unlogged_meeting(week):
    """`agenda next --mentor alex` is the agenda of the meeting that was never logged."""
    agenda = week["j"].json("agenda", "next", "--mentor", "alex kim")
    assert agenda["meeting"]["id"] == week["unlogged"]


def test_a_meeting_earlier_today_is_not_unlogged_until_tomorrow(week):
    """With MENTEE_TODAY set, days compare: this morning's meeting is unlogged only tomorrow."""
    j = week["j"]
    assert week["this_morning"] not in {m["id"] for m in j.json()["unlogged"]}
    tomorrow = {m["id"] for m in j.json(today="2026-11-22")["unlogged"]}
    assert week["this_morning"] in tomorrow


# --- planning and logging --------------------------------------------------------------------


@pytest.fixture(scope="module")
def alex(tmp_path_factory) -> Journal:
    """A journal with Alex Kim in Los Angeles and Sam Berg in Berlin; each test plans its own
    meetings in it."""
    journal = Journal(tmp_path_factory.mktemp("alex"))
    la = [
        {
            "id": handle,
            "name": f"Alex {handle.title()}",
            "timezone": "America/Los_Angeles",
            "email": f"{handle}@example.com",
            "status": "active",
        }
        for handle in ("alex-kim", "cancel", "markdown", "ics", "ask", "show")
    ]
    sam = {"id": "sam-berg", "name": "Sam Berg", "timezone": "Europe/Berlin", "status": "active"}
    journal.load(mentors=[*la, sam])
    return journal


def test_meeting_add_before_today_is_a_usage_error_pointing_to_log(alex):
    """`meeting add --at yesterday` exits 2 with one line naming `meeting log --mentor`, and
    writes nothing."""
    done = alex.run("meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-20 10:00")
    assert done.code == 2
    line = done.one_clean_error_line()
    assert "meeting log --mentor" in line
    assert "--at" in line
    assert "2026-11-20" not in [m["at"][:10] for m in alex.json("meeting", "list", "--all")]


def test_meeting_add_earlier_today_is_allowed(alex):
    """A meeting today, at an hour already past, can still be planned (days compare)."""
    meeting = alex.add("meeting", "add", "--mentor", "alex-kim", "--at", "today 00:30")
    assert alex.json("meeting", "show", meeting)["status"] == "planned"


def test_meeting_log_of_a_future_meeting_is_a_usage_error(alex):
    """Logging a meeting planned for Tuesday exits 2, says to use --at, and leaves it planned."""
    meeting = alex.add("meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-24 15:00")
    done = alex.run("meeting", "log", meeting, "--notes", "ok")
    assert done.code == 2
    assert "--at" in done.one_clean_error_line()
    assert alex.json("meeting", "show", meeting)["status"] == "planned"


def test_meeting_log_of_a_future_meeting_with_at_stores_when_it_was_held(alex):
    """With --at (held earlier than planned) the meeting is logged held at that time."""
    meeting = alex.add("meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-24 15:00")
    alex.ok("meeting", "log", meeting, "--at", "2026-11-20 09:00", "--notes", "moved up")
    shown = alex.json("meeting", "show", meeting)
    assert shown["status"] == "held"
    assert shown["at"] == "2026-11-20T09:00:00+01:00"
    assert shown["notes"] == "moved up"


def test_meeting_log_of_an_unlogged_meeting_marks_it_held(alex):
    """A meeting whose day is past is logged as held, at its planned time."""
    meeting = alex.add(
        "meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-19 15:00", today="2026-11-18"
    )
    alex.ok("meeting", "log", meeting, "--notes", "good talk")
    shown = alex.json("meeting", "show", meeting)
    assert (shown["status"], shown["at"]) == ("held", "2026-11-19T15:00:00+01:00")
    assert meeting not in [m["id"] for m in alex.json()["unlogged"]]


def test_cancel_of_a_meeting_already_over_prints_no_apology(alex):
    """Cancelling a meeting that is over: cancelled, and no message to send on stdout."""
    meeting = alex.add(
        "meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-19 15:00", today="2026-11-18"
    )
    done = alex.ok("meeting", "cancel", meeting, "--reason", "Forgot to log it")
    assert "Hi Alex" not in done.out
    assert "Would you" not in done.out
    assert "sorry" not in done.out.lower()
    assert alex.json("meeting", "show", meeting)["status"] == "cancelled"


def test_cancel_of_an_upcoming_meeting_gives_both_time_zones(alex):
    """The cancel message names 15:00 (Berlin) and 06:00 in America/Los_Angeles."""
    meeting = alex.add("meeting", "add", "--mentor", "cancel", "--at", "2026-11-24 15:00")
    done = alex.ok("meeting", "cancel", meeting, "--reason", "I am ill")
    assert "Hi Alex" in done.out
    assert "15:00" in done.out
    assert "06:00" in done.out
    assert "America/Los_Angeles" in done.out
    assert alex.json("meeting", "show", meeting)["cancel_reason"] == "I am ill"


def test_markdown_agenda_heading_gives_both_time_zones(alex):
    """The markdown agenda (to send) gives the meeting in both zones."""
    alex.ok("meeting", "add", "--mentor", "markdown", "--at", "2026-11-24 15:00")
    alex.ok("topic", "add", "Promotion case", "--mentor", "markdown")
    out = alex.ok("agenda", "next", "--mentor", "markdown", "--format", "markdown").out
    heading = out.splitlines()[0]
    assert "2026-11-24 15:00" in heading
    assert "06:00" in heading
    assert "America/Los" in heading


def test_ics_description_gives_both_time_zones(alex):
    """The invitation's DESCRIPTION names the time in both zones."""
    alex.ok("meeting", "add", "--mentor", "ics", "--at", "2026-11-24 15:00")
    out = alex.ok("agenda", "next", "--mentor", "ics", "--format", "ics").out
    unfolded = out.replace("\r\n ", "").replace("\n ", "")
    description = next(line for line in unfolded.splitlines() if line.startswith("DESCRIPTION"))
    assert "15:00" in description
    assert "06:00" in description
    assert "America/Los_Angeles" in description


def test_ask_message_gives_both_time_zones_for_a_planned_call(alex):
    """`mentor ask` offers the planned meeting's time in both zones."""
    alex.ok("meeting", "add", "--mentor", "ask", "--at", "2026-11-24 15:00")
    out = alex.ok("mentor", "ask", "ask").out
    assert "Hi Alex" in out
    assert "15:00" in out
    assert "06:00" in out
    assert "America/Los_Angeles" in out


def test_a_mentor_in_the_mentees_zone_gets_one_time(alex):
    """Same zone as the mentee: the time once, no second clock."""
    alex.ok("meeting", "add", "--mentor", "sam", "--at", "2026-11-24 15:00")
    alex.ok("topic", "add", "Moving teams", "--mentor", "sam")
    heading = alex.ok("agenda", "next", "--mentor", "sam", "--format", "markdown").out
    heading = heading.splitlines()[0]
    assert "15:00" in heading
    assert "(" not in heading


def test_meeting_time_is_stored_with_the_utc_offset_of_the_mentees_zone(alex):
    """A winter time gets +01:00, a summer time +02:00 (Europe/Berlin)."""
    winter = alex.add("meeting", "add", "--mentor", "alex-kim", "--at", "2026-12-03 15:00")
    summer = alex.add("meeting", "add", "--mentor", "alex-kim", "--at", "2027-07-01 15:00")
    assert alex.json("meeting", "show", winter)["at"] == "2026-12-03T15:00:00+01:00"
    assert alex.json("meeting", "show", summer)["at"] == "2027-07-01T15:00:00+02:00"


def test_weekday_and_time_form(alex):
    """`fri 15:00` on Saturday 2026-11-21 is Friday 2026-11-27 at 15:00 local time."""
    meeting = alex.add("meeting", "add", "--mentor", "alex-kim", "--at", "fri 15:00")
    assert alex.json("meeting", "show", meeting)["at"] == "2026-11-27T15:00:00+01:00"


def test_meeting_show_gives_the_mentors_local_time(alex):
    """Wherever a meeting time is shown, the mentor's local time is beside it."""
    meeting = alex.add("meeting", "add", "--mentor", "show", "--at", "2026-11-24 15:00")
    out = alex.ok("meeting", "show", meeting).out
    assert "15:00" in out
    assert "06:00" in out


def test_cancel_without_a_reason_claims_nothing_it_cannot_know(alex):
    """Without --reason the message says only that nothing needs the mentor's time; with one,
    the reason is its own sentence."""
    meeting = alex.add("meeting", "add", "--mentor", "cancel", "--at", "2026-11-26 15:00")
    out = alex.ok("meeting", "cancel", meeting).out
    assert "progress" not in out
    assert "nothing new" in out
    reasoned = alex.add("meeting", "add", "--mentor", "cancel", "--at", "2026-11-27 15:00")
    out = alex.ok("meeting", "cancel", reasoned, "--reason", "a customer escalation").out
    assert "? A customer escalation.\n" in out


def test_dashboard_gives_the_mentors_local_time_of_the_next_meeting(journal):
    """The dashboard's next meeting has the mentor's local time beside the mentee's."""
    journal.load(mentors=[{"id": "ana", "name": "Ana Ruiz", "timezone": "America/New_York"}])
    meeting = journal.add("meeting", "add", "--mentor", "ana", "--at", "2026-11-22 09:00")
    out = flat(journal.ok().out)
    assert "Next meeting: Ana Ruiz, Sun 2026-11-22 09:00 (03:00 for Ana, America/New_York)" in out
    assert meeting in out
