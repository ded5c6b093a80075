"""SPEC "The review": each goal judged against its own plan, and the one status the review,
the dashboard and the agenda share. One journal of many goals (each a case of the rule),
imported once; `review --json` and the dashboard read it on Saturday 2026-11-21."""

from __future__ import annotations

from typing import Any

import pytest
from acceptance_helpers import TODAY, Journal, by_id, flat

HELD = "held"


def milestone(title: str, due: str | None = None, done: str | None = None) -> dict[str, Any]:
    return {"title": title, "due": due, "done": done}


def goal(gid: str, **fields: Any) -> dict[str, Any]:
    return {"id": gid, "title": f"Goal {gid}", "status": "active", **fields}


def action(aid: str, goal_id: str, created: str, **fields: Any) -> dict[str, Any]:
    record = {
        "id": aid,
        "title": f"Action {aid}",
        "goal": goal_id,
        "status": "open",
        "owner": "me",
        "created": created,
        "updated": created,
    }
    record.update(fields)
    return record


GOALS = [
    # Dated milestones, the ones due so far done on time: on track.
    goal(
        "on-time",
        start="2026-09-01",
        target="2027-03-01",
        mentors=["m-active"],
        milestones=[
            milestone("one", "2026-10-01", "2026-09-28"),
            milestone("two", "2026-11-01", "2026-10-30"),
            milestone("three", "2026-12-01"),
            milestone("four", "2027-02-01"),
        ],
    ),
    # A milestone due yesterday and not done: behind.
    goal(
        "late",
        start="2026-09-01",
        target="2027-03-01",
        mentors=["m-active"],
        milestones=[
            milestone("one", "2026-10-01", "2026-10-01"),
            milestone("two", "2026-11-20"),
            milestone("three", "2027-01-15"),
        ],
    ),
    # A milestone due today is not late yet.
    goal(
        "due-today",
        start="2026-09-01",
        target="2027-03-01",
        milestones=[milestone("one", TODAY), milestone("two", "2027-01-01")],
    ),
    # Done before its date: ahead.
    goal(
        "ahead",
        start="2026-10-01",
        target="2027-03-01",
        milestones=[milestone("one", "2026-12-15", "2026-11-15"), milestone("two", "2027-02-01")],
    ),
    # Done, and due today: exactly what is due, so on track (not ahead).
    goal(
        "today-done",
        start="2026-10-01",
        target="2027-03-01",
        milestones=[milestone("one", TODAY, "2026-11-20"), milestone("two", "2027-02-01")],
    ),
    # Issue 11's case: twelve days in, four undated milestones over six months.
    goal(
        "fresh",
        start="2026-11-09",
        target="2027-05-09",
        milestones=[milestone(n) for n in ("one", "two", "three", "four")],
    ),
    # Two undated milestones over 2026-09-01..2026-12-31: the first was due 2026-11-01.
    goal(
        "spread-late",
        start="2026-09-01",
        target="2026-12-31",
        milestones=[milestone("one"), milestone("two")],
    ),
    # Span 10 days, 3 undated: due start+ceil(10/3)=+4 (today), +7, +10.
    goal(
        "ceil",
        start="2026-11-17",
        target="2026-11-27",
        milestones=[milestone("one"), milestone("two"), milestone("three")],
    ),
    # A dated milestone keeps its date; the two undated ones spread as the 1st and 2nd of 2:
    # span 184 days from 2026-08-01, so milestone 2 was due 2026-11-01.
    goal(
        "mixed",
        start="2026-08-01",
        target="2027-02-01",
        milestones=[milestone("dated", "2027-01-20"), milestone("two"), milestone("three")],
    ),
    # No milestones: the mentee's own actions are the units (a mentor's promise is not).
    goal("by-actions", start="2026-10-01", target="2027-04-01"),
    # A dropped action is not a unit.
    goal("dropped-action", start="2026-10-01", target="2027-04-01"),
    # Only a mentor's promise: no unit at all.
    goal("only-promises", start="2026-10-01", target="2027-04-01"),
    # Undated actions spread in the order they were created, not by id or title.
    goal("action-order", start="2026-10-01", target="2026-12-31"),
    # Milestones win over actions: the overdue action is not a unit.
    goal(
        "milestones-first",
        start="2026-10-01",
        target="2027-04-01",
        milestones=[milestone("one", "2027-01-10")],
    ),
    goal(
        "paused",
        status="paused",
        start="2026-09-01",
        target="2027-03-01",
        milestones=[milestone("one", "2026-11-01")],
    ),
    goal(
        "overdue",
        start="2026-06-01",
        target="2026-11-15",
        mentors=["m-active"],
        milestones=[milestone("one", "2026-09-01", "2026-09-01"), milestone("two", "2026-11-10")],
    ),
    goal("overdue-no-plan", start="2026-06-01", target="2026-11-01"),
    goal(
        "target-today",
        start="2026-06-01",
        target=TODAY,
        milestones=[milestone("one", TODAY)],
    ),
    goal("no-plan", start="2026-10-01", target="2027-06-01"),
    goal(
        "no-deadline",
        start="2026-10-01",
        milestones=[milestone("one", None, "2026-11-02"), milestone("two")],
    ),
    goal(
        "achieved",
        status="achieved",
        achieved="2026-11-10",
        start="2026-06-01",
        target="2027-03-01",
        milestones=[milestone("one", "2026-10-01")],
    ),
    goal(
        "all-done",
        start="2026-09-01",
        target="2027-03-01",
        mentors=["m-paused"],
        milestones=[
            milestone("one", "2026-10-01", "2026-10-01"),
            milestone("two", "2027-01-01", "2026-11-19"),
        ],
    ),
    goal("dropped", status="dropped", start="2026-06-01", target="2026-12-01"),
    # Measured by its own actions: one late, and one whose every action is done.
    goal("late-action", start="2026-10-01", target="2027-04-01"),
    goal("actions-done", start="2026-10-01", target="2027-04-01"),
    # Paused, and its target has passed: the one decision to ask for.
    goal("paused-past", status="paused", start="2026-06-01", target="2026-11-01"),
]

