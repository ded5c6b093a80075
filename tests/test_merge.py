"""The three-way record merge behind `mentee sync`: pure functions, no git."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentee.ids import conflict_copy_record
from mentee.sync.conflicts import ConflictCopy, apply_choice
from mentee.sync.merge import MISSING, FieldConflict, MergeError, merge_documents, merge_texts

T1 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
T2 = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
T3 = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def goal(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "g1",
        "title": "Senior by 2027-06",
        "status": "active",
        "target": date(2027, 6, 30),
        "tags": ["career"],
        "milestones": [
            {"title": "Lead a project", "due": date(2027, 1, 31)},
            {"title": "Give a talk"},
        ],
        "timeline": [],
        "created": T1,
        "updated": T1,
        "schema_version": 1,
    }
    base.update(changes)
    return base


def test_different_fields_merge_cleanly():
    """A goal retargeted on one side and a milestone ticked on the other keeps both."""
    base = goal()
    retarget = {"date": date(2026, 11, 21), "from": date(2027, 6, 30), "to": date(2027, 9, 30)}
    ours = goal(target=date(2027, 9, 30), timeline=[retarget], updated=T2)
    ticked = [{"title": "Lead a project", "due": date(2027, 1, 31), "done": date(2026, 11, 21)}]
    theirs = goal(milestones=[*ticked, {"title": "Give a talk"}], updated=T3)
    result = merge_documents(base, ours, theirs)
    assert result.clean
    assert result.document["target"] == date(2027, 9, 30)
    assert result.document["timeline"] == [retarget]
    assert result.document["milestones"][0]["done"] == date(2026, 11, 21)
    assert result.document["updated"] == T3


def test_same_field_changed_differently_is_a_conflict_keeping_ours():
    """The same field set to two values keeps ours in the document and reports theirs."""
    result = merge_documents(goal(), goal(title="Staff"), goal(title="Principal"))
    assert result.document["title"] == "Staff"
    assert result.conflicts == [FieldConflict("title", "Staff", "Principal")]


def test_same_change_on_both_sides_is_not_a_conflict():
    """Both sides making the identical change merge to that change."""
    result = merge_documents(goal(), goal(status="achieved"), goal(status="achieved"))
    assert result.clean
    assert result.document["status"] == "achieved"


def test_updated_takes_the_later_value_and_created_the_earlier():
    """Bookkeeping fields never conflict: later `updated`, earlier `created`."""
    result = merge_documents(goal(), goal(updated=T3, created=T2), goal(updated=T2, created=T1))
    assert result.clean
    assert result.document["updated"] == T3
    assert result.document["created"] == T1


def test_entries_added_on_both_sides_are_all_kept_in_order():
    """Notes appended on each side are all kept, ours first, nothing duplicated."""
    first = {"date": date(2026, 11, 1), "text": "started"}
    mine = {"date": date(2026, 11, 20), "text": "sent the draft"}
    yours = {"date": date(2026, 11, 21), "text": "got a review"}
    result = merge_documents(
        {"notes": [first]}, {"notes": [first, mine]}, {"notes": [first, yours]}
    )
    assert result.clean
    assert result.document["notes"] == [first, mine, yours]


def test_the_same_entry_added_on_both_sides_is_kept_once():
    """A tag added on both devices appears once."""
    result = merge_documents(
        {"tags": ["career"]}, {"tags": ["career", "python"]}, {"tags": ["python", "career"]}
    )
    assert result.clean
    assert result.document["tags"].count("python") == 1


def test_entry_changed_on_one_side_and_removed_on_the_other_keeps_the_change():
    """A change wins over a removal, for list entries as for records."""
    base = goal()
    ticked = {"title": "Give a talk", "done": date(2026, 11, 21)}
    ours = goal(milestones=[base["milestones"][0], ticked])
    theirs = goal(milestones=[base["milestones"][0]])
    result = merge_documents(base, ours, theirs)
    assert result.clean
    assert result.document["milestones"] == [base["milestones"][0], ticked]


def test_entry_removed_on_one_side_and_kept_on_the_other_is_removed():
    """An entry deleted on one side and untouched on the other goes."""
    base = goal()
    result = merge_documents(base, goal(milestones=base["milestones"][:1]), goal())
    assert result.document["milestones"] == base["milestones"][:1]


def test_one_entry_changed_in_different_fields_on_both_sides_merges_its_fields():
    """A milestone ticked on one side and re-dated on the other gets both changes."""
    base = goal()
    done = {"title": "Lead a project", "due": date(2027, 1, 31), "done": date(2026, 11, 21)}
    moved = {"title": "Lead a project", "due": date(2027, 3, 31)}
    talk = {"title": "Give a talk"}
    result = merge_documents(base, goal(milestones=[done, talk]), goal(milestones=[moved, talk]))
    assert result.clean
    assert result.document["milestones"][0] == {
        "title": "Lead a project",
        "due": date(2027, 3, 31),
        "done": date(2026, 11, 21),
    }


def test_a_milestone_ticked_while_another_was_removed_and_one_added():
    """Entries are matched by likeness, so a removal next to a tick does not mix them up."""
    a, b, c = {"title": "A"}, {"title": "B"}, {"title": "C", "due": date(2027, 1, 1)}
    c_done = {**c, "done": date(2026, 11, 21)}
    result = merge_documents(
        {"milestones": [a, b, c]},
        {"milestones": [a, c_done]},
        {"milestones": [a, b, c, {"title": "D"}]},
    )
    assert result.clean
    assert result.document["milestones"] == [a, c_done, {"title": "D"}]


def test_same_entry_field_changed_differently_conflicts_on_the_list_field():
    """Both sides ticking one milestone with different dates is a conflict on `milestones`."""
    base = goal()
    talk = {"title": "Give a talk"}
    ours = goal(milestones=[{**base["milestones"][0], "done": date(2026, 11, 20)}, talk])
    theirs = goal(milestones=[{**base["milestones"][0], "done": date(2026, 11, 21)}, talk])
    result = merge_documents(base, ours, theirs)
    assert [c.field for c in result.conflicts] == ["milestones"]
    assert result.document["milestones"] == ours["milestones"]
    assert result.conflicts[0].other == theirs["milestones"]


def test_unknown_tables_merge_key_by_key():
    """A table a newer mentee added merges by key, like the record itself."""
    result = merge_documents(
        {"plugin": {"a": 1, "b": 1}},
        {"plugin": {"a": 2, "b": 1}},
        {"plugin": {"a": 1, "b": 3, "c": 4}},
    )
    assert result.clean
    assert result.document["plugin"] == {"a": 2, "b": 3, "c": 4}


def test_field_removed_on_one_side_and_untouched_on_the_other_is_removed():
    """Clearing an optional field on one device clears it after the merge."""
    result = merge_documents(goal(why="x"), goal(), goal(why="x"))
    assert "why" not in result.document


def test_field_removed_on_one_side_and_changed_on_the_other_is_a_conflict():
    """Clearing a field here while it was rewritten there keeps both answers."""
    result = merge_documents(goal(why="x"), goal(), goal(why="y"))
    assert result.conflicts == [FieldConflict("why", MISSING, "y")]
    assert "why" not in result.document


def test_added_on_both_sides_with_an_empty_base():
    """A record created on two devices (the same mentor handle) merges field by field."""
    ours = {"id": "alex", "name": "Alex", "email": "a@x.org", "updated": T2, "created": T2}
    theirs = {"id": "alex", "name": "Alex", "org": "ACME", "updated": T3, "created": T3}
    result = merge_texts("", _toml(ours), _toml(theirs))
    assert result.clean
    assert result.document["email"] == "a@x.org"
    assert result.document["org"] == "ACME"
    assert result.document["created"] == T2


def test_invalid_toml_is_a_merge_error():
    """A side that is not TOML stops the merge instead of producing a file."""
    with pytest.raises(MergeError, match="the incoming version is not valid TOML"):
        merge_texts('id = "a"\n', 'id = "a"\n', "id = <<<<<<<\n")


def test_conflict_copy_round_trips_and_is_named_after_the_record():
    """A conflict copy is TOML, names its record, and reads back the same."""
    copy = ConflictCopy.from_conflicts(
        "goals/g1.toml",
        "g1",
        [FieldConflict("title", "Staff", "Principal"), FieldConflict("why", MISSING, "y")],
        T2,
    )
    text = copy.to_text()
    assert tomllib.loads(text)["conflict"] == "mentee/1"
    assert "<<<<<<<" not in text
    assert ConflictCopy.from_text(text) == copy
    assert conflict_copy_record(copy.name()) == "g1"
    assert conflict_copy_record("g1.toml") is None
    assert conflict_copy_record("g1.sync-conflict-20261121-101010-ABCDEFG.toml") is None


def test_conflict_copy_rejects_other_files():
    """Reading a file that is not a conflict copy is a ValueError."""
    with pytest.raises(ValueError, match="not a mentee conflict copy"):
        ConflictCopy.from_text('id = "g1"\n')


def test_taking_the_other_value_keeps_later_changes():
    """Choosing the set-aside list keeps entries added to the record since the conflict."""
    kept = [{"date": date(2026, 11, 1), "text": "mine"}]
    other = [{"date": date(2026, 11, 1), "text": "theirs"}]
    later = {"date": date(2026, 11, 22), "text": "added later"}
    copy = ConflictCopy("g1", "actions/g1.toml", T2, ("notes",), {"notes": kept}, {"notes": other})
    current = {"id": "g1", "notes": [*kept, later]}
    assert apply_choice(current, copy, "other")["notes"] == [*other, later]
    assert apply_choice(current, copy, "kept") == current


def test_taking_a_removed_value_removes_the_field():
    """When the other side had cleared the field, taking it clears it."""
    copy = ConflictCopy("g1", "goals/g1.toml", T2, ("why",), {"why": "x"}, {})
    assert "why" not in apply_choice({"id": "g1", "why": "x"}, copy, "other")


values = st.one_of(st.integers(0, 3), st.text(max_size=3), st.lists(st.integers(0, 3), max_size=4))
documents = st.dictionaries(st.sampled_from("abcd"), values, max_size=4)


@given(documents, documents)
def test_a_change_on_one_side_only_is_taken_whole(base, changed):
    """Merging a change with an unchanged side gives the change, from either side."""
    assert merge_documents(base, changed, base).document == changed
    assert merge_documents(base, base, changed).document == changed
    assert merge_documents(base, changed, changed).document == changed


@given(documents, documents, documents)
def test_merge_never_loses_a_conflicting_value(base, ours, theirs):
    """Every conflict keeps our value in the document and carries theirs."""
    result = merge_documents(base, ours, theirs)
    for conflict in result.conflicts:
        assert result.document.get(conflict.field, MISSING) == conflict.kept
        assert conflict.other is not MISSING or conflict.field not in theirs


def _toml(document: dict[str, Any]) -> str:
    import tomli_w

    return str(tomli_w.dumps(document))


def test_a_mentors_goals_removed_on_one_side_and_changed_on_the_other_keeps_the_change() -> None:
    """One side moved the mentor's links to the goals (no `goals` key), the other (an older
    mentee) added a link: the added link is kept, with no conflict; the next write moves it."""
    base = {"id": "alex-kim", "name": "Alex Kim", "goals": ["g1"]}
    moved = {"id": "alex-kim", "name": "Alex Kim"}
    added = {"id": "alex-kim", "name": "Alex Kim", "goals": ["g1", "g2"]}
    for ours, theirs in ((moved, added), (added, moved)):
        result = merge_documents(base, ours, theirs)
        assert result.clean
        assert result.document["goals"] == ["g1", "g2"]


def test_a_mentors_goals_removed_on_one_side_and_kept_on_the_other_is_removed() -> None:
    """Moved on one side, untouched on the other: the removal wins, so the key does not come
    back after every sync."""
    base = {"id": "alex-kim", "name": "Alex Kim", "goals": ["g1"]}
    moved = {"id": "alex-kim", "name": "Alex Kim"}
    for ours, theirs in ((moved, base), (base, moved)):
        result = merge_documents(base, ours, theirs)
        assert result.clean
        assert "goals" not in result.document


# -- fields that belong together; merged records validated -------------------------------------


def test_a_status_and_its_date_merge_as_one_field() -> None:
    """Done here, dropped there: one conflict over the pair, never `dropped` with a date."""
    base = {"id": "a1", "title": "x", "status": "open"}
    ours = {**base, "status": "done", "done": date(2026, 11, 21)}
    theirs = {**base, "status": "dropped"}
    result = merge_documents(base, ours, theirs)
    assert result.document == ours
    assert {c.field: (c.kept, c.other) for c in result.conflicts} == {
        "status": ("done", "dropped"),
        "done": (date(2026, 11, 21), MISSING),
    }


def test_a_status_pair_changed_on_one_side_only_is_taken_whole() -> None:
    """Dropped there, a title changed here: the pair comes from there, the title from here."""
    base = {"id": "a1", "title": "x", "status": "done", "done": date(2026, 11, 1)}
    ours = {**base, "title": "y"}
    theirs = {"id": "a1", "title": "x", "status": "dropped"}
    result = merge_documents(base, ours, theirs)
    assert result.clean
    assert result.document == {"id": "a1", "title": "y", "status": "dropped"}


def test_a_merged_record_that_would_be_invalid_is_a_conflict_as_a_whole() -> None:
    """When the mix of both sides does not validate, the record keeps this side's version
    and every field the other side has otherwise goes to the conflict copy."""
    import tomli_w

    base = {"id": "m1", "start": 1, "end": 2, "updated": date(2026, 1, 1)}
    ours = {**base, "start": 5, "updated": date(2026, 1, 2)}
    theirs = {**base, "end": 4, "updated": date(2026, 1, 3)}

    def validate(document):
        return "start after end" if document["start"] > document["end"] else None

    texts = (tomli_w.dumps(base), tomli_w.dumps(ours), tomli_w.dumps(theirs))
    result = merge_texts(*texts, validate)
    assert result.document == {**ours, "updated": date(2026, 1, 3)}
    assert [(c.field, c.kept, c.other) for c in result.conflicts] == [
        ("start", 5, 1),
        ("end", 2, 4),
    ]
    assert merge_texts(*texts).document == {
        "id": "m1",
        "start": 5,
        "end": 4,
        "updated": date(2026, 1, 3),
    }
