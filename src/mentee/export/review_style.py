"""The review page's look: two palettes (light, and dark for the system's dark mode), each
text colour checked against WCAG AA (4.5:1; `contrast_ratio`), and the stylesheet, laid
out from the chart's numbers (`review_chart`): the page's columns, its breakpoints, the
printed A4 page."""

from __future__ import annotations

from string import Template

from mentee.export import review_chart as chart

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
