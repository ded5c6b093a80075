"""`mentee topic`: talking points (add, list, show, drop)."""

from __future__ import annotations

import pytest
from cli_helpers import append_unknown_keys, assert_unknown_keys_kept, error_line


def test_add_defaults_to_any_mentor_and_open(run_json, on_disk):
    """A topic without `--mentor` is for any mentor, open, not private."""
    topic = run_json("topic", "add", "How do I pick a conference?")
    assert topic["text"] == "How do I pick a conference?"
    assert topic["mentor"] is None
    assert topic["goal"] is None
    assert topic["status"] == "open"
    assert topic["private"] is False
    assert on_disk("topics", topic["id"])["status"] == "open"


def test_add_links_and_private(run, run_json, new):
    """`--mentor` and `--goal` take prefixes; `--private` is stored."""
    run("mentor", "add", "Alex Kim")
    goal = new("goal", "add", "Lead")
    topic = run_json("topic", "add", "Raise?", "--mentor", "alex", "--goal", goal[:4], "--private")
    assert topic["mentor"] == "alex-kim"
    assert topic["goal"] == goal
    assert topic["private"] is True


@pytest.mark.parametrize("args", [("--mentor", "nobody"), ("--goal", "nope")])
def test_add_unknown_link_exits_1(run, home, args):
    """A link to a missing mentor or goal exits 1 and writes nothing."""
    result = run("topic", "add", "Text", *args)
    assert result.exit_code == 1
    assert args[1] in error_line(result)
    assert not list(home.glob("topics/*.toml"))


def test_add_blank_refused(run):
    """A blank topic exits 2."""
    assert run("topic", "add", "  ").exit_code == 2


@pytest.fixture
def topics(run, new):
    run("mentor", "add", "Alex Kim")
    run("mentor", "add", "Sam Lee")
    return {
        "any": new("topic", "add", "For anyone"),
        "alex": new("topic", "add", "For Alex", "--mentor", "alex-kim"),
        "sam": new("topic", "add", "For Sam", "--mentor", "sam-lee"),
    }


def test_list_mentor_filter_includes_any_mentor_topics(run_json, topics):
    """`topic list --mentor` shows that mentor's topics and those for any mentor."""
    assert {t["id"] for t in run_json("topic", "list", "--mentor", "alex")} == {
        topics["any"],
        topics["alex"],
    }
    assert {t["id"] for t in run_json("topic", "list")} == set(topics.values())


def test_drop_hides_topic_from_default_list(run, run_json, topics, on_disk):
    """`topic drop` marks it dropped; it leaves the open list but shows with `--all`."""
    result = run("topic", "drop", topics["sam"][:5])
    assert result.exit_code == 0
    assert topics["sam"] in result.stderr
    assert on_disk("topics", topics["sam"])["status"] == "dropped"
    assert topics["sam"] not in {t["id"] for t in run_json("topic", "list")}
    assert topics["sam"] in {t["id"] for t in run_json("topic", "list", "--all")}
    assert [t["id"] for t in run_json("topic", "list", "--status", "dropped")] == [topics["sam"]]


def test_drop_twice_is_a_conflict(run, topics, record_file):
    """Dropping a dropped topic exits 1 and leaves the file as it was."""
    run("topic", "drop", topics["sam"])
    path = record_file("topics", topics["sam"])
    before = path.read_bytes()
    result = run("topic", "drop", topics["sam"])
    assert result.exit_code == 1
    assert "dropped already" in error_line(result)
    assert path.read_bytes() == before


def test_drop_keeps_unknown_keys(run, topics, record_file, on_disk):
    """Unknown keys survive `topic drop`."""
    append_unknown_keys(record_file("topics", topics["any"]))
    assert run("topic", "drop", topics["any"]).exit_code == 0
    assert_unknown_keys_kept(on_disk("topics", topics["any"]))


def test_drop_unknown_exits_1(run):
    """Dropping a topic that does not exist exits 1."""
    result = run("topic", "drop", "zzzz")
    assert result.exit_code == 1
    error_line(result)


def test_list_table_says_any_for_mentorless_topics(run, topics):
    """The table shows `any` for a topic not tied to a mentor and the name otherwise."""
    lines = run("topic", "list").stdout.splitlines()
    assert "any" in next(line for line in lines if topics["any"] in line)
    assert "Alex Kim" in next(line for line in lines if topics["alex"] in line)


def test_list_empty_hint(run):
    """No open topics: exit 0, hint on stderr."""
    result = run("topic", "list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "topic add" in result.stderr


def test_show(run, run_json, topics):
    """`topic show` by prefix, as text and JSON."""
    assert run_json("topic", "show", topics["alex"][:5])["mentor"] == "alex-kim"
    human = run("topic", "show", topics["alex"])
    assert "For Alex" in human.stdout
    assert "Alex Kim (alex-kim)" in human.stdout
