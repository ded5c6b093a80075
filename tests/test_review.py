"""The review (`build_review`) on hand-built journals: period, counts, mentors, suggestions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mentee.agenda import RecordSet
from mentee.models import Action, Dated, Feedback, Goal, Meeting, Mentor, Milestone, Note, Topic
from mentee.review import SUGGESTION_KINDS, Review, Suggestion, build_review
from mentee.timeline import TimelineStatus

TODAY = dt.date(2026, 11, 21)
DAY = dt.timedelta(days=1)


def ago(days: int) -> dt.date:
    return TODAY - days * DAY


def at(day: dt.date, hour: int = 15) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def goal(gid: str, **fields: Any) -> Goal:
    fields.setdefault("title", f"Goal {gid}")
    return Goal(id=gid, **fields)


def mentor(mid: str, **fields: Any) -> Mentor:
    fields.setdefault("name", mid.replace("-", " ").title())
    return Mentor(id=mid, **fields)


def action(aid: str, **fields: Any) -> Action:
    fields.setdefault("title", f"Action {aid}")
    return Action(id=aid, **fields)


def meeting(mid: str, mentor_id: str, day: dt.date, **fields: Any) -> Meeting:
    return Meeting(id=mid, mentor=mentor_id, at=at(day), **fields)


def feedback(fid: str, day: dt.date, kind: str = "observation", **fields: Any) -> Feedback:
    fields.setdefault("source", "peer review")
    fields.setdefault("text", f"Feedback {fid}")
    return Feedback(id=fid, date=day, kind=kind, **fields)


def note(nid: str, day: dt.date, kind: str) -> Note:
    return Note(id=nid, date=day, kind=kind, text=f"Note {nid}")


def review_of(since: dt.date | None = None, **records: Any) -> Review:
    return build_review(RecordSet(**records), TODAY, since)


def of_kind(review: Review, kind: str) -> list[Suggestion]:
    assert kind in SUGGESTION_KINDS
    return [s for s in review.suggestions if s.kind == kind]


def ids(records: Any) -> list[str]:
    return [r.id for r in records]


# -- the period -----------------------------------------------------------------------------


def test_default_period_is_the_last_30_days_inclusive() -> None:
    """Without --since the period starts 30 days before today and includes that day."""
    review = review_of(
        actions=[
            action("a-edge", status="done", done=ago(30)),
            action("a-before", status="done", done=ago(31)),
            action("a-today", status="done", done=TODAY),
        ]
    )
    assert (review.as_of, review.since) == (TODAY, ago(30))
    assert ids(review.done) == ["a-edge", "a-today"]


def test_since_moves_the_start_of_the_period() -> None:
    """`since` replaces the default start: older activity counts, later activity still counts."""
    review = review_of(
        since=ago(90),
        actions=[
            action("a-old", status="done", done=ago(90)),
            action("a-older", status="done", done=ago(91)),
            action("a-new", status="done", done=ago(1)),
        ],
        feedback=[feedback("f-old", ago(60)), feedback("f-ancient", ago(100))],
    )
    assert review.since == ago(90)
    assert ids(review.done) == ["a-old", "a-new"]
    assert ids(review.feedback) == ["f-old"]


# -- counts ---------------------------------------------------------------------------------


def test_action_counts_done_in_period_open_now_and_overdue() -> None:
    """Done counts the period; open counts every open action now; overdue is open past its due."""
    review = review_of(
        actions=[
            action("done-recent", status="done", done=ago(3), due=ago(10)),
            action("done-long-ago", status="done", done=ago(200)),
            action("open-old", status="open", due=ago(100)),
            action("open-due-today", status="open", due=TODAY),
            action("open-no-due", status="open"),
            action("open-future", status="open", due=TODAY + DAY),
            action("dropped-late", status="dropped", due=ago(5)),
        ]
    )
    assert ids(review.done) == ["done-recent"]
    assert sorted(ids(review.open)) == ["open-due-today", "open-future", "open-no-due", "open-old"]
    assert ids(review.overdue) == ["open-old"]


def test_feedback_by_kind_counts_the_period_with_every_kind() -> None:
    """Feedback in the period is counted by kind, each kind listed even at zero."""
    review = review_of(
        feedback=[
            feedback("f1", ago(1), "praise"),
            feedback("f2", ago(2), "praise"),
            feedback("f3", ago(3), "observation"),
            feedback("f4", ago(40), "constructive"),
        ]
    )
    assert review.feedback_by_kind() == {"praise": 2, "constructive": 0, "observation": 1}


def test_notes_by_kind_counts_wins_challenges_learnings_in_the_period() -> None:
    """Wins, challenges and learnings in the period are counted; plain and old notes are not."""
    review = review_of(
        notes=[
            note("n1", ago(1), "win"),
            note("n2", ago(2), "win"),
            note("n3", ago(3), "challenge"),
            note("n4", ago(4), "note"),
            note("n5", ago(45), "learning"),
        ]
    )
    assert review.notes_by_kind() == {"win": 2, "challenge": 1, "learning": 0}
    assert ids(review.notes) == ["n3", "n2", "n1"]


def test_meetings_held_and_cancelled_in_the_period() -> None:
    """Held and cancelled meetings in the period are listed; planned and older ones are not."""
    review = review_of(
        mentors=[mentor("alex-kim")],
        meetings=[
            meeting("m-held", "alex-kim", ago(5), status="held"),
            meeting("m-held-old", "alex-kim", ago(50), status="held"),
            meeting("m-cancelled", "alex-kim", ago(8), status="cancelled"),
            meeting("m-planned", "alex-kim", TODAY + 3 * DAY, status="planned"),
        ],
    )
    assert ids(review.held) == ["m-held"]
    assert ids(review.cancelled) == ["m-cancelled"]


# -- goals ----------------------------------------------------------------------------------


def test_dropped_goals_are_left_out_everywhere() -> None:
    """A dropped goal is not reviewed, reached or suggested on, however late or unmentored."""
    review = review_of(
        goals=[
            goal("g-dropped", status="dropped", start=ago(100), target=ago(10)),
            goal("g-kept", start=ago(10), target=TODAY + 10 * DAY, mentors=["alex-kim"]),
        ],
        mentors=[mentor("alex-kim")],
    )
    assert [p.goal.id for p in review.goals] == ["g-kept"]
    assert all(s.goal != "g-dropped" for s in review.suggestions)


def test_goals_reached_in_the_period() -> None:
    """Goals achieved in the period are `reached`; earlier ones are reviewed but not reached."""
    review = review_of(
        goals=[
            goal("g-new", status="achieved", achieved=ago(3)),
            goal("g-old", status="achieved", achieved=ago(60)),
        ]
    )
    assert ids(review.reached) == ["g-new"]
    assert {p.goal.id: p.status for p in review.goals} == {
        "g-new": TimelineStatus.ACHIEVED,
        "g-old": TimelineStatus.ACHIEVED,
    }


def test_goals_achieved_before_the_period_are_counted_not_current() -> None:
    """The views show the goals not achieved and those achieved in the period (from its
    first day); goals achieved before it are only counted. A goal achieved on a day its file
    does not say was achieved by its last update at the latest (kept with neither date).
    `goals` (what the JSON lists) keeps them all; `since` widening the period brings them
    back."""
    goals = [
        goal("g-open", start=ago(10), target=TODAY + 10 * DAY),
        goal("g-first-day", status="achieved", achieved=ago(30)),
        goal("g-day-before", status="achieved", achieved=ago(31)),
        goal("g-years-ago", status="achieved", achieved=ago(3000)),
        goal("g-undated", status="achieved"),
        goal("g-undated-old", status="achieved", updated=at(ago(400))),
        goal("g-undated-new", status="achieved", updated=at(ago(3))),
        goal("g-paused", status="paused"),
    ]
    review = review_of(goals=goals)
    assert ids(p.goal for p in review.current_goals) == [
        "g-open",
        "g-paused",
        "g-first-day",
        "g-undated",
        "g-undated-new",
    ]
    assert review.achieved_before == 3
    assert review.achieved_before_text == f"3 goals achieved before {ago(30)} are not shown"
    assert len(review.goals) == 8
    wider = review_of(since=ago(400), goals=goals)
    assert {"g-day-before", "g-undated-old"} <= set(ids(p.goal for p in wider.current_goals))
    assert wider.achieved_before_text == f"1 goal achieved before {ago(400)} is not shown"
    assert review_of(since=ago(3000), goals=goals).achieved_before_text == ""


def test_goals_are_ordered_by_urgency() -> None:
    """Overdue goals come first and achieved ones last."""
    review = review_of(
        goals=[
            goal("g-achieved", status="achieved", achieved=ago(1)),
            goal("g-on-track", start=ago(10), target=TODAY + 10 * DAY),
            goal("g-overdue", start=ago(100), target=ago(1)),
        ],
        actions=[action("a1", goal="g-on-track", status="done", done=ago(2)), action("a2")],
    )
    assert [p.goal.id for p in review.goals] == ["g-overdue", "g-on-track", "g-achieved"]


# -- mentors --------------------------------------------------------------------------------


def test_mentor_last_met_next_due_and_overdue() -> None:
    """Last met is the latest held meeting; next due adds the cadence; past it with nothing planned
    is overdue."""
    review = review_of(
        mentors=[mentor("alex-kim", cadence_days=14)],
        meetings=[
            meeting("m1", "alex-kim", ago(60), status="held"),
            meeting("m2", "alex-kim", ago(30), status="held"),
            meeting("m3", "alex-kim", ago(20), status="cancelled"),
        ],
    )
    (cadence,) = review.mentors
    assert cadence.last_met == ago(30)
    assert cadence.next_due == ago(16)
    assert cadence.overdue is True
    (schedule,) = of_kind(review, "schedule")
    assert schedule.mentor == "alex-kim"
    assert str(ago(16)) in schedule.text


def test_a_planned_meeting_means_not_overdue() -> None:
    """A mentor past cadence with a meeting planned is not overdue and not suggested to schedule."""
    review = review_of(
        mentors=[mentor("alex-kim", cadence_days=14)],
        meetings=[
            meeting("m1", "alex-kim", ago(30), status="held"),
            meeting("m2", "alex-kim", TODAY + 2 * DAY, status="planned"),
        ],
    )
    (cadence,) = review.mentors
    assert cadence.overdue is False
    assert cadence.next_due == ago(16)
    assert of_kind(review, "schedule") == []


def test_mentor_never_met_counts_from_since_and_ended_mentors_are_left_out() -> None:
    """Never met: the cadence counts from `since`; an ended mentor is not reviewed at all."""
    review = review_of(
        mentors=[
            mentor("alex-kim", cadence_days=28, since=ago(40)),
            mentor("old-friend", cadence_days=7, status="ended", since=ago(400)),
            mentor("priya", cadence_days=7, status="prospect", since=ago(400)),
            mentor("sam", status="active"),
        ]
    )
    by_id = {c.mentor.id: c for c in review.mentors}
    assert set(by_id) == {"alex-kim", "priya", "sam"}
    assert by_id["alex-kim"].last_met is None
    assert by_id["alex-kim"].next_due == ago(12)
    assert by_id["alex-kim"].overdue is True
    assert by_id["priya"].overdue is False  # only active mentors are due
    assert (by_id["sam"].next_due, by_id["sam"].overdue) == (None, False)
    assert [s.mentor for s in of_kind(review, "schedule")] == ["alex-kim"]


# -- suggestions ----------------------------------------------------------------------------


def test_replan_for_behind_and_overdue_goals() -> None:
    """A goal behind (a milestone due before today not done) and a goal past its target are
    each suggested for re-planning, by id; the sentence names the late milestone and holds
    no command (the command is a hint for the terminal)."""
    steps = [Milestone(title="one"), Milestone(title="two")]
    review = review_of(
        goals=[
            goal(
                "g-behind",
                start=ago(50),
                target=TODAY + 50 * DAY,
                milestones=[Milestone(title="one", due=ago(3)), Milestone(title="two")],
            ),
            goal("g-overdue", start=ago(100), target=ago(1), milestones=steps),
            # Undated: the first of two is due on day 50 of 100, today: not late yet.
            goal("g-fine", start=ago(50), target=TODAY + 50 * DAY, milestones=steps),
        ],
        mentors=[mentor("alex-kim")],
    )
    replan = of_kind(review, "replan")
    assert [s.goal for s in replan] == ["g-overdue", "g-behind"]
    overdue, behind = replan
    assert overdue.text == (
        "'Goal g-overdue' passed its target 2026-11-20 with none of its 2 milestones done: "
        "retarget it with a reason, or mark it achieved if it is"
    )
    assert overdue.hint == "mentee goal retarget g-overdue --by DATE --reason TEXT"
    assert behind.text == (
        "'Goal g-behind' is behind: milestone 1 'one' was due 2026-11-18 and is not done: "
        "do it, re-plan it or retarget the goal"
    )
    assert "time gone" not in behind.text
    assert all("mentee " not in s.text for s in review.suggestions)
    assert all(s.mentor is None and s.meeting is None for s in replan)


def test_achieve_when_every_unit_is_done() -> None:
    """Every milestone (or every action) done, the goal not marked achieved: `achieve`, not
    `replan`, even past the target."""
    done = [Milestone(title="one", done=ago(5)), Milestone(title="two", done=ago(2))]
    review = review_of(
        goals=[
            goal("g-done", start=ago(50), target=TODAY + 50 * DAY, milestones=done),
            goal("g-late-done", start=ago(100), target=ago(1), milestones=done),
            goal("g-actions", start=ago(50), target=TODAY + 50 * DAY),
            goal("g-achieved", status="achieved", achieved=ago(1), milestones=done),
        ],
        actions=[action("a1", goal="g-actions", status="done", done=ago(3))],
    )
    achieve = of_kind(review, "achieve")
    assert [s.goal for s in achieve] == ["g-late-done", "g-done", "g-actions"]
    assert achieve[0].text == (
        "Every milestone of 'Goal g-late-done' is done (2 of 2): mark it achieved"
    )
    assert achieve[0].hint == "mentee goal done g-late-done"
    assert of_kind(review, "replan") == []


def test_a_paused_goal_is_never_at_risk_and_only_asked_to_resume_or_drop() -> None:
    """Paused: status `paused`, no re-plan for its late milestone, no mentor to find; once
    its target has passed, one suggestion: resume it or drop it."""
    late = [Milestone(title="one", due=ago(10))]
    review = review_of(
        goals=[
            goal(
                "g-paused", status="paused", start=ago(50), target=TODAY + 9 * DAY, milestones=late
            ),
            goal("g-stale", status="paused", start=ago(90), target=ago(5), milestones=late),
        ]
    )
    assert {p.goal.id: p.status for p in review.goals} == {
        "g-paused": TimelineStatus.PAUSED,
        "g-stale": TimelineStatus.PAUSED,
    }
    assert [(s.kind, s.goal) for s in review.suggestions] == [("replan", "g-stale")]
    assert "resume it with a new target, or drop it" in review.suggestions[0].text


def test_find_mentor_for_active_goals_nobody_serves() -> None:
    """Active goals served by no current mentor (either link) get `find_mentor`; others do not."""
    review = review_of(
        goals=[
            goal("g-alone"),
            goal("g-linked-on-goal", mentors=["alex-kim"]),
            goal("g-linked-on-mentor"),
            goal("g-ended-mentor", mentors=["old-friend"]),
            goal("g-paused", status="paused"),
            goal("g-achieved", status="achieved", achieved=ago(1)),
        ],
        mentors=[
            mentor("alex-kim", goals=["g-linked-on-mentor"]),
            mentor("old-friend", status="ended"),
        ],
    )
    assert [s.goal for s in of_kind(review, "find_mentor")] == ["g-alone", "g-ended-mentor"]


def test_cancel_a_planned_meeting_with_an_empty_agenda() -> None:
    """A planned meeting with nothing to discuss is suggested for cancelling, naming it and the
    mentor."""
    review = review_of(
        mentors=[mentor("alex-kim")],
        meetings=[meeting("m-next", "alex-kim", TODAY + 3 * DAY, status="planned")],
    )
    (cancel,) = of_kind(review, "cancel")
    assert (cancel.mentor, cancel.meeting) == ("alex-kim", "m-next")
    assert cancel.hint == "mentee meeting cancel m-next"


def test_no_cancel_when_the_agenda_has_something() -> None:
    """An open topic for the mentor keeps the planned meeting off the cancel list."""
    review = review_of(
        mentors=[mentor("alex-kim")],
        meetings=[meeting("m-next", "alex-kim", TODAY + 3 * DAY, status="planned")],
        topics=[Topic(id="t1", text="Scope creep", mentor="alex-kim")],
    )
    assert of_kind(review, "cancel") == []


def test_thank_a_mentor_whose_advice_led_to_a_done_action() -> None:
    """A done action agreed in a held meeting with advice suggests thanking that mentor."""
    review = review_of(
        mentors=[mentor("alex-kim")],
        meetings=[
            meeting("m-advice", "alex-kim", ago(20), status="held", advice=["Write it down"]),
        ],
        actions=[action("a1", meeting="m-advice", status="done", done=ago(5))],
    )
    (thank,) = of_kind(review, "thank")
    assert (thank.mentor, thank.meeting, thank.goal) == ("alex-kim", "m-advice", None)
    assert thank.hint == "mentee mentor thank alex-kim TEXT"
    assert str(ago(5)) in thank.text


def test_no_thanks_without_advice_or_for_open_or_mentor_owned_actions() -> None:
    """No thanks when the meeting gave no advice, or the action is open or the mentor's own."""
    review = review_of(
        mentors=[mentor("alex-kim")],
        meetings=[
            meeting("m-plain", "alex-kim", ago(20), status="held"),
            meeting("m-advice", "alex-kim", ago(10), status="held", advice=["Say no more"]),
        ],
        actions=[
            action("a1", meeting="m-plain", status="done", done=ago(5)),
            action("a2", meeting="m-advice", status="open"),
            action("a3", meeting="m-advice", status="done", done=ago(4), owner="mentor"),
        ],
    )
    assert of_kind(review, "thank") == []


