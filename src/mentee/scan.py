"""Comparing a kind's folder with the index's snapshot of it, and doing that ahead, on another
core, while the command line starts.

Every read through the index (`store.indexed`) first asks which record files the index does
not vouch for: one `lstat` a file, compared with the kind's snapshot (`compare`). On a
journal kept for years that is the one cost that grows with it (tens of thousands of files),
and it is as long as starting Python and importing Typer. So a command that reads the
journal can have it done ahead (`ahead`): right at start-up, on Linux, a forked child
compares the kinds the command will read and sends back, per kind, the file names the
snapshot does not vouch for and the names it lists whose files are gone; the store takes a
kind's answer at its first read of that kind (`take`) instead of scanning, while the command
line was being built meanwhile on the other core.

The answer is only ever a shortcut: with none (no fork, the child failed or was too slow to
start, a write came first, another journal), the store scans itself. The child compares the
files as they are after the command started, as the store would; the parent checks the files
it names itself. Only the standard library here, and nothing of mentee's but the index.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import stat
import struct
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

_PACKED = struct.Struct("<qQqq")
# In a snapshot's `prints`: an entry to be checked again (it was cached moments after its
# file changed, or is not cached at all). No file has this fingerprint (all four fields 0: a
# change time of 0 cannot be set).
_UNTRUSTED = bytes(_PACKED.size)
# In a listing's fingerprints: a file that could not be lstat'ed (gone since it was listed).
# No file has it either (a size of -1).
_NO_FILE = b"\xff" * _PACKED.size


def fingerprint(info: os.stat_result) -> bytes:
    """A file's fingerprint as a snapshot keeps it: its size, inode, and modification and
    change times in nanoseconds, packed in 32 bytes."""
    return _PACKED.pack(info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)


class Snapshot:
    """A kind's cached fingerprints (see `Index.snapshot`): the record files' names in the
    order their folder listed them when the snapshot was made (`names`), and their
    fingerprints one after another in `prints`, 32 bytes each (all zeros: to be checked
    again, the entry was cached moments after its file changed). Kept so, a folder that
    lists the same files in the same order, unchanged, is told by comparing one value of
    bytes (see `compare`), and the snapshot of 20,000 files loads in half a millisecond.
    `get` and `in` look names up (the mapping is made when first asked for)."""

    __slots__ = ("_by_name", "_names", "legacy", "names", "prints")

    def __init__(self, names: tuple[str, ...], prints: bytes, legacy: bool = False) -> None:
        if len(prints) != len(names) * _PACKED.size:
            raise ValueError("a snapshot has one fingerprint a name")
        self.names = names
        self.prints = prints
        # Read from an older mentee's mapping: to be written again, as this one keeps it.
        self.legacy = legacy
        self._by_name: dict[str, bytes | None] | None = None
        self._names: frozenset[str] | None = None

    @classmethod
    def of(cls, by_name: Mapping[str, bytes | None], order: Iterable[str] = ()) -> Snapshot:
        """The snapshot of the fingerprints in `by_name` (None: to be checked again), its
        names in `order` (the folder's listing of its record files), then the others of
        `by_name`. A listed file `by_name` does not vouch for (damaged, not named by an
        id) is kept with no fingerprint, checked on every read as before, so the folder
        still lists what the snapshot lists and the other files are compared at once."""
        names = list(order)
        if len(names) != len(by_name) or any(name not in by_name for name in names):
            placed = set(names)
            names += [name for name in by_name if name not in placed]
        prints = b"".join([by_name.get(name) or _UNTRUSTED for name in names])
        return cls(tuple(names), prints)

    def by_name(self) -> dict[str, bytes | None]:
        """The fingerprints by file name (None: to be checked again); the caller may not
        change it (copy it first)."""
        if self._by_name is None:
            size = _PACKED.size
            prints = self.prints
            chunks = [prints[at : at + size] for at in range(0, len(prints), size)]
            found: dict[str, bytes | None] = dict(zip(self.names, chunks, strict=True))
            for name in [name for name, chunk in found.items() if chunk == _UNTRUSTED]:
                found[name] = None
            self._by_name = found
        return self._by_name

    def get(self, name: str) -> bytes | None:
        """The fingerprint of file `name` (None: not in the snapshot, or to be checked)."""
        return self.by_name().get(name)

    def __contains__(self, name: object) -> bool:
        if self._names is None:
            self._names = frozenset(self.names)
        return name in self._names

    def __len__(self) -> int:
        return len(self.names)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Snapshot):
            return NotImplemented
        return self.names == other.names and self.prints == other.prints

    __hash__ = None  # type: ignore[assignment]  # compared by value, never hashed

    def encode(self) -> bytes:
        """The snapshot as the index keeps it."""
        return marshal.dumps((self.names, self.prints))

    @classmethod
    def decode(cls, data: bytes) -> Snapshot | None:
        """A snapshot from what `encode` made, or from the mapping of names to fingerprints
        an older mentee kept (its order is then the mapping's: the next read that finds
        the folder's order otherwise writes it so); None when `data` is neither."""
        try:
            # marshal: fast, and the cache is mentee's own, in a private (0700) folder.
            found = marshal.loads(data)  # noqa: S302
            if isinstance(found, dict):
                older = cls.of(found)
                older.legacy = True
                return older
            names, prints = found
            if not isinstance(names, tuple) or not isinstance(prints, bytes):
                return None
            return cls(names, prints)
        except (ValueError, EOFError, TypeError):
            return None


# The record files of a kind the snapshot does not vouch for, with their lstat (None: not
# a regular file).
Unchecked = list[tuple[str, os.stat_result | None]]
# What comparing a folder finds (see `compare`).
Comparison = tuple[Snapshot | None, Unchecked, list[str], list[str] | None]
_MISSING: Any = object()


class _Every:
    """The files a whole answer vouches for: every entry the index holds (see `Answer`)."""

    def __contains__(self, name: object) -> bool:
        return True


EVERY = _Every()


def is_record_name(name: str) -> bool:
    """Whether a folder entry is a record file's name (`<something>.toml`, not hidden: temp
    files start with a dot)."""
    return name[-5:] == ".toml" and name[:1] != "."


def compare(folder: str, load_snapshot: Callable[[], Snapshot | None]) -> Comparison:
    """The kind's snapshot (None: none yet, or the folder has no record file), the record
    files in `folder` it does not vouch for with their lstat (new, changed, cached moments
    after they changed, or not a regular file: None), the names it lists whose files are
    gone, and the record files' names in the folder's order when the snapshot does not
    list them so (None when it does: then it need not be written again). `load_snapshot`
    is called only when the folder has a record file (a new journal makes no index).
    OSError when the folder cannot be listed."""
    fd = -1
    try:
        if os.listdir in os.supports_fd and os.stat in os.supports_dir_fd:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            listed = os.listdir(fd)
        else:
            listed = os.listdir(folder)
        return _compare(listed, folder, fd, load_snapshot)
    finally:
        if fd >= 0:
            os.close(fd)


def _compare(
    listed: list[str], folder: str, fd: int, load_snapshot: Callable[[], Snapshot | None]
) -> Comparison:
    def lstat(name: str) -> os.stat_result:
        if fd >= 0:
            return os.stat(name, dir_fd=fd, follow_symlinks=False)
        return os.lstat(os.path.join(folder, name))

    if not any(is_record_name(name) for name in listed):
        return None, [], [], None  # no record file: no snapshot asked for
    snapshot = load_snapshot()
    if snapshot is None:
        names = [name for name in listed if is_record_name(name)]
        return None, [(name, _regular(lstat, name)) for name in names], [], names
    names = listed
    if snapshot.legacy or len(names) != len(snapshot.names) or tuple(names) != snapshot.names:
        names = [name for name in listed if is_record_name(name)]  # without strays
        if snapshot.legacy or tuple(names) != snapshot.names:
            return _compare_by_name(names, snapshot, lstat)
    # The folder lists the files the snapshot lists, in its order: one lstat a file, the
    # fingerprints compared all at once (the one loop that runs once a file, kept bare).
    size = _PACKED.size
    pack = _PACKED.pack
    prints: list[bytes] = []
    add = prints.append
    for name in names:
        try:
            info = lstat(name)
        except OSError:
            add(_NO_FILE)
            continue
        add(pack(info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns))
    if b"".join(prints) == snapshot.prints:
        return snapshot, [], [], None
    kept = snapshot.prints
    check = [
        (name, _regular(lstat, name))
        for at, (name, now) in enumerate(zip(names, prints, strict=True))
        if now != kept[at * size : at * size + size]
    ]
    return snapshot, check, [], None


def _compare_by_name(
    names: list[str], snapshot: Snapshot, lstat: Callable[[str], os.stat_result]
) -> tuple[Snapshot, Unchecked, list[str], list[str]]:
    """`_compare` for a folder that lists other files than the snapshot, or in another
    order (a file added, deleted or renamed since), or for an older mentee's snapshot
    (`legacy`, to be written again): each name looked up, and the folder's order given."""
    check: Unchecked = []
    seen = 0
    known_of = snapshot.by_name().get
    pack = _PACKED.pack
    missing: Any = _MISSING
    for name in names:
        known = known_of(name, missing)
        if known is missing:
            check.append((name, _regular(lstat, name)))
            continue
        seen += 1
        try:
            info = lstat(name)
        except OSError:
            check.append((name, None))
            continue
        if known != pack(info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns):
            check.append((name, info if stat.S_ISREG(info.st_mode) else None))
    gone: list[str] = []
    if seen != len(snapshot):
        # Some file the snapshot lists is gone (deleted, renamed): say which.
        here = set(names)
        gone = [name for name in snapshot.names if name not in here]
    return snapshot, check, gone, names


def _regular(lstat: Callable[[str], os.stat_result], name: str) -> os.stat_result | None:
    """`lstat(name)` when it is a regular file's, else None (gone, a link, a folder...)."""
    try:
        info = lstat(name)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


def regular(entry: os.DirEntry[str]) -> os.stat_result | None:
    """An entry's lstat when it is a regular file, else None."""
    return _regular(lambda _name: entry.stat(follow_symlinks=False), entry.name)


def lstat_regular(path: str) -> os.stat_result | None:
    """A file's lstat when it is a regular file, else None (gone, a link, a folder...)."""
    return _regular(os.lstat, path)


# -- ahead, in a child -------------------------------------------------------------------------
#
# The child takes the kinds biggest folder first (`_child_order`) and says so as it goes: a
# frame ("start", kind) before it compares a kind, ("done", kind, check, gone, order, whole,
# rows, digest) after, or ("skip", kind) when it cannot answer for it (each frame: its length
# in 4 bytes, then its marshalled value). The store asks for the kinds in the order it reads
# them: an answer that is there is taken; a kind the child has not come to yet the store
# claims (its name on the other pipe, which the child reads before each kind) and compares
# itself; and while the child is comparing a kind the store waits for, the store compares,
# instead of waiting, the next kinds it will read that the child has not started (claiming
# them too). So the two share the work and a kind is compared once, unless the child starts
# it just as the store claims it (then twice: a waste, never a wrong answer).


class Answer:
    """What the child found for one kind: the record file names the index's snapshot does
    not vouch for (`check`: to be checked by the store, which lstats them again) and the
    names it lists whose files are gone; `order`: the record files' names in the folder's
    order when the snapshot lists them otherwise (else None); `whole`: nothing of any of
    these, and the index held an entry for exactly the files the snapshot lists (so every
    entry it holds stands); `rows` and `digest`: how many entries of the kind the index
    held and, with a partial answer only (b"" with a whole one), the digest of the snapshot
    the child compared with, for the store to tell that it reads the same index (not one
    deleted or rebuilt meanwhile)."""

    __slots__ = ("check", "digest", "gone", "order", "rows", "whole")

    def __init__(
        self,
        check: list[str],
        gone: list[str],
        order: list[str] | None,
        whole: bool,
        rows: int,
        digest: bytes,
    ) -> None:
        self.check = check
        self.gone = gone
        self.order = order
        self.whole = whole
        self.rows = rows
        self.digest = digest


class Compared:
    """A kind the store compared ahead while it waited for the child (see the frames above):
    `compare`'s result, or None when the folder could not be listed."""

    __slots__ = ("result",)

    def __init__(self, result: Comparison | None) -> None:
        self.result = result


class _Ahead:
    """The parent's side of a child comparing some kinds' folders: its pid, the pipes (its
    frames in, claims out), what it was asked (the index's path and each kind's folder), and
    what it said so far."""

    def __init__(
        self,
        pid: int,
        frames: int,
        claims: int,
        index: str,
        folders: Mapping[str, str],
    ) -> None:
        self.pid = pid
        self.frames = frames
        self.claims = claims
        self.index = index
        self.folders = dict(folders)  # in the order the store reads them
        self.answers: dict[str, Answer | None] = {}  # None: skipped, or claimed by the store
        self.compared: dict[str, Compared] = {}  # by the store, while it waited
        self.started: set[str] = set()
        self.taken: set[str] = set()  # by the store: each kind once
        self.buffer = b""
        self.open = True

    def answer(
        self, kind: str, load_snapshot: Callable[[str], Snapshot | None]
    ) -> Answer | Compared | None:
        """The child's answer for `kind`, or what the store compared of it while it waited
        for another; None: neither (the child could not answer, or had not come to the
        kind: then the store compares it itself, and the child leaves it alone). While the
        child compares `kind`, the next kinds the store reads that the child has not started
        are compared here (`load_snapshot`: the store's snapshot of a kind)."""
        if kind in self.taken:
            return None  # the store read it already: it compares the folder again itself
        self.taken.add(kind)
        found = self._found(kind, load_snapshot)
        if self.taken.issuperset(self.folders):
            self.close()  # nothing more to take: the pipes closed, the child reaped if done
        return found

    def _found(
        self, kind: str, load_snapshot: Callable[[str], Snapshot | None]
    ) -> Answer | Compared | None:
        if kind in self.compared:
            return self.compared.pop(kind)
        self._read(wait=False)
        while self.open and kind in self.started and kind not in self.answers:
            other = self._left_to_the_child(kind)
            if other is None:
                self._read(wait=True)
                continue
            self._claim(other)
            try:
                result = compare(self.folders[other], functools.partial(load_snapshot, other))
            except OSError:
                self.compared[other] = Compared(None)
            else:
                self.compared[other] = Compared(result)
            self._read(wait=False)
        if kind in self.answers:
            return self.answers.pop(kind)
        self._claim(kind)
        return None

    def _left_to_the_child(self, waiting_for: str) -> str | None:
        """The next kind the store reads (after `waiting_for`) that neither the child nor the
        store took yet: what it will need soonest."""
        for kind in self.folders:
            taken = (
                kind in self.started
                or kind in self.answers
                or kind in self.compared
                or kind in self.taken
            )
            if not taken and kind != waiting_for:
                return kind
        return None

    def _claim(self, kind: str) -> None:
        """The store compares `kind`: a late answer from the child is not taken, and the
        child, told, leaves it."""
        self.answers[kind] = None
        if self.open:
            with contextlib.suppress(OSError):
                os.write(self.claims, f"{kind}\n".encode())

    def _read(self, wait: bool) -> None:
        """Take in what the child wrote so far (when `wait`, waiting for at least a chunk)."""
        import select

        if wait and self.open:
            with contextlib.suppress(OSError):
                select.select([self.frames], [], [])
        while self.open:
            try:
                chunk = os.read(self.frames, 1 << 16)
            except BlockingIOError:
                return
            except OSError:
                chunk = b""
            if not chunk:
                self.close(ended=True)
                return
            self.buffer += chunk
            self._frames()

    def _frames(self) -> None:
        while len(self.buffer) >= 4:
            size = int.from_bytes(self.buffer[:4], "big")
            if len(self.buffer) < 4 + size:
                return
            frame, self.buffer = self.buffer[4 : 4 + size], self.buffer[4 + size :]
            try:
                said = marshal.loads(frame)  # noqa: S302 - our child's, on our own pipe
                self._heard(said)
            except (ValueError, EOFError, TypeError, IndexError):
                self.close()
                return

    def _heard(self, said: tuple[Any, ...]) -> None:
        what, kind = said[0], str(said[1])
        if what == "start":
            self.started.add(kind)
        elif kind not in self.answers:  # an answer for a kind the store claimed is left
            if what == "done":
                check, gone, order, whole, rows, digest = said[2:]
                self.answers[kind] = Answer(
                    list(check),
                    list(gone),
                    None if order is None else list(order),
                    bool(whole),
                    int(rows),
                    bytes(digest),
                )
            else:
                self.answers[kind] = None

    def close(self, ended: bool = False) -> None:
        """No more from the child: the pipes closed, and the child reaped if it is done
        (`ended`: it closed its end, which it does just before it exits; else it finds the
        pipes closed at its next word and ends, reaped with the command)."""
        if not self.open:
            return
        self.open = False
        for fd in (self.frames, self.claims):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.waitpid(self.pid, 0 if ended else os.WNOHANG)

    def drop(self) -> None:
        """Forget every answer: something was written since the child looked, or the command
        ended: the store compares every kind itself from now on."""
        self.close()
        self.answers = dict.fromkeys(self.folders)  # each as claimed: no answer to take
        self.compared.clear()


_pending: _Ahead | None = None


def ahead(index: str, folders: Mapping[str, str]) -> bool:
    """Start comparing each kind's folder (`folders`: by kind, in the order the command
    reads them) with the index at `index` in a forked child; True when one was started (its
    answers replace any left from an earlier command in this process). Only on Linux, and
    never when the index is not there yet (a new journal: nothing to compare with)."""
    global _pending  # noqa: PLW0603 - one child at a time, taken by the store
    drop()
    if not sys.platform.startswith("linux") or not os.path.isfile(index):
        return False
    order = _child_order(folders)
    # What the child reads the index with, imported before it is forked: the command reads
    # through the index too, so this costs it nothing, and the child does not import it again.
    import sqlite3  # noqa: F401

    import mentee.index  # noqa: F401

    try:
        frames_in, frames_out = os.pipe()
        claims_in, claims_out = os.pipe()
    except OSError:
        return False
    try:
        pid = os.fork()
    except OSError:
        for fd in (frames_in, frames_out, claims_in, claims_out):
            os.close(fd)
        return False
    if pid == 0:  # the child: compare, answer, and out without running anything of Python's
        code = 0
        try:
            os.close(frames_in)
            os.close(claims_out)
            _quiet()
            _compare_ahead(frames_out, claims_in, index, {k: folders[k] for k in order})
        except BaseException:  # noqa: BLE001 - the store compares itself what has no answer
            code = 1
        finally:
            os._exit(code)
    os.close(frames_out)
    os.close(claims_in)
    os.set_blocking(frames_in, False)
    _pending = _Ahead(pid, frames_in, claims_out, index, folders)
    return True


def take(
    index: str, kind: str, folder: str, load_snapshot: Callable[[str], Snapshot | None]
) -> Answer | Compared | None:
    """What was found ahead for `kind` when a child was started for this index and this
    folder: the child's answer, or the store's own comparison made while it waited for the
    child (`load_snapshot`: the store's snapshot of a kind, for that); None otherwise, or
    once taken (then the store compares the folder itself)."""
    if _pending is None or _pending.index != index or _pending.folders.get(kind) != folder:
        return None
    return _pending.answer(kind, load_snapshot)


def drop() -> None:
    """Forget the answers not taken yet: something was written since the child looked, or
    the command ended."""
    if _pending is not None:
        _pending.drop()


def _child_order(folders: Mapping[str, str]) -> list[str]:
    """The kinds biggest folder first (a folder's size grows with its entries), so the
    child takes the long comparisons while the store, still starting, could not."""
    sizes: dict[str, int] = {}
    for kind, folder in folders.items():
        try:
            sizes[kind] = os.stat(folder).st_size
        except OSError:
            sizes[kind] = 0
    return sorted(folders, key=lambda kind: -sizes[kind])


def _quiet() -> None:
    """The child's standard streams go to /dev/null: it never writes to the terminal, and a
    pipe the command writes to ends when the command does."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


def _compare_ahead(frames: int, claims: int, index: str, folders: Mapping[str, str]) -> None:
    """In the child: compare the kinds' folders in their order, leaving those the store
    claimed, and say what was found (see the frames above)."""
    from pathlib import Path

    from mentee.index import Index

    os.set_blocking(claims, False)
    claimed: set[str] = set()
    with Index(Path(index)).snapshots_read_only() as read_snapshot:
        for kind, folder in folders.items():
            claimed |= _claimed(claims)
            if kind in claimed:
                continue
            _say(frames, ("start", kind))
            _say(frames, _compared(kind, folder, read_snapshot))
    os.close(frames)


def _compared(
    kind: str,
    folder: str,
    read_snapshot: Callable[[str], tuple[Snapshot, int, Callable[[], bytes]] | None],
) -> tuple[Any, ...]:
    """The frame that answers for one kind (the snapshot's digest only with a partial
    answer: a whole one is checked by the index's count)."""
    found = read_snapshot(kind)
    if found is None:
        return ("skip", kind)  # no snapshot of the kind yet: the store makes one
    snapshot, rows, digest_of = found
    try:
        listed, check, gone, order = compare(folder, lambda: snapshot)
    except OSError:
        return ("skip", kind)
    if listed is None:
        return ("skip", kind)  # no record file: the store says what it makes of that
    whole = not check and not gone and order is None and rows == len(snapshot)
    digest = b"" if whole else digest_of()
    return ("done", kind, [name for name, _ in check], gone, order, whole, rows, digest)


def _claimed(claims: int) -> set[str]:
    """The kinds the store said it compares itself, so far."""
    names: set[str] = set()
    try:
        while chunk := os.read(claims, 4096):
            names |= set(chunk.decode().split())
    except (BlockingIOError, OSError, UnicodeDecodeError):
        pass
    return names


def _say(frames: int, said: tuple[Any, ...]) -> None:
    """Write one frame whole (OSError when the parent closed the pipe: then the child ends)."""
    data = marshal.dumps(said)
    view = memoryview(len(data).to_bytes(4, "big") + data)
    while view:
        view = view[os.write(frames, view) :]
