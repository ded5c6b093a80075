"""A mentor (`mentee.models`)."""

# No `from __future__ import annotations` here: pydantic reads every field's annotation when
# a model class is made; as objects they cost nothing, as strings each one is compiled and
# evaluated.

import datetime as dt
from typing import Any

from pydantic import Field, model_validator

from mentee.dates import MAX_CADENCE_DAYS
from mentee.kinds import Channel, Kind, MentorStatus
from mentee.models import Dated, Record


class Mentor(Record):
    """Someone who mentors (or might): how to reach them, how often to meet, their expertise."""

    KIND = Kind.MENTOR
    TEXT_FIELDS = (
        "name",
        "email",
        "org",
        "role",
        "expertise",
        "availability",
        "met",
        "why",
        "notes",
        "thanks",
    )
    LABEL_FIELD = "name"

    name: str
    email: str | None = None
    phone: str | None = None
    org: str | None = None
    role: str | None = None
    links: list[str] = []
    expertise: list[str] = []
    # No `goals`: which mentor serves which goal is stored once, in the goal's `mentors`.
    # A file from an older mentee may still list `goals` (kept as an unknown key until the
    # first write moves its links to the goals: see `mentee.links`).
    channel: Channel | None = None
    availability: str | None = None
    response_time: str | None = None
    timezone: str | None = None
    cadence_days: int | None = Field(default=None, ge=1, le=MAX_CADENCE_DAYS)
    status: MentorStatus = MentorStatus.ACTIVE
    met: str | None = None
    why: str | None = None
    since: dt.date | None = None
    notes: str | None = None
    thanks: list[Dated] = []

    @model_validator(mode="before")
    @classmethod
    def _no_empty_legacy_goals(cls, data: Any) -> Any:
        # Older mentee wrote `goals = []` in every mentor file: no links, nothing to keep.
        if isinstance(data, dict) and data.get("goals") == []:
            return {k: v for k, v in data.items() if k != "goals"}
        return data
