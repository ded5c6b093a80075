"""`edit ID` with no flags: the record in $VISUAL/$EDITOR, the way git opens a message
(and the meeting close-out of `meeting log`, through the same loop).

The buffer is the record file itself (its comments and layout, which the saved file keeps,
along with any comment added in the editor) under a short header, in a private folder of
the journal's own (`mentee.buffers`: mode 0700, outside the data directory). An editor that
fails, or a buffer left unchanged or emptied, aborts with nothing changed. A buffer that
cannot be used is shown with its problems; on a terminal the user may reopen it with the
problems as comments at the top (as `crontab -e` does), elsewhere the buffer is kept and its
path printed (exit 1), so no typing is lost. A buffer left by a session that was killed is
offered back the next time the same edit starts (and `doctor` lists it). The record file is
only replaced after the edit validates and the file was not changed meanwhile.

The editor is `editor` in config.toml, else $VISUAL, else $EDITOR; with none set, on a
terminal, the first of `editor`, `nano` and `vi` found (as git falls back to one), and off a
terminal an error at once (an editor started without a terminal would wait for ever).
While the editor runs, mentee ignores SIGINT and SIGQUIT, so Ctrl-C reaches the editor (as
in git) and never ends mentee under it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mentee.errors import AbortedError, MenteeError, UsageError

if TYPE_CHECKING:
    from mentee.cli.env import Env
    from mentee.models import Record

T = TypeVar("T")

HEADER = """\
# Editing {kind} {id}. Save and close the editor to apply; leave it unchanged or empty
# to abort. Lines starting with '#' are ignored. id, created, updated and schema_version
# are managed by mentee.
"""
HINTS = "# Not set yet:"
_HINT = re.compile(r"^# [A-Za-z_]+ = $")
ERROR_PREFIX = "# ERROR: "
ERRORS_HEADER = "# ERRORS: fix these, then save and close (they are taken out again):"


# With no editor set, on a terminal: the first of these found (`editor` is Debian's choice
# of the system's editor), as git falls back to one.
FALLBACK_EDITORS = ("editor", "nano", "vi")


@dataclass(frozen=True)
class Buffer:
    """What a buffer is for: it names the file (see `mentee.buffers`) and the messages."""

    purpose: str  # `edit` or `closeout`
    kind: str
    record_id: str
    suffix: str
    noun: str  # `edit`, `close-out`
    # What to do without an editor: "give the close-out with --from FILE, or ...".
    instead: str
    # The command that uses a kept buffer at a path (None: `Leftover.resume`'s, which
    # offers it back on a terminal).
    resume: Callable[[Path], str] | None = None


def editor_command(env: Env, instead: str = "") -> list[str]:
    """The editor to run: `editor` in config.toml, $VISUAL, $EDITOR, else on a terminal a
    fallback (FALLBACK_EDITORS); off a terminal with none set, an error naming what to do
    `instead`."""
    chosen = env.config.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not chosen:
        return [_fallback_editor(instead)]
    try:
        argv = shlex.split(chosen)
    except ValueError:
        raise UsageError(f"cannot parse the editor command {chosen!r}") from None
    if not argv:
        raise UsageError("the editor command is empty")
    return argv


def _fallback_editor(instead: str) -> str:
    import shutil

    alternative = f"; or {instead}" if instead else ""
    if not _on_a_terminal():
        raise MenteeError(
            "no editor: neither $VISUAL nor $EDITOR is set (nor `editor` in config.toml) and "
            f"this is not a terminal; set one (export EDITOR=nano){alternative}"
        )
    for name in FALLBACK_EDITORS:
        if shutil.which(name):
            return name
    raise MenteeError(
        "no editor: neither $VISUAL nor $EDITOR is set and none of "
        f"{', '.join(FALLBACK_EDITORS)} was found; set one (export EDITOR=...){alternative}"
    )


def _on_a_terminal() -> bool:
    """Whether an editor can show itself: stdin and stdout are a terminal."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def buffer_for(record: Record, file_text: str | None = None) -> str:
    """The record as the TOML the user edits, with unset fields as commented hints.

    `file_text` is the record file as it is: the buffer keeps its comments and layout.
    """
    from mentee.store.recordfile import render

    body = render(record, file_text).decode("utf-8")
    unset = [
        name
        for name, info in type(record).model_fields.items()
        if getattr(record, name) is None and name not in ("created", "updated")
    ]
    hints = "".join(f"# {info_alias(record, n)} = \n" for n in unset)
    header = HEADER.format(kind=record.KIND.value, id=record.id)
    return header + body + (f"\n{HINTS}\n" + hints if hints else "")


