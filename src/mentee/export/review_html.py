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
  both palettes (see `contrast_ratio` and the tests that check it).
- Says what the terminal says: the status words are the terminal's, and nothing is told by
  colour alone (shapes, dash patterns and words carry the meaning).
"""

from __future__ import annotations

from datetime import date
from html import escape as html_escape
from string import Template

from mentee.export import review_chart as chart
from mentee.export.review import (
    DASH,
    meeting_anchor,
    meeting_named,
    progress_cell,
    target_change,
)
from mentee.review import Period, Review
from mentee.text import escape_block, plural
from mentee.timeline import GoalProgress, TimelineStatus, forecast_cell, goal_state, status_text


def escape(text: str) -> str:
    """User text for the page: no raw terminal escapes or bidi controls (the page may be
    printed to a terminal, and XML forbids most C0 controls in the SVG), then HTML-escaped."""
    return html_escape(escape_block(text))


# -- colours --------------------------------------------------------------------------------

# Two palettes with the same names. Status colours come in a colour-blind-safe family
# (bluish green, orange, vermillion, ochre, grey; after Okabe and Ito) darkened for a white
# page and lightened for a dark one; each is at least 4.5:1 against its page, so they serve
# as text colours, and white (or the dark page colour) on them is as readable.
LIGHT = {
    "bg": "#ffffff",
    "text": "#1a202c",
    "muted": "#4a5568",
    "rule": "#d5dbe3",
    "grid": "#e8ecf1",
    "track": "#e2e8f0",
    "track-edge": "#8792a2",
    "link": "#1d4ed8",
    "today": "#1a202c",
    "ok": "#05704f",
    "behind": "#a14800",
    "overdue": "#b42318",
    "noplan": "#7a5c00",
    "neutral": "#5a6472",
}
DARK = {
    "bg": "#15181d",
    "text": "#e6e8eb",
    "muted": "#aab3bf",
    "rule": "#3a414c",
    "grid": "#262b33",
    "track": "#343b46",
    "track-edge": "#7d8797",
    "link": "#8ab4ff",
    "today": "#e6e8eb",
    "ok": "#4fd1a5",
    "behind": "#f5a35c",
    "overdue": "#ff8f85",
    "noplan": "#e3c35a",
    "neutral": "#aab3bf",
}
# Colours used for text (and the status pills, whose text is the page colour on them).
TEXT_COLOURS = ("text", "muted", "link", "ok", "behind", "overdue", "noplan", "neutral")
TONES = {
    "achieved": "ok",
    "ahead": "ok",
    "on_track": "ok",
    "behind": "behind",
    "overdue": "overdue",
    "no_plan": "noplan",
    "no_deadline": "neutral",
    "paused": "neutral",
}


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of `#rrggbb`."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21)."""
    high, low = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _variables(palette: dict[str, str]) -> str:
    return " ".join(f"--{name}: {value};" for name, value in palette.items())


# -- style ----------------------------------------------------------------------------------

