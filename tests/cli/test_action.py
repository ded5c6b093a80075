"""`mentee action`: add, list filters, show, done, drop, note, edit."""

from __future__ import annotations

import json

import pytest
from cli_helpers import append_unknown_keys, assert_unknown_keys_kept, error_line


@pytest.fixture
def journal(run, new):
    """A mentor, a goal and open actions: one overdue, one due later, one undated promise."""
    run("mentor", "add", "Alex Kim")
    run("mentor", "add", "Sam Lee")
    goal = new("goal", "add", "Lead a team")
    overdue = new(
        "action",
        "add",
        "Draft the design doc",
        "--due",
        "2026-11-01",
        "--goal",
        goal,
        "--mentor",
        "alex",
    )
    later = new("action", "add", "Book a speaking slot", "--due", "2w", "--practice")
    promise = new("action", "add", "Send intro", "--owner", "mentor", "--mentor", "sam")
    return {"goal": goal, "overdue": overdue, "later": later, "promise": promise}


# -- add ----------------------------------------------------------------------------------


def test_add_defaults(run_json, on_disk):
    """A new action is an open task of mine with no due date, written to actions/<id>.toml."""
    action = run_json("action", "add", "Read the RFC")
    assert action["title"] == "Read the RFC"
    assert action["status"] == "open"
    assert action["kind"] == "task"
    assert action["owner"] == "me"
    assert action["due"] is None
    assert action["notes"] == []
    assert action["done"] is None
    assert on_disk("actions", action["id"])["title"] == "Read the RFC"


@pytest.mark.parametrize(
    ("due", "expected"),
    [("fri", "2026-11-27"), ("2w", "2026-12-05"), ("eom", "2026-11-30"), ("today", "2026-11-21")],
)
def test_add_due_dates(run_json, due, expected):
    """`--due` takes weekday names, offsets and end-of-period words."""
    assert run_json("action", "add", "Dated", "--due", due)["due"] == expected


def test_add_impossible_due_is_usage_error(run, home):
    """`--due 2026-02-30` exits 2 naming `--due` and what was expected; nothing written."""
    result = run("action", "add", "Dated", "--due", "2026-02-30")
    assert result.exit_code == 2
    line = error_line(result)
    assert "--due" in line
    assert "YYYY-MM-DD" in line
    assert not (home / "actions").exists()


def test_add_links_resolve_prefixes(run, run_json, new):
    """`--goal`, `--mentor` and `--feedback` take prefixes and store full ids."""
    run("mentor", "add", "Alex Kim")
    goal = new("goal", "add", "Lead")
    feedback = new("feedback", "add", "Speak slower", "--from", "manager")
    action = run_json(
        "action",
        "add",
        "Practise pacing",
        "--goal",
        goal[:5],
        "--mentor",
        "alex",
        "--feedback",
        feedback[:5],
        "--practice",
    )
    assert action["goal"] == goal
    assert action["mentor"] == "alex-kim"
    assert action["feedback"] == feedback
    assert action["kind"] == "practice"


def test_add_from_meeting_takes_that_meetings_mentor(run, run_json, new):
    """An action agreed in a meeting is linked to the meeting's mentor."""
    run("mentor", "add", "Alex Kim")
    meeting = new("meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-22 10:00")
    action = run_json("action", "add", "Follow up", "--meeting", meeting)
    assert action["meeting"] == meeting
    assert action["mentor"] == "alex-kim"


def test_add_mentor_owned_needs_a_mentor(run, home):
    """`--owner mentor` without `--mentor` or `--meeting` exits 2."""
    result = run("action", "add", "Intro", "--owner", "mentor")
    assert result.exit_code == 2
    assert "--mentor" in error_line(result)
    assert not (home / "actions").exists()


@pytest.mark.parametrize(
    "args",
    [("--goal", "nope"), ("--mentor", "nobody"), ("--meeting", "zzzz"), ("--feedback", "zzzz")],
)
def test_add_unknown_link_exits_1(run, home, args):
    """A link to a record that does not exist exits 1 and writes nothing."""
    result = run("action", "add", "Linked", *args)
    assert result.exit_code == 1
    assert args[1] in error_line(result)
    assert not list(home.glob("actions/*.toml"))


def test_add_bad_owner_is_usage_error(run):
    """An `--owner` other than me or mentor exits 2."""
    result = run("action", "add", "x", "--owner", "boss")
    assert result.exit_code == 2
    assert "--owner" in error_line(result)


# -- list -----------------------------------------------------------------------------------


