"""Meetings: plan, move, cancel one; log it held (its agenda stored, what it discussed marked,
the actions agreed added)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from mentee.errors import ConflictError, UsageError, require_text
from mentee.journal.action import finish_action
from mentee.journal.records import create, get_record, revalidate, save, update
from mentee.kinds import ActionStatus, GoalStatus, Kind, MeetingStatus, TopicStatus
from mentee.meetings import NewAction
from mentee.models import MAX_SEQUENCE, Action, Feedback, Goal, Meeting, Mentor, Note, Topic, serves
from mentee.reading import load_book
from mentee.store import Store

if TYPE_CHECKING:
    from mentee.agenda import Agenda


def add_meeting(
    store: Store,
    *,
    mentor: str,
    at: datetime,
    duration: int | None = None,
    where: str | None = None,
    today: date | None = None,
) -> Meeting:
    """Plan a meeting with a mentor; a day before `today` is a usage error (SPEC: a meeting
    held without being planned is logged with `meeting log --mentor ID --at ...`)."""
    with store.locked():
        mentor_id = store.resolve(Kind.MENTOR, mentor)
        if today is not None and at.date() < today:
            raise UsageError(
                f"--at: {at:%Y-%m-%d} is before today ({today}); to record a meeting that was "
                f"held, use: mentee meeting log --mentor {mentor_id} --at '{at:%Y-%m-%d %H:%M}'"
            )
        meeting = Meeting(
            id=store.new_id(Kind.MEETING),
            mentor=mentor_id,
            at=at,
            duration=duration,
            where=where,
        )
        return create(store, meeting)


@dataclass(frozen=True)
class MovedMeeting:
    """A meeting moved to another time: as it is now, and when it was before."""

    meeting: Meeting
    before: datetime
    # It was over and not logged (a missed meeting planned again).
    missed: bool


def move_meeting(
    store: Store, prefix: str, *, at: datetime, today: date, now: datetime | None = None
) -> MovedMeeting:
    """Plan a planned meeting at another time (SPEC: `meeting move`).

    It keeps its id (so its calendar UID), its agenda and everything else; its `sequence`
    goes up by one, so a calendar that has the invitation updates the event. `at` is the
    new time as parsed (the UTC offset of the mentee's zone on the new day). A held or
    cancelled meeting cannot be moved (ConflictError); a day before `today` is a usage
    error, as for `meeting add`. A meeting that is over and was never logged may be moved
    (a missed meeting, planned again).
    """
    from mentee.meetings import is_unlogged

    with store.locked():
        meeting = get_record(store, Meeting, prefix)
        if meeting.status != MeetingStatus.PLANNED:
            raise ConflictError(
                f"meeting {meeting.id} is {meeting.status}: only a planned meeting can be "
                f"moved; plan a new one: mentee meeting add --mentor {meeting.mentor} --at ..."
            )
        if at.date() < today:
            raise UsageError(
                f"--at: {at:%Y-%m-%d} is before today ({today}); a meeting is moved to today "
                "or later"
            )
        if at == meeting.at:
            raise UsageError(
                f"--at: meeting {meeting.id} is planned for {at:%Y-%m-%d %H:%M} already; "
                "nothing changed"
            )
        missed = is_unlogged(meeting, today, now)
        sequence = min(meeting.sequence + 1, MAX_SEQUENCE)
        moved = save(store, revalidate(meeting, {"at": at, "sequence": sequence}))
        return MovedMeeting(meeting=moved, before=meeting.at, missed=missed)


def default_goal(store: Store, mentor_id: str) -> str | None:
    """The goal of actions agreed with a mentor: the one active goal they serve, else None."""
    mentor = get_record(store, Mentor, mentor_id)
    active = [
        g.id
        for g in store.records(Kind.GOAL, Goal)
        if g.status == GoalStatus.ACTIVE and serves(mentor, g)
    ]
    return active[0] if len(active) == 1 else None


@dataclass(frozen=True)
class HeldMeeting:
    """The meeting `meeting log` logs: a planned one (`meeting`, any unique prefix; with
    `at` when it was held at another time than planned), or one never planned (`mentor`
    and `at`); how long it took and where, when given."""

    meeting: str | None = None
    mentor: str | None = None
    at: datetime | None = None
    duration: int | None = None
    where: str | None = None


@dataclass
class LoggedMeeting:
    """A meeting just logged: the meeting saved, the actions its close-out created and how many
    topics, notes and feedback it marked discussed."""

    meeting: Meeting
    created: list[Action] = field(default_factory=list)
    marked: int = 0  # topics, notes and feedback marked discussed


DECISIONS = ("discussed", "kept", "dropped", "done")


def log_meeting(
    store: Store,
    held: HeldMeeting,
    *,
    today: date,
    notes: str | None = None,
    advice: Sequence[str] = (),
    actions: Sequence[NewAction] = (),
    decisions: dict[str, str] | None = None,
) -> LoggedMeeting:
    """Mark a meeting held: store its agenda as it stands now, mark what was discussed.

    Topics discussed are closed, notes and feedback get `discussed_in`, so they do not come
    back; open actions keep coming back until done or dropped. `decisions` maps item ids to
    `discussed` (the default), `kept` (back on the next agenda), `dropped` or `done`
    (actions). Everything is checked before the first file is written.
    """
    from mentee.agenda import next_agenda, stored_items

    chosen = dict(decisions or {})
    for item_id, decision in chosen.items():
        if decision not in DECISIONS:
            raise UsageError(f"unknown decision {decision!r} for {item_id}")
    _check_held(held.at, today)
    with store.locked():
        new = held.meeting is None
        record = _meeting_to_log(store, held, today)
        mentor_record = get_record(store, Mentor, record.mentor)
        # Every new action's goal is resolved before anything is written.
        fallback = default_goal(store, record.mentor)
        goals = [
            store.resolve(Kind.GOAL, a.goal) if a.goal is not None else fallback for a in actions
        ]
        items = stored_items(next_agenda(load_book(store), mentor_record, today, before=record))
        _check_decisions(items, chosen)
        # Every record this log changes must be writable before the first is written, so a
        # record from a newer mentee stops the whole log instead of half of it.
        if not new:
            store.ensure_writable(record)
        for item in items:
            if item["kind"] != "goal":
                item["decision"] = chosen.get(item["id"], "discussed")
                if _changes_record(item):
                    store.ensure_writable(store.read(Kind(item["kind"]), item["id"]))
        titles = [require_text(a.title, "an action's title") for a in actions]
        changes: dict[str, Any] = {
            "status": MeetingStatus.HELD,
            "agenda": items,
            "notes": notes if notes else record.notes,
            "advice": [*record.advice, *(a for a in advice if a.strip())],
        }
        if held.duration is not None:
            changes["duration"] = held.duration
        if held.where is not None:
            changes["where"] = held.where
        if held.at is not None:
            changes["at"] = held.at  # when it was held, for a planned meeting logged with --at
        # What is referred to is written before what refers to it, so a log killed half
        # way never leaves a record pointing to one that was never written: the meeting
        # first (without the new actions), then what it marks discussed and the actions
        # agreed (both name the meeting), then the meeting again with the actions' ids.
        # A log that fails half way (a full disk) is put back whole by the lock.
        logged = revalidate(record, changes)
        saved = create(store, logged) if new else save(store, logged)
        marked = sum(
            _apply_decision(store, item, item["decision"], record.id, today)
            for item in items
            if item["kind"] != "goal"
        )
        created = [
            create(
                store,
                Action(
                    id=store.new_id(Kind.ACTION),
                    title=title,
                    due=new_action.due,
                    owner=new_action.owner,
                    mentor=record.mentor,
                    meeting=record.id,
                    goal=goal_id,
                ),
            )
            for title, new_action, goal_id in zip(titles, actions, goals, strict=True)
        ]
        if created:
            saved = save(
                store, revalidate(saved, {"actions": [*saved.actions, *(a.id for a in created)]})
            )
        return LoggedMeeting(meeting=saved, created=created, marked=marked)


def _meeting_to_log(store: Store, held: HeldMeeting, today: date, new_id: str = "") -> Meeting:
    """The planned meeting `held` names (if it can be logged), or the one never planned it
    describes, with a new id (`new_id`: this one instead, for a meeting not saved yet)."""
    if held.meeting is not None:
        return _planned_to_log(store, held.meeting, held.at, today)
    if held.mentor is None or held.at is None:
        raise UsageError("give a meeting id, or --mentor and --at for a meeting never planned")
    return Meeting(
        id=new_id or store.new_id(Kind.MEETING),
        mentor=store.resolve(Kind.MENTOR, held.mentor),
        at=held.at,
        duration=held.duration,
        where=held.where,
    )


def _check_decisions(items: list[dict[str, Any]], chosen: dict[str, str]) -> None:
    """Decisions only on the agenda's items, `done` only on actions (refused before anything
    is written, not half-way through)."""
    unknown = sorted(set(chosen) - {item["id"] for item in items})
    if unknown:
        raise UsageError(f"not on this meeting's agenda: {', '.join(unknown)}")
    for item in items:
        if chosen.get(item["id"]) == "done" and item["kind"] != "action":
            raise UsageError(f"only actions can be done; {item['kind']} {item['id']} cannot")


def _changes_record(item: dict[str, Any]) -> bool:
    """Whether logging an agenda item (with its `decision`) rewrites the item's record: a
    topic, note or feedback not kept; an open action or promise done or dropped."""
    if item["kind"] in ("topic", "note", "feedback"):
        return bool(item["decision"] != "kept")
    return (
        item["kind"] == "action"
        and item["decision"] in ("done", "dropped")
        and (item["section"] in ("open", "promise"))
    )


def _check_held(at: datetime | None, today: date) -> None:
    """A usage error for a meeting said to be held after today."""
    if at is not None and at.date() > today:
        raise UsageError(
            f"--at: {at:%Y-%m-%d} is after today ({today}): a meeting is logged once it is held"
        )


def _planned_to_log(store: Store, prefix: str, at: datetime | None, today: date) -> Meeting:
    """The planned meeting `prefix` names, if it can be logged: not held or cancelled
    already, and held by today (planned after today, it takes `at`, when it was held)."""
    record = get_record(store, Meeting, prefix)
    if record.status != MeetingStatus.PLANNED:
        raise ConflictError(f"meeting {record.id} is {record.status} already")
    if at is None and record.at.date() > today:
        raise UsageError(
            f"meeting {record.id} is planned for {record.at:%Y-%m-%d}, after today "
            f"({today}); if it was held already, say when: "
            f"mentee meeting log {record.id} --at 'YYYY-MM-DD HH:MM'"
        )
    return record


@dataclass(frozen=True)
class CloseoutDue:
    """A meeting about to be logged from a close-out (`meeting log` in $EDITOR or `--from
    FILE`): the meeting (one never planned: not saved yet, id `new`) and the agenda that
    was due, whose items the close-out decides on."""

    held: HeldMeeting
    meeting: Meeting
    agenda: Agenda

    @property
    def item_ids(self) -> set[str]:
        """The agenda's items a close-out may decide on (goals are only shown)."""
        from mentee.agenda import stored_items

        return {item["id"] for item in stored_items(self.agenda) if item["kind"] != "goal"}


