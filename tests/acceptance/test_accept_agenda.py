"""SPEC "The next agenda": what `agenda next` gathers for one mentor since the last meeting
held with them, what it leaves out, the mentor's promises apart from the mentee's work, what
is sent (no private items), and what `meeting log` stores so it does not come back.

One month with Alex Kim (Los Angeles), who serves two goals; Priya serves a third. The agenda
is read before and after the meeting of 2026-10-28 is logged."""

from __future__ import annotations

from typing import Any

import pytest
from acceptance_helpers import Journal, flat

SPEC_KEYS = {
    "mentor",
    "meeting",
    "since",
    "done",
    "open",
    "notes",
    "feedback",
    "topics",
    "goals",
    "empty",
}


def _stamp(day: str, n: int) -> str:
    return f"{day}T09:{n:02d}:00Z"


@pytest.fixture(scope="module")
def month(module_root) -> dict[str, Any]:
    """The background is imported (goals, mentors, an old retarget; after the first meeting,
    notes, feedback and topics dated as written); what the agenda is about goes through the
    commands: the meeting log that agrees actions and promises, a retarget, actions done, a
    meeting planned."""
    j = Journal(module_root)
    senior, talks, rust = "g-senior", "g-talks", "g-rust"
    ids: dict[str, Any] = {"j": j, "senior": senior, "talks": talks, "rust": rust}
    day = "2026-10-10"
    j.load(
        goals=[
            {
                "id": senior,
                "title": "Promoted to senior",
                "start": "2026-09-01",
                "target": "2027-07-31",
                "mentors": ["alex-kim"],
                "milestones": [
                    {"title": "Lead a design review", "due": "2026-11-05"},
                    {"title": "Far milestone", "due": "2027-05-01"},
                ],
                "timeline": [
                    {
                        "date": "2026-09-20",
                        "from": "2027-06-30",
                        "to": "2027-07-31",
                        "reason": "Old plan change",
                    }
                ],
            },
            {
                "id": talks,
                "title": "Public speaking",
                "start": "2026-09-01",
                "target": "2027-03-01",
                "mentors": ["alex-kim"],
            },
            {
                "id": rust,
                "title": "Learn Rust",
                "start": "2026-09-01",
                "target": "2027-01-01",
                "mentors": ["priya-raman"],
            },
        ],
        mentors=[
            {
                "id": "alex-kim",
                "name": "Alex Kim",
                "timezone": "America/Los_Angeles",
                "email": "alex@example.com",
            },
            {"id": "priya-raman", "name": "Priya Raman", "timezone": "Asia/Kolkata"},
        ],
    )
    ids |= {"win": "n-win", "dense": "f-dense", "panel": "t-panel"}
    ids["first"] = j.add(
        "meeting", "log", "--mentor", "alex kim", "--at", "2026-10-01 10:00",
        "--action", "Write the RFC", "--due", "2026-10-20", "--goal", senior,
        "--mentor-action", "Intro to Sam", "--mentor-action", "Send a reading list",
        today="2026-10-01",
    )  # fmt: skip
    actions = {a["title"]: a["id"] for a in j.json("action", "list", today="2026-10-01")}
    ids |= actions
    # Written after that meeting (logging stores the agenda as it stands then).
    j.load(
        notes=[
            {
                "id": "n-win",
                "date": day,
                "kind": "win",
                "text": "Gave my first talk",
                "goal": talks,
            },
            {
                "id": "n-worry",
                "date": day,
                "kind": "challenge",
                "text": "Private worry",
                "goal": senior,
                "private": True,
            },
            {"id": "n-rust", "date": day, "kind": "win", "text": "Rust win", "goal": rust},
            {
                "id": "n-old",
                "date": "2026-09-15",
                "kind": "learning",
                "text": "Old learning",
                "goal": senior,
            },
        ],
        feedback=[
            {
                "id": "f-dense",
                "date": day,
                "source": "manager",
                "kind": "constructive",
                "text": "Slides too dense",
                "goals": [talks],
            },
            {
                "id": "f-rust",
                "date": day,
                "source": "peer",
                "kind": "praise",
                "text": "Rust praise",
                "goals": [rust],
            },
        ],
        topics=[
            {
                "id": "t-panel",
                "text": "Ask about the promo panel",
                "mentor": "alex-kim",
                "created": _stamp(day, 1),
            },
            {"id": "t-general", "text": "A question for anyone", "created": _stamp(day, 2)},
            {
                "id": "t-priya",
                "text": "Priya only",
                "mentor": "priya-raman",
                "created": _stamp(day, 3),
            },
            {
                "id": "t-salary",
                "text": "Private salary talk",
                "mentor": "alex-kim",
                "private": True,
                "created": _stamp(day, 4),
            },
        ],
    )
    ids["venue"] = j.add(
        "action", "add", "Book the venue", "--mentor", "alex", "--goal", talks, today=day
    )
    for done in j.run_many(
        (
            "goal",
            "retarget",
            senior,
            "--by",
            "2027-09-30",
            "--reason",
            "Reorg moved the promo cycle",
        ),
        ("action", "done", actions["Intro to Sam"]),
        ("action", "done", ids["venue"]),
        today=day,
    ):
        assert done.code == 0, done
    ids["planned"] = j.add(
        "meeting", "add", "--mentor", "alex", "--at", "2026-10-28 17:00", today="2026-10-25"
    )

    before = j.snapshot()
    base = ("agenda", "next", "--mentor", "alex")
    json_a, text_a, md_a, md_private, ics_a, json_flag = j.run_many(
        (*base, "--format", "json"),
        base,
        (*base, "--format", "markdown"),
        (*base, "--format", "markdown", "--include-private"),
        (*base, "--format", "ics"),
        (*base, "--json"),
        today="2026-10-25",
    )
    ids["reads_changed_nothing"] = before == j.snapshot()
    ids |= {
        "A": json_a.json,
        "text": text_a.out,
        "md": md_a.out,
        "md_private": md_private.out,
        "ics": ics_a.out,
        "json_flag": json_flag.json,
    }

    j.ok("meeting", "log", ids["planned"], "--notes", "Good talk", today="2026-10-28")
    ids["win2"] = j.add(
        "note", "add", "After the meeting", "--kind", "win", "--goal", talks, today="2026-11-02"
    )
    json_b, text_b, meeting, panel, dense, win = j.run_many(
        (*base, "--json"),
        base,
        ("meeting", "show", ids["planned"], "--json"),
        ("topic", "show", ids["panel"], "--json"),
        ("feedback", "show", ids["dense"], "--json"),
        ("note", "show", ids["win"], "--json"),
        today="2026-11-02",
    )
    ids |= {
        "B": json_b.json,
        "text_b": text_b.out,
        "logged": meeting.json,
        "panel_after": panel.json,
        "dense_after": dense.json,
        "win_after": win.json,
    }
    return ids


