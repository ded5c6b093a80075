"""Why a file cannot be read, in words a person can act on: `path:line: message`.

The store's diagnostics: a `Problem` for each file that cannot be loaded, the wording of a
file that is not TOML (NUL bytes, merge conflict markers, lone carriage returns, nesting
too deep, a duplicate key...) with the line it is on, the line where a key is set, and why
a `.toml` file whose name is not an id (a sync tool's conflict copy?) is not loaded.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from mentee.errors import StoreError

MAX_DEPTH = 64
# Patterns compiled when a file is found damaged (`re` caches them), not at every start.
_TOML_LINE = r"at line (\d+)"


class Problem(NamedTuple):
    """Why one file could not be loaded, as `path:line: message`."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class DamagedRecordError(StoreError):
    """One record file exists but cannot be read; carries the problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def linked_folder_message(folder: Path) -> str:
    """Why a record folder that is a symbolic link is refused, in words a person can act on."""
    try:
        target = os.readlink(folder)
    except OSError:
        target = "?"
    return (
        f"is a symbolic link (to {target}); mentee never reads or writes records through "
        "one (they would live outside the journal): make it a real folder"
    )


_CONFLICT_MARKER = r"^(?:<{7}|={7}|>{7}|\|{7})(?:[ \t].*)?$"
_LONE_CR = r"\r(?!\n)"
_LONG_NUMBER = r"[0-9][0-9_]{4000,}"


def toml_problem(path: Path, text: str, exc: BaseException) -> Problem:
    """Why `text` is not TOML, in words a person can act on, with the line when known."""

    def line_at(index: int) -> int:
        return text.count("\n", 0, index) + 1

    if "\x00" in text:
        return Problem(
            path,
            "contains NUL bytes: the file is damaged (a crash or a disk error?)",
            line_at(text.index("\x00")),
        )
    if marker := re.search(_CONFLICT_MARKER, text, re.MULTILINE):
        return Problem(
            path,
            "contains git merge conflict markers: keep one version and delete the markers",
            line_at(marker.start()),
        )
    if lone := re.search(_LONE_CR, text):
        return Problem(
            path,
            "has lone carriage returns (CR) as line ends: save it with LF line ends",
            line_at(lone.start()),
        )
    if isinstance(exc, RecursionError):
        return Problem(path, "invalid TOML: arrays or tables nested too deeply", deep_line(text))
    import tomllib

    if not isinstance(exc, tomllib.TOMLDecodeError):
        long_number = re.search(_LONG_NUMBER, text)
        if long_number and "digits" in str(exc):
            return Problem(
                path, "invalid TOML: a number too long to read", line_at(long_number.start())
            )
        return Problem(path, f"invalid TOML: {short(exc)}")
    match = re.search(_TOML_LINE, str(exc))
    message = re.sub(_TOML_LINE, "", str(exc)).replace("(, column", "(column")
    message = re.sub(r"\s*\(column \d+\)|\s*\(\)", "", message).strip() or "bad TOML"
    line = int(match[1]) if match else None
    if message == "Cannot overwrite a value":
        message = "a key is set twice (duplicate key)"
    elif declared := re.fullmatch(r"Cannot declare \((.*)\) twice", message):
        names = ".".join(part.strip().strip("'\"") for part in declared[1].split(",") if part)
        message = f"table [{names}] is declared twice"
    if line is None and "end of document" in message:
        line = text.count("\n") + (0 if text.endswith("\n") else 1)
        message = message.replace("(at end of document)", "at the end of the file").strip()
    return Problem(path, f"invalid TOML: {message}", line)


def nesting_depth(value: Any) -> int:
    """How deeply arrays and tables nest in `value` (a scalar: 0), without recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth + 1)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def deep_line(text: str, limit: int = 100) -> int | None:
    """The line where brackets first nest `limit` deep (strings aside, roughly)."""
    depth = 0
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        elif char in "[{":
            depth += 1
            if depth >= limit:
                return line
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


_SYNCTHING = r"^(.*)\.sync-conflict-[0-9]{8}-[0-9]{6}(?:-[A-Z0-9]+)?\.toml$"
_DROPBOX = r"^(.*?) \([^()]*conflicted copy[^()]*\)\.toml$"


def not_an_id(name: str) -> str:
    """Why a `.toml` file whose name is not an id is not loaded."""
    from mentee.ids import conflict_copy_record

    if conflict_copy_record(name):
        return (
            "not loaded: a conflict copy left by `mentee sync` (a field changed on two "
            "devices); choose a value with `mentee sync resolve`"
        )
    if match := re.match(_SYNCTHING, name):
        return (
            f"not loaded: a Syncthing conflict copy of {match[1]}.toml; merge what you need "
            "into that record, then delete this copy"
        )
    if match := re.match(_DROPBOX, name, re.IGNORECASE):
        return (
            f"not loaded: a conflicted copy of {match[1]}.toml (Dropbox, Nextcloud); merge "
            "what you need into that record, then delete this copy"
        )
    if "conflict" in name.lower():
        return (
            "not loaded: a sync conflict copy; merge what you need into the record, "
            "then delete this copy"
        )
    return "not loaded: the file name is not a record id (a copy or a stray file?)"


def line_of(text: str, key: str) -> int | None:
    """The line of a record file's text where `key = ...` (or `[key]`/`[[key]]`) is first
    set, if anywhere (for messages)."""
    if not key:
        return None
    pattern = re.compile(
        # `[ \t]*`, not `\s*`: a leading \s* would swallow blank lines and report the line above.
        rf"^[ \t]*(?:{re.escape(key)}[ \t]*=|\[\[?[ \t]*{re.escape(key)}[ \t]*\]\]?)",
        re.MULTILINE,
    )
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def short(exc: BaseException) -> str:
    """An exception's words, at most 120 characters of them."""
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