def closeout_due(store: Store, held: HeldMeeting, today: date) -> CloseoutDue:
    """Check that a meeting can be logged, before anything is typed or read (a close-out
    typed for nothing would be lost work), and build the agenda that was due."""
    from mentee.agenda import next_agenda

    record = _meeting_to_log(store, held, today, new_id="new")
    _check_held(held.at, today)
    person = get_record(store, Mentor, record.mentor)
    due = next_agenda(load_book(store), person, today, before=record)
    return CloseoutDue(held, record, due)


def log_closeout(store: Store, due: CloseoutDue, text: str, today: date) -> LoggedMeeting:
    """Log the meeting `due` names from a close-out's text (see `mentee.closeout`): every
    problem found in it at once (CloseoutError), else the meeting logged. An item the
    close-out does not list (its line deleted, or new since the buffer was made) was not
    decided on: it is kept for next time, never closed unseen."""
    from mentee import closeout

    result, problems = closeout.read(text, today)
    known = due.item_ids
    closeout.check(result, known, lambda g: store.resolve(Kind.GOAL, g), problems)
    return log_meeting(
        store,
        due.held,
        today=today,
        notes=result.notes,
        advice=result.advice,
        actions=result.actions,
        decisions=dict.fromkeys(known, "kept") | result.decisions,
    )


