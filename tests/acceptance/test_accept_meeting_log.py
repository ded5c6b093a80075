"""SPEC "Meetings": action items created while logging a meeting get the meeting's mentor and
meeting, and the goal when that mentor serves exactly one active goal; `meeting log --mentor
… --at …` logs a meeting that was never planned and prints its id when piped.

The logs run side by side in one journal, which is then read once (`export`)."""

from __future__ import annotations

from typing import Any

import pytest
from acceptance_helpers import Done, Journal, by_id

LOGS = {
    "one": ("meeting", "log", "mt-one", "--action", "Write the RFC",
            "--mentor-action", "Review the RFC", "--due", "2026-12-01"),
    "two": ("meeting", "log", "mt-two", "--action", "Pick a goal"),
    "none": ("meeting", "log", "mt-none", "--action", "Think it over"),
    "goal": ("meeting", "log", "--mentor", "Mentor Two", "--at", "2026-11-20 09:00",
             "--action", "Draft the talk", "--goal", "g-other"),
    "unplanned": ("meeting", "log", "--mentor", "one", "--at", "yesterday 10:00",
                  "--notes", "Talked about pay", "--advice", "Ask early",
                  "--action", "Book a slot"),
    "json": ("meeting", "log", "--mentor", "none", "--at", "2026-11-18 10:00",
             "--notes", "Quick chat", "--json"),
    "future": ("meeting", "log", "--mentor", "none", "--at", "2026-11-30 10:00",
               "--notes", "not yet"),
    "words": ("meeting", "log", "--mentor", "none", "--at", "2026-11-17 10:00",
              "--action", "One thing"),
}  # fmt: skip


@pytest.fixture(scope="module")
def logged(module_root) -> dict[str, Any]:
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
    done = dict(zip(LOGS, j.run_many(*LOGS.values()), strict=True))
    document = j.json("export")
    return {
        "done": done,
        "meetings": by_id(document["meetings"]),
        "actions": by_id(document["actions"]),
    }


def ok(logged: dict[str, Any], name: str) -> Done:
    done: Done = logged["done"][name]
    assert done.code == 0, done
    return done


def actions_of(logged: dict[str, Any], meeting: str) -> dict[str, dict[str, Any]]:
    """The actions a logged meeting lists, by title."""
    listed = logged["meetings"][meeting]["actions"]
    return {logged["actions"][i]["title"]: logged["actions"][i] for i in listed}


def test_actions_get_mentor_meeting_and_the_one_active_goal(logged):
    """Mentor `one` serves exactly one active goal: both new items get it, the mentor, the
    meeting; --action is the mentee's, --mentor-action the mentor's promise."""
    ok(logged, "one")
    actions = actions_of(logged, "mt-one")
    mine, theirs = actions["Write the RFC"], actions["Review the RFC"]
    assert (mine["owner"], theirs["owner"]) == ("me", "mentor")
    for action in (mine, theirs):
        assert action["mentor"] == "one"
        assert action["meeting"] == "mt-one"
        assert action["goal"] == "g-active"
        assert action["status"] == "open"
    assert mine["due"] == "2026-12-01"
    assert logged["meetings"]["mt-one"]["status"] == "held"


def test_actions_get_no_goal_when_the_mentor_serves_two_active_goals(logged):
    """Mentor `two` serves two active goals: the new action gets mentor and meeting, no goal."""
    ok(logged, "two")
    action = actions_of(logged, "mt-two")["Pick a goal"]
    assert (action["mentor"], action["meeting"], action["goal"]) == ("two", "mt-two", None)


def test_actions_get_no_goal_when_the_mentor_serves_none(logged):
    """Mentor `none` serves no goal: no goal on the new action."""
    ok(logged, "none")
    action = actions_of(logged, "mt-none")["Think it over"]
    assert (action["mentor"], action["goal"]) == ("none", None)


def test_goal_option_names_the_goal_of_the_new_actions(logged):
    """`--goal` gives the new actions that goal, whatever the mentor serves."""
    meeting = ok(logged, "goal").out.strip()
    assert actions_of(logged, meeting)["Draft the talk"]["goal"] == "g-other"


def test_unplanned_log_creates_a_held_meeting_and_prints_its_id(logged):
    """`meeting log --mentor … --at …` piped: stdout is the meeting's id alone; the meeting
    is held at that time with its notes; its actions point to it."""
    done = ok(logged, "unplanned")
    meeting = done.out.strip()
    assert done.out == f"{meeting}\n"
    assert meeting in done.err
    shown = logged["meetings"][meeting]
    assert shown["status"] == "held"
    assert shown["at"] == "2026-11-20T10:00:00+01:00"
    assert shown["mentor"] == "one"
    assert shown["notes"] == "Talked about pay"
    assert shown["advice"] == ["Ask early"]
    action = actions_of(logged, meeting)["Book a slot"]
    assert (action["meeting"], action["goal"]) == (meeting, "g-active")


def test_unplanned_log_with_json_prints_the_meeting(logged):
    """`--json` wins: the logged meeting as a JSON object, no bare id."""
    record = ok(logged, "json").json
    assert record["mentor"] == "none"
    assert record["status"] == "held"
    assert logged["meetings"][record["id"]]["notes"] == "Quick chat"


def test_unplanned_log_in_the_future_is_refused(logged):
    """A meeting cannot be logged as held at a time after today."""
    done = logged["done"]["future"]
    assert done.code == 2
    done.one_clean_error_line()
    assert not any(m["notes"] == "not yet" for m in logged["meetings"].values())


def test_the_log_confirmation_counts_in_words(logged):
    """`meeting log` confirms "1 action added", not "action(s)"."""
    done = ok(logged, "words")
    assert "1 action added" in done.err
    assert "(s)" not in done.err
