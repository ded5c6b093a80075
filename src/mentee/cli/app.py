"""The root of the command line: global options, error handling, top-level commands."""

from __future__ import annotations

import contextlib
import inspect
import os
import re
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument

from mentee import __version__
from mentee.cli.common import get_env
from mentee.cli.completion import typer_completer
from mentee.cli.env import Env, Terminal, resolve_home
from mentee.cli.options import Json
from mentee.cli.typer_compat import LazyGroup, command_builder, defer_coercion, group_builder
from mentee.errors import ExitCode, MenteeError
from mentee.kinds import Kind

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


class ReaderGoneError(Exception):
    """stdout's reader went away (`mentee ... | head -1`); not an OSError, so that it passes
    Typer's own handler (which would end with exit 1) on its way to `MenteeGroup.main`."""


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
    "search": ("mentee.cli.app", "search"),
    "demo": ("mentee.cli.app", "demo"),
}


def _callback(name: str) -> Any:
    import importlib

    module, function = ROOT_COMMANDS[name]
    return getattr(importlib.import_module(module), function)


def _root_command(name: str) -> Callable[[], Any]:
    def build() -> Any:
        return command_builder(name, _callback(name))()

    return build


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
        for name, module in LAZY_GROUPS.items():
            self.add_lazy(name, group_builder(module, name, _prepare))
        for name in ROOT_COMMANDS:
            self.add_lazy(name, _root_command(name))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as exc:
            raise ReaderGoneError from exc

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of `mentee --help`, without building the commands: each one's
        summary comes from its group's Typer app or its function's docstring, which costs
        only an import."""
        import importlib

        from mentee.cli.helptext import SUMMARIES

        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                command = self.commands[name]
                if not command.hidden:
                    rows.append((name, command.get_short_help_str(limit)))
            elif name in LAZY_GROUPS:
                text = importlib.import_module(LAZY_GROUPS[name]).app.info.help or ""
                rows.append((name, SUMMARIES.get(name) or summary(str(text))))
            else:
                text = inspect.getdoc(_callback(name)) or ""
                rows.append((name, inspect.cleandoc(SUMMARIES.get(name) or summary(text))))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as exc:
            # Suggest among every command (Typer looks at the built ones).
            message = str(getattr(exc, "message", ""))
            if args and message.startswith("No such command") and "Did you mean" not in message:
                from difflib import get_close_matches

                close = get_close_matches(args[0], self.list_commands(ctx))
                if close:
                    exc.message = f"{message.rstrip('.')}. Did you mean {close[0]!r}?"
            raise

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,  # noqa: ARG002 - always run non-standalone, see below
        **extra: Any,
    ) -> Any:
        argv = _shell_value(list(sys.argv[1:] if args is None else args))
        _prepare(self, "")
        if os.environ.get("_MENTEE_COMPLETE"):
            # A completion the fast path left to Typer: Typer's formats for each shell.
            from typer._completion_classes import completion_init

            completion_init()
        try:
            _check_argv(argv)
            argv = _global_options_first(argv)
            # Non-standalone, so errors reach the handlers below instead of Typer's boxes.
            result = super().main(
                args=argv,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except typer.TyperException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError" and getattr(exc, "ctx", None):
                # `mentee goal` alone: show that group's help, as a request for it.
                sys.stdout.write(exc.ctx.get_help() + "\n")  # type: ignore[attr-defined]
                sys.exit(0)
            _fail(_click_message(exc), exc.exit_code)
        except MenteeError as exc:
            if _debug():
                raise
            _fail(str(exc), int(exc.exit_code))
        except typer.Abort:
            _fail("aborted", int(ExitCode.ERROR))
        except (BrokenPipeError, ReaderGoneError):
            _quiet_broken_pipe()
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except (OverflowError, RecursionError) as exc:
            # A value at the edge of what Python's dates or numbers hold, met somewhere no
            # check stopped it first: one line, never a traceback.
            if _debug():
                raise
            _fail(_out_of_range(exc), int(ExitCode.ERROR))
        except ValueError as exc:
            if _debug() or "out of range" not in str(exc):
                raise
            _fail(_out_of_range(exc), int(ExitCode.ERROR))
        except OSError as exc:
            if _debug():
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}", int(ExitCode.ERROR))
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()
        sys.exit(result if isinstance(result, int) else 0)


# What each option's value is, as help shows it (`--by DATE`), by parameter name.
_METAVARS = {
    "DATE": {"by", "start", "due", "since", "when", "date"},
    "DATETIME": {"at"},
    "ID": {
        "goal",
        "mentor",
        "meeting",
        "feedback",
        "add_mentor",
        "remove_mentor",
        "add_goal",
        "remove_goal",
    },
    "DAYS": {"cadence"},
    "MINUTES": {"duration"},
    "DIR": {"home"},
    "WHO": {"source"},
    "N": {"number"},
    "ZONE": {"timezone"},
    "KIND": {"kind"},
}


class PlainArgument(TyperArgument):
    """An argument shown as `TITLE` in usage and help, not Typer's `{TITLE}` and `TITLE <str>`."""

    def display_type_rich(self, ctx: Any) -> str | None:  # noqa: ARG002 - Typer's signature
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return f"{name}..." if self.nargs != 1 else name


