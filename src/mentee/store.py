"""The data directory: read, validate, write atomically, lock. Knows nothing of the CLI.

Layout: one folder per kind (`goals/`, `mentors/`...), one `<id>.toml` file per record.
Temporary files start with `.` and end in `.tmp`. The lock file lives outside the data
directory (the caller names it), so tools that copy the journal never copy a lock.

Never-lose-data rules kept here:
- a file that cannot be read is reported as a `Problem` and never rewritten: only records
  that were read whole can be saved;
- writes go to a temp file in the same folder, are fsynced, then `os.replace`d over the
  record, and the folder is fsynced; the temp file is removed on any error;
- every read-modify-write runs under an exclusive lock (`Store.locked`);
- record files are opened with O_NOFOLLOW, and ids are checked before any path is built.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar, overload

from mentee import fileio, ids
from mentee.errors import NotFoundError, StoreError, UsageError
from mentee.kinds import SCHEMA_VERSION, Kind

if TYPE_CHECKING:
    from mentee.history import History
    from mentee.index import Fingerprint, Index
    from mentee.models import Action, Feedback, Goal, Meeting, Mentor, Note, Record, Topic

R = TypeVar("R", bound="Record")
# A kind's cached fingerprints by file name (see `Index.snapshot`).
Snapshot = dict[str, tuple[int, int, int, int] | None]


_MISSING: Any = object()


def _regular(entry: os.DirEntry[str]) -> os.stat_result | None:
    """An entry's lstat when it is a regular file, else None."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def _racy_ns() -> int:
    from mentee.index import RACY_NS

    return RACY_NS


LOCK_TIMEOUT_SECONDS = 30.0
_TOML_LINE = re.compile(r"at line (\d+)")


