"""`mentee review --format html` in a real browser: on a phone, on a desktop, in dark mode and
printed to PDF. Each test measures the rendered page (CSS pixels); screenshots and PDFs of
every state measured are kept in the artifacts folder (see conftest.py)."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser_helpers import TIMEOUT, Browser, need, print_to_pdf
from journals import HOSTILE_TITLE

from mentee.export import review_chart as chart

# -- what the page looks like, measured once per state --------------------------------------

MEASURE = r"""
const de = document.documentElement;
const shown = el => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
};
const box = el => {
  const r = el.getBoundingClientRect();
  return [r.left + scrollX, r.top + scrollY, r.right + scrollX, r.bottom + scrollY];
};
const scale = el => {
  const m = el.getScreenCTM && el.getScreenCTM();
  return m ? Math.hypot(m.a, m.b) : 1;
};
const solid = c => { const m = c.match(/[\d.]+/g); return m && (m.length < 4 || +m[3] > 0); };
const background = el => {
  for (let e = el; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (solid(c)) return c;
  }
  return 'rgb(255, 255, 255)';
};
const out = {
  innerWidth: innerWidth, clientWidth: de.clientWidth, scrollWidth: de.scrollWidth,
  bodyScrollWidth: document.body.scrollWidth,
  background: getComputedStyle(document.body).backgroundColor,
  title: document.title,
  scripts: document.scripts.length, images: document.images.length,
  resources: performance.getEntriesByType('resource').map(r => r.name),
  widest: Math.max(0, ...[...document.body.querySelectorAll('*')].filter(shown)
                               .map(e => box(e)[2])),
  wraps: [...document.querySelectorAll('.table-wrap')].filter(shown)
           .map(w => [w.scrollWidth, w.clientWidth]),
  chartText: [], labels: [], markers: [], axes: [], rows: [], texts: [],
};
const heading = document.createRange();
heading.selectNodeContents(document.querySelector('h1'));
out.headingWidth = heading.getBoundingClientRect().width;
const chart = document.querySelector('figure.chart');
if (chart) {
  for (const el of chart.querySelectorAll('text, .g-title, .g-status, .legend span')) {
    if (!shown(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    out.chartText.push({text: el.textContent, size: size * scale(el), box: box(el)});
  }
  for (const el of chart.querySelectorAll('svg text, .g-title, .g-status')) {
    if (shown(el)) out.labels.push({what: el.textContent, box: box(el),
      svg: el.ownerSVGElement ? box(el.ownerSVGElement) : null});
  }
  for (const el of chart.querySelectorAll('g.mk')) {
    if (shown(el)) out.markers.push({what: el.querySelector('title').textContent,
      kind: el.getAttribute('class'), box: box(el), svg: box(el.closest('svg.bar')),
      row: el.closest('.goal').querySelector('.g-title').textContent});
  }
  for (const svg of chart.querySelectorAll('svg.axis')) {
    if (!shown(svg)) continue;
    out.axes.push({box: box(svg), ticks: [...svg.querySelectorAll('line.tick')].map(l => box(l)[0]),
      labels: [...svg.querySelectorAll('text')].map(t => ({text: t.textContent, box: box(t),
        year: t.classList.contains('year')}))});
  }
  for (const row of chart.querySelectorAll('.goal')) {
    out.rows.push({title: box(row.querySelector('.g-title')),
      bar: box(row.querySelector('svg.bar')), status: box(row.querySelector('.g-status'))});
  }
}
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const seen = new Set();
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!node.textContent.trim() || seen.has(el) || el.closest('title') || !shown(el)) continue;
  seen.add(el);
  const style = getComputedStyle(el);
  const svg = el instanceof SVGElement;
  out.texts.push({text: node.textContent.trim().slice(0, 40), color: svg ? style.fill : style.color,
    background: background(el), size: parseFloat(style.fontSize),
    weight: parseInt(style.fontWeight, 10)});
}
return out;
"""


@dataclass(frozen=True)
class State:
    page: str
    width: int
    scheme: str = "light"
    media: str = ""

    @property
    def name(self) -> str:
        return f"{self.page}-{self.width}-{self.scheme}{'-' + self.media if self.media else ''}"


PHONE, DESKTOP = 390, 1280
SCREEN_STATES = [
    *(State(page, width) for page in ("demo", "stress", "short", "eighteen_months", "empty")
      for width in (PHONE, DESKTOP)),
    State("stress", 320),  # the narrowest phone the layout is made for
    State("stress", 800),  # a window between the phone and the full width
    *(State(page, width, "dark") for page in ("demo", "stress") for width in (PHONE, DESKTOP)),
]  # fmt: skip
PHONE_STATES = [s for s in SCREEN_STATES if s.width < 600]
CHART_STATES = [s for s in SCREEN_STATES if s.page != "empty"]
# A4's width less the 12 mm margins, in CSS pixels: what the print layout has.
A4_CONTENT = round((210 - 2 * 12) / 25.4 * 96)
assert A4_CONTENT == chart.A4_CONTENT


def ids(states: list[State]) -> list[str]:
    return [s.name for s in states]


@pytest.fixture(scope="module")
def measured(
    browser: Browser, pages: dict[str, Path], artifacts: Path
) -> dict[State, dict[str, Any]]:
    """A cache: each state is loaded, measured and photographed once."""
    return {}


def measure(
    state: State,
    browser: Browser,
    pages: dict[str, Path],
    artifacts: Path,
    cache: dict[State, dict[str, Any]],
) -> dict[str, Any]:
    if state not in cache:
        browser.load(pages[state.page], state.width, state.scheme, state.media)
        data = browser.run(MEASURE)
        data["screenshot"] = str(browser.screenshot(artifacts / f"{state.name}.png"))
        cache[state] = data
    return cache[state]


@pytest.fixture
def look(browser, pages, artifacts, measured):
    """`look(state)`: the measurements of the page in that state."""
    return lambda state: measure(state, browser, pages, artifacts, measured)


def overlap(a: list[float], b: list[float]) -> float:
    """The area two boxes share."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0) * max(height, 0)


