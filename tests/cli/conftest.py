"""Helpers shared by the CLI tests: reading record files and checking error lines."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mentee.cli.typer_compat import build_commands_once


@pytest.fixture(autouse=True, scope="session")
def build_the_command_once():
    """Build the click command tree once per session instead of once per invocation.

    Typer's CliRunner rebuilds it from the annotations on every `invoke` (most of a
    command's run time in tests); the built command is stateless, so one serves all
    (`typer_compat.build_commands_once`).
    """
    with build_commands_once():
        yield


@pytest.fixture
def record_file(home: Path) -> Callable[[str, str], Path]:
    """The path of a record file: `record_file("goals", id)`."""

    def path(folder: str, record_id: str) -> Path:
        return home / folder / f"{record_id}.toml"

    return path


@pytest.fixture
def on_disk(record_file: Callable[[str, str], Path]) -> Callable[[str, str], dict[str, Any]]:
    """A record file parsed as TOML: `on_disk("goals", id)`."""

    def read(folder: str, record_id: str) -> dict[str, Any]:
        return tomllib.loads(record_file(folder, record_id).read_text(encoding="utf-8"))

    return read


@pytest.fixture
def new(run_json: Callable[..., Any]) -> Callable[..., str]:
    """Create a record through the CLI and return its id: `new("goal", "add", "Title")`."""

    def create(*args: str) -> str:
        return str(run_json(*args)["id"])

    return create
