"""The root of the command line: global options, error handling, top-level commands."""

# No `from __future__ import annotations` here: Typer reads each command's annotations
# when it builds the command (twice); as objects they cost nothing, as strings each one
# is compiled and evaluated again, several milliseconds a command.

import inspect
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from mentee import __version__
from mentee.cli import shell, typer_compat
from mentee.cli.common import get_env
from mentee.cli.env import Env, Terminal, resolve_home
from mentee.cli.exits import (
    ReaderGoneError,
    click_message,
    debug,
    fail,
    out_of_range,
    quiet_broken_pipe,
)
from mentee.cli.help_format import prepare_help, summary
from mentee.cli.typer_compat import LazyGroup, command_builder, defer_coercion, group_builder
from mentee.errors import ExitCode, MenteeError

HELP_NAMES = ("--help", "-h")

# Command groups built only when used: building every command's parameters from its
# signature is most of Typer's start-up, and one invocation needs one group.
LAZY_GROUPS = {
    "goal": "mentee.cli.goal",
    "mentor": "mentee.cli.mentor",
    "meeting": "mentee.cli.meeting",
    "action": "mentee.cli.action",
    "feedback": "mentee.cli.feedback",
    "note": "mentee.cli.note",
    "topic": "mentee.cli.topic",
    "agenda": "mentee.cli.agenda",
    "sync": "mentee.cli.sync",
}


# The root's own commands, in the order `mentee --help` lists them after the groups:
# (module, function), imported and built when used.
ROOT_COMMANDS = {
    "check": ("mentee.cli.check", "check"),
    "doctor": ("mentee.cli.doctor", "doctor"),
    "undo": ("mentee.cli.undo", "undo"),
    "review": ("mentee.cli.review", "review"),
    "export": ("mentee.cli.transfer", "export"),
    "import": ("mentee.cli.transfer", "import_"),
    "where": ("mentee.cli.app", "where"),
    "search": ("mentee.cli.search", "search"),
    "demo": ("mentee.cli.demo", "demo"),
}


def _callback(name: str) -> Any:
    import importlib

    module, function = ROOT_COMMANDS[name]
    return getattr(importlib.import_module(module), function)


def _root_command(name: str) -> Callable[[], Any]:
    def build() -> Any:
        return command_builder(name, _callback(name))()

    return build


def _summary(name: str) -> str:
    """A root command's line in `mentee --help`, without building it: from its group's
    Typer app or its function's docstring, which costs only an import."""
    import importlib

    from mentee.cli.helptext import SUMMARIES

    if name in LAZY_GROUPS:
        text = importlib.import_module(LAZY_GROUPS[name]).app.info.help or ""
        return SUMMARIES.get(name) or summary(str(text))
    text = inspect.getdoc(_callback(name)) or ""
    return inspect.cleandoc(SUMMARIES.get(name) or summary(text))


def _prepare(command: Any, path: str) -> None:
    """What every command gets when it is built: readable help, coercion without pydantic."""
    prepare_help(command, path)
    defer_coercion(command, HELP_NAMES)


