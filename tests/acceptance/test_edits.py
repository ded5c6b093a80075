"""Issue 12 and SPEC "Commands": edits without $EDITOR (milestones, every option of `action
add` on `action edit`, `mentor edit` with `mentor add`'s options and `--since`), `goal done`
that says when milestones are open, and `goal drop` of an achieved goal only with --force.
No EDITOR or VISUAL is set: an edit that tried to open one would fail."""

from __future__ import annotations

from typing import Any

import pytest
from acceptance_helpers import Journal, by_id


@pytest.fixture(scope="module")
def desk(module_root) -> Journal:
    j = Journal(module_root)
    j.load(
        goals=[
            {
                "id": "g-one",
                "title": "Goal one",
                "start": "2026-10-01",
                "target": "2027-06-01",
                "mentors": ["alex-kim"],
            },
            {"id": "g-two", "title": "Goal two", "start": "2026-10-01", "target": "2027-06-01"},
        ],
        mentors=[
            {"id": "alex-kim", "name": "Alex Kim"},
            {"id": "priya-raman", "name": "Priya Raman"},
        ],
        meetings=[
            {
                "id": "mt-one",
                "mentor": "alex-kim",
                "at": "2026-11-10T10:00:00+01:00",
                "status": "held",
            }
        ],
        feedback=[
            {
                "id": "fb-one",
                "date": "2026-11-10",
                "source": "manager",
                "kind": "constructive",
                "text": "Talks too fast",
            }
        ],
    )
    return j


def milestones(j: Journal, goal: str) -> list[dict[str, Any]]:
    return j.json("goal", "show", goal)["milestones"]


def test_milestone_edit_changes_title_and_due_and_none_clears(journal):
    """`goal milestone edit G N --title --due` changes milestone N; `--due none` clears it."""
    goal = journal.add("goal", "add", "Lead", "--by", "2027-06-01")
    journal.ok("goal", "milestone", "add", goal, "First")
    journal.ok("goal", "milestone", "add", goal, "Second", "--due", "2026-12-01")
    journal.ok("goal", "milestone", "edit", goal, "1", "--title", "First, renamed", "--due", "eom")
    journal.ok("goal", "milestone", "edit", goal, "2", "--due", "none")
    assert [(m["title"], m["due"]) for m in milestones(journal, goal)] == [
        ("First, renamed", "2026-11-30"),
        ("Second", None),
    ]


def test_milestone_remove_moves_the_later_ones_up(journal):
    """`goal milestone remove G 1`: milestone 2 becomes 1 (and `milestone done 1` hits it)."""
    goal = journal.add("goal", "add", "Lead")
    for title in ("First", "Second", "Third"):
        journal.ok("goal", "milestone", "add", goal, title)
    journal.ok("goal", "milestone", "remove", goal, "1")
    journal.ok("goal", "milestone", "done", goal, "1")
    assert [(m["title"], m["done"]) for m in milestones(journal, goal)] == [
        ("Second", "2026-11-21"),
        ("Third", None),
    ]


def test_a_milestone_number_out_of_range_is_an_error(desk):
    """Milestone 3 of a goal without milestones: a clear one-line error, not a traceback."""
    done = desk.run("goal", "milestone", "edit", "g-two", "3", "--title", "x")
    assert done.code != 0
    done.one_clean_error_line()


def test_action_edit_takes_every_option_of_action_add(desk):
    """`action edit` sets title, due, goal, mentor (by name), meeting, feedback, practice
    and owner, without an editor."""
    action = desk.add("action", "add", "Draft")
    desk.ok(
        "action",
        "edit",
        action,
        "--title",
        "Draft the RFC",
        "--due",
        "fri",
        "--goal",
        "g-two",
        "--mentor",
        "priya raman",
        "--meeting",
        "mt-one",
        "--feedback",
        "fb-one",
        "--practice",
        "--owner",
        "mentor",
    )
    shown = desk.json("action", "show", action)
    assert shown["title"] == "Draft the RFC"
    assert shown["due"] == "2026-11-27"
    assert (shown["goal"], shown["mentor"], shown["meeting"], shown["feedback"]) == (
        "g-two",
        "priya-raman",
        "mt-one",
        "fb-one",
    )
    assert (shown["kind"], shown["owner"]) == ("practice", "mentor")


def test_action_edit_none_clears_and_task_undoes_practice(desk):
    """`--due none --goal none --mentor none --meeting none --feedback none --task
    --owner me` clear the links and make it the mentee's plain task again."""
    action = desk.add(
        "action",
        "add",
        "Practice the talk",
        "--practice",
        "--due",
        "fri",
        "--goal",
        "g-one",
        "--mentor",
        "alex",
        "--meeting",
        "mt-one",
        "--feedback",
        "fb-one",
        "--owner",
        "mentor",
    )
    desk.ok(
        "action",
        "edit",
        action,
        "--due",
        "none",
        "--goal",
        "none",
        "--mentor",
        "none",
        "--meeting",
        "none",
        "--feedback",
        "none",
        "--task",
        "--owner",
        "me",
    )
    shown = desk.json("action", "show", action)
    assert [shown[k] for k in ("due", "goal", "mentor", "meeting", "feedback")] == [None] * 5
    assert (shown["kind"], shown["owner"]) == ("task", "me")


