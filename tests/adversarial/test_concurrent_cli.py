"""Several `mentee` processes changing one journal at once lose nothing, undo included.

tests/test_concurrency.py races the library; here whole command lines race: each worker
process runs `mentee action note` on the same action (read-modify-write) and `mentee note
add` (new records) in a loop, all released at once. Every change must land, each command
must be one entry of the undo history, and undo must then walk back through them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from mentee.history import History

WORKERS = 3
EACH = 5

WORKER = """
import os, sys, time
from pathlib import Path
from mentee.cli import main

ready, go, action, name, count = sys.argv[1:]
Path(ready).touch()
deadline = time.monotonic() + 30
while not os.path.exists(go):
    if time.monotonic() > deadline:
        sys.exit("never told to start")
    time.sleep(0.002)

def mentee(*args):
    try:
        main(list(args))
    except SystemExit as exc:
        if exc.code not in (0, None):
            sys.exit(f"mentee {args} ended with {exc.code}")

for i in range(int(count)):
    mentee("action", "note", action, f"{name}-{i}")
    mentee("note", "add", f"{name}-new-{i}")
"""


def test_concurrent_commands_keep_every_change_and_a_clean_history(run, home: Path) -> None:
    """WORKERS processes x EACH note on one action and EACH new notes: all kept, undoable."""
    action = json.loads(run("action", "add", "Shared action", "--json").stdout)["id"]
    env = {**os.environ}
    signals = home.parent / "signals"
    signals.mkdir()
    go = signals / "go"
    workers = []
    for number in range(WORKERS):
        ready = signals / f"ready-{number}"
        argv = [sys.executable, "-c", WORKER, str(ready), str(go), action, f"w{number}", str(EACH)]
        process = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)
        workers.append((ready, process))
    try:
        deadline = time.monotonic() + 30
        while not all(ready.exists() for ready, _ in workers):
            assert all(p.poll() is None for _, p in workers), "a worker died while starting"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        go.touch()
        for _, process in workers:
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr
    finally:
        for _, process in workers:
            if process.poll() is None:
                process.kill()
                process.wait()

    shown = json.loads(run("action", "show", action, "--json").stdout)
    texts = [n["text"] for n in shown["notes"]]
    expected = sorted(f"w{w}-{i}" for w in range(WORKERS) for i in range(EACH))
    assert sorted(texts) == expected
    for w in range(WORKERS):  # each worker's changes in the order it made them
        assert [t for t in texts if t.startswith(f"w{w}-")] == [f"w{w}-{i}" for i in range(EACH)]
    new = sorted(n["text"] for n in json.loads(run("note", "list", "--json").stdout))
    assert new == sorted(f"w{w}-new-{i}" for w in range(WORKERS) for i in range(EACH))
    assert list(home.rglob(".*.tmp")) == []

    entries = History(next((home.parent / "cache" / "mentee" / "history").iterdir())).entries()
    commands = [e.command for e in entries]
    assert commands.count("action note") == WORKERS * EACH
    assert commands.count("note add") == WORKERS * EACH
    assert all(len(e.changes) == 1 for e in entries[:-1])
    # Undo walks back through the interleaved commands without a conflict.
    for _ in range(2 * WORKERS * EACH):
        result = run("undo")
        assert result.exit_code == 0, result.stderr
    assert json.loads(run("action", "show", action, "--json").stdout)["notes"] == []
    assert json.loads(run("note", "list", "--json").stdout) == []
