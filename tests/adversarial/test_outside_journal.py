"""Nothing written outside the journal: a record folder that is a symbolic link is refused
and reported; `export -o` writes into a FIFO or a device and never replaces it, and over a
regular file it is atomic."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest
from adversarial_helpers import error_line, installed, no_traceback


@pytest.fixture
def linked_topics(run, home: Path, tmp_path: Path, journal: dict[str, str]) -> Path:
    """The journal's `topics/` replaced by a symbolic link to a folder elsewhere."""
    elsewhere = tmp_path / "elsewhere"
    (home / "topics").rename(elsewhere)
    os.symlink(elsewhere, home / "topics")
    return elsewhere


def test_a_linked_record_folder_is_reported_and_never_followed(
    run, home: Path, linked_topics: Path, journal: dict[str, str]
) -> None:
    """Its records are not read (one warning naming the link), every other kind still is,
    and doctor reports it."""
    listed = run("topic", "list", "--json")
    assert listed.exit_code == 0
    assert json.loads(listed.stdout) == []
    assert listed.stderr.startswith(f"mentee: warning: {home / 'topics'}: is a symbolic link")
    assert len(listed.stderr.splitlines()) == 1
    assert journal["goal"] in run("goal", "list", "--json").stdout
    doctor = run("doctor")
    assert doctor.exit_code == 1
    assert f"{home / 'topics'}: is a symbolic link (to {linked_topics})" in doctor.stdout


def test_nothing_is_written_through_a_linked_record_folder(
    run, home: Path, linked_topics: Path, journal: dict[str, str]
) -> None:
    """Adding, changing or reading one record there is one error line; the folder the link
    points to is untouched."""
    before = {p.name: p.read_bytes() for p in linked_topics.iterdir()}
    added = run("topic", "add", "Would land outside")
    assert added.exit_code == 1
    assert error_line(added).startswith(f"mentee: {home / 'topics'}: is a symbolic link")
    dropped = run("topic", "drop", journal["topic"])
    assert dropped.exit_code != 0
    error_line(dropped)
    assert {p.name: p.read_bytes() for p in linked_topics.iterdir()} == before


def test_export_into_a_fifo_writes_into_it_and_keeps_it(run, home, tmp_path, journal) -> None:
    """`export -o FIFO` writes the export into the pipe; the FIFO is still a FIFO."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("export", "--format", "jsonl", "-o", str(fifo))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    ids = {json.loads(line)["id"] for line in received[0].decode().splitlines()}
    assert set(journal.values()) <= ids


def test_export_into_a_device_writes_into_it(run, journal) -> None:
    """`export -o /dev/null` writes into the device: exit 0, /dev/null still a device."""
    result = run("export", "-o", "/dev/null")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_into_dev_stdout_reaches_the_pipe(home: Path, journal: dict[str, str]) -> None:
    """`-o /dev/stdout` (a link to this process's stdout, a pipe here) is written into."""
    done = installed(
        "export", "--format", "jsonl", "-o", "/dev/stdout", env={"MENTEE_HOME": str(home)}
    )
    no_traceback(done)
    assert done.returncode == 0
    assert {json.loads(line)["id"] for line in done.stdout.decode().splitlines()} >= set(
        journal.values()
    )


def test_export_over_a_regular_file_is_atomic(run, tmp_path, journal) -> None:
    """Over an existing file: a new file takes its place whole (the old one is never
    half-overwritten), no temp file is left, and a link to a file is refused."""
    target = tmp_path / "backup.json"
    target.write_text("old backup")
    inode = target.stat().st_ino
    assert run("export", "-o", str(target)).exit_code == 0
    assert target.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert json.loads(target.read_text())["format"] == "mentee/1"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    link = tmp_path / "link.json"
    os.symlink(target, link)
    refused = run("export", "-o", str(link))
    assert refused.exit_code == 1
    assert "symbolic link" in error_line(refused)
