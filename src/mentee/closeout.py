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
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from mentee.agenda import Agenda
from mentee.dates import parse_date
from mentee.errors import MenteeError, UsageError
from mentee.ids import is_valid_id
from mentee.kinds import GoalStatus, Owner
from mentee.meetings import NewAction
from mentee.models import Meeting
from mentee.text import plural

MARKS = {"x": "discussed", " ": "kept", "-": "dropped", "d": "done"}
_ITEM = re.compile(r"^\[(.)\]\s+(action|note|feedback|topic)\s+([a-z0-9][a-z0-9-]*):")
_NEW_ACTION = re.compile(r"^-\s*\[ ?\]\s+(.*)$")
# `(due fri)` or `(goal 7f)` at the end of a new action's line.
_SUFFIX = re.compile(r"\s*\((due|goal) ([^)]+)\)\s*$")
_MENTOR = re.compile(r"@mentor\b", re.IGNORECASE)  # not `@mentorship ...`
SECTIONS = ("Agenda", "Notes", "Advice", "Actions")


@dataclass
class Closeout:
    """What a filled-in close-out file says: the mark on each agenda item (by id), the meeting's
    notes and advice, and the new actions, with the lines they were on."""

    decisions: dict[str, str] = field(default_factory=dict)
    notes: str | None = None
    advice: list[str] = field(default_factory=list)
    actions: list[NewAction] = field(default_factory=list)
    # The line each agenda item's mark and each new action is on (for messages).
    item_lines: dict[str, int] = field(default_factory=dict)
    action_lines: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    """Something in a close-out that cannot be used, and the line it is on (when known)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message


class CloseoutError(UsageError):
    """A close-out that cannot be used: every problem found, each with its line. The
    message is the first one (and how many more there are)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(f"{self.problems[0]}{self._more()}")

    def _more(self) -> str:
        """` (and 2 more problems)`, or nothing for one problem."""
        more = len(self.problems) - 1
        return f" (and {plural(more, 'more problem')})" if more else ""

    def located(self, name: str) -> str:
        """The message as `FILE:LINE: problem (and N more problems)`, for a file."""
        first = self.problems[0]
        where = f"{name}:{first.line}:" if first.line is not None else f"{name}:"
        return f"{where} {first.message}{self._more()}"


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


def meaningful(text: str) -> bool:
    """Whether a close-out says anything: a line that is not a comment, a blank or a
    section heading."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


_HEADER = re.compile(r"^# Close-out of the meeting with .*\(([a-z0-9][a-z0-9-]*)\)\.$")


def meeting_named(text: str) -> str | None:
    """The id of the meeting a close-out's header names (the template's first comment), if
    any (none for a meeting never planned, whose header says `new`)."""
    for line in text.splitlines():
        if not line.startswith("#"):
            break  # the header is among the comments at the top
        match = _HEADER.match(line.rstrip())
        if match is not None:
            return None if match[1] == "new" else match[1]
    return None


def parse(text: str, today: date) -> Closeout:
    """Read an edited close-out buffer. CloseoutError lists every line that cannot be
    read (so all of them can be fixed at once), each with its number."""
    result, problems = read(text, today)
    if problems:
        raise CloseoutError(problems)
    return result


def read(text: str, today: date) -> tuple[Closeout, list[Problem]]:
    """What `parse` reads, and the problems of the lines it could not read (not raised:
    `check` may add those only the journal can tell)."""
    result = Closeout()
    problems: list[Problem] = []
    section = "Agenda"
    notes: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.lstrip().startswith("#") and not line.startswith("## "):
            continue
        if line.startswith("## "):
            name = line[3:].strip()
            if name not in SECTIONS:
                problems.append(Problem(number, f"unknown section {name!r}"))
                section = "?"  # its lines are not read: the section heading is the problem
            else:
                section = name
            continue
        try:
            if section == "Agenda":
                _agenda_line(line, number, result)
            elif section == "Notes":
                notes.append(raw)
            elif section == "Advice":
                if line.strip():
                    result.advice.append(line.strip().removeprefix("- ").strip())
            elif section == "Actions" and line.strip():
                match = _NEW_ACTION.match(line.strip())
                if match is None:
                    raise UsageError("expected '- [ ] what to do (due DATE)'")
                result.actions.append(_new_action(match[1], today))
                result.action_lines.append(number)
        except UsageError as exc:
            problems.append(Problem(number, str(exc)))
    body = "\n".join(notes).strip()
    result.notes = body or None
    return result, problems


def _agenda_line(line: str, number: int, result: Closeout) -> None:
    if not line.strip():
        return
    match = _ITEM.match(line.strip())
    if match is None:
        raise UsageError(f"expected '[x] KIND ID: text', got {line.strip()[:60]!r}")
    mark = match[1].lower()
    if mark not in MARKS:
        raise UsageError(f"unknown mark [{match[1]}]: use [x], [ ], [-] or [d]")
    if MARKS[mark] == "done" and match[2] != "action":
        raise UsageError(f"only actions can be [d] done, not a {match[2]}")
    if match[3] in result.item_lines:
        raise UsageError(
            f"{match[2]} {match[3]} is listed twice (line {result.item_lines[match[3]]})"
        )
    result.decisions[match[3]] = MARKS[mark]
    result.item_lines[match[3]] = number


def check(
    closeout: Closeout,
    known: Collection[str],
    resolve_goal: Callable[[str], object],
    found: Sequence[Problem] = (),
) -> None:
    """What only the journal can tell about a close-out `read` read: each item it marks is
    on the meeting's agenda (`known`: the items' ids), and each `(goal ID)` names a goal
    (`resolve_goal` raises MenteeError when it does not). CloseoutError lists every
    problem by line, those `found` while reading included."""
    problems = list(found)
    problems += [
        Problem(closeout.item_lines.get(item), f"{item} is not on this meeting's agenda")
        for item in closeout.decisions
        if item not in known
    ]
    for action, number in zip(closeout.actions, closeout.action_lines, strict=True):
        if action.goal is None:
            continue
        try:
            resolve_goal(action.goal)
        except MenteeError as exc:
            problems.append(Problem(number, f"(goal {action.goal}): {exc}"))
    if problems:
        raise CloseoutError(sorted(problems, key=lambda p: p.line or 0))


def _new_action(text: str, today: date) -> NewAction:
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
            due = parse_date(match[2], today)
        else:
            goal = match[2].strip()
            if not is_valid_id(goal.lower()):
                raise UsageError(f"(goal {goal}): expected a goal id")
            goal = goal.lower()
        title = title[: match.start()].strip()
    if not title:
        raise UsageError("an action needs a title")
    return NewAction(title=title, due=due, owner=owner, goal=goal)