ACTIONS = [
    action(
        "ba-done",
        "by-actions",
        "2026-10-02T09:00:00Z",
        due="2026-11-10",
        status="done",
        done="2026-11-09",
    ),
    action("ba-promise", "by-actions", "2026-10-03T09:00:00Z", due="2026-11-01", owner="mentor"),
    action("ba-open", "by-actions", "2026-10-04T09:00:00Z", due="2026-12-20"),
    action(
        "da-done",
        "dropped-action",
        "2026-10-02T09:00:00Z",
        due="2026-11-10",
        status="done",
        done="2026-11-09",
    ),
    action(
        "da-dropped", "dropped-action", "2026-10-03T09:00:00Z", due="2026-11-01", status="dropped"
    ),
    action("da-open", "dropped-action", "2026-10-04T09:00:00Z", due="2026-12-20"),
    action("op-promise", "only-promises", "2026-10-02T09:00:00Z", due="2027-01-01", owner="mentor"),
    # Created first, but its id and title sort last.
    action(
        "zz-first",
        "action-order",
        "2026-10-02T09:00:00Z",
        title="Z first",
        status="done",
        done="2026-11-10",
    ),
    action("aa-second", "action-order", "2026-10-03T09:00:00Z", title="A second"),
    action("mf-late", "milestones-first", "2026-10-02T09:00:00Z", due="2026-11-01"),
    action("la-late", "late-action", "2026-10-02T09:00:00Z", due="2026-11-10"),
    action("ad-done", "actions-done", "2026-10-02T09:00:00Z", status="done", done="2026-11-02"),
]

MENTORS = [
    {"id": "m-active", "name": "Ada Active", "status": "active", "cadence_days": 14},
    {"id": "m-paused", "name": "Pat Paused", "status": "paused", "cadence_days": 14},
    {"id": "m-ended", "name": "Eve Ended", "status": "ended", "cadence_days": 14},
    {"id": "m-recent", "name": "Rui Recent", "status": "active", "cadence_days": 14},
]

MEETINGS = [
    {"id": "mt-active", "mentor": "m-active", "at": "2026-10-01T10:00:00+02:00", "status": HELD},
    {"id": "mt-paused", "mentor": "m-paused", "at": "2026-10-01T10:00:00+02:00", "status": HELD},
    {"id": "mt-ended", "mentor": "m-ended", "at": "2026-10-01T10:00:00+02:00", "status": HELD},
    {"id": "mt-recent", "mentor": "m-recent", "at": "2026-11-15T10:00:00+01:00", "status": HELD},
]


@pytest.fixture(scope="module")
def plans(module_root) -> Journal:
    journal = Journal(module_root)
    journal.load(goals=GOALS, actions=ACTIONS, mentors=MENTORS, meetings=MEETINGS)
    return journal


@pytest.fixture(scope="module")
def review(plans: Journal) -> dict[str, Any]:
    document: dict[str, Any] = plans.json("review")
    return document


@pytest.fixture(scope="module")
def goals(review) -> dict[str, dict[str, Any]]:
    return by_id(review["goals"])


