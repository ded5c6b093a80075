"""The next agenda as a pure function: hand-built records in, an `Agenda` out, a fixed today."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import pytest

from mentee.agenda import (
    DECIDE_AFTER,
    Agenda,
    RecordSet,
    choose_mentor,
    next_agenda,
    stored_items,
    suggested_date,
)
from mentee.errors import UsageError
from mentee.models import (
    Action,
    AgendaItem,
    Feedback,
    Goal,
    Meeting,
    Mentor,
    Milestone,
    Note,
    Topic,
)
from mentee.timeline import TimelineStatus

TODAY = date(2026, 11, 21)
ALEX = Mentor(id="alex", name="Alex Kim", goals=["career"], cadence_days=14)
SAM = Mentor(id="sam", name="Sam Lee", goals=["talks"])
CAREER = Goal(id="career", title="Promoted to senior", start=date(2026, 1, 1))
TALKS = Goal(id="talks", title="Give a conference talk", start=date(2026, 1, 1))


def at(day: str, time: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=UTC)


def held(
    meeting_id: str,
    day: str,
    items: Sequence[tuple[str, str, str | None]] = (),
    mentor: str = "alex",
    **kw: Any,
) -> Meeting:
    """A held meeting whose stored agenda has (section, id, decision) items."""
    kinds = {"done": "action", "open": "action", "promise": "action", "notes": "note"}
    kinds |= {"promise_done": "action"}
    kinds |= {"feedback": "feedback", "topics": "topic", "goals": "goal"}
    agenda = [AgendaItem(section=s, kind=kinds[s], id=i, text=i, decision=d) for s, i, d in items]
    return Meeting(id=meeting_id, mentor=mentor, at=at(day), status="held", agenda=agenda, **kw)


def planned(meeting_id: str, day: str, mentor: str = "alex") -> Meeting:
    return Meeting(id=meeting_id, mentor=mentor, at=at(day))


def action(action_id: str, **kw: Any) -> Action:
    kw.setdefault("mentor", "alex")
    return Action(id=action_id, title=f"do {action_id}", **kw)


def note(note_id: str, day: str, **kw: Any) -> Note:
    kw.setdefault("kind", "win")
    return Note(id=note_id, date=date.fromisoformat(day), text=f"note {note_id}", **kw)


def feedback(feedback_id: str, day: str, **kw: Any) -> Feedback:
    kw.setdefault("source", "my manager")
    return Feedback(
        id=feedback_id, date=date.fromisoformat(day), text=f"feedback {feedback_id}", **kw
    )


def book(**kw: Any) -> RecordSet:
    kw.setdefault("mentors", [ALEX, SAM])
    kw.setdefault("goals", [CAREER, TALKS])
    return RecordSet(**kw)


def ids(records: list[Any]) -> list[str]:
    return [getattr(r, "action", r).id for r in records]


# -- since and what comes back ------------------------------------------------------------


def test_no_meeting_yet_gathers_everything_open():
    """Without a held meeting there is no `since`: every open item, whatever its date, is on."""
    journal = book(
        actions=[action("a1"), action("a2", status="done", done=date(2025, 3, 1))],
        notes=[note("n1", "2025-01-05")],
        feedback=[feedback("f1", "2025-02-01")],
        topics=[Topic(id="t1", text="promo process")],
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    assert agenda.since is None
    assert agenda.last_meeting is None
    assert ids(agenda.open) == ["a1"]
    assert ids(agenda.done) == ["a2"]
    assert ids(agenda.notes) == ["n1"]
    assert ids(agenda.feedback) == ["f1"]
    assert ids(agenda.topics) == ["t1"]
    assert not agenda.empty


def test_since_is_the_last_held_meeting_and_older_items_stay_out():
    """`since` is the date of the last held meeting; only notes, feedback and done actions
    dated on or after it are gathered (planned and cancelled meetings do not count)."""
    journal = book(
        meetings=[
            held("m1", "2026-10-01"),
            held("m2", "2026-11-10"),
            Meeting(id="m3", mentor="alex", at=at("2026-11-15"), status="cancelled"),
            planned("m4", "2026-11-12"),  # in the past and never logged
            held("s1", "2026-11-18", mentor="sam"),
        ],
        actions=[
            action("old", status="done", done=date(2026, 11, 9)),
            action("same-day", status="done", done=date(2026, 11, 10)),
        ],
        notes=[
            note("n-before", "2026-11-09"),
            note("n-on", "2026-11-10"),
            note("n-after", "2026-11-20"),
        ],
        feedback=[feedback("f-before", "2026-11-01"), feedback("f-after", "2026-11-11")],
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    assert agenda.since == date(2026, 11, 10)
    assert agenda.last_meeting is not None
    assert agenda.last_meeting.id == "m2"
    assert ids(agenda.done) == ["same-day"]
    assert ids(agenda.notes) == ["n-on", "n-after"]
    assert ids(agenda.feedback) == ["f-after"]


def test_items_the_last_agenda_covered_do_not_come_back():
    """Notes, feedback and done actions on the last meeting's stored agenda stay out, even
    when nothing marked them discussed (a file edited by hand, an older version)."""
    journal = book(
        meetings=[
            held(
                "m1",
                "2026-11-10",
                [
                    ("done", "a-done", "discussed"),
                    ("notes", "n1", "discussed"),
                    ("feedback", "f1", "dropped"),
                    ("topics", "t1", None),
                ],
            )
        ],
        actions=[action("a-done", status="done", done=date(2026, 11, 10))],
        notes=[note("n1", "2026-11-10"), note("n2", "2026-11-10")],
        feedback=[feedback("f1", "2026-11-10")],
        topics=[Topic(id="t1", text="covered"), Topic(id="t2", text="new")],
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    assert agenda.done == []
    assert ids(agenda.notes) == ["n2"]
    assert agenda.feedback == []
    assert ids(agenda.topics) == ["t2"]


def test_items_kept_for_next_time_come_back_even_when_older_than_since():
    """A note, feedback or done action kept ([ ]) at the last meeting is on the next agenda,
    although it is dated before that meeting."""
    journal = book(
        meetings=[
            held(
                "m1",
                "2026-11-10",
                [
                    ("done", "a1", "kept"),
                    ("notes", "n1", "kept"),
                    ("feedback", "f1", "kept"),
                    ("topics", "t1", "kept"),
                ],
            )
        ],
        actions=[action("a1", status="done", done=date(2026, 11, 2))],
        notes=[note("n1", "2026-11-03")],
        feedback=[feedback("f1", "2026-11-04")],
        topics=[Topic(id="t1", text="kept topic")],
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    assert ids(agenda.done) == ["a1"]
    assert ids(agenda.notes) == ["n1"]
    assert ids(agenda.feedback) == ["f1"]
    assert ids(agenda.topics) == ["t1"]


def test_an_action_carried_over_then_done_is_reported_done():
    """An action that was open on the last agenda and done since is progress to report; one
    marked done at the meeting itself ([d]) is not reported twice."""
    journal = book(
        meetings=[
            held(
                "m1", "2026-11-10", [("open", "later", "discussed"), ("open", "at-meeting", "done")]
            )
        ],
        actions=[
            action("later", status="done", done=date(2026, 11, 15)),
            action("at-meeting", status="done", done=date(2026, 11, 10)),
        ],
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    assert ids(agenda.done) == ["later"]
    assert agenda.done[0].carried == 1


def test_before_builds_the_agenda_as_it_stood_before_that_meeting():
    """With `before`, the meeting being logged is not the last one and is the agenda's meeting."""
    m2 = held("m2", "2026-11-20", [("notes", "n1", "discussed")])
    journal = book(meetings=[held("m1", "2026-11-01"), m2], notes=[note("n1", "2026-11-05")])
    agenda = next_agenda(journal, ALEX, TODAY, before=m2)
    assert agenda.since == date(2026, 11, 1)
    assert agenda.meeting is m2
    assert ids(agenda.notes) == ["n1"]
    assert next_agenda(journal, ALEX, TODAY).notes == []