def test_no_thanks_again_after_the_mentor_was_thanked() -> None:
    """Thanks given on or after the result close the suggestion; a newer result opens it again."""
    meetings = [meeting("m-advice", "alex-kim", ago(20), status="held", advice=["Delegate"])]
    done = [action("a1", meeting="m-advice", status="done", done=ago(5))]
    thanked_after = mentor("alex-kim", thanks=[Dated(date=ago(5), text="Thank you!")])
    assert (
        of_kind(review_of(mentors=[thanked_after], meetings=meetings, actions=done), "thank") == []
    )
    thanked_before = mentor("alex-kim", thanks=[Dated(date=ago(6), text="Thank you!")])
    found = of_kind(review_of(mentors=[thanked_before], meetings=meetings, actions=done), "thank")
    assert [s.mentor for s in found] == ["alex-kim"]


def test_thank_a_mentor_whose_advice_preceded_an_achieved_goal() -> None:
    """A goal achieved after advice from a mentor serving it suggests thanks, naming the goal."""
    review = review_of(
        goals=[goal("g-talk", status="achieved", achieved=ago(2), mentors=["alex-kim"])],
        mentors=[mentor("alex-kim"), mentor("sam")],
        meetings=[
            meeting("m-alex", "alex-kim", ago(30), status="held", advice=["Rehearse twice"]),
            meeting("m-sam", "sam", ago(30), status="held", advice=["Unrelated"]),
        ],
    )
    (thank,) = of_kind(review, "thank")
    assert (thank.mentor, thank.goal) == ("alex-kim", "g-talk")
    assert "reaching 'Goal g-talk'" in thank.text


