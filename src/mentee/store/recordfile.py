"""A record's file: its bytes read into a record (every problem worded, with its line), and a
record written as TOML, in the layout of the file it replaces when there is one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mentee.errors import StoreError
from mentee.kinds import SCHEMA_VERSION, Kind
from mentee.store.problems import (
    MAX_DEPTH,
    DamagedRecordError,
    Problem,
    deep_line,
    line_of,
    nesting_depth,
    short,
    toml_problem,
)

if TYPE_CHECKING:
    from mentee.models import Record

R = TypeVar("R", bound="Record")
_MINUTE = timedelta(minutes=1)


def parse_record(
    kind: Kind, record_id: str, path: Path, raw: bytes
) -> tuple[Record, dict[str, Any]]:
    """The record a file's bytes hold and the data it was built from; DamagedRecordError
    (with the problem, in words a person can act on) when they do not make one."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DamagedRecordError(
            Problem(
                path,
                f"not valid UTF-8 (byte {exc.start}; saved as Latin-1 or another "
                "encoding?): save it as UTF-8",
                line,
            )
        ) from None
    # A byte order mark (some editors save UTF-8 with one) is read past; the next
    # rewrite of the file drops it.
    text = text.removeprefix("\ufeff")
    import tomllib

    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError, UnicodeDecodeError, OverflowError) as exc:
        # TOMLDecodeError is a ValueError; so is a number too long to convert.
        raise DamagedRecordError(toml_problem(path, text, exc)) from None
    if nesting_depth(data) > MAX_DEPTH:
        raise DamagedRecordError(
            Problem(
                path,
                f"values nested more than {MAX_DEPTH} deep: mentee reads at most {MAX_DEPTH} "
                "levels of arrays and tables",
                deep_line(text, MAX_DEPTH),
            )
        )
    file_id = data.get("id")
    if file_id is None:
        raise DamagedRecordError(Problem(path, "missing 'id'"))
    if file_id != record_id:
        raise DamagedRecordError(
            Problem(
                path,
                f"id {str(file_id)[:80]!r} does not match the file name",
                line_of(text, "id"),
            )
        )
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedRecordError(
            Problem(
                path,
                "schema_version must be a whole number from 1",
                line_of(text, "schema_version"),
            )
        )
    if version < SCHEMA_VERSION:
        from mentee.migrations import MigrationError, upgrade

        try:
            data = upgrade(kind, data, version, SCHEMA_VERSION)
        except MigrationError as exc:
            raise DamagedRecordError(
                Problem(path, str(exc), line_of(text, "schema_version"))
            ) from None
    from pydantic import ValidationError

    from mentee.models import MODELS, error_message

    try:
        return MODELS[kind].model_validate(data), data
    except ValidationError as exc:
        error = exc.errors()[0]
        location = [str(p) for p in error["loc"]]
        top = location[0] if location else ""
        where = ".".join(location) or "record"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        newer = (
            f" (written by a newer mentee, schema {version}: upgrade mentee to read it)"
            if version > SCHEMA_VERSION
            else ""
        )
        raise DamagedRecordError(
            Problem(path, f"{where}: {error_message(error)}{more}{newer}", line_of(text, top))
        ) from None
    except (ValueError, RecursionError) as exc:
        raise DamagedRecordError(Problem(path, f"invalid record: {short(exc)}")) from None


# -- writing -------------------------------------------------------------------------------


def stamped(record: R, now: datetime) -> R:
    """`record` as a change writes it: `updated` now, `created` now if unset, and the
    schema this mentee writes."""
    return record.model_copy(
        update={"created": record.created or now, "updated": now, "schema_version": SCHEMA_VERSION}
    )


def with_times(record: R, now: datetime) -> R:
    """`record` as given (import, restore), its missing `created` and `updated` now."""
    if record.created is not None and record.updated is not None:
        return record
    return record.model_copy(
        update={"created": record.created or now, "updated": record.updated or now}
    )


def refuse_newer(path: Path, record: Record, *, changing: bool = False) -> None:
    """A StoreError when `record` is from a schema newer than this mentee writes: it may be
    neither written as given nor (`changing`: an existing record) changed."""
    if record.schema_version <= SCHEMA_VERSION:
        return
    if changing:
        raise StoreError(
            f"{path}: written by a newer mentee (schema {record.schema_version}; this "
            f"one knows {SCHEMA_VERSION}): not changed; upgrade mentee to change it"
        )
    raise StoreError(
        f"{path}: schema {record.schema_version} is newer than this mentee knows "
        f"({SCHEMA_VERSION}); upgrade mentee"
    )


def serialize(record: Record) -> bytes:
    """The record's TOML file, as bytes, ready to write."""
    return toml_text(file_document(record)).encode("utf-8")


def file_document(record: Record) -> dict[str, Any]:
    """What `serialize` writes for `record`: its document (`to_document`) with every
    date-time in a form TOML can hold and the fields the model leaves out at their default
    left out. Reading the file gives exactly this mapping (import checks that it does)."""
    from mentee.models import to_document

    document: dict[str, Any] = _tomlable(to_document(record))
    defaults = type(record).model_fields
    for name in record.OMITTED_AT_DEFAULT:
        if document.get(name) == defaults[name].default:
            del document[name]
    return document


def toml_text(document: dict[str, Any]) -> str:
    """`document` as the text of a TOML file, in mentee's own layout."""
    import tomli_w

    from mentee.text import has_crlf

    # tomli_w's multi-line strings turn CRLF into LF: text with CRLF is kept on one line.
    text: str = tomli_w.dumps(document, multiline_strings=not has_crlf(document))
    return text


def render(record: Record, layout: str | None) -> bytes:
    """The record's TOML file: in the layout of `layout` (the text of the file it replaces,
    or a buffer the person edited) when given and it can be kept exactly, else as
    `serialize` writes a new file."""
    if layout is None:
        return serialize(record)
    from mentee.models import to_document
    from mentee.text import has_crlf
    from mentee.tomledit import rewrite

    document: dict[str, Any] = _tomlable(to_document(record))
    text = rewrite(
        layout,
        document,
        multiline_strings=not has_crlf(document),
        optional=_empty_by_default(type(record)),
    )
    if text is None:
        return serialize(record)
    return text.encode("utf-8")


def _empty_by_default(model: type[Record]) -> frozenset[str]:
    """A model's list fields, and the fields it leaves out at their default (a meeting's
    `sequence` of 0): a file that leaves one out means it empty (or 0)."""
    return frozenset(
        info.alias or name
        for name, info in model.model_fields.items()
        if info.default == [] or name in model.OMITTED_AT_DEFAULT
    )


def text_of(data: bytes) -> str | None:
    """A file's bytes as text, None when they are not UTF-8 (then no layout is kept)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _tomlable(value: Any) -> Any:
    """`value` with every date-time in a form TOML can hold.

    TOML offsets are whole minutes; a zone's old local mean time is not (Berlin in 1026:
    +00:53:28), so such a date-time is written in UTC: the same instant, a readable file.
    """
    # Text, most of a document, is passed as it is without a call (import walks thousands).
    if isinstance(value, dict):
        return {k: v if type(v) is str else _tomlable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) is str else _tomlable(v) for v in value]
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is not None and offset % _MINUTE:
            return value.astimezone(UTC)
    return value
