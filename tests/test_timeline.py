"""The timeline maths the agenda and the review share: expected share, status and forecast."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentee.models import Action, Goal, Milestone
from mentee.timeline import PACE_WINDOW, TimelineStatus, expected_share, goal_progress

TODAY = dt.date(2026, 11, 21)
DAY = dt.timedelta(days=1)


def make_goal(
    start: dt.date | None = None,
    target: dt.date | None = None,
    milestones: tuple[tuple[dt.date | None, dt.date | None], ...] = (),
    **fields: Any,
) -> Goal:
    """A goal `g1`; each milestone is given as (due, done)."""
    return Goal(
        id="g1",
        title="Promoted to senior",
        start=start,
        target=target,
        milestones=[
            Milestone(title=f"step {n}", due=due, done=done)
            for n, (due, done) in enumerate(milestones, start=1)
        ],
        **fields,
    )


def make_action(
    number: int, status: str = "open", done: dt.date | None = None, goal: str = "g1"
) -> Action:
    return Action(id=f"a{number}", title=f"action {number}", status=status, done=done, goal=goal)


def milestones(done: int, total: int, when: dt.date = TODAY) -> tuple[Any, ...]:
    """`total` milestones of which the first `done` were done on `when`."""
    return tuple((None, when if n < done else None) for n in range(total))


# -- expected share and the edges of the timeline -------------------------------------------


def test_start_equal_to_target_is_zero_before_one_on_and_after_the_day() -> None:
    """A timeline of no length has nothing elapsed before its day and everything from it on."""
    day = dt.date(2026, 12, 1)
    assert expected_share(day, day, day - DAY) == 0.0
    assert expected_share(day, day, day) == 1.0
    assert expected_share(day, day, day + DAY) == 1.0


def test_start_equal_to_target_is_behind_on_the_day_and_overdue_after() -> None:
    """A zero-length goal with nothing done is behind on its day and overdue the day after."""
    goal = make_goal(TODAY, TODAY, milestones(0, 2))
    assert goal_progress(goal, [], TODAY).status == TimelineStatus.BEHIND
    assert goal_progress(goal, [], TODAY + DAY).status == TimelineStatus.OVERDUE
    before = goal_progress(goal, [], TODAY - DAY)
    assert (before.expected, before.status) == (0.0, TimelineStatus.ON_TRACK)


def test_today_before_start_expects_nothing_yet() -> None:
    """Before the start nothing is expected: nothing done is on track, something done is ahead."""
    start, target = TODAY + 10 * DAY, TODAY + 100 * DAY
    idle = goal_progress(make_goal(start, target, milestones(0, 4)), [], TODAY)
    assert idle.expected == 0.0
    assert idle.status == TimelineStatus.ON_TRACK
    early = goal_progress(make_goal(start, target, milestones(1, 4)), [], TODAY)
    assert early.status == TimelineStatus.AHEAD


def test_after_target_is_overdue_with_everything_expected() -> None:
    """The day after the target, a goal not achieved is overdue and fully expected."""
    goal = make_goal(TODAY - 30 * DAY, TODAY - DAY, milestones(3, 4))
    result = goal_progress(goal, [], TODAY)
    assert result.status == TimelineStatus.OVERDUE
    assert result.expected == 1.0
    assert result.days_left == -1


def test_exactly_on_target_is_not_overdue() -> None:
    """On the target day itself a goal is judged by its progress, not called overdue."""
    start = TODAY - 30 * DAY
    complete = goal_progress(make_goal(start, TODAY, milestones(4, 4)), [], TODAY)
    assert (complete.expected, complete.status) == (1.0, TimelineStatus.ON_TRACK)
    assert complete.days_left == 0
    half = goal_progress(make_goal(start, TODAY, milestones(2, 4)), [], TODAY)
    assert half.status == TimelineStatus.BEHIND


def test_achieved_wins_over_overdue() -> None:
    """An achieved goal is `achieved` even when its target passed long ago and nothing is done."""
    goal = make_goal(
        TODAY - 90 * DAY,
        TODAY - 60 * DAY,
        milestones(0, 3),
        status="achieved",
        achieved=TODAY - 50 * DAY,
    )
    assert goal_progress(goal, [], TODAY).status == TimelineStatus.ACHIEVED


def test_leap_day_counts_in_the_elapsed_share() -> None:
    """February 29 counts: Feb 28 to Mar 1 2028 is two days, half of them gone on the 29th."""
    assert expected_share(dt.date(2028, 2, 28), dt.date(2028, 3, 1), dt.date(2028, 2, 29)) == 0.5
    # A leap year has 366 days: Jan 1 to Mar 1 is 60 of them.
    share = expected_share(dt.date(2028, 1, 1), dt.date(2029, 1, 1), dt.date(2028, 3, 1))
    assert share == pytest.approx(60 / 366)
    # Not a leap year: Feb 28 to Mar 1 2027 is one day.
    assert expected_share(dt.date(2027, 2, 28), dt.date(2027, 3, 1), dt.date(2027, 3, 1)) == 1.0


def test_leap_day_target_is_overdue_only_from_march_first() -> None:
    """A goal due on Feb 29 2028 is not overdue that day and is overdue on Mar 1."""
    goal = make_goal(dt.date(2027, 3, 1), dt.date(2028, 2, 29), milestones(0, 1))
    assert goal_progress(goal, [], dt.date(2028, 2, 29)).status == TimelineStatus.BEHIND
    assert goal_progress(goal, [], dt.date(2028, 3, 1)).status == TimelineStatus.OVERDUE


def test_forecast_across_a_leap_day() -> None:
    """The forecast adds calendar days, February 29 included."""
    today = dt.date(2028, 2, 1)
    goal = make_goal(dt.date(2027, 12, 1), dt.date(2028, 6, 1), milestones(2, 3, today - DAY))
    # 2 done in the 56-day window: one more takes 28 days, which runs through Feb 29.
    assert goal_progress(goal, [], today).forecast == dt.date(2028, 2, 29)


# -- what progress is measured by -----------------------------------------------------------


def test_without_milestones_progress_counts_the_goals_actions() -> None:
    """No milestones: progress is done over non-dropped actions of this goal only."""
    goal = make_goal(TODAY - 10 * DAY, TODAY + 10 * DAY)
    actions = [
        make_action(1, "done", TODAY - DAY),
        make_action(2, "done", TODAY - 2 * DAY),
        make_action(3, "open"),
        make_action(4, "open"),
        make_action(7, "dropped"),
        make_action(5, "done", TODAY - DAY, goal="other"),
        make_action(6, "done", TODAY - DAY, goal="other"),
    ]
    result = goal_progress(goal, actions, TODAY)
    assert result.measured_by == "actions"
    assert (result.done, result.total) == (2, 4)
    assert result.progress == 0.5
    assert result.status == TimelineStatus.ON_TRACK


def test_progress_from_milestones_ignores_actions() -> None:
    """With milestones, the goal's actions (done or not) do not count towards progress."""
    goal = make_goal(TODAY - 10 * DAY, TODAY + 10 * DAY, milestones(1, 4))
    actions = [make_action(n, "done", TODAY - DAY) for n in range(1, 4)]
    result = goal_progress(goal, actions, TODAY)
    assert result.measured_by == "milestones"
    assert (result.done, result.total, result.progress) == (1, 4, 0.25)
    assert result.status == TimelineStatus.BEHIND


