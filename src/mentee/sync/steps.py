"""The steps of a sync, each one git's work on the journal: commit everything, fetch, merge
(and put everything back when it fails), push; and the checks made before taking anything in."""

from __future__ import annotations

import contextlib
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from mentee import ids
from mentee.errors import SyncError, SyncRefusedError
from mentee.sync import KIND_OF_FOLDER
from mentee.sync.git import DEFAULT_BRANCH, REMOTE, Git, GitResult, split_paths
from mentee.text import plural

# -- committing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkTree:
    """One `git status`: the commit checked out, the branch, the files not committed."""

    head: str | None
    branch: str | None
    changed: int
    paths: tuple[str, ...] = ()


def work_tree(git: Git) -> WorkTree:
    """What `git status` says: the commit checked out, the branch and every path not committed
    (changed, conflicted or untracked)."""
    result = git.run(
        "status", "--porcelain=v2", "-z", "--branch", "--no-renames", "--untracked-files=all"
    )
    head = branch = None
    paths = []
    for entry in split_paths(result.out):
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
    from mentee.sync.guard import local_flags

    flags = local_flags(git.root, tree.paths)
    if flags:
        count = len(flags)
        raise SyncRefusedError(
            f"sync stopped before committing anything: {plural(count, 'file')} "
            "would spread damage to your other devices; fix or move "
            f"{'them' if count != 1 else 'it'} (`mentee doctor` shows each), then sync again",
            [flag.at(git.root) for flag in flags],
        )
    git.run("add", "--all", "--", ".")
    from mentee.sync.changes import describe  # here: a sync with nothing to do needs none

    message = describe(git, tree.head, None) or default or "Update the journal"
    git.run("commit", "--quiet", "--no-verify", "-m", message)
    return message


# -- fetching and merging ------------------------------------------------------------------


def recover(git: Git) -> bool:
    """Abort a merge a crashed or killed sync left half done. True if there was one."""
    if not git.merging():
        return False
    git.run("merge", "--abort")
    return True


def fetch(git: Git, url: str, branch: str, joining: bool) -> None:
    """Fetch the remote's branches; a failure is a SyncError that says what is left to send (or,
    when joining with `sync init REMOTE`, that nothing changed)."""
    result = git.run("fetch", "--quiet", REMOTE, network=True, check=False)
    if not result.ok:
        if joining:  # `sync init REMOTE` undoes the link: nothing will go there by itself
            raise SyncError(
                f"cannot fetch from {url}: {result.reason()}; nothing changed (check the "
                "address, and that it is reachable, then run `mentee sync init` again)"
            )
        raise SyncError(
            f"cannot fetch from {REMOTE} ({url}): {result.reason()}; "
            f"the journal is unchanged{unsent(git, branch)}"
        )


def unsent(git: Git, branch: str) -> str:
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


def merge(git: Git, ref: str) -> Pulled:
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
        restore(git, before, untracked_before)
        raise
    from mentee.sync.changes import describe

    if before is not None:
        pulled.received = describe(git, before, "HEAD")
    elif git.rev("HEAD") is not None:
        pulled.received = describe(git, None, "HEAD")
    return pulled


