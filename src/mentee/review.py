"""The review: progress against each goal's timeline, mentors' cadence, the period's
activity and suggestions. Pure: records and `today` in, a `Review` out.

SPEC ("The review"): goals that are not dropped, with `expected`, `progress`, status and a
forecast (shared with the agenda and the dashboard through `timeline.goal_progress`); for
each mentor the last meeting, cadence, next due and overdue (active mentors only); counts for
the period (default the last 30 days), the mentee's own actions apart from what mentors did
for them, with the same counts for the period of the same length just before; and
suggestions, each naming the records it is about.

A review is of its period: goals achieved before it are counted, not shown (JSON keeps them
all); thanks are for results of the period, and follow-ups for constructive feedback received
in it or still on the table, not for feedback discussed long ago.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from mentee.agenda import RecordSet, next_agenda
from mentee.attention import Cadence, cadence_of
from mentee.dates import shift
from mentee.kinds import (
    ActionStatus,
    FeedbackKind,
    GoalStatus,
    MeetingStatus,
    MentorStatus,
    NoteKind,
    Owner,
)
from mentee.meetings import unlogged, upcoming
from mentee.text import plural
from mentee.timeline import GoalProgress, TimelineStatus, behind_reason, goal_progress

# Why a goal is behind: worded in `mentee.timeline` (the dashboard needs it without the review).
from mentee.timeline import undated as undated
from mentee.views import serves

if TYPE_CHECKING:
    from mentee.models import Action, Feedback, Goal, Meeting, Milestone, Note
    from mentee.timeline import Unit

DEFAULT_PERIOD = timedelta(days=30)
SUGGESTION_KINDS = (
    "replan",
    "achieve",
    "find_mentor",
    "schedule",
    "cancel",
    "thank",
    "follow_up",
)


@dataclass(frozen=True)
class Suggestion:
    """What to do next. `text` is a sentence for any view; `hint` the command that does it,
    for the terminal only (the packet and the page hold no command hints)."""

    kind: str
    text: str
    goal: str | None = None
    mentor: str | None = None
    meeting: str | None = None
    feedback: str | None = None
    action: str | None = None
    hint: str | None = None


@dataclass(frozen=True)
class ActedOn:
    """Feedback and the action that answered it."""

    feedback: Feedback
    action: Action


@dataclass(frozen=True)
class Period:
    """What happened between two days (inclusive): the counts the review compares."""

    since: date
    until: date
    done: int = 0  # the mentee's own actions done
    promises_done: int = 0  # what mentors did that they had promised
    held: int = 0
    cancelled: int = 0
    feedback: dict[str, int] = field(default_factory=dict)  # by kind
    notes: dict[str, int] = field(default_factory=dict)  # wins, challenges, learnings
    milestones: int = 0  # milestones done (of goals that are not dropped)
    reached: int = 0  # goals achieved
    # The private part of `feedback` and `notes` (counted in them), for `without_private`.
    private_feedback: dict[str, int] = field(default_factory=dict)
    private_notes: dict[str, int] = field(default_factory=dict)

    @property
    def days(self) -> int:
        """How many days the period covers, both ends counted."""
        return (self.until - self.since).days + 1

    @property
    def name(self) -> str:
        """`the month before`, `the week before`, `the 45 days before`."""
        if 28 <= self.days <= 31:
            return "the month before"
        if self.days in (7, 8):
            return "the week before"
        return f"the {self.days} days before"

    def without_private(self) -> Period:
        """The counts as they may be shared: private feedback and notes left out."""
        from dataclasses import replace

        def less(counts: dict[str, int], private: dict[str, int]) -> dict[str, int]:
            return {kind: n - private.get(kind, 0) for kind, n in counts.items()}

        return replace(
            self,
            feedback=less(self.feedback, self.private_feedback),
            notes=less(self.notes, self.private_notes),
            private_feedback={},
            private_notes={},
        )


@dataclass
class Review:
    """A self-review as of `as_of` covering `since` to then: goal progress, mentor cadence, what was
    done, received, noted, held and reached in the period, what is open now, and suggestions;
    `previous` is the period of the same length just before, for comparison."""

    as_of: date
    since: date
    goals: list[GoalProgress] = field(default_factory=list)  # every goal not dropped (JSON)
    # What the period is about (the terminal, the packet and the page show these): the goals
    # not achieved, and those achieved in the period (or on a day not known); `achieved_before`
    # counts the others, achieved before the period (history, left out of those views).
    current_goals: list[GoalProgress] = field(default_factory=list)
    achieved_before: int = 0
    mentors: list[Cadence] = field(default_factory=list)
    done: list[Action] = field(default_factory=list)  # mine, done in the period
    open: list[Action] = field(default_factory=list)  # mine, open now
    overdue: list[Action] = field(default_factory=list)  # mine, open now and past due
    promises_done: list[Action] = field(default_factory=list)  # mentors', done in the period
    promises_open: list[Action] = field(default_factory=list)  # mentors', open now
    feedback: list[Feedback] = field(default_factory=list)  # received in the period
    notes: list[Note] = field(default_factory=list)  # noted in the period
    held: list[Meeting] = field(default_factory=list)  # held in the period
    cancelled: list[Meeting] = field(default_factory=list)
    # Planned meetings that are over and not logged (SPEC: Meetings), any day, oldest first:
    # they are to be logged or cancelled, and until then the period's counts miss them.
    unlogged: list[Meeting] = field(default_factory=list)
    reached: list[Goal] = field(default_factory=list)  # achieved in the period
    # Milestones done in the period: (goal, the milestone's number, the milestone).
    milestones: list[tuple[Goal, int, Milestone]] = field(default_factory=list)
    acted_on: list[ActedOn] = field(default_factory=list)  # feedback answered by a done action
    suggestions: list[Suggestion] = field(default_factory=list)
    mentor_names: dict[str, str] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    previous: Period | None = None  # the period of the same length just before

    def without_private(self) -> Review:
        """The review as it may be shared: private notes and feedback left out (counts too)."""
        from dataclasses import replace

        return replace(
            self,
            feedback=[f for f in self.feedback if not f.private],
            notes=[n for n in self.notes if not n.private],
            acted_on=[x for x in self.acted_on if not x.feedback.private],
            previous=self.previous.without_private() if self.previous else None,
        )

    @property
    def private_count(self) -> int:
        """How many private feedback and notes the period holds (what `without_private` leaves
        out)."""
        return sum(f.private for f in self.feedback) + sum(n.private for n in self.notes)

    @property
    def achieved_before_text(self) -> str:
        """`158 goals achieved before 2026-10-22 are not shown`: the views' one line about the
        goals they leave out (empty when they leave none out)."""
        if not self.achieved_before:
            return ""
        goals = plural(self.achieved_before, "goal")
        verb = "is" if self.achieved_before == 1 else "are"
        return f"{goals} achieved before {self.since} {verb} not shown"

    def feedback_by_kind(self) -> dict[str, int]:
        """The period's feedback counted by kind (praise, constructive, observation)."""
        return _feedback_counts(self.feedback)

    def notes_by_kind(self) -> dict[str, int]:
        """The period's notes counted by kind (wins, challenges, learnings, notes)."""
        return _note_counts(self.notes)

    def in_period(self, day: date | None) -> bool:
        """Whether `day` is in the review's period (`since` to `as_of`)."""
        return day is not None and self.since <= day <= self.as_of

    @property
    def unlogged_in_period(self) -> list[Meeting]:
        """The unlogged meetings dated in the period (those its counts leave out)."""
        return [m for m in self.unlogged if self.in_period(m.at.date())]

    def unlogged_sentence(self, meeting: Meeting) -> str:
        """`The meeting with Priya Shah on Wed 2026-12-02 17:00 is over and not logged`."""
        when = meeting.at.strftime("%a %Y-%m-%d %H:%M")
        return f"The meeting with {self.name_of(meeting.mentor)} on {when} is over and not logged"

    def name_of(self, mentor_id: str | None) -> str:
        """A mentor's name, or the id as given when the review does not know it (empty for None)."""
        return self.mentor_names.get(mentor_id or "", mentor_id or "")

    @property
    def period(self) -> Period:
        """This period's counts, in the shape of `previous`."""
        return Period(
            since=self.since,
            until=self.as_of,
            done=len(self.done),
            promises_done=len(self.promises_done),
            held=len(self.held),
            cancelled=len(self.cancelled),
            feedback=self.feedback_by_kind(),
            notes=self.notes_by_kind(),
            milestones=len(self.milestones),
            reached=len(self.reached),
            private_feedback=_feedback_counts(f for f in self.feedback if f.private),
            private_notes=_note_counts(n for n in self.notes if n.private),
        )


