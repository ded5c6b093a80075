"""Dates as SPEC's "Dates" section lists them, parsed against a fixed today."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hypothesis_examples import examples
from mentee.dates import (
    ACCEPTED_DATES,
    add_months,
    parse_date,
    parse_datetime,
    parse_days,
    today_from_env,
)
from mentee.errors import ExitCode, UsageError

TODAY = date(2026, 11, 21)  # a Saturday
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

FORMS = [
    "today",
    "tomorrow",
    "yesterday",
    "eow",
    "eom",
    "eoq",
    "eoy",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "monday",
    "friday",
    "sunday",
    "0d",
    "1d",
    "3d",
    "+3d",
    "2w",
    "+2w",
    "6m",
    "+6m",
    "1y",
    "+1y",
    "12m",
    "99999d",
    "99999y",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-03", date(2026, 12, 3)),
        ("2028-02-29", date(2028, 2, 29)),
        ("today", TODAY),
        ("tomorrow", date(2026, 11, 22)),
        ("yesterday", date(2026, 11, 20)),
        ("  Today ", TODAY),
        ("TOMORROW", date(2026, 11, 22)),
    ],
)
def test_absolute_and_named_days(text: str, expected: date) -> None:
    """ISO dates and today/tomorrow/yesterday (any case, padded) give the expected day."""
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0d", TODAY),
        ("3d", date(2026, 11, 24)),
        ("+3d", date(2026, 11, 24)),
        ("2w", date(2026, 12, 5)),
        ("+2w", date(2026, 12, 5)),
        ("6m", date(2027, 5, 21)),
        ("+6m", date(2027, 5, 21)),
        ("1y", date(2027, 11, 21)),
        ("+1y", date(2027, 11, 21)),
        ("2M", date(2027, 1, 21)),
        ("400d", date(2027, 12, 26)),
    ],
)
def test_offsets_from_today(text: str, expected: date) -> None:
    """Nd, Nw, Nm and Ny (with or without a leading '+') count from today."""
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2026, 1, 31), "1m", date(2026, 2, 28)),
        (date(2028, 1, 31), "1m", date(2028, 2, 29)),
        (date(2026, 3, 31), "1m", date(2026, 4, 30)),
        (date(2026, 8, 31), "+6m", date(2027, 2, 28)),
        (date(2026, 12, 31), "2m", date(2027, 2, 28)),
        (date(2028, 2, 29), "1y", date(2029, 2, 28)),
        (date(2028, 2, 29), "4y", date(2032, 2, 29)),
        (date(2028, 2, 29), "12m", date(2029, 2, 28)),
        (date(2026, 11, 30), "3m", date(2027, 2, 28)),
    ],
)
def test_months_clamp_to_the_month_end(today: date, text: str, expected: date) -> None:
    """Adding months or years clamps to the target month's last day (Jan 31 + 1m = Feb 28/29)."""
    assert parse_date(text, today) == expected


def test_add_months_crosses_years_both_ways() -> None:
    """add_months handles negative counts and year boundaries by calendar months."""
    assert add_months(date(2026, 1, 15), -1) == date(2025, 12, 15)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 21), 14) == date(2028, 1, 21)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sun", date(2026, 11, 22)),
        ("mon", date(2026, 11, 23)),
        ("tue", date(2026, 11, 24)),
        ("wed", date(2026, 11, 25)),
        ("thu", date(2026, 11, 26)),
        ("fri", date(2026, 11, 27)),
        ("sat", date(2026, 11, 28)),
        ("Friday", date(2026, 11, 27)),
        ("saturday", date(2026, 11, 28)),
        ("tues", date(2026, 11, 24)),
        ("thurs", date(2026, 11, 26)),
    ],
)
def test_weekday_is_the_next_one_strictly_after_today(text: str, expected: date) -> None:
    """A weekday name is the next such day after today; today's own weekday is a week away."""
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 16), date(2026, 11, 22)),  # Monday
        (date(2026, 11, 21), date(2026, 11, 22)),  # Saturday
        (date(2026, 11, 22), date(2026, 11, 22)),  # Sunday: today
        (date(2026, 12, 29), date(2027, 1, 3)),  # Tuesday, across the year end
    ],
)
def test_eow_is_the_coming_sunday(today: date, expected: date) -> None:
    """`eow` is the Sunday ending a Monday-based week, which is today on a Sunday."""
    assert parse_date("eow", today) == expected


