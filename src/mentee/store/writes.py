"""Writing a journal directory: `Store`, the one entry point to a journal.

Every write runs under the journal's exclusive lock (`Store.locked`), and everything one
`locked()` block writes is one change: noted in the undo history before the file is
written, put in place atomically (see `mentee.fileio`), and put back whole when the block
ends with an exception. A file that could not be read is never rewritten: only records read
whole can be saved.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mentee import fileio, ids
from mentee.errors import StoreError
from mentee.store.problems import DamagedRecordError, linked_folder_message
from mentee.store.reads import StoreReads

if TYPE_CHECKING:
    from datetime import datetime

    from mentee.history import History
    from mentee.kinds import Kind
    from mentee.models import Record

LOCK_TIMEOUT_SECONDS = 30.0
# From this many files, a change writes them all, then syncs them together (one syncfs).
_SYNC_TOGETHER_FROM = 9


class Store(StoreReads):
    """One journal directory: its records read (see `StoreReads`) and written.

    `root` is the data directory; `lock_path` the lock file (outside `root` by default so
    that sync tools never copy it; the caller chooses where); `history_path` the folder of
    the undo history (None: none kept); `index_path` the index's file (None: every read
    parses the files); `private_root` mentee's own folder outside the journal, kept 0700;
    `now` the clock changes are stamped with (None: the system's). The command line makes
    its store with `mentee.cli.paths.open_store`.
    """

    def __init__(
        self,
        root: Path,
        lock_path: Path | None = None,
        history_path: Path | None = None,
        index_path: Path | None = None,
        private_root: Path | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(root, index_path, private_root)
        self.lock_path = lock_path if lock_path is not None else root.parent / f".{root.name}.lock"
        self.clock = now
        self._lock_depth = 0
        self._lock_fd: int | None = None
        # The files the change under the lock wrote so far (see `locked`), None unlocked.
        self._changes: list[_Changed] | None = None
        # The undo history (outside `root`; the caller chooses where), or None to keep none.
        # Every write through this store is one entry: what the command calls `command`.
        self._history_path = history_path
        self._history: History | None = None
        self.command = "change"
        # Run once, inside the lock, the first time this store takes it (before a command
        # reads what it will change): the command line brings an older journal's layout
        # up to date here (`links.move_legacy_links`). None: nothing to run.
        self.before_first_write: Callable[[Store], object] | None = None

    @property
    def history(self) -> History | None:
        """The undo history (made when first used: a command that only reads never does)."""
        if self._history is None and self._history_path is not None:
            from mentee.history import History

            self._history = History(self._history_path, owned_from=self.private_root, now=self.now)
        return self._history

    def now(self) -> datetime:
        """When a change happens, to the second, as its records and undo entry are stamped."""
        if self.clock is None:
            from mentee.dates import local_now

            return local_now().replace(microsecond=0)
        return self.clock().replace(microsecond=0)

    # -- the lock: one change at a time, all or nothing -----------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the journal's exclusive lock (re-entrant within this process).

        Everything written while the outermost lock is held is one change, all or nothing:
        when the block ends with an exception (a full disk on the third file, an interrupt),
        every file it wrote is put back as it was before the block, and its undo entry goes.
        """
        self.forget_reads()
        outermost = self._lock_depth == 0
        if outermost:
            self._acquire()
            self._changes = []
        self._lock_depth += 1
        try:
            if self.before_first_write is not None:
                upgrade, self.before_first_write = self.before_first_write, None
                upgrade(self)
            yield
        except BaseException as exc:
            if outermost:
                self._roll_back(exc)
            raise
        finally:
            self._lock_depth -= 1
            if outermost:
                self._finish()
                self._release()

    def _acquire(self) -> None:
        try:
            self._lock_fd = fileio.lock_file(
                self.lock_path, LOCK_TIMEOUT_SECONDS, owned_from=self.private_root
            )
        except fileio.FileIOError as exc:
            raise StoreError(str(exc)) from exc
        except TimeoutError:
            raise StoreError(
                f"{self.lock_path}: another mentee has held the journal's lock for "
                f"{LOCK_TIMEOUT_SECONDS:.0f} s; try again"
            ) from None

    def _release(self) -> None:
        if self._lock_fd is not None:
            fd, self._lock_fd = self._lock_fd, None
            fileio.unlock_file(fd)

    def _roll_back(self, error: BaseException) -> None:
        """Put back every file this change wrote, newest first (see `locked`)."""
        changes, self._changes = self._changes or [], []
        failed: list[str] = []
        for change in reversed(changes):
            try:
                change.put_back()
            except OSError as exc:
                failed.append(f"{change.path} ({exc.strerror})")
            except StoreError as exc:
                failed.append(f"{change.path} ({exc})")
        self.forget_reads()
        if failed:
            # The undo entry stays: `mentee undo` can still revert what is left.
            for change in changes:
                change.forget()
            raise StoreError(
                f"{error}; and {', '.join(failed)} could not be put back: run `mentee undo` "
                "to revert the rest of this change"
            ) from error
        for change in reversed(changes):
            change.drop_history()
            change.forget()

    def _finish(self) -> None:
        """The change ended (done or put back): the kept copies of its files go."""
        changes, self._changes = self._changes or [], None
        for change in changes:
            change.forget()

    # -- records ---------------------------------------------------------------------------

    def new_id(self, kind: Kind) -> str:
        """A random id no file of `kind` uses (readable or not)."""
        return ids.new_id(lambda candidate: os.path.lexists(self.path(kind, candidate)))

    def mentor_handle(self, name: str) -> str:
        """The handle for a new mentor named `name`, suffixed if taken."""
        from mentee.kinds import Kind

        return ids.mentor_handle(name, lambda c: os.path.lexists(self.path(Kind.MENTOR, c)))

    def create(self, record: Record) -> Record:
        """Write a new record; its id must not be taken."""
        from mentee.store.recordfile import stamped

        with self.locked():
            path = self.path(record.KIND, record.id)
            if os.path.lexists(path):
                raise StoreError(f"{path}: a record with id {record.id!r} exists already")
            written = stamped(record, self.now())
            self._write(path, written)
            return written

    def save(self, record: Record, layout: str | None = None) -> Record:
        """Rewrite an existing record (read whole before), stamping `updated`.

        The file keeps its layout (comments, key order, untouched fields as written), or
        takes the layout of `layout` (a buffer the person edited) when given.
        """
        from mentee.store.recordfile import stamped

        with self.locked():
            path = self.path(record.KIND, record.id)
            self.ensure_writable(record)
            written = stamped(record, self.now())
            self._write(path, written, layout)
            return written

    def put(self, record: Record) -> Record:
        """Write a record as given, keeping its `created` and `updated` (import, restore).

        Only missing timestamps are stamped. Whether a file may be replaced is the caller's
        decision (import never replaces a file it could not read).
        """
        return self.put_all([record])[0]

    def put_all(
        self, records: Sequence[Record], files: Mapping[tuple[Kind, str], bytes] | None = None
    ) -> list[Record]:
        """`put` for many records at once (an import): one undo history write for all of
        them, their files written and then synced to disk together, put in place, each
        folder synced once, instead of three syncs a file. All or nothing, as any change
        under the lock. `files`: a record's file already made (by `serialize`), by kind
        and id."""
        from mentee.store.recordfile import refuse_newer, render, text_of, with_times

        with self.locked():
            planned: list[tuple[Path, bytes | None, bytes]] = []
            written: list[Record] = []
            # By kind: whether a file is in its folder, from one listing (see `presence`).
            present: dict[Kind, Callable[[str], bool]] = {}
            now = self.now()
            for record in records:
                path = self.path(record.KIND, record.id)
                refuse_newer(path, record)
                stamped = with_times(record, now)
                exists = present.get(record.KIND)
                if exists is None:
                    self.ensure_folder(path.parent)
                    exists = present[record.KIND] = self.presence(path.parent)
                before = self.snapshot(path) if exists(path.name) else None
                made = files.get((record.KIND, record.id)) if files and stamped is record else None
                if made is None or before is not None:
                    made = render(stamped, text_of(before) if before is not None else None)
                planned.append((path, before, made))
                written.append(stamped)
            self.replace_files(planned)
            return written

    def ensure_writable(self, record: Record) -> None:
        """A StoreError when `record` may not be rewritten: it is from a newer schema.

        Commands that change several records check them all first, so that they change
        all of them or none.
        """
        from mentee.store.recordfile import refuse_newer

        refuse_newer(self.path(record.KIND, record.id), record, changing=True)

    def _write(self, path: Path, record: Record, layout: str | None = None) -> None:
        """Write `record` to `path`: in the layout of `layout` (a text the person edited)
        or of the file it replaces, so comments and the order and form of untouched fields
        stay as they were; a new file in mentee's own layout."""
        from mentee.store.recordfile import render, text_of

        self.forget_reads()
        self.ensure_folder(path.parent)
        before = self.snapshot(path)
        if layout is None and before is not None:
            layout = text_of(before)
        self.replace_file(path, before, render(record, layout))

    # -- files -------------------------------------------------------------------------------

    def replace_file(
        self, path: Path, before: bytes | None, data: bytes | None, *, history: bool = True
    ) -> None:
        """Replace the file at `path` (whose bytes are `before`, None: no file) with `data`
        (None: remove it), as one step of the change the lock holds.

        The undo history notes the change first (unless `history` is False: undo itself);
        the file before is kept (a hard link, else its bytes) until the change ends, so a
        failure later in the same change can put it back without needing disk space.
        """
        assert self._changes is not None, "files change only under the lock"
        rollback = None
        if history and self.history is not None and data is not None:
            # Kept before the write: a crash in between leaves an entry undo sees through.
            rollback = self.history.record(self.command, self.root, path, before, data)
        kept = fileio.keep_beside(path) if before is not None else None
        self._changes.append(_Changed(path, before, kept, rollback))
        with store_errors():
            if data is None:
                fileio.remove_durably(path)
            else:
                fileio.write_atomic(path, data)

    def replace_files(self, changes: Sequence[tuple[Path, bytes | None, bytes]]) -> None:
        """`replace_file` for many files written together: the undo history's lines in one
        write, every file written, synced to disk at once, then put in place, and each
        folder synced once. A failure half way removes what was not put in place yet; the
        lock puts back the rest."""
        assert self._changes is not None, "files change only under the lock"
        if not changes:
            return
        self.forget_reads()
        rollback = None
        if self.history is not None:
            rollback = self.history.record_all(self.command, self.root, list(changes))
        temps: list[str | Path] = []
        placed = 0
        # Many files: written, then synced together (one syncfs), not one by one.
        syncfs = fileio.linux_syncfs() if len(changes) >= _SYNC_TOGETHER_FROM else None
        try:
            with store_errors():
                if syncfs is None:
                    for path, _, data in changes:
                        temps.append(fileio.write_temp(path, data))
                else:
                    temps.extend(fileio.write_temps([(path, data) for path, _, data in changes]))
                    fileio.sync_file_systems(temps, syncfs)
                folders: dict[str, None] = {}
                for (path, before, _), temp in zip(changes, temps, strict=True):
                    keep = fileio.keep_beside(path) if before is not None else None
                    self._changes.append(_Changed(path, before, keep, rollback))
                    rollback = None  # the first change carries the history's lines
                    fileio.replace(temp, path)
                    placed += 1
                    folders[os.path.dirname(path)] = None
                for folder in sorted(folders):
                    fileio.fsync_folder(Path(folder))
        except BaseException:
            for temp in temps[placed:]:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
            if rollback is not None:
                rollback()
            raise

    def snapshot(self, path: Path) -> bytes | None:
        """The bytes of a record file now, or None when there is none (never follows links)."""
        if not os.path.lexists(path):
            return None
        try:
            return self._read_bytes(path)
        except DamagedRecordError as exc:
            raise StoreError(str(exc.problem)) from None

    def presence(self, folder: Path) -> Callable[[str], bool]:
        """Whether a file named so is in `folder` (as `os.path.lexists`), answered from one
        listing of it (taken now: call it under the lock, which keeps mentee's other
        writes out): a name not listed, even ignoring case (a file system may), is not
        there; any other is checked by its path. A folder that cannot be listed but
        exists: every name is checked by its path."""
        try:
            listed = {name.casefold() for name in os.listdir(folder)}
        except (FileNotFoundError, NotADirectoryError):
            listed = set()  # then no path in it exists either
        except OSError:
            return lambda name: os.path.lexists(folder / name)

        def exists(name: str) -> bool:
            return name.casefold() in listed and os.path.lexists(folder / name)

        return exists

    def ensure_folder(self, folder: Path) -> None:
        """Create the data directory and `folder` in it (mode 0700) if missing."""
        try:
            if not self.root.exists():
                self.root.mkdir(mode=0o700, parents=True)
                os.chmod(self.root, 0o700)
            elif not self.root.is_dir():
                raise StoreError(f"{self.root}: the data directory is not a directory")
            if os.path.islink(folder):
                raise StoreError(f"{folder}: {linked_folder_message(folder)}")
            if not folder.is_dir():
                folder.mkdir(mode=0o700)
                os.chmod(folder, 0o700)
        except FileExistsError:
            raise StoreError(f"{folder}: exists and is not a directory") from None
        except NotADirectoryError:
            raise StoreError(f"{self.root}: the data directory is not a directory") from None
        except OSError as exc:
            raise StoreError(f"{exc.filename or folder}: {exc.strerror}") from exc


class _Changed:
    """One file a change under the lock wrote: how to put it back."""

    __slots__ = ("before", "kept", "path", "rollback")

    def __init__(
        self,
        path: Path,
        before: bytes | None,  # None: the change created the file
        kept: Path | None,  # a hard link to the file before, when one could be made
        rollback: Callable[[], None] | None,  # drops the undo history's line for it
    ) -> None:
        self.path = path
        self.before = before
        self.kept = kept
        self.rollback = rollback

    def put_back(self) -> None:
        if self.before is None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
        elif self.kept is not None:
            if not fileio.same_file(self.kept, self.path):  # else it was never replaced
                os.replace(self.kept, self.path)
                self.kept = None
        elif fileio.read_no_follow(self.path) != self.before:
            write_atomic(self.path, self.before)
        with contextlib.suppress(OSError):
            fileio.fsync_folder(self.path.parent)

    def drop_history(self) -> None:
        if self.rollback is not None:
            self.rollback()

    def forget(self) -> None:
        if self.kept is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.kept)
            self.kept = None


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file whole
    (see `fileio.write_atomic`); a failure is a StoreError naming the file."""
    with store_errors():
        fileio.write_atomic(path, data, mode)


@contextlib.contextmanager
def store_errors() -> Iterator[None]:
    """A failed file operation (`fileio.FileIOError`) as a StoreError with its words."""
    try:
        yield
    except fileio.FileIOError as exc:
        raise StoreError(str(exc)) from exc
