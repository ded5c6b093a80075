"""The command line's environment: where the journal is, today and the clock, the streams.

One `Env` is made per invocation by the root callback and handed to commands through
`typer.Context.obj`; tests simulate any terminal by setting the environment and streams.
"""

from __future__ import annotations

import contextlib
import os
import sys
from datetime import date, datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

# Where a journal's files live; re-exported here, where the rest of the CLI looks for them.
from mentee.cli.paths import (
    buffers_path_for,
    cache_root,
    default_home,
    history_path_for,
    index_path_for,
    lock_path_for,
    open_store,
    resolve_home,
    state_root,
)

if TYPE_CHECKING:
    from rich.console import Console

    from mentee.config import Config
    from mentee.store import Problem, Store
    from mentee.ui import Lookup


class Terminal(NamedTuple):
    """Whether stdout and stderr are terminals: detected, or given by a caller (a test) that
    simulates one (`CliRunner.invoke(app, args, obj=Terminal(stdout=True))`)."""

    stdout: bool = False
    stderr: bool = False

    @classmethod
    def detect(cls) -> Terminal:
        """Whether stdout and stderr are terminals now."""
        return cls(stdout=_isatty(sys.stdout), stderr=_isatty(sys.stderr))


def _writes_utf(stream: TextIO) -> bool:
    """Whether `stream` can write every character (its encoding is a UTF)."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name.startswith("utf")
    except LookupError:
        return False


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


COLOR_CHOICES = ("auto", "always", "never")


def color_allowed(choice: str, is_terminal: bool) -> bool:
    """Whether to style output, in this order: `--color always|never`, then NO_COLOR
    (no-color.org) and FORCE_COLOR (force-color.org; NO_COLOR wins when both are set), then
    whether the stream is a terminal."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("FORCE_COLOR", ""):
        return True
    return is_terminal


def _color_system(is_terminal: bool) -> str | None:
    """The colours rich uses for styled output (see `make_console`): forced into a pipe,
    the basic 16; on a terminal, what it says it shows (COLORTERM, TERM); None for a dumb
    terminal (rich then also fixes the width at 80: rich writes those itself)."""
    term = os.environ.get("TERM", "").strip().lower()
    if term in ("dumb", "unknown"):
        return None
    if not is_terminal:
        return "standard"
    if os.environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    suffix = term.rpartition("-")[2]
    return {"kitty": "256", "256color": "256", "16color": "standard"}.get(suffix, "standard")


def make_console(stream: TextIO, styled: bool, is_terminal: bool) -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich would end with exit 1; a reader that went away is no error (exit 0).
            raise BrokenPipeError

    system: Any = None
    if styled:
        # A terminal says what it can show; colour forced into a pipe gets the basic 16.
        system = "auto" if is_terminal else "standard"
    return _Console(
        file=stream,
        color_system=system,
        force_terminal=styled,
        # NO_COLOR was weighed in `color_allowed` (where --color may override it).
        no_color=False,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


# Commands that only move or restore files as they are: they never bring a journal's
# layout up to date (see `Store.before_first_write`).
_NO_UPGRADE = ("undo", "sync", "doctor")


def _move_legacy_links(store: Store) -> object:
    """Bring an older journal's layout up to date before the first write (imported only
    then: a command that only reads never needs it)."""
    from mentee.links import move_legacy_links

    return move_legacy_links(store)


def pager_command() -> list[str] | None:
    """The pager to run, from MENTEE_PAGER, else PAGER, else `less -FRX`; None when it is
    set empty or to `cat`, or cannot be found (then output goes straight to the terminal)."""
    import shlex
    import shutil

    chosen = os.environ.get("MENTEE_PAGER")
    if chosen is None:
        chosen = os.environ.get("PAGER")
    if chosen is None:
        chosen = "less -FRX"
    try:
        argv = shlex.split(chosen)
    except ValueError:
        return None
    if not argv or argv == ["cat"] or shutil.which(argv[0]) is None:
        return None
    return argv


def run_pager(argv: list[str], text: str) -> None:
    """Show `text` through the pager, as git does: LESS=FRX unless set, Ctrl-C left to the
    pager, a pager that quits early ends the output quietly."""
    import subprocess

    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")
    environment.setdefault("LV", "-c")
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=environment)
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode(encoding, errors="replace"))
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass
    while process.returncode is None:
        # The pager decides what Ctrl-C does; mentee waits for it to end.
        with contextlib.suppress(KeyboardInterrupt):
            process.wait()


