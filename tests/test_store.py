"""The data directory: layout, ids, permissions, atomic writes and damaged files."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from mentee.errors import AmbiguousIdError, NotFoundError, StoreError, UsageError
from mentee.journal.action import add_action, note_action
from mentee.journal.goal import add_milestone, complete_milestone
from mentee.journal.mentor import add_mentor, thank_mentor
from mentee.journal.records import update
from mentee.kinds import Kind
from mentee.models import MODELS, SCHEMA_VERSION, Action, Goal, Mentor, Note
from mentee.store import DamagedRecordError, Problem, Store

TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Where this test's journal lives (not created yet)."""
    return tmp_path / "journal"


@pytest.fixture
def lock_path(tmp_path: Path) -> Path:
    """The lock file, outside the journal as the CLI keeps it."""
    return tmp_path / "cache" / "mentee" / "journal.lock"


@pytest.fixture
def store(root: Path, lock_path: Path) -> Store:
    return Store(root, lock_path)


def make_goal(store: Store, title: str = "Promoted to senior", **fields: Any) -> Goal:
    goal = store.create(Goal(id=fields.pop("id", None) or store.new_id(Kind.GOAL), title=title))
    assert isinstance(goal, Goal)
    return goal


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- reading an empty or missing journal ---------------------------------------------------


def test_missing_directory_is_an_empty_journal_and_creates_nothing(
    store: Store, root: Path, lock_path: Path
) -> None:
    """Reading a journal that does not exist finds no records and creates neither it nor a lock."""
    for kind in Kind:
        loaded = store.load(kind)
        assert loaded.records == []
        assert loaded.problems == []
        assert store.ids(kind) == []
        assert store.records(kind, MODELS[kind]) == []
        with pytest.raises(NotFoundError):
            store.resolve(kind, "abc")
        with pytest.raises(NotFoundError):
            store.read(kind, "abc")
    assert store.new_id(Kind.GOAL)
    assert store.mentor_handle("Alex Kim") == "alex-kim"
    assert store.problems == {}
    assert not root.exists()
    assert not lock_path.exists()
    assert not lock_path.parent.exists()


def test_first_write_creates_the_journal(store: Store, root: Path) -> None:
    """The first record creates the data directory and its kind's folder."""
    goal = make_goal(store)
    assert root.is_dir()
    assert (root / "goals" / f"{goal.id}.toml").is_file()


# -- create, save, read, resolve, get ------------------------------------------------------


def test_create_stamps_and_reads_back(store: Store) -> None:
    """A created record gets created/updated/schema_version and reads back equal."""
    goal = make_goal(store, "Lead a project")
    assert goal.created is not None
    assert goal.updated == goal.created
    assert goal.created.tzinfo is not None
    assert goal.schema_version == SCHEMA_VERSION
    assert store.read(Kind.GOAL, goal.id) == goal
    assert store.get(Kind.GOAL, goal.id[:3]) == goal
    assert store.resolve(Kind.GOAL, goal.id[:2]) == goal.id
    assert store.records(Kind.GOAL, Goal) == [goal]


def test_create_refuses_a_taken_id(store: Store, root: Path) -> None:
    """Creating a record whose id exists is a StoreError and leaves the first file alone."""
    first = make_goal(store, "First", id="same")
    before = (root / "goals" / "same.toml").read_bytes()
    with pytest.raises(StoreError, match="exists already"):
        store.create(Goal(id="same", title="Second"))
    assert (root / "goals" / "same.toml").read_bytes() == before
    assert store.read(Kind.GOAL, "same") == first


def test_save_keeps_created_and_moves_updated(store: Store) -> None:
    """Saving a changed record keeps `created`, stamps `updated`, and the change reads back."""
    old = dt.datetime(2020, 1, 1, 12, 0, tzinfo=dt.UTC)
    goal = store.create(Goal(id="g1", title="Old title", created=old))
    assert goal.created == old
    changed = goal.model_copy(update={"title": "New title", "updated": old})
    saved = store.save(changed)
    assert saved.created == old
    assert saved.updated is not None
    assert saved.updated > old
    assert store.read(Kind.GOAL, "g1") == saved
    assert store.read(Kind.GOAL, "g1").title == "New title"  # type: ignore[attr-defined]


