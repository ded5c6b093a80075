"""`export --format json`: the whole journal (or the chosen kinds) as one JSON document.

    {"format": "mentee/1", "exported": "...", "goals": [...], "mentors": [...], ...}

Each record is in the `--json` shape (`models.to_json`), unknown keys included, so
`import` can restore it exactly. Pure: records in, text out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from mentee.agenda import RecordSet
from mentee.export.records import json_text, selected
from mentee.kinds import Kind
from mentee.views import to_json

FORMAT = "mentee/1"


def export_document(
    journal: RecordSet, kinds: Iterable[Kind], exported: datetime
) -> dict[str, Any]:
    """The export document as a mapping (kinds in the order of SPEC.md, records by id)."""
    document: dict[str, Any] = {"format": FORMAT, "exported": exported.isoformat()}
    for kind, records in selected(journal, kinds):
        document[kind.plural] = [to_json(r) for r in records]
    return document


def export_json(journal: RecordSet, kinds: Iterable[Kind], exported: datetime) -> str:
    """The export document (see `export_document`) as indented JSON text, ending in a newline."""
    return json_text(export_document(journal, kinds, exported), indent=2) + "\n"
