"""`edit ID` with no options: the record opened in $VISUAL/$EDITOR (a fake editor here).

The fake editor is a small Python script written into tmp_path: it saves a copy of the
buffer it was given (so tests can see what the user saw), applies one change, and exits.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import sys
import tomllib
from pathlib import Path

import pytest
from cli_helpers import append_unknown_keys, assert_unknown_keys_kept, error_line, listing

SCRIPT = """\
import pathlib, re, sys
path = pathlib.Path(sys.argv[-1])
text = path.read_text(encoding="utf-8")
pathlib.Path({seen!r}).write_text(text, encoding="utf-8")
pathlib.Path({mode!r}).write_text(oct(path.stat().st_mode & 0o777), encoding="utf-8")
{body}
path.write_text(text, encoding="utf-8")
"""


class FakeEditor:
    """Writes editor scripts and remembers what the last run was shown."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.folder = folder
        self.monkeypatch = monkeypatch
        self.seen = folder / "seen.toml"
        self.mode = folder / "mode.txt"

    def command(self, body: str, name: str = "editor.py") -> str:
        script = self.folder / name
        script.write_text(SCRIPT.format(seen=str(self.seen), mode=str(self.mode), body=body))
        return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"

    def use(self, body: str, variable: str = "EDITOR") -> None:
        self.monkeypatch.setenv(variable, self.command(body))

    def replacing(self, key: str, value: str) -> None:
        """An editor that sets `key = value` (a TOML value) on its own line."""
        self.use(f"text = re.sub(r'(?m)^{key} = .*$', {f'{key} = {value}'!r}, text)")

    def shown(self) -> str:
        return self.seen.read_text(encoding="utf-8")


@pytest.fixture
def editor(tmp_path, monkeypatch, buffers):
    folder = tmp_path / "editor"
    folder.mkdir()
    return FakeEditor(folder, monkeypatch)


@pytest.fixture
def goal(new, record_file):
    """A goal and its file."""
    goal_id = new("goal", "add", "Promoted to senior", "--by", "2027-06-30")
    return goal_id, record_file("goals", goal_id)


def kept_buffer(line: str):
    """The path of the kept buffer that an error line mentions."""
    match = re.search(r"kept in (\S+\.toml)", line)
    assert match, line
    return match[1]


# -- a successful edit ------------------------------------------------------------------------


def test_successful_edit_is_saved(run, run_json, editor, goal, buffers, on_disk):
    """Changing the title in the editor saves it; the buffer file is removed afterwards."""
    goal_id, _ = goal
    editor.replacing("title", '"Staff engineer"')
    result = run("goal", "edit", goal_id)
    assert result.exit_code == 0, result.stderr
    assert goal_id in result.stderr
    assert on_disk("goals", goal_id)["title"] == "Staff engineer"
    assert run_json("goal", "show", goal_id)["target"] == "2027-06-30"
    assert listing(buffers) == []


