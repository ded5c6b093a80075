"""`mentee search TEXT`: every record with TEXT in a text field."""

from __future__ import annotations

from typing import Annotated

import typer

from mentee.cli.common import get_env
from mentee.cli.completion import typer_completer
from mentee.cli.options import Json
from mentee.errors import ExitCode
from mentee.kinds import Kind


def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Text to look for (case-insensitive).")],
    kind: Annotated[
        list[str] | None,
        typer.Option(
            help="Only records of this kind (repeatable): goal, note...",
            autocompletion=typer_completer("kinds"),
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Find TEXT across every record; exit 1 when nothing matches (as grep does)."""
    from mentee import reading
    from mentee.cli.common import parse_kinds

    env = get_env(ctx)
    hits = reading.search(env.store, text, parse_kinds(kind) or list(Kind))
    if as_json:
        from mentee.cli.common import records_json

        shown = records_json(env, [h.record for h in hits])
        env.json(
            [
                {"type": h.record.KIND.value, "field": h.field, **record}
                for h, record in zip(hits, shown, strict=True)
            ]
        )
    elif not hits:
        env.say(f"Nothing matches {text!r}.")
    else:
        from mentee.ui.lists import search_table

        env.page(search_table(hits))
    if not hits:
        raise typer.Exit(int(ExitCode.ERROR))
