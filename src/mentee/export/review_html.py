"""The review as one self-contained HTML page, made to be shown to a manager or a mentor.

- Self-contained: no script, font, stylesheet or image is fetched; the only URL in the page is
  the SVG namespace. User text is shown escaped: control and bidi characters as in every
  human-readable view, then HTML-escaped.
- Reads on a phone: the chart (see `review_chart`) changes its layout with the width instead
  of scaling one drawing down; tables reflow into one card per row below the breakpoint.
- Prints on A4 portrait: the first page is a summary for the mentor (the period against the
  previous one, the chart, the goals table); the details start on the next page; no goal's row
  is split across two pages.
- Follows the system's dark mode; every text colour meets WCAG AA (4.5:1) on its background in
  both palettes (see `review_style` and the tests that check it).
- Says what the terminal says: the status words are the terminal's, and nothing is told by
  colour alone (shapes, dash patterns and words carry the meaning).
"""

from __future__ import annotations

from datetime import date
from html import escape as html_escape
from typing import TYPE_CHECKING

from mentee.export import review_chart as chart
from mentee.export.review import (
    DASH,
    meeting_anchor,
    meeting_named,
    progress_cell,
    target_change,
)
from mentee.export.review_style import TONES, page_style
from mentee.review import Period, Review
from mentee.text import escape_block, plural
from mentee.timeline import GoalProgress, TimelineStatus, forecast_cell, goal_state, status_text

if TYPE_CHECKING:
    from mentee.attention import Cadence


def escape(text: str) -> str:
    """User text for the page: no raw terminal escapes or bidi controls (the page may be
    printed to a terminal, and XML forbids most C0 controls in the SVG), then HTML-escaped."""
    return html_escape(escape_block(text))


# -- the period against the previous one ----------------------------------------------------


def _counts(period: Period) -> list[tuple[str, int]]:
    """The numbers the summary compares, by what they count."""
    return [
        ("actions done", period.done),
        ("milestones done", period.milestones),
        ("meetings held", period.held),
        ("feedback received", sum(period.feedback.values())),
        ("wins noted", period.notes.get("win", 0)),
        ("goals reached", period.reached),
    ]


def _label(what: str, count: int) -> str:
    """`actions done`, and after 1 `action done` (`feedback received` either way)."""
    noun, _, rest = what.partition(" ")
    return f"{noun.removesuffix('s')} {rest}" if count == 1 else what


def _period_strip(review: Review) -> list[str]:
    """What was done in the period, each count beside the previous period's (`previous`:
    the period of the same length just before)."""
    before = review.previous
    name = before.name if before is not None else ""
    was = dict(_counts(before)) if before is not None else {}
    out = ['<section class="period" aria-label="This period">']
    if before is not None:
        out.append(f"<p>This period against {name} ({before.since} to {before.until}):</p>")
    out.append('<ul class="cards">')
    for label, value in _counts(review.period):
        line = ""
        if label in was:
            then = was[label]
            change = (
                "same as before"
                if then == value
                else f"{'up' if value > then else 'down'} from {then}"
            )
            line = f"<small>{change}</small>"
        out.append(f'<li class="card"><b>{value}</b>{_label(label, value)}{line}</li>')
    out.append("</ul>")
    out.append(
        f"<p>Now: {plural(len(review.open), 'open action')}, {len(review.overdue)} overdue.</p>"
    )
    out.append("</section>")
    return out


# -- the chart ------------------------------------------------------------------------------


def _tone(p: GoalProgress) -> str:
    return f"tone-{TONES.get(p.status.value, 'neutral')}"


def _row_label(p: GoalProgress) -> str:
    """The row's accessible name: title, status, progress and target."""
    parts = [f"{p.goal.title}: {status_text(p.status)}"]
    if p.total:
        parts.append(f"{p.done} of {p.total} {p.measured_by} done")
    parts.append(f"target {p.goal.target}" if p.goal.target else "no target date")
    return escape(", ".join(parts))


def timeline_chart(review: Review) -> str:
    """The goals against their timelines: one row per goal on a shared time axis."""
    goals = chart.chart_goals(review)
    if not goals:
        # Nothing at all when every goal was achieved before the period: the line below the
        # goals' place says so.
        return "" if review.achieved_before else '<p class="note">No goals with dates yet.</p>'
    scale = chart.scale_of(goals, review.as_of)
    out = [
        '<figure class="chart" aria-label="Goals against their timelines">',
        f'<div class="chart-row">{chart.axis_svgs(scale, review.as_of)}</div>',
    ]
    for p in goals:
        title = escape(p.goal.title)
        out.append(
            f'<div class="goal chart-row {_tone(p)}">'
            f'<div class="g-title" title="{title}">{title}</div>'
            f"{chart.goal_row_svg(p, scale, escape, _row_label(p))}"
            f'<div class="g-status">{escape(status_text(p.status))}</div></div>'
        )
    out.append(f'<div class="chart-row">{chart.today_svg(scale, review.as_of)}</div>')
    out.append(_legend())
    out.append("</figure>")
    return "\n".join(out)


