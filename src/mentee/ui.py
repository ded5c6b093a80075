"""rich renderables: the only place that styles text.

Every piece of user text goes through `text.escape` into a `rich.text.Text`, never through
markup, so `[bold]` or an escape sequence in a note is shown literally.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mentee.journal import Dashboard, SearchHit, is_overdue, serves
from mentee.kinds import ActionStatus, GoalStatus, Kind, MeetingStatus, Owner
from mentee.models import (
    Action,
    Feedback,
    Goal,
    Meeting,
    Mentor,
    Note,
    Record,
    Topic,
)
from mentee.text import escape, escape_block, shorten

STATUS_STYLES = {
    "active": "green",
    "open": "cyan",
    "planned": "cyan",
    "achieved": "bold green",
    "done": "green",
    "held": "green",
    "discussed": "green",
    "paused": "yellow",
    "prospect": "yellow",
    "requested": "yellow",
    "dropped": "dim",
    "ended": "dim",
    "cancelled": "dim",
}
KIND_STYLES = {
    "win": "green",
    "praise": "green",
    "challenge": "yellow",
    "constructive": "yellow",
    "learning": "cyan",
    "observation": "cyan",
    "practice": "magenta",
}


@dataclass
class Lookup:
    """Names of related records, so lists show `Alex Kim` rather than `alex-kim`."""

    today: date
    mentors: Mapping[str, Mentor] = field(default_factory=dict)
    goals: Mapping[str, Goal] = field(default_factory=dict)

    def mentor_name(self, mentor_id: str | None) -> Text:
        if mentor_id is None:
            return Text("")
        mentor = self.mentors.get(mentor_id)
        return Text(escape(mentor.name if mentor else mentor_id))

    def goal_title(self, goal_id: str | None, width: int = 28) -> Text:
        if goal_id is None:
            return Text("")
        goal = self.goals.get(goal_id)
        return Text(shorten(goal.title if goal else goal_id, width))


def plain(value: object) -> Text:
    """Any value as literal, escaped text."""
    return Text(escape("" if value is None else str(value)))


def status(value: str) -> Text:
    return Text(value, style=STATUS_STYLES.get(value, ""))


def kind_label(value: str) -> Text:
    return Text(value, style=KIND_STYLES.get(value, ""))


def private_mark(is_private: bool) -> Text:
    return Text("private", style="magenta") if is_private else Text("")


# How each column of a list behaves when the terminal is narrow: ids and dates never wrap,
# the main text takes what is left, related names are cut with an ellipsis.
_COLUMNS: dict[str, dict[str, Any]] = {
    "id": {"no_wrap": True, "min_width": 8},
    "date": {"no_wrap": True},
    "start": {"no_wrap": True},
    "target": {"no_wrap": True},
    "due": {"no_wrap": True},
    "when": {"no_wrap": True},
    "status": {"no_wrap": True, "min_width": 6},
    "kind": {"no_wrap": True},
    "type": {"no_wrap": True},
    "owner": {"no_wrap": True},
    "channel": {"no_wrap": True},
    "cadence": {"no_wrap": True},
    "minutes": {"no_wrap": True, "justify": "right"},
    "done": {"no_wrap": True, "justify": "right"},
    "goals": {"no_wrap": True, "justify": "right"},
    "goal": {"no_wrap": True, "overflow": "ellipsis", "max_width": 16},
    "mentor": {"no_wrap": True, "overflow": "ellipsis", "max_width": 13},
    "mentors": {"no_wrap": True, "overflow": "ellipsis", "max_width": 18},
    "from": {"no_wrap": True, "overflow": "ellipsis", "max_width": 18},
    "org": {"no_wrap": True, "overflow": "ellipsis", "max_width": 18},
    "where": {"overflow": "fold", "max_width": 24},
    "field": {"no_wrap": True},
    "": {"no_wrap": True},
}


def _table(*columns: str, title: str | None = None) -> Table:
    table = Table(
        box=box.SIMPLE_HEAD,
        title=title,
        title_justify="left",
        pad_edge=False,
        expand=True,
        show_edge=False,
        collapse_padding=True,
    )
    for name in columns:
        spec = _COLUMNS.get(name, {"overflow": "fold", "ratio": 1, "min_width": 20})
        table.add_column(name, **spec)
    return table


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
    if not goal.milestones:
        return ""
    done = sum(m.done is not None for m in goal.milestones)
    return f"{done}/{len(goal.milestones)}"


def records_table(kind: Kind, records: Sequence[Record], lookup: Lookup) -> Table:
    """The list view of records of one kind."""
    builder = _TABLES[kind]
    return builder(records, lookup)


def _goals_table(records: Sequence[Record], lookup: Lookup) -> Table:
    table = _table("id", "title", "status", "start", "target", "done", "mentors")
    for goal in records:
        assert isinstance(goal, Goal)
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


def _mentors_table(records: Sequence[Record], lookup: Lookup) -> Table:
    table = _table("id", "name", "status", "channel", "cadence", "goals", "org")
    for mentor in records:
        assert isinstance(mentor, Mentor)
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


def _actions_table(records: Sequence[Record], lookup: Lookup) -> Table:
    table = _table("id", "title", "due", "status", "goal", "mentor")
    for action in records:
        assert isinstance(action, Action)
        title = plain(action.title)
        if action.kind == "practice":
            title.append(" (practice)", style="magenta")
        if action.owner == Owner.MENTOR:
            title.append(" (mentor's promise)", style="yellow")
        table.add_row(
            Text(action.id),
            title,
            _due(action, lookup.today),
            _action_status(action, lookup.today),
            lookup.goal_title(action.goal),
            lookup.mentor_name(action.mentor),
        )
    return table


def _feedback_table(records: Sequence[Record], lookup: Lookup) -> Table:
    table = _table("id", "date", "kind", "from", "text", "")
    for item in records:
        assert isinstance(item, Feedback)
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


def _notes_table(records: Sequence[Record], lookup: Lookup) -> Table:
    table = _table("id", "date", "kind", "text", "goal", "")
    for note in records:
        assert isinstance(note, Note)
        table.add_row(
            Text(note.id),
            Text(str(note.date)),
            kind_label(note.kind),
            Text(shorten(note.text, 200)),
            lookup.goal_title(note.goal),
            private_mark(note.private),
        )
    return table


def _topics_table(records: Sequence[Record], lookup: Lookup) -> Table:
    table = _table("id", "text", "mentor", "goal", "status", "")
    for topic in records:
        assert isinstance(topic, Topic)
        table.add_row(
            Text(topic.id),
            Text(shorten(topic.text, 200)),
            lookup.mentor_name(topic.mentor) if topic.mentor else Text("any", style="dim"),
            lookup.goal_title(topic.goal),
            status(topic.status),
            private_mark(topic.private),
        )
    return table


def _meetings_table(records: Sequence[Record], lookup: Lookup) -> Table:
    table = _table("id", "when", "mentor", "status", "minutes", "where")
    for meeting in records:
        assert isinstance(meeting, Meeting)
        table.add_row(
            Text(meeting.id),
            Text(meeting.at.strftime("%Y-%m-%d %H:%M %z")),
            lookup.mentor_name(meeting.mentor),
            status(meeting.status),
            Text(str(meeting.duration or "")),
            plain(meeting.where or ""),
        )
    return table


_TABLES = {
    Kind.GOAL: _goals_table,
    Kind.MENTOR: _mentors_table,
    Kind.ACTION: _actions_table,
    Kind.FEEDBACK: _feedback_table,
    Kind.NOTE: _notes_table,
    Kind.TOPIC: _topics_table,
    Kind.MEETING: _meetings_table,
}


# -- one record ---------------------------------------------------------------------------


def record_detail(record: Record, lookup: Lookup) -> RenderableType:
    """The `show` view: every field that has a value, lists one item a line."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    data = record.model_dump(by_alias=True)
    for name, value in data.items():
        if value in (None, [], {}, "") or name == "schema_version":
            continue
        grid.add_row(Text(name), _value(record, name, value, lookup))
    return grid


