"""The status rule the dashboard, the agenda and the review share: a goal judged against its
own plan (SPEC: "The review"), its words, and the forecast."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hypothesis_examples import examples
from mentee.models import Action, Goal, Milestone
from mentee.timeline import (
    PACE_WINDOW,
    TimelineStatus,
    goal_progress,
    goal_units,
    status_text,
)

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
    number: int,
    status: str = "open",
    done: dt.date | None = None,
    goal: str = "g1",
    **fields: Any,
) -> Action:
    created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=number)
    return Action(
        id=f"a{number}",
        title=f"action {number}",
        status=status,
        done=done,
        goal=goal,
        created=created,
        **fields,
    )


def undated(done: int, total: int, when: dt.date = TODAY) -> tuple[Any, ...]:
    """`total` undated milestones of which the first `done` were done on `when`."""
    return tuple((None, when if n < done else None) for n in range(total))


def status_of(goal: Goal, actions: list[Action] | None = None, today: dt.date = TODAY) -> str:
    return goal_progress(goal, actions or [], today).status.value


# -- what the issue saw -----------------------------------------------------------------------


def test_early_in_a_goal_with_the_first_milestone_weeks_away_is_on_track() -> None:
    """Twelve days in, the first milestone due in three weeks: nothing is late, so the goal is
    on track, not `behind 0/4 milestones, 11% of the time gone`."""
    start = TODAY - 12 * DAY
    goal = make_goal(
        start,
        start + 110 * DAY,
        (
            (TODAY + 21 * DAY, None),
            (TODAY + 50 * DAY, None),
            (TODAY + 80 * DAY, None),
            (None, None),
        ),
    )
    result = goal_progress(goal, [], TODAY)
    assert result.status == TimelineStatus.ON_TRACK
    assert result.expected == 0.0
    assert result.late == []


def test_three_of_four_done_on_time_with_the_last_due_later_is_on_track() -> None:
    """Three milestones done on their dates and the last one due as planned: on track, and
    no re-plan is called for."""
    goal = make_goal(
        TODAY - 90 * DAY,
        TODAY + 30 * DAY,
        (
            (TODAY - 60 * DAY, TODAY - 61 * DAY),
            (TODAY - 30 * DAY, TODAY - 30 * DAY),
            (TODAY - 5 * DAY, TODAY - 6 * DAY),
            (TODAY + 30 * DAY, None),
        ),
    )
    result = goal_progress(goal, [], TODAY)
    assert result.status == TimelineStatus.ON_TRACK
    assert result.expected == 0.75
    assert result.progress == 0.75


def test_a_milestone_past_its_date_and_not_done_is_behind_and_named() -> None:
    """Behind means something planned for by now is not done: the late milestone is named."""
    goal = make_goal(
        TODAY - 60 * DAY,
        TODAY + 60 * DAY,
        ((TODAY - 10 * DAY, TODAY - 12 * DAY), (TODAY - DAY, None), (TODAY + 30 * DAY, None)),
    )
    result = goal_progress(goal, [], TODAY)
    assert result.status == TimelineStatus.BEHIND
    assert [(u.number, u.due) for u in result.late] == [(2, TODAY - DAY)]
    assert result.late[0].label == "milestone 2 'step 2'"


def test_a_unit_due_today_is_not_late_yet() -> None:
    """A unit due on day D is not late on D: on track that day, behind the day after."""
    goal = make_goal(TODAY - 30 * DAY, TODAY + 30 * DAY, ((TODAY, None), (TODAY + 20 * DAY, None)))
    today = goal_progress(goal, [], TODAY)
    assert (today.status, today.expected) == (TimelineStatus.ON_TRACK, 0.0)
    tomorrow = goal_progress(goal, [], TODAY + DAY)
    assert (tomorrow.status, tomorrow.expected) == (TimelineStatus.BEHIND, 0.5)


def test_more_done_than_due_by_today_is_ahead() -> None:
    """Ahead: more units done than are due on or before today."""
    goal = make_goal(
        TODAY - 30 * DAY,
        TODAY + 60 * DAY,
        (
            (TODAY - 5 * DAY, TODAY - 6 * DAY),
            (TODAY + 10 * DAY, TODAY - DAY),
            (TODAY + 50 * DAY, None),
        ),
    )
    assert status_of(goal) == "ahead"
    # Done exactly what is due on or before today (one due today, done): on track.
    even = make_goal(TODAY - 30 * DAY, TODAY + 60 * DAY, ((TODAY, TODAY), (TODAY + 9 * DAY, None)))
    assert status_of(even) == "on_track"


# -- the even spread of undated units ---------------------------------------------------------


def test_undated_units_spread_evenly_over_the_timeline() -> None:
    """The k-th of n undated units is due on start + ceil(k * span / n) days."""
    start = dt.date(2026, 1, 1)
    goal = make_goal(start, start + 10 * DAY, undated(0, 3))
    units, measured_by = goal_units(goal, [], TODAY)
    assert measured_by == "milestones"
    # span 10: ceil(10/3) = 4, ceil(20/3) = 7, ceil(30/3) = 10.
    assert [u.due for u in units] == [start + 4 * DAY, start + 7 * DAY, start + 10 * DAY]
    assert not any(u.dated for u in units)


def test_dated_units_keep_their_dates_and_the_undated_share_the_span() -> None:
    """Only undated units are spread, in their order; dated ones are due on their dates."""
    start = dt.date(2026, 1, 1)
    goal = make_goal(
        start, start + 100 * DAY, ((None, None), (start + 5 * DAY, None), (None, None))
    )
    units, _ = goal_units(goal, [], TODAY)
    assert [u.due for u in units] == [start + 50 * DAY, start + 5 * DAY, start + 100 * DAY]


def test_a_goal_of_no_length_spreads_over_one_day() -> None:
    """start == target: the span counts as 1 day, as SPEC says."""
    goal = make_goal(TODAY, TODAY, undated(0, 2))
    units, _ = goal_units(goal, [], TODAY)
    assert [u.due for u in units] == [TODAY + DAY, TODAY + DAY]
    assert status_of(goal) == "on_track"
    assert status_of(goal, today=TODAY + DAY) == "overdue"


def test_undated_units_without_a_target_have_no_due_date() -> None:
    """No target, nothing dated: `no_deadline`, with no expected share."""
    result = goal_progress(make_goal(TODAY - 10 * DAY, None, undated(1, 3)), [], TODAY)
    assert result.status == TimelineStatus.NO_DEADLINE
    assert result.expected is None
    assert all(u.due is None for u in result.units)


def test_a_dated_unit_gives_a_goal_without_target_a_plan() -> None:
    """No target but a dated milestone: judged by that date."""
    goal = make_goal(TODAY - 10 * DAY, None, ((TODAY - DAY, None), (None, None)))
    assert status_of(goal) == "behind"


# -- units: milestones, else the mentee's own actions ----------------------------------------


def test_without_milestones_the_units_are_my_non_dropped_actions_of_the_goal() -> None:
    """No milestones: the goal's own actions, not dropped, not the mentor's promises."""
    goal = make_goal(TODAY - 10 * DAY, TODAY + 10 * DAY)
    actions = [
        make_action(1, "done", TODAY - DAY),
        make_action(2, "done", TODAY - 2 * DAY),
        make_action(3, "open"),
        make_action(4, "open"),
        make_action(5, "dropped"),
        make_action(6, "done", TODAY - DAY, goal="other"),
        make_action(7, "done", TODAY - DAY, owner="mentor", mentor="alex"),
    ]
    result = goal_progress(goal, actions, TODAY)
    assert result.measured_by == "actions"
    assert (result.done, result.total, result.progress) == (2, 4, 0.5)
    assert {u.action for u in result.units} == {"a1", "a2", "a3", "a4"}


def test_undated_actions_spread_in_the_order_they_were_created() -> None:
    """The first action created is the first due; the file order does not matter."""
    start = dt.date(2026, 1, 1)
    goal = make_goal(start, start + 20 * DAY)
    actions = [make_action(2), make_action(1)]
    units, _ = goal_units(goal, actions, TODAY)
    assert [(u.action, u.due) for u in units] == [
        ("a1", start + 10 * DAY),
        ("a2", start + 20 * DAY),
    ]


def test_an_actions_own_due_date_counts() -> None:
    """An open action past its due date makes the goal behind."""
    goal = make_goal(TODAY - 10 * DAY, TODAY + 60 * DAY)
    actions = [make_action(1, due=TODAY - 2 * DAY), make_action(2, due=TODAY + 5 * DAY)]
    result = goal_progress(goal, actions, TODAY)
    assert result.status == TimelineStatus.BEHIND
    assert result.late[0].label == "action 'action 1'"


def test_milestones_win_over_actions() -> None:
    """With milestones, the goal's actions do not count toward progress."""
    goal = make_goal(TODAY - 10 * DAY, TODAY + 10 * DAY, undated(1, 4))
    actions = [make_action(n, "done", TODAY - DAY) for n in range(1, 4)]
    result = goal_progress(goal, actions, TODAY)
    assert (result.measured_by, result.done, result.total) == ("milestones", 1, 4)


