"""Progress against a goal's timeline: the one pure function the agenda and review share.

SPEC ("The review"): on day D, `expected` is the elapsed share of start..target (0 to 1);
`progress` is done milestones / milestones, else done actions / non-dropped actions of the
goal, else unknown. Status is the first that applies: achieved, overdue, behind
(progress < expected - 0.10), ahead (progress > expected + 0.10), on_track, no_plan
(nothing to measure), no_deadline. `forecast` extrapolates the pace of the last 8 weeks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from mentee.kinds import ActionStatus, GoalStatus
from mentee.models import Action, Goal

TOLERANCE = 0.10
PACE_WINDOW = timedelta(weeks=8)


class TimelineStatus(StrEnum):
    ACHIEVED = "achieved"
    OVERDUE = "overdue"
    BEHIND = "behind"
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    NO_PLAN = "no_plan"
    NO_DEADLINE = "no_deadline"


@dataclass(frozen=True)
class GoalProgress:
    """Where one goal stands on day `as_of`."""

    goal: Goal
    as_of: date
    status: TimelineStatus
    expected: float | None
    progress: float | None
    done: int
    total: int
    measured_by: str | None  # "milestones", "actions" or None
    forecast: date | None

    @property
    def days_left(self) -> int | None:
        return None if self.goal.target is None else (self.goal.target - self.as_of).days


def expected_share(start: date | None, target: date | None, today: date) -> float | None:
    """The elapsed share of start..target on `today`, clamped to 0..1; None without dates."""
    if target is None:
        return None
    begin = start if start is not None else target
    if today <= begin:
        return 0.0 if today < target else 1.0
    if today >= target:
        return 1.0
    return (today - begin).days / (target - begin).days


def goal_progress(goal: Goal, actions: Iterable[Action], today: date) -> GoalProgress:
    """The timeline status of `goal` on `today`, measured by milestones, else its actions."""
    completions: list[date]
    if goal.milestones:
        measured_by: str | None = "milestones"
        total = len(goal.milestones)
        completions = [m.done for m in goal.milestones if m.done is not None]
    else:
        mine = [a for a in actions if a.goal == goal.id and a.status != ActionStatus.DROPPED]
        total = len(mine)
        completions = [a.done or today for a in mine if a.status == ActionStatus.DONE]
        measured_by = "actions" if total else None
    done = len(completions)
    progress = done / total if total else None
    expected = expected_share(goal.start, goal.target, today)
    status = _status(goal, expected, progress, today)
    return GoalProgress(
        goal=goal,
        as_of=today,
        status=status,
        expected=expected,
        progress=progress,
        done=done,
        total=total,
        measured_by=measured_by,
        forecast=_forecast(total, completions, today),
    )


def _status(
    goal: Goal, expected: float | None, progress: float | None, today: date
) -> TimelineStatus:
    if goal.status == GoalStatus.ACHIEVED:
        return TimelineStatus.ACHIEVED
    if goal.target is not None and today > goal.target:
        return TimelineStatus.OVERDUE
    if expected is not None and progress is not None:
        # Rounded so that exactly 0.10 apart (3/10 done, 4/10 of the time gone) is on track
        # despite binary floating point (0.3 - 0.4 == -0.10000000000000003).
        gap = round(progress - expected, 9)
        if gap < -TOLERANCE:
            return TimelineStatus.BEHIND
        if gap > TOLERANCE:
            return TimelineStatus.AHEAD
        return TimelineStatus.ON_TRACK
    if progress is None:
        return TimelineStatus.NO_PLAN
    return TimelineStatus.NO_DEADLINE


def _forecast(total: int, completions: list[date], today: date) -> date | None:
    """When the rest would be done at the pace of the last 8 weeks; None without a pace."""
    if total == 0:
        return None
    remaining = total - len(completions)
    if remaining == 0:
        return max(completions)
    recent = [d for d in completions if today - PACE_WINDOW < d <= today]
    if not recent:
        return None
    per_day = len(recent) / PACE_WINDOW.days
    return today + timedelta(days=math.ceil(remaining / per_day))
