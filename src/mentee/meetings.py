"""When a planned meeting is over: upcoming, unlogged; and `NewAction`, an action agreed in a
meeting (as `meeting log` and its close-out give them). Pure; the clock comes from the caller.

SPEC ("Meetings"): a planned meeting is **unlogged** once it is over (its end, `at` +
`duration`, has passed) until it is logged or cancelled. With `MENTEE_TODAY` set the command
line passes no `now`, and a meeting is over once its day is before today: days are compared,
so reports and tests do not depend on the hour they run at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from mentee.kinds import MeetingStatus, Owner

if TYPE_CHECKING:
    from mentee.models import Meeting
    from mentee.models.meeting import AgendaItem

# A meeting without a duration is taken to last this long (`meeting_minutes`' default).
DEFAULT_MINUTES = 30


def meeting_end(meeting: Meeting) -> datetime:
    """When the meeting ends: its start plus its duration, or DEFAULT_MINUTES when it has none."""
    return meeting.at + timedelta(minutes=meeting.duration or DEFAULT_MINUTES)


def is_over(meeting: Meeting, today: date, now: datetime | None = None) -> bool:
    """Whether the meeting's time has passed: its end is at or before `now`; without a
    clock (`now` None), its day is before `today`."""
    if now is None:
        return meeting.at.date() < today
    return meeting_end(meeting) <= now


def is_unlogged(meeting: Meeting, today: date, now: datetime | None = None) -> bool:
    """A planned meeting that is over: it needs logging (or cancelling)."""
    return meeting.status == MeetingStatus.PLANNED and is_over(meeting, today, now)


def pending(meetings: Iterable[Meeting]) -> list[Meeting]:
    """Every planned meeting, over or not, oldest first."""
    return sorted((m for m in meetings if m.status == MeetingStatus.PLANNED), key=lambda m: m.at)


def upcoming(
    meetings: Iterable[Meeting], today: date, now: datetime | None = None
) -> list[Meeting]:
    """Planned meetings that are not over, soonest first."""
    return [m for m in pending(meetings) if not is_over(m, today, now)]


def unlogged(
    meetings: Iterable[Meeting], today: date, now: datetime | None = None
) -> list[Meeting]:
    """Planned meetings that are over and not logged, oldest first."""
    return [m for m in pending(meetings) if is_over(m, today, now)]


# A stored agenda's sections (`AgendaItem.section`, keys of the file format) as the agenda
# names them, in its order: `meeting show` and the Markdown export read them as words.
AGENDA_SECTIONS: dict[str, str] = {
    "done": "Follow-ups",
    "open": "Follow-ups",
    "promise_done": "Done by your mentor",
    "promise": "Offered by your mentor",
    "notes": "Progress",
    "feedback": "Feedback",
    "topics": "Topics",
    "goals": "Goals",
}


def section_title(section: str) -> str:
    """A stored section's name as words (`promise_done`: `Done by your mentor`); a key this
    version does not know (written by hand, or by a newer version) as it is."""
    return AGENDA_SECTIONS.get(section, section)


def agenda_mark(item: AgendaItem) -> str:
    """`[x]` for an action done by then, `[ ]` for one still open, `-` for anything else."""
    if item.section in ("done", "promise_done"):
        return "[x]"
    if item.section in ("open", "promise"):
        return "[ ]"
    return "-"


def agenda_sections(items: Iterable[AgendaItem]) -> list[tuple[str, list[AgendaItem]]]:
    """A stored agenda's items under their sections' titles, in the agenda's order (what
    was done, then what is open, within Follow-ups); sections this version does not know
    come last, in the order they first appear."""
    order = list(AGENDA_SECTIONS)
    ranked = sorted(
        items, key=lambda i: order.index(i.section) if i.section in order else len(order)
    )
    grouped: dict[str, list[AgendaItem]] = {}
    for item in ranked:
        grouped.setdefault(section_title(item.section), []).append(item)
    return list(grouped.items())


@dataclass(frozen=True)
class NewAction:
    """An action agreed in a meeting: mine, or the mentor's promise.

    `goal`: the goal it serves, as typed (any unique id prefix); None: the one active goal
    the meeting's mentor serves, if there is exactly one.
    """

    title: str
    due: date | None = None
    owner: Owner = Owner.ME
    goal: str | None = None