def prepare_help(command: Any, path: str = "") -> None:
    """Make the help of `command` and every command below it read well: plain placeholders
    (`--by DATE`, `TITLE`, `--owner me|mentor`), a whole first sentence as each summary in
    group listings, and the examples that end every help (see `examples.py`)."""
    from mentee.cli.helptext import SUMMARIES, examples_epilog

    by_name = {name: metavar for metavar, names in _METAVARS.items() for name in names}
    stack = [(command, path)]
    while stack:
        current, where = stack.pop()
        stack.extend(
            (sub, f"{where} {name}".strip())
            for name, sub in getattr(current, "commands", {}).items()
        )
        current.epilog = examples_epilog(where)
        if current.short_help is None and current.help:
            current.short_help = SUMMARIES.get(where) or summary(current.help)
        for param in current.params:
            if param.param_type_name == "argument" and isinstance(param, TyperArgument):
                param.__class__ = PlainArgument
            if param.metavar is not None or getattr(param, "is_flag", False):
                continue
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is not None and descriptor.is_choice:
                param.metavar = "|".join(str(getattr(c, "value", c)) for c in descriptor.choices)
            elif param.param_type_name == "argument":
                name = param.name or "value"
                param.metavar = "ID" if name.endswith("_id") else name.upper()
            else:
                param.metavar = by_name.get(param.name or "", "TEXT")


def summary(help_text: str) -> str:
    """A command's one-line summary in group listings: its first sentence, whole."""
    first = " ".join(inspect.cleandoc(help_text).split("\n\n")[0].split())
    end = re.search(r"[.!?](\s|$)", first)
    return first[: end.start() + 1] if end else first


COMPLETION_OPTIONS = ("--install-completion", "--show-completion")
SHELLS = ("bash", "zsh", "fish")


def _shell_value(argv: list[str]) -> list[str]:
    """`--install-completion` and `--show-completion` take an optional SHELL: without one,
    `auto` (the shell mentee runs in)."""
    fixed = list(argv)
    for number, arg in enumerate(argv):
        if arg == "--":
            break
        if arg in COMPLETION_OPTIONS:
            following = argv[number + 1] if number + 1 < len(argv) else None
            if following is None or following.startswith("-"):
                fixed.insert(number + 1 + (len(fixed) - len(argv)), "auto")
    return fixed


