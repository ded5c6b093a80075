"""`edit ID` with no flags: the record in $VISUAL/$EDITOR, the way git opens a message.

The buffer is the record file itself (its comments and layout, which the saved file keeps,
along with any comment added in the editor) under a short header, in a private folder of
the journal's own (`mentee.buffers`: mode 0700, outside the data directory). An editor that
fails, or a buffer left unchanged or emptied, aborts with nothing changed. An edit that
does not validate is shown with its error; on a terminal the user may reopen it, elsewhere
the buffer is kept and its path printed, so no typing is lost. A buffer left by a session
that was killed is offered back the next time the same edit starts (and `doctor` lists
it). The record file is only replaced after the edit validates and the file was not
changed meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Callable
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


def editor_command(env: Env) -> list[str]:
    chosen = env.config.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        argv = shlex.split(chosen)
    except ValueError:
        raise UsageError(f"cannot parse the editor command {chosen!r}") from None
    if not argv:
        raise UsageError("the editor command is empty")
    return argv


def buffer_for(record: Record, file_text: str | None = None) -> str:
    """The record as the TOML the user edits, with unset fields as commented hints.

    `file_text` is the record file as it is: the buffer keeps its comments and layout.
    """
    from mentee.store import render

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
        if line.startswith(ERROR_PREFIX) or line in header:
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
    field = type(record).model_fields[name]
    return field.alias or name


def edit_in_editor(env: Env, record: Record) -> Record:
    """Edit one record as TOML; the saved record (aborts raise AbortedError)."""
    from mentee.journal import replace_record

    # Before the editor opens: a record from a newer mentee cannot be saved, so say so now.
    env.store.ensure_writable(record)
    current = env.store.snapshot(env.store.path(record.KIND, record.id))
    file_text = current.decode("utf-8", "replace") if current is not None else None

    def apply(text: str) -> Record:
        return replace_record(env.store, record, _parse(text), layout_of(text, record), env.zone)

    return edit_loop(
        env,
        buffer_for(record, file_text),
        apply,
        purpose="edit",
        about=(record.KIND.value, record.id),
        suffix="toml",
    )


def edit_loop(
    env: Env,
    initial: str,
    apply: Callable[[str], T],
    *,
    purpose: str,
    about: tuple[str, str],
    suffix: str,
) -> T:
    """Open `initial` in the editor until `apply` accepts the buffer, or the user gives up.

    `purpose` and `about` (a kind and an id) name the buffer (see `mentee.buffers`). An
    editor that fails, or a buffer left unchanged or emptied, aborts (AbortedError); text
    the person typed is kept whenever it was not used, and the message says where. When
    `apply` rejects the buffer, a terminal user may reopen it with the error on top;
    otherwise the buffer is kept and its path given. A buffer kept from an earlier,
    interrupted try is offered back first.
    """
    from mentee import buffers
    from mentee.cli.env import buffers_path_for, state_root

    folder = buffers_path_for(env.home)
    text = initial
    path: Path | None = None
    for leftover in buffers.left_for(folder, purpose, *about)[:1]:
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
                f"{leftover.path}; "
                f"run `{leftover.resume}` on a terminal to open it again, or delete it"
            )
    try:
        if path is None:
            path = buffers.new_buffer(folder, purpose, *about, suffix, owned_from=state_root())
    except OSError as exc:
        raise MenteeError(
            f"{exc.filename or folder}: cannot make the editor buffer: {exc.strerror}"
        ) from exc
    used = False
    try:
        while True:
            _write(path, text)
            _run_editor(env, path, initial)
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
                if not _can_ask():
                    raise type(exc)(f"{exc}; your edit is kept in {path}") from None
                env.say(f"mentee: {exc}")
                if not _ask("Edit again? [Y/n] "):
                    raise AbortedError(
                        f"edit abandoned; nothing changed; your edit is kept in {path}"
                    ) from None
                text = _with_error(text, str(exc))
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


def _with_error(text: str, error: str) -> str:
    lines = [line for line in text.splitlines() if not line.startswith(ERROR_PREFIX)]
    return f"{ERROR_PREFIX}{error}\n" + "\n".join(lines) + "\n"


def _run_editor(env: Env, path: Path, initial: str) -> None:
    argv = [*editor_command(env), str(path)]
    try:
        result = subprocess.run(argv, check=False)
    except OSError as exc:
        raise AbortedError(
            f"cannot run the editor {argv[0]!r}: {exc.strerror}; nothing changed"
        ) from None
    if result.returncode != 0:
        kept = f"; your text is kept in {path}" if _typed(path, initial) else ""
        raise AbortedError(
            f"the editor {argv[0]!r} exited with status {result.returncode}; nothing changed{kept}"
        )


def _can_ask() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _ask(question: str) -> bool:
    sys.stderr.write(question)
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in ("", "y", "yes")