# -- phone and desktop ----------------------------------------------------------------------


@pytest.mark.parametrize("state", SCREEN_STATES, ids=ids(SCREEN_STATES))
def test_no_sideways_scroll(look, state):
    """The page is never wider than the window: nothing sticks out to the right."""
    page = look(state)
    assert page["scrollWidth"] <= page["clientWidth"], page["screenshot"]
    assert page["bodyScrollWidth"] <= page["clientWidth"], page["screenshot"]
    assert page["widest"] <= page["clientWidth"] + 0.5, page["screenshot"]


@pytest.mark.parametrize("state", CHART_STATES, ids=ids(CHART_STATES))
def test_chart_text_is_at_least_9px(look, state):
    """Every text of the chart (axis, titles, statuses, today, legend) is rendered at 9 px or
    more: the chart is laid out for the width, never scaled down."""
    page = look(state)
    assert len(page["chartText"]) > 10
    small = [(t["text"], round(t["size"], 1)) for t in page["chartText"] if t["size"] < 9]
    assert small == [], page["screenshot"]


@pytest.mark.parametrize("state", CHART_STATES, ids=ids(CHART_STATES))
def test_no_two_chart_labels_or_markers_overlap(look, state):
    """No two labels or markers of the chart share a pixel, and none is cut by the edge of
    its drawing."""
    page = look(state)
    items = [(x["what"], x["box"]) for x in page["labels"] + page["markers"]]
    assert len(page["markers"]) >= 3
    clashes = [
        (a[0][:40], b[0][:40])
        for a, b in itertools.combinations(items, 2)
        if overlap(a[1], b[1]) > 0.25
    ]
    assert clashes == [], page["screenshot"]
    for item in page["labels"] + page["markers"]:
        svg = item["svg"]
        if svg is not None:
            box = item["box"]
            inside = svg[0] - 0.5 <= box[0] and box[2] <= svg[2] + 0.5
            assert inside, (item["what"], box, svg, page["screenshot"])


@pytest.mark.parametrize("state", CHART_STATES, ids=ids(CHART_STATES))
def test_every_month_or_quarter_is_labelled(look, state):
    """Each tick of the axis (a month, or a quarter on long timelines) has its label right
    after it, and the axis names the years."""
    page = look(state)
    (axis,) = page["axes"]
    months = [x for x in axis["labels"] if not x["year"]]
    unlabelled = [
        tick for tick in axis["ticks"] if not any(abs(x["box"][0] - tick - 3) < 2 for x in months)
    ]
    assert axis["ticks"]
    assert unlabelled == [], page["screenshot"]
    assert any(x["year"] for x in axis["labels"]), "no year on the axis"


def test_long_timelines_are_labelled_by_quarter(look):
    """Over three years the axis names quarters (Jan, Apr, Jul, Oct), not every month."""
    for width in (PHONE, DESKTOP):
        (axis,) = look(State("stress", width))["axes"]
        months = {x["text"] for x in axis["labels"] if not x["year"]}
        assert months <= {"Jan", "Apr", "Jul", "Oct", "J", "A", "O"}, months
        assert len(axis["ticks"]) >= 12


