"""Writers killed with SIGKILL at random moments never leave a half-written record.

Each round starts a process that keeps rewriting a large record (read, append, save) and
creating new ones through the store, with the undo history on, and kills it at a random
moment. After every kill each record file must read whole, the large record must never have
lost an update it had before, and only temp files (`.*.tmp`, which doctor reports) may be
left behind. The rounds are bounded so the test takes seconds.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from mentee.history import History
from mentee.journal.action import add_action
from mentee.journal.entries import add_note
from mentee.journal.records import update
from mentee.kinds import Kind
from mentee.models import Action
from mentee.store import Store

ROUNDS = 10
SEED = int(os.environ.get("MENTEE_CRASH_SEED", "20261121"))

WRITER = """
import sys
from datetime import date
from pathlib import Path
from mentee.journal.action import note_action
from mentee.journal.entries import add_note
from mentee.store import Store

root, lock, history, ready, action, round_number = sys.argv[1:]
store = Store(Path(root), Path(lock), Path(history))
today = date(2026, 11, 21)
number = 0
while True:
    number += 1
    store = Store(Path(root), Path(lock), Path(history))  # one history entry a change
    text = f"note {round_number} {number} " + "y" * 2000
    note_action(store, action, text=text, today=today)
    add_note(store, text=f"new {round_number} {number} " + "z" * 20000, today=today)
    if number == 1:
        # Ready once a write has landed (imports done): the kill then falls among writes
        # on however busy a machine, not in the start-up.
        Path(ready).touch()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkilled_writers_leave_every_record_whole(tmp_path: Path) -> None:
    """ROUNDS writers of large records killed at random: every file still parses, no loss."""
    rng = random.Random(SEED)
    root, lock, history = tmp_path / "journal", tmp_path / "journal.lock", tmp_path / "history"
    store = Store(root, lock)
    action = add_action(store, title="Big " + "x" * 100_000)
    notes_before = 0
    for round_number in range(ROUNDS):
        ready = tmp_path / f"ready-{round_number}"
        writer = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(root),
                str(lock),
                str(history),
                str(ready),
                action.id,
                str(round_number),
            ],
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 20
            while not ready.exists():
                assert writer.poll() is None, writer.stderr.read() if writer.stderr else ""
                assert time.monotonic() < deadline, "the writer never started"
                time.sleep(0.002)
            time.sleep(rng.uniform(0.0, 0.12))
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=20)
            if writer.stderr:
                writer.stderr.close()
        fresh = Store(root, lock)
        for kind in Kind:
            loaded = fresh.load(kind)
            assert loaded.problems == [], (SEED, round_number, loaded.problems)
        big = fresh.read(Kind.ACTION, action.id)
        assert isinstance(big, Action)
        assert len(big.notes) >= notes_before, (SEED, round_number)
        # Every update that landed is still there, once, in the order it was made.
        order = [tuple(int(x) for x in n.text.split()[1:3]) for n in big.notes]
        assert order == sorted(set(order)), (SEED, round_number)
        for each in {r for r, _ in order}:
            numbers = [n for r, n in order if r == each]
            assert numbers == list(range(1, len(numbers) + 1)), (SEED, round_number)
        notes_before = len(big.notes)
        leftovers = [p for p in root.rglob("*") if p.is_file() and not p.name.endswith(".toml")]
        assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in leftovers)
        History(history).entries()  # every history entry still reads
    # Each round's first write landed before its kill, so every round left at least one note.
    assert notes_before >= ROUNDS, (SEED, notes_before)


def test_after_a_crash_the_next_write_and_undo_work(tmp_path: Path) -> None:
    """A temp file left by a killed writer is no obstacle: saving and undo work after it."""
    root, lock, history = tmp_path / "journal", tmp_path / "journal.lock", tmp_path / "history"
    store = Store(root, lock, history)
    note = add_note(store, text="before", today=date(2026, 11, 21))
    stray = root / "notes" / f".{note.id}.toml.0123456789ab.tmp"
    stray.write_bytes(b'id = "half')
    later = Store(root, lock, history)
    later.command = "note edit"
    update(later, type(note), note.id, {"text": "after"})
    from mentee.history import undo

    done = undo(Store(root, lock, history))
    assert done.entry.command == "note edit"
    reread = Store(root, lock).read(Kind.NOTE, note.id)
    assert reread.text == "before"  # type: ignore[attr-defined]
    assert stray.read_bytes() == b'id = "half'
