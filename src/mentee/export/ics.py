"""iCalendar: `export --format ics` (planned meetings as events, open actions with a due date
as to-dos) and the invitation `agenda next --format ics` writes (and the email carries).

A meeting is one VEVENT, built in one place (`meeting_event`) for both. Its description is
the agenda as it stands (in the export, as of today and without private items: a calendar
is often shared). Times are written in UTC (a stored meeting time has a fixed offset, which
no calendar knows as a time zone). Text is escaped and lines folded at 75 octets by the
`icalendar` library. UIDs are `<id>@mentee` in both, so importing again updates the entries
instead of doubling them; SEQUENCE is the meeting's `sequence` (how often it was moved), so
a calendar replaces a moved meeting's event. Pure: records in, bytes out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, cast

from mentee.agenda import next_agenda, suggested_date
from mentee.dates import shift
from mentee.export.agenda import agenda_plain
from mentee.export.records import records_of
from mentee.kinds import ActionStatus, Kind, MeetingStatus, Owner
from mentee.text import escape, escape_field

if TYPE_CHECKING:
    from mentee.agenda import Agenda, RecordSet
    from mentee.models import Action, Meeting, Mentor


def export_ics(
    journal: RecordSet,
    kinds: Iterable[Kind],
    today: date,
    stamp: datetime,
    default_minutes: int = 30,
) -> bytes:
    """The journal's planned meetings (each with its agenda as of `today`, private items
    left out) and open actions with a due date, of the chosen `kinds`."""
    chosen = set(kinds)
    calendar = _calendar("export")
    mentors = {m.id: m for m in journal.mentors}
    goals = {g.id: g.title for g in journal.goals}
    if Kind.MEETING in chosen:
        for record in records_of(journal, Kind.MEETING):
            meeting = cast("Meeting", record)
            if meeting.status != MeetingStatus.PLANNED:
                continue
            mentor = mentors.get(meeting.mentor)
            agenda = None
            if mentor is not None:
                agenda = next_agenda(journal, mentor, today, meeting=meeting).without_private()
            calendar.add_component(
                meeting_event(
                    stamp,
                    default_minutes,
                    mentor,
                    meeting=meeting,
                    description=agenda_plain(agenda) if agenda is not None else None,
                )
            )
    if Kind.ACTION in chosen:
        for record in records_of(journal, Kind.ACTION):
            action = cast("Action", record)
            if action.status == ActionStatus.OPEN and action.due is not None:
                calendar.add_component(_todo(action, mentors, goals, stamp))
    data: bytes = calendar.to_ical()
    return data


def agenda_ics(
    agenda: Agenda,
    stamp: datetime,
    default_minutes: int = 30,
    zone: tzinfo | None = None,
    organizer: tuple[str | None, str] | None = None,
) -> bytes:
    """An invitation (VEVENT) for the planned meeting, or for the day the cadence suggests,
    with the agenda as DESCRIPTION and the mentor as ATTENDEE when an email is known.
    `zone`: the mentee's time zone (the description gives the mentor's time beside it).

    `organizer` (the mentee's name and address) makes it the invitation an email carries
    (RFC 5546): METHOD:REQUEST, the mentee as ORGANIZER, the mentor as an ATTENDEE asked to
    answer (PARTSTAT=NEEDS-ACTION, RSVP=TRUE)."""
    calendar = _calendar("agenda")
    if organizer is not None:
        calendar.add("method", "REQUEST")
    day = None
    if agenda.meeting is None:
        day = suggested_date(agenda.mentor, agenda.last_meeting, agenda.today)
    calendar.add_component(
        meeting_event(
            stamp,
            default_minutes,
            agenda.mentor,
            meeting=agenda.meeting,
            day=day,
            description=agenda_plain(agenda, zone),
            organizer=organizer,
        )
    )
    data: bytes = calendar.to_ical()
    return data


def _calendar(source: str) -> Any:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", f"-//mentee//{source}//EN")
    calendar.add("version", "2.0")
    return calendar


def meeting_event(
    stamp: datetime,
    default_minutes: int,
    mentor: Mentor | None,
    *,
    meeting: Meeting | None = None,
    day: date | None = None,
    description: str | None = None,
    organizer: tuple[str | None, str] | None = None,
) -> Any:
    """A meeting with `mentor` as a VEVENT stamped `stamp`: the planned `meeting` (UID
    `<id>@mentee`, SEQUENCE, its time in UTC for its length or `default_minutes`,
    LOCATION; a mentor not in the journal is named by the meeting's id for them), or else
    a whole `day` to schedule one on (UID `<mentor>-<day>@mentee`); `description` (the
    agenda as text) as DESCRIPTION; the mentor as ATTENDEE when their email is known.
    `organizer` (the mentee's name and address) makes it an invitation to answer (RFC
    5546): the mentee as ORGANIZER, the mentor asked for a reply."""
    from icalendar import Event, vCalAddress, vText

    # RFC 5545 text holds no control characters: user text is shown escaped, as everywhere.
    event = Event()
    event.add("dtstamp", stamp.astimezone(UTC))
    if meeting is not None:
        event.add("uid", f"{meeting.id}@mentee")
        # How often it was moved: a calendar replaces its event by one with a higher SEQUENCE.
        event.add("sequence", meeting.sequence)
        start = meeting.at.astimezone(UTC)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=meeting.duration or default_minutes))
        if meeting.where:
            event.add("location", escape_field(meeting.where))
        name = mentor.name if mentor is not None else meeting.mentor
        event.add("summary", escape(f"Mentoring: {name}"))
    elif day is not None and mentor is not None:
        event.add("uid", f"{mentor.id}-{day.isoformat()}@mentee")
        event.add("dtstart", day)
        event.add("dtend", shift(day, 1))
        event.add("summary", escape(f"Mentoring: {mentor.name} (to schedule)"))
    else:
        raise ValueError("an event needs a meeting, or a mentor and a day")
    if description is not None:
        event.add("description", escape_field(description))
    if organizer is not None:
        host_name, address = organizer
        host = vCalAddress(f"mailto:{escape(address)}")
        if host_name:
            host.params["cn"] = vText(escape(host_name))
        event.add("organizer", host, encode=False)
    if mentor is not None and mentor.email:
        attendee = vCalAddress(f"mailto:{escape(mentor.email)}")
        attendee.params["cn"] = vText(escape(mentor.name))
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        if organizer is not None:
            attendee.params["partstat"] = vText("NEEDS-ACTION")
            attendee.params["rsvp"] = vText("TRUE")
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
