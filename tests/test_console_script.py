"""The console script (`run`): each command's output whole and its exit code, however it ends
(it leaves without Python's own clean-up)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from golden_journal import build_golden_journal


def _mentee(home: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "MENTEE_HOME": str(home),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    return subprocess.run(
        [sys.executable, "-m", "mentee", *args], env=env, capture_output=True, check=False
    )


def test_outputs_are_whole_and_exit_codes_kept(tmp_path):
    """A long output reaches the pipe whole; exit 3 (attention), 2 (usage) and 0 are the
    command's."""
    home = tmp_path / "journal"
    build_golden_journal(home)
    exported = _mentee(home, tmp_path, "export", "--format", "jsonl")
    assert exported.returncode == 0
    lines = exported.stdout.decode().splitlines()
    assert len(lines) == len(list(home.glob("*/*.toml")))
    assert all(json.loads(line)["id"] for line in lines)
    check = _mentee(home, tmp_path, "check")
    assert check.returncode == 3
    assert b"unlogged_meeting:" in check.stdout
    wrong = _mentee(home, tmp_path, "nosuchcommand")
    assert wrong.returncode == 2
    assert wrong.stderr.decode().count("\n") == 1
    version = _mentee(home, tmp_path, "--version")
    assert version.returncode == 0
    assert version.stdout.startswith(b"mentee ")


def test_a_write_is_on_disk_when_the_command_ends(tmp_path):
    """What a command wrote is in the journal when it returns (and in its undo history)."""
    home = tmp_path / "journal"
    added = _mentee(home, tmp_path, "action", "add", "Write it down")
    assert added.returncode == 0, added.stderr
    action_id = added.stdout.decode().strip()
    assert (home / "actions" / f"{action_id}.toml").read_text().count("Write it down") == 1
    listed = _mentee(home, tmp_path, "undo", "--list")
    assert listed.returncode == 0
    assert b"action add" in listed.stdout


def test_models_validate_with_pydantic_plugins_answered_by_mentee(tmp_path):
    """The console script answers pydantic's plugin loader itself (no plugins: mentee uses
    none): records are still validated (a bad value is refused, a good one written), and
    pydantic asks that loader for nothing but `get_plugins`."""
    import pydantic

    plugin = Path(pydantic.__file__).parent / "plugin"
    uses = [
        line.strip()
        for source in Path(pydantic.__file__).parent.rglob("*.py")
        if source.parent != plugin or source.name != "_loader.py"
        for line in source.read_text(encoding="utf-8").splitlines()
        if "_loader" in line and "import" in line
    ]
    assert uses == ["from ._loader import get_plugins"]
    home = tmp_path / "journal"
    added = _mentee(home, tmp_path, "action", "add", "Ship it", "--due", "2027-01-01")
    assert added.returncode == 0, added.stderr
    action = added.stdout.decode().strip()
    path = home / "actions" / f"{action}.toml"
    path.write_text(path.read_text().replace("due = 2027-01-01", 'due = "soon"'))
    bad = _mentee(home, tmp_path, "action", "edit", action, "--title", "Ship")
    assert bad.returncode == 1
    assert "due" in bad.stderr.decode()
    assert bad.stderr.decode().count("\n") == 1
    path.write_text(path.read_text().replace('due = "soon"', "due = 2027-02-01"))
    edited = _mentee(home, tmp_path, "action", "edit", action, "--title", "Ship")
    assert edited.returncode == 0, edited.stderr
    assert 'title = "Ship"' in path.read_text()
