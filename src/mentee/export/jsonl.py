"""`export --format jsonl`: one record a line, with `"type"` (its kind) added first.

Records have a `kind` field of their own (a note's win or challenge...), hence `type`.
Lines end in `\n` only; U+2028 and the like are escaped, so any line splitter agrees.
A record's unknown key named `type` cannot be carried here (the json format keeps it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mentee.agenda import RecordSet
from mentee.export.records import json_text, selected
from mentee.kinds import Kind
from mentee.views import to_json


def export_jsonl(journal: RecordSet, kinds: Iterable[Kind]) -> str:
    """The records as JSON Lines: one object a record, its kind first as `type`, in the order of
    SPEC.md."""
    lines = [
        json_text({"type": kind.value} | _without_type(to_json(record)))
        for kind, records in selected(journal, kinds)
        for record in records
    ]
    return "".join(line + "\n" for line in lines)


def _without_type(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "type"}
