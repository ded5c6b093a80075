"""The CLI reference in docs/ is generated from the commands and kept in step by this test."""

from __future__ import annotations

from pathlib import Path

import typer

from mentee.cli import reference
from mentee.cli.app import app

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _commands() -> list[tuple[str, object]]:
    root = typer.main.get_command(app)
    context = root.make_context("mentee", ["--help"], resilient_parsing=True)
    return [(ctx.command_path, cmd) for cmd, ctx in reference.walk(root, context)]


def test_cli_reference_is_up_to_date():
    """docs/cli.md is exactly what the commands generate (run the module to refresh it)."""
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == reference.render(), (
        "docs/cli.md is stale: python -m mentee.cli.reference > docs/cli.md"
    )


def test_every_command_has_help_and_is_documented():
    """Every command and group has help text and its own section in docs/cli.md."""
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    paths = []
    for path, command in _commands():
        assert (getattr(command, "help", None) or "").strip(), f"{path} has no help text"
        assert f"## `{path}`" in text, f"{path} is missing from docs/cli.md"
        paths.append(path)
    for expected in (
        "mentee goal add",
        "mentee goal milestone done",
        "mentee mentor thank",
        "mentee action list",
        "mentee search",
        "mentee where",
        "mentee demo",
    ):
        assert expected in paths


def test_every_command_answers_help(run):
    """`--help` works on every command and exits 0 with a usage line."""
    for path, _command in _commands():
        result = run(*path.split()[1:], "--help")
        assert result.exit_code == 0, path
        assert result.stdout.startswith(f"Usage: {path}"), path