class Problem(NamedTuple):
    """Why one file could not be loaded, as `path:line: message`."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


@dataclass
class Loaded:
    """The records of one kind that could be read, and the files that could not."""

    records: list[Record] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class DamagedRecordError(StoreError):
    """One record file exists but cannot be read; carries the problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class Store:
    """One journal directory.

    `root` is the data directory; `lock_path` the lock file (outside `root` by default so
    that sync tools never copy it; the caller chooses where).
    """

    def __init__(
        self,
        root: Path,
        lock_path: Path | None = None,
        history_path: Path | None = None,
        index_path: Path | None = None,
        private_root: Path | None = None,
    ) -> None:
        self.root = root
        # The folder of mentee's own files outside the journal (the user cache folder's
        # `mentee`): it and every folder made in it for the lock, the history and the
        # index are kept 0700.
        self.private_root = private_root
        # A disposable cache of parsed files (outside `root`; the caller chooses where), or
        # None to parse every file on every read.
        self.index: Index | None = None
        if index_path is not None:
            from mentee.index import Index

            self.index = Index(index_path, private_root)
        self.lock_path = lock_path if lock_path is not None else root.parent / f".{root.name}.lock"
        self._lock_depth = 0
        self._lock_fd: int | None = None
        # The files the change under the lock wrote so far (see `locked`), None unlocked.
        self._changes: list[_Changed] | None = None
        # The undo history (outside `root`; the caller chooses where), or None to keep none.
        # Every write through this store is one entry: what the command calls `command`.
        self._history_path = history_path
        self._history: History | None = None
        self.command = "change"
        # Kinds whose files were checked against the index in this invocation (their file
        # names, the ids not in the index, the problems met), so a second read of the same
        # kind skips the scan. Forgotten whenever anything may write.
        self._fresh_kinds: dict[Kind, tuple[Snapshot, list[Problem]]] = {}
        # Every problem met while this store was used, once per path.
        self.problems: dict[Path, Problem] = {}
        # Told of each problem the first time it is met (the CLI warns on stderr).
        self.on_problem: Callable[[Problem], None] | None = None
        # Run once, inside the lock, the first time this store takes it (before a command
        # reads what it will change): the command line brings an older journal's layout
        # up to date here (`links.move_legacy_links`). None: nothing to run.
        self.before_first_write: Callable[[Store], object] | None = None

    @property
    def history(self) -> History | None:
        """The undo history (made when first used: a command that only reads never does)."""
        if self._history is None and self._history_path is not None:
            from mentee.history import History

            self._history = History(self._history_path, owned_from=self.private_root)
        return self._history

    # -- paths ---------------------------------------------------------------------------

    def folder(self, kind: Kind) -> Path:
        return self.root / kind.plural

    def path(self, kind: Kind, record_id: str) -> Path:
        """The file of a record. The id is checked first: no path is built from a bad one."""
        if not ids.is_valid_id(record_id):
            raise UsageError(f"invalid id {record_id!r}: ids are lowercase letters, digits and '-'")
        return self.folder(kind) / f"{record_id}.toml"

    # -- reading -------------------------------------------------------------------------

    def ids(self, kind: Kind) -> list[str]:
        """The ids of every record file of `kind`, readable or not (from the file names)."""
        found = []
        for name in self._names(kind):
            stem = name[: -len(".toml")]
            if ids.is_valid_id(stem):
                found.append(stem)
        return sorted(found)

    def _names(self, kind: Kind) -> list[str]:
        if self._linked(kind):
            return []
        try:
            names = os.listdir(self.folder(kind))
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            if os.path.lexists(self.root) and not os.path.isdir(self.root):
                # One clear error, not a warning per kind about folders that cannot exist.
                raise StoreError(f"{self.root}: the data directory is not a directory") from None
            self._note(Problem(self.folder(kind), "is not a folder; its records cannot be read"))
            return []
        except OSError as exc:
            raise StoreError(f"{self.folder(kind)}: {exc.strerror}") from exc
        return [n for n in names if n.endswith(".toml") and not n.startswith(".")]

    def _linked(self, kind: Kind) -> bool:
        """Whether the kind's folder is a symbolic link (noted as a problem): its records
        would live outside the journal, so mentee neither reads nor writes through it."""
        folder = self.folder(kind)
        if not os.path.islink(folder):
            return False
        self._note(Problem(folder, linked_folder_message(folder)))
        return True

    def _refuse_linked(self, kind: Kind) -> None:
        """A StoreError when the kind's folder is a symbolic link (see `_linked`)."""
        folder = self.folder(kind)
        if os.path.islink(folder):
            raise StoreError(f"{folder}: {linked_folder_message(folder)}")

    def load(self, kind: Kind, where: Where | None = None, views: bool = False) -> Loaded:
        """Every record of `kind` that can be read (and matches `where`), by id; a Problem for
        each file that cannot be read.

        With an index, a file whose fingerprint is unchanged since it was cached is not
        parsed again, and `where` selects in the index so only matching records are built.
        `views`: the records the index holds come as read-only views (see `views`).
        """
        if self._linked(kind):
            return Loaded(problems=[self.problems[self.folder(kind)]])
        index = self.index
        if index is not None and not index.broken:
            memo = self._fresh_kinds.get(kind)
            if memo is not None:
                cached, problems = memo
                selected = self._select(kind, where, cached, views)
                if selected is not None:
                    return Loaded(records=selected, problems=list(problems))
            checked = self._check_against_index(kind)
            if checked is not None:
                loaded = self._load_indexed(kind, where, views, *checked)
                if loaded is not None:
                    return loaded
        return self._load_files(kind, where)

    def _check_against_index(
        self, kind: Kind
    ) -> tuple[Snapshot | None, list[tuple[str, os.stat_result | None]], list[str]] | None:
        """The kind's snapshot in the index (None: none yet), the record files it does not
        vouch for with their lstat (new, changed, cached moments after they changed, or not
        a regular file: None), and the names it lists whose files are gone; None when the
        folder cannot be listed (the plain path says why). One `stat` a file: the only cost
        of a read that grows with the journal."""
        assert self.index is not None
        folder = os.fspath(self.folder(kind))
        fd = -1
        try:
            if os.scandir in os.supports_fd:
                fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            with os.scandir(fd if fd >= 0 else folder) as entries:
                return self._compare(kind, entries, folder)
        except OSError:
            return None
        finally:
            if fd >= 0:
                os.close(fd)

    def _compare(
        self, kind: Kind, entries: Iterator[os.DirEntry[str]], folder: str
    ) -> tuple[Snapshot | None, list[tuple[str, os.stat_result | None]], list[str]]:
        assert self.index is not None
        snapshot: Snapshot | None = None
        opened = False
        check: list[tuple[str, os.stat_result | None]] = []
        seen = 0
        missing = _MISSING
        for entry in entries:
            name = entry.name
            if not opened:
                # Opened only when there is a file to read (a new journal makes no index).
                if name[-5:] != ".toml" or name[:1] == ".":
                    continue
                snapshot = self.index.snapshot(kind.value)
                opened = True
            known = snapshot.get(name, missing) if snapshot is not None else missing
            if known is missing:
                if name[-5:] == ".toml" and name[:1] != ".":
                    check.append((name, _regular(entry)))
                continue
            seen += 1
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                check.append((name, None))
                continue
            if known != (info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns):
                check.append((name, info if stat.S_ISREG(info.st_mode) else None))
        gone: list[str] = []
        if snapshot is not None and seen != len(snapshot):
            # Some file the snapshot lists is gone (deleted, renamed): say which.
            here = set(os.listdir(folder))
            gone = [name for name in snapshot if name not in here]
        return snapshot, check, gone

    def _load_indexed(
        self,
        kind: Kind,
        where: Where | None,
        views: bool,
        snapshot: Snapshot | None,
        check: list[tuple[str, os.stat_result | None]],
        gone_names: list[str],
    ) -> Loaded | None:
        """`load` with the index: files the snapshot vouches for are not read; the others
        are checked (fingerprint, then the bytes of one cached moments after it changed) or
        parsed and cached. None when the index fails midway (the files are read instead)."""
        from mentee.index import Fingerprint, same_file, trusted

        index = self.index
        assert index is not None
        loaded = Loaded()
        if snapshot is None and not check:
            return loaded  # no record file: nothing to read, no index to make
        folder = self.folder(kind)
        now = time.time_ns()
        updated: Snapshot = dict(snapshot) if snapshot is not None else {}
        fresh: list[tuple[str, Fingerprint, tuple[str, bytes | None], dict[str, Any], bytes]] = []
        verified: list[str] = []
        unreadable: list[str] = []
        to_check: dict[str, os.stat_result | None] = {}
        for name, info in sorted(check, key=lambda item: item[0]):
            stem = name[: -len(".toml")]
            if not ids.is_valid_id(stem):
                problem = Problem(folder / name, _not_an_id(name))
                self._note(problem)
                loaded.problems.append(problem)
                continue
            to_check[stem] = info
        gone = [name[: -len(".toml")] for name in gone_names]
        if snapshot is None:
            known = index.fingerprints(kind.value)
            gone += [stem for stem in known if stem not in to_check]
        else:
            known = index.fingerprints_of(kind.value, list(to_check)) if to_check else {}
        for stem in gone:
            updated.pop(f"{stem}.toml", None)

        def settled(stem: str, info: os.stat_result, changed_ns: int) -> None:
            """`stem` is cached for the file as `info` shows it."""
            fingerprint = (info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)
            trust = changed_ns - max(info.st_mtime_ns, info.st_ctime_ns) > _racy_ns()
            updated[f"{stem}.toml"] = fingerprint if trust else None

        def parse(stem: str, raw: bytes | None = None, info: os.stat_result | None = None) -> None:
            from mentee.index import digest

            path = folder / f"{stem}.toml"
            updated.pop(f"{stem}.toml", None)
            try:
                if raw is None or info is None:
                    raw, info = self._read_bytes_and_stat(path)
                record, data = self._parse(kind, stem, path, raw)
            except DamagedRecordError as exc:
                self._note(exc.problem)
                loaded.problems.append(exc.problem)
                unreadable.append(stem)
                return
            encoded = _encode_for_index(record, data)
            if encoded is None:
                unreadable.append(stem)  # not cacheable: always read from the file
                if where is None or where.matches(columns_of(record)):
                    loaded.records.append(record)
                return
            fresh.append((stem, Fingerprint.of(info), encoded, columns_of(record), digest(raw)))
            settled(stem, info, now)

        racy: list[str] = []
        for stem, info in to_check.items():
            cached = known.get(stem)
            if cached is not None and info is not None:
                if trusted(cached, info):
                    settled(stem, info, cached[4])
                    continue
                if same_file(cached, info):
                    racy.append(stem)  # changed moments before it was cached: check
                    continue
            parse(stem)
        if racy:
            from mentee.index import digest

            digests = index.digests(kind.value, racy)
            for stem in racy:
                try:
                    raw, info = self._read_bytes_and_stat(folder / f"{stem}.toml")
                except DamagedRecordError:
                    parse(stem)  # says why, once
                    continue
                if same_file(known[stem], info) and digests.get(stem) == digest(raw):
                    # The bytes are the ones cached: the entry stands, and from now on it
                    # is trusted once the file's last change is far enough behind.
                    settled(stem, info, now)
                    if updated.get(f"{stem}.toml") is not None:
                        verified.append(stem)
                else:
                    parse(stem, raw, info)
        if fresh or verified or unreadable or gone or updated != snapshot:
            index.store(kind.value, fresh, [*gone, *unreadable], updated, now, verified)
        if index.broken:
            return None
        selected = self._select(kind, where, updated, views)
        if selected is None:
            return None
        if not loaded.records:
            # Everything readable is in the index: a second read of this kind in this
            # invocation can skip the scan.
            self._fresh_kinds[kind] = (updated, list(loaded.problems))
        loaded.records = sorted([*selected, *loaded.records], key=lambda r: r.id)
        return loaded

    def _load_files(self, kind: Kind, where: Where | None) -> Loaded:
        """`load` without an index: every file parsed."""
        loaded = Loaded()
        folder = self.folder(kind)
        present: list[str] = []
        for name, _ in self._scan(kind):
            stem = name[: -len(".toml")]
            if not ids.is_valid_id(stem):
                problem = Problem(folder / name, _not_an_id(name))
                self._note(problem)
                loaded.problems.append(problem)
                continue
            present.append(stem)
        for stem in sorted(present):
            try:
                record = self._read(kind, stem, folder / f"{stem}.toml")
            except DamagedRecordError as exc:
                self._note(exc.problem)
                if exc.problem not in loaded.problems:
                    loaded.problems.append(exc.problem)
                continue
            if where is None or where.matches(columns_of(record)):
                loaded.records.append(record)
        return loaded

    def _select(
        self,
        kind: Kind,
        where: Where | None,
        cached: Mapping[str, object],
        views: bool = False,
    ) -> list[Record] | None:
        """The cached records of `kind` matching `where` whose files are there and stand as
        cached (`cached`: by file name, as in the snapshot); None if the index failed."""
        index = self.index
        if index is None:
            return None
        sql, params = where.sql() if where is not None else ("", ())
        rows = index.select(kind.value, sql, params)
        if index.broken:
            return None
        return [
            _decode_from_index(kind, text, values if views else None)
            for stem, text, values in rows
            if f"{stem}.toml" in cached
        ]

    def forget_reads(self) -> None:
        """Scan the folders again on the next read (anything may have been written)."""
        self._fresh_kinds.clear()

    def _scan(self, kind: Kind) -> list[tuple[str, os.stat_result | None]]:
        """The record file names of `kind` with their lstat (None: not a regular file)."""
        folder = os.fspath(self.folder(kind))
        found: list[tuple[str, os.stat_result | None]] = []
        if self._linked(kind):
            return found
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            entries = []
        if not entries:
            # The folder is missing, not a folder or unreadable: `_names` says which, once.
            return [(name, None) for name in sorted(self._names(kind))]
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if not name.endswith(".toml") or name.startswith("."):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                found.append((name, None))
                continue
            found.append((name, info if stat.S_ISREG(info.st_mode) else None))
        return found

    def records(self, kind: Kind, model: type[R], where: Where | None = None) -> list[R]:
        """The readable records of `kind` (matching `where`) as `model` instances; problems
        are noted on the store."""
        return [r for r in self.load(kind, where).records if isinstance(r, model)]

    @overload
    def views(self, kind: Literal[Kind.GOAL], where: Where | None = None) -> list[Goal]: ...
    @overload
    def views(self, kind: Literal[Kind.MENTOR], where: Where | None = None) -> list[Mentor]: ...
    @overload
    def views(self, kind: Literal[Kind.MEETING], where: Where | None = None) -> list[Meeting]: ...
    @overload
    def views(self, kind: Literal[Kind.ACTION], where: Where | None = None) -> list[Action]: ...
    @overload
    def views(self, kind: Literal[Kind.FEEDBACK], where: Where | None = None) -> list[Feedback]: ...
    @overload
    def views(self, kind: Literal[Kind.NOTE], where: Where | None = None) -> list[Note]: ...
    @overload
    def views(self, kind: Literal[Kind.TOPIC], where: Where | None = None) -> list[Topic]: ...
    @overload
    def views(self, kind: Kind, where: Where | None = None) -> list[Record]: ...
    def views(self, kind: Kind, where: Where | None = None) -> list[Any]:
        """The readable records of `kind` (matching `where`) for a command that only reads
        them: those the index holds as read-only views built without pydantic (see
        `mentee.views`: every field, property and class attribute of the kind's model, none
        of pydantic's methods; `views.to_json` for their JSON), the others as models. Typed
        as the model for what they share; never to be saved or copied."""
        return self.load(kind, where, views=True).records

    @overload
    def get_view(self, kind: Literal[Kind.GOAL], prefix: str) -> Goal: ...
    @overload
    def get_view(self, kind: Literal[Kind.MENTOR], prefix: str) -> Mentor: ...
    @overload
    def get_view(self, kind: Kind, prefix: str) -> Record: ...
    def get_view(self, kind: Kind, prefix: str) -> Record:
        """The record a unique id prefix names, for a command that only reads it: a view
        when the index has it (see `views`), else as `get` reads it (which also says why a
        file cannot be read). For kinds of a few records (mentors, goals): the kind is read
        whole."""
        record_id = self.resolve(kind, prefix)
        for record in self.views(kind):
            if record.id == record_id:
                return record
        return self.read(kind, record_id)

    def read(self, kind: Kind, record_id: str) -> Record:
        """One record by its full id; NotFoundError or DamagedRecordError."""
        path = self.path(kind, record_id)
        self._refuse_linked(kind)
        if not os.path.lexists(path):
            raise NotFoundError(f"no {kind.value} with id {record_id!r}")
        return self._read(kind, record_id, path)

    def resolve(self, kind: Kind, given: str) -> str:
        """The full id that `given` names: an exact id, a mentor's exact name (any case), or a
        unique prefix. An ambiguous one lists the candidates; an unknown one suggests the
        closest ids. Every command that takes a record resolves it here."""
        names = self.mentor_names if kind == Kind.MENTOR else None

        def listing() -> list[str]:
            # Only once `given` is known to be an id: a linked folder is one clear error.
            self._refuse_linked(kind)
            return self.ids(kind)

        return ids.resolve_reference(given, kind.value, listing, names)

    def mentor_named(self, given: str) -> str | None:
        """The id of the mentor `given` is exactly (an id or a name, any case), else None."""
        record_ids = self.ids(Kind.MENTOR)
        if given.strip().lower() in record_ids:
            return given.strip().lower()
        return ids.exact_reference(given, Kind.MENTOR.value, record_ids, self.mentor_names())

    def mentor_names(self) -> dict[str, str]:
        """Every readable mentor's name by id (a journal has a few dozen mentors at most)."""
        return {m.id: m.name for m in self.views(Kind.MENTOR)}

    def get(self, kind: Kind, prefix: str) -> Record:
        """The record a unique id prefix names."""
        return self.read(kind, self.resolve(kind, prefix))

    def _read(self, kind: Kind, record_id: str, path: Path) -> Record:
        return self._parse(kind, record_id, path, self._read_bytes(path))[0]

    def _parse(
        self, kind: Kind, record_id: str, path: Path, raw: bytes
    ) -> tuple[Record, dict[str, Any]]:
        return parse_record(kind, record_id, path, raw)

    def _read_bytes(self, path: Path) -> bytes:
        return self._read_bytes_and_stat(path)[0]

    def _read_bytes_and_stat(self, path: Path) -> tuple[bytes, os.stat_result]:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise DamagedRecordError(
                    Problem(path, "is a symbolic link; record files are never followed")
                ) from None
            raise DamagedRecordError(Problem(path, f"cannot read: {exc.strerror}")) from None
        try:
            info = os.fstat(fd)  # before reading: a change while reading shows next time
            if not stat.S_ISREG(info.st_mode):
                raise DamagedRecordError(Problem(path, "is not a regular file"))
            chunks = []
            while chunk := os.read(fd, 1 << 16):
                chunks.append(chunk)
            return b"".join(chunks), info
        except OSError as exc:
            raise DamagedRecordError(Problem(path, f"cannot read: {exc.strerror}")) from None
        finally:
            os.close(fd)

    @contextlib.contextmanager
    def quietly(self) -> Iterator[None]:
        """Read without reporting problems: a file that cannot be read is still reported
        (once) by the next read that is not quiet. For work the user did not ask for."""
        noted = set(self.problems)
        told, self.on_problem = self.on_problem, None
        try:
            yield
        finally:
            self.on_problem = told
            for path in set(self.problems) - noted:
                del self.problems[path]
            self.forget_reads()

    def _note(self, problem: Problem) -> None:
        if problem.path not in self.problems:
            self.problems[problem.path] = problem
            if self.on_problem is not None:
                self.on_problem(problem)

    # -- writing -------------------------------------------------------------------------

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

    def new_id(self, kind: Kind) -> str:
        """A random id no file of `kind` uses (readable or not)."""
        return ids.new_id(lambda candidate: os.path.lexists(self.path(kind, candidate)))

    def mentor_handle(self, name: str) -> str:
        """The handle for a new mentor named `name`, suffixed if taken."""
        return ids.mentor_handle(name, lambda c: os.path.lexists(self.path(Kind.MENTOR, c)))

    def create(self, record: Record) -> Record:
        """Write a new record; its id must not be taken."""
        with self.locked():
            path = self.path(record.KIND, record.id)
            if os.path.lexists(path):
                raise StoreError(f"{path}: a record with id {record.id!r} exists already")
            now = _now()
            stamped = record.model_copy(
                update={
                    "created": record.created or now,
                    "updated": now,
                    "schema_version": SCHEMA_VERSION,
                }
            )
            self._write(path, stamped)
            return stamped

    def save(self, record: Record, layout: str | None = None) -> Record:
        """Rewrite an existing record (read whole before), stamping `updated`.

        The file keeps its layout (comments, key order, untouched fields as written), or
        takes the layout of `layout` (a buffer the person edited) when given.
        """
        with self.locked():
            path = self.path(record.KIND, record.id)
            self.ensure_writable(record)
            now = _now()
            stamped = record.model_copy(
                update={
                    "created": record.created or now,
                    "updated": now,
                    "schema_version": SCHEMA_VERSION,
                }
            )
            self._write(path, stamped, layout)
            return stamped

    def put(self, record: Record) -> Record:
        """Write a record as given, keeping its `created` and `updated` (import, restore).

        Only missing timestamps are stamped. Whether a file may be replaced is the caller's
        decision (import never replaces a file it could not read).
        """
        with self.locked():
            path = self.path(record.KIND, record.id)
            if record.schema_version > SCHEMA_VERSION:
                raise StoreError(
                    f"{path}: schema {record.schema_version} is newer than this mentee knows "
                    f"({SCHEMA_VERSION}); upgrade mentee"
                )
            now = _now()
            stamped = record.model_copy(
                update={"created": record.created or now, "updated": record.updated or now}
            )
            self._write(path, stamped)
            return stamped

    def put_all(
        self, records: Sequence[Record], files: Mapping[tuple[Kind, str], bytes] | None = None
    ) -> list[Record]:
        """`put` for many records at once (an import): one undo history write for all of
        them, their files written and then synced to disk together, put in place, each
        folder synced once, instead of three syncs a file. All or nothing, as any change
        under the lock. `files`: a record's file already made (by `serialize`), by kind
        and id."""
        with self.locked():
            planned: list[tuple[Path, bytes | None, bytes]] = []
            written: list[Record] = []
            folders: set[Path] = set()
            for record in records:
                path = self.path(record.KIND, record.id)
                if record.schema_version > SCHEMA_VERSION:
                    raise StoreError(
                        f"{path}: schema {record.schema_version} is newer than this mentee "
                        f"knows ({SCHEMA_VERSION}); upgrade mentee"
                    )
                stamped = record
                if record.created is None or record.updated is None:
                    now = _now()
                    stamped = record.model_copy(
                        update={"created": record.created or now, "updated": record.updated or now}
                    )
                if path.parent not in folders:
                    self._ensure_folder(path.parent)
                    folders.add(path.parent)
                before = self.snapshot(path)
                made = files.get((record.KIND, record.id)) if files and stamped is record else None
                if made is None or before is not None:
                    made = render(stamped, _text_of(before) if before is not None else None)
                planned.append((path, before, made))
                written.append(stamped)
            self.replace_files(planned)
            return written

    def ensure_writable(self, record: Record) -> None:
        """A StoreError when `record` may not be rewritten: it is from a newer schema.

        Commands that change several records check them all first, so that they change
        all of them or none.
        """
        if record.schema_version > SCHEMA_VERSION:
            path = self.path(record.KIND, record.id)
            raise StoreError(
                f"{path}: written by a newer mentee (schema {record.schema_version}; this "
                f"one knows {SCHEMA_VERSION}): not changed; upgrade mentee to change it"
            )

    def _write(self, path: Path, record: Record, layout: str | None = None) -> None:
        """Write `record` to `path`: in the layout of `layout` (a text the person edited)
        or of the file it replaces, so comments and the order and form of untouched fields
        stay as they were; a new file in mentee's own layout."""
        self.forget_reads()
        self._ensure_folder(path.parent)
        before = self.snapshot(path)
        if layout is None and before is not None:
            layout = _text_of(before)
        data = render(record, layout)
        self.replace_file(path, before, data)

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
        temps: list[Path] = []
        placed = 0
        # Many files: written, then synced together (one syncfs), not one by one.
        syncfs = fileio.linux_syncfs() if len(changes) > 8 else None
        try:
            with store_errors():
                for path, _, data in changes:
                    temps.append(fileio.write_temp(path, data, sync=syncfs is None))
                if syncfs is not None:
                    fileio.sync_file_systems(temps, syncfs)
                for (path, before, _), temp in zip(changes, temps, strict=True):
                    keep = fileio.keep_beside(path) if before is not None else None
                    self._changes.append(_Changed(path, before, keep, rollback))
                    rollback = None  # the first change carries the history's lines
                    fileio.replace(temp, path)
                    placed += 1
                for folder in sorted({path.parent for path, _, _ in changes}):
                    fileio.fsync_folder(folder)
        except BaseException:
            for temp in temps[placed:]:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
            if rollback is not None:
                rollback()
            raise

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

    def snapshot(self, path: Path) -> bytes | None:
        """The bytes of a record file now, or None when there is none (never follows links)."""
        if not os.path.lexists(path):
            return None
        try:
            return self._read_bytes(path)
        except DamagedRecordError as exc:
            raise StoreError(str(exc.problem)) from None

    def ensure_folder(self, folder: Path) -> None:
        """Create the data directory and `folder` in it (mode 0700) if missing."""
        self._ensure_folder(folder)

    def _ensure_folder(self, folder: Path) -> None:
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


