"""One journal, one lock, however its path is spelled (SPEC: The data directory).

Writers reaching one journal through `/x/j`, `/x/sub/../j`, a symbolic link and a trailing
slash once took four different locks and lost updates while all exiting 0. The home is
resolved once, so they share one lock, one index and one undo history.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from adversarial_helpers import MENTEE, installed

EACH = 4

WORKER = """
import subprocess, sys
mentee, home, action, name, count = sys.argv[1:]
env = {**__import__("os").environ, "MENTEE_HOME": home}
for i in range(int(count)):
    done = subprocess.run([mentee, "action", "note", action, f"{name}-{i}"], env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{home}: exit {done.returncode}: {done.stderr}")
"""


def _spellings(tmp_path: Path) -> tuple[Path, list[str]]:
    journal = tmp_path / "x" / "j"
    (tmp_path / "x" / "sub").mkdir(parents=True)
    os.symlink(journal, tmp_path / "link")
    return journal, [
        str(journal),
        str(tmp_path / "x" / "sub" / ".." / "j"),
        str(tmp_path / "link"),
        str(journal) + "/",
    ]


def test_every_spelling_of_a_journal_is_one_journal(tmp_path: Path) -> None:
    """`where` prints one resolved path for every spelling, and a record added through one
    spelling is seen through every other."""
    journal, spellings = _spellings(tmp_path)
    for spelling in spellings:
        done = installed("where", env={"MENTEE_HOME": spelling})
        assert done.stdout.decode() == f"{journal}\n", spelling
        assert installed("--home", spelling, "where").stdout.decode() == f"{journal}\n"
    added = installed("note", "add", "seen everywhere", "--json", env={"MENTEE_HOME": spellings[2]})
    note = json.loads(added.stdout)["id"]
    for spelling in spellings:
        listed = installed("note", "list", "--json", env={"MENTEE_HOME": spelling})
        assert [n["id"] for n in json.loads(listed.stdout)] == [note]
    undo = installed("undo", env={"MENTEE_HOME": spellings[3]})  # one undo history
    assert undo.returncode == 0, undo.stderr
    assert list((journal / "notes").glob("*.toml")) == []


def test_racing_writers_through_four_spellings_lose_nothing(tmp_path: Path) -> None:
    """Four processes, each through another spelling, add notes to one action at once:
    every note lands, every command exits 0."""
    journal, spellings = _spellings(tmp_path)
    created = installed("action", "add", "Shared", "--json", env={"MENTEE_HOME": str(journal)})
    action = json.loads(created.stdout)["id"]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, MENTEE, spelling, action, f"w{n}", str(EACH)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, spelling in enumerate(spellings)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
    shown = installed("action", "show", action, "--json", env={"MENTEE_HOME": str(journal)})
    texts = sorted(n["text"] for n in json.loads(shown.stdout)["notes"])
    assert texts == sorted(f"w{n}-{i}" for n in range(len(spellings)) for i in range(EACH))
