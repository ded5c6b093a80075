"""mentee.views: read-only records from the index, the same as the models, without pydantic."""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import subprocess
import sys
import types
import typing
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import BaseModel

from golden_journal import build_golden_journal
from hypothesis_examples import examples
from mentee.kinds import Kind
from mentee.models import MODELS, Action, Goal, Milestone, Record
from mentee.store.indexed import decode_from_index, encode_for_index, parts_have_extras
from mentee.views import VIEWS, PartView, RecordView, to_json, view_from_json
from test_models import RECORDS


def _plain(annotation: Any) -> Any:
    """A field's type without `None` and `Annotated` (what the view converts to)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _plain(inner)
    if origin is typing.Annotated:
        return _plain(typing.get_args(annotation)[0])
    return annotation


def _how(annotation: Any) -> Any:
    """How a view converts a field of this type, as views.py spells it."""
    kind = _plain(annotation)
    if kind is dt.datetime:
        return "datetime"
    if kind is dt.date:
        return "date"
    if typing.get_origin(kind) is list:
        (item,) = typing.get_args(kind)
        return item if isinstance(item, type) and issubclass(item, BaseModel) else None
    return None


@pytest.mark.parametrize("kind", list(Kind))
def test_each_view_has_the_models_fields_in_order_with_their_types(kind):
    """A view lists exactly its model's fields, in the model's order, and converts each as
    its type needs (dates, date-times, tables); tables the same, down to their aliases."""
    model, view = MODELS[kind], VIEWS[kind]
    assert list(view.FIELDS) == list(model.model_fields)
    for name, info in model.model_fields.items():
        how = _how(info.annotation)
        converted = view.FIELDS[name]
        if isinstance(how, type) and issubclass(how, BaseModel):
            assert issubclass(converted, PartView), name
            part_fields = how.model_fields
            assert list(converted.FIELDS) == list(part_fields), name
            for part_name, part_info in part_fields.items():
                assert converted.FIELDS[part_name] == _how(part_info.annotation), part_name
            aliases = {i.alias: n for n, i in part_fields.items() if i.alias}
            assert aliases == converted.ALIASES
        else:
            assert converted == how, name
    assert (view.KIND, view.TEXT_FIELDS, view.LABEL_FIELD) == (
        model.KIND,
        model.TEXT_FIELDS,
        model.LABEL_FIELD,
    )


def _same(model_value: Any, view_value: Any) -> bool:
    if isinstance(model_value, enum.Enum):
        # A default the model never validated stays an enum member (use_enum_values applies
        # to given values only); the view holds the value, equal to it in every use.
        return type(view_value) is str and view_value == model_value.value
    if isinstance(model_value, list):
        return len(model_value) == len(view_value) and all(
            _same(a, b) for a, b in zip(model_value, view_value, strict=True)
        )
    if isinstance(model_value, BaseModel):
        return all(
            _same(getattr(model_value, name), getattr(view_value, name))
            for name in type(model_value).model_fields
        )
    return type(model_value) is type(view_value) and model_value == view_value


@settings(max_examples=examples(300))
@given(record=RECORDS)
def test_a_view_holds_what_the_model_holds(record: Record) -> None:
    """For any record the index keeps as JSON, the view has every field with the model's
    value and type (date-times at the same instant and offset), the same label and the same
    `--json` document."""
    if record.extras or parts_have_extras(record):
        return  # kept as TOML in the index and read back as a model, never a view
    encoded = encode_for_index(record, {})
    assert encoded is not None
    text, values = encoded
    view = decode_from_index(record.KIND, text, values)  # as the index gives it back
    assert isinstance(view, RecordView)
    for name in type(record).model_fields:
        mine, theirs = getattr(record, name), getattr(view, name)
        if isinstance(mine, dt.datetime):
            assert theirs == mine
            assert theirs.utcoffset() == mine.utcoffset()
            assert theirs.isoformat() == mine.isoformat()
        else:
            assert _same(mine, theirs), name
    assert view.label == record.label
    assert view.extras == {}
    assert list(to_json(view).items()) == list(to_json(record).items())  # order too


def test_a_record_with_unknown_keys_is_never_a_view(home, run_json):
    """A file with keys this version does not know, at the top or in a milestone, is read
    back from the index as the model (its unknown keys in --json), warm or cold."""
    (home / "goals").mkdir(parents=True)
    (home / "goals" / "g-new.toml").write_text(
        'id = "g-new"\ntitle = "Ship it"\nfuture = 2026-01-02\n\n'
        '[[milestones]]\ntitle = "m"\nlater = 1979-05-27\n'
    )
    first = run_json("goal", "list")
    again = run_json("goal", "list")
    assert first == again
    assert first[0]["future"] == "2026-01-02"
    assert first[0]["milestones"][0]["later"] == "1979-05-27"


def test_parts_with_unknown_keys_are_noticed():
    """The index keeps a record whose table has an unknown key as TOML."""
    plain = Goal(id="g", title="t", milestones=[Milestone(title="m")])
    extended = Goal(id="g", title="t", milestones=[Milestone(title="m", later=1)])
    assert not parts_have_extras(plain)
    assert parts_have_extras(extended)
    assert not parts_have_extras(Action(id="a", title="x"))


READ_ONLY = [
    [],
    ["--json"],
    ["agenda", "next", "--mentor", "alex-kim"],
    ["agenda", "next", "--mentor", "alex-kim", "--format", "markdown"],
    ["action", "list", "--all"],
    ["action", "list", "--json"],
    ["goal", "list", "--mentor", "alex-kim"],
    ["goal", "list", "--json"],
    ["mentor", "list", "--goal", "g-senior"],
    ["meeting", "list", "--all"],
    ["note", "list"],
    ["feedback", "list"],
    ["topic", "list", "--all"],
    ["review"],
    ["review", "--format", "json"],
    ["check"],
    ["search", "launch"],
]


def test_read_only_commands_import_no_pydantic_once_the_index_is_warm(tmp_path):
    """Everyday reads are answered from the index without importing pydantic (the models'
    validation already happened when each file was cached), in a fresh interpreter each."""
    home = tmp_path / "journal"
    build_golden_journal(home)
    env = {
        **os.environ,
        "MENTEE_HOME": str(home),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    probe = (
        "import sys\nfrom mentee.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\n"
        "sys.stderr.write('PYDANTIC ' + str(sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('pydantic', 'pydantic_core'))) + '\\n')\n"
    )
    for argv in READ_ONLY:
        cold = subprocess.run(
            [sys.executable, "-c", probe, *argv],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        warm = subprocess.run(
            [sys.executable, "-c", probe, *argv],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert warm.stdout == cold.stdout, argv
        assert "PYDANTIC []" in warm.stderr, (argv, warm.stderr[-300:])


def test_views_are_what_the_json_of_the_index_says():
    """A view is built from pydantic's JSON of the model alone: the index's `J` entries."""
    action = Action(id="a1", title="Write", due=dt.date(2026, 1, 2), notes=[])
    text = action.model_dump_json(by_alias=True)
    view = view_from_json(Kind.ACTION, text)
    assert to_json(view) == json.loads(text)
    # Each kind's view class is made at run time: mypy knows only RecordView's fields.
    assert view.due == dt.date(2026, 1, 2)  # type: ignore[attr-defined]
