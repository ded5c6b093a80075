"""The seven record kinds as pydantic models. No I/O here.

Field names are the file format and the `--json` format alike (SPEC.md, "Records").
Every model keeps keys it does not know (`extra="allow"`), so a record written by a newer
mentee, or extended by hand, loses nothing when this version rewrites it.
"""

# No `from __future__ import annotations` here: pydantic reads every field's annotation when
# a model class is made (at import); as objects they cost nothing, as strings each one is
# compiled and evaluated (a fifth of this module's import).

import datetime as dt
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from mentee.dates import MAX_CADENCE_DAYS, check_at
from mentee.ids import MAX_ID_LENGTH, is_valid_id
from mentee.kinds import (
    SCHEMA_VERSION,
    ActionKind,
    ActionStatus,
    Channel,
    FeedbackKind,
    GoalStatus,
    Kind,
    MeetingStatus,
    MentorStatus,
    NoteKind,
    Owner,
    TopicStatus,
)

# Who serves what, and a mentor's `--json`: pydantic-free, shared with the read-only views.
from mentee.views import (
    READ_ONLY_FIELDS,
    bookkeeping_last,
    goals_of,
    legacy_goals,
    mentor_json,
    serves,
)

MAX_MEETING_MINUTES = 24 * 60
MAX_SEQUENCE = 2**31 - 1


def _check_id(value: str) -> str:
    if not is_valid_id(value):
        raise ValueError(f"{value!r} is not a valid id (lowercase letters, digits and '-')")
    return value


RecordId = Annotated[
    str,
    AfterValidator(_check_id),
    # The JSON Schema in docs/schema (the validator above is Python only).
    WithJsonSchema(
        {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "maxLength": MAX_ID_LENGTH}
    ),
]


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # A hand-written local date-time (no offset) is read in the system's time zone.
    if value is not None and value.tzinfo is None:
        return value.astimezone()
    return value


class Part(BaseModel):
    """A table inside a record (a milestone, a note on an action...)."""

    model_config = ConfigDict(
        extra="allow", use_enum_values=True, populate_by_name=True, defer_build=True
    )


class Dated(Part):
    """A dated line of text: an action's note, a thanks to a mentor."""

    date: dt.date
    text: str


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


class Record(BaseModel):
    """Fields every record carries."""

    model_config = ConfigDict(
        extra="allow", use_enum_values=True, populate_by_name=True, defer_build=True
    )

    KIND: ClassVar[Kind]
    # Text fields `search` looks in, and the one that names the record in lists.
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ()
    LABEL_FIELD: ClassVar[str] = "text"
    # Fields a file leaves out while they hold their default (a meeting's `sequence` of 0):
    # files written before the field existed read the same and are not rewritten with it.
    OMITTED_AT_DEFAULT: ClassVar[tuple[str, ...]] = ()

    id: RecordId
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    schema_version: int = SCHEMA_VERSION

    _created_validator = field_validator("created", "updated")(_aware)

    @property
    def label(self) -> str:
        """The one line that names this record in lists and messages."""
        return str(getattr(self, self.LABEL_FIELD) or "")

    @property
    def extras(self) -> dict[str, Any]:
        """Keys the file had that this version does not know; kept on rewrite."""
        return dict(self.__pydantic_extra__ or {})


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


class Topic(Record):
    """Something to raise at a meeting, with one mentor or any; open until discussed or dropped."""

    KIND = Kind.TOPIC
    TEXT_FIELDS = ("text",)

    text: str
    mentor: RecordId | None = None
    goal: RecordId | None = None
    private: bool = False
    status: TopicStatus = TopicStatus.OPEN
    discussed_in: RecordId | None = None


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

    _at_validator = field_validator("at")(_aware)
    # Within the calendar with a day to spare: its end and its time in any zone are dates.
    _at_range = field_validator("at", mode="after")(check_at)

    @property
    def label(self) -> str:
        """The meeting's start as `YYYY-MM-DD HH:MM` (its name in lists and messages)."""
        return self.at.strftime("%Y-%m-%d %H:%M")


MODELS: dict[Kind, type[Record]] = {
    Kind.GOAL: Goal,
    Kind.MENTOR: Mentor,
    Kind.MEETING: Meeting,
    Kind.ACTION: Action,
    Kind.FEEDBACK: Feedback,
    Kind.NOTE: Note,
    Kind.TOPIC: Topic,
}


def error_message(error: Any) -> str:
    """A pydantic error's message without pydantic's `Value error, ` prefix (a validator's
    own words)."""
    return str(error["msg"]).removeprefix("Value error, ")


def to_document(record: Record) -> dict[str, Any]:
    """The record as a TOML-ready mapping: known fields in order, then unknown keys.

    Unset (None) fields are left out, since TOML has no null.
    """
    data = record.model_dump(mode="python", by_alias=True, exclude_none=True)
    cleaned: dict[str, Any] = drop_none(data)
    return bookkeeping_last(cleaned)


def to_json(record: Record) -> dict[str, Any]:
    """The record for `--json`: every known field (null when unset), dates as ISO 8601."""
    data: dict[str, Any] = record.model_dump(mode="json", by_alias=True)
    return bookkeeping_last(data)


def drop_none(value: Any) -> Any:
    """`value` without null anywhere in its tables and lists (TOML has no null: unset)."""
    if isinstance(value, dict):
        return {k: drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_none(v) for v in value if v is not None]
    return value


__all__ = [
    "MODELS",
    "READ_ONLY_FIELDS",
    "SCHEMA_VERSION",
    "Action",
    "AgendaItem",
    "Dated",
    "Feedback",
    "Goal",
    "Meeting",
    "Mentor",
    "Milestone",
    "Note",
    "Part",
    "Record",
    "RecordId",
    "Retarget",
    "Topic",
    "drop_none",
    "error_message",
    "goals_of",
    "legacy_goals",
    "mentor_json",
    "serves",
    "to_document",
    "to_json",
]