def linked_folder_message(folder: Path) -> str:
    """Why a record folder that is a symbolic link is refused, in words a person can act on."""
    try:
        target = os.readlink(folder)
    except OSError:
        target = "?"
    return (
        f"is a symbolic link (to {target}); mentee never reads or writes records through "
        "one (they would live outside the journal): make it a real folder"
    )


def parse_record(
    kind: Kind, record_id: str, path: Path, raw: bytes
) -> tuple[Record, dict[str, Any]]:
    """The record a file's bytes hold and the data it was built from; DamagedRecordError
    (with the problem, in words a person can act on) when they do not make one."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DamagedRecordError(
            Problem(
                path,
                f"not valid UTF-8 (byte {exc.start}; saved as Latin-1 or another "
                "encoding?): save it as UTF-8",
                line,
            )
        ) from None
    # A byte order mark (some editors save UTF-8 with one) is read past; the next
    # rewrite of the file drops it.
    text = text.removeprefix("\ufeff")
    import tomllib

    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError, UnicodeDecodeError, OverflowError) as exc:
        # TOMLDecodeError is a ValueError; so is a number too long to convert.
        raise DamagedRecordError(_toml_problem(path, text, exc)) from None
    if nesting_depth(data) > MAX_DEPTH:
        raise DamagedRecordError(
            Problem(
                path,
                f"values nested more than {MAX_DEPTH} deep: mentee reads at most {MAX_DEPTH} "
                "levels of arrays and tables",
                _deep_line(text, MAX_DEPTH),
            )
        )
    file_id = data.get("id")
    if file_id is None:
        raise DamagedRecordError(Problem(path, "missing 'id'"))
    if file_id != record_id:
        raise DamagedRecordError(
            Problem(
                path,
                f"id {str(file_id)[:80]!r} does not match the file name",
                _line_of(text, "id"),
            )
        )
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedRecordError(
            Problem(
                path,
                "schema_version must be a whole number from 1",
                _line_of(text, "schema_version"),
            )
        )
    if version < SCHEMA_VERSION:
        from mentee.migrations import MigrationError, upgrade

        try:
            data = upgrade(kind, data, version, SCHEMA_VERSION)
        except MigrationError as exc:
            raise DamagedRecordError(
                Problem(path, str(exc), _line_of(text, "schema_version"))
            ) from None
    from pydantic import ValidationError

    from mentee.models import MODELS, error_message

    try:
        return MODELS[kind].model_validate(data), data
    except ValidationError as exc:
        error = exc.errors()[0]
        location = [str(p) for p in error["loc"]]
        top = location[0] if location else ""
        where = ".".join(location) or "record"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        newer = (
            f" (written by a newer mentee, schema {version}: upgrade mentee to read it)"
            if version > SCHEMA_VERSION
            else ""
        )
        raise DamagedRecordError(
            Problem(path, f"{where}: {error_message(error)}{more}{newer}", _line_of(text, top))
        ) from None
    except (ValueError, RecursionError) as exc:
        raise DamagedRecordError(Problem(path, f"invalid record: {_short(exc)}")) from None


def serialize(record: Record) -> bytes:
    """The record's TOML file, as bytes, ready to write."""
    import tomli_w

    from mentee.models import to_document
    from mentee.text import has_crlf

    document: dict[str, Any] = _tomlable(to_document(record))
    defaults = type(record).model_fields
    for name in record.OMITTED_AT_DEFAULT:
        if document.get(name) == defaults[name].default:
            del document[name]
    # tomli_w's multi-line strings turn CRLF into LF: text with CRLF is kept on one line.
    text: str = tomli_w.dumps(document, multiline_strings=not has_crlf(document))
    return text.encode("utf-8")


