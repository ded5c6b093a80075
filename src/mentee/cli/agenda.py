"""`mentee agenda next`: the next meeting's agenda, built from open items."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from mentee.cli.common import get_env
from mentee.cli.options import JsonFormat, record_option
from mentee.kinds import Kind

app = typer.Typer(help="The next meeting's agenda, built from what is open.", no_args_is_help=True)


class AgendaFormat(StrEnum):
    """The formats `agenda next --format` writes."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    ICS = "ics"
    EMAIL = "email"


@app.command("next")
def next_agenda(
    ctx: typer.Context,
    mentor: Annotated[
        str | None,
        record_option(
            Kind.MENTOR,
            "Whose meeting (default: the one active mentor, else the mentor every planned "
            "meeting is with).",
        ),
    ] = None,
    output: Annotated[
        AgendaFormat,
        typer.Option(
            "--format",
            help="text, markdown (to send), json, ics (an invitation) or email (the agenda "
            "and the invitation in one message, for sendmail -t).",
        ),
    ] = AgendaFormat.TEXT,
    as_json: JsonFormat = False,
    include_private: Annotated[
        bool,
        typer.Option("--include-private", help="Keep private items in markdown, ics and email."),
    ] = False,
) -> None:
    """Build the agenda for the next meeting with a mentor (it only reads).

    `--format email` writes a whole message ready for `sendmail -t` or a mail client: from
    you (`name` and `email` in config.toml, else $EMAIL) to the mentor's email, with the
    agenda as text and the invitation attached (METHOD:REQUEST). It refuses an agenda with
    nothing on it (cancel the meeting instead) and a meeting already over.
    """
    from datetime import UTC

    from mentee import messages
    from mentee.export import agenda as formats
    from mentee.journal.agenda import agenda_next

    env = get_env(ctx)
    result = agenda_next(env.store, mentor, env.today, env.now)
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
        from mentee.render import Text
        from mentee.ui import plain_block
        from mentee.ui.agenda import agenda_view

        env.show(agenda_view(result, env.zone))
        if message:
            env.show(Text("A message ready to send:", style="bold"))
            # soft_wrap: a message to paste keeps whole lines, never broken at the console width.
            env.show(plain_block(message), soft_wrap=True)
        return
    to_send = result if include_private else result.without_private()
    left_out = result.private_count - to_send.private_count
    if kind == AgendaFormat.EMAIL:
        import os

        from mentee.export import mail

        # What would stop the mail is said before anything else.
        sender = mail.sender_from(env.config.name, env.config.email, os.environ.get("EMAIL"))
        mail.check_sendable(to_send, left_out)
    if left_out:
        from mentee.text import plural

        env.say(f"{plural(left_out, 'private item')} left out; --include-private keeps them")
    if kind == AgendaFormat.MARKDOWN:
        sys.stdout.write(formats.agenda_markdown(to_send, env.zone))
        return
    if kind == AgendaFormat.EMAIL:
        now = env.clock().replace(microsecond=0)
        mail_bytes = mail.agenda_email(
            to_send, sender, now, default_minutes=env.config.meeting_minutes, zone=env.zone
        )
        sys.stdout.buffer.write(mail_bytes)
        return
    from mentee.export.ics import agenda_ics

    stamp = env.clock().astimezone(UTC).replace(microsecond=0)
    data = agenda_ics(to_send, stamp, env.config.meeting_minutes, env.zone)
    sys.stdout.buffer.write(data)
