"""Plain helpers for the CLI tests (imported by name: tests/cli is on sys.path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.testing import Result

# Characters that must never reach a terminal raw from user text (SPEC: escaped in views).
RAW_CONTROLS = [chr(c) for c in range(0x20) if chr(c) != "\n"] + [chr(c) for c in range(0x7F, 0xA0)]
BIDI_CONTROLS = list("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def listing(folder: Path) -> list[Path]:
    """The entries of a folder, none when it does not exist."""
    return sorted(folder.iterdir()) if folder.exists() else []


def error_line(result: Result) -> str:
    """The single stderr line of a failed command, checked to be one `mentee: ` line."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mentee: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def append_unknown_keys(path: Path) -> None:
    """Add keys this version does not know to a record file, as a newer mentee might."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write('\nfuture_field = "keep me"\n\n[plugin]\nscore = 7\n')


def assert_unknown_keys_kept(data: dict[str, Any]) -> None:
    """The keys `append_unknown_keys` wrote survived a rewrite."""
    assert data["future_field"] == "keep me"
    assert data["plugin"] == {"score": 7}


def raw_unsafe(text: str) -> list[str]:
    """Every control or bidi character in `text` that a terminal would act on."""
    return [c for c in text if c in RAW_CONTROLS or c in BIDI_CONTROLS]
