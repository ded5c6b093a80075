"""One record's view (`mentee goal show`...): every field that has a value, related records
by name, a meeting's and a mentor's time in the mentor's zone beside the mentee's."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from mentee.kinds import Kind
from mentee.render import Group, Renderable, Table, Text
from mentee.text import capped, escape_block
from mentee.ui import Lookup, plain, status
from mentee.views import goals_of, serves

if TYPE_CHECKING:
    from mentee.models import Goal, Meeting, Mentor, Record


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
    """A field's value as `show` writes it: related records by name (and id), statuses in
    colour, a goal's milestones and target changes and a meeting's agenda one a line, lists
    one item a line, the user's text escaped and capped."""
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
        return _milestones(cast("Goal", record))
    if name == "timeline" and record.KIND == Kind.GOAL:
        return _timeline(cast("Goal", record))
    if name == "agenda" and record.KIND == Kind.MEETING:
        return _agenda(cast("Meeting", record))
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


def _milestones(goal: Goal) -> Group:
    """A goal's milestones, numbered, each `[x]` when done, with the day due and the day done."""
    lines = []
    for number, milestone in enumerate(goal.milestones, start=1):
        mark = "[x]" if milestone.done else "[ ]"
        line = Text(f"{number}. {mark} ")
        line.append_text(plain(milestone.title))
        if milestone.due:
            line.append(f"  due {milestone.due}", style="dim")
        if milestone.done:
            line.append(f"  done {milestone.done}", style="green")
        lines.append(line)
    return Group(*lines)


def _timeline(goal: Goal) -> Group:
    """A goal's target changes: `DATE: FROM -> TO  reason` each."""
    return Group(
        *(
            Text.assemble(
                Text(f"{entry.date}: {entry.from_ or 'none'} -> {entry.to or 'none'}  "),
                plain(entry.reason),
            )
            for entry in goal.timeline
        )
    )


def _agenda(meeting: Meeting) -> Group:
    """A meeting's agenda under its sections' titles, as the agenda names them (Follow-ups,
    Progress, ...), each item with its decision unless it was discussed."""
    from mentee.meetings import agenda_mark, agenda_sections

    lines = []
    for title, items in agenda_sections(meeting.agenda):
        heading = plain(title)
        heading.stylize("bold")
        lines.append(heading)
        for item in items:
            line = Text.assemble(f"  {agenda_mark(item)} ", plain(item.text))
            if item.decision and item.decision != "discussed":
                line.append(f"  ({item.decision})", style="yellow")
            lines.append(line)
    return Group(*lines)


def _meeting_time(meeting: Meeting, lookup: Lookup) -> Text:
    """The meeting's time, and the mentor's local time beside it (SPEC: Dates)."""
    from mentee.messages import mentor_local

    line = Text(meeting.at.isoformat(sep=" ", timespec="minutes"))
    mentor = lookup.mentors.get(meeting.mentor)
    theirs = mentor_local(meeting.at, mentor)
    if mentor is None or theirs is None:
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


def reach_line(mentor: Mentor, now: datetime) -> Text:
    """`Their time now: Mon 09:14 (Europe/Berlin). Prefers video; answers within 1-2 days.`"""
    line = Text("")
    if mentor.timezone:
        from mentee.messages import mentor_local

        local = mentor_local(now, mentor)
        if local is not None:
            line.append(f"Their time now: {local.strftime('%a %H:%M')} (")
        else:
            line.append("Unknown time zone: ", style="yellow")
        line.append_text(plain(mentor.timezone))
        line.append("). " if local is not None else ". ")
    if mentor.channel:
        line.append(f"Prefers {mentor.channel}")
        line.append("; " if mentor.response_time else ". ")
    if mentor.response_time:
        line.append("usually answers: ")
        line.append_text(plain(mentor.response_time))
        line.append(".")
    return line
