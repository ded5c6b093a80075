"""Use cases of `export` and `import`: leaving with all your data, and coming back with it.

Export gathers the journal and hands it to a pure exporter (`mentee.export.*`); writing the
result to a file is `write_export` (atomic, never through a symbolic link).

Import reads what `export --format json` or `--format jsonl` wrote and applies it in two
steps, so that invalid data changes nothing:

1. check: every record is validated (its kind, id, fields, whether it can be stored exactly)
   and every reference between records is resolved, in the file or in the journal; one
   `Rejected` per bad record, all reported together, nothing written;
2. apply, under the journal's lock: a new id is written as given (its `created` and
   `updated` kept, so export, import and export again give the same document); an id whose
   record has the same content is left as it is (importing twice changes nothing); other
   content is a conflict, left alone unless `replace`; a record file that cannot be read is
   never replaced.
"""

from __future__ import annotations

import functools
import json
import os
import stat
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentee.errors import ConflictError, MenteeError, NotFoundError, StoreError
from mentee.fileio import write_all
from mentee.ids import is_valid_id
from mentee.kinds import Kind, parse_kind
from mentee.models import (
    MODELS,
    SCHEMA_VERSION,
    Record,
    drop_none,
    error_message,
    to_json,
)
from mentee.references import WRITE_ORDER, references
from mentee.store import DamagedRecordError, Store, write_atomic
from mentee.store.problems import MAX_DEPTH, nesting_depth
from mentee.store.recordfile import file_document, toml_text
from mentee.text import plural

FORMAT = "mentee/1"

# How many problems of one record its line names before "(and N more)".
_SHOWN_PROBLEMS = 3


# -- export -------------------------------------------------------------------------------


def write_export(path: Path, data: bytes) -> None:
    """Write an export to `path`.

    A regular file is replaced atomically (a crash leaves the old file or the new one);
    a symbolic link to one is refused, not followed. Something that is not a regular file
    (a FIFO, a device such as /dev/null, /dev/stdout) is written into, never replaced.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise StoreError(f"{path}: cannot write: {exc.strerror}") from exc
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path}: is a directory")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(path, data)
        return
    if os.path.islink(path):
        raise StoreError(f"{path}: is a symbolic link; refusing to write through it")
    write_atomic(path, data)


def _write_into(path: Path, data: bytes) -> None:
    """Write `data` into a FIFO or a device, as `cat > path` would."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise StoreError(f"{path}: cannot write: {exc.strerror}") from exc
    try:
        write_all(fd, data)
    except OSError as exc:
        raise StoreError(f"{path}: cannot write: {exc.strerror}") from exc
    finally:
        os.close(fd)


# -- import: reading ----------------------------------------------------------------------


@dataclass(frozen=True)
class Rejected:
    """A record of the input that cannot be imported, and why (field: message)."""

    where: str  # `line 4` (jsonl) or `goals[2]` (json)
    kind: Kind | None
    record_id: str | None
    problems: tuple[str, ...]

    def describe(self, source: str) -> str:
        """`backup.jsonl:4: action k3m9: due: ...` or `backup.json: actions[2] (k3m9): ...`."""
        shown = "; ".join(self.problems[:_SHOWN_PROBLEMS])
        more = len(self.problems) - _SHOWN_PROBLEMS
        shown += f" (and {more} more)" if more > 0 else ""
        if self.where.startswith("line "):
            what = " ".join(p for p in (self.kind, self.record_id) if p)
            return f"{source}:{self.where[5:]}: {what + ': ' if what else ''}{shown}"
        named = f" ({self.record_id})" if self.record_id else ""
        return f"{source}: {self.where}{named}: {shown}"

    @property
    def position(self) -> tuple[int, int]:
        """Where the record is in the input (see `_position`), to sort problems in reading order."""
        return _position(self.where)


def _position(where: str) -> tuple[int, int]:
    """Where a record is in the input, to report problems in reading order."""
    if where.startswith("line "):
        return (0, int(where[5:]))
    key, _, rest = where.partition("[")
    plurals = [k.plural for k in Kind]
    return (plurals.index(key) if key in plurals else len(plurals), int(rest.rstrip("]") or 0))


