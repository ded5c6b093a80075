"""Fixtures of the adversarial suite: a journal with one readable record of every kind.

Each test damages, floods or races that journal and then checks what a user relies on: one
clear error line naming the file (and line or field), the right exit code, the offending file
byte-identical afterwards, every other record still listed, and output escaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentee.cli.typer_compat import build_commands_once


@pytest.fixture(autouse=True, scope="session")
def build_the_command_once() -> Iterator[None]:
    """Build the click command tree once per session instead of once per invocation."""
    with build_commands_once():
        yield


@pytest.fixture
def journal(run) -> dict[str, str]:
    """One readable record of each kind, linked as a user would link them; ids by kind."""

    def made(*args: str, today: str | None = None) -> str:
        result = run(*args, "--json", env={"MENTEE_TODAY": today} if today else None)
        assert result.exit_code == 0, result.stderr
        return str(json.loads(result.stdout)["id"])

    goal = made("goal", "add", "Readable goal", "--by", "2027-06-30")
    mentor = made("mentor", "add", "Alex Kim", "--goal", goal, "--timezone", "Europe/Berlin")
    # Planned earlier for yesterday and not logged yet: ready to be logged today.
    meeting = made(
        "meeting", "add", "--mentor", mentor, "--at", "2026-11-20 15:00", today="2026-11-01"
    )
    action = made("action", "add", "Readable action", "--goal", goal, "--mentor", mentor)
    note = made("note", "add", "Readable note", "--kind", "win", "--goal", goal)
    feedback = made("feedback", "add", "Readable feedback", "--from", "manager", "--goal", goal)
    topic = made("topic", "add", "Readable topic", "--mentor", mentor)
    return {
        "goal": goal,
        "mentor": mentor,
        "meeting": meeting,
        "action": action,
        "note": note,
        "feedback": feedback,
        "topic": topic,
    }


@pytest.fixture
def cache(home: Path) -> Path:
    """The user cache folder of this test (XDG_CACHE_HOME): locks and undo history."""
    return home.parent / "cache" / "mentee"
