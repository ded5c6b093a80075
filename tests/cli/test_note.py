"""`mentee note`: the progress log (add, list filters, show)."""

from __future__ import annotations

import json

import pytest
from cli_helpers import error_line


def test_add_defaults(run_json, on_disk):
    """A note is dated today, of kind note, not private; written to notes/<id>.toml."""
    note = run_json("note", "add", "Read two chapters")
    assert note["text"] == "Read two chapters"
    assert note["date"] == "2026-11-21"
    assert note["kind"] == "note"
    assert note["private"] is False
    assert note["goal"] is None
    assert note["discussed_in"] is None
    assert on_disk("notes", note["id"])["text"] == "Read two chapters"


@pytest.mark.parametrize("kind", ["win", "challenge", "learning", "note"])
def test_add_each_kind(run_json, kind):
    """Each kind of SPEC.md is accepted and stored."""
    assert run_json("note", "add", "Something", "--kind", kind)["kind"] == kind


def test_add_with_goal_date_private(run_json, new):
    """`--goal` (prefix), `--date` and `--private` are stored."""
    goal = new("goal", "add", "Speak")
    note = run_json(
        "note",
        "add",
        "Gave the talk",
        "--kind",
        "win",
        "--goal",
        goal[:4],
        "--date",
        "2026-11-19",
        "--private",
    )
    assert note["goal"] == goal
    assert note["date"] == "2026-11-19"
    assert note["private"] is True


def test_add_multiline_text_is_kept_exactly(run_json):
    """A note spanning several lines comes back line for line."""
    text = "First line\nSecond line\n\n- a bullet"
    note = run_json("note", "add", text)
    assert run_json("note", "show", note["id"])["text"] == text


@pytest.mark.parametrize(
    ("args", "code"),
    [(("--kind", "rant"), 2), (("--date", "2026-02-30"), 2), (("--goal", "nope"), 1)],
)
def test_add_bad_values(run, home, args, code):
    """A bad kind or date exits 2, an unknown goal 1; nothing is written."""
    result = run("note", "add", "Text", *args)
    assert result.exit_code == code
    error_line(result)
    assert not list(home.glob("notes/*.toml"))


def test_add_blank_text_refused(run):
    """A blank note exits 2."""
    result = run("note", "add", "   ")
    assert result.exit_code == 2
    error_line(result)


def test_add_confirms_on_stderr(run):
    """Without `--json`, stdout stays empty and stderr names the kind and id."""
    result = run("note", "add", "Shipped it", "--kind", "win", terminal=True)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.startswith("Added win ")


@pytest.fixture
def notes(new):
    goal = new("goal", "add", "Speak")
    return {
        "goal": goal,
        "old": new("note", "add", "Old learning", "--kind", "learning", "--date", "2026-09-01"),
        "win": new(
            "note", "add", "Talk accepted", "--kind", "win", "--goal", goal, "--date", "2026-11-15"
        ),
        "today": new("note", "add", "Stuck on slides", "--kind", "challenge"),
    }


def test_list_newest_first(run_json, notes):
    """`note list` is newest first."""
    assert [n["id"] for n in run_json("note", "list")] == [
        notes["today"],
        notes["win"],
        notes["old"],
    ]


def test_list_filters(run_json, notes):
    """`--kind`, `--goal` and `--since` narrow the list."""
    assert [n["id"] for n in run_json("note", "list", "--kind", "win")] == [notes["win"]]
    assert [n["id"] for n in run_json("note", "list", "--goal", notes["goal"])] == [notes["win"]]
    assert [n["id"] for n in run_json("note", "list", "--since", "2026-11-01")] == [
        notes["today"],
        notes["win"],
    ]
    assert run_json("note", "list", "--kind", "note") == []


def test_list_table_shows_goal_title(run, notes):
    """The table shows a note's goal by its title."""
    result = run("note", "list")
    row = next(line for line in result.stdout.splitlines() if notes["win"] in line)
    assert "Talk accepted" in row
    assert "win" in row
    assert "Speak" in row


def test_list_bad_since_and_kind(run):
    """`--since 2026-02-30` and an unknown `--kind` exit 2."""
    assert run("note", "list", "--since", "2026-02-30").exit_code == 2
    assert run("note", "list", "--kind", "rant").exit_code == 2


def test_list_empty_hint(run):
    """An empty progress log: exit 0, hint on stderr, stdout empty."""
    result = run("note", "list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "note add" in result.stderr


def test_show(run, run_json, notes):
    """`note show` by prefix; human view and JSON agree on the text."""
    assert run_json("note", "show", notes["win"][:5])["text"] == "Talk accepted"
    human = run("note", "show", notes["win"])
    assert f"note {notes['win']}" in human.stdout
    assert "Talk accepted" in human.stdout
    missing = run("note", "show", "zzzz")
    assert missing.exit_code == 1
    error_line(missing)


def test_damaged_note_skipped(run, home, notes):
    """A damaged note file is skipped with one warning and left byte-identical."""
    path = home / "notes" / "bad.toml"
    path.write_bytes(b"\xff\xfe not utf-8")
    result = run("note", "list", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 3
    assert result.stderr.count(str(path)) == 1
    assert "UTF-8" in result.stderr
    assert path.read_bytes() == b"\xff\xfe not utf-8"