def test_nothing_to_measure_is_no_plan() -> None:
    """No units (or only dropped actions): `no_plan`, nothing expected, no forecast."""
    for actions in ([], [make_action(1, "dropped")]):
        result = goal_progress(make_goal(TODAY - 10 * DAY, TODAY + 10 * DAY), actions, TODAY)
        assert result.status == TimelineStatus.NO_PLAN
        assert (result.expected, result.progress, result.forecast) == (None, None, None)


# -- the statuses that come first --------------------------------------------------------------


def test_achieved_comes_before_everything() -> None:
    goal = make_goal(
        TODAY - 90 * DAY, TODAY - 60 * DAY, undated(0, 3), status="achieved", achieved=TODAY
    )
    assert status_of(goal) == "achieved"


def test_paused_is_never_at_risk() -> None:
    """A paused goal is `paused`, even past its target or with late milestones."""
    late = make_goal(TODAY - 90 * DAY, TODAY - DAY, undated(0, 3), status="paused")
    assert status_of(late) == "paused"
    behind = make_goal(
        TODAY - 90 * DAY, TODAY + 9 * DAY, ((TODAY - 9 * DAY, None),), status="paused"
    )
    assert status_of(behind) == "paused"


def test_past_target_is_overdue_from_the_day_after() -> None:
    goal = make_goal(TODAY - 30 * DAY, TODAY, undated(4, 4))
    assert status_of(goal) == "on_track"
    assert status_of(goal, today=TODAY + DAY) == "overdue"


