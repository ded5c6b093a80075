"""`mentee goal`: goals with dates, milestones and a timeline of target changes."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from mentee.cli.common import (
    add_show_command,
    clean_changes,
    date_change,
    edit_with_editor,
    emit_changed,
    emit_created,
    emit_records,
    get_env,
    parse_date_option,
)
from mentee.cli.options import CurrentGoalId, GoalId, Json, record_argument, record_option
from mentee.kinds import GoalStatus, Kind

app = typer.Typer(help="Goals: specific, with dates.", no_args_is_help=True)
milestone_app = typer.Typer(help="A goal's milestones.", no_args_is_help=True)
app.add_typer(milestone_app, name="milestone")

MilestoneGoal = Annotated[str, record_argument(Kind.GOAL, which="current-goals", metavar="GOAL")]
MilestoneNumber = Annotated[
    int, typer.Argument(metavar="N", help="The milestone's number, as `goal show` lists it.")
]
# `goal add` and `goal edit`.
Why = Annotated[str | None, typer.Option(help="Why this goal matters.")]
Baseline = Annotated[str | None, typer.Option(help="Where you stand now.")]
Success = Annotated[str | None, typer.Option(help="What done looks like.")]


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What you want to reach, specifically.")],
    by: Annotated[str | None, typer.Option("--by", help="Target date.")] = None,
    start: Annotated[str | None, typer.Option(help="Start date (default: today).")] = None,
    why: Why = None,
    baseline: Baseline = None,
    success: Success = None,
    mentor: Annotated[
        list[str] | None, record_option(Kind.MENTOR, "A mentor serving this goal (repeatable).")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(help="A tag (repeatable).")] = None,
    as_json: Json = False,
) -> None:
    """Add a goal."""
    from mentee.journal.goal import add_goal

    env = get_env(ctx)
    goal = add_goal(
        env.store,
        title=title,
        today=env.today,
        target=parse_date_option(env, by, "--by"),
        start=parse_date_option(env, start, "--start"),
        why=why,
        baseline=baseline,
        success=success,
        mentors=mentor or [],
        tags=tag or [],
    )
    emit_created(env, goal, as_json, f"Added goal {goal.id}: {goal.title}")


@app.command("list")
def list_goals(
    ctx: typer.Context,
    status: Annotated[
        list[GoalStatus] | None, typer.Option(help="Only goals with this status (repeatable).")
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Include achieved and dropped goals.")
    ] = False,
    mentor: Annotated[
        str | None, record_option(Kind.MENTOR, "Only goals this mentor serves.")
    ] = None,
    tag: Annotated[str | None, typer.Option(help="Only goals with this tag.")] = None,
    as_json: Json = False,
) -> None:
    """List goals (active and paused unless --all or --status)."""
    from mentee.journal import lists

    env = get_env(ctx)
    query = lists.GoalQuery(statuses=status or (), every=show_all, mentor=mentor, tag=tag)
    empty = "No goals. Add one: mentee goal add TITLE --by DATE"
    emit_records(env, Kind.GOAL, lists.list_goals(env.store, query), as_json, empty)


add_show_command(app, Kind.GOAL, GoalId, "Show one goal with its milestones and timeline.")


@app.command("edit")
def edit(
    ctx: typer.Context,
    goal_id: GoalId,
    title: Annotated[str | None, typer.Option(help="New title.")] = None,
    why: Why = None,
    baseline: Baseline = None,
    success: Success = None,
    start: Annotated[str | None, typer.Option(help="Start date.")] = None,
    status: Annotated[GoalStatus | None, typer.Option(help="New status.")] = None,
    add_mentor: Annotated[
        list[str] | None, record_option(Kind.MENTOR, "Add a mentor (repeatable).", "--mentor")
    ] = None,
    remove_mentor: Annotated[
        list[str] | None,
        record_option(Kind.MENTOR, "Remove a mentor (repeatable).", "--no-mentor"),
    ] = None,
    add_tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Add a tag (repeatable).")
    ] = None,
    remove_tag: Annotated[
        list[str] | None, typer.Option("--no-tag", help="Remove a tag (repeatable).")
    ] = None,
    as_json: Json = False,
) -> None:
    """Change a goal; with no options, open it in $VISUAL/$EDITOR.

    The target date changes with `goal retarget`, which keeps the reason.
    """
    from mentee.journal.goal import GoalEdit, edit_goal
    from mentee.journal.records import ListEdit

    env = get_env(ctx)
    fields = clean_changes(
        title=title,
        why=why,
        baseline=baseline,
        success=success,
        start=parse_date_option(env, start, "--start"),
        status=status,
    )
    edit = GoalEdit(
        fields,
        mentors=ListEdit(add_mentor or (), remove_mentor or ()),
        tags=ListEdit(add_tag or (), remove_tag or ()),
    )
    if edit.empty:
        edit_with_editor(env, Kind.GOAL, goal_id, as_json)
        return
    saved = edit_goal(env.store, goal_id, edit, env.today)
    emit_changed(env, saved, as_json, f"Updated goal {saved.id}: {saved.title}")


@app.command("done")
def done(ctx: typer.Context, goal_id: CurrentGoalId, as_json: Json = False) -> None:
    """Mark a goal achieved (today); says so when milestones are still open."""
    from mentee.journal.goal import open_milestones, set_goal_status

    env = get_env(ctx)
    goal = set_goal_status(env.store, goal_id, GoalStatus.ACHIEVED, env.today)
    emit_changed(env, goal, as_json, f"Achieved goal {goal.id}: {goal.title}. Well done!")
    still_open = open_milestones(goal)
    if still_open:
        from mentee.text import plural

        env.say(
            f"mentee: note: {still_open} of {plural(len(goal.milestones), 'milestone')}"
            f" {'is' if still_open == 1 else 'are'} still open (mentee goal show {goal.id})"
        )


@app.command("drop")
def drop(
    ctx: typer.Context,
    goal_id: CurrentGoalId,
    force: Annotated[
        bool, typer.Option("--force", help="Drop it even if it was achieved (clears that).")
    ] = False,
    as_json: Json = False,
) -> None:
    """Drop a goal you no longer pursue (kept in the journal)."""
    from mentee.journal.goal import set_goal_status

    env = get_env(ctx)
    goal = set_goal_status(env.store, goal_id, GoalStatus.DROPPED, env.today, force=force)
    emit_changed(env, goal, as_json, f"Dropped goal {goal.id}: {goal.title}")


@app.command("retarget")
def retarget(
    ctx: typer.Context,
    goal_id: CurrentGoalId,
    by: Annotated[str, typer.Option("--by", help="The new target date.")],
    reason: Annotated[str, typer.Option(help="Why the date moves (kept in the timeline).")],
    as_json: Json = False,
) -> None:
    """Move a goal's target date, keeping the reason in its timeline."""
    from mentee.journal.goal import retarget_goal

    env = get_env(ctx)
    target = parse_date_option(env, by, "--by")
    assert target is not None
    goal = retarget_goal(env.store, goal_id, to=target, reason=reason, today=env.today)
    emit_changed(env, goal, as_json, f"Goal {goal.id} now targets {goal.target}")


