"""Selecting records by their summary columns: in SQL for the index, in Python without it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from mentee.models import Record


class Where(NamedTuple):
    """A selection on a record's summary columns, in SQL for the index and in Python."""

    status: tuple[str, ...] = ()
    mentor: str | None = None
    undiscussed: bool = False
    # Records of this mentor or of one of these goals (what an agenda is about).
    mentor_or_goals: tuple[str, tuple[str, ...]] | None = None
    # Records of one of these goals.
    goals: tuple[str, ...] | None = None
    # Records of this day (YYYY-MM-DD) or later, or not discussed yet (notes, feedback).
    since_or_undiscussed: str | None = None
    # What the next agenda with a mentor reads of the actions (see `reading`): those of
    # these goals, and the mentor's open ones, done on or after a day (YYYY-MM-DD; None:
    # whenever), or among these ids.
    agenda: tuple[str, tuple[str, ...], str | None, tuple[str, ...]] | None = None

    def sql(self) -> tuple[str, tuple[Any, ...]]:
        """The selection as an SQL condition on the index's columns and its parameters (an empty
        condition selects everything)."""
        parts: list[str] = []
        params: list[Any] = []
        if self.status:
            parts.append(f"status IN ({','.join('?' * len(self.status))})")
            params += self.status
        if self.mentor is not None:
            parts.append("mentor = ?")
            params.append(self.mentor)
        if self.undiscussed:
            parts.append("discussed_in IS NULL")
        if self.goals is not None:
            parts.append(f"goal IN ({','.join('?' * len(self.goals))})" if self.goals else "0")
            params += self.goals
        if self.mentor_or_goals is not None:
            mentor, goals = self.mentor_or_goals
            marks = ",".join("?" * len(goals))
            parts.append(f"(mentor = ? OR goal IN ({marks}))" if goals else "mentor = ?")
            params += [mentor, *goals]
        if self.since_or_undiscussed is not None:
            parts.append("(day >= ? OR discussed_in IS NULL)")
            params.append(self.since_or_undiscussed)
        if self.agenda is not None:
            mentor, goals, since, kept = self.agenda
            mine = "status = 'open'" if since is not None else "1"
            if since is not None:
                mine += " OR done >= ?"
            if kept:
                mine += f" OR id IN ({','.join('?' * len(kept))})"
            served = f"goal IN ({','.join('?' * len(goals))}) OR " if goals else ""
            parts.append(f"({served}(mentor = ? AND ({mine})))")
            params += [*goals, mentor, *([since] if since is not None else []), *kept]
        return " AND ".join(parts), tuple(params)

    def matches(self, columns: dict[str, Any]) -> bool:
        """Whether a record's summary columns are selected (the same test as `sql`, in Python)."""
        if self.status and columns.get("status") not in self.status:
            return False
        if self.mentor is not None and columns.get("mentor") != self.mentor:
            return False
        if self.goals is not None and columns.get("goal") not in self.goals:
            return False
        if self.mentor_or_goals is not None:
            mentor, goals = self.mentor_or_goals
            if columns.get("mentor") != mentor and columns.get("goal") not in goals:
                return False
        if self.agenda is not None and not _agenda_matches(self, columns):
            return False
        if self.since_or_undiscussed is not None:
            day = columns.get("day")
            recent = day is not None and _column_text(day) >= self.since_or_undiscussed
            if not recent and columns.get("discussed_in") is not None:
                return False
        return not (self.undiscussed and columns.get("discussed_in") is not None)


def _agenda_matches(where: Where, columns: dict[str, Any]) -> bool:
    assert where.agenda is not None
    mentor, goals, since, kept = where.agenda
    if columns.get("goal") in goals:
        return True
    if columns.get("mentor") != mentor:
        return False
    done = columns.get("done")
    return (
        since is None
        or columns.get("status") == "open"
        or (done is not None and _column_text(done) >= since)
        or columns.get("id") in kept
    )


def _column_text(value: Any) -> str:
    """A summary column as the index keeps it (dates as ISO text)."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def columns_of(record: Record) -> dict[str, Any]:
    """The summary columns the index keeps for `Where` (None where a kind has no such field)."""
    status = getattr(record, "status", None)
    day = getattr(record, "date", None) or getattr(record, "due", None)
    return {
        "id": record.id,
        "status": str(status) if status is not None else None,
        "mentor": getattr(record, "mentor", None),
        "goal": getattr(record, "goal", None),
        "due": getattr(record, "due", None),
        "day": day,
        "discussed_in": getattr(record, "discussed_in", None),
        "done": record.done if record.KIND == "action" else None,  # type: ignore[attr-defined]
    }