def titles(items: list[dict[str, Any]]) -> set[str]:
    return {i.get("title") or i["text"] for i in items}


def test_agenda_json_has_specs_keys(month):
    """The agenda's JSON has SPEC's keys; `meeting` is the planned one; `empty` is a boolean."""
    agenda = month["A"]
    assert set(agenda) >= SPEC_KEYS
    assert agenda["meeting"]["id"] == month["planned"]
    assert agenda["mentor"]["id"] == "alex-kim"
    assert agenda["empty"] is False


def test_json_flag_is_format_json(month):
    """`--json` is the same as `--format json`."""
    assert month["json_flag"] == month["A"]


def test_since_is_the_last_meeting_held(month):
    """`since` is the date of the last meeting held with this mentor."""
    assert month["A"]["since"] == "2026-10-01"


def test_agenda_next_only_reads(month):
    """Building agendas in every format changes no file."""
    assert month["reads_changed_nothing"]


def test_done_lists_the_mentees_work_and_not_the_mentors_promises(month):
    """`done` has the mentee's action done since; the mentor's kept promise is not in it."""
    done = titles(month["A"]["done"])
    assert "Book the venue" in done
    assert "Intro to Sam" not in done


def test_the_mentors_kept_promise_is_listed_apart(month):
    """The mentor's kept promise appears in the agenda, under its own words, after the
    mentee's own done items."""
    assert "Intro to Sam" in str(month["A"])
    for out in (month["text"], month["md"]):
        assert "Intro to Sam" in out
        line = next(x for x in out.splitlines() if "Intro to Sam" in x)
        heading = out[: out.index(line)].rstrip().splitlines()[-1].lower()
        assert "mentor" in heading or "your side" in heading or "thank" in heading, heading


def test_open_actions_are_carried_over_with_overdue_marked(month):
    """The open action agreed with Alex is in `open`, and the text marks it overdue."""
    assert "Write the RFC" in titles(month["A"]["open"])
    line = next(x for x in month["text"].splitlines() if "Write the RFC" in x)
    assert "overdue" in line


