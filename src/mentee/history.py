"""The undo history: what each command changed, so `mentee undo` can put it back.

Every write through the store (create and save) records the file's previous content (or
that it did not exist) and a digest of what was written, grouped per `Store` (the command
line makes one per invocation, so one entry is everything one command changed). Entries are
JSON files numbered in order in a folder the caller chooses: the command line keeps it in the
user cache folder beside the locks, never in the data directory, so sync tools never copy it
and it never shows up as a record. Only the newest `HISTORY_LIMIT` entries are kept.

`undo` reverts the newest entry under the journal's lock, file by file with atomic writes,
and only when every file it would touch is still exactly what that command wrote: a file
changed since (by hand, by a sync, by another command whose entry is gone) refuses the whole
undo, with nothing changed.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from mentee import ids
from mentee.errors import ConflictError, NotFoundError, StoreError
from mentee.kinds import FOLDERS

if TYPE_CHECKING:
    from mentee.store import Store

HISTORY_LIMIT = 50
FORMAT = "mentee-history/1"
_SUFFIX = ".json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Change:
    """One file one command changed: its path in the journal, before, and a digest after."""

    path: str  # relative to the data directory, e.g. "goals/abc123.toml"
    before: bytes | None  # None: the command created the file
    after: str  # sha256 of the bytes the command wrote

    @property
    def created(self) -> bool:
        return self.before is None

    def to_json(self) -> dict[str, Any]:
        before: dict[str, str] | None = None
        if self.before is not None:
            try:
                before = {"text": self.before.decode("utf-8")}
            except UnicodeDecodeError:
                before = {"base64": base64.b64encode(self.before).decode("ascii")}
        return {"path": self.path, "before": before, "after_sha256": self.after}


@dataclass
class Entry:
    """Everything one command changed."""

    number: int
    command: str
    time: datetime
    journal: str
    changes: list[Change] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.number:08d}{_SUFFIX}"

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "journal": self.journal,
            "command": self.command,
            "time": self.time.isoformat(),
            "changes": [c.to_json() for c in self.changes],
        }


class History:
    """The entries of one journal, in `folder` (created on the first write, mode 0700)."""

    def __init__(self, folder: Path, limit: int = HISTORY_LIMIT) -> None:
        self.folder = folder
        self.limit = limit
        self._current: Entry | None = None

    # -- recording (called by the store, under the journal's lock) ----------------------

    def record(
        self, command: str, root: Path, path: Path, before: bytes | None, after: bytes
    ) -> Callable[[], None]:
        """Note that `path` goes from `before` to `after`; returns a rollback for a failed write.

        Written before the record file is, so a crash in between leaves an entry whose file
        is still as before: `undo` sees that and has nothing to do for it.
        """
        relative = path.relative_to(root).as_posix()
        fresh = self._current is None
        if self._current is None:
            self._current = Entry(
                number=self._next_number(),
                command=command,
                time=datetime.now().astimezone().replace(microsecond=0),
                journal=str(root.absolute()),
            )
        entry = self._current
        previous = [Change(c.path, c.before, c.after) for c in entry.changes]
        for change in entry.changes:
            if change.path == relative:
                change.after = digest(after)
                break
        else:
            entry.changes.append(Change(relative, before, digest(after)))
        try:
            self._save(entry)
        except BaseException:
            entry.changes = previous
            if fresh:
                self._current = None
            raise
        if fresh:
            self._prune()

        def rollback() -> None:
            entry.changes = previous
            with contextlib.suppress(OSError, StoreError):
                if previous:
                    self._save(entry)
                else:
                    (self.folder / entry.name).unlink(missing_ok=True)
                    self._current = None

        return rollback

    def _next_number(self) -> int:
        numbers = self._numbers()
        return (max(numbers) if numbers else 0) + 1

    def _numbers(self) -> list[int]:
        try:
            names = os.listdir(self.folder)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(
                f"{self.folder}: cannot read the undo history: {exc.strerror}"
            ) from exc
        numbers = []
        for name in names:
            stem = name[: -len(_SUFFIX)]
            if name.endswith(_SUFFIX) and stem.isascii() and stem.isdigit():
                numbers.append(int(stem))
        return sorted(numbers)

    def _save(self, entry: Entry) -> None:
        from mentee.store import write_atomic

        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{self.folder}: cannot keep the undo history: {exc.strerror}"
            ) from exc
        data = json.dumps(entry.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(self.folder / entry.name, data)

    def _prune(self) -> None:
        numbers = self._numbers()
        for number in numbers[: max(len(numbers) - self.limit, 0)]:
            with contextlib.suppress(OSError):
                (self.folder / f"{number:08d}{_SUFFIX}").unlink()

    # -- reading ------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every entry, newest first. A damaged entry is a StoreError naming its file."""
        return [self._load(number) for number in reversed(self._numbers())]

    def _load(self, number: int) -> Entry:
        path = self.folder / f"{number:08d}{_SUFFIX}"
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"unknown format {str(data.get('format'))[:40]!r}")
            changes = [_change(c) for c in data["changes"]]
            return Entry(
                number=number,
                command=str(data["command"]),
                time=datetime.fromisoformat(data["time"]),
                journal=str(data["journal"]),
                changes=changes,
            )
        except OSError as exc:
            raise StoreError(f"{path}: cannot read this undo entry: {exc.strerror}") from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreError(
                f"{path}: damaged undo entry ({type(exc).__name__}); delete it to undo past it"
            ) from None

    def forget(self, entry: Entry) -> None:
        path = self.folder / entry.name
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"{path}: cannot remove this undo entry: {exc.strerror}") from exc


