"""What every exporter starts from: the selected kinds' records, in a stable order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mentee.agenda import RecordSet
from mentee.kinds import Kind
from mentee.text import json_text

if TYPE_CHECKING:
    from mentee.models import Record


def records_of(journal: RecordSet, kind: Kind) -> list[Record]:
    """The records of one kind, by id (the order of the files in the journal)."""
    records: Sequence[Record] = getattr(journal, kind.plural)
    return sorted(records, key=lambda r: r.id)


def selected(journal: RecordSet, kinds: Iterable[Kind]) -> list[tuple[Kind, list[Record]]]:
    """The chosen kinds in the order of the export document, each with its records."""
    chosen = set(kinds)
    return [(kind, records_of(journal, kind)) for kind in Kind if kind in chosen]


__all__ = ["json_text", "records_of", "selected"]
