"""The record kinds and their allowed values, as plain enums.

Kept free of pydantic so the command line can build its options without importing
the models (start-up time).
"""

from __future__ import annotations

from enum import StrEnum

# The version of the record files this mentee writes (each record's `schema_version`).
SCHEMA_VERSION = 1


class Kind(StrEnum):
    """A record kind; its value is the name used in JSON (`"type"`) and in `--kind`."""

    GOAL = "goal"
    MENTOR = "mentor"
    MEETING = "meeting"
    ACTION = "action"
    FEEDBACK = "feedback"
    NOTE = "note"
    TOPIC = "topic"

    @property
    def plural(self) -> str:
        """The kind's plural (`goals`, `feedback`, ...): the folder of the data directory that
        holds its files, its key in exports, and a name `--kind` takes."""
        return FOLDERS[self]


FOLDERS: dict[Kind, str] = {
    Kind.GOAL: "goals",
    Kind.MENTOR: "mentors",
    Kind.MEETING: "meetings",
    Kind.ACTION: "actions",
    Kind.FEEDBACK: "feedback",
    Kind.NOTE: "notes",
    Kind.TOPIC: "topics",
}


def parse_kind(text: str) -> Kind:
    """A kind from its name or plural (`goal`, `goals`); ValueError otherwise."""
    value = text.strip().lower()
    for kind in Kind:
        if value in (kind.value, kind.plural):
            return kind
    raise ValueError(text)


class GoalStatus(StrEnum):
    """Where a goal stands; achieved and dropped goals are closed."""

    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class MentorStatus(StrEnum):
    """Where a mentoring relationship stands: a prospect, asked, active, paused or ended."""

    PROSPECT = "prospect"
    REQUESTED = "requested"
    ACTIVE = "active"
    PAUSED = "paused"
    ENDED = "ended"


class Channel(StrEnum):
    """How a mentor prefers to be reached."""

    EMAIL = "email"
    CHAT = "chat"
    PHONE = "phone"
    VIDEO = "video"
    IN_PERSON = "in-person"
    OTHER = "other"


class FeedbackKind(StrEnum):
    """What kind of feedback: praise, constructive or an observation."""

    PRAISE = "praise"
    CONSTRUCTIVE = "constructive"
    OBSERVATION = "observation"


class ActionStatus(StrEnum):
    """Whether an action is open, done or dropped."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class ActionKind(StrEnum):
    """A one-off task or a practice kept up over time."""

    TASK = "task"
    PRACTICE = "practice"


class Owner(StrEnum):
    """Whose action it is: the mentee's own (`me`) or a mentor's promise."""

    ME = "me"
    MENTOR = "mentor"


class NoteKind(StrEnum):
    """What a note records: a win, a challenge, a learning or just a note."""

    WIN = "win"
    CHALLENGE = "challenge"
    LEARNING = "learning"
    NOTE = "note"


class TopicStatus(StrEnum):
    """Whether a topic is still to be raised, was discussed or was dropped."""

    OPEN = "open"
    DISCUSSED = "discussed"
    DROPPED = "dropped"


class MeetingStatus(StrEnum):
    """Whether a meeting is planned, was held or was cancelled."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