def test_list_open_soonest_first_undated_last(run_json, journal):
    """`action list` shows open actions, soonest due first, those without a date last."""
    assert [a["id"] for a in run_json("action", "list")] == [
        journal["overdue"],
        journal["later"],
        journal["promise"],
    ]


def test_list_overdue_only_past_due_open_actions(run, run_json, journal):
    """`--overdue` keeps open actions whose due date has passed."""
    assert [a["id"] for a in run_json("action", "list", "--overdue")] == [journal["overdue"]]
    run("action", "done", journal["overdue"])
    assert run_json("action", "list", "--overdue") == []
    empty = run("action", "list", "--overdue")
    assert empty.exit_code == 0
    assert "No overdue actions" in empty.stderr


def test_list_due_today_is_not_overdue(run_json):
    """An action due today is not overdue yet."""
    run_json("action", "add", "Today", "--due", "today")
    assert run_json("action", "list", "--overdue") == []


def test_list_goal_and_mentor_filters(run_json, journal):
    """`--goal` and `--mentor` (prefixes) keep the actions linked to them."""
    assert [a["id"] for a in run_json("action", "list", "--goal", journal["goal"][:4])] == [
        journal["overdue"]
    ]
    assert [a["id"] for a in run_json("action", "list", "--mentor", "sam")] == [journal["promise"]]


def test_list_owner_filter(run_json, journal):
    """`--owner mentor` lists the mentors' promises only."""
    assert [a["id"] for a in run_json("action", "list", "--owner", "mentor")] == [
        journal["promise"]
    ]


def test_list_all_and_status_include_closed_actions(run, run_json, journal):
    """Done and dropped actions appear with `--all` or `--status`, not by default."""
    run("action", "done", journal["later"])
    run("action", "drop", journal["promise"])
    assert [a["id"] for a in run_json("action", "list")] == [journal["overdue"]]
    assert {a["id"] for a in run_json("action", "list", "--all")} == {
        journal[k] for k in ("overdue", "later", "promise")
    }
    assert [a["id"] for a in run_json("action", "list", "--status", "done")] == [journal["later"]]
    assert [a["id"] for a in run_json("action", "list", "--status", "dropped")] == [
        journal["promise"]
    ]


def test_list_unknown_filter_target_exits_1(run, journal):
    """Filtering by a goal or mentor that does not exist exits 1."""
    assert run("action", "list", "--goal", "nope").exit_code == 1
    assert run("action", "list", "--mentor", "nobody").exit_code == 1


def test_list_table_marks_lateness_practice_and_promises(run, journal):
    """The table says how late an action is, marks practice and a mentor's promise."""
    result = run("action", "list")
    lines = result.stdout.splitlines()
    overdue = next(line for line in lines if journal["overdue"] in line)
    assert "20d late" in overdue
    assert "Alex Kim" in overdue
    assert "(practice)" in next(line for line in lines if journal["later"] in line)
    assert "(mentor's promise)" in next(line for line in lines if journal["promise"] in line)


def test_list_bad_status_is_usage_error(run):
    """An unknown `--status` exits 2."""
    result = run("action", "list", "--status", "finished")
    assert result.exit_code == 2
    error_line(result)


# -- show, done, drop, note -------------------------------------------------------------------


def test_done_with_note_records_date_and_note(run, run_json, journal, on_disk):
    """`action done --note` sets status done, `done` today and appends a dated note."""
    result = run("action", "done", journal["later"][:5], "--note", "Got the slot in March")
    assert result.exit_code == 0
    assert "Book a speaking slot" in result.stderr
    shown = run_json("action", "show", journal["later"])
    assert shown["status"] == "done"
    assert shown["done"] == "2026-11-21"
    assert shown["notes"] == [{"date": "2026-11-21", "text": "Got the slot in March"}]
    stored = on_disk("actions", journal["later"])
    assert stored["status"] == "done"
    assert str(stored["done"]) == "2026-11-21"


def test_done_twice_is_a_conflict_and_keeps_first_date(run, journal, record_file):
    """Completing a done action exits 1 and changes nothing."""
    run("action", "done", journal["later"])
    path = record_file("actions", journal["later"])
    before = path.read_bytes()
    result = run("action", "done", journal["later"])
    assert result.exit_code == 1
    assert "done already" in error_line(result)
    assert path.read_bytes() == before


def test_drop_sets_dropped_without_done_date(run_json, journal):
    """`action drop` marks the action dropped, with no done date, note optional."""
    dropped = run_json("action", "drop", journal["promise"], "--note", "No longer needed")
    assert dropped["status"] == "dropped"
    assert dropped["done"] is None
    assert dropped["notes"][-1]["text"] == "No longer needed"