def test_thanks_are_for_results_of_the_period() -> None:
    """A done action or an achieved goal before the period is not this review's to thank
    for; one in the period is; `since` widening the period brings the older one back."""
    advice = [
        meeting("m-2019", "alex-kim", ago(2600), status="held", advice=["Write it down"]),
        meeting("m-2023", "sam", ago(1200), status="held", advice=["Rehearse"]),
    ]
    records: dict[str, Any] = {
        "mentors": [mentor("alex-kim"), mentor("sam", status="ended")],
        "meetings": advice,
        "actions": [action("a-old", meeting="m-2019", status="done", done=ago(2500))],
        "goals": [goal("g-old", status="achieved", achieved=ago(1100), mentors=["sam"])],
    }
    assert of_kind(review_of(**records), "thank") == []
    wider = of_kind(review_of(since=ago(2500), **records), "thank")
    assert [(s.mentor, s.meeting, s.goal) for s in wider] == [
        ("alex-kim", "m-2019", None),
        ("sam", None, "g-old"),
    ]
    assert str(ago(1100)) in wider[1].text
    records["actions"].append(action("a-new", meeting="m-2019", status="done", done=ago(30)))
    (thank,) = of_kind(review_of(**records), "thank")
    assert (thank.mentor, thank.meeting) == ("alex-kim", "m-2019")
    assert "'Action a-new'" in thank.text


