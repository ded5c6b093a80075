"""Sync never spreads damage (SPEC: Sync), merges stay valid, interrupted syncs heal.

Devices are journals in tmp_path and the remote a bare repository there; git runs for real,
the merge driver as git runs it. Each test damages, races or interrupts one device and
checks the other devices and the remote: nothing damaged leaves a device, nothing damaged
replaces a record that reads, and a refused sync changes nothing.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from adversarial_helpers import write_private
from sync_helpers import Device, bare, plain_git, push_by_hand, remote_head


@pytest.fixture
def remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    plain_git(tmp_path, monkeypatch)
    return bare(tmp_path / "remote.git")


@pytest.fixture
def pair(tmp_path: Path, remote: Path) -> tuple[Device, Device, str]:
    """Two devices in sync, sharing a goal and an action."""
    laptop, work = Device(tmp_path / "laptop"), Device(tmp_path / "work")
    goal = laptop.new("goal", "add", "Senior by 2027-06", "--by", "2027-06-30")
    laptop.ok("action", "add", "Write the design doc", "--goal", goal)
    laptop.ok("sync", "init", str(remote))
    work.ok("sync", "init", str(remote))
    return laptop, work, goal


def _goal_file(device: Device, goal: str) -> Path:
    return device.home / "goals" / f"{goal}.toml"


# -- nothing damaged is committed ------------------------------------------------------------

DAMAGE = {
    "half-saved": lambda text, goal: (f"{goal}.toml", text[: len(text) // 2]),
    "invalid-record": lambda text, goal: (
        f"{goal}.toml",
        text.replace('status = "active"', 'status = "someday"'),
    ),
    "schema-below-1": lambda text, goal: (
        f"{goal}.toml",
        text.replace("schema_version = 1", "schema_version = 0"),
    ),
    "copy-1": lambda text, goal: (f"{goal} (1).toml", text),
    "conflict-name": lambda text, goal: (f"{goal}-conflict.toml", text),
    "stray-file": lambda _text, _goal: ("notes for later.txt", "remember this\n"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_sync_refuses_to_commit_what_doctor_flags(pair, remote, damage: str) -> None:
    """A file doctor flags: sync names it (path and why), exits 1 and commits nothing,
    not even the good change beside it; the remote and the other device are untouched."""
    laptop, work, goal = pair
    laptop.ok("note", "add", "A good change")
    name, content = DAMAGE[damage](_goal_file(laptop, goal).read_text("utf-8"), goal)
    target = laptop.home / "goals" / name
    target.write_text(content, "utf-8")
    head, remote_before = laptop.head(), remote_head(remote)
    result = laptop.run("sync")
    assert result.exit_code == 1
    *named, summary = result.stderr.splitlines()
    assert len(named) == 1
    assert named[0].startswith(f"mentee: {target}")
    assert "sync stopped before committing anything" in summary
    assert "Traceback" not in result.stderr
    assert laptop.head() == head
    assert laptop.git("status", "--porcelain") != ""  # still to commit once fixed
    assert remote_head(remote) == remote_before
    work.ok("sync")
    assert work.toml("goals", goal)["title"] == "Senior by 2027-06"
    if name == f"{goal}.toml":  # fixed on the laptop: the next sync goes through
        target.write_text(_goal_file(work, goal).read_text("utf-8"), "utf-8")
    else:
        target.unlink()
    laptop.ok("sync")
    assert remote_head(remote) != remote_before


def test_symbolic_links_and_folders_in_record_folders_are_refused(pair) -> None:
    """A record folder that is a symbolic link, and a folder inside a record folder, are
    named; nothing is committed."""
    laptop, _, goal = pair
    outside = laptop.home.parent / "elsewhere"
    outside.mkdir()
    (outside / "x.toml").write_text('id = "x"\ntext = "outside"\n')
    os.symlink(outside, laptop.home / "topics")
    (laptop.home / "notes" / "archive").mkdir(parents=True)
    (laptop.home / "notes" / "archive" / "old.toml").write_text("x = 1\n")
    head = laptop.head()
    result = laptop.run("sync")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(
        line.startswith(f"mentee: {laptop.home / 'topics'}: is a symbolic link") for line in lines
    )
    assert any(
        f"{laptop.home / 'notes' / 'archive' / 'old.toml'}: a file in a folder" in line
        for line in lines
    )
    assert laptop.head() == head
    assert goal  # the shared goal is untouched


def test_hidden_files_and_editor_leftovers_are_never_synced_and_never_block(pair) -> None:
    """Swap files, backups, hidden files (in record folders and at the top): sync goes
    through and commits none of them."""
    laptop, work, _ = pair
    leftovers = [
        "goals/.g.toml.swp",
        "goals/g.toml~",
        "notes/#draft#",
        "notes/.DS_Store",
        ".hidden-settings",
        "config.toml~",
    ]
    for name in leftovers:
        write_private(laptop.home / name, b"\x00 not TOML at all")
    note = laptop.new("note", "add", "Sent despite the leftovers")
    laptop.ok("sync")
    committed = laptop.committed()
    assert f"notes/{note}.toml" in committed
    assert not set(leftovers) & set(committed)
    work.ok("sync")
    assert not any((work.home / name).exists() for name in leftovers)


# -- nothing damaged comes in over a record that reads ---------------------------------------


def test_an_incoming_damaged_version_never_replaces_one_that_reads(pair, remote) -> None:
    """A half-saved record pushed past mentee (an older version, git by hand): the other
    device refuses the whole merge, names the file, and changes nothing."""
    laptop, work, goal = pair
    path = _goal_file(laptop, goal)
    path.write_text(path.read_text("utf-8")[:40], "utf-8")
    laptop.ok("note", "add", "A good change beside it")
    push_by_hand(laptop)
    before, head = work.files(), work.head()
    result = work.run("sync")
    assert result.exit_code == 1
    named, summary = result.stderr.splitlines()
    assert named.startswith(f"mentee: {_goal_file(work, goal)}")
    assert "the incoming version" in named
    assert "nothing changed here" in summary
    assert work.files() == before
    assert work.head() == head
    assert work.toml("goals", goal)["title"] == "Senior by 2027-06"


def test_an_incoming_damaged_file_that_is_new_comes_in_with_a_warning(pair) -> None:
    """A damaged file new to this device replaces nothing: it comes in, and the sync says
    so (doctor lists it)."""
    laptop, work, _ = pair
    write_private(laptop.home / "notes" / "n-broken.toml", b'id = "n-broken"\ntext = \n')
    push_by_hand(laptop)
    result = work.ok("sync")
    assert f"received {work.home / 'notes' / 'n-broken.toml'}:2: invalid TOML" in result.stderr
    assert (work.home / "notes" / "n-broken.toml").exists()
    assert "n-broken.toml" in work.run("doctor").stdout


def test_an_incoming_symbolic_link_is_refused(pair) -> None:
    """A record folder pushed as a symbolic link (it could point anywhere on this device)
    never comes in."""
    laptop, work, _ = pair
    for path in (laptop.home / "topics").glob("*"):
        path.unlink()
    if (laptop.home / "topics").exists():
        (laptop.home / "topics").rmdir()
    os.symlink("/etc", laptop.home / "topics")
    push_by_hand(laptop)
    before = work.files()
    result = work.run("sync")
    assert result.exit_code == 1
    assert f"{work.home / 'topics'}: the incoming version: is a symbolic link" in result.stderr
    assert not (work.home / "topics").is_symlink()
    assert work.files() == before


def test_sync_init_from_a_remote_with_a_symbolic_link_changes_nothing(remote, tmp_path) -> None:
    """A new device joining a remote whose record folder is a symbolic link: refused, and
    the new device is left as it was (no repository, no files)."""
    bad = Device(tmp_path / "bad")
    bad.new("note", "add", "first")
    bad.ok("sync", "init", str(remote))
    os.symlink("/tmp", bad.home / "goals")
    push_by_hand(bad)
    fresh = Device(tmp_path / "fresh")
    result = fresh.run("sync", "init", str(remote))
    assert result.exit_code == 1
    assert "is a symbolic link" in result.stderr
    assert not fresh.home.exists()


# -- a status and its date merge as one; merged records are valid -----------------------------


@pytest.mark.parametrize(
    ("kind", "here", "there", "status", "date_field"),
    [
        ("action", ("done",), ("drop",), "done", "done"),
        ("goal", ("done",), ("drop",), "achieved", "achieved"),
    ],
)
def test_done_on_one_device_and_dropped_on_the_other_is_a_conflict_not_a_mix(
    pair, kind, here, there, status, date_field
) -> None:
    """`done` here and `drop` there: never `dropped` with a done date. The record keeps this
    device's status and date together; the other pair waits in the conflict copy, and
    taking it gives `dropped` without a date."""
    laptop, work, goal = pair
    record = goal if kind == "goal" else next((laptop.home / "actions").glob("*.toml")).stem
    folder = "goals" if kind == "goal" else "actions"
    laptop.ok(kind, *there, record)
    laptop.ok("sync")
    work.ok(kind, *here, record)
    result = work.ok("sync")
    assert "Conflict:" in result.stderr
    merged = work.toml(folder, record)
    assert (merged["status"], date_field in merged) == (status, True)
    work.ok("sync", "resolve", record, "--take", "other")
    taken = work.toml(folder, record)
    assert taken["status"] == "dropped"
    assert date_field not in taken


def test_the_same_status_change_on_both_devices_merges_cleanly(pair) -> None:
    """Both devices mark the action done on the same day: no conflict."""
    laptop, work, _ = pair
    action = next((laptop.home / "actions").glob("*.toml")).stem
    laptop.ok("action", "done", action)
    laptop.ok("sync")
    work.ok("action", "done", action)
    result = work.ok("sync")
    assert "Conflict" not in result.stderr
    assert work.toml("actions", action)["status"] == "done"


# -- interrupted syncs heal --------------------------------------------------------------------


def test_a_stale_git_lock_is_removed_and_the_sync_goes_through(pair) -> None:
    """`.git/index.lock` left by a killed git, no git running: removed, sync works."""
    laptop, _, _ = pair
    lock = laptop.home / ".git" / "index.lock"
    lock.write_bytes(b"")
    laptop.ok("note", "add", "after the crash")
    status = laptop.ok("sync", "status", "--offline")
    assert f"git lock:    {lock} (stale" in status.stdout
    result = laptop.ok("sync")
    assert "Removed .git/index.lock" in result.stderr
    assert not lock.exists()
    assert laptop.git("status", "--porcelain") == ""


def test_a_git_lock_held_by_a_running_git_is_named_never_removed(pair) -> None:
    """A git process working in the journal holds the lock: sync and `sync status` name it
    (with the process), nothing changes, and the lock stays; once git ends, sync works."""
    laptop, _, _ = pair
    lock = laptop.home / ".git" / "index.lock"
    lock.write_bytes(b"")
    # A real git working in the journal: it waits for its standard input.
    holder = subprocess.Popen(
        ["git", "hash-object", "--stdin"],
        cwd=laptop.home,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    try:
        laptop.ok("note", "add", "waiting")
        head = laptop.head()
        result = laptop.run("sync")
        assert result.exit_code == 1
        assert result.stderr == (
            f"mentee: {lock}: git is working in the journal (process {holder.pid} (git)); "
            "wait for it to finish, then sync again\n"
        )
        status = laptop.ok("sync", "status", "--offline", "--json")
        assert f'"held_by": [\n        "{holder.pid} (git)"' in status.stdout
        assert lock.exists()
        assert laptop.head() == head
    finally:
        holder.communicate(b"", timeout=30)
    lock.unlink()
    laptop.ok("sync")


# -- sync init and unrelated journals ----------------------------------------------------------


def test_init_refuses_to_join_two_separate_journals_and_changes_nothing(remote, tmp_path) -> None:
    """A remote with records and a journal with records, no shared history: refused, the
    journal as it was (no repository), the remote untouched; --allow-unrelated joins them."""
    first = Device(tmp_path / "first")
    first.new("note", "add", "from the first journal")
    first.ok("sync", "init", str(remote))
    remote_before = remote_head(remote)
    other = Device(tmp_path / "other")
    other.new("note", "add", "from another journal")
    before = other.files()
    result = other.run("sync", "init", str(remote))
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "shares no history with this one" in line
    assert "--allow-unrelated" in line
    assert not (other.home / ".git").exists()
    assert other.files() == before
    assert remote_head(remote) == remote_before
    joined = other.ok("sync", "init", str(remote), "--allow-unrelated")
    assert "Received: 1 note added" in joined.stderr
    assert len(list((other.home / "notes").glob("*.toml"))) == 2


def test_a_refused_init_of_a_synced_journal_keeps_its_remote_and_commits(remote, tmp_path) -> None:
    """A journal already synced elsewhere, pointed at an unrelated remote: refused, and its
    remote, what git knew of it and its branch are as they were."""
    first = Device(tmp_path / "first")
    first.new("note", "add", "first")
    first.ok("sync", "init", str(remote))
    own_remote = bare(tmp_path / "own.git")
    mine = Device(tmp_path / "mine")
    mine.new("note", "add", "mine")
    mine.ok("sync", "init", str(own_remote))
    mine.new("note", "add", "not committed yet")
    refs = mine.git("for-each-ref")
    head = mine.head()
    result = mine.run("sync", "init", str(remote))
    assert result.exit_code == 1
    assert mine.git("config", "remote.origin.url") == str(own_remote)
    assert mine.git("for-each-ref") == refs
    assert mine.head() == head
    assert mine.git("status", "--porcelain") != ""  # the new note is still to commit
    mine.ok("sync")


def test_a_git_process_that_ends_while_locks_are_checked_does_not_keep_a_stale_lock(
    tmp_path: Path,
) -> None:
    """A process that exits between the /proc listing and reading its folder works nowhere:
    it is not an unknown holder (on a busy machine that kept stale locks forever)."""
    from mentee.sync.guard import _places

    ended = subprocess.Popen(["true"])
    ended.wait()
    assert _places(Path("/proc") / str(ended.pid)) == []
    assert _places(tmp_path / "no-such-process") == []
