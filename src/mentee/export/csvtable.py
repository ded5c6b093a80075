"""`export --format csv`: one kind as a spreadsheet table (RFC 4180).

A header row of field names (the `--json` names, in the same order, then any unknown keys),
one row a record, CRLF line ends, fields quoted when needed. Lists are joined readably:
short values with `; `, entries (milestones, notes, thanks...) one a line in the cell.

A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab
or a carriage return) gets a leading `'`, which spreadsheets show as text. Line breaks and
tabs are kept (a CR line end becomes LF) and other control and bidi characters are shown
escaped (`\\x1b`), as in every view, so the file is safe to print on a terminal too.
`raw=True` keeps every cell exactly as stored, for pipelines that are not spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from mentee.kinds import Kind
from mentee.models import MODELS, Record, to_json
from mentee.text import escape_field
from mentee.views import bookkeeping_last

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_csv(kind: Kind, records: Sequence[Record], raw: bool = False) -> str:
    """Records of one kind as CSV (CRLF line ends), one column a field. Unless `raw`, cells that a
    spreadsheet would run as a formula are neutralised and control characters escaped."""
    columns = header(kind, records)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        data = to_json(record)
        cells = [cell(data.get(column)) for column in columns]
        writer.writerow(cells if raw else [neutralise(escape_field(c)) for c in cells])
    return buffer.getvalue()


def header(kind: Kind, records: Sequence[Record]) -> list[str]:
    """The known fields in `--json` order, then unknown keys in the order first met."""
    model = MODELS[kind]
    names = [info.alias or name for name, info in model.model_fields.items()]
    columns = list(bookkeeping_last(dict.fromkeys(names)))
    for record in records:
        for key in record.extras:
            if key not in columns:
                columns.append(key)
    return columns


def neutralise(text: str) -> str:
    """The cell as text a spreadsheet will not evaluate (OWASP's CSV injection advice)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Any) -> str:
    """One value of the `--json` shape as the text of a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        if any(isinstance(v, dict | list) for v in value):
            return "\n".join(_entry(v) for v in value)
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return _entry(value)
    return str(value)


def _entry(value: Any) -> str:
    """A milestone, a dated note, a retarget, an agenda item... as one readable line."""
    if not isinstance(value, dict):
        return cell(value)
    parts = {k: v for k, v in value.items() if v is not None and v != ""}
    if {"date", "text"} <= parts.keys():  # a note on an action, a thanks
        return f"{parts['date']}: {cell(parts['text'])}"
    if "title" in parts:  # a milestone
        details = [f"{k} {cell(v)}" for k, v in parts.items() if k != "title"]
        return cell(parts["title"]) + (f" ({', '.join(details)})" if details else "")
    if "date" in parts and ("to" in parts or "from" in parts):  # a change of target
        change = f"{parts.get('from', 'none')} -> {parts.get('to', 'none')}"
        reason = f": {cell(parts['reason'])}" if "reason" in parts else ""
        return f"{parts['date']}: {change}{reason}"
    if {"section", "text"} <= parts.keys():  # an agenda item as it was sent
        decision = f" ({parts['decision']})" if "decision" in parts else ""
        return f"{parts['section']}: {cell(parts['text'])}{decision}"
    return json.dumps(value, ensure_ascii=False)