STYLE = Template("""
:root { color-scheme: light dark; $light }
@media (prefers-color-scheme: dark) { :root { $dark } }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
       "DejaVu Sans", sans-serif; color: var(--text); background: var(--bg);
       max-width: 960px; margin: 0 auto; padding: 1.5rem ${pad}px 3rem;
       overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0; }
h2 { font-size: 1.25rem; margin: 1.8rem 0 .6rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
a { color: var(--link); }
.sub { color: var(--muted); margin: .2rem 0 0; }
figure { margin: 0; }
svg { display: block; overflow: hidden; }
svg svg { overflow: visible; }
.tone-ok { --tone: var(--ok); } .tone-behind { --tone: var(--behind); }
.tone-overdue { --tone: var(--overdue); } .tone-noplan { --tone: var(--noplan); }
.tone-neutral { --tone: var(--neutral); }

.period { margin: 1rem 0; }
.period p { margin: 0 0 .4rem; color: var(--muted); font-size: 14px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr));
         gap: .6rem; list-style: none; padding: 0; margin: 0; }
.card { border: 1px solid var(--rule); border-radius: 8px; padding: .45rem .8rem; }
.card b { display: block; font-size: 1.5rem; line-height: 1.2; }
.card small { display: block; color: var(--muted); font-size: 13px; }

.chart { margin: .4rem 0 .2rem; }
.chart-row { display: grid; column-gap: ${gap}px; align-items: center;
             grid-template-columns: ${title}px minmax(0, 1fr) ${status}px; }
.chart-row > svg { grid-column: 2; }
.goal.chart-row { min-height: ${row}px; }
.chart-row > svg.bar { align-self: stretch; height: 100%; min-height: ${row}px; }
.g-title { grid-column: 1; font-size: 14px; line-height: 1.25; overflow: hidden; margin: 3px 0;
           display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; }
.g-status { grid-column: 3; font-size: 13px; font-weight: 700; color: var(--tone);
            line-height: 1.2; }
.only-narrow, .only-wide { display: none; }
.axis-label { font-size: ${wide_axis}px; fill: var(--muted); }
.axis-label.year { font-weight: 600; fill: var(--text); }
.today-label { font-size: 12px; font-weight: 600; fill: var(--today); }
.axis-label, .today-label { paint-order: stroke; stroke: var(--bg); stroke-width: 3px;
                            stroke-linejoin: round; }
.grid { stroke: var(--grid); } .tick { stroke: var(--muted); }
.track { fill: var(--track); stroke: var(--track-edge); stroke-width: 1; }
.fill { fill: var(--tone); }
.today { stroke: var(--today); stroke-width: 1.5; stroke-dasharray: 5 3; }
.late { stroke: var(--overdue); stroke-width: 4; stroke-dasharray: 4 3; }
.open-end { stroke: var(--muted); stroke-width: 3; stroke-dasharray: .1 6;
            stroke-linecap: round; }
.mk { transform: translate(var(--dx-medium, 0px), 0); }
.milestone path { stroke-width: 2; }
.milestone.done path { fill: var(--text); stroke: var(--bg); stroke-width: 1.5; }
.milestone.todo path { fill: var(--bg); stroke: var(--tone); }
.milestone.missed path { fill: var(--bg); stroke: var(--overdue); stroke-width: 2.5; }
.milestone.missed .dot { fill: var(--overdue); }
.milestone.undated path { stroke-dasharray: 3.3 1.65; stroke-dashoffset: 1.65; }
.retarget path { fill: none; stroke: var(--muted); stroke-width: 2.5; }
.target path { stroke: var(--text); stroke-width: 2.5; }
.forecast circle { fill: var(--bg); stroke: var(--text); stroke-width: 2.5; }
.legend { --tone: var(--neutral); list-style: none; padding: 0; margin: .6rem 0 0;
          display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr));
          gap: .15rem 1rem; font-size: 13px; color: var(--muted); }
.legend li { display: flex; gap: .5rem; align-items: center; }
.legend svg { flex: none; }

.table-wrap { overflow-x: auto; margin: .8rem 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--rule);
         vertical-align: top; }
th, td { overflow-wrap: normal; } td.text { overflow-wrap: anywhere; }
th { color: var(--muted); font-size: 13px; font-weight: 600; white-space: nowrap; }
.nw { white-space: nowrap; }
.pill { border-radius: 4px; padding: 0 .4rem; background: var(--tone); color: var(--bg);
        font-size: 13px; font-weight: 600; white-space: nowrap; }
.note { color: var(--muted); }
.state { display: block; color: var(--muted); font-size: 13px; font-weight: 400; }
.overdue-word { color: var(--overdue); font-weight: 700; }
li { margin: .2rem 0; }

@media screen and (min-width: ${wide}px) {
  .only-medium { display: none; } .only-wide { display: block; }
  .mk { transform: translate(var(--dx-wide, 0px), 0); }
}
@media screen and (max-width: ${narrow}px) {
  .only-medium { display: none; } .only-narrow { display: block; }
  .chart-row { grid-template-columns: minmax(0, 1fr) auto; column-gap: 8px; }
  .chart-row > svg { grid-column: 1 / -1; }
  .goal.chart-row { margin-top: 8px; }
  .g-title { grid-row: 1; -webkit-line-clamp: 3; }
  .g-status { grid-column: 2; grid-row: 1; }
  .axis-label { font-size: ${narrow_axis}px; }
  .mk { transform: translate(var(--dx-narrow, 0px), 0); }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .4rem; }
  .card { padding: .3rem .6rem; }
  .card b { display: inline; font-size: 1.2rem; margin-right: .3rem; }
  table.reflow thead { display: none; }
  table.reflow, .reflow tbody, .reflow tr, .reflow td { display: block; }
  .reflow tr { border-bottom: 1px solid var(--rule); padding: .45rem 0; }
  .reflow td { border: 0; padding: .05rem 0; display: grid; gap: .6rem;
               grid-template-columns: 6.5rem minmax(0, 1fr); }
  .reflow td::before { content: attr(data-label); color: var(--muted); font-size: 13px; }
  .reflow td > * { justify-self: start; }
  .reflow td:first-child { display: block; font-weight: 600; }
  .reflow td:first-child::before { content: none; }
}
@page { size: A4 portrait; margin: ${margin}mm; }
@media print {
  :root { color-scheme: light; $light }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 12.5px; }
  .sub, .period p { margin-bottom: .2rem; }
  h2 { margin: 1rem 0 .4rem; }
  .cards { grid-template-columns: repeat(6, minmax(0, 1fr)); gap: .4rem; }
  .card { padding: .25rem .5rem; font-size: 12px; line-height: 1.3; }
  .card b { display: inline; font-size: 1.1rem; margin-right: .25rem; }
  .card small { font-size: 11px; }
  .chart-row { grid-template-columns: ${print_title}px minmax(0, 1fr) ${print_status}px; }
  .goal.chart-row, .chart-row > svg.bar { min-height: 30px; }
  .g-title { font-size: 12.5px; }
  .state { font-size: 11px; }
  .legend { display: flex; flex-wrap: wrap; gap: .1rem 1rem; font-size: 11px; }
  th, td { padding: .2rem .4rem; }
  h2, h3 { break-after: avoid; }
  .chart-row, .card, tr, li, .legend { break-inside: avoid; }
  .details { break-before: page; }
  a { color: inherit; text-decoration: none; }
}
""")


