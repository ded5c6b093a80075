"""`mentee goal`: add, list, show, edit, done, drop, retarget, milestones, damaged files."""

from __future__ import annotations

import json
import os
import stat

import pytest
from cli_helpers import append_unknown_keys, assert_unknown_keys_kept, error_line

# -- add ----------------------------------------------------------------------------------


def test_add_prints_created_record_as_json_and_writes_its_file(run_json, on_disk):
    """`goal add --json` prints the whole record, and the same fields are in goals/<id>.toml."""
    goal = run_json(
        "goal",
        "add",
        "Promoted to senior",
        "--by",
        "2027-06-30",
        "--why",
        "Lead bigger projects",
        "--baseline",
        "Mid-level, two projects led",
        "--success",
        "Title change in the HR system",
        "--tag",
        "career",
        "--tag",
        "promo",
    )
    assert goal["title"] == "Promoted to senior"
    assert goal["status"] == "active"
    assert goal["start"] == "2026-11-21"
    assert goal["target"] == "2027-06-30"
    assert goal["why"] == "Lead bigger projects"
    assert goal["baseline"] == "Mid-level, two projects led"
    assert goal["success"] == "Title change in the HR system"
    assert goal["tags"] == ["career", "promo"]
    assert goal["milestones"] == []
    assert goal["timeline"] == []
    assert goal["achieved"] is None
    assert goal["schema_version"] == 1
    assert goal["created"]
    assert goal["updated"]
    stored = on_disk("goals", goal["id"])
    assert stored["id"] == goal["id"]
    assert stored["title"] == "Promoted to senior"
    assert str(stored["target"]) == "2027-06-30"
    assert stored["tags"] == ["career", "promo"]


def test_add_on_a_terminal_confirms_on_stderr_and_keeps_stdout_empty(run):
    """On a terminal, a plain `goal add` says what it added in one line, on stderr."""
    result = run("goal", "add", "Give a conference talk", terminal=True)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("Added goal ")
    assert len(result.stderr.splitlines()) == 1
    assert "Give a conference talk" in result.stderr


def test_ids_are_short_lowercase_and_unique(run_json):
    """Each new goal gets its own id made of lowercase letters, digits and '-'."""
    found = {run_json("goal", "add", f"Goal {n}")["id"] for n in range(5)}
    assert len(found) == 5
    for goal_id in found:
        assert goal_id == goal_id.lower()
        assert set(goal_id) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
        assert 0 < len(goal_id) <= 16


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("eom", "2026-11-30"),
        ("eoq", "2026-12-31"),
        ("eoy", "2026-12-31"),
        ("eow", "2026-11-22"),
        ("fri", "2026-11-27"),
        ("2w", "2026-12-05"),
        ("+3d", "2026-11-24"),
        ("6m", "2027-05-21"),
        ("1y", "2027-11-21"),
        ("tomorrow", "2026-11-22"),
        ("2027-06-30", "2027-06-30"),
    ],
)
def test_add_by_accepts_relative_dates(run_json, value, expected):
    """`--by` understands the date words of SPEC.md relative to MENTEE_TODAY (a Saturday)."""
    assert run_json("goal", "add", "Dated", "--by", value)["target"] == expected


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-01", "someday", "3x", ""])
def test_add_impossible_date_is_usage_error_saying_what_was_expected(run, home, value):
    """An impossible or unknown `--by` exits 2 naming the option and the accepted forms."""
    result = run("goal", "add", "Dated", "--by", value)
    assert result.exit_code == 2
    line = error_line(result)
    assert "--by" in line
    assert "YYYY-MM-DD" in line
    assert not (home / "goals").exists()


def test_add_start_option_sets_start(run_json):
    """`--start` overrides the default start of today."""
    goal = run_json("goal", "add", "Backdated", "--start", "2026-09-01", "--by", "2027-01-31")
    assert goal["start"] == "2026-09-01"


