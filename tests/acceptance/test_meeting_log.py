"""SPEC "Meetings": action items created while logging a meeting get the meeting's mentor and
meeting, and the goal when that mentor serves exactly one active goal; `meeting log --mentor
… --at …` logs a meeting that was never planned and prints its id when piped."""

from __future__ import annotations

from typing import Any

import pytest
from acceptance_helpers import Journal, by_id


@pytest.fixture(scope="module")
def mentors(module_root) -> Journal:
    """`one` serves one active goal (and a paused and an achieved one); `two` serves two
    active goals; `none` serves no goal. Each has a meeting planned for Thursday (over)."""
    j = Journal(module_root)
    j.load(
        goals=[
            {"id": "g-active", "title": "Active goal", "mentors": ["one", "two"]},
            {"id": "g-paused", "title": "Paused goal", "status": "paused", "mentors": ["one"]},
            {
                "id": "g-achieved",
                "title": "Achieved goal",
                "status": "achieved",
                "achieved": "2026-10-01",
                "mentors": ["one"],
            },
            {"id": "g-other", "title": "Other goal", "mentors": ["two"]},
        ],
        mentors=[{"id": m, "name": f"Mentor {m.title()}"} for m in ("one", "two", "none")],
        meetings=[
            {"id": f"mt-{m}", "mentor": m, "at": "2026-11-19T15:00:00+01:00"}
            for m in ("one", "two", "none")
        ],
    )
    return j


def logged_actions(j: Journal, meeting: str) -> dict[str, dict[str, Any]]:
    shown = j.json("meeting", "show", meeting)
    actions = {a["id"]: a for a in j.json("action", "list", "--all")}
    return {actions[i]["title"]: actions[i] for i in shown["actions"]}


def test_actions_get_mentor_meeting_and_the_one_active_goal(mentors):
    """Mentor `one` serves exactly one active goal: both new items get it, the mentor, the
    meeting; --action is the mentee's, --mentor-action the mentor's promise."""
    mentors.ok(
        "meeting",
        "log",
        "mt-one",
        "--action",
        "Write the RFC",
        "--mentor-action",
        "Review the RFC",
        "--due",
        "2026-12-01",
    )
    actions = logged_actions(mentors, "mt-one")
    mine, theirs = actions["Write the RFC"], actions["Review the RFC"]
    assert (mine["owner"], theirs["owner"]) == ("me", "mentor")
    for action in (mine, theirs):
        assert action["mentor"] == "one"
        assert action["meeting"] == "mt-one"
        assert action["goal"] == "g-active"
        assert action["status"] == "open"
    assert mine["due"] == "2026-12-01"
    assert mentors.json("meeting", "show", "mt-one")["status"] == "held"


def test_actions_get_no_goal_when_the_mentor_serves_two_active_goals(mentors):
    """Mentor `two` serves two active goals: the new action gets mentor and meeting, no goal."""
    mentors.ok("meeting", "log", "mt-two", "--action", "Pick a goal")
    action = logged_actions(mentors, "mt-two")["Pick a goal"]
    assert (action["mentor"], action["meeting"], action["goal"]) == ("two", "mt-two", None)


def test_actions_get_no_goal_when_the_mentor_serves_none(mentors):
    """Mentor `none` serves no goal: no goal on the new action."""
    mentors.ok("meeting", "log", "mt-none", "--action", "Think it over")
    action = logged_actions(mentors, "mt-none")["Think it over"]
    assert (action["mentor"], action["goal"]) == ("none", None)


def test_goal_option_names_the_goal_of_the_new_actions(mentors):
    """`--goal` gives the new actions that goal, whatever the mentor serves."""
    meeting = mentors.add(
        "meeting",
        "log",
        "--mentor",
        "Mentor Two",
        "--at",
        "2026-11-20 09:00",
        "--action",
        "Draft the talk",
        "--goal",
        "g-other",
    )
    assert logged_actions(mentors, meeting)["Draft the talk"]["goal"] == "g-other"


def test_unplanned_log_creates_a_held_meeting_and_prints_its_id(mentors):
    """`meeting log --mentor … --at …` piped: stdout is the meeting's id alone; the meeting
    is held at that time with its notes; its actions point to it."""
    done = mentors.ok(
        "meeting",
        "log",
        "--mentor",
        "one",
        "--at",
        "yesterday 10:00",
        "--notes",
        "Talked about pay",
        "--advice",
        "Ask early",
        "--action",
        "Book a slot",
    )
    meeting = done.out.strip()
    assert done.out == f"{meeting}\n"
    assert meeting in done.err
    shown = mentors.json("meeting", "show", meeting)
    assert shown["status"] == "held"
    assert shown["at"] == "2026-11-20T10:00:00+01:00"
    assert shown["mentor"] == "one"
    assert shown["notes"] == "Talked about pay"
    assert shown["advice"] == ["Ask early"]
    action = logged_actions(mentors, meeting)["Book a slot"]
    assert (action["meeting"], action["goal"]) == (meeting, "g-active")


def test_unplanned_log_with_json_prints_the_meeting(mentors):
    """`--json` wins: the logged meeting as a JSON object, no bare id."""
    done = mentors.ok(
        "meeting",
        "log",
        "--mentor",
        "none",
        "--at",
        "2026-11-18 10:00",
        "--notes",
        "Quick chat",
        "--json",
    )
    record = done.json
    assert record["mentor"] == "none"
    assert record["status"] == "held"
    assert by_id(mentors.json("meeting", "list", "--all"))[record["id"]]["notes"] == "Quick chat"


def test_unplanned_log_in_the_future_is_refused(mentors):
    """A meeting cannot be logged as held at a time after today."""
    done = mentors.run(
        "meeting", "log", "--mentor", "none", "--at", "2026-11-30 10:00", "--notes", "not yet"
    )
    assert done.code == 2
    done.one_clean_error_line()


def test_the_log_confirmation_counts_in_words(mentors):
    """`meeting log` confirms "1 action added", not "action(s)"."""
    done = mentors.ok(
        "meeting", "log", "--mentor", "none", "--at", "2026-11-17 10:00", "--action", "One thing"
    )
    assert "1 action added" in done.err
    assert "(s)" not in done.err
