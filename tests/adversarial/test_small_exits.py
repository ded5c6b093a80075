"""Small exits: a reader gone before the first write is exit 0; stdout closed is one error
line; the `--replace` hint only when `--replace` was not given. Through the installed
`mentee`, as a shell runs it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from adversarial_helpers import MENTEE, installed, no_traceback, write_private


@pytest.mark.parametrize(
    "args",
    [
        ["action", "list"],
        ["action", "list", "--json"],
        ["export"],
        ["export", "--format", "csv", "--kind", "action"],
        [],
        ["review", "--format", "html"],
    ],
    ids=lambda args: " ".join(args) or "dashboard",
)
def test_a_reader_gone_before_the_first_write_is_exit_0(home: Path, args: list[str]) -> None:
    """`mentee ... | true`: the pipe's reader is gone before mentee writes (its end is
    closed before mentee starts): exit 0, nothing on stderr."""
    env = {**os.environ, "MENTEE_HOME": str(home)}
    for title in ("One", "Two"):
        installed("action", "add", title, env={"MENTEE_HOME": str(home)})
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [MENTEE, *args],
            stdout=write,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""


@pytest.mark.parametrize("args", [["action", "list"], ["note", "add", "Never added"]])
def test_stdout_closed_is_one_error_line_and_nothing_done(home: Path, args: list[str]) -> None:
    """`mentee ... >&-`: one line on stderr, exit 1, no traceback, nothing written."""
    done = subprocess.run(
        ["sh", "-c", 'exec "$0" "$@" >&-', MENTEE, *args],
        env={**os.environ, "MENTEE_HOME": str(home)},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    err = no_traceback(done)
    assert err == (
        "mentee: standard output is closed; nothing done (to discard the output, send it to "
        "/dev/null)\n"
    )
    assert not (home / "notes").exists()


def test_the_replace_hint_is_not_shown_when_replace_was_given(
    run, home: Path, tmp_path: Path, journal: dict[str, str]
) -> None:
    """An import whose conflicts --replace cannot settle (a record file that cannot be
    read) says so without suggesting --replace again; without it, the hint is there."""
    exported = tmp_path / "export.json"
    assert run("export", "-o", str(exported)).exit_code == 0
    document = json.loads(exported.read_text())
    document["goals"][0]["title"] = "Changed in the file"
    exported.write_text(json.dumps(document))
    path = home / "goals" / f"{journal['goal']}.toml"
    write_private(path, b'id = "broken\n')
    with_replace = run("import", "--replace", str(exported))
    assert with_replace.exit_code == 1
    assert "--replace" not in with_replace.stderr.splitlines()[-1]
    assert "cannot be read, never replaced" in with_replace.stderr
    without = run("import", str(exported))
    assert "--replace overwrites them" in without.stderr.splitlines()[-1]
