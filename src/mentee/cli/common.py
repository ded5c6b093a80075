"""Helpers every command module shares: the Env, dates, id completion, list/show output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

import typer

from mentee.cli.env import Env, resolve_home
from mentee.cli.options import JSON_HELP as JSON_HELP
from mentee.cli.options import Json
from mentee.errors import UsageError
from mentee.kinds import Kind

E = TypeVar("E")

if TYPE_CHECKING:
    from mentee.models import Goal, Mentor, Record


def get_env(ctx: typer.Context) -> Env:
    """The invocation's Env, made by the root callback."""
    root = ctx.find_root()
    if not isinstance(root.obj, Env):
        home, source = resolve_home(None)
        root.obj = Env(home=home, home_source=source)
    # What this invocation's changes are called in the undo history: `goal add`.
    root.obj.command = " ".join(ctx.command_path.split()[1:]) or "mentee"
    return root.obj


def parse_date_option(env: Env, value: str | None, option: str) -> date | None:
    """A date option's value, or a usage error that names the option."""
    from mentee.dates import parse_date

    return _parsed(parse_date, env, value, option)


def parse_since_option(env: Env, value: str | None, option: str = "--since") -> date | None:
    """A `--since` value: a date, where an unsigned offset counts back (`2w` = 2 weeks ago)."""
    from mentee.dates import parse_past_date

    return _parsed(parse_past_date, env, value, option)


def _parsed(
    parse: Callable[[str, date], date], env: Env, value: str | None, option: str
) -> date | None:
    if value is None:
        return None
    try:
        return parse(value, env.today)
    except UsageError as exc:
        raise UsageError(f"{option}: {exc}") from None


def parse_datetime_option(env: Env, value: str, option: str) -> datetime:
    """A date-and-time option's value in the mentee's zone, or a usage error that names the
    option; a note on how it was read (a time moved past a gap) goes to stderr."""
    from mentee.dates import parse_datetime_noted

    try:
        parsed, note = parse_datetime_noted(value, env.today, env.zone)
    except UsageError as exc:
        raise UsageError(f"{option}: {exc}") from None
    if note:
        env.say(f"mentee: note: {option}: {note}")
    return parsed


def records_json(env: Env, records: Sequence[Record]) -> list[dict[str, Any]]:
    """Records as `--json` prints them: their fields, and a mentor's derived `goals` (the
    goals that list the mentor; stored on the goals, not on the mentor)."""
    from mentee.views import has_legacy_links, mentor_json, to_json

    goals: list[Goal] | None = None
    mentors: list[Mentor] | None = None
    shown = []
    for record in records:
        if record.KIND == Kind.MENTOR:
            if goals is None:
                goals = env.store.views(Kind.GOAL)
            shown.append(mentor_json(record, goals))
        elif record.KIND == Kind.GOAL:
            if mentors is None:
                mentors = [m for m in env.store.views(Kind.MENTOR) if has_legacy_links(m)]
            data = to_json(record)
            if mentors:
                # A journal an older mentee wrote, not written since: its links still on the
                # mentors read as the goal's.
                from mentee.links import mentors_moved

                data["mentors"] = mentors_moved(mentors, cast("Goal", record))
            shown.append(data)
        else:
            shown.append(to_json(record))
    return shown


def emit_records(
    env: Env, kind: Kind, records: Sequence[Record], as_json: bool, empty: str
) -> None:
    """A list command's output: a JSON array, or a table (a hint on stderr when empty)."""
    if as_json:
        env.json(records_json(env, records))
        return
    if not records:
        env.say(empty)
        return
    from mentee.ui.lists import records_table

    env.page(records_table(kind, records, env.lookup()))


def emit_record(env: Env, record: Record, as_json: bool) -> None:
    """A show command's output: a JSON object, or the detail view."""
    if as_json:
        env.json(records_json(env, [record])[0])
        return
    from mentee.render import Text
    from mentee.ui.record import record_detail

    env.show(Text(f"{record.KIND.value} {record.id}", style="bold"))
    env.show(record_detail(record, env.lookup()))


def emit_changed(env: Env, record: Record, as_json: bool, message: str) -> None:
    """After a change: the record as JSON on stdout, or a confirmation on stderr."""
    if as_json:
        env.json(records_json(env, [record])[0])
    else:
        env.say(message)


