"""SPEC "The review": the counts keep a mentor's promises apart from the mentee's actions; the
markdown packet is about the mentee's own work (goals reached, wins, praise, feedback acted
on, links back to the meetings), lists what mentors did apart and holds no command hints; the
html page is one self-contained page with an SVG chart; private items stay out of both."""

from __future__ import annotations

import re
from typing import Any

import pytest
from acceptance_helpers import Journal


@pytest.fixture(scope="module")
def period(module_root) -> dict[str, Any]:
    j = Journal(module_root)
    j.load(
        goals=[
            {
                "id": "g-reached",
                "title": "Run a design review",
                "status": "achieved",
                "start": "2026-08-01",
                "target": "2026-12-01",
                "achieved": "2026-11-12",
                "mentors": ["alex-kim"],
            },
            {
                "id": "g-behind",
                "title": "Speak at a conference",
                "start": "2026-09-01",
                "target": "2027-03-01",
                "mentors": ["alex-kim"],
                "milestones": [{"title": "Submit a CFP", "due": "2026-11-01"}],
            },
        ],
        mentors=[{"id": "alex-kim", "name": "Alex Kim", "timezone": "America/Los_Angeles"}],
        meetings=[
            {
                "id": "mt-oct",
                "mentor": "alex-kim",
                "at": "2026-11-05T10:00:00+01:00",
                "status": "held",
                "notes": "Talked about the review",
            }
        ],
        feedback=[
            {
                "id": "fb-praise",
                "date": "2026-11-06",
                "source": "manager",
                "kind": "praise",
                "text": "Great facilitation",
            },
            {
                "id": "fb-fix",
                "date": "2026-11-02",
                "source": "peer",
                "kind": "constructive",
                "text": "Rushed the ending",
            },
            {
                "id": "fb-secret",
                "date": "2026-11-03",
                "source": "peer",
                "kind": "praise",
                "text": "Secret praise",
                "private": True,
            },
        ],
        actions=[
            {
                "id": "a-mine-1",
                "title": "Prepare the review deck",
                "status": "done",
                "done": "2026-11-08",
                "goal": "g-reached",
                "mentor": "alex-kim",
                "meeting": "mt-oct",
            },
            {
                "id": "a-mine-2",
                "title": "Rehearse the ending",
                "status": "done",
                "done": "2026-11-10",
                "feedback": "fb-fix",
            },
            {
                "id": "a-theirs",
                "title": "Introduce me to the CFP chair",
                "owner": "mentor",
                "status": "done",
                "done": "2026-11-09",
                "mentor": "alex-kim",
                "meeting": "mt-oct",
            },
        ],
        notes=[
            {
                "id": "n-win",
                "date": "2026-11-12",
                "kind": "win",
                "text": "Ran the review",
                "goal": "g-reached",
            },
            {
                "id": "n-secret",
                "date": "2026-11-13",
                "kind": "challenge",
                "text": "Secret doubt",
                "private": True,
            },
        ],
    )
    review, markdown, private, html, text = j.run_many(
        ("review", "--json"),
        ("review", "--format", "markdown"),
        ("review", "--format", "markdown", "--include-private"),
        ("review", "--format", "html"),
        ("review",),
    )
    return {
        "j": j,
        "review": review.json,
        "md": markdown.out,
        "md_private": private.out,
        "html": html.out,
        "text": text.out,
    }


def test_review_counts_the_mentees_actions_apart_from_promises(period):
    """`actions.done` counts the mentee's two actions, not the mentor's kept promise."""
    assert period["review"]["actions"]["done"] == 2


def test_review_feedback_counts_by_kind(period):
    """`feedback` counts the period's feedback by kind."""
    feedback = period["review"]["feedback"]
    assert feedback["constructive"] == 1
    assert feedback["praise"] >= 1


def test_packet_lists_goals_reached_wins_praise_and_feedback_acted_on(period):
    """The packet names the goal reached, the win, the praise and the feedback acted on."""
    md = period["md"]
    assert "Run a design review" in md
    assert "Ran the review" in md
    assert "Great facilitation" in md
    assert "Rushed the ending" in md


def test_packet_links_back_to_the_meetings(period):
    """The packet refers back to the meeting where work was agreed."""
    assert "mt-oct" in period["md"]


def test_packet_keeps_what_mentors_did_apart(period):
    """The mentor's kept promise is in a section of its own (about mentors), after the
    mentee's own completed actions, and the period's count says two actions."""
    md = period["md"]
    assert "Introduce me to the CFP chair" in md
    line = next(x for x in md.splitlines() if "Introduce me to the CFP chair" in x)
    heading = next(x for x in reversed(md[: md.index(line)].splitlines()) if x.startswith("#"))
    assert "mentor" in heading.lower()
    mine = next(x for x in md.splitlines() if "Prepare the review deck" in x)
    mine_heading = next(x for x in reversed(md[: md.index(mine)].splitlines()) if x.startswith("#"))
    assert "mentor" not in mine_heading.lower()
    assert "2 actions done" in md
    assert "3 actions" not in md


def test_packet_holds_no_command_hints(period):
    """Meant for a performance review: no `mentee …` command in the packet, although a goal is
    behind (the text view suggests a command for it)."""
    assert "mentee goal" in period["text"] or "mentee " in period["text"]
    assert not re.search(r"\bmentee [a-z]+ ", period["md"])
    assert "--" not in period["md"].replace("---", "")


def test_packet_and_page_leave_private_items_out(period):
    """Private notes and feedback stay out of markdown and html; --include-private keeps them."""
    for sent in (period["md"], period["html"]):
        assert "Secret doubt" not in sent
        assert "Secret praise" not in sent
    assert "Secret doubt" in period["md_private"]


def test_html_is_one_self_contained_page_with_an_svg_chart(period):
    """One html document with an inline <svg>, loading nothing from elsewhere."""
    html = period["html"]
    assert html.lstrip().lower().startswith(("<!doctype html", "<html"))
    assert "<svg" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script src" not in html
    assert "Speak at a conference" in html
