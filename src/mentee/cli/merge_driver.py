"""`mentee sync merge-file BASE OURS THEIRS PATH`: the merge driver git runs once per record
file changed on both sides of a merge (registered by `mentee sync`, see
`mentee.sync.git.driver_command`).

`mentee.cli.main` answers it before building the command tree, so a merge of many files
does not pay for Typer, rich or the store: this module imports only what the merge needs.
Its answer is for git: exit 0 (merged, maybe with a conflict copy) or 1 (not merged), and
one line on stderr saying why, which `mentee sync` reads back (`mentee: PATH: cannot
merge: WHY`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

USAGE = "mentee: sync merge-file needs BASE OURS THEIRS PATH (%O %A %B %P)\n"


def main(argv: Sequence[str]) -> int:
    """Merge one file as git asks (`argv`: %O %A %B %P); the exit code for git."""
    from mentee.dates import local_now
    from mentee.errors import MenteeError
    from mentee.sync.driver import merge_file
    from mentee.sync.merge import MergeError
    from mentee.text import escape

    if len(argv) != 4:
        sys.stderr.write(USAGE)
        return 2
    base, ours, theirs, path = argv
    now = local_now().replace(microsecond=0)
    try:
        merged = merge_file(Path(base), Path(ours), Path(theirs), path, now)
    except (MergeError, MenteeError) as exc:
        why = str(exc)
    else:
        if merged.copy:
            fields = escape(", ".join(merged.conflicts))
            sys.stderr.write(
                f"mentee: {escape(path)}: changed on both sides ({fields}); kept this side's "
                f"value, the other is in {escape(merged.copy)}\n"
            )
        return 0
    sys.stderr.write(f"mentee: {escape(path)}: cannot merge: {escape(why)}\n")
    return 1
