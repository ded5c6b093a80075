"""`mentee topic`: talking points to raise with a mentor (or any mentor)."""

from __future__ import annotations

from typing import Annotated

import typer

from mentee.cli.common import (
    add_editor_command,
    add_show_command,
    emit_changed,
    emit_created,
    emit_records,
    get_env,
)
from mentee.cli.options import GoalAbout, Json, OpenTopicId, TopicId, record_option
from mentee.kinds import Kind, TopicStatus

app = typer.Typer(help="Topics to raise at the next meeting.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="What to raise.")],
    mentor: Annotated[
        str | None, record_option(Kind.MENTOR, "For this mentor (default: any mentor).")
    ] = None,
    goal: GoalAbout = None,
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
        str | None, record_option(Kind.MENTOR, "Only topics for this mentor (and any mentor).")
    ] = None,
    as_json: Json = False,
) -> None:
    """List open topics."""
    from mentee.journal import lists

    env = get_env(ctx)
    query = lists.TopicQuery(statuses=status or (), every=show_all, mentor=mentor)
    empty = "No open topics. Add one: mentee topic add TEXT"
    emit_records(env, Kind.TOPIC, lists.list_topics(env.store, query), as_json, empty)


add_show_command(app, Kind.TOPIC, TopicId, "Show one topic.")


@app.command("drop")
def drop(ctx: typer.Context, topic_id: OpenTopicId, as_json: Json = False) -> None:
    """Drop a topic you no longer want to raise."""
    from mentee.journal.entries import drop_topic

    env = get_env(ctx)
    topic = drop_topic(env.store, topic_id)
    emit_changed(env, topic, as_json, f"Dropped topic {topic.id}")


add_editor_command(app, Kind.TOPIC, TopicId, "Open a topic in $VISUAL/$EDITOR.")
