"""A disposable cache of parsed record files, so reads need not parse every TOML file.

The TOML files stay the only source of truth. The cache (SQLite, in the user cache folder,
never in the data directory) maps each record file to its fingerprint (size, inode, mtime
and ctime in nanoseconds) and its parsed content. A file whose fingerprint differs is parsed
again; an entry is trusted only when the file was last changed well before it was cached
(as git does for "racily clean" entries), so a change within the file system's timestamp
granularity is never missed. Deleting the cache loses nothing: it is rebuilt on demand. Any
problem with the cache itself (damaged, locked for too long, read-only) turns it off for
the command instead of failing it.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from mentee.scan import Snapshot

if TYPE_CHECKING:
    import sqlite3

# 10: snapshots' fingerprints packed (a snapshot kept as a mapping by an older mentee is read
# too: see `mentee.scan.Snapshot.decode`); 9: the planner's statistics, by day
FORMAT = 10
# An entry cached less than this after its file changed is checked again next time.
RACY_NS = 2_000_000_000
# SQLite's planner knows nothing of the columns without statistics, and then reads every
# entry of the kind (50,000 of them) to find the eleven undiscussed notes; ANALYZE would
# take as long. These say what a journal is like (few of a kind per mentor, goal, status or
# day, fewer still undiscussed), so the selections use their SQL indexes.
_PLANNER_STATISTICS = """
ANALYZE;
DELETE FROM sqlite_stat1;
INSERT INTO sqlite_stat1 VALUES
 ('files', 'files', '10000 2000 1'),
 ('files', 'by_status', '10000 2000 500'),
 ('files', 'by_discussed', '10000 2000 20'),
 ('files', 'by_mentor', '10000 2000 200'),
 ('files', 'by_goal', '10000 2000 100'),
 ('files', 'by_day', '10000 2000 5');
ANALYZE sqlite_master; -- loads them into this connection too
"""
COLUMNS = ("status", "mentor", "goal", "due", "day", "discussed_in", "done")


class Fingerprint(NamedTuple):  # a NamedTuple, not a dataclass: cheap to import (TAB)
    """What tells a file changed without reading it: its size, inode and modification and change
    times."""

    size: int
    ino: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, stat: os.stat_result) -> Fingerprint:
        """The fingerprint of a file's stat."""
        return cls(stat.st_size, stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns)


def same_file(cached: tuple[int, int, int, int, int], current: os.stat_result) -> bool:
    """Whether a file's fingerprint is the cached one (its content may still have changed
    within the timestamps' granularity when it was cached less than RACY_NS after)."""
    size, ino, mtime_ns, ctime_ns, _ = cached
    return (
        current.st_size == size
        and current.st_ino == ino
        and current.st_mtime_ns == mtime_ns
        and current.st_ctime_ns == ctime_ns
    )


def digest(raw: bytes) -> bytes:
    """What a file's bytes are, in 16 bytes: a racily cached entry stands for the file when
    the bytes read now have the digest of those it was parsed from."""
    from mentee.digests import blake2b_digest  # without OpenSSL (see there)

    return blake2b_digest(raw, 16)


def trusted(cached: tuple[int, int, int, int, int], current: os.stat_result) -> bool:
    """Whether a cached parse of a file still stands for it: same fingerprint, and cached
    well after the file last changed (so a change within the timestamp granularity that
    kept size and times is still caught)."""
    _, _, mtime_ns, ctime_ns, cached_ns = cached
    return same_file(cached, current) and cached_ns - max(mtime_ns, ctime_ns) > RACY_NS


# -- the parsed TOML as JSON, keeping dates and times exact --------------------------------


def _tag(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, dtime):
        return {"$t": value.isoformat()}
    if isinstance(value, dict):
        return {k: _tag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tag(v) for v in value]
    return value


def _untag(value: dict[str, Any]) -> Any:
    if len(value) == 1:
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$d" in value:
            return date.fromisoformat(value["$d"])
        if "$t" in value:
            return dtime.fromisoformat(value["$t"])
    return value


