"""Reading a journal directory: paths, ids, records by kind (through the index when there is
one), one record by id or unique prefix, and the problems of files that cannot be read.

`StoreReads` is the reading half of `mentee.store.Store`; nobody makes one on its own.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, overload

from mentee import ids, scan
from mentee.errors import NotFoundError, StoreError, UsageError
from mentee.store.problems import (
    DamagedRecordError,
    Problem,
    linked_folder_message,
    not_an_id,
)

if TYPE_CHECKING:
    from mentee.index import Index
    from mentee.kinds import Kind
    from mentee.models import Action, Feedback, Goal, Meeting, Mentor, Note, Record, Topic
    from mentee.store.indexed import IndexedReads
    from mentee.store.where import Where

R = TypeVar("R", bound="Record")


class Loaded:
    """The records of one kind that could be read, and the files that could not."""

    __slots__ = ("problems", "records")

    def __init__(
        self, records: list[Record] | None = None, problems: list[Problem] | None = None
    ) -> None:
        self.records: list[Record] = records if records is not None else []
        self.problems: list[Problem] = problems if problems is not None else []


class StoreReads:
    """The records of one journal directory, `root`, as they can be read."""

    def __init__(
        self, root: Path, index_path: Path | None = None, private_root: Path | None = None
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
        self._indexed: IndexedReads | None = None
        # Every problem met while this store was used, once per path.
        self.problems: dict[Path, Problem] = {}
        # Told of each problem the first time it is met (the CLI warns on stderr).
        self.on_problem: Callable[[Problem], None] | None = None

    # -- paths ---------------------------------------------------------------------------

    def folder(self, kind: Kind) -> Path:
        """The folder of `kind`'s record files (named by its plural)."""
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
        return [n for n in names if scan.is_record_name(n)]

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
        parsed again, and `where` selects in the index so only matching records are built
        (see `mentee.store.indexed`); without one, or when it cannot answer, every file is
        parsed. `views`: the records the index holds come as read-only views (see `views`).
        """
        if self._linked(kind):
            return Loaded(problems=[self.problems[self.folder(kind)]])
        if self.index is not None and not self.index.broken:
            if self._indexed is None:
                from mentee.store.indexed import IndexedReads

                self._indexed = IndexedReads(self.index)
            loaded = self._indexed.load(self, kind, where, views)
            if loaded is not None:
                return loaded
        return self._load_files(kind, where)

    def _load_files(self, kind: Kind, where: Where | None) -> Loaded:
        """`load` without an index: every file parsed."""
        from mentee.store.where import columns_of

        loaded = Loaded()
        folder = self.folder(kind)
        present: list[str] = []
        for name, _ in self._scan(kind):
            stem = name[: -len(".toml")]
            if ids.is_valid_id(stem):
                present.append(stem)
            else:
                self._not_a_record(folder / name, loaded)
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

    def forget_reads(self) -> None:
        """Scan the folders again on the next read (anything may have been written), and take
        no answer `mentee.scan` found ahead: it is older than what was written."""
        scan.drop()
        if self._indexed is not None:
            self._indexed.forget()

    def _scan(self, kind: Kind) -> list[tuple[str, os.stat_result | None]]:
        """The record file names of `kind` with their lstat (None: not a regular file)."""
        folder = os.fspath(self.folder(kind))
        if self._linked(kind):
            return []
        try:
            entries = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            entries = []
        if not entries:
            # The folder is missing, not a folder or unreadable: `_names` says which, once.
            return [(name, None) for name in sorted(self._names(kind))]
        return [
            (entry.name, scan.regular(entry))
            for entry in sorted(entries, key=lambda e: e.name)
            if scan.is_record_name(entry.name)
        ]

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
        from mentee.kinds import Kind

        names = self.mentor_names if kind == Kind.MENTOR else None

        def listing() -> list[str]:
            # Only once `given` is known to be an id: a linked folder is one clear error.
            self._refuse_linked(kind)
            return self.ids(kind)

        return ids.resolve_reference(given, kind.value, listing, names)

    def mentor_named(self, given: str) -> str | None:
        """The id of the mentor `given` is exactly (an id or a name, any case), else None."""
        from mentee.kinds import Kind

        record_ids = self.ids(Kind.MENTOR)
        if given.strip().lower() in record_ids:
            return given.strip().lower()
        return ids.exact_reference(given, Kind.MENTOR.value, record_ids, self.mentor_names())

    def mentor_names(self) -> dict[str, str]:
        """Every readable mentor's name by id (a journal has a few dozen mentors at most)."""
        from mentee.kinds import Kind

        return {m.id: m.name for m in self.views(Kind.MENTOR)}

    def get(self, kind: Kind, prefix: str) -> Record:
        """The record a unique id prefix names."""
        return self.read(kind, self.resolve(kind, prefix))

    def _read(self, kind: Kind, record_id: str, path: Path) -> Record:
        return self._parse(kind, record_id, path, self._read_bytes(path))[0]

    def _parse(
        self, kind: Kind, record_id: str, path: Path, raw: bytes
    ) -> tuple[Record, dict[str, Any]]:
        from mentee.store.recordfile import parse_record

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

    def _not_a_record(self, path: Path, loaded: Loaded) -> None:
        """A `.toml` file whose name is not an id (a sync tool's conflict copy, a stray
        copy) is a problem of `loaded`, and of the store."""
        problem = Problem(path, not_an_id(path.name))
        self._note(problem)
        loaded.problems.append(problem)

    def _note(self, problem: Problem) -> None:
        if problem.path not in self.problems:
            self.problems[problem.path] = problem
            if self.on_problem is not None:
                self.on_problem(problem)
