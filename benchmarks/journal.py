"""Realistic journals for the benchmark: years of history, most of it done and discussed.

A journal kept for years holds thousands of finished actions, discussed notes and feedback,
held meetings with their stored agendas, achieved goals and past mentors; what is open at
any time is a few dozen actions and topics, the notes and feedback since the last meeting,
a handful of active goals and a few mentors. `generate` writes such a journal of about
`size` records (deterministic for a seed) straight into the files, as mentee writes them.
"""

from __future__ import annotations

import bisect
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

TODAY = date(2026, 11, 21)

WORDS = (  # noqa: SIM905 - a sentence of words reads better than a list
    "launch plan review design doc scope promotion talk practice feedback onboarding "
    "migration incident retro roadmap hiring architecture metrics stakeholder demo billing "
    "latency budget rollout oncall mentoring interview postmortem api schema cache"
).split()
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
# The three mentors active now, the same at every size (the agenda is built for the first).
ACTIVE_MENTORS = (("alex-kim", "Alex Kim"), ("li-wei", "Li Wei"), ("sam-okafor", "Sam Okafor"))


def generate(home: Path, size: int, seed: int = 7) -> dict[str, int]:
    """Write a journal of about `size` records into `home`; returns the count per kind."""
    from mentee.kinds import Kind
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
        Topic,
    )
    from mentee.store.recordfile import serialize

    rng = random.Random(seed)
    years = min(10, max(2, size // 5000 + 2))
    first = TODAY - timedelta(days=365 * years)
    span = (TODAY - first).days
    taken: set[str] = set()

    def new_id() -> str:
        while True:
            candidate = "".join(rng.choice(ALPHABET) for _ in range(8))
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    def text(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    def stamp(day: date, hour: int = 9) -> datetime:
        return datetime.combine(day, time(hour, rng.randint(0, 59)), tzinfo=UTC)

    def some_day(after: date = first, before: date = TODAY) -> date:
        return after + timedelta(days=rng.randint(0, max((before - after).days, 0)))

    records: list[Record] = []
    n_mentors = min(12, 3 + size // 5000)
    n_goals = min(200, max(6, size // 250))
    n_meetings = max(12, size // 40)
    rest = max(size - n_mentors - n_goals - n_meetings, 0)
    n_actions = rest * 40 // 100
    n_notes = rest * 30 // 100
    n_feedback = rest * 18 // 100
    n_topics = rest - n_actions - n_notes - n_feedback

    # Mentors: the last three are active; earlier mentorships have ended.
    mentors = []
    for number in range(n_mentors):
        active = number >= n_mentors - 3
        since = first + timedelta(days=span * number // n_mentors)
        handle, name = (
            ACTIVE_MENTORS[number - (n_mentors - 3)]
            if active
            else (f"mentor-{number}", f"Mentor {number} {rng.choice(WORDS).capitalize()}")
        )
        mentor = Mentor(
            id=handle,
            name=name,
            email=f"m{number}@example.com",
            org=rng.choice(["Northwind", "Contoso", "Initech", "Globex"]),
            role="Staff Engineer",
            cadence_days=rng.choice([14, 21, 28]),
            timezone=rng.choice(["Europe/Berlin", "America/New_York", "Asia/Tokyo"]),
            status="active" if active else "ended",
            since=since,
            created=stamp(since),
            updated=stamp(since),
        )
        mentors.append(mentor)
    active_mentors = [m.id for m in mentors if m.status == "active"]

    def mentor_at(day: date) -> str:
        index = min((day - first).days * n_mentors // max(span, 1), n_mentors - 1)
        return rng.choice([mentors[index].id, *active_mentors[-1:]])

    # Goals: a few active ones now, older ones achieved or dropped.
    goals = []
    for number in range(n_goals):
        current = number >= n_goals - 4
        start = (
            TODAY - timedelta(days=rng.randint(60, 300))
            if current
            else first + timedelta(days=span * number // n_goals)
        )
        target = start + timedelta(days=rng.randint(120, 420))
        status = (
            ("paused" if number == n_goals - 4 else "active")
            if current
            else rng.choice(["achieved"] * 4 + ["dropped"])
        )
        milestones = []
        if number % 2 == 0:
            for m in range(rng.randint(2, 5)):
                due = start + timedelta(days=(target - start).days * (m + 1) // 6)
                done = (
                    due - timedelta(days=rng.randint(0, 20))
                    if due < TODAY - timedelta(days=rng.randint(0, 40))
                    else None
                )
                milestones.append(Milestone(title=text(4), due=due, done=done))
        goals.append(
            Goal(
                id=new_id(),
                title=text(5),
                why=text(10),
                success=text(8),
                status=status,
                start=start,
                target=target,
                mentors=[active_mentors[number % 3] if current else mentor_at(start)],
                tags=[rng.choice(["career", "craft", "leadership", "writing"])],
                milestones=milestones,
                achieved=target if status == "achieved" and target < TODAY else None,
                created=stamp(start),
                updated=stamp(start),
            )
        )

    def goal_at(day: date) -> str:
        live = [g for g in goals if g.start and g.target and g.start <= day <= g.target]
        return rng.choice(live or goals).id

    # Meetings: held ones spread over the years, one planned soon with each active mentor.
    held_days = sorted(some_day(first, TODAY - timedelta(days=3)) for _ in range(n_meetings - 3))
    meetings: list[Meeting] = []
    for day in held_days:
        meetings.append(
            Meeting(
                id=new_id(),
                mentor=mentor_at(day),
                at=stamp(day, 15),
                duration=rng.choice([30, 45, 60]),
                where="video call",
                status="held" if rng.random() < 0.95 else "cancelled",
                notes=text(30),
                advice=[text(8) for _ in range(rng.randint(0, 2))],
                created=stamp(day - timedelta(days=7)),
                updated=stamp(day, 16),
            )
        )
    for number, mentor_id in enumerate(active_mentors):
        day = TODAY + timedelta(days=3 + 5 * number)
        meetings.append(
            Meeting(
                id=new_id(),
                mentor=mentor_id,
                at=stamp(day, 15),
                duration=30,
                status="planned",
                created=stamp(TODAY - timedelta(days=2)),
                updated=stamp(TODAY - timedelta(days=2)),
            )
        )
    held = [m for m in meetings if m.status == "held"]
    held_at = [m.at.date() for m in held]
    agendas: dict[str, list[AgendaItem]] = {m.id: [] for m in held}

    def discussed_in(day: date) -> str | None:
        """The first meeting held after `day` (None: not discussed yet)."""
        found = bisect.bisect_right(held_at, day)
        return held[found].id if found < len(held) else None

    # Actions: a few dozen open (most recent, some long overdue), the rest done or dropped.
    action_days = sorted(some_day() for _ in range(n_actions))
    n_open = min(n_actions, 25 + size // 2000)
    open_recent = set(range(n_actions - n_open * 2 // 3, n_actions))
    open_old = set(rng.sample(range(max(n_actions - n_open, 1)), min(n_open // 3, n_actions)))
    for number, day in enumerate(action_days):
        is_open = number in open_recent or number in open_old
        due = day + timedelta(days=rng.randint(7, 60))
        status = "open" if is_open else "done" if rng.random() < 0.88 else "dropped"
        done = min(day + timedelta(days=rng.randint(1, 50)), TODAY) if status == "done" else None
        mentor_id = mentor_at(day)
        action = Action(
            id=new_id(),
            title=text(6),
            status=status,
            kind="practice" if rng.random() < 0.1 else "task",
            owner="mentor" if rng.random() < 0.15 else "me",
            due=due,
            done=done,
            goal=goal_at(day),
            mentor=mentor_id,
            notes=[Dated(date=some_day(day, min(day + timedelta(days=20), TODAY)), text=text(12))]
            if rng.random() < 0.3
            else [],
            created=stamp(day),
            updated=stamp(done or day, 18),
        )
        records.append(action)
        meeting = discussed_in(day)
        if meeting is not None and len(agendas[meeting]) < 4:
            section = "done" if status == "done" else "open"
            agendas[meeting].append(
                AgendaItem(
                    section=section,
                    kind="action",
                    id=action.id,
                    text=action.title,
                    decision="discussed",
                )
            )

    for _ in range(n_notes):
        day = some_day()
        meeting = discussed_in(day)
        note = Note(
            id=new_id(),
            date=day,
            kind=rng.choice(["win", "challenge", "learning", "note"]),
            text=text(25),
            goal=goal_at(day),
            private=rng.random() < 0.05,
            discussed_in=meeting,
            created=stamp(day),
            updated=stamp(day),
        )
        records.append(note)
        if meeting is not None and note.kind != "note" and len(agendas[meeting]) < 8:
            agendas[meeting].append(
                AgendaItem(
                    section="notes",
                    kind="note",
                    id=note.id,
                    text=note.text,
                    decision="discussed",
                )
            )
    for _ in range(n_feedback):
        day = some_day()
        meeting = discussed_in(day)
        records.append(
            Feedback(
                id=new_id(),
                date=day,
                source=rng.choice(["manager", "peer", mentor_at(day)]),
                kind=rng.choice(["praise", "constructive", "observation"]),
                text=text(20),
                goals=[goal_at(day)],
                private=rng.random() < 0.05,
                discussed_in=meeting,
                created=stamp(day),
                updated=stamp(day),
            )
        )
    # Topics: those raised since the last meeting are open, and a couple of dozen older.
    old_open = min(n_topics, 20 + size // 5000) / max(n_topics, 1)
    for _ in range(n_topics):
        day = some_day()
        meeting = discussed_in(day)
        status = (
            "open"
            if meeting is None or rng.random() < old_open
            else "discussed"
            if rng.random() < 0.9
            else "dropped"
        )
        records.append(
            Topic(
                id=new_id(),
                text=text(10),
                mentor=rng.choice([None, mentor_at(day), *active_mentors]),
                goal=goal_at(day) if rng.random() < 0.5 else None,
                status=status,
                discussed_in=meeting if status == "discussed" else None,
                created=stamp(day),
                updated=stamp(day),
            )
        )
    for meeting in meetings:
        if meeting.id in agendas:
            meeting.agenda = agendas[meeting.id]
    records += mentors + goals + meetings

    counts: dict[str, Any] = {}
    for kind in Kind:
        (home / kind.plural).mkdir(parents=True, exist_ok=True, mode=0o700)
    for record in records:
        path = home / record.KIND.plural / f"{record.id}.toml"
        path.write_bytes(serialize(record))
        path.chmod(0o600)
        counts[record.KIND.value] = counts.get(record.KIND.value, 0) + 1
    return {kind.value: counts.get(kind.value, 0) for kind in Kind}


def summary(home: Path) -> str:
    """What is open in a journal: `31 open actions, 27 open topics, ...`."""
    import tomllib

    def count(folder: str, key: str, values: tuple[Any, ...]) -> int:
        total = 0
        for path in (home / folder).glob("*.toml"):
            if tomllib.loads(path.read_text()).get(key) in values:
                total += 1
        return total

    return (
        f"{count('actions', 'status', ('open',))} open actions, "
        f"{count('topics', 'status', ('open',))} open topics, "
        f"{count('notes', 'discussed_in', (None,))} notes and "
        f"{count('feedback', 'discussed_in', (None,))} feedback not yet discussed, "
        f"{count('goals', 'status', ('active', 'paused'))} current goals, "
        f"{count('mentors', 'status', ('active',))} active mentors"
    )
