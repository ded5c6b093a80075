"""SPEC "Records", "The data directory", "Errors and exit codes" and the output rules:
field names in --json, defaults, ids, files and modes, text printed literally, one clear
stderr line and the right exit code for every bad input, never a traceback."""

from __future__ import annotations

import json
import re
import stat
from typing import Any

import pytest
from acceptance_helpers import TODAY, Done, Journal

FIELDS = {
    "goal": {
        "id",
        "title",
        "why",
        "baseline",
        "success",
        "status",
        "start",
        "target",
        "mentors",
        "tags",
        "milestones",
        "timeline",
        "achieved",
    },
    "mentor": {
        "id",
        "name",
        "email",
        "phone",
        "org",
        "role",
        "links",
        "expertise",
        "goals",
        "channel",
        "availability",
        "response_time",
        "timezone",
        "cadence_days",
        "status",
        "met",
        "why",
        "since",
        "notes",
        "thanks",
    },
    "feedback": {"id", "date", "source", "kind", "text", "goals", "private", "discussed_in"},
    "action": {
        "id",
        "title",
        "status",
        "kind",
        "owner",
        "due",
        "goal",
        "mentor",
        "meeting",
        "feedback",
        "notes",
        "done",
    },
    "note": {"id", "date", "kind", "text", "goal", "private", "discussed_in"},
    "topic": {"id", "text", "mentor", "goal", "private", "status", "discussed_in"},
    "meeting": {
        "id",
        "mentor",
        "at",
        "duration",
        "where",
        "status",
        "agenda",
        "notes",
        "advice",
        "actions",
        "cancel_reason",
        "sequence",
    },
}
STAMPS = {"created", "updated", "schema_version"}


@pytest.fixture(scope="module")
def one_of_each(module_root) -> dict[str, Any]:
    """One record of each kind made through the CLI, shown with --json."""
    j = Journal(module_root)
    goal = j.json("goal", "add", "Promoted to senior", "--by", "2027-06-30")
    mentor = j.json("mentor", "add", "Alex Kim", "--goal", goal["id"])
    made = {
        "goal": goal,
        "mentor": mentor,
        "feedback": j.json("feedback", "add", "Clear", "--from", "peer"),
        "action": j.json("action", "add", "Draft", "--goal", goal["id"]),
        "note": j.json("note", "add", "Shipped", "--kind", "win"),
        "topic": j.json("topic", "add", "Pay"),
        "meeting": j.json("meeting", "add", "--mentor", "alex-kim", "--at", "mon 10:00"),
    }
    shown = j.run_many(*[(kind, "show", record["id"], "--json") for kind, record in made.items()])
    listed = j.run_many(*[(kind, "list", "--json") for kind in made])
    return {
        "j": j,
        "made": made,
        "shown": {kind: done.json for kind, done in zip(made, shown, strict=True)},
        "listed": {kind: done.json for kind, done in zip(made, listed, strict=True)},
    }


@pytest.mark.parametrize("kind", list(FIELDS))
def test_json_views_carry_specs_field_names(one_of_each, kind):
    """add --json, show --json and list --json carry SPEC's fields and the stamps."""
    for record in (
        one_of_each["made"][kind],
        one_of_each["shown"][kind],
        one_of_each["listed"][kind][0],
    ):
        assert FIELDS[kind] | STAMPS <= set(record), set(FIELDS[kind] | STAMPS) - set(record)


def test_defaults(one_of_each):
    """A new mentor is active; a goal starts today; a note's and feedback's date is today."""
    made = one_of_each["made"]
    assert made["mentor"]["status"] == "active"
    assert made["goal"]["start"] == TODAY
    assert made["note"]["date"] == TODAY
    assert made["feedback"]["date"] == TODAY


def test_ids_are_short_lowercase_and_a_mentor_id_is_a_handle(one_of_each):
    """Ids are made of [a-z0-9-]; a mentor's id is a handle of its name."""
    for record in one_of_each["made"].values():
        assert re.fullmatch(r"[a-z0-9-]{1,40}", record["id"])
    assert one_of_each["made"]["mentor"]["id"] == "alex-kim"


def test_one_toml_file_per_record_private_modes(one_of_each):
    """Each record is `<folder>/<id>.toml`, mode 0600, in folders of mode 0700."""
    j = one_of_each["j"]
    folders = {
        "goal": "goals",
        "mentor": "mentors",
        "feedback": "feedback",
        "action": "actions",
        "note": "notes",
        "topic": "topics",
        "meeting": "meetings",
    }
    assert stat.S_IMODE(j.home.stat().st_mode) == 0o700
    for kind, record in one_of_each["made"].items():
        path = j.home / folders[kind] / f"{record['id']}.toml"
        assert path.is_file(), path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert j.record(folders[kind], record["id"])["id"] == record["id"]