def test_action_edit_feedback_clears_the_follow_up_suggestion(journal):
    """Constructive feedback no action answers gets `follow_up`; linking an action ends it."""
    feedback = journal.add(
        "feedback", "add", "Rushed the ending", "--from", "manager", "--kind", "constructive"
    )
    action = journal.add("action", "add", "Rehearse the ending")

    def follow_ups() -> list[dict[str, Any]]:
        return [s for s in journal.json("review")["suggestions"] if s["kind"] == "follow_up"]

    assert [s["feedback"] for s in follow_ups()] == [feedback]
    journal.ok("action", "edit", action, "--feedback", feedback)
    assert follow_ups() == []


def test_mentor_edit_since_and_the_options_of_mentor_add(desk):
    """`mentor edit` sets --since and every field `mentor add` has; `none` clears one."""
    desk.ok(
        "mentor",
        "edit",
        "alex-kim",
        "--since",
        "2025-03-01",
        "--email",
        "a@example.com",
        "--phone",
        "+1 555",
        "--org",
        "Acme",
        "--role",
        "Staff engineer",
        "--channel",
        "video",
        "--cadence",
        "3w",
        "--timezone",
        "America/Los_Angeles",
        "--status",
        "paused",
        "--why",
        "Led the platform",
        "--met",
        "At a meetup",
        "--availability",
        "Tuesdays",
        "--response-time",
        "a day",
        "--expertise",
        "design",
        "--link",
        "https://example.com/alex",
        "--notes",
        "Prefers short agendas",
        "--name",
        "Alex J. Kim",
    )
    shown = desk.json("mentor", "show", "alex-kim")
    expected = {
        "since": "2025-03-01",
        "email": "a@example.com",
        "phone": "+1 555",
        "org": "Acme",
        "role": "Staff engineer",
        "channel": "video",
        "cadence_days": 21,
        "timezone": "America/Los_Angeles",
        "status": "paused",
        "why": "Led the platform",
        "met": "At a meetup",
        "availability": "Tuesdays",
        "response_time": "a day",
        "expertise": ["design"],
        "links": ["https://example.com/alex"],
        "notes": "Prefers short agendas",
        "name": "Alex J. Kim",
        "id": "alex-kim",
    }
    assert {k: shown[k] for k in expected} == expected
    desk.ok(
        "mentor",
        "edit",
        "alex-kim",
        "--email",
        "none",
        "--no-expertise",
        "design",
        "--no-link",
        "https://example.com/alex",
        "--status",
        "active",
    )
    cleared = desk.json("mentor", "show", "alex-kim")
    assert (cleared["email"], cleared["expertise"], cleared["links"]) == (None, [], [])


def test_goal_done_with_open_milestones_says_so(journal):
    """`goal done` marks the goal achieved today and says a milestone is still open."""
    goal = journal.add("goal", "add", "Lead")
    journal.ok("goal", "milestone", "add", goal, "Open one")
    done = journal.ok("goal", "done", goal)
    assert "open" in (done.out + done.err).lower()
    shown = journal.json("goal", "show", goal)
    assert (shown["status"], shown["achieved"]) == ("achieved", "2026-11-21")


def test_goal_drop_of_an_achieved_goal_needs_force(journal):
    """Dropping an achieved goal is refused (one line naming --force) and changes nothing;
    with --force it is dropped."""
    goal = journal.add("goal", "add", "Lead")
    journal.ok("goal", "done", goal)
    refused = journal.run("goal", "drop", goal)
    assert refused.code != 0
    assert "--force" in refused.one_clean_error_line()
    assert journal.json("goal", "show", goal)["achieved"] == "2026-11-21"
    journal.ok("goal", "drop", goal, "--force")
    assert journal.json("goal", "show", goal)["status"] == "dropped"


def test_goal_edit_and_retarget_without_an_editor(desk):
    """`goal edit` options and `goal retarget` keep the reason in the timeline."""
    goal = desk.add("goal", "add", "Ship a talk", "--by", "2027-01-31")
    desk.ok(
        "goal",
        "edit",
        goal,
        "--why",
        "Visibility",
        "--baseline",
        "Never spoke",
        "--success",
        "One talk given",
        "--tag",
        "talks",
    )
    desk.ok("goal", "retarget", goal, "--by", "2027-03-31", "--reason", "CFP moved")
    shown = desk.json("goal", "show", goal)
    assert (shown["why"], shown["baseline"], shown["success"], shown["tags"]) == (
        "Visibility",
        "Never spoke",
        "One talk given",
        ["talks"],
    )
    assert shown["target"] == "2027-03-31"
    assert shown["timeline"] == [
        {"date": "2026-11-21", "from": "2027-01-31", "to": "2027-03-31", "reason": "CFP moved"}
    ]


def test_edits_leave_other_records_alone(desk):
    """An action edit touches only that action's file."""
    before = desk.snapshot()
    action = desk.add("action", "add", "Alone")
    after_add = desk.snapshot()
    desk.ok("action", "edit", action, "--title", "Alone, renamed")
    after = desk.snapshot()
    changed = {k for k in after if after[k] != after_add.get(k)}
    assert changed == {f"actions/{action}.toml"}
    assert set(before) | {f"actions/{action}.toml"} == set(after)
    assert by_id(desk.json("action", "list"))[action]["title"] == "Alone, renamed"
