"""A meeting, with the agenda it had (`mentee.models`)."""

# No `from __future__ import annotations` here: pydantic reads every field's annotation when
# a model class is made; as objects they cost nothing, as strings each one is compiled and
# evaluated.

import datetime as dt

from pydantic import Field, field_validator

from mentee.dates import check_at
from mentee.kinds import Kind, MeetingStatus
from mentee.models import MAX_MEETING_MINUTES, MAX_SEQUENCE, Part, Record, RecordId, aware


class AgendaItem(Part):
    """One item of an agenda as it stood when the meeting was logged.

    `decision` is what the close-out said of it: `discussed`, `kept` (for next time; it
    comes back on the next agenda), `dropped` or `done`.
    """

    section: str
    text: str
    kind: str | None = None
    id: str | None = None
    decision: str | None = None


class Meeting(Record):
    """A meeting with a mentor: planned, held (with its notes and advice) or cancelled."""

    KIND = Kind.MEETING
    TEXT_FIELDS = ("where", "notes", "advice", "agenda", "cancel_reason")
    LABEL_FIELD = "at"
    OMITTED_AT_DEFAULT = ("sequence",)

    mentor: RecordId
    at: dt.datetime
    # Bounded as the command line bounds it: a day at most (a file or an import too).
    duration: int | None = Field(default=None, ge=1, le=MAX_MEETING_MINUTES)
    where: str | None = None
    status: MeetingStatus = MeetingStatus.PLANNED
    agenda: list[AgendaItem] = []
    notes: str | None = None
    advice: list[str] = []
    actions: list[RecordId] = []
    cancel_reason: str | None = None
    # How often it was moved (`meeting move`): the invitation's SEQUENCE, so a calendar
    # updates the event it has instead of adding one. iCalendar's integers are 32-bit.
    sequence: int = Field(default=0, ge=0, le=MAX_SEQUENCE)

    _at_validator = field_validator("at")(aware)
    # Within the calendar with a day to spare: its end and its time in any zone are dates.
    _at_range = field_validator("at", mode="after")(check_at)

    @property
    def label(self) -> str:
        """The meeting's start as `YYYY-MM-DD HH:MM` (its name in lists and messages)."""
        return self.at.strftime("%Y-%m-%d %H:%M")
