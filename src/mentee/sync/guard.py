"""What `mentee sync` checks so that it never spreads damage, and how it heals after a kill.

- `local_flags`: the files a sync is about to commit that `doctor` would flag (a record that
  does not read, a copy under a name that is not an id, a stray file or folder in a record
  folder, a symbolic link, a `config.toml` that does not read). Sync refuses to commit
  anything while there is one.
- `incoming_flags`: the same check for what another device sent. A version that does not
  read never replaces one that does: sync refuses the whole merge. A damaged file that is
  new here replaces nothing: it comes in, with a warning.
- Hidden files and editor leftovers (`.*`, `*~`, `*.swp`) are never synced (see
  `git.IGNORED`) and never block a sync.
- `stale_git_locks`: a git killed in the middle leaves `.git/index.lock` (or another
  `.lock`) behind, and every later git refuses to run. One is removed when no git process
  works in the journal; otherwise sync and `sync status` name it and the process.

Finding git processes reads `/proc` (Linux): a process counts as working in the journal
when its program is git (`git`, `git-*`) and its working folder, or its `GIT_DIR` or
`--git-dir`, is the journal or inside it. Where `/proc` cannot tell (another system, a
process of another user), a lock is treated as held: mentee never removes a lock it is
not sure is stale, and says how to remove it by hand.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from mentee import ids
from mentee.kinds import Kind
from mentee.sync import KIND_OF_FOLDER

# Hidden files, editors' and other programs' temp and backup files: never synced.
_LEFTOVER = re.compile(r"^\..*|.*~|.*\.sw[a-p]|#.*#$")
SYMLINK_MODE = "120000"
SUBMODULE_MODE = "160000"


@dataclass(frozen=True)
class Flag:
    """One file sync will not take: its path in the journal, why, and the line if known."""

    path: str
    problem: str
    line: int | None = None

    def at(self, root: Path, prefix: str = "") -> str:
        """`root/path:line: [prefix]problem`, as doctor says it."""
        where = f"{root / self.path}:{self.line}" if self.line else f"{root / self.path}"
        return f"{where}: {prefix}{self.problem}"


def is_leftover(path: str) -> bool:
    """Whether sync ignores this file: hidden, or an editor's or a program's leftover."""
    return any(_LEFTOVER.fullmatch(part) for part in PurePosixPath(path).parts)


def check_file(path: str, data: bytes | None, mode: str = "100644") -> Flag | None:
    """Why the file at `path` (relative, `/`-separated) holding `data` may not be synced,
    or None. `mode` is git's (`120000`: a symbolic link)."""
    problem = _problem(path, data, mode)
    if problem is None or isinstance(problem, Flag):
        return problem
    return Flag(path, problem)


def _problem(path: str, data: bytes | None, mode: str) -> Flag | str | None:
    parts = PurePosixPath(path).parts
    if mode == SYMLINK_MODE:
        return "is a symbolic link: a journal never holds one (it could point anywhere)"
    if mode == SUBMODULE_MODE:
        return "is another git repository: a journal never holds one"
    if path == "config.toml":
        return _config_problem(data or b"")
    kind = KIND_OF_FOLDER.get(parts[0]) if parts else None
    if kind is None:
        return None  # the journal's own top-level files (README...) are the user's
    if len(parts) != 2:
        return (
            f"a file in a folder inside {parts[0]}/: mentee reads only <id>.toml files "
            "there; move it out of the journal"
        )
    name = parts[1]
    if not name.endswith(".toml"):
        return "not a record: mentee reads only <id>.toml files here; move it out of the journal"
    stem = name.removesuffix(".toml")
    from mentee.ids import conflict_copy_record

    if conflict_copy_record(name):
        return None  # mentee's own conflict copy: synced so any device can resolve it
    if not ids.is_valid_id(stem):
        from mentee.store.problems import not_an_id

        return not_an_id(name)
    return _record_problem(kind, stem, path, data or b"")


def _record_problem(kind: Kind, record_id: str, path: str, data: bytes) -> Flag | None:
    from mentee.store.problems import DamagedRecordError
    from mentee.store.recordfile import parse_record

    try:
        parse_record(kind, record_id, Path(path), data)
    except DamagedRecordError as exc:
        return Flag(path, exc.problem.message, exc.problem.line)
    return None


def _config_problem(data: bytes) -> str | None:
    from mentee.config import parse_config
    from mentee.errors import MenteeError

    try:
        parse_config(data, Path("config.toml"))
    except MenteeError as exc:
        return str(exc).removeprefix("config.toml: ")
    return None


def local_flags(root: Path, paths: Iterable[str]) -> list[Flag]:
    """The files among `paths` (relative to the journal `root`, about to be committed) that
    sync must not commit. Deleted files and leftovers are never flagged."""
    flags = []
    for path in sorted(set(paths)):
        if is_leftover(path):
            continue
        full = root.joinpath(*PurePosixPath(path).parts)
        try:
            info = os.lstat(full)
        except FileNotFoundError:
            continue  # deleted: nothing to check
        except OSError as exc:
            flags.append(Flag(path, f"cannot read: {exc.strerror}"))
            continue
        flag: Flag | None
        if stat.S_ISLNK(info.st_mode):
            flag = check_file(path, None, SYMLINK_MODE)
        elif stat.S_ISDIR(info.st_mode):
            flag = check_file(path, None, SUBMODULE_MODE)
        elif not stat.S_ISREG(info.st_mode):
            flag = Flag(path, "is not a regular file")
        else:
            try:
                data = full.read_bytes()
            except OSError as exc:
                flags.append(Flag(path, f"cannot read: {exc.strerror}"))
                continue
            flag = check_file(path, data)
        if flag is not None:
            flags.append(flag)
    return flags