class InvalidImportError(MenteeError):
    """The input has invalid records; `lines` names each one. Nothing was written."""

    def __init__(self, source: str, rejected: Sequence[Rejected], total: int) -> None:
        count = len(rejected)
        super().__init__(
            f"{source}: nothing imported: {count} of {plural(total, 'record')} "
            f"{'is' if count == 1 else 'are'} invalid"
        )
        self.lines = [r.describe(source) for r in rejected]


@dataclass(frozen=True)
class Incoming:
    """One record of the input, validated on its own (references are checked later)."""

    where: str
    record: Record


@dataclass
class Parsed:
    """The input, read: the records that validated and those that did not."""

    records: list[Incoming] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    # Every (kind, id) the input names with a valid id, valid record or not.
    ids: dict[Kind, set[str]] = field(default_factory=lambda: {k: set() for k in Kind})
    # Each valid record's file, made when it was checked (written as it is).
    files: dict[tuple[Kind, str], bytes] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """How many records the input holds, valid or not."""
        return len(self.records) + len(self.rejected)


def decode(data: bytes, source: str) -> str:
    """The input as text: UTF-8, a leading byte order mark allowed."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MenteeError(f"{source}:{line}: not valid UTF-8 (byte {exc.start})") from None
    return text.removeprefix("\ufeff")


def read_input(path: Path) -> bytes:
    """The bytes of the file to import."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFoundError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a directory; give the file export wrote") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from exc


def parse(text: str, source: str) -> Parsed:
    """Read an export (json or jsonl, told apart by its content) and validate each record.

    A file that is not an export at all is an error at once; bad records are collected.
    """
    parsed = Parsed()
    if not text.strip():
        return parsed
    try:
        whole: Any = json.loads(text)
    except RecursionError:
        raise MenteeError(f"{source}: nested too deeply to be a mentee export") from None
    except json.JSONDecodeError as exc:
        if not _looks_like_lines(text):
            raise MenteeError(
                f"{source}:{exc.lineno}: not JSON: {exc.msg} (column {exc.colno})"
            ) from None
        _read_lines(text, parsed)
        return parsed
    if isinstance(whole, dict) and "format" in whole:
        _read_document(whole, source, parsed)
    elif isinstance(whole, dict):
        _read_typed(parsed, "line 1", whole)  # JSON Lines of one record
    else:
        raise MenteeError(
            f'{source}: not a mentee export: expected an object with "format" (json) '
            "or one record a line (jsonl)"
        )
    return parsed


def _looks_like_lines(text: str) -> bool:
    """Whether text that is not one JSON value is JSON Lines (its first line an object)."""
    first = text.lstrip().split("\n", 1)[0]
    try:
        return isinstance(json.loads(first), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def _read_document(document: dict[str, Any], source: str, parsed: Parsed) -> None:
    format_name = document.get("format")
    if format_name != FORMAT:
        if isinstance(format_name, str) and format_name.startswith("mentee/"):
            raise MenteeError(
                f"{source}: format {format_name!r} is not one this mentee reads ({FORMAT}); "
                "upgrade mentee"
            )
        raise MenteeError(f"{source}: not a mentee export: format is {str(format_name)[:40]!r}")
    plurals = {kind.plural: kind for kind in Kind}
    for key, value in document.items():
        if key in ("format", "exported"):
            continue
        kind = plurals.get(key)
        if kind is None:
            expected = ", ".join(["format", "exported", *plurals])
            raise MenteeError(f"{source}: unknown key {key[:40]!r} (expected {expected})")
        if not isinstance(value, list):
            raise MenteeError(f"{source}: {key}: expected a list of records")
        for number, item in enumerate(value):
            _read_record(parsed, f"{key}[{number}]", kind, item)


def _read_lines(text: str, parsed: Parsed) -> None:
    # Only "\n" ends a line: str.splitlines would also split on U+2028 and the like.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            parsed.rejected.append(
                Rejected(where, None, None, (f"not JSON: {exc.msg} (column {exc.colno})",))
            )
            continue
        except RecursionError:
            parsed.rejected.append(Rejected(where, None, None, ("nested too deeply",)))
            continue
        _read_typed(parsed, where, item)


