"""Every value at its edges is an error line, never a traceback (SPEC: Errors).

Values nested thousands deep in a hand-edited file, integers beyond 64 bits, dates and times
at year 1 and 9999 in every time zone (`MENTEE_TODAY` included), an output encoding that is
not UTF-8, file names with raw control bytes, a 50 MB field.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from adversarial_helpers import error_line, ids_listed, installed, no_traceback, write_private

# Runs many commands of the installed package in one process per scenario (a process per
# command would take minutes): each command's stdout, stderr and exit code, or the
# traceback it ended with.
DRIVER = r"""
import io, json, sys, traceback
from mentee.cli import main
results = []
for args in json.loads(sys.argv[1]):
    out, err = io.BytesIO(), io.BytesIO()
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8")
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8")
    code = 0
    try:
        main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        sys.stderr.write(traceback.format_exc())
        code = -1
    sys.stdout.flush(); sys.stderr.flush()
    text = err.getvalue().decode("utf-8", "replace")
    results.append({"args": args, "code": code, "stderr": text})
sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
print(json.dumps(results))
"""


def _drive(home: Path, commands: list[list[str]], **env: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(commands)],
        env={**os.environ, "MENTEE_HOME": str(home), **env},
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    return list(json.loads(done.stdout))


def _no_traceback_anywhere(results: list[dict[str, object]]) -> None:
    for result in results:
        stderr = str(result["stderr"])
        assert "Traceback" not in stderr, (result["args"], stderr)
        assert result["code"] in (0, 1, 2, 3), result
        if result["code"] in (1, 2):
            assert stderr.splitlines()[-1].startswith("mentee: "), result


SETUP = [
    ["mentor", "add", "Alex Kim", "--cadence", "2w", "--timezone", "Pacific/Kiritimati"],
    ["goal", "add", "Someday", "--by", "9999-12-31", "--start", "0001-01-01"],
    ["goal", "add", "Soon", "--by", "tomorrow"],
    ["action", "add", "Tomorrow", "--due", "tomorrow", "--mentor", "alex-kim"],
    ["action", "add", "Next year", "--due", "1y"],
    ["action", "add", "Last day", "--due", "9999-12-31"],
    ["action", "add", "First day", "--due", "0001-01-01"],
    ["meeting", "add", "--mentor", "alex-kim", "--at", "9999-12-30 23:59"],
    ["meeting", "add", "--mentor", "alex-kim", "--at", "9999-12-31 10:00"],
    ["meeting", "add", "--mentor", "alex-kim", "--at", "tomorrow 10:00"],
    ["meeting", "log", "--mentor", "alex-kim", "--at", "0001-01-01 00:00", "--notes", "x"],
    ["meeting", "log", "--mentor", "alex-kim", "--at", "today 00:00", "--notes", "y"],
    ["note", "add", "first", "--date", "0001-01-01"],
    ["feedback", "add", "last", "--from", "x", "--date", "9999-12-31"],
]
VIEWS = [
    [],
    ["check"],
    ["review"],
    ["review", "--format", "html"],
    ["review", "--format", "markdown"],
    ["review", "--since", "0001-01-01"],
    ["agenda", "next", "--mentor", "alex-kim"],
    ["agenda", "next", "--mentor", "alex-kim", "--format", "ics"],
    ["agenda", "next", "--mentor", "alex-kim", "--format", "markdown"],
    ["meeting", "list", "--all"],
    ["action", "list", "--overdue"],
    ["mentor", "show", "alex-kim"],
    ["export", "--format", "ics"],
    ["export", "--format", "markdown"],
    ["doctor"],
]


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12", "UTC"])
@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31"])
def test_dates_at_year_1_and_9999_in_every_zone_are_never_a_traceback(
    tmp_path: Path, zone: str, today: str
) -> None:
    """With today (MENTEE_TODAY) at either end of the calendar, in the zones furthest
    ahead and behind: every command works or says in one line what is out of range."""
    results = _drive(tmp_path / "journal", SETUP + VIEWS, TZ=zone, MENTEE_TODAY=today)
    _no_traceback_anywhere(results)
    by_args = {tuple(r["args"]): r for r in results}
    assert (
        by_args[("goal", "add", "Someday", "--by", "9999-12-31", "--start", "0001-01-01")]["code"]
        == 0
    )
    edge = by_args[("meeting", "add", "--mentor", "alex-kim", "--at", "9999-12-31 10:00")]
    assert edge["code"] == 2
    assert "meeting times go from 0001-01-02 to 9999-12-30" in str(edge["stderr"])


def test_stored_dates_at_the_edges_work_with_a_normal_today(tmp_path: Path) -> None:
    """Dates at year 1 and 9999 stored in records: every view works on 2026-11-21."""
    results = _drive(tmp_path / "journal", SETUP + VIEWS, TZ="Etc/GMT+12")
    _no_traceback_anywhere(results)
    assert all(r["code"] in (0, 3) for r in results[len(SETUP) :]), results[len(SETUP) :]


def test_a_meeting_time_past_the_calendar_in_a_file_is_a_damaged_file(run, home, journal):
    """`at` whose UTC time leaves the calendar (written by hand): one warning, the rest
    listed, and doctor names the field."""
    path = home / "meetings" / "m-edge.toml"
    write_private(
        path,
        f'id = "m-edge"\nmentor = "{journal["mentor"]}"\nat = 9999-12-31T23:59:00-12:00\n'.encode(),
    )
    listed = run("meeting", "list", "--all", "--json")
    assert listed.exit_code == 0
    assert [m["id"] for m in json.loads(listed.stdout)] == [journal["meeting"]]
    assert f"{path}:3: at: " in listed.stderr
    assert "Value error" not in listed.stderr
    assert "out of range" in run("doctor").stdout


@pytest.mark.parametrize(
    ("field", "value"),
    [("duration", str(2**70)), ("duration", "1441"), ("duration", "-5")],
)
def test_a_meeting_duration_out_of_bounds_in_a_file_is_a_damaged_file(
    run, home, journal, field, value
) -> None:
    """A `duration` beyond 64 bits, or beyond a day (what `--duration` allows): reported,
    never used."""
    path = home / "meetings" / f"{journal['meeting']}.toml"
    text = path.read_text("utf-8").replace("duration = 30", f"{field} = {value}")
    path.write_text(text, "utf-8")
    listed = run("meeting", "list", "--all")
    assert listed.exit_code == 0
    assert f"{path}:" in listed.stderr
    assert "duration" in listed.stderr
    assert run("agenda", "next").exit_code in (0, 2)


def test_a_cadence_beyond_64_bits_in_a_file_is_a_damaged_file(run, home, journal) -> None:
    """`cadence_days = 2**70` by hand: the mentor is reported, never used for a date."""
    path = home / "mentors" / f"{journal['mentor']}.toml"
    path.write_text(path.read_text("utf-8") + f"cadence_days = {2**70}\n", "utf-8")
    result = run("review")
    assert result.exit_code == 0
    assert "cadence_days" in result.stderr


def test_an_import_with_integers_beyond_bounds_writes_nothing(run, home, journal, tmp_path) -> None:
    """An import whose meeting lasts 2**70 minutes, or a mentor meets every 10**30 days:
    rejected with the field named, nothing written."""
    doc = {
        "format": "mentee/1",
        "meetings": [
            {
                "id": "m-huge",
                "mentor": journal["mentor"],
                "at": "2026-12-01T10:00:00+00:00",
                "duration": 2**70,
            }
        ],
        "mentors": [{"id": "m-slow", "name": "Slow", "cadence_days": 10**30}],
    }
    source = tmp_path / "import.json"
    source.write_text(json.dumps(doc))
    result = run("import", str(source))
    assert result.exit_code == 1
    assert "duration" in result.stderr
    assert "cadence_days" in result.stderr
    assert not (home / "meetings" / "m-huge.toml").exists()


@pytest.mark.parametrize("depth", [65, 500, 5000])
@pytest.mark.parametrize("shape", ["array", "inline-table", "dotted-key", "table-header"])
def test_values_nested_deeply_in_a_file_are_one_warning(run, home, journal, depth, shape):
    """Arrays, inline tables, dotted keys or table headers nested `depth` deep in a record
    file: that file is reported once (list, JSON, export, doctor), every other record is
    listed, and no command writes over it."""
    deep = {
        "array": "deep = " + "[" * depth + "1" + "]" * depth,
        "inline-table": "deep = " + "{a=" * depth + "1" + "}" * depth,
        "dotted-key": "deep." + ".".join(["a"] * depth) + " = 1",
        "table-header": "[deep." + ".".join(["a"] * depth) + "]\nx = 1",
    }[shape]
    path = home / "goals" / f"{journal['goal']}.toml"
    path.write_text(path.read_text("utf-8") + deep + "\n", "utf-8")
    before = path.read_bytes()
    for args in (
        ["goal", "list", "--json"],
        ["export"],
        ["export", "--format", "csv", "--kind", "goal"],
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stderr.count("mentee: warning: ") == 1, result.stderr
    doctor = run("doctor")
    assert f"{path}" in doctor.stdout
    edit = run("goal", "edit", journal["goal"], "--title", "x")
    assert edit.exit_code == 1
    error_line(edit)
    assert path.read_bytes() == before
    assert journal["action"] in ids_listed(run, "action", "--all")


def test_an_import_nested_deeply_writes_nothing(run, home, tmp_path) -> None:
    """A record nesting an unknown key 200 deep in an import: rejected, nothing written."""
    deep: object = 1
    for _ in range(200):
        deep = [deep]
    source = tmp_path / "deep.jsonl"
    source.write_text(
        json.dumps({"type": "note", "id": "n1", "date": "2026-11-21", "text": "x", "deep": deep})
        + "\n"
    )
    result = run("import", str(source))
    assert result.exit_code == 1
    assert "nested more than 64 deep" in result.stderr
    assert not home.exists() or not (home / "notes").exists()


def test_a_non_utf8_output_encoding_replaces_and_never_crashes(home: Path) -> None:
    """PYTHONIOENCODING=ascii: views print `?` for what cannot be written, JSON escapes it
    (the same text once parsed), messages too; exit 0."""
    env = {"MENTEE_HOME": str(home), "PYTHONIOENCODING": "ascii"}
    added = installed("note", "add", "Café ✓ 日本", env=env)
    assert added.returncode == 0, no_traceback(added)
    listed = installed("note", "list", env=env)
    no_traceback(listed)
    assert listed.returncode == 0
    assert b"Caf? ? ??" in listed.stdout
    as_json = installed("note", "list", "--json", env=env)
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout)[0]["text"] == "Café ✓ 日本"
    assert as_json.stdout.isascii()


def test_file_names_with_raw_control_bytes_are_escaped_in_doctor(home: Path, journal) -> None:
    """A file whose name holds an escape sequence and bytes that are not UTF-8: doctor's
    line shows them escaped, on one line, and `--json` works."""
    folder = os.fsencode(home / "goals")
    name = folder + b"/evil\x1b[2J\xff\x07.toml"
    with open(name, "wb") as file:
        file.write(b'id = "x"\n')
    done = installed("doctor", env={"MENTEE_HOME": str(home)})
    no_traceback(done)
    assert done.returncode == 1
    assert b"\x1b" not in done.stdout
    assert b"\x07" not in done.stdout
    assert b"evil\\x1b[2J\\xff\\x07.toml" in done.stdout
    as_json = installed("doctor", "--json", env={"MENTEE_HOME": str(home)})
    assert as_json.returncode == 1
    assert any("evil" in f["path"] for f in json.loads(as_json.stdout))
    listed = installed("goal", "list", env={"MENTEE_HOME": str(home)})
    no_traceback(listed)
    assert b"\x1b" not in listed.stderr


def test_a_50_mb_field_is_shown_cut_short_and_kept_whole(run, home, journal) -> None:
    """A 50 MB note: `show` prints its first 100,000 characters and says how much more
    there is and where to get it; JSON and the file keep it whole."""
    text = "word " * 10_000_000
    path = home / "notes" / "big.toml"
    write_private(path, f'id = "big"\ndate = 2026-11-20\ntext = "{text}"\n'.encode())
    shown = run("note", "show", "big")
    assert shown.exit_code == 0
    assert len(shown.stdout) < 200_000
    joined = " ".join(shown.stdout.split())
    assert "… (49.9 MB more; mentee note show big --json for all)" in joined
    assert json.loads(run("note", "show", "big", "--json").stdout)["text"] == text
    listed = run("note", "list")
    assert len(listed.stdout) < 4_000
