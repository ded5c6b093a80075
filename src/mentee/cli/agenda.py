"""`mentee agenda next`: the next meeting's agenda, built from open items."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from mentee.cli.common import complete_ids, get_env
from mentee.kinds import Kind

app = typer.Typer(help="The next meeting's agenda, built from what is open.", no_args_is_help=True)


class AgendaFormat(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    ICS = "ics"


@app.command("next")
def next_agenda(
    ctx: typer.Context,
    mentor: Annotated[
        str | None,
        typer.Option(
            help="Whose meeting (default: the one active mentor, else the soonest meeting's).",
            autocompletion=complete_ids(Kind.MENTOR),
        ),
    ] = None,
    output: Annotated[
        AgendaFormat, typer.Option("--format", help="text, markdown (to send), json or ics.")
    ] = AgendaFormat.TEXT,
    as_json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
    include_private: Annotated[
        bool,
        typer.Option("--include-private", help="Keep private items in markdown and ics."),
    ] = False,
) -> None:
    """Build the agenda for the next meeting with a mentor (it only reads)."""
    from datetime import UTC, datetime

    from mentee import agenda, journal, messages
    from mentee.export import agenda as formats
    from mentee.models import Mentor

    env = get_env(ctx)
    mentors = env.store.records(Kind.MENTOR, Mentor)
    if mentor is not None:
        chosen = env.store.get(Kind.MENTOR, mentor)
        assert isinstance(chosen, Mentor)
    else:
        from mentee.models import Meeting
        from mentee.store import Where

        planned = env.store.records(Kind.MEETING, Meeting, Where(status=("planned",)))
        chosen = agenda.choose_mentor(agenda.Journal(mentors=mentors, meetings=planned), env.today)
    book = journal.load_agenda_book(env.store, chosen, mentors)
    result = agenda.next_agenda(book, chosen, env.today, now=env.now)
    kind = AgendaFormat.JSON if as_json else output
    if kind == AgendaFormat.JSON:
        env.json(formats.agenda_json(result))
        return
    if kind == AgendaFormat.TEXT:
        message = None
        if result.empty and result.meeting is not None and not result.meeting_over:
            message = messages.cancel(
                result.mentor, result.meeting, None, env.config.name, env.zone
            )
        from rich.text import Text

        from mentee.ui import agenda_view, plain_block

        env.show(agenda_view(result, env.zone))
        if message:
            env.show(Text("A message ready to send:", style="bold"))
            # soft_wrap: a message to paste keeps whole lines, never broken at the console width.
            env.out.print(plain_block(message), soft_wrap=True)
        return
    to_send = result if include_private else result.without_private()
    left_out = result.private_count - to_send.private_count
    if left_out:
        env.say(f"{left_out} private item(s) left out; --include-private keeps them")
    if kind == AgendaFormat.MARKDOWN:
        sys.stdout.write(formats.agenda_markdown(to_send, env.zone))
        return
    stamp = datetime.now(UTC).replace(microsecond=0)
    data = formats.agenda_ics(to_send, stamp, env.config.meeting_minutes, env.zone)
    sys.stdout.buffer.write(data)
