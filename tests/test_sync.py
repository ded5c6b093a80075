"""`mentee sync` with the real git: devices are journals in tmp_path, remotes bare repos there.

No network: every remote is a path. Each device is its own data directory (`--home`), as
separate machines would be; the merge driver runs as git runs it, in a subprocess.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from mentee.cli import sync as sync_cli
from mentee.cli.app import app
from mentee.cli.typer_compat import build_commands_once
from mentee.sync import changes as sync_changes
from mentee.sync import steps as sync_steps

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Person",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test Person",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


@pytest.fixture(autouse=True, scope="module")
def build_the_command_once() -> Iterator[None]:
    """Build the click command tree once for this module, not on every invocation."""
    with build_commands_once():
        yield


@pytest.fixture(autouse=True)
def plain_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Isolate git from the machine's configuration and give it an identity."""
    config = tmp_path / "gitconfig"
    config.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)


class Device:
    """One machine with its own journal."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.runner = CliRunner()

    def run(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(
            app, ["--home", str(self.home), *args], input=input, catch_exceptions=False
        )

    def ok(self, *args: str) -> Result:
        result = self.run(*args)
        assert result.exit_code == 0, result.stderr
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json").stdout)

    def new(self, *args: str) -> str:
        return str(self.json(*args)["id"])

    def sync(self) -> Result:
        return self.ok("sync")

    def toml(self, folder: str, record_id: str) -> dict[str, Any]:
        return tomllib.loads((self.home / folder / f"{record_id}.toml").read_text("utf-8"))

    def git(self, *args: str) -> str:
        return git(self.home, *args)

    def files(self) -> dict[str, bytes]:
        """Every file of the journal but git's own, with its content."""
        return {
            p.relative_to(self.home).as_posix(): p.read_bytes()
            for p in sorted(self.home.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(self.home).parts[:1]
        }


def git(where: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=where, capture_output=True, text=True, check=True, timeout=30
    )
    return done.stdout.strip()


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    """An empty bare repository, as on a USB stick or a NAS."""
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True, timeout=30)
    return path


@pytest.fixture
def laptop(tmp_path: Path) -> Device:
    return Device(tmp_path / "laptop")


@pytest.fixture
def work(tmp_path: Path) -> Device:
    return Device(tmp_path / "work")


@pytest.fixture
def phone(tmp_path: Path) -> Device:
    return Device(tmp_path / "phone")


