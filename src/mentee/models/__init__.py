"""The seven record kinds as pydantic models. No I/O here.

Field names are the file format and the `--json` format alike (SPEC.md, "Records").
Every model keeps keys it does not know (`extra="allow"`), so a record written by a newer
mentee, or extended by hand, loses nothing when this version rewrites it.

Each kind's model lives in a module of its own (`mentee.models.goal`...) and is made the
first time it is asked for (`from mentee.models import Goal`, `MODELS[kind]`): making a
pydantic model class costs a few tenths of a millisecond, and a command uses one or two of
the seven. What every record shares is here: `Record`, `Part`, `Dated`, `RecordId`, and
the conversions to a TOML document and to `--json`.
"""

# No `from __future__ import annotations` here: pydantic reads every field's annotation when
# a model class is made (at import); as objects they cost nothing, as strings each one is
# compiled and evaluated (a fifth of this module's import).

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ConfigDict, WithJsonSchema, field_validator

from mentee.ids import MAX_ID_LENGTH, is_valid_id
from mentee.kinds import SCHEMA_VERSION, Kind

# Who serves what, and a mentor's `--json`: pydantic-free, shared with the read-only views.
from mentee.views import (
    READ_ONLY_FIELDS,
    bookkeeping_last,
    goals_of,
    legacy_goals,
    mentor_json,
    serves,
)

if TYPE_CHECKING:
    from mentee.models.action import Action as Action
    from mentee.models.feedback import Feedback as Feedback
    from mentee.models.goal import Goal as Goal
    from mentee.models.goal import Milestone as Milestone
    from mentee.models.goal import Retarget as Retarget
    from mentee.models.meeting import AgendaItem as AgendaItem
    from mentee.models.meeting import Meeting as Meeting
    from mentee.models.mentor import Mentor as Mentor
    from mentee.models.note import Note as Note
    from mentee.models.topic import Topic as Topic

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


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """`value` with its offset: a hand-written local date-time (no offset) is read in the
    system's time zone."""
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

    _created_validator = field_validator("created", "updated")(aware)

    @property
    def label(self) -> str:
        """The one line that names this record in lists and messages."""
        return str(getattr(self, self.LABEL_FIELD) or "")

    @property
    def extras(self) -> dict[str, Any]:
        """Keys the file had that this version does not know; kept on rewrite."""
        return dict(self.__pydantic_extra__ or {})


# Where each model is made, by name (see the module's docstring).
_MODULES = {
    "Goal": "goal",
    "Milestone": "goal",
    "Retarget": "goal",
    "Mentor": "mentor",
    "Meeting": "meeting",
    "AgendaItem": "meeting",
    "Action": "action",
    "Feedback": "feedback",
    "Note": "note",
    "Topic": "topic",
}
_MODEL_NAMES = {
    Kind.GOAL: "Goal",
    Kind.MENTOR: "Mentor",
    Kind.MEETING: "Meeting",
    Kind.ACTION: "Action",
    Kind.FEEDBACK: "Feedback",
    Kind.NOTE: "Note",
    Kind.TOPIC: "Topic",
}


def __getattr__(name: str) -> Any:
    """A kind's model (or one of its parts), made when first asked for."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


class _Models(Mapping[Kind, type[Record]]):
    """The model of each kind, made when first asked for."""

    def __getitem__(self, kind: Kind) -> type[Record]:
        model: type[Record] = __getattr__(_MODEL_NAMES[kind])
        return model

    def __iter__(self) -> Iterator[Kind]:
        return iter(_MODEL_NAMES)

    def __len__(self) -> int:
        return len(_MODEL_NAMES)


MODELS: Mapping[Kind, type[Record]] = _Models()


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
