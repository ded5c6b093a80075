"""`export --format ics`: planned meetings as events, open actions with a due date as to-dos.

Each planned meeting's description is its agenda as it stands today (`agenda.next_agenda`),
without private items: a calendar is often shared. Times are written in UTC (a stored
meeting time has a fixed offset, which no calendar knows as a time zone). Text is escaped
and lines folded at 75 octets by the `icalendar` library. UIDs are `<id>@mentee`, the same
as `agenda next --format ics`, so importing again updates the entries instead of doubling
them; SEQUENCE is the meeting's `sequence` (how often it was moved), so a calendar replaces
a moved meeting's event. Pure: records in, bytes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from mentee.agenda import RecordSet, next_agenda
from mentee.export.agenda import agenda_plain
from mentee.export.records import records_of
from mentee.kinds import ActionStatus, Kind, MeetingStatus, Owner
from mentee.text import escape, escape_field

if TYPE_CHECKING:
    from mentee.models import Action, Meeting, Mentor

ICS_KINDS = (Kind.MEETING, Kind.ACTION)


def export_ics(
    journal: RecordSet,
    kinds: Iterable[Kind],
    today: date,
    stamp: datetime,
    default_minutes: int = 30,
) -> bytes:
    from icalendar import Calendar

    chosen = set(kinds)
    calendar = Calendar()
    calendar.add("prodid", "-//mentee//export//EN")
    calendar.add("version", "2.0")
    mentors = {m.id: m for m in journal.mentors}
    goals = {g.id: g.title for g in journal.goals}
    if Kind.MEETING in chosen:
        for record in records_of(journal, Kind.MEETING):
            meeting = cast("Meeting", record)
            if meeting.status == MeetingStatus.PLANNED:
                calendar.add_component(
                    _event(
                        journal, meeting, mentors.get(meeting.mentor), today, stamp, default_minutes
                    )
                )
    if Kind.ACTION in chosen:
        for record in records_of(journal, Kind.ACTION):
            action = cast("Action", record)
            if action.status == ActionStatus.OPEN and action.due is not None:
                calendar.add_component(_todo(action, mentors, goals, stamp))
    data: bytes = calendar.to_ical()
    return data


def _event(
    journal: RecordSet,
    meeting: Meeting,
    mentor: Mentor | None,
    today: date,
    stamp: datetime,
    default_minutes: int,
) -> Any:
    from icalendar import Event, vCalAddress, vText

    event = Event()
    start = meeting.at.astimezone(UTC)
    event.add("uid", f"{meeting.id}@mentee")
    # How often it was moved: a calendar replaces its event by one with a higher SEQUENCE.
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration or default_minutes))
    name = mentor.name if mentor is not None else meeting.mentor
    event.add("summary", escape_field(f"Mentoring: {name}"))
    if meeting.where:
        event.add("location", escape_field(meeting.where))
    if mentor is not None:
        agenda = next_agenda(journal, mentor, today, meeting=meeting).without_private()
        event.add("description", escape_field(agenda_plain(agenda)))
        if mentor.email:
            attendee = vCalAddress(f"mailto:{escape(mentor.email)}")
            attendee.params["cn"] = vText(escape(mentor.name))
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            event.add("attendee", attendee, encode=False)
    return event


def _todo(
    action: Action, mentors: dict[str, Mentor], goals: dict[str, str], stamp: datetime
) -> Any:
    from icalendar import Todo

    todo = Todo()
    todo.add("uid", f"{action.id}@mentee")
    todo.add("dtstamp", stamp.astimezone(UTC))
    mentor = mentors.get(action.mentor) if action.mentor else None
    mentor_name = mentor.name if mentor is not None else action.mentor
    if action.owner == Owner.MENTOR:
        todo.add("summary", escape_field(f"{mentor_name or 'Mentor'} promised: {action.title}"))
    else:
        todo.add("summary", escape_field(action.title))
    todo.add("due", action.due)
    todo.add("status", "NEEDS-ACTION")
    lines = []
    if action.goal:
        lines.append(f"Goal: {goals.get(action.goal, action.goal)}")
    if mentor_name and action.owner != Owner.MENTOR:
        lines.append(f"With: {mentor_name}")
    if action.kind == "practice":
        lines.append("Practice")
    lines += [f"{n.date.isoformat()}: {n.text}" for n in action.notes]
    if lines:
        todo.add("description", escape_field("\n".join(lines)))
    return todo
