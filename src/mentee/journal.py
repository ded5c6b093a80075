"""Use cases: add a goal, retarget it, complete an action, thank a mentor...

Each function takes the `Store` and the values already parsed by the command line, works
under the store's lock when it changes something, and returns typed records. No printing,
no prompting, no typer here. `today` comes from the caller (the clock is read at the edge).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from types import EllipsisType
from typing import Any, TypeVar

from mentee.errors import ConflictError, UsageError
from mentee.kinds import (
    ActionKind,
    ActionStatus,
    Channel,
    FeedbackKind,
    GoalStatus,
    Kind,
    MeetingStatus,
    MentorStatus,
    NoteKind,
    Owner,
    TopicStatus,
)
from mentee.meetings import NewAction
from mentee.models import (
    MAX_SEQUENCE,
    Action,
    Dated,
    Feedback,
    Goal,
    Meeting,
    Mentor,
    Milestone,
    Note,
    Record,
    Retarget,
    Topic,
    error_message,
    serves,
)

# The use cases that only read live in `mentee.reading` (no pydantic); their names stay
# importable from here.
from mentee.reading import ActionFilter as ActionFilter
from mentee.reading import Dashboard as Dashboard
from mentee.reading import SearchHit as SearchHit
from mentee.reading import by_id as by_id
from mentee.reading import dashboard as dashboard
from mentee.reading import goals_at_risk as goals_at_risk
from mentee.reading import is_overdue as is_overdue
from mentee.reading import load_agenda_book as load_agenda_book
from mentee.reading import load_book as load_book
from mentee.reading import require_text
from mentee.reading import search as search
from mentee.reading import select_actions as select_actions
from mentee.store import Store

R = TypeVar("R", bound=Record)


def resolve_all(store: Store, kind: Kind, prefixes: Iterable[str]) -> list[str]:
    """Full ids for prefixes, without duplicates, in the order given."""
    found: list[str] = []
    for prefix in prefixes:
        record_id = store.resolve(kind, prefix)
        if record_id not in found:
            found.append(record_id)
    return found


def resolve_optional(store: Store, kind: Kind, prefix: str | None) -> str | None:
    return None if prefix is None else store.resolve(kind, prefix)


def _get(store: Store, model: type[R], prefix: str) -> R:
    record = store.get(model.KIND, prefix)
    assert isinstance(record, model)  # the store builds the model of the kind it was asked
    return record


def update(store: Store, model: type[R], prefix: str, changes: dict[str, Any]) -> R:
    """Change fields of one record under the lock, validating the result."""
    with store.locked():
        record = _get(store, model, prefix)
        changed = revalidate(record, changes)
        saved = store.save(changed)
        assert isinstance(saved, model)
        return saved


def revalidate(record: R, changes: dict[str, Any]) -> R:
    """`record` with `changes` applied, validated as a whole (unknown keys kept)."""
    from pydantic import ValidationError

    data = record.model_dump(by_alias=True)
    data.update(changes)
    try:
        return type(record).model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise UsageError(f"invalid {where}: {error_message(error)}") from None


# -- goals --------------------------------------------------------------------------------


def add_goal(
    store: Store,
    *,
    title: str,
    today: date,
    target: date | None = None,
    start: date | None = None,
    why: str | None = None,
    baseline: str | None = None,
    success: str | None = None,
    mentors: Sequence[str] = (),
    tags: Sequence[str] = (),
) -> Goal:
    require_text(title, "a goal's title")
    begin = start or today
    if target is not None and target < begin:
        raise UsageError(f"the target {target} is before the start {begin}")
    with store.locked():
        goal = Goal(
            id=store.new_id(Kind.GOAL),
            title=title,
            why=why,
            baseline=baseline,
            success=success,
            start=begin,
            target=target,
            mentors=resolve_all(store, Kind.MENTOR, mentors),
            tags=_unique(tags),
        )
        return _create(store, goal)


def set_goal_status(
    store: Store, prefix: str, status: GoalStatus, today: date, *, force: bool = False
) -> Goal:
    """Mark a goal achieved or dropped. Dropping an achieved goal would clear the day it was
    achieved: that takes `force`."""
    with store.locked():
        goal = _get(store, Goal, prefix)
        if goal.status == status:
            # Again would overwrite the day it was achieved, which reviews report.
            raise ConflictError(f"goal {goal.id} is {status} already")
        if goal.status == GoalStatus.ACHIEVED and status == GoalStatus.DROPPED and not force:
            on = f" on {goal.achieved}" if goal.achieved else ""
            raise ConflictError(
                f"goal {goal.id} was achieved{on}; dropping it clears that: add --force to "
                "drop it anyway"
            )
        changes: dict[str, Any] = {"status": status}
        changes["achieved"] = today if status == GoalStatus.ACHIEVED else None
        return update(store, Goal, goal.id, changes)


def retarget_goal(store: Store, prefix: str, *, to: date, reason: str, today: date) -> Goal:
    """Move a goal's target date, keeping the change and its reason in `timeline`."""
    require_text(reason, "the reason")
    with store.locked():
        goal = _get(store, Goal, prefix)
        if goal.start is not None and to < goal.start:
            raise UsageError(f"the new target {to} is before the goal's start {goal.start}")
        if goal.target == to:
            raise UsageError(f"the target is {to} already")
        entry = Retarget(date=today, from_=goal.target, to=to, reason=reason)
        changed = revalidate(goal, {"target": to, "timeline": [*goal.timeline, entry]})
        return _save(store, changed)


