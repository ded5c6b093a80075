"""The review as one self-contained HTML page with an inline SVG timeline of the goals.

No network: no external fonts, scripts or images; all text escaped with `html.escape`,
control and bidi characters first shown escaped as in every human-readable view.
The chart draws, for each goal, its span from start to target, how much is done (the
filled part), today's line (where "expected" sits), milestones as diamonds (filled when
done), earlier targets as crosses (retargets) and the forecast as a ring.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape as html_escape

from mentee.export.review import (
    DASH,
    forecast_cell,
    goal_state,
    meeting_anchor,
    period_name,
    progress_cell,
)
from mentee.review import Review
from mentee.text import escape_block
from mentee.timeline import GoalProgress, status_text


def escape(text: str) -> str:
    """User text for the page: no raw terminal escapes or bidi controls (the page may be
    printed to a terminal, and XML forbids most C0 controls in the SVG), then HTML-escaped."""
    return html_escape(escape_block(text))


COLORS = {
    "achieved": "#2f855a",
    "ahead": "#2f855a",
    "on_track": "#38a169",
    "behind": "#dd6b20",
    "no_plan": "#b7791f",
    "overdue": "#c53030",
    "no_deadline": "#718096",
    "paused": "#718096",
}
WIDTH = 880
LABEL = 250
STATUS_COLUMN = 100
ROW = 46
TOP = 40


def _x(day: date, first: date, last: date) -> float:
    span = max((last - first).days, 1)
    plot = WIDTH - LABEL - STATUS_COLUMN - 20
    return LABEL + plot * (day - first).days / span


def _bounds(goals: list[GoalProgress], today: date) -> tuple[date, date]:
    days = [today]
    for p in goals:
        g = p.goal
        days += [d for d in (g.start, g.target, g.achieved, p.forecast) if d is not None]
        days += [m.due for m in g.milestones if m.due] + [m.done for m in g.milestones if m.done]
        days += [t.from_ for t in g.timeline if t.from_]
    first, last = min(days), max(days)
    pad = max((last - first).days // 20, 7)
    return first - timedelta(days=pad), last + timedelta(days=pad)


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\N{HORIZONTAL ELLIPSIS}"


def timeline_svg(review: Review) -> str:
    """The goals' timeline chart as an inline <svg> element."""
    goals = [p for p in review.goals if p.goal.start or p.goal.target]
    today = review.as_of
    height = TOP + ROW * max(len(goals), 1) + 30
    first, last = _bounds(goals, today)
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            'width="100%" role="img" aria-labelledby="chart-title">'
        ),
        '<title id="chart-title">Goals against their timelines</title>',
    ]
    # Month grid; labels thinned out so they never overlap.
    month = date(first.year, first.month, 1)
    last_label = -1000.0
    while month <= last:
        if month >= first:
            x = _x(month, first, last)
            parts.append(
                f'<line x1="{x:.1f}" y1="{TOP - 12}" x2="{x:.1f}" y2="{height - 24}" class="grid"/>'
            )
            if x - last_label >= 44:
                with_year = month.month == 1 or last_label < 0
                label = month.strftime("%b %Y" if with_year else "%b")
                parts.append(f'<text x="{x + 3:.1f}" y="{TOP - 16}" class="axis">{label}</text>')
                last_label = x + (18 if with_year else 0)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    if not goals:
        parts.append(
            f'<text x="{LABEL}" y="{TOP + 20}" class="axis">No goals with dates yet.</text>'
        )
    for index, p in enumerate(goals):
        parts += _goal_row(p, TOP + index * ROW, first, last)
    x_today = _x(today, first, last)
    parts.append(
        f'<line x1="{x_today:.1f}" y1="{TOP - 10}" x2="{x_today:.1f}" y2="{height - 20}" '
        'class="today"/>'
    )
    parts.append(
        f'<text x="{x_today:.1f}" y="{height - 6}" class="today-label" text-anchor="middle">'
        f"today {today}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _goal_row(p: GoalProgress, top: int, first: date, last: date) -> list[str]:
    goal = p.goal
    color = COLORS[p.status.value]
    mid = top + ROW / 2
    start = goal.start or goal.target or first
    achieved = p.status.value == "achieved" and goal.achieved is not None
    # An achieved goal's bar ends the day it was reached; one without a target at today,
    # with an open dashed tail, so it never looks like it has a deadline.
    end = (goal.achieved if achieved else goal.target) or p.as_of
    x0, x1 = _x(start, first, last), _x(max(end, start), first, last)
    out = [f"<g><title>{escape(goal.title)}: {escape(status_text(p.status))}</title>"]
    out.append(f'<text x="8" y="{mid + 4:.1f}" class="label">{escape(_short(goal.title))}</text>')
    out.append(
        f'<rect x="{x0:.1f}" y="{mid - 7:.1f}" width="{max(x1 - x0, 2):.1f}" height="14" rx="7" '
        'class="track"/>'
    )
    if goal.target is None and not achieved:
        out.append(
            f'<line x1="{x1:.1f}" y1="{mid:.1f}" x2="{WIDTH - STATUS_COLUMN - 10:.1f}" '
            f'y2="{mid:.1f}" class="open-end"><title>no target date</title></line>'
        )
    if achieved and goal.target is not None:
        xt = _x(goal.target, first, last)
        out.append(
            f'<line x1="{xt:.1f}" y1="{mid - 10:.1f}" x2="{xt:.1f}" y2="{mid + 10:.1f}" '
            f'class="target-tick"><title>target {goal.target}</title></line>'
        )
    share = 1.0 if p.status.value == "achieved" else p.progress
    if p.status.value == "overdue" and goal.target is not None and p.as_of > goal.target:
        late = _x(p.as_of, first, last)
        out.append(
            f'<line x1="{x1:.1f}" y1="{mid:.1f}" x2="{late:.1f}" y2="{mid:.1f}" class="late">'
            f"<title>{(p.as_of - goal.target).days} days past the target</title></line>"
        )
    if share is not None and x1 > x0:
        done_width = (x1 - x0) * share
        out.append(
            f'<rect x="{x0:.1f}" y="{mid - 7:.1f}" width="{max(done_width, 0):.1f}" height="14" '
            f'rx="7" fill="{color}"/>'
        )
    for change in goal.timeline:
        if change.from_ is not None:
            x = _x(change.from_, first, last)
            out.append(
                f'<path d="M{x - 4:.1f},{mid - 13:.1f} l8,8 m0,-8 l-8,8" class="retarget">'
                f"<title>target moved from {change.from_} to {change.to} on {change.date}: "
                f"{escape(change.reason)}</title></path>"
            )
    # Milestones where the plan puts them: their own due date, else the even spread.
    for unit in p.units:
        if unit.number is None:
            continue
        when = unit.done or unit.due
        if when is None:
            continue
        x = _x(when, first, last)
        missed = not unit.is_done and unit.due is not None and unit.due < p.as_of
        fill = color if unit.is_done else "#ffffff"
        stroke = "#ffffff" if unit.is_done else ("#c53030" if missed else color)
        planned = "due" if unit.dated else "planned for"
        state = f"done {unit.done}" if unit.done else f"{planned} {unit.due}"
        if missed:
            state += ", late"
        out.append(
            f'<path d="M{x:.1f},{mid - 9:.1f} l6,9 l-6,9 l-6,-9 z" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"><title>milestone {unit.number}: '
            f"{escape(unit.title)} ({state})</title></path>"
        )
    if p.forecast is not None and goal.status != "achieved":
        x = _x(p.forecast, first, last)
        out.append(
            f'<circle cx="{x:.1f}" cy="{mid:.1f}" r="5" fill="none" stroke="{color}" '
            f'stroke-width="2"><title>forecast {p.forecast}</title></circle>'
        )
    out.append(
        f'<text x="{WIDTH - STATUS_COLUMN + 6}" y="{mid + 4:.1f}" fill="{color}" class="status">'
        f"{escape(status_text(p.status))}</text>"
    )
    out.append("</g>")
    return out


STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a202c;
       max-width: 920px; margin: 2rem auto; padding: 0 1rem; background: #fff; }
h1 { font-size: 1.6rem; margin-bottom: 0; }
h2 { margin-top: 2rem; border-bottom: 1px solid #e2e8f0; }
.sub { color: #4a5568; margin-top: .2rem; }
.cards { display: flex; gap: .8rem; flex-wrap: wrap; margin: 1rem 0; }
.card { border: 1px solid #e2e8f0; border-radius: 8px; padding: .6rem 1rem; flex: 1; }
.card b { display: block; font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .5rem;
        border-bottom: 1px solid #edf2f7; vertical-align: top; }
.grid { stroke: #edf2f7; } .axis { font-size: 11px; fill: #718096; }
.track { fill: #e2e8f0; } .label { font-size: 13px; fill: #1a202c; }
.status { font-size: 12px; font-weight: 600; } .today { stroke: #2b6cb0; stroke-width: 1.5;
        stroke-dasharray: 4 3; } .today-label { font-size: 11px; fill: #2b6cb0; }
.retarget { stroke: #a0aec0; stroke-width: 2; fill: none; }
.late { stroke: #c53030; stroke-width: 3; stroke-dasharray: 3 3; }
.open-end { stroke: #cbd5e0; stroke-width: 3; stroke-dasharray: 2 5; }
.target-tick { stroke: #718096; stroke-width: 2; }
.legend { font-size: 12px; color: #4a5568; } .pill { border-radius: 4px; padding: 0 .4rem;
        color: #fff; font-size: 12px; white-space: nowrap; }
li { margin: .2rem 0; }
"""


def review_html(review: Review) -> str:
    """One self-contained page: summary, the timeline chart and the packet's sections."""
    e = escape
    notes = review.notes_by_kind()
    before = review.previous
    earlier = f"{period_name(before)}: " if before else ""
    cards = [
        ("actions done", len(review.done), before.done if before else None),
        ("open", len(review.open), None),
        ("overdue", len(review.overdue), None),
        ("meetings held", len(review.held), before.held if before else None),
        ("feedback", len(review.feedback), sum(before.feedback.values()) if before else None),
        ("wins", notes.get("win", 0), before.notes.get("win", 0) if before else None),
    ]
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Review {review.since} to {review.as_of}</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>Progress review</h1><p class='sub'>{review.since} to {review.as_of}</p>",
        (
            '<div class="cards">'
            + "".join(
                f'<div class="card"><b>{n}</b>{e(label)}'
                + (f'<br><span class="sub">{e(earlier)}{was}</span>' if was is not None else "")
                + "</div>"
                for label, n, was in cards
            )
            + "</div>"
        ),
        "<h2>Goals</h2>",
        timeline_svg(review),
        (
            '<p class="legend">Bar: start to target, filled as far as it is done. Dashed line: '
            "today. Diamonds: milestones (filled when done, red when due before today and not "
            "done: that is what makes a goal behind). Crosses: earlier targets. Ring: forecast "
            "at the recent pace. Dotted tail: no target date.</p>"
        ),
    ]
    if review.goals:
        out.append(
            "<table><tr><th>Goal</th><th>Status</th><th>Progress</th>"
            "<th>Target</th><th>Forecast</th></tr>"
        )
        for p in review.goals:
            color = COLORS[p.status.value]
            state = goal_state(p)
            out.append(
                f"<tr><td>{e(p.goal.title)}"
                + (f"<br><span class='sub'>{e(state)}</span>" if state else "")
                + f"</td><td><span class='pill' style='background:{color}'>"
                f"{e(status_text(p.status))}</span></td><td>{e(progress_cell(p))}</td>"
                f"<td>{p.goal.target or DASH}</td><td>{e(forecast_cell(p))}</td></tr>"
            )
        out.append("</table>")
        for p in review.goals:
            if p.goal.timeline:
                out.append(f"<p><b>{e(p.goal.title)}</b>: target changes</p><ul>")
                out += [
                    f"<li>{t.date}: {t.from_ or 'none'} → {t.to or 'none'}. {e(t.reason)}</li>"
                    for t in p.goal.timeline
                ]
                out.append("</ul>")

    def section(title: str, items: list[str]) -> None:
        if items:
            out.append(f"<h2>{e(title)}</h2><ul>")
            out.extend(f"<li>{item}</li>" for item in items)
            out.append("</ul>")

    def meeting_ref(meeting_id: str | None) -> str:
        meeting = review.meetings.get(meeting_id or "")
        if meeting is None:
            return ""
        label = f"meeting with {e(review.name_of(meeting.mentor))} on {meeting.at.date()}"
        if meeting in review.held:
            return f' (agreed in the <a href="#{meeting_anchor(meeting)}">{label}</a>)'
        return f" (agreed in the {label})"

    section(
        "Goals reached", [f"<b>{e(g.title)}</b>, achieved {g.achieved}" for g in review.reached]
    )
    section(
        "Milestones reached",
        [
            f"{m.done}: {e(m.title)} ({e(goal.title)}, milestone {number})"
            for goal, number, m in review.milestones
        ],
    )
    section("Wins", [f"{n.date}: {e(n.text)}" for n in review.notes if n.kind == "win"])
    section(
        "Actions completed",
        [f"{a.done}: {e(a.title)}{meeting_ref(a.meeting)}" for a in review.done],
    )
    section(
        "Praise received",
        [
            f"{f.date}, from {e(review.name_of(f.source))}: {e(f.text)}"
            for f in review.feedback
            if f.kind == "praise"
        ],
    )
    section(
        "Feedback acted on",
        [
            (
                f"{x.feedback.date}, from {e(review.name_of(x.feedback.source))}: "
                f"{e(x.feedback.text)}<br>Answered by: {e(x.action.title)}, "
                f"done {x.action.done}{meeting_ref(x.action.meeting)}"
            )
            for x in review.acted_on
        ],
    )
    section(
        "Challenges and learnings",
        [
            f"{n.date}, {n.kind}: {e(n.text)}"
            for n in review.notes
            if n.kind in ("challenge", "learning")
        ],
    )
    section(
        "What my mentors did for me",
        [
            f"{a.done}, {e(review.name_of(a.mentor))}: {e(a.title)}{meeting_ref(a.meeting)}"
            for a in review.promises_done
        ],
    )
    if review.mentors:
        out.append(
            "<h2>Mentors</h2><table><tr><th>Mentor</th><th>Last met</th><th>Cadence</th>"
            "<th>Next due</th></tr>"
        )
        for c in review.mentors:
            due = f"{c.next_due or DASH}" + (
                " <b style='color:#c53030'>overdue</b>" if c.overdue else ""
            )
            cadence = f"{c.mentor.cadence_days} days" if c.mentor.cadence_days else DASH
            out.append(
                f"<tr><td>{e(c.mentor.name)}</td><td>{c.last_met or DASH}</td><td>{cadence}</td>"
                f"<td>{due}</td></tr>"
            )
        out.append("</table>")
    if review.held:
        out.append("<h2>Mentoring meetings</h2>")
        for meeting in review.held:
            out.append(
                f'<h3 id="{meeting_anchor(meeting)}">{meeting.at.date()} with '
                f"{e(review.name_of(meeting.mentor))}</h3>"
            )
            if meeting.notes:
                lines = "<br>\n".join(e(line) for line in meeting.notes.splitlines())
                out.append(f"<p>{lines}</p>")
            if meeting.advice:
                out.append(
                    "<ul>" + "".join(f"<li>Advice: {e(a)}</li>" for a in meeting.advice) + "</ul>"
                )
    section("Next steps", [e(s.text) for s in review.suggestions])
    out.append("</body></html>")
    return "\n".join(out) + "\n"
