"""`mentee meeting`: meetings with mentors."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from mentee.cli.common import (
    add_editor_command,
    add_show_command,
    emit_created,
    emit_records,
    get_env,
    parse_datetime_option,
)
from mentee.cli.options import Json, MeetingId, PlannedMeetingId, record_argument, record_option
from mentee.kinds import Kind

if TYPE_CHECKING:
    from mentee.cli.env import Env
    from mentee.journal.meeting import CloseoutDue, LoggedMeeting

app = typer.Typer(help="Meetings with your mentors.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    mentor: Annotated[str, record_option(Kind.MENTOR, "Who you meet.")],
    at: Annotated[str, typer.Option(help="When: '2026-12-03 15:00', 'fri 15:00'.")],
    duration: Annotated[
        int | None,
        typer.Option(min=1, max=24 * 60, help="Minutes (default from config.toml, else 30)."),
    ] = None,
    where: Annotated[str | None, typer.Option(help="A room, an address or a call link.")] = None,
    as_json: Json = False,
) -> None:
    """Plan a meeting (from today on; one already held is logged with
    `meeting log --mentor ID --at ...`)."""
    from mentee.journal.meeting import add_meeting

    env = get_env(ctx)
    meeting = add_meeting(
        env.store,
        mentor=mentor,
        at=parse_datetime_option(env, at, "--at"),
        duration=duration or env.config.meeting_minutes,
        where=where,
        today=env.today,
    )
    when = meeting.at.strftime("%a %Y-%m-%d %H:%M")
    emit_created(
        env, meeting, as_json, f"Planned meeting {meeting.id} with {meeting.mentor}, {when}"
    )


@app.command("list")
def list_meetings(
    ctx: typer.Context,
    show_all: Annotated[
        bool, typer.Option("--all", help="Include past, held and cancelled meetings.")
    ] = False,
    mentor: Annotated[
        str | None, record_option(Kind.MENTOR, "Only meetings with this mentor.")
    ] = None,
    as_json: Json = False,
) -> None:
    """List planned meetings: those over and not logged yet first, under their own heading,
    then the upcoming ones, soonest first (--all: every meeting, newest first)."""
    from mentee.journal import lists

    env = get_env(ctx)
    query = lists.MeetingQuery(every=show_all, mentor=mentor)
    to_log, coming = lists.list_meetings(env.store, query, env.today, env.now)
    empty = "No upcoming meetings. Plan one: mentee meeting add --mentor ID --at 'fri 15:00'"
    if as_json or not to_log:
        # JSON: one array of records, as every list: the unlogged ones come first (oldest).
        emit_records(env, Kind.MEETING, [*to_log, *coming], as_json, empty)
        return
    from mentee.render import Text
    from mentee.ui.lists import records_table

    lookup = env.lookup()
    env.show(Text("Over and not logged: log it or cancel it", style="bold red"))
    env.show(records_table(Kind.MEETING, to_log, lookup))
    env.show(Text(""))
    if coming:
        env.show(Text("Upcoming", style="bold"))
        env.show(records_table(Kind.MEETING, coming, lookup))
    else:
        env.say(empty)


add_show_command(app, Kind.MEETING, MeetingId, "Show one meeting.")
add_editor_command(app, Kind.MEETING, MeetingId, "Open a meeting in $VISUAL/$EDITOR.")


@app.command("log")
def log(
    ctx: typer.Context,
    meeting_id: Annotated[
        str | None,
        record_argument(
            Kind.MEETING,
            "The planned meeting (omit it with --mentor and --at for one never planned).",
            which="planned-meetings",
        ),
    ] = None,
    mentor: Annotated[
        str | None, record_option(Kind.MENTOR, "With --at: log a meeting that was never planned.")
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            help="When it was held: with --mentor for a meeting never planned, or with the "
            "id for one held at another time than planned."
        ),
    ] = None,
    notes: Annotated[str | None, typer.Option(help="What was said.")] = None,
    advice: Annotated[list[str] | None, typer.Option(help="Advice you got (repeatable).")] = None,
    action: Annotated[
        list[str] | None, typer.Option(help="An action you agreed to do (repeatable).")
    ] = None,
    mentor_action: Annotated[
        list[str] | None, typer.Option(help="Something the mentor offered to do (repeatable).")
    ] = None,
    due: Annotated[str | None, typer.Option(help="Due date for the --action items.")] = None,
    goal: Annotated[
        str | None,
        record_option(
            Kind.GOAL,
            "The goal the new actions serve (default: the one active goal the mentor serves, "
            "if there is one).",
        ),
    ] = None,
    duration: Annotated[
        int | None, typer.Option(min=1, max=24 * 60, help="Minutes it took.")
    ] = None,
    where: Annotated[str | None, typer.Option(help="Where it was held.")] = None,
    from_file: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="FILE",
            help="Read the close-out from FILE ('-': stdin), such as one kept from an "
            "earlier try, instead of opening $EDITOR.",
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Mark a meeting held: store its agenda, mark what was discussed, add the actions.

    With no --notes, --advice, --action or --mentor-action it opens $EDITOR on a close-out
    prefilled with the agenda: mark each item [x] discussed, [ ] keep, [-] drop or [d] done;
    write notes and advice; `- [ ] text (due fri)` lines become action items, and
    `(goal ID)` at the end of one names the goal it serves. An item whose line is not in
    the close-out is kept for next time. New actions get the meeting's mentor, the meeting,
    and the goal when the mentor serves exactly one active goal. A close-out that cannot be
    used is never lost: on a terminal it reopens with the problems at the top; otherwise
    it is kept, and `--from FILE` takes it up again (a kept buffer is removed once used).
    A meeting planned after today is logged only with --at saying when it was held.
    """
    from mentee.cli.common import parse_date_option
    from mentee.errors import UsageError
    from mentee.journal.meeting import HeldMeeting, closeout_due, log_meeting
    from mentee.kinds import Owner
    from mentee.meetings import NewAction

    env = get_env(ctx)
    if meeting_id is not None and mentor is not None:
        raise UsageError("give either a meeting id or --mentor and --at, not both")
    if meeting_id is None and (mentor is None or at is None):
        raise UsageError("give the meeting id, or --mentor and --at for a meeting never planned")
    when = parse_datetime_option(env, at, "--at") if at is not None else None
    if meeting_id is None and duration is None:
        duration = env.config.meeting_minutes  # as `meeting add` would have planned it
    due_date = parse_date_option(env, due, "--due")
    if due_date is not None and not action:
        raise UsageError("--due applies to --action items; give at least one --action")
    if goal is not None and not (action or mentor_action):
        raise UsageError("--goal applies to new actions; give --action or --mentor-action")
    agreed = [NewAction(title=t, due=due_date, goal=goal) for t in action or []]
    agreed += [NewAction(title=t, owner=Owner.MENTOR, goal=goal) for t in mentor_action or []]
    interactive = not (notes or advice or agreed)
    if from_file is not None and not interactive:
        raise UsageError(
            "--from takes the whole close-out: give it without --notes, --advice, "
            "--action or --mentor-action"
        )
    held = HeldMeeting(meeting=meeting_id, mentor=mentor, at=when, duration=duration, where=where)
    if interactive:
        to_log = closeout_due(env.store, held, env.today)
        if from_file is not None:
            logged = _log_from_file(env, from_file, to_log)
        else:
            logged = _log_in_editor(env, to_log, at)
    else:
        logged = log_meeting(
            env.store, held, today=env.today, notes=notes, advice=advice or [], actions=agreed
        )
    if as_json:
        from mentee.models import to_json

        env.json(to_json(logged.meeting))
        return
    from mentee.text import plural

    message = (
        f"Logged meeting {logged.meeting.id} as held: {plural(logged.marked, 'item')} marked "
        f"discussed, {plural(len(logged.created), 'action')} added."
    )
    if meeting_id is None:
        env.created(logged.meeting.id, message)  # a new record: its id on stdout when piped
    else:
        env.say(message)
    titles: dict[str, str] = {}
    for created in logged.created:
        whose = "mentor: " if created.owner == Owner.MENTOR else ""
        serves = ""
        if created.goal:
            if created.goal not in titles:
                titles[created.goal] = env.store.get(Kind.GOAL, created.goal).label
            serves = f" (for {titles[created.goal]!r})"
        env.say(f"  + action {created.id}: {whose}{created.title}{serves}")