def test_a_phone_stacks_the_title_over_the_bar_and_a_desktop_sets_them_side_by_side(look):
    """The chart's layout changes with the width: on a phone each goal's title sits above
    its bar; on a desktop title, bar and status are three columns."""
    for row in look(State("stress", PHONE))["rows"]:
        assert row["title"][3] <= row["bar"][1] + 0.5
        assert row["status"][3] <= row["bar"][1] + 0.5
    for row in look(State("stress", DESKTOP))["rows"]:
        assert row["title"][2] <= row["bar"][0]
        assert row["bar"][2] <= row["status"][0]


def test_markers_on_the_same_day_are_set_side_by_side(look):
    """A retarget on the day a milestone was due, two milestones on one day and a forecast
    on a milestone's day: each marker is drawn, apart from the others, near its day."""

    def centre(box: list[float]) -> float:
        return (box[0] + box[2]) / 2

    for width in (320, PHONE, DESKTOP):
        markers = look(State("stress", width))["markers"]

        def find(row: str, text: str, markers: list[dict[str, Any]] = markers) -> list[float]:
            found: list[float]
            (found,) = [
                m["box"] for m in markers if m["row"].startswith(row) and m["what"].startswith(text)
            ]
            return found

        cross = find("Goal 02", "earlier target 2027-03-01")
        review = find("Goal 02", "milestone 2: Review with the team")
        one, two = find("Goal 02", "milestone 3: Two"), find("Goal 02", "milestone 4: Two")
        pilot, forecast = find("Goal 03", "milestone 3: Pilot"), find("Goal 03", "forecast")
        for a, b in ((cross, review), (one, two), (pilot, forecast)):
            assert overlap(a, b) == 0
            assert abs(centre(a) - centre(b)) <= 20  # side by side, near their day
            assert abs((a[1] + a[3]) - (b[1] + b[3])) < 2  # on the same line


def test_undated_milestones_are_drawn_where_the_plan_spreads_them(look):
    """Milestones without dates sit where the even spread over the goal's timeline puts
    them (due on days 92, 183, 274 and 365 of Goal 19's year), drawn with a dashed outline
    that the legend explains; the one due before today and not done is marked late."""
    for width in (320, PHONE, DESKTOP):
        page = look(State("stress", width))
        goal = {m["what"]: m for m in page["markers"] if m["row"].startswith("Goal 19")}
        assert sorted(goal) == [
            "milestone 1: Outline (done 2026-05-10)",
            "milestone 2: Draft (undated, spread evenly: due 2026-08-31, not done)",
            "milestone 3: Review (undated, spread evenly: due 2026-11-30)",
            "milestone 4: Publish (undated, spread evenly: due 2027-03-01)",
        ], page["screenshot"]
        kinds = [set(m["kind"].split()) for m in goal.values()]
        assert [k >= {"undated"} for k in kinds] == [False, True, True, True]
        assert sum("missed" in k for k in kinds) == 1
        centres = [(m["box"][0] + m["box"][2]) / 2 for m in goal.values()]
        assert centres == sorted(centres)
        if width == DESKTOP:  # wide enough that no marker is moved aside: evenly spaced
            gaps = [b - a for a, b in itertools.pairwise(centres[1:])]
            assert gaps[0] == pytest.approx(gaps[1], abs=1.5)
        legend = " ".join(t["text"] for t in page["chartText"])
        assert "milestone without a date: where the plan spreads it evenly" in legend


def test_a_paused_goal_is_grey_and_never_marked_late(look):
    """A paused goal reads `paused`, in the neutral colour, and its milestone past due is
    drawn as to do, not late: a paused goal is never at risk."""
    page = look(State("stress", DESKTOP))
    markers = [m for m in page["markers"] if m["row"].startswith("Goal 08")]
    assert any("Skipper exam (due 2026-10-01)" in m["what"] for m in markers)
    assert not any("missed" in m["kind"] for m in markers)
    statuses = [t for t in page["chartText"] if t["text"] == "paused"]
    assert statuses, page["screenshot"]


@pytest.mark.parametrize("state", PHONE_STATES, ids=ids(PHONE_STATES))
def test_tables_reflow_on_a_phone(look, state):
    """On a phone a table becomes one block per row, with no scrolling inside it."""
    page = look(state)
    for scroll_width, client_width in page["wraps"]:
        assert scroll_width <= client_width, page["screenshot"]


