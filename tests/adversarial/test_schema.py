"""Schema versions: newer records are read but never rewritten; older ones are upgraded.

The current schema is 1, so the upgrade path is tested with a fake version 2: the test
raises the store's SCHEMA_VERSION and registers a step from 1 in `migrations.MIGRATIONS`,
exactly as the next format change will.
"""

from __future__ import annotations

import json
import stat
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from adversarial_helpers import error_line, files, temp_files, write_private

from mentee import migrations
from mentee.kinds import Kind
from mentee.migrations import MigrationError, upgrade
from mentee.store import recordfile

NEWER = "written by a newer mentee (schema 2; this one knows 1): not changed; upgrade mentee"


def _make_newer(path: Path) -> bytes:
    """Rewrite a record file as a newer mentee would: schema 2 and a key this one lacks."""
    text = path.read_text("utf-8").replace("schema_version = 1", "schema_version = 2")
    content = (text + '\nhologram = "from the future"\n').encode("utf-8")
    write_private(path, content)
    return content


@pytest.fixture
def newer(home: Path, journal: dict[str, str]) -> dict[str, Path]:
    """Every record of the journal rewritten as schema 2; paths by kind."""
    paths = {}
    for kind, record_id in journal.items():
        folder = {"feedback": "feedback"}.get(kind, f"{kind}s")
        paths[kind] = home / folder / f"{record_id}.toml"
        _make_newer(paths[kind])
    return paths


def test_newer_records_are_read_for_what_is_known(run, journal, newer) -> None:
    """Records of a newer schema are listed and shown, with the keys this version lacks."""
    shown = run("goal", "show", journal["goal"], "--json")
    assert shown.exit_code == 0
    data = json.loads(shown.stdout)
    assert data["title"] == "Readable goal"
    assert data["schema_version"] == 2
    assert data["hologram"] == "from the future"
    assert run("goal", "show", journal["goal"]).exit_code == 0
    for kind in ("mentor", "action", "note", "feedback", "topic"):
        assert journal[kind] in run(kind, "list", "--json").stdout, kind
    assert run("agenda", "next").exit_code == 0


