"""The views: the only place that styles text.

Views are built from `mentee.render`'s text, tables and groups, laid out as rich lays them
out (piped, without importing rich; on a terminal, styled by rich). Every piece of user text
goes through `text.escape` into a `Text`, never through markup, so `[bold]` or an escape
sequence in a note is shown literally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, cast

from mentee.kinds import ActionStatus, GoalStatus, Kind, MeetingStatus, Owner
from mentee.reading import is_overdue
from mentee.render import Fit, Group, Renderable, Table, Text
from mentee.text import capped, escape, escape_block, plural, shorten
from mentee.views import goals_of, serves

if TYPE_CHECKING:
    # Only for annotations: list commands need not import the agenda and review modules.
    from mentee.agenda import ActionItem, Agenda
    from mentee.models import Action, Feedback, Goal, Meeting, Mentor, Note, Record, Topic
    from mentee.reading import Dashboard, SearchHit
    from mentee.review import Review
    from mentee.timeline import GoalProgress

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
    now: datetime | None = None  # the clock for "is this meeting over" (None: by day)
    zone: tzinfo | None = None  # the mentee's time zone from config.toml (None: as stored)

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


def plain(value: object, hint: str = "--json shows all") -> Text:
    """Any value as literal, escaped text (a very long one cut, saying where it all is)."""
    return Text(escape(capped("" if value is None else str(value), hint)))


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


def _table(*columns: str) -> Table:
    table = Table(
        box="simple_head",
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
    table = _table("id", "title", "status", "start", "target", "done", "mentors")
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
    table = _table("id", "name", "status", "channel", "cadence", "goals", "org")
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
    table = _table("id", "title", "due", "status", "goal", "mentor")
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
    table = _table("id", "date", "kind", "from", "text", "")
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
    table = _table("id", "date", "kind", "text", "goal", "")
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
    table = _table("id", "text", "mentor", "goal", "status", "")
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

    table = _table("id", "when", "mentor", "status", "minutes", "where")
    for meeting in records:
        unlogged = is_unlogged(meeting, lookup.today, lookup.now)
        table.add_row(
            Text(meeting.id),
            Text(meeting.at.strftime("%Y-%m-%d %H:%M %z")),
            lookup.mentor_name(meeting.mentor),
            Text("unlogged", style="bold red") if unlogged else status(meeting.status),
            Text(str(meeting.duration or "")),
            plain(meeting.where or ""),
        )
    return table


_TABLES: dict[Kind, Callable[[Sequence[Any], Lookup], Table]] = {
    Kind.GOAL: _goals_table,
    Kind.MENTOR: _mentors_table,
    Kind.ACTION: _actions_table,
    Kind.FEEDBACK: _feedback_table,
    Kind.NOTE: _notes_table,
    Kind.TOPIC: _topics_table,
    Kind.MEETING: _meetings_table,
}


# -- one record ---------------------------------------------------------------------------


def record_detail(record: Record, lookup: Lookup) -> Renderable:
    """The `show` view: every field that has a value, lists one item a line."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    data = record.model_dump(by_alias=True)
    if record.KIND == Kind.MENTOR:
        # A mentor's goals are derived from the goals that list them.
        data.pop("goals", None)
        derived = goals_of(record, lookup.goals.values())
        data = {k: v for key, value in data.items() for k, v in _then_goals(key, value, derived)}
    elif record.KIND == Kind.GOAL:
        goal = cast("Goal", record)
        data["mentors"] = list(goal.mentors) + [
            m.id for m in lookup.mentors.values() if m.id not in goal.mentors and serves(m, goal)
        ]
    for name, value in data.items():
        if value in (None, [], {}, "") or name == "schema_version":
            continue
        grid.add_row(Text(name), _value(record, name, value, lookup))
    return grid


def _then_goals(key: str, value: Any, goals: list[str]) -> list[tuple[str, Any]]:
    return [(key, value), ("goals", goals)] if key == "expertise" else [(key, value)]


def _all_of(record: Record) -> str:
    """Where a field cut short in a view is whole."""
    return f"mentee {record.KIND.value} show {record.id} --json for all"


