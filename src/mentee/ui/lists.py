"""List views: the records of one kind as a table (`mentee goal list`...), search hits."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from mentee.kinds import ActionStatus, GoalStatus, Kind, Owner
from mentee.reading import is_overdue
from mentee.render import Fit, Renderable, Table, Text
from mentee.text import shorten
from mentee.ui import Lookup, kind_label, list_table, plain, private_mark, status
from mentee.views import serves

if TYPE_CHECKING:
    from mentee.models import Action, Feedback, Goal, Meeting, Mentor, Note, Record, Topic
    from mentee.reading import SearchHit


def fitted(table: Table, main: str, shrink: Mapping[str, int]) -> Fit:
    """A list table that gives its main text (a title, a note) the room: when the width is
    known, the columns of related names (goal, mentor...) shorten first, down to a minimum,
    and only then does the main text wrap."""

    def build(width: int) -> Table:
        columns = {str(c.header): c for c in table.columns}
        natural = {
            name: max(
                [len(name), *(c.cell_len if isinstance(c, Text) else 0 for c in column.cells)]
            )
            for name, column in columns.items()
        }
        chosen = {
            name: min(natural[name], columns[name].max_width or natural[name])
            for name in shrink
            if name in columns
        }
        fixed = sum(
            min(natural[n], c.max_width or natural[n])
            for n, c in columns.items()
            if n != main and n not in chosen
        )
        room = width - fixed - 2 * (len(columns) - 1) - natural.get(main, 0)
        while sum(chosen.values()) > room:
            name = max(chosen, key=lambda n: chosen[n] - shrink[n])
            if chosen[name] <= shrink[name]:
                break  # every related column is as short as it goes: the main text wraps
            chosen[name] -= 1
        for name, chosen_width in chosen.items():
            columns[name].max_width = chosen_width
        return table

    return Fit(build)


def _due(action: Action, today: date) -> Text:
    if action.due is None:
        return Text("")
    if is_overdue(action, today):
        return Text(str(action.due), style="bold red")
    if action.status == ActionStatus.OPEN and action.due == today:
        return Text(str(action.due), style="yellow")
    return Text(str(action.due))


def _action_status(action: Action, today: date) -> Text:
    """`open` for an open action, `3d late` when it is past due, else its status."""
    if is_overdue(action, today) and action.due is not None:
        return Text(f"{(today - action.due).days}d late", style="bold red")
    if action.status == ActionStatus.OPEN and action.due == today:
        return Text("today", style="yellow")
    return status(action.status)


def milestone_progress(goal: Goal) -> str:
    """`done/total` of a goal's milestones, or nothing when it has none."""
    if not goal.milestones:
        return ""
    done = sum(m.done is not None for m in goal.milestones)
    return f"{done}/{len(goal.milestones)}"


# Each list's main text, and the columns of related names that shorten before it wraps
# (with the width they keep at least).
_FIT: dict[Kind, tuple[str, dict[str, int]]] = {
    Kind.ACTION: ("title", {"goal": 10, "mentor": 8}),
    Kind.GOAL: ("title", {"mentors": 8}),
    Kind.TOPIC: ("text", {"mentor": 8, "goal": 10}),
    Kind.NOTE: ("text", {"goal": 10}),
    Kind.FEEDBACK: ("text", {"from": 8}),
    Kind.MENTOR: ("name", {"org": 8}),
}


def records_table(kind: Kind, records: Sequence[Record], lookup: Lookup) -> Renderable:
    """The list view of records of one kind."""
    table = _TABLES[kind](records, lookup)
    if kind in _FIT:
        main, shrink = _FIT[kind]
        return fitted(table, main, shrink)
    return table


def _goals_table(records: Sequence[Goal], lookup: Lookup) -> Table:
    table = list_table("id", "title", "status", "start", "target", "done", "mentors")
    for goal in records:
        target = Text(str(goal.target or ""))
        if goal.target and goal.target < lookup.today and goal.status == GoalStatus.ACTIVE:
            target.stylize("bold red")
        mentors = [m.name for m in lookup.mentors.values() if serves(m, goal)]
        mentors += [m for m in goal.mentors if m not in lookup.mentors]
        table.add_row(
            Text(goal.id),
            plain(goal.title),
            status(goal.status),
            plain(goal.start or ""),
            target,
            Text(milestone_progress(goal)),
            plain(", ".join(mentors)),
        )
    return table


