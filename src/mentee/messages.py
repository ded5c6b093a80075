"""Messages ready to send to a mentor, in the tone of their preferred channel. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from mentee.kinds import Channel

if TYPE_CHECKING:
    from mentee.models import Goal, Meeting, Mentor


def first_name(mentor: Mentor) -> str:
    """The first word of the mentor's name (the whole name when it has no words)."""
    parts = mentor.name.split()
    return parts[0] if parts else mentor.name


def thanks(mentor: Mentor, text: str, signature: str | None = None) -> str:
    """A short thank-you telling the mentor how their advice helped."""
    name = first_name(mentor)
    body = text.strip()
    if not body.endswith((".", "!", "?")):
        body += "."
    if mentor.channel in (Channel.CHAT, Channel.OTHER):
        return f"Hi {name}! A quick thank-you: {body} Your help made a real difference."
    message = (
        f"Hi {name},\n\nI wanted to say thank you. {body}\n\n"
        f"Your advice made a real difference, and I am grateful for your time.\n\n"
        f"Best,{_sign(signature)}"
    )
    if _by_email(mentor):
        return f"Subject: Thank you\n\n{message}"
    return message


def _sign(signature: str | None) -> str:
    return f"\n{signature}" if signature else ""


def _by_email(mentor: Mentor) -> bool:
    """Whether a message to the mentor goes by email (then it starts with its subject)."""
    return mentor.channel == Channel.EMAIL or (mentor.channel is None and bool(mentor.email))


def _sentence(text: str) -> str:
    """The mentee's own words as a sentence: a capital first, one full stop at the end."""
    return f"{text[0].upper()}{text[1:]}."


def _day(at: datetime) -> str:
    """`Tuesday 17 November`."""
    return f"{at:%A} {at.day} {at:%B}"


def local_time(at: datetime, zone: tzinfo | None = None) -> datetime:
    """`at` on the mentee's clock: in `zone` (`timezone` in config.toml) when one is set,
    else as stored (with the offset of the zone it was planned in, as every view shows it)."""
    return at.astimezone(zone) if zone is not None else at


def meeting_time(
    at: datetime,
    mentor: Mentor | None,
    zone: tzinfo | None = None,
    *,
    long: bool = False,
    to_mentor: bool = False,
) -> str:
    """A meeting time for text meant to be sent, with the mentor's local time and zone when
    it differs from the mentee's (SPEC: Meetings):

        Tue 2026-11-17 12:00 (09:00 for Priya, America/Los_Angeles)

    `zone` is the mentee's configured time zone (None: the time as stored). `long` gives
    the mentee's part as a sentence reads it (`Tuesday 17 November at 12:00`).
    `to_mentor`: the text is addressed
    to the mentor, so their part reads `09:00 your time`. The mentor's weekday is added when
    their day differs. A mentor without a time zone, or with one that is not known, or whose
    clock reads the same, gets the mentee's time alone.
    """
    mine = local_time(at, zone)
    text = f"{_day(mine)} at {mine:%H:%M}" if long else mine.strftime("%a %Y-%m-%d %H:%M")
    theirs = mentor_local(mine, mentor)
    if mentor is None or theirs is None or theirs.replace(tzinfo=None) == mine.replace(tzinfo=None):
        return text
    clock = theirs.strftime("%H:%M" if theirs.date() == mine.date() else "%a %H:%M")
    whose = "your time" if to_mentor else f"for {first_name(mentor)}"
    return f"{text} ({clock} {whose}, {mentor.timezone})"


def mentor_local(at: datetime, mentor: Mentor | None) -> datetime | None:
    """`at` on the mentor's clock; None without a mentor, a time zone, or a known one."""
    if mentor is None or not mentor.timezone:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return at.astimezone(ZoneInfo(mentor.timezone))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def cancel(
    mentor: Mentor,
    meeting: Meeting,
    reason: str | None = None,
    signature: str | None = None,
    zone: tzinfo | None = None,
) -> str:
    """A short, polite cancellation that respects the mentor's time (`zone`: the mentee's)."""
    name = first_name(mentor)
    when = meeting_time(meeting.at, mentor, zone, long=True, to_mentor=True)
    because = reason.strip().rstrip(".") if reason and reason.strip() else None
    if mentor.channel in (Channel.CHAT, Channel.OTHER):
        why = _sentence(because) if because else "I have nothing new that needs your time yet."
        return (
            f"Hi {name}! Could we skip our session on {when}? {why} "
            "I will come back with a proper agenda next time. Thanks for understanding!"
        )
    # The reason is the mentee's own words, as given; without one, say only what is true
    # of any cancelled meeting (nothing here knows how the mentee's work went).
    why = (
        _sentence(because)
        if because
        else "I have nothing new yet that needs your time, so I would rather not take it up."
    )
    message = (
        f"Hi {name},\n\n"
        f"Would you mind if we cancelled our meeting on {when}? {why}\n\n"
        "I will send an agenda ahead of our next one. Thank you for understanding.\n\n"
        f"Best,{_sign(signature)}"
    )
    if _by_email(mentor):
        return (
            f"Subject: Cancelling our meeting on {_day(local_time(meeting.at, zone))}\n\n{message}"
        )
    return message