def _settle_unmerged(git: Git, result: GitResult) -> list[str]:
    """Finish what git left unmerged: a record deleted on one side and changed on the
    other keeps the change. Anything else cannot be merged: SyncError."""
    status = git.run("status", "--porcelain=v1", "-z", "--no-renames", "--untracked-files=no")
    unmerged = [
        (entry[:2], entry[3:])
        for entry in split_paths(status.out)
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


def restore(git: Git, before: str | None, untracked_before: set[str]) -> None:
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
    return split_paths(result.out)


def _is_copy(path: str) -> bool:
    from mentee.ids import conflict_copy_record

    return conflict_copy_record(Path(path).name) is not None


# -- pushing, and the remote's branch ------------------------------------------------------


def push(git: Git, branch: str) -> GitResult:
    """Push HEAD to the remote's `branch` and, when it went, track it; the result is returned for
    the caller to judge."""
    result = git.run(
        "push", "--quiet", REMOTE, f"HEAD:refs/heads/{branch}", network=True, check=False
    )
    if result.ok:
        track(git, branch)
    return result


def remote_branch(git: Git, branch: str | None = None) -> str:
    """The branch of `origin` this journal follows (its upstream, else its own name)."""
    branch = branch or git.branch()
    settings = git.settings()
    merge = settings.get(f"branch.{branch}.merge", "")
    if settings.get(f"branch.{branch}.remote") == REMOTE and merge.startswith("refs/heads/"):
        git.tracking = True
        return merge.removeprefix("refs/heads/")
    return branch


def fetched_branch(git: Git, preferred: str) -> str | None:
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


def track(git: Git, branch: str) -> None:
    """Make `origin/<branch>` the upstream of the journal's branch (once)."""
    if not git.tracking and git.rev(f"{REMOTE}/{branch}") is not None:
        git.run("branch", "--quiet", f"--set-upstream-to={REMOTE}/{branch}", check=False)
        git.tracking = True


# -- before anything changes ---------------------------------------------------------------


def heal_git_locks(git: Git) -> list[str]:
    """Remove the git locks a killed git left when no git process works in the journal;
    SyncError naming a lock that is held (or may be). The removed ones, relative."""
    from mentee.sync.guard import find_git_locks, remove_stale

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


def check_incoming(git: Git, head: str | None, theirs: str) -> list[str]:
    """Judge what `theirs` changes before anything is merged: SyncRefusedError when a version
    that does not read would replace one that does (or a symbolic link would come in);
    the damaged files that are new here (`path: why`), let in."""
    from mentee.sync.guard import incoming_flags

    base = None
    if head is not None:
        found = git.run("merge-base", head, theirs, check=False)
        base = found.text if found.ok and found.text else None
    entries: list[tuple[str, str]] = []  # (path, the incoming git mode)
    if base is None:
        for entry in split_paths(git.run("ls-tree", "-r", "-z", "--full-tree", theirs).out):
            meta, _, path = entry.partition("\t")
            entries.append((path, meta.split(" ")[0]))
    else:
        fields = split_paths(git.run("diff", "--raw", "-z", "--no-renames", base, theirs).out)
        for meta, path in zip(fields[::2], fields[1::2], strict=False):
            parts = meta.split(" ")
            if len(parts) >= 5 and not parts[4].startswith("D"):
                entries.append((path, parts[1]))
    if not entries:
        return []
    names = [f"{theirs}:{p}" for p, _ in entries]
    if head is not None:
        names += [f"{head}:{p}" for p, _ in entries]
    blobs = git.blobs(names)
    judged = incoming_flags(
        (path, mode, blobs.get(f"{theirs}:{path}"), blobs.get(f"{head}:{path}"))
        for path, mode in entries
    )
    if judged.refused:
        count = len(judged.refused)
        raise SyncRefusedError(
            f"sync stopped before taking anything from {REMOTE}: "
            f"{plural(count, 'incoming file')} would replace a record that reads with one that "
            "does not; nothing changed here. Fix them on the device that sent them "
            "(`mentee doctor` there), then sync again",
            [f.at(git.root, "the incoming version: ") for f in judged.refused],
        )
    return [f.at(git.root) for f in judged.warned]


def _record_count(git: Git, revision: str) -> int:
    """How many record files the journal holds at `revision`."""
    listing = git.run("ls-tree", "-r", "-z", "--name-only", "--full-tree", revision)
    count = 0
    for path in split_paths(listing.out):
        parts = path.split("/")
        if (
            len(parts) == 2
            and parts[0] in KIND_OF_FOLDER
            and ids.is_valid_id(parts[1].removesuffix(".toml"))
            and parts[1].endswith(".toml")
        ):
            count += 1
    return count


def refuse_unrelated(git: Git, head: str | None, theirs: str, remote: str) -> None:
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
