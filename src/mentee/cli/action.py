"""`mentee action`: action items, yours and your mentors' promises."""

# No `from __future__ import annotations` here: Typer reads each command's annotations
# when it builds the command (twice); as objects they cost nothing, as strings each one
# is compiled and evaluated again, several milliseconds a command.

from typing import Annotated

import typer

from mentee.cli.common import (
    add_show_command,
    clean_changes,
    edit_with_editor,
    emit_changed,
    emit_created,
    emit_records,
    get_env,
    parse_date_option,
)
from mentee.cli.options import ActionId, Json, OpenActionId, record_option
from mentee.kinds import ActionKind, ActionStatus, Kind, Owner

app = typer.Typer(help="Action items: what you (or a mentor) agreed to do.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What to do.")],
    due: Annotated[str | None, typer.Option(help="Due date.")] = None,
    goal: Annotated[
        str | None, record_option(Kind.GOAL, "The goal it serves.", which="current-goals")
    ] = None,
    mentor: Annotated[
        str | None, record_option(Kind.MENTOR, "The mentor it was agreed with.")
    ] = None,
    meeting: Annotated[
        str | None, record_option(Kind.MEETING, "The meeting where it was agreed.")
    ] = None,
    feedback: Annotated[
        str | None, record_option(Kind.FEEDBACK, "The feedback it answers.")
    ] = None,
    practice: Annotated[
        bool, typer.Option("--practice", help="An opportunity to practise (a talk, a project).")
    ] = False,
    owner: Annotated[
        Owner, typer.Option(help="Who does it: me, or the mentor (a promise).")
    ] = Owner.ME,
    as_json: Json = False,
) -> None:
    """Add an action item."""
    from mentee.journal.action import add_action

    env = get_env(ctx)
    action = add_action(
        env.store,
        title=title,
        due=parse_date_option(env, due, "--due"),
        goal=goal,
        mentor=mentor,
        meeting=meeting,
        feedback=feedback,
        kind=ActionKind.PRACTICE if practice else ActionKind.TASK,
        owner=owner,
    )
    due_text = f" (due {action.due})" if action.due else ""
    emit_created(env, action, as_json, f"Added action {action.id}: {action.title}{due_text}")


@app.command("list")
def list_actions(
    ctx: typer.Context,
    show_all: Annotated[
        bool, typer.Option("--all", help="Include done and dropped actions.")
    ] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open actions past their due date.")
    ] = False,
    status: Annotated[
        list[ActionStatus] | None, typer.Option(help="Only actions with this status (repeatable).")
    ] = None,
    goal: Annotated[
        str | None, record_option(Kind.GOAL, "Only actions for this goal.", "--goal")
    ] = None,
    mentor: Annotated[
        str | None, record_option(Kind.MENTOR, "Only actions agreed with this mentor.", "--mentor")
    ] = None,
    owner: Annotated[
        Owner | None, typer.Option(help="Only actions owned by me or a mentor.")
    ] = None,
    as_json: Json = False,
) -> None:
    """List actions: open ones, soonest due first."""
    from mentee.journal import lists

    env = get_env(ctx)
    query = lists.ActionQuery(
        statuses=status or (),
        every=show_all,
        overdue=overdue,
        goal=goal,
        mentor=mentor,
        owner=owner,
    )
    actions = lists.list_actions(env.store, query, env.today)
    if overdue:
        empty = "No overdue actions."
    elif query.narrowed:
        empty = "No actions match."
    else:
        empty = "No actions. Add one: mentee action add TITLE --due DATE"
    emit_records(env, Kind.ACTION, actions, as_json, empty)


add_show_command(app, Kind.ACTION, ActionId, "Show one action with its notes.")


@app.command("done")
def done(
    ctx: typer.Context,
    action_id: OpenActionId,
    note: Annotated[str | None, typer.Option(help="A note on how it went.")] = None,
    as_json: Json = False,
) -> None:
    """Mark an action done (today)."""
    _finish(ctx, action_id, ActionStatus.DONE, note, as_json, "Done")


@app.command("drop")
def drop(
    ctx: typer.Context,
    action_id: OpenActionId,
    note: Annotated[str | None, typer.Option(help="Why it was dropped.")] = None,
    as_json: Json = False,
) -> None:
    """Drop an action you will not do."""
    _finish(ctx, action_id, ActionStatus.DROPPED, note, as_json, "Dropped")


def _finish(
    ctx: typer.Context,
    action_id: str,
    status: ActionStatus,
    note: str | None,
    as_json: bool,
    verb: str,
) -> None:
    from mentee.journal.action import finish_action

    env = get_env(ctx)
    action = finish_action(env.store, action_id, status=status, today=env.today, note=note)
    emit_changed(env, action, as_json, f"{verb}: {action.title}")


@app.command("note")
def note(
    ctx: typer.Context,
    action_id: OpenActionId,
    text: Annotated[str, typer.Argument(help="The note.")],
    as_json: Json = False,
) -> None:
    """Add a dated note to an action."""
    from mentee.journal.action import note_action

    env = get_env(ctx)
    action = note_action(env.store, action_id, text=text, today=env.today)
    emit_changed(env, action, as_json, f"Noted on action {action.id}: {action.title}")


@app.command("edit")
def edit(
    ctx: typer.Context,
    action_id: ActionId,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    due: Annotated[str | None, typer.Option(help="New due date; none clears it.")] = None,
    goal: Annotated[
        str | None,
        record_option(Kind.GOAL, "The goal it serves; none clears it.", which="current-goals"),
    ] = None,
    mentor: Annotated[
        str | None, record_option(Kind.MENTOR, "The mentor it was agreed with; none clears it.")
    ] = None,
    meeting: Annotated[
        str | None,
        record_option(Kind.MEETING, "The meeting where it was agreed; none clears it."),
    ] = None,
    feedback: Annotated[
        str | None, record_option(Kind.FEEDBACK, "The feedback it answers; none clears it.")
    ] = None,
    practice: Annotated[
        bool | None,
        typer.Option(
            "--practice/--task",
            help="An opportunity to practise, or a plain task.",
            show_default=False,
        ),
    ] = None,
    owner: Annotated[Owner | None, typer.Option(help="Who does it: me or the mentor.")] = None,
    as_json: Json = False,
) -> None:
    """Change an action (the options of `action add`); with none, open it in $EDITOR."""
    from mentee.cli.common import date_change, is_clear
    from mentee.journal.action import edit_action

    env = get_env(ctx)
    changes = clean_changes(title=title, owner=owner)
    date_change(env, due, "--due", changes, "due")
    references = {"goal": goal, "mentor": mentor, "meeting": meeting, "feedback": feedback}
    for name, value in references.items():
        if value is not None:
            changes[name] = None if is_clear(value) else value  # resolved by the journal
    if practice is not None:
        changes["kind"] = ActionKind.PRACTICE if practice else ActionKind.TASK
    if not changes:
        edit_with_editor(env, Kind.ACTION, action_id, as_json)
        return
    action = edit_action(env.store, action_id, changes)
    emit_changed(env, action, as_json, f"Updated action {action.id}: {action.title}")
