"""The review page's timeline chart: one row per goal, each an inline SVG, on one time axis.

The chart is laid out for every width at once, so no drawing is ever scaled down:

- positions along the time axis are percentages of the plot's width, while text, markers and
  bar heights are in pixels: an axis label is 10 px on a phone and 12 px on a desktop
  whatever the width; the page's CSS (see `review_html`) switches between a phone layout
  (title over the bar) and a desktop layout (title, bar and status in three columns);
- whatever could collide is placed for the narrowest plot a layout can have (`LAYOUTS`):
  markers that fall on (nearly) the same day are set side by side with a pixel offset, and
  the axis picks the label style that fits (every month on one row, staggered on two rows,
  initials, or thinned out). Two points p1 <= p2 at fractions of the plot with pixel offsets
  o1, o2 sit (p2 - p1) * W + (o2 - o1) apart at width W: that only grows with W, so what
  does not collide at the narrowest width collides at no width.

Text widths are estimated on the generous side (the page uses the system's sans-serif font).
User text is never in the SVGs' drawn text: goal titles are HTML beside or above each row
(wrapping instead of overflowing); in the SVGs it appears only in `<title>` tooltips, escaped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from mentee.dates import shift
from mentee.review import Review
from mentee.timeline import GoalProgress, TimelineStatus, Unit, undated

# The narrowest plot, in CSS pixels, of each layout: a 320 px phone less the page's padding
# and a scrollbar; a 700 px window (the desktop layout's breakpoint) less the padding, a
# scrollbar, the title and status columns and their gaps. `review_html` builds its CSS from
# the same numbers.
BREAKPOINT = 700
WIDE_BREAKPOINT = 992  # from here on the page has its full width (960 px) on screen
MAX_WIDTH = 960
PAGE_PADDING = 16
TITLE_COLUMN = 180
STATUS_COLUMN = 104
COLUMN_GAP = 12
SCROLLBAR = 17
NARROW_MIN_PLOT = 320 - 2 * PAGE_PADDING - SCROLLBAR
MEDIUM_MIN_PLOT = (
    BREAKPOINT - 2 * PAGE_PADDING - SCROLLBAR - TITLE_COLUMN - STATUS_COLUMN - 2 * COLUMN_GAP
)
WIDE_MIN_PLOT = MAX_WIDTH - 2 * PAGE_PADDING - TITLE_COLUMN - STATUS_COLUMN - 2 * COLUMN_GAP
# Printed on A4 portrait with 12 mm margins, the page is 703 CSS px wide; the print layout
# widens the title column, and its plot stays wider than the medium layout's narrowest.
PAGE_MARGIN_MM = 12
A4_CONTENT = round((210 - 2 * PAGE_MARGIN_MM) / 25.4 * 96)
PRINT_TITLE_COLUMN = 230
PRINT_STATUS_COLUMN = 96
PRINT_PLOT = A4_CONTENT - PRINT_TITLE_COLUMN - PRINT_STATUS_COLUMN - 2 * COLUMN_GAP
# The axis is drawn once for each layout, each with the labels that fit its narrowest plot:
# a phone (narrow), a window or an A4 page (medium), a wide screen (wide).
LAYOUTS = {"narrow": NARROW_MIN_PLOT, "medium": MEDIUM_MIN_PLOT, "wide": WIDE_MIN_PLOT}
AXIS_FONT = {"narrow": 10, "medium": 12, "wide": 12}
LABEL_GAP = 3  # pixels between two labels on one row
ROW_HEIGHT = 34
BAR_Y = "50%"  # the bar's centre line: a row is as tall as its title needs
MARKER_SLOT = 18  # a marker is at most 14 px wide (16 with its outline); 2 px between
MARKER_MARGIN = 9  # a marker's centre stays this far from the plot's ends

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# The marker shapes, centred on (0, 0): a shape and a fill say what a marker is, so the
# chart reads in any colour vision and in grey on paper.
DIAMOND = "M0,-7 L7,0 L0,7 L-7,0 Z"
CROSS = "M-5,-5 L5,5 M5,-5 L-5,5"
TICK = "M0,-10 V10"


def text_width(text: str, size: float) -> float:
    """A generous estimate of `text`'s width in pixels at font size `size`."""
    ems = 0.0
    for char in text:
        if char in "mwMW":
            ems += 1.0
        elif char.isupper():
            ems += 0.8
        elif char == " ":
            ems += 0.35
        elif char.isascii():
            ems += 0.66
        else:
            ems += 1.05  # wide scripts, emoji
    return ems * size