def add_milestone(store: Store, prefix: str, *, title: str, due: date | None) -> Goal:
    require_text(title, "a milestone's title")
    with store.locked():
        goal = _get(store, Goal, prefix)
        milestone = Milestone(title=title, due=due)
        return _save(store, revalidate(goal, {"milestones": [*goal.milestones, milestone]}))


def open_milestones(goal: Goal) -> int:
    """How many of a goal's milestones are not done."""
    return sum(m.done is None for m in goal.milestones)


def _check_milestone(goal: Goal, number: int) -> None:
    """A usage error unless `number` is one of the goal's milestones (from 1)."""
    if not 1 <= number <= len(goal.milestones):
        count = len(goal.milestones)
        known = (
            "it has only milestone 1"
            if count == 1
            else f"it has milestones 1 to {count}"
            if count
            else "it has none yet"
        )
        raise UsageError(
            f"goal {goal.id} has no milestone {number}: {known} (goal show lists them)"
        )


def complete_milestone(store: Store, prefix: str, number: int, today: date) -> Goal:
    """Mark milestone `number` (from 1, as `goal show` lists them) done today."""
    with store.locked():
        goal = _get(store, Goal, prefix)
        _check_milestone(goal, number)
        milestones = [m.model_copy() for m in goal.milestones]
        if milestones[number - 1].done is not None:
            raise ConflictError(
                f"milestone {number} of goal {goal.id} was done on {milestones[number - 1].done}"
            )
        milestones[number - 1].done = today
        return _save(store, revalidate(goal, {"milestones": milestones}))


def edit_milestone(
    store: Store,
    prefix: str,
    number: int,
    *,
    title: str | None = None,
    due: date | EllipsisType | None = ...,
) -> Goal:
    """Change milestone `number`'s title and/or due date (`due=None` clears it; `...` keeps
    it)."""
    with store.locked():
        goal = _get(store, Goal, prefix)
        _check_milestone(goal, number)
        milestones = [m.model_copy() for m in goal.milestones]
        chosen = milestones[number - 1]
        if title is not None:
            chosen.title = require_text(title, "a milestone's title")
        if due is not ...:
            chosen.due = due
        return _save(store, revalidate(goal, {"milestones": milestones}))


def remove_milestone(store: Store, prefix: str, number: int) -> tuple[Goal, Milestone]:
    """Remove milestone `number`; the goal and the milestone removed (later ones move up)."""
    with store.locked():
        goal = _get(store, Goal, prefix)
        _check_milestone(goal, number)
        milestones = list(goal.milestones)
        removed = milestones.pop(number - 1)
        return _save(store, revalidate(goal, {"milestones": milestones})), removed


# -- mentors ------------------------------------------------------------------------------