def test_leap_day_target_is_overdue_only_from_march_first() -> None:
    goal = make_goal(dt.date(2027, 3, 1), dt.date(2028, 2, 29), ((dt.date(2028, 2, 29), None),))
    assert status_of(goal, today=dt.date(2028, 2, 29)) == "on_track"
    assert status_of(goal, today=dt.date(2028, 3, 1)) == "overdue"


# -- words ------------------------------------------------------------------------------------


def test_every_status_reads_as_words() -> None:
    """`status_text` gives the words a person reads; every status has them."""
    words = {s.value: status_text(s) for s in TimelineStatus}
    assert words == {
        "achieved": "achieved",
        "paused": "paused",
        "overdue": "overdue",
        "no_plan": "no plan",
        "no_deadline": "no deadline",
        "behind": "behind",
        "ahead": "ahead",
        "on_track": "on track",
    }
    assert status_text("on_track") == "on track"


# -- forecast ---------------------------------------------------------------------------------


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
    goal = make_goal(TODAY - 60 * DAY, TODAY + 60 * DAY, undated(3, 4, TODAY - 3 * DAY))
    assert goal_progress(goal, [], TODAY).forecast == TODAY + 19 * DAY


def test_forecast_across_a_leap_day() -> None:
    today = dt.date(2028, 2, 1)
    goal = make_goal(dt.date(2027, 12, 1), dt.date(2028, 6, 1), undated(2, 3, today - DAY))
    assert goal_progress(goal, [], today).forecast == dt.date(2028, 2, 29)


def test_no_forecast_without_a_recent_pace() -> None:
    old = TODAY - PACE_WINDOW - DAY
    stale = make_goal(TODAY - 200 * DAY, TODAY + 200 * DAY, undated(2, 4, old))
    assert goal_progress(stale, [], TODAY).forecast is None


def test_all_done_forecast_is_the_last_completion() -> None:
    last = TODAY - 300 * DAY
    goal = make_goal(TODAY - 400 * DAY, TODAY + 10 * DAY, ((None, last - 20 * DAY), (None, last)))
    result = goal_progress(goal, [], TODAY)
    assert result.forecast == last
    assert result.all_done


def test_a_forecast_after_the_target_is_flagged() -> None:
    """On track today, but at the recent pace the rest is done after the target: one done in
    the goal's 30 days, two left -> 60 days."""
    goal = make_goal(
        TODAY - 30 * DAY,
        TODAY + 20 * DAY,
        ((TODAY - 10 * DAY, TODAY - 10 * DAY), (TODAY + 10 * DAY, None), (TODAY + 20 * DAY, None)),
    )
    result = goal_progress(goal, [], TODAY)
    assert result.status == TimelineStatus.ON_TRACK
    assert result.forecast == TODAY + 60 * DAY
    assert result.forecast_after_target


