"""Every test runs against its own empty journal, a fixed today and a plain terminal."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

from hypothesis_examples import CI_EXAMPLES
from mentee.cli.app import app
from mentee.cli.env import Terminal

TODAY = "2026-11-21"  # a Saturday

# Hypothesis profiles, chosen by HYPOTHESIS_PROFILE. `ci` (.ci/run) runs each property's
# full count of examples; `dev`, the default, a fifth of them (see hypothesis_examples.py).
# Neither has a deadline or the too_slow health check: a loaded machine makes a test
# slower, never wrong.
settings.register_profile(
    "ci",
    max_examples=CI_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", settings.get_profile("ci"), max_examples=CI_EXAMPLES // 5)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


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
