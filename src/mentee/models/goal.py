"""A goal, with its milestones and the changes of its target date (`mentee.models`)."""

# No `from __future__ import annotations` here: pydantic reads every field's annotation when
# a model class is made; as objects they cost nothing, as strings each one is compiled and
# evaluated.

import datetime as dt

from pydantic import Field

from mentee.kinds import GoalStatus, Kind
from mentee.models import Part, Record, RecordId


class Milestone(Part):
    """One step of a goal: its title, when it is due and the day it was done."""

    title: str
    due: dt.date | None = None
    done: dt.date | None = None


class Retarget(Part):
    """One change of a goal's target date, with the reason."""

    date: dt.date
    from_: dt.date | None = Field(default=None, alias="from")
    to: dt.date | None = None
    reason: str = ""


class Goal(Record):
    """Something the mentee works towards, with its plan, milestones and mentors."""

    KIND = Kind.GOAL
    TEXT_FIELDS = ("title", "why", "baseline", "success", "tags", "milestones", "timeline")
    LABEL_FIELD = "title"

    title: str
    why: str | None = None
    baseline: str | None = None
    success: str | None = None
    status: GoalStatus = GoalStatus.ACTIVE
    start: dt.date | None = None
    target: dt.date | None = None
    mentors: list[RecordId] = []
    tags: list[str] = []
    milestones: list[Milestone] = []
    timeline: list[Retarget] = []
    achieved: dt.date | None = None