def _value(record: Record, name: str, value: Any, lookup: Lookup) -> Renderable:
    if name in ("mentor", "source") and isinstance(value, str) and value in lookup.mentors:
        return Text.assemble(plain(lookup.mentors[value].name), Text(f" ({value})", style="dim"))
    if name == "goal" and isinstance(value, str) and value in lookup.goals:
        return Text.assemble(plain(lookup.goals[value].title), Text(f" ({value})", style="dim"))
    if name == "status" and isinstance(value, str):
        return status(value)
    if name in ("goals", "mentors") and record.KIND in (Kind.MENTOR, Kind.GOAL):
        names = lookup.goals if name == "goals" else lookup.mentors
        return Group(
            *(
                Text.assemble(
                    "- ",
                    plain(getattr(names.get(i), "label", "") or i),
                    Text(f" ({i})", style="dim") if i in names else Text(""),
                )
                for i in value
            )
        )
    if name == "milestones" and record.KIND == Kind.GOAL:
        lines = []
        for number, milestone in enumerate(cast("Goal", record).milestones, start=1):
            mark = "[x]" if milestone.done else "[ ]"
            line = Text(f"{number}. {mark} ")
            line.append_text(plain(milestone.title))
            if milestone.due:
                line.append(f"  due {milestone.due}", style="dim")
            if milestone.done:
                line.append(f"  done {milestone.done}", style="green")
            lines.append(line)
        return Group(*lines)
    if name == "timeline" and record.KIND == Kind.GOAL:
        return Group(
            *(
                Text.assemble(
                    Text(f"{entry.date}: {entry.from_ or 'none'} -> {entry.to or 'none'}  "),
                    plain(entry.reason),
                )
                for entry in cast("Goal", record).timeline
            )
        )
    if name == "agenda" and record.KIND == Kind.MEETING:
        lines = []
        for item in cast("Meeting", record).agenda:
            line = Text.assemble((f"{item.section}: ", "dim"), plain(item.text))
            if item.decision and item.decision != "discussed":
                line.append(f"  ({item.decision})", style="yellow")
            lines.append(line)
        return Group(*lines)
    if isinstance(value, list):
        return Group(*(Text.assemble("- ", _inline(v)) for v in value))
    if isinstance(value, dict):
        return _inline(value)
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if name == "at" and record.KIND == Kind.MEETING:
        return _meeting_time(cast("Meeting", record), lookup)
    if hasattr(value, "isoformat") and hasattr(value, "hour"):
        return Text(value.isoformat(sep=" ", timespec="minutes"))
    return Text(escape_block(capped(str(value), _all_of(record))))


def _meeting_time(meeting: Meeting, lookup: Lookup) -> Text:
    """The meeting's time, and the mentor's local time beside it (SPEC: Dates)."""
    line = Text(meeting.at.isoformat(sep=" ", timespec="minutes"))
    mentor = lookup.mentors.get(meeting.mentor)
    if mentor is None or not mentor.timezone:
        return line
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        theirs = meeting.at.astimezone(ZoneInfo(mentor.timezone))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return line
    line.append(f"  ({theirs.strftime('%a %H:%M')} for them, ", style="dim")
    line.append_text(plain(mentor.timezone))
    line.append(")", style="dim")
    return line


def _inline(value: Any) -> Text:
    if isinstance(value, dict):
        if set(value) >= {"date", "text"}:
            return Text.assemble(Text(f"{value['date']}  ", style="dim"), plain(value["text"]))
        return plain(", ".join(f"{k}={v}" for k, v in value.items() if v not in (None, "", [])))
    return plain(value)


# -- dashboard and search -----------------------------------------------------------------


