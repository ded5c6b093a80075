"""The dashboard (`mentee` alone): meetings to log, the next meeting, overdue actions, goals
at risk and goals whose every unit is done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentee.kinds import Kind
from mentee.render import Group, Renderable, Table, Text
from mentee.text import plural
from mentee.ui import Lookup, plain
from mentee.ui.lists import records_table
from mentee.ui.progress import achieve_hint, progress_lines

if TYPE_CHECKING:
    from collections.abc import Sequence

    from mentee.dashboard import Dashboard
    from mentee.timeline import GoalProgress


def dashboard_view(board: Dashboard, lookup: Lookup) -> Renderable:
    """What `mentee` alone shows: what to do first at the top (meetings to log), then the
    next meeting, overdue actions, goals at risk and goals whose every unit is done (to mark
    achieved); a first step in an empty journal."""
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
        parts += [_goal_rows(board.at_risk), Text("")]
    if board.all_done:
        # Not at risk, even past the target: the work is done and the goal waits to be marked
        # achieved (the review's `achieve` suggestion says the same).
        parts.append(
            Text(f"Goals with everything done ({len(board.all_done)})", style="bold green")
        )
        parts += [_goal_rows(board.all_done, hint=True), Text("")]
    if not any(
        (
            board.next_meeting,
            board.unlogged,
            board.overdue,
            board.at_risk,
            board.all_done,
            board.active_goals,
        )
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


def _goal_rows(goals: Sequence[GoalProgress], hint: bool = False) -> Table:
    """Each goal's id, then its title and status word, what is late on a line of its own (at
    80 columns one long line wrapped in the middle of a sentence), and with `hint` how to
    mark it achieved."""
    rows = Table.grid(padding=(0, 1))
    rows.add_column(no_wrap=True)
    rows.add_column(overflow="fold", ratio=1)
    for progress in goals:
        title, detail = progress_lines(progress)
        rows.add_row(Text(f"  {progress.goal.id}"), title)
        rows.add_row(Text(""), detail)
        if hint:
            rows.add_row(Text(""), Text(achieve_hint(progress), style="dim"))
    return rows
