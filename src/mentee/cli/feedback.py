"""`mentee feedback`: feedback received from managers, peers, reviews and mentors."""

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
from mentee.kinds import FeedbackKind, Kind

app = typer.Typer(help="Feedback you received.", no_args_is_help=True)

FeedbackId = Annotated[
    str,
    typer.Argument(
        help="Feedback id (any unique prefix).", autocompletion=complete_ids(Kind.FEEDBACK)
    ),
]
Json = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What was said.")],
    source: Annotated[
        str,
        typer.Option(
            "--from",
            help="Who gave it: a role, a person, or a mentor (id or name).",
            autocompletion=complete_ids(Kind.MENTOR),
        ),
    ],
    kind: Annotated[
        FeedbackKind, typer.Option(help="What kind of feedback.")
    ] = FeedbackKind.OBSERVATION,
    goal: Annotated[
        list[str] | None,
        typer.Option(
            help="A goal it concerns (repeatable).",
            autocompletion=complete_ids(Kind.GOAL, "current-goals"),
        ),
    ] = None,
    when: Annotated[
        str | None, typer.Option("--date", help="When it was given (default: today).")
    ] = None,
    private: Annotated[
        bool, typer.Option("--private", help="Keep it out of what is sent to mentors.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Add feedback you received."""
    from mentee.journal.entries import add_feedback

    env = get_env(ctx)
    item = add_feedback(
        env.store,
        text=text,
        source=source,
        today=env.today,
        kind=kind,
        goals=goal or [],
        when=parse_date_option(env, when, "--date"),
        private=private,
    )
    emit_created(env, item, as_json, f"Added {item.kind} feedback {item.id} from {item.source}")


@app.command("list")
def list_feedback(
    ctx: typer.Context,
    kind: Annotated[FeedbackKind | None, typer.Option(help="Only this kind.")] = None,
    goal: Annotated[
        str | None,
        typer.Option(help="Only feedback on this goal.", autocompletion=complete_ids(Kind.GOAL)),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--from", help="Only feedback from this source.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only feedback on or after this date (2w: two weeks ago).")
    ] = None,
    undiscussed: Annotated[
        bool, typer.Option("--undiscussed", help="Only feedback not yet discussed in a meeting.")
    ] = False,
    as_json: Json = False,
) -> None:
    """List feedback, newest first."""
    from mentee.journal.lists import FeedbackQuery, list_feedback

    env = get_env(ctx)
    query = FeedbackQuery(
        kind=kind,
        goal=goal,
        source=source,
        since=parse_since_option(env, since),
        undiscussed=undiscussed,
    )
    chosen = list_feedback(env.store, query)
    empty = (
        "No feedback matches."
        if query.narrowed
        else "No feedback. Add some: mentee feedback add TEXT --from WHO"
    )
    emit_records(env, Kind.FEEDBACK, chosen, as_json, empty)


@app.command("show")
def show(ctx: typer.Context, feedback_id: FeedbackId, as_json: Json = False) -> None:
    """Show one piece of feedback."""
    env = get_env(ctx)
    emit_record(env, env.store.get(Kind.FEEDBACK, feedback_id), as_json)


@app.command("edit")
def edit(ctx: typer.Context, feedback_id: FeedbackId, as_json: Json = False) -> None:
    """Open a piece of feedback in $VISUAL/$EDITOR."""
    edit_with_editor(get_env(ctx), Kind.FEEDBACK, feedback_id, as_json)