def test_file_layout_is_one_file_per_record_per_kind_folder(store: Store, root: Path) -> None:
    """Each kind lives in its own folder as `<id>.toml`, with no lock or temp file beside it."""
    store.create(Goal(id="g1", title="Goal"))
    store.create(Mentor(id="alex-kim", name="Alex Kim"))
    store.create(Note(id="n1", date=TODAY, text="A note"))
    store.create(Action(id="a1", title="Do it"))
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == [
        "actions",
        "actions/a1.toml",
        "goals",
        "goals/g1.toml",
        "mentors",
        "mentors/alex-kim.toml",
        "notes",
        "notes/n1.toml",
    ]
    document = tomllib.loads((root / "mentors" / "alex-kim.toml").read_text("utf-8"))
    assert document["id"] == "alex-kim"
    assert document["name"] == "Alex Kim"
    assert store.path(Kind.FEEDBACK, "f1") == root / "feedback" / "f1.toml"
    assert store.path(Kind.TOPIC, "t1") == root / "topics" / "t1.toml"
    assert store.path(Kind.MEETING, "m1") == root / "meetings" / "m1.toml"


def test_resolve_unknown_prefix_is_not_found(store: Store) -> None:
    """A prefix no id starts with is NotFoundError naming the kind and the prefix."""
    make_goal(store, id="abc1")
    with pytest.raises(NotFoundError, match=r"^no goal 'xyz'$"):
        store.resolve(Kind.GOAL, "xyz")
    with pytest.raises(NotFoundError):
        store.get(Kind.GOAL, "abd")


def test_unknown_id_suggests_the_closest(store: Store) -> None:
    """A typo of an id names the closest ids (difflib), for any kind."""
    make_goal(store, id="k7m2qx9a")
    make_goal(store, id="zzzz0000")
    store.create(Mentor(id="alex-kim", name="Alex Kim"))
    with pytest.raises(NotFoundError, match=r"^no goal 'k7m2qx9b': did you mean k7m2qx9a[?]$"):
        store.resolve(Kind.GOAL, "k7m2qx9b")
    with pytest.raises(NotFoundError, match=r"^no mentor 'alx': did you mean alex-kim[?]$"):
        store.resolve(Kind.MENTOR, "alx")
    # A misspelt name is matched against the names too, and the id suggested.
    with pytest.raises(NotFoundError, match=r"^no mentor 'Alix Kim': did you mean alex-kim[?]$"):
        store.resolve(Kind.MENTOR, "Alix Kim")


def test_a_mentor_resolves_by_name_in_any_case(store: Store) -> None:
    """SPEC order: an exact id, then an exact name (any case), then a unique prefix."""
    store.create(Mentor(id="alex-kim", name="Alex Kim"))
    store.create(Mentor(id="priya", name="Priya Raman"))
    assert store.resolve(Kind.MENTOR, "Alex Kim") == "alex-kim"
    assert store.resolve(Kind.MENTOR, "alex kim") == "alex-kim"
    assert store.resolve(Kind.MENTOR, "PRIYA RAMAN") == "priya"
    assert store.resolve(Kind.MENTOR, "pri") == "priya"
    assert store.resolve(Kind.MENTOR, "Alex K") == "alex-kim"  # a prefix of the handle


def test_an_exact_id_wins_over_a_name_and_a_shared_name_is_an_error(store: Store) -> None:
    """A mentor whose id is another's name is found by id; two of one name list their ids."""
    store.create(Mentor(id="sam", name="Sam Lee"))
    store.create(Mentor(id="sam-lee", name="Sam"))
    assert store.resolve(Kind.MENTOR, "Sam") == "sam"  # an exact id before sam-lee's name
    assert store.resolve(Kind.MENTOR, "Sam Lee") == "sam"  # an exact name before a prefix
    assert store.resolve(Kind.MENTOR, "sam-lee") == "sam-lee"
    store.create(Mentor(id="jo-park", name="Jo Park"))
    store.create(Mentor(id="jo-park-2", name="jo park"))
    with pytest.raises(
        AmbiguousIdError, match=r"2 mentors are named 'Jo Park'.*jo-park, jo-park-2"
    ):
        store.resolve(Kind.MENTOR, "Jo Park")
    assert store.mentor_named("SAM LEE") == "sam"
    assert store.mentor_named("sa") is None  # feedback sources are exact: no prefixes
    assert store.mentor_named("manager") is None


