"""What `mentee` alone shows, as one record: built by `reading.dashboard`, shown by
`ui.dashboard`, written as JSON by `export.dashboard`. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mentee.models import Action, Meeting, Mentor
    from mentee.timeline import GoalProgress


@dataclass
class Dashboard:
    """What `mentee` alone shows: unlogged meetings first, then the next meeting, overdue
    actions, goals at risk and goals whose every unit is done."""

    next_meeting: Meeting | None = None
    next_mentor: Mentor | None = None
    next_agenda_empty: bool = False
    unlogged: list[Meeting] = field(default_factory=list)  # over, not logged: oldest first
    overdue: list[Action] = field(default_factory=list)
    at_risk: list[GoalProgress] = field(default_factory=list)  # overdue or behind
    # Every unit done, not marked achieved yet: not at risk, waiting for `goal done`.
    all_done: list[GoalProgress] = field(default_factory=list)
    open_actions: int = 0
    active_goals: int = 0
    mentors: int = 0
    mentor_names: dict[str, str] = field(default_factory=dict)
