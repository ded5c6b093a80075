"""The merge driver git runs once per record file changed on both sides of a merge
(`python -m mentee sync merge-file %O %A %B %P`): as a hand-run `git merge` runs it in a
journal `sync init` set up, and in-process when writing its conflict copy fails."""

from __future__ import annotations

import errno
import os
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mentee.cli.merge_driver import main as merge_driver

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Person",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test Person",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}

# The driver's command line as `mentee sync init` has written it into journals' .git/config
# since sync exists. A hand-run `git merge` or `git pull` uses it as it is there.
DRIVER_LINE = f"{shlex.quote(sys.executable)} -m mentee sync merge-file %O %A %B %P"

BASE = """\
id = "a1b2c3d4"
title = "Write the plan"
status = "open"
kind = "task"
owner = "me"
due = 2026-12-01
notes = []
created = 2026-11-20T09:00:00+00:00
updated = 2026-11-20T09:00:00+00:00
schema_version = 1
"""


@pytest.fixture(autouse=True)
def plain_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Isolate git from the machine's configuration and give it an identity."""
    config = tmp_path / "gitconfig"
    config.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


def git(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        ["git", *args], cwd=home, capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0 or not check, done.stderr
    return done


def test_a_journal_set_up_by_sync_init_merges_a_record_through_a_hand_run_git_merge(
    run: Callable[..., Any], run_json: Callable[..., Any], home: Path
) -> None:
    """`sync init` keeps the driver's command line in .git/config as journals have it; a
    `git merge` run by hand (no `mentee sync` to register the driver again) merges a record
    changed on both branches field by field, and the same field changed on both leaves
    this branch's value with the other in a conflict copy; `mentee sync` keeps the line."""
    action = run_json("action", "add", "Write the plan", "--due", "2026-12-01")["id"]
    assert run("sync", "init").exit_code == 0
    assert git(home, "config", "merge.mentee.driver").stdout.strip() == DRIVER_LINE
    assert "*.toml merge=mentee" in (home / ".gitattributes").read_text("utf-8")

    git(home, "switch", "--quiet", "-c", "other")
    assert run("action", "edit", action, "--title", "Write the plan twice").exit_code == 0
    git(home, "commit", "--quiet", "-am", "title on the other device")
    git(home, "switch", "--quiet", "main")
    assert run("action", "edit", action, "--due", "2026-12-15").exit_code == 0
    git(home, "commit", "--quiet", "-am", "due here")

    merged = git(home, "merge", "--no-edit", "other")
    path = home / "actions" / f"{action}.toml"
    text = path.read_text("utf-8")
    assert "<<<<<<<" not in text
    record = tomllib.loads(text)
    assert (record["title"], str(record["due"])) == ("Write the plan twice", "2026-12-15")
    assert "conflict" not in merged.stderr

    git(home, "switch", "--quiet", "-c", "again")
    assert run("action", "edit", action, "--title", "Theirs").exit_code == 0
    git(home, "commit", "--quiet", "-am", "title there")
    git(home, "switch", "--quiet", "main")
    assert run("action", "edit", action, "--title", "Ours").exit_code == 0
    git(home, "commit", "--quiet", "-am", "title here")
    conflicted = git(home, "merge", "--no-edit", "again")
    assert f"mentee: actions/{action}.toml: changed on both sides (title)" in conflicted.stderr
    assert tomllib.loads(path.read_text("utf-8"))["title"] == "Ours"
    [copy] = (home / "actions").glob(f"{action}.conflict-*.toml")
    assert tomllib.loads(copy.read_text("utf-8"))["other"] == {"title": "Theirs"}

    assert run("sync").exit_code == 0
    assert git(home, "config", "merge.mentee.driver").stdout.strip() == DRIVER_LINE


def _versions(folder: Path, theirs_title: str) -> list[str]:
    """BASE, OURS, THEIRS and PATH for the driver: ours and theirs retitle the action."""
    (folder / "actions").mkdir(parents=True)
    (folder / "base").write_text(BASE, "utf-8")
    (folder / "ours").write_text(BASE.replace("Write the plan", "Ours"), "utf-8")
    (folder / "theirs").write_text(BASE.replace("Write the plan", theirs_title), "utf-8")
    return ["base", "ours", "theirs", "actions/a1b2c3d4.toml"]


def test_a_conflict_copy_is_written_whole_when_the_system_writes_a_little_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A write may take fewer bytes than it was given: the copy is written whole all the same."""
    argv = _versions(tmp_path, "Theirs, with a longer title than the record ever had")
    monkeypatch.chdir(tmp_path)
    real_write = os.write

    def a_little(fd: int, data: Any) -> int:
        return real_write(fd, bytes(data[:7]))

    monkeypatch.setattr(os, "write", a_little)
    code = merge_driver(argv)
    monkeypatch.undo()
    assert code == 0, capsys.readouterr().err
    [copy] = (tmp_path / "actions").glob("a1b2c3d4.conflict-*.toml")
    assert tomllib.loads(copy.read_text("utf-8"))["other"] == {
        "title": "Theirs, with a longer title than the record ever had"
    }
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in (tmp_path / "actions").iterdir()) == [copy.name]


def test_a_conflict_copy_that_cannot_be_written_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A full disk while writing the conflict copy: not merged (exit 1, one line for git
    saying why), and nothing left beside the record, not even the temp file."""
    argv = _versions(tmp_path, "Theirs")
    monkeypatch.chdir(tmp_path)

    def full(_fd: int, _data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    code = merge_driver(argv)
    monkeypatch.undo()
    assert code == 1
    said = capsys.readouterr().err
    assert said.startswith(
        "mentee: actions/a1b2c3d4.toml: cannot merge: cannot write the conflict copy "
        "actions/a1b2c3d4.conflict-"
    )
    assert said.endswith(".toml: No space left on device\n")
    assert said.count("\n") == 1
    assert list((tmp_path / "actions").iterdir()) == []


def test_the_driver_with_the_wrong_arguments_says_what_it_needs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Run by hand with too few arguments: one line naming them, exit 2."""
    assert merge_driver(["base", "ours"]) == 2
    assert capsys.readouterr().err == (
        "mentee: sync merge-file needs BASE OURS THEIRS PATH (%O %A %B %P)\n"
    )


def _imported_by_the_driver(folder: Path, argv: list[str]) -> set[str]:
    """The modules a fresh interpreter loads running the driver, as git starts it."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "mentee", "sync", "merge-file", *argv],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return {
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_a_conflict_merge_imports_neither_the_store_nor_git_nor_the_command_tree(
    tmp_path: Path,
) -> None:
    """The driver runs once per file in a merge: one whose only change on both sides is a
    conflict loads no pydantic, store, git runner, Typer or rich."""
    imported = _imported_by_the_driver(tmp_path, _versions(tmp_path, "Theirs"))
    assert "mentee.sync.driver" in imported
    unwanted = {"pydantic", "mentee.store", "mentee.models", "mentee.sync.git", "subprocess"}
    unwanted |= {"typer", "rich", "click", "mentee.cli.app"}
    assert imported & unwanted == set()


def test_a_merge_that_mixes_both_sides_validates_without_pydantics_plugin_search(
    tmp_path: Path,
) -> None:
    """Both sides changed different fields: the mix is validated with the models, and
    pydantic's plugin loader is answered by mentee (no search through every installed
    package's metadata), as for every other command."""
    argv = _versions(tmp_path, "Write the plan")
    theirs = tmp_path / "theirs"
    theirs.write_text(BASE.replace("2026-12-01", "2026-12-15"), "utf-8")
    imported = _imported_by_the_driver(tmp_path, argv)
    assert {"mentee.models", "pydantic"} <= imported
    assert "importlib.metadata" not in imported
    record = tomllib.loads((tmp_path / "ours").read_text("utf-8"))
    assert (record["title"], str(record["due"])) == ("Ours", "2026-12-15")
