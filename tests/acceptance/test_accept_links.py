"""SPEC "Records": which mentor serves which goal is stored once, in the goal's `mentors`;
both sides' views show it, a mentor's `goals` is derived (in no file, no export, ignored by
import), and an older mentor file listing `goals` keeps its meaning and moves to the goals."""

from __future__ import annotations

import json
from typing import Any

import pytest
from acceptance_helpers import Journal, by_id


@pytest.fixture(scope="module")
def linked(module_root) -> dict[str, Any]:
    """Alex serves `senior` (linked from the mentor's side) and `talks` (from the goal's);
    then the same journal is exported as JSON and JSONL."""
    j = Journal(module_root)
    senior = j.add("goal", "add", "Promoted to senior", "--by", "2027-06-30")
    j.ok("mentor", "add", "Alex Kim", "--goal", senior)
    talks = j.add("goal", "add", "Speak at a conference", "--mentor", "alex kim")
    j.ok("mentor", "add", "Priya Raman")
    views = j.run_many(
        ("goal", "show", senior, "--json"),
        ("goal", "show", talks, "--json"),
        ("goal", "list", "--json"),
        ("mentor", "show", "alex-kim", "--json"),
        ("mentor", "list", "--json"),
        ("goal", "list", "--mentor", "Alex Kim", "--json"),
        ("mentor", "list", "--goal", senior, "--json"),
        ("export", "--format", "json"),
        ("export", "--format", "jsonl"),
        ("goal", "show", senior),
        ("mentor", "show", "alex-kim"),
    )
    for done in views:
        assert done.code == 0, done
    names = [
        "senior_show",
        "talks_show",
        "goal_list",
        "alex_show",
        "mentor_list",
        "goals_of_alex",
        "mentors_of_senior",
        "export",
        "jsonl",
        "senior_text",
        "alex_text",
    ]
    out = {"j": j, "senior": senior, "talks": talks}
    for name, done in zip(names, views, strict=True):
        out[name] = done.out if name in ("jsonl", "senior_text", "alex_text") else done.json
    return out


def test_mentor_add_goal_shows_on_the_goal(linked):
    """`mentor add --goal G`: `goal show G --json` lists the mentor in `mentors`."""
    assert linked["senior_show"]["mentors"] == ["alex-kim"]
    assert by_id(linked["goal_list"])[linked["senior"]]["mentors"] == ["alex-kim"]


def test_goal_add_mentor_shows_on_the_mentor(linked):
    """`goal add --mentor "alex kim"`: the mentor's derived `goals` lists the goal."""
    assert linked["talks_show"]["mentors"] == ["alex-kim"]
    assert set(linked["alex_show"]["goals"]) == {linked["senior"], linked["talks"]}


def test_mentor_list_json_derives_goals(linked):
    """`mentor list --json` carries each mentor's derived goals."""
    mentors = by_id(linked["mentor_list"])
    assert set(mentors["alex-kim"]["goals"]) == {linked["senior"], linked["talks"]}
    assert mentors["priya-raman"]["goals"] == []


def test_lists_filter_by_the_link(linked):
    """`goal list --mentor` and `mentor list --goal` follow the one stored link."""
    assert {g["id"] for g in linked["goals_of_alex"]} == {linked["senior"], linked["talks"]}
    assert [m["id"] for m in linked["mentors_of_senior"]] == ["alex-kim"]


def test_text_views_show_the_link_both_ways(linked):
    """`goal show` names Alex; `mentor show` names the goal."""
    assert "Alex Kim" in linked["senior_text"]
    assert "Promoted to senior" in linked["alex_text"]


def test_the_link_is_stored_on_the_goal_only(linked):
    """The goal's file has `mentors`; the mentor's file has no `goals`."""
    j = linked["j"]
    assert j.record("goals", linked["senior"])["mentors"] == ["alex-kim"]
    assert "goals" not in j.record("mentors", "alex-kim")


def test_exports_carry_no_derived_goals(linked):
    """Neither the JSON nor the JSONL export has a mentor's `goals`; goals keep `mentors`."""
    for mentor in linked["export"]["mentors"]:
        assert "goals" not in mentor
    assert by_id(linked["export"]["goals"])[linked["senior"]]["mentors"] == ["alex-kim"]
    lines = [json.loads(line) for line in linked["jsonl"].splitlines() if line.strip()]
    mentors = [r for r in lines if r["type"] == "mentor"]
    assert mentors
    assert all("goals" not in m for m in mentors)


