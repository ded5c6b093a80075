"""`mentee note`: the progress log of wins, challenges and learnings."""

from __future__ import annotations

from typing import Annotated

import typer

from mentee.cli.common import (
    JSON_HELP,
    complete_ids,
    edit_with_editor,
    emit_created,
    emit_record,
    emit_records,
    get_env,
    parse_date_option,
    parse_since_option,
)
from mentee.kinds import Kind, NoteKind

app = typer.Typer(help="Progress log: wins, challenges, learnings.", no_args_is_help=True)

NoteId = Annotated[
    str, typer.Argument(help="Note id (any unique prefix).", autocompletion=complete_ids(Kind.NOTE))
]
Json = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What happened, what you learned.")],
    kind: Annotated[
        NoteKind, typer.Option(help="win, challenge, learning or note.")
    ] = NoteKind.NOTE,
    goal: Annotated[
        str | None,
        typer.Option(
            help="The goal it is about.", autocompletion=complete_ids(Kind.GOAL, "current-goals")
        ),
    ] = None,
    when: Annotated[str | None, typer.Option("--date", help="When (default: today).")] = None,
    private: Annotated[
        bool, typer.Option("--private", help="Keep it out of what is sent to mentors.")
    ] = False,
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
    kind: Annotated[NoteKind | None, typer.Option(help="Only this kind.")] = None,
    goal: Annotated[
        str | None,
        typer.Option(help="Only notes on this goal.", autocompletion=complete_ids(Kind.GOAL)),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only notes on or after this date (2w: two weeks ago).")
    ] = None,
    as_json: Json = False,
) -> None:
    """List notes, newest first."""
    from mentee.journal.lists import NoteQuery, list_notes

    env = get_env(ctx)
    query = NoteQuery(kind=kind, goal=goal, since=parse_since_option(env, since))
    chosen = list_notes(env.store, query)
    empty = (
        "No notes match."
        if query.narrowed
        else "No notes. Add one: mentee note add TEXT --kind win"
    )
    emit_records(env, Kind.NOTE, chosen, as_json, empty)


@app.command("show")
def show(ctx: typer.Context, note_id: NoteId, as_json: Json = False) -> None:
    """Show one note."""
    env = get_env(ctx)
    emit_record(env, env.store.get(Kind.NOTE, note_id), as_json)


@app.command("edit")
def edit(ctx: typer.Context, note_id: NoteId, as_json: Json = False) -> None:
    """Open a note in $VISUAL/$EDITOR."""
    edit_with_editor(get_env(ctx), Kind.NOTE, note_id, as_json)
