"""The merge driver git runs once per record file changed on both sides of a merge.

`merge_file` merges one file and writes the result (and a conflict copy when a field
changed on both sides). The command line around it (argv, exit code, what git shows on
stderr) is `mentee.cli.merge_driver`. This module and what it imports at the top stay
light: no git runner, no store, and pydantic only when a merge mixes both sides of a record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentee import ids
from mentee.errors import MenteeError
from mentee.fileio import write_atomic
from mentee.sync import KIND_OF_FOLDER
from mentee.sync.conflicts import ConflictCopy
from mentee.sync.merge import MergeError, merge_texts

if TYPE_CHECKING:
    from mentee.kinds import Kind


@dataclass
class FileMerge:
    """What the merge driver did with one file."""

    path: str
    conflicts: list[str] = field(default_factory=list)
    copy: str | None = None


def merge_file(base: Path, ours: Path, theirs: Path, path: str, now: datetime) -> FileMerge:
    """Merge one record file for git: the result replaces `ours`.

    Runs inside `git merge` (the working directory is the top of the repository).
    Conflicting fields keep our value; the other goes to a conflict copy beside the
    record. A record that mixes both sides is validated; one that would be invalid keeps
    our version whole, the other side's fields going to the conflict copy. A version that
    is not valid TOML stops the merge (MergeError): nothing is rewritten, and sync puts
    the journal back as it was; a write that fails is a MenteeError (the conflict copy's
    temp file removed). The result keeps the layout of our version (comments, key
    order, the form of the fields it did not change).
    """
    base_text, ours_text, theirs_text = (_text(p, path) for p in (base, ours, theirs))
    relative = Path(path)
    kind = KIND_OF_FOLDER.get(relative.parent.as_posix())
    stem = relative.name.removesuffix(".toml")
    record_kind = kind if ids.is_valid_id(stem) else None
    validate = _validator(record_kind, stem) if record_kind is not None else None
    result = merge_texts(base_text, ours_text, theirs_text, validate)
    try:
        ours.write_bytes(render(record_kind, result.document, ours_text))
    except OSError as exc:
        raise MenteeError(f"cannot write the merged version: {exc.strerror}") from None
    merged = FileMerge(path, [c.field for c in result.conflicts])
    if result.conflicts:
        copy = ConflictCopy.from_conflicts(relative.as_posix(), stem, result.conflicts, now)
        name = (relative.parent / copy.name()).as_posix()
        try:
            write_atomic(Path.cwd() / name, copy.to_text().encode("utf-8"))
        except OSError as exc:
            raise MenteeError(f"cannot write the conflict copy {name}: {exc.strerror}") from None
        merged.copy = name
    return merged


def _text(path: Path, name: str) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise MergeError(f"one version of {name} is not valid UTF-8") from None
    except OSError as exc:
        raise MergeError(f"cannot read {exc.filename}: {exc.strerror}") from None


def _validator(kind: Kind, record_id: str) -> Callable[[Mapping[str, Any]], str | None]:
    """Why a merged document would not be a valid record of `kind` (None: valid).

    The models load only when a merge mixes both sides of a record, so most driver runs
    stay fast.
    """

    def validate(document: Mapping[str, Any]) -> str | None:
        from pydantic import ValidationError

        from mentee.models import MODELS, error_message

        if document.get("id") != record_id:
            return "the id does not match the file name"
        try:
            MODELS[kind].model_validate(dict(document))
        except ValidationError as exc:
            error = exc.errors()[0]
            return f"{'.'.join(str(p) for p in error['loc'])}: {error_message(error)}"
        except (ValueError, TypeError, RecursionError) as exc:
            return str(exc)
        return None

    return validate


def render(kind: Kind | None, document: dict[str, Any], layout: str | None = None) -> bytes:
    """A merged document as mentee writes it: in the layout of `layout` (our version's
    text) when it can be kept exactly, else bookkeeping fields last for a record.

    Every field came from a version that was valid, and a record that mixes both sides
    was validated (see `merge_file`); `doctor` reports anything else.
    """
    import tomli_w

    from mentee.text import has_crlf

    if kind is not None:
        from mentee.views import bookkeeping_last

        document = bookkeeping_last(document)
    multiline = not has_crlf(document)
    if layout is not None:
        from mentee.tomledit import rewrite

        kept = rewrite(layout, document, multiline_strings=multiline)
        if kept is not None:
            return kept.encode("utf-8")
    # As `store.serialize`: text with CRLF stays on one line (multi-line strings lose the CR).
    text: str = tomli_w.dumps(document, multiline_strings=multiline)
    return text.encode("utf-8")