def _icon(content: str, width: int = 22) -> str:
    return (
        f'<svg width="{width}" height="18" aria-hidden="true">'
        f'<svg x="{width // 2}" y="9" overflow="visible">{content}</svg></svg>'
    )


def _legend() -> str:
    bar = (
        '<rect x="-10" y="-6" width="20" height="12" rx="6" class="track"/>'
        '<rect x="-10" y="-6" width="11" height="12" rx="6" class="fill"/>'
    )
    items = [
        (_icon(bar), "start to target, filled as far as done"),
        (_icon('<line x1="0" y1="-9" x2="0" y2="9" class="today"/>'), "today"),
        (
            _icon(f'<g class="milestone done"><path d="{chart.DIAMOND}"/></g>'),
            "milestone done",
        ),
        (
            _icon(f'<g class="milestone todo"><path d="{chart.DIAMOND}"/></g>'),
            "milestone to do, on its due date",
        ),
        (
            _icon(f'<g class="milestone todo undated"><path d="{chart.DIAMOND}"/></g>'),
            "milestone without a date: where the plan spreads it evenly",
        ),
        (
            _icon(
                f'<g class="milestone missed"><path d="{chart.DIAMOND}"/>'
                '<circle r="2.5" class="dot"/></g>'
            ),
            "milestone late: due before today, not done (what makes a goal behind)",
        ),
        (_icon(f'<g class="retarget"><path d="{chart.CROSS}"/></g>'), "earlier target"),
        (
            _icon('<g class="forecast"><circle r="5.5"/></g>'),
            "forecast, at the pace of the last 8 weeks or since the start",
        ),
        (_icon(f'<g class="target"><path d="{chart.TICK}"/></g>'), "target of an achieved goal"),
        (
            _icon('<line x1="-10" y1="0" x2="10" y2="0" class="late"/>'),
            "time past the target",
        ),
        (_icon('<line x1="-10" y1="0" x2="10" y2="0" class="open-end"/>'), "no target date"),
    ]
    lines = [f"<li>{icon}<span>{text}</span></li>" for icon, text in items]
    lines.append("<li><span>markers on the same days: set side by side</span></li>")
    return '<ul class="legend">' + "".join(lines) + "</ul>"


def _goals_table(review: Review) -> list[str]:
    e = escape
    heads = ("Goal", "Status", "Progress", "Due by now", "Target", "Forecast")
    out = [
        '<div class="table-wrap"><table class="reflow"><thead><tr>'
        + "".join(f"<th>{h}</th>" for h in heads)
        + "</tr></thead><tbody>"
    ]
    for p in review.current_goals:
        # What the status is judged by (as the terminal says it): the units due before today.
        judged = p.status in (TimelineStatus.BEHIND, TimelineStatus.AHEAD, TimelineStatus.ON_TRACK)
        due = f"{p.due_by_now} of {p.total}" if judged and p.total else DASH
        forecast = e(forecast_cell(p))
        if p.forecast is not None:
            forecast = forecast.replace(str(p.forecast), _day(p.forecast), 1)
        state = goal_state(p)  # the unit that is late, or the next one due
        cells = (
            e(p.goal.title) + (f'<small class="state">{e(state)}</small>' if state else ""),
            f"<span class='pill {_tone(p)}'>{e(status_text(p.status))}</span>",
            f'<span class="nw">{e(progress_cell(p))}</span>',
            due,
            _day(p.goal.target),
            forecast,
        )
        out.append(_row(heads, cells))
    out.append("</tbody></table></div>")
    return out


def _day(day: date | None) -> str:
    """A date that never breaks at its hyphens."""
    return DASH if day is None else f'<span class="nw">{day}</span>'


def _row(heads: tuple[str, ...], cells: tuple[str, ...]) -> str:
    """A table row whose cells carry their column's name (a phone shows it beside them);
    the first cell is user text, which may break anywhere rather than widen the page."""
    tds = [f'<td data-label="{h}">{c}</td>' for h, c in zip(heads, cells, strict=True)]
    tds[0] = tds[0].replace("<td ", '<td class="text" ', 1)
    return "<tr>" + "".join(tds) + "</tr>"


