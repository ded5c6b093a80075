"""Issue 12 and SPEC "Commands": edits without $EDITOR (milestones, every option of `action
add` on `action edit`, `mentor edit` with `mentor add`'s options and `--since`), `goal done`
that says when milestones are open, and `goal drop` of an achieved goal only with --force.
No EDITOR or VISUAL is set: an edit that tried to open one would fail.

One journal; each test's records are its own. The edits run side by side in two rounds, and
the journal is read once at the end (`export`), as a script would."""

from __future__ import annotations

from typing import Any

import pytest
from acceptance_helpers import Cmd, Done, Journal, by_id


def _milestones(*titles: str, due: dict[str, str] | None = None) -> list[dict[str, Any]]:
    return [{"title": t, "due": (due or {}).get(t)} for t in titles]


GOALS: list[dict[str, Any]] = [
    {"id": "g-one", "title": "Goal one", "mentors": ["alex-kim"]},
    {"id": "g-two", "title": "Goal two"},
    {
        "id": "g-edit",
        "title": "Milestones to edit",
        "target": "2027-06-01",
        "milestones": _milestones("First", "Second", due={"Second": "2026-12-01"}),
    },
    {"id": "g-remove", "title": "Milestones to remove", "milestones": _milestones("A", "B", "C")},
    {"id": "g-done", "title": "Done with one open", "milestones": _milestones("Open one")},
    {"id": "g-refused", "title": "Achieved, kept", "status": "achieved", "achieved": "2026-11-01"},
    {
        "id": "g-forced",
        "title": "Achieved, dropped",
        "status": "achieved",
        "achieved": "2026-11-01",
    },
    {"id": "g-plan", "title": "Ship a talk", "start": "2026-10-01", "target": "2027-01-31"},
]
ACTIONS = [
    {"id": "a-edit", "title": "Draft"},
    {
        "id": "a-clear",
        "title": "Practice the talk",
        "kind": "practice",
        "due": "2026-11-27",
        "goal": "g-one",
        "mentor": "alex-kim",
        "meeting": "mt-one",
        "feedback": "fb-one",
        "owner": "mentor",
    },
    {"id": "a-follow", "title": "Rehearse the ending"},
]
MENTOR_FIELDS = {
    "since": "2025-03-01",
    "email": "a@example.com",
    "phone": "+1 555",
    "org": "Acme",
    "role": "Staff engineer",
    "channel": "video",
    "timezone": "America/Los_Angeles",
    "status": "paused",
    "why": "Led the platform",
    "met": "At a meetup",
    "availability": "Tuesdays",
    "response_time": "a day",
    "notes": "Prefers short agendas",
    "name": "Alex J. Kim",
}


