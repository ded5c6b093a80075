"""`edit ID` with no flags: the record in $VISUAL/$EDITOR, the way git opens a message.

The buffer is a temp file outside the data directory (mode 0600). An editor that fails, or a
buffer left unchanged or emptied, aborts with nothing changed. An edit that does not
validate is shown with its error; on a terminal the user may reopen it, elsewhere the
buffer is kept and its path printed, so no typing is lost. The record file is only
replaced after the edit validates and the file was not changed meanwhile.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import subprocess
import sys
import tempfile
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


def editor_command(env: Env) -> list[str]:
    chosen = env.config.editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        argv = shlex.split(chosen)
    except ValueError:
        raise UsageError(f"cannot parse the editor command {chosen!r}") from None
    if not argv:
        raise UsageError("the editor command is empty")
    return argv


def buffer_for(record: Record) -> str:
    """The record as the TOML the user edits, with unset fields as commented hints."""
    from mentee.store import serialize

    body = serialize(record).decode("utf-8")
    unset = [
        name
        for name, info in type(record).model_fields.items()
        if getattr(record, name) is None and name not in ("created", "updated")
    ]
    hints = "".join(f"# {info_alias(record, n)} = \n" for n in unset)
    header = HEADER.format(kind=record.KIND.value, id=record.id)
    return header + body + ("\n# Not set yet:\n" + hints if hints else "")


def info_alias(record: Record, name: str) -> str:
    field = type(record).model_fields[name]
    return field.alias or name


def edit_in_editor(env: Env, record: Record) -> Record:
    """Edit one record as TOML; the saved record (aborts raise AbortedError)."""
    from mentee.journal import replace_record

    # Before the editor opens: a record from a newer mentee cannot be saved, so say so now.
    env.store.ensure_writable(record)

    def apply(text: str) -> Record:
        return replace_record(env.store, record, _parse(text))

    return edit_loop(env, buffer_for(record), apply, name=record.id, suffix=".toml")


def edit_loop(env: Env, initial: str, apply: Callable[[str], T], *, name: str, suffix: str) -> T:
    """Open `initial` in the editor until `apply` accepts the buffer, or the user gives up.

    An editor that fails, or a buffer left unchanged or emptied, aborts (AbortedError).
    When `apply` rejects the buffer, a terminal user may reopen it with the error on top;
    otherwise the buffer is kept and its path given, so no typing is lost.
    """
    handle, temp_name = tempfile.mkstemp(prefix=f"mentee-{name}-", suffix=suffix)
    path = Path(temp_name)
    keep = False
    text = initial
    try:
        os.close(handle)
        while True:
            path.write_text(text, encoding="utf-8")
            _run_editor(env, path)
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            if _meaningful(text) == _meaningful(initial):
                raise AbortedError("the buffer was left unchanged; nothing changed")
            if not _meaningful(text).strip():
                raise AbortedError("the buffer is empty; aborted, nothing changed")
            try:
                _check_utf8(text)
                return apply(text)
            except MenteeError as exc:
                if not _can_ask():
                    keep = True
                    raise type(exc)(f"{exc}; your edit is kept in {path}") from None
                env.say(f"mentee: {exc}")
                if not _ask_again():
                    keep = True
                    raise AbortedError(
                        f"edit abandoned; nothing changed; your edit is kept in {path}"
                    ) from None
                text = _with_error(text, str(exc))
    finally:
        if not keep:
            with contextlib.suppress(OSError):
                path.unlink()


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
    lines = [line for line in text.splitlines() if not line.startswith("# ERROR: ")]
    return f"# ERROR: {error}\n" + "\n".join(lines) + "\n"


def _run_editor(env: Env, path: Path) -> None:
    argv = [*editor_command(env), str(path)]
    try:
        result = subprocess.run(argv, check=False)
    except OSError as exc:
        raise AbortedError(
            f"cannot run the editor {argv[0]!r}: {exc.strerror}; nothing changed"
        ) from None
    if result.returncode != 0:
        raise AbortedError(
            f"the editor {argv[0]!r} exited with status {result.returncode}; nothing changed"
        )


def _can_ask() -> bool:
    try:
        return sys.stdin.isatty() and sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _ask_again() -> bool:
    sys.stderr.write("Edit again? [Y/n] ")
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in ("", "y", "yes")
