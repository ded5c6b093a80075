"""Sync between devices with the system `git`: the use cases behind `mentee sync`.

The data directory is a git repository; `origin` is whatever remote the user chose (a
path on a USB stick or a NAS, ssh, https: anything git accepts, with git's credentials).
Record files merge through a merge driver that runs mentee itself (`mentee sync
merge-file`, see `merge.py`), so two devices changing different fields of one record
merge cleanly, and the same field changed on both sides leaves a conflict copy beside the
record instead of conflict markers.

Rules kept here:
- git runs as an argv list (never a shell), with a timeout, `GIT_TERMINAL_PROMPT=0` and
  umask 077 (the files git writes stay private);
- the whole sync holds the journal's lock, so no mentee command writes in the middle;
- a failed fetch, merge or push leaves the journal's files as they were: the merge is
  aborted and the branch reset to where it was before the merge. Local changes are
  committed first, so they are never lost and the next `mentee sync` sends them;
- every step can be run again: an interrupted merge is aborted on the next run.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mentee import ids
from mentee.errors import MenteeError, NotFoundError, UsageError
from mentee.kinds import FOLDERS, Kind
from mentee.text import plural

if TYPE_CHECKING:
    from mentee.merge import ConflictCopy
    from mentee.store import Store

# `mentee.store` (and pydantic with it) is imported only where needed: git runs the merge
# driver once per file in a merge, and it must start fast.

REMOTE = "origin"
DRIVER = "mentee"
DEFAULT_BRANCH = "main"
GIT_TIMEOUT = 60.0  # seconds, for local git commands
NETWORK_TIMEOUT = 180.0  # seconds, for fetch, push and merge
PUSH_ATTEMPTS = 3  # another device may push between our fetch and our push

# Never synced: temp files, locks, leftovers of merge tools and other sync tools' copies.
IGNORED = (
    ".*.tmp",
    "*.lock",
    ".merge_file_*",
    "*.orig",
    "*.rej",
    "*.sync-conflict-*",
    "*conflicted copy*",
    ".stfolder",
    ".stversions/",
    ".dropbox",
    ".dropbox.attr",
    # Hidden files and editors' leftovers: never synced, never in the way of a sync. The
    # two setup files are hidden too, and synced.
    ".*",
    "!/.gitignore",
    "!/.gitattributes",
    "*~",
    "*.sw[a-p]",
    "\\#*#",  # (a leading # starts a comment in .gitignore)
)
ATTRIBUTES = (f"*.toml merge={DRIVER}",)
SETUP_FILES = (".gitignore", ".gitattributes")

_KIND_OF_FOLDER = {folder: kind for kind, folder in FOLDERS.items()}
# Variables that would point git at another repository than the journal's.
_GIT_LOCATION_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)


class SyncError(MenteeError):
    """Sync could not finish; the journal's files are as they were (exit 1)."""


class SyncRefusedError(SyncError):
    """Sync stopped before changing anything: `lines` names each file in the way."""

    def __init__(self, message: str, lines: Sequence[str]) -> None:
        super().__init__(message)
        self.lines = list(lines)


# -- running git ---------------------------------------------------------------------------


@dataclass
class GitResult:
    code: int
    out: bytes
    err: str

    @property
    def ok(self) -> bool:
        return self.code == 0

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "surrogateescape").strip()

    def reason(self) -> str:
        """git's own explanation, on one line: its most telling `fatal:`/`error:` line."""
        lines = [line.strip() for line in self.err.splitlines() if line.strip()]
        telling = [line for line in lines if not _GENERIC.search(line)] or lines
        for line in telling:
            for prefix in ("fatal:", "error:", "remote: error:", "ssh:"):
                if line.startswith(prefix):
                    return line.removeprefix(prefix).strip().rstrip(".")
        if telling:
            return telling[0].rstrip(".")
        return f"git exited with status {self.code}"


# Lines git adds after the real reason, which say nothing of their own.
_GENERIC = re.compile(
    r"Could not read from remote repository|make sure you have the correct access rights|"
    r"^and the repository exists|^hint:|^To |failed to push some refs"
)


class Git:
    """git, run in the journal's directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._settings: dict[str, str] | None = None
        # Whether the branch has `origin/<branch>` as its upstream (set by _remote_branch).
        self.tracking = False

    def run(
        self, *args: str, network: bool = False, check: bool = True, stdin: bytes | None = None
    ) -> GitResult:
        argv = ["git", *self.identity(), "-c", "core.quotepath=off", *args]
        timeout = NETWORK_TIMEOUT if network else GIT_TIMEOUT
        result = _run(argv, self.root, timeout, stdin, f"git {args[0]}")
        if args[0] in ("config", "remote", "init"):
            self._settings = None
        if check and not result.ok:
            raise SyncError(f"git {args[0]} failed in {self.root}: {result.reason()}")
        return result

    def settings(self) -> dict[str, str]:
        """git's configuration as it applies here (read once: one call instead of many)."""
        if self._settings is None:
            argv = ["git", "config", "--list", "-z"]
            listing = _run(argv, self.root, GIT_TIMEOUT, None, "git config")
            self._settings = {}
            for entry in listing.out.split(b"\0"):
                key, _, value = entry.decode("utf-8", "surrogateescape").partition("\n")
                if key:
                    self._settings[key] = value
        return self._settings

    def identity(self) -> list[str]:
        """`-c user.name=... -c user.email=...` when the user has none configured.

        The user's own identity always wins; the fallback only lets a commit happen on a
        machine where git was never set up.
        """
        settings = self.settings()
        fallback: list[str] = []
        for key, value, variables in (
            ("user.name", "mentee", ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME")),
            ("user.email", "mentee@localhost", ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL")),
        ):
            from_environment = all(os.environ.get(v) for v in variables)
            if key == "user.email" and os.environ.get("EMAIL"):
                from_environment = True
            if not settings.get(key) and not from_environment:
                fallback += ["-c", f"{key}={value}"]
        return fallback

    # small helpers

    def rev(self, name: str) -> str | None:
        result = self.run("rev-parse", "-q", "--verify", f"{name}^{{commit}}", check=False)
        return result.text if result.ok else None

    def revs(self, *names: str) -> list[str | None]:
        """`rev` of each name, in one git call when every one names a commit."""
        result = self.run(
            "rev-parse", "--revs-only", *(f"{n}^{{commit}}" for n in names), check=False
        )
        found = result.text.split("\n") if result.ok else []
        if len(found) == len(names) and all(_COMMIT_ID.fullmatch(f) for f in found):
            return list[str | None](found)
        return [self.rev(name) for name in names]

    def merging(self) -> bool:
        """Whether a merge is under way (or was left half done)."""
        return (self.root / ".git" / "MERGE_HEAD").exists()

    def branch(self) -> str:
        result = self.run("symbolic-ref", "-q", "--short", "HEAD", check=False)
        if not result.ok:
            raise SyncError(
                f"{self.root}: the journal's git repository is not on a branch; "
                "check it out on one (git switch main) and sync again"
            )
        return result.text

    def remote_url(self) -> str | None:
        return self.settings().get(f"remote.{REMOTE}.url")

    def count(self, revisions: str) -> int:
        return int(self.run("rev-list", "--count", revisions).text or 0)


def _run(argv: list[str], cwd: Path, timeout: float, stdin: bytes | None, what: str) -> GitResult:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATION_VARIABLES}
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_MERGE_AUTOEDIT": "no", "GIT_EDITOR": "true"})
    try:
        done = subprocess.run(
            argv,
            cwd=cwd,
            env=env,
            input=stdin,
            stdin=None if stdin is not None else subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
            umask=0o077,
        )
    except FileNotFoundError:
        raise SyncError(
            "git is not installed (or not on PATH): mentee sync runs the system git"
        ) from None
    except subprocess.TimeoutExpired:
        raise SyncError(
            f"{what} did not finish within {timeout:.0f} s; check the connection "
            "(or the remote) and sync again"
        ) from None
    return GitResult(done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))


