"""Running git in the journal (the `Git` runner, git's error lines) and the repository's
setup: the merge driver registered, the ignore lists."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mentee.errors import SyncError

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


COMMIT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


@dataclass
class GitResult:
    """What a git command gave: its exit code, its output (bytes) and its stderr."""

    code: int
    out: bytes
    err: str

    @property
    def ok(self) -> bool:
        """Whether git exited 0."""
        return self.code == 0

    @property
    def text(self) -> str:
        """The output as text, stripped (bytes that are not UTF-8 kept as surrogates)."""
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
        """Run `git ARGS` in the journal with mentee's identity and a timeout (longer with
        `network`); with `check`, a failure is a SyncError with git's reason."""
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
        """The commit `name` names, or None when it names none."""
        result = self.run("rev-parse", "-q", "--verify", f"{name}^{{commit}}", check=False)
        return result.text if result.ok else None

    def revs(self, *names: str) -> list[str | None]:
        """`rev` of each name, in one git call when every one names a commit."""
        result = self.run(
            "rev-parse", "--revs-only", *(f"{n}^{{commit}}" for n in names), check=False
        )
        found = result.text.split("\n") if result.ok else []
        if len(found) == len(names) and all(COMMIT_ID.fullmatch(f) for f in found):
            return list[str | None](found)
        return [self.rev(name) for name in names]

    def merging(self) -> bool:
        """Whether a merge is under way (or was left half done)."""
        return (self.root / ".git" / "MERGE_HEAD").exists()

    def branch(self) -> str:
        """The branch checked out; a detached HEAD is a SyncError."""
        result = self.run("symbolic-ref", "-q", "--short", "HEAD", check=False)
        if not result.ok:
            raise SyncError(
                f"{self.root}: the journal's git repository is not on a branch; "
                "check it out on one (git switch main) and sync again"
            )
        return result.text

    def remote_url(self) -> str | None:
        """The address of the remote mentee syncs with, or None before `sync init REMOTE`."""
        return self.settings().get(f"remote.{REMOTE}.url")

    def count(self, revisions: str) -> int:
        """How many commits `revisions` (`A..B`) lists."""
        return int(self.run("rev-list", "--count", revisions).text or 0)

    def blobs(self, names: list[str]) -> dict[str, bytes]:
        """The contents of many `rev:path` objects with one `git cat-file --batch`."""
        if not names:
            return {}
        output = self.run(
            "cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode()
        ).out
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
    """The journal's git repository at `root`; a SyncError when sync was never set up there."""
    if not is_repository(root):
        raise SyncError(f"{root}: not set up for sync; run `mentee sync init [REMOTE]` first")
    return Git(root)


def driver_command() -> str:
    """The merge driver git runs: this Python running mentee (works inside a venv).

    Journals keep this command line in `.git/config`, and a hand-run `git merge` or
    `git pull` uses it as it is there (only `mentee sync` writes it again): `python -m
    mentee sync merge-file %O %A %B %P` must keep working whatever mentee's layout.
    """
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
    from mentee.fileio import write_atomic

    write_atomic(path, (text + "\n".join(missing) + "\n").encode("utf-8"), mode=0o600)
    return True


def split_paths(data: bytes) -> list[str]:
    """git's `-z` output: one path (or field) per NUL."""
    return [p.decode("utf-8", "surrogateescape") for p in data.split(b"\0") if p]
