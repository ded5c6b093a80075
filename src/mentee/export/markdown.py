"""`export --format markdown`: the whole journal (or the chosen kinds) as one readable page.

Every piece of user text goes through `text.markdown_inline`, so it reads literally and can
never start a heading, a list, a link, an image or raw HTML. Multi-line text keeps its lines
(hard line breaks inside a quote). Private items are included and flagged: this is the
journal's owner's copy, not a message to send.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from mentee.agenda import RecordSet
from mentee.export.records import selected
from mentee.kinds import ActionStatus, Kind, Owner
from mentee.meetings import agenda_mark, agenda_sections
from mentee.text import markdown_inline as md

if TYPE_CHECKING:
    from mentee.models import Action, Goal, Meeting, Mentor, Record

TITLES = {
    Kind.GOAL: "Goals",
    Kind.MENTOR: "Mentors",
    Kind.MEETING: "Meetings",
    Kind.ACTION: "Action items",
    Kind.FEEDBACK: "Feedback",
    Kind.NOTE: "Notes",
    Kind.TOPIC: "Topics",
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Names:
    """Names to show for the ids records point to (a mentor's name, a goal's title)."""

    def __init__(self, journal: RecordSet) -> None:
        self.mentors = {m.id: m.name for m in journal.mentors}
        self.goals = {g.id: g.title for g in journal.goals}
        self.meetings = {m.id: m.at.strftime("%Y-%m-%d %H:%M") for m in journal.meetings}
        self.actions = {a.id: a.title for a in journal.actions}

    def mentor(self, mentor_id: str) -> str:
        return md(self.mentors.get(mentor_id, mentor_id))

    def goal(self, goal_id: str) -> str:
        return md(self.goals.get(goal_id, goal_id))

    def action(self, action_id: str) -> str:
        return md(self.actions.get(action_id, action_id))

    def meeting(self, meeting_id: str) -> str:
        return md(self.meetings.get(meeting_id, meeting_id))


def export_markdown(journal: RecordSet, kinds: Iterable[Kind], today: date) -> str:
    """The journal as one Markdown document as of `today`: a section for each kind asked for,
    records named by their titles, not their ids."""
    names = _Names(journal)
    lines = ["# Mentoring journal", "", f"As of {today.isoformat()}.", ""]
    renderers: dict[Kind, Callable[[Any, _Names], list[str]]] = {
        Kind.GOAL: _goal,
        Kind.MENTOR: _mentor,
        Kind.MEETING: _meeting,
    }
    for kind, records in selected(journal, kinds):
        lines += [f"## {TITLES[kind]}", ""]
        if not records:
            lines += ["None yet.", ""]
            continue
        if kind in renderers:
            for record in _ordered(kind, records):
                lines += renderers[kind](record, names)
                lines += _extras(record, "- ")
                lines.append("")
        else:
            for record in _ordered(kind, records):
                lines += _item(record, names)
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _ordered(kind: Kind, records: Sequence[Record]) -> list[Any]:
    def key(record: Any) -> tuple[Any, ...]:
        if kind == Kind.GOAL:
            return (record.target is None, record.target or date.max, record.title, record.id)
        if kind == Kind.MENTOR:
            return (record.name.casefold(), record.id)
        if kind == Kind.MEETING:
            return (record.at, record.id)
        if kind == Kind.ACTION:
            order = {ActionStatus.OPEN: 0, ActionStatus.DONE: 1, ActionStatus.DROPPED: 2}
            return (order.get(record.status, 3), record.due or date.max, record.title, record.id)
        if kind in (Kind.FEEDBACK, Kind.NOTE):
            return (record.date, record.id)
        created = record.created.isoformat() if record.created else ""
        return (created, record.id)

    return sorted(records, key=key)


# -- pieces ------------------------------------------------------------------------------


def _field(label: str, text: str | None) -> list[str]:
    """`- Label: text`, or the label and a quote of the lines when the text has several."""
    if text is None or text == "":
        return []
    lines = _LINE_BREAK.split(text)
    if len(lines) == 1:
        return [f"- {label}: {md(text)}"]
    # A quote with a hard break (two spaces) after each line keeps the lines as written.
    return [f"- {label}:", *(f"  > {md(line)}  " if line else "  >" for line in lines)]


def _joined(label: str, values: Sequence[str]) -> list[str]:
    return [f"- {label}: {', '.join(values)}"] if values else []


def _flags(*flags: str | None) -> str:
    shown = [f for f in flags if f]
    return f" ({'; '.join(shown)})" if shown else ""


def _extras(record: Record, prefix: str) -> list[str]:
    """Keys this version of mentee does not know, shown as they are."""
    return [
        f"{prefix}{md(key)}: {md(value if isinstance(value, str) else _plain(value))}"
        for key, value in record.extras.items()
    ]


def _plain(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


# -- goals, mentors, meetings: a section each --------------------------------------------


def _goal(goal: Goal, names: _Names) -> list[str]:
    lines = [f"### {md(goal.title)}", ""]
    dates = [f"status {goal.status}"]
    if goal.start:
        dates.append(f"started {goal.start.isoformat()}")
    if goal.target:
        dates.append(f"target {goal.target.isoformat()}")
    if goal.achieved:
        dates.append(f"achieved {goal.achieved.isoformat()}")
    lines.append(f"- {', '.join(dates)}; id {goal.id}")
    lines += _field("Why", goal.why)
    lines += _field("Where I stand", goal.baseline)
    lines += _field("What done looks like", goal.success)
    lines += _joined("Mentors", [names.mentor(m) for m in goal.mentors])
    lines += _joined("Tags", [md(t) for t in goal.tags])
    if goal.milestones:
        lines.append("- Milestones:")
        for milestone in goal.milestones:
            box = "x" if milestone.done else " "
            details = _flags(
                f"due {milestone.due.isoformat()}" if milestone.due else None,
                f"done {milestone.done.isoformat()}" if milestone.done else None,
            )
            lines.append(f"  - [{box}] {md(milestone.title)}{details}")
    if goal.timeline:
        lines.append("- Target changes:")
        for change in goal.timeline:
            before = change.from_.isoformat() if change.from_ else "none"
            after = change.to.isoformat() if change.to else "none"
            reason = f": {md(change.reason)}" if change.reason else ""
            lines.append(f"  - {change.date.isoformat()}, {before} to {after}{reason}")
    return lines


def _mentor(mentor: Mentor, names: _Names) -> list[str]:  # noqa: ARG001 - a renderer's shape
    lines = [f"### {md(mentor.name)}", ""]
    lines.append(f"- status {mentor.status}; id {mentor.id}")
    work = " at ".join(md(p) for p in (mentor.role, mentor.org) if p)
    if work:
        lines.append(f"- Works as: {work}")
    lines += _field("Email", mentor.email)
    lines += _field("Phone", mentor.phone)
    lines += _field("Prefers", mentor.channel)
    lines += _field("Availability", mentor.availability)
    lines += _field("Replies within", mentor.response_time)
    lines += _field("Time zone", mentor.timezone)
    if mentor.cadence_days:
        lines.append(f"- Meet every {mentor.cadence_days} days")
    if mentor.since:
        lines.append(f"- Mentor since {mentor.since.isoformat()}")
    lines += _joined("Expertise", [md(e) for e in mentor.expertise])
    lines += _joined("Links", [md(link) for link in mentor.links])
    lines += _field("How we met", mentor.met)
    lines += _field("Why a good match", mentor.why)
    lines += _field("Notes", mentor.notes)
    if mentor.thanks:
        lines.append("- Thanks:")
        lines += [f"  - {t.date.isoformat()}: {md(t.text)}" for t in mentor.thanks]
    return lines


def _meeting(meeting: Meeting, names: _Names) -> list[str]:
    when = meeting.at.strftime("%a %Y-%m-%d %H:%M")
    lines = [f"### {when} with {names.mentor(meeting.mentor)}", ""]
    length = f", {meeting.duration} minutes" if meeting.duration else ""
    lines.append(f"- {meeting.status}{length}; id {meeting.id}")
    lines += _field("Where", meeting.where)
    lines += _field("Cancelled because", meeting.cancel_reason)
    if meeting.agenda:
        lines.append("- Agenda as sent:")
        for title, items in agenda_sections(meeting.agenda):
            lines.append(f"  - {md(title)}:")
            for item in items:
                decision = f" ({md(item.decision)})" if item.decision else ""
                mark = agenda_mark(item)
                box = f"{mark} " if mark != "-" else ""
                lines.append(f"    - {box}{md(item.text)}{decision}")
    lines += _field("Notes", meeting.notes)
    if meeting.advice:
        lines.append("- Advice:")
        lines += [f"  - {md(a)}" for a in meeting.advice]
    if meeting.actions:
        lines.append("- Actions agreed:")
        lines += [f"  - {names.action(a)}" for a in meeting.actions]
    return lines


# -- actions, feedback, notes, topics: a list item each -----------------------------------


def _item(record: Any, names: _Names) -> list[str]:
    if record.KIND == Kind.ACTION:
        lines = _action(record, names)
        lines += [f"  - {n.date.isoformat()}: {md(n.text)}" for n in record.notes]
    elif record.KIND == Kind.FEEDBACK:
        lines = _text_item(
            f"{record.date.isoformat()}, {record.kind} from {names.mentor(record.source)}: ",
            record.text,
            "goals: " + ", ".join(names.goal(g) for g in record.goals) if record.goals else None,
            _discussed(record.discussed_in, names),
            "private" if record.private else None,
            f"id {record.id}",
        )
    elif record.KIND == Kind.NOTE:
        lines = _text_item(
            f"{record.date.isoformat()}, {record.kind}: ",
            record.text,
            f"goal: {names.goal(record.goal)}" if record.goal else None,
            _discussed(record.discussed_in, names),
            "private" if record.private else None,
            f"id {record.id}",
        )
    else:
        lines = _text_item(
            "",
            record.text,
            f"for {names.mentor(record.mentor)}" if record.mentor else "for any mentor",
            f"goal: {names.goal(record.goal)}" if record.goal else None,
            str(record.status),
            _discussed(record.discussed_in, names),
            "private" if record.private else None,
            f"id {record.id}",
        )
    return lines + _extras(record, "  - ")


def _text_item(lead: str, text: str, *flags: str | None) -> list[str]:
    """A list item whose text keeps its lines (continuation lines with hard breaks)."""
    first, *rest = _LINE_BREAK.split(text)
    lines = [f"- {lead}{md(first)}"]
    # Indented, so even an empty line keeps what follows inside the item.
    lines += [f"  {md(line)}" for line in rest]
    lines[-1] += _flags(*flags)
    # Two spaces end a line with a hard break, so the lines show as written.
    return [line + "  " if n < len(lines) - 1 else line for n, line in enumerate(lines)]


def _action(action: Action, names: _Names) -> list[str]:
    box = {ActionStatus.OPEN: "[ ] ", ActionStatus.DONE: "[x] "}.get(
        ActionStatus(action.status), "dropped: "
    )
    promised = action.owner == Owner.MENTOR and action.mentor
    return _text_item(
        box,
        action.title,
        f"due {action.due.isoformat()}" if action.due else None,
        f"done {action.done.isoformat()}" if action.done else None,
        "practice" if action.kind == "practice" else None,
        f"{names.mentor(action.mentor)}'s promise" if promised and action.mentor else None,
        f"with {names.mentor(action.mentor)}" if action.mentor and not promised else None,
        f"goal: {names.goal(action.goal)}" if action.goal else None,
        f"agreed {names.meeting(action.meeting)}" if action.meeting else None,
        f"answers feedback {action.feedback}" if action.feedback else None,
        f"id {action.id}",
    )


def _discussed(meeting_id: str | None, names: _Names) -> str | None:
    return f"discussed {names.meeting(meeting_id)}" if meeting_id else None
