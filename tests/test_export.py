"""`mentee export`: every format, every sink made safe, files and pipelines."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from markdown_it import MarkdownIt
from typer.testing import Result

from hypothesis_examples import examples
from mentee.agenda import RecordSet
from mentee.export import schema
from mentee.export.csvtable import export_csv
from mentee.export.markdown import export_markdown
from mentee.kinds import Kind
from mentee.models import Action, Goal, Mentor, Note, Topic
from mentee.text import escape_field, markdown_inline
from transfer_journal import (
    FORMULA,
    MARKDOWN_ATTACK,
    TERMINAL_ATTACK,
    build_fixed_journal,
    fixed_records,
)

GOLDEN = Path(__file__).parent / "golden"
DOCS = Path(__file__).resolve().parent.parent / "docs"
UPDATE = os.environ.get("MENTEE_UPDATE_GOLDEN") == "1"
HOSTILE = st.one_of(
    st.text(),
    st.lists(
        st.sampled_from(
            [
                "# ",
                "- ",
                "+ ",
                "1. ",
                "> ",
                "    ",
                "\n",
                "\r\n",
                "\r",
                "---",
                "===",
                "```",
                "~~~",
                "<b>",
                "</div>",
                "<!--",
                "![i](x)",
                "[l](y)",
                "<http://a>",
                "&amp;",
                "*",
                "_",
                "|",
                "\\",
                "`",
                "=",
                "@",
                "\t",
                "\x1b[2J",
                "\u202e",
                "\u2028",
                "a",
                " ",
            ]
        ),
        max_size=10,
    ).map("".join),
)


@pytest.fixture
def fixed(home: Path) -> Path:
    """The fixed journal of tests/transfer_journal.py in this test's home."""
    build_fixed_journal(home)
    return home


@pytest.fixture
def new(run_json: Any) -> Any:
    """Create a record through the CLI and return its id: `new("note", "add", "text")`."""

    def create(*args: str) -> str:
        return str(run_json(*args)["id"])

    return create