def _apply_decision(
    store: Store, item: dict[str, Any], decision: str, meeting_id: str, today: date
) -> int:
    """Record what the meeting decided about one agenda item; 1 if it was marked discussed."""
    kind = item["kind"]
    if decision == "kept":
        return 0
    if kind == "action":
        if decision == "done" and item["section"] in ("open", "promise"):
            finish_action(store, item["id"], status=ActionStatus.DONE, today=today)
        elif decision == "dropped" and item["section"] in ("open", "promise"):
            finish_action(store, item["id"], status=ActionStatus.DROPPED, today=today)
        return 0
    if decision == "done":
        raise UsageError(f"only actions can be done; {kind} {item['id']} cannot")
    if kind == "topic":
        status = TopicStatus.DROPPED if decision == "dropped" else TopicStatus.DISCUSSED
        update(store, Topic, item["id"], {"status": status, "discussed_in": meeting_id})
        return 1
    model: type[Note] | type[Feedback] = Note if kind == "note" else Feedback
    update(store, model, item["id"], {"discussed_in": meeting_id})
    return 1


def cancel_meeting(store: Store, prefix: str, reason: str | None) -> Meeting:
    """Mark a planned meeting cancelled (with the reason, when given) and return it; one held or
    cancelled already is a ConflictError."""
    with store.locked():
        meeting = get_record(store, Meeting, prefix)
        if meeting.status != MeetingStatus.PLANNED:
            raise ConflictError(f"meeting {meeting.id} is {meeting.status} already")
        changes: dict[str, Any] = {"status": MeetingStatus.CANCELLED}
        if reason:
            changes["cancel_reason"] = reason
        return save(store, revalidate(meeting, changes))
