"""`agenda next`: the next meeting's agenda with a mentor, reading only what it shows.

Read-only, from the index's views: no pydantic. `today` and `now` come from the caller.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from mentee.kinds import Kind

if TYPE_CHECKING:
    from mentee.agenda import Agenda
    from mentee.store import Store


def agenda_next(
    store: Store, mentor: str | None, today: date, now: datetime | None = None
) -> Agenda:
    """The agenda of the next meeting with `mentor` (named any way a mentor is); None: the
    one active mentor, else the mentor every planned meeting is with (see
    `agenda.choose_mentor`)."""
    from mentee.agenda import RecordSet, choose_mentor, next_agenda
    from mentee.reading import load_agenda_book

    mentors = store.views(Kind.MENTOR)
    if mentor is not None:
        chosen = store.get_view(Kind.MENTOR, mentor)
    else:
        from mentee.store import Where

        planned = store.views(Kind.MEETING, Where(status=("planned",)))
        chosen = choose_mentor(RecordSet(mentors=mentors, meetings=planned), today)
    book = load_agenda_book(store, chosen, mentors)
    return next_agenda(book, chosen, today, now=now)
