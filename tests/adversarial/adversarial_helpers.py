"""Plain helpers of the adversarial suite (imported by name: tests/adversarial is on sys.path)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import Result

from mentee.cli.paths import FOLDERS as FOLDERS  # each kind's folder in the data directory

# Characters a terminal acts on: C0 (but newline), DEL, C1, bidi controls, line separators.
UNSAFE = (
    {chr(c) for c in range(0x20) if c != 0x0A}
    | {chr(c) for c in range(0x7F, 0xA0)}
    | set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    | {"\u2028", "\u2029"}
)


def error_line(result: Result) -> str:
    """The one stderr line of a failed command: `mentee: ...`, no traceback."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mentee: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def raw_unsafe(text: str) -> list[str]:
    return sorted({c for c in text if c in UNSAFE})


def files(home: Path) -> dict[str, bytes]:
    """Every file under the journal, by relative path, with its bytes."""
    if not home.exists():
        return {}
    return {
        p.relative_to(home).as_posix(): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def temp_files(home: Path) -> list[str]:
    """Temp files left in the journal (`.*.tmp`)."""
    if not home.exists():
        return []
    return sorted(p.relative_to(home).as_posix() for p in home.rglob(".*.tmp"))


def ids_listed(run: Any, kind: str, *extra: str) -> list[str]:
    """The ids `mentee KIND list --json` shows (`--all` where the command has it)."""
    result = run(kind, "list", *extra, "--json")
    assert result.exit_code == 0, result.stderr
    return sorted(r["id"] for r in json.loads(result.stdout))


def write_private(path: Path, content: bytes) -> None:
    """Write a file as mentee would (mode 0600), so only its content is under test."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_bytes(content)
    path.chmod(0o600)


def record_path(home: Path, kind: str, record_id: str) -> Path:
    return home / FOLDERS[kind] / f"{record_id}.toml"


# The option that makes each kind's list show every record, whatever its status.
LIST_ALL = {
    "goal": ["--all"],
    "mentor": ["--all"],
    "meeting": ["--all"],
    "action": ["--all"],
    "topic": ["--all"],
    "feedback": [],
    "note": [],
}


# The installed command (the one a user runs): the venv's `mentee` beside this Python.
MENTEE = str(Path(sys.executable).parent / "mentee")


def installed(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    timeout: float = 120,
    **kwargs: Any,
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed `mentee ARGS...` as a user would (the test's environment, plus
    `env`), capturing its output as bytes."""
    return subprocess.run(
        [MENTEE, *args],
        env={**os.environ, **(env or {})},
        input=stdin,
        capture_output=True,
        timeout=timeout,
        check=False,
        **kwargs,
    )


def no_traceback(done: subprocess.CompletedProcess[bytes]) -> str:
    """stderr of an installed run, checked to hold no traceback and only `mentee:` lines
    or plain messages."""
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return err