def add_mentor(
    store: Store,
    *,
    name: str,
    email: str | None = None,
    phone: str | None = None,
    org: str | None = None,
    role: str | None = None,
    channel: Channel | None = None,
    cadence_days: int | None = None,
    timezone: str | None = None,
    expertise: Sequence[str] = (),
    goals: Sequence[str] = (),
    status: MentorStatus = MentorStatus.ACTIVE,
    why: str | None = None,
    met: str | None = None,
    availability: str | None = None,
    response_time: str | None = None,
    links: Sequence[str] = (),
    since: date | None = None,
) -> Mentor:
    require_text(name, "a mentor's name")
    from mentee.links import link

    with store.locked():
        # The links are the goals': each must be writable before the mentor is created.
        served = [_get(store, Goal, g) for g in resolve_all(store, Kind.GOAL, goals)]
        for goal in served:
            store.ensure_writable(goal)
        mentor = Mentor(
            id=store.mentor_handle(name),
            name=name,
            email=email,
            phone=phone,
            org=org,
            role=role,
            channel=channel,
            cadence_days=cadence_days,
            timezone=timezone,
            expertise=_unique(expertise),
            status=status,
            why=why,
            met=met,
            availability=availability,
            response_time=response_time,
            links=_unique(links),
            since=since,
        )
        created = _create(store, mentor)
        for goal in served:
            link(store, goal, [created.id])
        return created


def linked_mentors(
    store: Store, goal: Goal, *, add: Sequence[str] = (), remove: Sequence[str] = ()
) -> list[str]:
    """`goal`'s `mentors` with mentors added and removed, for the caller to save (under
    its lock).

    A removed mentor is named as anywhere else (id, exact name, unique prefix: see
    `Store.resolve`) and must serve the goal; a link to a mentor whose file is gone is
    matched by its id's prefix. A mentor file that still lists the goal (a link an older
    mentee kept there) is rewritten without it, so the link is gone from both sides.
    """
    from mentee.links import forget_legacy_link

    mentors = list(goal.mentors)
    for mentor_id in resolve_all(store, Kind.MENTOR, add):
        if mentor_id not in mentors:
            mentors.append(mentor_id)
    if remove:
        files = {m.id: m for m in store.records(Kind.MENTOR, Mentor)}
        # A goal may list a mentor whose file is missing or damaged: it can still be removed.
        serving = {m: m for m in mentors} | {i: i for i, m in files.items() if serves(m, goal)}
        dropped = [_serving_mentor(store, given, serving, f"goal {goal.id}") for given in remove]
        for mentor_id in dropped:
            if mentor_id in files:
                forget_legacy_link(store, files[mentor_id], goal.id)
        mentors = [m for m in mentors if m not in dropped]
    return mentors


def _serving_mentor(store: Store, given: str, serving: dict[str, Any], owner: str) -> str:
    """The mentor serving `owner` that `given` names (see `linked_mentors`)."""
    from mentee.errors import NotFoundError

    try:
        found = store.resolve(Kind.MENTOR, given)
    except NotFoundError:
        return _only_match(given, serving, "mentor", owner)
    if found not in serving:
        raise NotFoundError(f"mentor {found} does not serve {owner}")
    return found


def _only_match(prefix: str, candidates: dict[str, Any], what: str, owner: str) -> str:
    from mentee.errors import NotFoundError

    value = prefix.strip().lower()
    if value in candidates:
        return value
    found = [c for c in candidates if c.startswith(value)]
    if len(found) != 1:
        listed = ", ".join(sorted(candidates)) or "none"
        raise NotFoundError(f"{owner} has no single {what} matching {prefix!r} (linked: {listed})")
    return found[0]


def link_mentor_goals(
    store: Store, prefix: str, *, add: Sequence[str] = (), remove: Sequence[str] = ()
) -> Mentor:
    """Add and remove the goals a mentor serves: the links are stored on the goals."""
    from mentee.links import link, unlink

    with store.locked():
        mentor = _get(store, Mentor, prefix)
        goals = [_get(store, Goal, g) for g in resolve_all(store, Kind.GOAL, add)]
        serving = {g.id: g for g in store.records(Kind.GOAL, Goal) if serves(mentor, g)}
        dropped = [serving[_only_match(p, serving, "goal", f"mentor {mentor.id}")] for p in remove]
        for goal in (*goals, *dropped):
            store.ensure_writable(goal)
        for goal in goals:
            link(store, goal, [mentor.id])
        for goal in dropped:
            unlink(store, goal, [mentor])
        return _get(store, Mentor, mentor.id)


