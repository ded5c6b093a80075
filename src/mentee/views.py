"""Read-only records built from the index, without pydantic.

The index keeps every record it caches as pydantic's own JSON of the validated model (see
`store._encode_for_index`). A command that only reads (the dashboard, an agenda, a list,
the review) gets its records as views built from that JSON: each view has every field of
its model with the value the model holds (dates as dates, date-times as aware date-times,
enums as their values, tables as part views), the model's `KIND`, `TEXT_FIELDS`,
`LABEL_FIELD`, `label` and `extras`, and none of pydantic's methods. Building one costs a
JSON parse and a few date conversions instead of importing pydantic and validating again
what was validated when the file was read.

Only records without unknown keys are cached as JSON; the others (and every record read
from its file) reach the reader as models, which have the same attributes. `to_json` gives
the `--json` form of either. tests/test_views.py keeps the field tables here in step with
the models: same fields, same values, same JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from mentee.kinds import Kind

if TYPE_CHECKING:
    from mentee.models import Record

# How a field's JSON value becomes the model's value: as it is, a date, a date-time, or a
# list of parts (a part view class).
_DATE = "date"
_DATETIME = "datetime"


class PartView:
    """A table inside a record (a milestone, a dated note...): its keys as attributes."""

    FIELDS: ClassVar[dict[str, Any]] = {}
    ALIASES: ClassVar[dict[str, str]] = {}  # JSON key -> attribute (`from` -> `from_`)

    def __init__(self, data: dict[str, Any]) -> None:
        for key, value in data.items():
            name = self.ALIASES.get(key, key)
            setattr(self, name, _convert(self.FIELDS.get(name), value))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({vars(self)!r})"


class DatedView(PartView):
    """A dated line of text (an action's notes, a mentor's thanks) as a view."""

    FIELDS: ClassVar[dict[str, Any]] = {"date": _DATE, "text": None}
    date: dt.date
    text: str


class MilestoneView(PartView):
    """A goal's milestone as a view."""

    FIELDS: ClassVar[dict[str, Any]] = {"title": None, "due": _DATE, "done": _DATE}
    title: str
    due: date | None
    done: date | None


class RetargetView(PartView):
    """One change of a goal's target as a view (`from` read as `from_`)."""

    FIELDS: ClassVar[dict[str, Any]] = {"date": _DATE, "from_": _DATE, "to": _DATE, "reason": None}
    ALIASES: ClassVar[dict[str, str]] = {"from": "from_"}
    date: dt.date
    from_: dt.date | None
    to: dt.date | None
    reason: str


class AgendaItemView(PartView):
    """An item of a meeting's agenda as a view: its section, text, the record it came from and
    the decision."""

    FIELDS: ClassVar[dict[str, Any]] = {
        "section": None,
        "text": None,
        "kind": None,
        "id": None,
        "decision": None,
    }


def _convert(how: Any, value: Any) -> Any:
    if value is None or how is None:
        return value
    if how is _DATE:
        return date.fromisoformat(value)
    if how is _DATETIME:
        return datetime.fromisoformat(value)
    return [how(item) for item in value]


_COMMON = {"id": None, "created": _DATETIME, "updated": _DATETIME, "schema_version": None}


class RecordView:
    """Fields every record carries; a subclass per kind lists its own."""

    KIND: ClassVar[Kind]
    TEXT_FIELDS: ClassVar[tuple[str, ...]] = ()
    LABEL_FIELD: ClassVar[str] = "text"
    # Each field in the model's order, with how its JSON value is converted.
    FIELDS: ClassVar[dict[str, Any]] = {}
    __slots__ = ("__weakref__", "_values", "created", "id", "schema_version", "updated")

    _values: tuple[Any, ...]  # the fields as pydantic's JSON holds them (see `view_values`)
    id: str
    created: datetime | None
    updated: datetime | None
    schema_version: int

    @property
    def label(self) -> str:
        """The one line that names this record in lists and messages."""
        return str(getattr(self, self.LABEL_FIELD) or "")

    @property
    def extras(self) -> dict[str, Any]:
        """Keys the file had that this version does not know: none (a record with unknown
        keys is never a view)."""
        return {}

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({fields})"