def dashboard_view(board: Dashboard, lookup: Lookup) -> Renderable:
    parts: list[Renderable] = []
    header = Text("mentee", style="bold")
    header.append(f"  {lookup.today}", style="dim")
    header.append(
        f"  {plural(board.active_goals, 'active goal')}, "
        f"{plural(board.mentors, 'active mentor')}, {plural(board.open_actions, 'open action')}",
        style="dim",
    )
    parts.append(header)
    parts.append(Text(""))
    from mentee.messages import local_time, meeting_time

    if board.unlogged:
        what = "log it or cancel it" if len(board.unlogged) == 1 else "log or cancel each"
        parts.append(Text(f"Meetings to log ({len(board.unlogged)}): {what}", style="bold red"))
        for meeting in board.unlogged:
            line = Text("  ")
            line.append_text(plain(board.mentor_names.get(meeting.mentor, meeting.mentor)))
            days = (lookup.today - local_time(meeting.at, lookup.zone).date()).days
            ago = "today" if days <= 0 else "yesterday" if days == 1 else f"{days} days ago"
            line.append(f", {local_time(meeting.at, lookup.zone):%a %Y-%m-%d %H:%M} ({ago})")
            line.append(f"  {meeting.id}", style="dim")
            parts.append(line)
            parts.append(
                Text(
                    f"    mentee meeting log {meeting.id}, or mentee meeting cancel {meeting.id}",
                    style="dim",
                )
            )
        parts.append(Text(""))
    if board.next_meeting is not None:
        meeting = board.next_meeting
        name = board.next_mentor.name if board.next_mentor else meeting.mentor
        days = (local_time(meeting.at, lookup.zone).date() - lookup.today).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        line = Text("Next meeting: ", style="bold")
        line.append_text(plain(name))
        # The mentor's local time beside the mentee's (SPEC: Dates), as in a meeting's show.
        line.append_text(plain(f", {meeting_time(meeting.at, board.next_mentor, lookup.zone)}"))
        line.append(f", {when}")
        line.append(f"  {meeting.id}", style="dim")
        parts.append(line)
        if board.next_agenda_empty:
            parts.append(
                Text(
                    "  Its agenda is empty: add a topic, or cancel it "
                    f"(mentee meeting cancel {meeting.id})",
                    style="yellow",
                )
            )
        elif any(m.mentor == meeting.mentor for m in board.unlogged):
            # `agenda next` is for the meeting to log until it is logged or cancelled.
            parts.append(Text("  Prepare: log (or cancel) the meeting above first", style="dim"))
        else:
            parts.append(
                Text(f"  Prepare: mentee agenda next --mentor {meeting.mentor}", style="dim")
            )
    else:
        parts.append(Text.assemble(Text("Next meeting: ", style="bold"), "none planned"))
    parts.append(Text(""))
    if board.overdue:
        parts.append(Text(f"Overdue actions ({len(board.overdue)})", style="bold red"))
        parts.append(records_table(Kind.ACTION, board.overdue[:10], lookup))
        if len(board.overdue) > 10:
            parts.append(
                Text(f"... and {len(board.overdue) - 10} more: mentee action list --overdue")
            )
        parts.append(Text(""))
    else:
        parts.append(Text("No overdue actions.", style="green"))
    if board.at_risk:
        parts.append(Text(f"Goals at risk ({len(board.at_risk)})", style="bold red"))
        rows = Table.grid(padding=(0, 1))
        rows.add_column(no_wrap=True)
        rows.add_column(overflow="fold", ratio=1)
        for progress in board.at_risk:
            # The title and the word first, what is late on a line of its own: at 80 columns
            # one long line wrapped in the middle of a sentence.
            title, detail = _split_progress(progress)
            rows.add_row(Text(f"  {progress.goal.id}"), title)
            rows.add_row(Text(""), detail)
        parts.append(rows)
        parts.append(Text(""))
    if not any(
        (board.next_meeting, board.unlogged, board.overdue, board.at_risk, board.active_goals)
    ):
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


# -- the next agenda ----------------------------------------------------------------------

TIMELINE_STYLES = {
    "achieved": "bold green",
    "paused": "yellow",
    "overdue": "bold red",
    "behind": "red",
    "ahead": "green",
    "on_track": "green",
    "no_plan": "yellow",
    "no_deadline": "dim",
}


def _heading(text: str) -> Text:
    return Text(text, style="bold underline")


def _agenda_action(item: ActionItem) -> Text:
    action = item.action
    line = plain(action.title)
    if action.status == ActionStatus.DONE and action.done:
        line.append(f"  done {action.done}", style="green")
    elif action.due:
        line.append(f"  due {action.due}", style="bold red" if item.overdue else "dim")
        if item.overdue:
            line.append(" overdue", style="bold red")
    if item.carried:
        times = "once" if item.carried == 1 else f"{item.carried} times"
        since = f" since {item.on_agenda_since}" if item.on_agenda_since else ""
        line.append(f"  on the agenda {times}{since}", style="dim")
    if item.decide:
        line.append("\ntime to decide: do it, re-plan it, or drop it", style="yellow")
    line.append(f"  {action.id}", style="dim")
    return line