def _feedback_counts(items: Iterable[Feedback]) -> dict[str, int]:
    counts = Counter(str(f.kind) for f in items)
    return {kind.value: counts.get(kind.value, 0) for kind in FeedbackKind}


def _note_counts(items: Iterable[Note]) -> dict[str, int]:
    counts = Counter(str(n.kind) for n in items)
    return {k.value: counts.get(k.value, 0) for k in NoteKind if k != NoteKind.NOTE}


def build_review(
    book: RecordSet, today: date, since: date | None = None, now: datetime | None = None
) -> Review:
    """The review of `book` on `today` for the period from `since` (default 30 days ago).

    `now`: the clock that says whether a planned meeting is over (None: compare days).
    """
    start = period_start(today, since)

    def in_period(day: date | None) -> bool:
        return day is not None and start <= day <= today

    def done_in(owner: Owner) -> list[Action]:
        return sorted(
            (
                a
                for a in book.actions
                if a.status == ActionStatus.DONE and a.owner == owner and in_period(a.done)
            ),
            key=lambda a: a.done or today,
        )

    def open_of(owner: Owner) -> list[Action]:
        return [a for a in book.actions if a.status == ActionStatus.OPEN and a.owner == owner]

    goals = [g for g in book.goals if g.status != GoalStatus.DROPPED]
    progress = [goal_progress(g, book.actions, today) for g in goals]
    progress.sort(key=lambda p: (_status_rank(p.status), p.goal.target or date.max))
    current = [p for p in progress if not _achieved_before(p.goal, start)]
    mentors = [
        cadence_of(m, book.meetings, today, now)
        for m in sorted(book.mentors, key=lambda m: m.name.casefold())
        if m.status not in (MentorStatus.ENDED,)
    ]
    mine_open = open_of(Owner.ME)
    review = Review(
        as_of=today,
        since=start,
        goals=progress,
        current_goals=current,
        achieved_before=len(progress) - len(current),
        mentors=mentors,
        done=done_in(Owner.ME),
        open=mine_open,
        overdue=sorted(
            (a for a in mine_open if a.due is not None and a.due < today),
            key=lambda a: a.due or today,
        ),
        promises_done=done_in(Owner.MENTOR),
        promises_open=open_of(Owner.MENTOR),
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
        unlogged=unlogged(book.meetings, today, now),
        reached=sorted(
            (g for g in goals if g.status == GoalStatus.ACHIEVED and in_period(g.achieved)),
            key=lambda g: g.achieved or today,
        ),
        milestones=sorted(
            (
                (g, number, m)
                for g in goals
                for number, m in enumerate(g.milestones, start=1)
                if in_period(m.done)
            ),
            key=lambda x: (x[2].done or today, x[0].title, x[1]),
        ),
        acted_on=_acted_on(book, in_period),
        mentor_names={m.id: m.name for m in book.mentors},
        meetings={m.id: m for m in book.meetings},
        previous=previous_period(book, start, today),
    )
    review.suggestions = _suggestions(book, review, today, now)
    return review


