"""Feedback, notes and topics: what is written down between meetings, to raise at the next."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from mentee.errors import ConflictError, require_text
from mentee.journal.records import (
    create,
    get_record,
    resolve_all,
    resolve_optional,
    revalidate,
    save,
)
from mentee.kinds import FeedbackKind, Kind, NoteKind, TopicStatus
from mentee.models import Feedback, Note, Topic
from mentee.store import Store


def add_feedback(
    store: Store,
    *,
    text: str,
    source: str,
    today: date,
    kind: FeedbackKind = FeedbackKind.OBSERVATION,
    goals: Sequence[str] = (),
    when: date | None = None,
    private: bool = False,
) -> Feedback:
    """Create feedback received on `when` (default today) and return it. The source is a mentor's id
    when it names a mentor (id or name, any case), else the text as given; empty text or source is a
    usage error."""
    require_text(text, "the feedback")
    require_text(source, "--from")
    with store.locked():
        source_id = _mentor_or_text(store, source)
        feedback = Feedback(
            id=store.new_id(Kind.FEEDBACK),
            date=when or today,
            source=source_id,
            kind=kind,
            text=text,
            goals=resolve_all(store, Kind.GOAL, goals),
            private=private,
        )
        return create(store, feedback)


def _mentor_or_text(store: Store, source: str) -> str:
    """A feedback source: a mentor's id when it is exactly a mentor's id or name (any case),
    else the text as given."""
    return store.mentor_named(source) or source.strip()


def add_note(
    store: Store,
    *,
    text: str,
    today: date,
    kind: NoteKind = NoteKind.NOTE,
    goal: str | None = None,
    when: date | None = None,
    private: bool = False,
) -> Note:
    """Create a note dated `when` (default today) and return it; empty text is a usage error."""
    require_text(text, "the note")
    with store.locked():
        note = Note(
            id=store.new_id(Kind.NOTE),
            date=when or today,
            kind=kind,
            text=text,
            goal=resolve_optional(store, Kind.GOAL, goal),
            private=private,
        )
        return create(store, note)


def add_topic(
    store: Store,
    *,
    text: str,
    mentor: str | None = None,
    goal: str | None = None,
    private: bool = False,
) -> Topic:
    """Create an open topic, for one mentor or (without `mentor`) any, and return it; empty text is
    a usage error."""
    require_text(text, "the topic")
    with store.locked():
        topic = Topic(
            id=store.new_id(Kind.TOPIC),
            text=text,
            mentor=resolve_optional(store, Kind.MENTOR, mentor),
            goal=resolve_optional(store, Kind.GOAL, goal),
            private=private,
        )
        return create(store, topic)


def drop_topic(store: Store, prefix: str) -> Topic:
    """Mark an open topic dropped and return it; a topic discussed or dropped already is a
    ConflictError."""
    with store.locked():
        topic = get_record(store, Topic, prefix)
        if topic.status != TopicStatus.OPEN:
            raise ConflictError(f"topic {topic.id} is {topic.status} already")
        return save(store, revalidate(topic, {"status": TopicStatus.DROPPED}))
