"""The CLI reference in docs/ is generated from the commands and kept in step by this test."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import typer

from mentee.cli import reference
from mentee.cli.app import app
from mentee.cli.help_format import prepare_help
from mentee.cli.helptext import EXAMPLES

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _commands() -> list[tuple[str, Any]]:
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


# Typer's type notation and braces, which read as noise: `{TITLE}`, `TITLE <str>`, `<int>`.
ODD_NOTATION = re.compile(r"\{[A-Z_]+\}|<[a-z|\[\]]+>|\blist\[")


def test_every_help_ends_with_examples_and_reads_well_at_80_columns(run):
    """Every command's and group's --help ends with an Example(s) section of commands that
    start with `mentee`; no `{TITLE}` or `<str>` notation; no line wider than 80 columns;
    group listings show whole first sentences, never cut with "..."."""
    for path, _command in _commands():
        result = run(*path.split()[1:], "--help", env={"COLUMNS": "80"})
        text = result.stdout
        lines = text.rstrip("\n").splitlines()
        heading = max(i for i, line in enumerate(lines) if line.strip().startswith("Example"))
        assert lines[heading].strip() in ("Example:", "Examples:"), path
        shown = [line.strip() for line in lines[heading + 1 :]]
        assert shown, path
        assert all("mentee" in line for line in shown), (path, shown)
        assert not ODD_NOTATION.search(text), (path, ODD_NOTATION.search(text))
        assert all(len(line) <= 80 for line in lines), (path, max(lines, key=len))
        if "Commands:" in lines:
            start = lines.index("Commands:") + 1
            for row in lines[start : lines.index("", start)]:
                # One line each: a name, then a whole sentence (never cut with "...").
                assert re.fullmatch(r"  [a-z-]+ +\S.*[.)]", row), (path, row)


def _example_argv(line: str) -> list[str]:
    """The mentee command line an example runs: inside `$(...)` if there, up to the first
    pipe or redirection."""
    inner = re.search(r"\$\((mentee[^)]*)\)", line)
    lexer = shlex.shlex(inner[1] if inner else line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    words = list(lexer)
    words = words[words.index("mentee") :]
    ends = [i for i, w in enumerate(words) if set(w) <= set("();<>|&")]
    return words[: ends[0]] if ends else words


def test_every_example_parses_with_the_commands_options():
    """Each example is a command that exists, given options and arguments it really takes
    (parsed by the command itself, without running it)."""
    root = typer.main.get_command(app)
    prepare_help(root)
    commands = dict(_commands())
    assert set(EXAMPLES) == {path.removeprefix("mentee").strip() for path in commands}
    for lines in EXAMPLES.values():
        for line in lines:
            args = _example_argv(line)[1:]
            while args and args[0].startswith("--") and args[0] in ("--home", "--color"):
                args = args[2:]  # global options before the command
            if args[:1] == ["--json"]:
                args = args[1:]
            length = max(
                n for n in range(len(args) + 1)
                if " ".join(["mentee", *args[:n]]) in commands
            )  # fmt: skip
            target = " ".join(["mentee", *args[:length]])
            command = commands[target]
            if hasattr(command, "list_commands") and length == len(args):
                continue  # a group alone: its help, or its own action (`mentee sync`)
            command.make_context(target, list(args[length:]), resilient_parsing=False)


def test_completion_spec_is_up_to_date():
    """src/mentee/cli/completion.json is exactly what the commands generate."""
    shipped = Path(__file__).resolve().parent.parent / "src" / "mentee" / "cli" / "completion.json"
    assert shipped.read_text(encoding="utf-8") == reference.completion_spec(), (
        "completion.json is stale: "
        "python -m mentee.cli.reference --completion > src/mentee/cli/completion.json"
    )