def handle_suffixed(mentor: Mentor) -> bool:
    """Whether a new mentor got a suffixed handle because the plain one was taken."""
    from mentee.ids import slugify

    return mentor.id != (slugify(mentor.name) or "mentor")


def thank_mentor(store: Store, prefix: str, *, text: str, today: date) -> Mentor:
    """Record a thanks to a mentor (the message to send is `messages.thanks`)."""
    require_text(text, "the thanks")
    with store.locked():
        mentor = _get(store, Mentor, prefix)
        entry = Dated(date=today, text=text)
        return _save(store, revalidate(mentor, {"thanks": [*mentor.thanks, entry]}))


# -- feedback, notes, topics --------------------------------------------------------------


def add_feedback(
    store: Store,
    *,
    text: str,
    source: str,
    today: date,
    kind: FeedbackKind = FeedbackKind.OBSERVATION,
    goals: Sequence[str] = (),
    when: date | None = None,
    private: bool = False,
) -> Feedback:
    require_text(text, "the feedback")
    require_text(source, "--from")
    with store.locked():
        source_id = _mentor_or_text(store, source)
        feedback = Feedback(
            id=store.new_id(Kind.FEEDBACK),
            date=when or today,
            source=source_id,
            kind=kind,
            text=text,
            goals=resolve_all(store, Kind.GOAL, goals),
            private=private,
        )
        return _create(store, feedback)


def _mentor_or_text(store: Store, source: str) -> str:
    """A feedback source: a mentor's id when it is exactly a mentor's id or name (any case),
    else the text as given."""
    return store.mentor_named(source) or source.strip()


def add_note(
    store: Store,
    *,
    text: str,
    today: date,
    kind: NoteKind = NoteKind.NOTE,
    goal: str | None = None,
    when: date | None = None,
    private: bool = False,
) -> Note:
    require_text(text, "the note")
    with store.locked():
        note = Note(
            id=store.new_id(Kind.NOTE),
            date=when or today,
            kind=kind,
            text=text,
            goal=resolve_optional(store, Kind.GOAL, goal),
            private=private,
        )
        return _create(store, note)


def add_topic(
    store: Store,
    *,
    text: str,
    mentor: str | None = None,
    goal: str | None = None,
    private: bool = False,
) -> Topic:
    require_text(text, "the topic")
    with store.locked():
        topic = Topic(
            id=store.new_id(Kind.TOPIC),
            text=text,
            mentor=resolve_optional(store, Kind.MENTOR, mentor),
            goal=resolve_optional(store, Kind.GOAL, goal),
            private=private,
        )
        return _create(store, topic)


def drop_topic(store: Store, prefix: str) -> Topic:
    with store.locked():
        topic = _get(store, Topic, prefix)
        if topic.status != TopicStatus.OPEN:
            raise ConflictError(f"topic {topic.id} is {topic.status} already")
        return _save(store, revalidate(topic, {"status": TopicStatus.DROPPED}))


# -- actions ------------------------------------------------------------------------------


def add_action(
    store: Store,
    *,
    title: str,
    due: date | None = None,
    goal: str | None = None,
    mentor: str | None = None,
    meeting: str | None = None,
    feedback: str | None = None,
    kind: ActionKind = ActionKind.TASK,
    owner: Owner = Owner.ME,
) -> Action:
    require_text(title, "an action's title")
    with store.locked():
        meeting_id = resolve_optional(store, Kind.MEETING, meeting)
        mentor_id = resolve_optional(store, Kind.MENTOR, mentor)
        agreed_in = _get(store, Meeting, meeting_id) if meeting_id is not None else None
        if agreed_in is not None:
            store.ensure_writable(agreed_in)
            # An action agreed in a meeting is agreed with that meeting's mentor.
            mentor_id = mentor_id or agreed_in.mentor
        if owner == Owner.MENTOR and mentor_id is None:
            raise UsageError("an action owned by a mentor needs --mentor (or --meeting)")
        action = Action(
            id=store.new_id(Kind.ACTION),
            title=title,
            due=due,
            goal=resolve_optional(store, Kind.GOAL, goal),
            mentor=mentor_id,
            meeting=meeting_id,
            feedback=resolve_optional(store, Kind.FEEDBACK, feedback),
            kind=kind,
            owner=owner,
        )
        created = _create(store, action)
        if agreed_in is not None:
            # The meeting lists the actions agreed in it.
            _save(store, revalidate(agreed_in, {"actions": [*agreed_in.actions, created.id]}))
        return created


