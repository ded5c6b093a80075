"""Typer's parameter coercion, without pydantic where a value needs none.

Typer 0.2x coerces every parameter's value through a pydantic `TypeAdapter` that it builds
for the parameter on first use, even when the value is missing or already a plain string:
importing pydantic and building those adapters costs several times the start of Python,
on every command. Typer offers no public way around it, so this module (the only one that
touches Typer's internals) gives each parameter a coercion that answers the common cases
itself, exactly as Typer's own would (a missing value, text, a choice, a path), and builds
Typer's own coercion for anything else (a number, a value it would refuse, so that the
error is Typer's). tests/test_typer_compat.py checks that both give the same values and
the same errors. On a Typer without this machinery (before pydantic coercion) nothing is
changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer import TyperException
from typer.core import TyperGroup

_NOT_SIMPLE = object()


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


class LazyGroup(TyperGroup):
    """A Typer group whose commands are built the first time one is asked for.

    Typer builds every command of a group (each parameter from its signature and
    annotations) as soon as the group is built; one invocation needs one command. Here a
    command is a builder until `get_command` asks for it; `on_build(command, name)` is run on
    it then (help and coercion set-up). Listing the commands (help, completion) builds them
    all, in the order they were registered.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order: list[str] = list(self.commands)
        self.builders: dict[str, Callable[[], Any]] = {}
        self.on_build: Callable[[Any, str], None] | None = None
        self.path = ""  # the group's place under the root: `goal milestone`

    def add_lazy(self, name: str, build: Callable[[], Any]) -> None:
        """Register command `name`, built by `build()` when first asked for."""
        if name not in self.order:
            self.order.append(name)
        self.builders[name] = build

    def list_commands(self, ctx: Any) -> list[str]:  # noqa: ARG002 - click's signature
        return list(self.order)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:  # noqa: ARG002 - click's
        found = self.commands.get(cmd_name)
        if found is None and cmd_name in self.builders:
            found = self.builders.pop(cmd_name)()
            if self.on_build is not None:
                self.on_build(found, f"{self.path} {cmd_name}".strip())
            self.commands[cmd_name] = found
        return found

    def build_all(self, ctx: Any) -> None:
        for name in self.list_commands(ctx):
            self.get_command(ctx, name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except TyperException:
            if not self.builders:
                raise
            # Typer suggests among the commands it built: build them all and ask again.
            self.build_all(ctx)
            return super().resolve_command(ctx, args)


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
