"""SPEC "Dates": every form a date takes, from a fixed MENTEE_TODAY; months clamp to the
month's end; an impossible date is a usage error saying what was expected."""

from __future__ import annotations

import pytest
from acceptance_helpers import Journal

# (today, the form, the date it means)
FORMS = [
    ("2026-11-21", "2026-12-03", "2026-12-03"),
    ("2026-11-21", "today", "2026-11-21"),
    ("2026-11-21", "tomorrow", "2026-11-22"),
    ("2026-11-21", "yesterday", "2026-11-20"),
    ("2026-11-21", "3d", "2026-11-24"),
    ("2026-11-21", "+3d", "2026-11-24"),
    ("2026-11-21", "2w", "2026-12-05"),
    ("2026-11-21", "6m", "2027-05-21"),
    ("2026-11-21", "1y", "2027-11-21"),
    # Weekday names: the next one after today (a Saturday).
    ("2026-11-21", "mon", "2026-11-23"),
    ("2026-11-21", "fri", "2026-11-27"),
    ("2026-11-21", "sat", "2026-11-28"),
    ("2026-11-21", "sun", "2026-11-22"),
    # eow: the coming Sunday, weeks starting on Monday.
    ("2026-11-21", "eow", "2026-11-22"),
    ("2026-11-16", "eow", "2026-11-22"),
    ("2026-11-21", "eom", "2026-11-30"),
    ("2026-11-21", "eoq", "2026-12-31"),
    ("2027-02-10", "eoq", "2027-03-31"),
    ("2027-02-10", "eom", "2027-02-28"),
    ("2026-11-21", "eoy", "2026-12-31"),
    # Months are calendar months, clamped to the month's end.
    ("2027-01-31", "1m", "2027-02-28"),
    ("2028-01-31", "1m", "2028-02-29"),
    ("2027-03-31", "1m", "2027-04-30"),
    ("2028-02-29", "1y", "2029-02-28"),
]


@pytest.fixture(scope="module")
def dated(module_root) -> dict[tuple[str, str], str | None]:
    """Each form given as an action's --due on its day, side by side."""
    j = Journal(module_root)
    from concurrent.futures import ThreadPoolExecutor

    def due(case: tuple[str, str, str]) -> tuple[tuple[str, str], str | None]:
        today, form, _ = case
        done = j.run(
            "action", "add", f"Due {form} from {today}", "--due", form, "--json", today=today
        )
        assert done.code == 0, done
        return (today, form), done.json["due"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        return dict(pool.map(due, FORMS))


@pytest.mark.parametrize(("today", "form", "meaning"), FORMS, ids=[f"{t}:{f}" for t, f, _ in FORMS])
def test_date_form(dated, today, form, meaning):
    """The form, given on that day, means that date (stored as ISO 8601)."""
    assert dated[(today, form)] == meaning


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-13-01", "someday", "3x"])
def test_an_impossible_date_is_a_usage_error_saying_what_was_expected(journal, bad):
    """Exit 2, one line naming the value and what was expected; nothing written."""
    done = journal.run("action", "add", "Never", "--due", bad)
    assert done.code == 2
    line = done.one_clean_error_line()
    assert bad in line
    assert "expected" in line
    assert not (journal.home / "actions").exists() or not any((journal.home / "actions").iterdir())


def test_an_invalid_mentee_today_is_a_usage_error(journal):
    """MENTEE_TODAY that is not a date: exit 2 with one line naming it."""
    done = journal.run("action", "list", today="2026-02-30")
    assert done.code == 2
    assert "MENTEE_TODAY" in done.one_clean_error_line()


def test_the_default_review_period_and_note_date_follow_mentee_today(journal):
    """A note's date defaults to today, as MENTEE_TODAY says."""
    note = journal.json("note", "add", "A thing", today="2025-05-05")
    assert note["date"] == "2025-05-05"
    assert journal.json("goal", "add", "New", today="2025-05-05")["start"] == "2025-05-05"
