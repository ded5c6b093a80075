"""mentee.text.plural: the one way counts are written in messages."""

from __future__ import annotations

from mentee.text import plural


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert [plural(n, "record") for n in (0, 1, 2)] == ["0 records", "1 record", "2 records"]
    assert plural(3, "more problem") == "3 more problems"


def test_an_irregular_plural_is_given() -> None:
    assert plural(2, "feedback", "feedback") == "2 feedback"
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(5, "entry", "entries") == "5 entries"
