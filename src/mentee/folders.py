"""Private folders outside the journal: locks, the undo history, the index, editor buffers.

They hold copies of what the journal holds (the history keeps each record's previous
content; a buffer, text being typed), so they are as private as the journal: 0700 whatever
the umask, created that way rather than created and then tightened.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


def private_folder(folder: Path, owned_from: Path | None = None) -> None:
    """Create `folder` and its missing parents with mode 0700, and make `folder` and every
    folder between `owned_from` (mentee's own folder, e.g. `~/.cache/mentee`) and it 0700
    when they are looser (made by an older version, or by hand). OSError on failure."""
    missing = []
    current = folder
    while not os.path.lexists(current) and current != current.parent:
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(each, 0o700)
        os.chmod(each, 0o700)  # mkdir's mode is cut by the umask; this one is not
    owned = [folder]
    if owned_from is not None and folder.is_relative_to(owned_from):
        current = folder
        while current != owned_from:
            current = current.parent
            owned.append(current)
    for each in owned:
        info = os.lstat(each)
        if stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) & 0o077:
            os.chmod(each, 0o700)