def test_the_mentors_open_promise_is_listed_apart(month):
    """The mentor's open promise is not among the mentee's open items in text."""
    text = month["text"]
    mine = text.index("Write the RFC")
    theirs = text.index("Send a reading list")
    between = text[min(mine, theirs) : max(mine, theirs)].lower()
    assert "mentor" in between or "promise" in between or "offered" in between


def test_notes_since_for_the_mentors_goals_only(month):
    """Notes since the last meeting on Alex's goals; not Priya's goal, not older notes."""
    notes = titles(month["A"]["notes"])
    assert "Gave my first talk" in notes
    assert "Rust win" not in notes
    assert "Old learning" not in notes


def test_feedback_since_for_the_mentors_goals_only(month):
    """Undiscussed feedback on Alex's goals; not feedback on Priya's goal."""
    feedback = titles(month["A"]["feedback"])
    assert feedback == {"Slides too dense"}


def test_topics_for_this_mentor_or_any_mentor(month):
    """Topics for Alex and for any mentor; not Priya's."""
    topics = titles(month["A"]["topics"])
    assert {"Ask about the promo panel", "A question for anyone"} <= topics
    assert "Priya only" not in topics


def test_goals_are_the_mentors_goals(month):
    """The goals section has each goal Alex serves, and not Priya's."""
    assert {g["id"] for g in month["A"]["goals"]} == {month["senior"], month["talks"]}


def test_retargets_since_the_last_meeting_with_their_reasons(month):
    """The retarget made after the last meeting is there with its reason; the older one not."""
    senior = next(g for g in month["A"]["goals"] if g["id"] == month["senior"])
    reasons = str(senior)
    assert "Reorg moved the promo cycle" in reasons
    assert "Old plan change" not in reasons
    assert "Reorg moved the promo cycle" in flat(month["text"])
    assert "Reorg moved the promo cycle" in flat(month["md"])


def test_milestones_due_soon_are_shown(month):
    """A milestone due in eleven days is in the goals section; one due in seven months not."""
    assert "Lead a design review" in month["text"]
    assert "Far milestone" not in month["text"]


def test_private_items_are_flagged_in_text_and_json(month):
    """Private notes and topics appear in the JSON (flagged) and in the text view."""
    notes = {n["text"]: n for n in month["A"]["notes"]}
    assert notes["Private worry"]["private"] is True
    assert "Private worry" in month["text"]
    assert "Private salary talk" in month["text"]


def test_private_items_stay_out_of_what_is_sent(month):
    """Markdown and ics leave private items out; --include-private keeps them."""
    for sent in (month["md"], month["ics"]):
        assert "Private worry" not in sent
        assert "Private salary" not in sent
    assert "Private worry" in month["md_private"]
    assert "Private salary talk" in month["md_private"]


def test_ics_is_an_invitation_whose_description_is_the_agenda(month):
    """`--format ics`: one VEVENT for the planned meeting, its description the agenda."""
    ics = month["ics"]
    assert ics.count("BEGIN:VEVENT") == 1
    unfolded = ics.replace("\r\n ", "").replace("\n ", "")
    assert "Ask about the promo panel" in unfolded
    assert month["planned"] in unfolded


def test_meeting_log_stores_the_agenda_as_it_stood(month):
    """The logged meeting keeps the agenda's items and their ids."""
    stored = str(month["logged"]["agenda"])
    assert month["panel"] in stored
    assert "Ask about the promo panel" in stored
    assert month["logged"]["status"] == "held"


def test_meeting_log_marks_topics_feedback_and_notes_discussed(month):
    """Topics become discussed; feedback and notes get discussed_in = the meeting."""
    assert month["panel_after"]["status"] == "discussed"
    assert month["panel_after"]["discussed_in"] == month["planned"]
    assert month["dense_after"]["discussed_in"] == month["planned"]
    assert month["win_after"]["discussed_in"] == month["planned"]


def test_the_next_agenda_does_not_repeat_what_was_discussed(month):
    """After the meeting: since moves to it, discussed items are gone, new ones come."""
    after = month["B"]
    assert after["since"] == "2026-10-28"
    assert "Ask about the promo panel" not in titles(after["topics"])
    assert "Slides too dense" not in titles(after["feedback"])
    assert titles(after["notes"]) == {"After the meeting"}
    assert "Book the venue" not in titles(after["done"])