@pytest.fixture(scope="module")
def shared_journal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Two devices sharing one journal (a goal with two milestones), built once.

    Each test gets a copy (see `pair`): building it takes a dozen git runs.
    """
    base = tmp_path_factory.mktemp("shared")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(base / "cache"))
        patch.setenv("XDG_DATA_HOME", str(base / "data"))
        patch.setenv("MENTEE_TODAY", "2026-11-21")
        patch.setenv("NO_COLOR", "1")
        patch.setenv("TZ", "UTC")
        (base / "gitconfig").write_text("")
        patch.setenv("GIT_CONFIG_GLOBAL", str(base / "gitconfig"))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        for name, value in IDENTITY.items():
            patch.setenv(name, value)
        subprocess.run(["git", "init", "-q", "--bare", str(base / "remote.git")], check=True)
        laptop, work = Device(base / "laptop"), Device(base / "work")
        goal = laptop.new("goal", "add", "Senior by 2027-06", "--by", "2027-06-30")
        laptop.ok("goal", "milestone", "add", goal, "Lead a project", "--due", "2027-01-31")
        laptop.ok("goal", "milestone", "add", goal, "Give a talk")
        laptop.ok("sync", "init", str(base / "remote.git"))
        work.ok("sync", "init", str(base / "remote.git"))
    return base, goal


@pytest.fixture
def pair(
    shared_journal: tuple[Path, str], laptop: Device, work: Device, remote: Path
) -> tuple[Device, Device, str]:
    """Two devices sharing one journal: a goal with two milestones, in sync."""
    base, goal = shared_journal
    shutil.rmtree(remote)
    shutil.copytree(base / "remote.git", remote, symlinks=True)
    for device in (laptop, work):
        shutil.copytree(base / device.home.name, device.home, symlinks=True)
        device.git("config", "remote.origin.url", str(remote))
    return laptop, work, goal


def assert_every_toml_parses(*devices: Device) -> None:
    """No TOML file of any journal is damaged or holds conflict markers."""
    for device in devices:
        for path in device.home.rglob("*.toml"):
            text = path.read_text(encoding="utf-8")
            assert "<<<<<<<" not in text, path
            assert ">>>>>>>" not in text, path
            tomllib.loads(text)


def conflict_copies(device: Device) -> list[Path]:
    return sorted(device.home.rglob("*.conflict-*.toml"))


def test_init_shares_the_journal_with_an_empty_device(laptop, work, remote):
    """`sync init REMOTE` on a new device takes the records the first one pushed."""
    goal = laptop.new("goal", "add", "Senior by 2027-06")
    laptop_init = laptop.ok("sync", "init", str(remote))
    assert "Sent to" in laptop_init.stderr
    result = work.ok("sync", "init", str(remote))
    assert "Received: 1 goal added" in result.stderr
    assert work.toml("goals", goal)["title"] == "Senior by 2027-06"
    assert "*.toml merge=mentee" in (work.home / ".gitattributes").read_text()
    assert ".*.tmp" in (work.home / ".gitignore").read_text()
    assert "merge-file %O %A %B %P" in work.git("config", "merge.mentee.driver")
    assert oct(work.home.stat().st_mode & 0o777) == "0o700"
    assert_every_toml_parses(laptop, work)


def test_init_with_records_on_both_sides_merges_them(laptop, work, remote):
    """Two journals that both have records end up with the records of both (when told to)."""
    mine = laptop.new("note", "add", "from the laptop")
    laptop.ok("mentor", "add", "Alex Kim", "--email", "alex@example.org")
    laptop.ok("sync", "init", str(remote))
    theirs = work.new("note", "add", "from work")
    work.ok("mentor", "add", "Alex Kim", "--channel", "video")
    work.ok("sync", "init", str(remote), "--allow-unrelated")
    laptop.sync()
    for device in (laptop, work):
        assert {p.stem for p in (device.home / "notes").glob("*.toml")} == {mine, theirs}
        alex = device.toml("mentors", "alex-kim")
        assert (alex["email"], alex["channel"]) == ("alex@example.org", "video")
    assert conflict_copies(laptop) == conflict_copies(work) == []
    assert_every_toml_parses(laptop, work)


def test_commit_message_says_what_changed(pair):
    """The commit is described the way a person would say it."""
    laptop, _, _ = pair
    first = laptop.new("action", "add", "Write the design doc")
    second = laptop.new("action", "add", "Ask for a review")
    laptop.sync()
    laptop.ok("action", "done", first)
    laptop.ok("action", "done", second)
    laptop.ok("note", "add", "Shipped it", "--kind", "win")
    result = laptop.sync()
    assert "Committed: 2 actions done, 1 note added" in result.stderr
    assert laptop.git("log", "-1", "--format=%s") == "2 actions done, 1 note added"


def test_edits_to_different_records_merge(pair):
    """Changes to different records on two devices all arrive on both."""
    laptop, work, _ = pair
    action = laptop.new("action", "add", "Write the design doc")
    laptop.sync()
    work.sync()
    laptop.ok("note", "add", "A win", "--kind", "win")
    work.ok("action", "done", action)
    laptop.sync()
    result = work.sync()
    assert "Received: 1 note added" in result.stderr
    laptop.sync()
    assert laptop.toml("actions", action)["status"] == "done"
    assert laptop.files() == work.files()
    assert_every_toml_parses(laptop, work)


def test_different_fields_of_one_record_merge(pair):
    """A goal retargeted on one device and a milestone ticked on the other keeps both."""
    laptop, work, goal = pair
    laptop.ok("goal", "retarget", goal, "--by", "2027-09-30", "--reason", "reorg")
    work.ok("goal", "milestone", "done", goal, "1")
    laptop.sync()
    work.sync()
    laptop.sync()
    for device in (laptop, work):
        record = device.toml("goals", goal)
        assert str(record["target"]) == "2027-09-30"
        assert record["timeline"][0]["reason"] == "reorg"
        assert "done" in record["milestones"][0]
        assert "done" not in record["milestones"][1]
    assert conflict_copies(laptop) == conflict_copies(work) == []
    assert laptop.files() == work.files()
    assert_every_toml_parses(laptop, work)


def test_same_field_keeps_a_conflict_copy_until_resolved(pair):
    """The same field changed on both devices keeps both values; resolve picks one."""
    laptop, work, goal = pair
    laptop.ok("goal", "edit", goal, "--title", "Staff engineer")
    work.ok("goal", "edit", goal, "--title", "Principal engineer")
    laptop.sync()
    result = work.sync()
    assert f"Conflict: goals/{goal}.toml changed on two devices (title)" in result.stderr
    assert "1 conflict to resolve" in result.stderr
    assert work.toml("goals", goal)["title"] == "Principal engineer"
    [copy] = conflict_copies(work)
    assert copy.parent.name == "goals"
    assert_every_toml_parses(work)

    listing = work.run("goal", "list")
    assert listing.exit_code == 0
    assert "sync resolve" in listing.stderr  # the store reports the copy, never loads it
    shown = work.json("sync", "resolve")
    assert shown[0]["fields"] == [
        {"field": "title", "kept": "Principal engineer", "other": "Staff engineer"}
    ]
    work.ok("sync", "resolve", "--take", "theirs", goal)
    assert work.toml("goals", goal)["title"] == "Staff engineer"
    assert conflict_copies(work) == []
    assert "Committed: 1 conflict resolved" in work.sync().stderr
    laptop.sync()
    assert laptop.toml("goals", goal)["title"] == "Staff engineer"
    assert conflict_copies(laptop) == []
    assert laptop.files() == work.files()


def test_resolve_on_the_other_device_and_keeping_the_record(pair):
    """A conflict copy syncs like a record: either device may settle it."""
    laptop, work, goal = pair
    laptop.ok("goal", "edit", goal, "--why", "growth")
    work.ok("goal", "edit", goal, "--why", "money")
    laptop.sync()
    work.sync()
    laptop.sync()
    assert len(conflict_copies(laptop)) == 1
    laptop.ok("sync", "resolve", "--take", "kept", "--all")
    assert laptop.toml("goals", goal)["why"] == "money"
    laptop.sync()
    work.sync()
    assert conflict_copies(work) == []
    assert work.json("sync", "status", "--offline")["conflicts"] == 0


def test_resolve_lists_when_piped_and_asks_on_a_terminal(pair, monkeypatch):
    """Piped, resolve only lists; on a terminal it shows each conflict and takes the answer."""
    laptop, work, goal = pair
    laptop.ok("goal", "edit", goal, "--title", "A")
    work.ok("goal", "edit", goal, "--title", "B")
    laptop.sync()
    work.sync()
    listed = work.ok("sync", "resolve")
    assert "--take kept|other" in listed.stderr
    assert "other: A" in listed.stdout
    assert len(conflict_copies(work)) == 1
    assert work.run("sync", "resolve", "--take", "other").exit_code == 2  # which one?
    monkeypatch.setattr(sync_cli, "_interactive", lambda: True)
    result = work.run("sync", "resolve", input="x\no\n")
    assert result.exit_code == 0, result.stderr
    assert "kept:  B" in result.stdout
    assert work.toml("goals", goal)["title"] == "A"
    assert conflict_copies(work) == []


def test_deleted_on_one_device_changed_on_the_other_keeps_the_change(pair):
    """A record deleted on one device and changed on the other survives, either way round,
    and the user is told."""
    laptop, work, _ = pair
    first = laptop.new("action", "add", "Write the design doc")
    second = laptop.new("action", "add", "Ask for a review")
    laptop.sync()
    work.sync()
    (laptop.home / "actions" / f"{first}.toml").unlink()
    laptop.ok("action", "note", second, "asked Alex")
    work.ok("action", "done", first)
    (work.home / "actions" / f"{second}.toml").unlink()
    laptop.sync()
    result = work.sync()
    assert f"Kept actions/{first}.toml" in result.stderr  # changed here, deleted there
    assert f"Kept actions/{second}.toml" in result.stderr  # deleted here, changed there
    assert work.toml("actions", first)["status"] == "done"
    assert work.toml("actions", second)["notes"][0]["text"] == "asked Alex"
    laptop.sync()
    assert laptop.files() == work.files()
    assert_every_toml_parses(laptop, work)


def test_three_devices_converge(laptop, work, phone, remote):
    """Three devices editing at once end with the same journal."""
    goal = laptop.new("goal", "add", "Give a talk")
    laptop.ok("goal", "milestone", "add", goal, "Pick a topic")
    laptop.ok("sync", "init", str(remote))
    work.ok("sync", "init", str(remote))
    phone.ok("sync", "init", str(remote))
    laptop.ok("goal", "milestone", "add", goal, "Write the outline")
    work.ok("goal", "milestone", "done", goal, "1")
    phone.ok("goal", "edit", goal, "--tag", "speaking")
    phone.ok("note", "add", "Idea: talk about sync")
    for device in (laptop, work, phone, laptop, work):
        device.sync()
    record = phone.toml("goals", goal)
    assert [m["title"] for m in record["milestones"]] == ["Pick a topic", "Write the outline"]
    assert "done" in record["milestones"][0]
    assert record["tags"] == ["speaking"]
    assert laptop.files() == work.files() == phone.files()
    assert conflict_copies(phone) == []
    assert_every_toml_parses(laptop, work, phone)


def test_crash_between_commit_and_push_then_sync_again(pair, monkeypatch):
    """A sync killed after committing sends everything on the next run."""
    laptop, work, goal = pair
    laptop.ok("goal", "edit", goal, "--why", "growth")

    def crash(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sync_steps, "push", crash)
    assert laptop.run("sync").exit_code == 130
    assert laptop.git("status", "--porcelain") == ""  # committed, not sent
    monkeypatch.undo()
    result = laptop.sync()
    assert "Sent to" in result.stderr
    work.sync()
    assert work.toml("goals", goal)["why"] == "growth"


def test_sync_with_nothing_to_do_commits_nothing_and_still_mends_and_sends(pair):
    """Nothing to do: no commit, nothing sent; a setup line removed by hand is put back,
    committed and sent; a commit made outside mentee is sent; one from elsewhere is pulled."""
    laptop, work, goal = pair
    remote = Path(laptop.git("config", "remote.origin.url"))
    laptop.sync()
    head = laptop.git("rev-parse", "HEAD")
    result = laptop.sync()
    assert laptop.git("rev-parse", "HEAD") == head
    assert git(remote, "rev-parse", "main") == head
    assert "Sent to" not in result.stderr
    attributes = laptop.home / ".gitattributes"
    attributes.write_text("", encoding="utf-8")
    laptop.git("commit", "--quiet", "-am", "lose the merge line")
    laptop.git("push", "--quiet", "origin", "main")  # nothing left to send or receive
    laptop.sync()
    assert "*.toml merge=mentee" in attributes.read_text(encoding="utf-8")
    assert laptop.git("status", "--porcelain") == ""
    assert git(remote, "rev-parse", "main") == laptop.git("rev-parse", "HEAD") != head
    assert "*.toml merge=mentee" in git(remote, "show", "main:.gitattributes")
    laptop.git("commit", "--quiet", "--allow-empty", "-m", "made by hand")
    laptop.sync()
    assert git(remote, "log", "-1", "--format=%s", "main") == "made by hand"
    work.ok("goal", "edit", goal, "--why", "growth")
    work.sync()
    result = laptop.sync()
    assert "Received" in result.stderr
    assert laptop.toml("goals", goal)["why"] == "growth"
    assert laptop.git("status", "--porcelain") == ""


def test_interrupted_merge_is_cleaned_up_on_the_next_sync(pair):
    """A merge a killed sync left half done is aborted and done again properly."""
    laptop, work, goal = pair
    laptop.ok("goal", "edit", goal, "--why", "growth")
    laptop.sync()
    work.ok("note", "add", "meanwhile")
    work.sync()  # commits the note, takes the laptop's change, pushes
    laptop.ok("goal", "edit", goal, "--title", "New title")
    laptop.git("commit", "-qam", "edit")
    laptop.git("fetch", "-q", "origin")
    laptop.git("merge", "--no-commit", "--no-ff", "origin/main")
    assert (laptop.home / ".git" / "MERGE_HEAD").exists()
    result = laptop.sync()
    assert "Cleaned up after an interrupted sync" in result.stderr
    assert not (laptop.home / ".git" / "MERGE_HEAD").exists()
    work.sync()
    assert work.toml("goals", goal)["title"] == "New title"
    assert laptop.files() == work.files()


def test_offline_remote_leaves_the_journal_unchanged(pair, remote, tmp_path):
    """A remote that is gone (a USB stick unplugged) is one clear error; nothing changes."""
    laptop, work, goal = pair
    work.ok("goal", "edit", goal, "--why", "from work")
    work.sync()
    remote.rename(tmp_path / "unplugged.git")
    laptop.ok("note", "add", "written offline")
    before = laptop.files()
    for _ in range(2):  # safe to run again
        result = laptop.run("sync")
        assert result.exit_code == 1
        [line] = result.stderr.splitlines()
        assert line.startswith("mentee: cannot fetch from origin")
        assert str(remote) in line
        assert "go out with the next `mentee sync`" in line
        assert laptop.files() == before
    assert laptop.json("sync", "status")["ahead"] == 1
    (tmp_path / "unplugged.git").rename(remote)
    laptop.sync()
    assert laptop.toml("goals", goal)["why"] == "from work"
    assert_every_toml_parses(laptop)


def test_rejected_push_undoes_the_merge(pair, remote):
    """A push the remote refuses leaves the files as they were before the sync."""
    laptop, work, goal = pair
    laptop.ok("goal", "edit", goal, "--why", "growth")
    laptop.sync()
    work.ok("note", "add", "from work")
    before = work.files()
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'this remote is read-only' >&2\nexit 1\n")
    hook.chmod(0o755)
    result = work.run("sync")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert "cannot push to origin" in line
    assert "read-only" in line
    assert work.files() == before  # the laptop's change was not merged in
    assert not (work.home / ".git" / "MERGE_HEAD").exists()
    hook.unlink()
    work.sync()
    assert work.toml("goals", goal)["why"] == "growth"


def test_an_unmergeable_file_stops_the_sync_with_nothing_changed(pair):
    """A record damaged on one side (pushed by hand, past mentee) and changed on the other
    is named; nothing changes."""
    laptop, work, goal = pair
    path = laptop.home / "goals" / f"{goal}.toml"
    path.write_text(path.read_text() + "broken = [\n")
    laptop.git("commit", "-q", "-am", "by hand")
    laptop.git("push", "-q", "origin", "HEAD:main")
    work.ok("goal", "edit", goal, "--why", "growth")
    result = work.run("sync")
    assert result.exit_code == 1
    damaged, summary = result.stderr.splitlines()
    assert damaged.startswith(f"mentee: {work.home / 'goals' / goal}.toml:")
    assert "the incoming version: invalid TOML" in damaged
    assert "nothing changed here" in summary
    assert work.toml("goals", goal)["why"] == "growth"
    assert work.git("status", "--porcelain") == ""
    assert_every_toml_parses(work)


def test_init_with_a_missing_remote_changes_nothing(laptop, tmp_path):
    """A remote path that does not exist, or is no repository, says how to create one."""
    laptop.ok("note", "add", "hello")
    (tmp_path / "empty").mkdir()
    for where in (tmp_path / "nowhere.git", tmp_path / "empty"):
        result = laptop.run("sync", "init", str(where))
        assert result.exit_code == 1
        assert f"git init --bare {where}" in result.stderr
    assert not (laptop.home / ".git").exists()


def test_init_with_an_unreachable_remote_removes_the_new_repository(laptop, tmp_path):
    """When the first fetch fails, the journal is left as it was: no repository."""
    laptop.ok("note", "add", "hello")
    not_a_repo = tmp_path / "broken.git"
    not_a_repo.mkdir()
    (not_a_repo / "HEAD").write_text("ref: refs/heads/main\n")  # looks like one, is not
    before = laptop.files()
    result = laptop.run("sync", "init", str(not_a_repo))
    assert result.exit_code == 1
    assert "cannot fetch" in result.stderr
    assert not (laptop.home / ".git").exists()
    assert laptop.files() == before
    new_device = Device(tmp_path / "new")
    assert new_device.run("sync", "init", str(not_a_repo)).exit_code == 1
    assert not new_device.home.exists()  # a data directory made for it is removed again


def test_local_only_sync_commits(laptop):
    """Without a remote, sync commits locally and says how to add one."""
    laptop.ok("note", "add", "hello")
    laptop.ok("sync", "init")
    laptop.ok("note", "add", "again")
    result = laptop.sync()
    assert "Committed: 1 note added" in result.stderr
    assert "sync init REMOTE" in result.stderr


def test_sync_before_init_is_an_error(laptop):
    """Sync in a journal that is not a repository says to run `sync init`."""
    result = laptop.run("sync")
    assert result.exit_code == 1
    assert "mentee sync init" in result.stderr


def test_no_git_identity_still_commits(laptop, remote, monkeypatch):
    """On a machine where git has no user configured, commits use a fallback identity."""
    for name in IDENTITY:
        monkeypatch.delenv(name)
    monkeypatch.delenv("EMAIL", raising=False)
    laptop.ok("note", "add", "hello")
    laptop.ok("sync", "init", str(remote))
    assert laptop.git("log", "-1", "--format=%an <%ae>") == "mentee <mentee@localhost>"


def test_status_counts_ahead_behind_and_uncommitted(pair):
    """Status shows what would be sent, received and committed."""
    laptop, work, _ = pair
    laptop.ok("note", "add", "one")
    laptop.sync()
    work.ok("note", "add", "two")
    state = work.json("sync", "status")
    assert (state["ahead"], state["behind"], state["uncommitted"]) == (0, 1, 1)
    assert state["fetched"] is True
    text = work.ok("sync", "status", "--offline").stdout
    assert "behind:      1 commit to pull" in text


def test_describe_changes_names_what_happened():
    """The commit message comes from the records' old and new content."""
    old = b'id = "a1"\ntitle = "x"\nstatus = "open"\n'
    done = b'id = "a1"\ntitle = "x"\nstatus = "done"\n'
    renamed = b'id = "g1"\ntitle = "y"\n'
    changes = [
        sync_changes.FileChange("actions/a1.toml", old, done),
        sync_changes.FileChange("actions/a2.toml", old, done),
        sync_changes.FileChange("notes/n1.toml", None, b'id = "n1"\n'),
        sync_changes.FileChange("goals/g1.toml", b'id = "g1"\ntitle = "x"\n', renamed),
        sync_changes.FileChange("goals/g1.conflict-0123456789.toml", b"x", None),
        sync_changes.FileChange(".gitignore", None, b"*.tmp\n"),
    ]
    assert sync_changes.describe_changes(changes) == (
        "2 actions done, 1 note added, 1 goal edited, 1 conflict resolved"
    )


