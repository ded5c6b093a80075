"""`mentee mentor`: mentor contacts and how each likes to be reached."""

from __future__ import annotations

from typing import Annotated

import typer

from mentee.cli.common import (
    CLEAR,
    clean_changes,
    edit_with_editor,
    emit_changed,
    emit_created,
    emit_record,
    emit_records,
    get_env,
    parse_date_option,
)
from mentee.cli.options import Json, MentorId, complete_values, record_option
from mentee.kinds import Channel, Kind, MentorStatus

app = typer.Typer(
    help="Mentors: who serves which goal, and how to reach them.", no_args_is_help=True
)

# `mentor add` and `mentor edit`.
Email = Annotated[str | None, typer.Option(help="Email address.")]
Phone = Annotated[str | None, typer.Option(help="Phone number.")]
Org = Annotated[str | None, typer.Option(help="Organisation.")]
Role = Annotated[str | None, typer.Option(help="Role or title.")]
Why = Annotated[str | None, typer.Option(help="Why they are a good match.")]
Met = Annotated[str | None, typer.Option(help="How you met.")]
Availability = Annotated[str | None, typer.Option(help="When they are available.")]
ResponseTime = Annotated[str | None, typer.Option(help="How fast they usually answer.")]
Since = Annotated[str | None, typer.Option(help="Mentoring you since (a date).")]


def _cadence(value: str | None) -> int | None:
    if value is None:
        return None
    from mentee.dates import parse_days
    from mentee.errors import UsageError

    try:
        return parse_days(value)
    except UsageError as exc:
        raise UsageError(f"--cadence: {exc}") from None


def _timezone(value: str | None) -> str | None:
    if value is None:
        return None
    from mentee.config import load_zone
    from mentee.errors import UsageError

    try:
        load_zone(value)
    except UsageError as exc:
        raise UsageError(f"--timezone: {exc}") from None
    return value


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="The mentor's name; their id is a handle made from it.")
    ],
    email: Email = None,
    phone: Phone = None,
    org: Org = None,
    role: Role = None,
    channel: Annotated[Channel | None, typer.Option(help="How they like to be reached.")] = None,
    cadence: Annotated[
        str | None, typer.Option(help="How often you meet: 14, 2w, 1m (default from config.toml).")
    ] = None,
    timezone: Annotated[
        str | None, typer.Option(help="Their IANA time zone, e.g. Europe/Berlin.")
    ] = None,
    expertise: Annotated[
        list[str] | None, typer.Option(help="An area of expertise (repeatable).")
    ] = None,
    goal: Annotated[
        list[str] | None,
        record_option(Kind.GOAL, "A goal this mentor serves (repeatable).", which="current-goals"),
    ] = None,
    status: Annotated[
        MentorStatus, typer.Option(help="Where the mentorship stands.")
    ] = MentorStatus.ACTIVE,
    why: Why = None,
    met: Met = None,
    availability: Availability = None,
    response_time: ResponseTime = None,
    link: Annotated[list[str] | None, typer.Option(help="A profile or page (repeatable).")] = None,
    since: Since = None,
    as_json: Json = False,
) -> None:
    """Add a mentor."""
    from mentee.journal.mentor import add_mentor

    env = get_env(ctx)
    mentor = add_mentor(
        env.store,
        name=name,
        email=email,
        phone=phone,
        org=org,
        role=role,
        channel=channel,
        cadence_days=_cadence(cadence) or env.config.cadence_days,
        timezone=_timezone(timezone),
        expertise=expertise or [],
        goals=goal or [],
        status=status,
        why=why,
        met=met,
        availability=availability,
        response_time=response_time,
        links=link or [],
        since=parse_date_option(env, since, "--since"),
    )
    from mentee.journal.mentor import handle_suffixed

    if handle_suffixed(mentor):
        env.say(
            f"Note: a mentor with the handle {mentor.id.rsplit('-', 1)[0]!r} exists already; "
            f"this one is {mentor.id!r}."
        )
    emit_created(env, mentor, as_json, f"Added mentor {mentor.id}: {mentor.name}")


