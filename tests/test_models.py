"""Every record kind survives model -> TOML file -> model, hostile text and unknown keys included.

The strategies are built from the models' own fields, so a field added later is covered too.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import tomllib
import types
import typing
from typing import Any
from zoneinfo import ZoneInfo

import annotated_types
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import AfterValidator, BaseModel

from hypothesis_examples import examples
from mentee import models
from mentee.kinds import Kind
from mentee.models import (
    MODELS,
    Dated,
    Goal,
    Meeting,
    Mentor,
    Milestone,
    Note,
    Record,
    Retarget,
    to_document,
    to_json,
)
from mentee.store.recordfile import serialize

# Pieces that break naive writers: quotes, backslashes, every kind of line break, escapes,
# NUL, BOM, bidi overrides, and text that looks like TOML.
HOSTILE_PIECES = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\\n",
    "\\u0000",
    "\n",
    "\r",
    "\r\n",
    "\n\r",
    "\t",
    "\x00",
    "\x1b[2J",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\u202e",
    "#",
    "[table]",
    "[[array]]",
    "key = 1",
    " ",
    "é",
    "😀",
    "a",
]
TEXT = st.one_of(
    st.text(),
    st.lists(st.sampled_from(HOSTILE_PIECES), max_size=12).map("".join),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Zl", "Zp", "Cf"])),
)
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
# TOML offsets are whole minutes strictly inside a day, as tomllib gives them back.
OFFSETS = st.integers(min_value=-(24 * 60 - 1), max_value=24 * 60 - 1).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
AWARE = st.datetimes(timezones=st.one_of(st.just(dt.UTC), OFFSETS))
# A record's date-times (a meeting's `at`) stay a day inside the calendar in any zone.
IN_RANGE = st.datetimes(
    min_value=dt.datetime(1, 1, 3),
    max_value=dt.datetime(9999, 12, 29),
    timezones=st.one_of(st.just(dt.UTC), OFFSETS),
)
INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
TOML_SCALARS = st.one_of(
    TEXT,
    INT64,
    st.booleans(),
    st.floats(allow_nan=False),
    st.dates(),
    AWARE,
    st.datetimes(),  # a TOML local date-time
    st.times(),  # a TOML local time
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=6,
)


def _is_record_id(metadata: list[Any]) -> bool:
    return any(isinstance(m, AfterValidator) and m.func is models._check_id for m in metadata)


def strategy_for(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    """Values for one field, from its type and constraints."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        assert len(inner) == 1, annotation
        return st.one_of(st.none(), strategy_for(inner[0], metadata))
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return strategy_for(base, [*metadata, *extra])
    if origin is list:
        (item,) = typing.get_args(annotation)
        return st.lists(strategy_for(item, []), max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_strategy(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.sampled_from([member.value for member in annotation])
    if annotation is str:
        return IDS if _is_record_id(metadata) else TEXT
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        low = next((m.ge for m in metadata if isinstance(m, annotated_types.Ge)), 1)
        high = next((m.le for m in metadata if isinstance(m, annotated_types.Le)), 2**63 - 1)
        assert isinstance(low, int), low
        assert isinstance(high, int), high
        return st.integers(min_value=low, max_value=high)
    if annotation is dt.datetime:
        return IN_RANGE
    if annotation is dt.date:
        return st.dates()
    raise AssertionError(f"no strategy for {annotation!r}: extend strategy_for")


def _extras(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Keys the model does not know (neither a field name nor an alias), with TOML values."""
    known = set(model.model_fields) | {f.alias for f in model.model_fields.values() if f.alias}
    return st.dictionaries(TEXT.filter(lambda k: k not in known), TOML_VALUES, max_size=2)


@st.composite
def _instance(draw: st.DrawFn, model: type[BaseModel]) -> BaseModel:
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        key = info.alias or name
        values = strategy_for(info.annotation, list(info.metadata))
        (required if info.is_required() else optional)[key] = values
    data = draw(st.fixed_dictionaries(required, optional=optional))
    data.update(draw(_extras(model)))
    return model.model_validate(data)


def model_strategy(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    return _instance(model)


RECORDS = st.sampled_from(list(MODELS.values())).flatmap(model_strategy)


def round_trip(record: Record) -> Record:
    """The record as written to its file, read back and validated again."""
    text = serialize(record).decode("utf-8")
    return type(record).model_validate(tomllib.loads(text))


@settings(max_examples=examples(150))
@given(record=RECORDS)
def test_every_record_survives_the_toml_file(record: Record) -> None:
    """Any record of any kind, with hostile text and unknown keys, reads back equal."""
    back = round_trip(record)
    assert back == record
    assert back.extras == record.extras


@pytest.mark.parametrize("model", list(MODELS.values()), ids=lambda m: m.__name__)
@settings(max_examples=examples(25))
@given(data=st.data())
def test_each_kind_survives_the_toml_file(model: type[Record], data: st.DataObject) -> None:
    """Each kind on its own (so none is starved by the sampler) reads back equal."""
    record = data.draw(model_strategy(model))
    assert round_trip(record) == record


def test_hostile_text_is_kept_character_for_character() -> None:
    """Quotes, backslashes, CR, CRLF, NUL, ESC, U+2028 and TOML look-alikes come back exactly."""
    text = "a\"b'c\"\"\"d'''e\\f\\ng\rh\r\ni\n\x00\x1b[31m\x7f\u2028\u2029\ufeff\u202ej\n[x]\nk = 1"
    note = Note(id="n1", date=dt.date(2026, 11, 21), text=text, goal=None)
    assert round_trip(note).text == text  # type: ignore[attr-defined]
    goal = Goal(id="g1", title=text, tags=[text, "\r\n"], milestones=[Milestone(title=text)])
    back = round_trip(goal)
    assert back == goal


def test_nested_parts_round_trip() -> None:
    """Milestones, timeline entries (with the `from` key), thanks and notes come back equal."""
    goal = Goal(
        id="g1",
        title="Senior",
        milestones=[
            Milestone(title="Lead a project", due=dt.date(2027, 1, 31)),
            Milestone(title="Give a talk", done=dt.date(2026, 11, 1)),
        ],
        timeline=[
            Retarget(date=dt.date(2026, 11, 21), from_=None, to=dt.date(2027, 6, 30)),
            Retarget(
                date=dt.date(2026, 11, 22),
                from_=dt.date(2027, 6, 30),
                to=dt.date(2027, 9, 30),
                reason="re-org",
            ),
        ],
    )
    text = serialize(goal).decode()
    assert "from = 2027-06-30" in text
    assert "from_" not in text
    assert round_trip(goal) == goal
    mentor = Mentor(
        id="alex-kim", name="Alex", thanks=[Dated(date=dt.date(2026, 11, 21), text="Thank you")]
    )
    assert round_trip(mentor) == mentor


def test_zoned_meeting_time_keeps_its_instant_and_offset() -> None:
    """A meeting time in a ZoneInfo zone reads back at the same instant with the same offset."""
    berlin = ZoneInfo("Europe/Berlin")
    for wall, hours in ((dt.datetime(2026, 7, 1, 9, 30), 2), (dt.datetime(2026, 12, 3, 15), 1)):
        meeting = Meeting(id="m1", mentor="alex-kim", at=wall.replace(tzinfo=berlin))
        back = round_trip(meeting)
        assert back.at == meeting.at  # type: ignore[attr-defined]
        assert back.at.utcoffset() == dt.timedelta(hours=hours)  # type: ignore[attr-defined]


def test_local_mean_time_offset_is_written_as_a_readable_file() -> None:
    """A date-time whose zone offset has seconds (Berlin in 1026) is written as valid TOML."""
    at = dt.datetime(1026, 12, 3, 15, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert at.utcoffset() is not None
    assert at.utcoffset() % dt.timedelta(minutes=1)  # type: ignore[operator]
    meeting = Meeting(id="m1", mentor="alex-kim", at=at)
    back = round_trip(meeting)
    assert back.at == at  # type: ignore[attr-defined]


def test_unset_optional_fields_are_left_out_of_the_file() -> None:
    """None fields are not written (TOML has no null) and read back as None."""
    mentor = Mentor(id="alex-kim", name="Alex", email=None, cadence_days=None)
    document = tomllib.loads(serialize(mentor).decode())
    assert "email" not in document
    assert "cadence_days" not in document
    assert round_trip(mentor) == mentor


def test_unknown_keys_survive_top_level_and_in_a_milestone() -> None:
    """Keys this version does not know, at the top and inside a milestone, are written back."""
    source = """
id = "g1"
title = "Senior"
future_field = "kept"
weights = [1, 2.5, "three"]
milestones = [{ title = "Talk", colour = "blue", nested = { deep = [1, 2] } }]

[plugin]
setting = true
when = 2026-11-21T10:00:00+01:00
"""
    goal = Goal.model_validate(tomllib.loads(source))
    assert goal.extras["future_field"] == "kept"
    assert goal.milestones[0].model_extra == {"colour": "blue", "nested": {"deep": [1, 2]}}
    document = tomllib.loads(serialize(goal).decode())
    assert document["future_field"] == "kept"
    assert document["weights"] == [1, 2.5, "three"]
    assert document["plugin"]["setting"] is True
    assert document["milestones"][0]["colour"] == "blue"
    assert document["milestones"][0]["nested"] == {"deep": [1, 2]}
    assert round_trip(goal) == goal


def test_document_order_is_id_first_bookkeeping_last() -> None:
    """The file starts with `id` and ends with created, updated, schema_version."""
    stamp = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)
    goal = Goal(id="g1", title="Senior", created=stamp, updated=stamp, extra_key="x")
    keys = list(to_document(goal))
    assert keys[0] == "id"
    assert keys[-3:] == ["created", "updated", "schema_version"]
    assert "extra_key" in keys


def test_to_json_gives_every_field_with_iso_dates() -> None:
    """to_json has every field (null when unset) under its file name, dates as ISO 8601."""
    stamp = dt.datetime(2026, 11, 21, 10, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    goal = Goal(
        id="g1",
        title="Senior",
        start=dt.date(2026, 11, 21),
        target=dt.date(2027, 6, 30),
        timeline=[Retarget(date=dt.date(2026, 11, 21), to=dt.date(2027, 6, 30))],
        created=stamp,
        updated=stamp,
        extra_key="kept",
    )
    data = to_json(goal)
    assert set(data) == set(Goal.model_fields) | {"extra_key"}
    assert data["start"] == "2026-11-21"
    assert data["target"] == "2027-06-30"
    assert data["achieved"] is None
    assert data["why"] is None
    assert data["timeline"] == [
        {"date": "2026-11-21", "from": None, "to": "2027-06-30", "reason": ""}
    ]
    assert dt.datetime.fromisoformat(data["created"]) == stamp
    assert data["created"].startswith("2026-11-21T10:05:00")
    assert data["extra_key"] == "kept"
    assert next(iter(data)) == "id"
    assert list(data)[-3:] == ["created", "updated", "schema_version"]
    json.dumps(data)


@settings(max_examples=examples(60))
@given(record=RECORDS)
def test_to_json_has_every_field_for_any_record(record: Record) -> None:
    """For any record, to_json is JSON-serialisable, has every field, and dates are ISO text."""
    data = to_json(record)
    json.dumps(data)
    fields = type(record).model_fields
    assert set(data) >= {info.alias or name for name, info in fields.items()}
    for name, info in fields.items():
        value = getattr(record, name)
        shown = data[info.alias or name]
        if value is None:
            assert shown is None
        elif isinstance(value, dt.datetime):
            assert dt.datetime.fromisoformat(shown) == value
        elif isinstance(value, dt.date):
            assert shown == value.isoformat()


def test_each_kind_has_its_model_and_every_exported_name_resolves() -> None:
    """`MODELS` gives each kind's model (of that KIND), the class `mentee.models` names (each
    made when first asked for); every name the module exports resolves, and a name it does
    not have is an AttributeError as for any module."""
    assert list(MODELS) == list(Kind)
    for kind in Kind:
        model = MODELS[kind]
        assert model.KIND is kind
        assert getattr(models, model.__name__) is model
    for name in models.__all__:
        assert getattr(models, name) is not None, name
    with pytest.raises(AttributeError, match="NoSuchModel"):
        models.NoSuchModel  # noqa: B018
