"""The review: progress against each goal's timeline, mentors' cadence, the period's
activity and suggestions. Pure: records and `today` in, a `Review` out.

SPEC ("The review"): goals that are not dropped, with `expected`, `progress`, status and a
forecast (shared with the agenda through `timeline.goal_progress`); for each mentor the last
meeting, cadence, next due and overdue; counts for the period (default the last 30 days);
and suggestions, each naming the records it is about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from mentee.agenda import Journal, next_agenda, planned_meetings
from mentee.attention import Cadence, cadence_of
from mentee.kinds import (
    ActionStatus,
    FeedbackKind,
    GoalStatus,
    MeetingStatus,
    MentorStatus,
    NoteKind,
    Owner,
)
from mentee.models import Action, Feedback, Goal, Meeting, Note, serves
from mentee.timeline import GoalProgress, TimelineStatus, goal_progress

DEFAULT_PERIOD = timedelta(days=30)
SUGGESTION_KINDS = ("replan", "find_mentor", "schedule", "cancel", "thank", "follow_up")


@dataclass(frozen=True)
class Suggestion:
    kind: str
    text: str
    goal: str | None = None
    mentor: str | None = None
    meeting: str | None = None
    feedback: str | None = None
    action: str | None = None


@dataclass(frozen=True)
class ActedOn:
    """Feedback and the action that answered it."""

    feedback: Feedback
    action: Action


@dataclass
class Review:
    as_of: date
    since: date
    goals: list[GoalProgress] = field(default_factory=list)
    mentors: list[Cadence] = field(default_factory=list)
    done: list[Action] = field(default_factory=list)  # done in the period
    open: list[Action] = field(default_factory=list)  # open now
    overdue: list[Action] = field(default_factory=list)  # open now and past due
    feedback: list[Feedback] = field(default_factory=list)  # received in the period
    notes: list[Note] = field(default_factory=list)  # noted in the period
    held: list[Meeting] = field(default_factory=list)  # held in the period
    cancelled: list[Meeting] = field(default_factory=list)
    reached: list[Goal] = field(default_factory=list)  # achieved in the period
    acted_on: list[ActedOn] = field(default_factory=list)  # feedback answered by a done action
    suggestions: list[Suggestion] = field(default_factory=list)
    mentor_names: dict[str, str] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)

    def without_private(self) -> Review:
        """The review as it may be shared: private notes and feedback left out (counts too)."""
        from dataclasses import replace

        return replace(
            self,
            feedback=[f for f in self.feedback if not f.private],
            notes=[n for n in self.notes if not n.private],
            acted_on=[x for x in self.acted_on if not x.feedback.private],
        )

    @property
    def private_count(self) -> int:
        return sum(f.private for f in self.feedback) + sum(n.private for n in self.notes)

    def feedback_by_kind(self) -> dict[str, int]:
        counts = Counter(str(f.kind) for f in self.feedback)
        return {kind.value: counts.get(kind.value, 0) for kind in FeedbackKind}

    def notes_by_kind(self) -> dict[str, int]:
        counts = Counter(str(n.kind) for n in self.notes)
        return {k.value: counts.get(k.value, 0) for k in NoteKind if k != NoteKind.NOTE}

    def name_of(self, mentor_id: str | None) -> str:
        return self.mentor_names.get(mentor_id or "", mentor_id or "")


def build_review(book: Journal, today: date, since: date | None = None) -> Review:
    """The review of `book` on `today` for the period from `since` (default 30 days ago)."""
    start = since if since is not None else today - DEFAULT_PERIOD

    def in_period(day: date | None) -> bool:
        return day is not None and start <= day <= today

    goals = [g for g in book.goals if g.status != GoalStatus.DROPPED]
    progress = [goal_progress(g, book.actions, today) for g in goals]
    progress.sort(key=lambda p: (_status_rank(p.status), p.goal.target or date.max))
    mentors = [
        cadence_of(m, book.meetings, today)
        for m in sorted(book.mentors, key=lambda m: m.name.casefold())
        if m.status not in (MentorStatus.ENDED,)
    ]
    review = Review(
        as_of=today,
        since=start,
        goals=progress,
        mentors=mentors,
        done=sorted(
            (a for a in book.actions if a.status == ActionStatus.DONE and in_period(a.done)),
            key=lambda a: a.done or today,
        ),
        open=[a for a in book.actions if a.status == ActionStatus.OPEN],
        overdue=sorted(
            (
                a
                for a in book.actions
                if a.status == ActionStatus.OPEN and a.due is not None and a.due < today
            ),
            key=lambda a: a.due or today,
        ),
        feedback=sorted((f for f in book.feedback if in_period(f.date)), key=lambda f: f.date),
        notes=sorted(
            (n for n in book.notes if in_period(n.date) and n.kind != NoteKind.NOTE),
            key=lambda n: n.date,
        ),
        held=sorted(
            (m for m in book.meetings if m.status == MeetingStatus.HELD and in_period(m.at.date())),
            key=lambda m: m.at,
        ),
        cancelled=sorted(
            (
                m
                for m in book.meetings
                if m.status == MeetingStatus.CANCELLED and in_period(m.at.date())
            ),
            key=lambda m: m.at,
        ),
        reached=sorted(
            (g for g in goals if g.status == GoalStatus.ACHIEVED and in_period(g.achieved)),
            key=lambda g: g.achieved or today,
        ),
        acted_on=_acted_on(book, in_period),
        mentor_names={m.id: m.name for m in book.mentors},
        meetings={m.id: m for m in book.meetings},
    )
    review.suggestions = _suggestions(book, review, today)
    return review


def _acted_on(book: Journal, in_period: Callable[[date | None], bool]) -> list[ActedOn]:
    """Feedback answered by an action done in the period, with that action."""
    feedback = {f.id: f for f in book.feedback}
    found = [
        ActedOn(feedback[a.feedback], a)
        for a in book.actions
        if a.feedback in feedback and a.status == ActionStatus.DONE and in_period(a.done)
    ]
    return sorted(found, key=lambda x: x.action.done or date.min)


_RANK = {
    TimelineStatus.OVERDUE: 0,
    TimelineStatus.BEHIND: 1,
    TimelineStatus.NO_PLAN: 2,
    TimelineStatus.ON_TRACK: 3,
    TimelineStatus.AHEAD: 4,
    TimelineStatus.NO_DEADLINE: 5,
    TimelineStatus.ACHIEVED: 6,
}


def _status_rank(status: TimelineStatus) -> int:
    return _RANK[status]


def _suggestions(book: Journal, review: Review, today: date) -> list[Suggestion]:
    found: list[Suggestion] = []
    for item in review.goals:
        goal = item.goal
        if item.status == TimelineStatus.OVERDUE:
            found.append(
                Suggestion(
                    "replan",
                    f"'{goal.title}' passed its target {goal.target}: retarget it with a reason "
                    f"(mentee goal retarget {goal.id} --by DATE --reason TEXT) or mark it done",
                    goal=goal.id,
                )
            )
        elif item.status == TimelineStatus.BEHIND:
            expected = round((item.expected or 0) * 100)
            done = round((item.progress or 0) * 100)
            found.append(
                Suggestion(
                    "replan",
                    f"'{goal.title}' is behind ({done}% done, {expected}% of the time gone): "
                    "re-plan its milestones or retarget it",
                    goal=goal.id,
                )
            )
    for goal in book.goals:
        if goal.status == GoalStatus.ACTIVE and not any(
            serves(m, goal) for m in book.mentors if m.status != MentorStatus.ENDED
        ):
            found.append(
                Suggestion(
                    "find_mentor",
                    f"'{goal.title}' has no mentor: find someone aligned with it",
                    goal=goal.id,
                )
            )
    for cadence in review.mentors:
        if cadence.overdue:
            mentor = cadence.mentor
            last = f"last met {cadence.last_met}" if cadence.last_met else "not met yet"
            found.append(
                Suggestion(
                    "schedule",
                    f"Schedule a meeting with {mentor.name}: {last}, due {cadence.next_due}",
                    mentor=mentor.id,
                )
            )
    by_id = {m.id: m for m in book.mentors}
    for meeting in planned_meetings(book.meetings, today):
        person = by_id.get(meeting.mentor)
        if person is not None and next_agenda(book, person, today, meeting=meeting).empty:
            day = meeting.at.strftime("%Y-%m-%d")
            found.append(
                Suggestion(
                    "cancel",
                    f"The meeting with {person.name} on {day} has nothing on its agenda: "
                    f"cancel it politely (mentee meeting cancel {meeting.id})",
                    mentor=person.id,
                    meeting=meeting.id,
                )
            )
    found += _thanks(book)
    answered = {a.feedback for a in book.actions if a.feedback and a.status != ActionStatus.DROPPED}
    for received in sorted(book.feedback, key=lambda f: f.date):
        if received.kind == FeedbackKind.CONSTRUCTIVE and received.id not in answered:
            found.append(
                Suggestion(
                    "follow_up",
                    f"Constructive feedback from {received.source} on {received.date} has no "
                    f"action answering it (mentee action add TITLE --feedback {received.id})",
                    feedback=received.id,
                )
            )
    return found


def _thanks(book: Journal) -> list[Suggestion]:
    """Mentors whose advice (a meeting with `advice`) led to a done action or an achieved
    goal, not thanked since that happened."""
    found: list[Suggestion] = []
    advised = {m.id: m for m in book.meetings if m.advice and m.status == MeetingStatus.HELD}
    for mentor in book.mentors:
        last_thanks = max((t.date for t in mentor.thanks), default=None)
        results: list[tuple[date, str, str | None, str | None]] = []
        for action in book.actions:
            meeting = advised.get(action.meeting or "")
            if (
                meeting is not None
                and meeting.mentor == mentor.id
                and action.status == ActionStatus.DONE
                and action.owner == Owner.ME
                and action.done is not None
            ):
                results.append((action.done, f"'{action.title}'", None, meeting.id))
        mentored = [m for m in advised.values() if m.mentor == mentor.id]
        for goal in book.goals:
            if (
                goal.status == GoalStatus.ACHIEVED
                and goal.achieved is not None
                and serves(mentor, goal)
                and any(m.at.date() <= goal.achieved for m in mentored)
            ):
                results.append((goal.achieved, f"reaching '{goal.title}'", goal.id, None))
        fresh = [r for r in results if last_thanks is None or r[0] > last_thanks]
        if not fresh:
            continue
        when, what, goal_id, meeting_id = max(fresh, key=lambda r: r[0])
        found.append(
            Suggestion(
                "thank",
                f"Thank {mentor.name}: their advice led to {what} ({when}) "
                f"(mentee mentor thank {mentor.id} TEXT)",
                mentor=mentor.id,
                goal=goal_id,
                meeting=meeting_id,
            )
        )
    return found
