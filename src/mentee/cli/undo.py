"""`mentee undo`: revert the last change a command made; `--list` shows what would be undone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from mentee.cli.common import get_env
from mentee.cli.options import Json

if TYPE_CHECKING:
    from mentee.history import Change, Entry

# Files named per entry in the text views; --json always lists them all.
SHOWN = 10


def undo(
    ctx: typer.Context,
    show_list: Annotated[
        bool,
        typer.Option(
            "--list", help="Show what undo would revert, newest first, and change nothing."
        ),
    ] = False,
    as_json: Json = False,
) -> None:
    """Revert everything the last command changed; again to go further back.

    The history (the last 50 commands that changed something) is kept outside the data
    directory. An undo that would overwrite a file changed since is refused, and nothing
    is changed.
    """
    from mentee import history
    from mentee.text import escape

    env = get_env(ctx)
    store = env.store
    if show_list:
        entries = store.history.entries() if store.history is not None else []
        if as_json:
            env.json([_entry_json(entry) for entry in entries])
            return
        if not entries:
            env.say("Nothing to undo.")
            return
        lines = []
        for number, entry in enumerate(entries, start=1):
            lines.append(f"{number}  {_when(entry)}  {escape(entry.command)}\n")
            lines += [f"     {_verb(c)} {escape(c.path)}\n" for c in entry.changes[:SHOWN]]
            if len(entry.changes) > SHOWN:
                lines.append(f"     ... and {len(entry.changes) - SHOWN} more files\n")
        env.page_text("".join(lines))
        return
    done = history.undo(store)
    if as_json:
        env.json(
            {
                **_entry_json(done.entry),
                "restored": done.restored,
                "removed": done.removed,
                "unchanged": done.unchanged,
            }
        )
        return
    env.say(f"Undid '{done.entry.command}' of {_when(done.entry)}:")
    lines = [f"  restored {path}" for path in done.restored]
    lines += [f"  removed {path} (it was created then)" for path in done.removed]
    lines += [f"  {path} was already as before" for path in done.unchanged]
    for line in lines[:SHOWN]:
        env.say(line)
    if len(lines) > SHOWN:
        env.say(f"  ... and {len(lines) - SHOWN} more files (undo --json lists them all)")


def _when(entry: Entry) -> str:
    return entry.time.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _verb(change: Change) -> str:
    return "created" if change.created else "changed"


def _entry_json(entry: Entry) -> dict[str, object]:
    return {
        "command": entry.command,
        "time": entry.time.isoformat(),
        "files": [{"path": c.path, "change": _verb(c)} for c in entry.changes],
    }