@app.command("list")
def list_mentors(
    ctx: typer.Context,
    status: Annotated[
        list[MentorStatus] | None, typer.Option(help="Only mentors with this status (repeatable).")
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include ended mentorships.")] = False,
    goal: Annotated[str | None, record_option(Kind.GOAL, "Only mentors serving this goal.")] = None,
    as_json: Json = False,
) -> None:
    """List mentors (all but ended ones unless --all or --status)."""
    from mentee.journal import lists

    env = get_env(ctx)
    query = lists.MentorQuery(statuses=status or (), every=show_all, goal=goal)
    empty = "No mentors. Add one: mentee mentor add NAME"
    emit_records(env, Kind.MENTOR, lists.list_mentors(env.store, query), as_json, empty)


@app.command("show")
def show(ctx: typer.Context, mentor_id: MentorId, as_json: Json = False) -> None:
    """Show one mentor, with their local time now and how they like to be reached."""
    from mentee.models import Mentor

    env = get_env(ctx)
    mentor = env.store.get(Kind.MENTOR, mentor_id)
    emit_record(env, mentor, as_json)
    if not as_json:
        from mentee.ui.record import reach_line

        assert isinstance(mentor, Mentor)
        env.show(reach_line(mentor, env.clock()))


@app.command("ask")
def ask(ctx: typer.Context, mentor_id: MentorId, as_json: Json = False) -> None:
    """Draft the request for a first call: why them, your goals, a suggested cadence."""
    from mentee import messages
    from mentee.journal.mentor import first_call

    env = get_env(ctx)
    call = first_call(env.store, mentor_id, env.today, env.now)
    mentor = call.mentor
    message = messages.ask(
        mentor,
        call.goals,
        env.config.cadence_days,
        env.config.name,
        proposed=call.proposed,
        zone=env.zone,
    )
    if as_json:
        env.json({"mentor": mentor.id, "message": message})
        return
    env.say(f"A first-call request for {mentor.name}, ready to send:")
    from mentee.ui import plain_block

    # soft_wrap: a message to paste keeps whole lines, never broken at the console width.
    env.show(plain_block(message), soft_wrap=True)
    if mentor.status == "prospect":
        env.say(f"Once sent: mentee mentor edit {mentor.id} --status requested")


@app.command("edit")
def edit(
    ctx: typer.Context,
    mentor_id: MentorId,
    name: Annotated[str | None, typer.Option(help="Name (the id stays).")] = None,
    email: Email = None,
    phone: Phone = None,
    org: Org = None,
    role: Role = None,
    channel: Annotated[
        str | None,
        typer.Option(
            metavar="|".join(c.value for c in Channel),
            help="How they like to be reached.",
            autocompletion=complete_values([*(c.value for c in Channel), CLEAR]),
        ),
    ] = None,
    cadence: Annotated[str | None, typer.Option(help="How often you meet: 14, 2w, 1m.")] = None,
    timezone: Annotated[str | None, typer.Option(help="Their IANA time zone.")] = None,
    status: Annotated[
        MentorStatus | None, typer.Option(help="Where the mentorship stands.")
    ] = None,
    why: Why = None,
    met: Met = None,
    availability: Availability = None,
    response_time: ResponseTime = None,
    since: Since = None,
    notes: Annotated[str | None, typer.Option(help="Free notes about this mentor.")] = None,
    add_goal: Annotated[
        list[str] | None,
        record_option(
            Kind.GOAL, "Add a goal they serve (repeatable).", "--goal", which="current-goals"
        ),
    ] = None,
    remove_goal: Annotated[
        list[str] | None,
        record_option(Kind.GOAL, "Remove a goal they serve (repeatable).", "--no-goal"),
    ] = None,
    add_expertise: Annotated[
        list[str] | None, typer.Option("--expertise", help="Add an area of expertise (repeatable).")
    ] = None,
    remove_expertise: Annotated[
        list[str] | None,
        typer.Option("--no-expertise", help="Remove an area of expertise (repeatable)."),
    ] = None,
    add_link: Annotated[
        list[str] | None, typer.Option("--link", help="Add a profile or page (repeatable).")
    ] = None,
    remove_link: Annotated[
        list[str] | None, typer.Option("--no-link", help="Remove a link (repeatable).")
    ] = None,
    as_json: Json = False,
) -> None:
    """Change a mentor (the options of `mentor add`); with none, open it in $EDITOR.

    An optional field given the value none is cleared (--email none). The goals a mentor
    serves are stored on the goals: --goal and --no-goal change those.
    """
    from mentee.cli.common import date_change, is_clear, text_change
    from mentee.errors import UsageError
    from mentee.journal.mentor import MentorEdit, edit_mentor
    from mentee.journal.records import ListEdit

    env = get_env(ctx)
    changes = clean_changes(name=name, status=status)
    if "name" in changes and not str(changes["name"]).strip():
        raise UsageError("--name must not be empty")
    texts = {
        "email": email,
        "phone": phone,
        "org": org,
        "role": role,
        "why": why,
        "met": met,
        "availability": availability,
        "response_time": response_time,
        "notes": notes,
    }
    for field_name, value in texts.items():
        text_change(value, changes, field_name)
    if channel is not None:
        changes["channel"] = None if is_clear(channel) else _channel(channel)
    if cadence is not None:
        changes["cadence_days"] = None if is_clear(cadence) else _cadence(cadence)
    if timezone is not None:
        changes["timezone"] = None if is_clear(timezone) else _timezone(timezone)
    date_change(env, since, "--since", changes, "since")
    edit = MentorEdit(
        changes,
        goals=ListEdit(add_goal or (), remove_goal or ()),
        expertise=ListEdit(add_expertise or (), remove_expertise or ()),
        links=ListEdit(add_link or (), remove_link or ()),
    )
    if edit.empty:
        edit_with_editor(env, Kind.MENTOR, mentor_id, as_json)
        return
    saved = edit_mentor(env.store, mentor_id, edit)
    emit_changed(env, saved, as_json, f"Updated mentor {saved.id}: {saved.name}")


def _channel(value: str) -> Channel:
    from mentee.cli.common import not_a_choice
    from mentee.errors import UsageError

    try:
        return Channel(value.strip().lower())
    except ValueError:
        choices = [*(c.value for c in Channel), CLEAR]
        raise UsageError(not_a_choice("--channel", value, choices)) from None


@app.command("thank")
def thank(
    ctx: typer.Context,
    mentor_id: MentorId,
    text: Annotated[str, typer.Argument(help="How their advice helped.")],
    as_json: Json = False,
) -> None:
    """Record a thanks and print a message ready to send."""
    from mentee import messages
    from mentee.journal.mentor import thank_mentor

    env = get_env(ctx)
    mentor = thank_mentor(env.store, mentor_id, text=text, today=env.today)
    message = messages.thanks(mentor, text, env.config.name)
    if as_json:
        from mentee.cli.common import records_json

        env.json({"mentor": records_json(env, [mentor])[0], "message": message})
        return
    env.say(f"Recorded your thanks to {mentor.name}. A message ready to send:")
    from mentee.ui import plain_block

    # soft_wrap: a message to paste keeps whole lines, never broken at the console width.
    env.show(plain_block(message), soft_wrap=True)