@dataclass
class Incoming:
    """What another device sent, judged: files refused (they would replace a record that
    reads with one that does not) and files let in with a warning (damaged, but new)."""

    refused: list[Flag] = field(default_factory=list)
    warned: list[Flag] = field(default_factory=list)


def incoming_flags(changes: Iterable[tuple[str, str, bytes | None, bytes | None]]) -> Incoming:
    """Judge incoming files: (path, incoming git mode, incoming bytes, local bytes or None
    when the file is new here). Leftovers are never judged."""
    judged = Incoming()
    for path, mode, data, local in changes:
        if is_leftover(path):
            continue
        flag = check_file(path, data, mode)
        if flag is None:
            continue
        # A symbolic link never comes in; a damaged version never replaces one that reads.
        linked = mode in (SYMLINK_MODE, SUBMODULE_MODE)
        replaces_a_good_one = local is not None and check_file(path, local) is None
        (judged.refused if linked or replaces_a_good_one else judged.warned).append(flag)
    return judged


# -- git locks left by a killed git --------------------------------------------------------


@dataclass(frozen=True)
class GitLock:
    """A lock file in `.git` and the git processes working in the journal (None: unknown)."""

    path: Path
    holders: tuple[str, ...] | None

    @property
    def stale(self) -> bool:
        """Whether no git process works in the journal, so the lock is left over and can go
        (unknown holders are not stale)."""
        return self.holders == ()


def git_locks(root: Path) -> list[Path]:
    """The lock files git leaves when it is killed: `.git/index.lock`, `.git/HEAD.lock`,
    `.git/config.lock`, `.git/packed-refs.lock`, and `.lock` files under `.git/refs`."""
    git_dir = root / ".git"
    found = [
        git_dir / name
        for name in ("index.lock", "HEAD.lock", "ORIG_HEAD.lock", "config.lock", "packed-refs.lock")
        if os.path.lexists(git_dir / name)
    ]
    refs = git_dir / "refs"
    if refs.is_dir() and not refs.is_symlink():
        found += sorted(p for p in refs.rglob("*.lock") if not p.is_dir())
    return found


def git_processes(root: Path) -> tuple[str, ...] | None:
    """The git processes working in the journal at `root`, as `pid (command)`; None when
    that cannot be known (no /proc, or a git process whose folder cannot be read)."""
    proc = Path("/proc")
    try:
        pids = [name for name in os.listdir(proc) if name.isdigit()]
    except OSError:
        return None
    journal = os.path.realpath(root)
    found = []
    unknown = False
    for pid in pids:
        if int(pid) == os.getpid():
            continue
        try:
            command = (proc / pid / "comm").read_text("utf-8", "replace").strip()
        except OSError:
            continue  # gone, or not readable at all
        if command != "git" and not command.startswith("git-"):
            continue
        places = _places(proc / pid)
        if places is None:
            unknown = True  # another user's git: cannot tell where it works
            continue
        if any(p == journal or p.startswith(journal + os.sep) for p in places):
            found.append(f"{pid} ({command})")
    if unknown and not found:
        return None
    return tuple(found)


def _places(process: Path) -> list[str] | None:
    """Where a process works: its working folder, and its GIT_DIR or --git-dir."""
    try:
        cwd = os.readlink(process / "cwd")
    except (FileNotFoundError, ProcessLookupError):
        # The process ended (or is a zombie) between listing and reading: it works nowhere.
        # Treating it as unknown made a busy machine keep a stale lock.
        return []
    except OSError:
        return None  # another user's process: where it works cannot be read
    places = [cwd]
    try:
        environ = (process / "environ").read_bytes().split(b"\0")
        argv = (process / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return places
    for entry in environ:
        if entry.startswith(b"GIT_DIR="):
            places.append(entry.removeprefix(b"GIT_DIR=").decode("utf-8", "surrogateescape"))
    for index, arg in enumerate(argv):
        if arg.startswith(b"--git-dir="):
            places.append(arg.removeprefix(b"--git-dir=").decode("utf-8", "surrogateescape"))
        elif arg == b"--git-dir" and index + 1 < len(argv):
            places.append(argv[index + 1].decode("utf-8", "surrogateescape"))
    return [os.path.realpath(os.path.join(cwd, p)) for p in places]


def find_git_locks(root: Path) -> list[GitLock]:
    """Every git lock in the journal, with what holds it."""
    locks = git_locks(root)
    if not locks:
        return []
    holders = git_processes(root)
    return [GitLock(path, holders) for path in locks]


def remove_stale(root: Path, lock: GitLock) -> bool:
    """Remove a lock no git holds (checked again just before); True when it is gone."""
    if not lock.stale:
        return False
    try:
        before = os.lstat(lock.path)
    except FileNotFoundError:
        return True  # its git finished meanwhile
    if git_processes(root) != ():
        return False  # a git started meanwhile (or it cannot be told): it may be the lock's
    try:
        after = os.lstat(lock.path)
        if (after.st_ino, after.st_mtime_ns) != (before.st_ino, before.st_mtime_ns):
            return False  # made again meanwhile
        os.unlink(lock.path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True
