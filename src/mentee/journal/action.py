"""Action items: add, edit, finish one, note on it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from mentee.errors import ConflictError, UsageError, require_text
from mentee.journal.records import create, get_record, resolve_optional, revalidate, save
from mentee.kinds import ActionKind, ActionStatus, Kind, Owner
from mentee.models import Action, Dated
from mentee.store import Store

if TYPE_CHECKING:
    from mentee.models import Meeting


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
    """Create an action and return it. An action agreed in a meeting is agreed with that meeting's
    mentor and listed in the meeting; one owned by a mentor needs a mentor (UsageError); an empty
    title is a usage error and an unknown or ambiguous reference an error."""
    require_text(title, "an action's title")
    with store.locked():
        meeting_id = resolve_optional(store, Kind.MEETING, meeting)
        mentor_id = resolve_optional(store, Kind.MENTOR, mentor)
        agreed_in = _meeting(store, meeting_id) if meeting_id is not None else None
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
        created = create(store, action)
        if agreed_in is not None:
            # The meeting lists the actions agreed in it.
            save(store, revalidate(agreed_in, {"actions": [*agreed_in.actions, created.id]}))
        return created


def _meeting(store: Store, prefix: str) -> Meeting:
    """The meeting `prefix` names (its model made only when an action names a meeting)."""
    from mentee.models import Meeting

    return get_record(store, Meeting, prefix)


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
        action = get_record(store, Action, prefix)
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
        leaving = _meeting(store, old_meeting) if moved and old_meeting else None
        joining = _meeting(store, new_meeting) if moved and new_meeting else None
        if joining is not None and "mentor" not in values and action.mentor is None:
            values["mentor"] = joining.mentor  # agreed in a meeting: with its mentor
        owner = values.get("owner", action.owner)
        if owner == Owner.MENTOR and values.get("mentor", action.mentor) is None:
            raise UsageError("an action owned by a mentor needs a mentor (--mentor or --meeting)")
        edited = revalidate(action, values)
        for meeting in (leaving, joining):
            if meeting is not None:
                store.ensure_writable(meeting)
        saved = save(store, edited)
        if leaving is not None:
            kept = [i for i in leaving.actions if i != action.id]
            save(store, revalidate(leaving, {"actions": kept}))
        if joining is not None and action.id not in joining.actions:
            save(store, revalidate(joining, {"actions": [*joining.actions, action.id]}))
        return saved


def finish_action(
    store: Store, prefix: str, *, status: ActionStatus, today: date, note: str | None = None
) -> Action:
    """Mark an open action done or dropped, with an optional closing note."""
    with store.locked():
        action = get_record(store, Action, prefix)
        if action.status != ActionStatus.OPEN:
            raise ConflictError(f"action {action.id} is {action.status} already")
        changes: dict[str, Any] = {"status": status}
        if status == ActionStatus.DONE:
            changes["done"] = today
        if note is not None:
            require_text(note, "the note")
            changes["notes"] = [*action.notes, Dated(date=today, text=note)]
        return save(store, revalidate(action, changes))


def note_action(store: Store, prefix: str, *, text: str, today: date) -> Action:
    """Add a note dated `today` to an action and return the action saved (an empty note is a usage
    error)."""
    require_text(text, "the note")
    with store.locked():
        action = get_record(store, Action, prefix)
        notes = [*action.notes, Dated(date=today, text=text)]
        return save(store, revalidate(action, {"notes": notes}))
