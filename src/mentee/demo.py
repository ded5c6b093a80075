"""A realistic sample journal for `mentee demo`, dated relative to `today`.

Six goals in several states, three mentors, held and planned meetings, actions done, open,
overdue and promised by a mentor, feedback of every kind and a progress log.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from mentee.dates import add_months, localize
from mentee.kinds import (
    ActionKind,
    ActionStatus,
    Channel,
    FeedbackKind,
    GoalStatus,
    Kind,
    MeetingStatus,
    MentorStatus,
    NoteKind,
    Owner,
)
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


def build_demo(store: Store, today: date, zone: tzinfo | None) -> None:
    """Write the sample journal into `store` (expected empty)."""

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    def stamp(offset: int, hour: int = 9) -> datetime:
        return localize(datetime.combine(day(offset), time(hour, 0)), zone)

    def put(record: Record, created: int) -> None:
        store.create(record.model_copy(update={"created": stamp(created)}))

    with store.locked():
        senior = store.new_id(Kind.GOAL)
        talk = store.new_id(Kind.GOAL)
        lead = store.new_id(Kind.GOAL)
        rust = store.new_id(Kind.GOAL)
        writing = store.new_id(Kind.GOAL)
        cert = store.new_id(Kind.GOAL)

        put(
            Mentor(
                id="alex-kim",
                name="Alex Kim",
                email="alex.kim@example.com",
                org="Northwind",
                role="Principal Engineer",
                channel=Channel.VIDEO,
                cadence_days=14,
                timezone="Europe/Berlin",
                availability="Tuesdays and Thursdays, afternoons",
                response_time="1-2 days",
                expertise=["system design", "promotion packets", "technical leadership"],
                status=MentorStatus.ACTIVE,
                met="Internal mentoring programme, spring cohort",
                why="Went from senior to principal at Northwind; reviews promotion cases",
                since=add_months(today, -5),
                thanks=[
                    Dated(date=day(-40), text="Your packet outline got my design doc approved.")
                ],
            ),
            -150,
        )
        put(
            Mentor(
                id="priya-natarajan",
                name="Priya Natarajan",
                email="priya@example.org",
                org="Speakers Guild",
                role="Conference organiser",
                channel=Channel.CHAT,
                cadence_days=28,
                timezone="America/New_York",
                availability="Async; calls on Friday mornings ET",
                response_time="same day",
                expertise=["public speaking", "CFP reviews"],
                status=MentorStatus.ACTIVE,
                met="Met at a local meetup after her keynote",
                why="Has reviewed hundreds of talk proposals",
                since=add_months(today, -3),
            ),
            -90,
        )
        put(
            Mentor(
                id="sam-okafor",
                name="Sam Okafor",
                email="sam.okafor@example.net",
                role="Engineering Manager",
                channel=Channel.EMAIL,
                timezone="Africa/Lagos",
                expertise=["cross-team projects", "stakeholder management"],
                status=MentorStatus.PROSPECT,
                why="Led the platform migration across four teams",
            ),
            -10,
        )

        put(
            Goal(
                id=senior,
                title="Promoted to senior engineer",
                why="Own larger problems and grow others",
                baseline="Mid-level; strong delivery, little visible design leadership",
                success="Promotion approved in the next cycle",
                start=add_months(today, -5),
                target=add_months(today, 7),
                mentors=["alex-kim"],
                tags=["career"],
                milestones=[
                    Milestone(
                        title="Write a design doc for the billing rewrite",
                        due=day(-60),
                        done=day(-55),
                    ),
                    Milestone(
                        title="Mentor a new hire through onboarding", due=day(-10), done=day(-12)
                    ),
                    Milestone(title="Lead the billing rewrite to launch", due=day(90)),
                    Milestone(title="Draft the promotion packet with my manager", due=day(180)),
                ],
            ),
            -150,
        )
        put(
            Goal(
                id=talk,
                title="Give a talk at a regional conference",
                why="Practise explaining technical work to a wide audience",
                baseline="Two internal lightning talks",
                success="A 30-minute talk accepted and delivered",
                start=add_months(today, -3),
                target=add_months(today, 2),
                mentors=["priya-natarajan"],
                tags=["speaking"],
                milestones=[
                    Milestone(title="Submit a CFP", due=day(-30)),
                    Milestone(title="Rehearse with the team", due=day(30)),
                    Milestone(title="Deliver the talk", due=day(55)),
                ],
            ),
            -90,
        )
        put(
            Goal(
                id=lead,
                title="Lead a cross-team project end to end",
                start=add_months(today, -6),
                target=day(-14),
                mentors=["alex-kim"],
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
        )
        put(
            Goal(
                id=rust,
                title="Ship a production service in Rust",
                status=GoalStatus.ACHIEVED,
                start=add_months(today, -9),
                target=add_months(today, -2),
                achieved=day(-70),
                tags=["skills"],
            ),
            -270,
        )
        put(
            Goal(
                id=writing,
                title="Publish four posts on the engineering blog",
                status=GoalStatus.PAUSED,
                start=add_months(today, -4),
                target=add_months(today, 4),
                mentors=["priya-natarajan"],
                tags=["writing"],
            ),
            -120,
        )
        put(
            Goal(
                id=cert,
                title="Pass a cloud architecture certification",
                status=GoalStatus.DROPPED,
                start=add_months(today, -8),
                target=add_months(today, -1),
            ),
            -240,
        )

        held = store.new_id(Kind.MEETING)
        earlier = store.new_id(Kind.MEETING)
        next_alex = store.new_id(Kind.MEETING)
        next_priya = store.new_id(Kind.MEETING)
        design_action = store.new_id(Kind.ACTION)
        put(
            Meeting(
                id=earlier,
                mentor="alex-kim",
                at=stamp(-28, 15),
                duration=30,
                where="video call",
                status=MeetingStatus.HELD,
                notes="Talked about what reviewers look for in a senior packet.",
                advice=["Write down the decisions you drive, with their impact"],
                actions=[design_action],
            ),
            -35,
        )
        put(
            Meeting(
                id=held,
                mentor="alex-kim",
                at=stamp(-14, 15),
                duration=30,
                where="video call",
                status=MeetingStatus.HELD,
                agenda=[
                    AgendaItem(section="done", text="Design doc for the billing rewrite approved"),
                ],
                notes="Reviewed the design doc feedback; next: scope the launch plan.",
                advice=["Ask for the launch retro to be yours to run"],
            ),
            -20,
        )
        put(
            Meeting(
                id=next_alex, mentor="alex-kim", at=stamp(3, 15), duration=30, where="video call"
            ),
            -2,
        )
        put(
            Meeting(id=next_priya, mentor="priya-natarajan", at=stamp(12, 16), duration=45),
            -5,
        )

        feedback_ids = [store.new_id(Kind.FEEDBACK) for _ in range(4)]
        put(
            Feedback(
                id=feedback_ids[0],
                date=day(-40),
                source="manager",
                kind=FeedbackKind.CONSTRUCTIVE,
                text="Design reviews go better when you share the doc two days ahead.",
                goals=[senior],
            ),
            -40,
        )
        put(
            Feedback(
                id=feedback_ids[1],
                date=day(-9),
                source="alex-kim",
                kind=FeedbackKind.PRAISE,
                text="The billing design doc was the clearest one this quarter.",
                goals=[senior],
                discussed_in=held,
            ),
            -9,
        )
        put(
            Feedback(
                id=feedback_ids[2],
                date=day(-5),
                source="peer review",
                kind=FeedbackKind.CONSTRUCTIVE,
                text="In incident calls, summarise decisions out loud before moving on.",
                goals=[lead],
                private=True,
            ),
            -5,
        )
        put(
            Feedback(
                id=feedback_ids[3],
                date=day(-2),
                source="tech lead",
                kind=FeedbackKind.OBSERVATION,
                text="You are the go-to person for the billing domain now.",
            ),
            -2,
        )

        actions = [
            Action(
                id=design_action,
                title="Write the billing rewrite design doc",
                status=ActionStatus.DONE,
                due=day(-20),
                done=day(-22),
                goal=senior,
                mentor="alex-kim",
                meeting=earlier,
                notes=[Dated(date=day(-22), text="Approved by the architecture group")],
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Share design docs two days before review",
                status=ActionStatus.DONE,
                done=day(-8),
                goal=senior,
                feedback=feedback_ids[0],
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Draft the launch plan for the billing rewrite",
                due=day(-3),
                goal=senior,
                mentor="alex-kim",
                meeting=held,
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Introduce me to the staff engineer who ran the last migration",
                owner=Owner.MENTOR,
                mentor="alex-kim",
                meeting=held,
                due=day(5),
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Submit the CFP for the regional conference",
                due=day(-6),
                goal=talk,
                mentor="priya-natarajan",
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Give a 10-minute dry run at the team demo",
                kind=ActionKind.PRACTICE,
                due=day(9),
                goal=talk,
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Run the weekly sync for the cross-team project",
                kind=ActionKind.PRACTICE,
                due=day(2),
                goal=lead,
            ),
            Action(
                id=store.new_id(Kind.ACTION),
                title="Outline the first blog post",
                status=ActionStatus.DROPPED,
                goal=writing,
            ),
        ]
        for offset, action in enumerate(actions):
            put(action, -30 + offset)

        notes = [
            (day(-22), NoteKind.WIN, "Design doc approved without a second review round.", senior),
            (
                day(-11),
                NoteKind.CHALLENGE,
                "Launch scope keeps growing; hard to say no to the product team.",
                senior,
            ),
            (
                day(-6),
                NoteKind.LEARNING,
                "Writing the decision log first makes reviews much shorter.",
                senior,
            ),
            (
                day(-4),
                NoteKind.WIN,
                "Onboarding buddy shipped her first change in week one.",
                senior,
            ),
            (day(-1), NoteKind.CHALLENGE, "Not sure which talk idea is strongest.", talk),
        ]
        for when, note_kind, text, goal_id in notes:
            note = Note(
                id=store.new_id(Kind.NOTE), date=when, kind=note_kind, text=text, goal=goal_id
            )
            put(note, (when - today).days)

        put(
            Topic(
                id=store.new_id(Kind.TOPIC),
                text="How to push back on scope creep without blocking the launch",
                mentor="alex-kim",
                goal=senior,
            ),
            -10,
        )
        put(
            Topic(
                id=store.new_id(Kind.TOPIC),
                text="Which of my three talk ideas to submit",
                goal=talk,
            ),
            -3,
        )
        put(
            Topic(
                id=store.new_id(Kind.TOPIC),
                text="Whether to ask for a team-lead trial",
                private=True,
                goal=senior,
            ),
            -1,
        )