def test_resolve_ambiguous_prefix_lists_the_candidates(store: Store) -> None:
    """A prefix matching several ids is AmbiguousIdError listing every candidate."""
    for record_id in ("abc1", "abc2", "abd3", "zzz"):
        make_goal(store, id=record_id)
    with pytest.raises(AmbiguousIdError) as caught:
        store.resolve(Kind.GOAL, "ab")
    message = str(caught.value)
    assert "abc1" in message
    assert "abc2" in message
    assert "abd3" in message
    assert "zzz" not in message
    assert store.resolve(Kind.GOAL, "abc1") == "abc1"
    assert store.resolve(Kind.GOAL, "abd") == "abd3"


def test_resolve_exact_id_wins_over_longer_ones(store: Store) -> None:
    """An id that is also the prefix of other ids resolves to itself."""
    for record_id in ("alex-kim", "alex-kim-2"):
        store.create(Mentor(id=record_id, name="Alex Kim"))
    assert store.resolve(Kind.MENTOR, "alex-kim") == "alex-kim"
    with pytest.raises(AmbiguousIdError):
        store.resolve(Kind.MENTOR, "alex")


def test_resolve_ignores_case_and_padding(store: Store) -> None:
    """A prefix typed in capitals or with spaces still finds the (lowercase) id."""
    make_goal(store, id="abc1")
    assert store.resolve(Kind.GOAL, " ABC ") == "abc1"


