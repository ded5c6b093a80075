"""What each list command shows: which records, in which order.

Each query holds the filters as the command line gave them (records named by any unique
prefix, a mentor also by name); its function resolves them and returns the records.
Read-only, from the index's views (`Store.views`): no pydantic. `today` and `now` come
from the caller.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from mentee.kinds import (
    ActionStatus,
    FeedbackKind,
    GoalStatus,
    Kind,
    MentorStatus,
    NoteKind,
    Owner,
    TopicStatus,
)

if TYPE_CHECKING:
    from mentee.models import Action, Feedback, Goal, Meeting, Mentor, Note, Record, Topic
    from mentee.store import Store

S = TypeVar("S")

# What a list shows without --status or --all.
CURRENT_GOALS = frozenset({GoalStatus.ACTIVE, GoalStatus.PAUSED})
CURRENT_MENTORS = frozenset(MentorStatus) - {MentorStatus.ENDED}
OPEN_ACTIONS = frozenset({ActionStatus.OPEN})
OPEN_TOPICS = frozenset({TopicStatus.OPEN})


def shown_statuses(
    given: Collection[S], every: bool, all_of_them: Iterable[S], default: Iterable[S]
) -> frozenset[S]:
    """The statuses a list shows: those given (--status), all (--all), else `default`."""
    if given:
        return frozenset(given)
    return frozenset(all_of_them if every else default)


def _created(record: Record) -> str:
    return record.created.isoformat() if record.created else ""


class GoalQuery(NamedTuple):
    """Which goals `goal list` shows: these statuses (none: active and paused; `every`: all),
    serving a mentor, with a tag."""

    statuses: Collection[GoalStatus] = ()  # none given: active and paused, unless `every`
    every: bool = False
    mentor: str | None = None  # only goals this mentor serves
    tag: str | None = None


def list_goals(store: Store, query: GoalQuery) -> list[Goal]:
    """The goals a query keeps, soonest target first (no target last), then by title."""
    from mentee.views import serves

    wanted = shown_statuses(query.statuses, query.every, GoalStatus, CURRENT_GOALS)
    chosen = [g for g in store.views(Kind.GOAL) if g.status in wanted]
    if query.mentor is not None:
        found = store.get_view(Kind.MENTOR, query.mentor)
        chosen = [g for g in chosen if serves(found, g)]
    if query.tag is not None:
        chosen = [g for g in chosen if query.tag in g.tags]
    chosen.sort(key=lambda g: (g.target is None, g.target or date.max, g.title.casefold()))
    return chosen


class MentorQuery(NamedTuple):
    """Which mentors `mentor list` shows: these statuses (none: all but ended; `every`: all),
    serving a goal."""

    statuses: Collection[MentorStatus] = ()  # none given: all but ended, unless `every`
    every: bool = False
    goal: str | None = None  # only mentors serving this goal


def list_mentors(store: Store, query: MentorQuery) -> list[Mentor]:
    """The mentors a query keeps, by name."""
    from mentee.views import serves

    wanted = shown_statuses(query.statuses, query.every, MentorStatus, CURRENT_MENTORS)
    chosen = [m for m in store.views(Kind.MENTOR) if m.status in wanted]
    if query.goal is not None:
        found = store.get_view(Kind.GOAL, query.goal)
        chosen = [m for m in chosen if serves(m, found)]
    chosen.sort(key=lambda m: m.name.casefold())
    return chosen


class ActionQuery(NamedTuple):
    """Which actions `action list` shows: these statuses (none: open; `every`: all), only overdue
    ones, for a goal, agreed with a mentor, owned by one side."""

    statuses: Collection[ActionStatus] = ()  # none given: open ones, unless `every`
    every: bool = False
    overdue: bool = False
    goal: str | None = None
    mentor: str | None = None  # agreed with this mentor
    owner: Owner | None = None

    @property
    def narrowed(self) -> bool:
        """Whether a filter other than --all was given (an empty list then says so)."""
        return bool(self.goal or self.mentor or self.owner or self.statuses)


def list_actions(store: Store, query: ActionQuery, today: date) -> list[Action]:
    """The actions a query keeps, soonest due first (see `reading.select_actions`)."""
    from mentee.reading import ActionFilter, select_actions
    from mentee.store import Where

    statuses = shown_statuses(query.statuses, query.every, ActionStatus, OPEN_ACTIONS)
    chosen = ActionFilter(
        statuses=statuses,
        overdue=query.overdue,
        goal=store.resolve(Kind.GOAL, query.goal) if query.goal else None,
        mentor=store.resolve(Kind.MENTOR, query.mentor) if query.mentor else None,
        owner=query.owner,
    )
    stored = store.views(Kind.ACTION, Where(status=tuple(statuses)))
    return select_actions(stored, chosen, today)


class TopicQuery(NamedTuple):
    """Which topics `topic list` shows: these statuses (none: open; `every`: all), for a mentor
    (topics for any mentor included)."""

    statuses: Collection[TopicStatus] = ()  # none given: open ones, unless `every`
    every: bool = False
    mentor: str | None = None  # for this mentor (and those for any mentor)


def list_topics(store: Store, query: TopicQuery) -> list[Topic]:
    """The topics a query keeps, oldest first."""
    from mentee.store import Where

    wanted = shown_statuses(query.statuses, query.every, TopicStatus, OPEN_TOPICS)
    mentor_id = store.resolve(Kind.MENTOR, query.mentor) if query.mentor else None
    chosen = [
        t
        for t in store.views(Kind.TOPIC, Where(status=tuple(wanted)))
        if t.status in wanted and (mentor_id is None or t.mentor in (None, mentor_id))
    ]
    chosen.sort(key=_created)
    return chosen


class FeedbackQuery(NamedTuple):
    """Which feedback `feedback list` shows: of a kind, about a goal, from a source, since a day,
    only that not yet discussed."""

    kind: FeedbackKind | None = None
    goal: str | None = None
    source: str | None = None  # a mentor (id or name) or other text, any case
    since: date | None = None
    undiscussed: bool = False

    @property
    def narrowed(self) -> bool:
        """Whether any filter was given (an empty list then says so)."""
        return self.undiscussed or any(
            x is not None for x in (self.kind, self.goal, self.source, self.since)
        )


def list_feedback(store: Store, query: FeedbackQuery) -> list[Feedback]:
    """The feedback a query keeps, newest first."""
    goal_id = store.resolve(Kind.GOAL, query.goal) if query.goal else None
    source = query.source
    # A mentor's name or id finds what they gave (stored under their id); other text as is.
    sources = {source.casefold(), (store.mentor_named(source) or "")} if source else set()
    chosen = [
        f
        for f in store.views(Kind.FEEDBACK)
        if (query.kind is None or f.kind == query.kind)
        and (goal_id is None or goal_id in f.goals)
        and (source is None or f.source.casefold() in sources)
        and (query.since is None or f.date >= query.since)
        and (not query.undiscussed or f.discussed_in is None)
    ]
    chosen.sort(key=lambda f: (f.date, _created(f)), reverse=True)
    return chosen


class NoteQuery(NamedTuple):
    """Which notes `note list` shows: of a kind, about a goal, since a day."""

    kind: NoteKind | None = None
    goal: str | None = None
    since: date | None = None

    @property
    def narrowed(self) -> bool:
        """Whether any filter was given (an empty list then says so)."""
        return any(x is not None for x in self)


def list_notes(store: Store, query: NoteQuery) -> list[Note]:
    """The notes a query keeps, newest first."""
    goal_id = store.resolve(Kind.GOAL, query.goal) if query.goal else None
    chosen = [
        n
        for n in store.views(Kind.NOTE)
        if (query.kind is None or n.kind == query.kind)
        and (goal_id is None or n.goal == goal_id)
        and (query.since is None or n.date >= query.since)
    ]
    chosen.sort(key=lambda n: (n.date, _created(n)), reverse=True)
    return chosen


class MeetingQuery(NamedTuple):
    """Which meetings `meeting list` shows: the planned ones unless `every`, with one mentor when
    given."""

    every: bool = False  # every meeting, not only the planned ones
    mentor: str | None = None


class MeetingListing(NamedTuple):
    """The meetings a list shows: planned ones over and not logged yet (oldest first), then
    the upcoming ones (soonest first); with `every`, all in `listed`, newest first."""

    unlogged: list[Meeting]
    listed: list[Meeting]


def list_meetings(
    store: Store, query: MeetingQuery, today: date, now: datetime | None = None
) -> MeetingListing:
    """The meetings a query keeps (see MeetingListing); an unknown or ambiguous mentor is an
    error."""
    from mentee.meetings import unlogged, upcoming

    mentor_id = store.resolve(Kind.MENTOR, query.mentor) if query.mentor else None
    meetings = [m for m in store.views(Kind.MEETING) if mentor_id is None or m.mentor == mentor_id]
    if query.every:
        return MeetingListing([], sorted(meetings, key=lambda m: m.at, reverse=True))
    return MeetingListing(unlogged(meetings, today, now), upcoming(meetings, today, now))