def render(record: Record, layout: str | None) -> bytes:
    """The record's TOML file: in the layout of `layout` (the text of the file it replaces,
    or a buffer the person edited) when given and it can be kept exactly, else as
    `serialize` writes a new file."""
    if layout is None:
        return serialize(record)
    from mentee.models import to_document
    from mentee.text import has_crlf
    from mentee.tomledit import rewrite

    document: dict[str, Any] = _tomlable(to_document(record))
    text = rewrite(
        layout,
        document,
        multiline_strings=not has_crlf(document),
        optional=_empty_by_default(type(record)),
    )
    if text is None:
        return serialize(record)
    return text.encode("utf-8")


def _empty_by_default(model: type[Record]) -> frozenset[str]:
    """A model's list fields, and the fields it leaves out at their default (a meeting's
    `sequence` of 0): a file that leaves one out means it empty (or 0)."""
    return frozenset(
        info.alias or name
        for name, info in model.model_fields.items()
        if info.default == [] or name in model.OMITTED_AT_DEFAULT
    )


def _text_of(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass
class _Changed:
    """One file a change under the lock wrote: how to put it back."""

    path: Path
    before: bytes | None  # None: the change created the file
    kept: Path | None  # a hard link to the file before, when one could be made
    rollback: Callable[[], None] | None  # drops the undo history's line for it

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


def _tomlable(value: Any) -> Any:
    """`value` with every date-time in a form TOML can hold.

    TOML offsets are whole minutes; a zone's old local mean time is not (Berlin in 1026:
    +00:53:28), so such a date-time is written in UTC: the same instant, a readable file.
    """
    if isinstance(value, dict):
        return {k: _tomlable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tomlable(v) for v in value]
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is not None and offset % timedelta(minutes=1):
            return value.astimezone(UTC)
    return value


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


_CONFLICT_MARKER = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?:[ \t].*)?$", re.MULTILINE)
_LONE_CR = re.compile(r"\r(?!\n)")
_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4000,}")