def _section(title: str, rows: Sequence[tuple[Text, Text] | Text]) -> Renderable:
    """A numbered agenda section: a mark column, then text that wraps under itself. A bare
    Text among the rows is a sub-heading on its own line (the mentor's promises), so it never
    reads as part of the item above it."""
    parts: list[Renderable] = [Text(""), _heading(title)]
    block: list[tuple[Text, Text]] = []

    def flush() -> None:
        if block:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(no_wrap=True)
            grid.add_column(overflow="fold", ratio=1)
            for mark, text in block:
                grid.add_row(mark, text)
            parts.append(grid)
            block.clear()

    for row in rows:
        if isinstance(row, Text):
            flush()
            parts.append(row)
        else:
            block.append(row)
    flush()
    return Group(*parts)


def _flag_private(line: Text, is_private: bool) -> Text:
    if is_private:
        line.append("  [private]", style="magenta")
    return line


def agenda_view(agenda: Agenda, zone: tzinfo | None = None) -> Renderable:
    """The agenda for the terminal: every section, private items flagged (`zone`: the
    mentee's time zone; the mentor's time is given beside it)."""
    parts: list[Renderable] = []
    title = Text("Agenda: ", style="bold")
    title.append_text(plain(agenda.mentor.name))
    if agenda.meeting is not None:
        from mentee.messages import meeting_time

        title.append_text(plain(f", {meeting_time(agenda.meeting.at, agenda.mentor, zone)}"))
        title.append(f"  {agenda.meeting.id}", style="dim")
    else:
        title.append(" (no meeting planned yet)", style="dim")
    parts.append(title)
    if agenda.meeting is not None and agenda.meeting_over:
        parts.append(
            Text(
                "This meeting is over and not logged: log it "
                f"(mentee meeting log {agenda.meeting.id}) or cancel it.",
                style="yellow",
            )
        )
    since = (
        f"Since the last meeting on {agenda.since}"
        if agenda.since
        else "No meeting held yet: everything open"
    )
    parts.append(Text(since, style="dim"))
    follow_ups: list[tuple[Text, Text] | Text] = []
    follow_ups += [(Text("  [x]", style="green"), _agenda_action(i)) for i in agenda.done]
    follow_ups += [(Text("  [ ]"), _agenda_action(i)) for i in agenda.open]
    if agenda.promises_done:
        follow_ups.append(Text("  Done by your mentor (thank them):", style="dim"))
        follow_ups += [
            (Text("  [x]", style="green"), _agenda_action(i)) for i in agenda.promises_done
        ]
    if agenda.promises:
        follow_ups.append(Text("  Offered by your mentor (a gentle reminder):", style="dim"))
        follow_ups += [(Text("  [ ]"), _agenda_action(i)) for i in agenda.promises]
    if follow_ups:
        parts.append(_section("1. Follow-ups", follow_ups))
    if agenda.notes:
        rows = []
        for note in agenda.notes:
            text = Text.assemble((f"{note.date}  ", "dim"), plain(note.text))
            mark = Text(f"  {note.kind:<9}", style=KIND_STYLES.get(note.kind, ""))
            rows.append((mark, _flag_private(text, note.private)))
        parts.append(_section("2. Progress", rows))
    if agenda.feedback:
        rows = []
        for item in agenda.feedback:
            text = Text.assemble(
                (f"{item.date} from ", "dim"), plain(item.source), ": ", plain(item.text)
            )
            mark = Text(f"  {item.kind:<12}", style=KIND_STYLES.get(item.kind, ""))
            rows.append((mark, _flag_private(text, item.private)))
        parts.append(_section("3. Feedback", rows))
    if agenda.topics:
        rows = []
        for topic in agenda.topics:
            text = plain(topic.text)
            if topic.mentor is None:
                text.append("  (for any mentor)", style="dim")
            rows.append((Text("  -"), _flag_private(text, topic.private)))
        parts.append(_section("4. Topics", rows))
    if agenda.goals:
        rows = []
        for goal_item in agenda.goals:
            progress = goal_item.progress
            upcoming = not goal_item.milestones_due  # else listed just below
            rows.append((Text("  -"), progress_text(progress, upcoming)))
            for change in goal_item.retargets:
                line = Text(
                    f"target moved {change.from_ or 'none'} -> {change.to or 'none'} "
                    f"on {change.date}: ",
                    style="yellow",
                )
                line.append_text(plain(change.reason))
                rows.append((Text(""), line))
            for number, milestone in goal_item.milestones_due:
                line = Text(f"milestone {number} due {milestone.due}: ", style="dim")
                line.append_text(plain(milestone.title))
                rows.append((Text(""), line))
        parts.append(_section("5. Goals", rows))
    if agenda.empty:
        parts += [
            Text(""),
            Text(
                "Nothing new to discuss (sections 1 to 4 are empty). Consider cancelling "
                "to respect your mentor's time.",
                style="yellow",
            ),
        ]
    return Group(*parts)


