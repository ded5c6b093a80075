"""The views: the only place that styles text.

Views are built from `mentee.render`'s text, tables and groups, laid out as rich lays them
out (piped, without importing rich; on a terminal, styled by rich). Every piece of user text
goes through `text.escape` into a `Text`, never through markup, so `[bold]` or an escape
sequence in a note is shown literally.

This module holds what every view shares (the styles of statuses and kinds, `Lookup`, plain
and styled cells, the list table); each view lives in the module of what it shows:
`lists` (a kind's records, search hits), `record` (one record's `show`), `dashboard`,
`agenda`, `review`, and `progress` (a goal's progress, shared by the last three).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from mentee.render import Table, Text
from mentee.text import capped, escape, escape_block, shorten

if TYPE_CHECKING:
    from mentee.models import Goal, Mentor

STATUS_STYLES = {
    "active": "green",
    "open": "cyan",
    "planned": "cyan",
    "achieved": "bold green",
    "done": "green",
    "held": "green",
    "discussed": "green",
    "paused": "yellow",
    "prospect": "yellow",
    "requested": "yellow",
    "dropped": "dim",
    "ended": "dim",
    "cancelled": "dim",
}


KIND_STYLES = {
    "win": "green",
    "praise": "green",
    "challenge": "yellow",
    "constructive": "yellow",
    "learning": "cyan",
    "observation": "cyan",
    "practice": "magenta",
}


class Lookup:
    """Names of related records, so lists show `Alex Kim` rather than `alex-kim`.

    A plain class: a dataclass costs a third of a millisecond to create when a view is
    imported."""

    __slots__ = ("goals", "mentors", "now", "today", "zone")

    def __init__(
        self,
        today: date,
        mentors: Mapping[str, Mentor] | None = None,
        goals: Mapping[str, Goal] | None = None,
        now: datetime | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        self.today = today
        self.mentors: Mapping[str, Mentor] = mentors or {}
        self.goals: Mapping[str, Goal] = goals or {}
        self.now = now  # the clock for "is this meeting over" (None: by day)
        self.zone = zone  # the mentee's time zone from config.toml (None: as stored)

    def mentor_name(self, mentor_id: str | None) -> Text:
        """A mentor's name (control characters escaped), the id when the mentor is not known,
        nothing for None."""
        if mentor_id is None:
            return Text("")
        mentor = self.mentors.get(mentor_id)
        return Text(escape(mentor.name if mentor else mentor_id))

    def goal_title(self, goal_id: str | None, width: int = 28) -> Text:
        """A goal's title shortened to `width` (the id when the goal is not known), nothing for
        None."""
        if goal_id is None:
            return Text("")
        goal = self.goals.get(goal_id)
        return Text(shorten(goal.title if goal else goal_id, width))


def plain(value: object, hint: str = "--json shows all") -> Text:
    """Any value as literal, escaped text (a very long one cut, saying where it all is)."""
    return Text(escape(capped("" if value is None else str(value), hint)))


def plain_block(text: str) -> Text:
    """Text of the user's over many lines: control characters escaped (newlines kept), capped
    in length."""
    return Text(escape_block(capped(text)))


def status(value: str) -> Text:
    """A status in its colour (`active` green, `paused` yellow, `dropped` dim...)."""
    return Text(value, style=STATUS_STYLES.get(value, ""))


def kind_label(value: str) -> Text:
    """A note's, feedback's or action's kind in its colour (`win` green...)."""
    return Text(value, style=KIND_STYLES.get(value, ""))


def private_mark(is_private: bool) -> Text:
    """`private` in magenta for a private record, else nothing."""
    return Text("private", style="magenta") if is_private else Text("")


def heading(text: str) -> Text:
    """A section's heading in a view (the agenda's and the review's)."""
    return Text(text, style="bold underline")


def _cut(max_width: int) -> dict[str, Any]:
    return {"no_wrap": True, "overflow": "ellipsis", "max_width": max_width}


# How each column of a list behaves when the terminal is narrow: ids, dates and short words
# never wrap (numbers to the right), related names are cut with an ellipsis, and the main
# text takes what is left.
_SHORT = ("date", "start", "target", "due", "when", "kind", "type", "owner", "channel")
_COLUMNS: dict[str, dict[str, Any]] = {
    **{
        name: {"no_wrap": True}
        for name in (*_SHORT, "cadence", "field", "", "last met", "next due")
    },
    **{name: {"no_wrap": True, "justify": "right"} for name in ("minutes", "done", "goals")},
    "id": {"no_wrap": True, "min_width": 8},
    "status": {"no_wrap": True, "min_width": 6},
    "goal": _cut(16),
    "mentor": _cut(13),
    "mentors": _cut(18),
    "from": _cut(18),
    "org": _cut(18),
    "where": {"overflow": "fold", "max_width": 24},
}


def list_table(*columns: str) -> Table:
    """A list's table: a header over a rule, each column as `_COLUMNS` says for its name
    (a name it does not know: text that wraps and takes the room left)."""
    table = Table(
        box="simple_head",
        pad_edge=False,
        expand=True,
        show_edge=False,
        collapse_padding=True,
    )
    for name in columns:
        spec = _COLUMNS.get(name, {"overflow": "fold", "ratio": 1, "min_width": 20})
        table.add_column(name, **spec)
    return table
