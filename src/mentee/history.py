"""The undo history: what each command changed, so `mentee undo` can put it back.

Every write through the store (create and save) records the file's previous content (or
that it did not exist) and a digest of what was written, grouped per `Store` (the command
line makes one per invocation, so one entry is everything one command changed). An entry is
a JSON-lines file, `<number>.jsonl`: a header line (command, time), then one line per change,
appended and fsynced before the record file is written. Entries live in a folder the caller
chooses: the command line keeps it in the user cache folder beside the locks, never in the
data directory, so sync tools never copy it and it never shows up as a record. Only the
newest `HISTORY_LIMIT` entries are kept.

`undo` reverts the newest entry under the journal's lock, file by file with atomic writes,
and only when every file it would touch is still exactly what that command wrote: a file
changed since (by hand, by a sync, by another command whose entry is gone) refuses the whole
undo, with nothing changed.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from mentee import ids
from mentee.digests import sha256_hex
from mentee.errors import ConflictError, NotFoundError, StoreError
from mentee.kinds import FOLDERS

if TYPE_CHECKING:
    from mentee.store import Store

HISTORY_LIMIT = 50
FORMAT = "mentee-history/1"
_SUFFIX = ".jsonl"


def digest(data: bytes) -> str:
    """The SHA-256 of `data` in hex (how an entry records what a command wrote)."""
    return sha256_hex(data)


@dataclass
class Change:
    """One file one command changed: its path in the journal, before, and a digest after."""

    path: str  # relative to the data directory, e.g. "goals/abc123.toml"
    before: bytes | None  # None: the command created the file
    after: str  # sha256 of the bytes the command wrote

    @property
    def created(self) -> bool:
        """Whether the command created the file (there was nothing before)."""
        return self.before is None

    def to_json(self) -> dict[str, Any]:
        """The change as `undo --list --json` shows it: the path, the text before (or base64
        bytes when it was not UTF-8; None when created) and the digest after."""
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
        """The entry's file name: its number, zero-padded to 8 digits, and the suffix."""
        return f"{self.number:08d}{_SUFFIX}"

    def header(self) -> dict[str, Any]:
        """The first line of the entry's file; each change follows on a line of its own."""
        return {
            "format": FORMAT,
            "journal": self.journal,
            "command": self.command,
            "time": self.time.isoformat(),
        }


class History:
    """The entries of one journal, in `folder` (created on the first write, mode 0700)."""

    def __init__(
        self,
        folder: Path,
        limit: int = HISTORY_LIMIT,
        owned_from: Path | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.folder = folder
        self.limit = limit
        self.owned_from = owned_from  # kept 0700 from there down (see `fileio.private_folder`)
        # When a command's entry is made (to the second; None: the system clock).
        self.now = now
        self._current: Entry | None = None

    # -- recording (called by the store, under the journal's lock) ----------------------

    def record(
        self, command: str, root: Path, path: Path, before: bytes | None, after: bytes
    ) -> Callable[[], None]:
        """`record_all` for one file."""
        return self.record_all(command, root, [(path, before, after)])

    def record_all(
        self,
        command: str,
        root: Path,
        changes: list[tuple[Path, bytes | None, bytes]],
    ) -> Callable[[], None]:
        """Note that each `path` goes from `before` to `after`; returns a rollback for a
        failed write.

        Written (and fsynced) before the record files are, so a crash in between leaves an
        entry whose files are still as before: `undo` sees that and has nothing to do for
        them. Each change is one line appended to the command's entry, so a command that
        writes thousands of files (an import) costs one line each, not a rewrite of the
        entry, and the lines of changes written together are appended with one sync.
        """
        lines = []
        # A path in the journal as the entry names it, by slicing the root off its text
        # (a Path a change costs more than the rest of its line); relative_to otherwise.
        prefix = os.path.join(root, "")
        for path, before, after in changes:
            text = os.fspath(path)
            if os.sep == "/" and text.startswith(prefix) and ".." not in text:
                name = text[len(prefix) :]
            else:
                name = path.relative_to(root).as_posix()
            change = Change(name, before, digest(after))
            lines.append(json.dumps(change.to_json(), ensure_ascii=False) + "\n")
        line = "".join(lines).encode("utf-8")
        fresh = self._current is None
        if self._current is None:
            entry = Entry(
                number=self._next_number(),
                command=command,
                time=self._time(),
                journal=str(root.absolute()),
            )
            self._create(entry)
            self._current = entry
        target = self.folder / self._current.name
        try:
            size = self._append(target, line)
        except BaseException:
            if fresh:
                self._discard()
            raise
        if fresh:
            self._prune()

        def rollback() -> None:
            with contextlib.suppress(OSError):
                if fresh:
                    self._discard()
                else:
                    os.truncate(target, size)

        return rollback

    def _time(self) -> datetime:
        if self.now is None:
            from mentee.dates import local_now

            return local_now().replace(microsecond=0)
        return self.now().replace(microsecond=0)

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

    def _create(self, entry: Entry) -> None:
        """A new entry file holding its header line, written whole."""
        from mentee.fileio import private_folder
        from mentee.store import write_atomic

        try:
            private_folder(self.folder, self.owned_from)
        except OSError as exc:
            raise StoreError(
                f"{self.folder}: cannot keep the undo history: {exc.strerror}"
            ) from exc
        header = json.dumps(entry.header(), ensure_ascii=False) + "\n"
        write_atomic(self.folder / entry.name, header.encode("utf-8"))

    def _append(self, target: Path, line: bytes) -> int:
        """Append `line` durably; the size before it (to cut it off again)."""
        from mentee.fileio import FileIOError, append_durably

        try:
            return append_durably(target, line)
        except FileIOError as exc:
            raise StoreError(str(exc)) from exc

    def _discard(self) -> None:
        if self._current is not None:
            with contextlib.suppress(OSError):
                (self.folder / self._current.name).unlink(missing_ok=True)
        self._current = None

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
            lines = path.read_bytes().decode("utf-8").split("\n")
            # A last line without its newline is a change whose append was cut short by a
            # crash: its record was never written, so it is not part of the entry.
            complete = lines[:-1]
            header = json.loads(complete[0])
            if header.get("format") != FORMAT:
                raise ValueError(f"unknown format {str(header.get('format'))[:40]!r}")
            entry = Entry(
                number=number,
                command=str(header["command"]),
                time=datetime.fromisoformat(header["time"]),
                journal=str(header["journal"]),
            )
            by_path: dict[str, Change] = {}
            for text in complete[1:]:
                change = _change(json.loads(text))
                if change.path in by_path:
                    # The same file written twice by one command: before the first, after
                    # the last.
                    by_path[change.path].after = change.after
                else:
                    by_path[change.path] = change
                    entry.changes.append(change)
        except OSError as exc:
            raise StoreError(f"{path}: cannot read this undo entry: {exc.strerror}") from exc
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
            raise StoreError(
                f"{path}: damaged undo entry ({type(exc).__name__}); delete it to undo past it"
            ) from None
        return entry

    def forget(self, entry: Entry) -> None:
        """Remove an entry's file (undone, or past the limit); a failure is a StoreError."""
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
        # Files the command changed go back first, the files it created go last: an undo
        # killed half way never leaves a record pointing to one already removed (what a
        # file held before the command never named a record the command created). An undo
        # failing half way is put back whole by the lock.
        plan.sort(key=lambda step: step[1].created)
        for path, change in plan:
            if change.before is not None:
                store.ensure_folder(path.parent)
            store.replace_file(path, store.snapshot(path), change.before, history=False)
            (done.removed if change.created else done.restored).append(change.path)
        history.forget(entry)
        return done