def _read_typed(parsed: Parsed, where: str, item: Any) -> None:
    """One JSON Lines record: its `type` says its kind."""
    if not isinstance(item, dict):
        parsed.rejected.append(Rejected(where, None, None, ("expected a JSON object",)))
        return
    item = dict(item)
    kind_name = item.pop("type", None)
    if not isinstance(kind_name, str):
        parsed.rejected.append(
            Rejected(where, None, _id_of(item), ("type: missing (goal, mentor, ...)",))
        )
        return
    try:
        kind = parse_kind(kind_name)
    except ValueError:
        names = ", ".join(k.value for k in Kind)
        problem = f"type: unknown {kind_name[:40]!r} (expected {names})"
        parsed.rejected.append(Rejected(where, None, _id_of(item), (problem,)))
        return
    _read_record(parsed, where, kind, item)


def _id_of(item: dict[str, Any]) -> str | None:
    value = item.get("id")
    return value if isinstance(value, str) and is_valid_id(value) else None


def _read_record(parsed: Parsed, where: str, kind: Kind, item: Any) -> None:
    """Validate one record; it joins `parsed.records` or `parsed.rejected`."""

    def reject(*problems: str, record_id: str | None = None) -> None:
        parsed.rejected.append(Rejected(where, kind, record_id, problems))

    if not isinstance(item, dict):
        reject("expected a JSON object")
        return
    # The id first: nothing is built from an id that is not one.
    record_id = item.get("id")
    if record_id is None:
        reject("id: missing")
        return
    if not isinstance(record_id, str) or not is_valid_id(record_id):
        reject(f"id: {str(record_id)[:40]!r} is not a valid id (lowercase letters, digits, '-')")
        return
    if record_id in parsed.ids[kind]:
        reject("id: appears more than once in the input", record_id=record_id)
        return
    parsed.ids[kind].add(record_id)
    version = item.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        reject(
            f"schema_version: {version} is newer than this mentee knows ({SCHEMA_VERSION}); "
            "upgrade mentee",
            record_id=record_id,
        )
        return
    if nesting_depth(item) > MAX_DEPTH:
        reject(f"values nested more than {MAX_DEPTH} deep", record_id=record_id)
        return
    model = MODELS[kind]
    from pydantic import ValidationError

    if kind == Kind.MENTOR:
        # A mentor's `goals` is derived (`--json` shows it): the links are the goals'.
        item = {k: v for k, v in item.items() if k != "goals"}
    try:
        record = model.model_validate(_without_null_extras(model, item))
    except ValidationError as exc:
        problems = tuple(
            f"{'.'.join(str(p) for p in error['loc']) or 'record'}: {error_message(error)}"
            for error in exc.errors()
        )
        reject(*problems, record_id=record_id)
        return
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        reject(f"invalid record: {str(exc)[:120]}", record_id=record_id)
        return
    problem = _storable(record, parsed.files)
    if problem:
        reject(problem, record_id=record_id)
        return
    parsed.records.append(Incoming(where, record))


def _without_null_extras(model: type[Record], item: dict[str, Any]) -> dict[str, Any]:
    """`item` without null in keys the model does not know: a file has no null (TOML), so
    null there means "not set", as it does for the known fields."""
    known = _known_keys(model)
    return {
        key: value if key in known else drop_none(value)
        for key, value in item.items()
        if key in known or value is not None
    }


@functools.cache
def _known_keys(model: type[Record]) -> frozenset[str]:
    """The keys a model knows: its fields' names and aliases."""
    fields = model.model_fields
    return frozenset(fields) | {f.alias for f in fields.values() if f.alias}


def _storable(record: Record, files: dict[tuple[Kind, str], bytes] | None = None) -> str | None:
    """Why `record` would not read back from its file as it is, or None when it would
    (then its file goes into `files`, by kind and id, to be written as it is).

    The file holds `file_document(record)` (the record's own document) and is read by
    parsing it and validating what it holds. So parsing the very text written and getting
    that same mapping back proves that the file reads back as the record, without building
    the record a second time: validating a record's own document gives the record
    (tests/test_models.py's round-trip properties check that for every kind)."""
    try:
        document = file_document(record)
        text = toml_text(document)
        data = text.encode("utf-8")
        back = tomllib.loads(text)
    except UnicodeEncodeError:
        return "text: not valid Unicode (a lone surrogate \\ud800-\\udfff)"
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        return f"cannot be stored: {str(exc)[:120]}"
    if back != document:
        return "cannot be stored exactly as given (a value TOML cannot hold?)"
    if files is not None:
        files[(record.KIND, record.id)] = data
    return None


