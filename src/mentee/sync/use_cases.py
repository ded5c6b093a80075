"""The use cases behind `mentee sync`, `sync init` and `sync status`, built from the steps."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentee.errors import SyncError, UsageError
from mentee.sync import steps
from mentee.sync.git import (
    DEFAULT_BRANCH,
    PUSH_ATTEMPTS,
    REMOTE,
    Git,
    configure,
    ensure_setup_files,
    is_repository,
    open_repository,
)

if TYPE_CHECKING:
    from mentee.store import Store


# -- sync ----------------------------------------------------------------------------------


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
        """The report as `sync --json` prints it (SPEC's keys)."""
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


def sync(store: Store) -> SyncReport:
    """Commit every change, fetch, merge record by record, push."""
    git = open_repository(store.root)
    with store.locked():
        cleared = steps.heal_git_locks(git)
        report = SyncReport(recovered=steps.recover(git), cleared_locks=cleared)
        configure(git)
        tree = steps.work_tree(git)
        if tree.branch is None and tree.head is not None:
            git.branch()  # explains the detached HEAD
        report.committed = steps.commit_all(git, tree=tree)
        report.branch = steps.remote_branch(git, tree.branch)
        report.remote = git.remote_url()
        if report.remote is None:
            _finish_locally(git, report)
            return report
        _exchange(git, report)
        return report


def _finish_locally(git: Git, report: SyncReport) -> None:
    ensure_setup_files(git.root)
    extra = steps.commit_all(git, default="Set up mentee sync")
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
        steps.fetch(git, report.remote, report.branch, joining and attempt == 1)
        theirs, before = git.revs(f"{REMOTE}/{report.branch}", "HEAD")
        if theirs is None and not git.tracking:
            report.branch = steps.fetched_branch(git, report.branch) or report.branch
            theirs = git.rev(f"{REMOTE}/{report.branch}")
        branch = report.branch
        pulled = steps.Pulled()
        if theirs is not None and theirs != before:
            if not allow_unrelated:
                steps.refuse_unrelated(git, before, theirs, report.remote)
            report.damaged = steps.check_incoming(git, before, theirs)
            pulled = steps.merge(git, theirs)
        head = before
        try:
            # The work tree was clean (all committed above, under the lock): a commit
            # only when the merge or the setup files changed it.
            if ensure_setup_files(git.root) or theirs not in (None, before):
                steps.commit_all(git, default="Set up mentee sync")
                head = git.rev("HEAD")
        except BaseException:
            steps.restore(git, before, set())
            raise
        report.received = pulled.received
        report.kept_changed = pulled.kept_changed
        report.conflicts = pulled.conflicts
        if head is None or head == theirs:  # nothing of ours to send
            steps.track(git, branch)
            return
        pushed = steps.push(git, branch)
        if pushed.ok:
            report.pushed = True
            return
        steps.restore(git, before, set())
        moved = git.run("fetch", "--quiet", REMOTE, network=True, check=False).ok and (
            git.rev(f"{REMOTE}/{branch}") != theirs
        )
        if not moved or attempt == PUSH_ATTEMPTS:
            raise SyncError(
                f"cannot push to {REMOTE} ({report.remote}): {pushed.reason()}; the journal "
                f"is as it was before this sync{steps.unsent(git, branch)}"
            )


# -- sync init -----------------------------------------------------------------------------


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
            report.cleared_locks = steps.heal_git_locks(git)
            report.recovered = steps.recover(git)
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
            report.committed = steps.commit_all(git, default="Start the journal")
            had_records = git.rev("HEAD") is not None
            report.branch = steps.remote_branch(git)
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


# -- sync status ---------------------------------------------------------------------------


@dataclass
class SyncStatus:
    """Where the journal stands against its remote: commits ahead and behind, files not
    committed, conflict copies, whether the fetch worked and the git locks left."""

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
        """The status as `sync status --json` prints it (SPEC's keys)."""
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
    tree = steps.work_tree(git)
    uncommitted = tree.changed
    remote = git.remote_url()
    branch = steps.remote_branch(git, tree.branch)
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
    from mentee.sync.conflicts import find_conflicts

    conflicts = len(find_conflicts(store.root))
    from mentee.sync.guard import find_git_locks

    locks = [(str(lock.path), lock.holders) for lock in find_git_locks(store.root)]
    return SyncStatus(remote, branch, ahead, behind, uncommitted, conflicts, fetched, error, locks)