def golden(name: str, actual: bytes) -> None:
    """Compare with tests/golden/NAME; MENTEE_UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(actual)
    assert actual == path.read_bytes(), f"{name} changed (MENTEE_UPDATE_GOLDEN=1 to accept)"


def journal_of(*records: Any) -> RecordSet:
    by_kind: dict[str, list[Any]] = {kind.plural: [] for kind in Kind}
    for record in records:
        by_kind[record.KIND.plural].append(record)
    return RecordSet(**by_kind)


# -- json and jsonl -----------------------------------------------------------------------


def test_json_is_one_document_with_every_kind_in_the_json_shape(fixed, run, run_json):
    """The json export has format, exported and each kind in SPEC order, records as --json."""
    result = run("export")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == [
        "format",
        "exported",
        "goals",
        "mentors",
        "meetings",
        "actions",
        "feedback",
        "notes",
        "topics",
    ]
    assert document["format"] == "mentee/1"
    assert datetime.fromisoformat(document["exported"]).tzinfo is not None
    assert [g["id"] for g in document["goals"]] == ["g-senior", "g-talk"]
    assert document["goals"][0] == run_json("goal", "show", "g-senior")
    shown = run_json("mentor", "show", "alex-kim")
    # A mentor's `goals` is derived from the goals' `mentors`: shown, never exported.
    assert shown.pop("goals") == ["g-senior"]
    assert "goals" not in document["mentors"][0]
    assert document["mentors"][0] == shown
    assert document["mentors"][0]["pronouns"] == "they/them"  # unknown keys travel too
    assert len(document["actions"]) == 6
    again = json.loads(run("export", "--json").stdout)
    # The same document but for when it was made (two runs may fall in different seconds).
    assert {**again, "exported": None} == {**document, "exported": None}


def test_kind_selects_kinds_and_accepts_plurals(fixed, run):
    """--kind (repeatable, plurals accepted) keeps only those kinds, in document order."""
    document = json.loads(run("export", "--kind", "notes", "--kind", "goal").stdout)
    assert list(document) == ["format", "exported", "goals", "notes"]
    bad = run("export", "--kind", "goalz")
    assert bad.exit_code == 2
    assert "--kind: 'goalz' is not one of goal, mentor" in bad.stderr
    assert bad.stderr.rstrip().endswith("did you mean goal?")


def test_jsonl_is_one_record_a_line_with_its_type(fixed, run):
    """jsonl: one JSON object a line, `type` first, the same records as the json document."""
    lines = run("export", "--format", "jsonl").stdout.split("\n")
    assert lines[-1] == ""
    records = [json.loads(line) for line in lines[:-1]]
    assert len(records) == len(fixed_records())
    assert all(next(iter(r)) == "type" for r in records)
    document = json.loads(run("export").stdout)
    for kind in Kind:
        assert [
            {k: v for k, v in r.items() if k != "type"} for r in records if r["type"] == kind.value
        ] == document[kind.plural]


def test_json_escapes_what_a_terminal_would_act_on(home, run, new):
    """C1 controls, bidi controls and U+2028 are \\u escapes in json and jsonl: same text."""
    text = "a\x9b31m\u202eb\u2028c\x1b[2Jd\x7f"
    note_id = new("note", "add", text)
    for output_format in ("json", "jsonl"):
        output = run("export", "--format", output_format).stdout
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e\u2028]", output)
        assert "\\u009b" in output
        assert "\\u202e" in output
    assert len(run("export", "--format", "jsonl").stdout.splitlines()) == 1
    assert json.loads(run("export").stdout)["notes"][0]["text"] == text
    assert json.loads(run("export", "--format", "jsonl").stdout)["id"] == note_id


def test_empty_journal_exports_empty_documents(run):
    """An empty (even missing) journal exports empty lists, no lines and a readable page."""
    document = json.loads(run("export").stdout)
    assert all(document[kind.plural] == [] for kind in Kind)
    assert run("export", "--format", "jsonl").stdout == ""
    assert "None yet." in run("export", "--format", "markdown").stdout


# -- csv ----------------------------------------------------------------------------------


def test_csv_actions_golden(fixed, run):
    """The actions of the fixed journal as CSV, byte for byte (CRLF, quoting, formulas)."""
    result = run("export", "--format", "csv", "--kind", "actions")
    assert result.exit_code == 0, result.stderr
    golden("actions.csv", result.stdout_bytes)


def test_csv_goals_golden(fixed, run):
    """Goals as CSV: lists joined readably, milestones one a line in their cell."""
    golden("goals.csv", run("export", "--format", "csv", "--kind", "goal").stdout_bytes)


def test_csv_takes_exactly_one_kind(fixed, run):
    """csv without --kind, or with two kinds, is a usage error (exit 2) that says why."""
    for args in ([], ["--kind", "goal", "--kind", "note"]):
        result = run("export", "--format", "csv", *args)
        assert result.exit_code == 2
        assert "one kind at a time" in result.stderr
        assert result.stdout == ""


def test_csv_neutralises_formulas_unless_raw(fixed, run):
    """Cells starting = + - @ tab or CR get a leading ' ; --csv-raw keeps them exactly."""
    safe = list(csv.reader(io.StringIO(run("export", "--format", "csv", "--kind", "goal").stdout)))
    raw_out = run("export", "--format", "csv", "--kind", "goal", "--csv-raw").stdout
    raw = list(csv.reader(io.StringIO(raw_out)))
    column = safe[0].index("baseline")
    senior = next(row for row in safe if row[0] == "g-senior")
    assert senior[column] == "'" + FORMULA
    assert next(row for row in raw if row[0] == "g-senior")[column] == FORMULA
    assert senior[safe[0].index("tags")] == "career; @risk"  # @ inside a cell is harmless
    for row in safe[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_csv_raw_is_only_for_csv(run):
    """--csv-raw with another format is a usage error, not silently ignored."""
    result = run("export", "--csv-raw")
    assert result.exit_code == 2
    assert "--csv-raw only applies to --format csv" in result.stderr


@settings(max_examples=examples(80))
@given(title=HOSTILE, notes=st.lists(HOSTILE, max_size=3))
def test_csv_cells_read_back_exactly_and_never_as_formulas(title, notes):
    """Any text: an RFC 4180 reader gets the raw cells back; neutralised cells are inert."""
    from mentee.models import Dated

    action = Action(
        id="a1", title=title, notes=[Dated(date=date(2026, 1, 1), text=n) for n in notes]
    )
    raw = list(csv.reader(io.StringIO(export_csv(Kind.ACTION, [action], raw=True), newline="")))
    assert raw[1][raw[0].index("title")] == title
    safe = list(csv.reader(io.StringIO(export_csv(Kind.ACTION, [action]), newline="")))
    assert len(safe) == 2
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in safe[1])
    # Controls are shown escaped, as in every view; line breaks and tabs stay.
    # A neutralised cell is the text behind one added `'` (a title may start with `'` itself).
    assert safe[1][safe[0].index("title")] in (escape_field(title), "'" + escape_field(title))


