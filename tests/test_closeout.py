"""The meeting close-out buffer: the template `meeting log` opens, and reading it back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mentee.agenda import RecordSet, next_agenda
from mentee.closeout import parse, template
from mentee.errors import UsageError
from mentee.kinds import NoteKind, Owner
from mentee.meetings import NewAction
from mentee.models import Action, Feedback, Goal, Meeting, Mentor, Note, Topic

TODAY = date(2026, 11, 21)  # a Saturday
ALEX = Mentor(id="alex", name="Alex Kim")
MEETING = Meeting(id="m1", mentor="alex", at=datetime(2026, 11, 24, 15, 0, tzinfo=UTC))


def full_agenda():
    journal = RecordSet(
        mentors=[ALEX],
        goals=[Goal(id="career", title="Promoted to senior")],
        actions=[
            Action(id="a-done", title="Read the book", mentor="alex", status="done", done=TODAY),
            Action(id="a-open", title="Draft\nthe RFC", mentor="alex"),
            Action(id="a-promise", title="Intro to the VP", mentor="alex", owner="mentor"),
        ],
        notes=[Note(id="n1", date=TODAY, kind="win", text="Shipped it")],
        feedback=[Feedback(id="f1", date=TODAY, source="peer", kind="praise", text="Clear talk")],
        topics=[Topic(id="t1", text="Promo process")],
    )
    return next_agenda(journal, ALEX, TODAY, meeting=MEETING)


def test_template_lists_every_item_marked_discussed():
    """The template names the meeting and lists each follow-up, note, feedback and topic as
    `[x] KIND ID: text` on one line, then the Notes, Advice and Actions sections."""
    text = template(full_agenda(), MEETING)
    lines = text.splitlines()
    assert lines[0] == "# Close-out of the meeting with Alex Kim, Tue 2026-11-24 15:00 (m1)."
    agenda_lines = lines[lines.index("## Agenda") + 1 : lines.index("## Notes") - 1]
    assert agenda_lines == [
        "[x] action a-done: done: Read the book",
        "[x] action a-open: Draft the RFC",
        "[x] action a-promise: mentor's promise: Intro to the VP",
        "[x] note n1: win: Shipped it",
        "[x] feedback f1: praise: Clear talk",
        "[x] topic t1: Promo process",
    ]
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## Agenda", "## Notes", "## Advice", "## Actions"]


def test_template_read_back_unchanged_discusses_everything_and_adds_nothing():
    """Parsing the template as given marks every item discussed, with no notes, advice or
    actions (the comment lines are ignored)."""
    result = parse(template(full_agenda(), MEETING), TODAY)
    assert result.decisions == dict.fromkeys(
        ["a-done", "a-open", "a-promise", "n1", "f1", "t1"], "discussed"
    )
    assert result.notes is None
    assert result.advice == []
    assert result.actions == []


def test_template_of_an_empty_agenda_says_so_and_parses_to_nothing():
    """With nothing on the agenda the template says so in a comment."""
    empty = next_agenda(RecordSet(mentors=[ALEX]), ALEX, TODAY, meeting=MEETING)
    text = template(empty, MEETING)
    assert "# (nothing was on the agenda)" in text
    assert parse(text, TODAY).decisions == {}


def test_marks_are_read_as_decisions():
    """[x] discussed, [ ] kept, [-] dropped, [d] done; marks are case-insensitive and
    indentation is allowed."""
    text = (
        "## Agenda\n"
        "[x] topic t1: a\n"
        "[X] topic t2: b\n"
        "[ ] note n1: win: c\n"
        "  [-] feedback f1: praise: d\n"
        "[d] action a1: e\n"
        "[D] action a2: f\n"
    )
    assert parse(text, TODAY).decisions == {
        "t1": "discussed",
        "t2": "discussed",
        "n1": "kept",
        "f1": "dropped",
        "a1": "done",
        "a2": "done",
    }


def test_notes_keep_their_lines_and_advice_one_per_line():
    """Notes keep their inner lines and blank lines (trimmed at the ends, comments dropped);
    each advice line is one piece of advice, with or without its `- `."""
    text = (
        "## Notes\n"
        "\n"
        "We talked about scope.\n"
        "# a comment, not a note\n"
        "\n"
        "  Then about the promo packet.\n"
        "\n"
        "## Advice\n"
        "- Say no more often\n"
        "Write things down\n"
        "\n"
    )
    result = parse(text, TODAY)
    assert result.notes == "We talked about scope.\n\n  Then about the promo packet."
    assert result.advice == ["Say no more often", "Write things down"]


def test_new_actions_mine_the_mentors_and_with_due_dates():
    """`- [ ] text` is mine, `- [ ] @mentor text` the mentor's promise, and a trailing
    `(due DATE)` (any date form) sets the due date."""
    text = (
        "## Actions\n"
        "# - [ ] what I will do (due fri)\n"
        "- [ ] Write the summary (due fri)\n"
        "- [ ] @mentor Share the rubric\n"
        "- [ ] @Mentor Intro to the VP (due 2026-12-10)\n"
        "-[] Read the handbook\n"
        "- [ ] Ask about (the budget)\n"
        "- [ ] @mentorship circle: sign up\n"
    )
    assert parse(text, TODAY).actions == [
        NewAction(title="Write the summary", due=date(2026, 11, 27)),
        NewAction(title="Share the rubric", owner=Owner.MENTOR),
        NewAction(title="Intro to the VP", due=date(2026, 12, 10), owner=Owner.MENTOR),
        NewAction(title="Read the handbook"),
        NewAction(title="Ask about (the budget)"),
        NewAction(title="@mentorship circle: sign up"),
    ]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("## Agenda\n[x] topic t1: ok\nlooks fine\n", 3, "expected '[x] KIND ID: text'"),
        ("## Agenda\n[?] topic t1: a\n", 2, "unknown mark [?]"),
        ("## Agenda\n[x] meeting m1: a\n", 2, "expected '[x] KIND ID: text'"),
        ("## Agenda\n[d] topic t1: a\n", 2, "only actions"),
        ("## Agenda\n\n## Decisions\n", 3, "unknown section 'Decisions'"),
        ("## Actions\n\n* Write it\n", 3, "expected '- [ ] what to do (due DATE)'"),
        ("## Actions\n- [x] Already done\n", 2, "expected '- [ ] what to do"),
        ("## Actions\n- [ ] Fix it (due 2026-02-30)\n", 2, "invalid date '2026-02-30'"),
        ("## Actions\n- [ ] Fix it (due someday)\n", 2, "invalid date 'someday'"),
        ("## Actions\n- [ ] (due fri)\n", 2, "needs a title"),
        ("## Actions\n- [ ] @mentor\n", 2, "needs a title"),
    ],
)
def test_a_line_that_cannot_be_read_is_a_usage_error_naming_it(text, line, words):
    """A bad line is a UsageError that starts with its line number and says what is wrong."""
    with pytest.raises(UsageError) as raised:
        parse(text, TODAY)
    message = str(raised.value)
    assert message.startswith(f"line {line}: ")
    assert words in message


def test_logging_refuses_done_on_a_non_action_before_writing_anything(tmp_path):
    """`log_meeting` given `done` for a note (a caller other than the parser) changes no
    record at all, not even the actions listed before the note."""
    from mentee.journal.action import add_action
    from mentee.journal.entries import add_note
    from mentee.journal.meeting import HeldMeeting, add_meeting, log_meeting
    from mentee.journal.mentor import add_mentor
    from mentee.store import Store

    store = Store(tmp_path / "journal", tmp_path / "journal.lock")
    add_mentor(store, name="Alex Kim")
    action = add_action(store, title="Draft", mentor="alex-kim")
    note = add_note(store, text="Shipped", kind=NoteKind.WIN, today=TODAY)
    meeting = add_meeting(store, mentor="alex-kim", at=MEETING.at)
    before = {p: p.read_bytes() for p in store.root.rglob("*.toml")}
    with pytest.raises(UsageError, match=f"note {note.id}"):
        log_meeting(
            store,
            HeldMeeting(meeting=meeting.id),
            today=MEETING.at.date(),
            decisions={action.id: "done", note.id: "done"},
        )
    assert {p: p.read_bytes() for p in store.root.rglob("*.toml")} == before


def test_every_line_that_cannot_be_read_is_named_at_once():
    """One pass names all the bad lines (a mark, a date, an item listed twice), in order,
    so they can all be fixed in one edit."""
    from mentee.closeout import CloseoutError

    text = (
        "## Agenda\n[y] topic t1: a\n[x] note n1: b\n[ ] note n1: b again\n"
        "## Actions\n- [ ] Fix it (due 2026-02-30)\n- [ ] Fine (due fri)\n"
    )
    with pytest.raises(CloseoutError) as raised:
        parse(text, TODAY)
    problems = raised.value.problems
    assert [p.line for p in problems] == [2, 4, 6]
    assert "unknown mark [y]" in problems[0].message
    assert "note n1 is listed twice (line 3)" in problems[1].message
    assert "invalid date '2026-02-30'" in problems[2].message
    assert str(raised.value).endswith("(and 2 more problems)")
    assert raised.value.located("kept.md").startswith("kept.md:2: unknown mark [y]")


def test_check_names_items_off_the_agenda_and_unknown_goals_by_line():
    from mentee.closeout import CloseoutError, check, read
    from mentee.errors import NotFoundError

    def resolve(goal: str) -> str:
        if goal != "g1":
            raise NotFoundError(f"no goal {goal!r}")
        return goal

    text = (
        "## Agenda\n[x] topic t1: a\n[x] topic t9: b\n"
        "## Actions\n- [ ] A (goal g1)\n- [ ] B (goal zz)\n"
    )
    result, found = read(text, TODAY)
    assert found == []
    with pytest.raises(CloseoutError) as raised:
        check(result, {"t1"}, resolve, found)
    assert [(p.line, p.message) for p in raised.value.problems] == [
        (3, "t9 is not on this meeting's agenda"),
        (6, "(goal zz): no goal 'zz'"),
    ]