def pct(fraction: float) -> str:
    """A fraction of the plot's width as an SVG length: `42.18%`."""
    return f"{fraction * 100:.2f}%"


# -- the time axis --------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    """Dates to fractions of the plot's width, from `first` (0) to `last` (1); the axis has
    ticks up to `ticks_until` (past it, the plot only makes room for the last tick's label)."""

    first: date
    last: date
    ticks_until: date | None = None

    @property
    def end_of_ticks(self) -> date:
        """The last day the axis has ticks for."""
        return self.ticks_until or self.last

    @property
    def days(self) -> int:
        """The days from `first` to `last` (at least 1, so a one-day chart still has a width)."""
        return max((self.last - self.first).days, 1)

    def at(self, day: date) -> float:
        """Where `day` falls on the plot, as a fraction of its width (clamped to 0..1)."""
        return min(max((day - self.first).days / self.days, 0.0), 1.0)


def milestones(p: GoalProgress) -> list[Unit]:
    """The goal's milestones as units of its plan: an undated one is due on the day the even
    spread over its timeline gives it."""
    return [u for u in p.units if u.number is not None]


def chart_goals(review: Review) -> list[GoalProgress]:
    """The goals the chart draws: the period's (`Review.current_goals`) with a start or a
    target date."""
    return [p for p in review.current_goals if p.goal.start or p.goal.target]


def scale_of(goals: Sequence[GoalProgress], today: date) -> Scale:
    """Every date the chart shows, with a margin on both sides."""
    days = [today]
    for p in goals:
        g = p.goal
        days += [d for d in (g.start, g.target, g.achieved, p.forecast) if d is not None]
        # Milestones where the plan puts them (undated ones at their share of the timeline).
        days += [u.due for u in milestones(p) if u.due] + [u.done for u in milestones(p) if u.done]
        days += [t.from_ for t in g.timeline if t.from_]
    return scale_between(min(days), max(days))


def scale_between(first: date, last: date) -> Scale:
    """A scale from `first` to `last` with a margin on both sides, and room after the last
    tick for its label."""
    pad = max((last - first).days // 20, 7)
    scale = Scale(shift(first, -pad), shift(last, pad))
    # Room after the last tick for its label (a month's or a year's) in every layout, so that
    # every tick is labelled: the scale runs on past it when it has to.
    room = max(
        (3 + max(text_width("May", AXIS_FONT[name]), text_width("2027", AXIS_FONT[name])) + 2)
        / width
        for name, width in LAYOUTS.items()
    )
    marks = ticks(scale)
    if marks and scale.at(marks[-1]) > 1 - room:
        length = math.ceil((marks[-1] - scale.first).days / (1 - room))
        scale = Scale(scale.first, shift(scale.first, length), scale.last)
    return scale


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def tick_step(scale: Scale) -> int:
    """Months between two ticks: every month up to 18 months (plus the margins), then
    quarters, half years, years."""
    end = scale.end_of_ticks
    months = (end.year - scale.first.year) * 12 + end.month - scale.first.month
    if months <= 20:
        return 1
    if months <= 60:
        return 3
    if months <= 96:
        return 6
    # Whole years, at most about 40 ticks (a goal "by 9999-12-31" spans millennia).
    return 12 * max(1, -(-months // 480))


def ticks(scale: Scale) -> list[date]:
    """The first day of every `tick_step`-th month inside the scale (quarters start in
    January, April, July and October)."""
    step = tick_step(scale)
    month = date(scale.first.year, scale.first.month, 1)
    while month < scale.first or (month.month - 1) % step:
        month = _add_months(month, 1)
    found = []
    while month <= scale.end_of_ticks:
        found.append(month)
        if month.year * 12 + month.month - 1 + step >= 10000 * 12:
            break  # the calendar ends in 9999
        month = _add_months(month, step)
    return found


@dataclass(frozen=True)
class Label:
    """An axis label: where it is on the plot, its text and its row."""

    at: float  # fraction of the plot
    text: str
    row: int  # 0: years, 1 and 2: months
    optional: bool = False  # left out when it does not fit (the partial first month)


def _fits(labels: Sequence[Label], width: float, size: float) -> tuple[bool, list[Label]]:
    """Whether `labels` (start-anchored 3 px after their tick) keep apart at plot `width`;
    optional labels that would collide and labels past the right end are left out."""
    kept: list[Label] = []
    end_of_row: dict[int, float] = {}
    for label in sorted(labels, key=lambda lb: (lb.at, lb.optional)):
        x = label.at * width + 3
        right = x + text_width(label.text, size)
        if right > width:
            continue  # the last tick, in the margin past every date: no room for its label
        nxt = [
            other.at * width + 3
            for other in labels
            if other.row == label.row and other.at > label.at and not other.optional
        ]
        if label.optional and nxt and right + LABEL_GAP > min(nxt):
            continue
        if x < end_of_row.get(label.row, -1e9) + LABEL_GAP:
            return False, []
        end_of_row[label.row] = right
        kept.append(label)
    return True, kept


def axis_labels(scale: Scale, width: float, size: float) -> list[Label]:
    """The axis labels at the narrowest plot `width` of a layout: month (or quarter) names on
    one row if they fit, else staggered on two rows, else as initials, else every k-th; the
    years on a row of their own, at each January and at the start."""
    marks = ticks(scale)
    step = tick_step(scale)
    start = scale.first
    months: list[Label] = []
    if step < 12:
        if step == 1 and (not marks or marks[0] != start):
            months.append(Label(0.0, MONTHS[start.month - 1], 1, optional=True))
        months += [Label(scale.at(m), MONTHS[m.month - 1], 1) for m in marks]

    def restyle(short: bool, staggered: bool, every: int = 1) -> list[Label]:
        out = []
        for index, label in enumerate(months):
            if not label.optional and index % every:
                continue
            text = label.text[0] if short else label.text
            row = 2 if staggered and index % 2 else 1
            out.append(Label(label.at, text, row, label.optional))
        return out

    chosen: list[Label] = []
    styles = [(False, False), (False, True), (True, False), (True, True)]
    candidates = [restyle(short, staggered) for short, staggered in styles]
    candidates += [restyle(False, False, every) for every in range(2, len(months) + 2)]
    for candidate in candidates:
        ok, kept = _fits(candidate, width, size)
        if ok:
            chosen = kept
            break
    years = [Label(scale.at(m), str(m.year), 0) for m in marks if m.month == 1]
    if not marks or marks[0].month != 1 or marks[0] != start:
        years.insert(0, Label(0.0, str(start.year), 0, optional=True))
    for every in range(1, len(years) + 2):
        thinned = [y for i, y in enumerate(years) if y.optional or i % every == 0]
        ok, kept = _fits(thinned, width, size)
        if ok:
            return kept + chosen
    return chosen


def _axis_svg(scale: Scale, layout: str, today: float) -> str:
    size = AXIS_FONT[layout]
    width = LAYOUTS[layout]
    labels = axis_labels(scale, width, size)
    rows = max((lb.row for lb in labels), default=0) + 1
    line = size + 3
    height = rows * line + 8
    parts = [f'<svg class="axis only-{layout}" width="100%" height="{height}" aria-hidden="true">']
    parts += [
        f'<line x1="{pct(scale.at(m))}" y1="{height - 6}" x2="{pct(scale.at(m))}" '
        f'y2="{height}" class="tick"/>'
        for m in ticks(scale)
    ]
    for label in labels:
        parts.append(
            f'<text x="{pct(label.at)}" y="{(label.row + 1) * line - 2}" dx="3" '
            f'class="axis-label{" year" if label.row == 0 else ""}">{label.text}</text>'
        )
    parts.append(_today_line(today))
    parts.append("</svg>")
    return "".join(parts)


def _today_line(today: float) -> str:
    return f'<line x1="{pct(today)}" y1="0" x2="{pct(today)}" y2="100%" class="today"/>'


def _grid(scale: Scale) -> str:
    return "".join(
        f'<line x1="{pct(scale.at(m))}" y1="0" x2="{pct(scale.at(m))}" y2="100%" class="grid"/>'
        for m in ticks(scale)
    )


# -- markers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """Something drawn on a goal's row: where, its order among markers on one day, its CSS class,
    its SVG shape and its tooltip."""

    at: float  # fraction of the plot
    order: int  # on the same day: earlier target, milestones, target, forecast
    kind: str  # CSS class: milestone done|todo|missed, retarget, target, forecast
    shape: str  # SVG content centred on (0, 0)
    title: str  # escaped tooltip


def dodge(wanted: Sequence[float], slot: float, low: float, high: float) -> list[float]:
    """Positions at least `slot` apart, as close as can be to the `wanted` ones (sorted),
    inside low..high: markers that would overlap are set side by side, centred on where they
    belong."""
    clusters: list[list[int]] = []
    starts: list[float] = []

    def place(members: list[int]) -> float:
        centre = sum(wanted[i] for i in members) / len(members)
        start = centre - (len(members) - 1) * slot / 2
        start = min(start, high - (len(members) - 1) * slot)
        return max(start, low)

    for index in range(len(wanted)):
        members = [index]
        start = place(members)
        while clusters and starts[-1] + len(clusters[-1]) * slot > start:
            members = clusters.pop() + members
            starts.pop()
            start = place(members)
        clusters.append(members)
        starts.append(start)
    placed = [0.0] * len(wanted)
    for members, start in zip(clusters, starts, strict=True):
        for offset, index in enumerate(members):
            placed[index] = start + offset * slot
    return placed


def _markers_svg(markers: list[Marker]) -> str:
    """The markers of one row, each at its day's percentage plus a pixel offset that sets
    it beside the markers it would overlap: one offset for each layout, placed for that
    layout's narrowest plot (CSS picks the layout's offset: `--dx-narrow` and so on)."""
    markers = sorted(markers, key=lambda m: (m.at, m.order))
    offsets: dict[str, list[float]] = {}
    for layout, width in LAYOUTS.items():
        wanted = [m.at * width for m in markers]
        placed = dodge(wanted, MARKER_SLOT, MARKER_MARGIN, width - MARKER_MARGIN)
        offsets[layout] = [got - want for want, got in zip(wanted, placed, strict=True)]
    out = []
    for index, marker in enumerate(markers):
        shifts = {layout: offsets[layout][index] for layout in LAYOUTS}
        style = ""
        if any(abs(v) > 0.05 for v in shifts.values()):
            style = ' style="' + ";".join(f"--dx-{k}:{v:.1f}px" for k, v in shifts.items()) + '"'
        out.append(
            f'<svg x="{pct(marker.at)}" y="{BAR_Y}" overflow="visible">'
            f'<g class="mk {marker.kind}"{style}><title>{marker.title}</title>{marker.shape}</g>'
            "</svg>"
        )
    return "".join(out)


def _diamond(extra: str = "") -> str:
    return f'<path d="{DIAMOND}"/>{extra}'


# -- one goal's row -------------------------------------------------------------------------


def goal_row_svg(p: GoalProgress, scale: Scale, escape: Callable[[str], str], label: str) -> str:
    """The bar, markers and today's line of one goal, as an inline SVG.

    `label` is the row's accessible name (escaped)."""
    goal = p.goal
    status = p.status.value
    today = scale.at(p.as_of)
    achieved = status == "achieved" and goal.achieved is not None
    start = goal.start or goal.target or scale.first
    # An achieved goal's bar ends the day it was reached; one without a target at today,
    # with a dotted tail, so it never looks like it has a deadline.
    end = max((goal.achieved if achieved else goal.target) or p.as_of, start)
    x0, x1 = scale.at(start), scale.at(end)
    out = [
        f'<svg class="bar" width="100%" height="{ROW_HEIGHT}" role="img" aria-label="{label}">',
        f"<title>{label}</title>",
        _grid(scale),
        (
            f'<rect x="{pct(x0)}" y="{BAR_Y}" width="{pct(max(x1 - x0, 0.004))}" height="14" '
            'rx="7" transform="translate(0 -7)" class="track"/>'
        ),
    ]
    if goal.target is None and not achieved:
        out.append(
            f'<line x1="{pct(x1)}" y1="{BAR_Y}" x2="100%" y2="{BAR_Y}" class="open-end">'
            "<title>no target date</title></line>"
        )
    share = 1.0 if status == "achieved" else p.progress
    if share and x1 > x0:
        out.append(
            f'<rect x="{pct(x0)}" y="{BAR_Y}" width="{pct((x1 - x0) * share)}" '
            'height="14" rx="7" transform="translate(0 -7)" class="fill"/>'
        )
    if status == "overdue" and goal.target is not None and p.as_of > goal.target:
        out.append(
            f'<line x1="{pct(x1)}" y1="{BAR_Y}" x2="{pct(today)}" y2="{BAR_Y}" class="late">'
            f"<title>{(p.as_of - goal.target).days} days past the target</title></line>"
        )
    out.append(_today_line(today))
    out.append(_markers_svg(_markers(p, scale, escape)))
    out.append("</svg>")
    return "".join(out)


def _markers(p: GoalProgress, scale: Scale, escape: Callable[[str], str]) -> list[Marker]:
    goal = p.goal
    found: list[Marker] = []
    for change in goal.timeline:
        if change.from_ is not None:
            found.append(
                Marker(
                    scale.at(change.from_),
                    0,
                    "retarget",
                    f'<path d="{CROSS}"/>',
                    f"earlier target {change.from_}, moved to {change.to or 'none'} on "
                    f"{change.date}: {escape(change.reason)}",
                )
            )
    for unit in milestones(p):
        when = unit.done or unit.due
        if when is None:
            continue  # undated, of a goal without a target: nowhere to put it
        # Late: due before today and not done, what makes a goal behind (a paused or an
        # achieved goal is never at risk, so its milestones are not marked late).
        late = (
            not unit.is_done
            and unit.due is not None
            and unit.due < p.as_of
            and p.status not in (TimelineStatus.PAUSED, TimelineStatus.ACHIEVED)
        )
        due = f"due {unit.due}" if unit.dated else undated(unit)
        if unit.done:
            kind, state, extra = "milestone done", f"done {unit.done}", ""
        elif late:
            kind, state = "milestone missed", f"{due}, not done"
            extra = '<circle r="2.5" class="dot"/>'
        else:
            kind, state, extra = "milestone todo", due, ""
        if not unit.dated and not unit.done:
            kind += " undated"
        found.append(
            Marker(
                scale.at(when),
                1,
                kind,
                _diamond(extra),
                f"milestone {unit.number}: {escape(unit.title)} ({state})",
            )
        )
    if p.status.value == "achieved" and goal.target is not None:
        found.append(
            Marker(
                scale.at(goal.target), 2, "target", f'<path d="{TICK}"/>', f"target {goal.target}"
            )
        )
    if p.forecast is not None and p.status.value != "achieved":
        late = p.forecast_after_target
        found.append(
            Marker(
                scale.at(p.forecast),
                3,
                "forecast",
                '<circle r="5.5"/>',
                f"forecast {p.forecast}{', after the target' if late else ''}",
            )
        )
    return found


def today_svg(scale: Scale, today: date) -> str:
    """The row under the chart that names today's line."""
    at = scale.at(today)
    anchor, dx = ("start", 4) if at < 0.5 else ("end", -4)
    return (
        '<svg class="today-row" width="100%" height="20" aria-hidden="true">'
        + _today_line(at)
        + f'<text x="{pct(at)}" y="15" dx="{dx}" text-anchor="{anchor}" class="today-label">'
        f"today {today}</text></svg>"
    )


def axis_svgs(scale: Scale, today: date) -> str:
    """The time axis, once for each layout (the page's CSS shows one)."""
    at = scale.at(today)
    return "".join(_axis_svg(scale, layout, at) for layout in LAYOUTS)