def test_goal_edit_no_mentor_removes_the_link_both_ways(journal):
    """`goal edit --no-mentor` removes the link from the goal and from the mentor's view."""
    journal.load(
        goals=[{"id": "g-lead", "title": "Lead a team", "mentors": ["alex-kim"]}],
        mentors=[{"id": "alex-kim", "name": "Alex Kim"}],
    )
    journal.ok("goal", "edit", "g-lead", "--no-mentor", "alex kim")
    goal_view, mentor_view = journal.run_many(
        ("goal", "show", "g-lead", "--json"), ("mentor", "show", "alex-kim", "--json")
    )
    assert goal_view.json["mentors"] == []
    assert mentor_view.json["goals"] == []


def test_mentor_edit_goal_and_no_goal_change_the_goals(journal):
    """`mentor edit --goal` adds the link on the goal; `--no-goal` removes it."""
    journal.load(
        goals=[
            {"id": "g-lead", "title": "Lead a team", "mentors": ["alex-kim"]},
            {"id": "g-book", "title": "Write a book"},
        ],
        mentors=[{"id": "alex-kim", "name": "Alex Kim"}],
    )
    journal.ok("mentor", "edit", "alex", "--goal", "g-book", "--no-goal", "g-lead")
    a, b, m = journal.run_many(
        ("goal", "show", "g-lead", "--json"),
        ("goal", "show", "g-book", "--json"),
        ("mentor", "show", "alex-kim", "--json"),
    )
    assert a.json["mentors"] == []
    assert b.json["mentors"] == ["alex-kim"]
    assert m.json["goals"] == ["g-book"]
    assert "goals" not in journal.record("mentors", "alex-kim")


def test_import_ignores_a_mentors_goals(journal):
    """An imported mentor listing `goals` links nothing; importing twice changes nothing."""
    document = {
        "format": "mentee/1",
        "goals": [{"id": "g-one", "title": "One"}],
        "mentors": [{"id": "olga", "name": "Olga", "goals": ["g-one"]}],
    }
    journal.ok("import", "-", input=json.dumps(document))
    files = journal.snapshot()
    journal.ok("import", "-", input=json.dumps(document))
    assert journal.snapshot() == files
    goal, mentor = journal.run_many(
        ("goal", "show", "g-one", "--json"), ("mentor", "show", "olga", "--json")
    )
    assert goal.json["mentors"] == []
    assert mentor.json["goals"] == []
    assert "goals" not in journal.record("mentors", "olga")


OLD_MENTOR = """\
# Olga, written by an older mentee
id = "olga-old"
name = "Olga Old"
goals = ["g-old"]
status = "active"
created = 2026-01-05T09:00:00Z
updated = 2026-01-05T09:00:00Z
schema_version = 1
"""


def test_an_old_mentor_file_listing_goals_keeps_its_meaning_and_moves(journal):
    """Read first: the link shows both ways. After the first write: it is on the goal, the
    mentor file lists no goals (its comment kept), and doctor is happy."""
    journal.load(goals=[{"id": "g-old", "title": "Old goal", "start": "2026-01-05"}])
    folder = journal.home / "mentors"
    folder.mkdir(mode=0o700, exist_ok=True)
    (folder / "olga-old.toml").write_text(OLD_MENTOR, "utf-8")
    (folder / "olga-old.toml").chmod(0o600)
    goal, mentor = journal.run_many(
        ("goal", "show", "g-old", "--json"), ("mentor", "show", "olga", "--json")
    )
    assert goal.json["mentors"] == ["olga-old"]
    assert mentor.json["goals"] == ["g-old"]
    journal.ok("note", "add", "Something to write")
    assert journal.record("goals", "g-old")["mentors"] == ["olga-old"]
    assert "goals" not in journal.record("mentors", "olga-old")
    assert "# Olga, written by an older mentee" in (folder / "olga-old.toml").read_text("utf-8")
    assert journal.json("mentor", "show", "olga")["goals"] == ["g-old"]
    assert journal.run("doctor").code == 0