@pytest.mark.parametrize("bad", ["../x", "..", "", " ", "a/b", "-a", "a.b", "a\x00", "é", "x" * 65])
def test_invalid_prefix_is_a_usage_error_before_any_path(
    store: Store, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    """An invalid id raises UsageError from resolve/read/path/get before any path is built."""

    def no_paths(*_: object) -> Path:
        raise AssertionError("a path was built from an invalid id")

    monkeypatch.setattr(Store, "folder", no_paths)
    for call in (store.resolve, store.read, store.path, store.get):
        with pytest.raises(UsageError, match="invalid"):
            call(Kind.GOAL, bad)


@pytest.mark.parametrize("bad", ["A", "Abc", "ABC1", "a B"])
def test_uppercase_full_id_is_a_usage_error(
    store: Store, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    """A full id given to read/path must be exact: capitals are a UsageError, no path built."""

    def no_paths(*_: object) -> Path:
        raise AssertionError("a path was built from an invalid id")

    monkeypatch.setattr(Store, "folder", no_paths)
    for call in (store.read, store.path):
        with pytest.raises(UsageError):
            call(Kind.GOAL, bad)


# -- permissions ---------------------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A permissive umask, so the modes seen are the ones the store sets itself."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.usefixtures("open_umask")
def test_presence_answers_as_lexists_from_one_listing(store: Store, root: Path) -> None:
    """Whether a file is in a folder, from one listing: a file, a dangling link and a folder
    are there, a missing name is not, a name listed only in another case is what the file
    system says of it, and a missing folder holds nothing."""
    folder = root / "goals"
    assert store.presence(folder)("g1.toml") is False
    folder.mkdir(parents=True)
    (folder / "g1.toml").write_text('id = "g1"\n')
    (folder / "gone.toml").symlink_to(folder / "nowhere")
    (folder / "dir.toml").mkdir()
    (folder / "CASE.toml").write_text('id = "x"\n')
    exists = store.presence(folder)
    for name in ("g1.toml", "gone.toml", "dir.toml", "CASE.toml", "case.toml", "g2.toml"):
        assert exists(name) is os.path.lexists(folder / name), name
    assert exists("g2.toml") is False
    assert store.presence(root / "notes")("n1.toml") is False


def test_files_are_0600_and_folders_0700(store: Store, root: Path, lock_path: Path) -> None:
    """The data directory and kind folders are 0700, record files and the lock 0600."""
    goal = make_goal(store)
    store.save(goal.model_copy(update={"title": "Changed"}))
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE((root / "goals").stat().st_mode) == 0o700
    assert stat.S_IMODE((root / "goals" / f"{goal.id}.toml").stat().st_mode) == 0o600
    assert stat.S_IMODE(lock_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(lock_path.parent.stat().st_mode) == 0o700


# -- atomic writes -------------------------------------------------------------------------


def _failing(name: str, code: int) -> Callable[..., Any]:
    def fail(*_: object, **__: object) -> Any:
        raise OSError(code, os.strerror(code))

    fail.__name__ = name
    return fail


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_failed_save_leaves_the_old_file_whole(
    store: Store, root: Path, monkeypatch: pytest.MonkeyPatch, call: str, code: int
) -> None:
    """A save failing in write, fsync or replace is a StoreError; the file is kept, no temp left."""
    goal = make_goal(store)
    path = root / "goals" / f"{goal.id}.toml"
    before = path.read_bytes()
    changed = goal.model_copy(update={"title": "Changed " * 1000})
    with monkeypatch.context() as patch:
        patch.setattr(os, call, _failing(call, code))
        with pytest.raises(StoreError) as caught:
            store.save(changed)
    assert str(path) in str(caught.value)
    assert os.strerror(code) in str(caught.value)
    assert path.read_bytes() == before
    assert temp_files(path.parent) == []
    assert not list(path.parent.glob(".*.tmp"))
    assert store.read(Kind.GOAL, goal.id) == goal


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO], ids=["ENOSPC", "EIO"])
def test_write_failing_halfway_leaves_the_old_file_whole(
    store: Store, root: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """A write that stores some bytes, then fails, changes nothing on disk."""
    goal = make_goal(store)
    path = root / "goals" / f"{goal.id}.toml"
    before = path.read_bytes()
    real_write = os.write
    calls: list[int] = []

    def short_then_fail(fd: int, data: Any) -> int:
        calls.append(fd)
        if len(calls) == 1:
            return real_write(fd, bytes(data[:10]))
        raise OSError(code, os.strerror(code))

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", short_then_fail)
        with pytest.raises(StoreError):
            store.save(goal.model_copy(update={"title": "Changed"}))
    assert len(calls) == 2
    assert path.read_bytes() == before
    assert temp_files(path.parent) == []


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_failed_create_leaves_nothing(
    store: Store, root: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    """A new record whose write fails leaves neither a record file nor a temp file."""
    make_goal(store, id="g1")
    with monkeypatch.context() as patch:
        patch.setattr(os, call, _failing(call, errno.ENOSPC))
        with pytest.raises(StoreError):
            store.create(Goal(id="g2", title="Second"))
    assert sorted(p.name for p in (root / "goals").iterdir()) == ["g1.toml"]


# -- damaged files -------------------------------------------------------------------------

DEEP = b"[" * 2000 + b"]" * 2000

# name: (file content, expected line or None, words the message contains)
DAMAGED: dict[str, tuple[bytes, int | None, str]] = {
    "empty": (b"", None, "missing 'id'"),
    "bad-toml": (b'id = "bad-toml"\ntitle = "x"\nstatus = \n', 3, "invalid TOML"),
    "unclosed": (b'id = "unclosed"\n\ntitle = "never closed\n', 3, "invalid TOML"),
    "bad-utf8": (b'id = "bad-utf8"\ntitle = "caf\xe9"\n', 2, "UTF-8"),
    "no-id": (b'title = "x"\nstatus = "active"\n', None, "missing 'id'"),
    "wrong-id": (b'title = "x"\n\nid = "other"\n', 3, "does not match the file name"),
    "id-type": (b'title = "x"\nid = 7\n', 2, "does not match the file name"),
    "wrong-type": (b'id = "wrong-type"\ntitle = "x"\nwhy = "y"\ntarget = "soon"\n', 4, "target"),
    "bad-enum": (b'id = "bad-enum"\ntitle = "x"\nstatus = "maybe"\n', 3, "status"),
    "bad-version": (b'id = "bad-version"\ntitle = "x"\nschema_version = "two"\n', 3, "schema"),
    "bad-milestone": (
        b'id = "bad-milestone"\ntitle = "x"\n\n[[milestones]]\ndue = 2026-01-01\n',
        4,
        "milestones.0.title",
    ),
    "deep": (b'id = "deep"\ntitle = "x"\nx = ' + DEEP + b"\n", 3, "nested too deeply"),
    "deep-table": (
        b'id = "deep-table"\ntitle = "x"\nx = ' + b"{a=" * 2000 + b"1" + b"}" * 2000,
        3,
        "nested too deeply",
    ),
}


@pytest.fixture
def good(store: Store) -> Goal:
    """One readable goal next to the damaged files."""
    return make_goal(store, "Readable", id="good")


@pytest.mark.parametrize("name", list(DAMAGED))
def test_each_damaged_file_is_one_problem_and_never_rewritten(
    store: Store, root: Path, good: Goal, name: str
) -> None:
    """A damaged file is a Problem (path, line when known); the other records still load."""
    content, line, words = DAMAGED[name]
    path = root / "goals" / f"{name}.toml"
    path.write_bytes(content)
    loaded = store.load(Kind.GOAL)
    assert loaded.records == [good]
    assert len(loaded.problems) == 1
    problem = loaded.problems[0]
    assert problem.path == path
    assert problem.line == line
    assert words in problem.message
    assert str(problem).startswith(f"{path}:{line}: " if line else f"{path}: ")
    assert store.problems == {path: problem}
    with pytest.raises(DamagedRecordError) as caught:
        store.read(Kind.GOAL, name)
    assert caught.value.problem == problem
    assert isinstance(caught.value, StoreError)
    assert path.read_bytes() == content


@pytest.mark.parametrize("name", ["bad-toml", "wrong-type", "deep", "empty"])
def test_a_damaged_record_is_never_rewritten_by_an_update(
    store: Store, root: Path, good: Goal, name: str
) -> None:
    """Changing a record whose file cannot be read fails and leaves the file as it was."""
    content = DAMAGED[name][0]
    path = root / "goals" / f"{name}.toml"
    path.write_bytes(content)
    with pytest.raises(DamagedRecordError):
        update(store, Goal, name, {"title": "Overwritten?"})
    with pytest.raises(DamagedRecordError):
        add_milestone(store, name, title="More", due=None)
    assert path.read_bytes() == content
    assert temp_files(path.parent) == []


def test_all_damaged_files_at_once_are_each_reported_once(
    store: Store, root: Path, good: Goal
) -> None:
    """With every kind of damage in one folder, loading twice reports each file once."""
    for name, (content, _, _) in DAMAGED.items():
        (root / "goals" / f"{name}.toml").write_bytes(content)
    seen: list[Problem] = []
    store.on_problem = seen.append
    first = store.load(Kind.GOAL)
    second = store.load(Kind.GOAL)
    assert first.records == second.records == [good]
    assert len(first.problems) == len(second.problems) == len(DAMAGED)
    assert sorted(p.path.stem for p in seen) == sorted(DAMAGED)
    assert set(store.problems) == {root / "goals" / f"{name}.toml" for name in DAMAGED}
    assert store.ids(Kind.GOAL) == sorted([*DAMAGED, "good"])


def test_symlinked_record_is_reported_not_followed(
    store: Store, root: Path, tmp_path: Path, good: Goal
) -> None:
    """A record file that is a symbolic link is a Problem; its target is never read or changed."""
    target = tmp_path / "elsewhere.toml"
    target.write_text('id = "linked"\ntitle = "Secret"\n', "utf-8")
    before = target.read_bytes()
    link = root / "goals" / "linked.toml"
    link.symlink_to(target)
    loaded = store.load(Kind.GOAL)
    assert loaded.records == [good]
    assert [p.path for p in loaded.problems] == [link]
    assert "symbolic link" in loaded.problems[0].message
    with pytest.raises(DamagedRecordError):
        store.read(Kind.GOAL, "linked")
    with pytest.raises(DamagedRecordError):
        update(store, Goal, "linked", {"title": "Changed"})
    assert link.is_symlink()
    assert target.read_bytes() == before


def test_dangling_symlink_is_reported(store: Store, root: Path, good: Goal) -> None:
    """A record file that is a broken symbolic link is a Problem too."""
    link = root / "goals" / "dangling.toml"
    link.symlink_to(root / "nowhere.toml")
    loaded = store.load(Kind.GOAL)
    assert loaded.records == [good]
    assert [p.path for p in loaded.problems] == [link]


def test_folder_named_like_a_record_is_reported(store: Store, root: Path, good: Goal) -> None:
    """A directory called `<id>.toml` is a Problem, not a crash."""
    (root / "goals" / "folder.toml").mkdir()
    loaded = store.load(Kind.GOAL)
    assert loaded.records == [good]
    assert [p.path.name for p in loaded.problems] == ["folder.toml"]
    assert "not a regular file" in loaded.problems[0].message


def test_sync_conflict_copy_is_reported_not_loaded(store: Store, root: Path, good: Goal) -> None:
    """A sync tool's conflict copy (not an id as a name) is a Problem and is not loaded."""
    name = "abc.sync-conflict-20261121-123456-XYZ.toml"
    copy = root / "goals" / name
    content = b'id = "abc"\ntitle = "Conflicting copy"\n'
    copy.write_bytes(content)
    loaded = store.load(Kind.GOAL)
    assert loaded.records == [good]
    assert [p.path for p in loaded.problems] == [copy]
    assert "not loaded" in loaded.problems[0].message
    assert store.ids(Kind.GOAL) == ["good"]
    with pytest.raises(NotFoundError):
        store.resolve(Kind.GOAL, "abc")
    assert copy.read_bytes() == content


def test_temp_and_other_files_are_ignored(store: Store, root: Path, good: Goal) -> None:
    """Dot files (temp files) and files not ending in .toml are neither records nor problems."""
    (root / "goals" / ".good.toml.abc123.tmp").write_text("partial", "utf-8")
    (root / "goals" / ".hidden.toml").write_text("x", "utf-8")
    (root / "goals" / "README.md").write_text("notes", "utf-8")
    loaded = store.load(Kind.GOAL)
    assert loaded.records == [good]
    assert loaded.problems == []


def test_kind_folder_that_is_a_file_is_a_problem(store: Store, root: Path) -> None:
    """A file where a kind's folder should be is reported; the kind reads as empty."""
    root.mkdir()
    (root / "goals").write_text("not a folder", "utf-8")
    assert store.load(Kind.GOAL).records == []
    assert list(store.problems) == [root / "goals"]
    with pytest.raises(StoreError):
        store.create(Goal(id="g1", title="x"))
    assert (root / "goals").read_text("utf-8") == "not a folder"


# -- versions and unknown keys -------------------------------------------------------------


def test_newer_schema_loads_but_is_never_saved(store: Store, root: Path, good: Goal) -> None:
    """A record from a newer mentee is listed; saving it is a StoreError that changes nothing."""
    path = root / "goals" / "future.toml"
    content = b'id = "future"\ntitle = "From the future"\nschema_version = 2\nhologram = true\n'
    path.write_bytes(content)
    loaded = store.load(Kind.GOAL)
    assert loaded.problems == []
    future = store.read(Kind.GOAL, "future")
    assert future.schema_version == 2
    assert {r.id for r in loaded.records} == {"good", "future"}
    with pytest.raises(StoreError, match="newer"):
        store.save(future)
    with pytest.raises(StoreError, match="newer"):
        update(store, Goal, "future", {"title": "Changed"})
    assert path.read_bytes() == content
    assert temp_files(path.parent) == []


def test_unknown_keys_survive_an_update(store: Store, root: Path) -> None:
    """Keys mentee does not know, at the top, in a table and in a milestone, survive updates."""
    path = root / "goals" / "g1.toml"
    path.parent.mkdir(parents=True)
    path.write_text(
        """id = "g1"
title = "Senior"
future_field = "kept"
numbers = [1, 2, 3]

[plugin]
colour = "blue"
when = 2026-11-21T10:00:00+01:00

[[milestones]]
title = "Give a talk"
venue = "Meetup"
""",
        "utf-8",
    )
    update(store, Goal, "g1", {"title": "Staff"})
    complete_milestone(store, "g1", 1, TODAY)
    add_milestone(store, "g1", title="Lead a project", due=None)
    document = tomllib.loads(path.read_text("utf-8"))
    assert document["title"] == "Staff"
    assert document["future_field"] == "kept"
    assert document["numbers"] == [1, 2, 3]
    assert document["plugin"]["colour"] == "blue"
    assert document["plugin"]["when"] == dt.datetime(
        2026, 11, 21, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert document["milestones"][0] == {"title": "Give a talk", "venue": "Meetup", "done": TODAY}
    assert document["milestones"][1] == {"title": "Lead a project"}


def test_unknown_keys_survive_notes_and_thanks(store: Store, root: Path) -> None:
    """An unknown key on a mentor's thanks survives adding another thanks."""
    add_mentor(store, name="Alex Kim")
    path = root / "mentors" / "alex-kim.toml"
    document = tomllib.loads(path.read_text("utf-8"))
    document["thanks"] = [{"date": dt.date(2026, 11, 1), "text": "Thanks", "mood": "glad"}]
    path.write_text(tomli_w.dumps(document), "utf-8")
    thank_mentor(store, "alex", text="Thanks again", today=TODAY)
    thanks = tomllib.loads(path.read_text("utf-8"))["thanks"]
    assert thanks == [
        {"date": dt.date(2026, 11, 1), "text": "Thanks", "mood": "glad"},
        {"date": TODAY, "text": "Thanks again"},
    ]


def test_unknown_keys_survive_an_action_note(store: Store, root: Path) -> None:
    """An unknown key on an action's note, and on the action, survive adding another note."""
    action = add_action(store, title="Write the design doc")
    path = root / "actions" / f"{action.id}.toml"
    document = tomllib.loads(path.read_text("utf-8"))
    document["notes"] = [{"date": dt.date(2026, 11, 1), "text": "Started", "hours": 2}]
    document["estimate"] = {"hours": 5}
    path.write_text(tomli_w.dumps(document), "utf-8")
    note_action(store, action.id, text="Half done", today=TODAY)
    document = tomllib.loads(path.read_text("utf-8"))
    assert document["notes"] == [
        {"date": dt.date(2026, 11, 1), "text": "Started", "hours": 2},
        {"date": TODAY, "text": "Half done"},
    ]
    assert document["estimate"] == {"hours": 5}


# -- the clock -----------------------------------------------------------------------------


def test_changes_are_stamped_with_the_clock_the_store_was_given(tmp_path: Path) -> None:
    """A store made with a clock stamps what it writes, and its undo entry, with that time
    (to the second): the clock is read at the edge that made the store, nowhere else."""
    from mentee.history import History

    moment = dt.datetime(2031, 5, 6, 7, 8, 9, 123456, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    store = Store(tmp_path / "journal", tmp_path / "lock", tmp_path / "history", now=lambda: moment)
    goal = make_goal(store)
    expected = moment.replace(microsecond=0)
    assert goal.created == goal.updated == expected
    written = tomllib.loads((tmp_path / "journal" / "goals" / f"{goal.id}.toml").read_text())
    assert written["created"] == written["updated"] == expected
    later = moment + dt.timedelta(days=1)
    saved = Store(
        tmp_path / "journal", tmp_path / "lock", tmp_path / "history", now=lambda: later
    ).save(goal.model_copy(update={"title": "Renamed"}))
    assert (saved.created, saved.updated) == (expected, later.replace(microsecond=0))
    assert [entry.time for entry in History(tmp_path / "history").entries()] == [
        later.replace(microsecond=0),
        expected,
    ]
