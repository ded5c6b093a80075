"""What needs attention now, for `mentee check` (cron, a shell prompt). Pure.

SPEC: an unlogged meeting (named first: log it or cancel it), a meeting within 2 days with
an empty agenda, overdue actions, an active mentor past cadence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from mentee.agenda import RecordSet, held_meetings, next_agenda
from mentee.dates import shift
from mentee.kinds import ActionStatus, MentorStatus, Owner
from mentee.meetings import is_over, pending, unlogged, upcoming

if TYPE_CHECKING:
    from mentee.models import Meeting, Mentor

SOON = timedelta(days=2)


@dataclass(frozen=True)
class Cadence:
    """Where a mentor stands against the agreed meeting cadence.

    `planned`: the first planned meeting, over or not (with one, the mentor is not overdue);
    `upcoming`: the first planned meeting that is not over (the next one to happen);
    `unlogged`: the planned meetings that are over and not logged, oldest first.
    """

    mentor: Mentor
    last_met: date | None
    next_due: date | None
    planned: Meeting | None
    overdue: bool
    upcoming: Meeting | None = None
    unlogged: tuple[Meeting, ...] = ()


def cadence_of(
    mentor: Mentor, meetings: Sequence[Meeting], today: date, now: datetime | None = None
) -> Cadence:
    """Last meeting held, when the next is due, and whether it is overdue: an active mentor
    past due with nothing planned (a planned meeting that is over and not logged counts as
    planned: it is to be logged, not scheduled again). Without a meeting yet, the cadence
    counts from `since`. `now`: the clock that says whether a planned meeting is over
    (None: compare days)."""
    held = held_meetings(meetings, mentor.id)
    last = held[-1].at.date() if held else None
    planned_with = [m for m in pending(meetings) if m.mentor == mentor.id]
    planned = planned_with[0] if planned_with else None
    start = last or mentor.since
    next_due = (
        shift(start, mentor.cadence_days) if start is not None and mentor.cadence_days else None
    )
    overdue = (
        mentor.status == MentorStatus.ACTIVE
        and next_due is not None
        and next_due < today
        and planned is None
    )
    over = [m for m in planned_with if is_over(m, today, now)]
    ahead = [m for m in planned_with if not is_over(m, today, now)]
    return Cadence(
        mentor,
        last,
        next_due,
        planned,
        overdue,
        upcoming=ahead[0] if ahead else None,
        unlogged=tuple(over),
    )


@dataclass(frozen=True)
class Attention:
    """One thing to act on: `kind` is unlogged_meeting, empty_agenda, overdue_action or
    mentor_due."""

    kind: str
    id: str
    text: str


def needs_attention(book: RecordSet, today: date, now: datetime | None = None) -> list[Attention]:
    """What needs attention on `today`, unlogged meetings first. `now`: the clock that says
    whether a meeting is over (None: compare days)."""
    found: list[Attention] = []
    mentors = {m.id: m for m in book.mentors}
    for meeting in unlogged(book.meetings, today, now):
        mentor = mentors.get(meeting.mentor)
        name = mentor.name if mentor else meeting.mentor
        when = meeting.at.strftime("%a %Y-%m-%d %H:%M")
        found.append(
            Attention(
                "unlogged_meeting",
                meeting.id,
                f"meeting with {name} on {when} is over and not logged: log it or cancel it "
                f"(mentee meeting log {meeting.id})",
            )
        )
    for meeting in upcoming(book.meetings, today, now):
        mentor = mentors.get(meeting.mentor)
        if mentor is None or meeting.at.date() > shift(today, SOON):
            continue
        if next_agenda(book, mentor, today, meeting=meeting).empty:
            when = meeting.at.strftime("%a %Y-%m-%d %H:%M")
            found.append(
                Attention(
                    "empty_agenda",
                    meeting.id,
                    f"meeting with {mentor.name} on {when} has nothing on its agenda: "
                    f"add a topic or cancel it (mentee meeting cancel {meeting.id})",
                )
            )
    overdue = sorted(
        (
            a
            for a in book.actions
            if a.status == ActionStatus.OPEN
            and a.owner == Owner.ME
            and a.due is not None
            and a.due < today
        ),
        key=lambda a: a.due or today,
    )
    for action in overdue:
        assert action.due is not None
        late = (today - action.due).days
        found.append(
            Attention("overdue_action", action.id, f"action {action.title!r} is {late}d overdue")
        )
    for mentor in sorted(book.mentors, key=lambda m: m.name.casefold()):
        cadence = cadence_of(mentor, book.meetings, today)
        if cadence.overdue and cadence.next_due is not None:
            last = f"last met {cadence.last_met}" if cadence.last_met else "not met yet"
            found.append(
                Attention(
                    "mentor_due",
                    mentor.id,
                    f"{mentor.name} is past the {mentor.cadence_days}-day cadence ({last}, "
                    f"due {cadence.next_due}): plan a meeting",
                )
            )
    return found
