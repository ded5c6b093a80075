"""Which mentor serves which goal: stored once, in the goal's `mentors` (SPEC: Records).

Both sides' views show the link, a mentor's `goals` is derived (in `--json` too) and in no
file or export; an older mentor file that lists `goals` keeps its meaning and moves its links
to the goals, all or nothing, on the first write.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import tomllib
from pathlib import Path

import pytest
from cli_helpers import error_line

from mentee.links import may_have_legacy_links, move_legacy_links
from mentee.store import Store


@pytest.fixture
def linked(run, new):
    """Two mentors and two goals, no links yet."""
    run("mentor", "add", "Alex Kim")
    run("mentor", "add", "Sam Lee")
    return {
        "senior": new("goal", "add", "Promoted to senior", "--by", "2027-06-30"),
        "talk": new("goal", "add", "Give a talk", "--by", "2027-01-31"),
    }


def test_mentor_add_goal_links_on_the_goal_and_both_sides_show_it(run_json, on_disk, linked):
    """`mentor add --goal` stores the link in the goal's `mentors`: `goal show --json` has it,
    the mentor's `goals` is derived in show, list and the add's own output, and the mentor
    file has no `goals`."""
    added = run_json("mentor", "add", "Priya Raman", "--goal", linked["senior"][:4])
    assert added["goals"] == [linked["senior"]]
    assert run_json("goal", "show", linked["senior"])["mentors"] == ["priya-raman"]
    assert run_json("mentor", "show", "priya-raman")["goals"] == [linked["senior"]]
    listed = {m["id"]: m["goals"] for m in run_json("mentor", "list")}
    assert listed == {"alex-kim": [], "sam-lee": [], "priya-raman": [linked["senior"]]}
    assert "goals" not in on_disk("mentors", "priya-raman")
    assert on_disk("goals", linked["senior"])["mentors"] == ["priya-raman"]


def test_goal_edit_mentor_shows_on_the_mentor_side(run, run_json, linked):
    """`goal edit --mentor` and `goal add --mentor` show in `mentor show` (text and json)
    and in `goal list --mentor`."""
    run("goal", "edit", linked["senior"], "--mentor", "alex")
    other = run_json("goal", "add", "Lead a team", "--mentor", "alex-kim")["id"]
    assert run_json("mentor", "show", "alex-kim")["goals"] == sorted([linked["senior"], other])
    shown = run("mentor", "show", "alex-kim").stdout
    assert f"Promoted to senior ({linked['senior']})" in shown
    assert f"Lead a team ({other})" in shown
    assert {g["id"] for g in run_json("goal", "list", "--mentor", "alex")} == {
        linked["senior"],
        other,
    }


def test_mentor_edit_goal_and_no_goal(run, run_json, on_disk, linked, record_file):
    """`mentor edit --goal` adds the mentor to the goal; `--no-goal` removes it; the mentor
    file is not rewritten for a change of links alone."""
    mentor_file = record_file("mentors", "sam-lee")
    before = mentor_file.read_bytes()
    edited = run_json("mentor", "edit", "sam", "--goal", linked["talk"], "--goal", linked["senior"])
    assert edited["goals"] == sorted([linked["talk"], linked["senior"]])
    assert on_disk("goals", linked["talk"])["mentors"] == ["sam-lee"]
    assert mentor_file.read_bytes() == before
    edited = run_json("mentor", "edit", "sam", "--no-goal", linked["talk"][:4])
    assert edited["goals"] == [linked["senior"]]
    assert on_disk("goals", linked["talk"])["mentors"] == []
    assert run_json("goal", "show", linked["senior"])["mentors"] == ["sam-lee"]


def test_goal_edit_no_mentor_removes_the_link_from_both_views(run, run_json, linked):
    """`goal edit --no-mentor` (a prefix) removes the link; the mentor's view follows."""
    run("goal", "edit", linked["talk"], "--mentor", "alex", "--mentor", "sam")
    edited = run_json("goal", "edit", linked["talk"], "--no-mentor", "alex")
    assert edited["mentors"] == ["sam-lee"]
    assert run_json("mentor", "show", "alex-kim")["goals"] == []


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("mentor", "edit", "alex-kim", "--no-goal", "zzz"), "alex-kim"),
        (("goal", "edit", "GOAL", "--no-mentor", "sam"), "sam"),
    ],
)
def test_removing_a_link_that_is_not_there_is_an_error_naming_it(run, linked, home, args, named):
    """`--no-goal`/`--no-mentor` for something not linked: exit 1, one line, nothing written."""
    before = {p: p.read_bytes() for p in home.rglob("*.toml")}
    result = run(*(linked["talk"] if a == "GOAL" else a for a in args))
    assert result.exit_code == 1
    assert named in error_line(result)
    assert {p: p.read_bytes() for p in home.rglob("*.toml")} == before


