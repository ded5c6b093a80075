"""How records refer to each other: the fields that hold ids of other records.

`doctor` reports a reference to a record that does not exist; `import` refuses a record
that refers to one missing from the input and the journal. Both walk this one table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from mentee.kinds import Kind

# The fields of each kind that hold ids of other records, and the kind each names. A
# mentor's `goals` is where an older mentee kept its links (moved to the goals' `mentors`
# on the first write, see `mentee.links`; never in an export). A meeting's stored agenda
# also names records, but as a record of what was sent it carries their text and is not
# checked (a record removed by hand since then must not block a restore).
REFERENCES: dict[Kind, tuple[tuple[str, Kind], ...]] = {
    Kind.GOAL: (("mentors", Kind.MENTOR),),
    Kind.MENTOR: (("goals", Kind.GOAL),),
    Kind.MEETING: (("mentor", Kind.MENTOR), ("actions", Kind.ACTION)),
    Kind.ACTION: (
        ("goal", Kind.GOAL),
        ("mentor", Kind.MENTOR),
        ("meeting", Kind.MEETING),
        ("feedback", Kind.FEEDBACK),
    ),
    Kind.FEEDBACK: (("goals", Kind.GOAL), ("discussed_in", Kind.MEETING)),
    Kind.NOTE: (("goal", Kind.GOAL), ("discussed_in", Kind.MEETING)),
    Kind.TOPIC: (("mentor", Kind.MENTOR), ("goal", Kind.GOAL), ("discussed_in", Kind.MEETING)),
}

# The order to write kinds in, each after the kinds it names, so that a write killed half
# way leaves nothing pointing to a record not written yet (a meeting's list of actions and
# an old mentor file's `goals` are the two links that point back).
WRITE_ORDER = (
    Kind.MENTOR,
    Kind.GOAL,
    Kind.MEETING,
    Kind.FEEDBACK,
    Kind.ACTION,
    Kind.NOTE,
    Kind.TOPIC,
)


class Reference(NamedTuple):
    """One id a record holds of another record: in which field, of which kind."""

    field: str
    kind: Kind
    target: str


def references(record: Any) -> Iterator[Reference]:
    """Every id `record` (a model or a view) holds of another record, field by field in
    the table's order, each id of a list in its order."""
    for name, kind in REFERENCES[record.KIND]:
        value = getattr(record, name, None)
        if isinstance(value, str):
            yield Reference(name, kind, value)
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, str):
                    yield Reference(name, kind, item)