def check_references(parsed: Parsed, store: Store) -> None:
    """Move every record that points to a record missing from the input and the journal
    to `parsed.rejected`."""
    known: dict[Kind, set[str]] = {kind: set(ids) for kind, ids in parsed.ids.items()}
    in_journal = {kind: set(store.ids(kind)) for kind in Kind}
    kept: list[Incoming] = []
    for incoming in parsed.records:
        record = incoming.record
        problems = [
            f"{name}: no {kind.value} {target!r} in the input or the journal"
            for name, kind, target in references(record)
            if target not in known[kind] and target not in in_journal[kind]
        ]
        if problems:
            parsed.rejected.append(
                Rejected(incoming.where, record.KIND, record.id, tuple(problems))
            )
        else:
            kept.append(incoming)
    parsed.records = kept


# -- import: applying ---------------------------------------------------------------------


@dataclass(frozen=True)
class Conflict:
    """A record left alone: the journal has other content under its id."""

    kind: Kind
    record_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.kind.value} {self.record_id}: {self.reason}"


@dataclass
class ImportResult:
    """What an import did: the records created, replaced and found unchanged, and the conflicts
    left alone."""

    created: list[Record] = field(default_factory=list)
    replaced: list[Record] = field(default_factory=list)
    unchanged: list[Record] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def import_data(store: Store, data: bytes, source: str, replace: bool = False) -> ImportResult:
    """Import an export (json or jsonl): all records valid, or nothing is written.

    Raises InvalidImportError (with one line per rejected record) before writing anything.
    Conflicts are in the result; the caller decides how to report them.
    """
    parsed = parse(decode(data, source), source)
    result = ImportResult()
    with store.locked():
        check_references(parsed, store)
        if parsed.rejected:
            rejected = sorted(parsed.rejected, key=lambda r: r.position)
            raise InvalidImportError(source, rejected, parsed.total)
        plan: list[tuple[Record, str]] = []
        # Whether a record's file exists: one listing of each folder, not a stat a record.
        present = {kind: store.presence(store.folder(kind)) for kind in Kind}
        for incoming in parsed.records:
            record = incoming.record
            exists = present[record.KIND](f"{record.id}.toml")
            action = _plan(store, record, replace, result, exists)
            if action:
                plan.append((record, action))
        # What is referred to is written before what refers to it (an import killed half
        # way leaves no action pointing to a meeting never written); a failure half way
        # (a full disk) puts every file back, as the lock does for any change.
        plan.sort(key=lambda step: WRITE_ORDER.index(step[0].KIND))
        written = store.put_all([record for record, _ in plan], parsed.files)
        for (_, action), stored in zip(plan, written, strict=True):
            (result.created if action == "create" else result.replaced).append(stored)
    return result


def _plan(
    store: Store, record: Record, replace: bool, result: ImportResult, exists: bool
) -> str | None:
    """`create`, `replace`, or None (unchanged or a conflict, noted in `result`).
    `exists`: whether the journal has a file (readable or not) under the record's id."""
    kind = record.KIND
    if not exists:
        return "create"
    try:
        existing = store.read(kind, record.id)
    except DamagedRecordError as exc:
        result.conflicts.append(
            Conflict(kind, record.id, f"the file cannot be read, never replaced ({exc})")
        )
        return None
    if _content(existing, record) == _content(record, record):
        result.unchanged.append(existing)
        return None
    if not replace:
        result.conflicts.append(
            Conflict(kind, record.id, "the journal has other content under this id; kept")
        )
        return None
    if existing.schema_version > SCHEMA_VERSION:
        result.conflicts.append(
            Conflict(kind, record.id, "written by a newer mentee; not replaced")
        )
        return None
    return "replace"


def _content(record: Record, incoming: Record) -> dict[str, Any]:
    """What makes two versions of a record the same: everything but when it was saved, and
    when it was created if the input does not say (a record written by hand)."""
    data = to_json(record)
    data.pop("updated", None)
    if incoming.created is None:
        data.pop("created", None)
    return data


def conflict_error(result: ImportResult, replace: bool = False) -> ConflictError:
    """The error for the conflicts an import left alone: how many, and what was imported and
    replaced beside them."""
    count = len(result.conflicts)
    left = f"{plural(count, 'conflict')} left alone ({len(result.created)} imported"
    if replace:
        # --replace was given: what is left is never replaced (unreadable, or newer).
        return ConflictError(f"{left}, {len(result.replaced)} replaced)")
    return ConflictError(f"{left}); --replace overwrites them with the file's records")
