"""`mentee review` through the command line: text, json, markdown (golden file) and html."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import error_line, raw_unsafe

from mentee.models import (
    Action,
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

GOLDEN = Path(__file__).parent.parent / "golden" / "review.md"
SVG_NS = "http://www.w3.org/2000/svg"
HOSTILE = "<script>alert(1)</script>"
BAR = re.compile(r"\[[█░│]{10,}\]")

# -- a journal built with the commands ------------------------------------------------------


@pytest.fixture
def cli_journal(new: Callable[..., str], run_json: Callable[..., Any]) -> dict[str, str]:
    """A journal made with mentee's own commands, with goals on track, behind and overdue."""
    new("mentor", "add", "Alex Kim", "--cadence", "2w")
    senior = new(
        "goal", "add", "Promoted to senior", "--start", "2026-06-01", "--by", "2027-03-01",
        "--mentor", "alex-kim",
    )  # fmt: skip
    run_json("goal", "retarget", senior, "--by", "2027-06-01", "--reason", "Promotion cycle moved")
    for step in ("Design doc", "Lead the launch", "Mentor a new hire", "Packet"):
        run_json("goal", "milestone", "add", senior, step)
    run_json("goal", "milestone", "done", senior, "1")
    run_json("goal", "milestone", "done", senior, "2")
    talk = new(
        "goal", "add", "Give a conference talk", "--start", "2026-09-01", "--by", "2027-01-31"
    )
    run_json("goal", "milestone", "add", talk, "Pick a topic")
    run_json("goal", "milestone", "add", talk, "Submit the proposal")
    late = new(
        "goal", "add", "Lead a cross-team project", "--start", "2026-05-01", "--by", "2026-11-01"
    )
    dropped = new("goal", "add", "Learn Haskell", "--start", "2026-05-01", "--by", "2026-10-01")
    run_json("goal", "drop", dropped)
    held = run_json(
        "meeting", "log", "--mentor", "alex-kim", "--at", "2026-11-07 15:00",
        "--advice", "Say no to scope creep in writing", "--action", "Write the scope doc",
    )  # fmt: skip
    run_json("action", "done", held["actions"][0])
    venue = new("action", "add", "Book the venue", "--due", "2026-11-15", "--goal", talk)
    feedback = new(
        "feedback", "add", "Estimates are optimistic", "--from", "tech lead",
        "--kind", "constructive",
    )  # fmt: skip
    new("note", "add", "Shipped the billing rewrite", "--kind", "win")
    return {
        "senior": senior,
        "talk": talk,
        "late": late,
        "dropped": dropped,
        "meeting": held["id"],
        "venue": venue,
        "feedback": feedback,
    }


def test_text_shows_goals_statuses_bars_and_suggestions(run, cli_journal):
    """The text review names each goal with its status and a progress bar, then suggestions."""
    result = run("review")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    assert out.startswith("Review 2026-10-22 to 2026-11-21")
    for title, status in (
        # 2 of 4 milestones done; spread over the year, only the first was due by now.
        ("Promoted to senior", "ahead"),
        ("Give a conference talk", "behind"),
        ("Lead a cross-team project", "overdue"),
    ):
        (line,) = [x for x in out.splitlines() if x.startswith(title)]
        assert line.rstrip().endswith(f"  {status}"), line
    assert "Learn Haskell" not in out
    bars = [x for x in out.splitlines() if BAR.search(x)]
    assert len(bars) == 3
    assert any("2/4 milestones done" in x and "target 2027-06-01" in x for x in bars)
    flat = " ".join(out.split())  # long lines wrap
    assert "moved 2027-03-01 -> 2027-06-01 on 2026-11-21: Promotion cycle moved" in flat
    assert "1 done (0 the month before), 1 open, 1 overdue" in out
    for kind in ("replan", "find_mentor", "thank", "follow_up"):
        assert re.search(rf"^\s+{kind}\s", out, re.MULTILINE), kind
    assert cli_journal["feedback"] in out