class _MeetingLabel(RecordView):
    __slots__ = ()

    @property
    def label(self) -> str:
        at: datetime = getattr(self, "at")  # noqa: B009 - a slot of the subclass
        return at.strftime("%Y-%m-%d %H:%M")


def _kind_view(
    kind: Kind,
    fields: dict[str, Any],
    text_fields: tuple[str, ...],
    label: str = "text",
    base: type[RecordView] = RecordView,
) -> type[RecordView]:
    return type(
        f"{kind.value.capitalize()}View",
        (base,),
        {
            "__slots__": tuple(fields),
            "KIND": kind,
            "TEXT_FIELDS": text_fields,
            "LABEL_FIELD": label,
            "FIELDS": {**_COMMON, **fields},
        },
    )


GoalView = _kind_view(
    Kind.GOAL,
    {
        "title": None,
        "why": None,
        "baseline": None,
        "success": None,
        "status": None,
        "start": _DATE,
        "target": _DATE,
        "mentors": None,
        "tags": None,
        "milestones": MilestoneView,
        "timeline": RetargetView,
        "achieved": _DATE,
    },
    ("title", "why", "baseline", "success", "tags", "milestones", "timeline"),
    "title",
)
MentorView = _kind_view(
    Kind.MENTOR,
    {
        "name": None,
        "email": None,
        "phone": None,
        "org": None,
        "role": None,
        "links": None,
        "expertise": None,
        "channel": None,
        "availability": None,
        "response_time": None,
        "timezone": None,
        "cadence_days": None,
        "status": None,
        "met": None,
        "why": None,
        "since": _DATE,
        "notes": None,
        "thanks": DatedView,
    },
    ("name", "email", "org", "role", "expertise", "availability", "met", "why", "notes", "thanks"),
    "name",
)
FeedbackView = _kind_view(
    Kind.FEEDBACK,
    {
        "date": _DATE,
        "source": None,
        "kind": None,
        "text": None,
        "goals": None,
        "private": None,
        "discussed_in": None,
    },
    ("text", "source"),
)
ActionView = _kind_view(
    Kind.ACTION,
    {
        "title": None,
        "status": None,
        "kind": None,
        "owner": None,
        "due": _DATE,
        "goal": None,
        "mentor": None,
        "meeting": None,
        "feedback": None,
        "notes": DatedView,
        "done": _DATE,
    },
    ("title", "notes"),
    "title",
)
NoteView = _kind_view(
    Kind.NOTE,
    {
        "date": _DATE,
        "kind": None,
        "text": None,
        "goal": None,
        "private": None,
        "discussed_in": None,
    },
    ("text",),
)
TopicView = _kind_view(
    Kind.TOPIC,
    {
        "text": None,
        "mentor": None,
        "goal": None,
        "private": None,
        "status": None,
        "discussed_in": None,
    },
    ("text",),
)
MeetingView = _kind_view(
    Kind.MEETING,
    {
        "mentor": None,
        "at": _DATETIME,
        "duration": None,
        "where": None,
        "status": None,
        "agenda": AgendaItemView,
        "notes": None,
        "advice": None,
        "actions": None,
        "cancel_reason": None,
        "sequence": None,
    },
    ("where", "notes", "advice", "agenda", "cancel_reason"),
    "at",
    base=_MeetingLabel,
)

VIEWS: dict[Kind, type[RecordView]] = {
    Kind.GOAL: GoalView,
    Kind.MENTOR: MentorView,
    Kind.MEETING: MeetingView,
    Kind.ACTION: ActionView,
    Kind.FEEDBACK: FeedbackView,
    Kind.NOTE: NoteView,
    Kind.TOPIC: TopicView,
}
# Every field of each kind with how its JSON value converts, for the builder below.
_PLANS: dict[Kind, tuple[tuple[str, Any], ...]] = {
    kind: tuple(view.FIELDS.items()) for kind, view in VIEWS.items()
}


