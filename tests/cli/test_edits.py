"""Edits without $EDITOR: milestones, every `action add` option on `action edit`, every
`mentor add` option on `mentor edit`; `none` clears an optional field; `goal done` says
when milestones are open; `goal drop` of an achieved goal asks for --force."""

from __future__ import annotations

import pytest
from cli_helpers import error_line


@pytest.fixture
def goal(run, run_json) -> str:
    """A goal with three milestones: Abstract (due 2026-12-01), Slides, Rehearse."""
    goal_id = str(run_json("goal", "add", "Give a talk", "--by", "2027-03-01")["id"])
    run("goal", "milestone", "add", goal_id, "Abstract", "--due", "2026-12-01")
    run("goal", "milestone", "add", goal_id, "Slides")
    run("goal", "milestone", "add", goal_id, "Rehearse")
    return goal_id


def _milestones(run_json, goal_id):
    return [(m["title"], m["due"]) for m in run_json("goal", "show", goal_id)["milestones"]]


def test_milestone_edit_changes_title_and_due_and_none_clears_the_due(run, run_json, goal):
    """`goal milestone edit GOAL N --title --due`; `--due none` clears the date."""
    result = run("goal", "milestone", "edit", goal, "2", "--title", "Slides v1", "--due", "eom")
    assert result.exit_code == 0
    assert result.stderr == f"Milestone 2 of goal {goal}: Slides v1 (due 2026-11-30)\n"
    run("goal", "milestone", "edit", goal, "1", "--due", "none")
    assert _milestones(run_json, goal) == [
        ("Abstract", None),
        ("Slides v1", "2026-11-30"),
        ("Rehearse", None),
    ]
    assert "2. [ ] Slides v1  due 2026-11-30" in run("goal", "show", goal).stdout


def test_milestone_remove_moves_the_later_ones_up(run, run_json, goal):
    """`goal milestone remove GOAL N` removes N; the next one becomes N."""
    result = run("goal", "milestone", "remove", goal, "1")
    assert result.exit_code == 0
    assert result.stderr == f"Removed milestone 1 of goal {goal}: Abstract\n"
    assert _milestones(run_json, goal) == [("Slides", None), ("Rehearse", None)]


@pytest.mark.parametrize("command", ["edit", "remove"])
@pytest.mark.parametrize("number", ["0", "4", "-1"])
def test_a_bad_milestone_number_is_a_clear_usage_error(run, goal, record_file, command, number):
    """N outside 1..3 exits 2 naming the range, and changes nothing."""
    before = record_file("goals", goal).read_bytes()
    extra = ["--title", "x"] if command == "edit" else []
    result = run("goal", "milestone", command, *extra, goal, "--", number)
    assert result.exit_code == 2
    line = error_line(result)
    assert f"goal {goal} has no milestone {number}: it has milestones 1 to 3" in line
    assert record_file("goals", goal).read_bytes() == before


def test_milestone_edit_without_a_change_is_a_usage_error(run, goal):
    result = run("goal", "milestone", "edit", goal, "1")
    assert result.exit_code == 2
    assert error_line(result) == "mentee: give --title or --due (or both)"


def test_goal_done_with_open_milestones_says_how_many(run, run_json, goal):
    """Achieving a goal with 2 of 3 milestones open still achieves it, and says so."""
    run("goal", "milestone", "done", goal, "1")
    result = run("goal", "done", goal)
    assert result.exit_code == 0
    assert f"2 of 3 milestones are still open (mentee goal show {goal})" in result.stderr
    assert run_json("goal", "show", goal)["status"] == "achieved"
    quiet = run_json("goal", "add", "No milestones")["id"]
    assert "still open" not in run("goal", "done", quiet).stderr


def test_goal_drop_of_an_achieved_goal_asks_for_force(run, run_json, goal, record_file):
    """Dropping an achieved goal exits 1 and keeps `achieved` unless --force is given."""
    run("goal", "done", goal)
    before = record_file("goals", goal).read_bytes()
    refused = run("goal", "drop", goal)
    assert refused.exit_code == 1
    assert error_line(refused) == (
        f"mentee: goal {goal} was achieved on 2026-11-21; dropping it clears that: "
        "add --force to drop it anyway"
    )
    assert record_file("goals", goal).read_bytes() == before
    dropped = run_json("goal", "drop", goal, "--force")
    assert dropped["status"] == "dropped"
    assert dropped["achieved"] is None
    active = run_json("goal", "add", "Still going")["id"]
    assert run_json("goal", "drop", active)["status"] == "dropped"