def _issue_goal(**fields: Any) -> Goal:
    """What the issue saw: started 2026-10-15, target 2027-01-31, three milestones, the first
    (due 11-15) done early on 11-12."""
    return make_goal(
        dt.date(2026, 10, 15),
        dt.date(2027, 1, 31),
        (
            (dt.date(2026, 11, 15), dt.date(2026, 11, 12)),
            (dt.date(2026, 12, 20), None),
            (dt.date(2027, 1, 31), None),
        ),
        **fields,
    )


def test_a_goal_younger_than_eight_weeks_is_forecast_from_its_start() -> None:
    """One of three done in the 33 days since the start: two left at 33 days each is
    2027-01-22, before the target (over 8 weeks it would be 2027-03-09, after it)."""
    result = goal_progress(_issue_goal(), [], dt.date(2026, 11, 17))
    assert result.status == TimelineStatus.ON_TRACK
    assert result.forecast == dt.date(2027, 1, 22)
    assert not result.forecast_after_target


@pytest.mark.parametrize(("age", "forecast"), [(13, None), (14, TODAY + 28 * DAY)])
def test_under_fourteen_days_since_the_start_there_is_no_forecast(
    age: int, forecast: dt.date | None
) -> None:
    """A pace of a few days says nothing: under 14 days since the start, no forecast; from
    14 days, one done and two left is 2 x 14 days on."""
    goal = make_goal(TODAY - age * DAY, TODAY + 200 * DAY, undated(1, 3, TODAY - DAY))
    assert goal_progress(goal, [], TODAY).forecast == forecast


def test_a_young_goal_all_done_is_forecast_on_its_last_completion() -> None:
    """The floor is about a pace: a goal with every unit done has its day, however young."""
    goal = make_goal(TODAY - 3 * DAY, TODAY + 30 * DAY, undated(2, 2, TODAY - DAY))
    assert goal_progress(goal, [], TODAY).forecast == TODAY - DAY


@pytest.mark.parametrize(("age", "forecast"), [(20, TODAY + 40 * DAY), (56, TODAY + 112 * DAY)])
def test_what_was_done_on_a_goals_first_day_counts_in_its_pace(age: int, forecast: dt.date) -> None:
    """Done on the start day, up to a goal exactly 8 weeks old: one done in `age` days, two
    left."""
    start = TODAY - age * DAY
    goal = make_goal(start, TODAY + 400 * DAY, undated(1, 3, start))
    assert goal_progress(goal, [], TODAY).forecast == forecast


def test_a_goal_older_than_eight_weeks_keeps_the_eight_weeks() -> None:
    """57 days old: the window is 8 weeks, so what was done on the start day is outside it."""
    start = TODAY - 57 * DAY
    goal = make_goal(start, TODAY + 400 * DAY, ((None, start), (None, TODAY - DAY), (None, None)))
    assert goal_progress(goal, [], TODAY).forecast == TODAY + 56 * DAY


# -- as of a day: what was done after it is not done yet ------------------------------------


def test_a_milestone_done_after_today_is_not_done_today() -> None:
    """The issue: milestone 2 done on 11-27 does not make the goal ahead on 11-17."""
    goal = _issue_goal()
    goal.milestones[1].done = dt.date(2026, 11, 27)
    on = goal_progress(goal, [], dt.date(2026, 11, 17))
    assert on.status == TimelineStatus.ON_TRACK
    assert (on.done, on.progress) == (1, 1 / 3)
    assert on.units[1].done is None
    assert not on.units[1].is_done
    assert on.forecast == dt.date(2027, 1, 22)  # the pace of what was done by then
    after = goal_progress(goal, [], dt.date(2026, 11, 27))
    assert (after.status, after.done) == (TimelineStatus.AHEAD, 2)


def test_a_milestone_done_after_today_can_be_late_today() -> None:
    """Due 11-15, done 11-20: on 11-17 it was late, so the goal was behind."""
    goal = _issue_goal()
    goal.milestones[0].done = dt.date(2026, 11, 20)
    result = goal_progress(goal, [], dt.date(2026, 11, 17))
    assert result.status == TimelineStatus.BEHIND
    assert [u.number for u in result.late] == [1]


