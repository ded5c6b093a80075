"""The index is a disposable cache: it never serves stale data and losing it loses nothing."""

from __future__ import annotations

import os
from datetime import date, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hypothesis_examples import examples
from mentee import index as index_module
from mentee.index import Index, decode, encode
from mentee.kinds import Kind
from mentee.models import Action, Goal, Note
from mentee.store import Store, Where
from mentee.store.recordfile import serialize


@pytest.fixture
def trust_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust cached entries as soon as the fingerprint matches (no racy-time window), so the
    tests exercise the fingerprint itself."""
    monkeypatch.setattr(index_module, "RACY_NS", -(10**18))


def make_store(tmp_path: Path) -> Store:
    return Store(tmp_path / "journal", tmp_path / "lock", index_path=tmp_path / "cache.sqlite")


def write_goal(store: Store, goal_id: str, title: str) -> Path:
    path = store.folder(Kind.GOAL) / f"{goal_id}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(serialize(Goal(id=goal_id, title=title)))
    return path


def titles(store: Store) -> list[str]:
    return [g.title for g in store.records(Kind.GOAL, Goal)]


def test_a_file_written_by_another_program_is_seen(tmp_path, trust_at_once):
    """A record file created outside mentee shows up in the next read."""
    store = make_store(tmp_path)
    write_goal(store, "aaaa", "first")
    assert titles(store) == ["first"]
    write_goal(store, "bbbb", "second")
    assert titles(make_store(tmp_path)) == ["first", "second"]


def test_an_in_place_edit_that_keeps_size_and_mtime_is_seen(tmp_path, trust_at_once):
    """An editor rewriting a file in place, same size, mtime put back: the next read sees it
    (the inode change time moves even when the modification time is restored)."""
    store = make_store(tmp_path)
    path = write_goal(store, "aaaa", "one")
    old = os.stat(path)
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns - 10**12))
    assert titles(store) == ["one"]
    cached = os.stat(path)
    data = path.read_bytes().replace(b'"one"', b'"two"')
    with path.open("r+b") as handle:  # in place: same inode, same size
        handle.write(data)
    os.utime(path, ns=(cached.st_atime_ns, cached.st_mtime_ns))
    assert os.stat(path).st_size == cached.st_size
    assert titles(make_store(tmp_path)) == ["two"]


def test_a_deleted_file_is_gone_at_once(tmp_path, trust_at_once):
    """A record removed by another program (git pull, Syncthing) is not served from the cache."""
    store = make_store(tmp_path)
    path = write_goal(store, "aaaa", "gone soon")
    write_goal(store, "bbbb", "stays")
    assert len(titles(store)) == 2
    path.unlink()
    assert titles(make_store(tmp_path)) == ["stays"]


def test_a_damaged_file_is_reported_on_every_read(tmp_path, trust_at_once):
    """A file that cannot be read is never cached: every read reports it again."""
    store = make_store(tmp_path)
    write_goal(store, "aaaa", "fine")
    bad = store.folder(Kind.GOAL) / "bbbb.toml"
    bad.write_text('id = "bbbb"\ntitle = \n')
    for _ in range(2):
        fresh = make_store(tmp_path)
        loaded = fresh.load(Kind.GOAL)
        assert [r.id for r in loaded.records] == ["aaaa"]
        assert [p.path for p in loaded.problems] == [bad]


def test_a_file_damaged_after_it_was_cached_is_reported(tmp_path, trust_at_once):
    """Once a cached file is damaged, the cache no longer answers for it."""
    store = make_store(tmp_path)
    path = write_goal(store, "aaaa", "fine")
    assert titles(store) == ["fine"]
    path.write_text('id = "aaaa"\ntitle = "unterminated\n')
    loaded = make_store(tmp_path).load(Kind.GOAL)
    assert loaded.records == []
    assert [p.path for p in loaded.problems] == [path]


def test_deleting_or_breaking_the_cache_loses_nothing(tmp_path, trust_at_once):
    """Without the cache file, or with garbage in it, reads give the same records."""
    store = make_store(tmp_path)
    write_goal(store, "aaaa", "one")
    write_goal(store, "bbbb", "two")
    expected = titles(store)
    (tmp_path / "cache.sqlite").unlink()
    assert titles(make_store(tmp_path)) == expected
    (tmp_path / "cache.sqlite").write_bytes(b"this is not a database" * 100)
    assert titles(make_store(tmp_path)) == expected


def test_a_cached_read_does_not_parse_the_file_again(tmp_path, trust_at_once, monkeypatch):
    """An unchanged file is served from the cache: the TOML parser is not called."""
    store = make_store(tmp_path)
    write_goal(store, "aaaa", "one")
    assert titles(store) == ["one"]
    calls = []
    original = Store._parse

    def counting(self, *args, **kwargs):
        calls.append(args[1])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Store, "_parse", counting)
    assert titles(make_store(tmp_path)) == ["one"]
    assert calls == []


def test_a_file_cached_moments_after_it_changed_is_checked_by_its_bytes(tmp_path, monkeypatch):
    """Within the racy window (the real one) an entry is trusted only when the file's bytes
    are the ones it was parsed from: unchanged, it is not parsed again."""
    store = make_store(tmp_path)
    write_goal(store, "aaaa", "one")
    assert titles(store) == ["one"]
    calls = []
    original = Store._parse

    def counting(self, *args, **kwargs):
        calls.append(args[1])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Store, "_parse", counting)
    assert titles(make_store(tmp_path)) == ["one"]
    assert calls == []


def test_a_change_the_timestamps_cannot_show_is_seen_by_its_bytes(tmp_path):
    """A file rewritten in place within the timestamps' granularity (same size, inode,
    modification and change times as cached) is parsed again: its bytes differ from those
    the entry was parsed from."""
    import sqlite3

    store = make_store(tmp_path)
    path = write_goal(store, "aaaa", "one")
    assert titles(store) == ["one"]
    path.write_bytes(path.read_bytes().replace(b'"one"', b'"two"'))
    now = os.stat(path)
    # Make the cached fingerprint the file's current one, as coarse timestamps would.
    db = sqlite3.connect(tmp_path / "cache.sqlite")
    db.execute(
        "UPDATE files SET size = ?, ino = ?, mtime_ns = ?, ctime_ns = ?",
        (now.st_size, now.st_ino, now.st_mtime_ns, now.st_ctime_ns),
    )
    db.commit()
    db.close()
    assert titles(make_store(tmp_path)) == ["two"]


def test_where_selects_the_same_in_the_cache_and_without_it(tmp_path, trust_at_once):
    """A selection gives the same records from the index as from the files alone."""
    store = make_store(tmp_path)
    folder = store.folder(Kind.NOTE)
    folder.mkdir(parents=True)
    for number, discussed in enumerate((None, "mmmm", None)):
        note = Note(id=f"n{number}", date=date(2026, 11, 1), text="x", discussed_in=discussed)
        (folder / f"{note.id}.toml").write_bytes(serialize(note))
    where = Where(undiscussed=True)
    plain = Store(tmp_path / "journal", tmp_path / "lock")
    expected = [n.id for n in plain.records(Kind.NOTE, Note, where)]
    assert expected == ["n0", "n2"]
    assert [n.id for n in store.records(Kind.NOTE, Note, where)] == expected
    assert [n.id for n in make_store(tmp_path).records(Kind.NOTE, Note, where)] == expected


def test_the_cli_sees_a_file_edited_behind_its_back(run, home):
    """`goal list` right after a hand edit shows the edit (the real racy window applies)."""
    goal_id = __import__("json").loads(run("goal", "add", "before", "--json").stdout)["id"]
    assert "before" in run("goal", "list").stdout
    path = home / "goals" / f"{goal_id}.toml"
    path.write_text(path.read_text().replace('"before"', '"after!"'))
    listed = run("goal", "list").stdout
    assert "after!" in listed
    assert "before" not in listed


toml_scalars = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.dates(),
    st.times(),
    st.datetimes(timezones=st.just(timezone(timedelta(hours=2)))),
    st.datetimes(),
)
documents = st.recursive(
    toml_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.text(max_size=8).filter(lambda k: not k.startswith("$")), inner, max_size=4
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=examples(200))
@given(st.dictionaries(st.text(max_size=8).filter(lambda k: not k.startswith("$")), documents))
def test_encoding_keeps_every_toml_value_and_type(document):
    """What the index stores decodes to equal values of the same types (dates stay dates)."""
    decoded = decode(encode(document))
    assert decoded == document

    def types(value):
        if isinstance(value, dict):
            return {k: types(v) for k, v in value.items()}
        if isinstance(value, list):
            return [types(v) for v in value]
        return type(value)

    assert types(decoded) == types(document)


def test_encoding_refuses_keys_that_look_like_its_tags():
    """A document with a key such as `$d` is not cached (it could not be told apart)."""
    with pytest.raises(ValueError, match="tag"):
        encode({"x": {"$d": "2026-01-01"}})


def test_a_broken_index_turns_itself_off(tmp_path):
    """An index that cannot be opened answers "nothing cached" instead of failing."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    broken = Index(blocker / "cache.sqlite")
    assert broken.fingerprints("goal") == {}
    assert broken.select("goal") == []
    assert broken.broken