def _log_in_editor(env: Env, due: CloseoutDue, at_text: str | None) -> LoggedMeeting:
    """`meeting log` in $EDITOR: the close-out prefilled with the agenda that was due."""
    from mentee import buffers, closeout
    from mentee.cli.editing import Buffer, edit_loop
    from mentee.journal.meeting import log_closeout

    meeting = due.meeting
    # The buffer is named after the meeting (or, never planned, its mentor): a close-out
    # kept from an interrupted try is offered back when the same meeting is logged again.
    kind, about = (
        ("meeting", meeting.id) if due.held.meeting is not None else ("mentor", meeting.mentor)
    )
    buffer = Buffer(
        "closeout",
        kind,
        about,
        "md",
        "close-out",
        instead="give the close-out with --from FILE, or log it with --notes, --advice or --action",
        resume=lambda path: buffers.resume_command("closeout", kind, about, path, at_text),
    )

    def apply(text: str) -> LoggedMeeting:
        return log_closeout(env.store, due, text, env.today)

    return edit_loop(env, closeout.template(due.agenda, meeting), apply, buffer)


def _log_from_file(env: Env, source: str, due: CloseoutDue) -> LoggedMeeting:
    """`meeting log ... --from FILE`: the close-out read from FILE (`-`: stdin), checked
    and applied as an edited buffer is. A buffer of mentee's own (kept from an earlier
    try) is removed once used; a file of the user's is left as it is."""
    from pathlib import Path

    from mentee import buffers, closeout
    from mentee.cli.env import buffers_path_for
    from mentee.errors import MenteeError
    from mentee.journal.meeting import log_closeout

    name = "stdin" if source == "-" else source
    text = _read_closeout(source)
    if not closeout.meaningful(text):
        raise MenteeError(f"{name}: the close-out is empty; nothing logged")
    other = closeout.meeting_named(text)
    if due.held.meeting is not None and other not in (None, due.meeting.id):
        raise MenteeError(
            f"{name}: this is the close-out of meeting {other}, not of {due.meeting.id}; "
            "nothing logged"
        )
    try:
        logged = log_closeout(env.store, due, text, env.today)
    except closeout.CloseoutError as exc:
        raise MenteeError(f"{exc.located(name)}; nothing logged") from None
    if source != "-":
        path = Path(source)
        if buffers.is_buffer(buffers_path_for(env.home), path):
            path.unlink(missing_ok=True)
    return logged


