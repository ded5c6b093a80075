"""`mentee doctor`: every problem in a journal, as `path:line: message`, and the safe fixes.

It reads every file through the store (damaged files, sync conflict copies, files that are
not records), and checks what a single file cannot show: references to records that do not
exist, records written by a newer mentee, files or folders others may read, temp and backup
files a crash, an editor or another program left behind, files in a record folder that are
not records, a record folder that is a symbolic link, editor buffers kept from an edit that
was never saved, a mentor's unknown time zone. `fix` only does what cannot lose anything:
tightening permissions and removing mentee's own temp files older than a day. It never
deletes, moves or rewrites a record.

No printing here; the clock (`now`) comes from the caller.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from mentee.errors import StoreError
from mentee.fileio import is_temp_name
from mentee.kinds import Kind
from mentee.models import SCHEMA_VERSION, Mentor, Record
from mentee.references import references
from mentee.store import Store
from mentee.store.problems import line_of

TEMP_AGE = timedelta(days=1)
FILE_MODE = 0o600
FOLDER_MODE = 0o700


class Fix(StrEnum):
    """What `doctor --fix` may do about a finding."""

    FILE_MODE = "file-mode"
    FOLDER_MODE = "folder-mode"
    REMOVE_TEMP = "remove-temp"


@dataclass(frozen=True)
class Finding:
    """One problem: `path:line: message`, and the safe fix when there is one."""

    path: Path
    message: str
    line: int | None = None
    fix: Fix | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


def check(store: Store, now: datetime, buffers: Path | None = None) -> list[Finding]:
    """Every problem in the journal at `store.root`, in a stable order (by path, then line).

    `buffers` is the journal's folder of editor buffers (see `mentee.buffers`): text kept
    from an edit that was interrupted or could not be saved is listed with the command
    that offers it back.
    """
    root = store.root
    findings: list[Finding] = []
    if not os.path.lexists(root):
        return findings
    if not root.is_dir():
        return [Finding(root, "the data directory is not a directory")]
    findings += _mode_findings(root, folder=True)
    findings += _config_findings(root)
    records: list[Record] = []
    for kind in Kind:
        folder = store.folder(kind)
        loaded = store.load(kind)
        findings += [Finding(p.path, p.message, p.line) for p in loaded.problems]
        records += loaded.records
        if folder.is_dir() and not folder.is_symlink():
            findings += _mode_findings(folder, folder=True)
            findings += _folder_findings(folder, now)
    findings += _temp_findings(root, now, root=True)
    existing = {kind: set(store.ids(kind)) for kind in Kind}
    for record in records:
        findings += _record_findings(store, record, existing)
    if buffers is not None:
        findings += _buffer_findings(buffers)
    return sorted(findings, key=lambda f: (str(f.path), f.line or 0, f.message))


def _buffer_findings(folder: Path) -> list[Finding]:
    from mentee.buffers import leftovers

    found = []
    for leftover in leftovers(folder):
        if leftover.in_use:
            continue  # an editor is open on it now
        when = leftover.made.strftime("%Y-%m-%d %H:%M")
        found.append(
            Finding(
                leftover.path,
                f"an unfinished {leftover.subject} from {when}, kept because it was not "
                f"saved to the journal: {leftover.resume_hint}; "
                "delete the file once you no longer need it",
            )
        )
    return found


def _config_findings(root: Path) -> list[Finding]:
    from mentee.config import load_config

    path = root / "config.toml"
    if not os.path.lexists(path):
        return []
    found = _mode_findings(path, folder=False)
    try:
        load_config(root)
    except StoreError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        found.append(Finding(path, message))
    return found


def _folder_findings(folder: Path, now: datetime) -> list[Finding]:
    """Permissions of the record files, and files in a kind's folder that are not records:
    temp files (mentee's and other programs'), editor leftovers, strays, sub-folders."""
    found = _temp_findings(folder, now)
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return found  # the store reported it
    for name in names:
        path = folder / name
        if name.endswith(".toml") and not name.startswith("."):
            found += _mode_findings(path, folder=False)
        elif not is_temp_name(name) and not is_leftover(name):
            what = "a folder" if path.is_dir() and not path.is_symlink() else "a file"
            found.append(
                Finding(
                    path,
                    f"{what} that is not a record: mentee reads only <id>.toml files here "
                    "(and sync will not send it): move it out of the journal",
                )
            )
    return found


# Names editors and other programs give their temp and backup files.
_LEFTOVER = re.compile(r"^\..*|.*~|.*\.sw[a-p]|.*\.tmp|#.*#|.*\.bak|.*\.orig|.*\.rej$")


def is_leftover(name: str) -> bool:
    """Whether a file name is a temp or backup file (hidden, `~`, `.swp`, `.tmp`...)."""
    return bool(_LEFTOVER.fullmatch(name))


# At the top of a journal hidden files are other tools' (git, sync tools): only temp and
# backup names count there.
_LEFTOVER_AT_ROOT = re.compile(r"^.*~|.*\.sw[a-p]|.*\.tmp|#.*#$")


def _temp_findings(folder: Path, now: datetime, *, root: bool = False) -> list[Finding]:
    """Temp and backup files: mentee's own (removed by `--fix` after a day), and any other
    program's or editor's (reported only: they are not mentee's to delete)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    found = []
    for name in names:
        ours = is_temp_name(name)
        if not ours and not (_LEFTOVER_AT_ROOT if root else _LEFTOVER).fullmatch(name):
            continue
        path = folder / name
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if ours and not stat.S_ISREG(info.st_mode):
            continue
        age = now - datetime.fromtimestamp(info.st_mtime, tz=now.tzinfo)
        if not ours:
            found.append(
                Finding(
                    path,
                    f"a leftover temp or backup file ({_age(age)} old; an editor's or another "
                    "program's?): mentee never reads it and sync never sends it; delete it "
                    "once no program is using it",
                )
            )
            continue
        old = age > TEMP_AGE
        found.append(
            Finding(
                path,
                f"a temp file left by an interrupted write ({_age(age)} old); "
                + (
                    "safe to remove: doctor --fix removes it"
                    if old
                    else "a write may still be running; doctor --fix removes it after a day"
                ),
                fix=Fix.REMOVE_TEMP if old else None,
            )
        )
    return found


def _age(age: timedelta) -> str:
    if age >= timedelta(days=2):
        return f"{age.days} days"
    hours = int(age.total_seconds() // 3600)
    return f"{hours} hours" if hours >= 1 else "minutes"


def _mode_findings(path: Path, *, folder: bool) -> list[Finding]:
    try:
        info = os.lstat(path)
    except OSError:
        return []
    if stat.S_ISLNK(info.st_mode):
        return []  # never followed; the store reports a linked record
    mode = stat.S_IMODE(info.st_mode)
    if not mode & 0o077:
        return []
    wanted = FOLDER_MODE if folder else FILE_MODE
    what = "folder" if folder else "file"
    return [
        Finding(
            path,
            f"other users may read this {what} (mode {mode:04o}); mentee keeps "
            f"{what}s {wanted:04o}: doctor --fix sets it",
            fix=Fix.FOLDER_MODE if folder else Fix.FILE_MODE,
        )
    ]


def _record_findings(store: Store, record: Record, existing: dict[Kind, set[str]]) -> list[Finding]:
    path = store.path(record.KIND, record.id)
    text = _text(path)
    found = []
    if record.schema_version > SCHEMA_VERSION:
        found.append(
            Finding(
                path,
                f"written by a newer mentee (schema {record.schema_version}; this one knows "
                f"{SCHEMA_VERSION}): shown, but read only until you upgrade mentee",
                line_of(text, "schema_version"),
            )
        )
    for name, kind, target in references(record):
        if target not in existing[kind]:
            found.append(
                Finding(
                    path,
                    f"{name}: no {kind.value} with id {target!r} (a dangling reference)",
                    line_of(text, name),
                )
            )
    if isinstance(record, Mentor) and record.timezone and not _known_zone(record.timezone):
        found.append(
            Finding(
                path,
                f"timezone: {record.timezone[:80]!r} is not a known IANA time zone "
                "(e.g. Europe/Berlin)",
                line_of(text, "timezone"),
            )
        )
    return found


def _text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def _known_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


@dataclass(frozen=True)
class Fixed:
    """A fix `doctor --fix` made: the file and what was done to it."""

    path: Path
    action: str


def fix(findings: Iterable[Finding]) -> list[Fixed]:
    """Apply the safe fixes: permissions, and mentee's temp files older than a day.

    Each fix checks the file again first (a symbolic link is never touched). A fix that
    fails is left for the next check to report.
    """
    done: list[Fixed] = []
    for finding in findings:
        path = finding.path
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISLNK(info.st_mode):
            continue
        try:
            if finding.fix == Fix.FILE_MODE and stat.S_ISREG(info.st_mode):
                os.chmod(path, FILE_MODE)
                done.append(Fixed(path, f"set mode {FILE_MODE:04o}"))
            elif finding.fix == Fix.FOLDER_MODE and stat.S_ISDIR(info.st_mode):
                os.chmod(path, FOLDER_MODE)
                done.append(Fixed(path, f"set mode {FOLDER_MODE:04o}"))
            elif (
                finding.fix == Fix.REMOVE_TEMP
                and stat.S_ISREG(info.st_mode)
                and is_temp_name(path.name)
            ):
                os.unlink(path)
                done.append(Fixed(path, "removed the temp file"))
        except OSError:
            continue
    return done
