"""The dashboard (`mentee` alone) as JSON: `mentee --json`. Pure: a `Dashboard` in, a dict out."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from mentee.export.review import goal_json
from mentee.views import to_json

if TYPE_CHECKING:
    from mentee.dashboard import Dashboard


def dashboard_json(board: Dashboard, today: date) -> dict[str, Any]:
    """`as_of`; `next_meeting` (the soonest planned meeting not over yet, or null) and
    `next_agenda_empty`; `unlogged` (planned meetings over and not logged, to log or cancel:
    `mentee.meetings.unlogged`); `overdue` (open actions past their due date, soonest
    first); `at_risk` (active goals `overdue` or `behind`: `timeline.AT_RISK`, as
    `review --json` gives goals), not those whose every unit is done; `all_done` (active goals
    whose every unit is done, to mark achieved: the review's `achieve` suggestion, earliest
    target first); `counts`."""
    return {
        "as_of": today.isoformat(),
        "next_meeting": to_json(board.next_meeting) if board.next_meeting else None,
        "next_agenda_empty": board.next_agenda_empty if board.next_meeting else None,
        "unlogged": [to_json(m) for m in board.unlogged],
        "overdue": [to_json(a) for a in board.overdue],
        "at_risk": [goal_json(p) for p in board.at_risk],
        "all_done": [goal_json(p) for p in board.all_done],
        "counts": {
            "active_goals": board.active_goals,
            "active_mentors": board.mentors,
            "open_actions": board.open_actions,
        },
    }