@pytest.fixture
def linked(run, run_json) -> dict[str, str]:
    """A mentor, a goal, a constructive feedback, two planned meetings and an action."""
    run("mentor", "add", "Alex Kim")
    return {
        "goal": run_json("goal", "add", "Lead a team")["id"],
        "feedback": run_json(
            "feedback", "add", "Rushed the ending", "--from", "manager", "--kind", "constructive"
        )["id"],
        "first": run_json("meeting", "add", "--mentor", "alex", "--at", "2026-11-24 10:00")["id"],
        "second": run_json("meeting", "add", "--mentor", "alex", "--at", "2026-11-26 10:00")["id"],
        "action": run_json("action", "add", "Practise the ending")["id"],
    }


def _follow_ups(run_json) -> list[str]:
    return [s["feedback"] for s in run_json("review")["suggestions"] if s["kind"] == "follow_up"]


def test_action_edit_takes_every_option_of_add(run_json, linked):
    """--title, --due, --goal, --mentor (a name), --feedback, --practice, --owner."""
    edited = run_json(
        "action", "edit", linked["action"],
        "--title", "Rehearse the ending",
        "--due", "fri",
        "--goal", linked["goal"][:4],
        "--mentor", "Alex Kim",
        "--feedback", linked["feedback"],
        "--practice",
        "--owner", "mentor",
    )  # fmt: skip
    assert edited["title"] == "Rehearse the ending"
    assert edited["due"] == "2026-11-27"
    assert edited["goal"] == linked["goal"]
    assert edited["mentor"] == "alex-kim"
    assert edited["feedback"] == linked["feedback"]
    assert edited["kind"] == "practice"
    assert edited["owner"] == "mentor"
    back = run_json("action", "edit", linked["action"], "--task", "--owner", "me")
    assert (back["kind"], back["owner"]) == ("task", "me")


def test_action_edit_feedback_clears_the_reviews_follow_up(run_json, linked):
    """Constructive feedback no action answers is a `follow_up` suggestion; linking an
    existing action to it with `action edit --feedback` answers it."""
    assert _follow_ups(run_json) == [linked["feedback"]]
    run_json("action", "edit", linked["action"], "--feedback", linked["feedback"])
    assert _follow_ups(run_json) == []
    run_json("action", "edit", linked["action"], "--feedback", "none")
    assert _follow_ups(run_json) == [linked["feedback"]]


def test_action_edit_none_clears_optional_fields(run_json, linked):
    """`none` clears --due, --goal, --mentor, --meeting and --feedback."""
    action = linked["action"]
    run_json(
        "action", "edit", action, "--due", "fri", "--goal", linked["goal"],
        "--mentor", "alex-kim", "--feedback", linked["feedback"], "--meeting", linked["first"],
    )  # fmt: skip
    cleared = run_json(
        "action", "edit", action, "--due", "none", "--goal", "None", "--mentor", "none",
        "--meeting", "none", "--feedback", "NONE",
    )  # fmt: skip
    assert [cleared[k] for k in ("due", "goal", "mentor", "meeting", "feedback")] == [None] * 5


def test_action_edit_meeting_moves_it_between_meetings_lists(run_json, linked):
    """--meeting adds the action to that meeting's `actions` (and its mentor to the action),
    removing it from the meeting it was in before."""
    action = linked["action"]
    first = run_json("action", "edit", action, "--meeting", linked["first"])
    assert first["mentor"] == "alex-kim"
    assert run_json("meeting", "show", linked["first"])["actions"] == [action]
    run_json("action", "edit", action, "--meeting", linked["second"])
    assert run_json("meeting", "show", linked["first"])["actions"] == []
    assert run_json("meeting", "show", linked["second"])["actions"] == [action]
    run_json("action", "edit", action, "--meeting", "none")
    assert run_json("meeting", "show", linked["second"])["actions"] == []


def test_action_edit_rejects_what_add_rejects(run, linked, record_file):
    """An empty title, a bad date, an unknown goal, a mentor's promise without a mentor:
    one error line, nothing changed."""
    path = record_file("actions", linked["action"])
    before = path.read_bytes()
    for args, code in (
        (["--title", " "], 2),
        (["--due", "2026-02-30"], 2),
        (["--goal", "zzzz9999"], 1),
        (["--owner", "mentor"], 2),
    ):
        result = run("action", "edit", linked["action"], *args)
        assert result.exit_code == code, args
        error_line(result)
    assert path.read_bytes() == before


