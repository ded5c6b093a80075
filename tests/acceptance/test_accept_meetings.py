"""SPEC "Meetings": unlogged meetings named first, planning only from today on, logging only
what was held, no apology for a meeting that is over, and both time zones in text meant to be
sent. Today is Saturday 2026-11-21 in Europe/Berlin (+01:00)."""

from __future__ import annotations

from typing import Any

import pytest
from acceptance_helpers import TODAY, Cmd, Done, Journal, by_id, flat


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


@pytest.fixture(scope="module")
def seen(week) -> dict[str, Done]:
    """What the dashboard, `check`, `meeting list` and `agenda next` say, today and tomorrow."""
    views = {
        "dashboard": Cmd(()),
        "dashboard_json": Cmd(("--json",)),
        "dashboard_tomorrow": Cmd(("--json",), today="2026-11-22"),
        "check": Cmd(("check",)),
        "check_tomorrow": Cmd(("check",), today="2026-11-22"),
        "list": Cmd(("meeting", "list")),
        "list_json": Cmd(("meeting", "list", "--json")),
        "agenda": Cmd(("agenda", "next", "--mentor", "alex kim", "--json")),
    }
    return dict(zip(views, week["j"].run_many(*views.values()), strict=True))


def test_dashboard_names_the_unlogged_meeting_first(week, seen):
    """The dashboard names the unlogged meeting, with "log it or cancel it", before the rest."""
    out = seen["dashboard"].out
    assert week["unlogged"] in out
    assert "log it or cancel it" in out
    assert out.index(week["unlogged"]) < out.index("Next meeting")


def test_dashboard_json_lists_unlogged_meetings(week, seen):
    """`mentee --json` has the unlogged meeting (and only it) under `unlogged`."""
    assert [m["id"] for m in seen["dashboard_json"].json["unlogged"]] == [week["unlogged"]]


def test_check_names_the_unlogged_meeting_first_and_exits_3(week, seen):
    """`check` exits 3 and its first line is the unlogged meeting."""
    done = seen["check"]
    assert done.code == 3, done
    first = done.out.splitlines()[0]
    assert week["unlogged"] in first
    assert "log" in first


def test_check_counts_only_active_mentors_past_cadence(seen):
    """Alex (active) is past cadence and named; Pat (paused, as long ago) is not."""
    out = seen["check"].out
    assert "Alex Kim" in out
    assert "Pat Paused" not in out


def test_check_names_a_meeting_within_two_days_with_an_empty_agenda(week, seen):
    """Priya's meeting on Tuesday has nothing to discuss: named from Sunday (2 days before),
    not on Saturday (3 days); Sam's meeting today has a topic and is not named for its agenda."""
    sunday, saturday = seen["check_tomorrow"], seen["check"]
    flagged = [line for line in sunday.out.splitlines() if week["upcoming"] in line]
    assert flagged, sunday
    assert "agenda" in flagged[0]
    assert week["upcoming"] not in saturday.out
    assert week["this_morning"] not in saturday.out


def test_check_exits_0_when_nothing_needs_attention(journal):
    """An empty journal needs nothing: exit 0."""
    assert journal.run("check").code == 0


def test_meeting_list_shows_unlogged_under_their_own_heading(week, seen):
    """`meeting list`: a heading, the unlogged meeting, then another heading and the upcoming."""
    lines = seen["list"].out.splitlines()
    row = next(i for i, line in enumerate(lines) if week["unlogged"] in line)
    upcoming = next(i for i, line in enumerate(lines) if week["upcoming"] in line)
    assert row < upcoming
    heading = lines[0]
    assert week["unlogged"] not in heading
    assert "log" in heading.lower()
    between = lines[row + 1 : upcoming]
    assert any(line.strip() and not line.startswith(("─", "id")) for line in between)


def test_meeting_list_json_includes_the_unlogged_meeting(week, seen):
    """`meeting list --json` still lists the unlogged (planned) meeting."""
    listed = by_id(seen["list_json"].json)
    assert listed[week["unlogged"]]["status"] == "planned"
    assert week["upcoming"] in listed


def test_agenda_next_builds_for_the_unlogged_meeting(week, seen):
    """`agenda next --mentor "alex kim"` is the agenda of the meeting that was never logged."""
    assert seen["agenda"].json["meeting"]["id"] == week["unlogged"]


def test_a_meeting_earlier_today_is_not_unlogged_until_tomorrow(week, seen):
    """With MENTEE_TODAY set, days compare: this morning's meeting is unlogged only tomorrow."""
    assert week["this_morning"] not in {m["id"] for m in seen["dashboard_json"].json["unlogged"]}
    tomorrow = {m["id"] for m in seen["dashboard_tomorrow"].json["unlogged"]}
    assert week["this_morning"] in tomorrow


# --- planning, logging, cancelling, and the times sent ----------------------------------------

LA = ("kim", "over", "future", "held", "cancel", "quiet", "markdown", "ics", "ask", "show")


