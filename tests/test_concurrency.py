"""Several real processes changing one journal at once lose no update (the store's lock)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from mentee.journal.action import add_action
from mentee.journal.mentor import add_mentor
from mentee.kinds import Kind
from mentee.models import Action, Mentor, Note
from mentee.store import Store

TODAY = date(2026, 11, 21)
WORKERS = 4
EACH = 20

# One worker: signals it is ready, waits for the start file, then does `count` changes.
WORKER = """
import os, sys, time
from datetime import date
from pathlib import Path
from mentee.journal.action import note_action
from mentee.journal.entries import add_note
from mentee.journal.mentor import thank_mentor
from mentee.store import Store

root, lock, ready, go, mode, target, name, count = sys.argv[1:]
store = Store(Path(root), Path(lock))
today = date(2026, 11, 21)
Path(ready).touch()
deadline = time.monotonic() + 20
while not os.path.exists(go):
    if time.monotonic() > deadline:
        sys.exit("never told to start")
    time.sleep(0.002)
for i in range(int(count)):
    text = f"{name}-{i}"
    if mode == "note":
        note_action(store, target, text=text, today=today)
    elif mode == "thank":
        thank_mentor(store, target, text=text, today=today)
    elif mode == "create":
        add_note(store, text=text, today=today)
    else:
        sys.exit(f"unknown mode {mode}")
"""


def run_workers(store: Store, tmp_path: Path, mode: str, target: str = "-") -> None:
    """Start WORKERS processes, release them together, and wait for all to succeed."""
    signals = tmp_path / "signals"
    signals.mkdir(exist_ok=True)
    go = signals / f"go-{mode}"
    processes = []
    for number in range(WORKERS):
        ready = signals / f"ready-{mode}-{number}"
        args = [str(store.root), str(store.lock_path), str(ready), str(go), mode, target]
        processes.append(
            (
                ready,
                subprocess.Popen(
                    [sys.executable, "-c", WORKER, *args, f"w{number}", str(EACH)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    try:
        deadline = time.monotonic() + 20
        while not all(ready.exists() for ready, _ in processes):
            assert all(p.poll() is None for _, p in processes), "a worker died while starting"
            assert time.monotonic() < deadline, "workers did not start"
            time.sleep(0.005)
        go.touch()
        for _, process in processes:
            _, stderr = process.communicate(timeout=60)
            assert process.returncode == 0, stderr
    finally:
        for _, process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def expected_texts() -> list[str]:
    return sorted(f"w{w}-{i}" for w in range(WORKERS) for i in range(EACH))


def assert_in_order_per_worker(texts: list[str]) -> None:
    """Each worker's own changes appear in the order it made them."""
    for worker in range(WORKERS):
        mine = [int(t.split("-")[1]) for t in texts if t.startswith(f"w{worker}-")]
        assert mine == list(range(EACH))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "journal", tmp_path / "cache" / "journal.lock")


def test_concurrent_notes_on_one_action_are_all_kept(store: Store, tmp_path: Path) -> None:
    """Processes adding notes to the same action at once keep every note: no lost update."""
    action = add_action(store, title="Prepare the talk")
    run_workers(store, tmp_path, "note", action.id)
    fresh = Store(store.root, store.lock_path)
    final = fresh.read(Kind.ACTION, action.id)
    assert isinstance(final, Action)
    texts = [n.text for n in final.notes]
    assert sorted(texts) == expected_texts()
    assert_in_order_per_worker(texts)
    assert fresh.problems == {}
    assert sorted(p.name for p in (store.root / "actions").iterdir()) == [f"{action.id}.toml"]


def test_concurrent_thanks_to_one_mentor_are_all_kept(store: Store, tmp_path: Path) -> None:
    """Processes thanking the same mentor at once keep every thanks, and the file parses."""
    mentor = add_mentor(store, name="Alex Kim")
    run_workers(store, tmp_path, "thank", "alex")
    final = Store(store.root, store.lock_path).read(Kind.MENTOR, mentor.id)
    assert isinstance(final, Mentor)
    texts = [t.text for t in final.thanks]
    assert sorted(texts) == expected_texts()
    assert_in_order_per_worker(texts)
    assert sorted(p.name for p in (store.root / "mentors").iterdir()) == ["alex-kim.toml"]


def test_concurrent_creates_all_land_with_distinct_ids(store: Store, tmp_path: Path) -> None:
    """Processes creating records at once each get their own id, and every record is kept."""
    run_workers(store, tmp_path, "create")
    fresh = Store(store.root, store.lock_path)
    loaded = fresh.load(Kind.NOTE)
    assert loaded.problems == []
    notes = [r for r in loaded.records if isinstance(r, Note)]
    assert len(notes) == WORKERS * EACH
    assert len({n.id for n in notes}) == WORKERS * EACH
    assert sorted(n.text for n in notes) == expected_texts()
    names = [p.name for p in (store.root / "notes").iterdir()]
    assert Counter(name.endswith(".toml") for name in names) == Counter({True: WORKERS * EACH})