def moved(
    mentor: Mentor,
    meeting: Meeting,
    before: datetime,
    missed: bool = False,
    signature: str | None = None,
    zone: tzinfo | None = None,
) -> str:
    """A short, polite note that a meeting moves from `before` to its new time (`meeting`
    as moved; `zone`: the mentee's). `missed`: it was over and never held, so the note
    apologises for missing it before offering the new time."""
    name = first_name(mentor)
    old = meeting_time(before, mentor, zone, long=True, to_mentor=True)
    new = meeting_time(meeting.at, mentor, zone, long=True, to_mentor=True)
    if mentor.channel in (Channel.CHAT, Channel.OTHER):
        if missed:
            return (
                f"Hi {name}! I am sorry I missed our session on {old}. Could we meet on "
                f"{new} instead? Let me know if another time suits you better. Thanks!"
            )
        return (
            f"Hi {name}! Could we move our session from {old} to {new}? "
            "Let me know if that does not work for you. Thanks!"
        )
    if missed:
        opening = f"I am sorry I missed our meeting on {old}. Could we meet on {new} instead?"
    else:
        opening = f"Would it be all right to move our meeting from {old} to {new}?"
    message = (
        f"Hi {name},\n\n"
        f"{opening}\n\n"
        "If that time does not suit you, let me know and I will find another. "
        "Thank you for your flexibility.\n\n"
        f"Best,{_sign(signature)}"
    )
    if _by_email(mentor):
        return (
            f"Subject: New time for our meeting: {_day(local_time(meeting.at, zone))}\n\n{message}"
        )
    return message


def ask(
    mentor: Mentor,
    goals: Sequence[Goal],
    cadence_days: int | None,
    signature: str | None = None,
    proposed: Meeting | None = None,
    zone: tzinfo | None = None,
) -> str:
    """The request for a first call: why this mentor, the goals, a suggested cadence.

    `proposed`: a meeting already planned with them, offered as the time of that call.
    """
    name = first_name(mentor)
    lines = [f"Hi {name},", ""]
    if mentor.met:
        lines.append(f"We met through {mentor.met.strip().rstrip('.')}.")
    if mentor.why:
        experience = _lower_first(mentor.why.strip().rstrip("."))
        lines.append(
            f"I am reaching out because of your experience ({experience}), "
            "and I would value your perspective."
        )
    else:
        lines.append("I am reaching out because I would value your perspective.")
    if goals:
        lines += ["", "Here is what I am working towards:"]
        for goal in goals:
            by = f" (by {goal.target.isoformat()})" if goal.target else ""
            lines.append(f"- {goal.title}{by}")
    # The mentor's own cadence wins over the default from config.toml.
    every = _cadence_words(mentor.cadence_days or cadence_days or 28)
    minutes = (proposed.duration if proposed else None) or 30
    when = (
        f", for instance on {meeting_time(proposed.at, mentor, zone, long=True, to_mentor=True)},"
        if proposed is not None
        else ""
    )
    lines += [
        "",
        (
            f"Would you be open to a {minutes}-minute call{when} to see if mentoring could "
            f"work? If it does, I suggest we meet {every}, with an agenda from me ahead of "
            "each meeting so your time is well spent."
        ),
        "",
        f"Best,{_sign(signature)}",
    ]
    body = "\n".join(lines)
    if _by_email(mentor):
        return f"Subject: Would you mentor me?\n\n{body}"
    return body


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _cadence_words(days: int) -> str:
    if days % 7 == 0:
        weeks = days // 7
        return "every week" if weeks == 1 else f"every {weeks} weeks"
    if days in (30, 31):
        return "once a month"
    return f"every {days} days"
