"""The store's bridge to the index (`mentee.index`): a kind read with the files the index
vouches for left unread, and what the index keeps of a record.

A read lists the kind's folder once (one `stat` a file, from the folder's descriptor) and
compares it with the kind's snapshot in the index; only files that are new, changed, or
cached moments after they changed are read (their bytes checked against the cached digest)
or parsed and cached. `Where` selects in SQL, so only matching records are built.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from mentee import ids
from mentee import index as cache
from mentee.store.problems import DamagedRecordError, Problem
from mentee.store.reads import Loaded
from mentee.store.where import Where, columns_of

if TYPE_CHECKING:
    from mentee.kinds import Kind
    from mentee.models import Record
    from mentee.store.reads import StoreReads

# A kind's cached fingerprints by file name (see `Index.snapshot`).
Snapshot = dict[str, tuple[int, int, int, int] | None]
# The record files of a kind the snapshot does not vouch for, with their lstat (None: not
# a regular file).
Unchecked = list[tuple[str, os.stat_result | None]]

_MISSING: Any = object()


class IndexedReads:
    """Reading one store's records through its index."""

    def __init__(self, index: cache.Index) -> None:
        self.index = index
        # Kinds whose files were checked against the index in this invocation (their file
        # names, the problems met), so a second read of the same kind skips the scan.
        # Forgotten whenever anything may write (`forget`).
        self.fresh: dict[Kind, tuple[Snapshot, list[Problem]]] = {}

    def forget(self) -> None:
        """Scan the folders again on the next read."""
        self.fresh.clear()

    def load(
        self, store: StoreReads, kind: Kind, where: Where | None, views: bool
    ) -> Loaded | None:
        """`Store.load` with the index; None when the index cannot answer (damaged, locked,
        read-only, or a folder that cannot be listed): then the files are read."""
        memo = self.fresh.get(kind)
        if memo is not None:
            cached, problems = memo
            selected = self.select(kind, where, cached, views)
            if selected is not None:
                return Loaded(selected, list(problems))
        checked = self._check(store, kind)
        if checked is None:
            return None
        return self._load(store, kind, where, views, *checked)

    def _check(
        self, store: StoreReads, kind: Kind
    ) -> tuple[Snapshot | None, Unchecked, list[str]] | None:
        """The kind's snapshot in the index (None: none yet), the record files it does not
        vouch for with their lstat (new, changed, cached moments after they changed, or not
        a regular file: None), and the names it lists whose files are gone; None when the
        folder cannot be listed (the plain path says why). One `stat` a file: the only cost
        of a read that grows with the journal."""
        folder = os.fspath(store.folder(kind))
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
    ) -> tuple[Snapshot | None, Unchecked, list[str]]:
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

    def _load(
        self,
        store: StoreReads,
        kind: Kind,
        where: Where | None,
        views: bool,
        snapshot: Snapshot | None,
        check: Unchecked,
        gone_names: list[str],
    ) -> Loaded | None:
        """Files the snapshot vouches for are not read; the others are checked (fingerprint,
        then the bytes of one cached moments after it changed) or parsed and cached. None
        when the index fails midway."""
        index = self.index
        loaded = Loaded()
        if snapshot is None and not check:
            return loaded  # no record file: nothing to read, no index to make
        folder = store.folder(kind)
        now = time.time_ns()
        updated: Snapshot = dict(snapshot) if snapshot is not None else {}
        fresh: list[
            tuple[str, cache.Fingerprint, tuple[str, bytes | None], dict[str, Any], bytes]
        ] = []
        verified: list[str] = []
        unreadable: list[str] = []
        to_check: dict[str, os.stat_result | None] = {}
        for name, info in sorted(check, key=lambda item: item[0]):
            stem = name[: -len(".toml")]
            if ids.is_valid_id(stem):
                to_check[stem] = info
            else:
                store._not_a_record(folder / name, loaded)
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
            trust = changed_ns - max(info.st_mtime_ns, info.st_ctime_ns) > cache.RACY_NS
            updated[f"{stem}.toml"] = fingerprint if trust else None

        def parse(stem: str, raw: bytes | None = None, info: os.stat_result | None = None) -> None:
            path = folder / f"{stem}.toml"
            updated.pop(f"{stem}.toml", None)
            try:
                if raw is None or info is None:
                    raw, info = store._read_bytes_and_stat(path)
                record, data = store._parse(kind, stem, path, raw)
            except DamagedRecordError as exc:
                store._note(exc.problem)
                loaded.problems.append(exc.problem)
                unreadable.append(stem)
                return
            encoded = encode_for_index(record, data)
            if encoded is None:
                unreadable.append(stem)  # not cacheable: always read from the file
                if where is None or where.matches(columns_of(record)):
                    loaded.records.append(record)
                return
            fresh.append(
                (stem, cache.Fingerprint.of(info), encoded, columns_of(record), cache.digest(raw))
            )
            settled(stem, info, now)

        racy: list[str] = []
        for stem, info in to_check.items():
            cached = known.get(stem)
            if cached is not None and info is not None:
                if cache.trusted(cached, info):
                    settled(stem, info, cached[4])
                    continue
                if cache.same_file(cached, info):
                    racy.append(stem)  # changed moments before it was cached: check
                    continue
            parse(stem)
        if racy:
            digests = index.digests(kind.value, racy)
            for stem in racy:
                try:
                    raw, info = store._read_bytes_and_stat(folder / f"{stem}.toml")
                except DamagedRecordError:
                    parse(stem)  # says why, once
                    continue
                if cache.same_file(known[stem], info) and digests.get(stem) == cache.digest(raw):
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
        selected = self.select(kind, where, updated, views)
        if selected is None:
            return None
        if not loaded.records:
            # Everything readable is in the index: a second read of this kind in this
            # invocation can skip the scan.
            self.fresh[kind] = (updated, list(loaded.problems))
        loaded.records = sorted([*selected, *loaded.records], key=lambda r: r.id)
        return loaded

    def select(
        self,
        kind: Kind,
        where: Where | None,
        cached: Mapping[str, object],
        views: bool = False,
    ) -> list[Record] | None:
        """The cached records of `kind` matching `where` whose files are there and stand as
        cached (`cached`: by file name, as in the snapshot); None if the index failed."""
        index = self.index
        sql, params = where.sql() if where is not None else ("", ())
        rows = index.select(kind.value, sql, params)
        if index.broken:
            return None
        return [
            decode_from_index(kind, text, values if views else None)
            for stem, text, values in rows
            if f"{stem}.toml" in cached
        ]