def test_no_milestones_and_no_actions_is_no_plan() -> None:
    """A dated goal with nothing to measure is `no_plan`, with unknown progress and no forecast."""
    result = goal_progress(make_goal(TODAY - 10 * DAY, TODAY + 10 * DAY), [], TODAY)
    assert result.status == TimelineStatus.NO_PLAN
    assert result.progress is None
    assert result.measured_by is None
    assert result.forecast is None
    assert result.expected == 0.5


def test_all_actions_dropped_is_no_plan() -> None:
    """Dropped actions are not a plan: a goal whose actions are all dropped is `no_plan`."""
    goal = make_goal(TODAY - 10 * DAY, TODAY + 10 * DAY)
    actions = [make_action(1, "dropped"), make_action(2, "dropped")]
    result = goal_progress(goal, actions, TODAY)
    assert result.status == TimelineStatus.NO_PLAN
    assert (result.progress, result.total) == (None, 0)


def test_no_target_with_nothing_to_measure_is_no_plan() -> None:
    """SPEC's order puts `no_plan` before `no_deadline`: no target and no plan is `no_plan`."""
    result = goal_progress(make_goal(TODAY - 10 * DAY, None), [], TODAY)
    assert result.expected is None
    assert result.status == TimelineStatus.NO_PLAN


def test_no_target_with_a_plan_is_no_deadline() -> None:
    """No target but something to measure is `no_deadline`, whatever the progress."""
    for done in (0, 2, 3):
        goal = make_goal(TODAY - 10 * DAY, None, milestones(done, 3))
        result = goal_progress(goal, [], TODAY)
        assert result.expected is None
        assert result.status == TimelineStatus.NO_DEADLINE