# -- colour ---------------------------------------------------------------------------------


def luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(one: str, other: str) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


CONTRAST_STATES = [s for s in SCREEN_STATES if s.page in ("demo", "stress")]


@pytest.mark.parametrize("state", CONTRAST_STATES, ids=ids(CONTRAST_STATES))
def test_text_contrast_meets_wcag_aa(look, state):
    """Every text on the page, in the light and the dark scheme, has at least 4.5:1
    contrast with what is behind it (3:1 for large text)."""
    page = look(state)
    assert len(page["texts"]) > 30
    poor = []
    for text in page["texts"]:
        large = text["size"] >= 24 or (text["size"] >= 18.66 and text["weight"] >= 700)
        ratio = contrast(text["color"], text["background"])
        if ratio < (3.0 if large else 4.5):
            poor.append((text["text"], text["color"], text["background"], round(ratio, 2)))
    assert poor == [], page["screenshot"]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_dark_mode_follows_the_system(look, width):
    """With the system in dark mode the page is dark, and light otherwise."""
    assert luminance(look(State("demo", width, "dark"))["background"]) < 0.05
    assert luminance(look(State("demo", width))["background"]) > 0.9


def test_today_and_the_forecast_do_not_rely_on_colour(look):
    """Today's line is dashed and named; the forecast is a ring, unlike any other marker."""
    page = look(State("stress", DESKTOP))
    assert any(x["what"] == "today 2026-11-21" for x in page["labels"])
    forecasts = [m for m in page["markers"] if m["kind"] == "mk forecast"]
    assert forecasts
    assert all(m["what"].startswith("forecast ") for m in forecasts)


# -- still self-contained -------------------------------------------------------------------


def test_the_page_fetches_nothing_and_runs_no_user_text(look):
    """In the browser, the page with hostile titles loads no resource, has no script or
    image element, and its title is untouched; the hostile title is shown as text."""
    page = look(State("stress", DESKTOP))
    assert page["resources"] == []
    assert (page["scripts"], page["images"]) == (0, 0)
    assert page["title"] == "Review 2026-10-22 to 2026-11-21"
    shown = " ".join(x["what"] for x in page["labels"])
    assert "<script>document.title='pwned'</script>" in shown
    assert HOSTILE_TITLE not in shown  # the bidi control is shown escaped
    assert "\\u202eevil" in shown


# -- print ----------------------------------------------------------------------------------


@pytest.mark.parametrize("page_name", ["demo", "stress"])
def test_print_layout_fits_the_width_of_an_a4_page(look, page_name):
    """Laid out for print at A4's width, nothing is wider than the page's printable area,
    and the page prints light even with the system in dark mode."""
    page = look(State(page_name, A4_CONTENT, "dark", media="print"))
    assert page["scrollWidth"] <= A4_CONTENT, page["screenshot"]
    assert page["widest"] <= A4_CONTENT + 0.5, page["screenshot"]
    assert luminance(page["background"]) > 0.9  # printed light, whatever the system's scheme


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    box: tuple[float, float, float, float]  # points, from the page's top left


@dataclass(frozen=True)
class Pdf:
    path: Path
    pages: int
    size: tuple[float, float]  # points
    words: list[Word]

    def text_of(self, page: int) -> str:
        return " ".join(w.text for w in self.words if w.page == page)


def read_pdf(path: Path) -> Pdf:
    need("pdftotext (poppler-utils)", shutil.which("pdftotext") is not None)
    xhtml = path.with_suffix(".bbox.html")
    subprocess.run(
        ["pdftotext", "-bbox", str(path), str(xhtml)],
        check=True, capture_output=True, timeout=TIMEOUT,
    )  # fmt: skip
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(xhtml).getroot()  # noqa: S314 (poppler's output for our own file)
    words, size = [], (0.0, 0.0)
    pages = root.findall(".//h:page", ns)
    for number, page in enumerate(pages, start=1):
        size = (float(page.get("width", 0)), float(page.get("height", 0)))
        for word in page.findall("h:word", ns):
            box = tuple(float(word.get(k, 0)) for k in ("xMin", "yMin", "xMax", "yMax"))
            words.append(Word(number, word.text or "", box))  # type: ignore[arg-type]
    return Pdf(path, len(pages), size, words)


