"""Progress against a goal's own plan: the one pure function the agenda, the review and the
dashboard share, so that they never disagree about a goal.

SPEC ("The review"): a goal is judged against its own plan, so that "behind" means what a
mentor would mean: something planned for by now is not done. On day D:

- the **units** of progress are the goal's milestones, else its own actions (`owner = me`)
  that are not dropped; `progress` = done units / units (None without units);
- a unit with a `due` date is due then; the undated units, in their order (a milestone's
  number, an action's creation), spread evenly over the timeline: the k-th of n is due on
  `start` + ceil(k * span / n) days, span = `target` - `start` in days (at least 1); undated
  units of a goal without a target have no due date;
- `expected` = the share of units due before D (a unit due on D is not late yet); None for
  `no_plan` and `no_deadline`;
- status, the first that applies: achieved, paused, overdue (past target), no_plan (no units),
  no_deadline (no unit has a due date), behind (a unit due before D is not done), ahead (more
  units done than are due on or before D), on_track.

`forecast` extrapolates the pace of the last 8 weeks, or of the days since the goal's start
when it is younger than that (None without a recent pace, or with under 14 days since the
start: a pace of a few days says nothing).

As of D: a unit done after D is not done on D, and a goal achieved after D is not achieved on
D (what-if reviews with `MENTEE_TODAY`: SPEC "Dates").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from mentee.dates import shift
from mentee.kinds import ActionStatus, GoalStatus, Owner
from mentee.text import plural

if TYPE_CHECKING:
    from mentee.models import Action, Goal

PACE_WINDOW = timedelta(weeks=8)
# Below this much history since a goal's start its pace says nothing: no forecast.
MIN_HISTORY = timedelta(days=14)


class TimelineStatus(StrEnum):
    """Where a goal stands against its plan, in SPEC's order of precedence."""

    ACHIEVED = "achieved"
    PAUSED = "paused"
    OVERDUE = "overdue"
    NO_PLAN = "no_plan"
    NO_DEADLINE = "no_deadline"
    BEHIND = "behind"
    AHEAD = "ahead"
    ON_TRACK = "on_track"


_WORDS = {
    TimelineStatus.ACHIEVED: "achieved",
    TimelineStatus.PAUSED: "paused",
    TimelineStatus.OVERDUE: "overdue",
    TimelineStatus.NO_PLAN: "no plan",
    TimelineStatus.NO_DEADLINE: "no deadline",
    TimelineStatus.BEHIND: "behind",
    TimelineStatus.AHEAD: "ahead",
    TimelineStatus.ON_TRACK: "on track",
}


def status_text(status: TimelineStatus | str) -> str:
    """The status as a person reads it ("on track", "no plan"); JSON keeps the key."""
    return _WORDS[TimelineStatus(status)]


# Statuses that put a goal "at risk" (the dashboard, the replan suggestion).
AT_RISK = frozenset({TimelineStatus.OVERDUE, TimelineStatus.BEHIND})


class Unit(NamedTuple):
    """One unit of a goal's progress: a milestone, or one of the mentee's own actions."""

    title: str
    due: date | None  # its own due date, or the day the even spread gives it
    dated: bool  # whether `due` is the unit's own date (not from the spread)
    done: date | None  # the day it was done (None: not done)
    is_done: bool
    number: int | None = None  # a milestone's number, from 1
    action: str | None = None  # an action's id

    @property
    def label(self) -> str:
        """`milestone 2 'Lead the design review'` or `action 'Write the RFC'`."""
        if self.number is not None:
            return f"milestone {self.number} '{self.title}'"
        return f"action '{self.title}'"