@pytest.fixture(scope="module")
def edited(module_root) -> dict[str, Any]:
    j = Journal(module_root)
    j.load(
        goals=GOALS,
        actions=ACTIONS,
        mentors=[
            {"id": "alex-kim", "name": "Alex Kim"},
            {"id": "priya-raman", "name": "Priya Raman"},
            {"id": "sam-lee", "name": "Sam Lee", "email": "sam@example.com"},
        ],
        meetings=[
            {"id": "mt-one", "mentor": "alex-kim", "at": "2026-11-10T10:00:00+01:00",
             "status": "held"},
        ],
        feedback=[
            {"id": "fb-one", "date": "2026-11-10", "source": "manager", "kind": "observation",
             "text": "Talks too fast"},
            {"id": "fb-follow", "date": "2026-11-10", "source": "manager",
             "kind": "constructive", "text": "Rushed the ending"},
        ],
    )  # fmt: skip
    mentor_options = [
        arg for key, value in MENTOR_FIELDS.items() for arg in (f"--{key.replace('_', '-')}", value)
    ]
    first = {
        "milestone_title_due": ("goal", "milestone", "edit", "g-edit", "1", "--title",
                                "First, renamed", "--due", "eom"),
        "milestone_due_none": ("goal", "milestone", "edit", "g-edit", "2", "--due", "none"),
        "milestone_remove": ("goal", "milestone", "remove", "g-remove", "1"),
        "milestone_out_of_range": ("goal", "milestone", "edit", "g-two", "3", "--title", "x"),
        "action_edit": ("action", "edit", "a-edit", "--title", "Draft the RFC", "--due", "fri",
                        "--goal", "g-two", "--mentor", "priya raman", "--meeting", "mt-one",
                        "--feedback", "fb-one", "--practice", "--owner", "mentor"),
        "action_clear": ("action", "edit", "a-clear", "--due", "none", "--goal", "none",
                         "--mentor", "none", "--meeting", "none", "--feedback", "none",
                         "--task", "--owner", "me"),
        "goal_done": ("goal", "done", "g-done"),
        "drop_refused": ("goal", "drop", "g-refused"),
        "drop_forced": ("goal", "drop", "g-forced", "--force"),
        "goal_edit": ("goal", "edit", "g-plan", "--why", "Visibility", "--baseline",
                      "Never spoke", "--success", "One talk given", "--tag", "talks"),
        "mentor_edit": ("mentor", "edit", "alex-kim", *mentor_options, "--cadence", "3w",
                        "--expertise", "design", "--link", "https://example.com/alex"),
        "mentor_clear": ("mentor", "edit", "Sam Lee", "--email", "none"),
        "review_before": ("review", "--json"),
    }  # fmt: skip
    done = dict(zip(first, j.run_many(*first.values()), strict=True))
    second = {
        "milestone_done": Cmd(("goal", "milestone", "done", "g-remove", "1")),
        "retarget": Cmd(("goal", "retarget", "g-plan", "--by", "2027-03-31", "--reason", "CFP")),
        "answer": Cmd(("action", "edit", "a-follow", "--feedback", "fb-follow")),
        "mentor_unlist": Cmd(
            ("mentor", "edit", "alex-kim", "--no-expertise", "design", "--no-link",
             "https://example.com/alex")
        ),
    }  # fmt: skip
    done |= dict(zip(second, j.run_many(*second.values()), strict=True))
    export, review = j.run_many(("export", "--format", "json"), ("review", "--json"))
    document = export.json
    return {
        "done": done,
        "goals": by_id(document["goals"]),
        "actions": by_id(document["actions"]),
        "mentors": by_id(document["mentors"]),
        "review": review.json,
    }


def ok(edited: dict[str, Any], name: str) -> Done:
    done: Done = edited["done"][name]
    assert done.code == 0, done
    return done


def milestones(edited: dict[str, Any], goal: str) -> list[tuple[str, str | None, str | None]]:
    return [(m["title"], m["due"], m["done"]) for m in edited["goals"][goal]["milestones"]]


def test_milestone_edit_changes_title_and_due_and_none_clears(edited):
    """`goal milestone edit G N --title --due` changes milestone N; `--due none` clears it."""
    ok(edited, "milestone_title_due")
    ok(edited, "milestone_due_none")
    assert milestones(edited, "g-edit") == [
        ("First, renamed", "2026-11-30", None),
        ("Second", None, None),
    ]


def test_milestone_remove_moves_the_later_ones_up(edited):
    """`goal milestone remove G 1`: milestone 2 becomes 1 (and `milestone done 1` hits it)."""
    ok(edited, "milestone_remove")
    ok(edited, "milestone_done")
    assert milestones(edited, "g-remove") == [("B", None, "2026-11-21"), ("C", None, None)]


def test_a_milestone_number_out_of_range_is_an_error(edited):
    """Milestone 3 of a goal without milestones: a clear one-line error, not a traceback."""
    done = edited["done"]["milestone_out_of_range"]
    assert done.code != 0
    done.one_clean_error_line()


def test_action_edit_takes_every_option_of_action_add(edited):
    """`action edit` sets title, due, goal, mentor (by name), meeting, feedback, practice
    and owner, without an editor."""
    ok(edited, "action_edit")
    shown = edited["actions"]["a-edit"]
    assert shown["title"] == "Draft the RFC"
    assert shown["due"] == "2026-11-27"
    assert (shown["goal"], shown["mentor"], shown["meeting"], shown["feedback"]) == (
        "g-two",
        "priya-raman",
        "mt-one",
        "fb-one",
    )
    assert (shown["kind"], shown["owner"]) == ("practice", "mentor")


