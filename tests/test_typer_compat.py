"""mentee.cli.typer_compat: parameters coerced without pydantic, exactly as Typer would."""

from __future__ import annotations

import importlib
import subprocess
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
import typer
from typer.main import get_command

from mentee.cli.app import LAZY_GROUPS
from mentee.cli.typer_compat import DeferredCoercion, defer_coercion, lazy_group


class Colour(StrEnum):
    RED = "red"
    DARK_BLUE = "dark-blue"


def _command(**annotations: Any) -> Any:
    """A Typer command with one option per keyword (`name=Annotated[...]`)."""
    app = typer.Typer(add_completion=False)

    def body(**_: Any) -> None:
        pass

    import inspect

    body.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=kind, default=None)
            for name, kind in annotations.items()
        ]
    )
    app.command()(body)
    return get_command(app)


def _outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # noqa: BLE001 - the outcome is compared, whatever it is
        return ("error", (type(exc).__name__, getattr(exc, "message", str(exc))))
    return ("value", (type(result).__name__, result))


TEXT = ["", "x", "with space", " padded ", "é and 设计", "-", "\udcff", "a\x00b", "red", "RED"]
OPTIONS = {
    "text": Annotated[str | None, typer.Option()],
    "texts": Annotated[list[str] | None, typer.Option()],
    "number": Annotated[int | None, typer.Option()],
    "ranged": Annotated[int | None, typer.Option(min=1, max=5)],
    "colour": Annotated[Colour | None, typer.Option()],
    "colours": Annotated[list[Colour] | None, typer.Option()],
    "loose": Annotated[Colour | None, typer.Option(case_sensitive=False)],
    "literal": Annotated[Literal["one", "two"] | None, typer.Option()],
    "path": Annotated[Path | None, typer.Option()],
    "folder": Annotated[Path | None, typer.Option(file_okay=False)],
    "existing": Annotated[Path | None, typer.Option(exists=True, dir_okay=False)],
    "when": Annotated[datetime | None, typer.Option()],
}


def _values(tmp_path: Path) -> list[Any]:
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("x")
    return [
        None,
        *TEXT,
        "12",
        "0",
        "1.5",
        "dark-blue",
        "Dark-Blue",
        "one",
        str(tmp_path),
        str(a_file),
        str(tmp_path / "missing"),
        "2026-11-21",
        Colour.RED,
        ["red", "dark-blue"],
        ("red",),
        ("x", "y"),
        ["red", "nope"],
        [],
        b"bytes",
        True,
        7,
    ]


@pytest.mark.parametrize("name", sorted(OPTIONS))
def test_every_value_coerces_as_typer_itself_would(name, tmp_path):
    """For each kind of parameter and any value, the deferred coercion gives Typer's value
    (same type) or Typer's error (same class, same message)."""
    command = _command(**{name: OPTIONS[name]})
    (param,) = [p for p in command.params if p.name == name]
    ctx = command.make_context("cmd", [], resilient_parsing=True)
    from typer._coercion import build_runtime_param

    theirs = build_runtime_param(param.type_descriptor)
    for value in _values(tmp_path):
        ours = DeferredCoercion(param.type_descriptor)
        assert _outcome(ours, value, param, ctx) == _outcome(theirs, value, param, ctx), value


def test_a_missing_text_or_a_choice_never_builds_typers_coercion():
    """Missing values, text and valid choices are answered without Typer's adapter (and so
    without pydantic); a number is left to Typer."""
    command = _command(text=OPTIONS["text"], colour=OPTIONS["colour"], number=OPTIONS["number"])
    defer_coercion(command)
    ctx = command.make_context("cmd", ["--text", "hi", "--colour", "red", "--number", "3"])
    built = {p.name: p._runtime_param.built for p in command.params}
    assert built == {"text": False, "colour": False, "number": True}
    assert ctx.params == {"text": "hi", "colour": Colour.RED, "number": 3}