# What `action edit` may change; a reference is given as the user typed it (resolved here),
# and None clears a field.
ACTION_EDITS = ("title", "due", "goal", "mentor", "meeting", "feedback", "kind", "owner")


def edit_action(store: Store, prefix: str, changes: dict[str, Any]) -> Action:
    """Change an action's fields (the same ones `action add` takes). Moving it to another
    meeting moves it from the old meeting's `actions` to the new one's; a meeting given
    without a mentor brings that meeting's mentor, as `add` does."""
    unknown = set(changes) - set(ACTION_EDITS)
    if unknown:
        raise UsageError(f"an action has no editable field {sorted(unknown)[0]!r}")
    if "title" in changes:
        require_text(changes["title"], "an action's title")
    with store.locked():
        action = _get(store, Action, prefix)
        values = dict(changes)
        for name, kind in (
            ("goal", Kind.GOAL),
            ("mentor", Kind.MENTOR),
            ("meeting", Kind.MEETING),
            ("feedback", Kind.FEEDBACK),
        ):
            if values.get(name) is not None:
                values[name] = store.resolve(kind, values[name])
        old_meeting = action.meeting
        new_meeting = values.get("meeting", old_meeting)
        moved = new_meeting != old_meeting
        leaving = _get(store, Meeting, old_meeting) if moved and old_meeting else None
        joining = _get(store, Meeting, new_meeting) if moved and new_meeting else None
        if joining is not None and "mentor" not in values and action.mentor is None:
            values["mentor"] = joining.mentor  # agreed in a meeting: with its mentor
        owner = values.get("owner", action.owner)
        if owner == Owner.MENTOR and values.get("mentor", action.mentor) is None:
            raise UsageError("an action owned by a mentor needs a mentor (--mentor or --meeting)")
        edited = revalidate(action, values)
        for meeting in (leaving, joining):
            if meeting is not None:
                store.ensure_writable(meeting)
        saved = _save(store, edited)
        if leaving is not None:
            kept = [i for i in leaving.actions if i != action.id]
            _save(store, revalidate(leaving, {"actions": kept}))
        if joining is not None and action.id not in joining.actions:
            _save(store, revalidate(joining, {"actions": [*joining.actions, action.id]}))
        return saved


def finish_action(
    store: Store, prefix: str, *, status: ActionStatus, today: date, note: str | None = None
) -> Action:
    """Mark an open action done or dropped, with an optional closing note."""
    with store.locked():
        action = _get(store, Action, prefix)
        if action.status != ActionStatus.OPEN:
            raise ConflictError(f"action {action.id} is {action.status} already")
        changes: dict[str, Any] = {"status": status}
        if status == ActionStatus.DONE:
            changes["done"] = today
        if note is not None:
            require_text(note, "the note")
            changes["notes"] = [*action.notes, Dated(date=today, text=note)]
        return _save(store, revalidate(action, changes))


def note_action(store: Store, prefix: str, *, text: str, today: date) -> Action:
    require_text(text, "the note")
    with store.locked():
        action = _get(store, Action, prefix)
        notes = [*action.notes, Dated(date=today, text=text)]
        return _save(store, revalidate(action, {"notes": notes}))


# -- meetings -----------------------------------------------------------------------------


def add_meeting(
    store: Store,
    *,
    mentor: str,
    at: datetime,
    duration: int | None = None,
    where: str | None = None,
    today: date | None = None,
) -> Meeting:
    """Plan a meeting with a mentor; a day before `today` is a usage error (SPEC: a meeting
    held without being planned is logged with `meeting log --mentor ID --at ...`)."""
    with store.locked():
        mentor_id = store.resolve(Kind.MENTOR, mentor)
        if today is not None and at.date() < today:
            raise UsageError(
                f"--at: {at:%Y-%m-%d} is before today ({today}); to record a meeting that was "
                f"held, use: mentee meeting log --mentor {mentor_id} --at '{at:%Y-%m-%d %H:%M}'"
            )
        meeting = Meeting(
            id=store.new_id(Kind.MEETING),
            mentor=mentor_id,
            at=at,
            duration=duration,
            where=where,
        )
        return _create(store, meeting)