def test_add_target_before_start_is_refused(run, home):
    """A target date before the start date is a usage error and writes nothing."""
    result = run("goal", "add", "Backwards", "--start", "2026-12-01", "--by", "2026-11-25")
    assert result.exit_code == 2
    assert "before the start" in error_line(result)
    assert not (home / "goals").exists()


def test_add_empty_title_is_refused(run, home):
    """A blank title is a usage error."""
    result = run("goal", "add", "   ")
    assert result.exit_code == 2
    assert "title" in error_line(result)
    assert not (home / "goals").exists()


def test_add_with_mentor_prefix_stores_full_mentor_id(run, run_json):
    """`--mentor` takes a unique prefix of a mentor id and stores the full id."""
    run("mentor", "add", "Alex Kim")
    goal = run_json("goal", "add", "Lead a team", "--mentor", "alex")
    assert goal["mentors"] == ["alex-kim"]


def test_add_with_unknown_mentor_fails_and_writes_nothing(run, home):
    """An unknown `--mentor` exits 1 and no goal file is created."""
    result = run("goal", "add", "Lead a team", "--mentor", "nobody")
    assert result.exit_code == 1
    assert "nobody" in error_line(result)
    assert not list(home.glob("goals/*.toml"))


def test_first_write_creates_private_directories_and_files(run_json, home, record_file):
    """The data directory and its folders are 0700 and record files 0600."""
    goal = run_json("goal", "add", "Private")
    assert stat.S_IMODE(os.stat(home).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(home / "goals").st_mode) == 0o700
    assert stat.S_IMODE(os.stat(record_file("goals", goal["id"])).st_mode) == 0o600


def test_rewrite_makes_a_loose_file_private_again(run, run_json, record_file):
    """A record file someone made world-readable is 0600 again after mentee rewrites it."""
    goal = run_json("goal", "add", "Private")
    path = record_file("goals", goal["id"])
    os.chmod(path, 0o644)
    assert run("goal", "done", goal["id"]).exit_code == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_no_temp_files_left_behind(run, run_json, home):
    """After adds and rewrites the goals folder holds only `<id>.toml` files."""
    goal = run_json("goal", "add", "Tidy")
    run("goal", "milestone", "add", goal["id"], "Step")
    run("goal", "done", goal["id"])
    assert sorted(p.name for p in (home / "goals").iterdir()) == [f"{goal['id']}.toml"]


# -- list ---------------------------------------------------------------------------------


def test_list_on_empty_journal_hints_on_stderr_and_creates_nothing(run, home):
    """Listing an empty journal exits 0 with a hint, and does not create the directory."""
    result = run("goal", "list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "goal add" in result.stderr
    assert not home.exists()


def test_list_json_on_empty_journal_is_empty_array(run_json):
    """`goal list --json` on an empty journal is `[]`."""
    assert run_json("goal", "list") == []


def test_list_hides_achieved_and_dropped_unless_all(run, run_json):
    """By default only active and paused goals are listed; `--all` shows every goal."""
    active = run_json("goal", "add", "Active")["id"]
    paused = run_json("goal", "add", "Paused")["id"]
    achieved = run_json("goal", "add", "Achieved")["id"]
    dropped = run_json("goal", "add", "Dropped")["id"]
    run("goal", "edit", paused, "--status", "paused")
    run("goal", "done", achieved)
    run("goal", "drop", dropped)
    assert {g["id"] for g in run_json("goal", "list")} == {active, paused}
    assert {g["id"] for g in run_json("goal", "list", "--all")} == {
        active,
        paused,
        achieved,
        dropped,
    }


def test_list_status_filter_is_repeatable(run, run_json):
    """`--status` keeps only goals with the given statuses, and may be repeated."""
    run_json("goal", "add", "Active")
    achieved = run_json("goal", "add", "Achieved")["id"]
    dropped = run_json("goal", "add", "Dropped")["id"]
    run("goal", "done", achieved)
    run("goal", "drop", dropped)
    assert [g["id"] for g in run_json("goal", "list", "--status", "achieved")] == [achieved]
    both = run_json("goal", "list", "--status", "achieved", "--status", "dropped")
    assert {g["id"] for g in both} == {achieved, dropped}


def test_list_bad_status_is_usage_error(run):
    """An unknown `--status` value exits 2 with one error line."""
    result = run("goal", "list", "--status", "finished")
    assert result.exit_code == 2
    assert "--status" in error_line(result)


def test_list_sorted_by_target_date_then_undated_last(run_json):
    """Goals are listed soonest target first; goals without a target come last."""
    late = run_json("goal", "add", "Late", "--by", "2027-12-31")["id"]
    undated = run_json("goal", "add", "Undated")["id"]
    soon = run_json("goal", "add", "Soon", "--by", "2026-12-31")["id"]
    assert [g["id"] for g in run_json("goal", "list")] == [soon, late, undated]


def test_list_table_shows_ids_titles_and_dates(run, run_json):
    """The human table carries each goal's id, title, status and target."""
    goal = run_json("goal", "add", "Give a conference talk", "--by", "2027-03-31")
    result = run("goal", "list")
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0].split()
    assert header[:5] == ["id", "title", "status", "start", "target"]
    row = next(line for line in result.stdout.splitlines() if goal["id"] in line)
    assert "Give a conference talk" in row
    assert "active" in row
    assert "2027-03-31" in row


