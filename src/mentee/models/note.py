"""A note of the mentee's (`mentee.models`)."""

# No `from __future__ import annotations` here: pydantic reads every field's annotation when
# a model class is made; as objects they cost nothing, as strings each one is compiled and
# evaluated.

import datetime as dt

from mentee.kinds import Kind, NoteKind
from mentee.models import Record, RecordId


class Note(Record):
    """A dated note of the mentee's: a win, a challenge, a learning or a plain note."""

    KIND = Kind.NOTE
    TEXT_FIELDS = ("text",)

    date: dt.date
    kind: NoteKind = NoteKind.NOTE
    text: str
    goal: RecordId | None = None
    private: bool = False
    discussed_in: RecordId | None = None