def _completion_shell(value: str) -> str:
    """The shell to complete for: the one named, or the one mentee runs in."""
    from mentee.errors import UsageError

    shell = value.strip().lower()
    if shell == "auto":
        from typer._completion_shared import _get_shell_name

        detected = _get_shell_name()
        if detected is None:
            raise UsageError(
                "cannot tell which shell this is: name it, e.g. mentee --install-completion zsh"
            )
        shell = detected.lower()
    if shell not in SHELLS:
        raise UsageError(
            f"cannot complete in {shell!r}: mentee completes in {', '.join(SHELLS[:-1])} "
            f"and {SHELLS[-1]}"
        )
    return shell


def _install_completion(ctx: Any, param: Any, value: str | None) -> None:  # noqa: ARG001
    if value is None or ctx.resilient_parsing:
        return
    from typer._completion_shared import install

    shell = _completion_shell(value)
    shell, path = install(shell=shell, prog_name="mentee", complete_var="_MENTEE_COMPLETE")
    sys.stdout.write(
        f"{shell} completion installed in {path}\nIt takes effect in new {shell} sessions.\n"
    )
    raise typer.Exit


def _show_completion(ctx: Any, param: Any, value: str | None) -> None:  # noqa: ARG001
    if value is None or ctx.resilient_parsing:
        return
    from typer._completion_shared import get_completion_script

    shell = _completion_shell(value)
    script = get_completion_script(prog_name="mentee", complete_var="_MENTEE_COMPLETE", shell=shell)
    sys.stdout.write(script + "\n")
    raise typer.Exit


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


def _click_message(exc: Any) -> str:
    message = _choice_message(exc) or str(exc.format_message())
    # Typer checks values with pydantic, whose message starts "Value error, ": drop that.
    message = message.replace(": Value error, ", ": ", 1)
    context = getattr(exc, "ctx", None)
    if context is not None:
        return f"{message} (see '{context.command_path} --help')"
    return str(message)


# Typer's message for a value outside an option's choices: `'wn' is not one of 'win', ...`.
_NOT_A_CHOICE = re.compile(r"(?P<value>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\") is not one of ")


def _choice_message(exc: Any) -> str | None:
    """`--kind: 'wn' is not one of win, challenge, learning, note: did you mean win?` for a
    value outside an option's choices; None for any other error."""
    import ast

    from mentee.cli.common import not_a_choice

    param = getattr(exc, "param", None)
    descriptor = getattr(param, "type_descriptor", None)
    found = _NOT_A_CHOICE.search(str(getattr(exc, "message", "")))
    if param is None or descriptor is None or not descriptor.is_choice or found is None:
        return None
    value = str(ast.literal_eval(found["value"]))
    choices = [str(getattr(c, "value", c)) for c in descriptor.choices or ()]
    name = param.opts[0] if getattr(param, "opts", None) else param.human_readable_name
    return not_a_choice(name, value, choices)


