"""Wherever a mentor is named, its id, its name in any case or a unique prefix work; typos of
ids and option values suggest the closest (SPEC: Records, ids and names)."""

from __future__ import annotations

import pytest
from cli_helpers import error_line


@pytest.fixture
def alex(run_json) -> str:
    """A mentor named Alex Kim (id alex-kim) and another, Priya Raman."""
    run_json("mentor", "add", "Priya Raman")
    return str(run_json("mentor", "add", "Alex Kim")["id"])


@pytest.mark.parametrize("named", ["alex-kim", "Alex Kim", "alex kim", "ALEX KIM", "ale", "Alex K"])
def test_every_mentor_option_takes_an_id_a_name_or_a_prefix(run, run_json, alex, named):
    """`--mentor` on goal, action, topic, meeting and agenda commands, and the mentor
    commands' ID, all resolve "Alex Kim", "alex kim" or "ale" to alex-kim."""
    goal = run_json("goal", "add", "Speak at a conference", "--mentor", named)
    assert goal["mentors"] == [alex]
    assert [g["id"] for g in run_json("goal", "list", "--mentor", named)] == [goal["id"]]
    edited = run_json("goal", "edit", goal["id"], "--mentor", named)
    assert edited["mentors"] == [alex]
    unlinked = run_json("goal", "edit", goal["id"], "--no-mentor", named)
    assert unlinked["mentors"] == []
    run_json("goal", "edit", goal["id"], "--mentor", named)
    action = run_json("action", "add", "Draft the talk", "--mentor", named)
    assert action["mentor"] == alex
    assert [a["id"] for a in run_json("action", "list", "--mentor", named)] == [action["id"]]
    assert run_json("action", "edit", action["id"], "--mentor", named)["mentor"] == alex
    assert run_json("topic", "add", "Ask about the CFP", "--mentor", named)["mentor"] == alex
    assert len(run_json("topic", "list", "--mentor", named)) == 1
    meeting = run_json("meeting", "add", "--mentor", named, "--at", "2026-11-25 15:00")
    assert meeting["mentor"] == alex
    assert [m["id"] for m in run_json("meeting", "list", "--mentor", named)] == [meeting["id"]]
    held = run_json("meeting", "log", "--mentor", named, "--at", "yesterday 10:00", "--notes", "ok")
    assert held["mentor"] == alex
    assert run_json("agenda", "next", "--mentor", named)["mentor"]["id"] == alex
    assert run_json("mentor", "show", named)["id"] == alex
    assert run_json("mentor", "edit", named, "--org", "Acme")["org"] == "Acme"
    assert run_json("mentor", "thank", named, "Thanks for the talk tips")["mentor"]["id"] == alex
    assert run_json("mentor", "ask", named)["mentor"] == alex


def test_feedback_from_a_mentor_name_stores_the_id_and_other_text_stays(run, run_json, alex):
    """`--from "Alex Kim"` (any case) stores alex-kim; a source that is not exactly a
    mentor's id or name stays text, even when it starts like one."""
    assert run_json("feedback", "add", "Good", "--from", "Alex Kim")["source"] == alex
    assert run_json("feedback", "add", "Good", "--from", "alex kim")["source"] == alex
    assert run_json("feedback", "add", "Good", "--from", "Alex")["source"] == "Alex"
    assert run_json("feedback", "add", "Good", "--from", "my manager")["source"] == "my manager"
    # Listing by the name finds what they gave.
    listed = run_json("feedback", "list", "--from", "ALEX KIM")
    assert [f["source"] for f in listed] == [alex, alex]


def test_two_mentors_with_one_name_is_an_error_listing_their_ids(run, run_json):
    """A name two mentors share names neither: the error lists both ids (exit 1)."""
    first = run_json("mentor", "add", "Sam Lee")["id"]
    second = run_json("mentor", "add", "Sam Lee")["id"]
    result = run("action", "add", "Call Sam", "--mentor", "sam lee")
    assert result.exit_code == 1
    assert error_line(result) == (
        f"mentee: 2 mentors are named 'sam lee': use an id ({first}, {second})"
    )
    feedback = run("feedback", "add", "Good", "--from", "Sam Lee")
    assert feedback.exit_code == 1
    assert "use an id" in error_line(feedback)
    # Its id still works.
    assert run_json("action", "add", "Call Sam", "--mentor", second)["mentor"] == second


def test_an_unknown_mentor_suggests_the_closest(run, alex):
    """A typo of a mentor is "no mentor 'alx': did you mean alex-kim?" (exit 1)."""
    result = run("action", "add", "Call", "--mentor", "alx")
    assert result.exit_code == 1
    assert error_line(result) == "mentee: no mentor 'alx': did you mean alex-kim?"
    by_name = run("mentor", "show", "Alix Kim")
    assert error_line(by_name) == "mentee: no mentor 'Alix Kim': did you mean alex-kim?"
    far = run("mentor", "show", "zebra")
    assert error_line(far) == "mentee: no mentor 'zebra'"


def test_an_unknown_id_of_any_kind_suggests_the_closest(run, new):
    """A mistyped goal or action id names the closest ids."""
    goal = new("goal", "add", "Lead a team")
    typo = goal[:-1] + ("x" if goal[-1] != "x" else "y")
    result = run("goal", "show", typo)
    assert result.exit_code == 1
    assert error_line(result) == f"mentee: no goal '{typo}': did you mean {goal}?"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["note", "add", "x", "--kind", "wn"],
            "--kind: 'wn' is not one of win, challenge, learning, note: did you mean win?",
        ),
        (
            ["action", "list", "--status", "opn"],
            "--status: 'opn' is not one of open, done, dropped: did you mean open?",
        ),
        (
            ["mentor", "add", "Bo", "--channel", "vidoe"],
            (
                "--channel: 'vidoe' is not one of email, chat, phone, video, in-person, other: "
                "did you mean video?"
            ),
        ),
        (
            ["agenda", "next", "--format", "mardown"],
            (
                "--format: 'mardown' is not one of text, markdown, json, ics, email: "
                "did you mean markdown?"
            ),
        ),
        (
            ["export", "--kind", "golas"],
            (
                "--kind: 'golas' is not one of goal, mentor, meeting, action, feedback, note, "
                "topic: did you mean goal?"
            ),
        ),
    ],
)
def test_an_unknown_option_value_names_the_closest_valid_one(run, args, expected):
    """Enum option values: one line naming the choices and the closest (exit 2)."""
    result = run(*args)
    assert result.exit_code == 2
    assert error_line(result).startswith(f"mentee: {expected}")


def test_a_mistyped_command_suggests_the_closest(run):
    """`mentee gol` suggests goal, though command groups are built only when used."""
    result = run("gol")
    assert result.exit_code == 2
    assert "Did you mean 'goal'?" in error_line(result)


def test_an_unknown_time_zone_suggests_the_closest(run):
    """`--timezone europe/berln` names Europe/Berlin."""
    result = run("mentor", "add", "Bo", "--timezone", "europe/berln")
    assert result.exit_code == 2
    assert "did you mean Europe/Berlin?" in error_line(result)
