"""User settings from `config.toml` at the root of the data directory (optional).

cadence = "2w"        # default meeting cadence for new mentors
meeting_minutes = 30  # default length of a meeting
editor = "vim"        # overrides $VISUAL / $EDITOR for mentee
timezone = "Europe/Berlin"  # the mentee's time zone (default: the system's)
name = "Sam"          # how messages to mentors are signed
email = "sam@example.com"  # the From of `agenda next --format email` (default: $EMAIL)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from mentee.dates import parse_days
from mentee.errors import StoreError, UsageError


@dataclass(frozen=True)
class Config:
    """The journal's settings from config.toml: the default cadence and meeting length, the
    editor, the mentee's time zone, and the name and email used to sign messages."""

    cadence_days: int | None = None
    meeting_minutes: int = 30
    editor: str | None = None
    timezone: str | None = None
    name: str | None = None
    email: str | None = None

    def zone(self) -> tzinfo | None:
        """The configured time zone, or None for the system's."""
        if not self.timezone:
            return None
        return load_zone(self.timezone)


def load_zone(name: str) -> tzinfo:
    """An IANA time zone by name; UsageError when there is no such zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UsageError(
            f"unknown time zone {name!r}{_closest_zone(name)}"
            " (expected an IANA name such as Europe/Berlin)"
        ) from None


def _closest_zone(name: str) -> str:
    """`: did you mean Europe/Berlin?` for a misspelt zone name, else ""."""
    from zoneinfo import available_timezones

    from mentee.ids import closeness, closest, did_you_mean

    folded = name.strip().casefold()
    zones = {zone: closeness(folded, zone.casefold()) for zone in available_timezones()}
    return did_you_mean(closest(zones, count=1))


def load_config(root: Path) -> Config:
    """Read `config.toml`; a missing file is the defaults, a damaged one an error."""
    path = root / "config.toml"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except NotADirectoryError:
        return Config()
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from exc
    return parse_config(raw, path)


MAX_MEETING_MINUTES = 24 * 60


def parse_config(raw: bytes, path: Path) -> Config:
    """The settings `config.toml`'s bytes hold; StoreError naming `path` when they do not
    make valid settings. A byte order mark is read past."""
    import tomllib  # here: a journal without config.toml never needs it

    try:
        data = tomllib.loads(raw.decode("utf-8").removeprefix("\ufeff"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise StoreError(f"{path}: invalid TOML: {reason}") from None
    try:
        cadence = data.get("cadence")
        minutes = data.get("meeting_minutes", 30)
        if (
            not isinstance(minutes, int)
            or isinstance(minutes, bool)
            or not 1 <= minutes <= MAX_MEETING_MINUTES
        ):
            raise UsageError(
                f"meeting_minutes must be a whole number of minutes from 1 to {MAX_MEETING_MINUTES}"
            )
        config = Config(
            cadence_days=parse_days(str(cadence)) if cadence is not None else None,
            meeting_minutes=minutes,
            editor=_text(data, "editor"),
            timezone=_text(data, "timezone"),
            name=_text(data, "name"),
            email=_text(data, "email"),
        )
    except UsageError as exc:
        raise StoreError(f"{path}: {exc}") from None
    if config.timezone:
        try:
            load_zone(config.timezone)
        except UsageError as exc:
            raise StoreError(f"{path}: {exc}") from None
    return config


def _text(data: dict[str, object], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise UsageError(f"{key} must be a string")
    return value
