"""`mentee topic`: talking points to raise with a mentor (or any mentor)."""

from __future__ import annotations

from typing import Annotated

import typer

from mentee.cli.common import (
    JSON_HELP,
    complete_ids,
    edit_with_editor,
    emit_changed,
    emit_created,
    emit_record,
    emit_records,
    get_env,
)
from mentee.kinds import Kind, TopicStatus

app = typer.Typer(help="Topics to raise at the next meeting.", no_args_is_help=True)

TopicId = Annotated[
    str,
    typer.Argument(help="Topic id (any unique prefix).", autocompletion=complete_ids(Kind.TOPIC)),
]
OpenTopicId = Annotated[
    str,
    typer.Argument(
        help="Topic id (any unique prefix).", autocompletion=complete_ids(Kind.TOPIC, "open-topics")
    ),
]
Json = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What to raise.")],
    mentor: Annotated[
        str | None,
        typer.Option(
            help="For this mentor (default: any mentor).", autocompletion=complete_ids(Kind.MENTOR)
        ),
    ] = None,
    goal: Annotated[
        str | None,
        typer.Option(
            help="The goal it is about.", autocompletion=complete_ids(Kind.GOAL, "current-goals")
        ),
    ] = None,
    private: Annotated[
        bool, typer.Option("--private", help="Keep it out of agendas that are sent.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Add a talking point."""
    from mentee.journal.entries import add_topic

    env = get_env(ctx)
    topic = add_topic(env.store, text=text, mentor=mentor, goal=goal, private=private)
    emit_created(env, topic, as_json, f"Added topic {topic.id}")


@app.command("list")
def list_topics(
    ctx: typer.Context,
    show_all: Annotated[
        bool, typer.Option("--all", help="Include discussed and dropped topics.")
    ] = False,
    status: Annotated[
        list[TopicStatus] | None, typer.Option(help="Only topics with this status (repeatable).")
    ] = None,
    mentor: Annotated[
        str | None,
        typer.Option(
            help="Only topics for this mentor (and any mentor).",
            autocompletion=complete_ids(Kind.MENTOR),
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """List open topics."""
    from mentee.journal.lists import TopicQuery, list_topics

    env = get_env(ctx)
    chosen = list_topics(
        env.store, TopicQuery(statuses=status or (), every=show_all, mentor=mentor)
    )
    emit_records(env, Kind.TOPIC, chosen, as_json, "No open topics. Add one: mentee topic add TEXT")


@app.command("show")
def show(ctx: typer.Context, topic_id: TopicId, as_json: Json = False) -> None:
    """Show one topic."""
    env = get_env(ctx)
    emit_record(env, env.store.get(Kind.TOPIC, topic_id), as_json)


@app.command("drop")
def drop(ctx: typer.Context, topic_id: OpenTopicId, as_json: Json = False) -> None:
    """Drop a topic you no longer want to raise."""
    from mentee.journal.entries import drop_topic

    env = get_env(ctx)
    topic = drop_topic(env.store, topic_id)
    emit_changed(env, topic, as_json, f"Dropped topic {topic.id}")


@app.command("edit")
def edit(ctx: typer.Context, topic_id: TopicId, as_json: Json = False) -> None:
    """Open a topic in $VISUAL/$EDITOR."""
    edit_with_editor(get_env(ctx), Kind.TOPIC, topic_id, as_json)