def test_records_from_the_index_equal_records_from_the_files(tmp_path, trust_at_once):
    """On the demo journal plus a record with unknown keys (dates among them), every kind read
    through the index, cold and warm, equals what parsing the files gives."""
    from mentee.demo import build_demo

    root = tmp_path / "journal"
    build_demo(Store(root, tmp_path / "lock"), date(2026, 11, 21), None)
    extra = root / "goals" / "zzzz.toml"
    extra.write_text(
        'id = "zzzz"\ntitle = "With extras"\nplanned_on = 2026-01-02\n'
        'at = 2026-01-02T10:00:00+02:00\n[future]\nlist = [1, "two", 1979-05-27]\n'
    )
    plain = Store(root, tmp_path / "lock")
    expected = {kind: plain.load(kind).records for kind in Kind}
    for _ in range(2):
        cached = make_store(tmp_path)
        assert {kind: cached.load(kind).records for kind in Kind} == expected
    goal = next(g for g in expected[Kind.GOAL] if g.id == "zzzz")
    assert goal.extras["planned_on"] == date(2026, 1, 2)


def test_reading_a_journal_that_does_not_exist_creates_nothing(run, home, tmp_path):
    """Listing and the dashboard on a missing journal create neither it nor any cache file."""
    for args in (("goal", "list"), ()):
        assert run(*args).exit_code == 0
    assert not home.exists()
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize(
    "where",
    [
        Where(undiscussed=True),
        Where(mentor="priya"),
        Where(status=("open",)),
        Where(goals=("g1", "g2")),
        Where(since_or_undiscussed="2026-01-01"),
        Where(agenda=("priya", ("g1",), "2026-01-01", ("kept",))),
        Where(agenda=("priya", (), None, ())),
    ],
    ids=lambda w: ",".join(f for f, v in w._asdict().items() if v not in ((), None, False)),
)
def test_selections_use_the_index_not_every_entry_of_the_kind(tmp_path, trust_at_once, where):
    """The planner is told what a journal is like, so a selection looks up its SQL index
    instead of reading every cached entry of the kind (what grows with the journal)."""
    store = make_store(tmp_path)
    for number in range(30):
        write_goal(store, f"goal{number:02d}", "a goal")
    assert len(titles(store)) == 30  # the index is made
    assert store.index is not None
    db = store.index._connect()
    assert db is not None
    condition, params = where.sql()
    plan = db.execute(
        f"EXPLAIN QUERY PLAN SELECT id, data, row FROM files WHERE kind = ? AND ({condition})",  # noqa: S608
        ("note", *params),
    ).fetchall()
    steps = [row[-1] for row in plan]
    assert all("PRIMARY KEY" not in step for step in steps), steps
    assert any("USING INDEX" in step or "COVERING INDEX" in step for step in steps), steps


