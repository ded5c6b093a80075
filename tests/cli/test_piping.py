"""Pipe-friendly creation (SPEC: Principles): piped, a command that creates a record prints its
id alone on stdout and the confirmation on stderr; on a terminal, one confirmation line;
`--json` wins over both. Checked in-process (CliRunner, whose streams are not terminals, or
simulated ones) and in real processes (a pipe, and a pseudo-terminal)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

ADDS = [
    ("goal", "add", "Speak at a conference"),
    ("mentor", "add", "Alex Kim"),
    ("feedback", "add", "Clear slides", "--from", "peer"),
    ("action", "add", "Draft the talk"),
    ("note", "add", "Shipped it", "--kind", "win"),
    ("topic", "add", "Ask about the CFP"),
]


def _ids(home: Path, folder: str) -> list[str]:
    return sorted(p.stem for p in (home / folder).glob("*.toml"))


@pytest.mark.parametrize("args", ADDS, ids=lambda a: " ".join(a[:2]))
def test_piped_add_prints_the_id_alone_and_confirms_on_stderr(run, home, args):
    """Not a terminal (CliRunner): stdout is the new id and a newline, nothing else."""
    result = run(*args)
    assert result.exit_code == 0
    folder = {"goal": "goals", "mentor": "mentors", "feedback": "feedback"}.get(
        args[0], f"{args[0]}s"
    )
    assert result.stdout == f"{_ids(home, folder)[0]}\n"
    assert result.stderr.startswith("Added ")
    assert _ids(home, folder)[0] in result.stderr


@pytest.mark.parametrize("args", ADDS, ids=lambda a: " ".join(a[:2]))
def test_add_on_a_terminal_prints_one_confirmation_line_and_no_id(run, args):
    """On a terminal: one confirmation line (stderr), nothing on stdout."""
    result = run(*args, terminal=True)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("terminal", [True, False])
def test_json_wins_over_both(run, terminal):
    """`--json` prints the record, piped or not, and no confirmation."""
    result = run("action", "add", "Draft the talk", "--json", terminal=terminal)
    assert json.loads(result.stdout)["title"] == "Draft the talk"
    assert result.stderr == ""


def test_meeting_add_and_an_unplanned_log_print_the_meetings_id(run, run_json, home):
    """`meeting add` and `meeting log --mentor … --at …` print the meeting's id when piped;
    `meeting log ID` creates no record and prints nothing on stdout."""
    run_json("mentor", "add", "Alex Kim")
    planned = run("meeting", "add", "--mentor", "alex-kim", "--at", "2026-11-25 15:00")
    assert planned.stdout == f"{planned.stdout.strip()}\n"
    assert (home / "meetings" / f"{planned.stdout.strip()}.toml").exists()
    logged = run("meeting", "log", "--mentor", "alex", "--at", "yesterday 10:00", "--notes", "ok")
    assert logged.exit_code == 0
    meeting = logged.stdout.strip()
    assert logged.stdout == f"{meeting}\n"
    assert run_json("meeting", "show", meeting)["status"] == "held"
    assert f"Logged meeting {meeting} as held" in logged.stderr
    on_terminal = run(
        "meeting",
        "log",
        "--mentor",
        "alex",
        "--at",
        "2026-11-19 10:00",
        "--notes",
        "ok",
        terminal=True,
    )
    assert on_terminal.stdout == ""
    today = run("meeting", "add", "--mentor", "alex-kim", "--at", "today 08:00")
    logged_planned = run("meeting", "log", today.stdout.strip(), "--notes", "done")
    assert logged_planned.exit_code == 0
    assert logged_planned.stdout == ""


def _mentee(*args: str, home: Path) -> list[str]:
    return [sys.executable, "-m", "mentee", "--home", str(home), *args]


def test_a_real_pipe_gets_the_id(home):
    """`id=$(mentee action add …)` in a real process: stdout (a pipe) is the id, and it
    names the record; the confirmation is on stderr."""
    made = subprocess.run(
        _mentee("action", "add", "Book a review slot", home=home),
        capture_output=True,
        text=True,
        check=True,
    )
    action = made.stdout.strip()
    assert made.stdout == f"{action}\n"
    assert re.fullmatch(r"[a-z0-9]{8}", action)
    assert made.stderr.startswith(f"Added action {action}: Book a review slot")
    shown = subprocess.run(
        _mentee("action", "show", action, "--json", home=home),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(shown.stdout)["title"] == "Book a review slot"


def _run_on_a_terminal(argv: list[str]) -> tuple[str, str]:
    """Run with stdout on a pseudo-terminal (stderr a pipe); what each showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(argv, stdout=terminal, stderr=subprocess.PIPE, text=True)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the process is done writing
            break
        if not chunk:
            break
        shown += chunk
    _, errors = process.communicate()
    os.close(controller)
    assert process.returncode == 0, errors
    return shown.decode(), errors


def test_a_real_terminal_gets_no_id(home):
    """With stdout a terminal, nothing is printed there; the confirmation is on stderr."""
    shown, errors = _run_on_a_terminal(_mentee("goal", "add", "Lead a team", home=home))
    assert shown == ""
    assert errors.startswith("Added goal ")
    assert len(errors.splitlines()) == 1
