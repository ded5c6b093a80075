"""Helpers shared by the CLI tests: reading record files and checking error lines."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer.testing


@pytest.fixture(autouse=True, scope="session")
def build_the_command_once():
    """Build the click command tree once per session instead of once per invocation.

    Typer's CliRunner rebuilds it from the annotations on every `invoke` (most of a
    command's run time in tests); the built command is stateless, so one serves all.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", functools.cache(typer.main.get_command))
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
