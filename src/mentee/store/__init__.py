"""The data directory: read, validate, write atomically, lock. Knows nothing of the CLI.

Layout: one folder per kind (`goals/`, `mentors/`...), one `<id>.toml` file per record.
Temporary files start with `.` and end in `.tmp`. The lock file lives outside the data
directory (the caller names it), so tools that copy the journal never copy a lock.

`Store` is the one entry point; the package is split by concern:

- `reads`: paths, ids, records by kind, one record by id or prefix (`StoreReads`);
- `writes`: the lock, changes all or nothing, the undo history, writing records (`Store`);
- `indexed`: reading through the index (`mentee.index`), what it keeps of a record;
- `recordfile`: a record's file, bytes to record (`parse_record`) and back (`serialize`,
  `render`), stamping and the schema a change may write;
- `problems`: why a file cannot be read, `path:line: message` (`Problem`);
- `where`: selecting records by their summary columns (`Where`).

Never-lose-data rules kept here:
- a file that cannot be read is reported as a `Problem` and never rewritten: only records
  that were read whole can be saved;
- writes go to a temp file in the same folder, are fsynced, then `os.replace`d over the
  record, and the folder is fsynced; the temp file is removed on any error (`fileio`);
- every read-modify-write runs under an exclusive lock (`Store.locked`);
- record files are opened with O_NOFOLLOW, and ids are checked before any path is built.
"""

from __future__ import annotations

from mentee.store.problems import DamagedRecordError as DamagedRecordError
from mentee.store.problems import Problem as Problem
from mentee.store.reads import Loaded as Loaded
from mentee.store.where import Where as Where
from mentee.store.writes import LOCK_TIMEOUT_SECONDS as LOCK_TIMEOUT_SECONDS
from mentee.store.writes import Store as Store
from mentee.store.writes import write_atomic as write_atomic

__all__ = [
    "LOCK_TIMEOUT_SECONDS",
    "DamagedRecordError",
    "Loaded",
    "Problem",
    "Store",
    "Where",
    "write_atomic",
]
