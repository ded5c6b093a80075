"""`mentee feedback`: add, list filters, show."""

from __future__ import annotations

import json

import pytest
from cli_helpers import error_line


def test_add_defaults_to_today_and_observation(run_json, on_disk):
    """Feedback is dated today and an observation unless told otherwise; kept in feedback/."""
    item = run_json("feedback", "add", "Clear slides", "--from", "Peer review")
    assert item["text"] == "Clear slides"
    assert item["source"] == "Peer review"
    assert item["date"] == "2026-11-21"
    assert item["kind"] == "observation"
    assert item["private"] is False
    assert item["goals"] == []
    assert item["discussed_in"] is None
    stored = on_disk("feedback", item["id"])
    assert stored["source"] == "Peer review"
    assert str(stored["date"]) == "2026-11-21"


def test_add_all_options(run_json, new):
    """`--kind`, `--goal` (repeatable prefixes), `--date` and `--private` are stored."""
    first = new("goal", "add", "Speak at a conference")
    second = new("goal", "add", "Lead a team")
    item = run_json(
        "feedback",
        "add",
        "Rushed the ending",
        "--from",
        "My manager",
        "--kind",
        "constructive",
        "--goal",
        first[:5],
        "--goal",
        second,
        "--date",
        "yesterday",
        "--private",
    )
    assert item["kind"] == "constructive"
    assert item["goals"] == [first, second]
    assert item["date"] == "2026-11-20"
    assert item["private"] is True


def test_add_source_naming_a_mentor_stores_the_mentor_id(run, run_json):
    """`--from` equal to a mentor's handle (any case) is stored as that mentor id."""
    run("mentor", "add", "Alex Kim")
    assert run_json("feedback", "add", "Good", "--from", "ALEX-KIM")["source"] == "alex-kim"
    assert run_json("feedback", "add", "Good", "--from", "A colleague")["source"] == "A colleague"


def test_add_requires_from(run, home):
    """Feedback without `--from` is a usage error."""
    result = run("feedback", "add", "Anonymous")
    assert result.exit_code == 2
    assert "--from" in error_line(result)
    assert not (home / "feedback").exists()


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--kind", "rant"), 2),
        (("--date", "2026-02-30"), 2),
        (("--goal", "nope"), 1),
    ],
)
def test_add_bad_values(run, home, args, code):
    """A bad kind or date exits 2, an unknown goal 1; nothing is written."""
    result = run("feedback", "add", "Text", "--from", "peer", *args)
    assert result.exit_code == code
    error_line(result)
    assert not list(home.glob("feedback/*.toml"))


def test_add_blank_text_or_source_refused(run):
    """Blank text or a blank source exits 2."""
    assert run("feedback", "add", " ", "--from", "peer").exit_code == 2
    assert run("feedback", "add", "Text", "--from", " ").exit_code == 2


@pytest.fixture
def items(run, new):
    """Three pieces of feedback of different kinds, sources, goals and dates."""
    goal = new("goal", "add", "Speak")
    praise = new(
        "feedback",
        "add",
        "Great talk",
        "--from",
        "Manager",
        "--kind",
        "praise",
        "--goal",
        goal,
        "--date",
        "2026-10-01",
    )
    constructive = new(
        "feedback",
        "add",
        "Slow down",
        "--from",
        "Peer",
        "--kind",
        "constructive",
        "--date",
        "2026-11-10",
    )
    observation = new("feedback", "add", "Asked many questions", "--from", "manager")
    return {
        "goal": goal,
        "praise": praise,
        "constructive": constructive,
        "observation": observation,
    }


def test_list_newest_first(run_json, items):
    """`feedback list` shows every item, newest first."""
    assert [f["id"] for f in run_json("feedback", "list")] == [
        items["observation"],
        items["constructive"],
        items["praise"],
    ]


def test_list_filters(run_json, items):
    """`--kind`, `--goal`, `--from` (case-insensitive) and `--since` narrow the list."""
    assert [f["id"] for f in run_json("feedback", "list", "--kind", "praise")] == [items["praise"]]
    assert [f["id"] for f in run_json("feedback", "list", "--goal", items["goal"])] == [
        items["praise"]
    ]
    assert [f["id"] for f in run_json("feedback", "list", "--from", "MANAGER")] == [
        items["observation"],
        items["praise"],
    ]
    assert [f["id"] for f in run_json("feedback", "list", "--since", "2026-11-01")] == [
        items["observation"],
        items["constructive"],
    ]


def test_list_undiscussed_skips_feedback_discussed_in_a_meeting(run_json, items, record_file):
    """`--undiscussed` leaves out feedback with `discussed_in` set."""
    path = record_file("feedback", items["praise"])
    path.write_text(path.read_text() + 'discussed_in = "m1"\n')
    listed = [f["id"] for f in run_json("feedback", "list", "--undiscussed")]
    assert items["praise"] not in listed
    assert len(listed) == 2


def test_list_bad_since_is_usage_error(run):
    """`--since 2026-02-30` exits 2 naming the option."""
    result = run("feedback", "list", "--since", "2026-02-30")
    assert result.exit_code == 2
    assert "--since" in error_line(result)


def test_list_table_shows_mentor_name_and_private_mark(run):
    """The table names a mentor source by name and marks private feedback."""
    run("mentor", "add", "Alex Kim")
    run("feedback", "add", "Be concise", "--from", "alex-kim", "--private")
    result = run("feedback", "list")
    row = next(line for line in result.stdout.splitlines() if "Be concise" in line)
    assert "Alex Kim" in row
    assert "private" in row
    assert "2026-11-21" in row


def test_list_empty_hint(run):
    """No feedback: exit 0, nothing on stdout, a hint on stderr."""
    result = run("feedback", "list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "feedback add" in result.stderr


def test_show_json_and_prefix(run_json, run, items):
    """`feedback show` finds an item by prefix; `--json` has the exact fields."""
    shown = run_json("feedback", "show", items["praise"][:5])
    assert shown["text"] == "Great talk"
    assert shown["kind"] == "praise"
    assert shown["goals"] == [items["goal"]]
    human = run("feedback", "show", items["praise"])
    assert f"feedback {items['praise']}" in human.stdout
    assert "Great talk" in human.stdout


def test_show_unknown_exits_1(run):
    """Showing feedback that does not exist exits 1."""
    result = run("feedback", "show", "zzzz")
    assert result.exit_code == 1
    assert "zzzz" in error_line(result)


def test_damaged_feedback_file_is_skipped_with_one_warning(run, home, items):
    """A damaged feedback file does not stop `feedback list` and is never rewritten."""
    path = home / "feedback" / "bad.toml"
    path.write_bytes(b'id = "bad"\ndate = 2026-13-45\n')
    result = run("feedback", "list", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 3
    assert result.stderr.count(str(path)) == 1
    assert path.read_bytes() == b'id = "bad"\ndate = 2026-13-45\n'