def suggestions_about(review: dict[str, Any], goal_id: str) -> list[str]:
    return [s["kind"] for s in review["suggestions"] if s.get("goal") == goal_id]


# --- the status rule ---------------------------------------------------------------------


def test_units_due_so_far_all_done_is_on_track(goals):
    """Dated milestones, the ones due so far done on time: on_track, expected 2/4, progress 2/4."""
    g = goals["on-time"]
    assert g["status"] == "on_track"
    assert g["expected"] == pytest.approx(0.5, abs=0.001)
    assert g["progress"] == pytest.approx(0.5, abs=0.001)


def test_a_unit_due_before_today_and_not_done_is_behind(goals):
    """A milestone due yesterday and not done makes the goal behind; expected counts it."""
    g = goals["late"]
    assert g["status"] == "behind"
    assert g["expected"] == pytest.approx(2 / 3, abs=0.001)
    assert g["progress"] == pytest.approx(1 / 3, abs=0.001)


def test_a_unit_due_today_is_not_late_yet(goals):
    """A milestone due today and not done leaves the goal on_track, and is not in expected."""
    g = goals["due-today"]
    assert g["status"] == "on_track"
    assert g["expected"] == 0


def test_more_done_than_due_is_ahead(goals):
    """A milestone done before its date, nothing due yet: ahead."""
    assert goals["ahead"]["status"] == "ahead"
    assert goals["ahead"]["progress"] == pytest.approx(0.5, abs=0.001)


def test_done_exactly_what_is_due_on_or_before_today_is_on_track(goals):
    """A milestone due today and done counts as due: done equals due on or before D, so on_track."""
    assert goals["today-done"]["status"] == "on_track"


def test_undated_milestones_twelve_days_in_are_not_behind(goals):
    """Issue 11's case: four undated milestones spread over six months are not due yet."""
    g = goals["fresh"]
    assert g["status"] == "on_track"
    assert g["expected"] == 0
    assert g["progress"] == 0


def test_undated_milestones_spread_over_the_timeline_fall_due(goals):
    """The first of two undated milestones over Sep..Dec was due on Nov 1: behind, expected 1/2."""
    g = goals["spread-late"]
    assert g["status"] == "behind"
    assert g["expected"] == pytest.approx(0.5, abs=0.001)


def test_spread_rounds_up_so_the_first_unit_is_due_today(goals, plans):
    """span 10, n 3: the first undated unit is due start + ceil(10/3) = today (on_track), and
    late tomorrow (behind)."""
    assert goals["ceil"]["status"] == "on_track"
    tomorrow = by_id(plans.json("review", today="2026-11-22")["goals"])
    assert tomorrow["ceil"]["status"] == "behind"


def test_dated_units_keep_their_dates_and_only_undated_ones_are_spread(goals):
    """A dated milestone keeps its date; the undated ones are the 1st and 2nd of 2, so the
    first undated one was due halfway (2026-11-01): behind."""
    assert goals["mixed"]["status"] == "behind"
    assert goals["mixed"]["expected"] == pytest.approx(1 / 3, abs=0.001)


def test_actions_are_units_when_there_are_no_milestones_and_promises_are_not(goals):
    """Without milestones the mentee's own actions are the units; a mentor's overdue promise
    is not one: on_track with 1 of 2 done."""
    g = goals["by-actions"]
    assert g["status"] == "on_track"
    assert g["progress"] == pytest.approx(0.5, abs=0.001)
    assert g["expected"] == pytest.approx(0.5, abs=0.001)


def test_dropped_actions_are_not_units(goals):
    """A dropped action past its date does not make the goal behind nor count in progress."""
    g = goals["dropped-action"]
    assert g["status"] == "on_track"
    assert g["progress"] == pytest.approx(0.5, abs=0.001)


def test_a_goal_with_only_mentor_promises_has_no_plan(goals):
    """A mentor's promise is not a unit: no units, so no_plan, expected and progress null."""
    g = goals["only-promises"]
    assert g["status"] == "no_plan"
    assert g["expected"] is None
    assert g["progress"] is None


def test_undated_actions_spread_in_the_order_they_were_created(goals):
    """The action created first is due first (it is done): on_track, whatever ids say."""
    assert goals["action-order"]["status"] == "on_track"


def test_milestones_win_over_actions_as_units(goals):
    """A goal with milestones is measured by them: its own overdue action does not count."""
    g = goals["milestones-first"]
    assert g["status"] == "on_track"
    assert g["progress"] == 0