def _achieved_before(goal: Goal, start: date) -> bool:
    """Whether `goal` was achieved before the period that begins on `start` (history: the
    review's views leave it out). A goal whose file says it is achieved but not when (written
    by hand or by another tool) was achieved by its last update at the latest; one with
    neither date is kept."""
    if goal.status != GoalStatus.ACHIEVED:
        return False
    day = goal.achieved or (goal.updated.date() if goal.updated is not None else None)
    return day is not None and day < start


def period_start(today: date, since: date | None = None) -> date:
    """The first day of the review's period: `since`, else 30 days ago."""
    return since if since is not None else shift(today, -DEFAULT_PERIOD)


def previous_bounds(since: date, until: date) -> tuple[date, date]:
    """The first and last day of the period of the same length that ends the day before
    `since` (the one the review compares with)."""
    end = shift(since, -1)
    return shift(end, -(until - since)), end


def previous_period(book: RecordSet, since: date, until: date) -> Period:
    """The counts of the period of the same length that ends the day before `since`."""
    begin, end = previous_bounds(since, until)

    def inside(day: date | None) -> bool:
        return day is not None and begin <= day <= end

    done = [a for a in book.actions if a.status == ActionStatus.DONE and inside(a.done)]
    feedback = [f for f in book.feedback if inside(f.date)]
    notes = [n for n in book.notes if inside(n.date) and n.kind != NoteKind.NOTE]
    return Period(
        since=begin,
        until=end,
        done=sum(a.owner == Owner.ME for a in done),
        promises_done=sum(a.owner == Owner.MENTOR for a in done),
        held=sum(m.status == MeetingStatus.HELD and inside(m.at.date()) for m in book.meetings),
        cancelled=sum(
            m.status == MeetingStatus.CANCELLED and inside(m.at.date()) for m in book.meetings
        ),
        feedback=_feedback_counts(feedback),
        notes=_note_counts(notes),
        milestones=sum(
            inside(m.done)
            for g in book.goals
            if g.status != GoalStatus.DROPPED
            for m in g.milestones
        ),
        reached=sum(g.status == GoalStatus.ACHIEVED and inside(g.achieved) for g in book.goals),
        private_feedback=_feedback_counts(f for f in feedback if f.private),
        private_notes=_note_counts(n for n in notes if n.private),
    )