# -- markdown -----------------------------------------------------------------------------


def test_markdown_golden(fixed, run):
    """The whole fixed journal as Markdown, byte for byte."""
    result = run("export", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    golden("journal.md", result.stdout_bytes)


def test_markdown_hostile_text_stays_text(fixed, run):
    """Headings, HTML, images and terminal escapes in user text render as literal text."""
    output = run("export", "--format", "markdown").stdout
    tokens = _all_tokens(output)
    assert not [t for t in tokens if t.type in ("image", "html_inline", "html_block", "link_open")]
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == 1 + 7 + 2 + 2 + 3  # title, sections, goals, mentors, meetings
    rendered = MarkdownIt("commonmark").render(output)
    assert (
        "# Give a talk &lt;script&gt;alert(1)&lt;/script&gt; ![x](http://evil.example/x.png)"
        in rendered
    )
    assert "\x1b" not in output
    assert "\u202e" not in output
    assert MARKDOWN_ATTACK not in output
    assert TERMINAL_ATTACK not in output


def _all_tokens(text: str) -> list[Any]:
    found = []
    stack = list(MarkdownIt("commonmark").parse(text))
    while stack:
        token = stack.pop()
        found.append(token)
        stack.extend(token.children or [])
    return found


@settings(max_examples=examples(80))
@given(texts=st.lists(HOSTILE, min_size=7, max_size=7))
def test_markdown_structure_never_comes_from_user_text(texts):
    """Whatever the text, the page has the same blocks: no heading, list, quote, code,
    rule, link, image or HTML comes from what the user wrote."""
    goal = Goal(id="g1", title=texts[0], why=texts[1], tags=[texts[2]])
    mentor = Mentor(id="m1", name=texts[3], notes=texts[4])
    note = Note(id="n1", date=date(2026, 1, 1), text=texts[5])
    topic = Topic(id="t1", text=texts[6])
    action = Action(id="a1", title=texts[6], goal="g1", mentor="m1")
    output = export_markdown(journal_of(goal, mentor, note, topic, action), Kind, date(2026, 1, 2))
    tokens = _all_tokens(output)
    kinds = {t.type for t in tokens}
    assert not kinds & {
        "image",
        "html_inline",
        "html_block",
        "link_open",
        "code_block",
        "fence",
        "hr",
        "ordered_list_open",
        "code_inline",
    }
    assert sum(t.type == "heading_open" for t in tokens) == 1 + 7 + 2
    lists = [t for t in tokens if t.type == "bullet_list_open"]
    expected_lists = 7 + (goal.why is not None and "\n" in goal.why)
    assert len(lists) <= expected_lists + 1


def test_markdown_inline_neutralises_block_starts():
    """Text that would start a heading, a list, a rule or a code block after "- " does not."""
    renderer = MarkdownIt("commonmark")
    for text in ("# h", "1. x", "12) x", "+ y", "- z", "---", "===", "     code", "> q"):
        tokens = _all_tokens(f"- {markdown_inline(text)}\n")
        assert {t.type for t in tokens} <= {
            "bullet_list_open",
            "bullet_list_close",
            "list_item_open",
            "list_item_close",
            "paragraph_open",
            "paragraph_close",
            "inline",
            "text",
        }, text
        assert renderer.render(f"- {markdown_inline(text)}\n").count("<li>") == 1


# -- ics ----------------------------------------------------------------------------------


def _ics(run: Callable[..., Result], *args: str) -> bytes:
    result = run("export", "--format", "ics", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def test_ics_golden(fixed, run):
    """Planned meetings and open actions with a due date, byte for byte (DTSTAMP aside)."""
    data = re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:20261121T120000Z", _ics(run))
    golden("journal.ics", data)


def test_ics_parses_back_with_the_events_and_todos_expected(fixed, run):
    """icalendar reads it back: one VEVENT per planned meeting (agenda as description, UTC
    times), one VTODO per open action with a due date; private items left out."""
    calendar = Calendar.from_ical(_ics(run))
    events = calendar.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == ["m-next@mentee"]
    event = events[0]
    assert event.decoded("dtstart") == datetime.fromisoformat("2026-11-24T14:00:00+00:00")
    assert event.decoded("dtend") == datetime.fromisoformat("2026-11-24T14:45:00+00:00")
    assert str(event["location"]) == 'Room "4", level 2; or video'
    description = str(event["description"])
    assert description.startswith("Agenda: Alex Kim, Tue 2026-11-24 15:00")
    assert "-1 day slip: +draft the launch plan (due 2026-11-18, overdue)" in description
    assert "Summarise decisions" not in description  # private feedback
    assert "team-lead trial" not in description  # private topic
    assert str(event["attendee"]) == "mailto:alex.kim@example.com"
    todos = {str(t["uid"]): t for t in calendar.walk("VTODO")}
    assert sorted(todos) == ["a-draft@mentee", "a-dry-run@mentee", "a-promise@mentee"]
    assert todos["a-draft@mentee"].decoded("due") == date(2026, 11, 18)
    assert str(todos["a-dry-run@mentee"]["summary"]) == "Dry run\tat the team demo"
    assert str(todos["a-promise@mentee"]["summary"]).startswith("Alex Kim promised: ")
    assert all(str(t["status"]) == "NEEDS-ACTION" for t in todos.values())


def test_ics_text_is_escaped_folded_and_free_of_controls(run, new):
    """Hostile text cannot add properties or components and no raw control reaches the file."""
    mentor = new("mentor", "add", "Eve\r\nBEGIN:VEVENT\x1b[2J", "--email", "eve@example.com")
    new(
        "meeting",
        "add",
        "--mentor",
        mentor,
        "--at",
        "2026-11-25 10:00",
        "--where",
        "x\nDTSTART:19700101T000000Z;" + "long " * 30,
    )
    new("action", "add", "Title\r\nEND:VTODO\x07", "--due", "2026-12-01")
    data = _ics(run)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", data.replace(b"\r\n", b""))
    calendar = Calendar.from_ical(data)
    assert len(calendar.walk("VEVENT")) == 1
    assert len(calendar.walk("VTODO")) == 1
    assert str(calendar.walk("VTODO")[0]["summary"]) == "Title\nEND:VTODO\\x07"
    assert "long long" in str(calendar.walk("VEVENT")[0]["location"])


def test_the_export_and_the_invitation_give_a_planned_meeting_the_same_event(run, new):
    """A calendar that takes both files holds one event: the same UID, sequence, time,
    title, place, agenda and attendee (the title on one line, a tab in a name escaped)."""
    mentor = new("mentor", "add", "Alex\tKim", "--email", "alex@example.com")
    new("topic", "add", "Ask about the promotion", "--mentor", mentor)
    new("meeting", "add", "--mentor", mentor, "--at", "2026-11-25 10:00", "--where", "Room 4")
    exported = Calendar.from_ical(_ics(run, "--kind", "meeting")).walk("VEVENT")
    result = run("agenda", "next", "--mentor", mentor, "--format", "ics")
    assert result.exit_code == 0, result.stderr
    invited = Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
    assert len(exported) == len(invited) == 1

    def properties(event: Any) -> dict[str, str]:
        return {k: v.to_ical().decode() for k, v in event.items() if k != "DTSTAMP"}

    assert properties(exported[0]) == properties(invited[0])
    assert str(invited[0]["SUMMARY"]) == "Mentoring: Alex\\tKim"
    assert "Ask about the promotion" in str(invited[0]["DESCRIPTION"])


def test_ics_kinds_and_usage(fixed, run):
    """--kind meeting gives only events; a kind ics cannot hold is a usage error."""
    calendar = Calendar.from_ical(_ics(run, "--kind", "meeting"))
    assert calendar.walk("VTODO") == []
    assert len(calendar.walk("VEVENT")) == 1
    result = run("export", "--format", "ics", "--kind", "goal")
    assert result.exit_code == 2
    assert "meetings and actions" in result.stderr


# -- files --------------------------------------------------------------------------------


def test_output_file_is_written_whole_and_private(fixed, run, tmp_path):
    """-o FILE writes the export (0600, no temp file left), stdout stays empty."""
    target = tmp_path / "out" / "journal.csv"
    target.parent.mkdir()
    target.write_text("old content")
    result = run("export", "--format", "csv", "--kind", "action", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "Exported to" in result.stderr
    assert target.read_bytes() == (GOLDEN / "actions.csv").read_bytes()
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["journal.csv"]


def test_output_refuses_to_write_through_a_symlink(fixed, run, tmp_path):
    """-o naming a symbolic link is an error (exit 1): the link and its target are untouched."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "link.json"
    link.symlink_to(victim)
    result = run("export", "-o", str(link))
    assert result.exit_code == 1
    assert "symbolic link" in result.stderr
    assert victim.read_text() == "keep me"
    assert link.is_symlink()
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere")
    assert run("export", "-o", str(dangling)).exit_code == 1
    assert not (tmp_path / "nowhere").exists()


def test_output_dash_is_stdout(fixed, run):
    """-o - writes to stdout, as many tools do."""
    result = run("export", "--format", "jsonl", "-o", "-")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == len(fixed_records())


# -- pipelines ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A journal whose every export is far larger than a pipe's buffer (64 KiB)."""
    from mentee.store.recordfile import serialize

    home = tmp_path_factory.mktemp("big") / "journal"
    (home / "notes").mkdir(parents=True)
    for number in range(1500):
        note = Note(id=f"n{number:05d}", date=date(2026, 1, 1), text="x" * 120)
        (home / "notes" / f"{note.id}.toml").write_bytes(serialize(note))
    return home


@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", "--format", "jsonl"],
        ["export", "--format", "markdown"],
        ["export", "--format", "csv", "--kind", "note"],
        ["note", "list", "--json"],
    ],
    ids=lambda a: " ".join(a[1:]) or "json",
)
def test_a_reader_that_stops_early_ends_mentee_quietly(big_journal, args):
    """`mentee export | head -1` in a real pipeline: one line out, exit 0, nothing on stderr."""
    home = big_journal
    mentee = subprocess.Popen(
        [sys.executable, "-m", "mentee", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "MENTEE_HOME": str(home)},
    )
    head = subprocess.run(["head", "-1"], stdin=mentee.stdout, capture_output=True, check=True)
    assert mentee.stdout is not None
    mentee.stdout.close()
    errors = mentee.stderr.read() if mentee.stderr else b""
    assert mentee.wait(timeout=60) == 0, errors
    assert errors == b""
    assert head.stdout.count(b"\n") == 1
    if args[1:] == ["--format", "jsonl"]:
        assert json.loads(head.stdout)["type"] == "note"


def test_piped_output_has_no_colour_or_prompt(fixed):
    """Through a pipe (no terminal, NO_COLOR unset) every format is plain data, no ANSI."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    for output_format in ("json", "jsonl", "markdown", "ics"):
        result = subprocess.run(
            [sys.executable, "-m", "mentee", "export", "--format", output_format],
            capture_output=True,
            env=env,
            stdin=subprocess.DEVNULL,
            check=True,
            timeout=60,
        )
        assert b"\x1b" not in result.stdout, output_format
        assert result.stderr == b""


# -- JSON Schema --------------------------------------------------------------------------


def test_schema_files_are_up_to_date():
    """docs/schema is exactly what `python -m mentee.export.schema docs/schema` generates."""
    files = schema.render()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in (DOCS / "schema").glob("*.json")}
    assert on_disk == files, "docs/schema is stale: python -m mentee.export.schema docs/schema"


def test_exports_validate_against_the_schemas(fixed, run):
    """The json export, each jsonl line and each record kind validate; a bad value does not."""
    import jsonschema

    export_schema = json.loads((DOCS / "schema" / "export.schema.json").read_text())
    line_schema = json.loads((DOCS / "schema" / "jsonl.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(export_schema)
    export_validator = jsonschema.Draft202012Validator(export_schema)
    line_validator = jsonschema.Draft202012Validator(line_schema)
    document = json.loads(run("export").stdout)
    export_validator.validate(document)
    for line in run("export", "--format", "jsonl").stdout.splitlines():
        line_validator.validate(json.loads(line))
    for kind in Kind:
        kind_schema = json.loads((DOCS / "schema" / f"{kind.value}.schema.json").read_text())
        kind_validator = jsonschema.Draft202012Validator(kind_schema)
        for record in document[kind.plural]:
            kind_validator.validate(record)
    document["goals"][0]["status"] = "someday"
    assert not export_validator.is_valid(document)
    document["goals"][0]["status"] = "active"
    document["goals"][0]["mentors"] = ["Not An Id"]
    assert not export_validator.is_valid(document)
    document["goals"][0]["mentors"] = []
    assert export_validator.is_valid(document)
    assert not export_validator.is_valid({**document, "tasks": []})