def test_a_paused_goal_is_paused_and_gets_no_replan(goals, review):
    """A paused goal with a late milestone is `paused`, and gets no suggestion to re-plan,
    mark achieved or find a mentor."""
    assert goals["paused"]["status"] == "paused"
    assert not {"replan", "achieve", "find_mentor"} & set(suggestions_about(review, "paused"))


def test_a_paused_goal_past_its_target_is_asked_to_resume_or_drop(goals, review):
    """Paused with its target passed: still `paused`, and the one suggestion is to resume it
    (with a new target) or drop it."""
    assert goals["paused-past"]["status"] == "paused"
    [suggestion] = [s for s in review["suggestions"] if s.get("goal") == "paused-past"]
    assert "resume" in suggestion["text"]
    assert "drop" in suggestion["text"]


def test_a_forecast_after_the_target_is_said_in_words(goals, plans):
    """`late` at its recent pace finishes after its target: JSON has the forecast date, and
    the text review says it falls after the target."""
    forecast = goals["late"]["forecast"]
    assert forecast is not None
    assert forecast > goals["late"]["target"]
    text = flat(plans.ok("review").out)
    assert f"forecast {forecast} (after the target)" in text


def test_past_target_and_not_achieved_is_overdue_with_a_replan(goals, review):
    """Past its target date: overdue, and a replan suggestion about it."""
    assert goals["overdue"]["status"] == "overdue"
    assert "replan" in suggestions_about(review, "overdue")


def test_overdue_comes_before_no_plan(goals):
    """A goal past its target without any unit is overdue (the first status that applies)."""
    assert goals["overdue-no-plan"]["status"] == "overdue"


def test_a_goal_whose_target_is_today_is_not_overdue(goals):
    """Target today: not overdue yet, and a milestone due today is not late."""
    assert goals["target-today"]["status"] == "on_track"


def test_no_units_is_no_plan_with_null_expected_and_progress(goals):
    """No milestones and no own actions: no_plan, expected null, progress null."""
    g = goals["no-plan"]
    assert (g["status"], g["expected"], g["progress"]) == ("no_plan", None, None)


def test_units_without_any_due_date_is_no_deadline(goals):
    """Undated milestones of a goal without target: no_deadline, expected null, progress 1/2."""
    g = goals["no-deadline"]
    assert g["status"] == "no_deadline"
    assert g["expected"] is None
    assert g["progress"] == pytest.approx(0.5, abs=0.001)


def test_an_achieved_goal_is_achieved_whatever_its_milestones(goals):
    """status achieved comes first, even with a milestone past due and open."""
    assert goals["achieved"]["status"] == "achieved"


def test_every_unit_done_suggests_marking_it_achieved(goals, review):
    """An active goal whose every milestone is done gets an `achieve` suggestion, no replan."""
    kinds = suggestions_about(review, "all-done")
    assert "achieve" in kinds
    assert "replan" not in kinds
    assert goals["all-done"]["progress"] == 1


def test_behind_goals_get_a_replan_suggestion(review):
    """Each goal that is behind gets a `replan` suggestion naming it."""
    for gid in ("late", "spread-late", "mixed"):
        assert "replan" in suggestions_about(review, gid), gid


def test_a_replan_points_to_the_command_that_moves_the_late_unit(plans, review):
    """The text review's hint for a late milestone is `goal milestone edit G N --due DATE`,
    for a late action `action edit ID --due DATE`; the JSON text holds no command."""
    text = flat(plans.ok("review").out)
    assert "mentee goal milestone edit late 2 --due DATE" in text
    assert "mentee action edit la-late --due DATE" in text
    for suggestion in review["suggestions"]:
        assert "mentee " not in suggestion["text"]


def test_every_action_done_suggests_achieved_only_if_it_is(review):
    """A goal measured by its actions, all done: `achieve`, worded as a question (the actions
    agreed so far are not the whole goal), unlike every milestone done."""
    [by_actions] = [s for s in review["suggestions"] if s.get("goal") == "actions-done"
                    and s["kind"] == "achieve"]  # fmt: skip
    assert "if it is" in by_actions["text"]
    [by_milestones] = [s for s in review["suggestions"] if s.get("goal") == "all-done"
                       and s["kind"] == "achieve"]  # fmt: skip
    assert "if it is" not in by_milestones["text"]


def test_on_track_and_ahead_goals_get_no_replan(review):
    """No replan for a goal on track or ahead."""
    for gid in ("on-time", "ahead", "fresh", "by-actions"):
        assert "replan" not in suggestions_about(review, gid), gid