@pytest.mark.parametrize(
    ("today", "eom", "eoq", "eoy"),
    [
        (date(2026, 11, 21), date(2026, 11, 30), date(2026, 12, 31), date(2026, 12, 31)),
        (date(2026, 1, 1), date(2026, 1, 31), date(2026, 3, 31), date(2026, 12, 31)),
        (date(2028, 2, 10), date(2028, 2, 29), date(2028, 3, 31), date(2028, 12, 31)),
        (date(2026, 2, 10), date(2026, 2, 28), date(2026, 3, 31), date(2026, 12, 31)),
        (date(2026, 4, 1), date(2026, 4, 30), date(2026, 6, 30), date(2026, 12, 31)),
        (date(2026, 9, 30), date(2026, 9, 30), date(2026, 9, 30), date(2026, 12, 31)),
        (date(2026, 10, 1), date(2026, 10, 31), date(2026, 12, 31), date(2026, 12, 31)),
        (date(2026, 12, 31), date(2026, 12, 31), date(2026, 12, 31), date(2026, 12, 31)),
    ],
)
def test_end_of_month_quarter_year(today: date, eom: date, eoq: date, eoy: date) -> None:
    """`eom`, `eoq` and `eoy` are the last day of today's month, quarter and year."""
    assert parse_date("eom", today) == eom
    assert parse_date("eoq", today) == eoq
    assert parse_date("eoy", today) == eoy


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",
        "2025-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "0000-01-01",
        "2026-1-5",
        "26-11-21",
        "2026/11/21",
        "",
        "   ",
        "soon",
        "next friday",
        "fri 15:00",
        "--3d",
        "3",
        "3x",
        "d",
        "+",
        "1.5w",
        "eod",
        "2026-11-21x",
    ],
)
def test_impossible_or_unknown_dates_are_usage_errors(text: str) -> None:
    """Anything not in SPEC's list raises UsageError (exit 2) naming the accepted forms."""
    with pytest.raises(UsageError) as caught:
        parse_date(text, TODAY)
    message = str(caught.value)
    assert repr(text) in message
    assert ACCEPTED_DATES in message
    for form in ("YYYY-MM-DD", "today", "3d", "2w", "eow", "eom", "eoq", "eoy"):
        assert form in message
    assert caught.value.exit_code == ExitCode.USAGE


def test_offsets_past_the_calendar_are_usage_errors() -> None:
    """An offset beyond year 9999 is a UsageError, not an OverflowError."""
    for text in ("99999y", "99999m", "99999w", "9999999d"):
        with pytest.raises(UsageError):
            parse_date(text, date(9000, 1, 1))


@pytest.mark.parametrize(
    ("text", "zone", "wall", "offset_hours"),
    [
        ("2026-12-03 15:00", BERLIN, datetime(2026, 12, 3, 15, 0), 1),
        ("2026-07-01 09:30", BERLIN, datetime(2026, 7, 1, 9, 30), 2),
        ("fri 15:00", BERLIN, datetime(2026, 11, 27, 15, 0), 1),
        ("tomorrow 08:05", BERLIN, datetime(2026, 11, 22, 8, 5), 1),
        ("2026-12-03T15:00", BERLIN, datetime(2026, 12, 3, 15, 0), 1),
        ("fri 9:00", BERLIN, datetime(2026, 11, 27, 9, 0), 1),
        ("  2026-12-03    15:00 ", BERLIN, datetime(2026, 12, 3, 15, 0), 1),
        ("2026-12-03 00:00", NEW_YORK, datetime(2026, 12, 3, 0, 0), -5),
        ("2026-07-04 23:59", NEW_YORK, datetime(2026, 7, 4, 23, 59), -4),
    ],
)
def test_datetime_keeps_the_wall_time_and_zone_offset(
    text: str, zone: ZoneInfo, wall: datetime, offset_hours: int
) -> None:
    """A date plus HH:MM is read as wall time in the zone and carries that day's UTC offset."""
    parsed = parse_datetime(text, TODAY, zone)
    assert parsed.replace(tzinfo=None) == wall
    assert parsed.utcoffset() == timedelta(hours=offset_hours)