def test_help_options_get_the_deferred_coercion_too():
    """The help option click makes on first parse is made (and deferred) up front."""
    command = _command(text=OPTIONS["text"])
    defer_coercion(command, ("--help", "-h"))
    helper = command._help_option
    assert isinstance(helper._runtime_param, DeferredCoercion)
    command.make_context("cmd", ["--text", "x"])
    assert not helper._runtime_param.built


PARSE_ONLY = """
import sys
from typer.main import get_command
from mentee.cli.app import HELP_NAMES, app, defer_coercion, prepare_help
group = get_command(app)
prepare_help(group)
defer_coercion(group, HELP_NAMES)

def rest(ctx):  # what a group leaves for its command (click keeps part of it apart)
    return [*getattr(ctx, "_protected_args", getattr(ctx, "protected_args", [])), *ctx.args]

ctx = group.make_context("mentee", sys.argv[1:])
name, sub, args = group.resolve_command(ctx, rest(ctx))
sub_ctx = sub.make_context(name, args, parent=ctx)
if hasattr(sub, "resolve_command"):
    name, leaf, args = sub.resolve_command(sub_ctx, rest(sub_ctx))
    leaf.make_context(name, args, parent=sub_ctx)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core")))
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["--color", "never", "action", "list", "--status", "open", "--owner", "me"],
        ["action", "list", "--goal", "g1", "--mentor", "alex", "--overdue"],
        ["agenda", "next", "--mentor", "alex-kim", "--format", "markdown"],
        ["goal", "list", "--all", "--tag", "career"],
        ["review", "--since", "3m", "--format", "json"],
        ["note", "add", "Shipped it", "--kind", "win"],
    ],
)
def test_parsing_everyday_commands_imports_no_pydantic(argv):
    """Parsing a command line (root options, group, command, every option) loads no
    pydantic: in a fresh interpreter, as a user's command starts."""
    done = subprocess.run(
        [sys.executable, "-c", PARSE_ONLY, *argv], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout


def _eager(module: str, name: str) -> Any:
    """The group as Typer itself builds it: every command at once."""
    from typer.main import get_group_from_info
    from typer.models import TyperInfo

    return get_group_from_info(
        TyperInfo(importlib.import_module(module).app, name=name),
        pretty_exceptions_short=True,
        suggest_commands=True,
        rich_markup_mode=None,
    )


def _shape(command: Any) -> Any:
    """What a user can type to a command: its options and arguments, and its commands."""
    params = sorted((p.name, tuple(p.opts), p.required) for p in command.params)
    return params, getattr(command, "help", None)


@pytest.mark.parametrize("name", sorted(LAZY_GROUPS))
def test_a_lazy_group_is_typers_group_built_one_command_at_a_time(name):
    """A group lists the commands Typer would, in the same order, and builds one only when
    asked for it; each built command takes the same options as Typer's own."""
    built: list[str] = []
    lazy = lazy_group(
        importlib.import_module(LAZY_GROUPS[name]).app, name, lambda _, path: built.append(path)
    )
    eager = _eager(LAZY_GROUPS[name], name)
    ctx = eager.make_context(name, ["--help"], resilient_parsing=True)
    assert lazy.list_commands(ctx) == eager.list_commands(ctx)
    assert lazy.commands == {}
    first = lazy.list_commands(ctx)[0]
    lazy.get_command(ctx, first)
    assert list(lazy.commands) == [first]
    assert built == [f"{name} {first}"]
    for sub in lazy.list_commands(ctx):
        assert _shape(lazy.get_command(ctx, sub)) == _shape(eager.get_command(ctx, sub)), sub
    assert _shape(lazy) == _shape(eager)


def test_a_mistyped_command_is_suggested_among_commands_not_built_yet(run):
    """`mentee action lst` suggests `list` though no command of the group was built."""
    result = run("action", "lst")
    assert result.exit_code == 2
    assert "Did you mean 'list'?" in result.stderr