def _toml_problem(path: Path, text: str, exc: BaseException) -> Problem:
    """Why `text` is not TOML, in words a person can act on, with the line when known."""

    def line_at(index: int) -> int:
        return text.count("\n", 0, index) + 1

    if "\x00" in text:
        return Problem(
            path,
            "contains NUL bytes: the file is damaged (a crash or a disk error?)",
            line_at(text.index("\x00")),
        )
    if marker := _CONFLICT_MARKER.search(text):
        return Problem(
            path,
            "contains git merge conflict markers: keep one version and delete the markers",
            line_at(marker.start()),
        )
    if lone := _LONE_CR.search(text):
        return Problem(
            path,
            "has lone carriage returns (CR) as line ends: save it with LF line ends",
            line_at(lone.start()),
        )
    if isinstance(exc, RecursionError):
        return Problem(path, "invalid TOML: arrays or tables nested too deeply", _deep_line(text))
    import tomllib

    if not isinstance(exc, tomllib.TOMLDecodeError):
        long_number = _LONG_NUMBER.search(text)
        if long_number and "digits" in str(exc):
            return Problem(
                path, "invalid TOML: a number too long to read", line_at(long_number.start())
            )
        return Problem(path, f"invalid TOML: {_short(exc)}")
    match = _TOML_LINE.search(str(exc))
    message = _TOML_LINE.sub("", str(exc)).replace("(, column", "(column")
    message = re.sub(r"\s*\(column \d+\)|\s*\(\)", "", message).strip() or "bad TOML"
    line = int(match[1]) if match else None
    if message == "Cannot overwrite a value":
        message = "a key is set twice (duplicate key)"
    elif declared := re.fullmatch(r"Cannot declare \((.*)\) twice", message):
        names = ".".join(part.strip().strip("'\"") for part in declared[1].split(",") if part)
        message = f"table [{names}] is declared twice"
    if line is None and "end of document" in message:
        line = text.count("\n") + (0 if text.endswith("\n") else 1)
        message = message.replace("(at end of document)", "at the end of the file").strip()
    return Problem(path, f"invalid TOML: {message}", line)


