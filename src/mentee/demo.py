"""A realistic sample journal for `mentee demo`, dated relative to `today`.

Six goals in several states, three mentors, held and planned meetings, actions done, open,
overdue and promised by a mentor, feedback of every kind and a progress log. Values are
written as the record files hold them (`status="achieved"`); the models check them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from mentee.dates import add_months, localize
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
    Retarget,
    Topic,
)
from mentee.store import Store

ALEX, PRIYA, SAM = "alex-kim", "priya-natarajan", "sam-okafor"
# A day so many days (or months) from today.
Offset = Callable[[int], date]


def build_demo(store: Store, today: date, zone: tzinfo | None) -> None:
    """Write the sample journal into `store` (expected empty)."""

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    def month(offset: int) -> date:
        return add_months(today, offset)

    def stamp(offset: int, hour: int = 9) -> datetime:
        return localize(datetime.combine(day(offset), time(hour, 0)), zone)

    def put(record: Record, created: int) -> None:
        store.create(record.model_copy(update={"created": stamp(created)}))

    with store.locked():
        senior, talk, lead, rust, writing, cert = (store.new_id(Kind.GOAL) for _ in range(6))
        for mentor, created in _mentors(day, month):
            put(mentor, created)
        goals: list[tuple[Goal, int]] = [
            (
                Goal(
                    id=senior,
                    title="Promoted to senior engineer",
                    why="Own larger problems and grow others",
                    baseline="Mid-level; strong delivery, little visible design leadership",
                    success="Promotion approved in the next cycle",
                    start=month(-5),
                    target=month(7),
                    mentors=[ALEX],
                    tags=["career"],
                    milestones=[
                        Milestone(
                            title="Write a design doc for the billing rewrite",
                            due=day(-60),
                            done=day(-55),
                        ),
                        Milestone(
                            title="Mentor a new hire through onboarding",
                            due=day(-10),
                            done=day(-12),
                        ),
                        Milestone(title="Lead the billing rewrite to launch", due=day(90)),
                        Milestone(title="Draft the promotion packet with my manager", due=day(180)),
                    ],
                ),
                -150,
            ),
            (
                Goal(
                    id=talk,
                    title="Give a talk at a regional conference",
                    why="Practise explaining technical work to a wide audience",
                    baseline="Two internal lightning talks",
                    success="A 30-minute talk accepted and delivered",
                    start=month(-3),
                    target=month(2),
                    mentors=[PRIYA],
                    tags=["speaking"],
                    milestones=[
                        Milestone(title="Submit a CFP", due=day(-30)),
                        Milestone(title="Rehearse with the team", due=day(30)),
                        Milestone(title="Deliver the talk", due=day(55)),
                    ],
                ),
                -90,
            ),
            (
                Goal(
                    id=lead,
                    title="Lead a cross-team project end to end",
                    start=month(-6),
                    target=day(-14),
                    mentors=[ALEX],
                    timeline=[
                        Retarget(
                            date=day(-70),
                            from_=day(-45),
                            to=day(-14),
                            reason="Project start slipped a month with the reorg",
                        )
                    ],
                ),
                -180,
            ),
            (
                Goal(
                    id=rust,
                    title="Ship a production service in Rust",
                    status="achieved",
                    start=month(-9),
                    target=month(-2),
                    achieved=day(-70),
                    tags=["skills"],
                ),
                -270,
            ),
            (
                Goal(
                    id=writing,
                    title="Publish four posts on the engineering blog",
                    status="paused",
                    start=month(-4),
                    target=month(4),
                    mentors=[PRIYA],
                    tags=["writing"],
                ),
                -120,
            ),
            (
                Goal(
                    id=cert,
                    title="Pass a cloud architecture certification",
                    status="dropped",
                    start=month(-8),
                    target=month(-1),
                ),
                -240,
            ),
        ]
        for goal, created in goals:
            put(goal, created)

        held, earlier, next_alex, next_priya = (store.new_id(Kind.MEETING) for _ in range(4))
        design_action = store.new_id(Kind.ACTION)
        call = {"duration": 30, "where": "video call"}
        meetings: list[tuple[Meeting, int]] = [
            (
                Meeting(
                    id=earlier,
                    mentor=ALEX,
                    at=stamp(-28, 15),
                    status="held",
                    notes="Talked about what reviewers look for in a senior packet.",
                    advice=["Write down the decisions you drive, with their impact"],
                    actions=[design_action],
                    **call,
                ),
                -35,
            ),
            (
                Meeting(
                    id=held,
                    mentor=ALEX,
                    at=stamp(-14, 15),
                    status="held",
                    agenda=[
                        AgendaItem(
                            section="done", text="Design doc for the billing rewrite approved"
                        ),
                    ],
                    notes="Reviewed the design doc feedback; next: scope the launch plan.",
                    advice=["Ask for the launch retro to be yours to run"],
                    **call,
                ),
                -20,
            ),
            (Meeting(id=next_alex, mentor=ALEX, at=stamp(3, 15), **call), -2),
            (Meeting(id=next_priya, mentor=PRIYA, at=stamp(12, 16), duration=45), -5),
        ]
        for meeting, created in meetings:
            put(meeting, created)

        feedback_ids = [store.new_id(Kind.FEEDBACK) for _ in range(4)]
        feedback: list[tuple[int, str, str, str, dict[str, Any]]] = [
            (
                -40,
                "manager",
                "constructive",
                "Design reviews go better when you share the doc two days ahead.",
                {"goals": [senior]},
            ),
            (
                -9,
                ALEX,
                "praise",
                "The billing design doc was the clearest one this quarter.",
                {"goals": [senior], "discussed_in": held},
            ),
            (
                -5,
                "peer review",
                "constructive",
                "In incident calls, summarise decisions out loud before moving on.",
                {"goals": [lead], "private": True},
            ),
            (
                -2,
                "tech lead",
                "observation",
                "You are the go-to person for the billing domain now.",
                {},
            ),
        ]
        for feedback_id, (offset, source, kind, text, more) in zip(
            feedback_ids, feedback, strict=True
        ):
            given = Feedback(
                id=feedback_id, date=day(offset), source=source, kind=kind, text=text, **more
            )
            put(given, offset)

        actions = [
            Action(
                id=design_action,
                title="Write the billing rewrite design doc",
                status="done",
                due=day(-20),
                done=day(-22),
                goal=senior,
                mentor=ALEX,
                meeting=earlier,
                notes=[Dated(date=day(-22), text="Approved by the architecture group")],
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Share design docs two days before review",
                status="done",
                done=day(-8),
                goal=senior,
                feedback=feedback_ids[0],
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Draft the launch plan for the billing rewrite",
                due=day(-3),
                goal=senior,
                mentor=ALEX,
                meeting=held,
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Introduce me to the staff engineer who ran the last migration",
                owner="mentor",
                mentor=ALEX,
                meeting=held,
                due=day(5),
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Submit the CFP for the regional conference",
                due=day(-6),
                goal=talk,
                mentor=PRIYA,
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Give a 10-minute dry run at the team demo",
                kind="practice",
                due=day(9),
                goal=talk,
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Run the weekly sync for the cross-team project",
                kind="practice",
                due=day(2),
                goal=lead,
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Outline the first blog post",
                status="dropped",
                goal=writing,
            ),
        ]
        for offset, action in enumerate(actions):
            put(action, -30 + offset)

        notes = [
            (-22, "win", "Design doc approved without a second review round.", senior),
            (
                -11,
                "challenge",
                "Launch scope keeps growing; hard to say no to the product team.",
                senior,
            ),
            (-6, "learning", "Writing the decision log first makes reviews much shorter.", senior),
            (-4, "win", "Onboarding buddy shipped her first change in week one.", senior),
            (-1, "challenge", "Not sure which talk idea is strongest.", talk),
        ]
        for offset, note_kind, text, goal_id in notes:
            note = Note(
                id=store.new_id(Kind.NOTE),
                date=day(offset),
                kind=note_kind,
                text=text,
                goal=goal_id,
            )
            put(note, offset)

        topics: list[tuple[str, dict[str, Any], int]] = [
            (
                "How to push back on scope creep without blocking the launch",
                {"mentor": ALEX, "goal": senior},
                -10,
            ),
            ("Which of my three talk ideas to submit", {"goal": talk}, -3),
            ("Whether to ask for a team-lead trial", {"private": True, "goal": senior}, -1),
        ]
        for text, about, created in topics:
            put(Topic(id=store.new_id(Kind.TOPIC), text=text, **about), created)


def _mentors(day: Offset, month: Offset) -> list[tuple[Mentor, int]]:
    """The three mentors (two active, one to ask), with when each was added."""
    return [
        (
            Mentor(
                id=ALEX,
                name="Alex Kim",
                email="alex.kim@example.com",
                org="Northwind",
                role="Principal Engineer",
                channel="video",
                cadence_days=14,
                timezone="Europe/Berlin",
                availability="Tuesdays and Thursdays, afternoons",
                response_time="1-2 days",
                expertise=["system design", "promotion packets", "technical leadership"],
                status="active",
                met="Internal mentoring programme, spring cohort",
                why="Went from senior to principal at Northwind; reviews promotion cases",
                since=month(-5),
                thanks=[
                    Dated(date=day(-40), text="Your packet outline got my design doc approved.")
                ],
            ),
            -150,
        ),
        (
            Mentor(
                id=PRIYA,
                name="Priya Natarajan",
                email="priya@example.org",
                org="Speakers Guild",
                role="Conference organiser",
                channel="chat",
                cadence_days=28,
                timezone="America/New_York",
                availability="Async; calls on Friday mornings ET",
                response_time="same day",
                expertise=["public speaking", "CFP reviews"],
                status="active",
                met="Met at a local meetup after her keynote",
                why="Has reviewed hundreds of talk proposals",
                since=month(-3),
            ),
            -90,
        ),
        (
            Mentor(
                id=SAM,
                name="Sam Okafor",
                email="sam.okafor@example.net",
                role="Engineering Manager",
                channel="email",
                timezone="Africa/Lagos",
                expertise=["cross-team projects", "stakeholder management"],
                status="prospect",
                why="Led the platform migration across four teams",
            ),
            -10,
        ),
    ]
