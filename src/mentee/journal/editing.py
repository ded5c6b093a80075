"""Editing a whole record in $EDITOR: the edited copy saved, if nobody changed it meanwhile."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from mentee.errors import ConflictError, UsageError
from mentee.journal.records import R, revalidate
from mentee.kinds import MeetingStatus
from mentee.models import MAX_SEQUENCE, READ_ONLY_FIELDS, Meeting, error_message
from mentee.store import Store


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
    merged.update({name: getattr(original, name) for name in READ_ONLY_FIELDS})
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