def page_style() -> str:
    """The page's stylesheet, built from the chart's layout numbers and the palettes."""
    return STYLE.substitute(
        light=_variables(LIGHT),
        dark=_variables(DARK),
        pad=chart.PAGE_PADDING,
        gap=chart.COLUMN_GAP,
        title=chart.TITLE_COLUMN,
        status=chart.STATUS_COLUMN,
        narrow=f"{chart.BREAKPOINT - 0.02:.2f}",
        wide=chart.WIDE_BREAKPOINT,
        row=chart.ROW_HEIGHT,
        margin=chart.PAGE_MARGIN_MM,
        print_title=chart.PRINT_TITLE_COLUMN,
        print_status=chart.PRINT_STATUS_COLUMN,
        wide_axis=chart.AXIS_FONT["wide"],
        narrow_axis=chart.AXIS_FONT["narrow"],
    )


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
        return '<p class="note">No goals with dates yet.</p>'
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
            "forecast, at the last 8 weeks' pace",
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
    for p in review.goals:
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
        timeline_chart(review),
    ]
    if review.goals:
        out += _goals_table(review)
    page, out = out, []  # the details, on their own pages when printed
    moved = [p.goal for p in review.goals if p.goal.timeline]
    if moved:
        out.append("<h2>Target changes</h2>")
        for goal in moved:
            out.append(f"<h3>{e(goal.title)}</h3><ul>")
            out += [f"<li>{target_change(t, e)}</li>" for t in goal.timeline]
            out.append("</ul>")

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
    if review.mentors:
        heads = ("Mentor", "Last met", "Cadence", "Next due")
        out.append(
            '<h2>Mentors</h2><div class="table-wrap"><table class="reflow"><thead><tr>'
            + "".join(f"<th>{h}</th>" for h in heads)
            + "</tr></thead><tbody>"
        )
        for c in review.mentors:
            due = _day(c.next_due) + (
                ' <span class="overdue-word">overdue</span>' if c.overdue else ""
            )
            cadence = f"{c.mentor.cadence_days} days" if c.mentor.cadence_days else DASH
            cells = (e(c.mentor.name), _day(c.last_met), cadence, due)
            out.append(_row(heads, cells))
        out.append("</tbody></table></div>")
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
    if out:
        page += ['<section class="details">', *out, "</section>"]
    page.append("</body></html>")
    return "\n".join(page) + "\n"