def view_values(kind: Kind, text: str) -> tuple[Any, ...]:
    """A record's fields as pydantic's JSON of its model holds them, in the model's order:
    what the index keeps for building its view (`marshal`led: faster to read than JSON)."""
    data = json.loads(text)
    return tuple(data[name] for name in VIEWS[kind].FIELDS)


def view_from_values(kind: Kind, values: tuple[Any, ...]) -> RecordView:
    """The view of a record from its `view_values`."""
    cls = VIEWS[kind]
    view = cls.__new__(cls)
    for (name, how), raw in zip(_PLANS[kind], values, strict=True):
        value = raw
        if raw is not None and how is not None:
            if how is _DATE:
                value = date.fromisoformat(raw)
            elif how is _DATETIME:
                value = datetime.fromisoformat(raw)
            else:
                value = [how(item) for item in raw]
        setattr(view, name, value)
    view._values = values
    return view


def view_from_json(kind: Kind, text: str) -> RecordView:
    """The view of a record from pydantic's JSON of its model (`model_dump_json(by_alias=
    True)` of a record without unknown keys)."""
    return view_from_values(kind, view_values(kind, text))


def to_json(record: Record | RecordView) -> dict[str, Any]:
    """The record for `--json`: every known field (null when unset), dates as ISO 8601;
    the same for a view as for the model it stands for."""
    if isinstance(record, RecordView):
        return bookkeeping_last(dict(zip(record.FIELDS, record._values, strict=True)))
    from mentee.models import to_json as model_json

    return model_json(record)


# The fields mentee manages on every record, last in its file and its JSON: when it was
# made and last changed, and the schema its file was written in.
BOOKKEEPING_FIELDS = ("created", "updated", "schema_version")
# What an edit (in the editor) may not change: the id and the bookkeeping.
READ_ONLY_FIELDS = ("id", *BOOKKEEPING_FIELDS)


def bookkeeping_last(data: dict[str, Any]) -> dict[str, Any]:
    """`id` first, then what the user wrote, then the fields mentee manages (in the order
    of `BOOKKEEPING_FIELDS`): the one order of a record's fields, in its file and its JSON."""
    ordered = {k: v for k, v in data.items() if k not in BOOKKEEPING_FIELDS}
    ordered.update((k, data[k]) for k in BOOKKEEPING_FIELDS if k in data)
    return ordered


# -- who serves what (no pydantic: views and models alike) ----------------------------------


def legacy_goals(mentor: Any) -> list[str]:
    """The goal ids an older mentee's mentor file lists in `goals` (not moved yet)."""
    from mentee.ids import is_valid_id

    value = mentor.extras.get("goals")
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str) and is_valid_id(v)]


def has_legacy_links(mentor: Any) -> bool:
    """Whether a mentor's file (written by an older mentee) still lists goals it serves."""
    value = mentor.extras.get("goals")
    return isinstance(value, list) and bool(value)


def serves(mentor: Any, goal: Any) -> bool:
    """Whether `mentor` serves `goal`: the goal lists the mentor (or, in a journal not yet
    written by this version, the mentor's file lists the goal)."""
    return mentor.id in goal.mentors or (bool(mentor.extras) and goal.id in legacy_goals(mentor))


def goals_of(mentor: Any, goals: Any) -> list[str]:
    """The ids of the goals `mentor` serves: a mentor's derived `goals`, by id."""
    return sorted(g.id for g in goals if serves(mentor, g))


def mentor_json(mentor: Any, goals: Any) -> dict[str, Any]:
    """A mentor for `--json`: its fields, with the derived `goals` after `expertise`."""
    data = to_json(mentor)
    data.pop("goals", None)
    derived = goals_of(mentor, goals)
    ordered: dict[str, Any] = {}
    for key, value in data.items():
        ordered[key] = value
        if key == "expertise":
            ordered["goals"] = derived
    ordered.setdefault("goals", derived)
    return ordered
