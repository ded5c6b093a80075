"""Where a journal's files live: the data directory, and its lock, undo history and index in
the user cache folder. Kept light (no dataclasses, platformdirs imported when needed), so
shell completion can find the index without the cost of the rest of the command line.
"""

from __future__ import annotations

import os
from pathlib import Path


def default_home() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("mentee"))


def resolve_home(option: Path | None) -> tuple[Path, str]:
    """The data directory and where it came from: `--home` > MENTEE_HOME > the default."""
    if option is not None:
        return option.expanduser().absolute(), "option"
    from_env = os.environ.get("MENTEE_HOME", "")
    if from_env:
        return Path(from_env).expanduser().absolute(), "env"
    return default_home(), "default"


def lock_path_for(home: Path) -> Path:
    """The lock file of a journal: in the user cache folder, never in the data directory."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("mentee")) / "locks" / f"{_journal_key(home)}.lock"


def history_path_for(home: Path) -> Path:
    """The undo history of a journal: beside the locks, never in the data directory."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("mentee")) / "history" / _journal_key(home)


def index_path_for(home: Path) -> Path:
    """The disposable index of a journal's parsed files: in the user cache folder."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("mentee")) / "index" / f"{_journal_key(home)}.sqlite"


def _journal_key(home: Path) -> str:
    import hashlib

    key = hashlib.sha256(str(home.absolute()).encode("utf-8", "surrogateescape")).hexdigest()
    return key[:24]
