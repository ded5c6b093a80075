"""Everything mentee does with Typer's (and its vendored click's) internals, in one place.

mentee needs Typer >= 0.29 (pyproject.toml's floor): 0.29 is the first to describe each
parameter (`type_descriptor`) and to coerce values through pydantic, which the hooks below
read and work around; before 0.27.2 there is no `typer.TyperException` at all (every
command crashed on import). Since 0.26 Typer carries its own copy of click (`typer._click`),
so no click release is involved. Each hook says which Typer versions it was written and
checked for; the CI's floors step (`.ci/run`, `.ci/floors.py`) runs the CLI tests on the
oldest declared versions, the main suite on the newest.

The hooks:

- coercion without pydantic (`defer_coercion`, `DeferredCoercion`): Typer 0.2x coerces
  every parameter's value through a pydantic `TypeAdapter` that it builds for the parameter
  on first use, even when the value is missing or already a plain string: importing pydantic
  and building those adapters costs several times the start of Python, on every command.
  Each parameter gets a coercion that answers the common cases itself, exactly as Typer's
  own would (a missing value, text, a choice, a path), and builds Typer's own coercion for
  anything else (a number, a value it would refuse, so that the error is Typer's).
  tests/test_typer_compat.py checks that both give the same values and the same errors;
- commands built when first used (`LazyGroup`, `lazy_group`, `command_builder`,
  `group_builder`): `get_command`, `list_commands`, `resolve_command` and `format_commands`
  of click's group, Typer's `get_group_from_info` and `get_command_from_info`;
- help that reads well (`PlainArgument`, `plain_argument`, `choice_values`,
  `autocompletion`): what Typer keeps about a parameter;
- errors (`is_no_args_help`): the exception Typer raises for a group run alone;
- shell completion (`completion_init`, `detect_shell`, `install_completion`,
  `completion_script`): Typer's private completion modules;
- tests (`build_commands_once`): `typer.testing` building the command tree once.

`cli/completion.py` answers a TAB before Typer is imported and so speaks the protocol of
Typer's completion scripts itself (the `COMP_WORDS`, `_TYPER_COMPLETE_ARGS` and
`_TYPER_COMPLETE_FISH_ACTION` variables and the output of `typer._completion_classes`,
Typer 0.29); tests/cli/test_completion.py compares its answers with Typer's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer import TyperException
from typer.core import TyperArgument, TyperGroup

_NOT_SIMPLE = object()


# -- coercion without pydantic -----------------------------------------------------------------
# Typer 0.29 (0.29.0 to 0.29.2): `param.type_descriptor`, `param._runtime_param` (None until
# Typer builds it), `typer._coercion.build_runtime_param`, `typer._param_types.coerce_cli_path`
# and `coerce_cli_choice`; click's (Typer's copy, 0.26+) `_help_option` cache and
# `get_help_option`. A parameter without a descriptor (a Typer before 0.29) is left alone.


def defer_coercion(command: Any, help_names: Sequence[str] = ()) -> None:
    """Give every parameter of `command`, and of each command under it, the deferred
    coercion (parameters Typer already built a coercion for keep theirs).

    `help_names`: the context's help option names (`--help`, `-h`). Click makes each
    command's help option when it first parses, and caches it: it is made here instead,
    the same way, so that it too gets the deferred coercion.
    """
    stack = [command]
    while stack:
        current = stack.pop()
        stack.extend(getattr(current, "commands", {}).values())
        params = list(getattr(current, "params", ()))
        if help_names and hasattr(current, "_help_option"):
            option = current.get_help_option(_HelpNames(help_names))
            if option is not None:
                params.append(option)
        for param in params:
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is not None and getattr(param, "_runtime_param", False) is None:
                param._runtime_param = DeferredCoercion(descriptor)


class _HelpNames:
    """What `Command.get_help_option` reads of a context."""

    def __init__(self, names: Sequence[str]) -> None:
        self.help_option_names = list(names)


class DeferredCoercion:
    """Stands for Typer's `RuntimeParam` of one parameter: coerces missing values, text,
    choices and paths itself; builds Typer's own coercion for everything else."""

    __slots__ = ("_typer", "descriptor")

    def __init__(self, descriptor: Any) -> None:
        self.descriptor = descriptor
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        """The parameter's value coerced: a missing value as Typer gives it, simple ones here,
        the rest by Typer's own coercion."""
        if value is None:
            # As Typer: a missing value is () for a repeatable parameter, else None.
            return () if param.multiple or param.nargs == -1 else None
        simple = self._simple(value, param, ctx)
        if simple is not _NOT_SIMPLE:
            return simple
        return self.typer_coercion().coerce(value, param=param, ctx=ctx)

    def typer_coercion(self) -> Any:
        """Typer's own coercion of this parameter (built once, when first needed)."""
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self.descriptor)
        return self._typer

    @property
    def built(self) -> bool:
        """Whether Typer's own coercion (with pydantic) had to be built."""
        return self._typer is not None

    def _simple(self, value: Any, param: Any, ctx: Any) -> Any:
        descriptor = self.descriptor
        info = descriptor.parameter_info
        if info.parser is not None or descriptor.file_annotation is not None:
            return _NOT_SIMPLE
        annotation = descriptor.annotation
        if param.multiple or param.nargs == -1:
            if get_origin(annotation) is not list or not isinstance(value, list | tuple):
                return _NOT_SIMPLE
            (item_type,) = get_args(annotation)
            items = [_leaf(item_type, info, item, param, ctx) for item in value]
            return _NOT_SIMPLE if any(i is _NOT_SIMPLE for i in items) else items
        if param.nargs != 1:
            return _NOT_SIMPLE
        return _leaf(annotation, info, value, param, ctx)