def test_drop_after_done_is_a_conflict(run, journal):
    """A done action cannot be dropped (exit 1)."""
    run("action", "done", journal["later"])
    result = run("action", "drop", journal["later"])
    assert result.exit_code == 1
    error_line(result)


def test_note_appends_dated_notes_in_order(run, run_json, journal):
    """`action note` adds dated notes, keeping earlier ones; the action stays open."""
    run("action", "note", journal["promise"], "Pinged on chat")
    noted = run_json("action", "note", journal["promise"], "Reminded in person")
    assert noted["status"] == "open"
    assert [n["text"] for n in noted["notes"]] == ["Pinged on chat", "Reminded in person"]
    shown = run("action", "show", journal["promise"]).stdout
    assert "2026-11-21  Pinged on chat" in shown


def test_a_note_over_several_lines_is_a_section_of_its_own(run, run_json, journal, record_file):
    """A note with line breaks is written as a `[[notes]]` section with a multi-line
    string (docs/file-format.md), never as an inline table spread over lines."""
    run("action", "note", journal["promise"], "Pinged on chat")
    run("action", "note", journal["promise"], "Asked again:\nno answer yet")
    text = record_file("actions", journal["promise"]).read_text()
    assert "notes = [" not in text
    assert text.endswith(
        '[[notes]]\ndate = 2026-11-21\ntext = "Pinged on chat"\n\n'
        '[[notes]]\ndate = 2026-11-21\ntext = """\nAsked again:\nno answer yet"""\n'
    )
    noted = run_json("action", "show", journal["promise"])["notes"]
    assert [n["text"] for n in noted] == ["Pinged on chat", "Asked again:\nno answer yet"]


def test_note_blank_text_is_refused(run, journal, record_file):
    """A blank note exits 2 and leaves the file as it was."""
    path = record_file("actions", journal["promise"])
    before = path.read_bytes()
    result = run("action", "note", journal["promise"], " ")
    assert result.exit_code == 2
    error_line(result)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [("done",), ("drop",), ("note", "A note"), ("edit", "--title", "New")],
)
def test_changes_keep_unknown_keys(run, journal, record_file, on_disk, command):
    """Unknown keys in an action file survive done, drop, note and edit."""
    action = journal["later"]
    append_unknown_keys(record_file("actions", action))
    verb, *rest = command
    assert run("action", verb, action, *rest).exit_code == 0
    assert_unknown_keys_kept(on_disk("actions", action))


def test_show_unknown_and_ambiguous(run, home):
    """Unknown ids exit 1; an ambiguous prefix exits 1 listing the candidates."""
    folder = home / "actions"
    folder.mkdir(parents=True)
    for action_id in ("aa1", "aa2"):
        (folder / f"{action_id}.toml").write_text(f'id = "{action_id}"\ntitle = "{action_id}"\n')
    unknown = run("action", "show", "zz")
    assert unknown.exit_code == 1
    error_line(unknown)
    ambiguous = run("action", "done", "aa")
    assert ambiguous.exit_code == 1
    line = error_line(ambiguous)
    assert "aa1" in line
    assert "aa2" in line


# -- edit -----------------------------------------------------------------------------------


def test_edit_changes_due_goal_and_owner(run_json, journal):
    """`action edit` with options changes those fields only."""
    edited = run_json(
        "action",
        "edit",
        journal["later"],
        "--due",
        "eom",
        "--goal",
        journal["goal"],
        "--title",
        "Book a slot at the meetup",
    )
    assert edited["due"] == "2026-11-30"
    assert edited["goal"] == journal["goal"]
    assert edited["title"] == "Book a slot at the meetup"
    assert edited["kind"] == "practice"


def test_edit_bad_due_is_usage_error(run, journal, record_file):
    """`action edit --due 2026-02-30` exits 2; the file is unchanged."""
    path = record_file("actions", journal["later"])
    before = path.read_bytes()
    result = run("action", "edit", journal["later"], "--due", "2026-02-30")
    assert result.exit_code == 2
    assert "--due" in error_line(result)
    assert path.read_bytes() == before


def test_damaged_action_file_skipped_in_list(run, home, journal):
    """`action list` keeps working past a damaged action file, warning once."""
    path = home / "actions" / "broken.toml"
    path.write_bytes(b"title = \n")
    result = run("action", "list", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 3
    assert result.stderr.count(str(path)) == 1
    assert path.read_bytes() == b"title = \n"