@pytest.fixture(scope="module")
def scenes(tmp_path_factory) -> dict[str, Any]:
    """Mentors in Los Angeles (one per scene) and Sam in Berlin. Meetings are planned side by
    side, then logged, cancelled or read side by side, then every meeting is listed once."""
    j = Journal(tmp_path_factory.mktemp("scenes"))
    j.load(
        mentors=[
            *(
                {
                    "id": handle,
                    "name": f"Alex {handle.title()}",
                    "timezone": "America/Los_Angeles",
                    "email": f"{handle}@example.com",
                }
                for handle in LA
            ),
            {"id": "sam-berg", "name": "Sam Berg", "timezone": "Europe/Berlin"},
        ],
        topics=[
            {"id": "t-md", "text": "Promotion case", "mentor": "markdown"},
            {"id": "t-sam", "text": "Moving teams", "mentor": "sam-berg"},
        ],
    )

    def plan(mentor: str, at: str, today: str | None = None) -> Cmd:
        return Cmd(("meeting", "add", "--mentor", mentor, "--at", at), today=today)

    planned = {
        "yesterday": plan("kim", "2026-11-20 10:00"),
        "earlier_today": plan("kim", "today 00:30"),
        "winter": plan("kim", "2026-12-03 15:00"),
        "summer": plan("kim", "2027-07-01 15:00"),
        "friday": plan("kim", "fri 15:00"),
        "over": plan("over", "2026-11-19 15:00", "2026-11-18"),
        "future": plan("future", "2026-11-24 15:00"),
        "held": plan("held", "2026-11-24 15:00"),
        "cancel": plan("cancel", "2026-11-24 15:00"),
        "quiet": plan("quiet", "2026-11-26 15:00"),
        "reasoned": plan("quiet", "2026-11-27 15:00"),
        "markdown": plan("markdown", "2026-11-24 15:00"),
        "ics": plan("ics", "2026-11-24 15:00"),
        "ask": plan("ask", "2026-11-24 15:00"),
        "show": plan("show", "2026-11-24 15:00"),
        "sam": plan("sam", "2026-11-24 15:00"),
    }
    added = dict(zip(planned, j.run_many(*planned.values()), strict=True))
    ids = {name: done.out.strip() for name, done in added.items()}
    acts = {
        "log_future": ("meeting", "log", ids["future"], "--notes", "ok"),
        "log_held_early": (
            "meeting", "log", ids["held"], "--at", "2026-11-20 09:00", "--notes", "moved up",
        ),
        "log_over": ("meeting", "log", ids["over"], "--notes", "good talk"),
        "cancel": ("meeting", "cancel", ids["cancel"], "--reason", "I am ill"),
        "cancel_quiet": ("meeting", "cancel", ids["quiet"]),
        "cancel_reasoned": ("meeting", "cancel", ids["reasoned"], "--reason", "an escalation"),
        "markdown": ("agenda", "next", "--mentor", "markdown", "--format", "markdown"),
        "ics": ("agenda", "next", "--mentor", "ics", "--format", "ics"),
        "ask": ("mentor", "ask", "ask"),
        "show": ("meeting", "show", ids["show"]),
        "sam": ("agenda", "next", "--mentor", "sam", "--format", "markdown"),
    }  # fmt: skip
    done = dict(zip(acts, j.run_many(*acts.values()), strict=True))
    meetings = by_id(j.json("meeting", "list", "--all"))
    return {"j": j, "added": added, "ids": ids, "done": done, "meetings": meetings}


def test_meeting_add_before_today_is_a_usage_error_pointing_to_log(scenes):
    """`meeting add --at yesterday` exits 2 with one line naming `meeting log --mentor … --at`,
    and writes nothing."""
    done = scenes["added"]["yesterday"]
    assert done.code == 2
    line = done.one_clean_error_line()
    assert "meeting log --mentor" in line
    assert "--at" in line
    assert not any(m["at"].startswith("2026-11-20T10:00") for m in scenes["meetings"].values())


def test_meeting_add_earlier_today_is_allowed(scenes):
    """A meeting today, at an hour already past, can still be planned (days compare)."""
    assert scenes["added"]["earlier_today"].code == 0
    assert scenes["meetings"][scenes["ids"]["earlier_today"]]["status"] == "planned"


def test_meeting_log_of_a_future_meeting_is_a_usage_error(scenes):
    """Logging a meeting planned for Tuesday exits 2, says to use --at, and leaves it planned."""
    done = scenes["done"]["log_future"]
    assert done.code == 2
    assert "--at" in done.one_clean_error_line()
    assert scenes["meetings"][scenes["ids"]["future"]]["status"] == "planned"


def test_meeting_log_of_a_future_meeting_with_at_stores_when_it_was_held(scenes):
    """With --at (held earlier than planned) the meeting is logged held at that time."""
    assert scenes["done"]["log_held_early"].code == 0
    shown = scenes["meetings"][scenes["ids"]["held"]]
    assert (shown["status"], shown["at"], shown["notes"]) == (
        "held",
        "2026-11-20T09:00:00+01:00",
        "moved up",
    )