# -- the page -------------------------------------------------------------------------------


def review_html(review: Review) -> str:
    """One self-contained page: a summary (the period against the one before, the timeline
    chart, the goals) and then the self-review packet's sections (no command hints: those
    belong to the terminal)."""
    e = escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>Review {review.since} to {review.as_of}</title>",
        f"<style>{page_style()}</style></head><body>",
        (
            "<header><h1>Progress review</h1>"
            f"<p class='sub'>{review.since} to {review.as_of}</p></header>"
        ),
        *_period_strip(review),
        "<h2>Goals</h2>",
    ]
    drawn = timeline_chart(review)
    if drawn:
        out.append(drawn)
    if review.current_goals:
        out += _goals_table(review)
    if review.achieved_before:
        out.append(f'<p class="note">{escape(review.achieved_before_text)}.</p>')
    page, out = out, []  # the details, on their own pages when printed
    out += _target_changes(review)

    def section(title: str, items: list[str]) -> None:
        if items:
            out.append(f"<h2>{e(title)}</h2><ul>")
            out.extend(f"<li>{item}</li>" for item in items)
            out.append("</ul>")

    def meeting_ref(meeting_id: str | None, how: str = "agreed") -> str:
        named = meeting_named(review, meeting_id, e)
        if named is None:
            return ""
        label, anchor = named
        if anchor is not None:
            return f' ({how} in the <a href="#{anchor}">{label}</a>)'
        return f" ({how} in the {label})"

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
            f"{a.done}, {e(review.name_of(a.mentor))}: {e(a.title)}"
            f"{meeting_ref(a.meeting, 'promised')}"
            for a in review.promises_done
        ],
    )
    out += _mentors_table(review)
    out += _meetings_held(review)
    section(
        "Next steps",
        [f"{e(review.unlogged_sentence(m))}: log it or cancel it" for m in review.unlogged]
        + [e(s.text) for s in review.suggestions],
    )
    if out:
        page += ['<section class="details">', *out, "</section>"]
    page.append("</body></html>")
    return "\n".join(page) + "\n"


def _target_changes(review: Review) -> list[str]:
    """The section listing each goal's target changes (nothing when no target moved)."""
    e = escape
    out: list[str] = []
    moved = [p.goal for p in review.current_goals if p.goal.timeline]
    if moved:
        out.append("<h2>Target changes</h2>")
        for goal in moved:
            out.append(f"<h3>{e(goal.title)}</h3><ul>")
            out += [f"<li>{target_change(t, e)}</li>" for t in goal.timeline]
            out.append("</ul>")
    return out


def _mentors_table(review: Review) -> list[str]:
    """The mentors' table: when each was last met, their cadence and when they are next
    due (nothing without mentors)."""
    e = escape
    out: list[str] = []
    if not review.mentors:
        return out
    heads = ("Mentor", "Last met", "Cadence", "Next due")
    out.append(
        '<h2>Mentors</h2><div class="table-wrap"><table class="reflow"><thead><tr>'
        + "".join(f"<th>{h}</th>" for h in heads)
        + "</tr></thead><tbody>"
    )
    for c in review.mentors:
        due = _next_due(c)
        cadence = f"{c.mentor.cadence_days} days" if c.mentor.cadence_days else DASH
        cells = (e(c.mentor.name), _day(c.last_met), cadence, due)
        out.append(_row(heads, cells))
    out.append("</tbody></table></div>")
    return out


def _next_due(cadence: Cadence) -> str:
    """When the next meeting is, as the terminal says it: the planned one not over yet
    (`planned`), each meeting over and not logged (`unlogged`), else the cadence's date
    (`overdue` when past with nothing planned)."""
    parts: list[str] = []
    if cadence.upcoming is not None:
        parts.append(f'{_day(cadence.upcoming.at.date())} <span class="note">planned</span>')
    parts += [
        f'{_day(m.at.date())} <span class="overdue-word">unlogged</span>' for m in cadence.unlogged
    ]
    if not parts:
        overdue = ' <span class="overdue-word">overdue</span>' if cadence.overdue else ""
        parts.append(_day(cadence.next_due) + overdue)
    # One element in the cell: a phone's reflowed row sets each child in a grid cell of its own.
    return f"<span>{'<br>'.join(parts)}</span>"


def _meetings_held(review: Review) -> list[str]:
    """The meetings held in the period, each a section with the anchor links point at,
    with its notes and advice (nothing when none was held)."""
    e = escape
    out: list[str] = []
    if not review.held:
        return out
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
    return out