@dataclass(frozen=True)
class MovedMeeting:
    """A meeting moved to another time: as it is now, and when it was before."""

    meeting: Meeting
    before: datetime
    # It was over and not logged (a missed meeting planned again).
    missed: bool


def move_meeting(
    store: Store, prefix: str, *, at: datetime, today: date, now: datetime | None = None
) -> MovedMeeting:
    """Plan a planned meeting at another time (SPEC: `meeting move`).

    It keeps its id (so its calendar UID), its agenda and everything else; its `sequence`
    goes up by one, so a calendar that has the invitation updates the event. `at` is the
    new time as parsed (the UTC offset of the mentee's zone on the new day). A held or
    cancelled meeting cannot be moved (ConflictError); a day before `today` is a usage
    error, as for `meeting add`. A meeting that is over and was never logged may be moved
    (a missed meeting, planned again).
    """
    from mentee.meetings import is_unlogged

    with store.locked():
        meeting = _get(store, Meeting, prefix)
        if meeting.status != MeetingStatus.PLANNED:
            raise ConflictError(
                f"meeting {meeting.id} is {meeting.status}: only a planned meeting can be "
                f"moved; plan a new one: mentee meeting add --mentor {meeting.mentor} --at ..."
            )
        if at.date() < today:
            raise UsageError(
                f"--at: {at:%Y-%m-%d} is before today ({today}); a meeting is moved to today "
                "or later"
            )
        if at == meeting.at:
            raise UsageError(
                f"--at: meeting {meeting.id} is planned for {at:%Y-%m-%d %H:%M} already; "
                "nothing changed"
            )
        missed = is_unlogged(meeting, today, now)
        sequence = min(meeting.sequence + 1, MAX_SEQUENCE)
        moved = _save(store, revalidate(meeting, {"at": at, "sequence": sequence}))
        return MovedMeeting(meeting=moved, before=meeting.at, missed=missed)


# -- editing a whole record (the editor flow) ---------------------------------------------


def edited_meeting(original: Meeting, edited: Meeting, zone: tzinfo | None) -> Meeting:
    """A meeting as saved from the editor: a changed `at` that kept the old UTC offset gets
    the offset of the mentee's zone (`zone`; None: the system's) on its new day (see
    `dates.zone_offset_kept`: an edit across a change of daylight saving time keeps the hour
    typed), and a planned meeting whose time changed is moved like `meeting move` moves it
    (`sequence` up by one), unless the edit set `sequence` itself."""
    from mentee.dates import zone_offset_kept

    at = zone_offset_kept(original.at, edited.at, zone)
    changes: dict[str, Any] = {}
    if at.utcoffset() != edited.at.utcoffset():
        changes["at"] = at
    if (
        at != original.at
        and original.status == MeetingStatus.PLANNED
        and edited.status == MeetingStatus.PLANNED
        and edited.sequence == original.sequence
    ):
        changes["sequence"] = min(original.sequence + 1, MAX_SEQUENCE)
    return revalidate(edited, changes) if changes else edited


def replace_record(
    store: Store,
    original: R,
    data: dict[str, Any],
    layout: str | None = None,
    zone: tzinfo | None = None,
) -> R:
    """Save an edited copy of `original` (from the editor), if nobody changed it meanwhile.

    `data` is the edited document; read-only fields (`id`, `created`, `updated`,
    `schema_version`) keep their values. `layout` is the edited text: the file takes its
    comments and order. Raises ConflictError when the file changed since `original` was
    read, so the edit is never applied over somebody else's change. A meeting's time is
    read as `edited_meeting` says (`zone`: the mentee's time zone, None: the system's).
    """
    from pydantic import ValidationError

    model = type(original)
    if data.get("id", original.id) != original.id:
        raise UsageError("the id cannot be changed")
    merged = dict(data)
    merged.update(
        id=original.id,
        created=original.created,
        updated=original.updated,
        schema_version=original.schema_version,
    )
    try:
        edited = model.model_validate(merged)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "record"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise UsageError(f"{where}: {error_message(error)}{more}") from None
    if isinstance(original, Meeting) and isinstance(edited, Meeting):
        moved = edited_meeting(original, edited, zone)
        assert isinstance(moved, model)
        edited = moved
    with store.locked():
        current = store.read(model.KIND, original.id)
        if current.model_dump() != original.model_dump():
            raise ConflictError(
                f"{model.KIND.value} {original.id} was changed by another program while you "
                "were editing it"
            )
        saved = store.save(edited, layout)
        assert isinstance(saved, model)
        return saved