def test_export_has_no_derived_goals_and_import_ignores_them(run, run_json, linked, tmp_path):
    """The export's mentors carry no `goals` (the goals carry the links); an import whose
    mentors list `goals` (say, `mentor list --json` output pasted in) ignores them."""
    run("goal", "edit", linked["senior"], "--mentor", "alex")
    document = json.loads(run("export").stdout)
    assert all("goals" not in m for m in document["mentors"])
    assert {g["id"]: g["mentors"] for g in document["goals"]}[linked["senior"]] == ["alex-kim"]
    mentor = {**run_json("mentor", "show", "sam-lee"), "goals": [linked["talk"], "no-such-goal"]}
    incoming = tmp_path / "in.jsonl"
    incoming.write_text(json.dumps({"type": "mentor", **mentor}) + "\n", encoding="utf-8")
    result = run("import", str(incoming))
    assert result.exit_code == 0, result.stderr
    assert run_json("goal", "show", linked["talk"])["mentors"] == []
    assert run_json("mentor", "show", "sam-lee")["goals"] == []


# -- a journal an older mentee wrote --------------------------------------------------------


def _old_journal(home: Path) -> None:
    """Mentor files of an older mentee: links in the mentor's `goals`, `goals = []` too."""

    def write(path: str, text: str) -> None:
        file = home / path
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
        file.chmod(0o600)

    home.mkdir(mode=0o700, exist_ok=True)
    for goal_id, title in (("g-senior", "Promoted to senior"), ("g-talk", "Give a talk")):
        write(
            f"goals/{goal_id}.toml",
            f'id = "{goal_id}"\ntitle = "{title}"\nstatus = "active"\nmentors = []\n'
            "start = 2026-06-01\ntarget = 2027-06-30\nschema_version = 1\n",
        )
    write(
        "mentors/alex-kim.toml",
        'id = "alex-kim"\nname = "Alex Kim"\ngoals = ["g-senior", "g-talk"]\n'
        'status = "active"\nschema_version = 1\n',
    )
    write(
        "mentors/sam-lee.toml",
        'id = "sam-lee"\nname = "Sam Lee"\ngoals = []\nstatus = "active"\nschema_version = 1\n',
    )


