"""Devices for the adversarial sync tests: journals in tmp_path, remotes bare repos there.

Imported by name (tests/adversarial is on sys.path). Each device is its own data directory
(`--home`), as separate machines would be; the merge driver runs as git runs it.
"""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from mentee.cli.app import app

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test Person",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test Person",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def plain_git(tmp_path: Path, monkeypatch: Any) -> None:
    """Isolate git from the machine's configuration and give it an identity."""
    config = tmp_path / "gitconfig"
    config.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name, value in IDENTITY.items():
        monkeypatch.setenv(name, value)


def git(where: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=where, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def bare(path: Path) -> Path:
    """An empty bare repository, as on a USB stick or a NAS."""
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True, timeout=60)
    return path


class Device:
    """One machine with its own journal."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.runner = CliRunner()

    def run(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(
            app, ["--home", str(self.home), *args], input=input, catch_exceptions=False
        )

    def ok(self, *args: str) -> Result:
        result = self.run(*args)
        assert result.exit_code == 0, result.stderr
        return result

    def new(self, *args: str) -> str:
        return str(json.loads(self.ok(*args, "--json").stdout)["id"])

    def git(self, *args: str) -> str:
        return git(self.home, *args)

    def toml(self, folder: str, record_id: str) -> dict[str, Any]:
        return tomllib.loads((self.home / folder / f"{record_id}.toml").read_text("utf-8"))

    def files(self) -> dict[str, bytes]:
        """Every file of the journal but git's own, with its content."""
        return {
            p.relative_to(self.home).as_posix(): p.read_bytes()
            for p in sorted(self.home.rglob("*"))
            if p.is_file() and ".git" not in p.relative_to(self.home).parts[:1]
        }

    def committed(self) -> list[str]:
        """The files of the last commit."""
        return sorted(self.git("ls-tree", "-r", "--name-only", "HEAD").splitlines())

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")


def remote_head(remote: Path) -> str:
    return git(remote, "rev-parse", "refs/heads/main")


def push_by_hand(device: Device, message: str = "by hand") -> None:
    """Commit and push everything with git itself, past mentee's checks (an older mentee,
    or a person using git directly)."""
    device.git("add", "--all")
    device.git("commit", "-q", "-m", message)
    device.git("push", "-q", "origin", "HEAD:main")
