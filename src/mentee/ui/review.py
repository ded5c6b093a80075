"""The review on the terminal (`mentee review`): each goal's progress against its plan,
mentors' cadence, the period in numbers, suggestions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentee.render import Group, Renderable, Table, Text
from mentee.text import escape, plural
from mentee.ui import heading, list_table, plain, status
from mentee.ui.progress import TIMELINE_STYLES, headline, progress_bar

if TYPE_CHECKING:
    from mentee.attention import Cadence
    from mentee.review import Review
    from mentee.timeline import GoalProgress


def review_view(review: Review) -> Renderable:
    """The review for the terminal: the goals (a bar each: done so far, and where it should
    be by now), the mentors' cadence, the period against the one before, suggestions."""
    parts: list[Renderable] = [
        Text.assemble(
            Text("Review ", style="bold"),
            Text(f"{review.since} to {review.as_of}", style="dim"),
        )
    ]
    if review.current_goals or review.achieved_before:
        parts += [Text(""), heading("Goals")]
        for item in review.current_goals:
            parts += _goal(item)
        if review.achieved_before:
            hint = " (--since widens the period)"
            if review.current_goals:
                parts.append(Text(""))
            parts.append(Text(review.achieved_before_text + hint, style="dim"))
    if review.mentors:
        table = list_table("name", "last met", "cadence", "next due", "")
        for cadence in review.mentors:
            table.add_row(
                plain(cadence.mentor.name),
                Text(str(cadence.last_met or "never")),
                Text(f"{cadence.mentor.cadence_days}d" if cadence.mentor.cadence_days else ""),
                _next_due(cadence),
                _mentor_flag(cadence),
            )
        parts += [Text(""), heading("Mentors"), table]
    if review.unlogged:
        parts += _unlogged(review)
    feedback = review.feedback_by_kind()
    notes = review.notes_by_kind()
    before = review.previous
    name = before.name if before is not None else ""

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
        f"{len(review.cancelled)} cancelled"
        + (f", {len(missed)} unlogged" if (missed := review.unlogged_in_period) else ""),
    )
    parts += [Text(""), heading(f"Since {review.since}"), summary]
    if review.suggestions:
        parts += [Text(""), heading("Suggestions")]
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


def _next_due(cadence: Cadence) -> Text:
    """When the next meeting is: the planned one that is not over (`2026-12-10 planned`);
    else, with a meeting over and not logged, that meeting's day (the flag beside it says
    so); else when the cadence says it is due. A planned meeting replaces the cadence's date,
    which may be long past when the mentor was last met long ago."""
    if cadence.upcoming is not None:
        return Text.assemble(str(cadence.upcoming.at.date()), (" planned", "dim"))
    if cadence.unlogged:
        return Text(str(cadence.unlogged[-1].at.date()))
    return Text(str(cadence.next_due or ""))


def _mentor_flag(cadence: Cadence) -> Text:
    """`unlogged` (a meeting is over and not logged), `overdue`, or a status other than
    active."""
    if cadence.unlogged:
        return Text("unlogged", style="bold red")
    if cadence.overdue:
        return Text("overdue", style="bold red")
    if cadence.mentor.status != "active":
        return status(cadence.mentor.status)
    return Text("")


def _unlogged(review: Review) -> list[Renderable]:
    """Each meeting over and not logged: log it or cancel it, with the commands that do."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold", ratio=1)
    for meeting in review.unlogged:
        line = plain(review.unlogged_sentence(meeting) + ": log it or cancel it")
        line.stylize("yellow")
        line.append(
            f"\nmentee meeting log {meeting.id}, or mentee meeting cancel {meeting.id}",
            style="dim",
        )
        grid.add_row(Text(" "), line)
    return [Text(""), grid]


def _goal(item: GoalProgress) -> list[Renderable]:
    """One goal in the review: its headline, then its bar (done so far against where it should
    be by now) with the counts, target and forecast, its state, and each target change."""
    from mentee.timeline import forecast_cell, goal_state

    status_name = item.status.value
    style = TIMELINE_STYLES.get(status_name, "")
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
    return [headline(item), row]
