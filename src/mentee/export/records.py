"""What every exporter starts from: the selected kinds' records, in a stable order."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from mentee.agenda import Journal
from mentee.kinds import Kind
from mentee.models import Record

# Characters JSON may carry raw but a terminal would act on or reorder (C1 controls, DEL,
# bidi controls, line separators): written as `\uXXXX` escapes, which decode to the same
# text. json.dumps already escapes C0 controls.
_TERMINAL_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def records_of(journal: Journal, kind: Kind) -> list[Record]:
    """The records of one kind, by id (the order of the files in the journal)."""
    records: Sequence[Record] = getattr(journal, kind.plural)
    return sorted(records, key=lambda r: r.id)


def selected(journal: Journal, kinds: Iterable[Kind]) -> list[tuple[Kind, list[Record]]]:
    """The chosen kinds in the order of the export document, each with its records."""
    chosen = set(kinds)
    return [(kind, records_of(journal, kind)) for kind in Kind if kind in chosen]


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON that carries the text exactly and is safe to show on a terminal."""
    separators = None if indent else (",", ":")
    text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
