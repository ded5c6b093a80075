"""Dates as users type them: `2026-12-03`, `today`, `3d`, `+2w`, `fri`, `eom`, `fri 15:00`.

Pure functions take `today` (and a time zone) as arguments; the clock is read once, at the
edge, by `today_from_env`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo

from mentee.errors import UsageError

ACCEPTED_DATES = (
    "YYYY-MM-DD, today, tomorrow, yesterday, 3d, 2w, 6m, 1y (ahead; -3d back), "
    "a weekday (mon..sun), eow, eom, eoq or eoy"
)
ACCEPTED_DATETIMES = (
    "a date (YYYY-MM-DD, today, fri, 3d...) and a time HH:MM, "
    "e.g. '2026-12-03 15:00' or 'fri 15:00'"
)

WEEKDAYS = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}

# (?a), re.ASCII: only 0-9 are digits here, not every script's digits. Compiled when first
# used, by `re`'s cache: a command that parses no date never pays for them.
_ISO_DATE = r"(?a)(\d{4})-(\d{2})-(\d{2})"
_OFFSET = r"(?a)([+-]?)(\d{1,5})([dwmy])"
_TIME = r"(?a)(\d{1,2}):(\d{2})"


def add_months(day: date, months: int) -> date:
    """`day` plus calendar months, clamped to the month's end (Jan 31 + 1 = Feb 28/29)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    import calendar

    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


# Meeting times stay a day inside the calendar's range, so that their end, their UTC time
# and their time in any zone are dates too.
EARLIEST_AT = date(1, 1, 2)
LATEST_AT = date(9999, 12, 30)
OUT_OF_RANGE = "dates go from 0001-01-01 to 9999-12-31"


def shift(day: date, days: int | timedelta) -> date:
    """`day` moved by `days`, held within the calendar (0001-01-01 to 9999-12-31): a
    cadence or a forecast past the year 9999 is the last day there is, not a crash."""
    try:
        delta = days if isinstance(days, timedelta) else timedelta(days=days)
        return day + delta
    except OverflowError:
        forward = days > timedelta(0) if isinstance(days, timedelta) else days > 0
        return date.max if forward else date.min


def check_at(at: datetime) -> datetime:
    """`at` when it is a meeting time mentee can work with (see EARLIEST_AT), else
    ValueError saying the range."""
    try:
        day = at.astimezone(UTC).date() if at.tzinfo is not None else at.date()
    except (OverflowError, ValueError):
        day = None
    if day is None or not EARLIEST_AT <= day <= LATEST_AT:
        raise ValueError(
            f"{at.isoformat()} is out of range: meeting times go from {EARLIEST_AT} to "
            f"{LATEST_AT} (UTC)"
        )
    return at


def _end_of_month(day: date) -> date:
    import calendar

    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def parse_date(text: str, today: date) -> date:
    """Parse a date as SPEC's Dates section describes, relative to `today`.

    Raises UsageError naming the accepted forms when `text` is not one of them or names an
    impossible day (`2026-02-30`).
    """
    value = text.strip().lower()
    try:
        result = _parse_date(value, today)
    except OverflowError:
        raise UsageError(f"date {text!r} is out of range: {OUT_OF_RANGE}") from None
    except ValueError:
        result = None
    if result is None:
        raise UsageError(f"invalid date {text!r}: expected {ACCEPTED_DATES}")
    return result