# -- the 0.10 tolerance ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "total", "elapsed", "span", "status"),
    [
        # Exactly 0.10 apart, in ratios that are not exact in binary floating point.
        (3, 10, 4, 10, TimelineStatus.ON_TRACK),
        (7, 10, 8, 10, TimelineStatus.ON_TRACK),
        (3, 10, 2, 5, TimelineStatus.ON_TRACK),
        (1, 3, 13, 30, TimelineStatus.ON_TRACK),
        (4, 5, 7, 10, TimelineStatus.ON_TRACK),
        (5, 6, 22, 30, TimelineStatus.ON_TRACK),
        (1, 10, 0, 10, TimelineStatus.ON_TRACK),
        (9, 10, 10, 10, TimelineStatus.ON_TRACK),
        # A day past the boundary on either side.
        (3, 10, 41, 100, TimelineStatus.BEHIND),
        (4, 5, 69, 100, TimelineStatus.AHEAD),
        (0, 10, 11, 100, TimelineStatus.BEHIND),
        (1, 10, 0, 100, TimelineStatus.ON_TRACK),
        (2, 10, 9, 100, TimelineStatus.AHEAD),
    ],
)
def test_tolerance_boundary_is_on_track(
    done: int, total: int, elapsed: int, span: int, status: TimelineStatus
) -> None:
    """Progress exactly 0.10 from expected, on either side, is on track; one step further is not."""
    start = TODAY - elapsed * DAY
    goal = make_goal(start, start + span * DAY, milestones(done, total))
    assert goal_progress(goal, [], TODAY).status == status


# -- forecast -------------------------------------------------------------------------------


def test_forecast_uses_only_the_last_eight_weeks() -> None:
    """Completions older than 8 weeks do not add to the pace: 2 recent of 5, 2 left -> 56 days."""
    old = TODAY - PACE_WINDOW - 30 * DAY
    goal = make_goal(
        TODAY - 200 * DAY,
        TODAY + 200 * DAY,
        (
            (None, old),
            (None, TODAY - 10 * DAY),
            (None, TODAY - 55 * DAY),
            (None, None),
            (None, None),
        ),
    )
    assert goal_progress(goal, [], TODAY).forecast == TODAY + 56 * DAY


def test_forecast_pace_rounds_up_to_whole_days() -> None:
    """Three done in 8 weeks with one left: 56/3 days, rounded up to 19."""
    goal = make_goal(TODAY - 60 * DAY, TODAY + 60 * DAY, milestones(3, 4, TODAY - 3 * DAY))
    assert goal_progress(goal, [], TODAY).forecast == TODAY + 19 * DAY


def test_forecast_from_actions_done() -> None:
    """Without milestones the pace comes from the goal's done actions."""
    goal = make_goal(TODAY - 60 * DAY, TODAY + 60 * DAY)
    actions = [make_action(1, "done", TODAY - 7 * DAY), make_action(2, "open")]
    assert goal_progress(goal, actions, TODAY).forecast == TODAY + 56 * DAY


def test_no_forecast_without_a_recent_pace() -> None:
    """Only completions older than 8 weeks, or none at all: no pace, so no forecast."""
    old = TODAY - PACE_WINDOW - DAY
    stale = make_goal(TODAY - 200 * DAY, TODAY + 200 * DAY, milestones(2, 4, old))
    assert goal_progress(stale, [], TODAY).forecast is None
    idle = make_goal(TODAY - 200 * DAY, TODAY + 200 * DAY, milestones(0, 4))
    assert goal_progress(idle, [], TODAY).forecast is None


def test_all_done_forecast_is_the_last_completion() -> None:
    """When everything is done the forecast is the date of the last completion, however old."""
    last = TODAY - 300 * DAY
    goal = make_goal(TODAY - 400 * DAY, TODAY + 10 * DAY, ((None, last - 20 * DAY), (None, last)))
    assert goal_progress(goal, [], TODAY).forecast == last


# -- properties -----------------------------------------------------------------------------

dates = st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31))
optional_dates = st.none() | dates
STATUSES = {s.value for s in TimelineStatus}


@settings(max_examples=200, deadline=None)
@given(
    start=optional_dates,
    target=optional_dates,
    today=dates,
    marks=st.lists(st.tuples(optional_dates, optional_dates), max_size=6),
    action_states=st.lists(
        st.tuples(st.sampled_from(["open", "done", "dropped"]), optional_dates), max_size=6
    ),
    goal_status=st.sampled_from(["active", "paused", "achieved"]),
)
def test_shares_stay_in_range_and_status_is_one_of_seven(
    start: dt.date | None,
    target: dt.date | None,
    today: dt.date,
    marks: list[tuple[dt.date | None, dt.date | None]],
    action_states: list[tuple[str, dt.date | None]],
    goal_status: str,
) -> None:
    """For any dates and plan, expected and progress are in [0, 1] or None; status is one of 7."""
    goal = make_goal(start, target, tuple(marks), status=goal_status)
    actions = [
        make_action(n, state, done if state == "done" else None)
        for n, (state, done) in enumerate(action_states)
    ]
    result = goal_progress(goal, actions, today)
    assert result.expected is None or 0.0 <= result.expected <= 1.0
    assert result.progress is None or 0.0 <= result.progress <= 1.0
    assert result.status.value in STATUSES
    assert (result.expected is None) == (target is None)