MAX_DEPTH = 64


def nesting_depth(value: Any) -> int:
    """How deeply arrays and tables nest in `value` (a scalar: 0), without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _deep_line(text: str, limit: int = 100) -> int | None:
    """The line where brackets first nest `limit` deep (strings aside, roughly)."""
    depth = 0
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth >= limit:
                return line
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


_SYNCTHING = re.compile(r"^(.*)\.sync-conflict-[0-9]{8}-[0-9]{6}(?:-[A-Z0-9]+)?\.toml$")
_DROPBOX = re.compile(r"^(.*?) \([^()]*conflicted copy[^()]*\)\.toml$", re.IGNORECASE)


def _not_an_id(name: str) -> str:
    """Why a `.toml` file whose name is not an id is not loaded."""
    from mentee.sync.conflicts import conflict_copy_record

    if conflict_copy_record(name):
        return (
            "not loaded: a conflict copy left by `mentee sync` (a field changed on two "
            "devices); choose a value with `mentee sync resolve`"
        )
    if match := _SYNCTHING.match(name):
        return (
            f"not loaded: a Syncthing conflict copy of {match[1]}.toml; merge what you need "
            "into that record, then delete this copy"
        )
    if match := _DROPBOX.match(name):
        return (
            f"not loaded: a conflicted copy of {match[1]}.toml (Dropbox, Nextcloud); merge "
            "what you need into that record, then delete this copy"
        )
    if "conflict" in name.lower():
        return (
            "not loaded: a sync conflict copy; merge what you need into the record, "
            "then delete this copy"
        )
    return "not loaded: the file name is not a record id (a copy or a stray file?)"


def _line_of(text: str, key: str) -> int | None:
    """The line where `key = ...` (or `[key]`/`[[key]]`) first appears, if anywhere."""
    if not key:
        return None
    pattern = re.compile(
        # `[ \t]*`, not `\s*`: a leading \s* would swallow blank lines and report the line above.
        rf"^[ \t]*(?:{re.escape(key)}[ \t]*=|\[\[?[ \t]*{re.escape(key)}[ \t]*\]\]?)",
        re.MULTILINE,
    )
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def line_of(text: str, key: str) -> int | None:
    """The line of a record file's text where `key` is set, if anywhere (for messages)."""
    return _line_of(text, key)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