def test_list_by_mentor_and_tag(run, run_json):
    """`--mentor` keeps goals that mentor serves (either side of the link); `--tag` by tag."""
    run("mentor", "add", "Alex Kim")
    linked = run_json("goal", "add", "Linked", "--mentor", "alex-kim", "--tag", "career")["id"]
    other = run_json("goal", "add", "Other", "--tag", "health")["id"]
    via_mentor = run_json("goal", "add", "Via mentor record")["id"]
    run("mentor", "edit", "alex-kim", "--goal", via_mentor)
    assert {g["id"] for g in run_json("goal", "list", "--mentor", "alex")} == {linked, via_mentor}
    assert [g["id"] for g in run_json("goal", "list", "--tag", "health")] == [other]


# -- show ---------------------------------------------------------------------------------


def test_show_json_is_the_record(run_json):
    """`goal show --json` prints the same object `goal add --json` printed."""
    added = run_json("goal", "add", "Shown", "--by", "eom", "--why", "Because")
    shown = run_json("goal", "show", added["id"])
    assert shown == added


def test_show_human_lists_fields(run, run_json):
    """`goal show` prints the id and the fields that have values."""
    goal = run_json("goal", "add", "Shown", "--by", "2027-01-31", "--why", "Because")
    result = run("goal", "show", goal["id"])
    assert result.exit_code == 0
    assert f"goal {goal['id']}" in result.stdout
    assert "Shown" in result.stdout
    assert "Because" in result.stdout
    assert "2027-01-31" in result.stdout
    assert "schema_version" not in result.stdout


def test_show_unique_prefix_works(run_json):
    """Any unique prefix of a goal id finds the goal."""
    goal = run_json("goal", "add", "Prefixed")
    assert run_json("goal", "show", goal["id"][:3])["id"] == goal["id"]


def test_show_is_case_insensitive_on_ids(run_json):
    """An id typed in upper case still finds the goal (ids are lowercase)."""
    goal = run_json("goal", "add", "Upper")
    assert run_json("goal", "show", goal["id"].upper())["id"] == goal["id"]


def test_show_ambiguous_prefix_exits_1_listing_candidates(run, home):
    """A prefix matching two goals exits 1 and names both candidates."""
    folder = home / "goals"
    folder.mkdir(parents=True)
    for goal_id in ("abc111", "abc222"):
        (folder / f"{goal_id}.toml").write_text(f'id = "{goal_id}"\ntitle = "T {goal_id}"\n')
    result = run("goal", "show", "abc")
    assert result.exit_code == 1
    line = error_line(result)
    assert "ambiguous" in line
    assert "abc111" in line
    assert "abc222" in line


