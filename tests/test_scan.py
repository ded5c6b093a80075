"""Comparing folders with the index ahead, in a forked child (`mentee.scan`): the store reads
the same records and problems with an answer as without one, whatever changed behind
mentee's back, and the command line asks ahead for what each command reads."""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from golden_journal import build_golden_journal
from mentee import index as index_module
from mentee import scan
from mentee.cli.ahead import READS, _command
from mentee.kinds import Kind
from mentee.models import Goal, Note
from mentee.store import Store
from mentee.store.indexed import IndexedReads
from mentee.store.recordfile import serialize
from test_console_script import _mentee as run_console_script

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the child is forked on Linux only"
)


@pytest.fixture(autouse=True)
def no_child_left() -> Iterator[None]:
    """Each test starts with no child asked and leaves none behind."""
    scan._pending = None
    yield
    if scan._pending is not None:
        scan._pending.drop()
    scan._pending = None


@pytest.fixture
def trust_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cached entries are trusted at once (no racy-time window; the child inherits it)."""
    monkeypatch.setattr(index_module, "RACY_NS", -(10**18))


def make_store(tmp_path: Path) -> Store:
    return Store(tmp_path / "journal", tmp_path / "lock", index_path=tmp_path / "cache.sqlite")


def write(store: Store, record: Goal | Note) -> Path:
    path = store.folder(record.KIND) / f"{record.id}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(serialize(record))
    return path


def start_ahead(store: Store, kinds: tuple[Kind, ...] = (Kind.GOAL, Kind.NOTE)) -> bool:
    folders = {kind.value: os.fspath(store.folder(kind)) for kind in kinds}
    return scan.ahead(os.fspath(tmp_index(store)), folders)


def child_done() -> None:
    """Wait for the child to have said all it says (it then takes no claim any more); the
    store may have reaped it already, on reading the end of its answers."""
    assert scan._pending is not None
    with contextlib.suppress(ChildProcessError):
        os.waitpid(scan._pending.pid, 0)


def tmp_index(store: Store) -> Path:
    assert store.index is not None
    return store.index.path


def journal(tmp_path: Path) -> Store:
    """Goals and notes, read once so the index holds them all."""
    store = make_store(tmp_path)
    for number in range(12):
        write(store, Goal(id=f"goal{number:02d}", title=f"goal {number}"))
        write(store, Note(id=f"note{number:02d}", text=f"note {number}", date=date(2026, 11, 1)))
    for kind in (Kind.GOAL, Kind.NOTE):
        assert len(store.load(kind).records) == 12
    return store


def read_all(store: Store) -> dict[Kind, tuple[list[str], list[str]]]:
    """Each kind's records (as their files' contents) and problems, as a store reads them."""
    found = {}
    for kind in (Kind.GOAL, Kind.NOTE):
        loaded = store.load(kind)
        found[kind] = (
            [serialize(r).decode() for r in loaded.records],
            sorted(str(p) for p in loaded.problems),
        )
    return found


def test_an_unchanged_journal_is_answered_whole_and_not_scanned_again(
    tmp_path, trust_at_once, monkeypatch
):
    """Nothing changed since the index was made: the child vouches for every file and the
    store reads the index without listing the folders itself."""
    expected = read_all(journal(tmp_path))
    store = make_store(tmp_path)
    assert start_ahead(store)
    child_done()

    def no_scan(*_args: object) -> None:
        raise AssertionError("the store listed a folder the child had compared")

    monkeypatch.setattr(scan, "compare", no_scan)  # in this process only: the child has run
    assert read_all(store) == expected
    assert scan._pending is not None
    assert scan._pending.answers == {}  # both kinds' answers were taken


def test_changes_behind_mentees_back_read_the_same_with_an_answer(
    tmp_path, trust_at_once, monkeypatch
):
    """Whatever changed since the index was made (an edit in place, a file deleted, added
    or damaged, a stray name), a read with the child's answer finds what a read that lists
    the folders itself finds; the answer (partial: it carries its snapshot's digest) is
    taken, not compared again."""
    store = journal(tmp_path)
    goals, notes = store.folder(Kind.GOAL), store.folder(Kind.NOTE)
    edited = goals / "goal03.toml"
    edited.write_text(edited.read_text().replace("goal 3", "goal three"))
    (goals / "goal04.toml").unlink()
    write(store, Goal(id="goal99", title="added by hand"))
    (notes / "note05.toml").write_text("text = [broken")
    (notes / "Not An Id.toml").write_text('text = "stray"\n')
    (notes / "note06.toml").unlink()
    (notes / "note06.toml").mkdir()  # not a regular file any more

    with_answer = make_store(tmp_path)
    assert start_ahead(with_answer)
    child_done()
    compare = scan.compare

    def no_scan(*_args: object) -> None:
        raise AssertionError("the store listed a folder the child had compared")

    monkeypatch.setattr(scan, "compare", no_scan)  # in this process only: the child has run
    answered = read_all(with_answer)
    monkeypatch.setattr(scan, "compare", compare)
    assert scan._pending is not None
    assert scan._pending.answers == {}
    scan._pending = None
    by_listing = read_all(make_store(tmp_path))
    assert answered == by_listing
    titles = [line for line in answered[Kind.GOAL][0] if "title" in line]
    assert any("goal three" in t for t in titles)
    assert any("added by hand" in t for t in titles)
    assert not any('"goal 4"' in t for t in titles)
    assert len(answered[Kind.NOTE][1]) == 3  # damaged, not an id, not a file


def test_an_index_deleted_after_the_child_read_it_is_not_trusted(tmp_path, trust_at_once):
    """The index deleted (or rebuilt) between the child's look and the store's: the store
    reads the files, never the empty index the child's whole answer would not stand for."""
    expected = read_all(journal(tmp_path))
    assert start_ahead(make_store(tmp_path))
    child_done()
    index = tmp_path / "cache.sqlite"
    for path in index.parent.glob(index.name + "*"):
        path.unlink()
    assert read_all(make_store(tmp_path)) == expected  # a new, empty index


def test_answers_end_with_the_command(tmp_path, trust_at_once, monkeypatch, capsys):
    """The console script's answers are its command's only: none is left to a later command
    in the same process, even when the command ended before it read every kind."""
    from mentee.cli import main

    store = journal(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    home = os.fspath(store.root)
    for args in (["note", "list"], ["agenda", "next", "--mentor", "nobody"]):
        # The first makes the journal's index; the second asks ahead, reads the mentors
        # and stops: no such mentor.
        monkeypatch.setattr(sys, "argv", ["mentee", "--home", home, *args])
        with contextlib.suppress(SystemExit):
            main()
    assert "nobody" in capsys.readouterr().err
    ahead = scan._pending
    assert ahead is not None  # it was asked ahead ...
    assert "goal" not in ahead.taken  # ... the goals were never read ...
    assert (
        scan.take(ahead.index, "goal", ahead.folders["goal"], lambda _: None) is None
    )  # ... nor kept


def test_a_write_before_the_first_read_drops_the_answers(tmp_path, trust_at_once):
    """Once the store writes, what the child saw is old: the next read lists the folder."""
    store = journal(tmp_path)
    fresh = make_store(tmp_path)
    assert start_ahead(fresh)
    with fresh.locked():
        fresh.save(Goal(id="goal50", title="written by this command"))
    titles = [g.title for g in fresh.records(Kind.GOAL, Goal)]
    assert "written by this command" in titles
    assert len(titles) == 13
    del store


def test_no_child_without_an_index_and_no_answer_for_another_journal(tmp_path, trust_at_once):
    """A journal with no index yet has nothing to compare with; an answer is only ever
    taken for the index and the folder it was asked for."""
    new = make_store(tmp_path / "new")
    assert not start_ahead(new)
    store = journal(tmp_path)
    assert start_ahead(store)
    child_done()
    index = os.fspath(tmp_index(store))
    goals = os.fspath(store.folder(Kind.GOAL))
    assert store.index is not None
    snapshot = store.index.snapshot
    assert scan.take(index, "goal", "/elsewhere/goals", snapshot) is None
    assert scan.take(index + "x", "goal", goals, snapshot) is None
    answer = scan.take(index, "goal", goals, snapshot)
    assert isinstance(answer, scan.Answer)
    assert answer.whole
    assert scan.take(index, "goal", goals, snapshot) is None  # taken once


def test_a_kind_the_child_has_not_come_to_is_claimed_and_left_to_the_store(
    tmp_path, trust_at_once, monkeypatch
):
    """The store compares itself a kind the child has not started (and the child leaves
    it), and waits for the child's answer for the others: the two meet in the middle."""
    expected = read_all(journal(tmp_path))
    go_in, go_out = os.pipe()
    compare_ahead = scan._compare_ahead

    def held(*args: Any) -> None:  # the child waits for the test's word before it starts
        os.read(go_in, 1)
        compare_ahead(*args)

    monkeypatch.setattr(scan, "_compare_ahead", held)
    store = make_store(tmp_path)
    assert start_ahead(store)  # the child takes notes first, then goals
    goals = store.load(Kind.GOAL)  # not started by the child: claimed, compared here
    os.write(go_out, b"!")
    child_done()  # it compared the notes, and left the goals claimed

    def no_scan(*_args: object) -> None:
        raise AssertionError("the store listed a folder the child had compared")

    monkeypatch.setattr(scan, "compare", no_scan)
    notes = store.load(Kind.NOTE)  # the child's answer
    assert {
        Kind.GOAL: ([serialize(r).decode() for r in goals.records], []),
        Kind.NOTE: ([serialize(r).decode() for r in notes.records], []),
    } == expected
    assert scan._pending is not None
    assert scan._pending.started == {"note"}  # it never started the goals
    for fd in (go_in, go_out):
        os.close(fd)


def test_while_the_child_compares_a_kind_the_store_compares_the_last_ones(
    tmp_path, trust_at_once, monkeypatch
):
    """Waiting for the child's answer for one kind, the store compares the kinds the child
    would come to last (which it then leaves): the two share the work."""
    expected = read_all(journal(tmp_path))
    compare_ahead, compared = scan._compare_ahead, scan._compared
    claims: list[int] = []

    def keep_claims(frames: int, claims_in: int, *args: Any) -> None:
        claims.append(claims_in)
        compare_ahead(frames, claims_in, *args)

    def held(kind: str, *args: Any) -> Any:
        if kind == "note":  # the child waits, started on the notes, until the store claims
            select.select(claims, [], [])
        return compared(kind, *args)

    monkeypatch.setattr(scan, "_compare_ahead", keep_claims)
    monkeypatch.setattr(scan, "_compared", held)
    store = make_store(tmp_path)
    assert start_ahead(store, (Kind.NOTE, Kind.GOAL))  # the child: notes, then goals
    ahead = scan._pending
    assert ahead is not None
    while "note" not in ahead.started:
        ahead._read(wait=True)
    notes = store.load(Kind.NOTE)  # the child's, and meanwhile the goals compared here
    assert "goal" in ahead.compared
    goals = store.load(Kind.GOAL)
    assert {
        Kind.GOAL: ([serialize(r).decode() for r in goals.records], []),
        Kind.NOTE: ([serialize(r).decode() for r in notes.records], []),
    } == expected
    child_done()
    ahead._read(wait=False)
    assert ahead.started == {"note"}  # it left the goals to the store


def test_the_command_words_before_typer(tmp_path):
    assert _command([]) == ((), None)
    assert _command(["--json"]) == ((), None)
    assert _command(["--home", "/j", "agenda", "next", "--mentor", "a"]) == (
        ("agenda", "next"),
        "/j",
    )
    assert _command(["--color=never", "--home=/k", "action", "list"]) == (("action", "list"), "/k")
    assert _command(["review", "--since", "2026-01-01"]) == (("review",), None)
    assert _command(["search", "plan"]) == (("search",), None)
    assert _command(["action", "list", "--help"]) is None
    assert _command(["--bogus", "action", "list"]) is None
    assert _command(["--home"]) is None


def test_the_commands_that_read_every_kind_name_every_kind():
    for words in (("agenda", "next"), ("review",), ("check",), ("search",), ("export",)):
        assert sorted(READS[words]) == sorted(kind.value for kind in Kind)


ARGUMENTS = {("search",): ("plan",), ("agenda", "next"): ("--mentor", "priya")}


@pytest.mark.parametrize("words", sorted(READS), ids=lambda w: " ".join(w) or "dashboard")
def test_each_command_reads_the_kinds_it_asks_ahead_for(words, run, home, monkeypatch):
    """READS names exactly the kinds each command reads, in the order it first reads them
    (more would cost the other core for nothing, fewer would leave the store scanning, and
    the store compares ahead the next kinds it will read)."""
    build_golden_journal(home)
    read: list[str] = []
    load = IndexedReads.load

    def spy(self: IndexedReads, store: Store, kind: Kind, *args: object) -> object:
        if kind.value not in read:
            read.append(kind.value)
        return load(self, store, kind, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(IndexedReads, "load", spy)
    result = run(*words, *ARGUMENTS.get(words, ()))
    assert result.exit_code in (0, 3), result.stderr
    assert tuple(read) == READS[words]


def test_the_console_script_sees_edits_made_behind_its_back(tmp_path):
    """Through `python -m mentee` (which asks ahead): a hand edit, a deleted file and a
    damaged one are seen by the next command, as without the child."""
    home = tmp_path / "journal"

    def mentee(*args: str) -> subprocess.CompletedProcess[str]:
        done = run_console_script(home, tmp_path, *args)
        return subprocess.CompletedProcess(
            done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
        )

    added = [mentee("goal", "add", f"Goal number {n}").stdout.strip() for n in range(3)]
    assert mentee("goal", "list").returncode == 0  # the index is made
    edited = home / "goals" / f"{added[0]}.toml"
    edited.write_text(edited.read_text().replace("Goal number 0", "Goal renamed"))
    (home / "goals" / f"{added[1]}.toml").unlink()
    listed = mentee("goal", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Goal renamed" in listed.stdout
    assert "Goal number 1" not in listed.stdout
    assert "Goal number 2" in listed.stdout
    (home / "goals" / f"{added[2]}.toml").write_text("title = [")
    damaged = mentee("goal", "list")
    assert "Goal number 2" not in damaged.stdout
    assert f"{added[2]}.toml" in damaged.stderr


# -- the snapshot in its folder's order -------------------------------------------------------


def snapshot_of(store: Store, kind: Kind) -> scan.Snapshot:
    assert store.index is not None
    found = store.index.snapshot(kind.value)
    assert found is not None
    return found


def record_names(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if scan.is_record_name(name)]


def test_an_unchanged_folder_is_compared_in_its_order_at_once(tmp_path, trust_at_once):
    """The snapshot lists the files in their folder's order, so an unchanged folder is told
    by one comparison of fingerprints: nothing to check, nothing gone, nothing to rewrite;
    a file the folder holds that is no record (a stray, a temp file) changes nothing."""
    store = journal(tmp_path)
    notes = store.folder(Kind.NOTE)
    snapshot = snapshot_of(store, Kind.NOTE)
    assert list(snapshot.names) == record_names(notes)
    (notes / ".note01.toml.tmp").write_text("half written")
    (notes / "README").write_text("not a record")
    assert scan.compare(os.fspath(notes), lambda: snapshot) == (snapshot, [], [], None)


def test_an_edit_in_place_is_found_by_its_place_in_the_order(tmp_path, trust_at_once):
    """A file edited in place (same name, same order) is the one file to check, with its
    lstat; the others stand."""
    store = journal(tmp_path)
    notes = store.folder(Kind.NOTE)
    snapshot = snapshot_of(store, Kind.NOTE)
    edited = notes / "note07.toml"
    edited.write_text(edited.read_text().replace("note 7", "note seven"))
    found, check, gone, order = scan.compare(os.fspath(notes), lambda: snapshot)
    assert (found, gone, order) == (snapshot, [], None)
    assert [(name, info.st_ino) for name, info in check] == [  # type: ignore[union-attr]
        ("note07.toml", edited.stat().st_ino)
    ]
    assert "note seven" in [n.text for n in make_store(tmp_path).records(Kind.NOTE, Note)][7]


def test_a_file_gone_between_listing_and_lstat_is_checked(tmp_path, trust_at_once, monkeypatch):
    """A file the listing names but that is gone by its lstat is one to check (as gone
    files are: the store reads it and finds it missing), never taken as it stood."""
    store = journal(tmp_path)
    notes = store.folder(Kind.NOTE)
    snapshot = snapshot_of(store, Kind.NOTE)
    listed = os.listdir(notes)
    (notes / "note03.toml").unlink()
    monkeypatch.setattr(os, "listdir", lambda _folder: list(listed))
    _, check, gone, order = scan.compare(os.fspath(notes), lambda: snapshot)
    assert (check, gone, order) == ([("note03.toml", None)], [], None)


def test_a_new_file_puts_the_snapshot_in_the_folders_new_order(tmp_path, trust_at_once):
    """A file added changes the folder's order: the comparison names the new file and gives
    the order, the read writes the snapshot so, and the next comparison is at once again."""
    store = journal(tmp_path)
    notes = store.folder(Kind.NOTE)
    write(store, Note(id="note99", text="added by hand", date=date(2026, 11, 2)))
    before = snapshot_of(store, Kind.NOTE)
    _, check, gone, order = scan.compare(os.fspath(notes), lambda: before)
    assert [name for name, _ in check] == ["note99.toml"]
    assert gone == []
    assert order == record_names(notes)
    fresh = make_store(tmp_path)
    assert len(fresh.load(Kind.NOTE).records) == 13
    after = snapshot_of(fresh, Kind.NOTE)
    assert list(after.names) == record_names(notes)
    assert scan.compare(os.fspath(notes), lambda: after) == (after, [], [], None)


def test_a_snapshot_an_older_mentee_kept_is_read_and_written_anew(tmp_path, trust_at_once):
    """An index made by an older mentee keeps each snapshot as a mapping of names to
    fingerprints: it is read as it is (no rebuild: a journal of 50,000 records would parse
    every file again), and the next read writes it as this mentee keeps it."""
    import marshal
    import sqlite3

    store = journal(tmp_path)
    expected = read_all(store)
    current = snapshot_of(store, Kind.NOTE)
    mapping = dict(reversed(list(current.by_name().items())))  # another order, too
    index = tmp_index(store)
    with contextlib.closing(sqlite3.connect(index)) as db, db:
        db.execute(
            "UPDATE snapshots SET files = ? WHERE kind = ?", (marshal.dumps(mapping), "note")
        )
    older = snapshot_of(make_store(tmp_path), Kind.NOTE)
    assert older.legacy
    assert older.by_name() == current.by_name()
    assert read_all(make_store(tmp_path)) == expected
    rewritten = snapshot_of(make_store(tmp_path), Kind.NOTE)
    assert not rewritten.legacy
    assert rewritten == current


def test_a_damaged_file_and_a_stray_name_keep_the_others_compared_at_once(tmp_path, trust_at_once):
    """A damaged record file and a `.toml` file not named by an id are reported on every
    read, and checked again each time, without taking the folder off its order: the other
    files are still compared at once."""
    store = journal(tmp_path)
    notes = store.folder(Kind.NOTE)
    (notes / "note05.toml").write_text("text = [broken")
    (notes / "Not An Id.toml").write_text('text = "stray"\n')
    first = make_store(tmp_path).load(Kind.NOTE)
    assert len(first.problems) == 2
    snapshot = snapshot_of(make_store(tmp_path), Kind.NOTE)
    assert list(snapshot.names) == record_names(notes)
    _, check, gone, order = scan.compare(os.fspath(notes), lambda: snapshot)
    assert (sorted(name for name, _ in check), gone, order) == (
        ["Not An Id.toml", "note05.toml"],
        [],
        None,
    )
    again = make_store(tmp_path).load(Kind.NOTE)
    assert sorted(str(p) for p in again.problems) == sorted(str(p) for p in first.problems)
    assert len(again.records) == 11


def test_an_unchanged_kind_is_answered_without_a_parse_or_a_write(
    tmp_path, trust_at_once, monkeypatch
):
    """Read again with nothing changed, a kind is answered by the index at once: no file
    parsed, nothing written to the index (a snapshot rewritten on every read would cost
    every command a write)."""
    expected = read_all(journal(tmp_path))
    writes: list[str] = []
    store_in_index = index_module.Index.store

    def counted(self: index_module.Index, kind: str, *args: Any, **kwargs: Any) -> None:
        writes.append(kind)
        store_in_index(self, kind, *args, **kwargs)

    monkeypatch.setattr(index_module.Index, "store", counted)

    def no_parse(*_args: object) -> None:
        raise AssertionError("a file was parsed")

    again = make_store(tmp_path)
    monkeypatch.setattr(again, "_parse", no_parse)
    assert read_all(again) == expected
    assert writes == []


def test_a_childs_answer_with_only_the_order_changed_rewrites_the_snapshot(tmp_path, trust_at_once):
    """The snapshot lists the right files in another order (an older mentee's, a folder
    reorganised): the child's answer is not whole but carries the folder's order; the store
    takes it, reads the same as without it, and writes the snapshot in that order."""
    import sqlite3

    store = journal(tmp_path)
    expected = read_all(store)
    current = snapshot_of(store, Kind.NOTE)
    reversed_ = scan.Snapshot.of(current.by_name(), reversed(current.names))
    with contextlib.closing(sqlite3.connect(tmp_index(store))) as db, db:
        db.execute("UPDATE snapshots SET files = ? WHERE kind = ?", (reversed_.encode(), "note"))
    with_answer = make_store(tmp_path)
    assert start_ahead(with_answer)
    child_done()
    assert scan._pending is not None
    scan._pending._read(wait=False)
    answer = scan._pending.answers["note"]
    assert answer is not None
    assert (answer.whole, answer.check, answer.gone) == (False, [], [])
    assert answer.order == record_names(with_answer.folder(Kind.NOTE))
    assert read_all(with_answer) == expected
    assert snapshot_of(make_store(tmp_path), Kind.NOTE) == current
