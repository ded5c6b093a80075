"""Feedback received (`mentee.models`)."""

# No `from __future__ import annotations` here: pydantic reads every field's annotation when
# a model class is made; as objects they cost nothing, as strings each one is compiled and
# evaluated.

import datetime as dt

from mentee.kinds import FeedbackKind, Kind
from mentee.models import Record, RecordId


class Feedback(Record):
    """Feedback received on a day from a mentor or anyone else, about some goals."""

    KIND = Kind.FEEDBACK
    TEXT_FIELDS = ("text", "source")

    date: dt.date
    source: str
    kind: FeedbackKind = FeedbackKind.OBSERVATION
    text: str
    goals: list[RecordId] = []
    private: bool = False
    discussed_in: RecordId | None = None
