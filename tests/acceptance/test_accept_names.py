"""SPEC "Records" (ids and names) and issue 12: wherever a mentor is named, its id, its name
in any case or a unique prefix works (exact id, then exact name, then prefix); ambiguity is an
error listing the candidates; an unknown id, value or command suggests the closest."""

from __future__ import annotations

import pytest
from acceptance_helpers import Cmd, Done, Journal, by_id


@pytest.fixture(scope="module")
def people(module_root) -> Journal:
    j = Journal(module_root)
    j.load(
        goals=[{"id": "g-senior", "title": "Promoted to senior"}],
        mentors=[
            {"id": "alex-kim", "name": "Alex Kim", "timezone": "America/Los_Angeles"},
            {"id": "alexandra-stone", "name": "Alexandra Stone"},
            # An exact name beats a prefix of other ids.
            {"id": "ax-1", "name": "Alex"},
            # An exact id beats an exact name.
            {"id": "jo", "name": "Jo Park"},
            {"id": "jo-two", "name": "jo"},
            # Two mentors with one name.
            {"id": "sam-lee", "name": "Sam Lee"},
            {"id": "sam-lee-2", "name": "Sam Lee"},
        ],
        meetings=[
            {
                "id": "mt-held",
                "mentor": "alex-kim",
                "at": "2026-11-01T10:00:00+01:00",
                "status": "held",
            }
        ],
    )
    return j


# Every place a mentor is named, with the name in another case; each must reach alex-kim.
NAMED = [
    ("goal", "list", "--mentor", "ALEX KIM"),
    ("mentor", "show", "alex kim"),
    ("action", "list", "--mentor", "Alex kim"),
    ("topic", "list", "--mentor", "alex KIM"),
    ("meeting", "list", "--all", "--mentor", "aLeX kIm"),
    ("agenda", "next", "--mentor", "alex kim"),
]


QUERIES = {
    **{" ".join(args): Cmd((*args, "--json")) for args in NAMED},
    "prefix": Cmd(("mentor", "show", "alexa", "--json")),
    "exact name": Cmd(("mentor", "show", "alex", "--json")),
    "exact id": Cmd(("mentor", "show", "jo", "--json")),
    "two named": Cmd(("mentor", "show", "sam lee")),
    "ambiguous": Cmd(("mentor", "show", "ale")),
    "unknown mentor": Cmd(("action", "add", "Ask", "--mentor", "alx-kim")),
    "unknown goal": Cmd(("goal", "show", "g-senor")),
    "from name": Cmd(("feedback", "add", "Clear slides", "--from", "alex kim", "--json")),
    "from near name": Cmd(("feedback", "add", "Good", "--from", "alex kimball", "--json")),
    "from text": Cmd(("feedback", "add", "Fine", "--from", "my manager", "--json")),
    "bad owner": Cmd(("action", "add", "Ask", "--owner", "mee")),
    "bad command": Cmd(("goal", "lst")),
    "bad zone": Cmd(("mentor", "add", "New Person", "--timezone", "Europe/Berln")),
}


@pytest.fixture(scope="module")
def asked(people) -> dict[str, Done]:
    """Every query of this module, side by side."""
    return dict(zip(QUERIES, people.run_many(*QUERIES.values()), strict=True))


def test_a_mentors_name_in_any_case_works_everywhere_it_is_read(asked):
    """Listing commands and views take the mentor's name in any case."""
    results = [asked[" ".join(args)] for args in NAMED]
    for done in results:
        assert done.code == 0, done
    assert results[1].json["id"] == "alex-kim"
    assert [m["id"] for m in results[4].json] == ["mt-held"]
    assert results[5].json["mentor"]["id"] == "alex-kim"


def test_a_mentors_name_works_wherever_a_record_is_written(journal):
    """`--mentor "alex kim"` (any case) on add and edit stores the id alex-kim; `mentor edit`,
    `thank` and `ask` take the name."""
    journal.load(
        mentors=[{"id": "alex-kim", "name": "Alex Kim"}],
        goals=[{"id": "g-other", "title": "Other"}],
        actions=[{"id": "a-later", "title": "Later"}],
    )
    writes = {
        "goal": ("goal", "add", "Lead", "--mentor", "alex kim"),
        "action": ("action", "add", "Ask", "--mentor", "Alex Kim"),
        "topic": ("topic", "add", "Pay", "--mentor", "ALEX KIM"),
        "meeting": ("meeting", "add", "--mentor", "alex kim", "--at", "2026-11-25 10:00"),
        "goal edit": ("goal", "edit", "g-other", "--mentor", "alex kim"),
        "action edit": ("action", "edit", "a-later", "--mentor", "alex kim"),
        "mentor edit": ("mentor", "edit", "Alex Kim", "--org", "Acme"),
        "thank": ("mentor", "thank", "alex kim", "Your tip on reviews worked"),
        "ask": ("mentor", "ask", "ALEX KIM"),
    }
    done = dict(zip(writes, journal.run_many(*writes.values()), strict=True))
    for result in done.values():
        assert result.code == 0, result
    ids = {name: done[name].out.strip() for name in ("goal", "action", "topic", "meeting")}
    document = journal.json("export")
    goals, actions = by_id(document["goals"]), by_id(document["actions"])
    assert goals[ids["goal"]]["mentors"] == ["alex-kim"]
    assert goals["g-other"]["mentors"] == ["alex-kim"]
    assert actions[ids["action"]]["mentor"] == "alex-kim"
    assert actions["a-later"]["mentor"] == "alex-kim"
    assert by_id(document["topics"])[ids["topic"]]["mentor"] == "alex-kim"
    assert by_id(document["meetings"])[ids["meeting"]]["mentor"] == "alex-kim"
    mentor = by_id(document["mentors"])["alex-kim"]
    assert mentor["org"] == "Acme"
    assert [t["text"] for t in mentor["thanks"]] == ["Your tip on reviews worked"]
    assert "Hi Alex" in done["thank"].out
    assert "Hi Alex" in done["ask"].out


