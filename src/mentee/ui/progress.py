"""A goal's progress in the views: its headline (title and status word), on one line with
its numbers (the agenda), on two lines (the dashboard), and as a bar (the review)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentee.render import Text
from mentee.text import escape
from mentee.timeline import goal_state, status_text
from mentee.ui import plain

if TYPE_CHECKING:
    from mentee.timeline import GoalProgress

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


def headline(progress: GoalProgress) -> Text:
    """`Promoted to senior  behind`: the goal's title and its status word, in its colour."""
    line = plain(progress.goal.title)
    line.append("  ")
    line.append(status_text(progress.status), style=TIMELINE_STYLES.get(progress.status, ""))
    return line


def progress_text(progress: GoalProgress, upcoming: bool = True, forecast: bool = True) -> Text:
    """`Promoted to senior  behind  1/4 milestones; milestone 2 'Design review' was due
    2026-11-10 and is not done  target 2027-06-30`."""
    line = headline(progress)
    if progress.total:
        line.append(f"  {progress.done}/{progress.total} {progress.measured_by}")
    state = goal_state(progress, upcoming, forecast)
    if state:
        line.append("; ", style="dim")
        line.append_text(Text(escape(state), style="dim"))
    if progress.goal.target:
        line.append(f"  target {progress.goal.target}", style="dim")
    return line


def progress_lines(progress: GoalProgress) -> tuple[Text, Text]:
    """`Lead a cross-team project  overdue` and, below it, `0/1 actions; 14 days past the
    target 2026-11-16`: a goal at risk in two lines that read on their own."""
    target = progress.goal.target
    pieces = [f"target {target}"] if target else []
    if progress.total:
        pieces.append(f"{progress.done}/{progress.total} {progress.measured_by} done")
    state = goal_state(progress, True, True)
    if state:
        pieces.append(escape(state))
    return headline(progress), Text("; ".join(pieces), style="dim")


def achieve_hint(progress: GoalProgress) -> str:
    """What to do with a goal whose every unit is done, as the review's `achieve` suggestion
    says it: milestones are the plan of the whole goal; actions only what was agreed so far."""
    command = f"mentee goal done {progress.goal.id}"
    if progress.measured_by == "milestones":
        return f"mark it achieved: {command}"
    return f"mark it achieved if it is ({command}), or plan what comes next"


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