def _create(store: Store, record: R) -> R:
    created = store.create(record)
    assert isinstance(created, type(record))
    return created


def _save(store: Store, record: R) -> R:
    saved = store.save(record)
    assert isinstance(saved, type(record))
    return saved


def _unique(values: Iterable[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        stripped = value.strip()
        if stripped and stripped not in seen:
            seen.append(stripped)
    return seen


# -- the agenda and logging meetings ------------------------------------------------------


def default_goal(store: Store, mentor_id: str) -> str | None:
    """The goal of actions agreed with a mentor: the one active goal they serve, else None."""
    mentor = _get(store, Mentor, mentor_id)
    active = [
        g.id
        for g in store.records(Kind.GOAL, Goal)
        if g.status == GoalStatus.ACTIVE and serves(mentor, g)
    ]
    return active[0] if len(active) == 1 else None


@dataclass
class LoggedMeeting:
    meeting: Meeting
    created: list[Action] = field(default_factory=list)
    marked: int = 0  # topics, notes and feedback marked discussed


DECISIONS = ("discussed", "kept", "dropped", "done")


def log_meeting(
    store: Store,
    *,
    today: date,
    meeting: str | None = None,
    mentor: str | None = None,
    at: datetime | None = None,
    duration: int | None = None,
    where: str | None = None,
    notes: str | None = None,
    advice: Sequence[str] = (),
    actions: Sequence[NewAction] = (),
    decisions: dict[str, str] | None = None,
) -> LoggedMeeting:
    """Mark a meeting held: store its agenda as it stands now, mark what was discussed.

    Topics discussed are closed, notes and feedback get `discussed_in`, so they do not come
    back; open actions keep coming back until done or dropped. `decisions` maps item ids to
    `discussed` (the default), `kept` (back on the next agenda), `dropped` or `done`
    (actions). With `mentor` and `at` instead of `meeting`, logs a meeting never planned.
    """
    from mentee.agenda import next_agenda, stored_items

    chosen = dict(decisions or {})
    for item_id, decision in chosen.items():
        if decision not in DECISIONS:
            raise UsageError(f"unknown decision {decision!r} for {item_id}")
    if at is not None and at.date() > today:
        raise UsageError(
            f"--at: {at:%Y-%m-%d} is after today ({today}): a meeting is logged once it is held"
        )
    with store.locked():
        if meeting is not None:
            record = _get(store, Meeting, meeting)
            if record.status != MeetingStatus.PLANNED:
                raise ConflictError(f"meeting {record.id} is {record.status} already")
            if at is None and record.at.date() > today:
                raise UsageError(
                    f"meeting {record.id} is planned for {record.at:%Y-%m-%d}, after today "
                    f"({today}); if it was held already, say when: "
                    f"mentee meeting log {record.id} --at 'YYYY-MM-DD HH:MM'"
                )
            new = False
        else:
            if mentor is None or at is None:
                raise UsageError(
                    "give a meeting id, or --mentor and --at for a meeting never planned"
                )
            record = Meeting(
                id=store.new_id(Kind.MEETING),
                mentor=store.resolve(Kind.MENTOR, mentor),
                at=at,
                duration=duration,
                where=where,
            )
            new = True
        mentor_record = _get(store, Mentor, record.mentor)
        # Every new action's goal is resolved before anything is written.
        fallback = default_goal(store, record.mentor)
        goals = [
            store.resolve(Kind.GOAL, a.goal) if a.goal is not None else fallback for a in actions
        ]
        agenda = next_agenda(load_book(store), mentor_record, today, before=record)
        items = stored_items(agenda)
        known = {item["id"] for item in items}
        unknown = sorted(set(chosen) - known)
        if unknown:
            raise UsageError(f"not on this meeting's agenda: {', '.join(unknown)}")
        for item in items:  # refused before anything is written, not half-way through
            if chosen.get(item["id"]) == "done" and item["kind"] != "action":
                raise UsageError(f"only actions can be done; {item['kind']} {item['id']} cannot")
        # Every record this log changes must be writable before the first is written, so a
        # record from a newer mentee stops the whole log instead of half of it.
        if not new:
            store.ensure_writable(record)
        for item in items:
            decision = chosen.get(item["id"], "discussed")
            if item["kind"] in ("topic", "note", "feedback") and decision != "kept":
                store.ensure_writable(store.read(Kind(item["kind"]), item["id"]))
            elif (
                item["kind"] == "action"
                and decision in ("done", "dropped")
                and (item["section"] in ("open", "promise"))
            ):
                store.ensure_writable(store.read(Kind.ACTION, item["id"]))
        for item in items:
            if item["kind"] != "goal":
                item["decision"] = chosen.get(item["id"], "discussed")
        titles = [require_text(a.title, "an action's title") for a in actions]
        changes: dict[str, Any] = {
            "status": MeetingStatus.HELD,
            "agenda": items,
            "notes": notes if notes else record.notes,
            "advice": [*record.advice, *(a for a in advice if a.strip())],
        }
        if duration is not None:
            changes["duration"] = duration
        if where is not None:
            changes["where"] = where
        if at is not None:
            changes["at"] = at  # when it was held, for a planned meeting logged with --at
        # What is referred to is written before what refers to it, so a log killed half
        # way never leaves a record pointing to one that was never written: the meeting
        # first (without the new actions), then what it marks discussed and the actions
        # agreed (both name the meeting), then the meeting again with the actions' ids.
        # A log that fails half way (a full disk) is put back whole by the lock.
        held = revalidate(record, changes)
        saved = _create(store, held) if new else _save(store, held)
        marked = sum(
            _apply_decision(store, item, item["decision"], record.id, today)
            for item in items
            if item["kind"] != "goal"
        )
        created = [
            _create(
                store,
                Action(
                    id=store.new_id(Kind.ACTION),
                    title=title,
                    due=new_action.due,
                    owner=new_action.owner,
                    mentor=record.mentor,
                    meeting=record.id,
                    goal=goal_id,
                ),
            )
            for title, new_action, goal_id in zip(titles, actions, goals, strict=True)
        ]
        if created:
            saved = _save(
                store, revalidate(saved, {"actions": [*saved.actions, *(a.id for a in created)]})
            )
        return LoggedMeeting(meeting=saved, created=created, marked=marked)


def _apply_decision(
    store: Store, item: dict[str, Any], decision: str, meeting_id: str, today: date
) -> int:
    """Record what the meeting decided about one agenda item; 1 if it was marked discussed."""
    kind = item["kind"]
    if decision == "kept":
        return 0
    if kind == "action":
        if decision == "done" and item["section"] in ("open", "promise"):
            finish_action(store, item["id"], status=ActionStatus.DONE, today=today)
        elif decision == "dropped" and item["section"] in ("open", "promise"):
            finish_action(store, item["id"], status=ActionStatus.DROPPED, today=today)
        return 0
    if decision == "done":
        raise UsageError(f"only actions can be done; {kind} {item['id']} cannot")
    if kind == "topic":
        status = TopicStatus.DROPPED if decision == "dropped" else TopicStatus.DISCUSSED
        update(store, Topic, item["id"], {"status": status, "discussed_in": meeting_id})
        return 1
    model: type[Note] | type[Feedback] = Note if kind == "note" else Feedback
    update(store, model, item["id"], {"discussed_in": meeting_id})
    return 1


def cancel_meeting(store: Store, prefix: str, reason: str | None) -> Meeting:
    with store.locked():
        meeting = _get(store, Meeting, prefix)
        if meeting.status != MeetingStatus.PLANNED:
            raise ConflictError(f"meeting {meeting.id} is {meeting.status} already")
        changes: dict[str, Any] = {"status": MeetingStatus.CANCELLED}
        if reason:
            changes["cancel_reason"] = reason
        return _save(store, revalidate(meeting, changes))
