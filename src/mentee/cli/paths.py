"""Where a journal's files live: the data directory, its lock, undo history and index in the
user cache folder, and its editor buffers in the user state folder; `open_store`, the one
way the command line and doctor open a journal, and `open_index`, its index alone as the
store has it (shell completion). Kept light (no dataclasses, platformdirs imported when
needed), so shell completion can find the index without the cost of the rest of the
command line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

# Each kind's folder in the data directory, as `kinds.FOLDERS` has them (a test keeps the
# two equal): for shell completion and `cli.ahead`, which cannot spare importing the kinds'
# enums.
FOLDERS = {
    "goal": "goals",
    "mentor": "mentors",
    "meeting": "meetings",
    "action": "actions",
    "feedback": "feedback",
    "note": "notes",
    "topic": "topics",
}

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from mentee.index import Index
    from mentee.store import Store


def open_store(
    home: Path,
    *,
    history: bool = True,
    index: bool = True,
    now: Callable[[], datetime] | None = None,
) -> Store:
    """The store of the journal at `home` (as `resolve_home` gives it), with its lock and,
    unless told otherwise, its undo history and index, all where mentee keeps them: in the
    user cache folder (kept 0700), never in the data directory. `now`: the clock its
    changes are stamped with (None: the system's)."""
    from mentee.store import Store

    return Store(
        home,
        lock_path_for(home),
        history_path_for(home) if history else None,
        index_path_for(home) if index else None,
        private_root=cache_root(),
        now=now,
    )


def open_index(home: Path) -> Index:
    """The index of the journal at `home`, as `open_store` gives it to the journal's store
    (same file, same private folder), for a reader that needs the index alone: shell
    completion, which never imports the store."""
    from mentee.index import Index

    return Index(index_path_for(home), cache_root())


def default_home() -> Path:
    """Where the journal lives without MENTEE_HOME or --home: the platform's user data folder for
    mentee."""
    import platformdirs

    return Path(platformdirs.user_data_dir("mentee"))


def resolve_home(option: Path | None) -> tuple[Path, str]:
    """The data directory and where it came from: `--home` > MENTEE_HOME > the default.

    The path is resolved once, here (symbolic links, `..`, a trailing slash), so every
    spelling of one journal is one journal: one lock, one index, one undo history.
    """
    if option is not None:
        return resolved(option), "option"
    from_env = os.environ.get("MENTEE_HOME", "")
    if from_env:
        return resolved(Path(from_env)), "env"
    return resolved(default_home()), "default"


def resolved(path: Path) -> Path:
    # realpath, not Path.resolve: the same, but it never raises for a loop or a missing
    # part (what is missing is kept as written, `..` folded).
    """`path` absolute, `~` expanded and symbolic links followed; never raises for a loop or a
    missing part."""
    return Path(os.path.realpath(path.expanduser()))


def cache_root() -> Path:
    """mentee's folder in the user cache folder: locks, the undo history, the index."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("mentee"))


def state_root() -> Path:
    """mentee's folder in the user state folder: editor buffers."""
    import platformdirs

    return Path(platformdirs.user_state_dir("mentee"))


def lock_path_for(home: Path) -> Path:
    """The lock file of a journal: in the user cache folder, never in the data directory."""
    return cache_root() / "locks" / f"{_journal_key(home)}.lock"


def history_path_for(home: Path) -> Path:
    """The undo history of a journal: beside the locks, never in the data directory."""
    return cache_root() / "history" / _journal_key(home)


def index_path_for(home: Path) -> Path:
    """The disposable index of a journal's parsed files: in the user cache folder."""
    return cache_root() / "index" / f"{_journal_key(home)}.sqlite"


def buffers_path_for(home: Path) -> Path:
    """The private folder of a journal's editor buffers (see `mentee.buffers`): in the user
    state folder, not the cache, since a buffer may hold text typed nowhere else."""
    return state_root() / "buffers" / _journal_key(home)


def _journal_key(home: Path) -> str:
    from mentee.digests import sha256_hex

    return sha256_hex(str(home.absolute()).encode("utf-8", "surrogateescape"))[:24]
