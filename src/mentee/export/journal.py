"""The journal exported as `mentee export` writes it: one function, the format chosen by
name, each exporter imported only when asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date, datetime

    from mentee.agenda import RecordSet
    from mentee.kinds import Kind


def export_journal(
    book: RecordSet,
    chosen: str,
    kinds: Sequence[Kind],
    *,
    exported: datetime,
    today: date,
    meeting_minutes: int,
    csv_raw: bool = False,
) -> bytes:
    """`kinds` of `book` in the format `chosen` (json, jsonl, csv: the one kind in `kinds`,
    markdown or ics), stamped `exported`, as UTF-8 bytes; ValueError for another format."""
    if chosen == "json":
        from mentee.export.jsondoc import export_json

        return export_json(book, kinds, exported).encode("utf-8")
    if chosen == "jsonl":
        from mentee.export.jsonl import export_jsonl

        return export_jsonl(book, kinds).encode("utf-8")
    if chosen == "csv":
        from mentee.export.csvtable import export_csv
        from mentee.export.records import records_of

        return export_csv(kinds[0], records_of(book, kinds[0]), raw=csv_raw).encode("utf-8")
    if chosen == "markdown":
        from mentee.export.markdown import export_markdown

        return export_markdown(book, kinds, today).encode("utf-8")
    if chosen == "ics":
        from mentee.export.ics import export_ics

        return export_ics(book, kinds, today, exported, meeting_minutes)
    raise ValueError(f"no export format {chosen!r}")