def _parse_date(value: str, today: date) -> date | None:
    if match := re.fullmatch(_ISO_DATE, value):
        return date(int(match[1]), int(match[2]), int(match[3]))
    # Computed only for the word given: near date.min/max the others would overflow.
    simple: dict[str, Callable[[], date]] = {
        "today": lambda: today,
        "tomorrow": lambda: today + timedelta(days=1),
        "yesterday": lambda: today - timedelta(days=1),
        # Weeks start on Monday, so the week ends on the coming Sunday (today on a Sunday).
        "eow": lambda: today + timedelta(days=6 - today.weekday()),
        "eom": lambda: _end_of_month(today),
        "eoq": lambda: _end_of_month(today.replace(month=((today.month - 1) // 3) * 3 + 3, day=1)),
        "eoy": lambda: date(today.year, 12, 31),
    }
    if value in simple:
        return simple[value]()
    if value in WEEKDAYS:
        # The next one after today: on a Friday, "fri" is a week away.
        ahead = (WEEKDAYS[value] - today.weekday() - 1) % 7 + 1
        return today + timedelta(days=ahead)
    if match := re.fullmatch(_OFFSET, value):
        # A leading "-" counts back from today (`--since -2w`).
        count, unit = (-1 if match[1] == "-" else 1) * int(match[2]), match[3]
        if unit == "d":
            return today + timedelta(days=count)
        if unit == "w":
            return today + timedelta(weeks=count)
        if unit == "m":
            return add_months(today, count)
        return add_months(today, 12 * count)
    return None


def parse_past_date(text: str, today: date) -> date:
    """A date for `--since`: like `parse_date`, but an unsigned offset counts back
    (`--since 2w` is two weeks ago; a start in the future would select nothing)."""
    value = text.strip().lower()
    if re.fullmatch(_OFFSET, value) and not value.startswith(("+", "-")):
        value = "-" + value
    return parse_date(value, today)


def parse_datetime(text: str, today: date, zone: tzinfo | None) -> datetime:
    """Parse `DATE HH:MM` (or an ISO 8601 date-time) into an aware datetime.

    The wall time is read in `zone` (None: the system's local time zone) and stored with its
    UTC offset. A date alone is not enough: a meeting needs a time. A wall time the clocks
    skip (a DST gap) is a UsageError; one they show twice (a fold) is the first of the two
    (see `localize`, and `fold_note` for the message to show).
    """
    return parse_datetime_noted(text, today, zone)[0]


def parse_datetime_noted(
    text: str, today: date, zone: tzinfo | None
) -> tuple[datetime, str | None]:
    """`parse_datetime`, and a note to show when the wall time happens twice (a DST fold)."""
    try:
        parsed = check_at(_parse_datetime(text, today, zone))
        return parsed, fold_note(text, parsed, zone)
    except (OverflowError, ValueError) as exc:
        # A time at the very edge of the calendar: its UTC time is not a date any more.
        message = str(exc) if "out of range:" in str(exc) else f"{text!r} is out of range"
        if "meeting times go from" not in message:
            message += f": meeting times go from {EARLIEST_AT} to {LATEST_AT} (UTC)"
        raise UsageError(message) from None


def _parse_datetime(text: str, today: date, zone: tzinfo | None) -> datetime:
    value = " ".join(text.strip().replace("T", " ", 1).split())
    if not value:
        raise UsageError(f"invalid date and time {text!r}: expected {ACCEPTED_DATETIMES}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is not None and parsed.tzinfo is not None:
        return parsed
    if parsed is not None and ":" in value:
        return localize(parsed, zone)
    day_text, _, time_text = value.rpartition(" ")
    match = re.fullmatch(_TIME, time_text)
    if not day_text or match is None:
        raise UsageError(f"invalid date and time {text!r}: expected {ACCEPTED_DATETIMES}")
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise UsageError(f"invalid time {time_text!r} in {text!r}: expected HH:MM (00:00-23:59)")
    day = parse_date(day_text, today)
    return localize(datetime(day.year, day.month, day.day, hour, minute), zone)


def localize(naive: datetime, zone: tzinfo | None) -> datetime:
    """Attach `zone` (or the system's local zone) to a wall-clock time.

    A wall time that does not exist there (the clocks jump over it when daylight saving
    time starts) is a UsageError: shifting it silently would plan a meeting at an hour
    nobody chose. A wall time that happens twice (the clocks go back) is the first one;
    the result carries its UTC offset, so it is stored unambiguously.
    """
    first = _attach(naive.replace(fold=0), zone)
    if _wall(first, zone) != naive.replace(fold=0):
        second = _attach(naive.replace(fold=1), zone)
        if _wall(second, zone) != naive.replace(fold=0):
            where = _zone_name(zone)
            raise UsageError(
                f"{naive:%Y-%m-%d %H:%M} does not exist in {where}: the clocks skip that hour "
                "when daylight saving time starts; choose another time"
            )
        return second
    return first


def zone_offset_kept(old: datetime, new: datetime, zone: tzinfo | None) -> datetime:
    """`new`, a meeting time edited from `old` by hand, with the UTC offset its wall time
    has in `zone` (None: the system's zone), when the edit changed the wall time but kept
    the offset `old` had in that zone.

    A person who changes `at = 2026-10-20T15:00:00+02:00` to `2026-11-03T15:00:00+02:00`
    in Berlin means 15:00 on that day, which is `+01:00` once the clocks went back; kept
    as typed, the meeting would be planned an hour early. So the offset is re-resolved,
    but only when it is the one the zone had at the old time: an offset that was not the
    zone's (a meeting planned in another zone) or that the edit changed is taken as meant.
    A wall time the clocks skip in `zone` is a UsageError, as when it is typed.
    """
    if new.utcoffset() != old.utcoffset():
        return new  # the offset was changed on purpose
    if new.replace(tzinfo=None, fold=0) == old.replace(tzinfo=None, fold=0):
        return new  # the same time
    home = old.astimezone() if zone is None else old.astimezone(zone)
    if home.utcoffset() != old.utcoffset():
        return new  # not an offset of the mentee's zone: a time planned elsewhere
    return localize(new.replace(tzinfo=None, fold=0), zone)


def fold_note(text: str, at: datetime, zone: tzinfo | None) -> str | None:
    """A note when `at` (parsed from `text`) is a wall time the clocks show twice.

    None when the time is unambiguous, or when `text` gave the UTC offset itself.
    """
    naive = at.replace(tzinfo=None, fold=0)
    explicit = bool(re.search(r"(?:[+-]\d{2}:?\d{2}|z)$", text.strip(), re.IGNORECASE))
    if explicit:
        return None
    other = _attach(naive.replace(fold=1), zone)
    if other.utcoffset() == at.utcoffset() or _wall(other, zone) != naive:
        return None
    first = at.isoformat(timespec="minutes")
    second = other.isoformat(timespec="minutes")
    return (
        f"{naive:%Y-%m-%d %H:%M} happens twice in {_zone_name(zone)} (the clocks go back "
        f"that night): using the first, {first}; for the second give '{second}'"
    )


def _attach(naive: datetime, zone: tzinfo | None) -> datetime:
    if zone is None:
        # The system's zone; `fold` picks the first or second of a repeated wall time.
        return naive.astimezone()
    return naive.replace(tzinfo=zone)


def _wall(aware: datetime, zone: tzinfo | None) -> datetime:
    """The wall time `aware` shows in `zone` (or the system's zone)."""
    utc = aware.astimezone(UTC)
    local = utc.astimezone() if zone is None else utc.astimezone(zone)
    return local.replace(tzinfo=None, fold=0)


def _zone_name(zone: tzinfo | None) -> str:
    if zone is None:
        import time

        names = "/".join(dict.fromkeys(n for n in time.tzname if n))
        return f"the local time zone ({names})" if names else "the local time zone"
    return str(getattr(zone, "key", None) or zone)


def local_now() -> datetime:
    """The system clock: the local time now, with its offset. Read at the edge only (the
    command line's `Env.clock`; a store or history made without a clock)."""
    return datetime.now().astimezone()


def today_from_env(environ: dict[str, str] | None = None) -> date:
    """Today's local date, or `MENTEE_TODAY=YYYY-MM-DD` when set (any date of the
    calendar, 0001-01-01 to 9999-12-31)."""
    env = os.environ if environ is None else environ
    override = env.get("MENTEE_TODAY", "").strip()
    if override:
        match = re.fullmatch(_ISO_DATE, override)
        try:
            if match is None:
                raise ValueError(override)
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise UsageError(
                f"invalid MENTEE_TODAY {override!r}: expected a date as YYYY-MM-DD"
            ) from None
    return date.today()


MAX_CADENCE_DAYS = 3660  # ten years: a mentor met less often than that has no cadence


def parse_days(text: str) -> int:
    """A cadence or period in days: `14`, `10d`, `2w`, `1m` (30 days), `1y` (365 days)."""
    value = text.strip().lower().lstrip("+")
    match = re.fullmatch(r"(\d{1,4})([dwmy]?)", value, re.ASCII)
    if match is None or int(match[1]) == 0:
        raise UsageError(
            f"invalid cadence {text!r}: expected a number of days or weeks, e.g. 14, 10d, 2w, 1m"
        )
    factor = {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}[match[2]]
    days = int(match[1]) * factor
    if days > MAX_CADENCE_DAYS:
        raise UsageError(f"cadence {text!r} is too long: at most {MAX_CADENCE_DAYS} days (10y)")
    return days