class MenteeGroup(LazyGroup):
    """The root group: builds commands and command groups on first use (one invocation
    needs one), and turns every error into one stderr line and an exit code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_build = _prepare
        self.summary = _summary
        for name, module in LAZY_GROUPS.items():
            self.add_lazy(name, group_builder(module, name, _prepare))
        for name in ROOT_COMMANDS:
            self.add_lazy(name, _root_command(name))

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a reader gone from the pipe ends quietly (ReaderGoneError)."""
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            raise ReaderGoneError from exc

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,  # noqa: ARG002 - always run non-standalone, see below
        **extra: Any,
    ) -> Any:
        """Run the command line and exit: every error becomes one stderr line and an exit code
        (see `_exit_for`), never a traceback unless MENTEE_DEBUG=1."""
        argv = shell.shell_value(list(sys.argv[1:] if args is None else args))
        _prepare(self, "")
        if os.environ.get("_MENTEE_COMPLETE"):
            # A completion the fast path left to Typer: Typer's formats for each shell.
            typer_compat.completion_init()
        try:
            _check_argv(argv)
            argv = _global_options_first(argv)
            # Non-standalone, so errors reach the handler below instead of Typer's boxes.
            result = super().main(
                args=argv,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except _HANDLED as exc:
            _exit_for(exc)
            raise  # MENTEE_DEBUG=1, or an error that is not the user's: the traceback
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_broken_pipe()
        sys.exit(result if isinstance(result, int) else 0)


# What `MenteeGroup.main` turns into one stderr line and an exit code (see `_exit_for`).
_HANDLED = (
    typer.TyperException,
    MenteeError,
    typer.Abort,
    BrokenPipeError,
    ReaderGoneError,
    KeyboardInterrupt,
    OverflowError,
    RecursionError,
    ValueError,
    OSError,
)


def _exit_for(exc: BaseException) -> None:
    """End the run for an error as the user is to see it: one stderr line and its exit code
    (a usage error 2, any other 1, an interrupt 130), a group's help for a group alone, quiet
    for a reader gone. Returns only when the error is to be raised as it is: with
    MENTEE_DEBUG=1, and for a ValueError that is not about a value out of range."""
    if isinstance(exc, typer.TyperException):
        if typer_compat.is_no_args_help(exc):
            # `mentee goal` alone: show that group's help, as a request for it.
            sys.stdout.write(exc.ctx.get_help() + "\n")  # type: ignore[attr-defined]
            sys.exit(0)
        fail(click_message(exc), exc.exit_code)
    elif isinstance(exc, typer.Abort):
        fail("aborted", int(ExitCode.ERROR))
    elif isinstance(exc, BrokenPipeError | ReaderGoneError):
        quiet_broken_pipe()
    elif isinstance(exc, KeyboardInterrupt):
        fail("interrupted", 130)
    elif debug():
        return
    elif isinstance(exc, MenteeError):
        fail(str(exc), int(exc.exit_code))
    elif isinstance(exc, OverflowError | RecursionError):
        # A value at the edge of what Python's dates or numbers hold, met somewhere no
        # check stopped it first: one line, never a traceback.
        fail(out_of_range(exc), int(ExitCode.ERROR))
    elif isinstance(exc, ValueError):
        if "out of range" in str(exc):
            fail(out_of_range(exc), int(ExitCode.ERROR))
    elif isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        fail(f"{where}{exc.strerror or exc}", int(ExitCode.ERROR))


def _check_argv(argv: list[str]) -> None:
    from mentee.errors import UsageError

    for number, arg in enumerate(argv, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(f"argument {number} is not valid UTF-8 text") from None


def _global_options_first(argv: list[str]) -> list[str]:
    """`--color WHEN` may follow the command, as with ls and grep (`mentee action list
    --color always`): it is moved before the command, where the root group reads it.
    Nothing after `--` is touched."""
    moved: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg == "--":
            rest += argv[index:]
            break
        if arg.startswith("--color="):
            moved.append(arg)
        elif arg == "--color" and index + 1 < len(argv):
            moved += argv[index : index + 2]
            index += 1
        else:
            rest.append(arg)
        index += 1
    return [*moved, *rest]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"mentee {__version__}\n")
        raise typer.Exit


app = typer.Typer(
    cls=MenteeGroup,
    name="mentee",
    help="A local-first journal for people being mentored: goals, mentors, meetings, "
    "action items, feedback and progress, as TOML files you own. With no command: a short "
    "dashboard (next meeting, overdue actions, goals at risk).",
    invoke_without_command=True,
    # Plain help: it starts faster than rich's panels and reads the same in a pipe.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    # Completion options of our own: they take the shell (`--install-completion zsh`).
    add_completion=False,
    context_settings={"help_option_names": list(HELP_NAMES)},
)


class ColorChoice(StrEnum):
    """When `--color` colours the output."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="The journal's directory (default: $MENTEE_HOME, else the user data folder).",
            file_okay=False,
        ),
    ] = None,
    color: Annotated[
        ColorChoice,
        typer.Option(
            "--color",
            help="Colour the output: auto (on a terminal, unless NO_COLOR is set or "
            "FORCE_COLOR asks for it), always or never.",
        ),
    ] = ColorChoice.AUTO,
    as_json: Annotated[
        bool, typer.Option("--json", help="With no command: the dashboard as JSON.")
    ] = False,
    install_completion: shell.InstallOption = None,  # noqa: ARG001 - acts in its callback
    show_completion: shell.ShowOption = None,  # noqa: ARG001 - acts in its callback
    version: Annotated[  # noqa: ARG001 - handled by its callback
        bool,
        typer.Option(
            "--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Set up the invocation's environment; with no command, show the dashboard."""
    from mentee.errors import UsageError

    path, source = resolve_home(home)
    # A caller may say what the streams are (tests simulate a terminal this way).
    terminal = ctx.obj if isinstance(ctx.obj, Terminal) else None
    ctx.obj = Env(home=path, home_source=source, terminal=terminal, color=color.value)
    if ctx.invoked_subcommand is not None:
        if as_json:
            raise UsageError(
                f"--json before a command is the dashboard's: put it after "
                f"'{ctx.invoked_subcommand}'"
            )
        return
    from mentee.reading import dashboard

    env = ctx.obj
    board = dashboard(env.store, env.today, env.now)
    if as_json:
        from mentee.export.dashboard import dashboard_json

        env.json(dashboard_json(board, env.today))
        return
    from mentee.ui.dashboard import dashboard_view

    env.show(dashboard_view(board, env.lookup()))


def where(ctx: typer.Context) -> None:
    """Print the data directory."""
    sys.stdout.write(f"{get_env(ctx).home}\n")