def test_a_unique_prefix_works(asked):
    """A unique prefix of an id names the mentor."""
    assert asked["prefix"].json["id"] == "alexandra-stone"


def test_an_exact_name_beats_a_prefix(asked):
    """`alex` is exactly the name of ax-1, so it wins over the ids starting with alex."""
    assert asked["exact name"].json["id"] == "ax-1"


def test_an_exact_id_beats_an_exact_name(asked):
    """`jo` is an id and another mentor's name: the id wins."""
    assert asked["exact id"].json["id"] == "jo"


def test_two_mentors_with_the_name_is_an_error_listing_their_ids(asked):
    """`Sam Lee` names two mentors: exit 1, one line with both ids."""
    done = asked["two named"]
    assert done.code == 1
    line = done.one_clean_error_line()
    assert "sam-lee" in line
    assert "sam-lee-2" in line


def test_an_ambiguous_prefix_lists_the_candidates(asked):
    """`ale` matches several ids: an error listing them."""
    done = asked["ambiguous"]
    assert done.code == 1
    line = done.one_clean_error_line()
    assert "alex-kim" in line
    assert "alexandra-stone" in line


def test_an_unknown_mentor_suggests_the_closest(asked):
    """`alx-kim`: not found, did you mean alex-kim?"""
    done = asked["unknown mentor"]
    assert done.code != 0
    line = done.one_clean_error_line()
    assert "did you mean" in line
    assert "alex-kim" in line


def test_an_unknown_goal_id_suggests_the_closest(asked):
    """A goal id with a typo suggests the goal's id."""
    done = asked["unknown goal"]
    assert done.code == 1
    line = done.one_clean_error_line()
    assert "did you mean" in line
    assert "g-senior" in line


def test_feedback_from_a_mentors_name_stores_the_id(asked):
    """`feedback add --from "alex kim"` stores alex-kim; any other text stays text."""
    assert asked["from name"].json["source"] == "alex-kim"
    assert asked["from near name"].json["source"] == "alex kimball"
    assert asked["from text"].json["source"] == "my manager"


def test_an_unknown_option_value_suggests_the_closest(asked):
    """`--owner mee` is a usage error suggesting `me`."""
    done = asked["bad owner"]
    assert done.code == 2
    assert "did you mean me" in done.one_clean_error_line()


def test_an_unknown_command_suggests_the_closest(asked):
    """`goal lst` is a usage error suggesting `list`."""
    done = asked["bad command"]
    assert done.code == 2
    assert "list" in done.one_clean_error_line()


def test_an_unknown_time_zone_suggests_the_closest(asked):
    """`--timezone Europe/Berln` is a usage error suggesting Europe/Berlin."""
    done = asked["bad zone"]
    assert done.code == 2
    assert "Europe/Berlin" in done.one_clean_error_line()


def test_ask_lists_the_active_goals_the_mentor_would_serve(journal):
    """`mentor ask` works with a goal that has neither start nor target (written by hand or
    imported) beside a dated one, and lists only what the mentee is working towards."""
    journal.load(
        mentors=[{"id": "ana", "name": "Ana Ruiz", "status": "prospect"}],
        goals=[
            {"id": "g-bare", "title": "Bare goal", "mentors": ["ana"]},
            {"id": "g-dated", "title": "Dated goal", "start": "2026-10-01",
             "target": "2027-03-01", "mentors": ["ana"]},
            {"id": "g-done", "title": "Reached goal", "status": "achieved",
             "achieved": "2026-11-01", "mentors": ["ana"]},
        ],
    )  # fmt: skip
    out = journal.ok("mentor", "ask", "ana").out
    assert out.index("Dated goal (by 2027-03-01)") < out.index("Bare goal")
    assert "Reached goal" not in out