def test_text_fits_in_80_columns(run, cli_journal):
    """At 80 columns no line of the text review is wider than the terminal."""
    result = run("review", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert any(BAR.search(line) for line in result.stdout.splitlines())


def test_json_has_specs_keys_and_values(run_json, cli_journal):
    """`review --json` carries SPEC's keys: goals, mentors, counts, feedback and suggestions."""
    doc = run_json("review")
    assert {"as_of", "since", "goals", "mentors", "actions", "feedback", "suggestions"} <= set(doc)
    assert (doc["as_of"], doc["since"]) == ("2026-11-21", "2026-10-22")
    goals = {g["id"]: g for g in doc["goals"]}
    assert set(goals) == {cli_journal["senior"], cli_journal["talk"], cli_journal["late"]}
    for g in goals.values():
        assert {"id", "title", "status", "expected", "progress", "target", "forecast"} <= set(g)
    senior = goals[cli_journal["senior"]]
    assert senior["title"] == "Promoted to senior"
    assert senior["status"] == "ahead"
    # Undated milestones spread over 365 days: the first is due on day 92, before today.
    assert senior["expected"] == 0.25
    assert senior["progress"] == 0.5
    assert senior["target"] == "2027-06-01"
    assert senior["forecast"] == "2027-01-16"  # 2 done in 8 weeks, 2 left: 56 days
    assert senior["timeline"][0]["from"] == "2027-03-01"
    assert senior["timeline"][0]["reason"] == "Promotion cycle moved"
    talk = goals[cli_journal["talk"]]
    assert (talk["status"], talk["progress"], talk["forecast"]) == ("behind", 0.0, None)
    late = goals[cli_journal["late"]]
    # Nothing to measure it by: no unit, so no share of units expected either.
    assert (late["status"], late["expected"], late["progress"]) == ("overdue", None, None)
    (mentor,) = doc["mentors"]
    assert {"id", "last_met", "next_due", "overdue"} <= set(mentor)
    assert (mentor["id"], mentor["last_met"], mentor["next_due"], mentor["overdue"]) == (
        "alex-kim",
        "2026-11-07",
        "2026-11-21",
        False,
    )
    assert doc["actions"] == {"done": 1, "open": 1, "overdue": 1}
    assert doc["feedback"] == {"praise": 0, "constructive": 1, "observation": 0}
    named = [
        (s["kind"], s.get("goal"), s.get("mentor"), s.get("meeting"), s.get("feedback"))
        for s in doc["suggestions"]
    ]
    assert sorted(named, key=str) == sorted(
        [
            ("replan", cli_journal["late"], None, None, None),
            ("replan", cli_journal["talk"], None, None, None),
            ("find_mentor", cli_journal["talk"], None, None, None),
            ("find_mentor", cli_journal["late"], None, None, None),
            ("thank", None, "alex-kim", cli_journal["meeting"], None),
            ("follow_up", None, None, None, cli_journal["feedback"]),
        ],
        key=str,
    )
    assert all(isinstance(s["text"], str) and s["text"] for s in doc["suggestions"])


def test_json_flag_equals_format_json(run, cli_journal):
    """`--json` prints exactly what `--format json` prints."""
    flag, option = run("review", "--json"), run("review", "--format", "json")
    assert flag.exit_code == option.exit_code == 0
    assert flag.stdout == option.stdout
    json.loads(flag.stdout)


def test_since_sets_the_period(run_json, cli_journal):
    """`--since` moves the start of the period the counts cover."""
    doc = run_json("review", "--since", "2026-11-20")
    assert doc["since"] == "2026-11-20"
    assert doc["actions"]["done"] == 1  # done today
    assert run_json("review", "--since", "today")["since"] == "2026-11-21"


def test_since_after_today_is_a_usage_error(run):
    """A period starting after today is a usage error (exit 2) with one line on stderr."""
    result = run("review", "--since", "2026-11-22")
    assert result.exit_code == 2
    assert "--since" in error_line(result)
    assert result.stdout == ""


def test_since_that_is_not_a_date_is_a_usage_error(run):
    """An impossible --since date is a usage error (exit 2)."""
    result = run("review", "--since", "2026-02-30")
    assert result.exit_code == 2
    assert result.stdout == ""


def test_review_of_an_empty_journal(run, run_json):
    """An empty journal reviews without error in every format."""
    doc = run_json("review")
    assert (doc["goals"], doc["mentors"], doc["suggestions"]) == ([], [], [])
    for fmt in ("text", "markdown", "html"):
        assert run("review", "--format", fmt).exit_code == 0, fmt


# -- a fully deterministic journal, written through the store -------------------------------

CREATED = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def fixed_records() -> list[Record]:
    """Goals in every status, two mentors, meetings, actions, feedback and notes, fixed ids."""
    return [
        Mentor(id="alex-kim", name="Alex Kim", cadence_days=14, since=d("2026-06-01"),
               goals=["g-senior", "g-rust"]),
        Mentor(id="priya-natarajan", name="Priya Natarajan", cadence_days=28,
               since=d("2026-09-01"), thanks=[Dated(date=d("2026-09-02"), text="Thanks!")]),
        Goal(id="g-senior", title="Promoted to senior engineer", start=d("2026-06-01"),
             target=d("2027-06-01"), why="Lead bigger projects",
             milestones=[
                 Milestone(title="Design doc reviewed", due=d("2026-10-01"), done=d("2026-10-01")),
                 Milestone(title="Lead the launch", due=d("2026-12-15"), done=d("2026-11-10")),
                 Milestone(title="Mentor a new hire", due=d("2027-02-01")),
                 Milestone(title="Promotion packet", due=d("2027-05-01")),
             ],
             timeline=[Retarget(date=d("2026-09-15"), from_=d("2027-03-01"), to=d("2027-06-01"),
                                reason="Promotion cycle moved to June")]),
        Goal(id="g-talk", title="Give a talk: C++ | Rust *interop*", start=d("2026-09-01"),
             target=d("2027-01-31"), mentors=["priya-natarajan"],
             milestones=[Milestone(title="Pick a topic", due=d("2026-10-15")),
                         Milestone(title="Submit the proposal", due=d("2026-12-01")),
                         Milestone(title="Rehearse", due=d("2027-01-20"))]),
        Goal(id="g-rust", title="Ship a production service in Rust", status="achieved",
             start=d("2026-05-01"), target=d("2026-12-01"), achieved=d("2026-11-12")),
        Goal(id="g-lead", title="Lead a cross-team project", start=d("2026-05-01"),
             target=d("2026-11-01")),
        Goal(id="g-blog", title="Write four blog posts", start=d("2026-10-01")),
        Goal(id="g-haskell", title="Learn Haskell", status="dropped", start=d("2026-05-01"),
             target=d("2026-10-01")),
        Meeting(id="m-oct", mentor="alex-kim", at=at("2026-10-24T15:00"), status="held",
                notes="Talked about the promotion packet.",
                advice=["Write the design doc before the code"], actions=["a-doc"]),
        Meeting(id="m-nov", mentor="alex-kim", at=at("2026-11-07T15:00"), status="held",
                advice=["Say no to scope creep in writing"], actions=["a-summary"]),
        Meeting(id="m-next", mentor="alex-kim", at=at("2026-11-28T15:00")),
        Meeting(id="m-priya", mentor="priya-natarajan", at=at("2026-11-03T16:00"),
                status="cancelled", cancel_reason="Nothing new"),
        Action(id="a-doc", title="Write the billing design doc", status="done",
               done=d("2026-10-30"), goal="g-senior", mentor="alex-kim", meeting="m-oct"),
        Action(id="a-summary", title="Summarise decisions at the end of incident calls",
               status="done", done=d("2026-11-15"), mentor="alex-kim", meeting="m-nov",
               feedback="f-incident"),
        Action(id="a-plan", title="Draft the launch plan", due=d("2026-11-18"), goal="g-lead",
               mentor="alex-kim"),
        Action(id="a-intro", title="Introduce me to the staff engineer", owner="mentor",
               status="done", done=d("2026-11-12"), mentor="alex-kim", meeting="m-nov"),
        Action(id="a-sep", title="Read the promotion rubric", status="done",
               done=d("2026-10-05"), goal="g-senior"),
        Feedback(id="f-incident", date=d("2026-10-25"), source="peer review",
                 kind="constructive", text="Summarise decisions out loud in incident calls."),
        Feedback(id="f-praise", date=d("2026-11-12"), source="alex-kim", kind="praise",
                 text="Clear design doc, easy to review."),
        Feedback(id="f-estimates", date=d("2026-11-16"), source="tech lead",
                 kind="constructive", text="Estimates are too optimistic."),
        Note(id="n-win", date=d("2026-11-17"), kind="win",
             text="Onboarding buddy shipped her first change in week one."),
        Note(id="n-challenge", date=d("2026-11-10"), kind="challenge",
             text="Scope keeps growing; hard to say no."),
        Note(id="n-learning", date=d("2026-11-15"), kind="learning",
             text="Writing the decision log first makes reviews shorter."),
        Note(id="n-plain", date=d("2026-11-18"), kind="note", text="Bought a standing desk."),
        Note(id="n-old", date=d("2026-09-01"), kind="win", text="An old win."),
        Topic(id="t-scope", text="How to push back on scope creep", mentor="alex-kim"),
    ]  # fmt: skip


@pytest.fixture
def fixed_journal(home: Path, tmp_path: Path) -> Callable[..., None]:
    """Write `fixed_records()` (and any extra records) with fixed ids and timestamps."""

    def write(*extra: Record) -> None:
        store = Store(home, tmp_path / "fixed.lock")
        for record in [*fixed_records(), *extra]:
            store.put(record.model_copy(update={"created": CREATED, "updated": CREATED}))

    return write


def test_markdown_matches_the_golden_file(run, fixed_journal):
    """The self-review packet of a fixed journal is exactly tests/golden/review.md."""
    fixed_journal()
    result = run("review", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    if os.environ.get("MENTEE_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def test_markdown_packet_sections_and_links(run, fixed_journal):
    """The packet has goals reached, wins, praise, feedback acted on and links to meetings."""
    fixed_journal()
    out = run("review", "--format", "markdown").stdout
    assert "## Goals reached" in out
    assert "**Ship a production service in Rust**, achieved 2026-11-12" in out
    assert "## Praise received" in out
    assert "from Alex Kim: Clear design doc" in out
    assert "## Feedback acted on" in out
    assert "(agreed in [the meeting with Alex Kim on 2026-11-07](#meeting-m-nov))" in out
    assert '<a id="meeting-m-nov"></a>' in out
    assert "An old win" not in out
    assert "Learn Haskell" not in out
    # A pipe in a title does not break the table.
    (row,) = [line for line in out.splitlines() if line.startswith("| Give a talk")]
    assert row.count("|") - row.count("\\|") == 6


# -- html -----------------------------------------------------------------------------------


class Page(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def parse_page(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def chart_of(text: str) -> ET.Element:
    """The page's chart (a <figure> of inline SVGs), parsed as XML: it is well-formed."""
    (figure,) = re.findall(r'<figure class="chart".*?</figure>', text, re.DOTALL)
    return ET.fromstring(figure)  # noqa: S314 (our own output, checked to be well-formed)


def classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


@pytest.fixture
def html_page(run, fixed_journal) -> str:
    """The html review of the fixed journal plus a goal with a hostile title."""
    hostile = Goal(id="g-hostile", title=HOSTILE, start=d("2026-10-01"), target=d("2027-02-01"))
    fixed_journal(hostile)
    result = run("review", "--format", "html")
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


DATED_GOALS = {
    "g-senior": "Promoted to senior engineer",
    "g-talk": "Give a talk: C++ | Rust *interop*",
    "g-rust": "Ship a production service in Rust",
    "g-lead": "Lead a cross-team project",
    "g-blog": "Write four blog posts",
    "g-hostile": HOSTILE,
}


def test_html_chart_has_a_row_per_goal_and_the_today_line(html_page):
    """The chart: a row for each goal that is not dropped (its title, an SVG bar, the
    terminal's status word), a time axis and today's line named under it."""
    chart = chart_of(html_page)
    rows = [row for row in chart.iter("div") if "goal" in classes(row)]
    titles = [row.find("div[@class='g-title']") for row in rows]
    assert sorted(t.text or "" for t in titles if t is not None) == sorted(DATED_GOALS.values())
    status = {
        (row.findtext("div[@class='g-title']") or ""): row.findtext("div[@class='g-status']")
        for row in rows
    }
    # 2 of 4 milestones done, one was due by now: ahead of its plan.
    assert status["Promoted to senior engineer"] == "ahead"
    assert status["Lead a cross-team project"] == "overdue"  # the terminal's word
    assert status["Ship a production service in Rust"] == "achieved"
    assert status["Write four blog posts"] == "no plan"
    bars = {(row.findtext("div[@class='g-title']") or ""): row.find("svg") for row in rows}
    senior = bars["Promoted to senior engineer"]
    assert senior is not None, "the goal has no bar"
    assert (senior.findtext("title") or "").startswith(
        "Promoted to senior engineer: ahead, 2 of 4 milestones done, target 2027-06-01"
    )
    today_labels = [t.text for t in chart.iter("text") if "today-label" in classes(t)]
    assert today_labels == ["today 2026-11-21"]
    assert "Learn Haskell" not in html_page
    # The senior goal's bar is half filled (2 of 4 milestones) and today falls inside it.
    (track,) = [r for r in senior.iter("rect") if "track" in classes(r)]
    (done,) = [r for r in senior.iter("rect") if "fill" in classes(r)]
    (today,) = [x for x in senior.iter("line") if "today" in classes(x)]

    def percent(value: str | None) -> float:
        assert value is not None
        return float(value.removesuffix("%"))

    x0, width = percent(track.get("x")), percent(track.get("width"))
    assert percent(done.get("width")) == pytest.approx(width / 2, abs=0.02)
    assert x0 < percent(today.get("x1")) < x0 + width
    # Its milestones: two done (filled), two to do; its earlier target a cross; the forecast.
    kinds = sorted(" ".join(sorted(classes(g))) for g in senior.iter("g") if "mk" in classes(g))
    assert kinds == sorted(
        ["done milestone mk"] * 2 + ["milestone mk todo"] * 2 + ["mk retarget", "forecast mk"]
    )


def test_html_chart_marks_a_missed_milestone_and_the_time_past_target(html_page):
    """A milestone past its due date and not done has its own marker; an overdue goal shows
    the days past its target."""
    chart = chart_of(html_page)
    rows = {
        (row.findtext("div[@class='g-title']") or ""): row
        for row in chart.iter("div")
        if "goal" in classes(row)
    }
    talk = rows["Give a talk: C++ | Rust *interop*"]
    missed = [g for g in talk.iter("g") if {"milestone", "missed"} <= classes(g)]
    assert [g.findtext("title") for g in missed] == [
        "milestone 1: Pick a topic (due 2026-10-15, not done)"
    ]
    lead = rows["Lead a cross-team project"]
    (late,) = [x for x in lead.iter("line") if "late" in classes(x)]
    assert late.findtext("title") == "20 days past the target"


def test_html_table_lists_each_goal_with_its_dates(html_page):
    """The goals table has one row per goal that is not dropped, with its target date."""
    goal_rows = [r for r in re.findall(r"<tr>.*?</tr>", html_page, re.DOTALL) if "pill" in r]
    assert len(goal_rows) == len(DATED_GOALS)
    for row in goal_rows:
        assert re.search(
            r'<td data-label="Target">(<span class="nw">\d{4}-\d\d-\d\d</span>|\N{EN DASH})</td>',
            row,
        )
    assert any("Promoted to senior engineer" in r and "2027-06-01" in r for r in goal_rows)
    assert any("Lead a cross-team project" in r and "2026-11-01" in r for r in goal_rows)


def goal_cells(page: str) -> dict[str, dict[str, str]]:
    """The goals table of an html review: goal title -> column -> the cell's text."""
    found = {}
    for row in re.findall(r"<tr>.*?</tr>", page, re.DOTALL):
        if "pill" not in row:
            continue
        cells = {
            label: re.sub(r"<[^>]+>", " ", cell)
            for label, cell in re.findall(r'<td[^>]*data-label="([^"]+)">(.*?)</td>', row)
        }
        goal = re.search(r'data-label="Goal">(.*?)</td>', row)
        assert goal is not None, row
        title = re.sub(r"<small.*", "", goal[1])
        found[html.unescape(title)] = {
            k: " ".join(html.unescape(v).split()) for k, v in cells.items()
        }
    return found


def test_html_goals_table_says_what_the_status_is_judged_by(run, fixed_journal):
    """The page's goals table is the plan's judgement, in the terminal's words: how many units
    were due by now (no "time gone"), under each title the unit that is late or the next one
    due, a forecast past the target said in words."""
    late_pace = Goal(
        id="g-pace", title="Run a workshop", start=d("2026-09-01"), target=d("2026-12-20"),
        milestones=[
            Milestone(title="Outline", due=d("2026-10-01"), done=d("2026-10-01")),
            Milestone(title="Slides", due=d("2026-12-01")),
            Milestone(title="Dry run", due=d("2026-12-10")),
            Milestone(title="Deliver", due=d("2026-12-20")),
        ],
    )  # fmt: skip
    paused = Goal(id="g-paused", title="Learn to sail", status="paused", start=d("2026-01-01"),
                  target=d("2027-06-01"),
                  milestones=[Milestone(title="Skipper exam", due=d("2026-10-01"))])  # fmt: skip
    fixed_journal(late_pace, paused)
    page = run("review", "--format", "html").stdout
    assert "Time gone" not in page
    assert "<th>Due by now</th>" in page
    cells = goal_cells(page)
    talk = cells["Give a talk: C++ | Rust *interop*"]
    assert talk["Status"] == "behind"
    assert talk["Due by now"] == "1 of 3"
    assert talk["Goal"].endswith("milestone 1 'Pick a topic' was due 2026-10-15 and is not done")
    senior = cells["Promoted to senior engineer"]
    assert (senior["Status"], senior["Due by now"]) == ("ahead", "1 of 4")
    assert senior["Goal"].endswith("next: milestone 3 'Mentor a new hire', due 2027-02-01")
    pace = cells["Run a workshop"]
    assert (pace["Status"], pace["Forecast"]) == ("on track", "2027-05-08 (after the target)")
    lead = cells["Lead a cross-team project"]
    assert (lead["Status"], lead["Due by now"]) == ("overdue", "\N{EN DASH}")
    assert lead["Goal"].endswith("20 days past the target")
    sail = cells["Learn to sail"]
    assert (sail["Status"], sail["Due by now"]) == ("paused", "\N{EN DASH}")
    # A paused goal is never at risk: grey, and its milestone past due is not marked late.
    sail_row = html_rows(page)["Learn to sail"]
    assert "tone-neutral" in classes(sail_row)
    assert not [g for g in sail_row.iter("g") if "missed" in classes(g)]


def test_html_lists_milestones_reached_and_what_mentors_did_apart(run, fixed_journal):
    """The page, like the packet, lists the milestones reached and the mentor's kept
    promise in a section of its own, not among the mentee's actions."""
    fixed_journal()
    page = run("review", "--format", "html").stdout
    details = page.split('<section class="details">')[1]
    assert (
        "<h2>Milestones reached</h2><ul>\n<li>2026-11-10: Lead the launch (Promoted to senior "
        "engineer, milestone 2)</li>"
    ) in details
    done = details.split("<h2>Actions completed</h2>")[1].split("<h2>")[0]
    assert "Introduce me to the staff engineer" not in done
    assert (
        "<h2>What my mentors did for me</h2><ul>\n<li>2026-11-12, Alex Kim: Introduce me to "
        'the staff engineer (promised in the <a href="#meeting-m-nov">meeting with Alex Kim on '
        "2026-11-07</a>)</li>"
    ) in details


def test_html_is_self_contained(html_page):
    """No scripts, stylesheets links or remote resources: the only URL is the SVG namespace."""
    page = parse_page(html_page)
    assert page.named("script") == []
    assert page.named("link") == []
    assert page.named("iframe") == []
    for _tag, attrs in page.tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value), (name, value)
    assert set(re.findall(r"https?://[^\s\"'<>)]+", html_page)) <= {SVG_NS}
    assert "@import" not in html_page
    assert "url(" not in html_page


def test_html_escapes_hostile_text(html_page):
    """A goal titled `<script>alert(1)</script>` is shown as text, never as markup."""
    assert HOSTILE not in html_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_page
    page = parse_page(html_page)
    assert page.named("script") == []
    assert any(HOSTILE in chunk for chunk in page.text)


def test_html_sections_match_the_packet(html_page):
    """The page carries the packet's sections: reached, wins, praise, acted on, meetings."""
    text = " ".join(parse_page(html_page).text)
    for heading in (
        "Goals reached",
        "Wins",
        "Actions completed",
        "Praise received",
        "Feedback acted on",
        "Challenges and learnings",
        "Mentors",
        "Mentoring meetings",
        "Next steps",
    ):
        assert heading in text, heading
    assert 'href="#meeting-m-nov"' in html_page
    assert 'id="meeting-m-nov"' in html_page


def test_html_shows_control_and_bidi_characters_escaped(run, fixed_journal):
    """Terminal escapes and bidi controls in user text are shown escaped, never emitted raw."""
    fixed_journal(
        Goal(id="g-evil", title="Evil \x1b]0;pwned\x07 \u202eabc", target=d("2027-01-01")),
        Note(id="n-evil", date=d("2026-11-20"), kind="win", text="Cleared \x1b[2J the screen"),
    )
    page = run("review", "--format", "html").stdout
    assert raw_unsafe(page) == []
    assert "Evil \\x1b]0;pwned\\x07 \\u202eabc" in page
    assert "Cleared \\x1b[2J the screen" in page
    chart_of(page)  # still well-formed XML


def test_multi_line_meeting_notes_keep_their_lines(run, fixed_journal):
    """Meeting notes over several lines keep their line breaks in markdown and html."""
    notes = "Talked about the packet.\nNext: the launch plan."
    fixed_journal(
        Meeting(id="m-lines", mentor="alex-kim", at=at("2026-11-14T15:00"), status="held",
                notes=notes),
    )  # fmt: skip
    markdown = run("review", "--format", "markdown").stdout
    assert "\\n" not in markdown
    assert "Talked about the packet.  \nNext: the launch plan.\n" in markdown
    html = run("review", "--format", "html").stdout
    assert "<p>Talked about the packet.<br>\nNext: the launch plan.</p>" in html


def test_shared_formats_leave_private_items_out_unless_asked(run):
    """The markdown packet and the html page leave private notes and feedback out (and say
    so on stderr); --include-private keeps them; json always counts everything."""
    run("note", "add", "Public win", "--kind", "win")
    run("note", "add", "Secret win", "--kind", "win", "--private")
    run("feedback", "add", "Secret praise", "--from", "boss", "--kind", "praise", "--private")
    for output in ("markdown", "html"):
        shared = run("review", "--format", output)
        assert shared.exit_code == 0
        assert "Public win" in shared.stdout
        assert "Secret" not in shared.stdout
        assert "2 private items left out" in shared.stderr
        full = run("review", "--format", output, "--include-private")
        assert "Secret win" in full.stdout
        assert "Secret praise" in full.stdout
    data = json.loads(run("review", "--json").stdout)
    assert data["notes"]["win"] == 2
    assert data["feedback"]["praise"] == 1


COMMAND_HINT = re.compile(r"\bmentee (goal|mentor|meeting|action|note|topic|feedback|agenda)\b")


def test_the_packet_and_the_page_hold_no_command_hints_the_terminal_does(run, fixed_journal):
    """Markdown and html are made to be shared: no `mentee ...` command anywhere; the text
    view gives each suggestion's command under it."""
    fixed_journal()
    markdown = run("review", "--format", "markdown").stdout
    html = run("review", "--format", "html").stdout
    assert COMMAND_HINT.search(markdown) is None
    assert COMMAND_HINT.search(html) is None
    text = run("review").stdout
    assert "mentee goal retarget g-lead --by DATE --reason TEXT" in text
    doc = json.loads(run("review", "--json").stdout)
    assert all(COMMAND_HINT.search(s["text"]) is None for s in doc["suggestions"])


def test_the_packet_counts_only_the_mentees_own_work(run, fixed_journal):
    """The mentor's kept promise is in a section of its own, not among the actions done and
    not in the count; JSON counts it apart."""
    fixed_journal()
    markdown = run("review", "--format", "markdown").stdout
    assert markdown.splitlines()[2].startswith("2 actions done, ")
    done = markdown.split("## Actions completed")[1].split("##")[0]
    assert "Introduce me to the staff engineer" not in done
    assert (
        "## What my mentors did for me\n\n- 2026-11-12, Alex Kim: Introduce me to the staff "
        "engineer, promised in [the meeting with Alex Kim on 2026-11-07](#meeting-m-nov)"
    ) in markdown
    doc = json.loads(run("review", "--json").stdout)
    assert doc["actions"]["done"] == 2
    assert doc["promises"] == {"done": 1, "open": 0}


def test_the_review_compares_with_the_month_before(run, fixed_journal):
    """Text, markdown and json compare the period with the one of the same length before."""
    fixed_journal()
    text = run("review").stdout
    assert "2 done (1 the month before), 1 open, 1 overdue" in text
    assert "2 held (0 the month before), 1 cancelled" in text
    markdown = run("review", "--format", "markdown").stdout
    assert "The month before (2026-09-21 to 2026-10-21): 1 action done" in markdown
    doc = json.loads(run("review", "--json").stdout)
    assert doc["previous"]["since"] == "2026-09-21"
    assert doc["previous"]["until"] == "2026-10-21"
    assert doc["previous"]["actions"] == {"done": 1}
    html = run("review", "--format", "html").stdout
    assert "This period against the month before (2026-09-21 to 2026-10-21)" in html
    assert "<b>2</b>actions done<small>up from 1</small>" in html


def test_a_forecast_after_the_target_is_said_in_words(run, fixed_journal):
    """On track today but finishing after the target at the recent pace: every view says so."""
    late_pace = Goal(
        id="g-pace", title="Run a workshop", start=d("2026-09-01"), target=d("2026-12-20"),
        milestones=[
            Milestone(title="Outline", due=d("2026-10-01"), done=d("2026-10-01")),
            Milestone(title="Slides", due=d("2026-12-01")),
            Milestone(title="Dry run", due=d("2026-12-10")),
            Milestone(title="Deliver", due=d("2026-12-20")),
        ],
    )  # fmt: skip
    fixed_journal(late_pace)
    # One milestone done in the last 8 weeks, three left: 3 x 56 days from 2026-11-21.
    markdown = run("review", "--format", "markdown").stdout
    (row,) = [line for line in markdown.splitlines() if line.startswith("| Run a workshop")]
    assert "| on track |" in row
    assert "(after the target)" in row
    text = " ".join(run("review").stdout.split())
    assert "forecast 2027-05-08 (after the target)" in text
    doc = json.loads(run("review", "--json").stdout)
    (goal,) = [g for g in doc["goals"] if g["id"] == "g-pace"]
    assert (goal["forecast"], goal["forecast_after_target"]) == ("2027-05-08", True)


# -- a review is of its period --------------------------------------------------------------


def history() -> list[Record]:
    """Years before the period: a mentor whose mentorship ended, whose advice led to a goal
    achieved in 2025; constructive feedback discussed with them then, and one never
    discussed (still on the table)."""
    return [
        Mentor(id="sam-old", name="Sam Old", status="ended", since=d("2024-01-01")),
        Goal(id="g-cert", title="Cloud certification", status="achieved", start=d("2024-09-01"),
             target=d("2025-03-31"), achieved=d("2025-03-21"), mentors=["sam-old"]),
        Meeting(id="m-2025", mentor="sam-old", at=at("2025-02-10T15:00"), status="held",
                advice=["Book the exam first"]),
        Feedback(id="f-2025", date=d("2025-02-01"), source="sam-old", kind="constructive",
                 text="Too many tabs open in demos.", discussed_in="m-2025"),
        Feedback(id="f-open-2025", date=d("2025-04-01"), source="tech lead",
                 kind="constructive", text="Write shorter status updates."),
    ]  # fmt: skip


def test_goals_achieved_before_the_period_are_counted_not_shown(run, fixed_journal):
    """Text, markdown and html show the goals not achieved and those achieved in the period;
    one achieved before it is left out with a line that says so (the terminal's names the
    option that widens the period); JSON lists every goal; `--since` brings it back."""
    fixed_journal(*history())
    line = "1 goal achieved before 2026-10-22 is not shown"
    text = run("review").stdout
    assert "Cloud certification" not in text
    assert "Ship a production service in Rust  achieved" in text  # achieved in the period
    assert f"\n\n{line} (--since widens the period)\n\nMentors\n" in text
    markdown = run("review", "--format", "markdown").stdout
    goals = markdown.split("## Goals\n")[1].split("\n## ")[0]
    assert "Cloud certification" not in markdown
    assert "| Ship a production service in Rust | achieved |" in goals
    table, after = goals.strip().split("\n\n", 1)
    assert all(row.startswith("|") for row in table.splitlines())
    assert after.startswith(f"{line}.\n")
    page = run("review", "--format", "html").stdout
    assert "Cloud certification" not in page
    assert (
        set(html_rows(page))
        == set(goal_cells(page))
        == {
            "Promoted to senior engineer",
            "Give a talk: C++ | Rust *interop*",
            "Ship a production service in Rust",
            "Lead a cross-team project",
            "Write four blog posts",
        }
    )
    assert f'</table></div>\n<p class="note">{line}.</p>' in page
    doc = json.loads(run("review", "--json").stdout)
    assert {g["id"]: g["status"] for g in doc["goals"]}["g-cert"] == "achieved"
    wider = run("review", "--since", "2025-01-01").stdout
    assert "Cloud certification  achieved" in wider
    assert "not shown" not in wider
    assert "Cloud certification" in html_rows(
        run("review", "--format", "html", "--since", "2025-01-01").stdout
    )


def test_with_every_goal_achieved_before_the_period_the_line_says_so(run, new):
    """With every goal achieved before the period, each view says so instead of showing
    an empty table or claiming there are no goals."""
    old = new("goal", "add", "Old goal", "--start", "2024-01-01", "--by", "2024-06-01")
    assert run("goal", "done", old, env={"MENTEE_TODAY": "2024-05-20"}).exit_code == 0
    line = "1 goal achieved before 2026-10-22 is not shown"
    text = run("review").stdout
    assert f"Goals\n{line} (--since widens the period)\n" in text
    markdown = run("review", "--format", "markdown").stdout
    assert f"## Goals\n\n{line}.\n" in markdown
    assert "| Goal |" not in markdown
    page = run("review", "--format", "html").stdout
    assert f'<h2>Goals</h2>\n<p class="note">{line}.</p>' in page
    assert "No goals with dates yet" not in page
    assert "<table" not in page.split('<section class="details">')[0]


def test_suggestions_are_about_the_period(run_json, fixed_journal):
    """No thanks for a result before the period, nor a follow-up on feedback received and
    discussed before it; feedback never discussed is still followed up. `--since` widening
    the period brings the older ones back."""
    fixed_journal(*history())

    def kinds(*args: str) -> tuple[set[tuple[str, str | None]], list[str]]:
        found = run_json("review", *args)["suggestions"]
        thanks = {(s["mentor"], s.get("goal")) for s in found if s["kind"] == "thank"}
        return thanks, [s["feedback"] for s in found if s["kind"] == "follow_up"]

    assert kinds() == ({("alex-kim", None)}, ["f-open-2025", "f-estimates"])
    assert kinds("--since", "2025-01-01") == (
        {("alex-kim", None), ("sam-old", "g-cert")},
        ["f-2025", "f-open-2025", "f-estimates"],
    )


def html_rows(page: str) -> dict[str, ET.Element]:
    """The chart's goal rows of an html review, by goal title."""
    return {
        (row.findtext("div[@class='g-title']") or ""): row
        for row in chart_of(page).iter("div")
        if "goal" in classes(row)
    }


def test_html_status_words_are_the_terminals(run, fixed_journal):
    """Each goal's status on the page is the word the terminal's review shows for it."""
    fixed_journal()
    text = run("review").stdout
    rows = html_rows(run("review", "--format", "html").stdout)
    assert len(rows) == 5
    for title, row in rows.items():
        (line,) = [x for x in text.splitlines() if x.startswith(f"{title}  ")]
        status = row.findtext("div[@class='g-status']")
        assert line.rstrip().endswith(f"  {status}"), line


def period_cards(page: str) -> dict[str, tuple[str, str]]:
    """The period strip's cards: label -> (number, comparison with the previous period)."""
    (strip,) = re.findall(r'<ul class="cards">.*?</ul>', page, re.DOTALL)
    return {
        label: (number, change)
        for number, label, change in re.findall(
            r"<li class=\"card\"><b>(\d+)</b>([^<]+)<small>([^<]+)</small></li>", strip
        )
    }


def test_html_compares_the_period_with_the_previous_one(run, fixed_journal):
    """The page's strip counts what was done in the period and says how that compares with
    the previous period of the same length."""
    fixed_journal(
        Action(id="a-sept", title="September task", status="done", done=d("2026-09-30")),
        Action(id="a-sept2", title="Another one", status="done", done=d("2026-10-21")),
        Action(id="a-sept3", title="And a third", status="done", done=d("2026-10-02")),
        Note(id="n-old-2", date=d("2026-10-05"), kind="win", text="A win in October."),
    )
    page = run("review", "--format", "html").stdout
    assert "against the month before (2026-09-21 to 2026-10-21)" in page
    assert period_cards(page) == {
        # Mine: a-doc, a-summary (not the mentor's a-intro); before: a-sep and the three above.
        "actions done": ("2", "down from 4"),
        "milestone done": ("1", "same as before"),  # 2026-11-10; before: 2026-10-01
        "meetings held": ("2", "up from 0"),
        "feedback received": ("3", "up from 0"),
        "win noted": ("1", "same as before"),
        "goal reached": ("1", "up from 0"),
    }
    assert "Now: 1 open action, 1 overdue." in page


def test_html_previous_period_follows_since(run, fixed_journal):
    """With --since, the previous period is the one of the same length just before it."""
    fixed_journal()
    page = run("review", "--format", "html", "--since", "2026-11-15").stdout
    assert "against the week before (2026-11-08 to 2026-11-14)" in page
    assert period_cards(page)["action done"] == ("1", "up from 0")  # 11-15; before: none
    assert period_cards(page)["milestones done"] == ("0", "down from 1")  # 2026-11-10


def test_html_previous_period_leaves_private_items_out(run, fixed_journal):
    """The previous period is counted as the page (and the packet) is shared: private items
    left out."""
    fixed_journal(
        Note(id="n-secret", date=d("2026-10-01"), kind="win", text="Secret", private=True),
    )
    page = run("review", "--format", "html").stdout
    assert period_cards(page)["win noted"] == ("1", "up from 0")
    full = run("review", "--format", "html", "--include-private").stdout
    assert period_cards(full)["win noted"] == ("1", "same as before")
    # The packet's sentence about the month before leaves it out too.
    packet = run("review", "--format", "markdown").stdout
    assert "0 wins, challenges and learnings noted." in packet
    full = run("review", "--format", "markdown", "--include-private").stdout
    assert "1 win, challenge or learning noted." in full


# -- meetings planned with a mentor: missed and never logged, or still to come -------------


@pytest.fixture
def missed_meeting(run: Callable[..., Any], new: Callable[..., str]) -> dict[str, str]:
    """Priya (Los Angeles) met on 2026-11-04 and planned 2026-11-18, which passed unlogged;
    Alex (Berlin) was last met long ago and has a meeting planned for 2026-11-24."""
    new("mentor", "add", "Priya Shah", "--cadence", "2w", "--timezone", "America/Los_Angeles")
    new("mentor", "add", "Alex Kim", "--cadence", "2w", "--timezone", "Europe/Berlin")
    early = {"MENTEE_TODAY": "2025-03-04"}
    result = run(
        "meeting", "log", "--mentor", "alex-kim", "--at", "2025-03-03 15:00",
        "--notes", "First call", env=early,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    on = {"MENTEE_TODAY": "2026-11-01"}
    held = run("meeting", "add", "--mentor", "priya", "--at", "2026-11-04 17:00", env=on)
    missed = run("meeting", "add", "--mentor", "priya", "--at", "2026-11-18 17:00", env=on)
    planned = run("meeting", "add", "--mentor", "alex", "--at", "2026-11-24 15:00", env=on)
    ids = {"held": held.stdout.strip(), "missed": missed.stdout.strip()}
    ids["planned"] = planned.stdout.strip()
    logged = run(
        "meeting", "log", ids["held"], "--notes", "Talk ideas", env={"MENTEE_TODAY": "2026-11-04"}
    )
    assert logged.exit_code == 0, logged.stderr
    return ids


def test_review_says_a_missed_meeting_is_unlogged(run, run_json, missed_meeting):
    """Priya's 2026-11-18 meeting passed without being logged: the review flags her row, says
    to log or cancel it (with the commands), counts it apart from those held, and its JSON
    names it under her (SPEC keys unchanged) and in the period's meetings."""
    missed = missed_meeting["missed"]
    result = run("review", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    (row,) = [line for line in out.splitlines() if line.startswith("Priya Shah")]
    assert row.split() == ["Priya", "Shah", "2026-11-04", "14d", "2026-11-18", "unlogged"]
    flat = " ".join(out.split())
    assert (
        "The meeting with Priya Shah on Wed 2026-11-18 17:00 is over and not logged: log it "
        f"or cancel it mentee meeting log {missed}, or mentee meeting cancel {missed}"
    ) in flat
    assert "meetings 1 held (0 the month before), 0 cancelled, 1 unlogged" in flat

    doc = run_json("review")
    priya = next(m for m in doc["mentors"] if m["id"] == "priya-shah")
    assert {k: priya[k] for k in ("last_met", "next_due", "overdue")} == {
        "last_met": "2026-11-04",
        "next_due": "2026-11-18",
        "overdue": False,
    }
    assert [m["id"] for m in priya["unlogged"]] == [missed]
    assert priya["planned"] is None
    assert doc["meetings"] == {"held": 1, "cancelled": 0, "unlogged": 1}
    assert not [s for s in doc["suggestions"] if s.get("meeting") == missed]

    page = run("review", "--format", "html").stdout
    assert '2026-11-18</span> <span class="overdue-word">unlogged</span>' in page
    assert "over and not logged: log it or cancel it</li>" in page
    packet = run("review", "--format", "markdown").stdout
    assert "Not counted: 1 meeting of the period is over and not logged" in packet
    assert "(with Priya Shah on 2026-11-18)" in packet

    # Logged, it is a meeting held like the others, and nothing is flagged any more.
    logged = run("meeting", "log", missed, "--notes", "Abstract feedback")
    assert logged.exit_code == 0, logged.stderr
    after = run("review").stdout
    assert "unlogged" not in after
    assert "1 cancelled" not in after
    assert "2 held" in after


def test_review_gives_a_planned_meeting_rather_than_an_old_next_due(run, run_json, missed_meeting):
    """Alex was last met in March 2025 and a meeting is planned on 2026-11-24: the row gives
    that day as planned, not the cadence's date from 2025; the JSON keeps that date as
    `next_due` (SPEC) and names the planned meeting."""
    result = run("review", env={"COLUMNS": "80"})
    (row,) = [line for line in result.stdout.splitlines() if line.startswith("Alex Kim")]
    assert row.split() == ["Alex", "Kim", "2025-03-03", "14d", "2026-11-24", "planned"]
    assert "2025-03-17" not in result.stdout
    alex = next(m for m in run_json("review")["mentors"] if m["id"] == "alex-kim")
    assert (alex["next_due"], alex["overdue"]) == ("2025-03-17", False)
    assert alex["planned"]["id"] == missed_meeting["planned"]
    assert alex["planned"]["at"].startswith("2026-11-24T15:00")
    assert alex["unlogged"] == []
