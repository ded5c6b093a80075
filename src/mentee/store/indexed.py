"""The store's bridge to the index (`mentee.index`): a kind read with the files the index
vouches for left unread, and what the index keeps of a record.

A read lists the kind's folder once (one `stat` a file, from the folder's descriptor) and
compares it with the kind's snapshot in the index; only files that are new, changed, or
cached moments after they changed are read (their bytes checked against the cached digest)
or parsed and cached. `Where` selects in SQL, so only matching records are built.
"""

from __future__ import annotations

import os
import time
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mentee import ids, scan
from mentee import index as cache
from mentee.store.problems import DamagedRecordError, Problem
from mentee.store.reads import Loaded
from mentee.store.where import Where, columns_of

if TYPE_CHECKING:
    from pathlib import Path

    from mentee.kinds import Kind
    from mentee.models import Record
    from mentee.store.reads import StoreReads

from mentee.scan import Snapshot, Unchecked


class IndexedReads:
    """Reading one store's records through its index."""

    def __init__(self, index: cache.Index) -> None:
        self.index = index
        # Kinds whose files were checked against the index in this invocation (their file
        # names, the problems met), so a second read of the same kind skips the scan.
        # Forgotten whenever anything may write (`forget`).
        self.fresh: dict[Kind, tuple[Container[str], list[Problem]]] = {}

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
        folder = os.fspath(store.folder(kind))
        answer = scan.take(os.fspath(self.index.path), kind.value, folder, self.index.snapshot)
        if isinstance(answer, scan.Answer) and answer.whole:
            whole = self._whole(kind, where, views, answer)
            if whole is not None:
                return whole
            answer = None  # not the index the child read: the store compares the folder
        if isinstance(answer, scan.Compared):
            checked = answer.result  # compared ahead here, while the child compared another
        else:
            checked = self._check(folder, kind, answer)
        if checked is None:
            return None
        return self._load(store, kind, where, views, *checked)

    def _whole(
        self, kind: Kind, where: Where | None, views: bool, answer: scan.Answer
    ) -> Loaded | None:
        """The kind as the index holds it, when the child found that every file stands as
        cached and that the index holds no other entry; None when this is not that index
        (deleted or rebuilt since: not as many entries of the kind) or it failed."""
        if self.index.count(kind.value) != answer.rows:
            return None
        selected = self.select(kind, where, scan.EVERY, views)
        if selected is None:
            return None
        self.fresh[kind] = (scan.EVERY, [])
        return Loaded(selected, [])

    def _check(self, folder: str, kind: Kind, answer: scan.Answer | None) -> scan.Comparison | None:
        """What comparing `folder` with the kind's snapshot finds (see `scan.compare`): the
        snapshot (None: none yet), the record files it does not vouch for with their lstat,
        the names it lists whose files are gone, and the folder's order when the snapshot
        lists its files otherwise; None when the folder cannot be listed (the plain path
        says why). One `stat` a file: the only cost of a read that grows with the journal,
        unless `mentee.scan` did it ahead (`answer`: then only the files it names are looked
        at)."""
        if answer is not None:
            found = self.index.snapshot_and_digest(kind.value)
            if found is not None and found[1] == answer.digest:  # the snapshot the child saw
                snapshot = found[0]
                check = [
                    (name, scan.lstat_regular(os.path.join(folder, name))) for name in answer.check
                ]
                return snapshot, check, answer.gone, answer.order
        try:
            return scan.compare(folder, lambda: self.index.snapshot(kind.value))
        except OSError:
            return None

    def _load(
        self,
        store: StoreReads,
        kind: Kind,
        where: Where | None,
        views: bool,
        snapshot: Snapshot | None,
        check: Unchecked,
        gone_names: list[str],
        order: list[str] | None,
    ) -> Loaded | None:
        """Files the snapshot vouches for are not read; the others are checked (fingerprint,
        then the bytes of one cached moments after it changed) or parsed and cached, and the
        snapshot is written again, in the folder's order (`order`, when the folder lists its
        files otherwise). With nothing to check, gone or reordered, the index answers at
        once: nothing is read or written. None when the index fails midway."""
        index = self.index
        loaded = Loaded()
        if snapshot is None and not check:
            return loaded  # no record file: nothing to read, no index to make
        if snapshot is not None and not check and not gone_names and order is None:
            # Every file stands as the snapshot has it: nothing to read or write.
            selected = self.select(kind, where, snapshot, views)
            if selected is None:
                return None
            self.fresh[kind] = (snapshot, [])
            return Loaded(selected, [])
        before = snapshot.by_name() if snapshot is not None else {}
        run = _IndexPass(
            store, kind, where, store.folder(kind), time.time_ns(), loaded, dict(before)
        )
        to_check = _valid_stems(run, check)
        gone = [name[: -len(".toml")] for name in gone_names]
        if snapshot is None:
            known = index.fingerprints(kind.value)
            gone += [stem for stem in known if stem not in to_check]
        else:
            known = index.fingerprints_of(kind.value, list(to_check)) if to_check else {}
        for stem in gone:
            run.updated.pop(f"{stem}.toml", None)
        racy: list[str] = []
        for stem, info in to_check.items():
            cached = known.get(stem)
            if cached is not None and info is not None:
                if cache.trusted(cached, info):
                    run.settled(stem, info, cached[4])
                    continue
                if cache.same_file(cached, info):
                    racy.append(stem)  # changed moments before it was cached: check
                    continue
            run.parse(stem)
        if racy:
            self._check_racy(run, racy, known)
        updated = run.updated
        if run.fresh or run.verified or run.unreadable or gone or updated != before or order:
            # The snapshot in the folder's order, so the next read compares it at once.
            listing = order if order is not None else snapshot.names if snapshot is not None else ()
            index.store(
                kind.value,
                run.fresh,
                [*gone, *run.unreadable],
                scan.Snapshot.of(updated, listing),
                run.now,
                run.verified,
            )
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

    def _check_racy(self, run: _IndexPass, racy: list[str], known: Mapping[str, Any]) -> None:
        """Files changed moments before they were cached: an entry whose bytes are the file's
        stands (and is trusted once the file's last change is far enough behind); any other
        file is parsed again."""
        digests = self.index.digests(run.kind.value, racy)
        for stem in racy:
            try:
                raw, info = run.store._read_bytes_and_stat(run.folder / f"{stem}.toml")
            except DamagedRecordError:
                run.parse(stem)  # says why, once
                continue
            if cache.same_file(known[stem], info) and digests.get(stem) == cache.digest(raw):
                run.settled(stem, info, run.now)
                if run.updated.get(f"{stem}.toml") is not None:
                    run.verified.append(stem)
            else:
                run.parse(stem, raw, info)

    def select(
        self,
        kind: Kind,
        where: Where | None,
        cached: Container[str],
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


@dataclass
class _IndexPass:
    """One indexed load of a kind as it goes: the files' new snapshot (`updated`), the
    records parsed to cache (`fresh`), the cached entries whose bytes were checked
    (`verified`), the files that cannot be cached (`unreadable`), and what was loaded."""

    store: StoreReads
    kind: Kind
    where: Where | None
    folder: Path
    now: int
    loaded: Loaded
    updated: dict[str, bytes | None]
    fresh: list[tuple[str, cache.Fingerprint, tuple[str, bytes | None], dict[str, Any], bytes]] = (
        field(default_factory=list)
    )
    verified: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def settled(self, stem: str, info: os.stat_result, changed_ns: int) -> None:
        """`stem` is cached for the file as `info` shows it: trusted by its fingerprint from
        now on when it last changed long enough before `changed_ns`."""
        fingerprint = scan.fingerprint(info)
        trust = changed_ns - max(info.st_mtime_ns, info.st_ctime_ns) > cache.RACY_NS
        self.updated[f"{stem}.toml"] = fingerprint if trust else None

    def parse(
        self, stem: str, raw: bytes | None = None, info: os.stat_result | None = None
    ) -> None:
        """Read (unless `raw` and `info` are given) and parse one record file to cache it; a
        damaged file is a problem noted, and a record that cannot be cached is kept to be
        read from its file every time."""
        path = self.folder / f"{stem}.toml"
        self.updated.pop(f"{stem}.toml", None)
        try:
            if raw is None or info is None:
                raw, info = self.store._read_bytes_and_stat(path)
            record, data = self.store._parse(self.kind, stem, path, raw)
        except DamagedRecordError as exc:
            self.store._note(exc.problem)
            self.loaded.problems.append(exc.problem)
            self.unreadable.append(stem)
            return
        encoded = encode_for_index(record, data)
        if encoded is None:
            self.unreadable.append(stem)  # not cacheable: always read from the file
            if self.where is None or self.where.matches(columns_of(record)):
                self.loaded.records.append(record)
            return
        self.fresh.append(
            (stem, cache.Fingerprint.of(info), encoded, columns_of(record), cache.digest(raw))
        )
        self.settled(stem, info, self.now)


def _valid_stems(run: _IndexPass, check: Unchecked) -> dict[str, os.stat_result | None]:
    """The files to check by record id, in order; a file whose name is not an id is a
    problem noted in the load."""
    to_check: dict[str, os.stat_result | None] = {}
    for name, info in sorted(check, key=lambda item: item[0]):
        stem = name[: -len(".toml")]
        if ids.is_valid_id(stem):
            to_check[stem] = info
        else:
            run.store._not_a_record(run.folder / name, run.loaded)
    return to_check