def test_a_selection_through_two_sql_indexes_comes_by_id(tmp_path, trust_at_once):
    """The agenda's actions (of a goal, or the mentor's) are found through two SQL indexes;
    they come by id all the same, as a kind's records always do (the agenda's order of
    actions due the same day depends on it)."""
    store = make_store(tmp_path)
    folder = store.folder(Kind.ACTION)
    folder.mkdir(parents=True)
    for action_id, mentor, goal in (("a0", "alex", None), ("a1", None, "g1"), ("a2", "alex", None)):
        action = Action(id=action_id, title=action_id, mentor=mentor, goal=goal)
        (folder / f"{action_id}.toml").write_bytes(serialize(action))
    where = Where(agenda=("alex", ("g1",), None, ()))
    assert [a.id for a in store.records(Kind.ACTION, Action, where)] == ["a0", "a1", "a2"]
    # Read again in the same invocation: the folder is not compared again, the index alone
    # answers (in a new invocation too).
    assert [a.id for a in store.records(Kind.ACTION, Action, where)] == ["a0", "a1", "a2"]
    again = make_store(tmp_path)
    assert [a.id for a in again.records(Kind.ACTION, Action, where)] == ["a0", "a1", "a2"]
    assert [a.id for a in again.records(Kind.ACTION, Action, where)] == ["a0", "a1", "a2"]