def _acted_on(book: RecordSet, in_period: Callable[[date | None], bool]) -> list[ActedOn]:
    """Feedback answered by one of the mentee's own actions done in the period."""
    feedback = {f.id: f for f in book.feedback}
    found = [
        ActedOn(feedback[a.feedback], a)
        for a in book.actions
        if a.feedback in feedback
        and a.status == ActionStatus.DONE
        and a.owner == Owner.ME
        and in_period(a.done)
    ]
    return sorted(found, key=lambda x: x.action.done or date.min)


_RANK = {
    TimelineStatus.OVERDUE: 0,
    TimelineStatus.BEHIND: 1,
    TimelineStatus.NO_PLAN: 2,
    TimelineStatus.ON_TRACK: 3,
    TimelineStatus.AHEAD: 4,
    TimelineStatus.NO_DEADLINE: 5,
    TimelineStatus.PAUSED: 6,
    TimelineStatus.ACHIEVED: 7,
}


def _status_rank(status: TimelineStatus) -> int:
    return _RANK[status]


def _goal_suggestions(item: GoalProgress) -> list[Suggestion]:
    goal = item.goal
    retarget = f"mentee goal retarget {goal.id} --by DATE --reason TEXT"
    if item.status == TimelineStatus.PAUSED:
        # A paused goal is never at risk; only a passed target asks for a decision.
        if goal.target is not None and item.as_of > goal.target:
            return [
                Suggestion(
                    "replan",
                    f"'{goal.title}' is paused and its target {goal.target} has passed: "
                    "resume it with a new target, or drop it",
                    goal=goal.id,
                    hint=f"{retarget}; mentee goal edit {goal.id} --status active",
                )
            ]
        return []
    if item.status == TimelineStatus.ACHIEVED:
        return []
    if item.all_done:
        # Milestones are the plan of the whole goal; actions are only what was agreed so far,
        # so their all being done says less: mark it achieved if it is, or plan what is next.
        text = (
            f"Every milestone of '{goal.title}' is done ({item.done} of {item.total}): "
            "mark it achieved"
            if item.measured_by == "milestones"
            else f"Every action planned for '{goal.title}' is done ({item.done} of "
            f"{item.total}): mark it achieved if it is, or plan what comes next"
        )
        return [Suggestion("achieve", text, goal=goal.id, hint=f"mentee goal done {goal.id}")]
    if item.status == TimelineStatus.OVERDUE:
        rest = _left_undone(item)
        return [
            Suggestion(
                "replan",
                f"'{goal.title}' passed its target {goal.target}{rest}: retarget it with a "
                "reason, or mark it achieved if it is",
                goal=goal.id,
                hint=retarget,
            )
        ]
    if item.status == TimelineStatus.BEHIND:
        return [
            Suggestion(
                "replan",
                f"'{goal.title}' is behind: {behind_reason(item)}: do it, re-plan it or "
                "retarget the goal",
                goal=goal.id,
                hint=f"{_replan_hint(goal, item.late[0])}; {retarget}",
            )
        ]
    return []


def _replan_hint(goal: Goal, unit: Unit) -> str:
    """The command that gives a late unit a new date (issue 12: edits without $EDITOR)."""
    if unit.number is not None:
        return f"mentee goal milestone edit {goal.id} {unit.number} --due DATE"
    return f"mentee action edit {unit.action} --due DATE"


