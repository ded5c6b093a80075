"""How a goal is judged, seen through the commands over a month of MENTEE_TODAY: the
forecast of a goal younger than its pace window, what-if reviews of an earlier day, and a
goal whose every unit is done on the dashboard."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

Run = Callable[..., Any]


def on(day: str) -> dict[str, str]:
    return {"MENTEE_TODAY": day}


@pytest.fixture
def billing(run: Run) -> str:
    """The issue's goal: started 2026-10-15, target 2027-01-31, three milestones; the first
    (due 11-15) done early on 11-12, the second done on 11-27."""
    start = on("2026-10-15")
    assert run("mentor", "add", "Priya Natarajan", "--cadence", "14", env=start).exit_code == 0
    added = run(
        "goal", "add", "Lead the billing rewrite", "--start", "2026-10-15",
        "--by", "2027-01-31", "--mentor", "priya", "--json", env=start,
    )  # fmt: skip
    goal = str(json.loads(added.stdout)["id"])
    for title, due in (
        ("Design doc approved", "2026-11-15"),
        ("Pilot shipped", "2026-12-20"),
        ("All customers migrated", "2027-01-31"),
    ):
        assert run("goal", "milestone", "add", goal, title, "--due", due, env=start).exit_code == 0
    assert run("goal", "milestone", "done", goal, "1", env=on("2026-11-12")).exit_code == 0
    assert run("goal", "milestone", "done", goal, "2", env=on("2026-11-27")).exit_code == 0
    return goal


def review_goal(run: Run, day: str) -> dict[str, Any]:
    result = run("review", "--json", env=on(day))
    assert result.exit_code == 0, result.stderr
    (goal,) = json.loads(result.stdout)["goals"]
    return dict(goal)


def test_a_young_goal_is_forecast_from_its_start_not_over_eight_weeks(run: Run, billing: str):
    """On 11-17, one milestone of three done in the 33 days since the start: at that pace the
    rest is done by 2027-01-22, before the target; the agenda sent to the mentor does not say
    it would be late."""
    goal = review_goal(run, "2026-11-17")
    assert (goal["status"], goal["forecast"]) == ("on_track", "2027-01-22")
    assert goal["forecast_after_target"] is False
    agenda = run("agenda", "next", "--mentor", "priya", env=on("2026-11-17"))
    assert agenda.exit_code == 0
    assert "after the target" not in agenda.stdout
    assert "1/3 milestones" in " ".join(agenda.stdout.split())
    review = " ".join(run("review", env=on("2026-11-17")).stdout.split())
    assert "forecast 2027-01-22" in review
    assert "after the target" not in review
    markdown = run("review", "--format", "markdown", env=on("2026-11-17")).stdout
    assert "| 2027-01-31 | 2027-01-22 |" in markdown


def test_a_goal_under_fourteen_days_old_has_no_forecast(run: Run):
    """A milestone done on day 2 of a goal: no forecast before day 14 (null, a dash), then the
    pace of its 14 days."""
    start = on("2026-11-01")
    added = run("goal", "add", "Ship it", "--start", "2026-11-01", "--by", "2027-05-01",
                "--json", env=start)  # fmt: skip
    goal = json.loads(added.stdout)["id"]
    for title in ("One", "Two", "Three"):
        run("goal", "milestone", "add", goal, title, env=start)
    run("goal", "milestone", "done", goal, "1", env=on("2026-11-03"))
    assert review_goal(run, "2026-11-14")["forecast"] is None
    markdown = run("review", "--format", "markdown", env=on("2026-11-14")).stdout
    assert "| 2027-05-01 | \N{EN DASH} |" in markdown
    assert "forecast" not in run("review", env=on("2026-11-14")).stdout
    # 14 days, one done, two left: 28 days on.
    assert review_goal(run, "2026-11-15")["forecast"] == "2026-12-13"


def test_a_what_if_review_does_not_count_what_was_done_after_its_day(run: Run, billing: str):
    """On 11-17 milestone 2 (done 11-27) was not done: on track with 1/3, not ahead."""
    before = review_goal(run, "2026-11-17")
    assert (before["status"], before["done"], before["progress"]) == ("on_track", 1, 0.333)
    assert before["late"] == []
    assert not any(s["kind"] == "achieve" for s in json.loads(
        run("review", "--json", env=on("2026-11-17")).stdout)["suggestions"])  # fmt: skip
    agenda = json.loads(run("agenda", "next", "--mentor", "priya", "--json",
                            env=on("2026-11-17")).stdout)  # fmt: skip
    (item,) = agenda["goals"]
    assert (item["status"], item["progress"]) == ("on_track", 0.333)
    assert [m["title"] for m in item["milestones_due"]] == []  # 12-20 is beyond 30 days
    after = review_goal(run, "2026-11-27")
    assert (after["status"], after["done"]) == ("ahead", 2)


def test_a_what_if_dashboard_sees_a_milestone_done_late_as_late(run: Run, billing: str):
    """Milestone 1 moved to be due 11-10 (it was done on 11-12): on 11-11 the goal was
    behind, at risk on the dashboard; on 11-12 it is not."""
    assert run("goal", "milestone", "edit", billing, "1", "--due", "2026-11-10",
               env=on("2026-11-28")).exit_code == 0  # fmt: skip
    board = json.loads(run("--json", env=on("2026-11-11")).stdout)
    assert [(g["id"], g["status"]) for g in board["at_risk"]] == [(billing, "behind")]
    assert "Goals at risk (1)" in run(env=on("2026-11-11")).stdout
    assert json.loads(run("--json", env=on("2026-11-12")).stdout)["at_risk"] == []


def test_a_goal_with_every_unit_done_past_its_target_is_not_at_risk(run: Run):
    """Every action done, the target passed: the dashboard does not list it at risk but as
    done, with the command that marks it achieved, as the review suggests; `check` (which
    never names goals) still exits 0 with nothing else to do."""
    start = on("2026-10-01")
    added = run("goal", "add", "Give a talk", "--start", "2026-10-01", "--by", "2026-11-10",
                "--json", env=start)  # fmt: skip
    goal = json.loads(added.stdout)["id"]
    for title in ("Submit the CFP", "Dry run"):
        action = json.loads(run("action", "add", title, "--goal", goal, "--json",
                                env=start).stdout)["id"]  # fmt: skip
        assert run("action", "done", action, env=on("2026-10-20")).exit_code == 0
    later = on("2026-11-21")
    board = json.loads(run("--json", env=later).stdout)
    assert board["at_risk"] == []
    assert [(g["id"], g["status"], g["done"], g["total"]) for g in board["all_done"]] == [
        (goal, "overdue", 2, 2)
    ]
    text = run(env=later).stdout
    assert "Goals at risk" not in text
    done = text[text.index("Goals with everything done (1)") :]
    assert goal in done
    assert "Give a talk" in done
    assert f"mentee goal done {goal}" in done
    review = json.loads(run("review", "--json", env=later).stdout)
    about = [s["kind"] for s in review["suggestions"] if s.get("goal") == goal]
    assert "achieve" in about
    assert "replan" not in about
    check = run("check", env=later)
    assert (check.exit_code, check.stdout) == (0, "")
    # Marked achieved, it leaves the dashboard.
    assert run("goal", "done", goal, env=later).exit_code == 0
    assert json.loads(run("--json", env=later).stdout)["all_done"] == []
    assert "everything done" not in run(env=later).stdout


def test_the_dashboard_at_80_columns_keeps_the_done_goal_readable(run: Run):
    """At 80 columns the section's lines wrap under the title, never through the id."""
    start = on("2026-10-01")
    added = run("goal", "add", "Lead a cross-team project", "--start", "2026-10-01",
                "--by", "2026-11-01", "--json", env=start)  # fmt: skip
    goal = json.loads(added.stdout)["id"]
    run("goal", "milestone", "add", goal, "Kick-off", "--due", "2026-10-10", env=start)
    run("goal", "milestone", "done", goal, "1", env=on("2026-10-09"))
    text = run(env={"MENTEE_TODAY": "2026-11-21", "COLUMNS": "80"}).stdout
    lines = text.splitlines()
    assert all(len(line) <= 80 for line in lines)
    head = next(i for i, line in enumerate(lines) if line.startswith("Goals with everything done"))
    assert lines[head + 1].split()[:2] == [goal, "Lead"]
    assert f"mark it achieved: mentee goal done {goal}" in " ".join(text.split())