@pytest.fixture(scope="module")
def pdfs(pages, artifacts, tmp_path_factory) -> dict[str, Pdf]:
    """The demo, the stress and the empty journal's pages, each printed to PDF once."""
    profile = tmp_path_factory.mktemp("chromium-print")
    return {
        name: read_pdf(print_to_pdf(pages[name], artifacts / f"{name}.pdf", profile))
        for name in ("demo", "stress", "empty")
    }


A4 = (595.0, 842.0)  # points
MARGIN = 12 / 25.4 * 72  # 12 mm in points


def test_pdf_pages_are_a4_portrait_and_the_summary_fills_the_first(pdfs):
    """Printed, the page is A4 portrait; the first page is the summary for the mentor (the
    period, the chart, the goals); the details start on the second; an empty journal is
    one page."""
    for pdf in pdfs.values():
        assert pdf.size == pytest.approx(A4, abs=1.5), pdf.path
    assert pdfs["empty"].pages == 1
    demo = pdfs["demo"]
    assert 2 <= demo.pages <= 4, demo.path
    first = demo.text_of(1)
    assert "Progress review" in first
    assert "Forecast" in first  # the goals table's header
    assert "today 2026-11-21" in first  # the chart
    assert "Wins" not in first
    assert "Mentors" not in first
    assert demo.text_of(2).split()[:2] == ["Target", "changes"], demo.path
    assert pdfs["stress"].pages >= 3


def test_pdf_text_stays_inside_the_margins(pdfs):
    """No text box crosses the printable area of its page (A4 less 12 mm all round)."""
    for pdf in pdfs.values():
        width, height = pdf.size
        outside = [
            (w.page, w.text, w.box)
            for w in pdf.words
            if w.box[0] < MARGIN - 1
            or w.box[2] > width - MARGIN + 1
            or w.box[1] < MARGIN - 1
            or w.box[3] > height - MARGIN + 1
        ]
        assert outside == [], pdf.path


@pytest.mark.parametrize("page_name", ["demo", "stress"])
def test_pdf_is_printed_at_full_size(pdfs, look, page_name):
    """Chromium shrinks a page that is too wide for the paper: the PDF's heading is exactly
    as wide as the print layout's (1 CSS px = 0.75 pt), so nothing was shrunk to fit."""
    words = pdfs[page_name].words
    (start,) = [w for w in words if w.page == 1 and w.text == "Progress"][:1]
    (end,) = [w for w in words if w.page == 1 and w.text == "review"][:1]
    printed = end.box[2] - start.box[0]
    laid_out = look(State(page_name, A4_CONTENT, "dark", media="print"))["headingWidth"] * 0.75
    assert printed == pytest.approx(laid_out, rel=0.03), pdfs[page_name].path


STATUS_WORDS = {"overdue", "behind", "plan", "track", "ahead", "deadline", "achieved", "paused"}


def test_pdf_never_splits_a_goal_across_two_pages(pdfs):
    """Each goal's row, in the chart and in the table, is on one page: the first line of its
    title has its status beside it on the same page, and in the table (where the title is
    whole) its last word is on that page too. The stress journal's goals run over page
    breaks, so the rule is put to the test."""
    pdf = pdfs["stress"]
    (details,) = [
        (w.page, w.box[1])
        for w, nxt in itertools.pairwise(pdf.words)
        if (w.text, nxt.text) == ("Target", "changes")
    ]
    rows: dict[str, list[Word]] = {}
    for word in pdf.words:
        if word.text == "Goal" and word.box[0] < 200 and (word.page, word.box[1]) < details:
            number = min(
                (x for x in pdf.words if x.page == word.page and x.box[0] > word.box[2] - 0.1
                 and abs(x.box[1] - word.box[1]) < 1),
                key=lambda x: x.box[0],
            )  # fmt: skip
            if re.fullmatch(r"\d\d:", number.text):
                rows.setdefault(number.text[:2], []).append(word)
    assert len(rows) == 19, pdf.path
    assert {len(found) for found in rows.values()} == {2}  # in the chart and in the table
    assert len({w.page for found in rows.values() for w in found}) >= 2  # over a page break
    for number, found in rows.items():
        for word in found:
            beside = [
                x
                for x in pdf.words
                if x.page == word.page
                and x.text in STATUS_WORDS
                and x.box[0] > word.box[2]
                and -4 <= x.box[1] - word.box[1] <= 30
            ]
            assert beside, (number, word.page, pdf.path)
        table = max(found, key=lambda w: (w.page, w.box[1]))
        ends = [w.page for w in pdf.words if w.text == f"end{number}"]
        assert table.page in ends, (number, table.page, ends, pdf.path)