def plain_block(text: str) -> Text:
    return Text(escape_block(capped(text)))


def progress_text(progress: GoalProgress, upcoming: bool = True, forecast: bool = True) -> Text:
    """`Promoted to senior  behind  1/4 milestones; milestone 2 'Design review' was due
    2026-11-10 and is not done  target 2027-06-30`."""
    from mentee.export.review import goal_state
    from mentee.timeline import status_text

    goal = progress.goal
    line = plain(goal.title)
    line.append("  ")
    line.append(status_text(progress.status), style=TIMELINE_STYLES.get(progress.status, ""))
    if progress.total:
        line.append(f"  {progress.done}/{progress.total} {progress.measured_by}")
    state = goal_state(progress, upcoming, forecast)
    if state:
        line.append("; ", style="dim")
        line.append_text(Text(escape(state), style="dim"))
    if goal.target:
        line.append(f"  target {goal.target}", style="dim")
    return line


def _split_progress(progress: GoalProgress) -> tuple[Text, Text]:
    """`Lead a cross-team project  overdue` and, below it, `0/1 actions; 14 days past the
    target 2026-11-16`: a goal at risk in two lines that read on their own."""
    from mentee.export.review import goal_state
    from mentee.timeline import status_text

    goal = progress.goal
    title = plain(goal.title)
    title.append("  ")
    title.append(status_text(progress.status), style=TIMELINE_STYLES.get(progress.status, ""))
    pieces = [f"target {goal.target}"] if goal.target else []
    if progress.total:
        pieces.append(f"{progress.done}/{progress.total} {progress.measured_by} done")
    state = goal_state(progress, True, True)
    if state:
        pieces.append(escape(state))
    return title, Text("; ".join(pieces), style="dim")


def reach_line(mentor: Mentor, now: datetime) -> Text:
    """`Their time now: Mon 09:14 (Europe/Berlin). Prefers video; answers within 1-2 days.`"""
    line = Text("")
    if mentor.timezone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            local = now.astimezone(ZoneInfo(mentor.timezone))
            line.append(f"Their time now: {local.strftime('%a %H:%M')} (")
            line.append_text(plain(mentor.timezone))
            line.append("). ")
        except (ZoneInfoNotFoundError, ValueError, OSError):
            line.append("Unknown time zone: ", style="yellow")
            line.append_text(plain(mentor.timezone))
            line.append(". ")
    if mentor.channel:
        line.append(f"Prefers {mentor.channel}")
        line.append("; " if mentor.response_time else ". ")
    if mentor.response_time:
        line.append("usually answers: ")
        line.append_text(plain(mentor.response_time))
        line.append(".")
    return line


# -- the review ---------------------------------------------------------------------------

BAR_WIDTH = 30


def progress_bar(progress: float | None, expected: float | None, style: str) -> Text:
    """`███████░░░░│░░░░░░`: done so far, with `│` where it should be by now."""
    cells = ["░"] * BAR_WIDTH
    filled = 0 if progress is None else round(progress * BAR_WIDTH)
    for i in range(filled):
        cells[i] = "█"
    marker = None if expected is None else min(round(expected * BAR_WIDTH), BAR_WIDTH - 1)
    bar = Text("[")
    for i, cell in enumerate(cells):
        if i == marker:
            bar.append("│", style="bold")
        else:
            bar.append(cell, style=style if cell == "█" else "dim")
    bar.append("]")
    return bar


