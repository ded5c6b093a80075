"""Options and arguments the command modules share, as `Annotated` types (read by Typer when
it builds a command), and the helpers that make the rest one line each.

Cheap to import (typer and `mentee.kinds` only): a command module imports it when its
command is built, and `mentee --help` builds none. Completion of record ids is looked up in
`cli/completion.py` only when a TAB asks.
"""

# No `from __future__ import annotations` here: Typer reads the annotations of the completion
# callbacks made here each time it builds a command, and would evaluate strings.

from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from mentee.kinds import Kind

JSON_HELP = "Print JSON instead of a table."

Json = Annotated[bool, typer.Option("--json", help=JSON_HELP)]
# Where a command has --format: --json is short for --format json.
JsonFormat = Annotated[bool, typer.Option("--json", help="The same as --format json.")]


def complete_ids(
    kind: Kind, which: str | None = None
) -> Callable[[typer.Context, str], list[tuple[str, str]]]:
    """Shell completion of record ids of `kind` with each record's label as help: every
    record, or only those completer `which` offers (`open-actions`, `planned-meetings`,
    `current-goals`, `open-topics`; see `completion.RECORDS`). `cli/completion.py` is
    imported when a TAB asks, not when a command is built."""
    # Every record of a kind: the completer named by the kind's plural (`goals`).
    name = which or kind.plural

    # Typer reads these annotations when it builds a command: builtins only (`ctx` is found
    # by its name).
    def typer_complete(ctx: object, incomplete: str) -> list[tuple[str, str]]:
        from mentee.cli.completion import typer_completer

        return typer_completer(name)(ctx, incomplete)

    typer_complete.completer = name  # type: ignore[attr-defined] # the completion spec reads it
    return typer_complete


def complete_values(values: Sequence[str]) -> Callable[[typer.Context, str], list[str]]:
    """Shell completion of a fixed set of values (for options typed as text)."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:  # noqa: ARG001
        return [v for v in values if v.startswith(incomplete)]

    complete.choices = list(values)  # type: ignore[attr-defined] # the completion spec reads it
    return complete


def record_option(kind: Kind, help: str, *names: str, which: str | None = None) -> Any:
    """An option naming a record of `kind` (any unique prefix; a mentor also by name),
    completed with ids (`which`: a narrower completer, see `complete_ids`)."""
    return typer.Option(*names, help=help, autocompletion=complete_ids(kind, which))


def record_argument(
    kind: Kind, help: str | None = None, which: str | None = None, metavar: str | None = None
) -> Any:
    """The argument naming one record of `kind`: `Goal id (any unique prefix).` unless
    `help` says otherwise."""
    return typer.Argument(
        metavar=metavar,
        help=help or f"{kind.value.capitalize()} id (any unique prefix).",
        autocompletion=complete_ids(kind, which),
    )


GoalId = Annotated[str, record_argument(Kind.GOAL)]
CurrentGoalId = Annotated[str, record_argument(Kind.GOAL, which="current-goals")]
MentorId = Annotated[
    str, record_argument(Kind.MENTOR, "The mentor: id, name (any case) or unique prefix.")
]
MeetingId = Annotated[str, record_argument(Kind.MEETING)]
PlannedMeetingId = Annotated[
    str,
    record_argument(
        Kind.MEETING, "A planned meeting's id (any unique prefix).", which="planned-meetings"
    ),
]
ActionId = Annotated[str, record_argument(Kind.ACTION)]
OpenActionId = Annotated[str, record_argument(Kind.ACTION, which="open-actions")]
FeedbackId = Annotated[str, record_argument(Kind.FEEDBACK)]
NoteId = Annotated[str, record_argument(Kind.NOTE)]
TopicId = Annotated[str, record_argument(Kind.TOPIC)]
OpenTopicId = Annotated[str, record_argument(Kind.TOPIC, which="open-topics")]

# Options more than one command takes, word for word.
GoalAbout = Annotated[
    str | None, record_option(Kind.GOAL, "The goal it is about.", which="current-goals")
]
KeptFromMentors = Annotated[
    bool, typer.Option("--private", help="Keep it out of what is sent to mentors.")
]
ONLY_THIS_KIND = typer.Option(help="Only this kind.")
