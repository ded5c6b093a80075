"""`mentee meeting`: meetings with mentors."""

from __future__ import annotations

from typing import Annotated

import typer

from mentee.cli.common import (
    JSON_HELP,
    complete_ids,
    edit_with_editor,
    emit_changed,
    emit_record,
    emit_records,
    get_env,
    parse_datetime_option,
)
from mentee.kinds import Kind, MeetingStatus

app = typer.Typer(help="Meetings with your mentors.", no_args_is_help=True)

MeetingId = Annotated[
    str,
    typer.Argument(
        help="Meeting id (any unique prefix).", autocompletion=complete_ids(Kind.MEETING)
    ),
]
Json = Annotated[bool, typer.Option("--json", help=JSON_HELP)]


@app.command("add")
def add(
    ctx: typer.Context,
    mentor: Annotated[
        str, typer.Option(help="Who you meet.", autocompletion=complete_ids(Kind.MENTOR))
    ],
    at: Annotated[str, typer.Option(help="When: '2026-12-03 15:00', 'fri 15:00'.")],
    duration: Annotated[
        int | None,
        typer.Option(min=1, max=24 * 60, help="Minutes (default from config.toml, else 30)."),
    ] = None,
    where: Annotated[str | None, typer.Option(help="A room, an address or a call link.")] = None,
    as_json: Json = False,
) -> None:
    """Plan a meeting."""
    from mentee import journal

    env = get_env(ctx)
    meeting = journal.add_meeting(
        env.store,
        mentor=mentor,
        at=parse_datetime_option(env, at, "--at"),
        duration=duration or env.config.meeting_minutes,
        where=where,
    )
    when = meeting.at.strftime("%a %Y-%m-%d %H:%M")
    emit_changed(
        env, meeting, as_json, f"Planned meeting {meeting.id} with {meeting.mentor}, {when}"
    )


@app.command("list")
def list_meetings(
    ctx: typer.Context,
    show_all: Annotated[
        bool, typer.Option("--all", help="Include past, held and cancelled meetings.")
    ] = False,
    mentor: Annotated[
        str | None,
        typer.Option(
            help="Only meetings with this mentor.", autocompletion=complete_ids(Kind.MENTOR)
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """List meetings: upcoming planned ones, soonest first (--all: every meeting, newest first)."""
    from mentee.models import Meeting

    env = get_env(ctx)
    mentor_id = env.store.resolve(Kind.MENTOR, mentor) if mentor else None
    meetings = [
        m
        for m in env.store.records(Kind.MEETING, Meeting)
        if mentor_id is None or m.mentor == mentor_id
    ]
    if show_all:
        meetings.sort(key=lambda m: m.at, reverse=True)
    else:
        meetings = sorted(
            (m for m in meetings if m.status == MeetingStatus.PLANNED and m.at.date() >= env.today),
            key=lambda m: m.at,
        )
    emit_records(
        env,
        Kind.MEETING,
        meetings,
        as_json,
        "No upcoming meetings. Plan one: mentee meeting add --mentor ID --at 'fri 15:00'",
    )


@app.command("show")
def show(ctx: typer.Context, meeting_id: MeetingId, as_json: Json = False) -> None:
    """Show one meeting."""
    env = get_env(ctx)
    emit_record(env, env.store.get(Kind.MEETING, meeting_id), as_json)


@app.command("edit")
def edit(ctx: typer.Context, meeting_id: MeetingId, as_json: Json = False) -> None:
    """Open a meeting in $VISUAL/$EDITOR."""
    edit_with_editor(get_env(ctx), Kind.MEETING, meeting_id, as_json)