def test_an_action_done_after_today_is_not_done_today() -> None:
    goal = make_goal(TODAY - 60 * DAY, TODAY + 60 * DAY)
    actions = [
        make_action(1, "done", TODAY - 5 * DAY, due=TODAY - 10 * DAY),
        make_action(2, "done", TODAY + 3 * DAY, due=TODAY - 2 * DAY),
    ]
    result = goal_progress(goal, actions, TODAY)
    assert result.status == TimelineStatus.BEHIND
    assert [u.action for u in result.late] == ["a2"]
    assert (result.done, result.total) == (1, 2)
    assert not result.all_done
    later = goal_progress(goal, actions, TODAY + 3 * DAY)
    assert later.all_done


def test_a_goal_achieved_after_today_is_not_achieved_today() -> None:
    goal = _issue_goal(status="achieved", achieved=dt.date(2027, 1, 10))
    assert status_of(goal, today=dt.date(2026, 11, 17)) == "on_track"
    assert status_of(goal, today=dt.date(2027, 1, 10)) == "achieved"
    # Achieved on a day not known (a hand edit): achieved.
    assert status_of(_issue_goal(status="achieved"), today=dt.date(2026, 11, 17)) == "achieved"


# -- properties -------------------------------------------------------------------------------

dates = st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31))
optional_dates = st.none() | dates
offsets = st.integers(-400, 400)


def _goal_with(
    start: dt.date, span: int | None, marks: list[tuple[int | None, int | None]], **fields: Any
) -> Goal:
    target = None if span is None else start + span * DAY
    return make_goal(
        start,
        target,
        tuple(
            (
                None if due is None else start + due * DAY,
                None if done is None else start + done * DAY,
            )
            for due, done in marks
        ),
        **fields,
    )


plans = st.lists(st.tuples(st.none() | offsets, st.none() | offsets), min_size=1, max_size=7)


@settings(max_examples=examples(300))
@given(
    start=dates,
    span=st.none() | st.integers(0, 500),
    today_offset=offsets,
    marks=plans,
    spread=st.data(),
)
def test_every_unit_done_by_its_due_date_is_never_behind(
    start: dt.date,
    span: int | None,
    today_offset: int,
    marks: list[tuple[int | None, int | None]],
    spread: st.DataObject,
) -> None:
    """A goal whose units due before today were all done by their due dates is not behind."""
    today = start + today_offset * DAY
    plan = _goal_with(start, span, [(due, None) for due, _ in marks])
    units, _ = goal_units(plan, [], today)
    done: list[dt.date | None] = []
    for unit in units:
        if unit.due is not None and unit.due < today:
            early = spread.draw(st.integers(0, 30))
            done.append(unit.due - early * DAY)
        else:
            done.append(spread.draw(st.none() | st.just(today)))
    goal = plan.model_copy(
        update={
            "milestones": [
                m.model_copy(update={"done": d}) for m, d in zip(plan.milestones, done, strict=True)
            ]
        }
    )
    assert goal_progress(goal, [], today).status != TimelineStatus.BEHIND


@settings(max_examples=examples(300))
@given(
    start=dates,
    span=st.none() | st.integers(0, 500),
    today_offset=offsets,
    marks=plans,
    goal_status=st.sampled_from(["active", "paused", "achieved"]),
)
def test_a_unit_past_due_and_not_done_is_never_on_track_or_ahead(
    start: dt.date,
    span: int | None,
    today_offset: int,
    marks: list[tuple[int | None, int | None]],
    goal_status: str,
) -> None:
    """Something planned for before today and not done: neither on track nor ahead."""
    today = start + today_offset * DAY
    goal = _goal_with(start, span, marks, status=goal_status)
    result = goal_progress(goal, [], today)
    if result.late:
        assert result.status not in (TimelineStatus.ON_TRACK, TimelineStatus.AHEAD)