def layout_of(buffer: str, record: Record) -> str:
    """The edited buffer without what mentee added to it (the header, the hints still
    unset, error lines): the text whose comments and layout the saved file takes."""
    header = set(HEADER.format(kind=record.KIND.value, id=record.id).splitlines())
    kept = []
    in_hints = False
    for line in buffer.removeprefix("\ufeff").splitlines():
        if line.startswith(ERROR_PREFIX) or line == ERRORS_HEADER or line in header:
            continue
        if line == HINTS:
            in_hints = True
            continue
        if in_hints and _HINT.match(line):
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept) + "\n"


def info_alias(record: Record, name: str) -> str:
    """The name a record's field has in its file (its alias), for messages about it."""
    field = type(record).model_fields[name]
    return field.alias or name


def edit_in_editor(env: Env, record: Record) -> Record:
    """Edit one record as TOML; the saved record (aborts raise AbortedError)."""
    from mentee.journal.editing import replace_record

    # Before the editor opens: a record from a newer mentee cannot be saved, so say so now.
    env.store.ensure_writable(record)
    current = env.store.snapshot(env.store.path(record.KIND, record.id))
    file_text = current.decode("utf-8", "replace") if current is not None else None

    def apply(text: str) -> Record:
        return replace_record(env.store, record, _parse(text), layout_of(text, record), env.zone)

    kind = record.KIND.value
    buffer = Buffer(
        "edit",
        kind,
        record.id,
        "toml",
        "edit",
        instead=f"change it with options: mentee {kind} edit --help",
    )
    return edit_loop(env, buffer_for(record, file_text), apply, buffer)


def edit_loop(env: Env, initial: str, apply: Callable[[str], T], buffer: Buffer) -> T:
    """Open `initial` in the editor until `apply` accepts the buffer, or the user gives up.

    `buffer` names the buffer file and the messages. With no editor to run off a terminal,
    an error before anything else. An editor that fails, or a buffer left unchanged or
    emptied, aborts (AbortedError); text the person typed is kept whenever it was not used,
    and the message says where. When `apply` rejects the buffer, a terminal user may reopen
    it with the problems as comments on top; otherwise the buffer is kept, its path given
    (with the command that uses it) and the exit status is 1. A buffer kept from an
    earlier, interrupted try is offered back first.
    """
    from mentee import buffers
    from mentee.cli.env import buffers_path_for, state_root

    argv = editor_command(env, buffer.instead)  # no editor: say so before anything else
    folder = buffers_path_for(env.home)
    text = initial
    path: Path | None = None
    about = (buffer.kind, buffer.record_id)
    for leftover in buffers.left_for(folder, buffer.purpose, *about)[:1]:
        when = leftover.made.strftime("%Y-%m-%d %H:%M")
        if _can_ask() and _ask(
            f"An unfinished {leftover.subject} from {when} is kept in "
            f"{leftover.path}. Open it instead? [Y/n] "
        ):
            path = buffers.claim(leftover)
            text = _read(path)
        else:
            env.say(
                f"mentee: note: an unfinished {leftover.subject} from {when} is kept in "
                f"{leftover.path}; {leftover.resume_hint}, or delete it"
            )
    try:
        if path is None:
            path = buffers.new_buffer(
                folder, buffer.purpose, *about, buffer.suffix, owned_from=state_root()
            )
    except OSError as exc:
        raise MenteeError(
            f"{exc.filename or folder}: cannot make the editor buffer: {exc.strerror}"
        ) from exc
    used = False
    try:
        while True:
            _write(path, text)
            _run_editor(argv, path, initial)
            text = _read(path)
            if _meaningful(text) == _meaningful(initial):
                used = True  # nothing typed: nothing to keep
                raise AbortedError("the buffer was left unchanged; nothing changed")
            if not _meaningful(text).strip():
                used = True  # emptied on purpose
                raise AbortedError("the buffer is empty; aborted, nothing changed")
            try:
                _check_utf8(text)
                result = apply(text)
            except MenteeError as exc:
                problems = _problems(exc)
                if not _can_ask():
                    raise MenteeError(f"{exc}; nothing changed; {_kept(buffer, path)}") from None
                for line, message in problems:
                    env.say(f"mentee: {f'line {line}: ' if line else ''}{message}")
                if not _ask(f"Errors in the {buffer.noun}; edit it again? [Y/n] "):
                    raise AbortedError(
                        f"{buffer.noun} not used; nothing changed; {_kept(buffer, path)}"
                    ) from None
                text = _with_problems(text, problems)
            else:
                used = True
                return result
    finally:
        if used or not _typed(path, initial):
            with contextlib.suppress(OSError):
                path.unlink()