def test_one_thanks_per_mentor_for_the_latest_result_of_the_period() -> None:
    """Two results in the period give one suggestion, naming the latest; a thanks given
    between them leaves it open, one given on the day of the latest closes it."""
    meetings = [meeting("m1", "alex-kim", ago(60), status="held", advice=["Delegate"])]
    actions = [
        action("a-early", meeting="m1", status="done", done=ago(20)),
        action("a-late", meeting="m1", status="done", done=ago(4)),
    ]

    def thanks_after(*days: int) -> list[Suggestion]:
        thanks = [Dated(date=ago(n), text="Thanks!") for n in days]
        person = mentor("alex-kim", thanks=thanks)
        return of_kind(review_of(mentors=[person], meetings=meetings, actions=actions), "thank")

    (thank,) = thanks_after()
    assert "'Action a-late'" in thank.text
    assert [s.mentor for s in thanks_after(10)] == ["alex-kim"]
    assert thanks_after(10, 4) == []


def test_follow_up_is_for_feedback_of_the_period_or_still_on_the_table() -> None:
    """Constructive feedback no action answers is followed up when received in the period,
    when not discussed yet (it is on the next agenda), or when discussed at a meeting in
    the period; feedback received and discussed before the period is history. `since`
    widening the period brings it back."""
    meetings = [
        meeting("m-2020", "alex-kim", ago(2200), status="held"),
        meeting("m-recent", "alex-kim", ago(10), status="held"),
    ]
    records: dict[str, Any] = {
        "mentors": [mentor("alex-kim")],
        "meetings": meetings,
        "feedback": [
            feedback("f-history", ago(2210), "constructive", discussed_in="m-2020"),
            feedback("f-undiscussed", ago(2000), "constructive"),
            feedback("f-discussed-now", ago(90), "constructive", discussed_in="m-recent"),
            feedback("f-received-now", ago(20), "constructive", discussed_in="m-recent"),
            feedback("f-answered-old", ago(900), "constructive"),
        ],
        "actions": [action("a1", feedback="f-answered-old", status="done", done=ago(800))],
    }
    follow = of_kind(review_of(**records), "follow_up")
    assert [s.feedback for s in follow] == ["f-undiscussed", "f-discussed-now", "f-received-now"]
    wider = of_kind(review_of(since=ago(2210), **records), "follow_up")
    assert [s.feedback for s in wider] == [
        "f-history",
        "f-undiscussed",
        "f-discussed-now",
        "f-received-now",
    ]


