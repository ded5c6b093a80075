"""What every use case shares: finding records by what was typed, saving a changed record
validated as a whole."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

from mentee.errors import UsageError
from mentee.kinds import Kind
from mentee.models import Record, error_message
from mentee.store import Store

R = TypeVar("R", bound=Record)


def resolve_all(store: Store, kind: Kind, prefixes: Iterable[str]) -> list[str]:
    """Full ids for prefixes, without duplicates, in the order given."""
    found: list[str] = []
    for prefix in prefixes:
        record_id = store.resolve(kind, prefix)
        if record_id not in found:
            found.append(record_id)
    return found


def resolve_optional(store: Store, kind: Kind, prefix: str | None) -> str | None:
    """The full id `prefix` names, or None for None; an unknown or ambiguous prefix is an error."""
    return None if prefix is None else store.resolve(kind, prefix)


def get_record(store: Store, model: type[R], prefix: str) -> R:
    """The record of `model`'s kind that `prefix` names, typed as that model; an unknown or
    ambiguous prefix is an error."""
    record = store.get(model.KIND, prefix)
    assert isinstance(record, model)  # the store builds the model of the kind it was asked
    return record


def update(store: Store, model: type[R], prefix: str, changes: dict[str, Any]) -> R:
    """Change fields of one record under the lock, validating the result."""
    with store.locked():
        record = get_record(store, model, prefix)
        changed = revalidate(record, changes)
        saved = store.save(changed)
        assert isinstance(saved, model)
        return saved


def revalidate(record: R, changes: dict[str, Any]) -> R:
    """`record` with `changes` applied, validated as a whole (unknown keys kept)."""
    from pydantic import ValidationError

    data = record.model_dump(by_alias=True)
    data.update(changes)
    try:
        return type(record).model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise UsageError(f"invalid {where}: {error_message(error)}") from None


def create(store: Store, record: R) -> R:
    """Write a new record through the store and return it as saved (stamped), of its own type."""
    created = store.create(record)
    assert isinstance(created, type(record))
    return created


def save(store: Store, record: R) -> R:
    """Write a changed record through the store and return it as saved (stamped), of its own
    type."""
    saved = store.save(record)
    assert isinstance(saved, type(record))
    return saved


def unique(values: Iterable[str]) -> list[str]:
    """The values stripped, without empty ones and repeats, in their first order."""
    seen: list[str] = []
    for value in values:
        stripped = value.strip()
        if stripped and stripped not in seen:
            seen.append(stripped)
    return seen


class ListEdit(NamedTuple):  # a NamedTuple, not a dataclass: a tenth of the cost to import
    """Values added to and removed from a list field by an edit (`--tag x --no-tag y`)."""

    add: Sequence[str] = ()
    remove: Sequence[str] = ()

    def __bool__(self) -> bool:
        return bool(self.add or self.remove)