def test_show_exact_id_wins_over_longer_ids(run, home, run_json):
    """An id that is also the prefix of another id names itself, not an ambiguity."""
    folder = home / "goals"
    folder.mkdir(parents=True)
    for goal_id in ("abc", "abcd"):
        (folder / f"{goal_id}.toml").write_text(f'id = "{goal_id}"\ntitle = "T {goal_id}"\n')
    assert run_json("goal", "show", "abc")["title"] == "T abc"


def test_show_unknown_id_exits_1(run):
    """An id that matches nothing exits 1 with one `mentee: ` line naming it."""
    result = run("goal", "show", "zzzz")
    assert result.exit_code == 1
    assert "zzzz" in error_line(result)
    assert result.stdout == ""


@pytest.mark.parametrize("bad", ["../etc", "a/b", "-x", "A B", "x" * 65])
def test_show_invalid_id_is_usage_error(run, bad):
    """Something that cannot be an id exits 2 and never touches a path built from it."""
    result = run("goal", "show", "--", bad)
    assert result.exit_code == 2
    assert "id" in error_line(result)


# -- edit with options ----------------------------------------------------------------------


def test_edit_changes_fields_and_keeps_unknown_keys(run_json, record_file, on_disk):
    """`goal edit --title/--why` updates the file and keeps keys mentee does not know."""
    goal = run_json("goal", "add", "Old title")
    append_unknown_keys(record_file("goals", goal["id"]))
    edited = run_json("goal", "edit", goal["id"], "--title", "New title", "--why", "Reasons")
    assert edited["title"] == "New title"
    assert edited["why"] == "Reasons"
    stored = on_disk("goals", goal["id"])
    assert stored["title"] == "New title"
    assert_unknown_keys_kept(stored)
    assert run_json("goal", "show", goal["id"])["future_field"] == "keep me"


def test_edit_adds_and_removes_mentors_and_tags(run, run_json):
    """`--mentor/--no-mentor` and `--tag/--no-tag` add and remove links without duplicates."""
    run("mentor", "add", "Alex Kim")
    run("mentor", "add", "Sam Lee")
    goal = run_json("goal", "add", "Linked", "--mentor", "alex-kim", "--tag", "a")
    edited = run_json(
        "goal", "edit", goal["id"], "--mentor", "sam", "--mentor", "alex", "--tag", "b"
    )
    assert edited["mentors"] == ["alex-kim", "sam-lee"]
    assert edited["tags"] == ["a", "b"]
    edited = run_json("goal", "edit", goal["id"], "--no-mentor", "alex", "--no-tag", "a")
    assert edited["mentors"] == ["sam-lee"]
    assert edited["tags"] == ["b"]


def test_edit_status_achieved_sets_achieved_date(run_json):
    """`goal edit --status achieved` records today as the achieved date; reopening clears it."""
    goal = run_json("goal", "add", "Done via edit")
    assert run_json("goal", "edit", goal["id"], "--status", "achieved")["achieved"] == "2026-11-21"
    assert run_json("goal", "edit", goal["id"], "--status", "active")["achieved"] is None


def test_edit_same_status_keeps_achieved_date(run, run_json):
    """Re-stating `--status achieved` on an achieved goal keeps the day it was achieved."""
    goal = run_json("goal", "add", "Reached")
    run("goal", "done", goal["id"], env={"MENTEE_TODAY": "2026-10-01"})
    edited = run_json("goal", "edit", goal["id"], "--status", "achieved", "--why", "Proud")
    assert edited["achieved"] == "2026-10-01"
    assert edited["why"] == "Proud"


def test_edit_unknown_goal_exits_1(run):
    """Editing a goal that does not exist exits 1."""
    result = run("goal", "edit", "nothere", "--title", "x")
    assert result.exit_code == 1
    assert "nothere" in error_line(result)