def _change(data: dict[str, Any]) -> Change:
    path = str(data["path"])
    before = data["before"]
    content: bytes | None
    if before is None:
        content = None
    elif "text" in before:
        content = str(before["text"]).encode("utf-8")
    else:
        content = base64.b64decode(str(before["base64"]), validate=True)
    after = str(data["after_sha256"])
    parts = PurePosixPath(path).parts
    if (
        len(parts) != 2
        or parts[0] not in FOLDERS.values()
        or not parts[1].endswith(".toml")
        or not ids.is_valid_id(parts[1][: -len(".toml")])
    ):
        raise ValueError(f"not a record path: {path[:80]!r}")
    return Change(path=path, before=content, after=after)


# -- undo -----------------------------------------------------------------------------------


@dataclass
class Undone:
    """What `undo` did: the entry it reverted and, per file, what happened."""

    entry: Entry
    restored: list[str] = field(default_factory=list)  # rewritten with the content before
    removed: list[str] = field(default_factory=list)  # created by the command: deleted
    unchanged: list[str] = field(default_factory=list)  # already as before (a failed write)


def undo(store: Store) -> Undone:
    """Revert the newest entry of `store`'s history, under the lock, or change nothing."""
    history = store.history
    if history is None:
        raise StoreError("this journal keeps no undo history")
    with store.locked():
        entries = history.entries()
        if not entries:
            raise NotFoundError("nothing to undo: no change is recorded for this journal")
        entry = entries[0]
        done = Undone(entry)
        plan: list[tuple[Path, Change]] = []
        for change in entry.changes:
            path = store.root.joinpath(*PurePosixPath(change.path).parts)
            current = store.snapshot(path)
            if current is not None and digest(current) == change.after:
                plan.append((path, change))
            elif current == change.before:
                done.unchanged.append(change.path)
            else:
                raise ConflictError(
                    f"{path}: changed since '{entry.command}' of "
                    f"{entry.time.strftime('%Y-%m-%d %H:%M')} wrote it; undo refused, "
                    "nothing was changed"
                )
        for path, change in plan:
            _restore(store, path, change)
            (done.removed if change.created else done.restored).append(change.path)
        history.forget(entry)
        return done


def _restore(store: Store, path: Path, change: Change) -> None:
    from mentee.store import write_atomic

    if change.before is None:
        try:
            os.unlink(path)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"{path}: cannot remove: {exc.strerror}") from exc
        _sync_folder(path.parent)
        return
    store.ensure_folder(path.parent)
    write_atomic(path, change.before)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        raise StoreError(f"{folder}: cannot sync the folder: {exc.strerror}") from exc
    finally:
        os.close(fd)
