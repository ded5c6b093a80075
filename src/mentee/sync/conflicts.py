"""Conflict copies: the values a merge could not keep in a record, saved beside it (their
format), and finding and settling them (`mentee sync resolve`).

A conflict copy is a TOML file beside the record, `<id>.conflict-<hash>.toml`. Its name is
not a record id, so the store reports it (never loads it as a record) and `doctor` lists it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from mentee.errors import NotFoundError, SyncError, UsageError
from mentee.ids import conflict_copy_name, conflict_copy_record
from mentee.kinds import Kind

if TYPE_CHECKING:
    from mentee.store import Store
    from mentee.sync.merge import FieldConflict

# Finding conflicts (every `mentee sync` does) imports no TOML library and not the merge:
# they load when a copy is read, written or applied.

# Which value of a conflict to keep: the record's (`kept`) or the set-aside one (`other`).
Take = Literal["kept", "other"]

CONFLICT_FORMAT: Final = "mentee/1"


@dataclass(frozen=True)
class ConflictCopy:
    """The values a merge could not keep in a record, saved beside it for `sync resolve`.

    `file` is the record's path relative to the data directory (`goals/<id>.toml`);
    `kept` holds the values the record got, `other` the values set aside (a field absent
    from one of them was removed on that side).
    """

    record: str
    file: str
    found: datetime
    fields: tuple[str, ...]
    kept: dict[str, Any]
    other: dict[str, Any]

    @classmethod
    def from_conflicts(
        cls, file: str, record: str, conflicts: Sequence[FieldConflict], found: datetime
    ) -> ConflictCopy:
        """The copy of `record` (stored in `file`) for the fields both sides changed: the values
        kept and the values set aside, a field removed on one side left out of that side."""
        from mentee.sync.merge import MISSING

        return cls(
            record=record,
            file=file,
            found=found,
            fields=tuple(c.field for c in conflicts),
            kept={c.field: c.kept for c in conflicts if c.kept is not MISSING},
            other={c.field: c.other for c in conflicts if c.other is not MISSING},
        )

    def to_text(self) -> str:
        """The copy as the TOML file written next to the record: a comment saying what happened
        and how to settle it, then the document."""
        document = {
            "conflict": CONFLICT_FORMAT,
            "record": self.record,
            "file": self.file,
            "found": self.found,
            "fields": list(self.fields),
            "kept": self.kept,
            "other": self.other,
        }
        names = ", ".join(self.fields)
        header = (
            f"# mentee sync: {self.file} was changed on two devices in the same "
            f"{'field' if len(self.fields) == 1 else 'fields'}: {names}.\n"
            "# The record kept one value ([kept]); this copy keeps the other ([other]).\n"
            "# Choose with `mentee sync resolve`; nothing is lost until you do.\n\n"
        )
        import tomli_w

        return header + tomli_w.dumps(document)

    def name(self) -> str:
        """The copy's file name: `<id>.conflict-<hash of its contents>.toml`."""
        import hashlib

        digest = hashlib.sha256(self.to_text().encode("utf-8")).hexdigest()[:10]
        return conflict_copy_name(self.record, digest)

    @classmethod
    def from_text(cls, text: str) -> ConflictCopy:
        """Read a conflict copy back; ValueError when it is not one."""
        import tomllib

        try:
            data = tomllib.loads(text.removeprefix("\ufeff"))
        except RecursionError:
            raise ValueError("invalid TOML: nested too deeply") from None
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"invalid TOML: {exc}") from None
        if data.get("conflict") != CONFLICT_FORMAT:
            raise ValueError(f"not a mentee conflict copy (no conflict = {CONFLICT_FORMAT!r})")
        record, file = data.get("record"), data.get("file")
        found: Any = data.get("found")
        fields: Any = data.get("fields")
        kept, other = data.get("kept", {}), data.get("other", {})
        _require(isinstance(record, str) and isinstance(file, str), "'record', 'file': text")
        _require(isinstance(found, datetime), "'found' must be a date-time")
        _require(
            isinstance(fields, list) and all(isinstance(f, str) for f in fields),
            "'fields' must be a list of field names",
        )
        _require(isinstance(kept, dict) and isinstance(other, dict), "'kept', 'other': tables")
        return cls(str(record), str(file), found, tuple(fields), kept, other)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)


def apply_choice(current: Mapping[str, Any], copy: ConflictCopy, take: Take) -> dict[str, Any]:
    """The record document after choosing, for every field of `copy`, one of its values.

    `kept` leaves the record as it is. `other` applies the set-aside values; when the
    record changed since the conflict (a note added later), those later changes are kept
    too: the choice is merged with the record, the set-aside values winning.
    """
    document = dict(current)
    if take == "kept":
        return document
    from mentee.sync.merge import MISSING, merge_value

    for name in copy.fields:
        value, _ = merge_value(
            copy.kept.get(name, MISSING),
            document.get(name, MISSING),
            copy.other.get(name, MISSING),
            prefer="theirs",
        )
        if value is MISSING:
            document.pop(name, None)
        else:
            document[name] = value
    return document


