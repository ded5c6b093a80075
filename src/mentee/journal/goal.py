"""Goals: add one, mark it achieved or dropped, move its target, its milestones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from types import EllipsisType
from typing import Any

from mentee.errors import ConflictError, UsageError, require_text
from mentee.journal.records import (
    ListEdit,
    create,
    get_record,
    resolve_all,
    revalidate,
    save,
    unique,
    update,
)
from mentee.kinds import GoalStatus, Kind
from mentee.models import Goal, Milestone, Retarget
from mentee.store import Store


def add_goal(
    store: Store,
    *,
    title: str,
    today: date,
    target: date | None = None,
    start: date | None = None,
    why: str | None = None,
    baseline: str | None = None,
    success: str | None = None,
    mentors: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> Goal:
    """Create an active goal starting on `start` (default today) and return it; an empty title or a
    target before the start is a usage error."""
    require_text(title, "a goal's title")
    begin = start or today
    if target is not None and target < begin:
        raise UsageError(f"the target {target} is before the start {begin}")
    with store.locked():
        goal = Goal(
            id=store.new_id(Kind.GOAL),
            title=title,
            why=why,
            baseline=baseline,
            success=success,
            start=begin,
            target=target,
            mentors=resolve_all(store, Kind.MENTOR, mentors),
            tags=unique(tags),
        )
        return create(store, goal)


def set_goal_status(
    store: Store, prefix: str, status: GoalStatus, today: date, *, force: bool = False
) -> Goal:
    """Mark a goal achieved or dropped. Dropping an achieved goal would clear the day it was
    achieved: that takes `force`."""
    with store.locked():
        goal = get_record(store, Goal, prefix)
        if goal.status == status:
            # Again would overwrite the day it was achieved, which reviews report.
            raise ConflictError(f"goal {goal.id} is {status} already")
        if goal.status == GoalStatus.ACHIEVED and status == GoalStatus.DROPPED and not force:
            on = f" on {goal.achieved}" if goal.achieved else ""
            raise ConflictError(
                f"goal {goal.id} was achieved{on}; dropping it clears that: add --force to "
                "drop it anyway"
            )
        changes: dict[str, Any] = {"status": status}
        changes["achieved"] = today if status == GoalStatus.ACHIEVED else None
        return update(store, Goal, goal.id, changes)


def retarget_goal(store: Store, prefix: str, *, to: date, reason: str, today: date) -> Goal:
    """Move a goal's target date, keeping the change and its reason in `timeline`."""
    require_text(reason, "the reason")
    with store.locked():
        goal = get_record(store, Goal, prefix)
        if goal.start is not None and to < goal.start:
            raise UsageError(f"the new target {to} is before the goal's start {goal.start}")
        if goal.target == to:
            raise UsageError(f"the target is {to} already")
        entry = Retarget(date=today, from_=goal.target, to=to, reason=reason)
        changed = revalidate(goal, {"target": to, "timeline": [*goal.timeline, entry]})
        return save(store, changed)


@dataclass(frozen=True)
class GoalEdit:
    """What `goal edit` changes: fields given a new value (`title`, `why`, `baseline`,
    `success`, `start`, `status`), mentors (any way a mentor is named) and tags."""

    fields: dict[str, Any] = field(default_factory=dict)
    mentors: ListEdit = field(default_factory=ListEdit)
    tags: ListEdit = field(default_factory=ListEdit)

    @property
    def empty(self) -> bool:
        """Whether the edit changes nothing."""
        return not (self.fields or self.mentors or self.tags)


def edit_goal(store: Store, prefix: str, edit: GoalEdit, today: date) -> Goal:
    """Change a goal's fields, mentors and tags. A new status sets the day it was achieved
    (today) or clears it; an unchanged one keeps it. A mentor removed is unlinked from both
    sides (see `linked_mentors`)."""
    from mentee.journal.mentor import linked_mentors

    with store.locked():
        goal = get_record(store, Goal, prefix)
        changes = dict(edit.fields)
        mentors = linked_mentors(store, goal, add=edit.mentors.add, remove=edit.mentors.remove)
        tags = list(goal.tags)
        tags += [t for t in edit.tags.add if t not in tags]
        tags = [t for t in tags if t not in edit.tags.remove]
        changes.update(mentors=mentors, tags=tags)
        status = changes.get("status")
        if status is not None and status != goal.status:
            changes["achieved"] = today if status == GoalStatus.ACHIEVED else None
        return update(store, Goal, goal.id, changes)


def add_milestone(store: Store, prefix: str, *, title: str, due: date | None) -> Goal:
    """Add a milestone at the end of a goal's list and return the goal saved; an empty title is a
    usage error."""
    require_text(title, "a milestone's title")
    with store.locked():
        goal = get_record(store, Goal, prefix)
        milestone = Milestone(title=title, due=due)
        return save(store, revalidate(goal, {"milestones": [*goal.milestones, milestone]}))


def open_milestones(goal: Goal) -> int:
    """How many of a goal's milestones are not done."""
    return sum(m.done is None for m in goal.milestones)


def _check_milestone(goal: Goal, number: int) -> None:
    """A usage error unless `number` is one of the goal's milestones (from 1)."""
    if not 1 <= number <= len(goal.milestones):
        count = len(goal.milestones)
        known = (
            "it has only milestone 1"
            if count == 1
            else f"it has milestones 1 to {count}"
            if count
            else "it has none yet"
        )
        raise UsageError(
            f"goal {goal.id} has no milestone {number}: {known} (goal show lists them)"
        )


def complete_milestone(store: Store, prefix: str, number: int, today: date) -> Goal:
    """Mark milestone `number` (from 1, as `goal show` lists them) done today."""
    with store.locked():
        goal = get_record(store, Goal, prefix)
        _check_milestone(goal, number)
        milestones = [m.model_copy() for m in goal.milestones]
        if milestones[number - 1].done is not None:
            raise ConflictError(
                f"milestone {number} of goal {goal.id} was done on {milestones[number - 1].done}"
            )
        milestones[number - 1].done = today
        return save(store, revalidate(goal, {"milestones": milestones}))


def edit_milestone(
    store: Store,
    prefix: str,
    number: int,
    *,
    title: str | None = None,
    due: date | EllipsisType | None = ...,
) -> Goal:
    """Change milestone `number`'s title and/or due date (`due=None` clears it; `...` keeps
    it)."""
    with store.locked():
        goal = get_record(store, Goal, prefix)
        _check_milestone(goal, number)
        milestones = [m.model_copy() for m in goal.milestones]
        chosen = milestones[number - 1]
        if title is not None:
            chosen.title = require_text(title, "a milestone's title")
        if due is not ...:
            chosen.due = due
        return save(store, revalidate(goal, {"milestones": milestones}))


def remove_milestone(store: Store, prefix: str, number: int) -> tuple[Goal, Milestone]:
    """Remove milestone `number`; the goal and the milestone removed (later ones move up)."""
    with store.locked():
        goal = get_record(store, Goal, prefix)
        _check_milestone(goal, number)
        milestones = list(goal.milestones)
        removed = milestones.pop(number - 1)
        return save(store, revalidate(goal, {"milestones": milestones})), removed