class Env:  # not a dataclass: making one costs about 0.5 ms at every command's start
    """What every command runs with: the journal's home (and where it came from), the day, the
    clock, the config, the store, the terminal and the colour choice; each built once, when first
    used."""

    def __init__(
        self,
        home: Path,
        home_source: str,
        _today: date | None = None,
        *,
        keep_history: bool = True,
        terminal: Terminal | None = None,
        color: str = "auto",
    ) -> None:
        self.home = home
        self.home_source = home_source
        self._today = _today
        self.warned: set[Path] = set()
        # False for journals nobody will undo in (the demo's temp dir): no history is kept.
        self.keep_history = keep_history
        # The running command as `undo --list` shows it (`goal add`); set by `get_env`.
        self.command = "mentee"
        # Whether the streams are terminals (None: detect them); `--color auto|always|never`.
        self.terminal = terminal
        self.color = color

    @cached_property
    def today(self) -> date:
        """The day commands work with: the one given (the demo), else MENTEE_TODAY, else the
        system's."""
        from mentee.dates import today_from_env

        return self._today or today_from_env()

    def clock(self) -> datetime:
        """The wall clock, local time with its offset: the one place the command line reads
        it (the time records and undo entries are stamped with, an export's time, a mail's
        date, doctor's ages, a mentor's local time). MENTEE_TODAY does not move it: it
        fixes the day only (see `today` and `now`)."""
        from mentee.dates import local_now

        return local_now()

    @cached_property
    def now(self) -> datetime | None:
        """The clock for "is this meeting over?", or None when the day is fixed
        (`MENTEE_TODAY`, the demo): then meetings compare by day, whatever the hour."""
        if self._today is not None or os.environ.get("MENTEE_TODAY", "").strip():
            return None
        return self.clock()

    @cached_property
    def config(self) -> Config:
        """The journal's config.toml (defaults when there is none); a damaged one is an error."""
        from mentee.config import load_config

        return load_config(self.home)

    @property
    def zone(self) -> tzinfo | None:
        """The mentee's time zone from config.toml, or None to use the system's."""
        return self.config.zone()

    @cached_property
    def store(self) -> Store:
        """The journal's store, with its lock, undo history (unless `keep_history` is off) and
        index; problems it meets are warned about once each."""
        store = open_store(self.home, history=self.keep_history, now=self.clock)
        store.on_problem = self.warn_problem
        store.command = self.command
        if self.command.split(" ", 1)[0] not in _NO_UPGRADE:
            store.before_first_write = _move_legacy_links
        return store

    @cached_property
    def tty(self) -> Terminal:
        """Whether stdout and stderr are terminals: as given, else detected."""
        return self.terminal if self.terminal is not None else Terminal.detect()

    @cached_property
    def out(self) -> Console:
        """The console for standard output, coloured as `--color` and the terminal allow."""
        is_terminal = self.tty.stdout
        return make_console(sys.stdout, color_allowed(self.color, is_terminal), is_terminal)

    @cached_property
    def err(self) -> Console:
        """The console for standard error, coloured as `--color` and the terminal allow."""
        is_terminal = self.tty.stderr
        return make_console(sys.stderr, color_allowed(self.color, is_terminal), is_terminal)

    # -- output -------------------------------------------------------------------------

    @cached_property
    def styled(self) -> bool:
        """Whether stdout takes styles (a terminal, or colour asked for)."""
        return color_allowed(self.color, self.tty.stdout)

    def show(self, renderable: Any, soft_wrap: bool = False) -> None:
        """Write a view to stdout, laid out by `mentee.render` exactly as rich would lay it
        out (rich itself for what `render` leaves to it)."""
        text = self._laid_out(renderable, soft_wrap)
        if text is None:
            from mentee.render.terminal import to_rich

            self.out.print(to_rich(renderable), soft_wrap=soft_wrap)
            return
        sys.stdout.write(text)
        sys.stdout.flush()

    def _laid_out(self, renderable: Any, soft_wrap: bool = False) -> str | None:
        """The view as the text rich would write to stdout (plain, or with the terminal's
        codes); None where rich must write it: a stream that cannot write every character,
        Windows, a dumb terminal, or a view `render` does not lay out."""
        if sys.platform == "win32" or not _writes_utf(sys.stdout):
            return None
        from mentee.render import NotLaidOutError, console_width, plain_text

        try:
            if not self.styled:
                return plain_text(renderable, console_width(), soft_wrap)
            system = _color_system(self.tty.stdout)
            if system is None:
                return None
            from mentee.render.terminal import styled_text

            return styled_text(renderable, console_width(), system, soft_wrap)
        except NotLaidOutError:
            return None

    def page(self, renderable: Any) -> None:
        """Show a long output, through the pager on a terminal (never when piped)."""
        pager = pager_command() if self.tty.stdout else None
        if pager is None:
            self.show(renderable)
            return
        text = self._laid_out(renderable)
        if text is None:
            from mentee.render.terminal import to_rich

            with self.out.capture() as captured:
                self.out.print(to_rich(renderable))
            text = captured.get()
        run_pager(pager, text)

    def page_text(self, text: str) -> None:
        """Plain text (already escaped), through the pager on a terminal."""
        pager = pager_command() if self.tty.stdout else None
        if pager is None:
            sys.stdout.write(text)
        else:
            run_pager(pager, text)

    def created(self, record_id: str, message: str) -> None:
        """After a record was made: on a terminal, the confirmation; piped, the id alone on
        stdout (for `id=$(mentee action add ...)`) and the confirmation on stderr."""
        if not self.tty.stdout:
            sys.stdout.write(f"{record_id}\n")
        self.say(message)

    def json(self, data: Any) -> None:
        """One JSON document on stdout, the text exactly as stored."""
        from mentee.text import json_text

        # C1 and bidi controls as \u escapes: the same text once parsed, safe on a terminal.
        # On a stream that cannot write every character, every non-ASCII one too.
        sys.stdout.write(json_text(data, indent=2, ascii_only=not _writes_utf(sys.stdout)) + "\n")

    def say(self, message: str) -> None:
        """A message for the person (stderr), shown literally."""
        from mentee.text import escape

        sys.stderr.write(escape(message) + "\n")

    def warn_problem(self, problem: Problem) -> None:
        """Warn on stderr that a file was skipped and why, once for each file."""
        if problem.path in self.warned:
            return
        self.warned.add(problem.path)
        from mentee.text import escape

        sys.stderr.write(f"mentee: warning: {escape(str(problem))} (skipped)\n")

    def lookup(self) -> Lookup:
        """The names of every mentor and goal, with today, the clock and the zone, for the views."""
        from mentee.kinds import Kind
        from mentee.reading import by_id
        from mentee.ui import Lookup

        return Lookup(
            today=self.today,
            now=self.now,
            zone=self.zone,
            mentors=by_id(self.store.views(Kind.MENTOR)),
            goals=by_id(self.store.views(Kind.GOAL)),
        )


__all__ = [
    "Env",
    "Terminal",
    "buffers_path_for",
    "cache_root",
    "default_home",
    "history_path_for",
    "index_path_for",
    "lock_path_for",
    "open_store",
    "resolve_home",
    "state_root",
]