def _value(record: Record, name: str, value: Any, lookup: Lookup) -> RenderableType:
    if name in ("mentor", "source") and isinstance(value, str) and value in lookup.mentors:
        return Text.assemble(plain(lookup.mentors[value].name), Text(f" ({value})", style="dim"))
    if name == "goal" and isinstance(value, str) and value in lookup.goals:
        return Text.assemble(plain(lookup.goals[value].title), Text(f" ({value})", style="dim"))
    if name == "status" and isinstance(value, str):
        return status(value)
    if name == "milestones" and isinstance(record, Goal):
        lines = []
        for number, milestone in enumerate(record.milestones, start=1):
            mark = "[x]" if milestone.done else "[ ]"
            line = Text(f"{number}. {mark} ")
            line.append_text(plain(milestone.title))
            if milestone.due:
                line.append(f"  due {milestone.due}", style="dim")
            if milestone.done:
                line.append(f"  done {milestone.done}", style="green")
            lines.append(line)
        return Group(*lines)
    if name == "timeline" and isinstance(record, Goal):
        return Group(
            *(
                Text.assemble(
                    Text(f"{entry.date}: {entry.from_ or 'none'} -> {entry.to or 'none'}  "),
                    plain(entry.reason),
                )
                for entry in record.timeline
            )
        )
    if isinstance(value, list):
        return Group(*(Text.assemble("- ", _inline(v)) for v in value))
    if isinstance(value, dict):
        return _inline(value)
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if hasattr(value, "isoformat") and hasattr(value, "hour"):
        return Text(value.isoformat(sep=" ", timespec="minutes"))
    return Text(escape_block(str(value)))


