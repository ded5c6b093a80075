"""`mentee import`: round trips, all-or-nothing validation, conflicts and --replace."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hypothesis_examples import examples
from mentee.export.jsondoc import export_document, export_json
from mentee.export.jsonl import export_jsonl
from mentee.kinds import Kind
from mentee.models import MODELS, SCHEMA_VERSION, Record
from mentee.reading import load_book
from mentee.references import REFERENCES
from mentee.store import Store
from mentee.transfer import InvalidImportError, import_data
from test_models import model_strategy
from transfer_journal import build_fixed_journal, fixed_records

STAMP = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def fixed(home: Path) -> Path:
    """The fixed journal of tests/transfer_journal.py in this test's home."""
    build_fixed_journal(home)
    return home


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (to prove nothing changed)."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def without_exported(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    document.pop("exported")
    return document


def write_json(path: Path, document: Any) -> str:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return str(path)


# -- round trips --------------------------------------------------------------------------


def test_json_round_trip_gives_the_same_document(fixed, run, tmp_path):
    """export json | import into an empty journal | export: the same document but `exported`."""
    first = run("export")
    backup = tmp_path / "backup.json"
    backup.write_bytes(first.stdout_bytes)
    other = tmp_path / "other"
    result = run("--home", str(other), "import", str(backup))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Imported {len(fixed_records())} records: 19 new, 0 unchanged.\n"
    again = run("--home", str(other), "export")
    assert without_exported(again.stdout) == without_exported(first.stdout)
    assert snapshot(other) == snapshot(fixed)  # the very same files


def test_jsonl_round_trip_from_stdin(fixed, run, tmp_path):
    """export jsonl | import - : the same records, read from standard input."""
    lines = run("export", "--format", "jsonl").stdout
    other = tmp_path / "other"
    result = run("--home", str(other), "import", "-", input=lines)
    assert result.exit_code == 0, result.stderr
    assert run("--home", str(other), "export", "--format", "jsonl").stdout == lines


def test_importing_twice_changes_nothing(fixed, run, tmp_path):
    """The second import of the same file writes no file and reports every record unchanged."""
    backup = tmp_path / "backup.json"
    backup.write_bytes(run("export").stdout_bytes)
    before = snapshot(fixed)
    mtimes = {p: p.stat().st_mtime_ns for p in fixed.rglob("*.toml")}
    result = run("import", str(backup))
    assert result.exit_code == 0, result.stderr
    assert "0 new, 19 unchanged" in result.stderr
    assert snapshot(fixed) == before
    assert {p: p.stat().st_mtime_ns for p in fixed.rglob("*.toml")} == mtimes


def test_a_partial_export_merges_into_a_journal(fixed, run, tmp_path):
    """Records of a --kind export go in beside what the journal has; references to records
    already in the journal are valid."""
    other = tmp_path / "other"
    build_fixed_journal(other)
    document = json.loads(run("export", "--kind", "action").stdout)
    document["actions"][0]["id"] = "a-new"
    document["actions"][0]["title"] = "A new action on an existing goal"
    result = run("--home", str(other), "import", write_json(tmp_path / "a.json", document))
    assert result.exit_code == 0, result.stderr
    assert "1 new, 5 unchanged" in result.stderr
    assert (other / "actions" / "a-new.toml").exists()


# Extras TOML holds but JSON cannot (inf) become null in an export: kept finite here.
def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return 1.5
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


@st.composite
def journals(draw: st.DrawFn) -> list[Record]:
    """A few records of every kind (hostile text, unknown keys) with valid links between them."""
    drawn: dict[Kind, dict[str, Record]] = {}
    for kind in Kind:
        records = draw(st.lists(model_strategy(MODELS[kind]), max_size=3))
        drawn[kind] = {r.id: r for r in records}
    if not drawn[Kind.MENTOR]:
        drawn[Kind.MEETING] = {}  # a meeting needs a mentor
    linked: list[Record] = []
    for kind in Kind:
        for record in drawn[kind].values():
            data = _finite(record.model_dump(by_alias=True))
            data["schema_version"] = SCHEMA_VERSION
            for name, target in REFERENCES[kind]:
                if name not in MODELS[kind].model_fields:
                    continue  # a mentor's `goals`: an older mentee's links, never exported
                choices = sorted(drawn[target])
                value = data.get(name)
                if isinstance(value, list):
                    data[name] = (
                        draw(st.lists(st.sampled_from(choices), unique=True)) if choices else []
                    )
                elif name == "mentor" and kind == Kind.MEETING:
                    data[name] = draw(st.sampled_from(choices)) if choices else None
                else:
                    data[name] = (
                        draw(st.one_of(st.none(), st.sampled_from(choices))) if choices else None
                    )
            linked.append(MODELS[kind].model_validate(data))
    return linked