def test_edit_json_prints_saved_record(run, editor, goal):
    """`edit ID --json` prints the saved record."""
    goal_id, _ = goal
    editor.replacing("status", '"paused"')
    result = run("goal", "edit", goal_id, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "paused"


def test_buffer_is_the_record_as_toml_with_hints_and_private(run, editor, goal):
    """The editor sees the record's TOML, a header, hints for unset fields, in a 0600 file."""
    goal_id, _ = goal
    editor.replacing("title", '"x"')
    run("goal", "edit", goal_id)
    shown = editor.shown()
    assert shown.startswith("# Editing goal ")
    assert f'id = "{goal_id}"' in shown
    assert 'title = "Promoted to senior"' in shown
    assert "# why = " in shown
    data = tomllib.loads(shown)
    assert data["target"].isoformat() == "2027-06-30"
    assert editor.mode.read_text() == "0o600"


def test_uncommenting_a_hint_sets_a_new_field(run, run_json, editor, goal):
    """Filling in a `# why = ` hint sets that field."""
    goal_id, _ = goal
    editor.use("text = text.replace('# why = ', 'why = \"Lead bigger projects\"')")
    assert run("goal", "edit", goal_id).exit_code == 0
    assert run_json("goal", "show", goal_id)["why"] == "Lead bigger projects"


def test_unknown_keys_survive_an_edit(run, editor, goal, on_disk):
    """Keys mentee does not know are in the buffer and kept when the edit is saved."""
    goal_id, path = goal
    append_unknown_keys(path)
    editor.replacing("title", '"Edited"')
    assert run("goal", "edit", goal_id).exit_code == 0
    assert "future_field" in editor.shown()
    stored = on_disk("goals", goal_id)
    assert stored["title"] == "Edited"
    assert_unknown_keys_kept(stored)


def test_managed_fields_cannot_be_changed_in_the_editor(run, editor, goal, on_disk):
    """Edits to `created` and `schema_version` are ignored: mentee manages them."""
    goal_id, _ = goal
    before = on_disk("goals", goal_id)
    editor.use(
        "text = re.sub(r'(?m)^created = .*$', 'created = 2000-01-01T00:00:00Z', text)\n"
        "text = re.sub(r'(?m)^schema_version = .*$', 'schema_version = 7', text)\n"
        "text = re.sub(r'(?m)^title = .*$', 'title = \"Changed\"', text)"
    )
    assert run("goal", "edit", goal_id).exit_code == 0
    after = on_disk("goals", goal_id)
    assert after["title"] == "Changed"
    assert after["created"] == before["created"]
    assert after["schema_version"] == 1


@pytest.mark.parametrize(
    ("kind", "folder", "create", "key", "value", "expected"),
    [
        ("action", "actions", ("action", "add", "Read"), "title", '"Read twice"', "Read twice"),
        ("note", "notes", ("note", "add", "Win"), "kind", '"win"', "win"),
        ("topic", "topics", ("topic", "add", "Ask"), "text", '"Ask about it"', "Ask about it"),
        (
            "feedback",
            "feedback",
            ("feedback", "add", "Ok", "--from", "peer"),
            "kind",
            '"praise"',
            "praise",
        ),
        ("mentor", "mentors", ("mentor", "add", "Alex Kim"), "status", '"paused"', "paused"),
    ],
)
def test_every_kind_can_be_edited(
    run, new, editor, on_disk, kind, folder, create, key, value, expected
):
    """`edit ID` with no options opens the editor for every kind that has `edit`."""
    record_id = new(*create)
    editor.replacing(key, value)
    result = run(kind, "edit", record_id)
    assert result.exit_code == 0, result.stderr
    assert on_disk(folder, record_id)[key] == expected


def test_meeting_edit_in_editor(run, new, editor, on_disk):
    """A meeting's `where` can be set in the editor."""
    run("mentor", "add", "Alex Kim")
    meeting = new("meeting", "add", "--mentor", "alex-kim", "--at", "fri 15:00")
    editor.use("text = text.replace('# where = ', 'where = \"Room 4\"')")
    assert run("meeting", "edit", meeting).exit_code == 0
    assert on_disk("meetings", meeting)["where"] == "Room 4"


# -- choosing the editor ----------------------------------------------------------------------


def test_visual_wins_over_editor(run, editor, goal, on_disk, monkeypatch):
    """$VISUAL is used before $EDITOR."""
    goal_id, _ = goal
    monkeypatch.setenv("EDITOR", editor.command("sys.exit(9)", name="bad.py"))
    monkeypatch.setenv(
        "VISUAL", editor.command("text = text.replace('Promoted', 'Visual')", name="ok.py")
    )
    assert run("goal", "edit", goal_id).exit_code == 0
    assert on_disk("goals", goal_id)["title"] == "Visual to senior"


def test_config_editor_wins_over_environment(run, editor, goal, on_disk, monkeypatch, home):
    """`editor` in config.toml is used before $VISUAL and $EDITOR."""
    goal_id, _ = goal
    monkeypatch.setenv("VISUAL", editor.command("sys.exit(9)", name="bad.py"))
    command = editor.command("text = text.replace('Promoted', 'Config')", name="ok.py")
    (home / "config.toml").write_text(f"editor = {json.dumps(command)}\n")
    assert run("goal", "edit", goal_id).exit_code == 0
    assert on_disk("goals", goal_id)["title"] == "Config to senior"


def test_missing_editor_program_aborts(run, goal, monkeypatch, buffers):
    """An editor that cannot be started exits 1 naming it; nothing changes."""
    goal_id, path = goal
    before = path.read_bytes()
    monkeypatch.setenv("EDITOR", "/nonexistent/editor --wait")
    result = run("goal", "edit", goal_id)
    assert result.exit_code == 1
    assert "/nonexistent/editor" in error_line(result)
    assert path.read_bytes() == before
    assert listing(buffers) == []


# -- aborts: nothing changes --------------------------------------------------------------------


def test_editor_failing_aborts_and_file_is_byte_identical(run, editor, goal, buffers):
    """An editor exiting non-zero aborts with exit 1; the record file is byte-identical, and
    what was typed before it failed is kept (named in the message), never lost."""
    goal_id, path = goal
    before = path.read_bytes()
    editor.use("text = 'title = \"half-typed\"'\npath.write_text(text)\nsys.exit(1)")
    result = run("goal", "edit", goal_id)
    assert result.exit_code == 1
    line = error_line(result)
    assert "status 1" in line
    assert path.read_bytes() == before
    (kept,) = listing(buffers)
    assert f"your text is kept in {kept}" in line
    assert kept.read_text() == 'title = "half-typed"'


def test_editor_failing_before_any_typing_keeps_nothing(run, editor, goal, buffers):
    """An editor failing on an untouched buffer leaves no buffer behind: nothing was typed."""
    goal_id, _ = goal
    editor.use("sys.exit(3)")
    result = run("goal", "edit", goal_id)
    assert result.exit_code == 1
    assert "kept" not in error_line(result)
    assert listing(buffers) == []


def test_unchanged_buffer_aborts(run, editor, goal):
    """Closing the editor without a change aborts with exit 1 and changes nothing."""
    goal_id, path = goal
    before = path.read_bytes()
    editor.use("pass")
    result = run("goal", "edit", goal_id)
    assert result.exit_code == 1
    assert "unchanged" in error_line(result)
    assert path.read_bytes() == before


def test_only_comment_changes_count_as_unchanged(run, editor, goal):
    """Adding only comment lines is no change: exit 1, file identical."""
    goal_id, path = goal
    before = path.read_bytes()
    editor.use("text = '# a thought\\n' + text + '\\n# another\\n'")
    result = run("goal", "edit", goal_id)
    assert result.exit_code == 1
    assert "unchanged" in error_line(result)
    assert path.read_bytes() == before


@pytest.mark.parametrize("emptied", ["''", "'\\n\\n   \\n'", "'# only a comment\\n'"])
def test_emptied_buffer_aborts(run, editor, goal, emptied):
    """An emptied buffer (or only comments/blanks) aborts with exit 1; nothing is deleted."""
    goal_id, path = goal
    before = path.read_bytes()
    editor.use(f"text = {emptied}")
    result = run("goal", "edit", goal_id)
    assert result.exit_code == 1
    assert "empty" in error_line(result)
    assert path.read_bytes() == before


# -- invalid edits are refused and kept ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("text += '\\nthis is = = not toml\\n'", "TOML"),
        ("text = re.sub(r'(?m)^status = .*$', 'status = \"finished\"', text)", "status"),
        ("text = re.sub(r'(?m)^target = .*$', 'target = \"next year\"', text)", "target"),
        ("text = re.sub(r'(?m)^title = .*$', 'title = 42', text)", "title"),
        ("text = re.sub(r'(?m)^title = .*$', '', text)", "title"),
    ],
    ids=["bad-toml", "bad-status", "bad-date", "wrong-type", "missing-title"],
)
def test_invalid_edit_without_terminal_is_refused_and_buffer_kept(run, editor, goal, body, message):
    """An invalid edit off a terminal exits non-zero, keeps the file, and names the buffer."""
    goal_id, path = goal
    before = path.read_bytes()
    editor.use(body)
    result = run("goal", "edit", goal_id)
    assert result.exit_code != 0
    line = error_line(result)
    assert message in line
    assert path.read_bytes() == before
    kept = kept_buffer(line)
    assert os.path.exists(kept)
    assert Path(kept).read_text(encoding="utf-8") == _edited(editor, body)
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600