def test_meeting_log_of_an_unlogged_meeting_marks_it_held(scenes):
    """A meeting whose day is past is logged as held, at its planned time."""
    assert scenes["done"]["log_over"].code == 0
    shown = scenes["meetings"][scenes["ids"]["over"]]
    assert (shown["status"], shown["at"]) == ("held", "2026-11-19T15:00:00+01:00")


def test_cancel_of_a_meeting_already_over_prints_no_apology(journal):
    """Cancelling a meeting that is over: cancelled, and no message to send on stdout."""
    journal.load(
        mentors=[{"id": "ana", "name": "Ana Ruiz", "email": "ana@example.com"}],
        meetings=[{"id": "mt-over", "mentor": "ana", "at": "2026-11-19T15:00:00+01:00"}],
    )
    done = journal.ok("meeting", "cancel", "mt-over", "--reason", "Forgot to log it")
    assert "Hi Ana" not in done.out
    assert "Would you" not in done.out
    assert "sorry" not in done.out.lower()
    assert journal.json("meeting", "show", "mt-over")["status"] == "cancelled"


def test_cancel_of_an_upcoming_meeting_gives_both_time_zones(scenes):
    """The cancel message names 15:00 (Berlin) and 06:00 in America/Los_Angeles."""
    out = scenes["done"]["cancel"].out
    assert "Hi Alex" in out
    assert "15:00" in out
    assert "06:00" in out
    assert "America/Los_Angeles" in out
    cancelled = scenes["meetings"][scenes["ids"]["cancel"]]
    assert (cancelled["status"], cancelled["cancel_reason"]) == ("cancelled", "I am ill")


def test_cancel_without_a_reason_claims_nothing_it_cannot_know(scenes):
    """Without --reason the message says only that nothing needs the mentor's time; with one,
    the reason is its own sentence."""
    quiet = scenes["done"]["cancel_quiet"].out
    assert "progress" not in quiet
    assert "nothing new" in quiet
    assert "? An escalation.\n" in scenes["done"]["cancel_reasoned"].out


def test_markdown_agenda_heading_gives_both_time_zones(scenes):
    """The markdown agenda (to send) gives the meeting in both zones."""
    heading = scenes["done"]["markdown"].out.splitlines()[0]
    assert "2026-11-24 15:00" in heading
    assert "06:00" in heading
    assert "America/Los" in heading


def test_ics_description_gives_both_time_zones(scenes):
    """The invitation's DESCRIPTION names the time in both zones."""
    unfolded = scenes["done"]["ics"].out.replace("\r\n ", "").replace("\n ", "")
    description = next(line for line in unfolded.splitlines() if line.startswith("DESCRIPTION"))
    assert "15:00" in description
    assert "06:00" in description
    assert "America/Los_Angeles" in description


def test_ask_message_gives_both_time_zones_for_a_planned_call(scenes):
    """`mentor ask` offers the planned meeting's time in both zones."""
    out = scenes["done"]["ask"].out
    assert "Hi Alex" in out
    assert "15:00" in out
    assert "06:00" in out
    assert "America/Los_Angeles" in out


def test_a_mentor_in_the_mentees_zone_gets_one_time(scenes):
    """Same zone as the mentee: the time once, no second clock."""
    heading = scenes["done"]["sam"].out.splitlines()[0]
    assert "15:00" in heading
    assert "(" not in heading


def test_meeting_time_is_stored_with_the_utc_offset_of_the_mentees_zone(scenes):
    """A winter time gets +01:00, a summer time +02:00 (Europe/Berlin)."""
    meetings, ids = scenes["meetings"], scenes["ids"]
    assert meetings[ids["winter"]]["at"] == "2026-12-03T15:00:00+01:00"
    assert meetings[ids["summer"]]["at"] == "2027-07-01T15:00:00+02:00"


def test_weekday_and_time_form(scenes):
    """`fri 15:00` on Saturday 2026-11-21 is Friday 2026-11-27 at 15:00 local time."""
    assert scenes["meetings"][scenes["ids"]["friday"]]["at"] == "2026-11-27T15:00:00+01:00"


def test_meeting_show_gives_the_mentors_local_time(scenes):
    """Wherever a meeting time is shown, the mentor's local time is beside it."""
    out = scenes["done"]["show"].out
    assert "15:00" in out
    assert "06:00" in out


def test_dashboard_gives_the_mentors_local_time_of_the_next_meeting(journal):
    """The dashboard's next meeting has the mentor's local time beside the mentee's."""
    journal.load(mentors=[{"id": "ana", "name": "Ana Ruiz", "timezone": "America/New_York"}])
    meeting = journal.add("meeting", "add", "--mentor", "ana", "--at", "2026-11-22 09:00")
    out = flat(journal.ok().out)
    assert "Next meeting: Ana Ruiz, Sun 2026-11-22 09:00 (03:00 for Ana, America/New_York)" in out
    assert meeting in out