def _files(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*.toml"))}


def _toml(home: Path, path: str) -> dict[str, object]:
    return tomllib.loads((home / path).read_text(encoding="utf-8"))


def test_an_older_journal_reads_with_its_links_and_is_not_rewritten_by_reading(run, run_json, home):
    """Before any write, every view reads the mentor's `goals` as links; nothing changes."""
    _old_journal(home)
    before = _files(home)
    assert run_json("goal", "show", "g-senior")["mentors"] == ["alex-kim"]
    assert run_json("mentor", "show", "alex-kim")["goals"] == ["g-senior", "g-talk"]
    assert run_json("mentor", "show", "sam-lee")["goals"] == []
    assert {g["id"] for g in run_json("goal", "list", "--mentor", "alex")} == {"g-senior", "g-talk"}
    review = run_json("review")
    assert [s for s in review["suggestions"] if s["kind"] == "find_mentor"] == []
    assert run("doctor").exit_code == 0
    assert _files(home) == before


def test_the_first_write_moves_the_links_to_the_goals(run, run_json, home):
    """The first command that writes moves every link to the goals and drops `goals` from
    the mentor files (the rest of the mentor kept); doctor is happy before and after."""
    _old_journal(home)
    assert run("doctor").exit_code == 0
    assert run("note", "add", "Anything").exit_code == 0
    assert _toml(home, "goals/g-senior.toml")["mentors"] == ["alex-kim"]
    assert _toml(home, "goals/g-talk.toml")["mentors"] == ["alex-kim"]
    assert "goals" not in _toml(home, "mentors/alex-kim.toml")
    assert _toml(home, "mentors/alex-kim.toml")["name"] == "Alex Kim"
    assert run_json("mentor", "show", "alex-kim")["goals"] == ["g-senior", "g-talk"]
    assert run("doctor").exit_code == 0

    # A second write has nothing left to move.
    def records() -> dict[str, bytes]:
        return {k: v for k, v in _files(home).items() if not k.startswith("notes/")}

    moved = records()
    assert run("note", "add", "Again").exit_code == 0
    assert records() == moved


def test_undo_of_the_first_write_puts_the_older_layout_back(run, run_json, home):
    """The move is part of the command that triggered it: one undo reverts both, and the
    links still read."""
    _old_journal(home)
    before = _files(home)
    assert run("note", "add", "Anything").exit_code == 0
    assert run("undo").exit_code == 0
    assert _files(home) == before
    assert run_json("mentor", "show", "alex-kim")["goals"] == ["g-senior", "g-talk"]


def test_a_goal_that_cannot_be_written_moves_nothing(run, run_json, home):
    """All or nothing: one of the mentor's goals is damaged, so no link moves; the command
    still runs and the readable link still reads."""
    _old_journal(home)
    (home / "goals" / "g-talk.toml").write_text('id = "g-talk"\ntitle = "Half\n', "utf-8")
    before = _files(home)
    result = run("note", "add", "Anything")
    assert result.exit_code == 0, result.stderr
    after = _files(home)
    assert {k: v for k, v in after.items() if not k.startswith("notes/")} == before
    assert run_json("goal", "show", "g-senior")["mentors"] == ["alex-kim"]


def test_a_link_to_a_goal_that_does_not_exist_stays_where_doctor_sees_it(run, home):
    """A link that cannot move (no such goal) stays in the mentor's file; the others move."""
    _old_journal(home)
    path = home / "mentors" / "alex-kim.toml"
    path.write_text(path.read_text("utf-8").replace('"g-talk"]', '"g-talk", "g-gone"]'), "utf-8")
    assert run("note", "add", "Anything").exit_code == 0
    assert _toml(home, "goals/g-talk.toml")["mentors"] == ["alex-kim"]
    assert _toml(home, "mentors/alex-kim.toml")["goals"] == ["g-gone"]
    doctor = run("doctor")
    assert doctor.exit_code == 1
    assert "goals: no goal with id 'g-gone'" in doctor.stdout


def test_a_failure_between_the_goals_and_the_mentor_changes_nothing(home, tmp_path, monkeypatch):
    """The mentor's rewrite fails after the goals were written: the goals are put back (the
    lock's change is all or nothing), and the next write moves every link."""
    _old_journal(home)
    before = _files(home)
    real_save = Store.save

    def failing_save(self: Store, record):
        if record.KIND.value == "mentor":
            raise OSError("disk full")
        return real_save(self, record)

    monkeypatch.setattr(Store, "save", failing_save)
    with pytest.raises(OSError, match="disk full"):
        move_legacy_links(Store(home, tmp_path / "lock"))
    assert _files(home) == before
    monkeypatch.setattr(Store, "save", real_save)
    moved = move_legacy_links(Store(home, tmp_path / "lock"))
    assert moved.mentors == ["alex-kim"]
    assert _toml(home, "goals/g-talk.toml")["mentors"] == ["alex-kim"]
    assert "goals" not in _toml(home, "mentors/alex-kim.toml")


def test_a_crash_between_the_goals_and_the_mentor_loses_no_link(home, tmp_path, monkeypatch):
    """The goals are written first: if the process dies before the mentor's rewrite (no
    chance to put anything back), the links are on both sides; the next write finishes
    without adding any link twice."""
    _old_journal(home)
    store = Store(home, tmp_path / "lock")
    real_save = Store.save

    def failing_save(self: Store, record):
        if record.KIND.value == "mentor":
            raise OSError("disk full")
        return real_save(self, record)

    with monkeypatch.context() as patch:
        patch.setattr(Store, "save", failing_save)
        # A crash, not a failure: what was written stays written.
        patch.setattr(Store, "_roll_back", lambda *_: None)
        with pytest.raises(OSError, match="disk full"):
            move_legacy_links(store)
    assert _toml(home, "goals/g-senior.toml")["mentors"] == ["alex-kim"]
    assert _toml(home, "mentors/alex-kim.toml")["goals"] == ["g-senior", "g-talk"]
    moved = move_legacy_links(Store(home, tmp_path / "lock"))
    assert moved.mentors == ["alex-kim"]
    assert _toml(home, "goals/g-senior.toml")["mentors"] == ["alex-kim"]
    assert _toml(home, "goals/g-talk.toml")["mentors"] == ["alex-kim"]
    assert "goals" not in _toml(home, "mentors/alex-kim.toml")


def test_export_of_an_older_journal_carries_the_links_on_the_goals(run, home):
    """Export only reads: the links an older mentee kept on mentors go out on the goals."""
    _old_journal(home)
    before = _files(home)
    document = json.loads(run("export").stdout)
    assert {g["id"]: g["mentors"] for g in document["goals"]} == {
        "g-senior": ["alex-kim"],
        "g-talk": ["alex-kim"],
    }
    assert all("goals" not in m for m in document["mentors"])
    assert _files(home) == before


def test_removing_a_link_that_could_not_move_removes_it_from_the_mentor_file(run, run_json, home):
    """With the move blocked (a damaged goal), `goal edit --no-mentor` still removes the link
    from the mentor file, so it is gone from every view."""
    _old_journal(home)
    (home / "goals" / "g-other.toml").write_text('id = "g-other"\ntitle = "Half\n', "utf-8")
    path = home / "mentors" / "alex-kim.toml"
    path.write_text(path.read_text("utf-8").replace('"g-talk"]', '"g-talk", "g-other"]'), "utf-8")
    result = run("goal", "edit", "g-senior", "--no-mentor", "alex")
    assert result.exit_code == 0, result.stderr
    assert run_json("goal", "show", "g-senior")["mentors"] == []
    assert "g-senior" not in run_json("mentor", "show", "alex-kim")["goals"]
    assert run_json("mentor", "show", "alex-kim")["goals"] == ["g-talk"]


@pytest.mark.parametrize(("kind", "record_id"), [("mentor", "alex-kim"), ("goal", "g-senior")])
def test_editing_a_record_of_an_older_journal_in_the_editor_is_not_refused(
    run, home, tmp_path, monkeypatch, kind, record_id
):
    """`edit ID` in $EDITOR on a journal not yet moved: the move happens before the buffer
    is made, so the edit applies (it is not refused as made over a file changed meanwhile)."""
    _old_journal(home)
    field = "notes" if kind == "mentor" else "why"
    script = tmp_path / "editor.py"
    script.write_text(
        "import pathlib, re, sys\n"
        "p = pathlib.Path(sys.argv[-1])\n"
        f"p.write_text(re.sub('^schema_version', '{field} = \"edited\"\\nschema_version', "
        "p.read_text(), flags=re.M))\n"
    )
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    result = run(kind, "edit", record_id)
    assert result.exit_code == 0, result.stderr
    edited = _toml(home, f"{kind}s/{record_id}.toml")
    assert edited[field] == "edited"
    assert "goals" not in _toml(home, "mentors/alex-kim.toml")
    assert _toml(home, "goals/g-senior.toml")["mentors"] == ["alex-kim"]


def test_links_under_a_key_spelled_with_an_escape_move_on_the_first_write(run, run_json, home):
    """A mentor file whose `goals` key is a quoted key with a TOML escape (`"\\u0067oals"`)
    lists links all the same: the first write moves them to the goals."""
    _old_journal(home)
    path = home / "mentors" / "alex-kim.toml"
    path.write_text(path.read_text("utf-8").replace("goals =", '"\\u0067oals" ='), "utf-8")
    path = home / "mentors" / "sam-lee.toml"
    path.write_text(path.read_text("utf-8").replace("goals = []\n", ""), "utf-8")
    assert b"goals" not in b"".join(
        (home / "mentors").joinpath(n).read_bytes() for n in ("alex-kim.toml", "sam-lee.toml")
    )
    assert run("note", "add", "Anything").exit_code == 0
    assert _toml(home, "goals/g-senior.toml")["mentors"] == ["alex-kim"]
    assert "goals" not in _toml(home, "mentors/alex-kim.toml")
    assert run_json("mentor", "show", "alex-kim")["goals"] == ["g-senior", "g-talk"]


def test_mentor_files_without_links_are_told_apart_without_the_index(home, tmp_path):
    """`may_have_legacy_links` (which spares the first write the index) says no only when no
    mentor file can list `goals`: files this version wrote, or no mentors at all; yes for a
    file with the key (or a TOML escape), and for a file it cannot read as a regular file."""
    store = Store(home, tmp_path / "lock")
    assert not may_have_legacy_links(store)  # no journal yet
    _old_journal(home)
    assert may_have_legacy_links(store)
    mentors = home / "mentors"
    for path in mentors.iterdir():
        path.write_text(path.read_text("utf-8").replace("goals =", "other ="), "utf-8")
    (mentors / "notes.txt").write_text("my goals", "utf-8")  # not a record file
    assert not may_have_legacy_links(store)
    (mentors / "priya.toml").write_text('id = "priya"\nname = "Pri\\u0079a"\n', "utf-8")
    assert may_have_legacy_links(store)
    (mentors / "priya.toml").unlink()
    (mentors / "link.toml").symlink_to(mentors / "alex-kim.toml")
    assert may_have_legacy_links(store)
    (mentors / "link.toml").unlink()
    os.mkfifo(mentors / "pipe.toml")
    assert may_have_legacy_links(store)  # not waited on: left to the full check
