"""mentee.journal's use cases called as a library (no command line): the edits of a goal and
a mentor, and what the list queries keep, with a fixed `today`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mentee.errors import UsageError
from mentee.journal.goal import GoalEdit, add_goal, edit_goal, set_goal_status
from mentee.journal.lists import (
    ActionQuery,
    GoalQuery,
    MeetingQuery,
    MentorQuery,
    list_actions,
    list_goals,
    list_meetings,
    list_mentors,
)
from mentee.journal.mentor import MentorEdit, add_mentor, edit_mentor
from mentee.journal.records import ListEdit
from mentee.kinds import GoalStatus, Kind, MentorStatus
from mentee.store import Store

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "journal", tmp_path / "lock", index_path=tmp_path / "index.sqlite")


def test_a_goal_edited_to_achieved_gets_today_and_keeps_it_while_the_status_stays(store):
    """A new status `achieved` sets the day; an edit that repeats it keeps that day."""
    goal = add_goal(store, title="Give a talk", today=TODAY)
    done = edit_goal(store, goal.id, GoalEdit({"status": GoalStatus.ACHIEVED}), TODAY)
    assert done.achieved == TODAY
    later = TODAY + dt.timedelta(days=5)
    again = edit_goal(store, goal.id, GoalEdit({"status": GoalStatus.ACHIEVED}), later)
    assert again.achieved == TODAY
    reopened = edit_goal(store, goal.id, GoalEdit({"status": GoalStatus.ACTIVE}), later)
    assert reopened.achieved is None


def test_a_goal_edit_links_mentors_by_name_and_edits_tags(store):
    """Mentors are named as anywhere else (a name, any case); tags are added once and removed."""
    alex = add_mentor(store, name="Alex Kim")
    goal = add_goal(store, title="Lead a project", today=TODAY, tags=["career"])
    edit = GoalEdit(
        mentors=ListEdit(add=["alex kim"]), tags=ListEdit(["lead", "career"], ["career"])
    )
    edited = edit_goal(store, goal.id, edit, TODAY)
    assert edited.mentors == [alex.id]
    assert edited.tags == ["lead"]
    assert GoalEdit().empty
    assert not edit.empty


def test_a_mentor_edit_that_removes_what_is_not_listed_changes_nothing(store, tmp_path):
    """Removing an area of expertise the mentor does not have is a usage error naming the
    option, raised before any file (the mentor, a goal linked) is written."""
    mentor = add_mentor(store, name="Alex Kim", expertise=["design"])
    goal = add_goal(store, title="Lead a project", today=TODAY)
    before = {p: p.read_bytes() for p in (tmp_path / "journal").rglob("*.toml")}
    edit = MentorEdit(
        {"role": "Principal"}, goals=ListEdit(add=[goal.id]), expertise=ListEdit(remove=["sql"])
    )
    with pytest.raises(UsageError, match=r"--no-expertise: 'sql' is not listed \(it has: design\)"):
        edit_mentor(store, mentor.id, edit)
    assert {p: p.read_bytes() for p in (tmp_path / "journal").rglob("*.toml")} == before


def test_a_mentor_edit_changes_fields_lists_and_the_goals_served(store):
    mentor = add_mentor(store, name="Alex Kim", expertise=["design"])
    goal = add_goal(store, title="Lead a project", today=TODAY)
    edit = MentorEdit(
        {"role": "Principal"},
        goals=ListEdit(add=[goal.id]),
        expertise=ListEdit(add=[" sql ", "design"], remove=["design"]),
        links=ListEdit(add=["https://example.com/alex"]),
    )
    edited = edit_mentor(store, mentor.id, edit)
    assert (edited.role, edited.expertise, edited.links) == (
        "Principal",
        ["sql"],
        ["https://example.com/alex"],
    )
    assert store.get(Kind.GOAL, goal.id).mentors == [mentor.id]


def test_the_goal_and_mentor_lists_keep_current_ones_unless_asked(store):
    """Without statuses: goals active and paused (soonest target first), mentors all but
    ended; `every` shows all; statuses given show only those."""
    late = add_goal(store, title="b later", today=TODAY, target=TODAY + dt.timedelta(days=90))
    soon = add_goal(store, title="a sooner", today=TODAY, target=TODAY + dt.timedelta(days=9))
    open_ended = add_goal(store, title="c no target", today=TODAY)
    dropped = add_goal(store, title="d dropped", today=TODAY)
    set_goal_status(store, dropped.id, GoalStatus.DROPPED, TODAY)
    ids = [g.id for g in list_goals(store, GoalQuery())]
    assert ids == [soon.id, late.id, open_ended.id]
    assert {g.id for g in list_goals(store, GoalQuery(every=True))} == {
        soon.id,
        late.id,
        open_ended.id,
        dropped.id,
    }
    assert [g.id for g in list_goals(store, GoalQuery([GoalStatus.DROPPED]))] == [dropped.id]
    add_mentor(store, name="Alex Kim")
    add_mentor(store, name="Sam Okafor", status=MentorStatus.ENDED)
    assert [m.name for m in list_mentors(store, MentorQuery())] == ["Alex Kim"]
    assert [m.name for m in list_mentors(store, MentorQuery(every=True))] == [
        "Alex Kim",
        "Sam Okafor",
    ]


def test_the_action_and_meeting_lists_resolve_what_was_typed(store):
    """A mentor named by name filters actions and meetings; an unknown one is an error."""
    from mentee.errors import NotFoundError
    from mentee.journal.action import add_action
    from mentee.journal.meeting import add_meeting

    alex = add_mentor(store, name="Alex Kim")
    add_mentor(store, name="Sam Okafor")
    agreed = add_action(store, title="Send the doc", mentor="alex")
    add_action(store, title="Something else", mentor="sam")
    assert [a.id for a in list_actions(store, ActionQuery(mentor="Alex Kim"), TODAY)] == [agreed.id]
    at = dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC)
    meeting = add_meeting(store, mentor="alex", at=at, today=TODAY)
    listing = list_meetings(store, MeetingQuery(mentor="alex kim"), TODAY)
    assert ([m.id for m in listing.unlogged], [m.id for m in listing.listed]) == ([], [meeting.id])
    over = list_meetings(store, MeetingQuery(), TODAY + dt.timedelta(days=7))
    assert [m.id for m in over.unlogged] == [meeting.id]
    assert alex.id == meeting.mentor
    with pytest.raises(NotFoundError):
        list_actions(store, ActionQuery(mentor="nobody"), TODAY)
