"""Editor buffers: where the text a person types in $EDITOR lives until mentee has used it.

Each journal has its own private folder (mode 0700, outside the data directory, chosen by the
caller: the command line keeps it in the user state folder, see `cli/env.py:
buffers_path_for`), and each buffer is a file of its own there (mode 0600) named

    <purpose>.<kind>.<id>.<YYYYMMDDTHHMMSS>.<pid>.<ext>

- `purpose`: `edit` (a record in the editor: `goal edit ID`...) or `closeout` (the meeting
  close-out of `meeting log`);
- `kind` and `id`: the record it is about: the record edited, the meeting logged, or, for a
  meeting never planned (`meeting log --mentor ID --at ...`), `mentor` and the mentor's id;
- the time the buffer was made (local), and the id of the process editing it;
- `ext`: `toml` for a record, `md` for a close-out.

A buffer is removed once its text was used, or when the person aborted (left it unchanged or
emptied it). It is kept when its text could not be used, and when mentee was killed while
the editor was open: such a leftover is reported by `mentee doctor` and offered back by the
command that made it, or, for a close-out, used by `meeting log ID --from PATH`
(`Leftover.resume`). A buffer whose process still runs is in use and
is neither reported nor offered.

Pure file handling: no printing, no prompting.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mentee.fileio import private_folder

PURPOSES = ("edit", "closeout")
_NAME = re.compile(
    r"^(?P<purpose>edit|closeout)\.(?P<kind>[a-z]+)\.(?P<id>[a-z0-9][a-z0-9-]*)\."
    r"(?P<made>\d{8}T\d{6})\.(?P<pid>\d{1,10})\.(?P<ext>toml|md)$"
)
_STAMP = "%Y%m%dT%H%M%S"


@dataclass(frozen=True)
class Leftover:
    """A buffer in the folder, and what it is about."""

    path: Path
    purpose: str
    kind: str
    record_id: str
    made: datetime
    pid: int

    @property
    def in_use(self) -> bool:
        """Whether the process that made it still runs (an edit in progress)."""
        return self.pid != os.getpid() and _running(self.pid)

    @property
    def subject(self) -> str:
        """`edit of goal abc123`, `close-out of meeting m4n5`..."""
        if self.purpose == "edit":
            return f"edit of {self.kind} {self.record_id}"
        if self.kind == "mentor":
            return f"close-out of a meeting with {self.record_id}"
        return f"close-out of meeting {self.record_id}"

    @property
    def resume(self) -> str:
        """The command that takes this buffer up again: an edit is offered back by the
        same edit (on a terminal); a close-out is used by `meeting log ... --from PATH`."""
        return resume_command(self.purpose, self.kind, self.record_id, self.path)

    @property
    def resume_hint(self) -> str:
        """`` `mentee goal edit ID` offers it back (on a terminal)``, or for a close-out
        `` `mentee meeting log ID --from PATH` uses it``."""
        if self.purpose == "edit":
            return f"`{self.resume}` offers it back (on a terminal)"
        return f"`{self.resume}` uses it"


def resume_command(
    purpose: str, kind: str, record_id: str, path: Path, when: str | None = None
) -> str:
    """The command that takes a kept buffer up again (see `Leftover.resume`); `when`: the
    `--at` the log was given, when known (for a meeting never planned, else `WHEN`)."""
    if purpose == "edit":
        return f"mentee {kind} edit {record_id}"
    source = f"--from {shlex.quote(str(path))}"
    if kind == "mentor":
        at = shlex.quote(when) if when else "WHEN"
        return f"mentee meeting log --mentor {record_id} --at {at} {source}"
    at = f" --at {shlex.quote(when)}" if when else ""
    return f"mentee meeting log {record_id}{at} {source}"


def is_buffer(folder: Path, path: Path) -> bool:
    """Whether `path` is one of mentee's buffers in `folder` (not a file of the user's)."""
    try:
        return path.resolve().parent == folder.resolve() and bool(_NAME.match(path.name))
    except (OSError, RuntimeError):
        return False


def new_buffer(
    folder: Path, purpose: str, kind: str, record_id: str, ext: str, owned_from: Path | None
) -> Path:
    """Create an empty private buffer file for `kind record_id` and return its path
    (`folder` made private from `owned_from`, mentee's own folder, down)."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown buffer purpose {purpose!r}")
    private_folder(folder, owned_from)
    stamp = datetime.now().strftime(_STAMP)
    for attempt in range(100):
        name = f"{purpose}.{kind}.{record_id}.{stamp}.{os.getpid()}.{ext}"
        if attempt:
            name = f"{purpose}.{kind}.{record_id}.{stamp}.{os.getpid()}{attempt:02d}.{ext}"
        path = folder / name
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            continue
        os.fchmod(fd, 0o600)
        os.close(fd)
        return path
    raise FileExistsError(f"{folder}: cannot make a new buffer")  # pragma: no cover


def claim(leftover: Leftover) -> Path:
    """Take a leftover over for this process (renamed with this process's id, so no other
    mentee offers it while it is open again); the new path."""
    stamp = datetime.now().strftime(_STAMP)
    name = (
        f"{leftover.purpose}.{leftover.kind}.{leftover.record_id}.{stamp}.{os.getpid()}."
        f"{leftover.path.suffix.lstrip('.')}"
    )
    target = leftover.path.with_name(name)
    os.replace(leftover.path, target)
    return target


def leftovers(folder: Path) -> list[Leftover]:
    """Every buffer in `folder` (in use or not), oldest first."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        match = _NAME.match(name)
        if match is None:
            continue
        try:
            made = datetime.strptime(match["made"], _STAMP)
        except ValueError:
            continue
        found.append(
            Leftover(
                folder / name,
                match["purpose"],
                match["kind"],
                match["id"],
                made,
                int(match["pid"]),
            )
        )
    return sorted(found, key=lambda b: (b.made, b.path.name))


def left_for(folder: Path, purpose: str, kind: str, record_id: str) -> list[Leftover]:
    """The leftovers (not in use) of one purpose and record, newest first."""
    return [
        b
        for b in reversed(leftovers(folder))
        if (b.purpose, b.kind, b.record_id) == (purpose, kind, record_id) and not b.in_use
    ]


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0
    return True
