"""Hand edits survive rewrites: a file a person wrote keeps its comments, key order and the
layout of every field mentee did not change (SPEC: Principles).

Each test writes a record file the way a person would, changes it through mentee (options,
$EDITOR, a sync merge) and compares the file line by line: only the lines of the fields
that changed (and `updated`) differ. What is written is always exactly what the record
says (tomllib reads it back), whatever the layout.
"""

from __future__ import annotations

import json
import re
import shlex
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
from adversarial_helpers import write_private
from hypothesis import given, settings
from hypothesis import strategies as st
from sync_helpers import Device, bare, plain_git

from hypothesis_examples import examples
from mentee.models import MODELS, to_document
from mentee.store.recordfile import render, serialize
from test_models import model_strategy

GOAL = """\
# My big goal: written by hand, kept by mentee.
id = "g-senior"
title = "Promoted to senior"   # the official wording

# Why, in my own words
why = '''
Lead bigger projects.
Mentor others.'''
status = "active"
start = 2026-01-01
target = 2027-06-30
tags = ["career", "promotion"]  # for search
pronouns = "they/them"  # a key of my own
created = 2026-01-01T09:00:00Z
updated = 2026-01-02T09:00:00Z
schema_version = 1

# The plan
[[milestones]]
title = "Lead a project"  # Q1
due = 2027-01-31

[[milestones]]
title = "Give a talk"

[plugin]  # a table another tool keeps here
colour = "teal"
"""


def _goal(home: Path, text: str = GOAL) -> Path:
    path = home / "goals" / "g-senior.toml"
    write_private(path, text.encode("utf-8"))
    return path


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """(old line, new line) for each line that differs; the files have the same lines
    otherwise (same count, same order)."""
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new), after
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def _updated(pair: tuple[str, str]) -> bool:
    return pair[0].startswith("updated = ") and pair[1].startswith("updated = ")


def test_an_option_edit_changes_only_its_own_line(run, home: Path) -> None:
    """`goal edit --title`: the title line (its comment kept) and `updated` change, nothing
    else: comments, blank lines, key order, the literal string, the unknown key and table."""
    path = _goal(home)
    result = run("goal", "edit", "g-senior", "--title", "Staff engineer")
    assert result.exit_code == 0, result.stderr
    after = path.read_text("utf-8")
    changed = _changed_lines(GOAL, after)
    assert changed[0] == (
        'title = "Promoted to senior"   # the official wording',
        'title = "Staff engineer"   # the official wording',
    )
    assert len(changed) == 2
    assert _updated(changed[1])
    assert json.loads(run("goal", "show", "g-senior", "--json").stdout)["title"] == (
        "Staff engineer"
    )


def test_ticking_a_milestone_keeps_the_array_of_tables_and_its_comments(run, home) -> None:
    """`goal milestone done` adds one line to the `[[milestones]]` table it ticks."""
    path = _goal(home)
    assert run("goal", "milestone", "done", "g-senior", "1").exit_code == 0
    after = path.read_text("utf-8").splitlines()
    before = GOAL.splitlines()
    inserted = after.index("done = 2026-11-21")
    assert after[inserted - 2 : inserted] == ['title = "Lead a project"  # Q1', "due = 2027-01-31"]
    rest = after[:inserted] + after[inserted + 1 :]
    assert [line for line in rest if not line.startswith("updated")] == [
        line for line in before if not line.startswith("updated")
    ]


def test_new_fields_go_where_a_new_file_has_them_and_empty_ones_stay_out(run, home) -> None:
    """A retarget adds `timeline` after `tags` (where mentee writes it), not at the end;
    fields the file leaves out and that are still empty (`mentors`) are not added."""
    path = _goal(home)
    assert (
        run("goal", "retarget", "g-senior", "--by", "2027-09-30", "--reason", "reorg").exit_code
        == 0
    )
    lines = path.read_text("utf-8").splitlines()
    assert "target = 2027-09-30" in lines
    timeline = lines.index("timeline = [")
    assert lines[timeline - 1] == 'tags = ["career", "promotion"]  # for search'
    assert lines[timeline + 3] == 'pronouns = "they/them"  # a key of my own'
    assert not any(line.startswith("mentors") for line in lines)
    assert "# The plan" in lines
    assert lines[-2:] == ["[plugin]  # a table another tool keeps here", 'colour = "teal"']