def _edited(editor, body):
    """What the fake editor wrote: its input with `body` applied."""
    scope = {"re": re, "text": editor.shown()}
    exec(body, scope)  # noqa: S102 - the tests' own editor snippets
    return scope["text"]


def test_changing_the_id_is_refused(run, editor, goal, home):
    """Editing `id` is refused: non-zero exit, file identical, no record under the new id."""
    goal_id, path = goal
    before = path.read_bytes()
    editor.replacing("id", '"renamed"')
    result = run("goal", "edit", goal_id)
    assert result.exit_code != 0
    line = error_line(result)
    assert "id" in line
    assert path.read_bytes() == before
    assert not (home / "goals" / "renamed.toml").exists()
    assert sorted(p.name for p in (home / "goals").iterdir()) == [f"{goal_id}.toml"]


def test_record_changed_meanwhile_is_a_conflict(run, editor, goal, on_disk):
    """If another program changes the file during the edit, the edit is not applied (exit 1)."""
    goal_id, path = goal
    editor.use(
        f"other = pathlib.Path({str(path)!r})\n"
        "other.write_text(other.read_text().replace('Promoted to senior', 'Changed elsewhere'))\n"
        "text = text.replace('Promoted to senior', 'My edit')"
    )
    result = run("goal", "edit", goal_id)
    assert result.exit_code == 1
    line = error_line(result)
    assert "changed" in line
    assert on_disk("goals", goal_id)["title"] == "Changed elsewhere"
    assert "My edit" in Path(kept_buffer(line)).read_text(encoding="utf-8")


def test_edit_of_damaged_record_fails_before_the_editor(run, editor, home):
    """A record file that cannot be read is never opened for editing or rewritten."""
    (home / "goals").mkdir(parents=True)
    path = home / "goals" / "broken.toml"
    path.write_bytes(b"title = [\n")
    editor.use("text = 'title = \"x\"'")
    result = run("goal", "edit", "broken")
    assert result.exit_code == 1
    assert str(path) in error_line(result)
    assert path.read_bytes() == b"title = [\n"
    assert not editor.seen.exists()