def _typed(path: Path, initial: str) -> bool:
    """Whether the buffer holds text the person typed (kept when it was not used)."""
    try:
        text = _read(path)
    except OSError:
        return False
    meaningful = _meaningful(text)
    return bool(meaningful.strip()) and meaningful != _meaningful(initial)


def _read(path: Path) -> str:
    """A buffer's text; a byte order mark (some editors add one) is dropped."""
    return path.read_text(encoding="utf-8", errors="surrogateescape").removeprefix("\ufeff")


def _write(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape") as file:
        file.write(text)


def _check_utf8(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError("the buffer is not valid UTF-8 text") from None


def _parse(text: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        raise UsageError(f"invalid TOML: {exc}") from None
    return data


def _meaningful(text: str) -> str:
    """The buffer without comment lines and trailing blanks."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(lines).strip()


def _kept(buffer: Buffer, path: Path) -> str:
    """`your edit is kept in PATH`, and for a close-out the command that uses it."""
    if buffer.resume is None:
        return f"your {buffer.noun} is kept in {path}"
    return f"your {buffer.noun} is kept in {path}; fix it, then: {buffer.resume(path)}"


def _problems(error: MenteeError) -> list[tuple[int | None, str]]:
    """The problems an error names, each with its line in the buffer when known."""
    found = getattr(error, "problems", None)
    if found:
        return [(p.line, p.message) for p in found]
    return [(None, str(error))]


def _with_problems(text: str, problems: list[tuple[int | None, str]]) -> str:
    """The buffer with `problems` as comments at the top (those of an earlier try taken
    out), each line number counted in the buffer as it will be shown."""
    kept: list[str] = []
    moved: dict[int, int] = {}  # a line of `text` -> its place among `kept`
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(ERROR_PREFIX) or line == ERRORS_HEADER:
            continue
        kept.append(line)
        moved[number] = len(kept)
    header = [ERRORS_HEADER] if len(problems) > 1 else []
    offset = len(header) + len(problems)
    for at_line, message in problems:
        where = f"line {moved[at_line] + offset}: " if at_line in moved else ""
        header.append(f"{ERROR_PREFIX}{where}{message}".replace("\n", " "))
    return "\n".join([*header, *kept]) + "\n"


def _run_editor(argv: list[str], path: Path, initial: str) -> None:
    command = [*argv, str(path)]
    with _signals_left_to_the_editor() as in_child:
        try:
            process = subprocess.Popen(command, preexec_fn=in_child)  # noqa: PLW1509 - no threads
        except OSError as exc:
            raise AbortedError(
                f"cannot run the editor {argv[0]!r}: {exc.strerror}; nothing changed"
            ) from None
        status = process.wait()
    if status != 0:
        kept = f"; your text is kept in {path}" if _typed(path, initial) else ""
        how = (
            f"was ended by {_signal_name(-status)}"
            if status < 0
            else f"exited with status {status}"
        )
        raise AbortedError(f"the editor {argv[0]!r} {how}; nothing changed{kept}")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


@contextlib.contextmanager
def _signals_left_to_the_editor() -> Iterator[Callable[[], None]]:
    """While the editor runs, Ctrl-C (SIGINT) and Ctrl-\\ (SIGQUIT) are the editor's: mentee
    ignores them (as git does), so it is never ended with the buffer open, and restores its
    own handling afterwards. Yields what the child runs before the editor starts: the
    signals as mentee got them (ignored only if they were ignored already)."""
    names = ("SIGINT", "SIGQUIT")
    wanted = [getattr(signal, n) for n in names if hasattr(signal, n)]
    before = {number: signal.getsignal(number) for number in wanted}
    for number in wanted:
        signal.signal(number, signal.SIG_IGN)

    def in_child() -> None:
        for number, handler in before.items():
            signal.signal(number, signal.SIG_IGN if handler == signal.SIG_IGN else signal.SIG_DFL)

    try:
        yield in_child
    finally:
        for number, handler in before.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def _can_ask() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _ask(question: str) -> bool:
    """A yes/no question on the terminal: Enter is yes; end of input or Ctrl-C is no."""
    sys.stderr.write(question)
    sys.stderr.flush()
    try:
        line = sys.stdin.readline()
    except KeyboardInterrupt:
        line = ""
    if not line:
        sys.stderr.write("\n")
        return False
    return line.strip().lower() in ("", "y", "yes")