def _mentors_table(records: Sequence[Mentor], lookup: Lookup) -> Table:
    table = list_table("id", "name", "status", "channel", "cadence", "goals", "org")
    for mentor in records:
        goal_count = sum(serves(mentor, g) for g in lookup.goals.values())
        table.add_row(
            Text(mentor.id),
            plain(mentor.name),
            status(mentor.status),
            plain(mentor.channel or ""),
            Text(f"{mentor.cadence_days}d" if mentor.cadence_days else ""),
            Text(str(goal_count) if goal_count else ""),
            plain(mentor.org or ""),
        )
    return table


def _actions_table(records: Sequence[Action], lookup: Lookup) -> Table:
    table = list_table("id", "title", "due", "status", "goal", "mentor")
    for action in records:
        title = plain(action.title)
        # Markers, not alerts: dim, so they never read as the red of what is overdue.
        if action.kind == "practice":
            title.append(" (practice)", style="dim")
        if action.owner == Owner.MENTOR:
            title.append(" (mentor's promise)", style="dim")
        table.add_row(
            Text(action.id),
            title,
            _due(action, lookup.today),
            _action_status(action, lookup.today),
            lookup.goal_title(action.goal),
            lookup.mentor_name(action.mentor),
        )
    return table


def _feedback_table(records: Sequence[Feedback], lookup: Lookup) -> Table:
    table = list_table("id", "date", "kind", "from", "text", "")
    for item in records:
        source = lookup.mentors.get(item.source)
        table.add_row(
            Text(item.id),
            Text(str(item.date)),
            kind_label(item.kind),
            plain(source.name if source else item.source),
            Text(shorten(item.text, 200)),
            private_mark(item.private),
        )
    return table


def _notes_table(records: Sequence[Note], lookup: Lookup) -> Table:
    table = list_table("id", "date", "kind", "text", "goal", "")
    for note in records:
        table.add_row(
            Text(note.id),
            Text(str(note.date)),
            kind_label(note.kind),
            Text(shorten(note.text, 200)),
            lookup.goal_title(note.goal),
            private_mark(note.private),
        )
    return table


def _topics_table(records: Sequence[Topic], lookup: Lookup) -> Table:
    table = list_table("id", "text", "mentor", "goal", "status", "")
    for topic in records:
        table.add_row(
            Text(topic.id),
            Text(shorten(topic.text, 200)),
            lookup.mentor_name(topic.mentor) if topic.mentor else Text("any", style="dim"),
            lookup.goal_title(topic.goal),
            status(topic.status),
            private_mark(topic.private),
        )
    return table


def _meetings_table(records: Sequence[Meeting], lookup: Lookup) -> Table:
    from mentee.meetings import is_unlogged

    table = list_table("id", "when", "mentor", "status", "minutes", "where")
    for meeting in records:
        unlogged = is_unlogged(meeting, lookup.today, lookup.now)
        table.add_row(
            Text(meeting.id),
            _meeting_when(meeting, lookup),
            lookup.mentor_name(meeting.mentor),
            Text("unlogged", style="bold red") if unlogged else status(meeting.status),
            Text(str(meeting.duration or "")),
            plain(meeting.where or ""),
        )
    return table


def _meeting_when(meeting: Meeting, lookup: Lookup) -> Text:
    """When a meeting is, in the mentee's time zone, and the mentor's local time beside it
    when their clock reads otherwise (SPEC: Dates): `Tue 2026-11-24 15:00 16:00 for them`
    (`meeting show` names their zone)."""
    from mentee.messages import local_time, mentor_local

    mine = local_time(meeting.at, lookup.zone)
    when = Text(mine.strftime("%a %Y-%m-%d %H:%M"))
    theirs = mentor_local(mine, lookup.mentors.get(meeting.mentor))
    if theirs is not None and theirs.replace(tzinfo=None) != mine.replace(tzinfo=None):
        clock = theirs.strftime("%H:%M" if theirs.date() == mine.date() else "%a %H:%M")
        when.append(f"\n{clock} for them", style="dim")
    return when


_TABLES: dict[Kind, Callable[[Sequence[Any], Lookup], Table]] = {
    Kind.GOAL: _goals_table,
    Kind.MENTOR: _mentors_table,
    Kind.ACTION: _actions_table,
    Kind.FEEDBACK: _feedback_table,
    Kind.NOTE: _notes_table,
    Kind.TOPIC: _topics_table,
    Kind.MEETING: _meetings_table,
}


def search_table(hits: Iterable[SearchHit]) -> Table:
    """The table `search` shows: each hit's kind, id, field and the text around the match."""
    table = list_table("type", "id", "field", "text")
    for hit in hits:
        table.add_row(
            Text(hit.record.KIND.value),
            Text(hit.record.id, style="dim"),
            Text(hit.field),
            Text(shorten(hit.text, 200)),
        )
    return table
