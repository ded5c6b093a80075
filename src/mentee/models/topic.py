"""A topic to raise at a meeting (`mentee.models`)."""

# No `from __future__ import annotations` here: pydantic reads every field's annotation when
# a model class is made; as objects they cost nothing, as strings each one is compiled and
# evaluated.

from mentee.kinds import Kind, TopicStatus
from mentee.models import Record, RecordId


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