@settings(max_examples=examples(60))
@given(records=journals())
def test_any_journal_survives_export_and_import(records):
    """Generated journals (hostile text, unknown keys, any dates) come back as the same
    export document, through json and through jsonl, and a second import changes nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = Store(root / "a", root / "a.lock")
        for record in records:
            source.put(record)
        document = export_document(load_book(source), Kind, STAMP)
        target = Store(root / "b", root / "b.lock")
        result = import_data(target, export_json(load_book(source), Kind, STAMP).encode(), "x")
        assert len(result.created) == len(records)
        assert export_document(load_book(target), Kind, STAMP) == document
        again = import_data(target, export_json(load_book(target), Kind, STAMP).encode(), "x")
        assert (len(again.created), len(again.conflicts)) == (0, 0)
        if not any("type" in r.extras for r in records):  # jsonl's own key
            lines = Store(root / "c", root / "c.lock")
            import_data(lines, export_jsonl(load_book(source), Kind).encode(), "x")
            assert export_document(load_book(lines), Kind, STAMP) == document


# -- all or nothing -----------------------------------------------------------------------


def test_invalid_records_are_all_reported_and_nothing_is_written(fixed, run, tmp_path):
    """One stderr line per bad record (which record, which field), exit 1, no file written."""
    document = json.loads(run("export").stdout)
    other = tmp_path / "other"
    build_fixed_journal(other)
    for record in document["goals"]:
        record["id"] = record["id"] + "-copy"  # new records that would be written
    document["actions"][1]["due"] = "2026-02-30"
    document["notes"][0]["kind"] = "rant"
    document["topics"][0]["id"] = "../../escape"
    document["mentors"][0].pop("name")
    before = snapshot(other)
    result = run("--home", str(other), "import", write_json(tmp_path / "bad.json", document))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    path = tmp_path / "bad.json"
    assert lines == [
        f"mentee: {path}: mentors[0] (alex-kim): name: Field required",
        (
            f"mentee: {path}: actions[1] (a-draft): due: Input should be a valid date or datetime, "
            "day value is outside expected range"
        ),
        (
            f"mentee: {path}: notes[0] (n-doubt): kind: Input should be 'win', 'challenge', "
            "'learning' or 'note'"
        ),
        (
            f"mentee: {path}: topics[0]: id: '../../escape' is not a valid id (lowercase "
            "letters, digits, '-')"
        ),
        f"mentee: {path}: nothing imported: 4 of 19 records are invalid",
    ]
    assert snapshot(other) == before
    assert not (tmp_path / "escape.toml").exists()


def test_a_reference_to_a_missing_record_is_rejected(run, tmp_path, home):
    """An action pointing to a goal neither in the file nor in the journal: exit 1, nothing
    written; the same file imports once the goal exists."""
    document: dict[str, Any] = {
        "format": "mentee/1",
        "exported": "2026-11-21T12:00:00+00:00",
        "notes": [{"id": "n1", "date": "2026-11-01", "text": "fine"}],
        "actions": [{"id": "a1", "title": "Orphan", "goal": "g-gone", "meeting": "m-gone"}],
    }
    path = write_json(tmp_path / "refs.json", document)
    result = run("import", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"mentee: {path}: actions[0] (a1): goal: no goal 'g-gone' in the input or the "
        "journal; meeting: no meeting 'm-gone' in the input or the journal"
    )
    assert snapshot(home) == {}
    del document["actions"][0]["meeting"]
    from mentee.models import Goal

    Store(home, home.parent / "x.lock").put(Goal(id="g-gone", title="Already here"))
    assert run("import", write_json(tmp_path / "refs.json", document)).exit_code == 0
    assert (home / "actions" / "a1.toml").exists()


def test_jsonl_problems_name_the_line(run, tmp_path, home):
    """jsonl: a bad line is named `file:LINE:` with the record's kind and id, or why it is
    not a record at all."""
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"type": "note", "id": "n1", "date": "2026-11-01", "text": "ok"}\n'
        "\n"
        '{"type": "gaol", "id": "g1", "title": "typo"}\n'
        '{"type": "goal", "id": "g2"}\n'
        "not json\n"
        '{"id": "x"}\n'
        '{"type": "note", "id": "n1", "date": "2026-11-01", "text": "twice"}\n',
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        (
            f"mentee: {path}:3: g1: type: unknown 'gaol' (expected goal, mentor, meeting, action, "
            "feedback, note, topic)"
        ),
        f"mentee: {path}:4: goal g2: title: Field required",
        f"mentee: {path}:5: not JSON: Expecting value (column 1)",
        f"mentee: {path}:6: x: type: missing (goal, mentor, ...)",
        f"mentee: {path}:7: note n1: id: appears more than once in the input",
        f"mentee: {path}: nothing imported: 5 of 6 records are invalid",
    ]
    assert snapshot(home) == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "not a mentee export"),
        ('{"format": "mentee/2"}', "format 'mentee/2' is not one this mentee reads"),
        ('{"format": "todo/1"}', "not a mentee export"),
        ('{"format": "mentee/1", "tasks": []}', "unknown key 'tasks'"),
        ('{"format": "mentee/1", "goals": {}}', "goals: expected a list of records"),
        ('{"format": "mentee/1",\n "goals": [}', ":2: not JSON"),
        ("\xff", "not valid UTF-8"),
    ],
)
def test_what_is_not_an_export_is_refused(run, tmp_path, home, content, message):
    """Input that is not an export at all is one clear error line, exit 1, nothing written."""
    path = tmp_path / "input"
    path.write_bytes(content.encode("utf-8") if content != "\xff" else b"\xff{}")
    result = run("import", str(path))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr
    assert snapshot(home) == {}


def test_records_that_cannot_be_stored_exactly_are_rejected(run, tmp_path, home):
    """A lone surrogate or a newer schema version is a rejected record, not a crash."""
    path = tmp_path / "odd.jsonl"
    path.write_text(
        '{"type": "note", "id": "n1", "date": "2026-11-01", "text": "\\ud800"}\n'
        '{"type": "note", "id": "n2", "date": "2026-11-01", "text": "x", "schema_version": 9}\n',
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "note n1: text: not valid Unicode" in lines[0]
    assert "note n2: schema_version: 9 is newer than this mentee knows" in lines[1]
    assert snapshot(home) == {}


def test_missing_file_and_empty_input(run, tmp_path):
    """A missing file is exit 1 naming it; an empty input imports nothing and says so."""
    result = run("import", str(tmp_path / "nope.json"))
    assert result.exit_code == 1
    assert result.stderr == f"mentee: {tmp_path / 'nope.json'}: no such file\n"
    empty = run("import", "-", input="")
    assert empty.exit_code == 0
    assert empty.stderr == "<stdin>: nothing to import (no records).\n"


# -- conflicts ----------------------------------------------------------------------------


def test_conflicts_are_left_alone_unless_replace(fixed, run, tmp_path):
    """Other content under an existing id is reported and kept (exit 1) while new records
    go in; --replace then overwrites it with the file's record."""
    document = json.loads(run("export").stdout)
    document["goals"][0]["title"] = "Staff engineer"
    document["notes"].append(
        {"id": "n-new", "date": "2026-11-20", "text": "From the other laptop", "kind": "win"}
    )
    path = write_json(tmp_path / "theirs.json", document)
    goal_file = fixed / "goals" / "g-senior.toml"
    mine = goal_file.read_bytes()
    result = run("import", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "mentee: conflict: goal g-senior: the journal has other content under this id; kept",
        (
            "mentee: 1 conflict left alone (1 imported); --replace overwrites them with the "
            "file's records"
        ),
    ]
    assert goal_file.read_bytes() == mine
    assert (fixed / "notes" / "n-new.toml").exists()
    replaced = run("import", "--replace", path)
    assert replaced.exit_code == 0, replaced.stderr
    assert replaced.stderr == "Imported 20 records: 0 new, 1 replaced, 19 unchanged.\n"
    shown = json.loads(run("goal", "show", "g-senior", "--json").stdout)
    assert shown["title"] == "Staff engineer"
    assert shown["updated"] == document["goals"][0]["updated"]  # as in the file