def test_follow_up_constructive_feedback_no_action_answers() -> None:
    """Constructive feedback without a live action answering it gets `follow_up`, by feedback id."""
    review = review_of(
        feedback=[
            feedback("f-open", ago(3), "constructive"),
            feedback("f-answered", ago(4), "constructive"),
            feedback("f-done", ago(5), "constructive"),
            feedback("f-dropped-answer", ago(6), "constructive"),
            feedback("f-praise", ago(7), "praise"),
        ],
        actions=[
            action("a1", feedback="f-answered"),
            action("a2", feedback="f-done", status="done", done=ago(1)),
            action("a3", feedback="f-dropped-answer", status="dropped"),
        ],
    )
    follow = of_kind(review, "follow_up")
    assert [s.feedback for s in follow] == ["f-dropped-answer", "f-open"]
    assert all(s.hint == f"mentee action add TITLE --feedback {s.feedback}" for s in follow)


def test_acted_on_pairs_feedback_with_the_action_done_in_the_period() -> None:
    """Feedback answered by an action done in the period is listed with that action."""
    review = review_of(
        feedback=[feedback("f1", ago(40), "constructive")],
        actions=[
            action("a1", feedback="f1", status="done", done=ago(2)),
            action("a2", feedback="f1", status="done", done=ago(60)),
        ],
    )
    assert [(x.feedback.id, x.action.id) for x in review.acted_on] == [("f1", "a1")]