def emit_created(env: Env, record: Record, as_json: bool, message: str) -> None:
    """After an `add`: the record as JSON; else on a terminal the confirmation (stderr), and
    piped the id alone on stdout with the confirmation on stderr."""
    if as_json:
        env.json(records_json(env, [record])[0])
    else:
        env.created(record.id, message)


# In edit commands, an optional field given the value `none` is cleared (`--due none`).
CLEAR = "none"


def is_clear(value: str | None) -> bool:
    """Whether an edit option's value asks to clear the field: `none`, in any case."""
    return value is not None and value.strip().casefold() == CLEAR


def date_change(
    env: Env, value: str | None, option: str, changes: dict[str, Any], name: str
) -> None:
    """Put an edit's date option into `changes`: absent keeps, `none` clears, else a date."""
    if value is not None:
        changes[name] = None if is_clear(value) else parse_date_option(env, value, option)


def text_change(value: str | None, changes: dict[str, Any], name: str) -> None:
    """Put an edit's optional text option into `changes`: `none` or blank clears it."""
    if value is not None:
        changes[name] = None if is_clear(value) or not value.strip() else value


def clean_changes(**values: Any) -> dict[str, Any]:
    """The options that were given (not None), as field changes."""
    return {k: v for k, v in values.items() if v is not None}


def edit_with_editor(env: Env, kind: Kind, prefix: str, as_json: bool) -> None:
    """`edit ID` with no options: the record in $VISUAL/$EDITOR."""
    from mentee.cli.editing import edit_in_editor

    # Read under the lock: an older journal's layout is brought up to date first (see
    # `Store.before_first_write`), so the edit is not refused as made over a changed file.
    with env.store.locked():
        record = env.store.get(kind, prefix)
    saved = edit_in_editor(env, record)
    emit_changed(env, saved, as_json, f"Saved {kind.value} {saved.id}")


def parse_kinds(values: Sequence[str] | None) -> list[Kind]:
    """`--kind` values (names or plurals) as kinds, in order, without repeats."""
    from mentee.kinds import parse_kind

    kinds: list[Kind] = []
    for value in values or []:
        try:
            kind = parse_kind(value)
        except ValueError:
            raise UsageError(not_a_choice("--kind", value, [k.value for k in Kind])) from None
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def not_a_choice(option: str, value: str, choices: Sequence[str]) -> str:
    """`--kind: 'wn' is not one of win, challenge: did you mean win?` (the closest choices)."""
    from mentee.ids import closeness, closest, did_you_mean

    hint = did_you_mean(closest({c: closeness(value.strip().casefold(), c) for c in choices}))
    return f"{option}: {value!r} is not one of {', '.join(choices)}{hint}"


def add_show_command(app: typer.Typer, kind: Kind, record_id: Any, summary: str) -> None:
    """Add `show ID [--json]` to `app`: one record of `kind`, its detail view or its JSON.
    `record_id`: the argument's type (`options.GoalId`); `summary`: the command's help."""

    def show(ctx: typer.Context, record_id: str, as_json: bool = False) -> None:
        env = get_env(ctx)
        emit_record(env, env.store.get(kind, record_id), as_json)

    _add_command(app, "show", show, record_id, summary)


def add_editor_command(app: typer.Typer, kind: Kind, record_id: Any, summary: str) -> None:
    """Add `edit ID [--json]` to `app`: one record of `kind` in $VISUAL/$EDITOR."""

    def edit(ctx: typer.Context, record_id: str, as_json: bool = False) -> None:
        edit_with_editor(get_env(ctx), kind, record_id, as_json)

    _add_command(app, "edit", edit, record_id, summary)


def _add_command(
    app: typer.Typer, name: str, function: Callable[..., None], record_id: Any, summary: str
) -> None:
    # Typer reads a command's parameters from its function's annotations: the argument's
    # type (its help and completion) is the kind's.
    function.__doc__ = summary
    function.__annotations__ = {
        "ctx": typer.Context,
        "record_id": record_id,
        "as_json": Json,
        "return": None,
    }
    app.command(name)(function)
