"""Conventions users bring from grep, git and gh: a pager for long output on a terminal,
`--color` and FORCE_COLOR, and the dashboard as JSON."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest


@pytest.fixture
def paged(tmp_path: Path) -> tuple[str, Path]:
    """A pager command that writes what it is given to a file, and that file."""
    target = tmp_path / "paged.txt"
    return f"sh -c {shlex.quote(f'cat > {target}')}", target


@pytest.fixture
def talk(run) -> None:
    run("goal", "add", "Give a conference talk")
    run("action", "add", "Draft the talk abstract")


def test_long_output_goes_through_the_pager_on_a_terminal(run, talk, paged):
    """On a terminal, `search`, lists and `undo --list` are shown by MENTEE_PAGER."""
    pager, target = paged
    for args, expected in (
        (("search", "talk"), "Draft the talk abstract"),
        (("action", "list"), "Draft the talk abstract"),
        (("undo", "--list"), "action add"),
    ):
        target.unlink(missing_ok=True)
        result = run(*args, env={"MENTEE_PAGER": pager}, terminal=True)
        assert result.exit_code == 0
        assert result.stdout == ""
        assert expected in target.read_text(encoding="utf-8")


def test_never_a_pager_when_piped(run, talk, paged):
    """Piped, the output goes to stdout even when a pager is set."""
    pager, target = paged
    result = run("search", "talk", env={"MENTEE_PAGER": pager, "PAGER": pager})
    assert "Draft the talk abstract" in result.stdout
    assert not target.exists()


@pytest.mark.parametrize(
    "settings",
    [{"MENTEE_PAGER": ""}, {"MENTEE_PAGER": "cat"}, {"MENTEE_PAGER": "", "PAGER": "less"}],
)
def test_an_empty_mentee_pager_or_cat_turns_it_off(run, talk, settings):
    """`MENTEE_PAGER=` (empty) or `cat` writes straight to the terminal, whatever PAGER is."""
    result = run("action", "list", env=settings, terminal=True)
    assert "Draft the talk abstract" in result.stdout


def test_pager_falls_back_to_pager_then_mentee_pager_wins(run, talk, paged, tmp_path):
    """PAGER is used when MENTEE_PAGER is unset; MENTEE_PAGER wins over PAGER."""
    pager, target = paged
    result = run("action", "list", env={"PAGER": pager}, terminal=True)
    assert result.stdout == ""
    assert "Draft the talk abstract" in target.read_text(encoding="utf-8")
    other = tmp_path / "other.txt"
    mine = f"sh -c {shlex.quote(f'cat > {other}')}"
    run("action", "list", env={"PAGER": pager, "MENTEE_PAGER": mine}, terminal=True)
    assert "Draft the talk abstract" in other.read_text(encoding="utf-8")


def test_a_pager_that_cannot_be_found_is_skipped(run, talk):
    """A pager command that does not exist: the output is shown directly, not lost."""
    result = run("action", "list", env={"MENTEE_PAGER": "no-such-pager-here"}, terminal=True)
    assert "Draft the talk abstract" in result.stdout


@pytest.fixture
def late(run) -> None:
    """An overdue action: its due date is styled bold red when colour is on."""
    run("action", "add", "Send the slides", "--due", "2026-11-01")


def _coloured(text: str) -> bool:
    return "\x1b[" in text


@pytest.mark.parametrize(
    ("option", "env", "terminal", "expected"),
    [
        ([], {}, False, False),  # piped: no colour
        ([], {"NO_COLOR": ""}, True, True),  # a terminal, NO_COLOR unset (empty): colour
        ([], {}, True, False),  # a terminal with NO_COLOR=1 (the tests' default): none
        ([], {"NO_COLOR": "", "FORCE_COLOR": "1"}, False, True),  # FORCE_COLOR into a pipe
        ([], {"FORCE_COLOR": "1"}, False, False),  # NO_COLOR wins over FORCE_COLOR
        (["--color", "always"], {}, False, True),  # --color wins over NO_COLOR and the pipe
        (["--color", "never"], {"NO_COLOR": "", "FORCE_COLOR": "1"}, True, False),
        (["--color", "auto"], {"NO_COLOR": ""}, True, True),
    ],
)
def test_color_precedence(run, late, option, env, terminal, expected):
    """--color always|never > NO_COLOR > FORCE_COLOR > whether stdout is a terminal."""
    result = run(*option, "action", "list", env={"MENTEE_PAGER": "", **env}, terminal=terminal)
    assert result.exit_code == 0
    assert "Send the slides" in result.stdout
    assert _coloured(result.stdout) is expected


def test_a_bad_color_value_names_the_choices(run):
    result = run("--color", "alwyas", "goal", "list")
    assert result.exit_code == 2
    assert "--color: 'alwyas' is not one of auto, always, never: did you mean always?" in (
        result.stderr
    )


def test_dashboard_json(run, run_json):
    """`mentee --json`: the next meeting, unlogged meetings, overdue actions, goals at risk
    and counts, as documented in docs/howto-scripting.md."""
    run("mentor", "add", "Alex Kim")
    early = run_json("meeting", "add", "--mentor", "alex", "--at", "2026-11-21 08:00")["id"]
    late_meeting = run_json("meeting", "add", "--mentor", "alex", "--at", "2026-11-30 15:00")
    overdue = run_json("action", "add", "Send the slides", "--due", "2026-11-20")["id"]
    run("action", "add", "Not yet due", "--due", "2026-12-20")
    risky = run_json("goal", "add", "Ship it", "--start", "2026-01-01", "--by", "2026-11-01")
    run("goal", "add", "Fine", "--by", "2027-06-01")
    # Two days later: the meeting of the 21st was never logged or cancelled.
    result = run("--json", env={"MENTEE_TODAY": "2026-11-23"})
    assert result.exit_code == 0
    board = json.loads(result.stdout)
    assert list(board) == [
        "as_of",
        "next_meeting",
        "next_agenda_empty",
        "unlogged",
        "overdue",
        "at_risk",
        "all_done",
        "counts",
    ]
    assert board["as_of"] == "2026-11-23"
    assert board["next_meeting"]["id"] == late_meeting["id"]
    assert board["next_agenda_empty"] in (True, False)
    assert [m["id"] for m in board["unlogged"]] == [early]
    assert [a["id"] for a in board["overdue"]] == [overdue]
    assert [(g["id"], g["status"]) for g in board["at_risk"]] == [(risky["id"], "overdue")]
    assert board["counts"] == {"active_goals": 2, "active_mentors": 1, "open_actions": 2}


def test_dashboard_json_and_text_judge_alike(run, run_json):
    """`mentee --json` says what the dashboard says, by the same rules: a meeting over and
    not logged is unlogged (not the next meeting); a goal is at risk by its own plan (a
    milestone due before today not done), never when paused or on plan."""
    run("mentor", "add", "Alex Kim")
    held = run_json("meeting", "add", "--mentor", "Alex Kim", "--at", "2026-11-21 08:00")
    coming = run_json("meeting", "add", "--mentor", "alex", "--at", "2026-11-24 15:00")
    goals = {}
    for title, due in (("Behind plan", "2026-11-22"), ("On plan", "2026-12-20")):
        goals[title] = run_json("goal", "add", title, "--start", "2026-11-01", "--by", "2027-03-01")
        run("goal", "milestone", "add", goals[title]["id"], "First step", "--due", due)
    goals["Paused"] = run_json(
        "goal", "add", "Paused", "--start", "2026-11-01", "--by", "2027-03-01"
    )
    run("goal", "milestone", "add", goals["Paused"]["id"], "First step", "--due", "2026-11-22")
    run("goal", "edit", goals["Paused"]["id"], "--status", "paused")
    later = {"MENTEE_TODAY": "2026-11-23"}
    board = json.loads(run("--json", env=later).stdout)
    text = run(env=later).stdout
    assert [m["id"] for m in board["unlogged"]] == [held["id"]]
    assert board["next_meeting"]["id"] == coming["id"]
    assert [(g["title"], g["status"]) for g in board["at_risk"]] == [("Behind plan", "behind")]
    assert text.index(held["id"]) < text.index("Next meeting") < text.index(coming["id"])
    at_risk = text[text.index("Goals at risk (1)") :]
    assert goals["Behind plan"]["id"] in at_risk
    assert "On plan" not in text
    assert "Paused" not in text


def test_empty_dashboard_json(run):
    """An empty journal: nulls and empty lists, never an error."""
    board = json.loads(run("--json").stdout)
    assert board["next_meeting"] is None
    assert board["unlogged"] == board["overdue"] == board["at_risk"] == []


def test_json_before_a_command_is_an_error(run):
    """`mentee --json goal list` would silently ignore --json: it is a usage error instead."""
    result = run("--json", "goal", "list")
    assert result.exit_code == 2
    assert "put it after 'goal'" in result.stderr


@pytest.fixture
def long_lines(run, run_json) -> None:
    """Long titles, goals and mentor names, as a real journal has them."""
    run("mentor", "add", "Priya Natarajan-Whitfield")
    goal = run_json("goal", "add", "Give a talk at a regional engineering conference")["id"]
    run(
        "action", "add", "Submit the CFP for the regional conference before the deadline",
        "--due", "2026-11-15", "--goal", goal, "--mentor", "priya",
    )  # fmt: skip
    run("action", "add", "Give a ten-minute dry run at the team demo", "--practice")


@pytest.mark.parametrize("width", [80, 120])
def test_the_title_gets_the_room_and_related_names_shorten_first(run, long_lines, width):
    """At 80 columns the goal and mentor columns are cut short (with …) before the title
    wraps; at 120 the title has its whole line; no line is wider than the terminal."""
    result = run("action", "list", env={"COLUMNS": str(width)})
    lines = result.stdout.splitlines()
    header = lines[0]
    title_width = header.index("due") - header.index("title")
    goal_width = header.index("mentor") - header.index("goal")
    assert all(len(line) <= width for line in lines)
    assert title_width > 2 * goal_width
    assert "…" in result.stdout  # the related names were shortened
    if width == 120:
        assert "Submit the CFP for the regional conference before the deadline" in result.stdout


def test_the_practice_marker_is_not_painted_like_overdue(run, long_lines):
    """With colour, an overdue due date is red; the "(practice)" marker is dim, never red."""
    result = run("--color", "always", "action", "list", env={"COLUMNS": "120"})
    assert re.search(r"\x1b\[[0-9;]*31m2026-11-15", result.stdout)  # overdue: red
    line = next(line for line in result.stdout.splitlines() if "(practice)" in line)
    assert re.search(r"\x1b\[2m ?\(practice\)", line)  # dim
    assert not re.search(r"\x1b\[[0-9;]*31m", line)


@pytest.mark.parametrize(
    "args",
    [
        ("action", "list", "--color", "always"),
        ("action", "list", "--color=always"),
        ("action", "--color", "always", "list"),
    ],
)
def test_color_may_follow_the_command_as_with_ls_and_grep(run, late, args):
    """`mentee action list --color always` colours the list, like `--color` before it."""
    result = run(*args, env={"MENTEE_PAGER": ""})
    assert result.exit_code == 0, result.stderr
    assert _coloured(result.stdout)


def test_color_after_a_double_dash_is_text(run, run_json):
    """After `--`, `--color` is the text of a note, not the option."""
    added = run("note", "add", "--", "--color")
    assert added.exit_code == 0, added.stderr
    assert [n["text"] for n in run_json("note", "list")] == ["--color"]