# -- selecting records (in the index, or in Python when there is none) ----------------------


class Where(NamedTuple):
    """A selection on a record's summary columns, in SQL for the index and in Python."""

    status: tuple[str, ...] = ()
    mentor: str | None = None
    undiscussed: bool = False
    # Records of this mentor or of one of these goals (what an agenda is about).
    mentor_or_goals: tuple[str, tuple[str, ...]] | None = None
    # Records of one of these goals.
    goals: tuple[str, ...] | None = None
    # Records of this day (YYYY-MM-DD) or later, or not discussed yet (notes, feedback).
    since_or_undiscussed: str | None = None
    # What the next agenda with a mentor reads of the actions (see `reading`): those of
    # these goals, and the mentor's open ones, done on or after a day (YYYY-MM-DD; None:
    # whenever), or among these ids.
    agenda: tuple[str, tuple[str, ...], str | None, tuple[str, ...]] | None = None

    def sql(self) -> tuple[str, tuple[Any, ...]]:
        parts: list[str] = []
        params: list[Any] = []
        if self.status:
            parts.append(f"status IN ({','.join('?' * len(self.status))})")
            params += self.status
        if self.mentor is not None:
            parts.append("mentor = ?")
            params.append(self.mentor)
        if self.undiscussed:
            parts.append("discussed_in IS NULL")
        if self.goals is not None:
            parts.append(f"goal IN ({','.join('?' * len(self.goals))})" if self.goals else "0")
            params += self.goals
        if self.mentor_or_goals is not None:
            mentor, goals = self.mentor_or_goals
            marks = ",".join("?" * len(goals))
            parts.append(f"(mentor = ? OR goal IN ({marks}))" if goals else "mentor = ?")
            params += [mentor, *goals]
        if self.since_or_undiscussed is not None:
            parts.append("(day >= ? OR discussed_in IS NULL)")
            params.append(self.since_or_undiscussed)
        if self.agenda is not None:
            mentor, goals, since, kept = self.agenda
            mine = "status = 'open'" if since is not None else "1"
            if since is not None:
                mine += " OR done >= ?"
            if kept:
                mine += f" OR id IN ({','.join('?' * len(kept))})"
            served = f"goal IN ({','.join('?' * len(goals))}) OR " if goals else ""
            parts.append(f"({served}(mentor = ? AND ({mine})))")
            params += [*goals, mentor, *([since] if since is not None else []), *kept]
        return " AND ".join(parts), tuple(params)

    def matches(self, columns: dict[str, Any]) -> bool:
        if self.status and columns.get("status") not in self.status:
            return False
        if self.mentor is not None and columns.get("mentor") != self.mentor:
            return False
        if self.goals is not None and columns.get("goal") not in self.goals:
            return False
        if self.mentor_or_goals is not None:
            mentor, goals = self.mentor_or_goals
            if columns.get("mentor") != mentor and columns.get("goal") not in goals:
                return False
        if self.agenda is not None and not _agenda_matches(self, columns):
            return False
        if self.since_or_undiscussed is not None:
            day = columns.get("day")
            recent = day is not None and _column_text(day) >= self.since_or_undiscussed
            if not recent and columns.get("discussed_in") is not None:
                return False
        return not (self.undiscussed and columns.get("discussed_in") is not None)