def test_export_json_is_one_document_of_every_kind(one_of_each):
    """`export --format json`: format mentee/1, exported, and one list per kind."""
    document = one_of_each["j"].json("export")
    assert document["format"] == "mentee/1"
    assert "exported" in document
    for key in ("goals", "mentors", "meetings", "actions", "feedback", "notes", "topics"):
        assert len(document[key]) == 1, key


def test_where_and_home(one_of_each, tmp_path):
    """`where` prints MENTEE_HOME; --home overrides it."""
    j = one_of_each["j"]
    assert j.ok("where").out.strip() == str(j.home)
    other = tmp_path / "elsewhere"
    assert j.ok("--home", str(other), "where").out.strip() == str(other)


def test_reading_a_missing_journal_is_an_empty_one(journal):
    """A journal that does not exist reads as empty, and reading does not create it."""
    assert journal.json("goal", "list") == []
    assert not journal.home.exists()


def test_user_text_is_printed_literally_and_escapes_are_escaped(journal):
    """Rich markup is shown as typed; an escape sequence is shown escaped in text views and
    kept exactly in JSON."""
    title = "[bold]Ship[/bold] \x1b[31mred\u202e"
    action = journal.add("action", "add", title)
    text = journal.ok("action", "show", action).out
    assert "[bold]Ship[/bold]" in text
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\\u202e" in text
    assert journal.json("action", "show", action)["title"] == title


# --- errors --------------------------------------------------------------------------------

BAD = [
    (("goal", "add"), 2),  # missing argument
    (("goal", "list", "--colour"), 2),  # unknown option
    (("frobnicate",), 2),  # unknown command
    (("action", "add", "x", "--owner", "them"), 2),  # bad choice
    (("note", "add", "x", "--kind", "rant"), 2),
    (("meeting", "add", "--mentor", "nobody", "--at", "2026-13-01 10:00"), 2),
    (("meeting", "add", "--mentor", "nobody", "--at", "fri 25:00"), 2),
    (("mentor", "add", "Sam", "--cadence", "often"), 2),
    (("goal", "show", "nothing"), 1),  # not found
    (("action", "done", "nothing"), 1),
    (("mentor", "show", "nobody"), 1),
    (("goal", "add", ""), 2),  # an empty title
    (("export", "--format", "csv"), 2),  # csv takes exactly one kind
    (("import", "no-such-file.json"), None),
]


@pytest.fixture(scope="module")
def refused(tmp_path_factory) -> list[Done]:
    """Every bad input of BAD, side by side, in an empty journal."""
    journal = Journal(tmp_path_factory.mktemp("refused"))
    return journal.run_many(*[args for args, _ in BAD])


@pytest.mark.parametrize("case", range(len(BAD)), ids=[" ".join(a) for a, _ in BAD])
def test_a_bad_input_is_one_clear_line_with_the_right_exit_code(refused, case):
    """Each bad input: one stderr line, nothing on stdout, no traceback, exit 1 or 2."""
    done, code = refused[case], BAD[case][1]
    if code is None:
        assert done.code in (1, 2), done
    else:
        assert done.code == code, done
    assert done.one_clean_error_line().startswith("mentee: ")


def test_a_damaged_file_is_reported_and_left_alone(journal):
    """A damaged goal file: lists keep working and warn once naming the path; showing it is
    exit 1 naming the path; its bytes are never rewritten."""
    journal.load(goals=[{"id": "g-good", "title": "Good goal"}])
    damaged = journal.home / "goals" / "g-bad.toml"
    damaged.write_bytes(b'id = "g-bad"\ntitle = "unterminated\n')
    damaged.chmod(0o600)
    listed = journal.run("goal", "list", "--json")
    assert listed.code == 0, listed
    assert [g["id"] for g in listed.json] == ["g-good"]
    assert listed.err.count("g-bad.toml") == 1
    assert len(listed.err.strip().splitlines()) == 1
    shown = journal.run("goal", "show", "g-bad")
    assert shown.code == 1
    assert "g-bad.toml" in shown.one_clean_error_line()
    review = journal.run("review", "--json")
    assert review.code == 0
    journal.ok("goal", "add", "Another goal")
    assert damaged.read_bytes() == b'id = "g-bad"\ntitle = "unterminated\n'


def test_import_of_invalid_data_writes_nothing(journal):
    """An import with one invalid record is exit 1 and writes none of them."""
    document = {
        "format": "mentee/1",
        "goals": [{"id": "g-ok", "title": "Fine"}, {"id": "g-no", "status": "nope"}],
    }
    done = journal.run("import", "-", input=json.dumps(document))
    assert done.code == 1
    assert "Traceback" not in done.err
    assert journal.json("goal", "list", "--all") == []