def test_datetime_offset_follows_dst_across_the_switch() -> None:
    """Weekday names that land either side of Berlin's spring switch get +01:00 then +02:00."""
    friday = date(2026, 3, 27)  # DST starts on Sunday 2026-03-29
    saturday = parse_datetime("sat 12:00", friday, BERLIN)
    sunday = parse_datetime("sun 12:00", friday, BERLIN)
    assert saturday.isoformat() == "2026-03-28T12:00:00+01:00"
    assert sunday.isoformat() == "2026-03-29T12:00:00+02:00"
    autumn_before = parse_datetime("2026-10-24 12:00", TODAY, BERLIN)
    autumn_after = parse_datetime("2026-10-26 12:00", TODAY, BERLIN)
    assert autumn_before.isoformat() == "2026-10-24T12:00:00+02:00"
    assert autumn_after.isoformat() == "2026-10-26T12:00:00+01:00"


def test_datetime_with_an_explicit_offset_is_kept() -> None:
    """An ISO date-time that already has an offset keeps it, whatever the zone."""
    parsed = parse_datetime("2026-12-03T15:00+05:30", TODAY, BERLIN)
    assert parsed.utcoffset() == timedelta(hours=5, minutes=30)
    assert parsed.hour == 15


def test_datetime_without_zone_is_aware_in_the_system_zone() -> None:
    """With no zone the wall time is kept and the result is still aware (has an offset)."""
    parsed = parse_datetime("fri 15:00", TODAY, None)
    assert parsed.tzinfo is not None
    assert parsed.utcoffset() is not None
    assert (parsed.date(), parsed.hour, parsed.minute) == (date(2026, 11, 27), 15, 0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "fri",
        "2026-12-03",
        "15:00",
        "fri 24:00",
        "fri 25:00",
        "fri 15:60",
        "fri 15",
        "fri 1500",
        "fri 15:0",
        "fri 15:00pm",
        "fri 3pm",
        "2026-12-03 24:00",
        "2026-02-30 10:00",
        "soon 10:00",
        "fri 15:00 extra",
    ],
)
def test_bad_datetimes_are_usage_errors(text: str) -> None:
    """A missing, malformed or impossible time or date raises UsageError."""
    with pytest.raises(UsageError):
        parse_datetime(text, TODAY, BERLIN)


def test_today_from_env_honours_mentee_today() -> None:
    """MENTEE_TODAY (also from the real environment, as the test fixture sets it) is today."""
    assert today_from_env({"MENTEE_TODAY": "2027-01-05"}) == date(2027, 1, 5)
    assert today_from_env({"MENTEE_TODAY": " 2027-01-05\n"}) == date(2027, 1, 5)
    assert today_from_env() == TODAY


def test_today_from_env_without_override_is_the_clock() -> None:
    """Without MENTEE_TODAY (unset or empty) today is the local date."""
    assert today_from_env({}) in (date.today(), date.today() - timedelta(days=1))
    assert today_from_env({"MENTEE_TODAY": ""}) in (
        date.today(),
        date.today() - timedelta(days=1),
    )


@pytest.mark.parametrize("value", ["2026-02-30", "tomorrow", "21/11/2026", "2026-11", "x"])
def test_today_from_env_rejects_a_bad_value(value: str) -> None:
    """A MENTEE_TODAY that is not a real YYYY-MM-DD is a UsageError naming the variable."""
    with pytest.raises(UsageError, match="MENTEE_TODAY"):
        today_from_env({"MENTEE_TODAY": value})


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("14", 14),
        ("10d", 10),
        ("2w", 14),
        ("+2w", 14),
        (" 3W ", 21),
        ("1m", 30),
        ("1y", 365),
        ("10y", 3650),
        ("3660", 3660),
    ],
)
def test_parse_days(text: str, days: int) -> None:
    """A cadence is days, weeks, months (30 days) or years (365 days)."""
    assert parse_days(text) == days