def encode(document: dict[str, Any]) -> str:
    """A parsed TOML document as JSON text; `decode` gives back equal values and types."""
    if _has_tag_keys(document):
        raise ValueError("a key looks like a cache tag")
    return json.dumps(_tag(document), ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> dict[str, Any]:
    """The JSON text `encode` made, back as the TOML document with its dates and times."""
    data: dict[str, Any] = json.loads(text, object_hook=_untag)
    return data


def _has_tag_keys(value: Any) -> bool:
    if isinstance(value, dict):
        return any(k in ("$dt", "$d", "$t") for k in value) or any(
            _has_tag_keys(v) for v in value.values()
        )
    if isinstance(value, list):
        return any(_has_tag_keys(v) for v in value)
    return False


# -- the cache ------------------------------------------------------------------------------


class Index:
    """The cache of one journal. Every method degrades to "nothing cached" on any error."""

    def __init__(self, path: Path, owned_from: Path | None = None) -> None:
        self.path = path
        self.owned_from = owned_from  # kept 0700 from there down (see `fileio.private_folder`)
        self._db: sqlite3.Connection | None = None
        self.broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is not None or self.broken:
            return self._db
        import sqlite3  # here: a command that never reads records (sync) does not need it

        try:
            from mentee.fileio import private_folder

            private_folder(self.path.parent, self.owned_from)
            db = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
            with contextlib.suppress(OSError):
                os.chmod(self.path, 0o600)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")  # a cache: losing it costs a re-parse only
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != FORMAT:
                db.executescript(
                    "DROP TABLE IF EXISTS files;"
                    "DROP TABLE IF EXISTS snapshots;"
                    "CREATE TABLE files (kind TEXT, id TEXT, size INT, ino INT, mtime_ns INT,"
                    " ctime_ns INT, cached_ns INT, status TEXT, mentor TEXT, goal TEXT,"
                    " due TEXT, day TEXT, discussed_in TEXT, done TEXT, data TEXT, digest BLOB,"
                    " row BLOB,"
                    " PRIMARY KEY (kind, id)) WITHOUT ROWID;"
                    # What selections ask for: open actions, undiscussed notes, a mentor's...
                    "CREATE INDEX by_status ON files (kind, status);"
                    "CREATE INDEX by_discussed ON files (kind, discussed_in);"
                    "CREATE INDEX by_mentor ON files (kind, mentor);"
                    "CREATE INDEX by_goal ON files (kind, goal);"
                    "CREATE INDEX by_day ON files (kind, day);"
                    # Each kind's fingerprints in one value: checking 50,000 files reads one
                    # row (see `snapshot`).
                    "CREATE TABLE snapshots (kind TEXT PRIMARY KEY, files BLOB);"
                )
                db.executescript(_PLANNER_STATISTICS)
                db.execute(f"PRAGMA user_version={FORMAT}")
        except (sqlite3.Error, OSError):
            self.broken = True
            return None
        self._db = db
        return db

    @contextlib.contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection | None]:
        import sqlite3

        db = self._connect()
        try:
            yield db
        except sqlite3.Error:
            self.broken = True
            with contextlib.suppress(sqlite3.Error):
                if db is not None:
                    db.close()
            self._db = None

    def fingerprints(self, kind: str) -> dict[str, tuple[int, int, int, int, int]]:
        """Every cached file of `kind`: (size, inode, mtime_ns, ctime_ns, cached_ns)."""
        with self._guard() as db:
            if db is None:
                return {}
            rows = db.execute(
                "SELECT id, size, ino, mtime_ns, ctime_ns, cached_ns FROM files WHERE kind = ?",
                (kind,),
            ).fetchall()
            return {row[0]: row[1:] for row in rows}
        return {}

    def snapshot(self, kind: str) -> Snapshot | None:
        """Every cached file of `kind` (see `mentee.scan.Snapshot`): its fingerprint (size,
        inode, mtime_ns, ctime_ns, packed by `mentee.scan.fingerprint`) when the entry is
        trusted as it stands, to be checked when it was cached moments after the file
        changed. None when there is no snapshot."""
        found = self.snapshot_and_digest(kind, digest=False)
        return found[0] if found is not None else None

    def snapshot_and_digest(self, kind: str, digest: bool = True) -> tuple[Snapshot, bytes] | None:
        """`snapshot` and the digest of the bytes it is kept as (b"" when not `digest`):
        what tells that two readers saw the same snapshot (see `mentee.scan`)."""
        with self._guard() as db:
            if db is None:
                return None
            row = db.execute("SELECT files FROM snapshots WHERE kind = ?", (kind,)).fetchone()
            return _snapshot_of(row, digest)
        return None

    def count(self, kind: str) -> int | None:
        """How many files of `kind` the index holds an entry for (None: no usable index)."""
        with self._guard() as db:
            if db is None:
                return None
            found: int = db.execute(
                "SELECT count(*) FROM files WHERE kind = ?", (kind,)
            ).fetchone()[0]
            return found
        return None

    def fingerprints_of(
        self, kind: str, record_ids: Sequence[str]
    ) -> dict[str, tuple[int, int, int, int, int]]:
        """The cached fingerprints (size, inode, mtime_ns, ctime_ns, cached_ns) of some
        files of `kind`, by id."""
        if len(record_ids) > 500:
            wanted = set(record_ids)
            return {k: v for k, v in self.fingerprints(kind).items() if k in wanted}
        found: dict[str, tuple[int, int, int, int, int]] = {}
        with self._guard() as db:
            if db is None:
                return {}
            marks = ",".join("?" * len(record_ids))  # placeholders only, never user text
            query = (
                "SELECT id, size, ino, mtime_ns, ctime_ns, cached_ns FROM files"  # noqa: S608
                f" WHERE kind = ? AND id IN ({marks})"
            )
            for row in db.execute(query, (kind, *record_ids)):
                found[row[0]] = row[1:]
        return found

    def digests(self, kind: str, record_ids: Sequence[str]) -> dict[str, bytes]:
        """The digest of the bytes each cached file of `kind` was parsed from, by id."""
        found: dict[str, bytes] = {}
        with self._guard() as db:
            if db is None:
                return {}
            for start in range(0, len(record_ids), 500):
                chunk = record_ids[start : start + 500]
                marks = ",".join("?" * len(chunk))  # placeholders only, never user text
                query = f"SELECT id, digest FROM files WHERE kind = ? AND id IN ({marks})"  # noqa: S608
                for row in db.execute(query, (kind, *chunk)):
                    if row[1] is not None:
                        found[row[0]] = bytes(row[1])
        return found

    def select(
        self, kind: str, where: str = "", params: Sequence[Any] = ()
    ) -> list[tuple[str, str, bytes | None]]:
        """(id, tagged data, a view's values), by id, of cached files of `kind` matching an SQL
        condition on the summary columns (`status`, `mentor`, `goal`, `due`, `day`,
        `discussed_in`)."""
        # `where` is written by mentee code with ? placeholders, never from user text.
        condition = f" AND ({where})" if where else ""
        sql = f"SELECT id, data, row FROM files WHERE kind = ?{condition}"  # noqa: S608
        with self._guard() as db:
            if db is None:
                return []
            rows: list[tuple[str, str, bytes | None]] = db.execute(sql, (kind, *params)).fetchall()
            # By id, as a kind's records always come: an SQL index gives its own order (and
            # ORDER BY would have SQLite read the whole kind in id order instead).
            rows.sort(key=_first)
            return rows
        return []

    def store(
        self,
        kind: str,
        fresh: Iterable[tuple[str, Fingerprint, tuple[str, bytes | None], dict[str, Any], bytes]],
        gone: Iterable[str],
        snapshot: Snapshot | None = None,
        now: int | None = None,
        verified: Iterable[str] = (),
    ) -> None:
        """Cache freshly parsed files (id, fingerprint, (tagged data, a view's marshalled
        values or None), summary columns, digest of the bytes parsed) and forget files that
        are gone or could not be read; `verified`: cached files found, by their bytes, to
        stand as cached at `now` (trusted from now); `snapshot`: the kind's snapshot as it
        stands after this (see `snapshot`)."""
        now = time.time_ns() if now is None else now
        rows = [
            (
                kind,
                record_id,
                fp.size,
                fp.ino,
                fp.mtime_ns,
                fp.ctime_ns,
                now,
                *(_column(columns.get(c)) for c in COLUMNS),
                data[0],
                digested,
                data[1],
            )
            for record_id, fp, data, columns, digested in fresh
        ]
        removed = [(kind, record_id) for record_id in gone]
        touched = [(now, kind, record_id) for record_id in verified]
        if not rows and not removed and not touched and snapshot is None:
            return
        with self._guard() as db:
            if db is None:
                return
            db.execute("BEGIN")
            db.executemany("DELETE FROM files WHERE kind = ? AND id = ?", removed)
            db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
            )
            db.executemany("UPDATE files SET cached_ns = ? WHERE kind = ? AND id = ?", touched)
            if snapshot is not None:
                db.execute(
                    "INSERT OR REPLACE INTO snapshots VALUES (?, ?)",
                    (kind, snapshot.encode()),
                )
            db.execute("COMMIT")

    def peek(
        self, kind: str, prefix: str, data_of: Sequence[str] | None = None
    ) -> dict[str, tuple[tuple[int, int, int, int, int], str | None, str]]:
        """What the cache holds for records of `kind` whose id starts with `prefix`: by id, the
        fingerprint (size, inode, mtime_ns, ctime_ns, cached_ns), the status column, and the
        tagged data of the ids in `data_of` ("" for the others). Read-only and quick, for shell
        completion: {} when there is no usable cache (it never creates one); the caller checks
        each entry with `trusted`."""
        db = self._read_only()
        if db is None:
            return {}
        import sqlite3

        found: dict[str, tuple[tuple[int, int, int, int, int], str | None, str]] = {}
        try:
            if data_of is None:
                for row in db.execute(
                    "SELECT id, size, ino, mtime_ns, ctime_ns, cached_ns, status FROM files"
                    " WHERE kind = ? AND id >= ? AND id < ?",
                    (kind, prefix, prefix + "\x7f"),
                ):
                    found[row[0]] = ((row[1], row[2], row[3], row[4], row[5]), row[6], "")
                return found
            wanted = list(data_of)
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))  # placeholders only, never user text
                query = f"SELECT id, size, ino, mtime_ns, ctime_ns, cached_ns, status, data FROM files WHERE kind = ? AND id IN ({marks})"  # noqa: E501, S608
                for row in db.execute(query, (kind, *chunk)):
                    found[row[0]] = ((row[1], row[2], row[3], row[4], row[5]), row[6], row[7])
        except sqlite3.Error:
            return {}
        finally:
            db.close()
        return found

    def peek_in_status(
        self, kind: str, statuses: Sequence[str]
    ) -> tuple[Snapshot, set[str]] | None:
        """For shell completion: the kind's snapshot (see `snapshot`) and the ids whose cached
        status is one of `statuses`, read in one transaction, so that an id is offered by its
        cached status only when its file stands as the snapshot says. None when there is no
        usable index or no snapshot of the kind (read-only: it never creates one)."""
        db = self._read_only()
        if db is None:
            return None
        import sqlite3

        marks = ",".join("?" * len(statuses))  # placeholders only, never user text
        try:
            db.execute("BEGIN")
            row = db.execute("SELECT files FROM snapshots WHERE kind = ?", (kind,)).fetchone()
            found = _snapshot_of(row, digest=False)
            if found is None:
                return None
            query = f"SELECT id FROM files WHERE kind = ? AND status IN ({marks})"  # noqa: S608
            ids = {found_id for (found_id,) in db.execute(query, (kind, *statuses))}
            return found[0], ids
        except sqlite3.Error:
            return None
        finally:
            db.close()

    @contextlib.contextmanager
    def snapshots_read_only(
        self,
    ) -> Iterator[Callable[[str], tuple[Snapshot, int, Callable[[], bytes]] | None]]:
        """A function giving a kind's snapshot (see `snapshot`), the number of entries the
        index holds of the kind and a function giving the snapshot's digest (only a partial
        answer needs it: see `mentee.scan`), read in one transaction, or None (no snapshot
        of the kind, no usable index, any error). Read-only: it never creates or changes the
        index, and its connection is its own (for `mentee.scan`'s child, which must not
        share the store's)."""
        import sqlite3

        db = self._read_only()

        def read(
            kind: str,
        ) -> tuple[Snapshot, int, Callable[[], bytes]] | None:
            if db is None:
                return None
            try:
                db.execute("BEGIN")  # the snapshot and the count agree
                try:
                    row = db.execute(
                        "SELECT files FROM snapshots WHERE kind = ?", (kind,)
                    ).fetchone()
                    count = db.execute("SELECT count(*) FROM files WHERE kind = ?", (kind,))
                    rows = int(count.fetchone()[0])
                finally:
                    db.execute("COMMIT")
            except sqlite3.Error:
                return None
            found = _snapshot_of(row, digest=False)
            if found is None:
                return None
            kept = bytes(row[0])
            return found[0], rows, lambda: snapshot_digest(kept)

        try:
            yield read
        finally:
            if db is not None:
                db.close()

    def _read_only(self) -> sqlite3.Connection | None:
        """A read-only connection of its own to the index, in this format (it never creates
        or changes one); None when there is no usable index."""
        if not self.path.is_file():
            return None
        import sqlite3

        try:
            db = sqlite3.connect(
                f"{self.path.as_uri()}?mode=ro", uri=True, timeout=0.2, isolation_level=None
            )
        except sqlite3.Error:
            return None
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] == FORMAT:
                return db
        except sqlite3.Error:
            pass
        db.close()
        return None

    def close(self) -> None:
        """Close the index's database, if it is open (an error closing it is ignored)."""
        if self._db is not None:
            import sqlite3

            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


def _snapshot_of(row: Any, digest: bool) -> tuple[Snapshot, bytes] | None:
    """A snapshot from its row (None: no row, or not a snapshot), with the digest of its bytes
    when asked."""
    if row is None:
        return None
    found = Snapshot.decode(row[0])
    if found is None:
        return None
    return found, snapshot_digest(bytes(row[0])) if digest else b""


def snapshot_digest(kept: bytes) -> bytes:
    """The digest of a snapshot as the index keeps it (its row's bytes)."""
    from mentee.digests import blake2b_digest

    return blake2b_digest(kept, 16)


def _first(row: tuple[str, str, bytes | None]) -> str:
    return row[0]


def _column(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)