def test_edit_bad_start_date_is_usage_error(run, run_json, record_file):
    """`goal edit --start 2026-02-30` exits 2 and leaves the file untouched."""
    goal = run_json("goal", "add", "Dated")
    before = record_file("goals", goal["id"]).read_bytes()
    result = run("goal", "edit", goal["id"], "--start", "2026-02-30")
    assert result.exit_code == 2
    assert "--start" in error_line(result)
    assert record_file("goals", goal["id"]).read_bytes() == before


# -- done, drop -----------------------------------------------------------------------------


def test_done_marks_achieved_today(run, run_json, on_disk):
    """`goal done` sets status achieved and `achieved` to today, on disk too."""
    goal = run_json("goal", "add", "Finish")
    result = run("goal", "done", goal["id"])
    assert result.exit_code == 0
    assert "Finish" in result.stderr
    stored = on_disk("goals", goal["id"])
    assert stored["status"] == "achieved"
    assert str(stored["achieved"]) == "2026-11-21"


def test_done_twice_keeps_the_first_achieved_date(run, run_json, on_disk):
    """Marking an achieved goal done again exits 1 and keeps the date it was achieved."""
    goal = run_json("goal", "add", "Finish")
    run("goal", "done", goal["id"], env={"MENTEE_TODAY": "2026-10-01"})
    result = run("goal", "done", goal["id"])
    assert result.exit_code == 1
    assert "achieved already" in error_line(result)
    assert str(on_disk("goals", goal["id"])["achieved"]) == "2026-10-01"


def test_drop_twice_is_a_conflict(run, run_json, record_file):
    """Dropping a dropped goal exits 1 and leaves the file as it was."""
    goal = run_json("goal", "add", "Abandon")
    run("goal", "drop", goal["id"])
    before = record_file("goals", goal["id"]).read_bytes()
    result = run("goal", "drop", goal["id"])
    assert result.exit_code == 1
    assert "dropped already" in error_line(result)
    assert record_file("goals", goal["id"]).read_bytes() == before


def test_drop_marks_dropped_and_keeps_the_record(run_json, record_file):
    """`goal drop` keeps the goal's file with status dropped."""
    goal = run_json("goal", "add", "Abandon")
    dropped = run_json("goal", "drop", goal["id"])
    assert dropped["status"] == "dropped"
    assert dropped["achieved"] is None
    assert record_file("goals", goal["id"]).exists()


def test_done_keeps_unknown_keys(run, run_json, record_file, on_disk):
    """Unknown keys in a goal file survive `goal done` rewriting it."""
    goal = run_json("goal", "add", "Finish")
    append_unknown_keys(record_file("goals", goal["id"]))
    assert run("goal", "done", goal["id"]).exit_code == 0
    assert_unknown_keys_kept(on_disk("goals", goal["id"]))


# -- retarget -------------------------------------------------------------------------------


def test_retarget_moves_target_and_keeps_timeline_with_reasons(run_json, on_disk):
    """Each retarget appends a dated entry with from, to and reason; earlier ones are kept."""
    goal = run_json("goal", "add", "Promotion", "--by", "2027-06-30")
    run_json("goal", "retarget", goal["id"], "--by", "2027-09-30", "--reason", "Reorg")
    moved = run_json("goal", "retarget", goal["id"], "--by", "eoy", "--reason", "Faster")
    assert moved["target"] == "2026-12-31"
    assert moved["timeline"] == [
        {"date": "2026-11-21", "from": "2027-06-30", "to": "2027-09-30", "reason": "Reorg"},
        {"date": "2026-11-21", "from": "2027-09-30", "to": "2026-12-31", "reason": "Faster"},
    ]
    stored = on_disk("goals", goal["id"])
    assert [entry["reason"] for entry in stored["timeline"]] == ["Reorg", "Faster"]
    assert str(stored["timeline"][0]["from"]) == "2027-06-30"


