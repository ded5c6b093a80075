"""`mentee review`: progress against each goal's timeline, and what to do next."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from mentee.cli.common import get_env, parse_since_option
from mentee.cli.options import JsonFormat


class ReviewFormat(StrEnum):
    """The formats `review --format` writes."""

    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"


def review(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            help="Start of the period: a date, or 3m for three months ago (default: 30 days ago)."
        ),
    ] = None,
    output: Annotated[
        ReviewFormat,
        typer.Option("--format", help="text, markdown (a self-review packet), json or html."),
    ] = ReviewFormat.TEXT,
    as_json: JsonFormat = False,
    include_private: Annotated[
        bool,
        typer.Option(
            "--include-private", help="Keep private notes and feedback in markdown and html."
        ),
    ] = False,
) -> None:
    """Review progress: each goal against its own plan (behind: something planned for by
    now is not done), mentors' cadence, the period's activity against the period before,
    and suggestions (re-plan, mark achieved, find a mentor, schedule, cancel, thank,
    follow up). Goals achieved before the period are counted, not listed (--json lists
    them)."""
    from mentee.errors import UsageError
    from mentee.reading import load_review_book
    from mentee.review import build_review

    env = get_env(ctx)
    start = parse_since_option(env, since)
    if start is not None and start > env.today:
        raise UsageError(f"--since: {start} is after today ({env.today})")
    result = build_review(load_review_book(env.store, env.today, start), env.today, start, env.now)
    kind = ReviewFormat.JSON if as_json else output
    if kind in (ReviewFormat.MARKDOWN, ReviewFormat.HTML) and not include_private:
        # The packet and the page are made to be shared: private items stay out.
        if result.private_count:
            from mentee.text import plural

            env.say(
                f"{plural(result.private_count, 'private item')} left out; "
                "--include-private keeps them"
            )
        result = result.without_private()
    if kind == ReviewFormat.JSON:
        from mentee.export.review import review_json

        env.json(review_json(result))
    elif kind == ReviewFormat.MARKDOWN:
        from mentee.export.review import review_markdown

        sys.stdout.write(review_markdown(result))
    elif kind == ReviewFormat.HTML:
        from mentee.export.review_html import review_html

        sys.stdout.write(review_html(result))
    else:
        from mentee.ui.review import review_view

        env.page(review_view(result))