def test_action_edit_none_clears_and_task_undoes_practice(edited):
    """`--due none --goal none --mentor none --meeting none --feedback none --task
    --owner me` clear the links and make it the mentee's plain task again."""
    ok(edited, "action_clear")
    shown = edited["actions"]["a-clear"]
    assert [shown[k] for k in ("due", "goal", "mentor", "meeting", "feedback")] == [None] * 5
    assert (shown["kind"], shown["owner"]) == ("task", "me")


def test_action_edit_feedback_clears_the_follow_up_suggestion(edited):
    """Constructive feedback no action answers gets `follow_up`; linking an action ends it."""

    def follow_ups(review: dict[str, Any]) -> list[str]:
        return [s["feedback"] for s in review["suggestions"] if s["kind"] == "follow_up"]

    assert follow_ups(ok(edited, "review_before").json) == ["fb-follow"]
    ok(edited, "answer")
    assert edited["actions"]["a-follow"]["feedback"] == "fb-follow"
    assert follow_ups(edited["review"]) == []


def test_mentor_edit_since_and_the_options_of_mentor_add(edited):
    """`mentor edit` sets --since and every field `mentor add` has; --no-x removes an item."""
    ok(edited, "mentor_edit")
    ok(edited, "mentor_unlist")
    shown = edited["mentors"]["alex-kim"]
    assert {k: shown[k] for k in MENTOR_FIELDS} == MENTOR_FIELDS
    assert shown["cadence_days"] == 21
    assert shown["id"] == "alex-kim"
    assert (shown["expertise"], shown["links"]) == ([], [])


def test_mentor_edit_none_clears_a_field(edited):
    """`mentor edit "Sam Lee" --email none` clears the email."""
    ok(edited, "mentor_clear")
    assert edited["mentors"]["sam-lee"]["email"] is None


def test_goal_done_with_open_milestones_says_so(edited):
    """`goal done` marks the goal achieved today and says a milestone is still open."""
    done = ok(edited, "goal_done")
    assert "open" in (done.out + done.err).lower()
    goal = edited["goals"]["g-done"]
    assert (goal["status"], goal["achieved"]) == ("achieved", "2026-11-21")


def test_goal_drop_of_an_achieved_goal_needs_force(edited):
    """Dropping an achieved goal is refused (one line naming --force) and changes nothing;
    with --force it is dropped."""
    refused = edited["done"]["drop_refused"]
    assert refused.code != 0
    assert "--force" in refused.one_clean_error_line()
    kept = edited["goals"]["g-refused"]
    assert (kept["status"], kept["achieved"]) == ("achieved", "2026-11-01")
    ok(edited, "drop_forced")
    assert edited["goals"]["g-forced"]["status"] == "dropped"


def test_goal_edit_and_retarget_without_an_editor(edited):
    """`goal edit` options and `goal retarget` keep the reason in the timeline."""
    ok(edited, "goal_edit")
    ok(edited, "retarget")
    goal = edited["goals"]["g-plan"]
    assert (goal["why"], goal["baseline"], goal["success"], goal["tags"]) == (
        "Visibility",
        "Never spoke",
        "One talk given",
        ["talks"],
    )
    assert goal["target"] == "2027-03-31"
    assert goal["timeline"] == [
        {"date": "2026-11-21", "from": "2027-01-31", "to": "2027-03-31", "reason": "CFP"}
    ]


def test_edits_touch_only_the_edited_record(journal):
    """An action edit rewrites that action's file and no other."""
    journal.load(
        goals=[{"id": "g-one", "title": "Goal one"}],
        actions=[{"id": "a-one", "title": "Alone"}, {"id": "a-two", "title": "Other"}],
    )
    before = journal.snapshot()
    journal.ok("action", "edit", "a-one", "--title", "Alone, renamed")
    after = journal.snapshot()
    assert {k for k in after if after[k] != before.get(k)} == {"actions/a-one.toml"}
    assert set(after) == set(before)