def _leaf(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """One value of a simple type coerced as Typer's adapter would, else _NOT_SIMPLE."""
    if annotation is str:
        if type(value) is str and _is_unicode(value):
            return value
        return _NOT_SIMPLE
    if annotation is bool:
        return value if type(value) is bool else _NOT_SIMPLE
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(tuple(annotation), info, value, ctx)
    if get_origin(annotation) is _literal():
        return _choice(get_args(annotation), info, value, ctx)
    if annotation is Path and info.path_type is None and type(value) is str:
        if not value or not _is_unicode(value) or "\x00" in value:
            return _NOT_SIMPLE
        from typer._param_types import coerce_cli_path

        # What pydantic makes of the text (a Path) first, then Typer's own checks.
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)
    return _NOT_SIMPLE


def _choice(choices: tuple[Any, ...], info: Any, value: Any, ctx: Any) -> Any:
    from typer._param_types import coerce_cli_choice

    try:
        return coerce_cli_choice(
            value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx
        )
    except ValueError:
        return _NOT_SIMPLE  # Typer's own coercion words the error


def _literal() -> Any:
    from typing import Literal

    return Literal


def _is_unicode(text: str) -> bool:
    """Whether `text` holds only characters UTF-8 can write (no lone surrogates from bytes
    that were not UTF-8): pydantic refuses the others, so they take Typer's own path."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# -- commands built when first used ------------------------------------------------------------
# Typer 0.29 (0.29.0 to 0.29.2): `TyperGroup` and click's (Typer's copy, 0.26+) group methods
# `get_command`, `list_commands`, `resolve_command` (Typer's suggestion edits `exc.message`)
# and `format_commands` (the formatter's `width`, `section` and `write_dl`);
# `typer.main.get_group_from_info` and `get_command_from_info` with the keyword arguments
# `pretty_exceptions_short`, `suggest_commands`, `rich_markup_mode`; `typer.main.get_command_name`;
# `typer.models.TyperInfo` and `CommandInfo`; `Typer.registered_commands` and `registered_groups`.


class LazyGroup(TyperGroup):
    """A Typer group whose commands are built the first time one is asked for.

    Typer builds every command of a group (each parameter from its signature and
    annotations) as soon as the group is built; one invocation needs one command. Here a
    command is a builder until `get_command` asks for it; `on_build(command, name)` is run on
    it then (help and coercion set-up). Listing the commands (completion) builds them all, in
    the order they were registered; so does the group's help, unless `summary(name)` gives
    the line of each command not built yet.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order: list[str] = list(self.commands)
        self.builders: dict[str, Callable[[], Any]] = {}
        self.on_build: Callable[[Any, str], None] | None = None
        self.summary: Callable[[str], str] | None = None
        self.path = ""  # the group's place under the root: `goal milestone`

    def add_lazy(self, name: str, build: Callable[[], Any]) -> None:
        """Register command `name`, built by `build()` when first asked for."""
        if name not in self.order:
            self.order.append(name)
        self.builders[name] = build

    def list_commands(self, ctx: Any) -> list[str]:  # noqa: ARG002 - click's signature
        """The commands' names in the order they were registered (built or not)."""
        return list(self.order)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:  # noqa: ARG002 - click's
        """The command `cmd_name`, built (and prepared by `on_build`) the first time it is asked
        for; None for an unknown name."""
        found = self.commands.get(cmd_name)
        if found is None and cmd_name in self.builders:
            found = self.builders.pop(cmd_name)()
            if self.on_build is not None:
                self.on_build(found, f"{self.path} {cmd_name}".strip())
            self.commands[cmd_name] = found
        return found

    def build_all(self, ctx: Any) -> None:
        """Build every command not built yet."""
        for name in self.list_commands(ctx):
            self.get_command(ctx, name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """The command `args` start with; when it is unknown, every command is built first so
        Typer's suggestion looks at them all."""
        try:
            try:
                return super().resolve_command(ctx, args)
            except TyperException:
                if not self.builders:
                    raise
                # Typer suggests among the commands it built: build them all and ask again.
                self.build_all(ctx)
                return super().resolve_command(ctx, args)
        except TyperException as exc:
            # Suggest among every command, should Typer not have.
            message = str(getattr(exc, "message", ""))
            if args and message.startswith("No such command") and "Did you mean" not in message:
                from difflib import get_close_matches

                close = get_close_matches(args[0], self.list_commands(ctx))
                if close:
                    exc.message = f"{message.rstrip('.')}. Did you mean {close[0]!r}?"
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of the group's help. With `summary`, without building the
        commands: a command built already gives its own short help, any other its
        `summary(name)` (which costs only an import)."""
        if self.summary is None:
            super().format_commands(ctx, formatter)
            return
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                command = self.commands[name]
                if not command.hidden:
                    rows.append((name, command.get_short_help_str(limit)))
            else:
                rows.append((name, self.summary(name)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def lazy_group(typer_app: Any, path: str, on_build: Callable[[Any, str], None]) -> LazyGroup:
    """The group of Typer app `typer_app`, at `path` under the root (`goal milestone`), with
    its commands and groups built when first used (`on_build` runs on each then, with its
    path)."""
    import copy

    from typer.main import get_group_from_info
    from typer.models import TyperInfo

    shell = copy.copy(typer_app)
    shell.registered_commands = []
    shell.registered_groups = []
    group = get_group_from_info(
        TyperInfo(shell, name=path.rsplit(" ", 1)[-1], cls=LazyGroup),
        pretty_exceptions_short=True,
        suggest_commands=True,
        rich_markup_mode=None,
    )
    assert isinstance(group, LazyGroup)
    group.on_build = on_build
    group.path = path
    for info in typer_app.registered_commands:
        group.add_lazy(command_name(info), _command_builder(info))
    for sub in typer_app.registered_groups:
        group.add_lazy(sub.name, _group_builder(sub, f"{path} {sub.name}", on_build))
    return group


def command_name(info: Any) -> str:
    """The name Typer gives a registered command (its function's, `_` as `-`, else)."""
    from typer.main import get_command_name

    return str(info.name or get_command_name(info.callback.__name__))


def command_builder(name: str, callback: Callable[..., Any]) -> Callable[[], Any]:
    """A builder of the Typer command `name` that runs `callback`."""
    from typer.models import CommandInfo

    return _command_builder(CommandInfo(name=name, callback=callback))


def _command_builder(info: Any) -> Callable[[], Any]:
    def build() -> Any:
        from typer.main import get_command_from_info

        return get_command_from_info(info, pretty_exceptions_short=True, rich_markup_mode=None)

    return build


def _group_builder(info: Any, path: str, on_build: Callable[[Any, str], None]) -> Callable[[], Any]:
    def build() -> Any:
        return lazy_group(info.typer_instance, path, on_build)

    return build


def group_builder(
    module: str, path: str, on_build: Callable[[Any, str], None]
) -> Callable[[], Any]:
    """A builder of the lazy group of the Typer app `app` of `module`, at `path`."""

    def build() -> Any:
        import importlib

        return lazy_group(importlib.import_module(module).app, path, on_build)

    return build


# -- help that reads well ----------------------------------------------------------------------
# Typer 0.29 (0.29.0 to 0.29.2): `TyperArgument.display_type_rich` and `_usage_display_name`
# (where Typer writes `{TITLE}` and `TITLE <str>`); `param.type_descriptor` with `is_choice`,
# `choices` and `parameter_info.autocompletion`. Before 0.29 a choice was a click `Choice`
# type and help showed `--color TEXT`: choices are read from the descriptor only.


class PlainArgument(TyperArgument):
    """An argument shown as `TITLE` in usage and help, not Typer's `{TITLE}` and `TITLE <str>`."""

    def display_type_rich(self, ctx: Any) -> str | None:  # noqa: ARG002 - Typer's signature
        """No type after the argument's name in help."""
        return None

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return f"{name}..." if self.nargs != 1 else name


def plain_argument(param: Any) -> None:
    """Show argument `param` as `PlainArgument` does (nothing for an option)."""
    if param.param_type_name == "argument" and isinstance(param, TyperArgument):
        param.__class__ = PlainArgument


def choice_values(param: Any) -> list[str] | None:
    """The values a parameter of choices takes, as typed (an enum's values); None for any
    other parameter."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not descriptor.is_choice:
        return None
    return [str(getattr(c, "value", c)) for c in descriptor.choices or ()]


def autocompletion(param: Any) -> Any:
    """The `autocompletion` callback given to a parameter's `typer.Option`/`Argument`, if any."""
    info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
    return getattr(info, "autocompletion", None)


# -- errors ------------------------------------------------------------------------------------
# Typer 0.26 to 0.29: a group run without a command raises `NoArgsIsHelpError` (from Typer's
# copy of click, `typer._click.exceptions`; click 8.2 before 0.26) carrying the context.
# Checked by name, so that the private module is not imported.


def is_no_args_help(exc: BaseException) -> bool:
    """Whether `exc` is the usage error of a group run alone (`mentee goal`)."""
    return type(exc).__name__ == "NoArgsIsHelpError" and getattr(exc, "ctx", None) is not None


# -- shell completion --------------------------------------------------------------------------
# Typer 0.29 (0.29.0 to 0.29.2; unchanged since 0.24): `typer._completion_classes.
# completion_init` (registers Typer's classes for each shell) and `typer._completion_shared`'s
# `_get_shell_name`, `install` and `get_completion_script`.


def completion_init() -> None:
    """Let click answer a completion request in Typer's formats for each shell."""
    from typer._completion_classes import completion_init as init

    init()


def detect_shell() -> str | None:
    """The name of the shell mentee runs in (`zsh`), None when it cannot be told."""
    from typer._completion_shared import _get_shell_name

    name: str | None = _get_shell_name()
    return name


def install_completion(shell: str, prog_name: str, complete_var: str) -> tuple[str, Path]:
    """Install Typer's completion script for `shell`; the shell and the file it went to."""
    from typer._completion_shared import install

    installed_shell, path = install(shell=shell, prog_name=prog_name, complete_var=complete_var)
    return str(installed_shell), Path(path)


def completion_script(shell: str, prog_name: str, complete_var: str) -> str:
    """Typer's completion script for `shell`."""
    from typer._completion_shared import get_completion_script

    script: str = get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=shell)
    return script


# -- tests -------------------------------------------------------------------------------------
# Typer 0.29 (0.29.0 to 0.29.2; unchanged since 0.15): `typer.testing.CliRunner.invoke` builds
# the command tree with `typer.testing._get_command` (`typer.main.get_command` under that name)
# on every call.


@contextmanager
def build_commands_once() -> Iterator[None]:
    """While open, `typer.testing.CliRunner` builds each app's command tree once instead of
    on every `invoke` (most of a command's run time in tests). The tree is stateless between
    invocations (lazily built commands stay built, as in one long-lived process)."""
    import functools

    import typer.testing

    testing: Any = typer.testing
    original = testing._get_command
    testing._get_command = functools.cache(original)
    try:
        yield
    finally:
        testing._get_command = original