def _inline(value: Any) -> Text:
    if isinstance(value, dict):
        if set(value) >= {"date", "text"}:
            return Text.assemble(Text(f"{value['date']}  ", style="dim"), plain(value["text"]))
        return plain(", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, "", [])))
    return plain(value)


# -- dashboard and search -----------------------------------------------------------------


def dashboard_view(board: Dashboard, lookup: Lookup) -> RenderableType:
    parts: list[RenderableType] = []
    header = Text("mentee", style="bold")
    header.append(f"  {lookup.today}", style="dim")
    header.append(
        f"  {board.active_goals} active goals, {board.mentors} active mentors, "
        f"{board.open_actions} open actions",
        style="dim",
    )
    parts.append(header)
    parts.append(Text(""))
    if board.next_meeting is not None:
        meeting = board.next_meeting
        name = board.next_mentor.name if board.next_mentor else meeting.mentor
        days = (meeting.at.date() - lookup.today).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        line = Text("Next meeting: ", style="bold")
        line.append_text(plain(name))
        line.append(f", {meeting.at.strftime('%a %Y-%m-%d %H:%M')} ({when})")
        line.append(f"  {meeting.id}", style="dim")
        parts.append(line)
    else:
        parts.append(Text.assemble(Text("Next meeting: ", style="bold"), "none planned"))
    parts.append(Text(""))
    if board.overdue:
        parts.append(Text(f"Overdue actions ({len(board.overdue)})", style="bold red"))
        parts.append(_actions_table(board.overdue[:10], lookup))
        if len(board.overdue) > 10:
            parts.append(
                Text(f"... and {len(board.overdue) - 10} more: mentee action list --overdue")
            )
        parts.append(Text(""))
    else:
        parts.append(Text("No overdue actions.", style="green"))
    if board.past_target:
        parts.append(Text(f"Goals past their target ({len(board.past_target)})", style="bold red"))
        parts.append(_goals_table(board.past_target, lookup))
        parts.append(Text(""))
    if not any((board.next_meeting, board.overdue, board.past_target, board.active_goals)):
        parts.append(Text(""))
        parts.append(
            Text.assemble(
                "Start with a goal: ",
                Text('mentee goal add "Promoted to senior" --by 2027-06-30', style="bold"),
                "\nor try the sample journal: ",
                Text("mentee demo", style="bold"),
            )
        )
    return Group(*parts)


def search_table(hits: Iterable[SearchHit]) -> Table:
    table = _table("type", "id", "field", "text")
    for hit in hits:
        table.add_row(
            Text(hit.record.KIND.value),
            Text(hit.record.id, style="dim"),
            Text(hit.field),
            Text(shorten(hit.text, 200)),
        )
    return table


def meeting_status_text(meeting: Meeting) -> str:
    return "upcoming" if meeting.status == MeetingStatus.PLANNED else str(meeting.status)
