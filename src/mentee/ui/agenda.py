"""The next agenda on the terminal (`mentee agenda next`): numbered sections, the mentor's
promises apart, private items flagged."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

from mentee.kinds import ActionStatus
from mentee.render import Group, Renderable, Table, Text
from mentee.ui import KIND_STYLES, heading, plain
from mentee.ui.progress import progress_text

if TYPE_CHECKING:
    from mentee.agenda import ActionItem, Agenda
    from mentee.models import Topic


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
    parts: list[Renderable] = [Text(""), heading(title)]
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
    sections: list[tuple[str, Sequence[tuple[Text, Text] | Text]]] = [
        ("1. Follow-ups", _follow_ups(agenda)),
        (
            "2. Progress",
            [
                _by_kind(n.kind, 9, Text.assemble((f"{n.date}  ", "dim"), plain(n.text)), n.private)
                for n in agenda.notes
            ],
        ),
        (
            "3. Feedback",
            [
                _by_kind(
                    f.kind,
                    12,
                    Text.assemble(
                        (f"{f.date} from ", "dim"), plain(agenda.source_of(f)), ": ", plain(f.text)
                    ),
                    f.private,
                )
                for f in agenda.feedback
            ],
        ),
        ("4. Topics", [(Text("  -"), _topic(t)) for t in agenda.topics]),
        ("5. Goals", _goals(agenda)),
    ]
    parts += [_section(title, rows) for title, rows in sections if rows]
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


def _follow_ups(agenda: Agenda) -> list[tuple[Text, Text] | Text]:
    """The actions done and still open since the last meeting, then the mentor's own
    promises under a line of their own."""
    rows: list[tuple[Text, Text] | Text] = []
    rows += [(Text("  [x]", style="green"), _agenda_action(i)) for i in agenda.done]
    rows += [(Text("  [ ]"), _agenda_action(i)) for i in agenda.open]
    if agenda.promises_done:
        rows.append(Text("  Done by your mentor (thank them):", style="dim"))
        rows += [(Text("  [x]", style="green"), _agenda_action(i)) for i in agenda.promises_done]
    if agenda.promises:
        rows.append(Text("  Offered by your mentor (a gentle reminder):", style="dim"))
        rows += [(Text("  [ ]"), _agenda_action(i)) for i in agenda.promises]
    return rows


def _by_kind(kind: str, width: int, text: Text, is_private: bool) -> tuple[Text, Text]:
    """A row marked by its kind (`win`, `praise`...) in the kind's colour."""
    return Text(f"  {kind:<{width}}", style=KIND_STYLES.get(kind, "")), _flag_private(
        text, is_private
    )


def _topic(topic: Topic) -> Text:
    text = plain(topic.text)
    if topic.mentor is None:
        text.append("  (for any mentor)", style="dim")
    return _flag_private(text, topic.private)


def _goals(agenda: Agenda) -> list[tuple[Text, Text] | Text]:
    """Each goal's progress, then the target changes and milestones due since."""
    rows: list[tuple[Text, Text] | Text] = []
    for goal_item in agenda.goals:
        upcoming = not goal_item.milestones_due  # else listed just below
        rows.append((Text("  -"), progress_text(goal_item.progress, upcoming)))
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
    return rows