def test_action_notes_and_done_keep_a_hand_written_comment(run, home) -> None:
    """A comment a person added to an action file survives `action note` and `action done`."""
    action = json.loads(run("action", "add", "Write the doc", "--json").stdout)["id"]
    path = home / "actions" / f"{action}.toml"
    text = path.read_text("utf-8")
    path.write_text("# waiting on Alex for the numbers\n" + text, "utf-8")
    assert run("action", "note", action, "Asked again").exit_code == 0
    assert run("action", "done", action).exit_code == 0
    after = path.read_text("utf-8")
    assert after.startswith("# waiting on Alex for the numbers\nid = ")
    data = tomllib.loads(after)
    assert (data["status"], data["done"]) == ("done", date(2026, 11, 21))
    assert [n["text"] for n in data["notes"]] == ["Asked again"]


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """$EDITOR as a script applying BODY to the buffer `text`."""

    def use(body: str) -> None:
        script = tmp_path / "editor.py"
        script.write_text(
            "import pathlib, re, sys\n"
            "path = pathlib.Path(sys.argv[-1])\n"
            "text = path.read_text(encoding='utf-8')\n"
            f"{body}\n"
            "path.write_text(text, encoding='utf-8')\n"
        )
        monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")

    return use


def test_the_editor_shows_the_file_and_keeps_what_is_added_in_it(run, home, editor) -> None:
    """The buffer is the file itself (comments and all); a comment typed in the editor is
    saved with the edit; mentee's header and hints are not."""
    path = _goal(home)
    editor(
        "assert '# Why, in my own words' in text\n"
        "text = text.replace('status = \"active\"', "
        "'# paused while I move teams\\nstatus = \"paused\"')"
    )
    result = run("goal", "edit", "g-senior")
    assert result.exit_code == 0, result.stderr
    after = path.read_text("utf-8")
    assert '# paused while I move teams\nstatus = "paused"' in after
    assert "# Editing goal" not in after
    assert "# Not set yet" not in after
    assert "# baseline = " not in after
    assert after.startswith("# My big goal: written by hand, kept by mentee.\n")
    assert tomllib.loads(after)["status"] == "paused"


def test_a_field_removed_in_the_editor_is_gone_and_the_rest_kept(run, home, editor) -> None:
    """Deleting `why` (a None field) removes its lines; the comment above it stays."""
    path = _goal(home)
    editor("text = re.sub(r\"why = '''\\n.*?'''\\n\", '', text, flags=re.S)")
    assert run("goal", "edit", "g-senior").exit_code == 0
    after = path.read_text("utf-8")
    assert "why" not in tomllib.loads(after)
    assert "# Why, in my own words\nstatus" in after


def test_a_byte_order_mark_is_read_and_dropped_on_rewrite(run, home) -> None:
    """A file saved with a UTF-8 BOM reads without a warning; the next rewrite drops the
    BOM and keeps everything else."""
    path = home / "goals" / "g-senior.toml"
    write_private(path, b"\xef\xbb\xbf" + GOAL.encode("utf-8"))
    listed = run("goal", "list", "--json")
    assert listed.stderr == ""
    assert [g["id"] for g in json.loads(listed.stdout)] == ["g-senior"]
    home.chmod(0o700)
    doctor = run("doctor")
    assert doctor.exit_code == 0, doctor.stdout
    assert run("goal", "edit", "g-senior", "--title", "Staff").exit_code == 0
    after = path.read_bytes()
    assert not after.startswith(b"\xef\xbb\xbf")
    assert after.startswith(b"# My big goal")


def test_crlf_line_ends_become_lf_and_crlf_in_text_stays_one_line(run, home) -> None:
    """A file saved with CRLF line ends reads, and is rewritten with LF (as a new file);
    text holding CRLF is kept exactly, on one line."""
    path = _goal(home, GOAL.replace("\n", "\r\n"))
    assert run("goal", "edit", "g-senior", "--title", "Line one\r\nline two").exit_code == 0
    after = path.read_bytes()
    assert b"\r\n" not in after.replace(b"\\r\\n", b"")
    assert b'title = "Line one\\r\\nline two"   # the official wording' in after
    shown = json.loads(run("goal", "show", "g-senior", "--json").stdout)
    assert shown["title"] == "Line one\r\nline two"
    assert shown["why"] == "Lead bigger projects.\nMentor others."


def test_a_layout_tomlkit_cannot_keep_exactly_is_written_afresh(run, home) -> None:
    """Whatever the layout, the file says exactly what the record says: a dotted key table
    and an out-of-order table still read back to the same values after an edit."""
    text = GOAL + 'plugin.size = 3\n[extra.deep]\nx = 1\n[extra]\ny = "z"\n'
    text = text.replace('[plugin]  # a table another tool keeps here\ncolour = "teal"\n', "")
    path = _goal(home, text)
    before = json.loads(run("goal", "show", "g-senior", "--json").stdout)
    assert run("goal", "edit", "g-senior", "--title", "Staff").exit_code == 0
    after = json.loads(run("goal", "show", "g-senior", "--json").stdout)
    assert {**before, "title": "Staff", "updated": None} == {**after, "updated": None}
    assert tomllib.loads(path.read_text("utf-8"))["extra"] == {"deep": {"x": 1}, "y": "z"}