@pytest.mark.parametrize(
    "text", ["", "0", "0w", "-1", "abc", "2x", "1.5", "12345", "w", "3661", "11y", "9999y"]
)
def test_parse_days_rejects_bad_values(text: str) -> None:
    """Zero, negative, fractional, too long (over ten years: the date after the next
    meeting would leave the calendar) or unknown cadences raise UsageError."""
    with pytest.raises(UsageError, match="cadence"):
        parse_days(text)


@settings(max_examples=examples(200))
@given(text=st.text())
def test_parse_date_raises_only_usage_errors(text: str) -> None:
    """For any text, parse_date returns a date or raises UsageError, nothing else."""
    with contextlib.suppress(UsageError):
        assert isinstance(parse_date(text, TODAY), date)


@settings(max_examples=examples(200))
@given(text=st.text(), zone=st.sampled_from([BERLIN, NEW_YORK, None]))
def test_parse_datetime_raises_only_usage_errors(text: str, zone: ZoneInfo | None) -> None:
    """For any text, parse_datetime returns an aware datetime or raises UsageError."""
    with contextlib.suppress(UsageError):
        assert parse_datetime(text, TODAY, zone).tzinfo is not None


@settings(max_examples=examples(200))
@given(today=st.dates(), form=st.sampled_from(FORMS))
def test_parse_date_never_crashes_on_any_today(today: date, form: str) -> None:
    """Every form, on any today from year 1 to 9999, gives a date or a UsageError only."""
    with contextlib.suppress(UsageError):
        assert isinstance(parse_date(form, today), date)
    assert parse_date("today", today) == today
    assert parse_date("eoy", today) == date(today.year, 12, 31)
    assert parse_date("eom", today).month == today.month


@settings(max_examples=examples(200))
@given(today=st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_relative_forms_agree_with_their_definitions(today: date) -> None:
    """On any today: weekdays are 1-7 days ahead, eow is the Sunday 0-6 days ahead, and so on."""
    for name, number in (("mon", 0), ("wed", 2), ("sun", 6)):
        day = parse_date(name, today)
        assert day.weekday() == number
        assert 1 <= (day - today).days <= 7
    eow = parse_date("eow", today)
    assert eow.weekday() == 6
    assert 0 <= (eow - today).days <= 6
    eom = parse_date("eom", today)
    assert (eom.year, eom.month) == (today.year, today.month)
    assert (eom + timedelta(days=1)).day == 1
    eoq = parse_date("eoq", today)
    assert eoq.month in (3, 6, 9, 12)
    assert 0 <= (eoq - today).days < 92
    assert parse_date("10d", today) == today + timedelta(days=10)
    assert parse_date("+2w", today) == today + timedelta(weeks=2)
    in_a_month = parse_date("1m", today)
    assert in_a_month.day == min(today.day, in_a_month.day)
    assert (in_a_month.year * 12 + in_a_month.month) - (today.year * 12 + today.month) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [("-3d", date(2026, 11, 18)), ("-2w", date(2026, 11, 7)), ("-1m", date(2026, 10, 21))],
)
def test_a_leading_minus_counts_back_from_today(text, expected):
    """`-3d`, `-2w`, `-1m` are dates before today (for `--since` and the like)."""
    assert parse_date(text, date(2026, 11, 21)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2w", date(2026, 11, 7)),
        ("3m", date(2026, 8, 21)),
        ("+1w", date(2026, 11, 28)),
        ("-1w", date(2026, 11, 14)),
        ("2026-01-02", date(2026, 1, 2)),
    ],
)
def test_since_dates_count_unsigned_offsets_back(text, expected):
    """For `--since`, an unsigned offset means that long ago; signed ones and dates are kept."""
    from mentee.dates import parse_past_date

    assert parse_past_date(text, date(2026, 11, 21)) == expected
