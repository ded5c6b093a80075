"""Every test runs against its own empty journal, a fixed today and a plain terminal."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from mentee.cli.app import app
from mentee.cli.env import Terminal

TODAY = "2026-11-21"  # a Saturday


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point MENTEE_HOME at a temp dir, fix today, strip colour, pin the width."""
    home = tmp_path / "journal"
    monkeypatch.setenv("MENTEE_HOME", str(home))
    monkeypatch.setenv("MENTEE_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("TZ", "UTC")
    # The process's local zone follows TZ only after tzset: without it, a runner started with
    # another TZ (a developer's shell) would plan the tests' meetings in that zone.
    time.tzset()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("MENTEE_DEBUG", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("PAGER", raising=False)
    monkeypatch.delenv("MENTEE_PAGER", raising=False)
    return home


@pytest.fixture
def home(isolated: Path) -> Path:
    """The journal directory of this test."""
    return isolated


@pytest.fixture
def buffers(home: Path) -> Path:
    """The private folder of this journal's editor buffers (it may not exist yet)."""
    from mentee.cli.env import buffers_path_for

    return buffers_path_for(home)


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run `mentee ARGS...` in-process; returns the Result (stdout, stderr, exit_code)."""
    runner = CliRunner()

    def invoke(
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        terminal: bool | None = None,
    ) -> Result:
        # CliRunner's streams are not terminals; `terminal=True` runs as on one.
        streams = None if terminal is None else Terminal(stdout=terminal, stderr=terminal)
        return runner.invoke(
            app, list(args), input=input, env=env, catch_exceptions=False, obj=streams
        )

    return invoke


@pytest.fixture
def run_json(run: Run) -> Callable[..., Any]:
    """Run a command with --json, assert it succeeded, return the parsed document."""

    def invoke(*args: str) -> Any:
        result = run(*args, "--json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return invoke


def ids_of(records: Sequence[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records]