def test_every_suggestion_kind_in_one_journal() -> None:
    """One journal can call for all six kinds at once, each naming the records it is about."""
    review = review_of(
        goals=[
            goal("g-late", start=ago(100), target=ago(1), mentors=["alex-kim"]),
            goal("g-alone", start=ago(1), target=TODAY + 99 * DAY),
        ],
        mentors=[mentor("alex-kim", cadence_days=7), mentor("sam", cadence_days=7)],
        meetings=[
            meeting("m-old", "alex-kim", ago(20), status="held", advice=["Ship smaller"]),
            meeting("m-sam", "sam", TODAY + DAY, status="planned"),
        ],
        actions=[action("a-done", meeting="m-old", status="done", done=ago(3))],
        feedback=[feedback("f-1", ago(2), "constructive", goals=["g-alone"])],
    )
    named = {(s.kind, s.goal, s.mentor, s.meeting, s.feedback) for s in review.suggestions}
    assert named == {
        ("replan", "g-late", None, None, None),
        ("find_mentor", "g-alone", None, None, None),
        ("schedule", None, "alex-kim", None, None),
        ("cancel", None, "sam", "m-sam", None),
        ("thank", None, "alex-kim", "m-old", None),
        ("follow_up", None, None, None, "f-1"),
    }


def test_the_period_is_compared_with_the_one_of_the_same_length_before() -> None:
    """`previous` counts the days just before the period, as many as it has (31 by
    default, both ends included)."""
    review = review_of(
        actions=[
            action("now", status="done", done=ago(3)),
            action("edge", status="done", done=ago(31)),
            action("before", status="done", done=ago(50)),
            action("long-ago", status="done", done=ago(62)),
            action("theirs", status="done", done=ago(40), owner="mentor", mentor="alex-kim"),
        ],
        meetings=[meeting("m1", "alex-kim", ago(45), status="held")],
        feedback=[feedback("f1", ago(35), "praise")],
        notes=[note("n1", ago(33), "win")],
    )
    before = review.previous
    assert before is not None
    assert (before.since, before.until, before.days) == (ago(61), ago(31), 31)
    assert (before.done, before.promises_done, before.held) == (2, 1, 1)
    assert before.feedback["praise"] == 1
    assert before.notes["win"] == 1
    assert review.period.done == 1