class GoalProgress(NamedTuple):
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
    units: tuple[Unit, ...] = ()

    @property
    def days_left(self) -> int | None:
        """Days from `as_of` to the goal's target (negative once it has passed); None without a
        target."""
        return None if self.goal.target is None else (self.goal.target - self.as_of).days

    @property
    def late(self) -> list[Unit]:
        """Units due before `as_of` and not done, the most overdue first."""
        found = [
            u for u in self.units if not u.is_done and u.due is not None and u.due < self.as_of
        ]
        return sorted(found, key=lambda u: u.due or self.as_of)

    @property
    def due_by_now(self) -> int:
        """How many units were due before `as_of` (what `expected` is the share of)."""
        return sum(u.due is not None and u.due < self.as_of for u in self.units)

    @property
    def next_unit(self) -> Unit | None:
        """The next unit not done that is due on or after `as_of` (soonest first)."""
        ahead = [
            u for u in self.units if not u.is_done and u.due is not None and u.due >= self.as_of
        ]
        return min(ahead, key=lambda u: u.due or self.as_of, default=None)

    @property
    def all_done(self) -> bool:
        """Every unit is done (and there is at least one)."""
        return self.total > 0 and self.done == self.total

    @property
    def forecast_after_target(self) -> bool:
        """The recent pace finishes after the target (and the goal is not finished)."""
        target = self.goal.target
        return (
            self.forecast is not None
            and target is not None
            and not self.all_done
            and self.status not in (TimelineStatus.ACHIEVED, TimelineStatus.OVERDUE)
            and self.forecast > target
        )


def done_by(day: date | None, today: date) -> bool:
    """Whether something done on `day` is done as of `today`: a what-if review of an earlier
    day (`MENTEE_TODAY`) does not count what was done after it."""
    return day is not None and day <= today


def goal_units(goal: Goal, actions: Iterable[Action], today: date) -> tuple[list[Unit], str | None]:
    """The goal's units with their due dates, and what they are ("milestones", "actions"),
    as of `today`: a unit done after `today` is not done yet."""
    raw: list[Unit]
    if goal.milestones:
        measured_by: str | None = "milestones"
        raw = [
            Unit(
                title=m.title,
                due=m.due,
                dated=m.due is not None,
                done=m.done if done_by(m.done, today) else None,
                is_done=done_by(m.done, today),
                number=n,
            )
            for n, m in enumerate(goal.milestones, start=1)
        ]
    else:
        mine = sorted(
            (
                a
                for a in actions
                if a.goal == goal.id and a.owner == Owner.ME and a.status != ActionStatus.DROPPED
            ),
            key=lambda a: (a.created.isoformat() if a.created else "", a.id),
        )
        measured_by = "actions" if mine else None
        raw = []
        for a in mine:
            # A done action without its date (a hand edit) counts as done today.
            finished = (a.done or today) if a.status == ActionStatus.DONE else None
            is_done = done_by(finished, today)
            raw.append(
                Unit(
                    title=a.title,
                    due=a.due,
                    dated=a.due is not None,
                    done=finished if is_done else None,
                    is_done=is_done,
                    action=a.id,
                )
            )
    return _spread(raw, goal), measured_by


def _spread(units: list[Unit], goal: Goal) -> list[Unit]:
    """Undated units get the day the even spread over start..target gives them."""
    undated = [u for u in units if not u.dated]
    if not undated or goal.target is None:
        return units
    # A goal written by hand without a start: its undated units are due on the target.
    start = goal.start if goal.start is not None and goal.start <= goal.target else goal.target
    span = max((goal.target - start).days, 1)
    count = len(undated)
    spread: list[Unit] = []
    k = 0
    for unit in units:
        if unit.dated:
            spread.append(unit)
            continue
        k += 1
        days = math.ceil(k * span / count)
        spread.append(
            Unit(
                title=unit.title,
                due=start + timedelta(days=days),
                dated=False,
                done=unit.done,
                is_done=unit.is_done,
                number=unit.number,
                action=unit.action,
            )
        )
    return spread


def goal_progress(goal: Goal, actions: Iterable[Action], today: date) -> GoalProgress:
    """The timeline status of `goal` on `today`, measured by milestones, else its actions."""
    units, measured_by = goal_units(goal, actions, today)
    total = len(units)
    done = sum(u.is_done for u in units)
    progress = done / total if total else None
    dated = [u for u in units if u.due is not None]
    status = _status(goal, units, today)
    expected = (
        None
        if status in (TimelineStatus.NO_PLAN, TimelineStatus.NO_DEADLINE) or not dated
        else sum(u.due < today for u in dated if u.due is not None) / total
    )
    completions = [u.done for u in units if u.done is not None]
    return GoalProgress(
        goal=goal,
        as_of=today,
        status=status,
        expected=expected,
        progress=progress,
        done=done,
        total=total,
        measured_by=measured_by,
        forecast=_forecast(total, completions, today, goal.start),
        units=tuple(units),
    )


