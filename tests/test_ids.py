"""Record ids: validity, random ids, mentor handles and prefix matching."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hypothesis_examples import examples
from mentee.ids import (
    ALPHABET,
    ID_LENGTH,
    MAX_ID_LENGTH,
    is_valid_id,
    match_prefix,
    mentor_handle,
    new_id,
    slugify,
)


@pytest.mark.parametrize(
    "value", ["a", "0", "abc123", "alex-kim", "alex-kim-2", "a-", "a--b", "x" * MAX_ID_LENGTH]
)
def test_valid_ids(value: str) -> None:
    """Lowercase letters, digits and '-' (not first), up to the maximum length, are ids."""
    assert is_valid_id(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "-a",
        "A",
        "Abc",
        "a_b",
        "a.b",
        "a b",
        "../x",
        "..",
        ".",
        "a/b",
        "a\\b",
        "a\n",
        "a\x00",
        "é",
        "x" * (MAX_ID_LENGTH + 1),
        "abc.toml",
        "١٢٣",
    ],
)
def test_invalid_ids(value: str) -> None:
    """Empty, uppercase, path-like, non-ASCII, too long or punctuated values are not ids."""
    assert not is_valid_id(value)


def test_new_id_format() -> None:
    """A new id has the fixed length, uses only the unambiguous alphabet, and is a valid id."""
    made = {new_id(lambda _: False) for _ in range(200)}
    assert len(made) == 200
    for value in made:
        assert len(value) == ID_LENGTH
        assert set(value) <= set(ALPHABET)
        assert is_valid_id(value)
    assert not set(ALPHABET) & set("ilou")
    assert re.fullmatch(r"[0-9a-z]{32}", ALPHABET)
    assert len(set(ALPHABET)) == 32


def test_new_ids_use_every_letter_in_every_place() -> None:
    """Every place of an id takes every letter of the alphabet (ids are drawn from all
    32**8 values, none left out): over 3,000 ids each of the 8 places shows all 32 letters
    (a letter missing from a place by chance: about one in 10**40)."""
    made = [new_id(lambda _: False) for _ in range(3000)]
    for place in range(ID_LENGTH):
        assert {value[place] for value in made} == set(ALPHABET), place


def test_new_id_retries_while_taken() -> None:
    """new_id keeps drawing until `taken` says no, and returns the first free candidate."""
    asked: list[str] = []

    def taken(candidate: str) -> bool:
        asked.append(candidate)
        return len(asked) <= 3

    value = new_id(taken)
    assert len(asked) == 4
    assert value == asked[-1]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Alex Kim", "alex-kim"),
        ("José Núñez", "jose-nunez"),
        ("Zoë Ångström-Çelik", "zoe-angstrom-celik"),
        ("O'Brien, Pat!", "o-brien-pat"),
        ("  Dr. Jane   Doe, PhD  ", "dr-jane-doe-phd"),
        ("R2-D2", "r2-d2"),
        ("---", ""),
        ("", ""),
        ("李小龙", ""),
        ("!!!", ""),
        ("ﬁona", "fiona"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    """Accents are folded, punctuation and spaces become single dashes, nothing left is empty."""
    assert slugify(name) == slug


def test_slugify_is_capped_without_a_trailing_dash() -> None:
    """A long name gives a slug of at most 40 characters that does not end in '-'."""
    slug = slugify("a" * 39 + " bcdef")
    assert len(slug) <= 40
    assert not slug.endswith("-")
    assert slug == "a" * 39


@settings(max_examples=examples(200))
@given(name=st.text())
def test_slugify_gives_an_id_or_nothing(name: str) -> None:
    """Any name slugifies to an empty string or a valid id."""
    slug = slugify(name)
    assert slug == "" or is_valid_id(slug)


def test_mentor_handle_suffixes() -> None:
    """A free slug is the handle; a taken one gets -2, -3... skipping every taken suffix."""
    assert mentor_handle("Alex Kim", lambda _: False) == "alex-kim"
    taken = {"alex-kim"}
    assert mentor_handle("Alex Kim", taken.__contains__) == "alex-kim-2"
    taken = {"alex-kim", "alex-kim-2", "alex-kim-3"}
    assert mentor_handle("Alex Kim", taken.__contains__) == "alex-kim-4"
    taken = {"alex-kim", "alex-kim-3"}
    assert mentor_handle("Alex Kim", taken.__contains__) == "alex-kim-2"


def test_mentor_handle_for_a_name_without_latin_letters() -> None:
    """A name with nothing to slug gets the handle `mentor`, suffixed like any other."""
    assert mentor_handle("李小龙", lambda _: False) == "mentor"
    assert mentor_handle("???", {"mentor"}.__contains__) == "mentor-2"


@settings(max_examples=examples(100))
@given(name=st.text(), taken_count=st.integers(min_value=0, max_value=5))
def test_mentor_handle_is_always_a_free_valid_id(name: str, taken_count: int) -> None:
    """Whatever the name and however many suffixes are taken, the handle is a free valid id."""
    base = slugify(name) or "mentor"
    taken = {base, *(f"{base}-{n}" for n in range(2, taken_count + 2))} if taken_count else set()
    handle = mentor_handle(name, taken.__contains__)
    assert handle not in taken
    assert is_valid_id(handle)


def test_match_prefix() -> None:
    """Every id starting with the prefix matches, sorted; no match is an empty list."""
    ids = ["abc123", "abd456", "xyz789", "abc999"]
    assert match_prefix("ab", ids) == ["abc123", "abc999", "abd456"]
    assert match_prefix("abd", ids) == ["abd456"]
    assert match_prefix("q", ids) == []
    assert match_prefix("", ids) == sorted(ids)


def test_match_prefix_exact_match_wins() -> None:
    """An id equal to the prefix wins alone even when longer ids start with it."""
    ids = ["alex-kim-2", "alex-kim", "alex-kim-3"]
    assert match_prefix("alex-kim", ids) == ["alex-kim"]
    assert match_prefix("alex-kim-", ids) == ["alex-kim-2", "alex-kim-3"]