def test_a_mentors_kept_promises_are_counted_apart_from_my_actions() -> None:
    """Done in the period: mine in `done`, the mentor's in `promises_done`; open likewise;
    a mentor's done promise never answers feedback in the mentee's name."""
    review = review_of(
        feedback=[feedback("f1", ago(10), "constructive")],
        actions=[
            action("mine", status="done", done=ago(2)),
            action(
                "theirs", status="done", done=ago(1), owner="mentor", mentor="alex-kim",
                feedback="f1",
            ),
            action("their-open", owner="mentor", mentor="alex-kim", due=ago(3)),
        ],
    )  # fmt: skip
    assert ids(review.done) == ["mine"]
    assert ids(review.promises_done) == ["theirs"]
    assert ids(review.promises_open) == ["their-open"]
    assert review.overdue == []  # the mentor's late promise is not the mentee's overdue action
    assert review.acted_on == []


def test_milestones_done_in_the_period_are_listed_with_their_goal() -> None:
    """A milestone done in the period is work to show; one done before it is not."""
    review = review_of(
        goals=[
            goal(
                "g1",
                milestones=[
                    Milestone(title="old", done=ago(40)),
                    Milestone(title="recent", done=ago(3)),
                    Milestone(title="open"),
                ],
            ),
            goal("g-dropped", status="dropped", milestones=[Milestone(title="x", done=ago(2))]),
        ]
    )
    assert [(g.id, n, m.title) for g, n, m in review.milestones] == [("g1", 2, "recent")]


# -- meetings planned with a mentor: the next one, and those over and not logged ----------


def test_a_meeting_over_and_not_logged_is_named_for_its_mentor_and_counted() -> None:
    """A planned meeting whose day has passed is unlogged (SPEC: Meetings): the review names
    it for its mentor (not as the next meeting) and in the period's counts, without making the
    mentor overdue or dropping the meetings that were held."""
    review = review_of(
        mentors=[mentor("priya", cadence_days=14), mentor("alex-kim", cadence_days=14)],
        meetings=[
            meeting("m-held", "priya", ago(16), status="held"),
            meeting("m-missed", "priya", ago(2)),
            meeting("m-old-missed", "priya", ago(45)),
            meeting("m-next", "alex-kim", TODAY + 3 * DAY),
        ],
    )
    by_id = {c.mentor.id: c for c in review.mentors}
    priya, alex = by_id["priya"], by_id["alex-kim"]
    assert ids(priya.unlogged) == ["m-old-missed", "m-missed"]
    assert priya.upcoming is None
    assert (priya.last_met, priya.next_due, priya.overdue) == (ago(16), ago(2), False)
    assert (alex.unlogged, alex.upcoming and alex.upcoming.id) == ((), "m-next")
    # Every unlogged meeting is to be logged or cancelled; the period counts its own.
    assert ids(review.unlogged) == ["m-old-missed", "m-missed"]
    assert ids(review.unlogged_in_period) == ["m-missed"]
    assert (len(review.held), len(review.cancelled)) == (1, 0)
    assert review.unlogged_sentence(review.unlogged[1]) == (
        f"The meeting with Priya on {at(ago(2)):%a %Y-%m-%d} 15:00 is over and not logged"
    )


