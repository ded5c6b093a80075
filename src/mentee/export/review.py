"""The review as JSON and as a Markdown self-review packet. Pure: a `Review` in, text out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mentee.text import markdown_inline as md
from mentee.text import markdown_section as section
from mentee.text import plural
from mentee.timeline import (
    GoalProgress,
    Unit,
    forecast_cell,
    goal_state,
    status_text,
)
from mentee.views import to_json

if TYPE_CHECKING:
    from collections.abc import Callable

    from mentee.attention import Cadence
    from mentee.models import Meeting, Retarget
    from mentee.review import Period, Review, Suggestion

DASH = "\N{EN DASH}"


def _pct(value: float | None) -> str:
    return "\N{EN DASH}" if value is None else f"{round(value * 100)}%"


# -- JSON ---------------------------------------------------------------------------------


def review_json(review: Review) -> dict[str, Any]:
    """SPEC's keys (as_of, since, goals, mentors, actions, feedback, suggestions), plus the
    period's notes and meetings (held, cancelled, and `unlogged`: planned, over and not
    logged), the milestones done in it, what mentors did (`promises`, apart from the
    mentee's own `actions`) and the same counts for the period just before (`previous`)."""
    return {
        "as_of": review.as_of.isoformat(),
        "since": review.since.isoformat(),
        "goals": [goal_json(p) for p in review.goals],
        "mentors": [mentor_json(c) for c in review.mentors],
        "actions": {
            "done": len(review.done),
            "open": len(review.open),
            "overdue": len(review.overdue),
        },
        "promises": {"done": len(review.promises_done), "open": len(review.promises_open)},
        "milestones_done": [
            {"goal": g.id, "number": n, "title": m.title, "done": m.done.isoformat()}
            for g, n, m in review.milestones
            if m.done is not None
        ],
        "feedback": review.feedback_by_kind(),
        "notes": review.notes_by_kind(),
        "meetings": {
            "held": len(review.held),
            "cancelled": len(review.cancelled),
            "unlogged": len(review.unlogged_in_period),
        },
        "previous": period_json(review.previous) if review.previous else None,
        "suggestions": [suggestion_json(s) for s in review.suggestions],
    }


def period_json(period: Period) -> dict[str, Any]:
    """A period's counts as the review's JSON shows them (the `previous` key)."""
    return {
        "since": period.since.isoformat(),
        "until": period.until.isoformat(),
        "actions": {"done": period.done},
        "promises": {"done": period.promises_done},
        "feedback": period.feedback,
        "notes": period.notes,
        "meetings": {"held": period.held, "cancelled": period.cancelled},
    }


def unit_json(unit: Unit) -> dict[str, Any]:
    """A unit of progress: a milestone (its number) or an action (its id)."""
    return {
        "title": unit.title,
        "milestone": unit.number,
        "action": unit.action,
        "due": unit.due.isoformat() if unit.due else None,
        "dated": unit.dated,
        "done": unit.done.isoformat() if unit.done else None,
    }


def goal_json(progress: GoalProgress) -> dict[str, Any]:
    """SPEC's goal keys (id, title, status, expected, progress, target, forecast), then how
    it was judged: the units, those late, and whether the forecast passes the target."""
    goal = progress.goal
    return {
        "id": goal.id,
        "title": goal.title,
        "status": progress.status.value,
        "expected": None if progress.expected is None else round(progress.expected, 3),
        "progress": None if progress.progress is None else round(progress.progress, 3),
        "target": goal.target.isoformat() if goal.target else None,
        "forecast": progress.forecast.isoformat() if progress.forecast else None,
        "forecast_after_target": progress.forecast_after_target,
        "start": goal.start.isoformat() if goal.start else None,
        "measured_by": progress.measured_by,
        "done": progress.done,
        "total": progress.total,
        "late": [unit_json(u) for u in progress.late],
        "timeline": [
            {
                "date": t.date.isoformat(),
                "from": t.from_.isoformat() if t.from_ else None,
                "to": t.to.isoformat() if t.to else None,
                "reason": t.reason,
            }
            for t in goal.timeline
        ],
    }


def mentor_json(cadence: Cadence) -> dict[str, Any]:
    """A mentor's cadence as the review's JSON shows it: when last met, how often, when next
    due by the cadence and whether overdue (SPEC's keys), then the meetings planned with them
    (records, as the dashboard's JSON gives them): `planned`, the next that is not over (or
    null), and `unlogged`, those over and not logged, to log or cancel."""
    return {
        "id": cadence.mentor.id,
        "name": cadence.mentor.name,
        "status": str(cadence.mentor.status),
        "last_met": cadence.last_met.isoformat() if cadence.last_met else None,
        "cadence_days": cadence.mentor.cadence_days,
        "next_due": cadence.next_due.isoformat() if cadence.next_due else None,
        "overdue": cadence.overdue,
        "planned": to_json(cadence.upcoming) if cadence.upcoming else None,
        "unlogged": [to_json(m) for m in cadence.unlogged],
    }


def suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    """A suggestion as JSON: its kind, the records it is about (only those it has) and its text."""
    data: dict[str, Any] = {"kind": suggestion.kind}
    for key in ("goal", "mentor", "meeting", "feedback", "action"):
        value = getattr(suggestion, key)
        if value is not None:
            data[key] = value
    data["text"] = suggestion.text
    return data


# -- words shared by the text views --------------------------------------------------------


def lesson_count(count: int) -> str:
    """`1 win, challenge or learning`, `3 wins, challenges and learnings`."""
    if count == 1:
        return "1 win, challenge or learning"
    return f"{count} wins, challenges and learnings"


def previous_sentence(review: Review) -> str:
    """`The month before (2026-09-21 to 2026-10-21): 5 actions done, 1 mentoring meeting
    held, 2 pieces of feedback received, 3 wins, challenges and learnings noted.`"""
    before = review.previous
    if before is None:
        return ""
    name = before.name
    return (
        f"{name[0].upper()}{name[1:]} ({before.since} to {before.until}): "
        f"{plural(before.done, 'action')} done, "
        f"{plural(before.held, 'mentoring meeting')} held, "
        f"{plural(sum(before.feedback.values()), 'piece')} of feedback received, "
        f"{lesson_count(sum(before.notes.values()))} noted."
    )


# -- Markdown: the self-review packet ------------------------------------------------------


def target_change(change: Retarget, escape: Callable[[str], str]) -> str:
    """`2026-11-02: 2027-03-01 → 2027-06-01. Promotion cycle moved`, the reason escaped
    for the document (Markdown, HTML)."""
    return (
        f"{change.date}: {change.from_ or 'none'} → {change.to or 'none'}. {escape(change.reason)}"
    )


def meeting_anchor(meeting: Meeting) -> str:
    """The id of a meeting's section in the review's documents (`meeting-<id>`)."""
    return f"meeting-{meeting.id}"


def meeting_named(
    review: Review, meeting_id: str | None, escape: Callable[[str], str]
) -> tuple[str, str | None] | None:
    """`meeting with Alex Kim on 2026-11-07` (the name escaped for the document) and the
    anchor of its section when the packet has one (a meeting held in the period); None for
    a meeting the review does not know."""
    meeting = review.meetings.get(meeting_id or "")
    if meeting is None:
        return None
    label = f"meeting with {escape(review.name_of(meeting.mentor))} on {meeting.at.date()}"
    return label, meeting_anchor(meeting) if meeting in review.held else None


def meeting_link(review: Review, meeting_id: str | None) -> str:
    """`[the meeting with Alex Kim on 2026-11-07](#meeting-abc)` for a meeting in the packet."""
    named = meeting_named(review, meeting_id, md)
    if named is None:
        return ""
    label, anchor = named
    return f"[the {label}](#{anchor})" if anchor else f"the {label}"


def progress_cell(progress: GoalProgress) -> str:
    """A goal's progress for a table cell: `2/5 milestones (40%)`, or an en dash with nothing to
    measure."""
    if progress.total:
        return (
            f"{progress.done}/{progress.total} {progress.measured_by} ({_pct(progress.progress)})"
        )
    return "\N{EN DASH}"


def _goals_section(review: Review) -> list[str]:
    """The packet's goals: a table of those the period is about, the line about those
    achieved before it, what is late or next for each, and their target changes."""
    goals = review.current_goals
    if not goals and not review.achieved_before:
        return []
    out = ["## Goals", ""]
    if goals:
        out += ["| Goal | Status | Progress | Target | Forecast |", "|---|---|---|---|---|"]
        out += [
            f"| {md(p.goal.title)} | {status_text(p.status)} | {progress_cell(p)} "
            f"| {p.goal.target or DASH} | {forecast_cell(p)} |"
            for p in goals
        ]
        out.append("")
    if review.achieved_before:
        out += [f"{review.achieved_before_text}.", ""]
    notes = [(p.goal, goal_state(p)) for p in goals]
    out += [f"- **{md(goal.title)}**: {md(text)}" for goal, text in notes if text]
    if any(text for _, text in notes):
        out.append("")
    for goal in (p.goal for p in goals if p.goal.timeline):
        out.append(f"Target changes for **{md(goal.title)}**:")
        out += [f"- {target_change(t, md)}" for t in goal.timeline]
        out.append("")
    return out


def review_markdown(review: Review) -> str:
    """A self-review for the period, ready for a performance or promotion conversation.

    It is about the mentee's own work: what mentors did for them is listed apart and not
    counted, and it holds no command hints (those belong to the terminal view).
    """
    summary = (
        f"{plural(len(review.done), 'action')} done, "
        f"{plural(len(review.held), 'mentoring meeting')} held, "
        f"{plural(len(review.feedback), 'piece')} of feedback received, "
        f"{lesson_count(sum(review.notes_by_kind().values()))} noted."
    )
    if review.previous is not None:
        summary += f" {previous_sentence(review)}"
    out = [f"# Self-review: {review.since} to {review.as_of}", "", summary, ""]
    missed = review.unlogged_in_period
    if missed:
        # Not counted above until logged: say so rather than undercount in silence.
        which = "; ".join(f"with {md(review.name_of(m.mentor))} on {m.at.date()}" for m in missed)
        verb = "is" if len(missed) == 1 else "are"
        out += [
            (
                f"Not counted: {plural(len(missed), 'meeting')} of the period {verb} over "
                f"and not logged ({which})."
            ),
            "",
        ]
    out += _goals_section(review)
    out += section(
        "Goals reached", [f"- **{md(g.title)}**, achieved {g.achieved}" for g in review.reached]
    )
    out += section(
        "Milestones reached",
        [
            f"- {m.done}: {md(m.title)} ({md(goal.title)}, milestone {number})"
            for goal, number, m in review.milestones
        ],
    )
    out += section("Wins", [f"- {n.date}: {md(n.text)}" for n in review.notes if n.kind == "win"])
    if review.done:
        out += ["## Actions completed", ""]
        for action in review.done:
            where = meeting_link(review, action.meeting)
            agreed = f", agreed in {where}" if where else ""
            out.append(f"- {action.done}: {md(action.title)}{agreed}")
        out.append("")
    out += section(
        "Praise received",
        [
            f"- {f.date}, from {md(review.name_of(f.source))}: {md(f.text)}"
            for f in review.feedback
            if f.kind == "praise"
        ],
    )
    if review.acted_on:
        out += ["## Feedback acted on", ""]
        for item in review.acted_on:
            feedback, action = item.feedback, item.action
            where = meeting_link(review, action.meeting)
            agreed = f" (agreed in {where})" if where else ""
            out.append(
                f"- {feedback.date}, from {md(review.name_of(feedback.source))}: "
                f"{md(feedback.text)}  \n  Answered by: {md(action.title)}, done {action.done}"
                f"{agreed}"
            )
        out.append("")
    lessons = [n for n in review.notes if n.kind in ("challenge", "learning")]
    if lessons:
        out += ["## Challenges and learnings", ""]
        out += [f"- {n.date}, {n.kind}: {md(n.text)}" for n in lessons]
        out.append("")
    out += section(
        "What my mentors did for me",
        [
            f"- {a.done}, {md(review.name_of(a.mentor))}: {md(a.title)}"
            + (f", promised in {link}" if (link := meeting_link(review, a.meeting)) else "")
            for a in review.promises_done
        ],
    )
    if review.held:
        out += ["## Mentoring meetings", ""]
        for meeting in review.held:
            name = md(review.name_of(meeting.mentor))
            out.append(f'### <a id="{meeting_anchor(meeting)}"></a>{meeting.at.date()} with {name}')
            out.append("")
            if meeting.notes:
                # One Markdown line per line of the notes, joined by hard line breaks.
                lines = [md(line) for line in meeting.notes.splitlines() if line.strip()]
                out += ["  \n".join(lines), ""]
            if meeting.advice:
                out += [f"- Advice: {md(a)}" for a in meeting.advice]
                out.append("")
    return "\n".join(out).rstrip() + "\n"