@settings(max_examples=examples(300))
@given(
    start=dates,
    span=st.none() | st.integers(0, 500),
    today_offset=offsets,
    marks=plans,
    by_actions=st.booleans(),
)
def test_adding_an_undated_unit_never_turns_behind_into_on_track(
    start: dt.date,
    span: int | None,
    today_offset: int,
    marks: list[tuple[int | None, int | None]],
    by_actions: bool,
) -> None:
    """A new undated milestone (or action) can only move the undated units' dates earlier:
    a goal behind stays behind."""
    today = start + today_offset * DAY
    goal = _goal_with(start, span, marks)
    actions: list[Action] = []
    if by_actions:
        actions = [
            make_action(n, "done" if m.done else "open", m.done, due=m.due)
            for n, m in enumerate(goal.milestones, start=1)
        ]
        goal = goal.model_copy(update={"milestones": []})
    before = goal_progress(goal, actions, today).status
    if by_actions:
        more = [*actions, make_action(len(actions) + 1)]
        after = goal_progress(goal, more, today).status
    else:
        extra = Milestone(title="one more")
        after = goal_progress(
            goal.model_copy(update={"milestones": [*goal.milestones, extra]}), [], today
        ).status
    if before == TimelineStatus.BEHIND:
        assert after == TimelineStatus.BEHIND


@settings(max_examples=examples(200))
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
def test_shares_stay_in_range_and_the_status_is_one_of_eight(
    start: dt.date | None,
    target: dt.date | None,
    today: dt.date,
    marks: list[tuple[dt.date | None, dt.date | None]],
    action_states: list[tuple[str, dt.date | None]],
    goal_status: str,
) -> None:
    """For any dates and plan, expected and progress are in [0, 1] or None, and `expected`
    is None exactly for `no_plan` and `no_deadline` (and goals with no due date at all)."""
    goal = make_goal(start, target, tuple(marks), status=goal_status)
    actions = [
        make_action(n, state, done if state == "done" else None)
        for n, (state, done) in enumerate(action_states)
    ]
    result = goal_progress(goal, actions, today)
    assert result.expected is None or 0.0 <= result.expected <= 1.0
    assert result.progress is None or 0.0 <= result.progress <= 1.0
    assert status_text(result.status)
    if result.status in (TimelineStatus.NO_PLAN, TimelineStatus.NO_DEADLINE):
        assert result.expected is None
    if result.status in (TimelineStatus.BEHIND, TimelineStatus.AHEAD, TimelineStatus.ON_TRACK):
        assert result.expected is not None


def test_the_first_that_applies_order_is_spec_order() -> None:
    """SPEC's order: achieved, paused, overdue, no_plan, no_deadline, behind, ahead, on_track."""
    assert [s.value for s in TimelineStatus] == [
        "achieved",
        "paused",
        "overdue",
        "no_plan",
        "no_deadline",
        "behind",
        "ahead",
        "on_track",
    ]


@pytest.mark.parametrize("status", ["active", "paused"])
def test_undated_units_past_their_spread_date_are_late(status: str) -> None:
    """Undated milestones spread over the timeline: the first, due on day 25 of 100, is late
    on day 30 (behind), unless the goal is paused."""
    start = TODAY - 30 * DAY
    goal = make_goal(start, start + 100 * DAY, undated(0, 4), status=status)
    result = goal_progress(goal, [], TODAY)
    expected = "behind" if status == "active" else "paused"
    assert result.status.value == expected
    assert result.late[0].due == start + 25 * DAY
    assert not result.late[0].dated


@settings(max_examples=examples(200))
@given(
    start=dates,
    span=st.none() | st.integers(0, 500),
    today_offset=offsets,
    marks=plans,
)
def test_a_goal_is_judged_on_a_day_as_if_nothing_later_were_done(
    start: dt.date,
    span: int | None,
    today_offset: int,
    marks: list[tuple[int | None, int | None]],
) -> None:
    """A what-if review of day D: judging the goal on D is judging it with every completion
    after D erased, for milestones and for actions alike."""
    today = start + today_offset * DAY
    goal = _goal_with(start, span, marks)
    erased = _goal_with(
        start,
        span,
        [
            (due, done if done is None or start + done * DAY <= today else None)
            for due, done in marks
        ],
    )
    as_of = goal_progress(goal, [], today)
    known = goal_progress(erased, [], today)
    assert as_of._replace(goal=erased) == known
    by_actions = _goal_with(start, span, [])
    actions = [
        make_action(
            n,
            "open" if done is None else "done",
            None if done is None else start + done * DAY,
            due=None if due is None else start + due * DAY,
        )
        for n, (due, done) in enumerate(marks)
    ]
    undone = [
        a
        if a.done is None or a.done <= today
        else a.model_copy(update={"status": "open", "done": None})
        for a in actions
    ]
    assert goal_progress(by_actions, actions, today) == goal_progress(by_actions, undone, today)