# -- follow-ups ---------------------------------------------------------------------------


def test_carry_over_counts_agendas_and_since_when():
    """An open action counts the held agendas it was on and the date of the first one."""
    journal = book(
        meetings=[
            held("m1", "2026-10-01"),
            held("m2", "2026-10-15", [("open", "a1", "discussed")]),
            held("m3", "2026-11-01", [("open", "a1", "kept")]),
            held("s1", "2026-11-05", [("open", "a1", "discussed")], mentor="sam"),
        ],
        actions=[action("a1"), action("a2")],
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    first, fresh = sorted(agenda.open, key=lambda i: i.action.id)
    assert (first.carried, first.on_agenda_since, first.decide) == (2, date(2026, 10, 15), False)
    assert (fresh.carried, fresh.on_agenda_since, fresh.decide) == (0, None, False)


def test_decide_after_three_agendas():
    """After DECIDE_AFTER (3) agendas an open item asks for a decision, a promise too."""
    assert DECIDE_AFTER == 3
    items = [("open", "a1", None), ("promise", "p1", None)]
    meetings = [
        held(f"m{n}", day, items)
        for n, day in enumerate(("2026-09-01", "2026-10-01", "2026-11-01"))
    ]
    journal = book(meetings=meetings, actions=[action("a1"), action("p1", owner="mentor")])
    agenda = next_agenda(journal, ALEX, TODAY)
    assert [(i.carried, i.decide) for i in (*agenda.open, *agenda.promises)] == [
        (3, True),
        (3, True),
    ]
    assert agenda.open[0].on_agenda_since == date(2026, 9, 1)
    two = next_agenda(book(meetings=meetings[1:], actions=[action("a1")]), ALEX, TODAY)
    assert (two.open[0].carried, two.open[0].decide) == (2, False)


def test_promises_apart_and_open_sorted_by_due_with_overdue_marked():
    """The mentor's promises are listed apart; mine are sorted by due date (none last), and
    the ones past due are overdue; other mentors' and unattached actions stay out."""
    journal = book(
        actions=[
            action("no-due"),
            action("late", due=date(2026, 11, 20)),
            action("soon", due=date(2026, 11, 21)),
            action("promise", owner="mentor", due=date(2026, 11, 1)),
            action("sams", mentor="sam"),
            action("mine-alone", mentor=None),
            action("dropped", status="dropped"),
        ]
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    assert ids(agenda.open) == ["late", "soon", "no-due"]
    assert [i.overdue for i in agenda.open] == [True, False, False]
    assert ids(agenda.promises) == ["promise"]
    assert agenda.promises[0].overdue is True
    assert not agenda.empty


# -- progress, feedback, topics, privacy ---------------------------------------------------


def test_notes_feedback_and_topics_are_those_of_this_mentor():
    """Progress notes and feedback concern this mentor's goals (or none); plain notes and
    discussed items stay out; topics are this mentor's or any mentor's."""
    journal = book(
        notes=[
            note("n-mine", "2026-11-01", goal="career"),
            note("n-any", "2026-11-01", kind="challenge"),
            note("n-sams", "2026-11-01", goal="talks"),
            note("n-plain", "2026-11-01", kind="note"),
            note("n-done", "2026-11-01", discussed_in="m0"),
        ],
        feedback=[
            feedback("f-mine", "2026-11-01", goals=["career"]),
            feedback("f-any", "2026-11-02"),
            feedback("f-sams", "2026-11-03", goals=["talks"]),
            feedback("f-from-alex", "2026-11-04", goals=["talks"], source="alex"),
            feedback("f-done", "2026-11-05", discussed_in="m0"),
        ],
        topics=[
            Topic(id="t-mine", text="a", mentor="alex"),
            Topic(id="t-any", text="b"),
            Topic(id="t-sams", text="c", mentor="sam"),
            Topic(id="t-done", text="d", status="discussed"),
            Topic(id="t-dropped", text="e", status="dropped"),
        ],
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    assert sorted(ids(agenda.notes)) == ["n-any", "n-mine"]
    assert ids(agenda.feedback) == ["f-mine", "f-any", "f-from-alex"]
    assert sorted(ids(agenda.topics)) == ["t-any", "t-mine"]


def test_private_items_are_flagged_and_left_out_of_what_is_sent():
    """Private notes, feedback and topics stay on the agenda (counted) and `without_private`
    leaves them out, keeping the rest."""
    journal = book(
        notes=[note("n1", "2026-11-01", private=True), note("n2", "2026-11-01")],
        feedback=[feedback("f1", "2026-11-01", private=True)],
        topics=[Topic(id="t1", text="salary", private=True), Topic(id="t2", text="scope")],
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    assert agenda.private_count == 3
    assert len(agenda.notes) == 2
    sent = agenda.without_private()
    assert sent.private_count == 0
    assert (ids(sent.notes), sent.feedback, ids(sent.topics)) == (["n2"], [], ["t2"])


def test_an_agenda_with_only_private_items_is_not_empty():
    """Emptiness is decided on the whole agenda (a private topic still needs the meeting)."""
    journal = book(topics=[Topic(id="t1", text="salary", private=True)])
    agenda = next_agenda(journal, ALEX, TODAY)
    assert not agenda.empty
    assert agenda.without_private().empty


def test_empty_when_sections_one_to_four_are_empty():
    """Goals alone do not make an agenda: with nothing in sections 1 to 4 it is empty."""
    journal = book(
        goals=[CAREER.model_copy(update={"target": date(2027, 6, 30)})],
        topics=[Topic(id="t1", text="for sam", mentor="sam")],
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    assert agenda.empty
    assert len(agenda.goals) == 1


# -- goals --------------------------------------------------------------------------------


def test_goals_show_timeline_status_in_target_order():
    """Each active or paused goal this mentor serves (linked on either record) shows its
    timeline status; achieved and dropped goals, and other mentors' goals, stay out."""
    behind = Goal(
        id="career",
        title="Senior",
        start=date(2026, 1, 1),
        target=date(2026, 12, 31),
        milestones=[Milestone(title="a", done=date(2026, 3, 1)), Milestone(title="b")] * 2,
    )
    linked_on_goal = Goal(
        id="lead", title="Lead", mentors=["alex"], start=date(2026, 11, 1), target=date(2027, 1, 1)
    )
    no_deadline = Goal(id="write", title="Write", mentors=["alex"], status="paused")
    achieved = Goal(id="old", title="Old", mentors=["alex"], status="achieved")
    dropped = Goal(id="gone", title="Gone", mentors=["alex"], status="dropped")
    journal = book(
        goals=[no_deadline, linked_on_goal, behind, achieved, dropped, TALKS],
        actions=[
            action("x", goal="lead", status="done", done=date(2026, 11, 20)),
            action("y", goal="lead"),
        ],
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    statuses = [(g.progress.goal.id, g.progress.status) for g in agenda.goals]
    assert statuses == [
        ("career", TimelineStatus.BEHIND),  # the 2nd milestone, spread to July 2, not done
        ("lead", TimelineStatus.AHEAD),  # 1 of 2 actions done, none due yet
        ("write", TimelineStatus.PAUSED),
    ]
    career = agenda.goals[0].progress
    assert (career.done, career.total, career.measured_by) == (2, 4, "milestones")


def test_milestones_due_within_thirty_days_are_listed_with_their_number():
    """Open milestones due within 30 days (overdue ones too) are listed, numbered from 1."""
    goal = CAREER.model_copy(
        update={
            "milestones": [
                Milestone(title="overdue", due=date(2026, 11, 1)),
                Milestone(title="done", due=date(2026, 11, 25), done=date(2026, 11, 20)),
                Milestone(title="soon", due=date(2026, 12, 21)),
                Milestone(title="later", due=date(2026, 12, 22)),
                Milestone(title="undated"),
            ]
        }
    )
    agenda = next_agenda(book(goals=[goal]), ALEX, TODAY)
    due = agenda.goals[0].milestones_due
    assert [(n, m.title) for n, m in due] == [(1, "overdue"), (3, "soon")]


def test_a_milestone_done_after_the_agendas_day_is_still_due_on_it():
    """A what-if agenda of an earlier day (MENTEE_TODAY): a milestone done after that day was
    still to do on it, and the goal is judged without it."""
    goal = CAREER.model_copy(
        update={
            "start": date(2026, 9, 1),
            "target": date(2027, 6, 30),
            "milestones": [
                Milestone(title="done before", due=date(2026, 11, 1), done=date(2026, 10, 30)),
                Milestone(title="done after", due=date(2026, 12, 1), done=date(2026, 11, 25)),
                Milestone(title="later", due=date(2027, 6, 30)),
            ],
        }
    )
    (item,) = next_agenda(book(goals=[goal]), ALEX, TODAY).goals
    assert [(n, m.title) for n, m in item.milestones_due] == [(2, "done after")]
    assert (item.progress.status, item.progress.done) == (TimelineStatus.ON_TRACK, 1)
    (later,) = next_agenda(book(goals=[goal]), ALEX, date(2026, 11, 25)).goals
    assert later.milestones_due == []
    assert (later.progress.status, later.progress.done) == (TimelineStatus.AHEAD, 2)


# -- the meeting, the mentor, the date ------------------------------------------------------


def test_the_meeting_is_the_first_planned_one_even_when_over_and_not_logged():
    """The agenda's meeting is this mentor's first planned meeting: one that is over and not
    logged yet (SPEC: `agenda next` still builds the agenda for it), else the soonest."""
    journal = book(
        meetings=[
            planned("later", "2026-12-10"),
            planned("sooner", "2026-11-21"),
            planned("sams", "2026-11-22", mentor="sam"),
        ]
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    assert agenda.meeting is not None
    assert (agenda.meeting.id, agenda.meeting_over) == ("sooner", False)
    over = book(meetings=[*journal.meetings, planned("past", "2026-11-20")])
    agenda = next_agenda(over, ALEX, TODAY)
    assert agenda.meeting is not None
    assert (agenda.meeting.id, agenda.meeting_over) == ("past", True)
    held_already = book(meetings=[held("done", "2026-11-20")])
    assert next_agenda(held_already, ALEX, TODAY).meeting is None


def test_choose_mentor_the_one_active_mentor():
    """The one active mentor is chosen, whatever the others' meetings."""
    paused = SAM.model_copy(update={"status": "paused"})
    journal = book(mentors=[ALEX, paused], meetings=[planned("m1", "2026-11-22", mentor="sam")])
    assert choose_mentor(journal, TODAY).id == "alex"


def test_choose_mentor_of_the_one_planned_meeting():
    """With several active mentors and one planned meeting (a held one does not count), that
    meeting's mentor is chosen; with meetings planned with two mentors, one of them over and
    not logged yet, it is an error naming them (SPEC: --mentor is optional with one active
    mentor or one planned meeting)."""
    journal = book(
        meetings=[
            held("past", "2026-11-01", mentor="alex"),
            planned("m2", "2026-11-28", mentor="sam"),
        ]
    )
    assert choose_mentor(journal, TODAY).id == "sam"
    both = book(meetings=[*journal.meetings, planned("m1", "2026-11-20", mentor="alex")])
    with pytest.raises(UsageError, match=r"--mentor.*alex, sam$"):
        choose_mentor(both, TODAY)


def test_choose_mentor_otherwise_lists_the_choices():
    """Several active mentors and nothing planned: a usage error listing the active ones."""
    ended = Mentor(id="zoe", name="Zoe", status="ended")
    with pytest.raises(UsageError, match=r"--mentor.*alex, sam$") as raised:
        choose_mentor(book(mentors=[SAM, ALEX, ended]), TODAY)
    assert "zoe" not in str(raised.value)
    with pytest.raises(UsageError, match="mentor add"):
        choose_mentor(book(mentors=[]), TODAY)


def test_suggested_date_follows_the_cadence_never_before_tomorrow():
    """The cadence's date is the last meeting plus the cadence, at the earliest tomorrow."""
    last = held("m1", "2026-11-15")
    assert suggested_date(ALEX, last, TODAY) == date(2026, 11, 29)
    assert suggested_date(ALEX, held("m0", "2026-10-01"), TODAY) == date(2026, 11, 22)
    assert suggested_date(ALEX, None, TODAY) == date(2026, 11, 22)
    assert suggested_date(SAM, last, TODAY) == date(2026, 11, 22)


# -- what is stored ------------------------------------------------------------------------


def test_stored_items_keep_sections_kinds_ids_and_text_in_order():
    """`stored_items` is every agenda item as (section, kind, id, text), goals last."""
    journal = book(
        actions=[
            action("d1", status="done", done=date(2026, 11, 20)),
            action("o1"),
            action("p1", owner="mentor"),
        ],
        notes=[note("n1", "2026-11-20")],
        feedback=[feedback("f1", "2026-11-20")],
        topics=[Topic(id="t1", text="scope")],
    )
    items = stored_items(next_agenda(journal, ALEX, TODAY))
    assert [(i["section"], i["kind"], i["id"]) for i in items] == [
        ("done", "action", "d1"),
        ("open", "action", "o1"),
        ("promise", "action", "p1"),
        ("notes", "note", "n1"),
        ("feedback", "feedback", "f1"),
        ("topics", "topic", "t1"),
        ("goals", "goal", "career"),
    ]
    assert items[0]["text"] == "do d1"
    assert items[3]["text"] == "note n1"
    assert items[-1]["text"] == "Promoted to senior"
    # What is stored reads back as the meeting's agenda.
    assert [AgendaItem.model_validate(i).id for i in items][-1] == "career"


def test_stored_agenda_is_what_the_next_agenda_leaves_out():
    """Storing an agenda on a held meeting makes its notes, feedback and done actions drop out."""
    journal = book(
        actions=[action("d1", status="done", done=date(2026, 11, 20)), action("o1")],
        notes=[note("n1", "2026-11-21")],
        feedback=[feedback("f1", "2026-11-21")],
    )
    items = stored_items(next_agenda(journal, ALEX, TODAY))
    meeting = Meeting(id="m1", mentor="alex", at=at("2026-11-21"), status="held", agenda=items)
    after = next_agenda(book(**{**journal.__dict__, "meetings": [meeting]}), ALEX, TODAY)
    assert isinstance(after, Agenda)
    assert (after.done, after.notes, after.feedback) == ([], [], [])
    assert ids(after.open) == ["o1"]
    assert after.open[0].carried == 1


def test_the_mentors_done_promises_are_listed_apart_from_my_done_actions():
    """What the mentor promised and did since the last meeting is not in `done` (the
    mentee's own work): it is in `promises_done`, and it still makes the agenda non-empty."""
    journal = book(
        meetings=[held("m1", "2026-11-07")],
        actions=[
            action("mine", status="done", done=date(2026, 11, 10)),
            action("theirs", owner="mentor", status="done", done=date(2026, 11, 12)),
            action("open-promise", owner="mentor"),
        ],
    )
    agenda = next_agenda(journal, ALEX, TODAY)
    assert ids(agenda.done) == ["mine"]
    assert ids(agenda.promises_done) == ["theirs"]
    assert ids(agenda.promises) == ["open-promise"]
    only_theirs = book(
        meetings=[held("m1", "2026-11-07")],
        actions=[action("theirs", owner="mentor", status="done", done=date(2026, 11, 12))],
    )
    assert not next_agenda(only_theirs, ALEX, TODAY).empty
    sections = {i["id"]: i["section"] for i in stored_items(agenda)}
    assert (sections["mine"], sections["theirs"]) == ("done", "promise_done")


def test_a_done_promise_reported_once_does_not_come_back():
    """A mentor's done promise stored on the last agenda is not reported again."""
    journal = book(
        meetings=[held("m1", "2026-11-15", [("promise_done", "theirs", "discussed")])],
        actions=[action("theirs", owner="mentor", status="done", done=date(2026, 11, 15))],
    )
    assert next_agenda(journal, ALEX, TODAY).promises_done == []


def test_target_changes_since_the_last_meeting_are_on_the_agenda():
    """The goals section carries the target changes made on or after the last meeting, with
    their reasons; older ones were discussed already."""
    from mentee.models import Retarget

    career = CAREER.model_copy(
        update={
            "target": date(2027, 9, 30),
            "timeline": [
                Retarget(date=date(2026, 10, 1), to=date(2027, 3, 31), reason="First plan"),
                Retarget(
                    date=date(2026, 11, 12),
                    from_=date(2027, 3, 31),
                    to=date(2027, 9, 30),
                    reason="Promotion cycle moved",
                ),
            ],
        }
    )
    journal = book(goals=[career, TALKS], meetings=[held("m1", "2026-11-07")])
    (item,) = next_agenda(journal, ALEX, TODAY).goals
    assert [(t.to, t.reason) for t in item.retargets] == [
        (date(2027, 9, 30), "Promotion cycle moved")
    ]
    first = next_agenda(book(goals=[career, TALKS]), ALEX, TODAY)
    assert len(first.goals[0].retargets) == 2  # no meeting yet: everything


def test_the_goals_phrase_says_when_the_pace_finishes_after_the_target():
    """The agenda has no forecast column: its goal line says it in words."""
    from mentee.export.agenda import progress_phrase
    from mentee.timeline import goal_progress

    goal = Goal(
        id="pace",
        title="Run a workshop",
        start=date(2026, 9, 1),
        target=date(2026, 12, 20),
        milestones=[
            Milestone(title="Outline", due=date(2026, 10, 1), done=date(2026, 10, 1)),
            Milestone(title="Slides", due=date(2026, 12, 1)),
            Milestone(title="Deliver", due=date(2026, 12, 20)),
        ],
    )
    # One done in the last 8 weeks, two left: 2 x 56 days from 2026-11-21.
    phrase = progress_phrase(goal_progress(goal, [], TODAY))
    assert phrase == (
        "on track: 1/3 milestones done, next: milestone 2 'Slides', due 2026-12-01; at the "
        "recent pace it would be done by 2027-03-13, after the target; target 2026-12-20"
    )


# -- a stored agenda, read back (`meeting show`, the Markdown export) -------------------------


def test_a_stored_agenda_reads_in_words_under_the_agendas_sections() -> None:
    """The stored sections (file keys) come back under the titles the agenda gives them, in
    its order whatever order the file has them in, actions marked done or open, decisions
    kept; a section this version does not know comes last under its own name."""
    from mentee.export.markdown import export_markdown
    from mentee.kinds import Kind
    from mentee.meetings import agenda_sections
    from mentee.models.meeting import AgendaItem
    from mentee.render import plain_text
    from mentee.ui import Lookup
    from mentee.ui.record import record_detail

    items = [
        AgendaItem(section="topics", text="Scope", decision="discussed"),
        AgendaItem(section="later", text="From a newer version"),
        AgendaItem(section="promise_done", text="Intro to the VP"),
        AgendaItem(section="open", text="Draft doc", decision="kept"),
        AgendaItem(section="done", text="Ship the RFC"),
        AgendaItem(section="notes", text="Learned to say no"),
    ]
    grouped = [(title, [i.text for i in group]) for title, group in agenda_sections(items)]
    assert grouped == [
        ("Follow-ups", ["Ship the RFC", "Draft doc"]),
        ("Done by your mentor", ["Intro to the VP"]),
        ("Progress", ["Learned to say no"]),
        ("Topics", ["Scope"]),
        ("later", ["From a newer version"]),
    ]
    held = Meeting(
        id="m-held", mentor="alex-kim", at=datetime(2026, 11, 7, 15, tzinfo=UTC),
        status="held", agenda=items,
    )  # fmt: skip
    shown = plain_text(record_detail(held, Lookup(date(2026, 11, 21))), 80)
    lines = [line.rstrip() for line in shown.splitlines()]
    start = lines.index("agenda    Follow-ups")
    assert lines[start : start + 11] == [
        "agenda    Follow-ups",
        "            [x] Ship the RFC",
        "            [ ] Draft doc  (kept)",
        "          Done by your mentor",
        "            [x] Intro to the VP",
        "          Progress",
        "            - Learned to say no",
        "          Topics",
        "            - Scope",
        "          later",
        "            - From a newer version",
    ]
    exported = export_markdown(RecordSet(meetings=[held]), [Kind.MEETING], date(2026, 11, 21))
    assert (
        "- Agenda as sent:\n  - Follow-ups:\n    - [x] Ship the RFC\n"
        "    - [ ] Draft doc (kept)\n  - Done by your mentor:\n    - [x] Intro to the VP\n"
        "  - Progress:\n    - Learned to say no\n  - Topics:\n    - Scope (discussed)\n"
        "  - later:\n    - From a newer version\n"
    ) in exported