@milestone_app.command("add")
def milestone_add(
    ctx: typer.Context,
    goal_id: MilestoneGoal,
    title: Annotated[str, typer.Argument(help="The milestone.")],
    due: Annotated[str | None, typer.Option(help="Due date.")] = None,
    as_json: Json = False,
) -> None:
    """Add a milestone to a goal."""
    from mentee.journal.goal import add_milestone

    env = get_env(ctx)
    goal = add_milestone(env.store, goal_id, title=title, due=parse_date_option(env, due, "--due"))
    emit_changed(
        env, goal, as_json, f"Added milestone {len(goal.milestones)} to goal {goal.id}: {title}"
    )


@milestone_app.command("done")
def milestone_done(
    ctx: typer.Context,
    goal_id: MilestoneGoal,
    number: MilestoneNumber,
    as_json: Json = False,
) -> None:
    """Mark a goal's milestone N done (today)."""
    from mentee.journal.goal import complete_milestone

    env = get_env(ctx)
    goal = complete_milestone(env.store, goal_id, number, env.today)
    title = goal.milestones[number - 1].title
    emit_changed(env, goal, as_json, f"Done: milestone {number} of goal {goal.id}: {title}")


@milestone_app.command("edit")
def milestone_edit(
    ctx: typer.Context,
    goal_id: MilestoneGoal,
    number: MilestoneNumber,
    title: Annotated[str | None, typer.Option(help="The new title.")] = None,
    due: Annotated[str | None, typer.Option(help="The new due date; none clears it.")] = None,
    as_json: Json = False,
) -> None:
    """Change milestone N of a goal: its title, its due date."""
    from mentee.errors import UsageError
    from mentee.journal.goal import edit_milestone

    env = get_env(ctx)
    changes: dict[str, Any] = {}
    date_change(env, due, "--due", changes, "due")
    if title is None and not changes:
        raise UsageError("give --title or --due (or both)")
    goal = edit_milestone(env.store, goal_id, number, title=title, **changes)
    milestone = goal.milestones[number - 1]
    due_text = f" (due {milestone.due})" if milestone.due else ""
    emit_changed(
        env, goal, as_json, f"Milestone {number} of goal {goal.id}: {milestone.title}{due_text}"
    )


@milestone_app.command("remove")
def milestone_remove(
    ctx: typer.Context, goal_id: MilestoneGoal, number: MilestoneNumber, as_json: Json = False
) -> None:
    """Remove milestone N of a goal (the later ones move up)."""
    from mentee.journal.goal import remove_milestone

    env = get_env(ctx)
    goal, removed = remove_milestone(env.store, goal_id, number)
    emit_changed(
        env, goal, as_json, f"Removed milestone {number} of goal {goal.id}: {removed.title}"
    )