def _left_undone(item: GoalProgress) -> str:
    """` with 2 of 4 milestones not done`, ` with none of its 3 actions done`."""
    if not item.total or not item.measured_by:
        return ""
    noun = item.measured_by.removesuffix("s")
    left = item.total - item.done
    if left == item.total == 1:
        return f" with its one {noun} not done"
    if left == item.total:
        return f" with none of its {item.total} {item.measured_by} done"
    return f" with {left} of {item.total} {item.measured_by} not done"


def _suggestions(
    book: RecordSet, review: Review, today: date, now: datetime | None = None
) -> list[Suggestion]:
    found: list[Suggestion] = []
    for item in review.goals:
        found += _goal_suggestions(item)
    for goal in book.goals:
        if goal.status == GoalStatus.ACTIVE and not any(
            serves(m, goal) for m in book.mentors if m.status != MentorStatus.ENDED
        ):
            found.append(
                Suggestion(
                    "find_mentor",
                    f"'{goal.title}' has no mentor: find someone aligned with it",
                    goal=goal.id,
                    hint=f"mentee goal edit {goal.id} --mentor ID",
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
                    hint=f"mentee meeting add --mentor {mentor.id} --at DATETIME",
                )
            )
    by_id = {m.id: m for m in book.mentors}
    for meeting in upcoming(book.meetings, today, now):
        person = by_id.get(meeting.mentor)
        if person is not None and next_agenda(book, person, today, meeting=meeting).empty:
            day = meeting.at.strftime("%Y-%m-%d")
            found.append(
                Suggestion(
                    "cancel",
                    f"The meeting with {person.name} on {day} has nothing on its agenda: "
                    "cancel it politely",
                    mentor=person.id,
                    meeting=meeting.id,
                    hint=f"mentee meeting cancel {meeting.id}",
                )
            )
    found += _thanks(book, review.in_period)
    answered = {a.feedback for a in book.actions if a.feedback and a.status != ActionStatus.DROPPED}
    for received in sorted(book.feedback, key=lambda f: f.date):
        if (
            received.kind == FeedbackKind.CONSTRUCTIVE
            and received.id not in answered
            and _on_the_table(received, review)
        ):
            found.append(
                Suggestion(
                    "follow_up",
                    f"Constructive feedback from {review.name_of(received.source)} on "
                    f"{received.date} has no action answering it",
                    feedback=received.id,
                    hint=f"mentee action add TITLE --feedback {received.id}",
                )
            )
    return found


def _on_the_table(received: Feedback, review: Review) -> bool:
    """Whether feedback belongs to this review's follow-ups: received in the period, not
    discussed yet (it will be on the next agenda), or discussed at a meeting in the period.
    Feedback received before the period and discussed at a meeting before it is history."""
    if received.date >= review.since or received.discussed_in is None:
        return True
    meeting = review.meetings.get(received.discussed_in)
    return meeting is not None and meeting.at.date() >= review.since


def _thanks(book: RecordSet, in_period: Callable[[date | None], bool]) -> list[Suggestion]:
    """Mentors whose advice (a meeting with `advice`) led to a done action or an achieved
    goal in the period (`in_period`), not thanked since that happened: one each, for the
    latest result."""
    found: list[Suggestion] = []
    advised = {m.id: m for m in book.meetings if m.advice and m.status == MeetingStatus.HELD}
    # The period's results: the mentee's actions done and the goals achieved in it.
    done = [
        a
        for a in book.actions
        if a.status == ActionStatus.DONE
        and a.owner == Owner.ME
        and in_period(a.done)
        and (a.meeting or "") in advised
    ]
    reached = [g for g in book.goals if g.status == GoalStatus.ACHIEVED and in_period(g.achieved)]
    for mentor in book.mentors:
        last_thanks = max((t.date for t in mentor.thanks), default=None)
        results: list[tuple[date, str, str | None, str | None]] = []
        for action in done:
            meeting = advised[action.meeting or ""]
            if meeting.mentor == mentor.id and action.done is not None:
                results.append((action.done, f"'{action.title}'", None, meeting.id))
        mentored = [m for m in advised.values() if m.mentor == mentor.id]
        for goal in reached:
            if (
                goal.achieved is not None
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
                f"Thank {mentor.name}: their advice led to {what} ({when})",
                mentor=mentor.id,
                goal=goal_id,
                meeting=meeting_id,
                hint=f"mentee mentor thank {mentor.id} TEXT",
            )
        )
    return found