def test_git_runs_without_a_terminal_prompt(laptop, monkeypatch):
    """Every git call has GIT_TERMINAL_PROMPT=0 and a timeout, never a shell."""
    calls: list[dict[str, Any]] = []
    real_run = subprocess.run

    def spy(argv: Any, **kwargs: Any) -> Any:
        calls.append({"argv": argv, **kwargs})
        return real_run(argv, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)  # the module sync.git runs git with
    laptop.ok("note", "add", "hello")
    laptop.ok("sync", "init")
    assert calls
    for call in calls:
        assert isinstance(call["argv"], list)
        assert call["argv"][0] == "git"
        assert call["env"]["GIT_TERMINAL_PROMPT"] == "0"
        assert call["timeout"] > 0
        assert not call.get("shell")


@pytest.fixture(autouse=True)
def _no_stray_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """git must not be pointed at another repository by the test runner's environment."""
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


def _hand_write(device: Device, folder: str, record_id: str, text: str) -> None:
    """Write a record file as an older mentee (or a person) would."""
    path = device.home / folder / f"{record_id}.toml"
    path.parent.mkdir(mode=0o700, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)


def test_links_an_older_mentee_keeps_on_a_mentor_survive_sync_both_ways(pair):
    """One device moves a mentor's `goals` to the goals while the other, still writing the
    older layout, adds a link there: sync keeps both links, with no conflict, and the next
    write moves the new one too; doctor is happy on both devices all along."""
    laptop, work, goal = pair
    talk = laptop.new("goal", "add", "Give a talk", "--by", "2027-03-31")
    old = (
        'id = "alex-kim"\nname = "Alex Kim"\ngoals = [{}]\nstatus = "active"\nschema_version = 1\n'
    )
    _hand_write(laptop, "mentors", "alex-kim", old.format(f'"{goal}"'))
    laptop.sync()
    work.sync()
    assert work.toml("mentors", "alex-kim")["goals"] == [goal]
    laptop.ok("note", "add", "A win")  # the first write moves the link
    assert laptop.toml("goals", goal)["mentors"] == ["alex-kim"]
    assert "goals" not in laptop.toml("mentors", "alex-kim")
    laptop.sync()
    _hand_write(work, "mentors", "alex-kim", old.format(f'"{goal}", "{talk}"'))
    work.sync()
    assert conflict_copies(work) == []
    assert work.toml("mentors", "alex-kim")["goals"] == [goal, talk]
    assert work.toml("goals", goal)["mentors"] == ["alex-kim"]
    assert work.ok("doctor").exit_code == 0
    assert sorted(work.json("mentor", "show", "alex-kim")["goals"]) == sorted([goal, talk])
    work.ok("note", "add", "Another")  # moves the link the older layout added
    work.sync()
    laptop.sync()
    for device in (laptop, work):
        assert device.toml("goals", talk)["mentors"] == ["alex-kim"]
        assert "goals" not in device.toml("mentors", "alex-kim")
        assert device.ok("doctor").exit_code == 0
    assert laptop.files() == work.files()
    assert_every_toml_parses(laptop, work)
