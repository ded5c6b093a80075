"""The `mentee` command line. `run` is the console script (`main`, then a quick exit).

`--version` and shell completion are answered here, before Typer, rich or pydantic are
imported, so they cost little more than starting Python.
"""

from __future__ import annotations

import os
import sys

# `typing.TYPE_CHECKING` without importing typing (about a fifth of the start of Python,
# which `--version` and shell completion otherwise never need): type checkers take any
# name TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType


def main(argv: list[str] | None = None) -> None:
    """The `mentee` command: runs the CLI on `argv` (default: the process's arguments), answering
    `--version`, git's merge driver and shell completion without building the commands."""
    args = sys.argv[1:] if argv is None else argv
    if sys.stdout is None:
        # Started with stdout closed (`mentee ... >&-`): say so once, do nothing.
        if sys.stderr is not None:
            sys.stderr.write(
                "mentee: standard output is closed; nothing done (to discard the output, "
                "send it to /dev/null)\n"
            )
        raise SystemExit(1)
    _replace_unencodable()
    if args in (["--version"], ["-V"]):
        from mentee import __version__

        sys.stdout.write(f"mentee {__version__}\n")
        return
    # pydantic looks for plugins through every installed package's metadata on first use
    # (about 20 ms); mentee uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in ("__all__", "1", "true"):
        _no_pydantic_plugins()
    if argv is None:
        # The console script: standard modules Typer and pydantic import but a command
        # seldom uses are made when used. Not for a program that calls `main([...])`: the
        # deferral is process-wide, and that process is the program's own.
        from mentee.cli.deferred import defer_standard_modules

        defer_standard_modules()
    if args[:2] == ["sync", "merge-file"] and len(args) == 6:
        # git's merge driver, run once per file in a merge: skip building the commands.
        from mentee.cli.merge_driver import main as merge_driver

        raise SystemExit(merge_driver(args[2:]))
    if "_MENTEE_COMPLETE" in os.environ:
        # A TAB: answered without Typer when the fast path can (see cli/completion.py).
        from mentee.cli.completion import answer

        if answer(os.environ):
            return
    if argv is None:
        # The console script: a command that reads much of the journal has its folders
        # compared with the index on another core while Typer loads (see `mentee.scan`).
        from mentee.cli.ahead import read_ahead

        ahead = read_ahead(args)
    else:
        ahead = False
    from mentee.cli.app import app

    try:
        app(args=args, prog_name="mentee")
    finally:
        if ahead:  # answers not taken are this command's only
            from mentee import scan

            scan.drop()


_PLUGIN_LOADER = "pydantic.plugin._loader"


class _NoPlugins:
    """Finds and loads pydantic's plugin loader as a module whose `get_plugins` finds none
    (what pydantic's own answers when plugins are disabled), without importing
    importlib.metadata (about 1x the start of Python) as pydantic's does."""

    @staticmethod
    def find_spec(
        name: str, _path: Sequence[str] | None = None, _target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != _PLUGIN_LOADER:
            return None
        from importlib.machinery import ModuleSpec

        return ModuleSpec(name, _NoPlugins)  # type: ignore[arg-type]  # a Loader by protocol

    @staticmethod
    def create_module(_spec: ModuleSpec) -> None:
        return None

    @staticmethod
    def exec_module(module: ModuleType) -> None:
        setattr(module, "get_plugins", tuple)  # noqa: B010


def _no_pydantic_plugins() -> None:
    """With its plugins disabled pydantic still imports its plugin loader: answered by
    `_NoPlugins` when (if ever) pydantic asks for it."""
    if _PLUGIN_LOADER not in sys.modules and not any(f is _NoPlugins for f in sys.meta_path):
        sys.meta_path.insert(0, _NoPlugins)


def run() -> None:
    """The console script (and `python -m mentee`): `main`, then out at once.

    A finished command leaves nothing to clean up that the operating system does not free
    itself (every file it wrote was written whole and closed, the index committed), while
    Python tearing down every module and object costs about as much as starting it. So the
    streams are flushed and the process ends with the command's exit code. The garbage
    collector is off meanwhile: a command lives well under a second, and what it builds
    (thousands of records) has no cycles to find."""
    import gc

    gc.disable()
    try:
        main()
        code: int = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:  # `sys.exit("message")`: as Python itself ends it
            sys.stderr.write(f"{exc.code}\n")
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass  # the reader went away: nothing more to say
    os._exit(code)


def _replace_unencodable() -> None:
    """On a terminal or pipe whose encoding cannot write every character (`LANG=C`,
    `PYTHONIOENCODING=ascii`), write what it cannot as `?` instead of failing."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            utf = codecs.lookup(encoding).name.startswith("utf")
        except LookupError:
            utf = False
        reconfigure = getattr(stream, "reconfigure", None)
        if not utf and reconfigure is not None:
            reconfigure(errors="replace")
