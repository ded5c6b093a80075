"""SPEC "Records" (ids and names) and issue 12: wherever a mentor is named, its id, its name
in any case or a unique prefix works (exact id, then exact name, then prefix); ambiguity is an
error listing the candidates; an unknown id, value or command suggests the closest."""

from __future__ import annotations

import pytest
from acceptance_helpers import Journal


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


def test_a_mentors_name_in_any_case_works_everywhere_it_is_read(people):
    """Listing commands and views take the mentor's name in any case."""
    results = people.run_many(*[(*args, "--json") for args in NAMED])
    for done in results:
        assert done.code == 0, done
    assert results[1].json["id"] == "alex-kim"
    assert [m["id"] for m in results[4].json] == ["mt-held"]
    assert results[5].json["mentor"]["id"] == "alex-kim"


def test_a_mentors_name_works_where_records_are_written(journal):
    """`--mentor "alex kim"` on add, edit and log stores the id alex-kim."""
    journal.load(mentors=[{"id": "alex-kim", "name": "Alex Kim"}])
    goal = journal.add("goal", "add", "Lead", "--mentor", "alex kim")
    action = journal.add("action", "add", "Ask", "--mentor", "Alex Kim")
    topic = journal.add("topic", "add", "Pay", "--mentor", "ALEX KIM")
    meeting = journal.add("meeting", "add", "--mentor", "alex kim", "--at", "2026-11-25 10:00")
    other = journal.add("goal", "add", "Other")
    journal.ok("goal", "edit", other, "--mentor", "alex kim")
    done = journal.add("action", "add", "Later")
    journal.ok("action", "edit", done, "--mentor", "alex kim")
    views = journal.run_many(
        ("goal", "show", goal, "--json"),
        ("action", "show", action, "--json"),
        ("topic", "show", topic, "--json"),
        ("meeting", "show", meeting, "--json"),
        ("goal", "show", other, "--json"),
        ("action", "show", done, "--json"),
    )
    assert views[0].json["mentors"] == ["alex-kim"]
    assert views[1].json["mentor"] == "alex-kim"
    assert views[2].json["mentor"] == "alex-kim"
    assert views[3].json["mentor"] == "alex-kim"
    assert views[4].json["mentors"] == ["alex-kim"]
    assert views[5].json["mentor"] == "alex-kim"


def test_mentor_commands_take_the_name(journal):
    """`mentor edit`, `mentor thank` and `mentor ask` take a name."""
    journal.load(mentors=[{"id": "alex-kim", "name": "Alex Kim"}])
    journal.ok("mentor", "edit", "Alex Kim", "--org", "Acme")
    thanks = journal.ok("mentor", "thank", "alex kim", "Your tip on reviews worked")
    assert "Hi Alex" in thanks.out
    assert "Hi Alex" in journal.ok("mentor", "ask", "ALEX KIM").out
    shown = journal.json("mentor", "show", "alex-kim")
    assert shown["org"] == "Acme"
    assert [t["text"] for t in shown["thanks"]] == ["Your tip on reviews worked"]


def test_a_unique_prefix_works(people):
    """A unique prefix of an id names the mentor."""
    assert people.json("mentor", "show", "alexa")["id"] == "alexandra-stone"


def test_an_exact_name_beats_a_prefix(people):
    """`alex` is exactly the name of ax-1, so it wins over the ids starting with alex."""
    assert people.json("mentor", "show", "alex")["id"] == "ax-1"


def test_an_exact_id_beats_an_exact_name(people):
    """`jo` is an id and another mentor's name: the id wins."""
    assert people.json("mentor", "show", "jo")["id"] == "jo"


def test_two_mentors_with_the_name_is_an_error_listing_their_ids(people):
    """`Sam Lee` names two mentors: exit 1, one line with both ids."""
    done = people.run("mentor", "show", "sam lee")
    assert done.code == 1
    line = done.one_clean_error_line()
    assert "sam-lee" in line
    assert "sam-lee-2" in line


def test_an_ambiguous_prefix_lists_the_candidates(people):
    """`ale` matches several ids: an error listing them."""
    done = people.run("mentor", "show", "ale")
    assert done.code == 1
    line = done.one_clean_error_line()
    assert "alex-kim" in line
    assert "alexandra-stone" in line


def test_an_unknown_mentor_suggests_the_closest(people):
    """`alx-kim`: not found, did you mean alex-kim?"""
    done = people.run("action", "add", "Ask", "--mentor", "alx-kim")
    assert done.code != 0
    line = done.one_clean_error_line()
    assert "did you mean" in line
    assert "alex-kim" in line


def test_an_unknown_goal_id_suggests_the_closest(people):
    """A goal id with a typo suggests the goal's id."""
    done = people.run("goal", "show", "g-senor")
    assert done.code == 1
    line = done.one_clean_error_line()
    assert "did you mean" in line
    assert "g-senior" in line


def test_feedback_from_a_mentors_name_stores_the_id(people):
    """`feedback add --from "alex kim"` stores alex-kim; any other text stays text."""
    stored = people.json("feedback", "add", "Clear slides", "--from", "alex kim")
    assert stored["source"] == "alex-kim"
    assert people.json("feedback", "add", "Good", "--from", "alex kimball")["source"] == (
        "alex kimball"
    )
    assert people.json("feedback", "add", "Fine", "--from", "my manager")["source"] == (
        "my manager"
    )


def test_an_unknown_option_value_suggests_the_closest(people):
    """`--owner mee` is a usage error suggesting `me`."""
    done = people.run("action", "add", "Ask", "--owner", "mee")
    assert done.code == 2
    assert "did you mean me" in done.one_clean_error_line()


def test_an_unknown_command_suggests_the_closest(people):
    """`goal lst` is a usage error suggesting `list`."""
    done = people.run("goal", "lst")
    assert done.code == 2
    assert "list" in done.one_clean_error_line()


def test_an_unknown_time_zone_suggests_the_closest(people):
    """`--timezone Europe/Berln` is a usage error suggesting Europe/Berlin."""
    done = people.run("mentor", "add", "New Person", "--timezone", "Europe/Berln")
    assert done.code == 2
    assert "Europe/Berlin" in done.one_clean_error_line()
