"""Use cases that only read: the dashboard, the books the agenda and the review take,
selecting actions, search.

Free of pydantic: records come from the index as read-only views (`Store.views`, see
`mentee.views`), so an everyday command neither imports nor runs validation for what the
index validated when it cached it. `today` comes from the caller.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from mentee.errors import require_text
from mentee.kinds import ActionStatus, GoalStatus, Kind, MentorStatus, Owner
from mentee.views import PartView, serves

if TYPE_CHECKING:
    from mentee.agenda import RecordSet
    from mentee.dashboard import Dashboard
    from mentee.models import (
        Action,
        Goal,
        Mentor,
        Record,
    )
    from mentee.store import Store
    from mentee.timeline import GoalProgress

R = TypeVar("R", bound="Record")


class ActionFilter(NamedTuple):
    """Which actions `select_actions` keeps: these statuses, only overdue ones, of a goal, with a
    mentor, owned by one side."""

    statuses: frozenset[ActionStatus] = frozenset({ActionStatus.OPEN})
    overdue: bool = False
    goal: str | None = None
    mentor: str | None = None
    owner: Owner | None = None


def select_actions(actions: Iterable[Action], chosen: ActionFilter, today: date) -> list[Action]:
    """The actions a filter keeps, soonest due first (no due date last)."""
    kept = [
        a
        for a in actions
        if a.status in chosen.statuses
        and (not chosen.overdue or is_overdue(a, today))
        and (chosen.goal is None or a.goal == chosen.goal)
        and (chosen.mentor is None or a.mentor == chosen.mentor)
        and (chosen.owner is None or a.owner == chosen.owner)
    ]
    return sorted(kept, key=lambda a: (a.due is None, a.due or date.max, _created_key(a)))


def is_overdue(action: Action, today: date) -> bool:
    """Whether the action is open and was due before `today`."""
    return action.status == ActionStatus.OPEN and action.due is not None and action.due < today


def _created_key(record: Record) -> str:
    return record.created.isoformat() if record.created else ""


def by_id(records: Iterable[R]) -> dict[str, R]:
    """The records by their ids."""
    return {r.id: r for r in records}


class SearchHit(NamedTuple):
    """A record `search` found: the field the match is in and the text around it."""

    record: Record
    field: str
    text: str


def search(store: Store, needle: str, kinds: Iterable[Kind] = tuple(Kind)) -> list[SearchHit]:
    """Every record with `needle` (case-insensitive) in a text field, by kind then date."""
    require_text(needle, "the search text")
    folded = needle.casefold()
    hits: list[SearchHit] = []
    for kind in kinds:
        for record in store.load(kind, views=True).records:
            for name in (*record.TEXT_FIELDS, *record.extras):
                for text in _texts(getattr(record, name, None)):
                    if folded in text.casefold():
                        hits.append(SearchHit(record, name, text))
                        break
                else:
                    continue
                break
    return hits


def _texts(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, PartView):
        return _texts(vars(value))
    if hasattr(value, "model_dump"):
        return _texts(value.model_dump())
    return []


def goals_to_watch(
    store: Store, goals: Sequence[Goal], today: date
) -> tuple[list[GoalProgress], list[GoalProgress]]:
    """The active goals the dashboard names: those at risk (past their target or behind their
    plan, worst first; a paused goal never is) and those whose every unit is done (waiting to
    be marked achieved, as the review's `achieve` suggestion says: not at risk, even past
    their target), the earliest target first. Only the actions of goals measured by actions
    (no milestones) are read."""
    from mentee.store import Where
    from mentee.timeline import AT_RISK, TimelineStatus, goal_progress

    current = [g for g in goals if g.status == GoalStatus.ACTIVE]
    by_actions = tuple(g.id for g in current if not g.milestones)
    actions = store.views(Kind.ACTION, Where(goals=by_actions)) if by_actions else []
    judged = [goal_progress(g, actions, today) for g in current]
    at_risk = [p for p in judged if p.status in AT_RISK and not p.all_done]
    done = [p for p in judged if p.all_done and p.status != TimelineStatus.ACHIEVED]
    return (
        sorted(
            at_risk,
            key=lambda p: (p.status != TimelineStatus.OVERDUE, p.goal.target or date.max),
        ),
        sorted(done, key=lambda p: p.goal.target or date.max),
    )


def dashboard(store: Store, today: date, now: datetime | None = None) -> Dashboard:
    """The dashboard, reading only what it shows: open actions, planned meetings, goals.

    `now`: the clock that says whether a meeting is over (None: compare days only).
    """
    from mentee.dashboard import Dashboard
    from mentee.meetings import unlogged, upcoming
    from mentee.store import Where

    planned = store.views(Kind.MEETING, Where(status=("planned",)))
    mentors = by_id(store.views(Kind.MENTOR))
    actions = store.views(Kind.ACTION, Where(status=("open",)))
    goals = store.views(Kind.GOAL)
    at_risk, all_done = goals_to_watch(store, goals, today)
    board = Dashboard(
        unlogged=unlogged(planned, today, now),
        overdue=select_actions(actions, ActionFilter(overdue=True), today),
        at_risk=at_risk,
        all_done=all_done,
        open_actions=len(actions),
        active_goals=sum(g.status == GoalStatus.ACTIVE for g in goals),
        mentors=sum(m.status == MentorStatus.ACTIVE for m in mentors.values()),
        mentor_names={m.id: m.name for m in mentors.values()},
    )
    soon = upcoming(planned, today, now)
    if soon:
        from mentee.agenda import next_agenda, open_follow_up

        board.next_meeting = soon[0]
        board.next_mentor = mentor = mentors.get(soon[0].mentor)
        if mentor is not None and not any(open_follow_up(a, mentor) for a in actions):
            # An open action agreed with the mentor would be on the agenda, so it is not
            # empty: only without one is the rest of the journal read to tell.
            book = load_agenda_book(store, mentor, list(mentors.values()))
            agenda = next_agenda(book, mentor, today, meeting=soon[0])
            board.next_agenda_empty = agenda.empty
    return board


# -- the agenda's and the review's records -------------------------------------


def load_book(store: Store, views: bool = True) -> RecordSet:
    """Every readable record, as the pure agenda and review functions take them: read-only
    views where the index has them (`views=False`: models, to copy or save)."""
    from mentee.agenda import RecordSet

    if not views:
        from mentee.models import Action, Feedback, Goal, Meeting, Mentor, Note, Topic

        return RecordSet(
            mentors=store.records(Kind.MENTOR, Mentor),
            goals=store.records(Kind.GOAL, Goal),
            actions=store.records(Kind.ACTION, Action),
            meetings=store.records(Kind.MEETING, Meeting),
            notes=store.records(Kind.NOTE, Note),
            feedback=store.records(Kind.FEEDBACK, Feedback),
            topics=store.records(Kind.TOPIC, Topic),
        )
    return RecordSet(
        mentors=store.views(Kind.MENTOR),
        goals=store.views(Kind.GOAL),
        actions=store.views(Kind.ACTION),
        meetings=store.views(Kind.MEETING),
        notes=store.views(Kind.NOTE),
        feedback=store.views(Kind.FEEDBACK),
        topics=store.views(Kind.TOPIC),
    )


def load_review_book(store: Store, today: date, since: date | None = None) -> RecordSet:
    """What the review of the period from `since` (see `review.period_start`) reads, and no
    more: every mentor, goal, action, meeting and piece of feedback (goals' progress and
    mentors' cadence span the whole journal; feedback acted on in the period, or not yet
    discussed, may be of any age); of the notes, those of the period and of the one it is
    compared with, and those not discussed yet (the next agendas' notes, for the suggestion
    to cancel a meeting with nothing to discuss); the open topics (the agendas' too).

    `build_review` on this book gives the same review as on the whole journal, faster.
    """
    from mentee.agenda import RecordSet
    from mentee.review import period_start, previous_bounds
    from mentee.store import Where

    begin, _ = previous_bounds(period_start(today, since), today)
    return RecordSet(
        mentors=store.views(Kind.MENTOR),
        goals=store.views(Kind.GOAL),
        actions=store.views(Kind.ACTION),
        meetings=store.views(Kind.MEETING),
        notes=store.views(Kind.NOTE, Where(since_or_undiscussed=begin.isoformat())),
        feedback=store.views(Kind.FEEDBACK),
        topics=store.views(Kind.TOPIC, Where(status=("open",))),
    )


def load_agenda_book(store: Store, mentor: Mentor, mentors: Sequence[Mentor] = ()) -> RecordSet:
    """What the next agenda with `mentor` reads, and no more: their meetings; of the actions,
    the mentor's open ones and those done since their last meeting or kept by it, and every
    action of the goals they serve that are active or paused (whose progress it shows); what
    was not yet discussed; open topics.

    `next_agenda` on this book gives the same agenda as on the whole journal, faster.
    """
    from mentee.agenda import RecordSet, held_meetings
    from mentee.store import Where

    goals = store.views(Kind.GOAL)
    current = tuple(
        g.id
        for g in goals
        if g.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED) and serves(mentor, g)
    )
    meetings = store.views(Kind.MEETING, Where(mentor=mentor.id))
    held = held_meetings(meetings, mentor.id)
    last = held[-1] if held else None
    since = last.at.date().isoformat() if last is not None else None
    kept = tuple(i.id for i in last.agenda if i.id and i.decision == "kept") if last else ()
    return RecordSet(
        mentors=list(mentors) or store.views(Kind.MENTOR),
        goals=goals,
        actions=store.views(Kind.ACTION, Where(agenda=(mentor.id, current, since, kept))),
        meetings=meetings,
        notes=store.views(Kind.NOTE, Where(undiscussed=True)),
        feedback=store.views(Kind.FEEDBACK, Where(undiscussed=True)),
        topics=store.views(Kind.TOPIC, Where(status=("open",))),
    )