def test_dropped_goals_are_left_out_of_the_review(goals):
    """The review judges every goal that is not dropped."""
    assert "dropped" not in goals
    assert {"achieved", "paused", "no-plan"} <= set(goals)


def test_a_goal_without_mentor_gets_find_mentor(review):
    """An active goal no mentor serves gets a `find_mentor` suggestion; one with a mentor not."""
    assert "find_mentor" in suggestions_about(review, "fresh")
    assert "find_mentor" not in suggestions_about(review, "on-time")


# --- the review's JSON ---------------------------------------------------------------------


def test_review_json_has_specs_keys(review):
    """Top-level keys as SPEC lists them, goals and mentors each with theirs."""
    assert {"as_of", "since", "goals", "mentors", "actions", "feedback", "suggestions"} <= set(
        review
    )
    for g in review["goals"]:
        assert {"id", "title", "status", "expected", "progress", "target", "forecast"} <= set(g)
    for m in review["mentors"]:
        assert {"id", "last_met", "next_due", "overdue"} <= set(m)


def test_review_period_defaults_to_the_last_30_days(review):
    """as_of is today; since is 30 days before it."""
    assert review["as_of"] == TODAY
    assert review["since"] == "2026-10-22"


def test_review_since_takes_a_date_form(plans):
    """--since 3m starts the period three calendar months ago."""
    assert plans.json("review", "--since", "3m")["since"] == "2026-08-21"


def test_each_suggestion_has_kind_ids_and_text(review):
    """Each suggestion: kind among SPEC's, the ids it is about, and a text."""
    kinds = {"replan", "achieve", "find_mentor", "schedule", "cancel", "thank", "follow_up"}
    assert review["suggestions"]
    for s in review["suggestions"]:
        assert s["kind"] in kinds
        assert isinstance(s["text"], str)
        assert s["text"]
        assert any(key in s for key in ("goal", "mentor", "meeting", "feedback"))


def test_only_active_mentors_are_ever_overdue(review):
    """Past cadence: the active mentor is overdue (and scheduled); paused and ended ones never."""
    mentors = by_id(review["mentors"])
    active = mentors["m-active"]
    assert active["overdue"] is True
    assert active["last_met"] == "2026-10-01"
    assert active["next_due"] == "2026-10-15"
    assert mentors["m-paused"]["overdue"] is False
    if "m-ended" in mentors:
        assert mentors["m-ended"]["overdue"] is False
    assert mentors["m-recent"]["overdue"] is False
    schedule = {s.get("mentor") for s in review["suggestions"] if s["kind"] == "schedule"}
    assert schedule == {"m-active"}


def test_dates_in_the_review_json_are_iso(goals):
    """Targets in JSON are ISO 8601 dates."""
    assert goals["on-time"]["target"] == "2027-03-01"


# --- one status everywhere -----------------------------------------------------------------

AT_RISK = {"behind", "overdue"}


def test_dashboard_json_at_risk_is_the_reviews_behind_and_overdue(plans, review):
    """The dashboard's goals at risk are exactly the review's behind and overdue goals."""
    dashboard = plans.json()
    risky = {g["id"] for g in review["goals"] if g["status"] in AT_RISK}
    assert {g["id"] for g in dashboard["at_risk"]} == risky
    assert "paused" not in risky
    assert "fresh" not in risky


def test_dashboard_text_names_goals_at_risk_and_not_the_others(plans):
    """The dashboard lists a behind goal and an overdue one, not a fresh or paused one."""
    out = plans.ok().out
    assert "Goal late" in out
    assert "Goal overdue" in out
    assert "Goal fresh" not in out
    assert "Goal paused" not in out


def test_agenda_goals_use_the_reviews_status(plans, goals):
    """The agenda's goals section for a mentor has the same statuses as the review."""
    agenda = plans.json("agenda", "next", "--mentor", "m-active")
    statuses = {g["id"]: g["status"] for g in agenda["goals"]}
    assert statuses == {gid: goals[gid]["status"] for gid in ("on-time", "late", "overdue")}


def test_text_views_read_statuses_as_words(plans):
    """Text review and text agenda say "on track", never the key "on_track"."""
    review = plans.ok("review").out
    agenda = plans.ok("agenda", "next", "--mentor", "m-active").out
    for out in (review, agenda):
        assert "on track" in out
        assert "on_track" not in out
        assert "no_plan" not in out


def test_markdown_packet_uses_the_same_status_in_words(plans):
    """The markdown packet reads statuses as words too."""
    out = plans.ok("review", "--format", "markdown").out
    assert "on_track" not in out
    assert "behind" in out