def review_view(review: Review) -> Renderable:
    from mentee.export.review import forecast_cell, goal_state, period_name
    from mentee.timeline import status_text

    parts: list[Renderable] = [
        Text.assemble(
            Text("Review ", style="bold"),
            Text(f"{review.since} to {review.as_of}", style="dim"),
        )
    ]
    if review.goals:
        parts += [Text(""), _heading("Goals")]
        for item in review.goals:
            status_name = item.status.value
            style = TIMELINE_STYLES.get(status_name, "")
            title = plain(item.goal.title)
            title.append("  ")
            title.append(status_text(item.status), style=style)
            parts.append(title)
            share = 1.0 if status_name == "achieved" else item.progress
            details = []
            if item.total:
                details.append(f"{item.done}/{item.total} {item.measured_by} done")
                if status_name in ("behind", "ahead", "on_track"):
                    details.append(f"{item.due_by_now} due by now")
            if item.goal.target:
                details.append(f"target {item.goal.target}")
            if item.forecast and status_name != "achieved":
                details.append(f"forecast {forecast_cell(item)}")
            row = Table.grid(padding=(0, 1))
            row.add_column(no_wrap=True)
            row.add_column(overflow="fold", ratio=1)
            row.add_row(
                Text.assemble("  ", progress_bar(share, item.expected, style or "green")),
                Text(", ".join(details), style="dim"),
            )
            state = goal_state(item)
            if state:
                row.add_row(Text(""), Text(escape(state), style=style or "dim"))
            for change in item.goal.timeline:
                moved = Text(
                    f"moved {change.from_ or 'none'} -> {change.to or 'none'} on {change.date}: ",
                    style="dim",
                )
                moved.append_text(plain(change.reason))
                row.add_row(Text(""), moved)
            parts.append(row)
    if review.mentors:
        table = _table("name", "last met", "cadence", "next due", "")
        for cadence in review.mentors:
            table.add_row(
                plain(cadence.mentor.name),
                Text(str(cadence.last_met or "never")),
                Text(f"{cadence.mentor.cadence_days}d" if cadence.mentor.cadence_days else ""),
                Text(str(cadence.next_due or "")),
                Text("overdue", style="bold red")
                if cadence.overdue
                else status(cadence.mentor.status)
                if cadence.mentor.status != "active"
                else Text(""),
            )
        parts += [Text(""), _heading("Mentors"), table]
    feedback = review.feedback_by_kind()
    notes = review.notes_by_kind()
    before = review.previous
    name = period_name(before) if before is not None else ""

    def then(count: int) -> str:
        return f" ({count} {name})" if before is not None else ""

    summary = Table.grid(padding=(0, 2))
    summary.add_column(style="bold")
    summary.add_column()
    summary.add_row(
        "actions",
        f"{len(review.done)} done{then(before.done if before else 0)}, "
        f"{len(review.open)} open, {len(review.overdue)} overdue",
    )
    if review.milestones:
        summary.add_row("milestones", f"{len(review.milestones)} reached")
    if review.promises_done or review.promises_open:
        summary.add_row(
            "mentors' promises",
            f"{len(review.promises_done)} kept, {len(review.promises_open)} open",
        )
    summary.add_row(
        "feedback",
        ", ".join(f"{n} {k}" for k, n in feedback.items())
        + then(sum(before.feedback.values()) if before else 0),
    )
    summary.add_row(
        "progress log",
        ", ".join(plural(n, k) for k, n in notes.items())
        + then(sum(before.notes.values()) if before else 0),
    )
    summary.add_row(
        "meetings",
        f"{len(review.held)} held{then(before.held if before else 0)}, "
        f"{len(review.cancelled)} cancelled",
    )
    parts += [Text(""), _heading(f"Since {review.since}"), summary]
    if review.suggestions:
        parts += [Text(""), _heading("Suggestions")]
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="yellow")
        grid.add_column(overflow="fold", ratio=1)
        for suggestion in review.suggestions:
            text = plain(suggestion.text)
            if suggestion.hint:
                text.append(f"\n{suggestion.hint}", style="dim")
            grid.add_row(Text(f"  {suggestion.kind}"), text)
        parts.append(grid)
    return Group(*parts)
