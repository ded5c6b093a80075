"""`mentee demo`: a realistic sample journal, built in a new directory and shown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mentee.cli.common import get_env
from mentee.cli.env import Env
from mentee.kinds import Kind


def demo(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="Build it here (a new or empty directory) instead of a temp dir.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Build a realistic sample journal and show it.

    It goes to a fresh temporary directory unless --home is given, and never into
    $MENTEE_HOME or your own journal.
    """
    import tempfile

    from mentee.demo import build_demo
    from mentee.errors import UsageError

    env = get_env(ctx)
    target = home.expanduser() if home else env.home if env.home_source == "option" else None
    if target is None:
        target = Path(tempfile.mkdtemp(prefix="mentee-demo-"))
    elif target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"--home {target}: demo only writes into a new or empty directory")
    demo_env = Env(home=target, home_source="option", _today=env.today, keep_history=False)
    build_demo(demo_env.store, demo_env.today, demo_env.zone)
    show_demo(demo_env)


def show_demo(env: Env) -> None:
    """Show what the sample journal holds: the dashboard, the goals and open actions, and
    commands to try in it."""
    from rich.rule import Rule
    from rich.text import Text

    from mentee.models import Action, Goal
    from mentee.reading import ActionFilter, dashboard, select_actions
    from mentee.ui.dashboard import dashboard_view
    from mentee.ui.lists import records_table

    lookup = env.lookup()
    env.say(f"A sample journal is in {env.home}")
    env.show(dashboard_view(dashboard(env.store, env.today, env.now), lookup))
    env.show(Rule("Goals", align="left"))
    goals = sorted(env.store.records(Kind.GOAL, Goal), key=lambda g: (g.status, g.title))
    env.show(records_table(Kind.GOAL, goals, lookup))
    env.show(Rule("Open actions", align="left"))
    actions = select_actions(env.store.records(Kind.ACTION, Action), ActionFilter(), env.today)
    env.show(records_table(Kind.ACTION, actions, lookup))
    env.show(Rule("The next agenda", align="left"))
    from mentee import agenda
    from mentee.reading import load_book
    from mentee.ui.agenda import agenda_view

    book = load_book(env.store)
    upcoming = agenda.planned_meetings(book.meetings, env.today, env.now)
    mentors = {m.id: m for m in book.mentors}
    # The sample has two mentors with meetings planned: show the sooner one's agenda.
    mentor = mentors[upcoming[0].mentor] if upcoming else agenda.choose_mentor(book, env.today)
    env.show(agenda_view(agenda.next_agenda(book, mentor, env.today), env.zone))
    from mentee.review import build_review
    from mentee.ui.review import review_view

    env.show(Rule("The review", align="left"))
    env.show(review_view(build_review(book, env.today)))
    env.show(Text("Try it yourself:", style="bold"))
    env.show(
        Text(
            f"  export MENTEE_HOME={env.home}\n"
            "  mentee goal list\n  mentee action list --overdue\n"
            "  mentee agenda next --mentor alex-kim --format markdown\n"
            "  mentee review --format html > review.html"
        )
    )