def _read_closeout(source: str) -> str:
    from pathlib import Path

    from mentee.errors import MenteeError

    name = "stdin" if source == "-" else source
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise MenteeError(f"{name}: cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise MenteeError(f"{name}: not UTF-8 text; nothing logged") from None


@app.command("move")
def move(
    ctx: typer.Context,
    meeting_id: PlannedMeetingId,
    at: Annotated[str, typer.Option(help="The new time: '2026-12-03 15:00', 'fri 15:00'.")],
    as_json: Json = False,
) -> None:
    """Move a planned meeting to another time, keeping its id, agenda and calendar entry,
    and print a short, polite message ready to send.

    The time is read in your time zone on the new day (a move across a change of daylight
    saving time keeps the hour you type). Its `sequence` goes up by one, so an invitation
    exported again (`agenda next --format ics|email`, `export --format ics`) updates the
    calendar's event. A meeting that is over and was never logged may be moved too: the
    message then apologises for missing it.
    """
    from mentee import messages
    from mentee.journal.meeting import move_meeting
    from mentee.models import Mentor

    env = get_env(ctx)
    when = parse_datetime_option(env, at, "--at")
    result = move_meeting(env.store, meeting_id, at=when, today=env.today, now=env.now)
    meeting = result.meeting
    person = env.store.get(Kind.MENTOR, meeting.mentor)
    assert isinstance(person, Mentor)
    message = messages.moved(
        person, meeting, result.before, result.missed, env.config.name, env.zone
    )
    if as_json:
        from mentee.models import to_json

        env.json({"meeting": to_json(meeting), "message": message})
        return
    before = messages.local_time(result.before, env.zone)
    after = messages.local_time(meeting.at, env.zone)
    env.say(
        f"Moved meeting {meeting.id} with {person.name} to {after:%a %Y-%m-%d %H:%M} "
        f"(was {before:%a %Y-%m-%d %H:%M})."
    )
    env.say("A message ready to send:")
    from mentee.ui import plain_block

    # soft_wrap: a message to paste keeps whole lines, never broken at the console width.
    env.out.print(plain_block(message), soft_wrap=True)


@app.command("cancel")
def cancel(
    ctx: typer.Context,
    meeting_id: PlannedMeetingId,
    reason: Annotated[str | None, typer.Option(help="Why (goes into the message).")] = None,
    as_json: Json = False,
) -> None:
    """Cancel a planned meeting and print a short, polite message ready to send (none for
    a meeting that is already over: there is nobody to warn)."""
    from mentee import messages
    from mentee.journal.meeting import cancel_meeting
    from mentee.meetings import is_over
    from mentee.models import Mentor

    env = get_env(ctx)
    meeting = cancel_meeting(env.store, meeting_id, reason)
    person = env.store.get(Kind.MENTOR, meeting.mentor)
    assert isinstance(person, Mentor)
    over = is_over(meeting, env.today, env.now)
    message = None if over else messages.cancel(person, meeting, reason, env.config.name, env.zone)
    if as_json:
        from mentee.models import to_json

        env.json({"meeting": to_json(meeting), "message": message})
        return
    if message is None:
        env.say(
            f"Cancelled meeting {meeting.id} with {person.name} of "
            f"{meeting.at:%a %Y-%m-%d %H:%M}: it is over, so there is no message to send."
        )
        return
    env.say(f"Cancelled meeting {meeting.id} with {person.name}. A message ready to send:")
    from mentee.ui import plain_block

    # soft_wrap: a message to paste keeps whole lines, never broken at the console width.
    env.show(plain_block(message), soft_wrap=True)