def encode_for_index(record: Record, data: dict[str, Any]) -> tuple[str, bytes | None] | None:
    """What the index keeps of a record: pydantic's own JSON when the record and its tables
    have only known fields, with the values a read-only view is built from without pydantic
    (see `mentee.views`); else the parsed TOML with its types tagged (validated again on
    read, never a view)."""
    import marshal

    from mentee.index import encode
    from mentee.views import view_values

    if not record.extras and not parts_have_extras(record):
        text = record.model_dump_json(by_alias=True)
        return "J" + text, marshal.dumps(view_values(record.KIND, text))
    try:
        return "T" + encode(data), None
    except (ValueError, TypeError, RecursionError):
        return None  # unusual content (a key like "$d"): read from the file each time


def parts_have_extras(record: Record) -> bool:
    """Whether a table inside the record (a milestone, a note on an action...) has keys this
    version does not know (their JSON would not say which were dates)."""
    for value in record.__dict__.values():
        if isinstance(value, list):
            for item in value:
                if getattr(item, "__pydantic_extra__", None):
                    return True
    return False


def decode_from_index(kind: Kind, text: str, values: bytes | None = None) -> Record:
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


def _regular(entry: os.DirEntry[str]) -> os.stat_result | None:
    """An entry's lstat when it is a regular file, else None."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None
