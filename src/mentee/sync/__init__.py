"""Sync between devices with the system `git`: the use cases behind `mentee sync`.

The data directory is a git repository; `origin` is whatever remote the user chose (a
path on a USB stick or a NAS, ssh, https: anything git accepts, with git's credentials).
Record files merge through a merge driver that runs mentee itself (`mentee sync
merge-file`), so two devices changing different fields of one record merge cleanly, and
the same field changed on both sides leaves a conflict copy beside the record instead of
conflict markers.

The package, from the bottom up:

- `git`: running git (the `Git` runner, git's error lines) and the repository's setup
  (the merge driver registered, the ignore lists);
- `changes`: what changed between two states, said the way a person would;
- `guard`: what sync checks so that it never spreads damage, and git locks a killed git left;
- `steps`: one step each (commit everything, fetch, merge, push, put back);
- `use_cases`: `sync`, `init` and `status`, built from the steps;
- `merge`: the pure three-way merge of two versions of a record;
- `driver`: the merge driver git runs once per file (`merge_file`); its argv and stderr
  are the command line's (`mentee.cli.merge_driver`);
- `conflicts`: conflict copies: their format, finding them, settling them.

The driver's modules (`driver`, `merge`, `conflicts`) import neither git's runner nor the
store: git runs the driver once per file in a merge, and it must start fast. Nothing here
is imported by this file for the same reason.

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

from mentee.kinds import FOLDERS, Kind

# The kind whose records a folder of the journal holds (`goals` -> Kind.GOAL).
KIND_OF_FOLDER: dict[str, Kind] = {folder: kind for kind, folder in FOLDERS.items()}