def test_mentor_edit_takes_every_option_of_add(run_json):
    """--since, --email, --channel, --cadence, --timezone, --expertise, --status, --why,
    --met, --availability, --response-time, --link, --org, --role, --phone."""
    run_json("mentor", "add", "Alex Kim")
    edited = run_json(
        "mentor", "edit", "alex kim",
        "--since", "2025-03-01",
        "--email", "alex@example.com",
        "--phone", "+1 555 0100",
        "--org", "Acme",
        "--role", "Staff engineer",
        "--channel", "video",
        "--cadence", "2w",
        "--timezone", "Europe/Berlin",
        "--expertise", "architecture",
        "--status", "paused",
        "--why", "Ran the same migration",
        "--met", "At a conference",
        "--availability", "Tuesdays",
        "--response-time", "a day",
        "--link", "https://example.com/alex",
    )  # fmt: skip
    assert edited["since"] == "2025-03-01"
    assert edited["email"] == "alex@example.com"
    assert edited["phone"] == "+1 555 0100"
    assert (edited["org"], edited["role"]) == ("Acme", "Staff engineer")
    assert (edited["channel"], edited["cadence_days"]) == ("video", 14)
    assert edited["timezone"] == "Europe/Berlin"
    assert edited["expertise"] == ["architecture"]
    assert edited["status"] == "paused"
    assert (edited["why"], edited["met"]) == ("Ran the same migration", "At a conference")
    assert (edited["availability"], edited["response_time"]) == ("Tuesdays", "a day")
    assert edited["links"] == ["https://example.com/alex"]


def test_mentor_edit_none_clears_and_no_options_remove_list_items(run_json):
    """`none` clears an optional field; --no-expertise and --no-link remove an item."""
    run_json(
        "mentor", "add", "Alex Kim", "--email", "a@example.com", "--channel", "chat",
        "--timezone", "Asia/Tokyo", "--since", "2025-01-01", "--cadence", "1m",
        "--expertise", "ml", "--expertise", "go", "--link", "https://a", "--link", "https://b",
    )  # fmt: skip
    cleared = run_json(
        "mentor", "edit", "alex-kim", "--email", "none", "--channel", "none",
        "--timezone", "none", "--since", "none", "--cadence", "none",
        "--no-expertise", "ml", "--no-link", "https://a",
    )  # fmt: skip
    for name in ("email", "channel", "timezone", "since", "cadence_days"):
        assert cleared[name] is None, name
    assert cleared["expertise"] == ["go"]
    assert cleared["links"] == ["https://b"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--timezone", "Mars/Olympus"], "--timezone: unknown time zone 'Mars/Olympus'"),
        (["--channel", "pigeon"], "--channel: 'pigeon' is not one of email, chat, phone"),
        (["--since", "2025-13-01"], "--since:"),
        (["--no-expertise", "cooking"], "--no-expertise: 'cooking' is not listed"),
    ],
)
def test_mentor_edit_bad_values_are_usage_errors(run, run_json, record_file, args, expected):
    run_json("mentor", "add", "Alex Kim")
    before = record_file("mentors", "alex-kim").read_bytes()
    result = run("mentor", "edit", "alex-kim", *args)
    assert result.exit_code == 2
    assert error_line(result).startswith(f"mentee: {expected}")
    assert record_file("mentors", "alex-kim").read_bytes() == before


@pytest.mark.parametrize("option", ["--by", "--target", "--due"])
def test_goal_edit_of_the_target_points_to_retarget(run, run_json, goal, option):
    """`goal edit --by` (as `goal add` takes it) says which command moves a target, and
    changes nothing: the target moves only with a reason."""
    before = run_json("goal", "show", goal)
    result = run("goal", "edit", goal, option, "2027-09-30")
    assert result.exit_code == 2
    line = error_line(result)
    assert f"goal edit has no {option}" in line
    assert "mentee goal retarget ID --by DATE --reason TEXT" in line
    assert "Possible options" not in line
    assert run_json("goal", "show", goal) == before


def test_meeting_edit_of_the_time_points_to_move(run, run_json, new):
    run("mentor", "add", "Alex Kim")
    meeting = new("meeting", "add", "--mentor", "alex", "--at", "2026-11-24 15:00")
    result = run("meeting", "edit", meeting, "--at", "2026-11-25 15:00")
    assert result.exit_code == 2
    assert "mentee meeting move ID --at DATETIME" in error_line(result)
    assert run_json("meeting", "show", meeting)["at"].startswith("2026-11-24T15:00")


def test_an_unknown_option_still_names_the_help(run, goal):
    line = error_line(run("goal", "edit", goal, "--bogus", "x"))
    assert "No such option: --bogus" in line
    assert "mentee goal edit --help" in line
