"""Which kinds a command line reads, so `mentee.scan` can compare their folders with the
index on another core while the command line is being built (see there).

Only the commands that read much of the journal, as the user types them most: the dashboard,
the agenda, the lists, the review, `check`, search and export. The table is a shortcut and
nothing more: a kind left out is compared by the store itself, one named but not read costs
the other core a little time; a test keeps it true.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from mentee.cli.paths import FOLDERS

# A command's words (after the options that go before it) -> the kinds it reads, in the
# order it first reads them (the store compares itself, while it waits for the child, the
# next kinds it will read).
READS: dict[tuple[str, ...], tuple[str, ...]] = {
    (): ("meeting", "mentor", "action", "goal"),
    ("agenda", "next"): ("mentor", "goal", "meeting", "action", "note", "feedback", "topic"),
    ("review",): ("mentor", "goal", "action", "meeting", "note", "feedback", "topic"),
    ("check",): ("mentor", "goal", "action", "meeting", "note", "feedback", "topic"),
    ("search",): ("goal", "mentor", "meeting", "action", "feedback", "note", "topic"),
    ("export",): ("mentor", "goal", "action", "meeting", "note", "feedback", "topic"),
    ("action", "list"): ("action", "mentor", "goal"),
    ("goal", "list"): ("goal", "mentor"),
    ("meeting", "list"): ("meeting", "mentor", "goal"),
    ("note", "list"): ("note", "mentor", "goal"),
    ("feedback", "list"): ("feedback", "mentor", "goal"),
    ("topic", "list"): ("topic", "mentor", "goal"),
    ("mentor", "list"): ("mentor", "goal"),
}
# The options that go before a command and take a value.
_VALUED = ("--home", "--color")


def read_ahead(args: Sequence[str]) -> bool:
    """Start comparing the folders the command in `args` reads (see `mentee.scan.ahead`);
    True when that was started. Nothing when the command is not in `READS` or its words
    cannot be told without Typer (then the store compares each kind itself)."""
    line = _command(args)
    if line is None:
        return False
    words, home_option = line
    kinds = READS.get(words)
    if kinds is None:
        return False
    from pathlib import Path

    from mentee import scan
    from mentee.cli.paths import index_path_for, resolve_home

    home, _ = resolve_home(Path(home_option) if home_option is not None else None)
    folders = {kind: os.path.join(home, FOLDERS[kind]) for kind in kinds}
    return scan.ahead(os.fspath(index_path_for(home)), folders)


def _command(args: Sequence[str]) -> tuple[tuple[str, ...], str | None] | None:
    """The command's words in `args` (up to the first option after them, or two) and the
    `--home` given before it; None when `args` asks for help or has an option before the
    command that is not one of the root's."""
    if "--help" in args or "-h" in args:
        return None
    home: str | None = None
    position = 0
    while position < len(args) and args[position].startswith("-"):
        option, equals, value = args[position].partition("=")
        if option in _VALUED:
            if not equals:
                position += 1
                if position == len(args):
                    return None
                value = args[position]
            if option == "--home":
                home = value
        elif args[position] != "--json":
            return None
        position += 1
    words: list[str] = []
    for word in args[position : position + 2]:
        if word.startswith("-"):
            break
        words.append(word)
    if len(words) == 2 and (words[0],) in READS:
        words = words[:1]  # `review 2026-01-01`, `search plan`: the second word is a value
    return tuple(words), home