def _out_of_range(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "a value is nested too deeply to handle (a hand-edited file or an import?)"
    return (
        f"a date or number is out of the range mentee can handle ({exc}): dates go from "
        "0001-01-01 to 9999-12-31 (check MENTEE_TODAY and the dates in your records)"
    )


def _fail(message: str, code: int) -> None:
    from mentee.text import escape

    with contextlib.suppress(BrokenPipeError, ValueError):
        sys.stdout.flush()
    sys.stderr.write(f"mentee: {escape(message)}\n")
    sys.exit(code)


def _quiet_broken_pipe() -> None:
    # The reader went away (`| head -1`): end quietly, as a pipeline expects.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(0)


def _debug() -> bool:
    return os.environ.get("MENTEE_DEBUG", "") == "1"


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
    install_completion: Annotated[  # noqa: ARG001 - handled by its callback
        str | None,
        typer.Option(
            "--install-completion",
            metavar="[SHELL]",
            help="Install shell completion for SHELL: bash, zsh or fish (default: yours).",
            callback=_install_completion,
            is_eager=True,
        ),
    ] = None,
    show_completion: Annotated[  # noqa: ARG001 - handled by its callback
        str | None,
        typer.Option(
            "--show-completion",
            metavar="[SHELL]",
            help="Print the completion script for SHELL, to install it yourself.",
            callback=_show_completion,
            is_eager=True,
        ),
    ] = None,
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
    from mentee.ui import dashboard_view

    env.show(dashboard_view(board, env.lookup()))


def where(ctx: typer.Context) -> None:
    """Print the data directory."""
    sys.stdout.write(f"{get_env(ctx).home}\n")


def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Text to look for (case-insensitive).")],
    kind: Annotated[
        list[str] | None,
        typer.Option(
            help="Only records of this kind (repeatable): goal, note...",
            autocompletion=typer_completer("kinds"),
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Find TEXT across every record; exit 1 when nothing matches (as grep does)."""
    from mentee import reading
    from mentee.cli.common import parse_kinds

    env = get_env(ctx)
    hits = reading.search(env.store, text, parse_kinds(kind) or list(Kind))
    if as_json:
        from mentee.cli.common import records_json

        shown = records_json(env, [h.record for h in hits])
        env.json(
            [
                {"type": h.record.KIND.value, "field": h.field, **record}
                for h, record in zip(hits, shown, strict=True)
            ]
        )
    elif not hits:
        env.say(f"Nothing matches {text!r}.")
    else:
        from mentee.ui import search_table

        env.page(search_table(hits))
    if not hits:
        raise typer.Exit(int(ExitCode.ERROR))


def demo(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="Build it here (a new or empty directory) instead of a temp dir.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Build a realistic sample journal and show it.

    It goes to a fresh temporary directory unless --home is given, and never into
    $MENTEE_HOME or your own journal.
    """
    import tempfile

    from mentee.demo import build_demo
    from mentee.errors import UsageError

    env = get_env(ctx)
    target = home.expanduser() if home else env.home if env.home_source == "option" else None
    if target is None:
        target = Path(tempfile.mkdtemp(prefix="mentee-demo-"))
    elif target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"--home {target}: demo only writes into a new or empty directory")
    demo_env = Env(home=target, home_source="option", _today=env.today, keep_history=False)
    build_demo(demo_env.store, demo_env.today, demo_env.zone)
    show_demo(demo_env)


def show_demo(env: Env) -> None:
    from rich.rule import Rule
    from rich.text import Text

    from mentee.models import Action, Goal
    from mentee.reading import ActionFilter, dashboard, select_actions
    from mentee.ui import dashboard_view, records_table

    lookup = env.lookup()
    env.say(f"A sample journal is in {env.home}")
    env.show(dashboard_view(dashboard(env.store, env.today, env.now), lookup))
    env.show(Rule("Goals", align="left"))
    goals = sorted(env.store.records(Kind.GOAL, Goal), key=lambda g: (g.status, g.title))
    env.show(records_table(Kind.GOAL, goals, lookup))
    env.show(Rule("Open actions", align="left"))
    actions = select_actions(env.store.records(Kind.ACTION, Action), ActionFilter(), env.today)
    env.show(records_table(Kind.ACTION, actions, lookup))
    env.show(Rule("The next agenda", align="left"))
    from mentee import agenda
    from mentee.reading import load_book
    from mentee.ui import agenda_view

    book = load_book(env.store)
    upcoming = agenda.planned_meetings(book.meetings, env.today, env.now)
    mentors = {m.id: m for m in book.mentors}
    # The sample has two mentors with meetings planned: show the sooner one's agenda.
    mentor = mentors[upcoming[0].mentor] if upcoming else agenda.choose_mentor(book, env.today)
    env.show(agenda_view(agenda.next_agenda(book, mentor, env.today), env.zone))
    from mentee.review import build_review
    from mentee.ui import review_view

    env.show(Rule("The review", align="left"))
    env.show(review_view(build_review(book, env.today)))
    env.show(Text("Try it yourself:", style="bold"))
    env.show(
        Text(
            f"  export MENTEE_HOME={env.home}\n"
            "  mentee goal list\n  mentee action list --overdue\n"
            "  mentee agenda next --mentor alex-kim --format markdown\n"
            "  mentee review --format html > review.html"
        )
    )
