"""Domain errors. Each carries the exit code the command line ends with.

Raised anywhere below the CLI; turned into one stderr line in one place (`cli.main`).
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


class ExitCode(IntEnum):
    """Exit codes of SPEC.md: 0 success, 1 an error, 2 a usage error, 3 attention needed."""

    OK = 0
    ERROR = 1
    USAGE = 2
    ATTENTION = 3


class MenteeError(Exception):
    """Base class: a problem to report in one line, ending the command."""

    exit_code: ExitCode = ExitCode.ERROR


class UsageError(MenteeError):
    """A bad value on the command line (exit 2)."""

    exit_code = ExitCode.USAGE


def require_text(value: str, what: str) -> str:
    """`value` as given; a usage error naming `what` when it is empty or only spaces."""
    if not value.strip():
        raise UsageError(f"{what} must not be empty")
    return value


class NotFoundError(MenteeError):
    """No record matches an id or prefix."""


class AmbiguousIdError(MenteeError):
    """A prefix matches more than one record; the message lists the candidates."""


class ConflictError(MenteeError):
    """A change that cannot be applied without losing something."""


class StoreError(MenteeError):
    """The data directory or a file in it cannot be read or written."""


class AbortedError(MenteeError):
    """The user abandoned an interactive change (editor failed, buffer unchanged)."""


class SyncError(MenteeError):
    """Sync could not finish; the journal's files are as they were (exit 1)."""


class SyncRefusedError(SyncError):
    """Sync stopped before changing anything: `lines` names each file in the way."""

    def __init__(self, message: str, lines: Sequence[str]) -> None:
        super().__init__(message)
        self.lines = list(lines)