def test_open_actions_keep_coming_back_with_how_often_and_since_when(month):
    """The open action is still there, saying it was on an agenda before and since when."""
    assert "Write the RFC" in titles(month["B"]["open"])
    line = next(x for x in month["text_b"].splitlines() if "Write the RFC" in x)
    rest = month["text_b"][month["text_b"].index(line) :].split("\n", 2)
    context = " ".join(rest[:2])
    assert "2026-10-28" in context or "1 agenda" in context or "since" in context


def test_retargets_before_the_last_meeting_drop_out(month):
    """The retarget discussed at the last meeting no longer shows after it."""
    assert "Reorg moved the promo cycle" not in flat(month["text_b"])


# --- defaults and an empty agenda ---------------------------------------------------------


@pytest.fixture(scope="module")
def quiet(tmp_path_factory) -> Journal:
    journal = Journal(tmp_path_factory.mktemp("quiet"))
    journal.load(
        goals=[
            {
                "id": "g-quiet",
                "title": "Write more",
                "start": "2026-11-01",
                "target": "2027-06-01",
                "mentors": ["kai-lee"],
            }
        ],
        mentors=[
            {
                "id": "kai-lee",
                "name": "Kai Lee",
                "timezone": "Europe/London",
                "email": "kai@example.com",
            },
            {"id": "ana-ruiz", "name": "Ana Ruiz", "status": "prospect"},
        ],
        meetings=[{"id": "mt-kai", "mentor": "kai-lee", "at": "2026-11-25T15:00:00+01:00"}],
    )
    return journal


def test_mentor_is_optional_with_one_active_mentor(quiet):
    """With exactly one active mentor, `agenda next` needs no --mentor."""
    assert quiet.json("agenda", "next")["mentor"]["id"] == "kai-lee"


def test_an_empty_agenda_says_so_and_suggests_cancelling(quiet):
    """Nothing in sections 1 to 4: `empty` true; the text says so and has a message to send."""
    agenda, text = quiet.run_many(("agenda", "next", "--json"), ("agenda", "next"))
    assert agenda.json["empty"] is True
    out = text.out
    assert "cancel" in out.lower()
    assert "Hi Kai" in out


def test_ics_without_a_planned_meeting_suggests_one_by_cadence(tmp_path):
    """No planned meeting: the invitation is for the one the cadence suggests."""
    journal = Journal(tmp_path)
    journal.load(
        mentors=[{"id": "kai-lee", "name": "Kai Lee", "cadence_days": 14}],
        meetings=[
            {
                "id": "mt-held",
                "mentor": "kai-lee",
                "at": "2026-11-10T15:00:00+01:00",
                "status": "held",
            }
        ],
        topics=[{"id": "t-1", "text": "Next steps"}],
    )
    agenda, ics = journal.run_many(
        ("agenda", "next", "--json"), ("agenda", "next", "--format", "ics")
    )
    assert agenda.json["meeting"] is None
    assert ics.out.count("BEGIN:VEVENT") == 1
    assert "DTSTART" in ics.out


def test_an_empty_first_agenda_does_not_mention_a_last_meeting(quiet):
    """No meeting held yet: the markdown says there is nothing new, not "since our last
    meeting"."""
    out = quiet.ok("agenda", "next", "--format", "markdown").out
    assert "Nothing new to discuss" in out
    assert "last meeting" not in out


def test_the_mentors_promises_are_their_own_block_in_text(month):
    """In the text agenda the mentor's promises start at the same indent as the mentee's
    items, under their own line, never as a continuation of the item above."""
    lines = month["text"].splitlines()
    heading = next(i for i, line in enumerate(lines) if "Done by your mentor" in line)
    assert lines[heading].startswith("  ")
    assert not lines[heading].startswith("   ")
    promise = next(line for line in lines[heading:] if "Intro to Sam" in line)
    assert promise.lstrip().startswith("[x]")


def test_messages_count_in_words(journal):
    """Counts on stderr read as words: "1 private item", never "item(s)"."""
    journal.load(
        mentors=[{"id": "kai-lee", "name": "Kai Lee"}],
        topics=[{"id": "t-pay", "text": "My pay", "private": True}],
    )
    done = journal.ok("agenda", "next", "--format", "markdown")
    assert "1 private item left out" in done.err
    assert "(s)" not in done.err