def test_a_large_replace_is_undone_whole(run, tmp_path, home):
    """Many records replaced at once (--replace) keep what each file held before: one
    undo puts every one of them back, and new ones of the same import go."""
    notes = [{"id": f"n{n}", "date": "2026-11-01", "text": f"Note {n}"} for n in range(12)]
    first = write_json(tmp_path / "first.json", {"format": "mentee/1", "notes": notes})
    assert run("import", first).exit_code == 0
    before = snapshot(home)
    changed = [{**note, "text": f"{note['text']}, changed"} for note in notes]
    changed.append({"id": "n-new", "date": "2026-11-02", "text": "New"})
    second = write_json(tmp_path / "second.json", {"format": "mentee/1", "notes": changed})
    result = run("import", "--replace", second)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Imported 13 records: 1 new, 12 replaced, 0 unchanged.\n"
    assert "changed" in (home / "notes" / "n3.toml").read_text("utf-8")
    assert run("undo").exit_code == 0
    assert snapshot(home) == before


def test_a_damaged_file_is_never_replaced(fixed, run, tmp_path):
    """A record file that cannot be read is a conflict even with --replace: never rewritten."""
    path = write_json(tmp_path / "backup.json", json.loads(run("export").stdout))
    damaged = fixed / "notes" / "n-win.toml"
    damaged.write_text("this is [not toml", encoding="utf-8")
    result = run("import", "--replace", path)
    assert result.exit_code == 1
    assert "conflict: note n-win: the file cannot be read, never replaced" in result.stderr
    assert damaged.read_text(encoding="utf-8") == "this is [not toml"