def test_retarget_goal_without_target_records_from_as_null(run_json):
    """Giving a first target to an undated goal is a timeline entry with `from` null."""
    goal = run_json("goal", "add", "Undated")
    moved = run_json("goal", "retarget", goal["id"], "--by", "2027-01-31", "--reason", "Planned")
    assert moved["timeline"][0]["from"] is None
    assert moved["timeline"][0]["to"] == "2027-01-31"


def test_retarget_shows_in_goal_show(run, run_json):
    """`goal show` lists the timeline with the reason."""
    goal = run_json("goal", "add", "Promotion", "--by", "2027-06-30")
    run("goal", "retarget", goal["id"], "--by", "2027-09-30", "--reason", "Reorg delayed it")
    result = run("goal", "show", goal["id"])
    assert "2027-06-30 -> 2027-09-30" in result.stdout
    assert "Reorg delayed it" in result.stdout


def test_retarget_requires_reason_and_by(run, run_json):
    """`retarget` without `--reason` or `--by` is a usage error (exit 2)."""
    goal = run_json("goal", "add", "Promotion", "--by", "2027-06-30")
    missing_reason = run("goal", "retarget", goal["id"], "--by", "2027-09-30")
    assert missing_reason.exit_code == 2
    assert "--reason" in error_line(missing_reason)
    missing_by = run("goal", "retarget", goal["id"], "--reason", "x")
    assert missing_by.exit_code == 2
    assert "--by" in error_line(missing_by)


def test_retarget_blank_reason_or_same_date_refused_and_file_untouched(run, run_json, record_file):
    """A blank reason, the same date or a date before the start exit 2 and change nothing."""
    goal = run_json("goal", "add", "Promotion", "--by", "2027-06-30")
    path = record_file("goals", goal["id"])
    before = path.read_bytes()
    for args in (
        ("--by", "2027-09-30", "--reason", "  "),
        ("--by", "2027-06-30", "--reason", "same"),
        ("--by", "2026-01-01", "--reason", "before start"),
        ("--by", "2026-02-30", "--reason", "impossible"),
    ):
        result = run("goal", "retarget", goal["id"], *args)
        assert result.exit_code == 2, args
        error_line(result)
    assert path.read_bytes() == before


def test_retarget_keeps_unknown_keys(run, run_json, record_file, on_disk):
    """Unknown keys survive a retarget."""
    goal = run_json("goal", "add", "Promotion", "--by", "2027-06-30")
    append_unknown_keys(record_file("goals", goal["id"]))
    run("goal", "retarget", goal["id"], "--by", "2027-07-31", "--reason", "x")
    assert_unknown_keys_kept(on_disk("goals", goal["id"]))


# -- milestones -----------------------------------------------------------------------------


def test_milestone_add_numbers_from_one_and_done_marks_today(run, run_json):
    """Milestones are numbered from 1 in `goal show`; `milestone done 2` completes the second."""
    goal = run_json("goal", "add", "Talk")
    first = run("goal", "milestone", "add", goal["id"], "Write abstract", "--due", "fri")
    assert first.exit_code == 0
    assert "milestone 1" in first.stderr
    run_json("goal", "milestone", "add", goal["id"], "Submit CFP")
    done = run_json("goal", "milestone", "done", goal["id"], "2")
    assert done["milestones"] == [
        {"title": "Write abstract", "due": "2026-11-27", "done": None},
        {"title": "Submit CFP", "due": None, "done": "2026-11-21"},
    ]
    shown = run("goal", "show", goal["id"]).stdout
    assert "1. [ ] Write abstract" in shown
    assert "2. [x] Submit CFP" in shown


def test_milestone_done_out_of_range_is_usage_error(run, run_json, record_file):
    """N of 0, past the last milestone, or not a number exits 2 and changes nothing."""
    goal = run_json("goal", "add", "Talk")
    run("goal", "milestone", "add", goal["id"], "Only one")
    path = record_file("goals", goal["id"])
    before = path.read_bytes()
    for number in ("0", "2", "-1", "one"):
        result = run("goal", "milestone", "done", goal["id"], "--", number)
        assert result.exit_code == 2, number
        error_line(result)
    assert path.read_bytes() == before


