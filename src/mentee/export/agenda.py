"""The next agenda as JSON, Markdown (to paste into an email) and plain text (an email's body,
an invitation's description: its iCalendar form is in `export.ics`).

Pure: an `Agenda` in, a document out. Private items are left out of the formats meant to be
sent (markdown, ics) unless the caller passes the agenda as is (`--include-private`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from mentee.agenda import ActionItem, Agenda, GoalItem
from mentee.messages import meeting_time
from mentee.text import escape
from mentee.text import markdown_inline as md
from mentee.timeline import GoalProgress, status_text
from mentee.views import to_json

if TYPE_CHECKING:
    from mentee.models import Retarget

# -- JSON ---------------------------------------------------------------------------------


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    """SPEC's keys: mentor, meeting, since, done, open, notes, feedback, topics, goals, empty.

    `done` is the mentee's own work; what the mentor promised and has done since is in
    `mentor_done`, so it never reads as the mentee's. The mentor's open promises are in
    `open` with `"owner": "mentor"`. The mentor carries the derived `goals` (every goal
    that lists them).
    """
    return {
        "mentor": {**to_json(agenda.mentor), "goals": list(agenda.served)},
        "meeting": to_json(agenda.meeting) if agenda.meeting else None,
        "since": agenda.since.isoformat() if agenda.since else None,
        "done": [_action_json(i) for i in agenda.done],
        "mentor_done": [_action_json(i) for i in agenda.promises_done],
        "open": [_action_json(i) for i in (*agenda.open, *agenda.promises)],
        "notes": [to_json(n) for n in agenda.notes],
        "feedback": [to_json(f) for f in agenda.feedback],
        "topics": [to_json(t) for t in agenda.topics],
        "goals": [goal_item_json(g) for g in agenda.goals],
        "empty": agenda.empty,
    }


def _action_json(item: ActionItem) -> dict[str, Any]:
    return {
        **to_json(item.action),
        "overdue": item.overdue,
        "carried": item.carried,
        "on_agenda_since": item.on_agenda_since.isoformat() if item.on_agenda_since else None,
        "decide": item.decide,
    }


def progress_json(progress: GoalProgress) -> dict[str, Any]:
    """A goal's progress as the agenda's JSON shows it: id, title, status, expected and actual
    progress (to 3 places), target and forecast."""
    goal = progress.goal
    return {
        "id": goal.id,
        "title": goal.title,
        "status": progress.status.value,
        "expected": _round(progress.expected),
        "progress": _round(progress.progress),
        "target": goal.target.isoformat() if goal.target else None,
        "forecast": progress.forecast.isoformat() if progress.forecast else None,
    }


def goal_item_json(item: GoalItem) -> dict[str, Any]:
    """A goal on the agenda as JSON: its progress, the milestones due and the target changes."""
    return {
        **progress_json(item.progress),
        "milestones_due": [
            {"number": n, "title": m.title, "due": m.due.isoformat() if m.due else None}
            for n, m in item.milestones_due
        ],
        "retargets": [retarget_json(t) for t in item.retargets],
    }


def retarget_json(change: Retarget) -> dict[str, Any]:
    """One change of a goal's target as JSON: the day, the old and new target and the reason."""
    return {
        "date": change.date.isoformat(),
        "from": change.from_.isoformat() if change.from_ else None,
        "to": change.to.isoformat() if change.to else None,
        "reason": change.reason,
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# -- plain lines, shared by Markdown and the invitation's description ----------------------


def progress_phrase(progress: GoalProgress, upcoming: bool = True) -> str:
    """`on track: 2/4 milestones done, next: milestone 3 'Launch', due 2027-01-15; target
    2027-06-21`; for a goal behind, the unit that is late. `upcoming`: name the next unit
    (not when the agenda lists the milestones due soon anyway)."""
    from mentee.timeline import goal_state

    details = []
    if progress.total:
        details.append(f"{progress.done}/{progress.total} {progress.measured_by} done")
    state = goal_state(progress, upcoming, forecast=True)
    if state:
        details.append(state)
    text = status_text(progress.status) + (": " + ", ".join(details) if details else "")
    target = progress.goal.target
    if target is not None:
        text += f"; target {target.isoformat()}"
    return text


def retarget_phrase(change: Retarget) -> str:
    """`target moved from 2027-03-01 to 2027-06-01 on 2026-11-02: promotion cycle moved`."""
    before = change.from_.isoformat() if change.from_ else "none"
    after = change.to.isoformat() if change.to else "none"
    reason = f": {change.reason}" if change.reason else ""
    return f"target moved from {before} to {after} on {change.date.isoformat()}{reason}"


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def meeting_title(agenda: Agenda, zone: tzinfo | None = None) -> str:
    """`Priya Raman, Tue 2026-11-17 12:00 (09:00 for Priya, America/Los_Angeles)`: the
    meeting's time with the mentor's own when their zone differs (`zone`: the mentee's)."""
    if agenda.meeting is not None:
        return f"{agenda.mentor.name}, {meeting_time(agenda.meeting.at, agenda.mentor, zone)}"
    return f"{agenda.mentor.name}, next meeting"


def _action_line(item: ActionItem, escape: Any) -> str:
    action = item.action
    details = []
    if action.status == "done" and action.done:
        details.append(f"done {action.done.isoformat()}")
    elif action.due:
        details.append(f"due {action.due.isoformat()}" + (", overdue" if item.overdue else ""))
    if item.carried:
        since = f" since {item.on_agenda_since.isoformat()}" if item.on_agenda_since else ""
        times = "once" if item.carried == 1 else f"{item.carried} times"
        details.append(f"on the agenda {times}{since}")
    suffix = f" ({'; '.join(details)})" if details else ""
    return f"{escape(action.title)}{suffix}"


# -- Markdown, and the plain text of the email ---------------------------------------------


@dataclass(frozen=True)
class _Style:
    """How the agenda document writes user text, emphasis and section headings."""

    text: Callable[[str], str]
    strong: Callable[[str], str]
    heading: Callable[[str], str]


MARKDOWN = _Style(text=md, strong=lambda t: f"**{t}**", heading=lambda t: f"## {t}")
# A plain text mail: user text shown literally (controls escaped), headings as labels.
PLAIN = _Style(text=escape, strong=lambda t: t, heading=lambda t: f"{t}:")


def agenda_markdown(agenda: Agenda, zone: tzinfo | None = None) -> str:
    """The agenda to paste into an email or a doc (pass `without_private()` to send it).

    `zone`: the mentee's time zone; the heading gives the mentor's time beside it.
    """
    title = [f"# Agenda: {md(meeting_title(agenda, zone))}", ""]
    return "\n".join(title + _document(agenda, MARKDOWN)).rstrip() + "\n"


def agenda_text(agenda: Agenda) -> str:
    """The agenda's sections as plain text, the body of `agenda next --format email`
    (the same items as the Markdown agenda, without Markdown's escapes and marks)."""
    return "\n".join(_document(agenda, PLAIN)).rstrip() + "\n"


def _document(agenda: Agenda, style: _Style) -> list[str]:
    text, strong = style.text, style.strong

    def section(title: str, items: list[str]) -> list[str]:
        return [style.heading(title), "", *items, ""] if items else []

    lines: list[str] = []
    if agenda.since is not None:
        lines += [f"Since our last meeting on {agenda.since.isoformat()}.", ""]
    if agenda.empty:
        lines += [
            "Nothing new to discuss since our last meeting."
            if agenda.since is not None
            else "Nothing new to discuss yet.",
            "",
        ]
    if agenda.done or agenda.open or agenda.promises or agenda.promises_done:
        lines += [style.heading("Follow-ups"), ""]
        lines += [f"- [x] {_action_line(i, text)}" for i in agenda.done]
        for carried in agenda.open:
            line = f"- [ ] {_action_line(carried, text)}"
            if carried.decide:
                line += ": time to decide: do it, re-plan it or drop it"
            lines.append(line)
        if agenda.promises_done:
            lines += ["", "Done on your side, thank you:", ""]
            lines += [f"- {_action_line(i, text)}" for i in agenda.promises_done]
        if agenda.promises:
            lines += ["", "When you have a moment, on your side:", ""]
            lines += [f"- {_action_line(i, text)}" for i in agenda.promises]
        lines.append("")
    lines += section(
        "Progress",
        [
            f"- {strong(n.kind.capitalize())} ({n.date.isoformat()}): {text(n.text)}"
            for n in agenda.notes
        ],
    )
    lines += section(
        "Feedback received",
        [
            f"- {f.kind.capitalize()} from {text(agenda.source_of(f))} ({f.date.isoformat()}): "
            f"{text(f.text)}"
            for f in agenda.feedback
        ],
    )
    lines += section("Topics", [f"- {text(t.text)}" for t in agenda.topics])
    if agenda.goals:
        lines += [style.heading("Goals"), ""]
        for goal_item in agenda.goals:
            progress = goal_item.progress
            phrase = progress_phrase(progress, upcoming=not goal_item.milestones_due)
            lines.append(f"- {strong(text(progress.goal.title))}: {text(phrase)}")
            lines += [f"  - {text(_first_upper(retarget_phrase(t)))}" for t in goal_item.retargets]
            lines += [
                f"  - Milestone {n} due {m.due.isoformat() if m.due else ''}: {text(m.title)}"
                for n, m in goal_item.milestones_due
            ]
        lines.append("")
    return lines


def agenda_plain(agenda: Agenda, zone: tzinfo | None = None) -> str:
    """The agenda as plain text, for a calendar invitation's description (`zone`: the
    mentee's time zone; the heading gives the mentor's time beside it)."""

    def section(title: str, items: list[str]) -> list[str]:
        return ["", f"{title}:", *items] if items else []

    lines = [f"Agenda: {meeting_title(agenda, zone)}"]
    if agenda.since is not None:
        lines.append(f"Since our last meeting on {agenda.since.isoformat()}.")
    lines += section(
        "Follow-ups",
        [
            *(f"[x] {_action_line(i, str)}" for i in agenda.done),
            *(f"[ ] {_action_line(i, str)}" for i in agenda.open),
            *(f"(your side, done) {_action_line(i, str)}" for i in agenda.promises_done),
            *(f"(your side) {_action_line(i, str)}" for i in agenda.promises),
        ],
    )
    lines += section("Progress", [f"- {n.kind}: {n.text}" for n in agenda.notes])
    lines += section(
        "Feedback received",
        [f"- {f.kind} from {agenda.source_of(f)}: {f.text}" for f in agenda.feedback],
    )
    lines += section("Topics", [f"- {t.text}" for t in agenda.topics])
    lines += section(
        "Goals",
        [
            line
            for item in agenda.goals
            for line in (
                f"- {item.progress.goal.title}: {progress_phrase(item.progress)}",
                *(f"  {_first_upper(retarget_phrase(t))}" for t in item.retargets),
            )
        ],
    )
    return "\n".join(lines)