def test_import_keeps_unknown_keys_and_timestamps(run, tmp_path, home):
    """Keys mentee does not know and the file's created/updated are written as given."""
    path = tmp_path / "one.jsonl"
    path.write_text(
        json.dumps(
            {
                "type": "goal",
                "id": "g1",
                "title": "Senior",
                "created": "2025-01-02T03:04:05+01:00",
                "updated": "2025-02-03T04:05:06+00:00",
                "plugin": {"score": 7, "gone": None},
                "dropped": None,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert run("import", str(path)).exit_code == 0
    text = (home / "goals" / "g1.toml").read_text(encoding="utf-8")
    assert "created = 2025-01-02 03:04:05+01:00" in text
    assert "updated = 2025-02-03 04:05:06+00:00" in text
    assert "[plugin]\nscore = 7" in text
    assert "dropped" not in text  # null is "not set": TOML has no null
    assert "gone" not in text


def test_a_single_pretty_printed_record_is_read(run, tmp_path, home):
    """One record as `show --json` prints it, with a type, imports like a jsonl line."""
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps({"type": "note", "id": "n1", "date": "2026-11-01", "text": "x"}, indent=2)
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert (home / "notes" / "n1.toml").exists()


def test_import_writes_with_private_permissions(run, tmp_path, home):
    """Imported files are 0600 in folders 0700, like every record."""
    path = write_json(
        tmp_path / "x.json",
        {"format": "mentee/1", "goals": [{"id": "g1", "title": "Senior"}]},
    )
    assert run("import", path).exit_code == 0
    assert (home / "goals" / "g1.toml").stat().st_mode & 0o777 == 0o600
    assert (home / "goals").stat().st_mode & 0o777 == 0o700
    assert not [p for p in (home / "goals").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("umask", [0o022, 0o277], ids=lambda m: f"umask {m:03o}")
def test_a_large_import_writes_private_files_whatever_the_umask(run, tmp_path, home, umask):
    """Many records (written together, synced at once) are 0600 too, even under a umask
    that takes away the owner's own bits, and no temp file is left beside them."""
    notes = [{"id": f"n{n}", "date": "2026-11-01", "text": f"Note {n}"} for n in range(12)]
    goals = [{"id": f"g{n}", "title": f"Goal {n}"} for n in range(3)]
    path = write_json(tmp_path / "x.json", {"format": "mentee/1", "goals": goals, "notes": notes})
    previous = os.umask(umask)
    try:
        result = run("import", path)
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.stderr
    for folder, count in (("notes", 12), ("goals", 3)):
        files = sorted((home / folder).iterdir())
        assert len(files) == count
        assert {f.stat().st_mode & 0o777 for f in files} == {0o600}
        assert not [f for f in files if f.name.startswith(".")]


def test_a_value_that_would_not_read_back_the_same_is_rejected(run, tmp_path, home):
    """A record whose file would not read back as given (NaN, which equals nothing, in a
    key mentee does not know) is rejected by name; infinity reads back and is kept."""
    path = tmp_path / "odd.jsonl"
    path.write_text(
        '{"type": "note", "id": "n1", "date": "2026-11-01", "text": "x", "score": NaN}\n'
        '{"type": "note", "id": "n2", "date": "2026-11-01", "text": "x", "score": Infinity}\n',
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        (
            f"mentee: {path}:1: note n1: cannot be stored exactly as given (a value TOML "
            "cannot hold?)"
        ),
        f"mentee: {path}: nothing imported: 1 of 2 records is invalid",
    ]
    assert snapshot(home) == {}


def test_invalid_import_error_lists_every_record():
    """The use case raises one error carrying a line per rejected record, in input order."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "j", Path(tmp) / "j.lock")
        data = b'{"type":"goal","id":"g1"}\n{"type":"note","id":"n1","date":"x","text":"t"}\n'
        with pytest.raises(InvalidImportError) as caught:
            import_data(store, data, "in.jsonl")
        assert caught.value.lines == [
            "in.jsonl:1: goal g1: title: Field required",
            (
                "in.jsonl:2: note n1: date: Input should be a valid date or datetime, input is "
                "too short"
            ),
        ]
        assert not os.path.exists(Path(tmp) / "j")
