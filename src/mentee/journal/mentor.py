"""Mentors: add one, link them to the goals they serve, thank them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from mentee.errors import UsageError, require_text
from mentee.journal.records import (
    ListEdit,
    create,
    get_record,
    resolve_all,
    revalidate,
    save,
    unique,
    update,
)
from mentee.kinds import Channel, GoalStatus, Kind, MentorStatus
from mentee.models import Dated, Goal, Meeting, Mentor, serves
from mentee.store import Store


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
    """Create a mentor (their id a handle made from the name) and return it; the goals given list
    the mentor too. Every goal is checked writable before anything is written; an empty name is a
    usage error."""
    require_text(name, "a mentor's name")
    from mentee.links import link

    with store.locked():
        # The links are the goals': each must be writable before the mentor is created.
        served = [get_record(store, Goal, g) for g in resolve_all(store, Kind.GOAL, goals)]
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
            expertise=unique(expertise),
            status=status,
            why=why,
            met=met,
            availability=availability,
            response_time=response_time,
            links=unique(links),
            since=since,
        )
        created = create(store, mentor)
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
        mentor = get_record(store, Mentor, prefix)
        goals = [get_record(store, Goal, g) for g in resolve_all(store, Kind.GOAL, add)]
        serving = {g.id: g for g in store.records(Kind.GOAL, Goal) if serves(mentor, g)}
        dropped = [serving[_only_match(p, serving, "goal", f"mentor {mentor.id}")] for p in remove]
        for goal in (*goals, *dropped):
            store.ensure_writable(goal)
        for goal in goals:
            link(store, goal, [mentor.id])
        for goal in dropped:
            unlink(store, goal, [mentor])
        return get_record(store, Mentor, mentor.id)


@dataclass(frozen=True)
class MentorEdit:
    """What `mentor edit` changes: fields given a new value (None clears an optional one),
    the goals the mentor serves (stored on the goals), areas of expertise and links."""

    fields: dict[str, Any] = field(default_factory=dict)
    goals: ListEdit = field(default_factory=ListEdit)
    expertise: ListEdit = field(default_factory=ListEdit)
    links: ListEdit = field(default_factory=ListEdit)

    @property
    def empty(self) -> bool:
        """Whether the edit changes nothing."""
        return not (self.fields or self.goals or self.expertise or self.links)


def edit_mentor(store: Store, prefix: str, edit: MentorEdit) -> Mentor:
    """Change a mentor's fields, the goals they serve, their expertise and links. Every
    value is checked before the first file is written; removing an item not listed is a
    usage error."""
    with store.locked():
        mentor = get_record(store, Mentor, prefix)
        changes = dict(edit.fields)
        expertise = _edited(mentor.expertise, edit.expertise, "--no-expertise")
        if expertise != mentor.expertise:
            changes["expertise"] = expertise
        links = _edited(mentor.links, edit.links, "--no-link")
        if links != mentor.links:
            changes["links"] = links
        if changes:
            revalidate(mentor, changes)  # a bad value refused before any link is written
        saved = mentor
        if edit.goals:
            saved = link_mentor_goals(
                store, mentor.id, add=edit.goals.add, remove=edit.goals.remove
            )
        if changes:
            saved = update(store, Mentor, mentor.id, changes)
        return saved


def _edited(current: list[str], edit: ListEdit, option: str) -> list[str]:
    """A list field after values added (stripped, once) and removed (each must be there:
    else a usage error naming `option`)."""
    values = list(current)
    values += [v.strip() for v in edit.add if v.strip() and v.strip() not in values]
    for value in edit.remove:
        if value.strip() not in values:
            known = ", ".join(values) or "none"
            raise UsageError(f"{option}: {value!r} is not listed (it has: {known})")
        values.remove(value.strip())
    return values


def handle_suffixed(mentor: Mentor) -> bool:
    """Whether a new mentor got a suffixed handle because the plain one was taken."""
    from mentee.ids import slugify

    return mentor.id != (slugify(mentor.name) or "mentor")


def thank_mentor(store: Store, prefix: str, *, text: str, today: date) -> Mentor:
    """Record a thanks to a mentor (the message to send is `messages.thanks`)."""
    require_text(text, "the thanks")
    with store.locked():
        mentor = get_record(store, Mentor, prefix)
        entry = Dated(date=today, text=text)
        return save(store, revalidate(mentor, {"thanks": [*mentor.thanks, entry]}))


@dataclass(frozen=True)
class FirstCall:
    """What a first-call request to a mentor speaks of (see `messages.ask`)."""

    mentor: Mentor
    goals: list[Goal]  # the active goals they serve, soonest target first
    proposed: Meeting | None  # a first call already planned with them: the time proposed


def first_call(store: Store, prefix: str, today: date, now: datetime | None = None) -> FirstCall:
    """The mentor `prefix` names, the active goals they serve (soonest target first; a goal
    written by hand may have neither target nor start: it sorts last, by title) and their
    first upcoming meeting."""
    from mentee.meetings import upcoming
    from mentee.store import Where

    mentor = get_record(store, Mentor, prefix)
    goals = [
        g
        for g in store.records(Kind.GOAL, Goal)
        if serves(mentor, g) and g.status == GoalStatus.ACTIVE
    ]
    goals.sort(key=lambda g: (g.target or date.max, g.start or date.max, g.title))
    planned = upcoming(store.records(Kind.MEETING, Meeting, Where(mentor=mentor.id)), today, now)
    return FirstCall(mentor, goals, planned[0] if planned else None)
