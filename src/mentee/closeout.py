"""The meeting close-out buffer that `meeting log ID` opens in $EDITOR. Pure.

The template lists every agenda item with a mark the user may change:

    [x] discussed (the default)   [ ] keep for next time   [-] drop   [d] done (actions)

then free notes, advice (one `- ` line each) and new action items: `- [ ] text` is mine,
`- [ ] @mentor text` the mentor's promise; at the end of the line, `(due fri)` sets a due
date and `(goal 7f)` the goal it serves (any unique id prefix), in either order. Without
`(goal ...)` an action goes to the one active goal the mentor serves, if there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from mentee.agenda import Agenda
from mentee.dates import parse_date
from mentee.errors import UsageError
from mentee.ids import is_valid_id
from mentee.journal import NewAction
from mentee.kinds import GoalStatus, Owner
from mentee.models import Meeting

MARKS = {"x": "discussed", " ": "kept", "-": "dropped", "d": "done"}
_ITEM = re.compile(r"^\[(.)\]\s+(action|note|feedback|topic)\s+([a-z0-9][a-z0-9-]*):")
_NEW_ACTION = re.compile(r"^-\s*\[ ?\]\s+(.*)$")
# `(due fri)` or `(goal 7f)` at the end of a new action's line.
_SUFFIX = re.compile(r"\s*\((due|goal) ([^)]+)\)\s*$")
_MENTOR = re.compile(r"@mentor\b", re.IGNORECASE)  # not `@mentorship ...`
SECTIONS = ("Agenda", "Notes", "Advice", "Actions")


@dataclass
class Closeout:
    decisions: dict[str, str] = field(default_factory=dict)
    notes: str | None = None
    advice: list[str] = field(default_factory=list)
    actions: list[NewAction] = field(default_factory=list)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def template(agenda: Agenda, meeting: Meeting) -> str:
    """The buffer to edit, prefilled with the agenda that was due."""
    when = meeting.at.strftime("%a %Y-%m-%d %H:%M")
    lines = [
        f"# Close-out of the meeting with {_one_line(agenda.mentor.name)}, {when} ({meeting.id}).",
        "# Mark each item: [x] discussed, [ ] keep for next time, [-] drop, [d] done (actions).",
        "# Save and close to log the meeting; leave it unchanged or empty to abort.",
        "# Lines starting with '#' are ignored.",
        "",
        "## Agenda",
    ]
    for item in agenda.done:
        lines.append(f"[x] action {item.action.id}: done: {_one_line(item.action.title)}")
    for item in agenda.promises_done:
        title = _one_line(item.action.title)
        lines.append(f"[x] action {item.action.id}: mentor's promise, done: {title}")
    for item in (*agenda.open, *agenda.promises):
        whose = "mentor's promise: " if item.action.owner == Owner.MENTOR else ""
        lines.append(f"[x] action {item.action.id}: {whose}{_one_line(item.action.title)}")
    for note in agenda.notes:
        lines.append(f"[x] note {note.id}: {note.kind}: {_one_line(note.text)}")
    for feedback in agenda.feedback:
        lines.append(f"[x] feedback {feedback.id}: {feedback.kind}: {_one_line(feedback.text)}")
    for topic in agenda.topics:
        lines.append(f"[x] topic {topic.id}: {_one_line(topic.text)}")
    if agenda.empty:
        lines.append("# (nothing was on the agenda)")
    lines += [
        "",
        "## Notes",
        "",
        "",
        "## Advice",
        "# One line each, starting with '- '.",
        "",
        "## Actions",
        "# - [ ] what I will do (due fri)",
        "# - [ ] @mentor what the mentor offered to do",
        *_goal_hints(agenda),
        "",
    ]
    return "\n".join(lines)


def _goal_hints(agenda: Agenda) -> list[str]:
    """Comments naming the goals an action may serve, and where one goes by default."""
    goals = [item.progress.goal for item in agenda.goals]
    active = [g for g in goals if g.status == GoalStatus.ACTIVE]
    name = _one_line(agenda.mentor.name)
    lines = ["# End a line with (goal ID) to name the goal it serves (any goal's id or prefix);"]
    if len(active) == 1:
        lines.append(f"# without it, an action goes to the one active goal {name} serves:")
        lines.append(f"#   {active[0].id}  {_one_line(active[0].title)}")
        others = [g for g in goals if g is not active[0]]
        if others:
            lines.append(f"# {name} also serves:")
    else:
        lines.append("# without it, an action has no goal." + (f" {name} serves:" if goals else ""))
        others = goals
    lines += [f"#   {g.id}  {_one_line(g.title)}" for g in others]
    return lines


def parse(text: str, today: date) -> Closeout:
    """Read an edited close-out buffer; UsageError names the line that cannot be read."""
    result = Closeout()
    section = "Agenda"
    notes: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.lstrip().startswith("#") and not line.startswith("## "):
            continue
        if line.startswith("## "):
            name = line[3:].strip()
            if name not in SECTIONS:
                raise UsageError(f"line {number}: unknown section {name!r}")
            section = name
            continue
        if section == "Agenda":
            if not line.strip():
                continue
            match = _ITEM.match(line.strip())
            if match is None:
                raise UsageError(
                    f"line {number}: expected '[x] KIND ID: text', got {line.strip()[:60]!r}"
                )
            mark = match[1].lower()
            if mark not in MARKS:
                raise UsageError(
                    f"line {number}: unknown mark [{match[1]}]: use [x], [ ], [-] or [d]"
                )
            if MARKS[mark] == "done" and match[2] != "action":
                raise UsageError(f"line {number}: only actions can be [d] done, not a {match[2]}")
            result.decisions[match[3]] = MARKS[mark]
        elif section == "Notes":
            notes.append(raw)
        elif section == "Advice":
            if line.strip():
                result.advice.append(line.strip().removeprefix("- ").strip())
        elif line.strip():
            match = _NEW_ACTION.match(line.strip())
            if match is None:
                raise UsageError(f"line {number}: expected '- [ ] what to do (due DATE)'")
            result.actions.append(_new_action(match[1], today, number))
    body = "\n".join(notes).strip()
    result.notes = body or None
    return result


def _new_action(text: str, today: date, number: int) -> NewAction:
    owner = Owner.ME
    title = text.strip()
    if _MENTOR.match(title):
        owner = Owner.MENTOR
        title = title[len("@mentor") :].strip()
    due = None
    goal = None
    seen: set[str] = set()
    while (match := _SUFFIX.search(title)) is not None and match[1] not in seen:
        seen.add(match[1])
        if match[1] == "due":
            try:
                due = parse_date(match[2], today)
            except UsageError as exc:
                raise UsageError(f"line {number}: {exc}") from None
        else:
            goal = match[2].strip()
            if not is_valid_id(goal.lower()):
                raise UsageError(f"line {number}: (goal {goal}): expected a goal id")
            goal = goal.lower()
        title = title[: match.start()].strip()
    if not title:
        raise UsageError(f"line {number}: an action needs a title")
    return NewAction(title=title, due=due, owner=owner, goal=goal)