def test_a_meeting_is_unlogged_once_its_end_has_passed_by_the_clock() -> None:
    """With a clock (`now`), today's meeting is unlogged once it has ended, not before."""
    records = RecordSet(
        mentors=[mentor("priya", cadence_days=14)],
        meetings=[meeting("m-today", "priya", TODAY, duration=60)],
    )
    during = build_review(records, TODAY, now=at(TODAY, 15) + dt.timedelta(minutes=30))
    after = build_review(records, TODAY, now=at(TODAY, 16))
    assert ids(during.unlogged) == []
    assert during.mentors[0].upcoming is not None
    assert ids(after.unlogged) == ["m-today"]
    assert after.mentors[0].upcoming is None
    assert ids(after.mentors[0].unlogged) == ["m-today"]


def test_review_views_say_a_meeting_is_unlogged() -> None:
    """The terminal flags the mentor's row and says to log or cancel the meeting (with the
    commands), the JSON names it for the mentor and counts it, the packet says its count
    leaves it out and the page flags the row and lists it in its next steps (no commands)."""
    from mentee.export.review import review_json, review_markdown
    from mentee.export.review_html import review_html
    from mentee.render import plain_text
    from mentee.ui.review import review_view

    review = review_of(
        mentors=[mentor("priya-shah", cadence_days=14)],
        meetings=[
            meeting("m-held", "priya-shah", ago(16), status="held"),
            meeting("m-missed", "priya-shah", ago(2)),
        ],
    )
    day = ago(2)
    text = plain_text(review_view(review), 80)
    (row,) = [line for line in text.splitlines() if line.startswith("Priya Shah")]
    assert row.split() == ["Priya", "Shah", str(ago(16)), "14d", str(day), "unlogged"]
    assert (
        f"The meeting with Priya Shah on {at(day):%a %Y-%m-%d} 15:00 is over and not logged:"
        in text
    )
    assert "mentee meeting log m-missed, or mentee meeting cancel m-missed" in text
    (counts,) = [line for line in text.splitlines() if line.startswith("meetings")]
    assert counts.split()[-2:] == ["1", "unlogged"]

    data = review_json(review)
    (priya,) = data["mentors"]
    assert [m["id"] for m in priya["unlogged"]] == ["m-missed"]
    assert priya["planned"] is None
    assert (priya["next_due"], priya["overdue"]) == (str(day), False)
    assert data["meetings"] == {"held": 1, "cancelled": 0, "unlogged": 1}

    packet = review_markdown(review)
    assert (
        f"Not counted: 1 meeting of the period is over and not logged (with Priya Shah on {day})."
        in packet
    )
    page = review_html(review)
    assert f'{day}</span> <span class="overdue-word">unlogged</span>' in page
    assert "<li>The meeting with Priya Shah on " in page
    assert "is over and not logged: log it or cancel it</li>" in page
    assert "mentee meeting" not in packet + page


def test_a_planned_meeting_is_shown_as_next_rather_than_an_old_next_due() -> None:
    """Last met long ago with a meeting planned: the views give the planned meeting's day as
    when the next is (not the cadence's date from long ago); JSON keeps `next_due` as the
    SPEC gives it (the cadence's) and names the planned meeting apart."""
    from mentee.export.review import review_json
    from mentee.export.review_html import review_html
    from mentee.render import plain_text
    from mentee.ui.review import review_view

    review = review_of(
        mentors=[mentor("alex-kim", cadence_days=14)],
        meetings=[
            meeting("m-long-ago", "alex-kim", ago(590), status="held"),
            meeting("m-next", "alex-kim", TODAY + 3 * DAY),
        ],
    )
    old_due, planned = ago(576), TODAY + 3 * DAY
    text = plain_text(review_view(review), 80)
    (row,) = [line for line in text.splitlines() if line.startswith("Alex Kim")]
    assert row.split() == ["Alex", "Kim", str(ago(590)), "14d", str(planned), "planned"]
    assert str(old_due) not in text
    (alex,) = review_json(review)["mentors"]
    assert (alex["next_due"], alex["overdue"]) == (str(old_due), False)
    assert (alex["planned"]["id"], alex["unlogged"]) == ("m-next", [])
    page = review_html(review)
    assert f'{planned}</span> <span class="note">planned</span>' in page
    assert str(old_due) not in page
