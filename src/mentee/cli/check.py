"""`mentee check`: what needs attention now; exit 0 when nothing does, 3 when something does."""

from __future__ import annotations

from typing import Annotated

import typer

from mentee.cli.common import get_env
from mentee.cli.options import Json


def check(
    ctx: typer.Context,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the number of things (for a prompt).")
    ] = False,
    as_json: Json = False,
) -> None:
    """Print what needs attention now: a meeting that is over and not logged (first), a
    meeting within 2 days with an empty agenda, overdue actions, an active mentor past
    cadence. Exit 0 when nothing does, 3 when something does."""
    import sys

    from mentee.attention import needs_attention
    from mentee.errors import ExitCode
    from mentee.reading import load_book

    env = get_env(ctx)
    items = needs_attention(load_book(env.store), env.today, env.now)
    if as_json:
        env.json([{"kind": i.kind, "id": i.id, "text": i.text} for i in items])
    elif quiet:
        if items:
            sys.stdout.write(f"{len(items)}\n")
    else:
        from mentee.text import escape

        for item in items:
            sys.stdout.write(f"{item.kind}: {escape(item.text)}\n")
    if items:
        raise typer.Exit(int(ExitCode.ATTENTION))