def test_milestone_done_on_goal_without_milestones_says_so(run, run_json):
    """Completing a milestone of a goal that has none exits 2 explaining there are none."""
    goal = run_json("goal", "add", "Bare")
    result = run("goal", "milestone", "done", goal["id"], "1")
    assert result.exit_code == 2
    assert "none" in error_line(result)


def test_milestone_done_twice_is_a_conflict(run, run_json):
    """Completing a milestone that is already done exits 1 and keeps the first date."""
    goal = run_json("goal", "add", "Talk")
    run("goal", "milestone", "add", goal["id"], "Step")
    run("goal", "milestone", "done", goal["id"], "1")
    result = run("goal", "milestone", "done", goal["id"], "1")
    assert result.exit_code == 1
    assert "done" in error_line(result)
    assert run_json("goal", "show", goal["id"])["milestones"][0]["done"] == "2026-11-21"


def test_milestone_bad_due_date_is_usage_error(run, run_json):
    """`milestone add --due 2026-02-30` exits 2 naming `--due`."""
    goal = run_json("goal", "add", "Talk")
    result = run("goal", "milestone", "add", goal["id"], "Step", "--due", "2026-02-30")
    assert result.exit_code == 2
    assert "--due" in error_line(result)
    assert run_json("goal", "show", goal["id"])["milestones"] == []


def test_milestone_keeps_unknown_keys_inside_milestones(run, run_json, home, on_disk):
    """A key mentee does not know inside a milestone table survives completing it."""
    folder = home / "goals"
    folder.mkdir(parents=True)
    (folder / "g1.toml").write_text(
        'id = "g1"\ntitle = "Hand-written"\n\n[[milestones]]\ntitle = "First"\nweight = 3\n'
    )
    assert run("goal", "milestone", "done", "g1", "1").exit_code == 0
    stored = on_disk("goals", "g1")
    assert stored["milestones"][0]["weight"] == 3
    assert str(stored["milestones"][0]["done"]) == "2026-11-21"
    assert run_json("goal", "show", "g1")["milestones"][0]["weight"] == 3


def test_milestones_are_inline_tables_while_short_and_sections_when_not(run, run_json, record_file):
    """As docs/file-format.md has it: a goal's milestones are inline tables while they are
    short, and `[[milestones]]` sections once one of them would make a long line."""
    goal = run_json("goal", "add", "Talk")["id"]
    run("goal", "milestone", "add", goal, "Short step")
    path = record_file("goals", goal)
    short = path.read_text()
    assert '{ title = "Short step" }' in short
    assert "[[milestones]]" not in short
    long_title = "A much longer milestone title that says exactly what has to happen, and when"
    run("goal", "milestone", "add", goal, long_title, "--due", "2027-01-31")
    text = path.read_text()
    assert "milestones = [" not in text
    assert text.endswith(
        f'[[milestones]]\ntitle = "Short step"\n\n'
        f'[[milestones]]\ntitle = "{long_title}"\ndue = 2027-01-31\n'
    )
    shown = run_json("goal", "show", goal)["milestones"]
    assert [m["title"] for m in shown] == ["Short step", long_title]


# -- damaged files --------------------------------------------------------------------------

DAMAGED = b'id = "broken1"\ntitle = "unterminated\n'


@pytest.fixture
def damaged(home, run_json):
    """A journal with two good goals and one goal file that is not valid TOML."""
    good = [run_json("goal", "add", "Good one")["id"], run_json("goal", "add", "Good two")["id"]]
    path = home / "goals" / "broken1.toml"
    path.write_bytes(DAMAGED)
    return good, path


