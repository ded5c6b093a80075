"""The `mentee` command line. `run` is the console script (`main`, then a quick exit).

`--version` and shell completion are answered here, before Typer, rich or pydantic are
imported, so they cost little more than starting Python.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
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
    if args[:2] == ["sync", "merge-file"] and len(args) == 6:
        # git's merge driver, run once per file in a merge: skip building the commands.
        from mentee.sync import driver_main

        raise SystemExit(driver_main(args[2:]))
    if "_MENTEE_COMPLETE" in os.environ:
        # A TAB: answered without Typer when the fast path can (see cli/completion.py).
        from mentee.cli.completion import answer

        if answer(os.environ):
            return
    # pydantic looks for plugins through every installed package's metadata on first use
    # (about 20 ms); mentee uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in ("__all__", "1", "true"):
        _no_pydantic_plugins()
    from mentee.cli.app import app

    app(args=args, prog_name="mentee")


def _no_pydantic_plugins() -> None:
    """With its plugins disabled pydantic still imports its plugin loader, and with it
    importlib.metadata (about 1x the start of Python): the loader's one function is
    answered here, as pydantic answers it when plugins are disabled."""
    if "pydantic.plugin._loader" in sys.modules:
        return
    import types

    loader = types.ModuleType("pydantic.plugin._loader")
    setattr(loader, "get_plugins", tuple)  # noqa: B010
    sys.modules[loader.__name__] = loader


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