def is_repository(root: Path) -> bool:
    """Whether the data directory is the top of its own git repository.

    A journal inside another repository (a dotfiles repo in the home folder) is not one:
    sync must never commit into someone else's repository.
    """
    # git finds `.git` in the directory itself before looking above it: when it is there,
    # the data directory is the top of its own repository.
    return os.path.lexists(root / ".git")


def open_repository(root: Path) -> Git:
    if not is_repository(root):
        raise SyncError(f"{root}: not set up for sync; run `mentee sync init [REMOTE]` first")
    return Git(root)


def driver_command() -> str:
    """The merge driver git runs: this Python running mentee (works inside a venv)."""
    return f"{shlex.quote(sys.executable)} -m mentee sync merge-file %O %A %B %P"


def configure(git: Git) -> None:
    """Register the merge driver and the local ignore list (in .git, never synced).

    Run on every sync, so a moved Python or virtualenv is picked up.
    """
    wanted = {
        f"merge.{DRIVER}.name": "mentee: merge records field by field",
        f"merge.{DRIVER}.driver": driver_command(),
    }
    for key, value in wanted.items():
        if git.settings().get(key) != value:
            git.run("config", key, value)
    info = git.root / ".git" / "info"
    info.mkdir(mode=0o700, exist_ok=True)
    _add_lines(info / "attributes", ATTRIBUTES, "")
    _add_lines(info / "exclude", IGNORED, "")


def ensure_setup_files(root: Path) -> bool:
    """`.gitignore` and `.gitattributes` hold mentee's lines (added to, never rewritten).
    True when a line had to be added."""
    ignore = _add_lines(
        root / ".gitignore", IGNORED, "# mentee: never synced (temp files, locks, copies)"
    )
    attributes = _add_lines(
        root / ".gitattributes", ATTRIBUTES, "# mentee: records merge field by field"
    )
    return ignore or attributes


def _add_lines(path: Path, lines: Sequence[str], comment: str) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    present = set(text.splitlines())
    missing = [line for line in lines if line not in present]
    if not missing:
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    if comment and comment not in present:
        missing.insert(0, comment)
    from mentee.store import write_atomic

    write_atomic(path, (text + "\n".join(missing) + "\n").encode("utf-8"), mode=0o600)
    return True


# -- what changed --------------------------------------------------------------------------


@dataclass(frozen=True)
class FileChange:
    """One file that differs between two states; `old`/`new` None when absent."""

    path: str
    old: bytes | None
    new: bytes | None


_PLURALS = {"feedback": "feedback", "settings": "settings", "action note": "action notes"}


def describe_changes(changes: Sequence[FileChange]) -> str:
    """What changed, the way a person would say it: "2 actions done, 1 note added"."""
    events: Counter[tuple[str, str]] = Counter()
    for change in changes:
        for event in _events(change):
            events[event] += 1
    parts = []
    for (noun, verb), count in events.items():
        if noun == "settings":
            parts.append(f"settings {verb}")
            continue
        plural = _PLURALS.get(noun, noun + "s") if count > 1 else noun
        parts.append(f"{count} {plural} {verb}")
    return ", ".join(parts)


def _events(change: FileChange) -> list[tuple[str, str]]:
    path = Path(change.path)
    if change.path in SETUP_FILES:
        return []
    if change.path == "config.toml":
        return [("settings", "changed")]
    kind = _KIND_OF_FOLDER.get(path.parent.as_posix())
    if kind is None:
        return [("other file", "changed")]
    from mentee.merge import conflict_copy_record

    if conflict_copy_record(path.name):
        return [("conflict", "resolved" if change.new is None else "to resolve")]
    noun = kind.value
    if change.old is None:
        return [(noun, "added")]
    if change.new is None:
        return [(noun, "deleted")]
    old, new = _document(change.old), _document(change.new)
    if old is None or new is None:
        return [(noun, "edited")]
    return _record_events(kind, old, new)


def _document(data: bytes) -> dict[str, Any] | None:
    import tomllib

    try:
        return tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


_STATUS_VERBS = {
    Kind.ACTION: {"done": "done", "dropped": "dropped", "open": "reopened"},
    Kind.GOAL: {"achieved": "achieved", "dropped": "dropped", "paused": "paused"},
    Kind.MEETING: {"held": "logged", "cancelled": "cancelled"},
    Kind.TOPIC: {"discussed": "discussed", "dropped": "dropped"},
}


