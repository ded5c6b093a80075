"""An action item (`mentee.models`)."""

# No `from __future__ import annotations` here: pydantic reads every field's annotation when
# a model class is made; as objects they cost nothing, as strings each one is compiled and
# evaluated.

import datetime as dt

from mentee.kinds import ActionKind, ActionStatus, Kind, Owner
from mentee.models import Dated, Record, RecordId


class Action(Record):
    """Something to do: the mentee's own (owner `me`) or a mentor's promise."""

    KIND = Kind.ACTION
    TEXT_FIELDS = ("title", "notes")
    LABEL_FIELD = "title"

    title: str
    status: ActionStatus = ActionStatus.OPEN
    kind: ActionKind = ActionKind.TASK
    owner: Owner = Owner.ME
    due: dt.date | None = None
    goal: RecordId | None = None
    mentor: RecordId | None = None
    meeting: RecordId | None = None
    feedback: RecordId | None = None
    notes: list[Dated] = []
    done: dt.date | None = None
