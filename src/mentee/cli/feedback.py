"""`mentee feedback`: feedback received from managers, peers, reviews and mentors."""

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
from mentee.cli.options import ONLY_THIS_KIND, FeedbackId, Json, KeptFromMentors, record_option
from mentee.kinds import FeedbackKind, Kind

app = typer.Typer(help="Feedback you received.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What was said.")],
    source: Annotated[
        str,
        record_option(
            Kind.MENTOR, "Who gave it: a role, a person, or a mentor (id or name).", "--from"
        ),
    ],
    kind: Annotated[
        FeedbackKind, typer.Option(help="What kind of feedback.")
    ] = FeedbackKind.OBSERVATION,
    goal: Annotated[
        list[str] | None,
        record_option(Kind.GOAL, "A goal it concerns (repeatable).", which="current-goals"),
    ] = None,
    when: Annotated[
        str | None, typer.Option("--date", help="When it was given (default: today).")
    ] = None,
    private: KeptFromMentors = False,
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
    kind: Annotated[FeedbackKind | None, ONLY_THIS_KIND] = None,
    goal: Annotated[str | None, record_option(Kind.GOAL, "Only feedback on this goal.")] = None,
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
    from mentee.journal import lists

    env = get_env(ctx)
    query = lists.FeedbackQuery(
        kind=kind,
        goal=goal,
        source=source,
        since=parse_since_option(env, since),
        undiscussed=undiscussed,
    )
    empty = (
        "No feedback matches."
        if query.narrowed
        else "No feedback. Add some: mentee feedback add TEXT --from WHO"
    )
    emit_records(env, Kind.FEEDBACK, lists.list_feedback(env.store, query), as_json, empty)


add_show_command(app, Kind.FEEDBACK, FeedbackId, "Show one piece of feedback.")
add_editor_command(app, Kind.FEEDBACK, FeedbackId, "Open a piece of feedback in $VISUAL/$EDITOR.")