def test_list_with_damaged_file_lists_others_and_warns_once(run, damaged):
    """`goal list` shows every readable goal, warns once naming the damaged path, exits 0."""
    good, path = damaged
    result = run("goal", "list")
    assert result.exit_code == 0
    for goal_id in good:
        assert goal_id in result.stdout
    warnings = [line for line in result.stderr.splitlines() if str(path) in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("mentee: warning: ")
    assert f"{path}:2:" in warnings[0]
    assert path.read_bytes() == DAMAGED


def test_list_json_with_damaged_file_is_valid_json_of_the_others(run, damaged):
    """With `--json` the damaged file's warning stays on stderr; stdout parses as JSON."""
    good, path = damaged
    result = run("goal", "list", "--json")
    assert result.exit_code == 0
    assert {g["id"] for g in json.loads(result.stdout)} == set(good)
    assert result.stderr.count(str(path)) == 1
    assert path.read_bytes() == DAMAGED


def test_show_damaged_goal_exits_1_naming_the_path(run, damaged):
    """`goal show` of the damaged goal (by prefix too) exits 1 with its path and line."""
    _, path = damaged
    for prefix in ("broken1", "bro"):
        result = run("goal", "show", prefix)
        assert result.exit_code == 1
        line = error_line(result)
        assert str(path) in line
        assert "invalid TOML" in line
    assert path.read_bytes() == DAMAGED


@pytest.mark.parametrize(
    "args",
    [
        ("done", "broken1"),
        ("drop", "broken1"),
        ("edit", "broken1", "--title", "x"),
        ("retarget", "broken1", "--by", "2027-01-01", "--reason", "x"),
        ("milestone", "add", "broken1", "x"),
    ],
)
def test_changing_damaged_goal_fails_and_never_rewrites_it(run, damaged, args):
    """No command rewrites a goal file it could not read: exit 1, bytes unchanged."""
    _, path = damaged
    result = run("goal", *args)
    assert result.exit_code == 1
    assert str(path) in error_line(result)
    assert path.read_bytes() == DAMAGED


def test_invalid_value_in_file_is_reported_with_line(run, home, run_json):
    """A goal file with a bad status is skipped with `path:line: status: ...`."""
    good = run_json("goal", "add", "Good")["id"]
    path = home / "goals" / "badstat.toml"
    path.write_text('id = "badstat"\ntitle = "x"\nstatus = "finished"\n')
    result = run("goal", "list", "--json")
    assert result.exit_code == 0
    assert [g["id"] for g in json.loads(result.stdout)] == [good]
    assert f"{path}:3: status" in result.stderr


def test_file_whose_id_does_not_match_its_name_is_skipped(run, home, run_json):
    """A goal file whose `id` differs from its file name is reported, not listed."""
    good = run_json("goal", "add", "Good")["id"]
    path = home / "goals" / "named.toml"
    path.write_text('id = "other"\ntitle = "x"\n')
    result = run("goal", "list", "--json")
    assert [g["id"] for g in json.loads(result.stdout)] == [good]
    assert str(path) in result.stderr
    assert "does not match" in result.stderr


def test_stray_conflict_copy_is_reported_and_left_alone(run, home, run_json):
    """A sync tool's `x (conflict).toml` copy is warned about and never touched."""
    good = run_json("goal", "add", "Good")["id"]
    path = home / "goals" / f"{good} (conflict).toml"
    path.write_text('id = "whatever"\n')
    result = run("goal", "list", "--json")
    assert [g["id"] for g in json.loads(result.stdout)] == [good]
    assert str(path) in result.stderr
    assert path.read_text() == 'id = "whatever"\n'


def test_hidden_temp_files_are_ignored(run, home, run_json):
    """Files starting with '.' (mentee's temp files) are neither listed nor warned about."""
    good = run_json("goal", "add", "Good")["id"]
    (home / "goals" / ".stale.toml.abc.tmp").write_text("garbage")
    (home / "goals" / ".hidden.toml").write_text("garbage")
    result = run("goal", "list", "--json")
    assert [g["id"] for g in json.loads(result.stdout)] == [good]
    assert result.stderr == ""