def _editor_that_writes(tmp_path: Path) -> tuple[str, Path]:
    """An $EDITOR that would change the buffer, and the file it touches when it runs."""
    marker = tmp_path / "editor-ran"
    script = tmp_path / "editor.py"
    script.write_text(
        "import pathlib, sys\n"
        f"pathlib.Path({str(marker)!r}).touch()\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('Readable', 'Edited'))\n",
        "utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return f"{sys.executable} {script}", marker


def test_every_command_that_would_change_a_newer_record_fails_and_changes_nothing(
    run, home: Path, journal: dict[str, str], newer: dict[str, Path], tmp_path: Path
) -> None:
    """Each changing command on a newer record: exit 1, one line naming the file, no change."""
    editor, marker = _editor_that_writes(tmp_path)
    j = journal
    commands: list[tuple[str, tuple[str, ...]]] = [
        ("goal", ("goal", "edit", j["goal"], "--title", "New")),
        ("goal", ("goal", "edit", j["goal"])),
        ("goal", ("goal", "done", j["goal"])),
        ("goal", ("goal", "drop", j["goal"])),
        ("goal", ("goal", "retarget", j["goal"], "--by", "2028-01-01", "--reason", "later")),
        ("goal", ("goal", "milestone", "add", j["goal"], "Talk")),
        ("mentor", ("mentor", "edit", j["mentor"], "--email", "a@example.org")),
        ("mentor", ("mentor", "edit", j["mentor"])),
        ("mentor", ("mentor", "thank", j["mentor"], "Thank you")),
        ("action", ("action", "done", j["action"])),
        ("action", ("action", "drop", j["action"])),
        ("action", ("action", "note", j["action"], "Progress")),
        ("action", ("action", "edit", j["action"], "--title", "New")),
        ("note", ("note", "edit", j["note"])),
        ("feedback", ("feedback", "edit", j["feedback"])),
        ("topic", ("topic", "drop", j["topic"])),
        ("topic", ("topic", "edit", j["topic"])),
        ("meeting", ("meeting", "cancel", j["meeting"])),
        ("meeting", ("meeting", "edit", j["meeting"])),
        ("meeting", ("meeting", "log", j["meeting"], "--notes", "Held")),
    ]
    before = files(home)
    for kind, args in commands:
        result = run(*args, env={"EDITOR": editor, "VISUAL": editor})
        assert result.exit_code == 1, (args, result.stderr)
        assert error_line(result) == f"mentee: {newer[kind]}: {NEWER} to change it", args
        assert not marker.exists(), f"{args}: the editor opened on a record it cannot save"
    assert files(home) == before
    assert temp_files(home) == []


def test_logging_a_meeting_that_would_mark_a_newer_record_changes_nothing(
    run, home: Path, journal: dict[str, str]
) -> None:
    """A meeting log whose agenda holds a newer topic stops before writing anything at all."""
    topic = home / "topics" / f"{journal['topic']}.toml"
    _make_newer(topic)
    before = files(home)
    result = run("meeting", "log", journal["meeting"], "--notes", "Held", "--action", "Follow up")
    assert result.exit_code == 1
    assert error_line(result) == f"mentee: {topic}: {NEWER} to change it"
    assert files(home) == before
    assert run("undo", "--list", "--json").stdout.count('"meeting log"') == 0


# -- upgrading older records -----------------------------------------------------------------


def _tags_as_list(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """A fake step 1 -> 2: schema 1 kept a goal's tags as one comma-separated string."""
    if kind == Kind.GOAL and isinstance(data.get("tags"), str):
        data["tags"] = [t.strip() for t in data["tags"].split(",") if t.strip()]
    return data


@pytest.fixture
def schema_two(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this mentee writes schema 2 and knows the step from 1."""
    monkeypatch.setattr(recordfile, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: _tags_as_list})


OLD_GOAL = b"""id = "oldgoal"
title = "Speak at a meetup"
tags = "speaking, career"
colour = "kept"
schema_version = 1
"""


@pytest.mark.usefixtures("schema_two")
def test_older_record_is_read_upgraded_and_only_rewritten_when_changed(run, home: Path) -> None:
    """A schema-1 file reads as schema 2, stays byte-identical on reads, upgrades on a write."""
    path = home / "goals" / "oldgoal.toml"
    write_private(path, OLD_GOAL)
    shown = run("goal", "show", "oldgoal", "--json")
    assert shown.exit_code == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["tags"] == ["speaking", "career"]
    assert data["schema_version"] == 2
    assert run("goal", "list").exit_code == 0
    assert path.read_bytes() == OLD_GOAL
    edited = run("goal", "edit", "oldgoal", "--title", "Speak at a conference")
    assert edited.exit_code == 0, edited.stderr
    document = tomllib.loads(path.read_text("utf-8"))
    assert document["schema_version"] == 2
    assert document["tags"] == ["speaking", "career"]
    assert document["colour"] == "kept"
    assert document["title"] == "Speak at a conference"
    # The upgrade is one change like any other: undo puts the schema-1 file back.
    assert run("undo").exit_code == 0
    assert path.read_bytes() == OLD_GOAL


@pytest.mark.usefixtures("schema_two")
def test_new_records_are_written_with_the_current_schema(run, home: Path) -> None:
    """A record created by this (fake schema 2) mentee says schema 2 in its file."""
    created = run("goal", "add", "New", "--json")
    goal = json.loads(created.stdout)["id"]
    assert (
        tomllib.loads((home / "goals" / f"{goal}.toml").read_text("utf-8"))["schema_version"] == 2
    )


def test_older_record_without_a_known_step_is_reported_not_guessed(
    run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No step from the file's version: one problem naming the line, the file untouched."""
    monkeypatch.setattr(recordfile, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: _tags_as_list})
    path = home / "goals" / "oldgoal.toml"
    write_private(path, OLD_GOAL)
    result = run("goal", "show", "oldgoal")
    assert result.exit_code == 1
    assert error_line(result) == (f"mentee: {path}:5: no upgrade is known from schema 2 to 3")
    assert path.read_bytes() == OLD_GOAL


def test_a_failing_step_is_a_problem_of_that_file(
    run, home: Path, journal: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A step that cannot handle a record makes that file a problem; the others still list."""

    def broken(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
        if data["id"] == "oldgoal":
            data["tags"] = data["missing"]
        return data

    monkeypatch.setattr(recordfile, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: broken})
    path = home / "goals" / "oldgoal.toml"
    write_private(path, OLD_GOAL)
    result = run("goal", "list", "--all", "--json")
    assert result.exit_code == 0
    assert [g["id"] for g in json.loads(result.stdout)] == [journal["goal"]]
    assert f"{path}:5: cannot upgrade from schema 1 to 2: 'missing'" in result.stderr
    assert path.read_bytes() == OLD_GOAL


def test_upgrade_applies_every_step_in_order_on_a_copy() -> None:
    """Steps run from the file's version to the target, each once, and never touch the input."""
    seen: list[int] = []

    def step(number: int) -> migrations.Migration:
        def apply(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
            seen.append(number)
            data[f"step{number}"] = data.get("schema_version")
            return data

        return apply

    original = {"id": "x", "schema_version": 1}
    registry = {1: step(1), 2: step(2), 3: step(3)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", registry)
        result = upgrade(Kind.NOTE, original, 1, 4)
        assert upgrade(Kind.NOTE, {"id": "x"}, 4, 4) == {"id": "x"}
        with pytest.raises(MigrationError, match="from schema 4 to 5"):
            upgrade(Kind.NOTE, original, 1, 5)
    assert seen[:3] == [1, 2, 3]
    assert result == {"id": "x", "schema_version": 4, "step1": 1, "step2": 2, "step3": 3}
    assert original == {"id": "x", "schema_version": 1}


def test_the_real_registry_reaches_the_current_version() -> None:
    """Every version from 1 below the current one has a step (none yet: schema 1 is first)."""
    from mentee.models import SCHEMA_VERSION

    assert all(v in migrations.MIGRATIONS for v in range(1, SCHEMA_VERSION))