COMMENT = "# a line a person added\n"


@settings(max_examples=examples(60))
@given(data=st.data())
def test_any_record_rewritten_over_any_other_keeps_a_comment_and_says_exactly_it(data) -> None:
    """For two records of one kind and id, the second written in the layout of the first
    (with a comment added by hand) reads back exactly as the second, and keeps the comment."""
    model = data.draw(st.sampled_from(list(MODELS.values())))
    first = data.draw(model_strategy(model))
    second = data.draw(model_strategy(model)).model_copy(update={"id": first.id})
    layout = COMMENT + serialize(first).decode("utf-8")
    written = render(second, layout).decode("utf-8")
    fresh = serialize(second).decode("utf-8")
    known = set(type(second).model_fields)
    expected = {
        k: v
        for k, v in tomllib.loads(fresh).items()
        if k in tomllib.loads(layout) or v != [] or k not in known
    }
    # A field a new file leaves out at its default (a meeting's `sequence` of 0) stays
    # in a file that has it, with its new value.
    expected |= {
        name: getattr(second, name)
        for name in type(second).OMITTED_AT_DEFAULT
        if name in tomllib.loads(layout)
    }
    assert tomllib.loads(written) == expected
    assert COMMENT in written  # (where a table became a value, it may move up)
    assert type(second).model_validate(tomllib.loads(written)) == second.model_validate(
        to_document(second)
    )


# -- the sync merge driver --------------------------------------------------------------------


@pytest.fixture
def pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Device, Device]:
    plain_git(tmp_path, monkeypatch)
    remote = bare(tmp_path / "remote.git")
    laptop, work = Device(tmp_path / "laptop"), Device(tmp_path / "work")
    laptop.home.mkdir()
    _goal(laptop.home)
    write_private(
        laptop.home / "config.toml",
        b'# my settings\ncadence = "2w"  # fortnightly\nmeeting_minutes = 30\n',
    )
    laptop.ok("sync", "init", str(remote))
    work.ok("sync", "init", str(remote))
    return laptop, work


def test_a_merge_keeps_this_devices_comments_and_layout(pair) -> None:
    """Both devices change one record (different fields): the merged file keeps the
    layout and every comment of this device's version."""
    laptop, work = pair
    laptop.ok("goal", "edit", "g-senior", "--title", "Staff engineer")
    laptop.ok("sync")
    work.ok("goal", "edit", "g-senior", "--tag", "growth")
    work.ok("sync")
    merged = (work.home / "goals" / "g-senior.toml").read_text("utf-8")
    assert 'title = "Staff engineer"   # the official wording' in merged
    assert 'tags = ["career", "promotion", "growth"]  # for search' in merged
    for comment in ("# My big goal", "# Why, in my own words", "# The plan", "# Q1"):
        assert comment in merged
    assert merged.index("[[milestones]]") < merged.index("[plugin]")


def test_a_merged_config_keeps_its_comments(pair) -> None:
    """config.toml changed on both devices merges key by key and keeps its comments."""
    laptop, work = pair
    path = laptop.home / "config.toml"
    path.write_text(path.read_text("utf-8") + 'name = "Sam"\n', "utf-8")
    laptop.ok("sync")
    other = work.home / "config.toml"
    other.write_text(other.read_text("utf-8").replace("30", "45"), "utf-8")
    work.ok("sync")
    merged = other.read_text("utf-8")
    assert merged.startswith('# my settings\ncadence = "2w"  # fortnightly\n')
    assert tomllib.loads(merged) == {"cadence": "2w", "meeting_minutes": 45, "name": "Sam"}
    assert re.search(r"(?m)^meeting_minutes = 45$", merged)


def test_a_table_with_an_empty_name_keeps_the_comments_around_it(run, home: Path) -> None:
    """A tool's table named `""` (valid TOML): an option edit keeps every comment of the
    file, the table's own included (tomlkit before 0.11.7 lost them: the declared floor)."""
    text = GOAL + '\n# kept by another tool\n[""]  # its own table\nkey = "value"  # a value\n'
    path = _goal(home, text)
    result = run("goal", "edit", "g-senior", "--title", "Staff engineer")
    assert result.exit_code == 0, result.stderr
    after = path.read_text("utf-8")
    changed = _changed_lines(text, after)
    assert changed[0][1] == 'title = "Staff engineer"   # the official wording'
    assert len(changed) == 2
    assert _updated(changed[1])
