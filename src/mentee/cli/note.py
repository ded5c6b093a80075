"""`mentee note`: the progress log of wins, challenges and learnings."""

from __future__ import annotations

from typing import Annotated

import typer

from mentee.cli.common import (
    add_editor_command,
    add_show_command,
    emit_created,
    emit_records,
    get_env,
    parse_date_option,
    parse_since_option,
)
from mentee.cli.options import (
    ONLY_THIS_KIND,
    GoalAbout,
    Json,
    KeptFromMentors,
    NoteId,
    record_option,
)
from mentee.kinds import Kind, NoteKind

app = typer.Typer(help="Progress log: wins, challenges, learnings.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What happened, what you learned.")],
    kind: Annotated[
        NoteKind, typer.Option(help="win, challenge, learning or note.")
    ] = NoteKind.NOTE,
    goal: GoalAbout = None,
    when: Annotated[str | None, typer.Option("--date", help="When (default: today).")] = None,
    private: KeptFromMentors = False,
    as_json: Json = False,
) -> None:
    """Add a note to the progress log."""
    from mentee.journal.entries import add_note

    env = get_env(ctx)
    note = add_note(
        env.store,
        text=text,
        today=env.today,
        kind=kind,
        goal=goal,
        when=parse_date_option(env, when, "--date"),
        private=private,
    )
    emit_created(env, note, as_json, f"Added {note.kind} {note.id}")


@app.command("list")
def list_notes(
    ctx: typer.Context,
    kind: Annotated[NoteKind | None, ONLY_THIS_KIND] = None,
    goal: Annotated[str | None, record_option(Kind.GOAL, "Only notes on this goal.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only notes on or after this date (2w: two weeks ago).")
    ] = None,
    as_json: Json = False,
) -> None:
    """List notes, newest first."""
    from mentee.journal import lists

    env = get_env(ctx)
    query = lists.NoteQuery(kind=kind, goal=goal, since=parse_since_option(env, since))
    empty = (
        "No notes match."
        if query.narrowed
        else "No notes. Add one: mentee note add TEXT --kind win"
    )
    emit_records(env, Kind.NOTE, lists.list_notes(env.store, query), as_json, empty)


add_show_command(app, Kind.NOTE, NoteId, "Show one note.")
add_editor_command(app, Kind.NOTE, NoteId, "Open a note in $VISUAL/$EDITOR.")
