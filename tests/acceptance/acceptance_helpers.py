"""Helpers of the acceptance suite: SPEC's promises checked through the installed `mentee`,
as a user's script sees them (a subprocess, stdout a pipe, a fixed MENTEE_TODAY and TZ, a
journal of its own).

Nothing here imports mentee: the command is found next to this Python (the venv's `bin`) and
every test talks to it through argv, environment, stdin, stdout, stderr, exit code and the
journal's files. Journals that several tests only read are built once per module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TODAY = "2026-11-21"  # a Saturday
TZ = "Europe/Berlin"  # the mentee's zone: +01:00 in winter, +02:00 in summer

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def mentee_command() -> str:
    """The installed `mentee` of this environment (the venv running the tests)."""
    found = shutil.which("mentee", path=str(Path(sys.prefix) / "bin"))
    if found is None:
        found = str(Path(sys.executable).parent / "mentee")
    assert Path(found).exists(), f"mentee is not installed next to {sys.executable}"
    return found


MENTEE = mentee_command()


@dataclass(frozen=True)
class Done:
    """One finished `mentee` process."""

    args: tuple[str, ...]
    code: int
    out: str
    err: str

    def __str__(self) -> str:  # shown by pytest when an assertion on it fails
        return (
            f"mentee {' '.join(self.args)} -> {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}"
        )

    @property
    def json(self) -> Any:
        return json.loads(self.out)

    def one_clean_error_line(self) -> str:
        """The single stderr line of a failure; asserts it is one line and no traceback."""
        assert self.code != 0, self
        assert "Traceback" not in self.err, self
        lines = self.err.strip().splitlines()
        assert len(lines) == 1, self
        assert self.out == "", self
        return lines[0]


@dataclass(frozen=True)
class Cmd:
    """A command for `Journal.run_many` with its own environment or day."""

    args: tuple[str, ...]
    env: Mapping[str, str] | None = None
    today: str | None = None


@dataclass
class Journal:
    """A journal of its own and the environment a user's script would run `mentee` in."""

    root: Path
    today: str = TODAY
    tz: str = TZ
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def home(self) -> Path:
        return self.root / "journal"

    def env(
        self, today: str | None = None, extra: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.root / "user"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "MENTEE_HOME": str(self.home),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "XDG_DATA_HOME": str(self.root / "data"),
            "XDG_CONFIG_HOME": str(self.root / "config"),
            "MENTEE_TODAY": today or self.today,
            "TZ": self.tz,
            "NO_COLOR": "1",
            "COLUMNS": "80",
            "TERM": "dumb",
        }
        env.update(self.extra_env)
        if extra:
            env.update(extra)
        return {k: v for k, v in env.items() if v is not None}

    def run(
        self,
        *args: str,
        today: str | None = None,
        input: str | None = None,
        env: Mapping[str, str] | None = None,
        drop_env: tuple[str, ...] = (),
    ) -> Done:
        full = self.env(today, env)
        for name in drop_env:
            full.pop(name, None)
        proc = subprocess.run(
            [MENTEE, *args],
            input=input if input is not None else "",
            capture_output=True,
            text=True,
            env=full,
            cwd=self.root,
            timeout=60,
            check=False,
        )
        return Done(tuple(args), proc.returncode, proc.stdout, proc.stderr)

    def run_many(self, *commands: tuple[str, ...] | Cmd, today: str | None = None) -> list[Done]:
        """Run independent commands side by side (the machine's cores), results in order.

        Each is an argv tuple or a `Cmd` (its own environment or day). Commands that write
        may run together: the store's lock keeps every update (SPEC: Principles).
        """
        from concurrent.futures import ThreadPoolExecutor

        def one(command: tuple[str, ...] | Cmd) -> Done:
            if isinstance(command, Cmd):
                return self.run(*command.args, today=command.today or today, env=command.env)
            return self.run(*command, today=today)

        workers = max(2, os.cpu_count() or 2)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(one, commands))

    def ok(self, *args: str, **kw: Any) -> Done:
        """Run a command that must succeed (exit 0) without a traceback."""
        done = self.run(*args, **kw)
        assert done.code == 0, done
        assert "Traceback" not in done.err, done
        return done

    def json(self, *args: str, **kw: Any) -> Any:
        """Run a command with --json that must succeed; its parsed stdout."""
        return self.ok(*args, "--json", **kw).json

    def add(self, *args: str, **kw: Any) -> str:
        """Run a creating command piped; the id it prints alone on stdout."""
        done = self.ok(*args, **kw)
        new_id = done.out.strip()
        assert re.fullmatch(r"[a-z0-9-]+", new_id), done
        return new_id

    def load(self, **kinds: list[dict[str, Any]]) -> None:
        """Put records in the journal through `mentee import -` (export --format json's shape)."""
        document = {"format": "mentee/1", **kinds}
        self.ok("import", "-", input=json.dumps(document))

    def record(self, folder: str, record_id: str) -> dict[str, Any]:
        """A record file as TOML (the file format is part of the contract)."""
        return tomllib.loads((self.home / folder / f"{record_id}.toml").read_text("utf-8"))

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the journal and its bytes."""
        if not self.home.exists():
            return {}
        return {
            str(p.relative_to(self.home)): p.read_bytes()
            for p in sorted(self.home.rglob("*"))
            if p.is_file()
        }


def lines_of(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


def flat(text: str) -> str:
    """Text with every run of whitespace made one space (tables wrap at 80 columns)."""
    return " ".join(text.split())