def achieved_by(goal: Goal, today: date) -> bool:
    """Whether `goal` is achieved as of `today`: not if it was achieved after that day (a
    what-if review); a goal achieved on a day not known (a hand edit) is."""
    return goal.status == GoalStatus.ACHIEVED and (goal.achieved is None or goal.achieved <= today)


def _status(goal: Goal, units: list[Unit], today: date) -> TimelineStatus:
    if achieved_by(goal, today):
        return TimelineStatus.ACHIEVED
    if goal.status == GoalStatus.PAUSED:
        return TimelineStatus.PAUSED
    if goal.target is not None and today > goal.target:
        return TimelineStatus.OVERDUE
    if not units:
        return TimelineStatus.NO_PLAN
    if all(u.due is None for u in units):
        return TimelineStatus.NO_DEADLINE
    if any(not u.is_done and u.due is not None and u.due < today for u in units):
        return TimelineStatus.BEHIND
    due_so_far = sum(u.due is not None and u.due <= today for u in units)
    if sum(u.is_done for u in units) > due_so_far:
        return TimelineStatus.AHEAD
    return TimelineStatus.ON_TRACK


def _forecast(total: int, completions: list[date], today: date, start: date | None) -> date | None:
    """When the rest would be done at the pace of the last 8 weeks, or of the days since
    `start` when the goal is younger than that; None without a pace, or with under 14 days
    since the start."""
    if total == 0:
        return None
    remaining = total - len(completions)
    if remaining == 0:
        return max(completions)
    since = shift(today, -PACE_WINDOW)
    if start is not None and start >= since:
        # A young goal: its pace is over its own days (what was done on its first day counts),
        # not over 8 weeks of which it lived only some.
        days = (today - start).days
        if days < MIN_HISTORY.days:
            return None
        recent = [d for d in completions if start <= d <= today]
    else:
        days = PACE_WINDOW.days
        recent = [d for d in completions if since < d <= today]
    if not recent:
        return None
    return shift(today, math.ceil(remaining * days / len(recent)))


def behind_reason(item: GoalProgress) -> str:
    """Why a goal is behind, in a mentor's words: the unit that is late."""
    late = item.late
    first = late[0]
    more = f" (and {len(late) - 1} more)" if len(late) > 1 else ""
    if first.dated:
        return f"{first.label} was due {first.due} and is not done{more}"
    return f"{first.label} ({undated(first)}) is not done{more}"


def undated(unit: Unit) -> str:
    """Why an undated unit is due when it is: `undated, spread evenly: due 2026-11-12`."""
    return f"undated, spread evenly: due {unit.due}"


def goal_state(progress: GoalProgress, upcoming: bool = True, forecast: bool = False) -> str:
    """What a mentor would say of the goal beyond its status word: the unit that is late,
    or (with `upcoming`) the next one due; with `forecast` (views without a forecast of
    their own), a forecast past the target, in words. Empty when there is nothing to add."""
    if progress.status == TimelineStatus.BEHIND and progress.late:
        return behind_reason(progress)
    target = progress.goal.target
    if progress.status == TimelineStatus.OVERDUE and target is not None:
        late = f"{plural((progress.as_of - target).days, 'day')} past the target"
        noun = (progress.measured_by or "unit").removesuffix("s")
        return f"{late}, with every {noun} done" if progress.all_done else late
    if progress.status == TimelineStatus.NO_PLAN:
        return "no milestones or actions to measure it by yet"
    if progress.status in (TimelineStatus.ON_TRACK, TimelineStatus.AHEAD):
        following = progress.next_unit if upcoming else None
        parts = []
        if following is not None and following.due is not None:
            when = f", due {following.due}" if following.dated else f" ({undated(following)})"
            parts.append(f"next: {following.label}{when}")
        if forecast and progress.forecast_after_target:
            parts.append(
                f"at the recent pace it would be done by {progress.forecast}, after the target"
            )
        return "; ".join(parts)
    return ""


def forecast_cell(progress: GoalProgress) -> str:
    """The forecast, and in words when it falls after the target."""
    if progress.forecast is None or progress.status == TimelineStatus.ACHIEVED:
        return "\N{EN DASH}"
    if progress.forecast_after_target:
        return f"{progress.forecast} (after the target)"
    return str(progress.forecast)