def _record_events(kind: Kind, old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    events = []
    explained = {"updated", "created", "schema_version"}
    if old.get("status") != new.get("status"):
        verb = _STATUS_VERBS.get(kind, {}).get(str(new.get("status")))
        if verb:
            events.append((kind.value, verb))
            explained |= {"status", "done", "achieved", "cancel_reason"}
            if kind is Kind.MEETING:
                explained |= {"agenda", "notes", "advice", "actions"}
    if kind is Kind.GOAL:
        if old.get("target") != new.get("target"):
            events.append(("goal", "retargeted"))
            explained |= {"target", "timeline"}
        before = [m for m in old.get("milestones", []) if isinstance(m, dict)]
        after = [m for m in new.get("milestones", []) if isinstance(m, dict)]
        done_before = sum(1 for m in before if m.get("done"))
        done_after = sum(1 for m in after if m.get("done"))
        added, ticked = len(after) - len(before), done_after - done_before
        events += [("milestone", "added")] * max(added, 0)
        events += [("milestone", "done")] * max(ticked, 0)
        if added > 0 or ticked > 0:
            explained.add("milestones")
    if kind is Kind.ACTION:
        added = len(new.get("notes", [])) - len(old.get("notes", []))
        events += [("action note", "added")] * max(added, 0)
        if added > 0:
            explained.add("notes")
    if kind is Kind.MENTOR and len(new.get("thanks", [])) > len(old.get("thanks", [])):
        events.append(("mentor", "thanked"))
        explained.add("thanks")
    others = {k for k in set(old) | set(new) if old.get(k) != new.get(k)} - explained
    if others or not events:
        events.append((kind.value, "edited"))
    return events


def _changes(git: Git, old: str | None, new: str | None) -> list[FileChange]:
    """The files that differ between commits `old` and `new` (None: the index)."""
    if old is None:
        listing = (
            git.run("ls-files", "-z", "--cached")
            if new is None
            else git.run("ls-tree", "-r", "-z", "--name-only", new)
        )
        statuses = [("A", p) for p in _split(listing.out)]
    else:
        args = ["diff", "--name-status", "-z", "--no-renames"]
        args += ["--cached", old] if new is None else [old, new]
        fields = _split(git.run(*args).out)
        statuses = list(zip(fields[::2], fields[1::2], strict=False))
    old_names = [f"{old}:{p}" for s, p in statuses if s != "A" and old is not None]
    new_prefix = ":" if new is None else f"{new}:"
    new_names = [f"{new_prefix}{p}" for s, p in statuses if s != "D"]
    blobs = _blobs(git, old_names + new_names)
    return [
        FileChange(
            path,
            blobs.get(f"{old}:{path}") if status != "A" else None,
            blobs.get(f"{new_prefix}{path}") if status != "D" else None,
        )
        for status, path in statuses
    ]


def _blobs(git: Git, names: list[str]) -> dict[str, bytes]:
    """The contents of many `rev:path` objects with one `git cat-file --batch`."""
    if not names:
        return {}
    output = git.run("cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode()).out
    found: dict[str, bytes] = {}
    position = 0
    for name in names:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[name] = output[position : position + size]
            position += size + 1
        elif len(header) == 3:
            position += int(header[2]) + 1
    return found


def _split(data: bytes) -> list[str]:
    return [p.decode("utf-8", "surrogateescape") for p in data.split(b"\0") if p]


# -- the steps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkTree:
    """One `git status`: the commit checked out, the branch, the files not committed."""

    head: str | None
    branch: str | None
    changed: int
    paths: tuple[str, ...] = ()


def work_tree(git: Git) -> WorkTree:
    result = git.run(
        "status", "--porcelain=v2", "-z", "--branch", "--no-renames", "--untracked-files=all"
    )
    head = branch = None
    paths = []
    for entry in _split(result.out):
        if entry.startswith("# branch.oid "):
            oid = entry.removeprefix("# branch.oid ")
            head = None if oid == "(initial)" else oid
        elif entry.startswith("# branch.head "):
            name = entry.removeprefix("# branch.head ")
            branch = None if name == "(detached)" else name
        elif entry.startswith("1 "):
            paths.append(entry.split(" ", 8)[-1])
        elif entry.startswith("u "):
            paths.append(entry.split(" ", 10)[-1])
        elif entry.startswith(("? ", "! ")):
            paths.append(entry[2:])
        elif not entry.startswith("#"):
            paths.append(entry.split(" ")[-1])
    return WorkTree(head, branch, len(paths), tuple(paths))


def commit_all(git: Git, default: str = "", tree: WorkTree | None = None) -> str | None:
    """Commit every change in the journal; the message says what changed. None: nothing.

    Refuses (SyncRefusedError, nothing committed) while a file to commit is one `doctor` flags.
    """
    tree = tree or work_tree(git)
    if not tree.changed:
        return None
    from mentee.sync_guard import local_flags

    flags = local_flags(git.root, tree.paths)
    if flags:
        count = len(flags)
        raise SyncRefusedError(
            f"sync stopped before committing anything: {count} file{'s' if count != 1 else ''} "
            "would spread damage to your other devices; fix or move "
            f"{'them' if count != 1 else 'it'} (`mentee doctor` shows each), then sync again",
            [flag.at(git.root) for flag in flags],
        )
    git.run("add", "--all", "--", ".")
    message = describe_changes(_changes(git, tree.head, None)) or default or "Update the journal"
    git.run("commit", "--quiet", "--no-verify", "-m", message)
    return message


def _recover(git: Git) -> bool:
    """Abort a merge a crashed or killed sync left half done. True if there was one."""
    if not git.merging():
        return False
    git.run("merge", "--abort")
    return True


def _fetch(git: Git, url: str, branch: str, joining: bool) -> None:
    result = git.run("fetch", "--quiet", REMOTE, network=True, check=False)
    if not result.ok:
        if joining:  # `sync init REMOTE` undoes the link: nothing will go there by itself
            raise SyncError(
                f"cannot fetch from {url}: {result.reason()}; nothing changed (check the "
                "address, and that it is reachable, then run `mentee sync init` again)"
            )
        raise SyncError(
            f"cannot fetch from {REMOTE} ({url}): {result.reason()}; "
            f"the journal is unchanged{_unsent(git, branch)}"
        )


def _unsent(git: Git, branch: str) -> str:
    """What a failed sync leaves to send: local commits the remote does not have."""
    theirs = git.rev(f"{REMOTE}/{branch}")
    if git.rev("HEAD") is None or git.count(f"{theirs}..HEAD" if theirs else "HEAD") == 0:
        return ""
    return " (your changes are committed here and go out with the next `mentee sync`)"


@dataclass
class Pulled:
    """What a merge brought in."""

    received: str = ""
    kept_changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def _merge(git: Git, ref: str) -> Pulled:
    """Merge `ref` into the journal; on any failure, put everything back and raise."""
    before = git.rev("HEAD")
    # Everything was committed just before, so whatever is untracked after the merge
    # (conflict copies) came from it.
    untracked_before: set[str] = set()
    args = ["merge", "--quiet", "--no-edit", "--no-verify", "-X", "no-renames"]
    args += ["--allow-unrelated-histories", "-m", f"Merge the journal from {REMOTE}", ref]
    pulled = Pulled()
    try:
        # The driver runs once per file changed on both sides: allow it the long timeout.
        result = git.run(*args, check=False, network=True)
        if not result.ok:
            pulled.kept_changed = _settle_unmerged(git, result)
            git.run("commit", "--quiet", "--no-edit", "--no-verify")
        pulled.conflicts = [p for p in _untracked(git) if p not in untracked_before and _is_copy(p)]
    except BaseException:
        _restore(git, before, untracked_before)
        raise
    if before is not None:
        pulled.received = describe_changes(_changes(git, before, "HEAD"))
    elif git.rev("HEAD") is not None:
        pulled.received = describe_changes(_changes(git, None, "HEAD"))
    return pulled


def _settle_unmerged(git: Git, result: GitResult) -> list[str]:
    """Finish what git left unmerged: a record deleted on one side and changed on the
    other keeps the change. Anything else cannot be merged: SyncError."""
    status = git.run("status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=no")
    unmerged = [
        (entry[:2], entry[3:])
        for entry in _split(status.out)
        if entry[:2] in ("DD", "AU", "UD", "UA", "DU", "AA", "UU")
    ]
    if not unmerged:
        raise SyncError(f"cannot merge the journal from {REMOTE}: {result.reason()}")
    kept = []
    for code, path in unmerged:
        if code in ("UD", "DU", "AU", "UA"):  # the changed version is in the tree
            git.run("add", "--", path)
            kept.append(path)
        elif code == "DD":
            git.run("rm", "--quiet", "--cached", "--", path)
        else:
            said = f"mentee: {path}: cannot merge: "
            driver = [
                line.removeprefix(said).strip()
                for line in result.err.splitlines()
                if line.startswith(said)
            ]
            why = driver[-1] if driver else "it changed on both sides and could not be merged"
            raise SyncError(
                f"{git.root / path}: cannot merge: {why}; nothing changed (`mentee doctor` "
                "on the device that wrote it shows the problem: fix it there, then sync again)"
            )
    return kept


def _restore(git: Git, before: str | None, untracked_before: set[str]) -> None:
    """Put the journal back as it was before a merge."""
    with contextlib.suppress(SyncError):
        if git.merging():
            git.run("merge", "--abort", check=False)
        if before is not None and git.rev("HEAD") != before:
            git.run("reset", "--quiet", "--keep", before, check=False)
        for path in set(_untracked(git)) - untracked_before:
            if _is_copy(path):
                with contextlib.suppress(OSError):
                    (git.root / path).unlink()


def _untracked(git: Git) -> list[str]:
    result = git.run("ls-files", "-z", "--others", "--exclude-standard")
    return _split(result.out)


def _is_copy(path: str) -> bool:
    from mentee.merge import conflict_copy_record

    return conflict_copy_record(Path(path).name) is not None


def _push(git: Git, branch: str) -> GitResult:
    result = git.run(
        "push", "--quiet", REMOTE, f"HEAD:refs/heads/{branch}", network=True, check=False
    )
    if result.ok:
        _track(git, branch)
    return result


def _remote_branch(git: Git, branch: str | None = None) -> str:
    """The branch of `origin` this journal follows (its upstream, else its own name)."""
    branch = branch or git.branch()
    settings = git.settings()
    merge = settings.get(f"branch.{branch}.merge", "")
    if settings.get(f"branch.{branch}.remote") == REMOTE and merge.startswith("refs/heads/"):
        git.tracking = True
        return merge.removeprefix("refs/heads/")
    return branch


def _fetched_branch(git: Git, preferred: str) -> str | None:
    """After a fetch: `preferred` if origin has it, else origin's only or default branch."""
    listing = git.run("for-each-ref", "--format=%(refname)", f"refs/remotes/{REMOTE}/")
    branches = [
        r.removeprefix(f"refs/remotes/{REMOTE}/")
        for r in listing.text.splitlines()
        if r and not r.endswith("/HEAD")
    ]
    if preferred in branches:
        return preferred
    if len(branches) == 1:
        return branches[0]
    for name in (DEFAULT_BRANCH, "master"):
        if name in branches:
            return name
    return None


# -- the use cases -------------------------------------------------------------------------


@dataclass
class SyncReport:
    """What one `mentee sync` (or `sync init`) did."""

    remote: str | None = None
    branch: str = DEFAULT_BRANCH
    committed: str | None = None
    received: str = ""
    pushed: bool = False
    kept_changed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    recovered: bool = False
    created: bool = False
    # Stale git locks removed (paths relative to the journal).
    cleared_locks: list[str] = field(default_factory=list)
    # Files received that do not read (new here, so they replaced nothing): `path: why`.
    damaged: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "remote": self.remote,
            "branch": self.branch,
            "committed": self.committed,
            "received": self.received or None,
            "pushed": self.pushed,
            "kept_changed": self.kept_changed,
            "conflicts": self.conflicts,
            "recovered": self.recovered,
            "created": self.created,
            "cleared_locks": self.cleared_locks,
            "damaged": self.damaged,
        }


def heal_git_locks(git: Git) -> list[str]:
    """Remove the git locks a killed git left when no git process works in the journal;
    SyncError naming a lock that is held (or may be). The removed ones, relative."""
    from mentee.sync_guard import find_git_locks, remove_stale

    removed = []
    for lock in find_git_locks(git.root):
        if remove_stale(git.root, lock):
            removed.append(lock.path.relative_to(git.root).as_posix())
            continue
        if lock.holders:
            raise SyncError(
                f"{lock.path}: git is working in the journal (process "
                f"{', '.join(lock.holders)}); wait for it to finish, then sync again"
            )
        raise SyncError(
            f"{lock.path}: a git lock, and mentee cannot tell whether a git process still "
            f"uses it; if no git is running in {git.root}, remove the file and sync again"
        )
    return removed


def sync(store: Store) -> SyncReport:
    """Commit every change, fetch, merge record by record, push."""
    git = open_repository(store.root)
    with store.locked():
        cleared = heal_git_locks(git)
        report = SyncReport(recovered=_recover(git), cleared_locks=cleared)
        configure(git)
        tree = work_tree(git)
        if tree.branch is None and tree.head is not None:
            git.branch()  # explains the detached HEAD
        report.committed = commit_all(git, tree=tree)
        report.branch = _remote_branch(git, tree.branch)
        report.remote = git.remote_url()
        if report.remote is None:
            _finish_locally(git, report)
            return report
        _exchange(git, report)
        return report


def _finish_locally(git: Git, report: SyncReport) -> None:
    ensure_setup_files(git.root)
    extra = commit_all(git, default="Set up mentee sync")
    if extra and report.committed is None:
        report.committed = extra


def _exchange(
    git: Git, report: SyncReport, joining: bool = False, allow_unrelated: bool = True
) -> None:
    """Fetch, merge, push; retried when another device pushed in between.

    `joining`: `sync init` has just linked the remote (a failed fetch unlinks it).
    `allow_unrelated`: False refuses to merge a remote journal with records that shares
    no history with this one, when this one has records too (SyncRefusedError).
    """
    assert report.remote is not None
    for attempt in range(1, PUSH_ATTEMPTS + 1):
        _fetch(git, report.remote, report.branch, joining and attempt == 1)
        theirs, before = git.revs(f"{REMOTE}/{report.branch}", "HEAD")
        if theirs is None and not git.tracking:
            report.branch = _fetched_branch(git, report.branch) or report.branch
            theirs = git.rev(f"{REMOTE}/{report.branch}")
        branch = report.branch
        pulled = Pulled()
        if theirs is not None and theirs != before:
            if not allow_unrelated:
                _refuse_unrelated(git, before, theirs, report.remote)
            report.damaged = _check_incoming(git, before, theirs)
            pulled = _merge(git, theirs)
        head = before
        try:
            # The work tree was clean (all committed above, under the lock): a commit
            # only when the merge or the setup files changed it.
            if ensure_setup_files(git.root) or theirs not in (None, before):
                commit_all(git, default="Set up mentee sync")
                head = git.rev("HEAD")
        except BaseException:
            _restore(git, before, set())
            raise
        report.received = pulled.received
        report.kept_changed = pulled.kept_changed
        report.conflicts = pulled.conflicts
        if head is None or head == theirs:  # nothing of ours to send
            _track(git, branch)
            return
        pushed = _push(git, branch)
        if pushed.ok:
            report.pushed = True
            return
        _restore(git, before, set())
        moved = git.run("fetch", "--quiet", REMOTE, network=True, check=False).ok and (
            git.rev(f"{REMOTE}/{branch}") != theirs
        )
        if not moved or attempt == PUSH_ATTEMPTS:
            raise SyncError(
                f"cannot push to {REMOTE} ({report.remote}): {pushed.reason()}; the journal "
                f"is as it was before this sync{_unsent(git, branch)}"
            )


def _check_incoming(git: Git, head: str | None, theirs: str) -> list[str]:
    """Judge what `theirs` changes before anything is merged: SyncRefusedError when a version
    that does not read would replace one that does (or a symbolic link would come in);
    the damaged files that are new here (`path: why`), let in."""
    from mentee.sync_guard import incoming_flags

    base = None
    if head is not None:
        found = git.run("merge-base", head, theirs, check=False)
        base = found.text if found.ok and found.text else None
    entries: list[tuple[str, str]] = []  # (path, the incoming git mode)
    if base is None:
        for entry in _split(git.run("ls-tree", "-r", "-z", "--full-tree", theirs).out):
            meta, _, path = entry.partition("\t")
            entries.append((path, meta.split(" ")[0]))
    else:
        fields = _split(git.run("diff", "--raw", "-z", "--no-renames", base, theirs).out)
        for meta, path in zip(fields[::2], fields[1::2], strict=False):
            parts = meta.split(" ")
            if len(parts) >= 5 and not parts[4].startswith("D"):
                entries.append((path, parts[1]))
    if not entries:
        return []
    names = [f"{theirs}:{p}" for p, _ in entries]
    if head is not None:
        names += [f"{head}:{p}" for p, _ in entries]
    blobs = _blobs(git, names)
    judged = incoming_flags(
        (path, mode, blobs.get(f"{theirs}:{path}"), blobs.get(f"{head}:{path}"))
        for path, mode in entries
    )
    if judged.refused:
        count = len(judged.refused)
        raise SyncRefusedError(
            f"sync stopped before taking anything from {REMOTE}: {count} incoming "
            f"file{'s' if count != 1 else ''} would replace a record that reads with one that "
            "does not; nothing changed here. Fix them on the device that sent them "
            "(`mentee doctor` there), then sync again",
            [f.at(git.root, "the incoming version: ") for f in judged.refused],
        )
    return [f.at(git.root) for f in judged.warned]


def _record_count(git: Git, revision: str) -> int:
    """How many record files the journal holds at `revision`."""
    listing = git.run("ls-tree", "-r", "-z", "--name-only", "--full-tree", revision)
    count = 0
    for path in _split(listing.out):
        parts = path.split("/")
        if (
            len(parts) == 2
            and parts[0] in _KIND_OF_FOLDER
            and ids.is_valid_id(parts[1].removesuffix(".toml"))
            and parts[1].endswith(".toml")
        ):
            count += 1
    return count


def _refuse_unrelated(git: Git, head: str | None, theirs: str, remote: str) -> None:
    """SyncRefusedError when the remote's journal and this one both hold records and share no
    history: joining them would merge two separate journals."""
    if head is None:
        return
    if git.run("merge-base", head, theirs, check=False).ok:
        return
    mine, other = _record_count(git, head), _record_count(git, theirs)
    if not mine or not other:
        return
    raise SyncRefusedError(
        f"{remote} holds a journal ({plural(other, 'record')}) that shares no history with "
        f"this one ({plural(mine, 'record')}): joining would merge two separate journals; "
        "nothing changed. To merge them anyway, run `mentee sync init "
        f"{shlex.quote(remote)} --allow-unrelated`",
        [],
    )


def _track(git: Git, branch: str) -> None:
    """Make `origin/<branch>` the upstream of the journal's branch (once)."""
    if not git.tracking and git.rev(f"{REMOTE}/{branch}") is not None:
        git.run("branch", "--quiet", f"--set-upstream-to={REMOTE}/{branch}", check=False)
        git.tracking = True


def init(store: Store, remote: str | None, cwd: Path, allow_unrelated: bool = False) -> SyncReport:
    """Make the data directory a git repository; with REMOTE, join it and sync.

    An empty journal takes the remote's records; a journal with records merges with
    the remote's, record by record, when they share history (or `allow_unrelated`: two
    separate journals, both with records, are otherwise refused). When the remote cannot
    be reached (or refuses the push, or is refused), the data directory is left as it
    was: a repository created here is removed again, a remote changed here is set back,
    with what git knew of it, and a commit made here is taken back.
    """
    root = store.root
    if root.exists() and not root.is_dir():
        raise SyncError(f"{root}: the data directory is not a directory")
    url = normalize_remote(remote, cwd) if remote else None
    with store.locked():
        report = SyncReport()
        made_root = not os.path.lexists(root)
        if is_repository(root):
            git = Git(root)
            report.cleared_locks = heal_git_locks(git)
            report.recovered = _recover(git)
        else:
            if os.path.lexists(root / ".git"):
                raise SyncError(f"{root / '.git'}: exists but is not a git repository")
            root.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(root, 0o700)
            git = Git(root)
            git.run("init", "--quiet", f"--initial-branch={DEFAULT_BRANCH}")
            report.created = True
        previous = git.remote_url()
        state = _Before(
            remote=previous,
            head=None if report.created else git.rev("HEAD"),
            refs=_remote_refs(git),
        )
        had_records = False
        try:
            configure(git)
            if url is not None and previous != url:
                git.run("remote", "set-url" if previous else "add", REMOTE, url)
            report.remote = git.remote_url()
            report.committed = commit_all(git, default="Start the journal")
            had_records = git.rev("HEAD") is not None
            report.branch = _remote_branch(git)
            if report.remote is None:
                _finish_locally(git, report)
            else:
                joining = report.created or previous != url
                _exchange(
                    git, report, joining=joining, allow_unrelated=allow_unrelated or not joining
                )
        except BaseException:
            _undo_init(git, report, state, had_records)
            if made_root and not os.path.lexists(root / ".git"):
                with contextlib.suppress(OSError):
                    root.rmdir()  # only when empty: it did not exist before
            raise
        return report


@dataclass(frozen=True)
class _Before:
    """What `sync init` may change in an existing repository, as it was before."""

    remote: str | None
    head: str | None
    refs: dict[str, str]


def _remote_refs(git: Git) -> dict[str, str]:
    """What git knows of the remote's branches: `refs/remotes/origin/...` to commit."""
    listing = git.run(
        "for-each-ref", "--format=%(refname) %(objectname)", f"refs/remotes/{REMOTE}/"
    )
    return dict(line.split(" ", 1) for line in listing.text.splitlines() if " " in line)


def _undo_init(git: Git, report: SyncReport, before: _Before, had_records: bool) -> None:
    """Leave the data directory as it was after a failed `sync init`.

    A repository created here goes (the record files stay, as they were) unless it now
    holds the remote's records in an empty journal: then only the push failed, and the
    next `mentee sync` retries it. In a repository that was there, the remote, what git
    knew of it and the branch are set back (the files are as they were).
    """
    if report.created:
        if had_records or git.rev("HEAD") is None:
            shutil.rmtree(git.root / ".git", ignore_errors=True)
        return
    with contextlib.suppress(SyncError):
        if before.remote is None:
            git.run("remote", "remove", REMOTE, check=False)
        elif git.remote_url() != before.remote:
            git.run("remote", "set-url", REMOTE, before.remote, check=False)
        for ref, commit in _remote_refs(git).items():
            if before.refs.get(ref) != commit:
                if ref in before.refs:
                    git.run("update-ref", ref, before.refs[ref], check=False)
                else:
                    git.run("update-ref", "-d", ref, check=False)
        for ref, commit in before.refs.items():
            git.run("update-ref", ref, commit, check=False)
        if before.head is not None and git.rev("HEAD") != before.head:
            # Only the commit of what was not committed yet: the files stay as they are.
            git.run("reset", "--quiet", before.head, check=False)


_COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_SCP_LIKE = re.compile(r"^[^/\\]+:")


def normalize_remote(remote: str, cwd: Path) -> str:
    """A remote as git should keep it: URLs as given, local paths made absolute.

    Like git, `host:path` (a colon before any slash) is ssh; anything else without a
    scheme is a path, and must be an existing git repository (or an empty folder).
    """
    value = remote.strip()
    if not value:
        raise UsageError("REMOTE must not be empty")
    if "://" in value or _SCP_LIKE.match(value):
        return value
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = cwd / path
    create = f"`git init --bare {shlex.quote(str(path))}`"
    if not path.is_dir():
        raise SyncError(
            f"{path}: no such repository; create an empty one there first with {create}"
        )
    if not (path / "HEAD").exists() and not (path / ".git").exists():
        raise SyncError(f"{path}: not a git repository; to keep the journal there, run {create}")
    return str(path)


@dataclass
class SyncStatus:
    remote: str | None
    branch: str
    ahead: int
    behind: int
    uncommitted: int
    conflicts: int
    fetched: bool
    fetch_error: str | None = None
    # Git locks in the journal: (path, the git processes working there; empty: stale,
    # the next sync removes it; None: cannot be told).
    locks: list[tuple[str, tuple[str, ...] | None]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "remote": self.remote,
            "branch": self.branch,
            "ahead": self.ahead,
            "behind": self.behind,
            "uncommitted": self.uncommitted,
            "conflicts": self.conflicts,
            "fetched": self.fetched,
            "fetch_error": self.fetch_error,
            "git_locks": [
                {
                    "path": path,
                    "held_by": list(holders) if holders is not None else None,
                    "stale": holders == (),
                }
                for path, holders in self.locks
            ],
        }


def status(store: Store, fetch: bool = True) -> SyncStatus:
    """Commits to push (ahead), to pull (behind), uncommitted files, open conflicts."""
    git = open_repository(store.root)
    tree = work_tree(git)
    uncommitted = tree.changed
    remote = git.remote_url()
    branch = _remote_branch(git, tree.branch)
    fetched, error = False, None
    if remote is not None and fetch:
        result = git.run("fetch", "--quiet", REMOTE, network=True, check=False)
        fetched, error = result.ok, None if result.ok else result.reason()
    theirs = git.rev(f"{REMOTE}/{branch}") if remote else None
    head = tree.head
    if head is None:
        ahead, behind = 0, git.count(theirs) if theirs else 0
    elif theirs is None:
        ahead, behind = (git.count("HEAD") if remote else 0), 0
    else:
        counts = git.run("rev-list", "--left-right", "--count", f"HEAD...{theirs}").text.split()
        ahead, behind = int(counts[0]), int(counts[1])
    conflicts = len(find_conflicts(store.root))
    from mentee.sync_guard import find_git_locks

    locks = [(str(lock.path), lock.holders) for lock in find_git_locks(store.root)]
    return SyncStatus(remote, branch, ahead, behind, uncommitted, conflicts, fetched, error, locks)


# -- the merge driver ----------------------------------------------------------------------


@dataclass
class FileMerge:
    """What the merge driver did with one file."""

    path: str
    conflicts: list[str] = field(default_factory=list)
    copy: str | None = None


def merge_file(base: Path, ours: Path, theirs: Path, path: str, now: datetime) -> FileMerge:
    """Merge one record file for git: the result replaces `ours`.

    Runs inside `git merge` (the working directory is the top of the repository).
    Conflicting fields keep our value; the other goes to a conflict copy beside the
    record. A record that mixes both sides is validated; one that would be invalid keeps
    our version whole, the other side's fields going to the conflict copy. A version that
    is not valid TOML stops the merge (MergeError): nothing is rewritten, and sync puts
    the journal back as it was. The result keeps the layout of our version (comments, key
    order, the form of the fields it did not change).
    """
    from mentee.merge import ConflictCopy, merge_texts

    base_text, ours_text, theirs_text = (_text(p, path) for p in (base, ours, theirs))
    relative = Path(path)
    kind = _KIND_OF_FOLDER.get(relative.parent.as_posix())
    stem = relative.name.removesuffix(".toml")
    record_kind = kind if ids.is_valid_id(stem) else None
    validate = _validator(record_kind, stem) if record_kind is not None else None
    result = merge_texts(base_text, ours_text, theirs_text, validate)
    ours.write_bytes(_render(record_kind, result.document, ours_text))
    merged = FileMerge(path, [c.field for c in result.conflicts])
    if result.conflicts:
        copy = ConflictCopy.from_conflicts(relative.as_posix(), stem, result.conflicts, now)
        target = Path.cwd() / relative.parent / copy.name()
        _write_private(target, copy.to_text().encode("utf-8"))
        merged.copy = (relative.parent / copy.name()).as_posix()
    return merged


def driver_main(argv: Sequence[str]) -> int:
    """`mentee sync merge-file BASE OURS THEIRS PATH` as git runs it: exit 0 merged, 1 not.

    Kept apart from the command tree so a merge of many files does not pay for it.
    """
    from mentee.merge import MergeError
    from mentee.text import escape

    if len(argv) != 4:
        sys.stderr.write("mentee: sync merge-file needs BASE OURS THEIRS PATH (%O %A %B %P)\n")
        return 2
    base, ours, theirs, path = argv
    now = datetime.now().astimezone().replace(microsecond=0)
    try:
        merged = merge_file(Path(base), Path(ours), Path(theirs), path, now)
    except (MergeError, MenteeError) as exc:
        sys.stderr.write(f"mentee: {escape(path)}: cannot merge: {escape(str(exc))}\n")
        return 1
    if merged.copy:
        fields = escape(", ".join(merged.conflicts))
        sys.stderr.write(
            f"mentee: {escape(path)}: changed on both sides ({fields}); kept this side's "
            f"value, the other is in {escape(merged.copy)}\n"
        )
    return 0


def _text(path: Path, name: str) -> str:
    from mentee.merge import MergeError

    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise MergeError(f"one version of {name} is not valid UTF-8") from None
    except OSError as exc:
        raise MergeError(f"cannot read {exc.filename}: {exc.strerror}") from None


def _validator(kind: Kind, record_id: str) -> Callable[[Mapping[str, Any]], str | None]:
    """Why a merged document would not be a valid record of `kind` (None: valid).

    The models load only when a merge mixes both sides of a record, so most driver runs
    stay fast.
    """

    def validate(document: Mapping[str, Any]) -> str | None:
        from pydantic import ValidationError

        from mentee.models import MODELS, error_message

        if document.get("id") != record_id:
            return "the id does not match the file name"
        try:
            MODELS[kind].model_validate(dict(document))
        except ValidationError as exc:
            error = exc.errors()[0]
            return f"{'.'.join(str(p) for p in error['loc'])}: {error_message(error)}"
        except (ValueError, TypeError, RecursionError) as exc:
            return str(exc)
        return None

    return validate


def _render(kind: Kind | None, document: dict[str, Any], layout: str | None = None) -> bytes:
    """A merged document as mentee writes it: in the layout of `layout` (our version's
    text) when it can be kept exactly, else bookkeeping fields last for a record.

    Every field came from a version that was valid, and a record that mixes both sides
    was validated (see `merge_file`); `doctor` reports anything else.
    """
    import tomli_w

    if kind is not None:
        managed = ("created", "updated", "schema_version")
        document = {k: v for k, v in document.items() if k not in managed} | {
            k: document[k] for k in managed if k in document
        }
    multiline = not _has_crlf(document)
    if layout is not None:
        from mentee.tomledit import rewrite

        kept = rewrite(layout, document, multiline_strings=multiline)
        if kept is not None:
            return kept.encode("utf-8")
    # As `store.serialize`: text with CRLF stays on one line (multi-line strings lose the CR).
    text: str = tomli_w.dumps(document, multiline_strings=multiline)
    return text.encode("utf-8")


def _has_crlf(value: Any) -> bool:
    if isinstance(value, str):
        return "\r\n" in value
    if isinstance(value, dict):
        return any(_has_crlf(k) or _has_crlf(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_crlf(v) for v in value)
    return False


def _write_private(path: Path, data: bytes) -> None:
    """Write a new file atomically, readable by the owner only.

    Like `store.write_atomic`, without importing the store in the merge driver.
    """
    temp = path.parent / f".{path.name[:40]}.{os.getpid()}.tmp"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.replace(temp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


# -- conflicts -----------------------------------------------------------------------------


@dataclass
class Conflict:
    """A conflict copy found in the journal (`copy` None when it cannot be read)."""

    path: Path
    name: str  # relative to the data directory
    record_id: str
    kind: Kind | None
    copy: ConflictCopy | None
    problem: str | None = None

    @property
    def record_file(self) -> str:
        return self.copy.file if self.copy else f"{Path(self.name).parent}/{self.record_id}.toml"


def find_conflicts(root: Path) -> list[Conflict]:
    """Every conflict copy in the record folders (and the root, for config.toml)."""
    found = []
    places: list[tuple[Path, Kind | None]] = [(root, None)]
    places += [(root / kind.folder, kind) for kind in Kind]
    for folder, kind in places:
        try:
            names = sorted(name for name in os.listdir(folder) if ".conflict-" in name)
        except OSError:
            continue
        for name in names:
            from mentee.merge import ConflictCopy, conflict_copy_record

            record_id = conflict_copy_record(name)
            if record_id is None:
                continue
            path = folder / name
            relative = path.relative_to(root).as_posix()
            try:
                copy = ConflictCopy.from_text(path.read_text(encoding="utf-8"))
                found.append(Conflict(path, relative, record_id, kind, copy))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                found.append(Conflict(path, relative, record_id, kind, None, str(exc)))
    return sorted(found, key=lambda c: (c.copy.found.isoformat() if c.copy else "", c.name))


def select_conflicts(conflicts: Sequence[Conflict], wanted: str) -> list[Conflict]:
    """The conflicts of one record (an id prefix) or one copy (its file name)."""
    value = wanted.strip().lower()
    by_copy = [c for c in conflicts if value in (c.name, Path(c.name).name)]
    if by_copy:
        return by_copy
    records = sorted({c.record_id for c in conflicts if c.record_id.startswith(value)})
    if not records:
        raise NotFoundError(f"no conflict for {wanted!r}")
    if len(records) > 1:
        raise UsageError(f"{wanted!r} is ambiguous: it matches {', '.join(records)}")
    return [c for c in conflicts if c.record_id == records[0]]


Take = Literal["kept", "other"]


def resolve(store: Store, conflict: Conflict, take: Take) -> None:
    """Settle one conflict: keep the record's value, or take the set-aside one."""
    copy = conflict.copy
    if copy is None:
        raise SyncError(f"{conflict.path}: cannot read this conflict copy: {conflict.problem}")
    with store.locked():
        if take == "other":
            _apply_other(store, conflict, copy)
        try:
            conflict.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise SyncError(f"{conflict.path}: cannot remove: {exc.strerror}") from exc


def _apply_other(store: Store, conflict: Conflict, copy: ConflictCopy) -> None:
    from mentee.merge import apply_choice
    from mentee.models import MODELS, error_message, to_document

    kind = conflict.kind
    if kind is None:  # config.toml or another plain TOML file at the root
        import tomllib

        target = store.root / copy.file
        try:
            document = tomllib.loads(target.read_text(encoding="utf-8").removeprefix("\ufeff"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise SyncError(f"{target}: cannot read it to apply the conflict copy: {exc}") from exc
        from mentee.store import write_atomic

        layout = target.read_text(encoding="utf-8")
        chosen = apply_choice(document, copy, "other")
        write_atomic(target, _render(None, chosen, layout))
        return
    try:
        record = store.read(kind, conflict.record_id)
    except NotFoundError:
        raise NotFoundError(
            f"{store.path(kind, conflict.record_id)}: the record is gone; take `kept` to "
            "drop the conflict copy, or restore the record first"
        ) from None
    changed = apply_choice(to_document(record), copy, "other")
    from pydantic import ValidationError

    try:
        store.save(MODELS[kind].model_validate(changed))
    except ValidationError as exc:
        raise SyncError(
            f"{conflict.path}: the set-aside values do not make a valid {kind.value}: "
            f"{error_message(exc.errors()[0])}"
        ) from None


def iter_values(conflict: Conflict) -> Iterator[tuple[str, Any, Any]]:
    """Each conflicting field with its kept and other value (None when removed)."""
    if conflict.copy is None:
        return
    for name in conflict.copy.fields:
        yield name, conflict.copy.kept.get(name), conflict.copy.other.get(name)