# -- the conflicts in a journal ------------------------------------------------------------


@dataclass
class Conflict:
    """A conflict copy found in the journal (`copy` None when it cannot be read)."""

    path: Path
    name: str  # relative to the data directory
    record_id: str
    kind: Kind | None
    copy: ConflictCopy | None
    problem: str | None = None

    @property
    def record_file(self) -> str:
        """The record's file the copy belongs to, relative to the data directory (guessed from
        the copy's name when the copy cannot be read)."""
        return self.copy.file if self.copy else f"{Path(self.name).parent}/{self.record_id}.toml"


def find_conflicts(root: Path) -> list[Conflict]:
    """Every conflict copy in the record folders (and the root, for config.toml)."""
    found = []
    places: list[tuple[Path, Kind | None]] = [(root, None)]
    places += [(root / kind.plural, kind) for kind in Kind]
    for folder, kind in places:
        try:
            names = sorted(name for name in os.listdir(folder) if ".conflict-" in name)
        except OSError:
            continue
        for name in names:
            record_id = conflict_copy_record(name)
            if record_id is None:
                continue
            path = folder / name
            relative = path.relative_to(root).as_posix()
            try:
                copy = ConflictCopy.from_text(path.read_text(encoding="utf-8"))
                found.append(Conflict(path, relative, record_id, kind, copy))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                found.append(Conflict(path, relative, record_id, kind, None, str(exc)))
    return sorted(found, key=lambda c: (c.copy.found.isoformat() if c.copy else "", c.name))


def select_conflicts(conflicts: Sequence[Conflict], wanted: str) -> list[Conflict]:
    """The conflicts of one record (an id prefix) or one copy (its file name)."""
    value = wanted.strip().lower()
    by_copy = [c for c in conflicts if value in (c.name, Path(c.name).name)]
    if by_copy:
        return by_copy
    records = sorted({c.record_id for c in conflicts if c.record_id.startswith(value)})
    if not records:
        raise NotFoundError(f"no conflict for {wanted!r}")
    if len(records) > 1:
        raise UsageError(f"{wanted!r} is ambiguous: it matches {', '.join(records)}")
    return [c for c in conflicts if c.record_id == records[0]]


def resolve(store: Store, conflict: Conflict, take: Take) -> None:
    """Settle one conflict: keep the record's value, or take the set-aside one."""
    copy = conflict.copy
    if copy is None:
        raise SyncError(f"{conflict.path}: cannot read this conflict copy: {conflict.problem}")
    with store.locked():
        if take == "other":
            _apply_other(store, conflict, copy)
        try:
            conflict.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise SyncError(f"{conflict.path}: cannot remove: {exc.strerror}") from exc


def _apply_other(store: Store, conflict: Conflict, copy: ConflictCopy) -> None:
    from mentee.models import MODELS, error_message, to_document

    kind = conflict.kind
    if kind is None:  # config.toml or another plain TOML file at the root
        import tomllib

        target = store.root / copy.file
        try:
            layout = target.read_text(encoding="utf-8")
            document = tomllib.loads(layout.removeprefix("\ufeff"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise SyncError(f"{target}: cannot read it to apply the conflict copy: {exc}") from exc
        from mentee.fileio import write_atomic
        from mentee.sync.driver import render

        chosen = apply_choice(document, copy, "other")
        write_atomic(target, render(None, chosen, layout))
        return
    try:
        record = store.read(kind, conflict.record_id)
    except NotFoundError:
        raise NotFoundError(
            f"{store.path(kind, conflict.record_id)}: the record is gone; take `kept` to "
            "drop the conflict copy, or restore the record first"
        ) from None
    changed = apply_choice(to_document(record), copy, "other")
    from pydantic import ValidationError

    try:
        store.save(MODELS[kind].model_validate(changed))
    except ValidationError as exc:
        raise SyncError(
            f"{conflict.path}: the set-aside values do not make a valid {kind.value}: "
            f"{error_message(exc.errors()[0])}"
        ) from None


def iter_values(conflict: Conflict) -> Iterator[tuple[str, Any, Any]]:
    """Each conflicting field with its kept and other value (None when removed)."""
    if conflict.copy is None:
        return
    for name in conflict.copy.fields:
        yield name, conflict.copy.kept.get(name), conflict.copy.other.get(name)