def _agenda_matches(where: Where, columns: dict[str, Any]) -> bool:
    assert where.agenda is not None
    mentor, goals, since, kept = where.agenda
    if columns.get("goal") in goals:
        return True
    if columns.get("mentor") != mentor:
        return False
    done = columns.get("done")
    return (
        since is None
        or columns.get("status") == "open"
        or (done is not None and _column_text(done) >= since)
        or columns.get("id") in kept
    )


def _column_text(value: Any) -> str:
    """A summary column as the index keeps it (dates as ISO text)."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def columns_of(record: Record) -> dict[str, Any]:
    """The summary columns the index keeps for `Where` (None where a kind has no such field)."""
    status = getattr(record, "status", None)
    day = getattr(record, "date", None) or getattr(record, "due", None)
    return {
        "id": record.id,
        "status": str(status) if status is not None else None,
        "mentor": getattr(record, "mentor", None),
        "goal": getattr(record, "goal", None),
        "due": getattr(record, "due", None),
        "day": day,
        "discussed_in": getattr(record, "discussed_in", None),
        "done": record.done if record.KIND == Kind.ACTION else None,  # type: ignore[attr-defined]
    }


def _encode_for_index(record: Record, data: dict[str, Any]) -> tuple[str, bytes | None] | None:
    """What the index keeps of a record: pydantic's own JSON when the record and its tables
    have only known fields, with the values a read-only view is built from without pydantic
    (see `mentee.views`); else the parsed TOML with its types tagged (validated again on
    read, never a view)."""
    import marshal

    from mentee.index import encode
    from mentee.views import view_values

    if not record.extras and not _parts_have_extras(record):
        text = record.model_dump_json(by_alias=True)
        return "J" + text, marshal.dumps(view_values(record.KIND, text))
    try:
        return "T" + encode(data), None
    except (ValueError, TypeError, RecursionError):
        return None  # unusual content (a key like "$d"): read from the file each time


def _parts_have_extras(record: Record) -> bool:
    """Whether a table inside the record (a milestone, a note on an action...) has keys this
    version does not know (their JSON would not say which were dates)."""
    for value in record.__dict__.values():
        if isinstance(value, list):
            for item in value:
                if getattr(item, "__pydantic_extra__", None):
                    return True
    return False


def _decode_from_index(kind: Kind, text: str, values: bytes | None = None) -> Record:
    """A record from what the index keeps: a view of its `values` when given (no pydantic),
    else the model validated again."""
    if values is not None:
        import marshal

        from mentee.views import view_from_values

        # marshal: the index is mentee's own cache, in a private (0700) folder.
        return view_from_values(kind, marshal.loads(values))  # type: ignore[return-value]  # noqa: S302
    if text.startswith("J"):
        from mentee.models import MODELS

        return MODELS[kind].model_validate_json(text[1:])
    from mentee.index import decode
    from mentee.models import MODELS

    return MODELS[kind].model_validate(decode(text[1:]))
