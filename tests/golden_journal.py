"""A fixed journal with years of history, for the golden outputs of every read command.

Deterministic (a seeded generator, fixed ids and timestamps), so the outputs pinned in
tests/golden/outputs/ stay byte for byte the same. It holds what the views must lay out:
long titles that wrap, wide characters (CJK, emoji), terminal escapes in user text, names
cut with an ellipsis, overdue and due-today actions, a mentor's promises, practice
actions, private notes, an unlogged meeting, stored agendas, goals ahead, behind, overdue,
paused, achieved and without a plan. Imported by name (tests/ is on sys.path).
"""

from __future__ import annotations

import datetime as dt
import random
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
from mentee.store.recordfile import serialize

TODAY = dt.date(2026, 11, 21)
UTC = dt.UTC
CET = dt.timezone(dt.timedelta(hours=1))
WORDS = (  # noqa: SIM905 - a sentence of words reads better than a list
    "launch plan review design doc scope promotion talk practice feedback onboarding "
    "migration incident retro roadmap hiring architecture metrics stakeholder demo"
).split()
WIDE = "设计评审 🚀"
ESCAPE = "Priya \x1b]0;pwned\x07N\u202eevil"


def _stamp(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=UTC)


def golden_records() -> list[Record]:
    rng = random.Random(2026)

    def text(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    def ago(days: int) -> dt.date:
        return TODAY - dt.timedelta(days=days)

    records: list[Record] = [
        Mentor(
            id="alex-kim",
            name="Alex Kim",
            email="alex@example.com",
            org="Northwind Traders International",
            role="Principal Engineer",
            channel="video",
            cadence_days=14,
            timezone="Europe/Berlin",
            response_time="1-2 days",
            status="active",
            since=ago(700),
            thanks=[Dated(date=ago(40), text="Thanks for the design review walkthrough.")],
            created=_stamp(ago(700)),
            updated=_stamp(ago(40)),
        ),
        Mentor(
            id="li-wei",
            name="李伟 (Li Wei)",
            email="li@example.com",
            org="Contoso",
            channel="chat",
            cadence_days=28,
            timezone="Asia/Shanghai",
            status="active",
            since=ago(300),
            created=_stamp(ago(300)),
            updated=_stamp(ago(300)),
        ),
        Mentor(
            id="priya",
            name=ESCAPE,
            org="Globex",
            cadence_days=21,
            status="paused",
            created=_stamp(ago(500)),
            updated=_stamp(ago(500)),
        ),
        Mentor(
            id="sam-old",
            name="Sam Old-Mentor With A Rather Long Name",
            status="ended",
            created=_stamp(ago(1000)),
            updated=_stamp(ago(400)),
        ),
    ]
    goals = [
        Goal(
            id="g-senior",
            title="Promoted to senior engineer with a title long enough to wrap in a table",
            why="Own larger problems\nand grow others",
            success="Promotion approved",
            start=ago(300),
            target=TODAY + dt.timedelta(days=200),
            mentors=["alex-kim"],
            tags=["career"],
            milestones=[
                Milestone(title="Write a design doc", due=ago(200), done=ago(205)),
                Milestone(title="Lead the billing launch", due=ago(20)),
                Milestone(title=f"Present {WIDE} to the org", due=TODAY + dt.timedelta(days=10)),
                Milestone(title="Mentor a new hire", due=TODAY + dt.timedelta(days=120)),
            ],
            timeline=[
                Retarget(
                    date=ago(100),
                    from_=ago(30),
                    to=TODAY + dt.timedelta(days=200),
                    reason="Re-org moved the cycle",
                )
            ],
            created=_stamp(ago(300)),
            updated=_stamp(ago(100)),
        ),
        Goal(
            id="g-talk",
            title=f"Give a conference talk {WIDE}",
            start=ago(200),
            target=TODAY + dt.timedelta(days=60),
            mentors=["li-wei"],
            created=_stamp(ago(200)),
            updated=_stamp(ago(200)),
        ),
        Goal(
            id="g-rust",
            title="Learn Rust",
            start=ago(400),
            target=ago(10),
            mentors=["alex-kim", "li-wei"],
            milestones=[Milestone(title="Finish the book", due=ago(200), done=ago(190))],
            created=_stamp(ago(400)),
            updated=_stamp(ago(400)),
        ),
        Goal(
            id="g-writing",
            title="Write every week",
            status="paused",
            start=ago(500),
            created=_stamp(ago(500)),
            updated=_stamp(ago(100)),
        ),
        Goal(
            id="g-cert",
            title="Cloud certification",
            status="achieved",
            start=ago(800),
            target=ago(600),
            achieved=ago(610),
            mentors=["sam-old"],
            created=_stamp(ago(800)),
            updated=_stamp(ago(610)),
        ),
        Goal(
            id="g-dropped",
            title="Move to management",
            status="dropped",
            start=ago(900),
            created=_stamp(ago(900)),
            updated=_stamp(ago(700)),
        ),
        Goal(
            id="g-someday",
            title="Open-source a library (no deadline)",
            start=ago(50),
            mentors=["alex-kim"],
            created=_stamp(ago(50)),
            updated=_stamp(ago(50)),
        ),
    ]
    records += goals

    meetings: list[Meeting] = []
    for number in range(24):
        day = ago(700 - number * 28 - rng.randint(0, 5))
        mentor = "sam-old" if number < 6 else ("alex-kim" if number % 3 else "li-wei")
        meetings.append(
            Meeting(
                id=f"m-{number:03d}",
                mentor=mentor,
                at=dt.datetime.combine(day, dt.time(15, 30), tzinfo=CET),
                duration=45,
                where="Café Central, table 4" if number % 4 == 0 else "video",
                status="cancelled" if number == 7 else "held",
                notes=text(20),
                advice=[text(6)] if number % 2 else [],
                created=_stamp(day - dt.timedelta(days=10)),
                updated=_stamp(day),
            )
        )
    meetings += [
        Meeting(
            id="m-unlogged",
            mentor="li-wei",
            at=dt.datetime.combine(ago(3), dt.time(10, 0), tzinfo=UTC),
            duration=30,
            status="planned",
            created=_stamp(ago(20)),
            updated=_stamp(ago(20)),
        ),
        Meeting(
            id="m-next",
            mentor="alex-kim",
            at=dt.datetime.combine(TODAY + dt.timedelta(days=4), dt.time(16, 0), tzinfo=CET),
            duration=60,
            where="video",
            status="planned",
            created=_stamp(ago(5)),
            updated=_stamp(ago(5)),
        ),
        Meeting(
            id="m-later",
            mentor="li-wei",
            at=dt.datetime.combine(TODAY + dt.timedelta(days=25), dt.time(9, 0), tzinfo=UTC),
            status="planned",
            created=_stamp(ago(2)),
            updated=_stamp(ago(2)),
        ),
    ]
    held = [m for m in meetings if m.status == "held"]

    actions: list[Action] = []
    for number in range(110):
        day = ago(rng.randint(0, 650))
        goal = rng.choice(["g-senior", "g-talk", "g-rust", "g-someday", "g-cert", None])
        roll = rng.random()
        status = "open" if roll < 0.22 else "done" if roll < 0.9 else "dropped"
        due = day + dt.timedelta(days=rng.randint(3, 60)) if rng.random() < 0.85 else None
        actions.append(
            Action(
                id=f"a-{number:03d}",
                title=text(rng.randint(3, 14)),
                status=status,
                kind="practice" if number % 9 == 0 else "task",
                owner="mentor" if number % 7 == 0 else "me",
                due=due,
                done=min(day + dt.timedelta(days=rng.randint(1, 30)), TODAY)
                if status == "done"
                else None,
                goal=goal,
                mentor=rng.choice(["alex-kim", "li-wei", None]),
                notes=[Dated(date=day, text=text(8))] if number % 5 == 0 else [],
                created=_stamp(day),
                updated=_stamp(day),
            )
        )
    actions += [
        Action(
            id="a-today",
            title="Send the RFC to the team (due today)",
            due=TODAY,
            goal="g-senior",
            mentor="alex-kim",
            created=_stamp(ago(10)),
            updated=_stamp(ago(10)),
        ),
        Action(
            id="a-escape",
            title=f"Reply to {ESCAPE} about {WIDE}",
            due=ago(2),
            goal="g-talk",
            mentor="li-wei",
            created=_stamp(ago(12)),
            updated=_stamp(ago(12)),
        ),
        Action(
            id="a-promise",
            title="Introduce me to the platform team",
            owner="mentor",
            mentor="alex-kim",
            due=TODAY + dt.timedelta(days=3),
            created=_stamp(ago(30)),
            updated=_stamp(ago(30)),
        ),
    ]
    records += actions

    notes: list[Note] = []
    for number in range(70):
        day = ago(rng.randint(0, 600))
        notes.append(
            Note(
                id=f"n-{number:03d}",
                date=day,
                kind=rng.choice(["win", "challenge", "learning", "note"]),
                text=text(rng.randint(5, 40)),
                goal=rng.choice(["g-senior", "g-talk", "g-rust", None]),
                private=number % 11 == 0,
                discussed_in=None if day > ago(30) else rng.choice(held).id,
                created=_stamp(day),
                updated=_stamp(day),
            )
        )
    notes.append(
        Note(
            id="n-wide",
            date=ago(1),
            kind="win",
            text=f"Shipped {WIDE} and {ESCAPE} liked it",
            goal="g-talk",
            created=_stamp(ago(1)),
            updated=_stamp(ago(1)),
        )
    )
    records += notes
    for number in range(45):
        day = ago(rng.randint(0, 600))
        records.append(
            Feedback(
                id=f"f-{number:03d}",
                date=day,
                source=rng.choice(["manager", "peer review", "alex-kim", "li-wei"]),
                kind=rng.choice(["praise", "constructive", "observation"]),
                text=text(rng.randint(5, 30)),
                goals=[rng.choice(["g-senior", "g-talk", "g-rust"])] if number % 3 else [],
                private=number % 8 == 0,
                discussed_in=None if day > ago(30) else rng.choice(held).id,
                created=_stamp(day),
                updated=_stamp(day),
            )
        )
    for number in range(30):
        day = ago(rng.randint(0, 400))
        status = "open" if number % 3 == 0 else "discussed" if number % 3 == 1 else "dropped"
        records.append(
            Topic(
                id=f"t-{number:03d}",
                text=text(rng.randint(4, 20)),
                mentor=rng.choice(["alex-kim", "li-wei", None]),
                goal=rng.choice(["g-senior", "g-talk", None]),
                private=number % 7 == 0,
                status=status,
                discussed_in=rng.choice(held).id if status == "discussed" else None,
                created=_stamp(day),
                updated=_stamp(day),
            )
        )
    # Stored agendas: what the held meetings covered, some items kept for next time.
    for meeting in held:
        covered = [a for a in actions if a.created and a.created.date() < meeting.at.date()]
        items = [
            AgendaItem(
                section="open" if a.status == "open" else "done",
                kind="action",
                id=a.id,
                text=a.title,
                decision="kept" if a.status == "open" and i % 2 else "discussed",
            )
            for i, a in enumerate(covered[-4:])
        ]
        meeting.agenda = items
    records += meetings
    return records


def build_golden_journal(home: Path) -> None:
    """Write the golden journal into `home`: each record's file as `Store.put` writes it
    (its timestamps kept), without a sync to disk per file."""
    for record in golden_records():
        folder = home / record.KIND.plural
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = folder / f"{record.id}.toml"
        path.write_bytes(serialize(record))
        path.chmod(0o600)
