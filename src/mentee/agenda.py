"""The next meeting's agenda, built from open items. Pure: records in, an `Agenda` out.

SPEC ("The next agenda"): for one mentor, "since" is the date of the last meeting held with
them, leaving out what that meeting's stored agenda already covered (no meeting yet:
everything open). Sections: follow-ups (the mentee's actions done since and still open, with
how often they were carried; the mentor's own promises, done and open, apart, so the agenda
never reads as if the mentee did them), progress notes, feedback not yet discussed, open
topics, and the goals the mentor serves with their timeline status and the target changes
made since.

The agenda is for the mentor's first planned meeting, even when it is over and not logged
yet (SPEC: Meetings): that is the one `meeting log` will store it in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from mentee.dates import shift
from mentee.errors import UsageError
from mentee.kinds import (
    ActionStatus,
    GoalStatus,
    MeetingStatus,
    MentorStatus,
    NoteKind,
    Owner,
    TopicStatus,
)
from mentee.meetings import is_over, pending, upcoming
from mentee.timeline import GoalProgress, done_by, goal_progress
from mentee.views import serves

if TYPE_CHECKING:
    from mentee.models import (
        Action,
        Feedback,
        Goal,
        Meeting,
        Mentor,
        Milestone,
        Note,
        Retarget,
        Topic,
    )

# After this many agendas, an item still open asks for a decision.
DECIDE_AFTER = 3
# Milestones due within this many days are listed with their goal.
MILESTONE_HORIZON = timedelta(days=30)


@dataclass(frozen=True)
class RecordSet:
    """A journal's records by kind, loaded once by the caller: what the agenda, the review
    and the exporters read (every record, or only those one of them needs: see
    `reading.load_agenda_book`)."""

    mentors: Sequence[Mentor] = ()
    goals: Sequence[Goal] = ()
    actions: Sequence[Action] = ()
    meetings: Sequence[Meeting] = ()
    notes: Sequence[Note] = ()
    feedback: Sequence[Feedback] = ()
    topics: Sequence[Topic] = ()


class ActionItem(NamedTuple):
    """An action on the agenda, with its history of being carried over."""

    action: Action
    overdue: bool = False
    carried: int = 0  # how many earlier agendas it was on
    on_agenda_since: date | None = None
    decide: bool = False  # carried DECIDE_AFTER times or more: do it, re-plan it or drop it


@dataclass(frozen=True)
class GoalItem:
    """A goal on the agenda: its progress, the milestones due by the meeting (numbered as in the
    goal) and the target changes since the last meeting."""

    progress: GoalProgress
    milestones_due: list[tuple[int, Milestone]] = field(default_factory=list)
    retargets: list[Retarget] = field(default_factory=list)  # target changes since


@dataclass(frozen=True)
class Agenda:
    """What to talk about with one mentor at the next meeting: what was done and is still open since
    the last one (the mentee's actions and the mentor's promises), notes, feedback and topics not
    yet discussed, and the goals the mentor serves."""

    mentor: Mentor
    meeting: Meeting | None
    last_meeting: Meeting | None
    since: date | None
    today: date
    done: list[ActionItem] = field(default_factory=list)  # the mentee's own, done since
    open: list[ActionItem] = field(default_factory=list)  # the mentee's own, still open
    promises: list[ActionItem] = field(default_factory=list)  # the mentor's, still open
    promises_done: list[ActionItem] = field(default_factory=list)  # the mentor's, done since
    notes: list[Note] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    goals: list[GoalItem] = field(default_factory=list)
    meeting_over: bool = False  # the meeting is over and not logged yet
    served: tuple[str, ...] = ()  # ids of every goal the mentor serves (the derived `goals`)
    mentor_names: dict[str, str] = field(default_factory=dict)  # every mentor's name by id

    def source_of(self, feedback: Feedback) -> str:
        """Who gave `feedback`, in words: a mentor's name when the source is a mentor's id,
        else the source as written."""
        return self.mentor_names.get(feedback.source, feedback.source)

    @property
    def empty(self) -> bool:
        """Nothing in sections 1 to 4: the meeting had better be cancelled."""
        return not (
            self.done
            or self.open
            or self.promises
            or self.promises_done
            or self.notes
            or self.feedback
            or self.topics
        )

    def without_private(self) -> Agenda:
        """The agenda as it may be sent: private notes, feedback and topics left out."""
        from dataclasses import replace

        return replace(
            self,
            notes=[n for n in self.notes if not n.private],
            feedback=[f for f in self.feedback if not f.private],
            topics=[t for t in self.topics if not t.private],
        )

    @property
    def private_count(self) -> int:
        """How many private notes, feedback and topics the agenda holds (what `without_private`
        leaves out)."""
        return (
            sum(n.private for n in self.notes)
            + sum(f.private for f in self.feedback)
            + sum(t.private for t in self.topics)
        )


def choose_mentor(journal: RecordSet, today: date) -> Mentor:  # noqa: ARG001 - see below
    """The mentor when `--mentor` is not given (SPEC: optional when exactly one mentor is
    active or one meeting is planned): the one active mentor, else the mentor of the one
    planned meeting (or of every planned meeting, when they are all with one mentor);
    otherwise a usage error listing the choices. A planned meeting counts whether it is
    over or not (its agenda is still to be logged), so `today` does not matter."""
    active = [m for m in journal.mentors if m.status == MentorStatus.ACTIVE]
    if len(active) == 1:
        return active[0]
    # Planned meetings that are over count: their agenda is still to be logged.
    planned = pending(journal.meetings)
    by_id = {m.id: m for m in journal.mentors}
    planned_with = {m.mentor for m in planned}
    if len(planned_with) == 1 and planned[0].mentor in by_id:
        return by_id[planned[0].mentor]
    if not journal.mentors:
        raise UsageError("no mentors yet: add one with mentee mentor add NAME")
    candidates = {m.id for m in active} | (planned_with & set(by_id))
    choices = ", ".join(sorted(candidates or {m.id for m in journal.mentors}))
    raise UsageError(f"which mentor? give --mentor ID, one of: {choices}")


def planned_meetings(
    meetings: Iterable[Meeting], today: date, now: datetime | None = None
) -> list[Meeting]:
    """Planned meetings that are not over yet, soonest first (see `meetings.upcoming`)."""
    return upcoming(meetings, today, now)


def held_meetings(meetings: Iterable[Meeting], mentor_id: str) -> list[Meeting]:
    """Meetings held with a mentor, oldest first."""
    return sorted(
        (m for m in meetings if m.mentor == mentor_id and m.status == MeetingStatus.HELD),
        key=lambda m: m.at,
    )


def next_agenda(
    journal: RecordSet,
    mentor: Mentor,
    today: date,
    meeting: Meeting | None = None,
    before: Meeting | None = None,
    now: datetime | None = None,
) -> Agenda:
    """The agenda for the next meeting with `mentor` (or for `meeting`, when given): their
    first planned meeting, over and unlogged or not.

    `before`: build it as it stood just before that meeting was held (for `meeting log`):
    that meeting does not count as the last one. `now`: the clock that says whether the
    meeting is over (None: compare days).
    """
    held = [
        m for m in held_meetings(journal.meetings, mentor.id) if before is None or m.id != before.id
    ]
    last = held[-1] if held else None
    since = last.at.date() if last else None
    # What the last meeting covered does not come back; what it kept for later does.
    covered = {i.id for i in last.agenda if i.id and i.decision != "kept"} if last else set()
    kept = {i.id for i in last.agenda if i.id and i.decision == "kept"} if last else set()
    # An action done is reported once: an item carried over open and done since is news.
    reported = {
        i.id
        for i in (last.agenda if last else [])
        if i.id in covered and (i.section in ("done", "promise_done") or i.decision == "done")
    }
    if meeting is None and before is None:
        planned = [m for m in pending(journal.meetings) if m.mentor == mentor.id]
        meeting = planned[0] if planned else None
    elif before is not None:
        meeting = before

    goals = [g for g in journal.goals if serves(mentor, g)]
    goal_ids = {g.id for g in goals}

    def recent(day: date) -> bool:
        return since is None or day >= since

    def concerns(goal_id: str | None) -> bool:
        return goal_id is None or goal_id in goal_ids

    agreed = [a for a in journal.actions if a.mentor == mentor.id]
    carried = _carried(held)
    done = [
        _item(a, carried, today)
        for a in agreed
        if a.status == ActionStatus.DONE
        and a.done is not None
        and (recent(a.done) or a.id in kept)
        and a.id not in reported
    ]
    still_open = [_item(a, carried, today) for a in agreed if open_follow_up(a, mentor)]
    by_done = _by_done
    notes = [
        n
        for n in journal.notes
        if n.kind != NoteKind.NOTE
        and n.discussed_in is None
        and n.id not in covered
        and (recent(n.date) or n.id in kept)
        and concerns(n.goal)
    ]
    feedback = [
        f
        for f in journal.feedback
        if f.discussed_in is None
        and f.id not in covered
        and (recent(f.date) or f.id in kept)
        and (not f.goals or any(g in goal_ids for g in f.goals) or f.source == mentor.id)
    ]
    topics = [
        t
        for t in journal.topics
        if t.status == TopicStatus.OPEN and t.mentor in (None, mentor.id) and t.id not in covered
    ]
    goal_items = [
        GoalItem(
            progress=goal_progress(g, journal.actions, today),
            milestones_due=[
                (number, m)
                for number, m in enumerate(g.milestones, start=1)
                if not done_by(m.done, today)
                and m.due is not None
                and m.due <= shift(today, MILESTONE_HORIZON)
            ],
            retargets=[t for t in g.timeline if recent(t.date)],
        )
        for g in sorted(goals, key=lambda g: (g.target is None, g.target or date.max))
        if g.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED)
    ]
    by_due = _by_due
    return Agenda(
        mentor=mentor,
        meeting=meeting,
        last_meeting=last,
        since=since,
        today=today,
        done=sorted((i for i in done if i.action.owner == Owner.ME), key=by_done),
        open=sorted((i for i in still_open if i.action.owner == Owner.ME), key=by_due),
        promises=sorted((i for i in still_open if i.action.owner == Owner.MENTOR), key=by_due),
        promises_done=sorted((i for i in done if i.action.owner == Owner.MENTOR), key=by_done),
        notes=sorted(notes, key=lambda n: (n.date, n.kind)),
        feedback=sorted(feedback, key=lambda f: f.date),
        topics=sorted(topics, key=lambda t: t.created.isoformat() if t.created else ""),
        goals=goal_items,
        meeting_over=meeting is not None
        and meeting.status == MeetingStatus.PLANNED
        and is_over(meeting, today, now),
        served=tuple(sorted(goal_ids)),
        mentor_names={m.id: m.name for m in journal.mentors},
    )


def open_follow_up(action: Action, mentor: Mentor) -> bool:
    """Whether `action` is on the next agenda with `mentor` as an open follow-up: agreed
    with them and still open (the mentee's own or the mentor's promise). An agenda with one
    is never empty."""
    return action.mentor == mentor.id and action.status == ActionStatus.OPEN


def _by_done(item: ActionItem) -> date:
    return item.action.done or date.min


def _by_due(item: ActionItem) -> tuple[bool, date]:
    return (item.action.due is None, item.action.due or date.max)


def _carried(held: Sequence[Meeting]) -> dict[str, list[Meeting]]:
    """The held meetings (oldest first) whose agenda had each action open, by action id."""
    carried: dict[str, list[Meeting]] = {}
    for meeting in held:
        on_it = {i.id for i in meeting.agenda if i.id and i.section in ("open", "promise")}
        for action_id in on_it:
            carried.setdefault(action_id, []).append(meeting)
    return carried


def _item(action: Action, carried: Mapping[str, Sequence[Meeting]], today: date) -> ActionItem:
    carried_in = carried.get(action.id, ())
    since = carried_in[0].at.date() if carried_in else None
    overdue = action.status == ActionStatus.OPEN and action.due is not None and action.due < today
    return ActionItem(
        action=action,
        overdue=overdue,
        carried=len(carried_in),
        on_agenda_since=since,
        decide=action.status == ActionStatus.OPEN and len(carried_in) >= DECIDE_AFTER,
    )


def suggested_date(mentor: Mentor, last: Meeting | None, today: date) -> date:
    """When the cadence says to meet next: last meeting + cadence, never before tomorrow."""
    if last is not None and mentor.cadence_days:
        due = shift(last.at.date(), mentor.cadence_days)
        return max(due, shift(today, 1))
    return shift(today, 1)


# -- what the agenda stores when a meeting is logged -------------------------------------


def stored_items(agenda: Agenda) -> list[dict[str, Any]]:
    """The agenda as stored in the meeting's `agenda` (section, kind, id, text)."""
    items: list[dict[str, Any]] = []
    for section, entries in (
        ("done", agenda.done),
        ("open", agenda.open),
        ("promise", agenda.promises),
        ("promise_done", agenda.promises_done),
    ):
        items.extend(
            {"section": section, "kind": "action", "id": e.action.id, "text": e.action.title}
            for e in entries
        )
    items.extend(
        {"section": "notes", "kind": "note", "id": n.id, "text": n.text} for n in agenda.notes
    )
    items.extend(
        {"section": "feedback", "kind": "feedback", "id": f.id, "text": f.text}
        for f in agenda.feedback
    )
    items.extend(
        {"section": "topics", "kind": "topic", "id": t.id, "text": t.text} for t in agenda.topics
    )
    items.extend(
        {
            "section": "goals",
            "kind": "goal",
            "id": g.progress.goal.id,
            "text": g.progress.goal.title,
        }
        for g in agenda.goals
    )
    return items
